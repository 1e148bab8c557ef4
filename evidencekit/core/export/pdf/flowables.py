"""The bundle's own flowables, and paragraphs made from plain text.

Every flowable has a size that does not depend on page numbers, so that the two passes of
:mod:`.document` paginate alike.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from pathlib import Path
from xml.sax.saxutils import escape

from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Flowable, Paragraph

from evidencekit.core.export.pdf.assemble import PAGE_LINK
from evidencekit.core.export.pdf.images import register_passthrough
from evidencekit.core.export.pdf.styles import FONT

log = logging.getLogger(__name__)


class Anchor(Flowable):
    """Zero-size marker: records the bundle page it lands on (and reports progress).

    ``offset`` is the bundle page before the current document's first; it is a one-element
    list, read when the anchor is drawn, because a part's later documents start further on.
    """

    def __init__(self, key: str, sink: dict[str, int], offset: list[int],
                 on_draw: Callable[[], None] | None = None) -> None:
        super().__init__()
        self.key = key
        self.sink = sink
        self.offset = offset
        self.on_draw = on_draw
        self.width = self.height = 0

    def wrap(self, aW: float, aH: float) -> tuple[float, float]:
        return 0, 0

    def draw(self) -> None:
        self.sink[self.key] = self.offset[0] + self.canv.getPageNumber()
        if self.on_draw:
            self.on_draw()


class Box(Flowable):
    """Placeholder of an image's size for the first pass."""

    def __init__(self, w: float, h: float) -> None:
        super().__init__()
        self.width, self.height = w, h

    def wrap(self, aW: float, aH: float) -> tuple[float, float]:
        return self.width, self.height

    def draw(self) -> None:
        pass


class Picture(Flowable):
    """An image file drawn at a fixed size; PNG/JPEG data passed through undecoded (images.py).

    ``fallback`` is drawn in a frame of the same size when the image cannot be decoded after all
    (the export proves every image decodable first, :mod:`..page_images`; this is the last line).
    """

    def __init__(self, path: Path, width: float, height: float, fallback: str = "") -> None:
        super().__init__()
        self.path = path
        self.width, self.height = width, height
        self.fallback = fallback
        self.hAlign = "CENTER"

    def wrap(self, aW: float, aH: float) -> tuple[float, float]:
        return self.width, self.height

    def draw(self) -> None:
        register_passthrough(self.canv, self.path)
        try:
            # reportlab decodes the file before it registers anything: a failure leaves no trace
            self.canv.drawImage(str(self.path), 0, 0, self.width, self.height)
        except (OSError, ValueError, SyntaxError) as e:
            log.warning("image %s cannot be decoded: %s", self.path, e)
            self._draw_fallback()

    def _draw_fallback(self) -> None:
        c = self.canv
        c.saveState()
        c.setStrokeGray(0.6)
        c.rect(0, 0, self.width, self.height)
        c.setFont(FONT, 9)
        c.setFillGray(0.3)
        c.drawCentredString(self.width / 2, self.height / 2, self.fallback)
        c.restoreState()


def picture(path: Path, width: float, height: float, *, placeholder: bool, fallback: str = "") -> Flowable:
    """The image at ``path``, or (first pass: ``placeholder``) an empty box of its size;
    ``fallback``: the words drawn in its place should it not decode after all."""
    return Box(width, height) if placeholder else Picture(path, width, height, fallback)


_CJK = re.compile(r"[\u3000-\u30ff\u3400-\u9fff\uf900-\ufaff\uff00-\uffef]")
_cjk_styles: dict[str, ParagraphStyle] = {}


def para(text: str, style: ParagraphStyle) -> Paragraph:
    """Plain ``text`` (escaped; line breaks kept) as a paragraph."""
    return Paragraph(escape(text).replace("\n", "<br/>"), style_for(text, style))


def style_for(text: str, style: ParagraphStyle) -> ParagraphStyle:
    """``style``, wrapping between characters when ``text`` has Chinese in an English bundle."""
    if style.wordWrap != "CJK" and style.fontName == FONT and _CJK.search(text):
        # Chinese text (a message quoted in an English bundle) breaks between characters,
        # not at the few spaces it has.
        cjk = _cjk_styles.get(style.name)
        if cjk is None:
            cjk = _cjk_styles[style.name] = ParagraphStyle(style.name + "-cjk", parent=style, wordWrap="CJK")
        return cjk
    return style


def linked(text: str, page: int | None, style: ParagraphStyle, *, blue: bool = False) -> Paragraph:
    """``text`` as a link to a page of the bundle (plain text while the page is not known)."""
    if not page:
        return para(text, style)
    colour = ' color="#1f4e9a"' if blue else ""
    return Paragraph(f'<a href="{PAGE_LINK}{page}"{colour}>{escape(text)}</a>', style_for(text, style))
