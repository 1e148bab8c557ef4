"""The bundle's look: the page, the fonts, the paragraph and table styles."""

from __future__ import annotations

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import TableStyle

FONT_FILE = "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc"
FONT = "EKZenHei"
# Digests and hashes are ASCII: the standard Courier needs no embedding, and registering the TTC's
# monospaced subfont as well would cost another ~35 MB of parsed font tables per process.
MONO = "Courier"
PAGE = A4
MARGIN = 16 * mm
FRAME_W = PAGE[0] - 2 * MARGIN
FRAME_H = PAGE[1] - 2 * MARGIN - 8 * mm  # room for the footer
ALERT = colors.HexColor("#fbe3e3")  # rows about conduct complained of: threats, night-time contacts

_fonts_ready = False


def register_fonts() -> None:
    """Register the CJK TrueType font (embedded as a subset, with a ToUnicode map)."""
    global _fonts_ready
    if _fonts_ready:
        return
    pdfmetrics.registerFont(TTFont(FONT, FONT_FILE, subfontIndex=0))
    _fonts_ready = True


class Styles:
    """The paragraph styles of one bundle (its language decides how lines wrap)."""

    def __init__(self, cjk: bool) -> None:
        # Chinese wraps between characters; English at spaces (see formatting.style_for)
        base = ParagraphStyle("base", fontName=FONT, wordWrap="CJK" if cjk else None, splitLongWords=1)
        self.body = ParagraphStyle("body", base, fontSize=9.5, leading=13.5)
        self.small = ParagraphStyle("small", base, fontSize=8, leading=10.5)
        self.cell = ParagraphStyle("cell", base, fontSize=7.5, leading=9.5)
        self.cellc = ParagraphStyle("cellc", self.cell, alignment=TA_CENTER)
        self.mono = ParagraphStyle("mono", fontName=MONO, fontSize=7.5, leading=9.5, splitLongWords=1)
        self.h1 = ParagraphStyle("h1", base, fontSize=22, leading=30, alignment=TA_CENTER, spaceAfter=8)
        self.h2 = ParagraphStyle("h2", base, fontSize=15, leading=20, spaceBefore=4, spaceAfter=6)
        self.h3 = ParagraphStyle("h3", base, fontSize=11, leading=15, spaceBefore=6, spaceAfter=3,
                                 textColor=colors.HexColor("#1f3b63"))
        self.title = ParagraphStyle("title", base, fontSize=15, leading=21, alignment=TA_CENTER, spaceAfter=18)
        self.h3k = ParagraphStyle("h3k", self.h3, keepWithNext=1)
        #: a line that introduces a list within a section ("同一发送方的其他短信：")
        self.h4k = ParagraphStyle("h4k", base, fontSize=10, leading=14, spaceBefore=3, spaceAfter=2,
                                  textColor=colors.HexColor("#1f3b63"), keepWithNext=1)
        self.sender = ParagraphStyle("sender", self.small, spaceAfter=6)
        self.msg_in = ParagraphStyle("msgin", base, fontSize=9, leading=12.5, backColor=colors.HexColor("#eef1f5"),
                                     borderPadding=3, spaceAfter=6, leftIndent=3, rightIndent=30)
        self.msg_out = ParagraphStyle("msgout", self.msg_in, backColor=colors.HexColor("#dff0d8"), leftIndent=30,
                                      rightIndent=3)


_CELL_PADDING = [
    ("VALIGN", (0, 0), (-1, -1), "TOP"),
    ("LEFTPADDING", (0, 0), (-1, -1), 3),
    ("RIGHTPADDING", (0, 0), (-1, -1), 3),
    ("TOPPADDING", (0, 0), (-1, -1), 2),
    ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
]

#: A table with a header row (the evidence list, the chronology, custody entries).
GRID = TableStyle(
    [
        ("GRID", (0, 0), (-1, -1), 0.4, colors.HexColor("#888888")),
        ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e4e9f0")),
        *_CELL_PADDING,
    ]
)

#: A two-column table of names and values (the cover, an exhibit's metadata).
KV = TableStyle(
    [
        ("GRID", (0, 0), (-1, -1), 0.3, colors.HexColor("#bbbbbb")),
        ("BACKGROUND", (0, 0), (0, -1), colors.HexColor("#f2f4f7")),
        *_CELL_PADDING,
    ]
)
