"""After an import: one line per file — imported, already in the case, or rejected and why."""

from __future__ import annotations

from collections import Counter

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, DataTable, Static

from evidencekit.core.models import ImportOutcome
from evidencekit.tui.i18n import _

STATUS = {"imported": ("Imported", "green"), "duplicate": ("Already in the case", "yellow"), "rejected": ("Rejected", "red")}

# Reasons come from the core in English; the common ones are translated here.
REASONS = (
    "same bytes as an item already in the case",
    "the file is empty (0 bytes)",
    "unsupported type: not an image, recording, video, PDF or text file",
    "no such file or folder",
    "permission denied: the file cannot be read",
    "not a regular file (device, pipe or socket)",
    "the file changed while it was being read; try again when it is complete",
    "link to a folder: not followed (it could loop)",
    "broken or looping symbolic link",
)


def reason_text(reason: str) -> str:
    return _(reason) if reason in REASONS else reason


class ImportResultDialog(ModalScreen[None]):
    BINDINGS = [Binding("escape,enter", "close", "Close")]

    def __init__(self, outcomes: list[ImportOutcome], cancelled: bool = False) -> None:
        super().__init__()
        self.outcomes = outcomes
        self.cancelled = cancelled

    def compose(self) -> ComposeResult:
        c = Counter(o.status for o in self.outcomes)
        summary = _("{a} imported, {b} already in the case, {c} rejected")
        summary = summary.replace("{a}", str(c["imported"])).replace("{b}", str(c["duplicate"])).replace("{c}", str(c["rejected"]))
        if self.cancelled:
            summary += " — " + _("stopped before the end")
        with Vertical(classes="dialog", id="import-result"):
            yield Static(_("Import finished"), classes="dialog-title")
            yield Static(summary, id="import-summary")
            table: DataTable[Text] = DataTable(id="outcomes", cursor_type="row")
            yield table
            with Horizontal(classes="buttons"):
                yield Button(_("Close"), id="close", variant="primary")

    def on_mount(self) -> None:
        table = self.query_one("#outcomes", DataTable)
        table.add_column(_("Result"), key="status")
        table.add_column(_("File"), key="file")
        table.add_column(_("Reason"), key="reason")
        for o in self.outcomes:
            label, colour = STATUS[o.status]
            name = o.path.rsplit("/", 1)[-1]
            table.add_row(Text(_(label), style=colour), Text(name), Text(reason_text(o.reason) if o.status == "rejected" else ""))
        self.query_one("#close", Button).focus()

    @on(Button.Pressed, "#close")
    def action_close(self) -> None:
        self.dismiss(None)
