"""The message being corrected, in the picture: a view of its bubble beside (or above) the
reading, following the person from one message to the next.

Drawn with half blocks, the bubble as wide as the view allows, larger only up to the size at
which its characters can be read, its first line at the top. Where the terminal draws images
itself, the bubble's crop is drawn by it instead. F4 shows it larger still, zoomable.
"""

from __future__ import annotations

from typing import Any

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Static

from evidencekit.tui.i18n import _
from evidencekit.tui.widgets.pixels import Box, HalfBlocks, glyph_px

#: Height in pixels of a character of the picture drawn at its largest here (a little under
#: what F4 zooms to: this view shares the screen with the reading).
GLYPH_PX = 9.0


def scaled(boxes: list[Box], ratio: float) -> list[Box]:
    """Boxes of the original's pixels in a copy ``ratio`` times its size."""
    return [(round(x * ratio), round(y * ratio), round(w * ratio), round(h * ratio)) for x, y, w, h in boxes]


def bubble_scale(box: Box, text: str, cols: int) -> float:
    """The bubble as wide as ``cols`` cells, but no larger than its characters need to be read."""
    _x, _y, w, _h = box
    return min(cols / max(1, w), GLYPH_PX / glyph_px(box, text))


class BubbleView(Vertical):
    """``image``: the picture (any size: ``boxes`` are in its pixels); ``texts``: each message's
    text (for the size of its characters); ``image_class``: the terminal's own image widget
    (None: half blocks)."""

    def __init__(self, image: Any, boxes: list[Box], texts: list[str], *, image_class: Any = None,
                 id: str | None = None) -> None:  # noqa: A002 - Textual's name
        super().__init__(id=id)
        self.image = image.convert("RGB")
        self.boxes = boxes
        self.texts = texts
        self.image_class = image_class
        self.index = 0

    def compose(self) -> ComposeResult:
        if self.image_class is not None:
            yield self.image_class(self.image, id="bubble-picture")
        else:
            yield HalfBlocks(self.image, id="bubble-picture")
        yield Static("", id="bubble-hint")

    def on_mount(self) -> None:
        self.call_after_refresh(self.show, self.index)

    def on_resize(self) -> None:
        self.call_after_refresh(self.show, self.index)

    def show(self, index: int) -> None:
        """Show message ``index``'s bubble (the whole picture when it has no box)."""
        self.index = index
        if not self.is_attached:
            return
        box = self.boxes[index] if 0 <= index < len(self.boxes) else None
        usable = box is not None and box[2] > 0 and box[3] > 0
        hint = self.query_one("#bubble-hint", Static)
        if self.image_class is not None:
            picture: Any = self.query_one("#bubble-picture")
            picture.image = self._crop(box) if usable and box is not None else self.image
        else:
            view = self.query_one("#bubble-picture", HalfBlocks)
            if usable and box is not None:
                view.show(box, bubble_scale(box, self.texts[index], max(1, view.size.width)))
            else:
                view.show(None)
        where = _("Message {n} of {m}").replace("{n}", str(index + 1)).replace("{m}", str(len(self.boxes)))
        hint.update(f"[dim]{where} · {_('F4: larger')}[/dim]" if usable else f"[dim]{_('F4: larger')}[/dim]")

    def _crop(self, box: Box) -> Any:
        x, y, w, h = box
        px, py = int(w * 0.1) + 4, int(h * 0.1) + 4
        return self.image.crop((max(0, x - px), max(0, y - py), min(self.image.width, x + w + px),
                                min(self.image.height, y + h + py)))
