"""The case screen's preview and item list read a message's time the one way the chronology does
(:mod:`evidencekit.core.analysis.timebasis`): a time made from a file's copy time is never shown
as a date (review 3, item 4) but as the screen's label, "date unknown"; a time worked out from
EXIF or the phone's file name stays a date, that basis's, whatever OCR resolved it against."""

from __future__ import annotations

import re
from typing import Any

from evidencekit.core.analysis.timebasis import first_time, reading_times
from evidencekit.core.models import EngineInfo, Message, OcrResult, OcrState, ReferenceSource, TimeBasis, TimeRule
from evidencekit.tui.screens.case_rows import Row, row_cells
from evidencekit.tui.widgets.preview import messages_markup
from tests.core.analysis.test_timebasis import item


_item = item  # a screenshot with no EXIF and no date in its name, unless given


def _ocr() -> OcrResult:
    # OCR resolved the weekday against the file's copy time, as it does without EXIF
    basis = TimeBasis(TimeRule.WEEKDAY, "2026-12-02T15:05:00", ReferenceSource.FILE_MTIME)
    return OcrResult(sha256="0" * 64, engine=EngineInfo("t", "1", ("chi_sim",)), script="zh-Hans", text="", sender="17123456789",
                     messages=(Message("今天必须还款", sent_at="2026-12-02T15:05:00", time_label="星期三 下午3:05",
                                       side="in", time_basis=basis),))


def test_a_copy_time_is_no_date_in_the_preview() -> None:
    ocr = _ocr()
    shown = messages_markup(ocr, {}, "image", times=reading_times(_item(), ocr))
    assert re.search(r"1\. 星期三 下午3:05 \((date unknown|日期不详|日期不詳)\) · ", shown) and "2026-12-02" not in shown
    dated = messages_markup(ocr, {}, "image", times=reading_times(_item(exif_time="2026-12-04T16:00:00"), ocr))
    assert "2026-12-02 15:05" in dated


def test_the_phones_file_name_dates_the_preview_though_ocr_used_the_copy_time() -> None:
    ocr = _ocr()
    # taken on Friday 2026-11-27 (its name), copied on 12-02: "星期三" is the 25th, not 12-02
    named = _item(original_name="Screenshot_20261127-223015.png")
    shown = messages_markup(ocr, {}, "image", times=reading_times(named, ocr))
    assert "2026-11-25 15:05" in shown and "2026-12-02" not in shown and "date unknown" not in shown


def test_the_item_list_says_date_unknown_for_an_undated_screenshot() -> None:
    stamps = tuple((m.time_label, m.sent_at) for m in _ocr().messages)
    undated = first_time(_item(), stamps)
    assert undated is not None and undated.dateless and not undated.counted
    named = first_time(_item(original_name="Screenshot_20261127-223015.png"), stamps)
    assert named is not None and not named.dateless and named.counted and named.time is not None
    assert named.time.isoformat().startswith("2026-11-25T15:05")
    row = Row(_item(), "1", "2026-12-02 15:05", "17123456789", (), OcrState.DONE, False, (), undated=True)
    cell = str(row_cells(row)["time"])
    assert cell in ("date unknown", "日期不详", "日期不詳") and "12-02" not in cell
    assert str(row_cells(Row(_item(), "1", "2026-11-25T15:05:00", "", (), OcrState.DONE, True))["time"]) == "11-25 15:05"


def test_the_list_and_preview_take_the_persons_corrected_time(tmp_path: Any) -> None:
    from evidencekit.core.models import CaseMeta
    from evidencekit.core.vault.case import Case
    from evidencekit.tui.widgets.preview import gather
    from tests.conftest import make_clock, make_png

    shot = make_png(tmp_path / "src" / "IMG_0042.png")
    with Case.create(tmp_path / "case", CaseMeta("催收", ""), clock=make_clock()) as case:
        (out,) = case.import_paths([shot])
        assert out.item_id is not None
        case.store_ocr(out.item_id, replace_sha(_ocr(), case.item(out.item_id).sha256), cache_key="t")
        undated = first_time(case.item(out.item_id), case.ocr_summaries()[out.item_id].stamps)
        assert undated is not None and undated.dateless
        case.correct_message(out.item_id, 0, sent_at="2026-11-25T15:05")
        fixed = first_time(case.item(out.item_id), case.ocr_summaries()[out.item_id].stamps)
        assert fixed is not None and fixed.counted and fixed.time is not None
        assert fixed.time.isoformat().startswith("2026-11-25T15:05")
        times = gather(case, case.item(out.item_id)).times
        assert [t.time.isoformat()[:16] if t.time else None for t in times] == ["2026-11-25T15:05"]


def replace_sha(ocr: OcrResult, sha: str) -> OcrResult:
    from dataclasses import replace

    return replace(ocr, sha256=sha)


def test_the_list_dates_an_export_by_its_records_not_its_copy_time(tmp_path: Any) -> None:
    import datetime as dt
    from types import SimpleNamespace

    from evidencekit.core.models import CaseMeta
    from evidencekit.core.vault.case import Case
    from evidencekit.tui.screens.case import CaseScreen
    from tests.conftest import make_clock
    from tests.core.media.test_exports import T0, backup, sms

    drop = tmp_path / "drop"
    drop.mkdir()
    backup(drop / "sms.xml", sms("13812345678", T0, 1, "您已逾期"),
           sms("13812345678", T0 + dt.timedelta(days=2), 1, "还钱"))
    with Case.create(tmp_path / "case", CaseMeta("催收", ""), clock=make_clock()) as case:
        (out,) = case.import_paths([drop / "sms.xml"])
        assert out.item_id is not None
        item = case.item(out.item_id)
        # the file was written now; its records begin on 2026-11-20 22:41 (China time)
        shown = CaseScreen._formed(SimpleNamespace(case=case), item)  # type: ignore[arg-type]
        assert shown is not None and shown.startswith("2026-11-20T22:41")
