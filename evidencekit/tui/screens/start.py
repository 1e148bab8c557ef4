"""The first screen: recent cases, a new case, or open a folder."""

from __future__ import annotations

from pathlib import Path

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import Button, OptionList, Static
from textual.widgets.option_list import Option

from evidencekit.core.vault.case import display_path, is_case
from evidencekit.locale import LANGUAGE_NAMES
from evidencekit.tui.dialogs.open_case import OpenCaseDialog
from evidencekit.tui.i18n import _, current_language
from evidencekit.tui.paste import parse_pasted_paths, split_existing
from evidencekit.tui.screens.base import AppScreen, ek
from evidencekit.tui.widgets.footer import LocalFooter


class StartScreen(AppScreen):
    BINDINGS = [
        Binding("n", "new_case", "New case"),
        Binding("o", "open_case", "Open case"),
        Binding("v", "verify", "Verify"),
    ]

    def remake(self) -> Screen[None]:
        return StartScreen()

    def compose(self) -> ComposeResult:
        with Vertical(id="start"):
            yield Static(f"[b]EvidenceKit[/b]  {_('Keep the evidence, calmly and verifiably')}", id="start-title")
            yield Static(
                _(
                    "A case is one folder that holds your screenshots and recordings, untouched, "
                    "with their fingerprints and a signed log."
                ),
                id="start-intro",
            )
            yield Static(_("Recent cases"), classes="section")
            yield OptionList(id="recent")
            with Horizontal(id="start-buttons"):
                yield Button(_("New case") + " (n)", id="new", variant="primary")
                yield Button(_("Open case") + " (o)", id="open")
            yield Static(
                _("Language") + f": {LANGUAGE_NAMES[current_language()]} — F2 " + _("to switch"),
                id="start-lang",
            )
        yield LocalFooter()

    def on_mount(self) -> None:
        self.refresh_recent()

    def on_screen_resume(self) -> None:
        self.refresh_recent()

    def refresh_recent(self) -> None:
        recent = self.query_one("#recent", OptionList)
        recent.clear_options()
        cases = ek(self).config.recent
        if not cases:
            recent.add_option(Option(_("No cases yet: press n to start one."), id="-", disabled=True))
            self.query_one("#new", Button).focus()
            return
        for p in cases:
            ok = is_case(p)
            label = f"{Path(p).name}  [dim]{display_path(p)}[/dim]" if ok else f"[dim]{display_path(p)} ({_('missing')})[/dim]"
            recent.add_option(Option(label, id=p))
        recent.highlighted = 0
        recent.focus()

    @on(OptionList.OptionSelected, "#recent")
    def _open_recent(self, event: OptionList.OptionSelected) -> None:
        if event.option.id and event.option.id != "-":
            ek(self).open_case(event.option.id)

    @on(Button.Pressed, "#new")
    def action_new_case(self) -> None:
        ek(self).new_case()

    @on(Button.Pressed, "#open")
    def action_open_case(self) -> None:
        def done(path: str | None) -> None:
            if path:
                ek(self).open_case(path)

        self.app.push_screen(OpenCaseDialog(), done)

    def action_verify(self) -> None:
        from evidencekit.tui.screens.verify import VerifyScreen

        self.app.push_screen(VerifyScreen(None))

    def dropped(self, text: str) -> None:
        """A case folder dropped here opens; evidence dropped here starts a new case for it."""
        found = split_existing(parse_pasted_paths(text))
        for p in found.existing:
            if is_case(p):
                ek(self).open_case(p)
                return
        if not found.existing:
            self.notify(_("No file or folder found at the pasted path."), severity="warning")
            return
        paths = found.existing
        self.notify(_("First a few words about the case; then the files are imported."), timeout=6)
        ek(self).new_case(then_import=paths)
