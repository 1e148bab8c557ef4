"""Every flow of the app, driven with Pilot; assertions on state first."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from textual import events
from textual.widgets import Static

from evidencekit.core.vault.case import Case, is_case
from evidencekit.errors import VaultError
from evidencekit.tui.dialogs.confirm import ConfirmDialog
from evidencekit.tui.dialogs.edit_item import EditItemDialog
from evidencekit.tui.dialogs.import_browser import ImportBrowserDialog
from evidencekit.tui.dialogs.import_confirm import ConfirmImportDialog
from evidencekit.tui.dialogs.import_result import ImportResultDialog
from evidencekit.tui.dialogs.new_case import NewCaseDialog
from evidencekit.tui.dialogs.open_case import OpenCaseDialog
from evidencekit.tui.screens.case import CaseScreen
from evidencekit.tui.screens.case_rows import row_cells
from evidencekit.tui.screens.chronology import ChronologyScreen
from evidencekit.tui.screens.export import ExportScreen
from evidencekit.tui.screens.help import HelpScreen
from evidencekit.tui.screens.item import ItemScreen
from evidencekit.tui.screens.search import SearchScreen
from evidencekit.tui.screens.start import StartScreen
from evidencekit.tui.screens.verify import VerifyScreen
from evidencekit.tui.widgets.evidence_table import EvidenceTable
from evidencekit.tui.widgets.fields import Field

from .conftest import SIZE, settle


def notes(app) -> list[str]:  # type: ignore[no-untyped-def]
    return [f"{n.title}: {n.message}" for n in app._notifications]


async def type_text(pilot, text: str) -> None:  # type: ignore[no-untyped-def]
    for ch in text:
        await pilot.press(ch if ch != " " else "space")


# ---------------------------------------------------------------------- start


async def test_new_case_form_creates_the_case(app_factory, tmp_path: Path) -> None:
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        assert isinstance(app.screen, StartScreen)
        await pilot.press("n")
        assert isinstance(app.screen, NewCaseDialog)
        screen = app.screen
        screen.query_one("#title", Field).value = "Lender A, November"
        screen.query_one("#claimant", Field).value = "张三"
        screen.query_one("#phone", Field).value = "13800138000"
        screen.query_one("#institutions", Field).value = "甲消费金融、乙银行, C Bank"
        screen.query_one("#folder", Field).value = str(tmp_path / "new-case")
        await pilot.press("ctrl+s")
        await settle(pilot, app)
        assert isinstance(app.screen, CaseScreen)
        assert is_case(tmp_path / "new-case")
        meta = app.case.meta
        assert meta.title == "Lender A, November"
        assert [r.name for r in meta.respondents] == ["甲消费金融", "乙银行", "C Bank"]
        assert meta.claimant_phone == "13800138000"
        assert str((tmp_path / "new-case").resolve()) in app.config.recent


@pytest.mark.parametrize("existing", [False, True])
async def test_a_folder_named_on_the_command_line_with_no_case_yet_is_offered_for_one(
        app_factory, tmp_path: Path, existing: bool) -> None:
    # "evidencekit ~/cases/new-one": absent, or an empty folder the person made for it
    where = tmp_path / "new-one"
    if existing:
        where.mkdir()
    app = app_factory(where)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        assert isinstance(app.screen, NewCaseDialog)
        assert app.screen.query_one("#folder", Field).value == str(where)
        assert any("no case in" in n for n in notes(app))
        app.screen.query_one("#title", Field).value = "Lender B"
        await pilot.press("ctrl+s")
        await settle(pilot, app)
        assert isinstance(app.screen, CaseScreen)
        assert is_case(where)


async def test_a_folder_named_on_the_command_line_that_holds_other_files_is_no_case(app_factory, tmp_path: Path) -> None:
    (tmp_path / "photos").mkdir()
    (tmp_path / "photos" / "a.jpg").write_bytes(b"x")
    app = app_factory(tmp_path / "photos")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        assert isinstance(app.screen, StartScreen)
        assert any("not an EvidenceKit case" in n for n in notes(app))


async def test_new_case_needs_a_title(app_factory) -> None:
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("n")
        await pilot.press("ctrl+s")
        assert isinstance(app.screen, NewCaseDialog)
        assert any("title" in n for n in notes(app))
        await pilot.press("escape")
        assert isinstance(app.screen, StartScreen)


async def test_opening_a_folder_that_is_not_a_case_says_so(app_factory, tmp_path: Path) -> None:
    (tmp_path / "photos").mkdir()
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("o")
        assert isinstance(app.screen, OpenCaseDialog)
        app.screen.query_one("#path", Field).value = str(tmp_path / "photos")
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, StartScreen)
        assert app.case is None
        assert any("not an EvidenceKit case" in n for n in notes(app))


async def test_recent_case_opens_from_the_list(app_factory, case_dir: Path) -> None:
    app = app_factory()
    app.config.add_recent(case_dir)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("enter")
        await settle(pilot, app)
        assert isinstance(app.screen, CaseScreen)
        assert app.screen.query_one("#items", EvidenceTable).row_count == 3


async def test_a_locked_case_is_reported_not_crashed(app_factory, case_dir: Path) -> None:
    other = Case.open(case_dir)
    try:
        app = app_factory(case_dir)
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot, app)
            assert isinstance(app.screen, StartScreen)
            assert any("Case in use" in n for n in notes(app))
    finally:
        other.close()


# ---------------------------------------------------------------------- case screen


async def test_case_screen_shows_table_and_preview(app_factory, case_dir: Path) -> None:
    app = app_factory(case_dir)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        screen = app.screen
        assert isinstance(screen, CaseScreen)
        table = screen.query_one("#items", EvidenceTable)
        assert table.row_count == 3
        # at 80 columns beside the preview: the columns that matter most; the kind is on the detail line
        assert [c.label for c in table.columns][:4] == ["No.", "Title", "Time", "Sender"]
        assert "Image" in str(screen.query_one("#row-detail", Static).render())
        assert screen.shown[0].item.display_title == "还款提醒短信"
        head = str(screen.query_one("#pv-head", Static).render())
        assert "还款提醒短信" in head
        meta = str(screen.query_one("#pv-meta", Static).render())
        assert "SHA-256" in meta and "SM3" in meta
        # the thumbnail was made in the background and cached in derived/
        assert (case_dir / "derived" / "1" / "tui-thumb-480.png").exists()
        await pilot.press("down")
        await settle(pilot, app)
        assert "call-2026-11-20.wav" in str(screen.query_one("#pv-head", Static).render())
        assert "Duration" in str(screen.query_one("#pv-meta", Static).render())


async def test_filter_and_sort(app_factory, case_dir: Path) -> None:
    app = app_factory(case_dir)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        screen = app.screen
        await pilot.press("f")
        await type_text(pilot, "kind:audio")
        await pilot.pause(0.3)
        assert [r.item.kind for r in screen.shown] == ["audio"]
        await pilot.press("escape")
        await pilot.pause(0.3)
        assert len(screen.shown) == 3
        screen.sort_col, screen.sort_reverse = "no", True
        screen.refill()
        assert [r.no for r in screen.shown] == ["3", "2", "1"]



async def test_s_sorts_only_by_the_columns_on_screen(app_factory, case_dir: Path) -> None:
    """At 80 columns (the preview beside) the kind column is not shown: s never sorts by it (the
    order would look random, with nothing on screen to say why)."""
    app = app_factory(case_dir)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        screen = app.screen
        assert isinstance(screen, CaseScreen) and "kind" not in screen.widths
        seen = []
        for _ in range(len(screen.widths) + 1):
            await pilot.press("s")
            seen.append(screen.sort_col)
        assert set(seen) == set(screen.widths) and seen[-1] == seen[0]


async def _paste_and_import(pilot, app, text: str) -> CaseScreen:  # type: ignore[no-untyped-def]
    screen = app.screen
    await pilot.pause()
    app.screen.post_message(events.Paste(text))
    await pilot.pause()
    assert isinstance(app.screen, ConfirmImportDialog)
    await pilot.press("enter")
    await settle(pilot, app)
    return screen


async def test_paste_of_dropped_files_imports_after_confirmation(app_factory, case_dir: Path, samples: Path) -> None:
    app = app_factory(case_dir)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        text = (
            f"'{samples}/ios-light-hant-threat.png' {str(samples / 'folder with space').replace(' ', chr(92) + ' ')} "
            f"file://{samples}/notes.bin {samples}/ios-light-hans-reminder.png {samples}/gone.png"
        )
        app.screen.post_message(events.Paste(text))
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, ConfirmImportDialog)
        assert dialog.paths == [
            f"{samples}/ios-light-hant-threat.png",
            f"{samples}/folder with space",
            f"{samples}/notes.bin",
            f"{samples}/ios-light-hans-reminder.png",
        ]
        assert dialog.missing == [f"{samples}/gone.png"]
        await pilot.press("enter")
        await settle(pilot, app)
        assert isinstance(app.screen, ImportResultDialog)
        statuses = {Path(o.path).name: o.status for o in app.screen.outcomes}
        assert statuses == {
            "ios-light-hant-threat.png": "imported",
            "overdue copy.png": "imported",
            "notes.bin": "rejected",
            "ios-light-hans-reminder.png": "duplicate",
        }
        rejected = [o for o in app.screen.outcomes if o.status == "rejected"][0]
        assert "unsupported type" in rejected.reason
        await pilot.press("escape")
        await settle(pilot, app)
        screen = app.screen
        assert isinstance(screen, CaseScreen)
        assert screen.query_one("#items", EvidenceTable).row_count == 5
        assert screen.query_one("#task").has_class("hidden")


async def test_paste_can_be_cancelled_and_plain_text_is_ignored(app_factory, case_dir: Path, samples: Path) -> None:
    app = app_factory(case_dir)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        app.screen.post_message(events.Paste("催收 短信"))
        await pilot.pause()
        assert isinstance(app.screen, CaseScreen)
        app.screen.post_message(events.Paste(f"{samples}/ios-light-hant-threat.png"))
        await pilot.pause()
        assert isinstance(app.screen, ConfirmImportDialog)
        await pilot.press("escape")
        await settle(pilot, app)
        assert isinstance(app.screen, CaseScreen)
        assert app.case.count() == 3
        app.screen.post_message(events.Paste("/no/such/file.png"))
        await pilot.pause()
        assert isinstance(app.screen, CaseScreen)
        assert any("No file or folder" in n for n in notes(app))


async def test_paste_into_the_filter_field_still_imports(app_factory, case_dir: Path, samples: Path) -> None:
    app = app_factory(case_dir)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        await pilot.press("f")
        app.screen.query_one("#filter", Field).post_message(events.Paste(f"{samples}/ios-light-hant-threat.png"))
        await pilot.pause()
        assert isinstance(app.screen, ConfirmImportDialog)


async def test_import_dialog_with_typed_paths(app_factory, case_dir: Path, samples: Path) -> None:
    app = app_factory(case_dir)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        await pilot.press("i")
        assert isinstance(app.screen, ImportBrowserDialog)
        app.screen.query_one("#paths", Field).value = f"{samples}/ios-light-hant-threat.png"
        app.screen.query_one("#paths", Field).focus()
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmImportDialog)
        await pilot.press("enter")
        await settle(pilot, app)
        assert isinstance(app.screen, ImportResultDialog)
        assert app.case.count() == 4


async def test_import_dialog_marks_files_in_the_tree(app_factory, case_dir: Path, samples: Path) -> None:
    app = app_factory(case_dir)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        await pilot.press("i")
        dialog = app.screen
        assert isinstance(dialog, ImportBrowserDialog)
        dialog._toggle(str(samples / "ios-light-hant-threat.png"))
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmImportDialog)
        assert app.screen.paths == [str(samples / "ios-light-hant-threat.png")]


async def test_import_errors_become_notifications(app_factory, case_dir: Path, samples: Path, monkeypatch) -> None:
    def broken(self, paths, **kw):  # type: ignore[no-untyped-def]
        raise VaultError("the disk went away", "Case folder")
        yield  # pragma: no cover

    monkeypatch.setattr(Case, "import_paths", broken)
    app = app_factory(case_dir)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        await _paste_and_import(pilot, app, f"{samples}/ios-light-hant-threat.png")
        assert any("the disk went away" in n for n in notes(app))
        await pilot.press("escape")
        await settle(pilot, app)
        assert isinstance(app.screen, CaseScreen)
        assert app.screen.query_one("#task").has_class("hidden")


@pytest.fixture
def import_waits_for_cancel(monkeypatch: pytest.MonkeyPatch):
    """Case.import_paths that reports a first step and then waits until it is cancelled; yields
    the event set once the import has started."""
    import threading

    from evidencekit.core.progress import Step

    started = threading.Event()
    real = Case.import_paths

    def slow(self, paths, *, progress, cancel):  # type: ignore[no-untyped-def]
        started.set()
        progress(Step(0, 1, "x"))
        while not cancel.cancelled:
            threading.Event().wait(0.01)
        yield from real(self, paths, progress=progress, cancel=cancel)

    monkeypatch.setattr(Case, "import_paths", slow)
    return started


async def test_import_can_be_cancelled_with_escape(app_factory, case_dir: Path, samples: Path,
                                                   import_waits_for_cancel) -> None:
    started = import_waits_for_cancel
    app = app_factory(case_dir)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        screen = app.screen
        app.screen.post_message(events.Paste(f"{samples}/ios-light-hant-threat.png"))
        await pilot.pause()
        await pilot.press("enter")
        for _ in range(50):
            await pilot.pause(0.02)
            if started.is_set():
                break
        assert not screen.query_one("#task").has_class("hidden")
        await pilot.press("escape")
        await settle(pilot, app)
        assert app.case.count() == 3
        assert isinstance(app.screen, ImportResultDialog)
        assert app.screen.cancelled


# ---------------------------------------------------------------------- editing


async def test_edit_dialog_saves_and_logs(app_factory, case_dir: Path) -> None:
    app = app_factory(case_dir)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        await pilot.press("down", "down")
        await pilot.press("a")
        dialog = app.screen
        assert isinstance(dialog, EditItemDialog)
        dialog.query_one("#title", Field).value = "营销短信"
        dialog.query_one("#proves", Field).value = "证明对方多次发送营销短信"
        dialog.query_one("#event_time", Field).value = "2026-11-20 23:10"
        dialog.query_one("#tags", Field).value = "营销，夜间"
        dialog.query_one("#group_name", Field).value = "短信"
        await pilot.press("ctrl+s")
        await settle(pilot, app)
        item = app.case.item(3)
        assert item.title == "营销短信"
        assert item.tags == ("营销", "夜间")
        assert item.event_time == "2026-11-20 23:10"
        entries = [e for e in app.case.log_entries(3) if e.action == "annotation_changed"]
        assert entries and "title" in entries[-1].details["changes"]
        row = app.screen.by_id[3]
        assert row.no == "3-1"
        assert app.screen.current_id() == 3


async def test_edit_rejects_a_bad_time(app_factory, case_dir: Path) -> None:
    app = app_factory(case_dir)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        await pilot.press("a")
        app.screen.query_one("#event_time", Field).value = "yesterday night"
        await pilot.press("ctrl+s")
        assert isinstance(app.screen, EditItemDialog)
        await pilot.press("escape")
        assert app.case.item(1).event_time is None


async def test_withdraw_with_confirmation_and_restore(app_factory, case_dir: Path) -> None:
    app = app_factory(case_dir)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        screen = app.screen
        await pilot.press("d")
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("escape")
        assert not app.case.item(1).withdrawn
        await pilot.press("d")
        await type_text(pilot, "wrong file")
        await pilot.press("enter")
        await settle(pilot, app)
        assert app.case.item(1).withdrawn_reason == "wrong file"
        assert screen.query_one("#items", EvidenceTable).row_count == 2
        await pilot.press("h")
        await pilot.pause()
        assert screen.query_one("#items", EvidenceTable).row_count == 3
        screen.query_one("#items", EvidenceTable).move_cursor([r.item.id for r in screen.shown].index(1))
        await pilot.press("d")
        await settle(pilot, app)
        assert not app.case.item(1).withdrawn


async def test_reorder_with_ctrl_arrows(app_factory, case_dir: Path) -> None:
    app = app_factory(case_dir)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        await pilot.press("ctrl+down")
        await settle(pilot, app)
        assert [it.id for it in app.case.items()] == [2, 1, 3]
        assert app.screen.current_id() == 1
        await pilot.press("ctrl+up")
        await settle(pilot, app)
        assert [it.id for it in app.case.items()] == [1, 2, 3]


async def test_enter_opens_the_item_side_by_side(app_factory, case_dir: Path) -> None:
    app = app_factory(case_dir)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        await pilot.press("enter")
        await settle(pilot, app)
        assert isinstance(app.screen, ItemScreen)
        assert app.screen.data is not None and app.screen.data.image is not None
        await pilot.press("escape")
        assert isinstance(app.screen, CaseScreen)


# ---------------------------------------------------------------------- other screens


async def test_search_as_you_type(app_factory, case_dir: Path) -> None:
    app = app_factory(case_dir)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        await pilot.press("slash")
        assert isinstance(app.screen, SearchScreen)
        await type_text(pilot, "還款")  # Traditional finds the Simplified title
        await pilot.pause(0.3)
        await settle(pilot, app)
        table = app.screen.query_one("#hits", EvidenceTable)
        assert table.row_count >= 1
        assert app.screen.last_query == "還款"
        await pilot.press("enter")
        await pilot.press("enter")
        await settle(pilot, app)
        assert isinstance(app.screen, CaseScreen)
        assert app.screen.current_id() == 1


async def test_chronology_marks_night(app_factory, case_dir: Path) -> None:
    with Case.open(case_dir) as c:
        c.update_item(3, event_time="2026-11-20 23:40")  # a screenshot the person dated: their statement
        c.update_item(2, event_time="2026-11-21 10:00")
    app = app_factory(case_dir)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        await pilot.press("t")
        await settle(pilot, app)
        screen = app.screen
        assert isinstance(screen, ChronologyScreen)
        night = [e for e in screen.events if e.night]
        assert [e.item_id for e in night] == [3]
        days = str(screen.query_one("#days", Static).render())
        assert "11-20" in days and "☾1" in days
        # the recording the person dated, direction unknown, is listed and not counted
        assert [e.counts for e in screen.events if e.item_id == 2] == [False]
        await pilot.press("n")
        assert screen.query_one("#events", EvidenceTable).row_count == len(night)


async def test_export_then_verify(app_factory, case_dir: Path) -> None:
    app = app_factory(case_dir)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        await pilot.press("e")
        screen = app.screen
        assert isinstance(screen, ExportScreen)
        bar = screen.query_one("#export-bar-progress")
        assert not bar.display  # nothing running: no bar waiting at "--%"
        await pilot.press("ctrl+s")
        await settle(pilot, app, rounds=5)
        assert bar.display
        assert [p.suffix for p in screen.result] == [".pdf", ".zip"]
        assert all(p.exists() for p in screen.result)
        result = str(screen.query_one("#export-result", Static).render())
        assert "Intact" in result
        await pilot.press("escape")
        await pilot.press("v")
        await settle(pilot, app)
        assert isinstance(app.screen, VerifyScreen)
        assert app.screen.report is not None and app.screen.report.ok


async def test_help_and_command_palette(app_factory, case_dir: Path) -> None:
    from evidencekit.tui.commands import ActionsProvider

    app = app_factory(case_dir)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("escape")
        assert isinstance(app.screen, CaseScreen)
        provider = ActionsProvider(app.screen)
        titles = [title for title, _h, _c in provider._commands()]
        for expected in ("Import", "Export", "Verify", "Search", "Timeline", "Edit", "Withdraw / restore", "Quit", "Help"):
            assert expected in titles


async def test_switch_language_rebuilds_the_screens(app_factory, case_dir: Path) -> None:
    app = app_factory(case_dir, language="en")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        await pilot.press("f2")
        await settle(pilot, app)
        assert isinstance(app.screen, CaseScreen)
        table = app.screen.query_one("#items", EvidenceTable)
        assert table.columns[0].label == "序号"
        assert table.row_count == 3
        assert app.config.language == "zh-Hans"
        await pilot.press("f2")
        await settle(pilot, app)
        assert app.screen.query_one("#items", EvidenceTable).columns[1].label == "名稱"


async def test_light_and_dark(app_factory, case_dir: Path) -> None:
    app = app_factory(case_dir)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        assert app.theme == "textual-dark"
        await pilot.press("f3")
        assert app.theme == "textual-light"
        assert app.config.theme == "textual-light"


def test_theme_follows_the_terminal_background() -> None:
    from evidencekit.tui.config import guess_theme

    assert guess_theme({"COLORFGBG": "0;15"}) == "textual-light"
    assert guess_theme({"COLORFGBG": "15;0"}) == "textual-dark"
    assert guess_theme({}) == "textual-dark"


async def test_verify_reports_a_tampered_case(app_factory, case_dir: Path) -> None:
    from evidencekit.core.vault.case import Case as _Case

    with _Case.open(case_dir) as c:
        obj = c.original_path(c.item(1))
    os.chmod(obj, 0o644)
    data = bytearray(obj.read_bytes())
    data[-1] ^= 0xFF
    obj.write_bytes(bytes(data))
    app = app_factory(case_dir)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        await pilot.press("v")
        await settle(pilot, app)
        screen = app.screen
        assert isinstance(screen, VerifyScreen)
        assert screen.report is not None and not screen.report.ok
        assert "✗" in str(screen.query_one("#verify-summary", Static).render())


async def test_a_bug_ends_with_a_calm_sentence_and_a_log(app_factory, case_dir: Path, tmp_path: Path, monkeypatch) -> None:
    import pytest

    from evidencekit.tui.screens import chronology

    def boom(self) -> None:  # type: ignore[no-untyped-def]
        raise RuntimeError("a bug")

    monkeypatch.setattr(chronology.ChronologyScreen, "on_mount", boom)
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    app = app_factory(case_dir)
    with pytest.raises(RuntimeError):
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot, app)
            await pilot.press("t")
            await pilot.pause()
    assert "Your case is safe" in app.crash_message
    logs = list((tmp_path / "state").rglob("tui-errors.log"))
    assert logs and "RuntimeError: a bug" in logs[0].read_text()


async def test_dropping_a_bundle_on_verify_checks_it(app_factory, case_dir: Path) -> None:
    app = app_factory(None)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("v")
        screen = app.screen
        assert isinstance(screen, VerifyScreen)
        screen.query_one("#target", Field).post_message(events.Paste(f"'{case_dir}'"))
        await settle(pilot, app)
        assert screen.report is not None and screen.report.ok


async def test_files_dropped_before_any_case_start_one(app_factory, samples: Path, tmp_path: Path) -> None:
    app = app_factory(None)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        app.screen.post_message(events.Paste(f"{samples}/ios-light-hans-reminder.png {samples}/call-2026-11-20.wav"))
        await pilot.pause()
        assert isinstance(app.screen, NewCaseDialog)
        app.screen.query_one("#title", Field).value = "Dropped first"
        app.screen.query_one("#folder", Field).value = str(tmp_path / "dropped")
        await pilot.press("ctrl+s")
        await settle(pilot, app)
        assert isinstance(app.screen, ConfirmImportDialog)
        await pilot.press("enter")
        await settle(pilot, app, rounds=5)
        assert app.case is not None and app.case.count() == 2


async def test_a_case_folder_dropped_on_the_start_screen_opens(app_factory, case_dir: Path) -> None:
    app = app_factory(None)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        app.screen.post_message(events.Paste(f"'{case_dir}'"))
        await settle(pilot, app)
        assert isinstance(app.screen, CaseScreen)


async def test_big_imports_stay_readable(app_factory, tmp_path: Path) -> None:
    from evidencekit.core.models import ImportOutcome

    outcomes = [ImportOutcome(f"/x/shot-{i}.png", "imported", i, "0" * 64) for i in range(400)]
    outcomes += [ImportOutcome("/x/bad.bin", "rejected", reason="the file is empty (0 bytes)")]
    paths = [str(tmp_path / f"f{i}.png") for i in range(300)]
    for p in paths:
        Path(p).write_bytes(b"x")
    app = app_factory(None)
    async with app.run_test(size=SIZE) as pilot:
        await app.push_screen(ConfirmImportDialog(paths, []))
        await pilot.pause()
        assert len(app.screen.query("#import-list Static")) == 201
        app.pop_screen()
        await app.push_screen(ImportResultDialog(outcomes))
        await pilot.pause()
        lines = app.screen.query(".outcome")
        assert [w.classes for w in lines][0] == {"outcome", "rejected"} and len(lines) == 1
        assert "400 imported" in str(app.screen.query_one("#import-summary", Static).render())


async def test_case_details_can_be_edited(app_factory, case_dir: Path) -> None:
    app = app_factory(case_dir)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        await pilot.press("m")
        dialog = app.screen
        assert isinstance(dialog, NewCaseDialog)
        assert dialog.query_one("#claimant", Field).value == "张三"
        assert not dialog.query("#folder")
        # the field shows each institution's numbers, and saves what it says
        shown = dialog.query_one("#institutions", Field).value
        assert "某某消费金融=95188" in shown
        dialog.query_one("#institutions", Field).value = shown + "，乙银行"
        await pilot.press("ctrl+s")
        await settle(pilot, app)
        assert [r.name for r in app.case.meta.respondents] == ["某某消费金融", "乙银行"]
        assert app.case.meta.respondents[0].numbers == ("95188",)
        assert app.case.meta.title == "某某金融催收"
        assert any(e.action == "case_updated" for e in app.case.log_entries())


def test_night_is_flagged_only_for_message_times() -> None:
    from evidencekit.tui.screens.case_rows import shown_labels

    assert shown_labels(("threat", "threat_legal_action", "marketing")) == ("threat_legal_action", "marketing")


async def test_night_flag_needs_a_message_time(app_factory, case_dir: Path) -> None:
    with Case.open(case_dir) as c:
        c.update_item(3, event_time="2026-11-20 23:30")
    app = app_factory(case_dir)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        screen = app.screen
        flags = {r.item.id: " ".join(str(c) for c in row_cells(r).values()) for r in screen.rows}
        assert "night" in flags[3]
        assert "night" not in flags[1]  # file time 21:30 local is not a contact time


def test_rejection_reasons_are_translated() -> None:
    from evidencekit.tui.dialogs.import_result import reason_text
    from evidencekit.tui.i18n import set_language

    set_language("zh-Hans")
    try:
        assert reason_text("the file is empty (0 bytes)") == "文件是空的（0 字节）"
        assert reason_text("the recording cannot be read (bad header)") == "无法读取录音 (bad header)"
        assert reason_text("something new") == "something new"
    finally:
        set_language("en")


async def test_files_dropped_on_the_item_screen_go_to_the_case(app_factory, case_dir: Path, samples: Path) -> None:
    app = app_factory(case_dir)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        await pilot.press("enter")
        await settle(pilot, app)
        assert isinstance(app.screen, ItemScreen)
        app.screen.post_message(events.Paste(f"{samples}/ios-light-hant-threat.png"))
        await settle(pilot, app)
        assert isinstance(app.screen, ConfirmImportDialog)


async def test_space_marks_files_in_the_import_tree(app_factory, case_dir: Path, samples: Path) -> None:
    app = app_factory(case_dir)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        dialog = ImportBrowserDialog(str(samples))
        app.push_screen(dialog)
        await pilot.pause(0.5)
        await pilot.press("down")  # the first entry under the root
        await pilot.press("space")
        assert len(dialog.chosen) == 1
        await pilot.press("space")
        assert dialog.chosen == []


async def test_quit_during_an_import_asks_then_stops_cleanly(app_factory, case_dir: Path, samples: Path,
                                                             import_waits_for_cancel) -> None:
    started = import_waits_for_cancel
    app = app_factory(case_dir)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        app.screen.post_message(events.Paste(f"{samples}/ios-light-hant-threat.png"))
        await pilot.pause()
        await pilot.press("enter")
        for _ in range(50):
            await pilot.pause(0.02)
            if started.is_set():
                break
        await pilot.press("q")
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("escape")
        assert app.is_running
        await pilot.press("q")
        app.screen.query_one("#ok").press()
        await pilot.pause(0.5)
    assert not app.is_running
    with Case.open(case_dir) as c:
        assert c.count() == 3


async def test_command_palette_runs_an_action_by_name(app_factory, case_dir: Path) -> None:
    app = app_factory(case_dir, language="zh-Hans")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        await pilot.press("ctrl+p")
        await pilot.pause(0.2)
        await type_text(pilot, "时间线")
        await pilot.pause(0.5)
        await pilot.press("enter")
        await settle(pilot, app)
        assert isinstance(app.screen, ChronologyScreen)


async def test_a_reading_that_needs_a_look_is_flagged_in_the_table(app_factory, case_dir: Path) -> None:
    from evidencekit.core.models import EngineInfo, Message, OcrResult, OcrWarning
    from evidencekit.tui.screens.case_rows import row_cells

    engine = EngineInfo("rapidocr", "3", "ch")
    with Case.open(case_dir) as c:
        c.store_ocr(1, OcrResult(c.item(1).sha256, engine, "zh-Hans", "", None, (),
                                 (OcrWarning("ocr.empty", "no text found in the image"),)), cache_key="t")
        c.store_ocr(3, OcrResult(c.item(3).sha256, engine, "zh-Hans", "还款", "95188", (Message("还款"),),
                                 (OcrWarning("ocr.low_confidence", "1 of 1 messages read with low confidence"),)),
                    cache_key="t")
    app = app_factory(case_dir)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        screen = app.screen
        # every column of the row (a narrow window shows some of them: those shown are checked below)
        cells = {r.item.id: {k: str(c) for k, c in row_cells(r).items()} for r in screen.rows}
        assert "no text found" in cells[1]["labels"] and cells[1]["ocr"] == "!"
        assert "check reading" in cells[3]["labels"] and cells[3]["ocr"] == "!"
        assert cells[2]["ocr"] == "·"  # the recording: not a screenshot
        shown = {r.item.id: dict(zip(screen.widths, (str(c) for c in screen.cells(r)))) for r in screen.rows}
        assert shown[1]["ocr"] == "!" and shown[3]["ocr"] == "!"
        # the ones to check sort before the ones read cleanly
        order = sorted(screen.rows, key=lambda r: r.sort_key("ocr"))
        assert [r.item.id for r in order][:2] == [1, 3]


async def test_the_list_reads_the_labels_again_when_the_claimants_name_changes(app_factory, case_dir: Path) -> None:
    from evidencekit.core.models import EngineInfo, Message, OcrResult

    notice = Message("张伟，您的借款已逾期3天，请今日内还款。", sent_at="2026-11-20T10:00:00", side="in")
    with Case.open(case_dir) as c:
        c.store_ocr(1, OcrResult(c.item(1).sha256, EngineInfo("rapidocr", "3", "ch"), "zh-Hans", "", "95188",
                                 (notice,)), cache_key="t")
    app = app_factory(case_dir)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        screen = app.screen
        assert screen.by_id[1].labels == ("possibly_misdirected",)  # 张三's phone
        await pilot.press("m")
        assert isinstance(app.screen, NewCaseDialog)
        app.screen.query_one("#claimant", Field).value = "张伟"
        await pilot.press("ctrl+s")
        await settle(pilot, app)
        assert app.case.meta.claimant_name == "张伟"
        assert screen.by_id[1].labels == ("overdue_collection",)


def test_an_institution_after_anothers_numbers_is_its_own() -> None:
    from evidencekit.tui.dialogs.new_case import respondents_of

    got = respondents_of("某某消费金融=95188，乙银行；丙资产=#BingAM, 021 8000 1234，丁银行=95555")
    assert [(r.name, r.numbers) for r in got] == [
        ("某某消费金融", ("95188",)), ("乙银行", ()), ("丙资产", ("#BingAM", "02180001234")), ("丁银行", ("95555",))]
