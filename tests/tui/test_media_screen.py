"""The media screen: an export's messages with the screenshots that show them, a recording's
transcript typed, saved (logged) and a machine draft confirmed, a video's keyframes, an email, and
the preview's corroboration lines. Driven with Pilot at 80x24."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from textual.widgets import DataTable, Static

from evidencekit.core.media.model import Segment
from evidencekit.core.models import CaseMeta, EngineInfo, Message, OcrResult, Respondent
from evidencekit.core.vault.case import Case
from evidencekit.tui.screens.media import MediaScreen, parse_transcript, transcript_text
from evidencekit.tui.widgets.fields import Area
from tests.conftest import make_clock
from tests.core.media.conftest import needs_ffmpeg, screen_recording, tone
from tests.core.media.test_exports import T0, backup, sms
from tests.core.media.test_mixed_case import _email, _pdf

from .conftest import SIZE, settle

pytestmark = needs_ffmpeg
N = "13812345678"


@pytest.fixture
def media_case(tmp_path: Path) -> Path:
    d = tmp_path / "drop"
    d.mkdir()
    backup(d / "sms.xml", sms(N, T0, 1, "您已逾期，今晚再不还款就通知您的家人"),
           sms(N, T0 + dt.timedelta(minutes=2), 2, "我会处理"), sms("10086", T0, 1, "流量提醒"))
    tone(d / f"{N}_20261120224500.m4a", 3.0, ["-c:a", "aac"])
    screen_recording(d / "Screenrecorder-2026-11-20-22-41-03.mp4")
    _email(d / "notice.eml", _pdf(tmp_path / "letter.pdf", "Collection letter").read_bytes())
    from PIL import Image

    Image.new("RGB", (360, 640), "white").save(d / "shot.png")
    path = tmp_path / "case"
    with Case.create(path, CaseMeta("混合", "张三", respondents=(Respondent("某某金融", (N,)),)), clock=make_clock()) as case:
        out = {Path(o.path).name: o.item_id for o in case.import_paths(sorted(d.iterdir()))}
        shot = out["shot.png"]
        assert shot is not None
        case.store_ocr(shot, OcrResult("x" * 64, EngineInfo("test", "1", "chi_sim"), "zh-Hans", "您已逾期", "138 1234 5678",
                                       (Message("您已逾期，今晚再不还款就通知您的家人。", "22:41", "2026-11-20T22:41:00"),)),
                       cache_key="test")
    return path


def item_named(path: Path, name: str) -> tuple[int, str]:
    with Case.open(path, readonly=True) as case:
        return next((it.id, no) for no, it in case.exhibits() if it.original_name == name)


async def open_media(app, pilot, path: Path, name: str) -> MediaScreen:  # type: ignore[no-untyped-def]
    await settle(pilot, app)
    iid, _no = item_named(path, name)
    from evidencekit.tui.screens.media import open_item

    with Case.open(path, readonly=True) as c:
        item = c.item(iid)
    open_item(app.screen, app.screen.case, item, _no)
    await settle(pilot, app)
    screen = app.screen
    assert isinstance(screen, MediaScreen)
    return screen


async def test_an_export_lists_the_cases_messages_with_their_screenshots(app_factory, media_case: Path) -> None:
    app = app_factory(media_case, language="zh-Hans")
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_media(app, pilot, media_case, "sms.xml")
        table = screen.query_one("#media-records", DataTable)
        rows = [[str(c) for c in table.get_row_at(i)] for i in range(table.row_count)]
        assert [r[2] for r in rows] == [N, N]  # 10086 is not the case's number: hidden
        shot_no = item_named(media_case, "shot.png")[1]
        assert rows[0][4] == shot_no and "通知您的家人" in rows[0][5] and rows[1][3] == "→"
        facts = str(screen.query_one("#media-facts", Static).render())
        assert "1 条短信与截图中的一致" in facts and "已隐藏其他号码的 1 条记录" in facts
        await pilot.press("ctrl+a")
        await settle(pilot, app)
        assert screen.query_one("#media-records", DataTable).row_count == 3


async def test_a_transcript_typed_saved_and_logged(app_factory, media_case: Path) -> None:
    app = app_factory(media_case, language="en")
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_media(app, pilot, media_case, f"{N}_20261120224500.m4a")
        facts = str(screen.query_one("#media-facts", Static).render())
        assert "2026-11-20 22:45:00" in facts and N in facts
        area = screen.query_one("#transcript", Area)
        area.focus()
        area.load_text("0:00–0:01.5 [collector] pay today\n0:01.5-0:03 [me] I already paid")
        await pilot.press("ctrl+s")
        await settle(pilot, app)
        assert "Typed by you" in str(screen.query_one("#transcript-status", Static).render())
        area.load_text("0:00-0:01.5 [collector] pay today or else\n0:01.5-0:03 [me] I already paid")
        await pilot.press("ctrl+s")
        await settle(pilot, app)
        area.load_text("not a line")
        await pilot.press("ctrl+s")  # refused: nothing saved
        await settle(pilot, app)
    iid, _ = item_named(media_case, f"{N}_20261120224500.m4a")
    with Case.open(media_case, readonly=True) as case:
        t = case.media.of(iid).transcript  # type: ignore[union-attr]
        saved = [e.details for e in case.log_entries(iid) if e.action == "transcript_saved"]
    assert t is not None and [s.text for s in t.segments] == ["pay today or else", "I already paid"]
    assert len(saved) == 2 and saved[1]["changes"] == [
        {"index": 0, "old": {"start": 0.0, "end": 1.5, "text": "pay today", "speaker": "collector"},
         "new": {"start": 0.0, "end": 1.5, "text": "pay today or else", "speaker": "collector"}}]


async def test_a_machine_draft_is_marked_until_confirmed(app_factory, media_case: Path) -> None:
    iid, _ = item_named(media_case, f"{N}_20261120224500.m4a")
    with Case.open(media_case) as case:
        case.media.save_transcript(iid, [Segment(0, 2, "今天必须还钱")], status="draft", engine="faster-whisper 1.2, model small")
    app = app_factory(media_case, language="zh-Hans")
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_media(app, pilot, media_case, f"{N}_20261120224500.m4a")
        status = screen.query_one("#transcript-status", Static)
        assert "机器生成的草稿" in str(status.render())
        assert screen.query_one("#transcript", Area).text == "0:00.0–0:02.0 今天必须还钱"
        await pilot.press("ctrl+k")
        await settle(pilot, app)
        assert "已由您核对确认" in str(status.render())
    with Case.open(media_case, readonly=True) as case:
        assert case.media.of(iid).transcript.status == "confirmed"  # type: ignore[union-attr]


async def test_speech_recognition_is_off_without_a_model(app_factory, media_case: Path,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("EVIDENCEKIT_WHISPER_MODEL", raising=False)
    app = app_factory(media_case, language="en")
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_media(app, pilot, media_case, f"{N}_20261120224500.m4a")
        await pilot.press("ctrl+r")
        await settle(pilot, app)
        assert any("Speech recognition is off" in str(n.message) for n in app._notifications)
        assert screen.query_one("#transcript", Area).text == ""


async def test_a_video_shows_keyframes_and_an_email_its_headers(app_factory, media_case: Path) -> None:
    app = app_factory(media_case, language="en")
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_media(app, pilot, media_case, "Screenrecorder-2026-11-20-22-41-03.mp4")
        labels = [str(w.render()) for w in screen.query(".media-picture-label").results(Static)]
        assert len(labels) == 3 and all(x.endswith(" s") for x in labels)
        await pilot.press("escape")
        screen = await open_media(app, pilot, media_case, "notice.eml")
        facts = str(screen.query_one("#media-facts", Static).render())
        assert "逾期还款最后通知" in facts and "催收函.pdf →" in facts
        assert "通知您的家人" in str(screen.query_one("#media-text", Static).render())


async def test_the_preview_says_what_corroborates_a_screenshot(app_factory, media_case: Path) -> None:
    from evidencekit.tui.widgets.media_note import media_note

    iid, _ = item_named(media_case, "shot.png")
    sms_no = item_named(media_case, "sms.xml")[1]
    with Case.open(media_case, readonly=True) as case:
        note = media_note(case, case.item(iid))
    assert f"Corroborated by exhibit {sms_no} (SMS Backup & Restore" in note and "row 1" in note


def test_transcript_lines_round_trip() -> None:
    segs = [Segment(0.0, 1.5, "喂", "催收员"), Segment(61.25, 65.0, "我已经还了")]
    assert parse_transcript(transcript_text(_t(segs))) == [Segment(0.0, 1.5, "喂", "催收员"), Segment(61.2, 65.0, "我已经还了")]
    assert parse_transcript("1:02 - 1:05.5 [我] 好\n\n3-4 嗯") == [Segment(62, 65.5, "好", "我"), Segment(3, 4, "嗯")]
    with pytest.raises(ValueError, match="^2$"):
        parse_transcript("0:00-0:01 好\n好")


def _t(segs: list[Segment]):  # type: ignore[no-untyped-def]
    from evidencekit.core.media.model import Transcript

    return Transcript(tuple(segs))


async def test_a_readers_note_is_shown_in_the_apps_language(app_factory, tmp_path: Path) -> None:
    d = tmp_path / "drop"
    d.mkdir()
    (d / "cut.xml").write_text("<?xml version='1.0'?><smses count='2'>" + sms(N, T0, 1, "半"), encoding="utf-8")
    path = tmp_path / "case"
    with Case.create(path, CaseMeta("截断", "张三", respondents=(Respondent("某某金融", (N,)),)), clock=make_clock()) as case:
        [out] = case.import_paths([d / "cut.xml"])
        assert out.status == "imported", out.reason
    app = app_factory(path, language="zh-Hant")
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_media(app, pilot, path, "cut.xml")
        facts = str(screen.query_one("#media-facts", Static).render())
        assert "檔案不完整：在 1 筆完整記錄之後中斷" in facts  # stored as "the file is truncated: …"
        assert "truncated" not in facts
        assert "(簡訊 1)" in facts  # the kinds of records named in the app's language too
