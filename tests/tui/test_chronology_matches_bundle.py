"""The app and the bundle show the same chronology for the same case: the same events at the same
times, under the same exhibit numbers and senders, with the same counts.

The case is built to hit what once made the two differ: a message two overlapping screenshots show,
the claimant's own replies, an item dated only by its file time, a time recorded in UTC that the
import offset moves to the phone's local time while the app runs in another zone, and a group.
"""

from __future__ import annotations

import asyncio
import os
import re
import subprocess
import time
from pathlib import Path

import pytest

from evidencekit.core.analysis import chronology
from evidencekit.core.export.bundle import export_case
from evidencekit.core.export.model import ExportOptions, gather
from evidencekit.core.models import CaseMeta, EngineInfo, Message, OcrResult, Respondent
from evidencekit.core.vault.case import Case
from evidencekit.tui.screens.chronology import ChronologyScreen, sender_of
from tests.conftest import make_clock, make_png

from .conftest import FIXED_MTIME, SIZE, make_wav, settle

ENGINE = EngineInfo("fake", "1.0", "chi_sim")
ASK = Message("请今日还款，否则影响征信。", sent_at="2026-11-26T23:10:00", side="in")
WARN = Message("再不还款将联系你的家人。", sent_at="2026-11-27T09:00:00", side="in")
REPLY = Message("我已经在还了，请不要再打扰我的家人。", sent_at="2026-11-27T09:05:00", side="out")
NIGHT = Message("最后通知：今晚必须还清。", sent_at="2026-11-27T22:40:00", side="in")


def reading(sha256: str, *messages: Message) -> OcrResult:
    return OcrResult(sha256, ENGINE, "zh-Hans", "\n".join(m.text for m in messages), "95188", messages)


@pytest.fixture
def chrono_case(tmp_path: Path) -> Path:
    src = tmp_path / "src"
    shots = [make_png(src / f"shot{i}.png", color=(40 * i, 10, 10)) for i in range(1, 5)]
    call = make_wav(src / "call.wav")
    for p in [*shots, call]:
        os.utime(p, (FIXED_MTIME, FIXED_MTIME))
    path = tmp_path / "case"
    with Case.create(path, CaseMeta("催收", "张三", "13800138000", (Respondent("某某消费金融", ("95188",)),)),
                     clock=make_clock()) as case:
        ids = [o.item_id for o in case.import_paths([*shots, call])]
        assert all(ids)
        one, two, three, four, rec = (int(i) for i in ids if i is not None)
        case.store_ocr(one, reading(case.item(one).sha256, ASK, WARN, REPLY), cache_key="t")
        # the next screenshot overlaps the first: WARN is one message shown twice
        case.store_ocr(two, reading(case.item(two).sha256, WARN, NIGHT), cache_key="t")
        case.update_item(one, group_name="催收短信")
        case.update_item(two, group_name="催收短信")
        # recorded in UTC: 2026-11-26 14:30 at the import's +08:00 is 22:30, a night-time contact
        case.update_item(rec, event_time="2026-11-26T14:30:00Z")
        case.update_item(three, title="无日期的截图")  # dated by its file time only: listed, not counted
        case.withdraw(four, "重复")
    return path


async def test_the_app_shows_the_bundles_chronology(app_factory, chrono_case: Path, tmp_path: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    with Case.open(chrono_case, readonly=True) as case:
        bundle_events = chronology.events(gather(case).exhibits, limit=None)

    monkeypatch.setenv("TZ", "UTC")  # the app runs in another zone than the phone's
    time.tzset()
    app = app_factory(chrono_case, language="zh-Hans")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        await pilot.press("t")
        await settle(pilot, app)
        screen = app.screen
        assert isinstance(screen, ChronologyScreen)
        app_events = screen.events
        shown = [tuple(str(c) for c in screen.cells(e)) for e in app_events]
        summary = str(screen.query_one("#days").render())

    def key(e: chronology.Event) -> tuple[object, ...]:
        return (e.when, e.exhibit, e.also, e.sender, e.outgoing, e.file_time, e.night_contact)

    assert [key(e) for e in app_events] == [key(e) for e in bundle_events]
    # message texts are the messages' own; items without messages are titled by each reader
    assert [e.text for e in app_events if e.item_id in (1, 2)] == [e.text for e in bundle_events if e.item_id in (1, 2)]
    assert chronology.per_day(app_events) == chronology.per_day(bundle_events)

    # what this case holds, as both show it
    by_text = {e.text: e for e in app_events}
    assert by_text[WARN.text].exhibit == "1-1" and by_text[WARN.text].also == ("1-2",)  # one message, two shots
    assert by_text[REPLY.text].outgoing
    assert [row[3] for row, e in zip(shown, app_events) if e.outgoing] == ["本人（发出）"] == \
        [sender_of(e) for e in app_events if e.outgoing]
    call = next(e for e in app_events if e.item_id == 5)
    # at night, but a recording of a call not known to have come in is no contact received
    assert call.when.strftime("%Y-%m-%d %H:%M") == "2026-11-26 22:30" and call.night and not call.counts
    assert next(e for e in app_events if e.item_id == 3).file_time
    assert all(e.item_id != 4 for e in app_events)  # withdrawn: in neither

    # the counts: 3 contacts received (ASK, WARN once, NIGHT), 2 of them at night; the app and
    # the bundle alike
    days = chronology.per_day(bundle_events)
    counted, night = sum(d + n for _, d, n in days), sum(n for _, _, n in days)
    assert (counted, night) == (3, 2)
    assert "共 3 条消息，其中夜间 2 条" in summary  # no call among them

    # and the bundle itself says so on its chronology page
    def export() -> Path:
        with Case.open(chrono_case) as case:
            return export_case(case, tmp_path / "b.pdf", ExportOptions(language="zh-Hans")).pdf_path

    pdf = await asyncio.to_thread(export)  # pyHanko runs its own event loop
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True).stdout
    flat = re.sub(r"\s+", "", text)
    nights = len(chronology.nights(bundle_events))
    assert f"共{counted}次联系，分布在" in flat and f"其中夜间（22:00–08:00）{night}次，涉及{nights}个夜晚" in flat
    assert "本人（发出）" in flat
    assert "2026-11-2622:30" in flat  # the call, at the phone's time
    # worded as the bundle words it, in the app's language
    assert call.text.startswith("通话录音") and call.text in flat


def test_the_screen_marks_night_by_the_case_s_rule_set(tmp_path: Path) -> None:
    # a Hong Kong case: its quiet hours end at 07:00, so 07:30 is day-time on the screen as in the
    # bundle (the guideline's 08:00 would call it night)
    from evidencekit.core.analysis.case_settings import CaseSettings, save_settings
    from evidencekit.tui.screens.chronology import collect

    early = Message("Reply now or we will tell your family.", sent_at="2026-11-24T07:30:00", side="in")
    late = Message("Final notice.", sent_at="2026-11-24T22:30:00", side="in")
    shot = make_png(tmp_path / "src" / "a.png")
    with Case.create(tmp_path / "case", CaseMeta("t", "陳嘉欣", "61234567", (Respondent("Swift", ("54321098",)),)),
                     clock=make_clock()) as case:
        [out] = list(case.import_paths([shot]))
        assert out.item_id is not None
        case.store_ocr(out.item_id, reading(case.item(out.item_id).sha256, early, late), cache_key="t")
        save_settings(case, CaseSettings(jurisdiction="HK"))
        events, window = collect(case, "en")
    assert window.text() == "22:00–07:00"
    assert [e.night_contact for e in events] == [False, True]
