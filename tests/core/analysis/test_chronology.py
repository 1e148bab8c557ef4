"""The chronology counts what the claimant received, once each, day by day."""

from __future__ import annotations

from pathlib import Path

from evidencekit.core.analysis import chronology
from evidencekit.core.export.model import ExhibitInput
from evidencekit.core.models import EngineInfo, Item, Message, OcrResult

ENGINE = EngineInfo("tesseract", "5.3.0", "chi_sim")


def exhibit(number: str, *messages: Message, item_id: int = 1) -> ExhibitInput:
    it = Item(id=item_id, sha256="a" * 64, sm3="b" * 64, size=1, kind="image", mime="image/png",
              original_name=f"{number}.png", original_path=f"/p/{number}.png", file_mtime="2026-11-28T06:00:00Z",
              exif_time=None, imported_at="2026-11-28T06:10:00Z", import_offset="+08:00", host="h", user="u")
    ocr = OcrResult(sha256="a" * 64, engine=ENGINE, script="zh-Hans", text="", sender="95188", messages=messages)
    return ExhibitInput(number, it, Path(f"/p/{number}.png"), ocr)


def test_a_message_two_screenshots_show_is_one_event_naming_both() -> None:
    a = Message("请今日还款。", sent_at="2026-11-26T23:10:00", side="in")
    b = Message("否则通知你的家人。", sent_at="2026-11-27T09:00:00", side="in")
    evs = chronology.events([exhibit("1", a, b), exhibit("2", b, item_id=2), exhibit("3", a, item_id=3)])
    assert [(e.text, e.exhibit, e.also) for e in evs] == [("请今日还款。", "1", ("3",)), ("否则通知你的家人。", "1", ("2",))]
    # counted once: one night-time contact on the 26th, one day-time on the 27th
    assert chronology.per_day(evs) == [(evs[0].when.date(), 0, 1), (evs[1].when.date(), 1, 0)]


def test_the_same_words_at_another_time_are_another_contact() -> None:
    a = Message("请今日还款。", sent_at="2026-11-26T10:00:00", side="in")
    a2 = Message("请今日还款。", sent_at="2026-11-27T10:00:00", side="in")
    evs = chronology.events([exhibit("1", a), exhibit("2", a2, item_id=2)])
    assert len(evs) == 2 and all(e.also == () for e in evs)


def test_an_item_without_messages_is_listed_under_the_title_given() -> None:
    ex = exhibit("5", item_id=5)
    ex = ExhibitInput(ex.number, ex.item, ex.original, None)  # a recording: no OCR
    [e] = chronology.events([ex], title=lambda x: f"通话录音 {x.number}")
    assert e.text == "通话录音 5" and e.file_time
    [e] = chronology.events([ex])
    assert e.text == "5.png"


def test_the_vaults_exhibit_is_an_input_too() -> None:
    """The chronology takes the vault's Exhibit as well as the bundle's input: same events."""
    from evidencekit.core.models import Exhibit

    a = Message("请今日还款。", sent_at="2026-11-26T23:10:00", side="in")
    out = Message("我已经还了。", sent_at="2026-11-26T23:12:00", side="out")
    ex = exhibit("1", a, out)
    bundle = chronology.events([ex])
    app = chronology.events([Exhibit(ex.number, ex.item, ex.ocr)])
    assert app == bundle
    assert [(e.night_contact, e.counts, e.item_id) for e in app] == [(True, True, 1), (False, False, 1)]


def test_texts_are_merged_whole_then_cut() -> None:
    head = "您的借款已逾期" * 20
    a = Message(head + "，请今日还款。", sent_at="2026-11-26T10:00:00", side="in")
    b = Message(head + "，否则通知家人。", sent_at="2026-11-26T10:00:00", side="in")
    evs = chronology.events([exhibit("1", a), exhibit("2", b, item_id=2)])
    assert len(evs) == 2 and all(len(e.text) == 80 and e.text.endswith("…") for e in evs)
    [whole, _] = chronology.events([exhibit("1", a), exhibit("2", b, item_id=2)], limit=None)
    assert whole.text == " ".join(a.text.split())


def test_night_hours_are_defined_once() -> None:
    assert chronology.is_night_iso("2026-11-26T22:00:00") and chronology.is_night_iso("2026-11-26 07:59")
    assert not chronology.is_night_iso("2026-11-26T08:00") and not chronology.is_night_iso("not a time")
    assert not chronology.is_night_iso(None)


def test_a_time_only_a_full_stamp_bounds_is_listed_not_counted_and_said_so() -> None:
    """The reviewer's exhibit 8 without the person's date: "今天 09:30" under "2026/11/20 下午3:05"
    was on 11-20 or any later day; it is listed at the earliest, flagged, and not counted."""
    from dataclasses import replace

    from evidencekit.core.analysis.case_contacts import exhibit_contacts

    msgs = (Message("【360借条】恭喜您获得借款额度", time_label="2026/11/20 下午3:05", side="in"),
            Message("【360借条】审核通过！已放款", time_label="今天 09:30", side="in"))
    ex = exhibit("8", *msgs)
    evs = chronology.events([ex])
    assert [(e.when.isoformat(sep=" ", timespec="minutes"), e.counts) for e in evs] == [
        ("2026-11-20 15:05", True), ("2026-11-21 09:30", False)]
    assert chronology.per_day(evs) == [(evs[0].when.date(), 1, 0)]
    assert [e.time_note("zh-Hans", short=True) for e in evs] == ["", "不早于此"]
    assert evs[1].time_note("en", short=True, paren=True) == " (no earlier than this)"
    # the contacts the figures and the findings count: the bounded one is not dated
    assert [c.timed for c in exhibit_contacts([ex])] == [True, False]
    # with the person's date for the screenshot it is a dated contact of that day
    stated = ExhibitInput(ex.number, replace(ex.item, event_time="2026-11-27T10:00"), ex.original, ex.ocr)
    assert [(c.time.isoformat(sep=" ", timespec="minutes") if c.time else None, c.timed)
            for c in exhibit_contacts([stated])] == [("2026-11-20 15:05", True), ("2026-11-27 09:30", True)]
    # an item dated only by its file time is said to be one
    bare = ExhibitInput("9", replace(ex.item, id=9), ex.original, None)
    [ev] = chronology.events([bare])
    assert ev.file_time and ev.time_note("zh-Hans", short=True) == "文件时间"


def test_the_cover_figures_leave_a_bounded_time_out() -> None:
    from dataclasses import replace

    from evidencekit.core.analysis.casework import analyse
    from evidencekit.core.models import CaseMeta

    msgs = (Message("【360借条】恭喜您获得借款额度", time_label="2026/11/20 下午3:05", side="in"),
            Message("【360借条】审核通过！已放款", time_label="今天 09:30", side="in"))
    ex = exhibit("8", *msgs)
    f = analyse([ex], CaseMeta("t", "王小红")).figures
    assert (len(f.received), len(f.untimed)) == (1, 1)
    stated = ExhibitInput(ex.number, replace(ex.item, event_time="2026-11-27T10:00"), ex.original, ex.ocr)
    f = analyse([stated], CaseMeta("t", "王小红")).figures
    assert (len(f.received), len(f.untimed)) == (2, 0)


def test_night_contacts_are_counted_by_night() -> None:
    # review 3, item 11: 00:12 and 07:31 belong to the night that began the evening before
    times = ("2026-11-21T23:18:00", "2026-11-22T06:52:00", "2026-11-24T22:41:00", "2026-11-24T23:05:00",
             "2026-11-25T07:31:00", "2026-11-26T00:12:00", "2026-11-26T12:00:00")
    evs = chronology.events([exhibit("1", *(Message(f"还钱{i}", sent_at=t, side="in") for i, t in enumerate(times)))])
    assert sum(e.night_contact for e in evs) == 6
    assert [d.isoformat() for d in chronology.nights(evs)] == ["2026-11-21", "2026-11-24", "2026-11-25"]
    day = evs[0].when.date()
    assert chronology.night_name(day, "zh-Hans") == "2026-11-21夜间至11-22凌晨"
    assert chronology.night_name(day, "zh-Hant") == "2026-11-21夜間至11-22凌晨"
    assert chronology.night_name(day, "en") == "night of 21–22 Nov 2026"
    last = day.replace(month=12, day=31)
    assert chronology.night_name(last, "zh-Hans") == "2026-12-31夜间至2027-01-01凌晨"
    assert chronology.night_name(last, "en") == "night of 31 Dec 2026 – 1 Jan 2027"
    assert chronology.night_name(day.replace(day=30), "en") == "night of 30 Nov – 1 Dec 2026"


def test_a_screenshot_with_no_date_basis_shows_the_screen_and_comes_last() -> None:
    """Review 3, item 4: no EXIF, no dated file name, no date of the person's: the file's copy
    time dates nothing. Its messages show the screen's stamp "（日期不详）", after the dated ones,
    in exhibit order, never counted; the findings give no date for them either."""
    from dataclasses import replace

    from evidencekit.core.analysis.case_contacts import exhibit_contacts
    from evidencekit.core.analysis.findings import CaseFacts, find_findings, load_ruleset
    from evidencekit.core.export.findingwords import evidence_time
    from evidencekit.core.export.strings import strings

    # copied at 06:00 UTC on 11-28 (14:00 local): "星期三 下午3:05" would be made 11-25 15:05
    threat = exhibit("1", Message("张先生，欠款今天必须还清。", time_label="星期三 下午3:05", side="in"),
                     Message("再不处理我们将联系你的家人。", time_label="今天 08:47", side="in"))
    night = exhibit("2", Message("还钱。", time_label="今天 23:30", side="in"), item_id=2)  # another undated
    dated = exhibit("3", Message("【安逸花】请还款。", sent_at="2026-11-30T23:10:00", side="in"), item_id=3)
    evs = chronology.events([threat, night, dated])
    assert [(e.exhibit, e.undated, e.counts, e.night_contact) for e in evs] == [
        ("3", False, True, True), ("1", True, False, False), ("1", True, False, False), ("2", True, False, False)]
    assert [e.shown_time("zh-Hans", short=True) for e in evs] == [
        "2026-11-30 23:10", "星期三 下午3:05（日期不详）", "今天 08:47（日期不详）", "今天 23:30（日期不详）"]
    assert evs[1].shown_time("zh-Hant") == "星期三 下午3:05（日期不詳）"
    assert evs[1].shown_time("en") == "星期三 下午3:05 (date unknown)"
    assert chronology.per_day(evs) == [(evs[0].when.date(), 0, 1)] and chronology.nights(evs) == [evs[0].when.date()]
    assert chronology.undated_screenshots([threat, night, dated]) == [1, 2]
    # an item with no reading, dated by nothing: "日期不详"
    [bare] = chronology.events([ExhibitInput("9", replace(threat.item, id=9), threat.original, None)])
    assert bare.undated and bare.shown_time("zh-Hans") == "日期不详"
    # with the person's date it is dated, counted, in time order
    stated = ExhibitInput("1", replace(threat.item, event_time="2026-11-27T09:00"), threat.original, threat.ocr)
    assert [(e.when.isoformat(sep=" ", timespec="minutes"), e.undated) for e in chronology.events([stated, dated])] == [
        ("2026-11-25 15:05", False), ("2026-11-27 08:47", False), ("2026-11-30 23:10", False)]
    assert chronology.undated_screenshots([stated]) == []
    # the findings: no date given, the screen's stamp shown
    found = find_findings(exhibit_contacts([threat]), CaseFacts(claimant_name="王小红"), load_ruleset("cn-cba-2026"))
    [e] = [f.evidence[0] for f in found if f.rule_id == "third-party-disclosure"]
    assert (e.time, e.time_certainty) == ("", "unknown")
    assert evidence_time(strings("zh-Hans"), e) == "今天 08:47（日期不详）"
    assert evidence_time(strings("en"), e) == "今天 08:47 (date unknown)"
