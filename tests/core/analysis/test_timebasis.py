"""Message times from the best basis available, the basis named, and a file time never trusted."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import pytest

from evidencekit.core.analysis.timebasis import (
    BASIS_NAMES, BasisKind, basis_kind, file_name_time, localize_basis, message_times, screenshot_basis, stamp_kind,
    time_note,
)
from evidencekit.core.models import EngineInfo, Item, Message, OcrResult

T = dt.datetime


@pytest.mark.parametrize(("name", "want"), [
    ("Screenshot_20261127-223015.png", (T(2026, 11, 27, 22, 30, 15), False)),
    ("Screenshot_2026-11-27-22-30-15-123_com.android.mms.jpg", (T(2026, 11, 27, 22, 30, 15), False)),
    ("Screen Shot 2026-11-27 at 10.30.15 PM.png", (T(2026, 11, 27, 22, 30, 15), False)),
    ("截屏2026-11-27 22.30.15.png", (T(2026, 11, 27, 22, 30, 15), False)),
    ("微信图片_20261127223015.jpg", (T(2026, 11, 27, 22, 30, 15), False)),
    ("Screenshot_20261127.png", (T(2026, 11, 27, 12, 0), True)),  # the day only
    ("call-2026-11-20.m4a", None),  # a date the person may have typed: no screenshot's moment
    ("IMG_0042.png", None),
    ("Screenshot_20261332-250000.png", None),  # no such day
])
def test_the_phones_file_name(name: str, want: tuple[T, bool] | None) -> None:
    assert file_name_time(name) == want


@pytest.mark.parametrize(("label", "kind"), [
    ("今天 08:47", "relative"), ("昨天 下午3:05", "relative"), ("星期三 下午3:05", "relative"), ("Yesterday 9:02 PM", "relative"),
    ("08:02", "relative"), ("11月20日 09:12", "full"), ("2026/11/20 下午3:05", "full"), ("短信", ""),
])
def test_stamp_kinds(label: str, kind: str) -> None:
    assert stamp_kind(label) == kind


def item(**kw: Any) -> Item:
    base: dict[str, Any] = dict(id=1, sha256="a" * 64, sm3="b" * 64, size=1, kind="image", mime="image/png",
                                original_name="IMG_0042.png", original_path="/p", file_mtime="2026-11-28T06:00:00Z",
                                exif_time=None, imported_at="2026-11-28T06:10:00Z", import_offset="+08:00", host="h",
                                user="u")
    base.update(kw)
    return Item(**base)


@dataclass
class Shot:
    item: Item
    ocr: OcrResult | None


def shot(labels: list[str], **kw: Any) -> Shot:
    msgs = tuple(Message(f"m{i}", time_label=lab, side="in") for i, lab in enumerate(labels))
    return Shot(item(**kw), OcrResult("a" * 64, EngineInfo("f", "1", "x"), "zh-Hans", "", "95188", msgs))


def test_the_order_of_bases() -> None:
    labels = ["11月25日 09:00", "今天 10:00"]
    exif = shot(labels, exif_time="2026-11-27T12:00:00", original_name="Screenshot_20261126-120000.png",
                event_time="2026-11-27T10:00:00+08:00")
    assert screenshot_basis(exif.item, exif.ocr.messages).kind is BasisKind.EXIF  # type: ignore[union-attr]
    named = shot(labels, original_name="Screenshot_20261126-120000.png", event_time="2026-11-27T10:00:00+08:00")
    # the person's date ranks above a full stamp on the screen (which only says "on or after")
    stated_over_stamp = shot(labels, event_time="2026-11-27T10:00:00+08:00")
    # a date the screen contradicts (a message of the 25th on a screenshot of the 20th) is not taken
    contradicted = shot(labels, event_time="2026-11-20T10:00:00+08:00")
    stamp = shot(labels)
    stated = shot(["今天 10:00"], event_time="2026-11-26T10:00:00+08:00")
    filetime = shot(["今天 10:00"])
    got = []
    for s in (exif, named, stated_over_stamp, contradicted, stamp, stated, filetime):
        mt = message_times(s)[1 if len(s.ocr.messages) > 1 else 0]  # type: ignore[union-attr]
        got.append((mt.time, mt.certainty.value, mt.basis.kind.value if mt.basis else None))
    assert got == [
        (T(2026, 11, 27, 10, 0), "resolved", "exif"),
        (T(2026, 11, 26, 10, 0), "resolved", "file_name"),
        (T(2026, 11, 27, 10, 0), "resolved", "statement"),  # the person's own date
        # the latest full stamp: the earliest time it allows, listed, not counted
        (T(2026, 11, 25, 10, 0), "unknown", "stamp"),
        (T(2026, 11, 25, 10, 0), "unknown", "stamp"),
        (T(2026, 11, 26, 10, 0), "resolved", "statement"),
        (T(2026, 11, 28, 10, 0), "unknown", "file_time"),  # 06:00Z is 14:00 at +08:00: listed, not counted
    ]
    assert not message_times(filetime)[0].counted
    assert not message_times(stamp)[1].counted and message_times(stamp)[0].counted  # the full stamp is exact


def test_a_full_stamp_is_only_a_lower_bound() -> None:
    # the reviewer's exhibit 8: a full stamp, then "星期三" and "今天" (taken on 11-27, a Friday)
    labels = ["2026/11/20 下午3:05", "星期三 10:41", "今天 09:30"]
    alone = [(mt.time, mt.certainty.value, mt.counted) for mt in message_times(shot(labels))]
    # never before the stamp above them (11-18 10:41 and 11-20 09:30 were before it), nor before the
    # bubble above them ("今天" under a Wednesday of the 25th at the soonest is the 26th at the soonest:
    # 11-21 09:30 put the payout before the application), never counted
    assert alone == [(T(2026, 11, 20, 15, 5), "exact", True), (T(2026, 11, 25, 10, 41), "unknown", False),
                     (T(2026, 11, 26, 9, 30), "unknown", False)]
    stated = [(mt.time, mt.certainty.value) for mt in message_times(shot(labels, event_time="2026-11-27T10:00"))]
    assert stated == [(T(2026, 11, 20, 15, 5), "exact"), (T(2026, 11, 25, 10, 41), "resolved"),
                      (T(2026, 11, 27, 9, 30), "resolved")]
    # exhibit 1: the person's reply "昨天" under a notice of 11-20 is of 11-26, not 11-19 (before the notice)
    reply = message_times(shot(["11月20日 09:12", "11月20日 09:12", "昨天 下午3:05"], event_time="2026-11-27T10:00"))
    assert (reply[2].time, reply[2].certainty.value) == (T(2026, 11, 26, 15, 5), "resolved")
    # exhibit 9: "昨天 上午11:02" under 2026/11/18 下午2:14, no date given: not before the stamp
    older = message_times(shot(["2026/11/18 下午2:14", "昨天 上午11:02"]))
    assert (older[1].time, older[1].certainty.value) == (T(2026, 11, 19, 11, 2), "unknown")
    # a day-only statement on the day of the latest full stamp is not contradicted
    same_day = message_times(shot(["11月25日 09:00", "今天 10:30"], event_time="2026-11-25"))
    assert (same_day[1].time, same_day[1].certainty.value) == (T(2026, 11, 25, 10, 30), "resolved")
    assert same_day[1].basis is not None and same_day[1].basis.kind is BasisKind.STATEMENT


@pytest.mark.parametrize(("labels", "want"), [
    # the review's exhibit 8: the payout "今天" is not before the application "星期三" above it
    (["2026/11/20 下午3:05", "星期三 10:41", "今天 09:30"],
     [T(2026, 11, 20, 15, 5), T(2026, 11, 25, 10, 41), T(2026, 11, 26, 9, 30)]),
    # "昨天" and a bare clock time (today) under a Wednesday: on the Thursday at the soonest
    (["2026/11/20 下午3:05", "星期三 10:41", "昨天 08:00", "07:15"],
     [T(2026, 11, 20, 15, 5), T(2026, 11, 25, 10, 41), T(2026, 11, 26, 8, 0), T(2026, 11, 27, 7, 15)]),
    # a later clock time the same day needs no later day
    (["2026/11/20 下午3:05", "星期三 10:41", "星期三 11:00"],
     [T(2026, 11, 20, 15, 5), T(2026, 11, 25, 10, 41), T(2026, 11, 25, 11, 0)]),
    # the same stamp twice (one notice in two bubbles): the same bound
    (["11月18日 14:14", "昨天 11:02", "昨天 11:02"], [T(2026, 11, 18, 14, 14), T(2026, 11, 19, 11, 2), T(2026, 11, 19, 11, 2)]),
])
def test_lower_bounds_keep_the_screens_order(labels: list[str], want: list[T]) -> None:
    got = message_times(shot(labels))
    assert [mt.time for mt in got] == want
    bounds = [mt.time for mt in got if mt.basis is not None]
    assert bounds == sorted(bounds)  # a bubble lower on the screen is never earlier than one above
    assert all(not mt.counted for mt in got if mt.basis is not None)  # still lower bounds only


def test_a_reliable_basis_is_not_moved_by_the_order() -> None:
    """Only lower bounds are raised: a time the phone's EXIF dates is what it says, order or not."""
    got = message_times(shot(["星期三 10:41", "今天 09:30", "昨天 08:00"], exif_time="2026-11-27T12:00:00"))
    assert [(mt.time, mt.certainty.value) for mt in got] == [
        (T(2026, 11, 25, 10, 41), "resolved"), (T(2026, 11, 27, 9, 30), "resolved"), (T(2026, 11, 26, 8, 0), "resolved")]


def test_a_time_note_in_the_readers_language() -> None:
    stated = message_times(shot(["今天 09:30"], event_time="2026-11-27T10:00"))[0]
    bound = message_times(shot(["2026/11/20 下午3:05", "今天 09:30"]))[1]
    filetime = message_times(shot(["今天 08:47"]))[0]
    notes = {lang: [time_note(mt.certainty, mt.describe(), lang) for mt in (stated, bound, filetime)]
             for lang in ("zh-Hans", "zh-Hant", "en")}
    assert notes["zh-Hans"] == [
        "按本人陈述的日期 2026-11-27 10:00 推算“今天 09:30”",
        "时间不详，不早于此：截图日期不详，按同一截图上最近的完整日期 2026-11-20 15:05 推算“今天 09:30”",
        "时间不详：仅按文件修改时间（不可靠） 2026-11-28 14:00 推算“今天 08:47”"]
    assert notes["zh-Hant"] == [
        "按本人陳述的日期 2026-11-27 10:00 推算「今天 09:30」",
        "時間不詳，不早於此：截圖日期不詳，按同一截圖上最近的完整日期 2026-11-20 15:05 推算「今天 09:30」",
        "時間不詳：僅按檔案修改時間（不可靠） 2026-11-28 14:00 推算「今天 08:47」"]
    assert notes["en"] == [
        "“今天 09:30” worked out from the person's statement 2026-11-27 10:00",
        "unknown, no earlier than this: the screenshot's date is unknown; “今天 09:30” read against latest full "
        "stamp on the screenshot 2026-11-20 15:05",
        "unknown: “今天 08:47” read against file modification time (unreliable) 2026-11-28 14:00 only"]
    for lang in ("zh-Hans", "zh-Hant"):  # no English left in a Chinese note
        assert not any(c.isascii() and c.isalpha() for n in notes[lang] for c in n)
    # an exact time needs no note; an item's basis by its kind; brackets ready to follow a time
    assert time_note("exact", "call log", "zh-Hans") == ""
    assert time_note("unknown", "file_time", "zh-Hant") == "時間不詳：檔案修改時間（不可靠）"
    assert time_note("resolved", "statement", "zh-Hans", paren=True) == "（按本人陈述的日期）"
    assert time_note("unknown", "", "en", paren=True) == " (unknown)"


def test_full_stamps_are_exact_and_a_bare_time_takes_the_day_above() -> None:
    s = shot(["11月20日 09:12", "09:30", "今天 08:00", "08:05"], exif_time="2026-11-27T10:00:00")
    got = [(mt.time, mt.certainty.value) for mt in message_times(s)]
    assert got == [(T(2026, 11, 20, 9, 12), "exact"), (T(2026, 11, 20, 9, 30), "exact"),
                   (T(2026, 11, 27, 8, 0), "resolved"), (T(2026, 11, 27, 8, 5), "resolved")]
    # a message with a time but no stamp (an older reading, an export) keeps it; one with neither has none
    s2 = Shot(item(), OcrResult("a" * 64, EngineInfo("f", "1", "x"), "zh-Hans", "", "x", (
        Message("a", sent_at="2026-11-26T23:10:00", side="in"), Message("b", side="in"))))
    assert [(mt.time, mt.certainty.value) for mt in message_times(s2)] == [
        (T(2026, 11, 26, 23, 10), "exact"), (None, "unknown")]


def test_bases_are_named_in_the_readers_language() -> None:
    s = shot(["今天 10:00"], exif_time="2026-11-27T12:00:00")
    mt = message_times(s)[0]
    assert mt.describe() == "EXIF 2026-11-27 12:00 + '今天 10:00'"
    assert localize_basis(mt.describe(), "zh-Hans") == "截图EXIF时间 2026-11-27 12:00 + '今天 10:00'"
    assert localize_basis(mt.describe(), "zh-Hant") == "截圖EXIF時間 2026-11-27 12:00 + '今天 10:00'"


def test_a_time_the_person_corrected_is_taken_as_they_wrote_it(tmp_path: Any) -> None:
    from evidencekit.core.models import CaseMeta
    from evidencekit.core.vault.case import Case
    from tests.conftest import make_clock, make_png

    png = make_png(tmp_path / "IMG_0001.png")
    with Case.create(tmp_path / "case", CaseMeta("t", "李明"), clock=make_clock()) as case:
        [o] = list(case.import_paths([png]))
        assert o.item_id is not None
        msgs = (Message("a", time_label="今天 10:00", side="in"), Message("b", time_label="今天 10:05", side="in"))
        case.store_ocr(o.item_id, OcrResult(case.item(o.item_id).sha256, EngineInfo("f", "1", "x"), "zh-Hans", "",
                                            "95188", msgs), cache_key="k")
        case.correct_message(o.item_id, 1, sent_at="2026-11-20T22:15")
        [ex] = case.exhibits_with_text()
    got = [(mt.time, mt.certainty.value) for mt in message_times(ex)]
    # the first still rests on the file time only; the second is the person's own time
    assert got[0][1] == "unknown" and got[1] == (T(2026, 11, 20, 22, 15), "exact")


@pytest.mark.parametrize(("text", "kind"), [
    ("the person's statement 2026-11-27 10:00 + '今天'", BasisKind.STATEMENT), ("statement", BasisKind.STATEMENT),
    ("file_time", BasisKind.FILE_TIME), ("latest full stamp on the screenshot 2026-11-20 15:05", BasisKind.STAMP),
    ("EXIF 2026-11-27 12:00", BasisKind.EXIF), ("call log", None), ("", None),
])
def test_the_kind_a_basis_description_names(text: str, kind: BasisKind | None) -> None:
    assert basis_kind(text) is kind
    if kind is not None:  # a kind's bare value is named in the reader's language too
        assert localize_basis(kind.value, "zh-Hans") == BASIS_NAMES[kind]["zh-Hans"]


def test_a_bare_time_earlier_than_the_stamp_above_is_not_on_its_day() -> None:
    """Review9 #4: "07:15" under "昨天 23:20" (a screenshot the phone's file name dates 11-13
    07:40) is 11-13 07:15, the bare clock time the phone writes for today, not 11-12 07:15;
    a later clock time under the same stamp still takes its day."""
    s = shot(["昨天 23:20", "07:15", "07:30"], original_name="Screenshot_2026-11-13-07-40-12-345_com.android.mms.png")
    assert [mt.time for mt in message_times(s)] == [T(2026, 11, 12, 23, 20), T(2026, 11, 13, 7, 15), T(2026, 11, 13, 7, 30)]
    s = shot(["昨天 22:10", "23:20"], original_name="Screenshot_2026-11-13-07-40-12-345_com.android.mms.png")
    assert [mt.time for mt in message_times(s)] == [T(2026, 11, 12, 22, 10), T(2026, 11, 12, 23, 20)]
    # a full date above, the clock going back: a later day, not that date
    got = message_times(shot(["11月12日 23:20", "07:15"], exif_time="2026-11-13T07:40:00"))
    assert [mt.time for mt in got] == [T(2026, 11, 12, 23, 20), T(2026, 11, 13, 7, 15)]
