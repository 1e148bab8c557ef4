"""A screenshot's message and the export's copy of it are linked on the date the chronology gives
the message (the phone's file name, not the copy's file time), a bare stamp under a separator
takes the separator's day, and a screenshot nothing dates is linked by number, text and time of
day alone."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from evidencekit.core.analysis.chronology import events
from evidencekit.core.analysis.corroboration import message_links
from evidencekit.core.analysis.timebasis import first_time, message_times, separator_day
from evidencekit.core.media.model import ItemMedia, Record
from evidencekit.core.models import (
    EngineInfo, Item, Message, OcrResult, ReferenceSource, TimeBasis, TimeRule,
)

T = dt.datetime
COPIED = "2026-12-01T20:14:00"  # the file time: when the screenshots were copied to the computer


def item(id: int, name: str, kind: str = "image", **kw: Any) -> Item:
    base: dict[str, Any] = dict(id=id, sha256=f"{id:064d}", sm3="b" * 64, size=1, kind=kind, mime="image/png",
                                original_name=name, original_path="/p", file_mtime="2026-12-01T12:14:00Z",
                                exif_time=None, imported_at="2026-12-04T02:32:09Z", import_offset="+08:00",
                                host="h", user="u")
    base.update(kw)
    return Item(**base)


@dataclass
class Ex:
    number: str
    item: Item
    ocr: OcrResult | None = None
    media: ItemMedia | None = None


def read(label: str, sent_at: str, rule: TimeRule) -> tuple[str, str, TimeBasis]:
    """A stamp as OCR read it: resolved against the file time (the copy's), as the reading does."""
    return label, sent_at, TimeBasis(rule, COPIED, ReferenceSource.FILE_MTIME)


def shot(number: str, id: int, name: str, sender: str,
         msgs: list[tuple[str, tuple[str, str, TimeBasis], str]]) -> Ex:
    ms = tuple(Message(text, time_label=label, sent_at=sent, side=side, time_basis=basis)
               for text, (label, sent, basis), side in msgs)
    return Ex(number, item(id, name), OcrResult(f"{id:064d}", EngineInfo("e", "1", "ch"), "zh-Hans", "", sender, ms))


def export(number: str, id: int, rows: list[tuple[str, str, str, str]]) -> Ex:
    records = tuple(Record(i, "sms", num, time, direction, "received" if direction == "in" else "sent", text)
                    for i, (num, time, direction, text) in enumerate(rows))
    return Ex(number, item(id, "sms-20261123103000.xml", kind="export", mime="text/xml"),
              media=ItemMedia("export", records=records))


STOP = "我是王芳。请你们立即停止给我打电话发短信，也不要再联系我的家人和单位。"
DEMAND = "【鼎诚资产】收到。请你今天内还清欠款4,632.80元，否则后果自负。"
THREAT = "你不还钱，明天我们就打电话给你公司人事和你老公，把你的事情告诉他们。"
PAID = "【易享贷】王芳您好，您已成功还款2,316.40元（第3期），剩余待还2,316.40元。"
OVERDUE = "【易享贷】王芳您好，您剩余待还2,316.40元已逾期，请尽快登录APP还款。退订回T"
OTHER = "【易享贷】刘志强先生，您在我司的借款已逾期30天，欠款6,870.00元。"
INSULT = "王芳你个老赖，不要脸的东西，躲得了初一躲不了十五。"
COURT = "我是徐汇区人民法院执行局工作人员，你的借款纠纷已立案，3日内不联系本人将依法拘留。"
REPLY = "你们是谁？我要报警。"


def the_export() -> Ex:
    return export("5", 5, [
        ("17189042267", "2026-11-12T14:20:08", "in", INSULT),
        ("17189042267", "2026-11-12T14:22:45", "in", COURT),
        ("17189042267", "2026-11-12T14:30:02", "out", REPLY),
        ("106908881234", "2026-11-14T15:42:10", "in", PAID),
        ("17055501234", "2026-11-16T10:05:44", "out", STOP),
        ("17055501234", "2026-11-16T10:40:03", "in", DEMAND),
        ("17055501234", "2026-11-17T23:15:36", "in", THREAT),
        ("106908881234", "2026-11-18T08:30:00", "in", OVERDUE),
        ("106908881234", "2026-11-19T10:02:51", "in", OTHER),
    ])


def ios_named() -> Ex:
    """An iPhone screenshot dated by its file name, read against the copy's file time."""
    return shot("7", 7, "截屏2026-11-18 23.02.33.png", "17055501234", [
        (STOP, read("星期一 上午10:05", "2026-11-30T10:05:00", TimeRule.WEEKDAY), "out"),
        (DEMAND, read("星期一 上午10:40", "2026-11-30T10:40:00", TimeRule.WEEKDAY), "in"),
        (THREAT, read("昨天 下午11:15", "2026-11-30T23:15:00", TimeRule.RELATIVE_DAY), "in"),
    ])


def android_separators() -> Ex:
    """Android: "11月14日", "昨天", "今天" centred above the bubbles, a bare clock time under each."""
    return shot("3", 3, "Screenshot_20261119-103512.png", "106908881234", [
        (PAID, read("15:42", "2026-11-14T15:42:00", TimeRule.NO_YEAR), "in"),
        (OVERDUE, read("08:30", "2026-11-30T08:30:00", TimeRule.RELATIVE_DAY), "in"),
        (OTHER, read("10:02", "2026-12-01T10:02:00", TimeRule.RELATIVE_DAY), "in"),
    ])


def undated() -> Ex:
    """No EXIF time, no date in the name: "昨天 下午2:20" over three messages, the last one sent at 14:30."""
    return shot("2", 2, "IMG_4471.PNG", "17189042267", [
        (INSULT, read("昨天 下午2:20", "2026-11-30T14:20:00", TimeRule.RELATIVE_DAY), "in"),
        (COURT, read("昨天 下午2:20", "2026-11-30T14:20:00", TimeRule.RELATIVE_DAY), "in"),
        (REPLY, read("昨天 下午2:20", "2026-11-30T14:20:00", TimeRule.RELATIVE_DAY), "out"),
    ])


def test_a_screenshot_dated_by_its_file_name_is_linked_on_that_date() -> None:
    links = message_links([the_export(), ios_named()])
    assert [(ln.message_index, ln.row, ln.dated) for ln in links] == [(0, 4, True), (1, 5, True), (2, 6, True)]


def test_a_bare_stamp_takes_the_day_of_the_separator_above_it() -> None:
    ex = android_separators()
    times = message_times(ex)
    assert [mt.time for mt in times] == [T(2026, 11, 14, 15, 42), T(2026, 11, 18, 8, 30), T(2026, 11, 19, 10, 2)]
    assert [mt.label for mt in times] == ["11月14日 15:42", "昨天 08:30", "今天 10:02"]
    assert ex.ocr is not None and [separator_day(m) for m in ex.ocr.messages] == ["11月14日", "昨天", "今天"]
    # the list of items, from the stored stamps with how OCR resolved them, says the same
    stamps = [(m.time_label, m.sent_at, m.time_basis) for m in ex.ocr.messages]
    first = first_time(ex.item, stamps)
    assert first is not None and first.time == T(2026, 11, 14, 15, 42)
    links = message_links([the_export(), ex])
    assert [(ln.message_index, ln.row) for ln in links] == [(0, 3), (1, 7), (2, 8)]


def test_a_bare_stamp_without_a_separator_stays_on_the_screenshots_day() -> None:
    ex = shot("3", 3, "Screenshot_20261119-103512.png", "106908881234", [
        (OTHER, read("10:02", "2026-12-01T10:02:00", TimeRule.CLOCK_ONLY), "in")])
    assert [mt.time for mt in message_times(ex)] == [T(2026, 11, 19, 10, 2)]


def test_an_undated_screenshot_is_linked_by_number_text_and_time_of_day() -> None:
    links = message_links([the_export(), undated()])
    # the reply was sent at 14:30, under the 14:20 the phone wrote over the group
    assert [(ln.message_index, ln.row, ln.dated) for ln in links] == [(0, 0, False), (1, 1, False), (2, 2, False)]


def test_an_undated_message_two_records_fit_equally_is_not_linked() -> None:
    ex = the_export()
    assert ex.media is not None
    again = Record(9, "sms", "17189042267", "2026-11-13T14:20:30", "in", "received", INSULT)
    ex.media = ItemMedia("export", records=(*ex.media.records, again))
    links = message_links([ex, undated()])
    assert [ln.message_index for ln in links] == [1, 2]  # the insult may be of 11-12 or of 11-13


def test_a_screenshot_cropped_to_its_messages_is_linked_by_its_text_alone() -> None:
    # no sender line and no date: each message's text fits one record, all of one number
    cropped = shot("2", 2, "IMG_4471.PNG", "", [
        (INSULT, read("下午2:20", "2026-11-30T14:20:00", TimeRule.CLOCK_ONLY), "in"),
        (COURT, read("下午2:22", "2026-11-30T14:22:00", TimeRule.CLOCK_ONLY), "in")])
    links = message_links([the_export(), cropped])
    assert [(ln.message_index, ln.row, ln.dated) for ln in links] == [(0, 0, False), (1, 1, False)]
    # text only somewhat alike is not enough without the number
    near = shot("2", 2, "IMG_4471.PNG", "", [(INSULT[:-6] + "你等着瞧吧。", read("下午2:20", "2026-11-30T14:20:00",
                                                                            TimeRule.CLOCK_ONLY), "in")])
    assert message_links([the_export(), near]) == []
    # two numbers' records fit as well: the text alone does not say which thread it is
    ex = the_export()
    assert ex.media is not None
    twin = Record(9, "sms", "17000000000", "2026-11-12T14:20:40", "in", "received", INSULT)
    ex.media = ItemMedia("export", records=(*ex.media.records, twin))
    assert [ln.message_index for ln in message_links([ex, cropped])] == [1]


def test_a_screenshot_headed_by_a_saved_contacts_name_is_linked_by_its_text() -> None:
    # "催收公司" is the name the person saved the number under: no number to match, the text says which
    named = shot("2", 2, "IMG_4471.PNG", "催收公司", [
        (INSULT, read("下午2:20", "2026-11-30T14:20:00", TimeRule.CLOCK_ONLY), "in"),
        (COURT, read("下午2:22", "2026-11-30T14:22:00", TimeRule.CLOCK_ONLY), "in")])
    links = message_links([the_export(), named])
    assert [(ln.message_index, ln.row) for ln in links] == [(0, 0), (1, 1)]


def test_each_message_is_one_event_in_the_chronology() -> None:
    evs = events([the_export(), ios_named(), android_separators(), undated()], limit=None)
    assert len(evs) == 9
    assert [e.row for e in evs] == list(range(9))
    by_row = {e.row: e.also for e in evs}
    assert by_row[0] == ("2",) and by_row[6] == ("7",) and by_row[7] == ("3",)


def test_a_message_under_the_stamp_above_it_is_linked_and_says_its_minute_is_the_records() -> None:
    # one "下午2:20" over the insult (14:20), the court notice (14:22) and the reply (14:30)
    grouped = shot("2", 2, "截屏2026-11-12 15.00.00.png", "17189042267", [
        (INSULT, read("下午2:20", "2026-11-30T14:20:00", TimeRule.CLOCK_ONLY), "in"),
        (COURT, read("下午2:20", "2026-11-30T14:20:00", TimeRule.CLOCK_ONLY), "in"),
        (REPLY, read("下午2:20", "2026-11-30T14:20:00", TimeRule.CLOCK_ONLY), "out")])
    links = message_links([the_export(), grouped])
    assert [(ln.message_index, ln.row, ln.dated, ln.own_stamp) for ln in links] == [
        (0, 0, True, True), (1, 1, True, False), (2, 2, True, False)]
    from evidencekit.core.export.media_pages import corroborated
    from evidencekit.core.export.strings import strings

    said = [corroborated(strings("zh-Hant"), ln, "簡訊備份") for ln in links]
    assert said[0] == "經證據5（簡訊備份）第 1 筆印證：號碼、時間與內容一致。"
    assert said[2] == "經證據5（簡訊備份）第 3 筆印證：號碼與內容一致；截圖上此則與上一則共用一個時間標記，以該筆紀錄的時間為準。"
