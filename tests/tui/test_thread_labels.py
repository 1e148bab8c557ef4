"""The app labels a screenshot's messages as the bundle does: read as one thread, the person's
corrections applied. The case list, the preview and the bundle name the same labels."""

from __future__ import annotations

from pathlib import Path

import pytest

from evidencekit.core.analysis.figures import message_label_names
from evidencekit.core.analysis.labels import display_labels
from evidencekit.core.export.model import gather as gather_bundle
from evidencekit.core.export.summary import analysis_of
from evidencekit.core.models import CaseMeta, EngineInfo, Message, OcrResult
from evidencekit.core.vault.case import Case
from evidencekit.tui.widgets.preview import gather
from tests.conftest import make_clock, make_png

ENGINE = EngineInfo("fake", "1.0", "chi_sim")
# no claimant known: only the person's reply says the notice is somebody else's
NOTICE = Message("张伟，您的借款已逾期3天，请今日内还款。", sent_at="2026-11-20T10:00:00", side="in")
REPLY = Message("我不是张伟，你们发错了", sent_at="2026-11-20T10:05:00", side="out")


@pytest.fixture
def thread_case(tmp_path: Path) -> tuple[Path, int]:
    shot = make_png(tmp_path / "src" / "shot.png")
    path = tmp_path / "case"
    with Case.create(path, CaseMeta("催收", ""), clock=make_clock()) as case:
        (out,) = case.import_paths([shot])
        assert out.item_id is not None
        case.store_ocr(out.item_id, OcrResult(case.item(out.item_id).sha256, ENGINE, "zh-Hans", "", "95188",
                                              (NOTICE, REPLY)), cache_key="t")
    return path, out.item_id


def bundle_labels(case: Case) -> list[tuple[str, ...]]:
    a = analysis_of(gather_bundle(case))
    return [display_labels(message_label_names(r)) if (r := a.reading_at("1", i)) is not None else ()
            for i in range(2)]


def test_the_preview_labels_a_thread_as_the_bundle(thread_case: tuple[Path, int]) -> None:
    path, item_id = thread_case
    with Case.open(path, readonly=True) as case:
        shown = gather(case, case.item(item_id)).labels
        assert shown[0] == ("possibly_misdirected", "overdue_collection")
        assert [shown[0], shown[1]] == bundle_labels(case)
