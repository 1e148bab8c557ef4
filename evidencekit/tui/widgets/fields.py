"""Inputs that do not blink when the app is frozen for snapshots."""

from __future__ import annotations

from textual import events
from textual.containers import VerticalScroll
from textual.message import Message
from textual.widgets import Input, TextArea

from evidencekit.tui.paste import looks_like_paths


class Field(Input):
    def on_mount(self) -> None:
        if getattr(self.app, "frozen", False):
            self.cursor_blink = False


class FormScroll(VerticalScroll, can_focus=False):
    """A form's scrolling body: Tab goes from field to field (each scrolled into view) and never
    stops on the body itself, where Enter would do nothing. It opens at its top, the first field's
    label in sight (focusing that field first scrolls the body by a line)."""

    def on_mount(self) -> None:
        self.call_after_refresh(self.scroll_home, animate=False)


class Area(TextArea):
    def on_mount(self) -> None:
        if getattr(self.app, "frozen", False):
            self.cursor_blink = False


class PathsPasted(Message):
    """Paths were pasted (files dropped) into a field that is not for paths."""

    def __init__(self, text: str) -> None:
        super().__init__()
        self.text = text


class DropField(Field):
    """A text field (filter, search) that passes dropped files on instead of typing their paths."""

    def _on_paste(self, event: events.Paste) -> None:
        if looks_like_paths(event.text):
            event.stop()
            self.post_message(PathsPasted(event.text))
            return
        super()._on_paste(event)
