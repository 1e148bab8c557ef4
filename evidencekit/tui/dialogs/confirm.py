"""A yes/no question, optionally with a reason to type."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from evidencekit.tui.i18n import _
from evidencekit.tui.widgets.fields import Field


class ConfirmDialog(ModalScreen[str | None]):
    """Dismisses with the reason typed ("" when none asked) on yes, None on no."""

    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, title: str, body: str, *, confirm: str | None = None, ask_reason: str | None = None) -> None:
        super().__init__()
        self.title_text = title
        self.body = body
        self.confirm = confirm or _("Yes")
        self.ask_reason = ask_reason

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog small"):
            yield Static(self.title_text, classes="dialog-title")
            yield Static(self.body, markup=False)
            if self.ask_reason:
                yield Field(placeholder=self.ask_reason, id="reason")
            with Horizontal(classes="buttons"):
                yield Button(self.confirm, id="ok", variant="error")
                yield Button(_("Cancel"), id="cancel")

    def on_mount(self) -> None:
        if self.ask_reason:
            self.query_one("#reason", Field).focus()
        else:
            self.query_one("#cancel", Button).focus()

    @on(Field.Submitted, "#reason")
    @on(Button.Pressed, "#ok")
    def _ok(self) -> None:
        reason = self.query_one("#reason", Field).value.strip() if self.ask_reason else ""
        self.dismiss(reason)

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)
