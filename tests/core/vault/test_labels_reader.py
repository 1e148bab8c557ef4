"""A case's stored screenshot labels are the installed reader's: labels an older reader stored
are read again at the next writable open, once; a read-only open changes nothing."""

from __future__ import annotations

from pathlib import Path

import pytest

from evidencekit.core.analysis.reader_version import reader_version
from evidencekit.core.models import CaseMeta, EngineInfo, Message, OcrResult
from evidencekit.core.vault.case import Case
from evidencekit.core.vault.texts import READER_KEY
from evidencekit.core.verify import verify_case
from tests.conftest import make_clock, make_png

ENGINE = EngineInfo("fake", "1.0", "chi_sim")
NOTICE = Message("周晓燕，您的借款已逾期3天，今天不还明天上门找你。", sent_at="2026-11-20T10:00:00", side="in")


@pytest.fixture
def case_path(tmp_path: Path) -> tuple[Path, int]:
    shot = make_png(tmp_path / "src" / "shot.png")
    path = tmp_path / "case"
    with Case.create(path, CaseMeta("催收", "周晓燕"), clock=make_clock()) as case:
        (out,) = case.import_paths([shot])
        assert out.item_id is not None
        case.store_ocr(out.item_id, OcrResult(case.item(out.item_id).sha256, ENGINE, "zh-Hans", "", "95188",
                                              (NOTICE,)), cache_key="t")
    return path, out.item_id


def stored(case: Case, item_id: int) -> tuple[str, ...]:
    return tuple(case.ocr_summaries([item_id])[item_id].labels)


def as_if_an_older_reader(path: Path, item_id: int) -> None:
    with Case.open(path) as case:
        with case.index.atomic():
            case._v.tables.ocr.set_labels(item_id, ["marketing"])
            case._v.tables.settings.put(READER_KEY, "an older reader")


def test_a_new_case_remembers_the_reader(case_path: tuple[Path, int]) -> None:
    path, item_id = case_path
    with Case.open(path, readonly=True) as case:
        assert case.setting(READER_KEY) == reader_version()
        assert "threat_home_visit" in stored(case, item_id)


def test_an_older_readers_labels_are_read_again_at_a_writable_open(case_path: tuple[Path, int]) -> None:
    path, item_id = case_path
    as_if_an_older_reader(path, item_id)
    with Case.open(path, readonly=True) as case:
        assert stored(case, item_id) == ("marketing",)  # a read-only open writes nothing
    with Case.open(path) as case:
        assert "threat_home_visit" in stored(case, item_id) and "marketing" not in stored(case, item_id)
        assert case.setting(READER_KEY) == reader_version()
        entries = len(case.log_entries())
    with Case.open(path) as case:
        assert len(case.log_entries()) == entries  # derived data: nothing logged, nothing read twice
    assert verify_case(path).ok


def test_labels_of_this_reader_are_left_as_stored(case_path: tuple[Path, int]) -> None:
    path, item_id = case_path
    with Case.open(path) as case:
        with case.index.atomic():
            case._v.tables.ocr.set_labels(item_id, ["marketing"])  # as if corrected by hand elsewhere
    with Case.open(path) as case:
        assert stored(case, item_id) == ("marketing",)


def test_a_failing_reread_leaves_the_labels_and_opens_the_case(case_path: tuple[Path, int], monkeypatch) -> None:
    path, item_id = case_path
    as_if_an_older_reader(path, item_id)

    def broken(v: object) -> int:
        raise RuntimeError("the classifier failed")

    monkeypatch.setattr("evidencekit.core.vault.texts.relabel_all", broken)
    with Case.open(path) as case:
        assert stored(case, item_id) == ("marketing",)
        assert case.setting(READER_KEY) == "an older reader"  # tried again at the next open
