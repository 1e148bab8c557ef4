"""A transcript typed on the media screen is never dropped without asking: leaving (Esc), quitting
and a language switch ask or carry it; a saved transcript leaves without a question; a drop
imports with the typed text still in place."""

from __future__ import annotations

from pathlib import Path

from textual import events

from evidencekit.core.vault.case import Case
from evidencekit.tui.dialogs.unsaved import UnsavedDialog
from evidencekit.tui.screens.case import CaseScreen
from evidencekit.tui.screens.media import MediaScreen
from evidencekit.tui.widgets.fields import Area
from tests.core.media.conftest import needs_ffmpeg

from .conftest import SIZE, make_screenshot, settle
from .test_media_screen import N, item_named, media_case, open_media  # noqa: F401 - media_case: a fixture

pytestmark = needs_ffmpeg
RECORDING = f"{N}_20261120224500.m4a"
TYPED = "0:00–0:01.5 [collector] pay today\n0:01.5-0:03 [me] I already paid"


def saved_texts(path: Path) -> list[str]:
    iid, _ = item_named(path, RECORDING)
    with Case.open(path, readonly=True) as case:
        t = case.media.of(iid).transcript  # type: ignore[union-attr]
    return [s.text for s in t.segments] if t is not None else []


async def typed(app, pilot, path: Path) -> MediaScreen:  # type: ignore[no-untyped-def]
    screen = await open_media(app, pilot, path, RECORDING)
    area = screen.query_one("#transcript", Area)
    area.focus()
    area.load_text(TYPED)
    await pilot.pause()
    assert screen.has_drafts()
    return screen


async def test_esc_with_a_typed_transcript_asks_stay_keeps_it_discard_leaves(app_factory, media_case: Path) -> None:  # noqa: F811
    app = app_factory(media_case, language="en")
    async with app.run_test(size=SIZE) as pilot:
        screen = await typed(app, pilot, media_case)
        await pilot.press("escape")
        await settle(pilot, app)
        assert isinstance(app.screen, UnsavedDialog)
        assert "transcript" in str(app.screen.query_one("#unsaved").query("Static").last().render())
        await pilot.press("escape")  # stay
        await settle(pilot, app)
        assert app.screen is screen and screen.query_one("#transcript", Area).text == TYPED
        await pilot.press("escape")
        await settle(pilot, app)
        await pilot.click("#discard")
        await settle(pilot, app)
        assert isinstance(app.screen, CaseScreen)
    assert saved_texts(media_case) == []


async def test_esc_then_save_keeps_the_transcript_and_leaves(app_factory, media_case: Path) -> None:  # noqa: F811
    app = app_factory(media_case, language="zh-Hans")
    async with app.run_test(size=SIZE) as pilot:
        await typed(app, pilot, media_case)
        await pilot.press("escape")
        await settle(pilot, app)
        assert isinstance(app.screen, UnsavedDialog)
        assert "文字稿" in str(app.screen.query_one("#unsaved").query("Static").last().render())
        await pilot.click("#save")
        await settle(pilot, app)
        assert isinstance(app.screen, CaseScreen)
    assert saved_texts(media_case) == ["pay today", "I already paid"]


async def test_saved_then_leaving_does_not_ask(app_factory, media_case: Path) -> None:  # noqa: F811
    app = app_factory(media_case, language="en")
    async with app.run_test(size=SIZE) as pilot:
        screen = await typed(app, pilot, media_case)
        await pilot.press("ctrl+s")
        await settle(pilot, app)
        assert not screen.has_drafts()
        # the same lines written another way are not an edit either
        screen.query_one("#transcript", Area).load_text(TYPED.replace("0:03", "0:03.0"))
        assert not screen.has_drafts()
        await pilot.press("escape")
        await settle(pilot, app)
        assert isinstance(app.screen, CaseScreen)


async def test_a_line_that_does_not_read_is_kept_and_said(app_factory, media_case: Path) -> None:  # noqa: F811
    app = app_factory(media_case, language="en")
    async with app.run_test(size=SIZE) as pilot:
        screen = await typed(app, pilot, media_case)
        screen.query_one("#transcript", Area).load_text("pay today, said at about 0:00")
        await pilot.press("escape")
        await settle(pilot, app)
        await pilot.click("#save")  # refused (the line is named): the screen stays with the text
        await settle(pilot, app)
        assert app.screen is screen and "pay today" in screen.query_one("#transcript", Area).text
    assert saved_texts(media_case) == []


async def test_quitting_with_a_typed_transcript_asks(app_factory, media_case: Path) -> None:  # noqa: F811
    app = app_factory(media_case, language="en")
    async with app.run_test(size=SIZE) as pilot:
        await typed(app, pilot, media_case)
        await app.action_quit()
        await settle(pilot, app)
        assert isinstance(app.screen, UnsavedDialog)
        await pilot.click("#save")
        await settle(pilot, app)
    assert saved_texts(media_case) == ["pay today", "I already paid"]


async def test_a_language_switch_carries_the_typed_transcript(app_factory, media_case: Path) -> None:  # noqa: F811
    app = app_factory(media_case, language="en")
    async with app.run_test(size=SIZE) as pilot:
        await typed(app, pilot, media_case)
        await pilot.press("f2")
        await settle(pilot, app, rounds=5)
        screen = app.screen
        assert isinstance(screen, MediaScreen)
        assert screen.query_one("#transcript", Area).text == TYPED and screen.has_drafts()


async def test_a_drop_imports_and_the_typed_transcript_stays(app_factory, media_case: Path, tmp_path: Path) -> None:  # noqa: F811
    shot = make_screenshot(tmp_path / "another.png", dark=False, seed=5)
    app = app_factory(media_case, language="en")
    async with app.run_test(size=SIZE) as pilot:
        screen = await typed(app, pilot, media_case)
        with Case.open(media_case, readonly=True) as c:
            before = len(c.items())
        screen.post_message(events.Paste(str(shot)))
        await settle(pilot, app)
        await pilot.press("enter")  # the import's question
        await settle(pilot, app, rounds=5)
        assert screen in app.screen_stack and screen.query_one("#transcript", Area).text == TYPED
    with Case.open(media_case, readonly=True) as c:
        assert len(c.items()) == before + 1
