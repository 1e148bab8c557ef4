"""Snapshots of the main screens in each language, at 80x24 (clock, host and zone fixed).

Update with ``pytest tests/tui/test_snapshots.py --snapshot-update`` after a deliberate change,
and look at the report before committing.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from textual import events

from .conftest import SIZE, settle

LANGS = ["zh-Hans", "zh-Hant", "en"]


@pytest.mark.parametrize("lang", LANGS)
def test_start_screen(snap_compare, app_factory, lang: str) -> None:
    assert snap_compare(app_factory(None, language=lang), terminal_size=SIZE)


@pytest.mark.parametrize("lang", LANGS)
def test_case_screen(snap_compare, app_factory, case_dir: Path, lang: str) -> None:
    async def ready(pilot) -> None:  # type: ignore[no-untyped-def]
        await settle(pilot, pilot.app)

    assert snap_compare(app_factory(case_dir, language=lang), terminal_size=SIZE, run_before=ready)


def test_case_screen_wide(snap_compare, app_factory, case_dir: Path) -> None:
    async def ready(pilot) -> None:  # type: ignore[no-untyped-def]
        await settle(pilot, pilot.app)

    assert snap_compare(app_factory(case_dir, language="zh-Hans"), terminal_size=(140, 40), run_before=ready)


@pytest.mark.parametrize("lang", ["zh-Hans", "en"])
def test_import_confirmation(snap_compare, app_factory, case_dir: Path, samples: Path, lang: str) -> None:
    d = Path(f"/tmp/evidencekit-snapshot-drop-{lang}")
    shutil.rmtree(d, ignore_errors=True)
    shutil.copytree(samples, d)

    async def paste(pilot) -> None:  # type: ignore[no-untyped-def]
        await settle(pilot, pilot.app)
        pilot.app.screen.post_message(events.Paste(f"'{d}/ios-light-hant-threat.png' {d}/notes.bin {d}/gone.png"))
        await pilot.pause()

    app = app_factory(case_dir, language=lang)
    assert snap_compare(app, terminal_size=SIZE, run_before=paste)


def test_help_screen(snap_compare, app_factory) -> None:
    assert snap_compare(app_factory(None, language="zh-Hans"), terminal_size=SIZE, press=["question_mark"])


def test_new_case_form(snap_compare, app_factory) -> None:
    assert snap_compare(app_factory(None, language="zh-Hant"), terminal_size=SIZE, press=["n"])


def test_case_screen_light(snap_compare, app_factory, case_dir: Path) -> None:
    async def ready(pilot) -> None:  # type: ignore[no-untyped-def]
        await settle(pilot, pilot.app)
        pilot.app.theme = "textual-light"
        await pilot.pause()

    assert snap_compare(app_factory(case_dir, language="zh-Hans"), terminal_size=SIZE, run_before=ready)


def test_search_screen(snap_compare, app_factory, case_dir: Path) -> None:
    async def search(pilot) -> None:  # type: ignore[no-untyped-def]
        await settle(pilot, pilot.app)
        await pilot.press("slash", *"還款")  # Traditional finds the Simplified title
        await pilot.pause(0.3)
        await settle(pilot, pilot.app)
        pilot.app.screen.query_one("#search-status").update("")  # the timing figure varies

    assert snap_compare(app_factory(case_dir, language="en"), terminal_size=SIZE, run_before=search)


def test_chronology_screen(snap_compare, app_factory, case_dir: Path) -> None:
    from evidencekit.core.vault.case import Case

    with Case.open(case_dir) as c:
        c.update_item(1, event_time="2026-11-19 23:40")
        c.update_item(2, event_time="2026-11-20 07:15")
        c.update_item(3, event_time="2026-11-20 10:00")

    async def chrono(pilot) -> None:  # type: ignore[no-untyped-def]
        await settle(pilot, pilot.app)
        await pilot.press("t")
        await settle(pilot, pilot.app)

    assert snap_compare(app_factory(case_dir, language="zh-Hans"), terminal_size=SIZE, run_before=chrono)


def test_export_screen(snap_compare, app_factory, case_dir: Path) -> None:
    async def export(pilot) -> None:  # type: ignore[no-untyped-def]
        await settle(pilot, pilot.app)
        await pilot.press("e")
        await pilot.pause()

    assert snap_compare(app_factory(case_dir, language="zh-Hant"), terminal_size=SIZE, run_before=export)
