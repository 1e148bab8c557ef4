"""Import without dragging: browse, mark files and folders, import."""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, DirectoryTree, Static

from evidencekit.core.vault.case import display_path
from evidencekit.tui.i18n import _
from evidencekit.tui.markup import escape
from evidencekit.tui.paste import parse_pasted_paths
from evidencekit.tui.widgets.fields import Field


class VisibleTree(DirectoryTree):
    """Files and folders a person would look at (no hidden ones)."""

    def filter_paths(self, paths: Iterable[Path]) -> Iterable[Path]:
        return [p for p in paths if not p.name.startswith(".")]


class ImportBrowserDialog(ModalScreen[list[str] | None]):
    """Dismisses with the chosen paths."""

    BINDINGS = [
        Binding("escape", "cancel", "Cancel"),
        Binding("space", "mark", "Mark / unmark", priority=True),
        Binding("ctrl+s", "ok", "Import"),
    ]

    def __init__(self, start: str | None = None) -> None:
        super().__init__()
        self.start = start or str(Path.home())
        self.chosen: list[str] = []

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="import-browser"):
            yield Static(_("Choose files or folders to import"), classes="dialog-title")
            yield Field(placeholder=_("Or type/paste paths here and press Enter"), id="paths")
            yield VisibleTree(self.start, id="tree")
            yield Static(_("Space: mark the highlighted file or folder · Ctrl+S: import the marked ones"), classes="hint")
            yield Static("", id="chosen")
            with Horizontal(classes="buttons"):
                yield Button(_("Import"), id="ok", variant="primary")
                yield Button(_("Cancel"), id="cancel")

    def on_mount(self) -> None:
        self.query_one("#tree", DirectoryTree).focus()

    def _toggle(self, path: str) -> None:
        if path in self.chosen:
            self.chosen.remove(path)
        else:
            self.chosen.append(path)
        shown = ", ".join(os.path.basename(p) or p for p in self.chosen[:6])
        more = f" +{len(self.chosen) - 6}" if len(self.chosen) > 6 else ""
        self.query_one("#chosen", Static).update(
            f"{_('Marked')}: {len(self.chosen)} — {escape(display_path(shown))}{more}" if self.chosen else ""
        )

    def action_mark(self) -> None:
        if isinstance(self.focused, Field):
            self.focused.insert_text_at_cursor(" ")  # Space is for marking only in the tree
            return
        tree = self.query_one("#tree", DirectoryTree)
        node = tree.cursor_node
        if node is not None and node.data is not None:
            self._toggle(str(node.data.path))

    @on(DirectoryTree.FileSelected)
    def _file(self, event: DirectoryTree.FileSelected) -> None:
        self._toggle(str(event.path))

    @on(Field.Submitted, "#paths")
    def _typed(self, event: Field.Submitted) -> None:
        paths = [p for p in parse_pasted_paths(event.value) if os.path.lexists(p)]
        if paths:
            self.dismiss(paths)
        else:
            self.notify(_("No file or folder found at the pasted path."), severity="warning")

    @on(Button.Pressed, "#ok")
    def action_ok(self) -> None:
        if not self.chosen:
            self.notify(_("Mark files or folders with Space first."), severity="warning")
            return
        self.dismiss(list(self.chosen))

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)
