"""Pick a case folder: type or paste its path, or browse."""

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

from evidencekit.core.vault.case import is_case
from evidencekit.tui.i18n import _
from evidencekit.tui.paste import parse_pasted_paths
from evidencekit.tui.widgets.fields import Field


class FoldersOnly(DirectoryTree):
    def filter_paths(self, paths: Iterable[Path]) -> Iterable[Path]:
        return [p for p in paths if p.is_dir() and not p.name.startswith(".")]


class OpenCaseDialog(ModalScreen[str | None]):
    """Returns the folder path, or None."""

    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, start: str | None = None, *, title: str | None = None, folders_only: bool = True) -> None:
        super().__init__()
        self.start = start or str(Path.home())
        self.heading = title
        self.folders_only = folders_only

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(self.heading or _("Open a case folder"), classes="dialog-title")
            yield Field(placeholder=_("Path of the case folder (you can paste or drop it here)"), id="path")
            tree_cls = FoldersOnly if self.folders_only else DirectoryTree
            yield tree_cls(self.start, id="tree")
            with Horizontal(classes="buttons"):
                yield Button(_("Open"), id="ok", variant="primary")
                yield Button(_("Cancel"), id="cancel")

    def on_mount(self) -> None:
        self.query_one("#path", Field).focus()

    @on(DirectoryTree.DirectorySelected)
    def _dir(self, event: DirectoryTree.DirectorySelected) -> None:
        self.query_one("#path", Field).value = str(event.path)
        if is_case(event.path):
            self.dismiss(str(event.path))

    @on(DirectoryTree.FileSelected)
    def _file(self, event: DirectoryTree.FileSelected) -> None:
        self.query_one("#path", Field).value = str(event.path)

    @on(Field.Submitted, "#path")
    @on(Button.Pressed, "#ok")
    def _ok(self) -> None:
        raw = self.query_one("#path", Field).value.strip()
        paths = parse_pasted_paths(raw) if raw else []
        if not paths:
            self.notify(_("Type or paste a folder path first."), severity="warning")
            return
        self.dismiss(os.path.expanduser(paths[0]))

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)
