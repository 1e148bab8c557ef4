"""Snapshots of the main screens, in each language, at 60x20, 80x24 and 120x40 (clock, host and
zone fixed; the cases' screenshots read before the app opens them, so no toast moves).

Update with ``pytest tests/tui/test_snapshots.py --snapshot-update`` after a deliberate change,
and look at the report before committing.
"""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest
from textual import events

from .conftest import SIZE, settle

LANGS = ["zh-Hans", "zh-Hant", "en"]
SIZES = {"60x20": (60, 20), "80x24": SIZE, "120x40": (120, 40)}


async def ready(pilot) -> None:  # type: ignore[no-untyped-def]
    await settle(pilot, pilot.app, rounds=4)


@pytest.mark.parametrize("lang", LANGS)
def test_start_screen(snap_compare, app_factory, lang: str) -> None:
    assert snap_compare(app_factory(None, language=lang), terminal_size=SIZE)


@pytest.mark.parametrize("size", ["60x20", "80x24", "120x40"])
@pytest.mark.parametrize("lang", LANGS)
def test_case_screen(snap_compare, app_factory, read_case: Path, lang: str, size: str) -> None:
    assert snap_compare(app_factory(read_case, language=lang), terminal_size=SIZES[size], run_before=ready)


@pytest.mark.parametrize("size", ["60x20", "80x24", "120x40"])
@pytest.mark.parametrize("lang", LANGS)
def test_item_screen(snap_compare, app_factory, read_case: Path, lang: str, size: str) -> None:
    """The picture beside its reading: who sent each message, the time on screen, the fields."""

    async def item(pilot) -> None:  # type: ignore[no-untyped-def]
        await ready(pilot)
        await pilot.press("home", "c")
        await settle(pilot, pilot.app, rounds=4)
        # the screen scrolls to the message to correct: let the scroll end on a busy machine
        await pilot.app.animator.wait_until_complete()
        await pilot.pause(0.3)

    assert snap_compare(app_factory(read_case, language=lang), terminal_size=SIZES[size], run_before=item)


def test_case_screen_wide(snap_compare, app_factory, read_case: Path) -> None:
    assert snap_compare(app_factory(read_case, language="zh-Hans"), terminal_size=(140, 40), run_before=ready)


@pytest.mark.parametrize("lang", ["zh-Hans", "en"])
def test_import_confirmation(snap_compare, app_factory, read_case: Path, samples: Path, lang: str) -> None:
    d = Path(f"/tmp/evidencekit-snapshot-drop-{lang}")
    shutil.rmtree(d, ignore_errors=True)
    shutil.copytree(samples, d)

    async def paste(pilot) -> None:  # type: ignore[no-untyped-def]
        await ready(pilot)
        pilot.app.screen.post_message(events.Paste(f"'{d}/ios-light-hant-threat.png' {d}/notes.bin {d}/gone.png"))
        await pilot.pause()

    app = app_factory(read_case, language=lang)
    assert snap_compare(app, terminal_size=SIZE, run_before=paste)


def test_help_screen(snap_compare, app_factory) -> None:
    assert snap_compare(app_factory(None, language="zh-Hans"), terminal_size=SIZE, press=["question_mark"])


@pytest.mark.parametrize("size", ["60x20", "80x24"])
def test_new_case_form(snap_compare, app_factory, size: str, monkeypatch: pytest.MonkeyPatch) -> None:
    from evidencekit.tui.dialogs import new_case

    # the form says where the case will go: a fixed place, not this machine's home folder (its
    # length changes how the note wraps, and with it the form's scroll bar)
    monkeypatch.setattr(new_case, "default_folder", lambda title: Path("/home/li/.local/share/evidencekit/cases") / title)

    async def form(pilot) -> None:  # type: ignore[no-untyped-def]
        await pilot.press("n")
        await settle(pilot, pilot.app)
        note = pilot.app.screen.query_one("#folder-note")
        for _ in range(40):  # the note is written on the folder field's first change event
            if str(note.render()).strip():
                break
            await pilot.pause(0.05)
        await settle(pilot, pilot.app)  # the scroll bar settles once the note is laid out

    assert snap_compare(app_factory(None, language="zh-Hant"), terminal_size=SIZES[size], run_before=form)


def test_case_screen_light(snap_compare, app_factory, read_case: Path) -> None:
    async def light(pilot) -> None:  # type: ignore[no-untyped-def]
        await ready(pilot)
        pilot.app.theme = "textual-light"
        await pilot.pause()

    assert snap_compare(app_factory(read_case, language="zh-Hans"), terminal_size=SIZE, run_before=light)


def test_search_screen(snap_compare, app_factory, read_case: Path) -> None:
    async def search(pilot) -> None:  # type: ignore[no-untyped-def]
        await ready(pilot)
        await pilot.press("slash", *"還款")  # Traditional finds the Simplified title
        await pilot.pause(0.3)
        await settle(pilot, pilot.app)
        pilot.app.screen.query_one("#search-status").update("")  # the timing figure varies

    assert snap_compare(app_factory(read_case, language="en"), terminal_size=SIZE, run_before=search)


def test_chronology_screen(snap_compare, app_factory, read_case: Path) -> None:
    from evidencekit.core.vault.case import Case

    with Case.open(read_case) as c:
        c.update_item(2, event_time="2026-11-20 07:15")
        for i, when in enumerate(("2026-11-19T23:40", "2026-11-19T23:45", "2026-11-20T08:10")):
            c.correct_message(1, i, sent_at=when)
        c.correct_sender(1, "95188")

    async def chrono(pilot) -> None:  # type: ignore[no-untyped-def]
        await ready(pilot)
        await pilot.press("t")
        await settle(pilot, pilot.app)

    assert snap_compare(app_factory(read_case, language="zh-Hans"), terminal_size=SIZE, run_before=chrono)


@pytest.mark.parametrize(("lang", "size", "redact"), [("zh-Hant", "80x24", False), ("zh-Hans", "60x20", True)])
def test_export_screen(snap_compare, app_factory, read_case: Path, lang: str, size: str, redact: bool,
                       monkeypatch: pytest.MonkeyPatch) -> None:
    from evidencekit.tui.screens.export import ExportScreen

    # the screen shows where the bundle goes: a path of fixed length, not the test's temporary one
    # (which differs between runs, and under xdist, and wraps differently)
    monkeypatch.setattr(ExportScreen, "out_folder", lambda self: Path("/home/li/cases/某某金融催收/exports"))

    async def export(pilot) -> None:  # type: ignore[no-untyped-def]
        await ready(pilot)
        await pilot.press("e")
        await settle(pilot, pilot.app)
        if redact:
            pilot.app.screen.query_one("#redact").value = True
            await settle(pilot, pilot.app)

    assert snap_compare(app_factory(read_case, language=lang), terminal_size=SIZES[size], run_before=export)


def test_bundle_view(snap_compare, app_factory, read_case: Path) -> None:
    async def view(pilot) -> None:  # type: ignore[no-untyped-def]
        await ready(pilot)
        await pilot.press("b")
        await settle(pilot, pilot.app)

    assert snap_compare(app_factory(read_case, language="en"), terminal_size=SIZE, run_before=view)


def test_picture_large(snap_compare, app_factory, read_case: Path) -> None:
    async def picture(pilot) -> None:  # type: ignore[no-untyped-def]
        await ready(pilot)
        await pilot.press("home", "c")
        await settle(pilot, pilot.app)
        await pilot.press("f4")
        await settle(pilot, pilot.app)

    assert snap_compare(app_factory(read_case, language="zh-Hant"), terminal_size=SIZE, run_before=picture)


def test_unsaved_correction_question(snap_compare, app_factory, read_case: Path) -> None:
    async def leave(pilot) -> None:  # type: ignore[no-untyped-def]
        await ready(pilot)
        await pilot.press("home", "c")
        await settle(pilot, pilot.app)
        pilot.app.focused.text = "您的借款已逾期（改过）"
        await pilot.press("escape")
        await settle(pilot, pilot.app)

    assert snap_compare(app_factory(read_case, language="en"), terminal_size=(60, 20), run_before=leave)


@pytest.mark.parametrize("size", ["60x20", "120x40"])
@pytest.mark.parametrize("lang", LANGS)
def test_start_screen_sizes(snap_compare, app_factory, lang: str, size: str) -> None:
    assert snap_compare(app_factory(None, language=lang), terminal_size=SIZES[size])


@pytest.fixture
def contacts_case(tmp_path: Path) -> Path:
    """A case whose messages have times: a phone's SMS backup (the collector's texts at night,
    a threat to tell the family, the person's request to stop, and a text of another number)."""
    from evidencekit.core.models import CaseMeta, Respondent
    from evidencekit.core.vault.case import Case
    from tests.conftest import make_clock
    from tests.core.media.test_exports import backup, sms

    def at(day: int, hour: int, minute: int) -> dt.datetime:
        return dt.datetime(2026, 11, day, hour, minute, tzinfo=dt.timezone(dt.timedelta(hours=8))).astimezone(dt.timezone.utc)

    xml = backup(tmp_path / "sms-2026-11-21.xml",
                 sms("95188", at(19, 23, 40), 1, "【某某消费金融】张三，您的借款已逾期，欠款3,560元，今晚再不还款就通知您的家人和单位。"),
                 sms("95188", at(20, 7, 15), 1, "张三，逾期欠款3,560元，请立即还款。"),
                 sms("95188", at(20, 9, 0), 2, "请停止给我发短信，我会按时处理。"),
                 sms("95188", at(20, 22, 30), 1, "再不还款我们就上门找你家人。"),
                 sms("10086", at(20, 10, 0), 1, "流量提醒"))
    path = tmp_path / "case"
    meta = CaseMeta("某某金融催收", "张三", "13800138000", (Respondent("某某消费金融", ("95188",)),))
    with Case.create(path, meta, clock=make_clock()) as case:
        assert [o.status for o in case.import_paths([xml])] == ["imported"]
    return path


@pytest.mark.parametrize("lang", LANGS)
def test_findings_screen(snap_compare, app_factory, contacts_case: Path, lang: str) -> None:
    """The findings of a case whose messages have times: the contacts checked, each finding,
    and under the first its contacts with their exact words."""

    async def findings(pilot) -> None:  # type: ignore[no-untyped-def]
        await ready(pilot)
        await pilot.press("g")
        await settle(pilot, pilot.app)
        screen = pilot.app.screen
        assert len(screen.rows) >= 3 and screen.analysis is not None  # findings, not an empty list
        assert len(screen.query_one("#finding-evidence").rows) == 2  # the first one's two night contacts

    assert snap_compare(app_factory(contacts_case, language=lang), terminal_size=SIZE, run_before=findings)
