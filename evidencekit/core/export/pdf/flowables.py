"""The bundle's own flowables, and paragraphs made from plain text.

Every flowable has a size that does not depend on page numbers, so that the two passes of
:mod:`.document` paginate alike.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.textsplit import ALL_CANNOT_END, ALL_CANNOT_START
from reportlab.platypus import Flowable
from reportlab.platypus import paragraph as _rl
from reportlab.rl_config import _FUZZ

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


#: Characters no line may start with: reportlab's own list (ASCII closing marks, Japanese 、。」』）
#: and small kana) with what it lacks for Chinese: the full-width comma, full stop, colon, semicolon,
#: question and exclamation marks, closing quotes, book-title marks and brackets.
CANNOT_START = ALL_CANNOT_START + "，．：；？！”’》〉〗〙〛｝"
#: Characters no line may end with: reportlab's list (opening quotes and brackets, currency signs),
#: with the ¥ sign and the opening marks it lacks.
CANNOT_END = ALL_CANNOT_END + "¥〖〘〚"
#: Marks written twice that stay together: the dash —— and the ellipsis …… (either may start a line).
PAIRED = "—…"
# reportlab's pieces of a CJK line (not in its type stubs): a character with its font, and a line of them
_cjk_char: Callable[..., Any] = getattr(_rl, "cjkU")
_cjk_line: Callable[..., Any] = getattr(_rl, "makeCJKParaLine")


def _may_break(text: str, b: int) -> bool:
    """Whether a line may end before ``text[b]``."""
    return not (text[b] in CANNOT_START or text[b - 1] in CANNOT_END
                or (text[b] == text[b - 1] and text[b] in PAIRED))


def kinsoku_break(text: str, start: int, end: int) -> int:
    """Where a line of ``text`` that starts at ``start`` breaks when ``text[end]`` is the first
    character that does not fit: at ``end``, or before it, so that the next line starts with no
    closing mark (，。、”）…) and this one ends with no opening mark (“（《…), and no dash ——
    or ellipsis …… is cut in two.

    The characters before the break go down with it; none hangs in the margin (reportlab lets one
    of its marks hang, which in a table's cell crosses the rule). A line of nothing but such marks
    breaks at ``end`` all the same.
    """
    b = end
    while b > start + 1 and not _may_break(text, b):
        b -= 1
    return b if _may_break(text, b) else end


def _in_word(text: str, k: int) -> bool:
    """Whether ``text[k]`` is part of a Latin word or number (breaks go around those, not inside)."""
    return ord(text[k]) < 0x3000 and not text[k].isspace()


def _latin_break(text: str, start: int, end: int) -> int:
    """reportlab's rule for a Latin word in a Chinese line (a URL, a name): the break goes after the
    last space or CJK character in the line's second half, not inside the word; ``end`` if none."""
    for j in range(end - 1, (start + end) >> 1, -1):
        if text[j].isspace() or ord(text[j]) >= 0x3000:
            return j + 1
    return end


def _cjk_lines(frags: list[Any], max_widths: list[float], calc_bounds: bool) -> Any:
    """reportlab's ``cjkFragSplit`` (lines cut between characters), with :func:`kinsoku_break`."""
    chars: list[Any] = []
    for f in frags:
        text = f.text.decode("utf8") if isinstance(f.text, bytes) else f.text
        if text:
            chars.extend(_cjk_char(t, f, "utf8") for t in text)
        else:
            chars.append(_cjk_char(text, f, "utf8"))  # an image, or a <br/>
    text = "".join(c or "\n" for c in chars)  # one character for each entry, for the rules
    lines = []
    widths: list[float] = []  # of the characters from ``start`` on
    start = i = 0
    max_width = max_widths[0]
    while i < len(chars):
        u = chars[i]
        w = u.width
        if hasattr(w, "normalizedValue"):
            w._normalizer = max_width
            w = w.normalizedValue(max_width)
        widths.append(w)
        forced = hasattr(u.frag, "lineBreak")
        if not forced and (sum(widths) <= max_width + _FUZZ or i == start):
            i += 1
            continue
        if forced or text[i] == " ":
            cut = i + 1  # a space that does not fit ends the line, unseen
        else:
            end = _latin_break(text, start, i) if _in_word(text, i) else i
            cut = kinsoku_break(text, start, end)
            if cut < end and _in_word(text, cut) and _in_word(text, cut - 1):
                # moved back into a number or word ("回复1712345678" + "9："): the break goes before it
                word = _latin_break(text, start, cut)
                cut = kinsoku_break(text, start, word) if word < cut else cut
        width = sum(widths[:cut - start])
        lines.append(_cjk_line(chars[start:cut], max_width, width, max_width - width, forced, calc_bounds))
        max_width = max_widths[min(len(lines), len(max_widths) - 1)]
        widths.clear()  # the characters taken down are measured again, against the next line's width
        start = i = cut
    if start < len(chars):
        width = sum(widths)
        lines.append(_cjk_line(chars[start:], max_width, width, max_width - width, False, calc_bounds))
    return _rl.ParaLines(kind=1, lines=lines)


class Paragraph(_rl.Paragraph):
    """reportlab's paragraph, whose Chinese lines follow the line-start and line-end rules
    (:func:`kinsoku_break`); other text wraps as reportlab wraps it."""

    def breakLinesCJK(self, maxWidths):  # type: ignore[no-untyped-def]  # reportlab's signature
        if not isinstance(maxWidths, (list, tuple)):
            maxWidths = [maxWidths]
        style = self.style
        self.height = 0
        _rl._handleBulletWidth(self.bulletText, style, maxWidths)  # type: ignore[attr-defined]
        frags = self.frags
        if not frags:
            return _rl.ParaLines(kind=0, fontSize=style.fontSize, fontName=style.fontName, textColor=style.textColor,
                                 lines=[], ascent=style.fontSize, descent=-0.2 * style.fontSize)
        if hasattr(self, "blPara") and getattr(self, "_splitpara", False):
            return self.blPara  # the second part of a split paragraph: its lines are made
        auto = getattr(self, "autoLeading", getattr(style, "autoLeading", ""))
        return _cjk_lines(frags, list(maxWidths), auto not in ("", "off"))


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
