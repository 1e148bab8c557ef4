"""After an import: one line per file — imported, already in the case, or rejected and why."""

from __future__ import annotations

from collections import Counter

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from evidencekit.core.models import ImportOutcome
from evidencekit.tui.i18n import N_, _
from evidencekit.tui.markup import escape

MAX_LINES = 300
MAX_IMPORTED_LISTED = 50

STATUS = {
    "imported": (N_("Imported"), "green"),
    "duplicate": (N_("Already in the case"), "yellow"),
    "rejected": (N_("Rejected"), "red"),
}

# Reasons come from the core in English; the common ones are translated here.
REASONS = (
    N_("same bytes as an item already in the case"),
    N_("the file is empty (0 bytes)"),
    N_("unsupported type: not an image, recording, video, PDF or text file"),
    N_("no such file or folder"),
    N_("permission denied: the file cannot be read"),
    N_("not a regular file (device, pipe or socket)"),
    N_("the file changed while it was being read; try again when it is complete"),
    N_("link to a folder: not followed (it could loop)"),
    N_("broken or looping symbolic link"),
    N_("the disk is full: nothing was imported from this file; free some space and try again"),
    N_("symbolic link loop"),
    N_("is a folder"),
    N_("the PDF is truncated (no end-of-file marker)"),
    N_("the image cannot be read (corrupt or unsupported image format)"),
)
# Reasons with details after a fixed start: the start is translated, the details kept.
PREFIXES = (
    N_("the image is truncated or corrupt"),
    N_("the recording cannot be read"),
    N_("image refused as a possible decompression bomb"),
    N_("cannot read the file"),
    N_("folder cannot be read"),
)


def reason_text(reason: str) -> str:
    if reason in REASONS:
        return _(reason)
    for start in PREFIXES:
        if reason.startswith(start):
            return _(start) + reason[len(start):]
    return reason


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
            with VerticalScroll(id="outcomes"):
                # problems first; a big import lists its imported files only as a count
                problems = [o for o in self.outcomes if o.status != "imported"]
                imported = [o for o in self.outcomes if o.status == "imported"]
                shown = problems[:MAX_LINES] + (imported if len(imported) <= MAX_IMPORTED_LISTED else [])
                for o in shown:
                    label, colour = STATUS[o.status]
                    mark = {"imported": "✓", "duplicate": "=", "rejected": "✗"}[o.status]
                    name = escape(o.path.rsplit("/", 1)[-1])
                    line = f"[{colour}]{mark} {_(label)}[/{colour}]  {name}"
                    if o.status == "rejected":
                        line += f"\n    [dim]{escape(reason_text(o.reason))}[/dim]"
                    yield Static(line, classes=f"outcome {o.status}")
                hidden = len(self.outcomes) - len(shown)
                if hidden:
                    yield Static(f"[dim]… {hidden} {_('more')}[/dim]")
            with Horizontal(classes="buttons"):
                yield Button(_("Close"), id="close", variant="primary")

    def on_mount(self) -> None:
        for button in self.query("#close").results(Button):  # absent when the app is closing
            button.focus()

    @on(Button.Pressed, "#close")
    def action_close(self) -> None:
        self.dismiss(None)
