"""Before an import: what will be imported (files, and how many files each folder holds)."""

from __future__ import annotations

import os

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from evidencekit.core.vault.case import display_path
from evidencekit.tui.i18n import _
from evidencekit.tui.markup import escape
from evidencekit.tui.screens.base import WorkerErrors

MAX_COUNT = 100_000
MAX_LISTED = 200


def count_files(folder: str) -> int:
    n = 0
    for _root, dirs, files in os.walk(folder):
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        n += len(files)
        if n >= MAX_COUNT:
            break
    return n


class ConfirmImportDialog(WorkerErrors, ModalScreen[bool]):
    BINDINGS = [Binding("escape", "cancel", "Cancel"), Binding("enter", "ok", "Import", show=False)]

    def __init__(self, paths: list[str], missing: list[str]) -> None:
        super().__init__()
        self.paths = paths
        self.missing = missing

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="confirm-import"):
            yield Static(_("Import these into the case?"), classes="dialog-title")
            with VerticalScroll(id="import-list"):
                for p in self.paths[:MAX_LISTED]:
                    if os.path.isdir(p):
                        yield Static(f"📁 {escape(display_path(p))} [dim]({_('folder')})[/dim]", classes="folder")
                    else:
                        yield Static(f"  {escape(display_path(p))}")
                if len(self.paths) > MAX_LISTED:
                    yield Static(f"[dim]… {len(self.paths) - MAX_LISTED} {_('more')}[/dim]")
                for p in self.missing[:MAX_LISTED]:
                    yield Static(f"[dim]✗ {escape(display_path(p))} — {_('not found, skipped')}[/dim]")
            yield Static(
                _("The originals are copied into the case unchanged and fingerprinted (SHA-256, SM3)."),
                classes="hint",
            )
            with Horizontal(classes="buttons"):
                yield Button(_("Import") + " (Enter)", id="ok", variant="primary")
                yield Button(_("Cancel") + " (Esc)", id="cancel")

    def on_mount(self) -> None:
        for button in self.query("#ok").results(Button):
            button.focus()
        if any(os.path.isdir(p) for p in self.paths[:MAX_LISTED]):
            self.count_folders()

    @work(thread=True, exit_on_error=False, group="count")
    def count_folders(self) -> None:
        counts = {p: count_files(p) for p in self.paths[:MAX_LISTED] if os.path.isdir(p)}
        self.app.call_from_thread(self._show_counts, counts)

    def _show_counts(self, counts: dict[str, int]) -> None:
        folders = [p for p in self.paths[:MAX_LISTED] if os.path.isdir(p)]
        for w, p in zip(self.query(".folder").results(Static), folders, strict=False):
            n = counts.get(p, 0)
            what = f"{_('folder')}: {n} {_('files')}" if n else _("empty folder: nothing in it to import")
            w.update(f"📁 {escape(display_path(p))} [dim]({what})[/dim]")
        if len(folders) == len(self.paths) and not any(counts.get(p, 0) for p in folders):
            # only empty folders: there is nothing to import, and the button must not say otherwise
            for button in self.query("#ok").results(Button):
                button.disabled = True
                button.display = False  # a faded "Import" still reads as an offer
            self.query_one(".dialog-title", Static).update(_("Nothing to import: the folder is empty."))
            for button in self.query("#cancel").results(Button):
                button.label = _("Close") + " (Esc)"
                button.focus()

    @on(Button.Pressed, "#ok")
    def action_ok(self) -> None:
        # nothing to import (only empty folders): Enter closes, as the one button left says
        self.dismiss(not self.query_one("#ok", Button).disabled)

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(False)
