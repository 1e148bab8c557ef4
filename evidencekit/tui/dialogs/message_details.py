"""Correct who sent a message and when: its side (received / sent by me), its time, and who the
screenshot's received messages are from. Each change is logged like a text correction (in the
core); the time as the screen showed it is kept beside."""

from __future__ import annotations

from dataclasses import dataclass

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Label, Select, Static

from evidencekit.core.analysis.timeparse import parse_time as core_parse_time
from evidencekit.tui.i18n import N_, _
from evidencekit.tui.markup import escape
from evidencekit.tui.widgets.fields import Field, FormScroll

SIDES = (("in", N_("Received")), ("out", N_("Sent by me")), ("", N_("Not sure")))


@dataclass(frozen=True)
class MessageDetails:
    """What the dialog saves: the fields that changed (None: unchanged)."""

    side: str | None = None
    sent_at: str | None = None
    sender: str | None = None

    @property
    def empty(self) -> bool:
        return self.side is None and self.sent_at is None and self.sender is None


def parse_time(text: str) -> str | None:
    """``2026-11-20 22:15`` (or any ISO 8601 form) → ``2026-11-20T22:15``; "" stays "" (no time);
    None when it is not a time."""
    text = text.strip()
    if not text:
        return ""
    t = core_parse_time(text.replace("/", "-"))  # the core's reading of a time, as everywhere
    if t is None:
        return None
    return t.strftime("%Y-%m-%dT%H:%M") + (f":{t.second:02d}" if t.second else "")


class MessageDetailsDialog(ModalScreen[MessageDetails | None]):
    BINDINGS = [Binding("escape", "cancel", "Cancel"), Binding("ctrl+s", "save", "Save")]

    def __init__(self, number: int, *, side: str, sent_at: str, sender: str, shown: str) -> None:
        super().__init__()
        self.number = number
        self.side, self.sent_at, self.sender, self.shown = side, sent_at, sender, shown

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog small", id="message-details"):
            yield Static(_("Message {n}: who sent it, and when").replace("{n}", str(self.number)), classes="dialog-title")
            with FormScroll():
                yield Label(_("Who sent it"))
                yield Select([(_(name), key) for key, name in SIDES], value=self.side if self.side in ("in", "out") else "",
                             allow_blank=False, id="side")
                yield Label(_("When it was sent (YYYY-MM-DD HH:MM; empty: not known)"))
                yield Field(self.sent_at.replace("T", " ")[:16], id="sent_at")
                if self.shown:
                    yield Static(f"[dim]{_('On screen: {label}').replace('{label}', escape(self.shown))}[/dim]")
                yield Label(_("Sender of the received messages (for the whole screenshot)"))
                yield Field(self.sender, id="sender")
                with Horizontal(classes="buttons"):
                    yield Button(_("Save") + " (Ctrl+S)", id="ok", variant="primary")
                    yield Button(_("Cancel"), id="cancel")

    def on_mount(self) -> None:
        self.query_one("#side", Select).focus()

    @on(Field.Submitted)
    def _next(self) -> None:
        self.focus_next()

    @on(Button.Pressed, "#ok")
    def action_save(self) -> None:
        when = parse_time(self.query_one("#sent_at", Field).value)
        if when is None:
            self.notify(_("The time should look like 2026-11-20 21:03."), severity="warning")
            self.query_one("#sent_at", Field).focus()
            return
        side = str(self.query_one("#side", Select).value)
        sender = self.query_one("#sender", Field).value.strip()
        before = parse_time(self.sent_at) or ""
        self.dismiss(MessageDetails(
            side=side if side != (self.side if self.side in ("in", "out") else "") else None,
            sent_at=when if when != before else None,
            sender=sender if sender != self.sender else None,
        ))

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)
