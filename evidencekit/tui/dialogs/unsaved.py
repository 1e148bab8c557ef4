"""Before leaving a screen that holds typed edits: save them, discard them, or stay."""

from __future__ import annotations

from typing import Literal

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from evidencekit.tui.i18n import _

Choice = Literal["save", "discard"]


class UnsavedDialog(ModalScreen[Choice | None]):
    """Dismisses with "save", "discard", or None (stay: nothing happens)."""

    BINDINGS = [Binding("escape", "stay", "Stay")]

    def __init__(self, what: str) -> None:
        super().__init__()
        self.what = what

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog small", id="unsaved"):
            yield Static(_("Save your changes?"), classes="dialog-title")
            yield Static(self.what, markup=False)
            with Horizontal(classes="buttons"):
                yield Button(_("Save"), id="save", variant="primary")
                yield Button(_("Discard"), id="discard", variant="error")
                yield Button(_("Stay") + " (Esc)", id="stay")

    def on_mount(self) -> None:
        self.query_one("#save", Button).focus()

    @on(Button.Pressed, "#save")
    def _save(self) -> None:
        self.dismiss("save")

    @on(Button.Pressed, "#discard")
    def _discard(self) -> None:
        self.dismiss("discard")

    @on(Button.Pressed, "#stay")
    def action_stay(self) -> None:
        self.dismiss(None)
