"""Inputs that do not blink when the app is frozen for snapshots."""

from __future__ import annotations

from textual.widgets import Input, TextArea


class Field(Input):
    def on_mount(self) -> None:
        if getattr(self.app, "frozen", False):
            self.cursor_blink = False


class Area(TextArea):
    def on_mount(self) -> None:
        if getattr(self.app, "frozen", False):
            self.cursor_blink = False
