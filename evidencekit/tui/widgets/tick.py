"""A checkbox whose state reads as text: ``[✓]`` ticked, ``[ ]`` not (Textual's own draws the
same "X" both ways and tells them apart by colour alone)."""

from __future__ import annotations

from textual.content import Content
from textual.widgets import Checkbox

ON, OFF = "✓", " "


class Tick(Checkbox):
    @property
    def _button(self) -> Content:
        style = self.get_visual_style("toggle--button")
        return Content.assemble("[", (ON if self.value else OFF, style), "]")
