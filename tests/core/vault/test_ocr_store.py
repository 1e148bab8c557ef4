"""OCR in a case: results stored and logged, corrections kept beside the OCR, search in both scripts."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from evidencekit.core.vault.case import Case
from evidencekit.core.verify import verify_case
from tests.conftest import SAMPLES, make_png

pytestmark = pytest.mark.tesseract


@pytest.fixture
def read_case(case: Case, tmp_path: Path) -> tuple[Case, int, int]:
    hans = SAMPLES / "ios-light-hans-reminder.png"
    hant = SAMPLES / "android-dark-hant-overdue.png"
    ids = [o.item_id for o in case.import_paths([hans, hant, SAMPLES / "call-2026-11-20.m4a"])]
    results = {r.item_id: r for r in case.ocr()}
    assert set(results) == set(ids[:2]), "only the screenshots are read"
    assert all(r.messages > 0 and not r.error for r in results.values())
    return case, ids[0], ids[1]


def test_results_stored_logged_and_cached(read_case: tuple[Case, int, int]) -> None:
    case, hans, hant = read_case
    res = case.ocr_result(hans)
    assert res is not None and res.script == "zh-Hans" and res.messages
    assert case.ocr_result(hant).script == "zh-Hant"
    runs = [e for e in case.log_entries() if e.action == "ocr_run"]
    assert {e.item_id for e in runs} == {hans, hant}
    assert runs[0].details["engine"] == "rapidocr" and runs[0].details["version"]
    assert case.ocr_state(hans) == "done"
    # A second run reads nothing: everything is done.
    assert list(case.ocr()) == []
    assert any((case.path / "derived" / "ocr-cache").iterdir())
    assert verify_case(case.path).ok


def test_correction_kept_beside_ocr_and_logged(read_case: tuple[Case, int, int]) -> None:
    case, hans, _ = read_case
    original = case.ocr_result(hans).messages[0].text
    case.correct_message(hans, 0, "更正后的文字：请于11月25日前还款")
    assert case.ocr_result(hans, corrected=True).messages[0].text == "更正后的文字：请于11月25日前还款"
    assert case.ocr_result(hans).messages[0].text == original  # the OCR output is kept
    [entry] = [e for e in case.log_entries(hans) if e.action == "text_corrected"]
    assert entry.details["ocr_text"] == original and entry.details["new"].startswith("更正后")
    assert [h.item_id for h in case.search("更正后的文字")] == [hans]
    with pytest.raises(Exception):
        case.correct_message(hans, 99, "x")


def test_search_across_scripts(read_case: tuple[Case, int, int]) -> None:
    case, hans, hant = read_case
    hant_text = "".join(m.text for m in case.ocr_result(hant).messages)
    assert "逾期" in hant_text
    # The Traditional screenshot is found with a Simplified query and vice versa.
    assert hant in {h.item_id for h in case.search("逾期")}
    hans_text = "".join(m.text for m in case.ocr_result(hans).messages)
    assert "还款" in hans_text
    assert hans in {h.item_id for h in case.search("還款")}
    case.update_item(hant, proves="证明对方在深夜发送逾期通知")
    assert hant in {h.item_id for h in case.search("深夜發送")}


def test_unreadable_image_is_reported_not_fatal(case: Case, tmp_path: Path) -> None:
    blank = make_png(tmp_path / "blank.png", (300, 600))
    good = tmp_path / "good.png"
    shutil.copy(SAMPLES / "ios-light-hans-reminder.png", good)
    ids = [o.item_id for o in case.import_paths([blank, good])]
    out = {r.item_id: r for r in case.ocr()}
    assert out[ids[1]].messages > 0
    assert out[ids[0]].messages == 0  # a blank screenshot has no messages; still a result
    assert verify_case(case.path).ok


def test_notice_for_someone_else_is_flagged_against_the_claimant(case: Case) -> None:
    # The case's claimant is 张三; the notice is addressed to 李建国.
    [o] = list(case.import_paths([SAMPLES / "android-light-hans-missent.png"]))
    list(case.ocr([o.item_id]))
    first = case.ocr_result(o.item_id).messages[0]
    assert "李建国" in first.text
    assert "possibly_misdirected" in {lb.name for lb in first.labels}
