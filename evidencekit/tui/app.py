"""The EvidenceKit terminal app: a shell that opens cases and routes errors. Screens do the work."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any, cast

from textual.app import App
from textual.binding import Binding

from evidencekit.core.clock import Clock, system_clock
from evidencekit.core.models import CaseMeta
from evidencekit.core.vault.case import Case, display_path, room_for_a_case
from evidencekit.errors import EvidenceKitError
from evidencekit.locale import detect_language
from evidencekit.tui import compositor, toasts
from evidencekit.tui.commands import ActionsProvider
from evidencekit.tui.config import UiConfig, guess_theme
from evidencekit.tui.drops import DropRouting
from evidencekit.tui.errors import ErrorReporting, RunningTasks
from evidencekit.tui.i18n import _, current_language, next_language, set_language
from evidencekit.tui.screens.base import AppScreen
from evidencekit.tui.screens.case import CaseScreen
from evidencekit.tui.screens.help import HelpScreen
from evidencekit.tui.screens.start import StartScreen

log = logging.getLogger(__name__)


class EvidenceKitApp(DropRouting, ErrorReporting, App[int]):
    CSS_PATH = "app.tcss"
    TITLE = "EvidenceKit"
    BINDINGS = [
        Binding("q", "quit", "Quit"),
        Binding("question_mark", "help", "Help", key_display="?"),
        Binding("f2", "switch_language", "Language"),
        Binding("f3", "toggle_theme", "Light / dark", show=False),
    ]
    COMMANDS = {ActionsProvider}  # the app's own actions, by their names in the UI language

    def __init__(
        self,
        case_dir: str | Path | None = None,
        *,
        ocr_engine: Any = None,
        clock: Clock | None = None,
        language: str | None = None,
        config_dir: Path | None = None,
        image_class: type | None = None,
        graphics: bool = False,
    ) -> None:
        compositor.install()  # Chinese characters kept whole under notifications
        toasts.install()  # and notifications' lines broken for Chinese too
        self.config = UiConfig.load(config_dir)
        set_language(language or self.config.language or detect_language())
        super().__init__()
        self.case_dir = Path(case_dir) if case_dir else None
        self.case: Case | None = None
        self.ocr_engine = ocr_engine
        self.clock: Clock = clock or system_clock
        # A fixed clock means a test: freeze everything that moves (cursor blink, animations).
        self.frozen = clock is not None
        self.image_class = image_class
        self.graphics = graphics  # the terminal draws images itself (kitty, sixel): full size
        if self.frozen:
            self.animation_level = "none"
        self.theme = self.config.theme or guess_theme()
        self._switching = False
        self.tasks = RunningTasks()

    # ------------------------------------------------------------------ cases

    def on_mount(self) -> None:
        # A case named on the command line opens straight away (the start screen is only built
        # when it is needed: a faster launch); a folder named there that holds no case yet (absent,
        # or empty) is offered for a new one.
        if self.case_dir is not None and room_for_a_case(self.case_dir):
            self.show_start()
            self.new_case(self.case_dir)
        elif self.case_dir is None or not self.open_case(self.case_dir):
            self.show_start()

    def new_case(self, folder: Path | None = None, *, then_import: list[str] | None = None) -> None:
        """The new-case form, then the case made from it; ``folder``: a folder named on the command
        line that holds no case yet (the form starts with it); ``then_import``: files dropped before
        there was a case."""
        from evidencekit.tui.dialogs.new_case import NewCase, NewCaseDialog

        def done(result: NewCase | None) -> None:
            if result is not None:
                self.create_case(result.folder, result.meta, then_import=then_import)

        if folder is not None:
            self.notify(_("There is no case in {folder} yet: a few words about it, and it is created there.").format(
                folder=display_path(str(folder))), timeout=8, markup=False)
        self.push_screen(NewCaseDialog(folder=folder), done)

    def show_start(self) -> None:
        if not any(isinstance(s, StartScreen) for s in self.screen_stack):
            self.push_screen(StartScreen())

    def open_case(self, path: str | Path) -> bool:
        """Open ``path`` and show it; on failure say why and stay where we are."""
        try:
            case = Case.open(path, clock=self.clock)
        except EvidenceKitError as e:
            self.report_error(e, about=display_path(str(path)))
            return False
        self._set_case(case)
        self.push_screen(CaseScreen(case))
        return True

    def create_case(self, path: str | Path, meta: CaseMeta, *, then_import: list[str] | None = None) -> bool:
        """Create a case and show it; ``then_import``: files dropped before there was a case."""
        try:
            case = Case.create(path, meta, clock=self.clock)
        except EvidenceKitError as e:
            self.report_error(e, about=display_path(str(path)))
            return False
        self._set_case(case)
        self.push_screen(CaseScreen(case, then_import=then_import))
        if not then_import:
            self.notify(_("Case created. Drag screenshots and recordings into this window to add them."))
        return True

    def _set_case(self, case: Case) -> None:
        self.close_case()
        self.case = case
        self.config.add_recent(case.path)
        for line in case.recovered:
            self.notify(line, title=_("Repaired after an interruption"), severity="warning", markup=False)

    def close_case(self) -> None:
        if self.case is not None:
            self.case.close()
            self.case = None

    def on_unmount(self) -> None:
        self.close_case()

    # ------------------------------------------------------------------ actions

    def busy_workers(self) -> list[Any]:
        return [w for w in self.workers if w.group in ("import", "ocr", "export", "move", "edit") and w.is_running]

    def drafts(self) -> list[AppScreen]:
        """The open screens holding edits not saved yet."""
        return [s for s in self.screen_stack if isinstance(s, AppScreen) and s.has_drafts()]

    async def action_quit(self) -> None:
        """Quit; unsaved edits and a running import/OCR/export are asked about first."""
        held = self.drafts()
        if held:
            from evidencekit.tui.dialogs.unsaved import Choice, UnsavedDialog

            def answered(choice: Choice | None) -> None:
                if choice == "save":
                    held[0].save_drafts(lambda: self.call_later(self.action_quit))
                elif choice == "discard":
                    for screen in held:
                        screen.discard_drafts()
                    self.call_later(self.action_quit)

            self.push_screen(UnsavedDialog(_("You corrected text that is not saved yet. Save it before quitting?")),
                             answered)
            return
        if not self.busy_workers():
            self.exit()
            return
        from evidencekit.tui.dialogs.confirm import ConfirmDialog

        async def stop_then_exit(answer: str | None) -> None:
            if answer is None:
                return
            self.tasks.quitting = True
            for w in self.busy_workers():
                w.cancel()
            await self.tasks.wait_idle()  # the core stops between two files
            self.exit()

        self.push_screen(
            ConfirmDialog(_("Quit now?"), _("A task is still running. It stops safely: what is done so far is kept."),
                          confirm=_("Quit")),
            stop_then_exit,
        )

    def action_help(self) -> None:
        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen())  # built anew: in the language of the moment

    def action_command_palette(self) -> None:
        from textual.command import CommandPalette

        if self.use_command_palette and not CommandPalette.is_open(cast("App[object]", self)):
            self.push_screen(CommandPalette(placeholder=_("Type what you want to do…"), id="--command-palette"))

    def action_help_quit(self) -> None:
        """Ctrl+C: say how to quit, in the UI's language (Textual's own prompt is English)."""
        self.notify(_("Press q or Ctrl+Q to quit."), title=_("Do you want to quit?"))

    def action_toggle_theme(self) -> None:
        self.theme = "textual-light" if self.theme == "textual-dark" else "textual-dark"
        self.config.theme = self.theme
        self.config.save()

    async def action_switch_language(self, lang: str | None = None) -> None:
        """Change the UI language and rebuild the screens in it."""
        if self._switching:
            return
        if self.busy_workers():
            self.notify(_("Wait for the running task to finish (or press Esc to cancel it) first."))
            return
        new = set_language(lang or next_language(current_language()))
        self.config.language = new
        self.config.save()
        self._switching = True  # keys that arrive meanwhile must not act on screens being removed
        try:
            # every screen is rebuilt in the new language with what it held (typed corrections
            # included); dialogs close
            remade = [s.remake() for s in self.screen_stack[1:] if isinstance(s, AppScreen)]
            while len(self.screen_stack) > 1:
                await self.pop_screen()
            for screen in [s for s in remade if s is not None] or [StartScreen()]:
                await self.push_screen(screen)
        finally:
            self._switching = False
        self.notify(_("Language: English"), timeout=3)


def make_app(
    case_dir: str | Path | None = None,
    *,
    ocr_engine: Any = None,
    clock: Clock | None = None,
    language: str | None = None,
    config_dir: Path | None = None,
    image_class: type | None = None,
    graphics: bool = False,
) -> EvidenceKitApp:
    """Build the app; shared by the CLI and the tests (tests pass a fixed clock and config dir)."""
    return EvidenceKitApp(case_dir, ocr_engine=ocr_engine, clock=clock, language=language, config_dir=config_dir,
                          image_class=image_class, graphics=graphics)


def run_tui(case_dir: str | None) -> int:
    """Run the app in this terminal; returns the process exit code."""
    # textual-image asks the terminal about graphics support; that must happen before Textual
    # takes the terminal over.
    image_class: type | None = None
    graphics = False
    try:
        from textual_image.renderable import Image as Best
        from textual_image.renderable.sixel import Image as Sixel
        from textual_image.renderable.tgp import Image as Kitty
        from textual_image.widget import Image

        image_class = Image
        graphics = Best in (Sixel, Kitty)
    except Exception as e:  # noqa: BLE001 - any terminal quirk: fall back to cell rendering
        log.info("terminal graphics detection failed: %s", e)
    app = make_app(case_dir, image_class=image_class, graphics=graphics)
    result = app.run()
    return int(result or 0)
