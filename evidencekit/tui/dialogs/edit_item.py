"""Edit what the user says about an item; every change becomes a custody entry (in the core)."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Label, Static

from evidencekit.core.analysis.figures import own_phone, received_by_value
from evidencekit.core.models import Item
from evidencekit.tui.i18n import _
from evidencekit.tui.widgets.fields import Field, FormScroll


def split_tags(text: str) -> tuple[str, ...]:
    return tuple(t.strip() for t in re.split(r"[,，、;；]+", text) if t.strip())


def valid_time(text: str) -> bool:
    """Event times are ``2026-11-20 21:03`` (or any ISO 8601 form), or empty."""
    if not text:
        return True
    try:
        dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return False
    return True


def received_by_shown(received_by: str) -> str:
    """Whose phone an item was received on, in the UI's language: the person's own ("本人", "me")
    as they would type it (:func:`~evidencekit.core.analysis.figures.received_by_value` reads it
    back), a third party as they wrote it."""
    return _("me") if own_phone(received_by) else received_by


class EditItemDialog(ModalScreen[dict[str, Any] | None]):
    """Dismisses with the changed fields only (or None)."""

    BINDINGS = [Binding("escape", "cancel", "Cancel"), Binding("ctrl+s", "save", "Save")]

    def __init__(self, item: Item, *, prefill: dict[str, str] | None = None) -> None:
        super().__init__()
        self.item = item
        self.prefill = prefill or {}  # suggestions shown in empty fields, saved only when kept

    def compose(self) -> ComposeResult:
        it = self.item
        with Vertical(classes="dialog", id="edit-item"):
            yield Static(_("Edit item") + f" · {it.original_name}", classes="dialog-title", markup=False)
            with FormScroll():
                yield Label(_("Title"))
                yield Field(it.title or self.prefill.get("title", ""), placeholder=it.original_name, id="title")
                yield Label(_("What it proves (证明目的)"))
                yield Field(it.proves or self.prefill.get("proves", ""), id="proves")
                yield Label(_("Source (e.g. my phone, screenshot of the SMS app)"))
                yield Field(it.source, id="source")
                yield Label(_("Received by (whose phone or account: 'me' for your own, or e.g. Ms Wong (colleague); "
                              "empty: each message's wording decides)"))
                yield Field(received_by_shown(it.received_by), id="received_by")
                yield Label(_("Event time (YYYY-MM-DD HH:MM)"))
                yield Field(it.event_time or "", id="event_time")
                yield Label(_("Tags (separated by commas)"))
                yield Field("、".join(it.tags), id="tags")
                yield Label(_("How it was obtained (extraction note)"))
                yield Field(it.extraction_note, id="extraction_note")
                yield Label(_("Group (items in one group are numbered 1-1, 1-2…)"))
                yield Field(it.group_name, id="group_name")
                with Horizontal(classes="buttons"):
                    yield Button(_("Save") + " (Ctrl+S)", id="ok", variant="primary")
                    yield Button(_("Cancel"), id="cancel")

    def on_mount(self) -> None:
        self.query_one("#title", Field).focus()

    def values(self) -> dict[str, Any]:
        def get(k: str) -> str:
            return self.query_one(f"#{k}", Field).value.strip()

        return {
            "title": get("title"),
            "proves": get("proves"),
            "source": get("source"),
            "received_by": received_by_value(get("received_by")),
            "event_time": get("event_time") or None,
            "tags": split_tags(get("tags")),
            "extraction_note": get("extraction_note"),
            "group_name": get("group_name"),
        }

    @on(Field.Submitted)
    def _next(self) -> None:
        self.focus_next()

    @on(Button.Pressed, "#ok")
    def action_save(self) -> None:
        values = self.values()
        if not valid_time(values["event_time"] or ""):
            self.notify(_("The event time should look like 2026-11-20 21:03."), severity="warning")
            self.query_one("#event_time", Field).focus()
            return
        changed = {k: v for k, v in values.items() if getattr(self.item, k) != v}
        self.dismiss(changed or None)

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)
