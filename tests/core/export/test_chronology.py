"""The chronology counts what the claimant received, once each, day by day."""

from __future__ import annotations

from pathlib import Path

from evidencekit.core.export import chronology
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
