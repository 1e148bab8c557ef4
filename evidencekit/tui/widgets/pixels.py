"""A picture drawn with half blocks ("▀": a foreground and a background colour per cell, so two
pixels a cell), at any zoom, panned anywhere: the way to read a screenshot in a terminal that
has no graphics protocol.

The view is a centre (in the picture's pixels) and a scale (cells per picture pixel); the widget
resamples just the part on screen, so zooming into a 1170×2892 capture costs no more than
showing it whole.
"""

from __future__ import annotations

from typing import Any

from rich.segment import Segment
from rich.style import Style
from textual.geometry import Size
from textual.reactive import reactive
from textual.strip import Strip
from textual.widget import Widget

Box = tuple[int, int, int, int]  # x, y, w, h in the picture's pixels

#: Height in picture pixels at which a Chinese character drawn with half blocks can be read.
READABLE_GLYPH_PX = 11
MIN_SCALE = 0.02
MAX_SCALE = 4.0


def glyph_px(box: Box, text: str) -> float:
    """About how tall one character of ``text`` is in a bubble ``box`` that holds it (a wide
    character counts as one, a narrow one as half)."""
    x, y, w, h = box
    units = sum(1.0 if ord(c) > 0x2E80 else 0.55 for c in text if not c.isspace()) or 1.0
    return max(6.0, float((w * h / units) ** 0.5) * 0.75)


def readable_scale(box: Box, text: str, view: Size) -> float:
    """A scale showing ``box`` whole when that is large enough to read, else large enough to read
    (the person pans along the line)."""
    _x, _y, w, h = box
    fit = min(view.width / max(1, w), 2 * view.height / max(1, h))
    readable = READABLE_GLYPH_PX / glyph_px(box, text)
    return max(MIN_SCALE, min(MAX_SCALE, max(fit, readable)))


def fit_scale(size: tuple[int, int], view: Size) -> float:
    """The scale showing the whole picture."""
    w, h = size
    return max(MIN_SCALE, min(MAX_SCALE, min(view.width / max(1, w), 2 * view.height / max(1, h))))


class HalfBlocks(Widget, can_focus=True):
    """A region of a PIL image at ``scale`` cells per pixel around ``centre``."""

    DEFAULT_CSS = """
    HalfBlocks {
        width: 1fr;
        height: 1fr;
    }
    """

    scale: reactive[float] = reactive(1.0, init=False)
    centre: reactive[tuple[float, float]] = reactive((0.0, 0.0), init=False)

    def __init__(self, image: Any, *, id: str | None = None) -> None:  # noqa: A002 - Textual's name
        super().__init__(id=id)
        self.image = image.convert("RGB")
        self._rows: list[Strip] = []
        self._rendered_for: tuple[float, tuple[float, float], Size] | None = None

    def show(self, box: Box | None = None, scale: float | None = None) -> None:
        """Centre on ``box`` (the whole picture when None) at ``scale`` (fitting when None)."""
        w, h = self.image.size
        x, y, bw, bh = box if box is not None else (0, 0, w, h)
        view = self.size if self.size.area else Size(80, 20)
        self.scale = scale if scale is not None else fit_scale((bw, bh), view)
        # the box's left edge at the view's left when it is wider than the view (lines are read
        # from their start), its centre otherwise
        span_w = view.width / self.scale
        cx = x + bw / 2 if bw <= span_w else x + span_w / 2
        span_h = 2 * view.height / self.scale
        cy = y + bh / 2 if bh <= span_h else y + span_h / 2
        self.centre = (cx, cy)

    def zoom(self, factor: float) -> None:
        self.scale = max(MIN_SCALE, min(MAX_SCALE, self.scale * factor))

    def pan(self, dx_cells: int, dy_rows: int) -> None:
        """Move the view by cells and rows (in the picture's pixels at the current scale)."""
        cx, cy = self.centre
        w, h = self.image.size
        cx = min(max(0.0, cx + dx_cells / self.scale), float(w))
        cy = min(max(0.0, cy + 2 * dy_rows / self.scale), float(h))
        self.centre = (cx, cy)

    def watch_scale(self) -> None:
        self.refresh()

    def watch_centre(self) -> None:
        self.refresh()

    def get_content_width(self, container: Size, viewport: Size) -> int:
        return container.width

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return container.height

    def _render_all(self) -> list[Strip]:
        from PIL import Image

        view = self.size
        key = (self.scale, self.centre, view)
        if key == self._rendered_for:
            return self._rows
        cols, rows = max(1, view.width), max(1, view.height)
        region = self._region(cols, rows * 2)
        px = region.load()
        assert px is not None
        strips: list[Strip] = []
        for r in range(rows):
            segs: list[Segment] = []
            for c in range(cols):
                t, b = px[c, 2 * r], px[c, 2 * r + 1]
                segs.append(Segment("▀", Style(color=f"rgb({t[0]},{t[1]},{t[2]})", bgcolor=f"rgb({b[0]},{b[1]},{b[2]})")))
            strips.append(Strip(Segment.simplify(segs), cols))
        self._rows, self._rendered_for = strips, key
        return strips

    def _region(self, width: int, height: int) -> Any:
        """The part of the picture in view, resampled to ``width`` × ``height`` pixels (grey where
        the view goes past the picture's edges)."""
        from PIL import Image

        canvas = Image.new("RGB", (width, height), (40, 40, 40))
        w, h = self.image.size
        cx, cy = self.centre
        sw, sh = width / self.scale, height / self.scale  # the source region, in picture pixels
        left, top = cx - sw / 2, cy - sh / 2
        # the part of that region inside the picture, and where it lands on the canvas
        x0, y0, x1, y1 = max(0.0, left), max(0.0, top), min(float(w), left + sw), min(float(h), top + sh)
        if x1 - x0 < 0.5 or y1 - y0 < 0.5:
            return canvas
        dx0, dy0 = round((x0 - left) * self.scale), round((y0 - top) * self.scale)
        dw = max(1, min(width - dx0, round((x1 - x0) * self.scale)))
        dh = max(1, min(height - dy0, round((y1 - y0) * self.scale)))
        method = Image.Resampling.BOX if self.scale < 1 else Image.Resampling.BILINEAR
        canvas.paste(self.image.resize((dw, dh), method, box=(x0, y0, x1, y1)), (dx0, dy0))
        return canvas

    def render_line(self, y: int) -> Strip:
        rows = self._render_all()
        return rows[y] if 0 <= y < len(rows) else Strip.blank(self.size.width)
