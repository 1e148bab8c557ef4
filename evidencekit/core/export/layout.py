"""The PDF layout of the bundle (the only module using reportlab's platypus).

Two passes: the first lays the whole story out with images replaced by empty boxes of the same
size and records on which page every exhibit starts and how many pages there are; the second
draws for real with those numbers in the evidence list and the footers. Every flowable is built
so that its size does not depend on the numbers (fixed column widths), so both passes paginate
alike; a test compares the list with the pages pdftotext finds.

Memory does not grow with the number of items:

- reportlab holds a document in memory until it saves it, so the bundle is laid out in parts
  (front matter, a few exhibits at a time, back matter), each its own small document that starts
  on a new page anyway and numbers its pages from where the previous part ended; each part is
  appended to the bundle (:mod:`.assemble`) as soon as it is written, then deleted;
- the story is produced as reportlab consumes it (a generator behind ``filterFlowables``), so
  even an evidence list or custody appendix of thousands of rows exists only a table at a time;
- images are read from disk when their part is saved (:mod:`.images`).
"""

from __future__ import annotations

import datetime as dt
import gc
import io
import logging
import re
import tempfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from functools import partial
from itertools import chain, islice
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

import reportlab
from reportlab import rl_config
from reportlab.graphics.charts.barcharts import VerticalBarChart
from reportlab.graphics.shapes import Drawing, Rect, String
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import (
    BaseDocTemplate,
    CondPageBreak,
    Flowable,
    Frame,
    KeepTogether,
    PageBreak,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

from evidencekit.core.analysis import chronology
from evidencekit.core.export import summary
from evidencekit.core.export.assemble import PAGE_LINK, Assembler, Bookmark
from evidencekit.core.export.images import register_passthrough
from evidencekit.core.export.model import BundleInput, ExhibitInput
from evidencekit.core.export.redact import Redactor
from evidencekit.core.export.strings import Strings
from evidencekit.core.models import LogEntry
from evidencekit.core.progress import CancelToken, Progress, Step, no_progress
from evidencekit.errors import ExportError

log = logging.getLogger(__name__)

FONT_FILE = "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc"
FONT = "EKZenHei"
# Digests and hashes are ASCII: the standard Courier needs no embedding, and registering the TTC's
# monospaced subfont as well would cost another ~35 MB of parsed font tables per process.
MONO = "Courier"
PAGE = A4
MARGIN = 16 * mm
FRAME_W = PAGE[0] - 2 * MARGIN
FRAME_H = PAGE[1] - 2 * MARGIN - 8 * mm  # room for the footer
TABLE_CHUNK = 40  # rows per table: reportlab splits long tables in quadratic time
PART_EXHIBITS = 20  # exhibits per part at most...
PART_BYTES = 24 << 20  # ...and about this many bytes of images (a part is held in memory until saved)
STORY_BUFFER = 16  # flowables reportlab sees ahead of the one it places
PART_PAGES = 8  # pages of a long table (evidence list, chronology, appendix) per part

_fonts_ready = False


def register_fonts() -> None:
    """Register the CJK TrueType font (embedded as a subset, with a ToUnicode map)."""
    global _fonts_ready
    if _fonts_ready:
        return
    pdfmetrics.registerFont(TTFont(FONT, FONT_FILE, subfontIndex=0))
    _fonts_ready = True


@dataclass(frozen=True)
class LayoutInput:
    """What the layout needs beyond the bundle input."""

    bundle: BundleInput
    s: Strings
    purpose: str
    now: dt.datetime
    fingerprint: str  # the bundle fingerprint (SHA-256 Merkle root of the originals)
    images: dict[int, Path]  # item id -> image to show (a redacted copy when redacting)
    attachments: dict[int, str]  # item id -> attachment name inside the PDF
    timestamp_lines: tuple[str, ...] = ()
    redactor: Redactor | None = None
    redaction_notes: dict[int, str] = field(default_factory=dict)


@dataclass
class LayoutResult:
    pages: int
    exhibit_pages: dict[str, int]  # exhibit number -> first page


class _Anchor(Flowable):  # type: ignore[misc]
    """Zero-size marker: records the bundle page it lands on (and reports progress)."""

    def __init__(self, key: str, sink: dict[str, int], offset: int | list[int] = 0,
                 on_draw: Callable[[], None] | None = None) -> None:
        super().__init__()
        self.key = key
        self.sink = sink
        self.offset = offset if isinstance(offset, list) else [offset]  # read when drawn
        self.on_draw = on_draw
        self.width = self.height = 0

    def wrap(self, aw: float, ah: float) -> tuple[float, float]:
        return 0, 0

    def draw(self) -> None:
        self.sink[self.key] = self.offset[0] + self.canv.getPageNumber()
        if self.on_draw:
            self.on_draw()


class _Box(Flowable):  # type: ignore[misc]
    """Placeholder of an image's size for the first pass."""

    def __init__(self, w: float, h: float) -> None:
        super().__init__()
        self.width, self.height = w, h

    def wrap(self, aw: float, ah: float) -> tuple[float, float]:
        return self.width, self.height

    def draw(self) -> None:
        pass


class Picture(Flowable):  # type: ignore[misc]
    """An image file drawn at a fixed size; PNG/JPEG data passed through undecoded (images.py)."""

    def __init__(self, path: Path, width: float, height: float) -> None:
        super().__init__()
        self.path = path
        self.width, self.height = width, height
        self.hAlign = "CENTER"

    def wrap(self, aw: float, ah: float) -> tuple[float, float]:
        return self.width, self.height

    def draw(self) -> None:
        register_passthrough(self.canv, self.path)
        self.canv.drawImage(str(self.path), 0, 0, self.width, self.height)


class _Doc(BaseDocTemplate):  # type: ignore[misc]
    """One part of the bundle; :meth:`build_lazily` takes the story as a generator."""

    def __init__(self, dest: Any, footer: Callable[[Any, int], None], **kw: Any) -> None:
        self._source: Iterator[Flowable] | None = None
        self._story: list[Flowable] = []
        self.carry: list[Flowable] | None = None  # the story left when a _StopPart ended the document
        super().__init__(
            dest,
            pagesize=PAGE,
            leftMargin=MARGIN,
            rightMargin=MARGIN,
            topMargin=MARGIN,
            bottomMargin=MARGIN + 8 * mm,
            **kw,
        )
        frame = Frame(MARGIN, MARGIN + 8 * mm, FRAME_W, FRAME_H, id="body", leftPadding=0, rightPadding=0,
                      topPadding=0, bottomPadding=0)

        def on_page(canv: Any, doc: Any) -> None:
            footer(canv, canv.getPageNumber())

        self.addPageTemplates([PageTemplate(id="page", frames=[frame], onPage=on_page)])

    def filterFlowables(self, flowables: list[Flowable]) -> None:
        """reportlab's hook before each flowable is placed: keep a few more in the story.

        (It is called for reportlab's internal lists too; only the story is refilled.)"""
        while flowables is self._story and self._source is not None and len(flowables) < STORY_BUFFER:
            nxt = next(self._source, None)
            if nxt is None:
                self._source = None
            else:
                flowables.append(nxt)

    def handle_flowable(self, flowables: list[Flowable]) -> None:
        if flowables is self._story and flowables and isinstance(flowables[0], _StopPart):
            # end this document at the end of the full page just placed; the rest is the next's
            self.carry = flowables[1:]
            del flowables[:]
            self._source = None
            return
        super().handle_flowable(flowables)

    def build_lazily(self, story: Iterable[Flowable]) -> None:
        self._source = iter(story)
        self._story = []
        self.filterFlowables(self._story)
        self.build(self._story)


class _Styles:
    def __init__(self, cjk: bool) -> None:
        wrap = "CJK" if cjk else None
        base = dict(fontName=FONT, wordWrap=wrap, splitLongWords=1)
        self.body = ParagraphStyle("body", fontSize=9.5, leading=13.5, **base)
        self.small = ParagraphStyle("small", fontSize=8, leading=10.5, **base)
        self.cell = ParagraphStyle("cell", fontSize=7.5, leading=9.5, **base)
        self.cellc = ParagraphStyle("cellc", parent=self.cell, alignment=TA_CENTER)
        self.mono = ParagraphStyle("mono", fontName=MONO, fontSize=7.5, leading=9.5, splitLongWords=1)
        self.h1 = ParagraphStyle("h1", fontSize=22, leading=30, alignment=TA_CENTER, spaceAfter=8, **base)
        self.h2 = ParagraphStyle("h2", fontSize=15, leading=20, spaceBefore=4, spaceAfter=6, **base)
        self.h3 = ParagraphStyle("h3", fontSize=11, leading=15, spaceBefore=6, spaceAfter=3,
                                 textColor=colors.HexColor("#1f3b63"), **base)
        self.title = ParagraphStyle("title", fontSize=15, leading=21, alignment=TA_CENTER, spaceAfter=18, **base)
        self.h3k = ParagraphStyle("h3k", parent=self.h3, keepWithNext=1)
        self.sender = ParagraphStyle("sender", parent=self.small, spaceAfter=6)
        self.msg_in = ParagraphStyle("msgin", fontSize=9, leading=12.5, backColor=colors.HexColor("#eef1f5"),
                                     borderPadding=3, spaceAfter=6, leftIndent=3, rightIndent=30, **base)
        self.msg_out = ParagraphStyle("msgout", parent=self.msg_in, backColor=colors.HexColor("#dff0d8"),
                                      leftIndent=30, rightIndent=3)


_CJK = re.compile(r"[\u3000-\u30ff\u3400-\u9fff\uf900-\ufaff\uff00-\uffef]")
_cjk_styles: dict[str, ParagraphStyle] = {}


def _p(text: str, style: ParagraphStyle) -> Paragraph:
    return Paragraph(escape(text).replace("\n", "<br/>"), _style_for(text, style))


def _style_for(text: str, style: ParagraphStyle) -> ParagraphStyle:
    if style.wordWrap != "CJK" and style.fontName == FONT and _CJK.search(text):
        # Chinese text (a message quoted in an English bundle) breaks between characters,
        # not at the few spaces it has.
        cjk = _cjk_styles.get(style.name)
        if cjk is None:
            cjk = _cjk_styles[style.name] = ParagraphStyle(style.name + "-cjk", parent=style, wordWrap="CJK")
        return cjk
    return style


def _linked(text: str, page: int | None, style: ParagraphStyle, *, blue: bool = False) -> Paragraph:
    """``text`` as a link to a page of the bundle (plain text while the page is not known)."""
    if not page:
        return _p(text, style)
    colour = ' color="#1f4e9a"' if blue else ""
    return Paragraph(f'<a href="{PAGE_LINK}{page}"{colour}>{escape(text)}</a>', _style_for(text, style))


def _when(iso: str | None, offset: str = "") -> str:
    """A recorded ISO time for people: ``2026-11-28 14:33:26`` in the import's local time when
    it was UTC (with the offset named), as written otherwise."""
    if not iso:
        return ""
    t = chronology.parse_time(iso, offset)
    if t is None:
        return iso
    utc = iso.strip().endswith(("Z", "+00:00"))
    zone = (f" (UTC{offset})" if offset else " UTC") if utc else ""
    return t.strftime("%Y-%m-%d %H:%M:%S") + zone


_GRID = TableStyle(
    [
        ("GRID", (0, 0), (-1, -1), 0.4, colors.HexColor("#888888")),
        ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e4e9f0")),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), 3),
        ("RIGHTPADDING", (0, 0), (-1, -1), 3),
        ("TOPPADDING", (0, 0), (-1, -1), 2),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
    ]
)

_KV = TableStyle(
    [
        ("GRID", (0, 0), (-1, -1), 0.3, colors.HexColor("#bbbbbb")),
        ("BACKGROUND", (0, 0), (0, -1), colors.HexColor("#f2f4f7")),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), 3),
        ("RIGHTPADDING", (0, 0), (-1, -1), 3),
        ("TOPPADDING", (0, 0), (-1, -1), 2),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
    ]
)


class _StopPart(Flowable):  # type: ignore[misc]
    """Where a long table has filled enough pages for one document (see :class:`_Doc`)."""

    def wrap(self, aw: float, ah: float) -> tuple[float, float]:
        return 0, 0

    def draw(self) -> None:
        pass


@dataclass
class _TableState:
    """Where a long table is: the next row (measured), rows placed, pages filled."""

    pending: tuple[list[Any], float] | None = None
    index: int = 0
    pages: int = 0
    header_h: float | None = None


class _LongTable(Flowable):  # type: ignore[misc]
    """A table of any length (the evidence list, the chronology, the custody appendix), made a
    page at a time: each time reportlab asks it to split it measures rows until the space left
    on the page is full and returns a table of just those rows (the header repeated) and the
    rest of itself. So no more than a page of rows exists at once, and every PART_PAGES pages it
    ends the document (a :class:`_StopPart` on a full page) so that no part grows with the case.
    """

    def __init__(self, header: list[Any], rows: Iterator[list[Any]], widths: list[float],
                 marked: Callable[[int], bool] | None = None, state: _TableState | None = None) -> None:
        super().__init__()
        self.header, self.rows, self.widths, self.marked = header, rows, widths, marked
        self.state = state if state is not None else _TableState()

    def _peek(self, aw: float) -> tuple[list[Any], float] | None:
        st = self.state
        if st.pending is None:
            row = next(self.rows, None)
            if row is None:
                return None
            st.pending = (row, self._height([row], aw))
        return st.pending

    def _height(self, rows: list[list[Any]], aw: float) -> float:
        t = Table(rows, colWidths=self.widths)
        t.setStyle(_GRID)
        return float(t.wrap(aw, 1e9)[1])

    def wrap(self, aw: float, ah: float) -> tuple[float, float]:
        if self._peek(aw) is None:
            return aw, 0  # nothing (left) to show
        return aw, ah + 1  # never placed whole: always split into a page's worth

    def draw(self) -> None:
        pass

    def split(self, aw: float, ah: float) -> list[Flowable]:
        st = self.state
        if st.header_h is None:
            st.header_h = self._height([self.header], aw)
        avail = ah - st.header_h - 0.5
        taken: list[list[Any]] = []
        while (nxt := self._peek(aw)) is not None:
            row, h = nxt
            if h > avail and (taken or ah < FRAME_H - 1):
                break  # the page is full (or too little is left to start here: the next page)
            taken.append(row)
            avail -= h
            st.pending = None
        if not taken:
            return []
        start = st.index
        st.index += len(taken)
        t = Table([self.header, *taken], colWidths=self.widths, repeatRows=1)
        t.setStyle(_GRID)
        if self.marked is not None:
            for j in range(len(taken)):
                if self.marked(start + j):
                    t.setStyle(TableStyle([("BACKGROUND", (0, j + 1), (-1, j + 1), colors.HexColor("#fbe3e3"))]))
        if self._peek(aw) is None:
            return [t]
        st.pages += 1
        rest = _LongTable(self.header, self.rows, self.widths, self.marked, st)
        return [t, _StopPart(), rest] if st.pages % PART_PAGES == 0 else [t, rest]


def _tables(header: list[Any], rows: Iterable[list[Any]], widths: list[float]) -> Iterator[Flowable]:
    """A short table (an exhibit's own custody entries) as tables of TABLE_CHUNK rows, each
    repeating the header and made when needed; long ones are :class:`_LongTable`."""
    it = iter(rows)
    first = True
    while True:
        chunk = list(islice(it, TABLE_CHUNK))
        if not chunk and not first:
            return
        first = False
        t = Table([header, *chunk], colWidths=widths, repeatRows=1)
        t.setStyle(_GRID)
        yield t
        if len(chunk) < TABLE_CHUNK:
            return


def _human_size(n: int) -> str:
    for unit in ("B", "KB", "MB", "GB"):
        if n < 1024 or unit == "GB":
            return f"{n} {unit}" if unit == "B" else f"{n:.1f} {unit}"
        n /= 1024  # type: ignore[assignment]
    return str(n)


def exhibit_label(s: Strings, number: str) -> str:
    return s("exhibit", n=number)


def build_pdf(
    li: LayoutInput,
    out: Path,
    *,
    progress: Progress = no_progress,
    cancel: CancelToken | None = None,
) -> LayoutResult:
    """Lay out and write the unsigned PDF at ``out``; returns pages and exhibit start pages.

    Raises:
        Cancelled: when ``cancel`` is set.
        ExportError: the parts could not be put together.
    """
    register_fonts()
    cancel = cancel or CancelToken()
    # ASCII85 only makes streams 25% larger (binary PDFs have been fine for decades), and without
    # reportlab's optional C accelerator its pure-Python encoder dominated the export time.
    saved_a85 = rl_config.useA85
    rl_config.useA85 = 0
    try:
        return _build(li, Path(out), progress, cancel)
    finally:
        rl_config.useA85 = saved_a85


@dataclass(frozen=True)
class _Part:
    """A run of pages laid out as one reportlab document: the front matter (cover, evidence
    list, chronology), a few exhibits, or the back matter (verification page, custody appendix)."""

    kind: str
    exhibits: tuple[ExhibitInput, ...] = ()


def _parts(li: LayoutInput) -> list[_Part]:
    parts = [_Part("front")]
    group: list[ExhibitInput] = []
    size = 0
    for ex in li.bundle.exhibits:
        n = ex.item.size if ex.item.id in li.images else 0
        if group and (len(group) >= PART_EXHIBITS or size + n > PART_BYTES):
            parts.append(_Part("exhibits", tuple(group)))
            group, size = [], 0
        group.append(ex)
        size += n
    if group:
        parts.append(_Part("exhibits", tuple(group)))
    parts.append(_Part("back"))
    return parts


def _build(li: LayoutInput, out: Path, progress: Progress, cancel: CancelToken) -> LayoutResult:
    st = _Styles(li.s.is_cjk)
    parts = _parts(li)
    total_ex = len(li.bundle.exhibits)

    # pass 1: placeholders for the images, numbers unknown; nothing is written
    counts: list[list[int]] = []  # pages of each document each part was laid out in
    anchors: dict[str, int] = {}
    for i, part in enumerate(parts, 1):
        cancel.raise_if_cancelled()
        counts.append(_render(li, st, part, None, offset=sum(map(sum, counts)), total=0, pages={}, fake=True,
                              anchors=anchors, on_exhibit=cancel.raise_if_cancelled))
        progress(Step(i, len(parts), "layout"))

    # pass 2: real images and page numbers, document by document into the bundle
    done = [0]

    def tick() -> None:
        cancel.raise_if_cancelled()
        done[0] = min(done[0] + 1, total_ex)
        progress(Step(done[0], total_ex, "pdf"))

    for _attempt in range(3):
        total = sum(map(sum, counts))
        ex_pages = {k[3:]: v for k, v in anchors.items() if k.startswith("ex:")}
        toc_pages = {**ex_pages, "@verify": anchors.get("verify", 0), "@appendix": anchors.get("appendix", 0)}
        got: dict[str, int] = {}
        rendered: list[list[int]] = []
        with tempfile.TemporaryDirectory(prefix=".parts-", dir=out.parent) as td, Assembler(out, total) as asm:

            def append(path: Path) -> None:
                asm.add(path)
                path.unlink()

            for i, part in enumerate(parts):
                rendered.append(_render(li, st, part, partial(_part_file, Path(td), i),
                                        offset=sum(map(sum, counts[:i])), total=total, pages=toc_pages,
                                        fake=False, anchors=got, on_exhibit=tick, on_written=append))
                if rendered[-1] != counts[i]:
                    break
            else:
                if got == anchors:
                    asm.finish(info=_info(li), bookmarks=_bookmarks(li, got), lang=li.s.lang,
                               doc_id=bytes.fromhex(li.fingerprint)[:16])
                    return LayoutResult(pages=asm.pages, exhibit_pages=ex_pages)
        # Should not happen (fixed widths); if it does, the list would lie: lay out again.
        log.warning("pagination differed between passes; laying out again")
        counts = rendered + counts[len(rendered):]
        anchors = {**anchors, **got}
    raise ExportError("the bundle's page numbers did not settle; please report this")


def _part_file(folder: Path, part: int, k: int) -> Path:
    return folder / f"part-{part:04d}-{k:03d}.pdf"


def _render(
    li: LayoutInput,
    st: _Styles,
    part: _Part,
    dest: Callable[[int], Path] | None,
    *,
    offset: int,
    total: int,
    pages: dict[str, int],
    fake: bool,
    anchors: dict[str, int],
    on_exhibit: Callable[[], None],
    on_written: Callable[[Path], None] | None = None,
) -> list[int]:
    """Lay out one part, as one document or (a long table ending one, see :class:`_LongTable`)
    several; ``dest(k)`` names the k-th file to write (None: write nothing) and ``on_written``
    takes it once written. Returns the number of pages of each document."""
    s = li.s
    meta = li.bundle.meta
    fp_short = li.fingerprint[:16]
    case_name = meta.title if len(meta.title) <= 40 else meta.title[:39] + "…"
    last_page = [0]
    base = [offset]  # the bundle page before the current document's first

    def footer(canv: Any, page: int) -> None:
        last_page[0] = page
        canv.saveState()
        canv.setFont(FONT, 7.5)
        canv.setFillColor(colors.HexColor("#555555"))
        text = s("footer", case=case_name, page=base[0] + page, total=total or "  ", fp=fp_short)
        canv.drawCentredString(PAGE[0] / 2, MARGIN, text)
        canv.setStrokeColor(colors.HexColor("#bbbbbb"))
        canv.line(MARGIN, MARGIN + 3.5 * mm, PAGE[0] - MARGIN, MARGIN + 3.5 * mm)
        canv.restoreState()

    def anchor(key: str, on_draw: Callable[[], None] | None = None) -> _Anchor:
        return _Anchor(key, anchors, base, on_draw)

    def story() -> Iterator[Flowable]:
        if part.kind == "front":
            yield anchor("cover")
            yield from _cover(li, st)
            yield PageBreak()
            yield anchor("toc")
            yield from _toc(li, st, pages)
            yield PageBreak()
            yield anchor("chrono")
            yield from _chronology(li, st, pages)
        elif part.kind == "exhibits":
            for i, ex in enumerate(part.exhibits):
                if i:
                    yield PageBreak()
                yield anchor("ex:" + ex.number, on_exhibit)
                yield from _exhibit(li, st, ex, fake)
        else:
            yield anchor("verify")
            yield from _verification(li, st)
            yield PageBreak()
            yield anchor("appendix")
            yield from _appendix(li, st)

    source = story()
    carry: list[Flowable] = []
    counts: list[int] = []
    while True:
        path = dest(len(counts)) if dest is not None else None
        doc = _Doc(str(path) if path is not None else io.BytesIO(), footer, invariant=1)
        if path is None:
            doc._doSave = 0  # pagination only: reportlab's own switch for passes that write nothing
        last_page[0] = 0
        doc.build_lazily(chain(carry, source))
        counts.append(last_page[0])
        left = doc.carry
        del doc
        gc.collect()  # reportlab's tables and paragraphs hold reference cycles: free a part's now
        if path is not None and on_written is not None:
            on_written(path)
        if left is None:
            return counts
        carry = left
        base[0] += last_page[0]


def _info(li: LayoutInput) -> dict[str, Any]:
    s, meta = li.s, li.bundle.meta
    return {
        "Title": f"{s('bundle_title')}: {meta.title}",
        "Author": meta.claimant_name,
        "Subject": li.fingerprint,
        "Creator": "EvidenceKit",
        "Producer": f"EvidenceKit (ReportLab {reportlab.Version})",
        "CreationDate": li.now,
    }


def _bookmarks(li: LayoutInput, anchors: dict[str, int]) -> list[Bookmark]:
    """The outline a reader navigates by: the sections, and every exhibit by its number."""
    s, red = li.s, li.redactor

    def at(key: str) -> int:
        return anchors.get(key, 1) - 1

    exhibits = tuple(
        Bookmark(s("exhibit_heading", n=ex.number, title=_r(red, summary.exhibit_title(ex, s))), at("ex:" + ex.number))
        for ex in li.bundle.exhibits
    )
    marks = [Bookmark(s("cover_heading"), at("cover")), Bookmark(s("toc_heading"), at("toc")),
             Bookmark(s("chrono_heading"), at("chrono"))]
    if exhibits:
        marks.append(Bookmark(s("exhibits_heading"), exhibits[0].page, exhibits, open=len(exhibits) <= 60))
    marks += [Bookmark(s("verify_heading"), at("verify")), Bookmark(s("appendix_heading"), at("appendix"))]
    return marks


# ------------------------------------------------------------------ sections


def _cover(li: LayoutInput, st: _Styles) -> list[Flowable]:
    s, meta = li.s, li.bundle.meta
    resp = "；".join(
        r.name + (f"（{', '.join(r.numbers)}）" if r.numbers else "") for r in meta.respondents
    ) if s.is_cjk else "; ".join(r.name + (f" ({', '.join(r.numbers)})" if r.numbers else "") for r in meta.respondents)
    claimant = meta.claimant_name + (f"  {meta.claimant_phone}" if meta.claimant_phone else "")
    rows = [
        (s("claimant"), claimant or s("unknown")),
        (s("respondents"), resp or s("unknown")),
        (s("purpose"), s(f"purpose.{li.purpose}")),
        (s("date"), li.now.strftime("%Y-%m-%d")),
        (s("item_count"), f"{len(li.bundle.exhibits)} {s('items_unit')}".strip()),
    ]
    red = li.redactor
    facts = summary.case_summary(li.bundle, s)
    days = chronology.per_day(chronology.events(li.bundle.exhibits)) if facts.empty else []
    if days:
        rows.append((s("period"), s("period_value", start=days[0][0].isoformat(), end=days[-1][0].isoformat(),
                                    total=sum(d[1] + d[2] for d in days), night=sum(d[2] for d in days))))
    t = Table(
        [[_p(k, st.body), _p(v, st.body)] for k, v in rows]
        + [
            [_p(s("fingerprint"), st.body), _p(li.fingerprint, st.mono)],
            [_p(s("cert_fingerprint"), st.body), _p(li.bundle.identity.fingerprint, st.mono)],
        ],
        colWidths=[55 * mm, FRAME_W - 55 * mm],
    )
    t.setStyle(_KV)
    out: list[Flowable] = [
        Spacer(1, 14 * mm),
        _p(s("cover_heading"), st.h1),
        _p(meta.title, st.title),
        Spacer(1, 4 * mm),
        t,
    ]
    if not facts.empty:
        # what happened, in a few lines, before any exhibit: conduct complained of in red
        ft = Table([[_p(_r(red, ln.label), st.body), _p(_r(red, ln.value), st.body)] for ln in facts.lines],
                   colWidths=[55 * mm, FRAME_W - 55 * mm])
        ft.setStyle(_KV)
        for i, ln in enumerate(facts.lines):
            if ln.alert:
                ft.setStyle(TableStyle([("BACKGROUND", (0, i), (-1, i), colors.HexColor("#fbe3e3"))]))
        out += [Spacer(1, 5 * mm), _p(facts.heading, st.h3), ft]
    out += [Spacer(1, 6 * mm), _p(s("cover_note"), st.body)]
    if li.redactor is not None:
        out += [Spacer(1, 4 * mm), _p(s("redacted_note"), st.body)]
    return out


def _toc(li: LayoutInput, st: _Styles, pages: dict[str, int]) -> Iterator[Flowable]:
    s, meta = li.s, li.bundle.meta
    widths = [m * mm for m in (15, 38, 24, 25, 38, 13, 0)]
    widths[-1] = FRAME_W - sum(widths)
    header = [_p(s(k), st.cellc) for k in ("col_no", "col_name", "col_source", "col_time", "col_proves", "col_page",
                                            "col_digest")]

    def rows() -> Iterator[list[Flowable]]:
        for ex in li.bundle.exhibits:
            it = ex.item
            t = chronology.item_time(ex)
            title = summary.exhibit_title(ex, s)
            proves = summary.exhibit_proves(ex, s)
            source = it.source or s("default_source")
            if li.redactor:
                title, proves, source = li.redactor.text(title), li.redactor.text(proves), li.redactor.text(source)
            page = pages.get(ex.number)
            yield [
                _linked(exhibit_label(s, ex.number) if s.is_cjk else ex.number, page, st.cell),
                _p(title, st.cell),
                _p(source, st.cell),
                _p(t.strftime("%Y-%m-%d %H:%M") if t else s("unknown"), st.cell),
                _p(proves, st.cell),
                _linked(str(page) if page else "", page, st.cellc, blue=True),
                _p(it.short_digest, st.mono),
            ]

    yield _p(s("toc_heading"), st.h1)
    yield _p(f"{s('toc_case')}：{meta.title}" if s.is_cjk else f"{s('toc_case')}: {meta.title}", st.body)
    yield Spacer(1, 3 * mm)
    yield _LongTable(header, rows(), widths)
    yield Spacer(1, 3 * mm)
    yield _p(s("toc_note"), st.small)
    # in the first pass the pages are not known yet: a placeholder of the same length keeps the layout
    yield _p(s("toc_back_pages", verify=pages.get("@verify", "  "), appendix=pages.get("@appendix", "  ")), st.small)
    yield Spacer(1, 10 * mm)
    yield KeepTogether([_p(s("signature_line"), st.body), Spacer(1, 4 * mm),
                        _p(s("date_line", date=li.now.strftime("%Y-%m-%d")), st.body)])


def _chronology(li: LayoutInput, st: _Styles, pages: dict[str, int]) -> Iterator[Flowable]:
    s = li.s
    evs = chronology.events(li.bundle.exhibits, li.redactor, title=lambda ex: summary.exhibit_title(ex, s))
    yield _p(s("chrono_heading"), st.h2)
    if not evs:
        yield _p(s("chrono_none"), st.body)
        return
    days = chronology.per_day(evs)
    night = sum(d[2] for d in days)
    counted = sum(d[1] + d[2] for d in days)
    yield _p(s("night_total", total=counted, night=night, days=sum(1 for d in days if d[1] or d[2])), st.body)
    if counted < len(evs):
        yield _p(s("chrono_not_counted"), st.small)
    if days:
        yield Spacer(1, 2 * mm)
        yield _chart(days, s)
    yield Spacer(1, 4 * mm)
    widths = [28 * mm, 32 * mm, 0, 18 * mm]
    widths[2] = FRAME_W - sum(widths)
    header = [_p(s(k), st.cellc) for k in ("col_time", "col_sender", "col_text", "col_exhibit")]

    def rows() -> Iterator[list[Flowable]]:
        for e in evs:
            when = e.when.strftime("%Y-%m-%d %H:%M")
            if e.file_time:
                when += _paren(s, s("file_time"))
            elif e.night and not e.outgoing:
                when += _paren(s, s("night"))
            sender = s("me") if e.outgoing else e.sender
            yield [_p(when, st.cell), _p(sender or "", st.cell), _p(e.text, st.cell),
                   _linked(_exhibits_cell(s, e), pages.get(e.exhibit), st.cellc)]

    yield _LongTable(header, rows(), widths, marked=lambda i: evs[i].night and evs[i].counts)


def _exhibits_cell(s: Strings, e: chronology.Event) -> str:
    first = exhibit_label(s, e.exhibit) if s.is_cjk else e.exhibit
    return ("、" if s.is_cjk else ", ").join([first, *e.also])


def _paren(s: Strings, text: str) -> str:
    return f"（{text}）" if s.is_cjk else f" ({text})"


def _chart(days: list[tuple[dt.date, int, int]], s: Strings) -> Drawing:
    w, h = FRAME_W, 62 * mm
    d = Drawing(w, h)
    d.add(String(0, h - 10, s("chrono_chart_title"), fontName=FONT, fontSize=9))
    bc = VerticalBarChart()
    bc.x, bc.y, bc.width, bc.height = 28, 22, w - 40, h - 42
    bc.data = [[x[1] for x in days], [x[2] for x in days]]
    bc.categoryAxis.style = "stacked"
    bc.bars[0].fillColor = colors.HexColor("#8fb3d9")
    bc.bars[1].fillColor = colors.HexColor("#7a1f2b")
    bc.bars.strokeWidth = 0
    n = len(days)
    step = max(1, (n + 11) // 12)
    bc.categoryAxis.categoryNames = [x[0].strftime("%m-%d") if i % step == 0 else "" for i, x in enumerate(days)]
    bc.categoryAxis.labels.fontName = FONT
    bc.categoryAxis.labels.fontSize = 7
    bc.categoryAxis.labels.boxAnchor = "n"
    bc.valueAxis.labels.fontName = FONT
    bc.valueAxis.labels.fontSize = 7
    bc.valueAxis.valueMin = 0
    top = max((x[1] + x[2] for x in days), default=1)
    bc.valueAxis.valueMax = max(1, top)
    bc.valueAxis.valueStep = max(1, (top + 4) // 5)
    bc.barSpacing = 0.5
    d.add(bc)
    # legend
    d.add(Rect(w - 200, h - 12, 8, 8, fillColor=colors.HexColor("#8fb3d9"), strokeWidth=0))
    d.add(String(w - 188, h - 11, "08:00–22:00", fontName=FONT, fontSize=7.5))
    d.add(Rect(w - 110, h - 12, 8, 8, fillColor=colors.HexColor("#7a1f2b"), strokeWidth=0))
    d.add(String(w - 98, h - 11, f"{s('night')} 22:00–08:00", fontName=FONT, fontSize=7.5))
    return d


def _image_size(li: LayoutInput, ex: ExhibitInput, path: Path) -> tuple[int, int] | None:
    it = ex.item
    if it.width and it.height and path == ex.original:
        return it.width, it.height
    try:
        from PIL import Image as PILImage

        with PILImage.open(path) as im:  # reads the header only
            return im.size
    except (OSError, ValueError) as e:
        log.info("cannot read image size of %s: %s", path, e)
        return None


def _exhibit(li: LayoutInput, st: _Styles, ex: ExhibitInput, fake: bool) -> list[Flowable]:
    s, it = li.s, ex.item
    red = li.redactor
    title = summary.exhibit_title(ex, s)
    title = red.text(title) if red else title
    out: list[Flowable] = [_p(s("exhibit_heading", n=ex.number, title=title), st.h2)]
    img = li.images.get(it.id)
    ocr = red.ocr(ex.ocr) if red else ex.ocr
    msgs = _messages(li, st, ex, ocr)
    if img is not None:
        size = _image_size(li, ex, img)
        if size is None:
            out.append(_p(s("image_missing", reason="unreadable image"), st.body))
            out += msgs
        else:
            iw, ih = size
            max_h = FRAME_H - 16 * mm
            # Side by side when the messages fit beside the screenshot (phone screenshots are
            # tall and narrow); otherwise the image gets the full width and the text follows.
            side_w = FRAME_W * 0.44
            img_w = FRAME_W - side_w - 4 * mm
            msg_h = sum(f.wrap(side_w - 6, max_h)[1] + getattr(f, "style", st.body).spaceAfter for f in msgs)
            # A phone screen's own height: the metadata then fits on the same page.
            side_h = min(max_h, 138 * mm)
            scale_side = min(img_w / iw, side_h / ih, 1.5)
            if iw / ih < 0.9 and msg_h <= max(side_h, ih * scale_side):
                w, h = iw * scale_side, ih * scale_side
                pic: Flowable = _Box(w, h) if fake else Picture(img, w, h)
                t = Table([[pic, msgs]], colWidths=[img_w + 4 * mm, side_w])
                t.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (-1, -1), 0),
                                       ("RIGHTPADDING", (0, 0), (-1, -1), 3)]))
                out.append(t)
            else:
                scale = min(FRAME_W / iw, min(max_h, 150 * mm) / ih, 1.5)
                w, h = iw * scale, ih * scale
                if fake:
                    out.append(_Box(w, h))
                else:
                    out.append(Picture(img, w, h))
                out += msgs
            if it.id in li.redaction_notes:
                out.append(_p(li.redaction_notes[it.id], st.small))
    else:
        if it.kind in ("audio", "video"):
            key = ("recording_redacted" if red is not None
                   else "recording_attached" if it.id in li.attachments else "recording_in_zip")
            out.append(_p(s(key), st.body))
        elif it.kind == "text":
            out += _text_content(li, st, ex)
        elif it.kind == "image" and red is not None:
            out.append(_p(s("image_withheld"), st.body))
        out += msgs
    # metadata
    out.append(CondPageBreak(30 * mm))
    label = exhibit_label(s, ex.number)
    out.append(_p(s("meta_heading") + _paren(s, label), st.h3k))
    kv: list[tuple[str, str, bool]] = [
        (s("m_original_name"), red.text(it.original_name) if red else it.original_name, False),
        (s("m_size"), f"{_human_size(it.size)} ({it.size} B)", False),
        (s("m_type"), f"{_named(s, 'kind.', it.kind)} · {it.mime}", False),
    ]
    if it.width and it.height:
        kv.append((s("m_dimensions"), f"{it.width} × {it.height}", False))
    if it.duration_s is not None:
        kv.append((s("m_duration"), f"{it.duration_s:.1f} s", False))
    kv += [
        (s("m_event_time"), _formed(s, ex), False),
        (s("m_exif_time"), _when(it.exif_time) or s("unknown"), False),
        (s("m_file_time"), _when(it.file_mtime, it.import_offset) or s("unknown"), False),
        (s("m_imported"), _when(it.imported_at, it.import_offset), False),
        (s("m_host"), f"{it.host} / {it.user}", False),
        (s("m_extraction"), _r(red, it.extraction_note) or s("unknown"), False),
        (s("m_source"), _r(red, it.source) or s("default_source"), False),
        (s("m_proves"), _r(red, summary.exhibit_proves(ex, s)), False),
        (s("m_sha256"), it.sha256, True),
        (s("m_sm3"), it.sm3, True),
    ]
    if red is not None:
        kv.append((s("m_attached"), s("attached_redacted"), False))
    elif it.id in li.attachments:
        kv.append((s("m_attached"), s("attached_yes", name=li.attachments[it.id].split("/")[-1]), False))
    else:
        kv.append((s("m_attached"), s("attached_no"), False))
    t = Table([[_p(k, st.cell), _p(v, st.mono if mono else st.cell)] for k, v, mono in kv],
              colWidths=[45 * mm, FRAME_W - 45 * mm])
    t.setStyle(_KV)
    out.append(t)
    if ex.custody:
        out.append(_p(s("custody_heading") + _paren(s, label), st.h3k))
        out += _log_table(li, st, ex.custody, with_item=False)
    return out


def _named(s: Strings, prefix: str, key: str) -> str:
    """The bundle language's name for a code (an action, a kind), the code when it has none."""
    name = s(prefix + key)
    return key if name == prefix + key else name


def _formed(s: Strings, ex: ExhibitInput) -> str:
    """形成时间 as the evidence list shows it, and what it rests on."""
    t, basis = chronology.item_time_basis(ex)
    if t is None:
        return s("unknown")
    return t.strftime("%Y-%m-%d %H:%M") + _paren(s, s(f"basis.{basis}"))


TEXT_SHOWN = 6000  # characters of a text item shown on its page (the whole file is attached)


def _text_content(li: LayoutInput, st: _Styles, ex: ExhibitInput) -> list[Flowable]:
    """The start of a text item (an SMS export, a note), redacted when redacting."""
    try:
        with open(ex.original, "rb") as f:
            raw = f.read(TEXT_SHOWN * 4)
    except OSError as e:
        return [_p(li.s("image_missing", reason=str(e)), st.small)]
    text = raw.decode("utf-8", errors="replace")[:TEXT_SHOWN]
    if li.redactor is not None:
        text = li.redactor.text(text)
    more = ex.item.size > len(raw) or len(text) >= TEXT_SHOWN
    out: list[Flowable] = [_p(li.s("text_heading"), st.h3)]
    out += [_p(line, st.small) for line in text.splitlines() if line.strip()]
    if more:
        out.append(_p(li.s("text_more"), st.small))
    return out


def _r(red: Redactor | None, text: str) -> str:
    return red.text(text) if red is not None and text else text


def _messages(li: LayoutInput, st: _Styles, ex: ExhibitInput, ocr: Any) -> list[Flowable]:
    s, it = li.s, ex.item
    out: list[Flowable] = [_p(s("ocr_heading"), st.h3)]
    if ocr is None or not ocr.messages:
        out.append(_p(s("ocr_none") if it.kind == "image" else s("no_transcript"), st.small))
        return out
    if ocr.sender:
        out.append(_p(f"{s('col_sender')}：{ocr.sender}" if s.is_cjk else f"{s('col_sender')}: {ocr.sender}",
                      st.sender))
    for i, m in enumerate(ocr.messages):
        label = m.sent_at.replace("T", " ")[:16] if m.sent_at else (m.time_label or "")
        text = (f"[{label}] " if label else "") + m.text
        if i in ex.corrected:
            text += " " + s("corrected_mark")
        out.append(_p(text, st.msg_out if m.side == "out" else st.msg_in))
    out.append(_p(s("ocr_engine", engine=f"{ocr.engine.name} {ocr.engine.version} ({ocr.engine.languages})"),
                  st.small))
    return out


def _log_table(li: LayoutInput, st: _Styles, entries: Iterable[LogEntry], *, with_item: bool) -> list[Flowable]:
    """The custody entries as a table: page by page for the appendix, in tables of
    TABLE_CHUNK rows for an exhibit's own few entries."""
    s = li.s
    if with_item:
        widths = [12 * mm, 34 * mm, 30 * mm, 14 * mm, 34 * mm, 0]
        keys: tuple[str, ...] = ("col_seq", "col_when", "col_action", "col_exhibit", "col_actor", "col_hash")
    else:
        widths = [12 * mm, 38 * mm, 34 * mm, 40 * mm, 0]
        keys = ("col_seq", "col_when", "col_action", "col_actor", "col_hash")
    widths[-1] = FRAME_W - sum(widths)
    header = [_p(s(k), st.cellc) for k in keys]
    number_of = _exhibit_numbers(li) if with_item else {}

    def rows() -> Iterator[list[Flowable]]:
        for e in entries:
            note = _entry_note(li, e)
            action = _named(s, "action.", e.action) + (f"\n{note}" if note else "")
            row = [_p(str(e.seq), st.cellc), _p(_when(e.time).removesuffix(" UTC"), st.cell), _p(action, st.cell)]
            if with_item:
                row.append(_p(number_of.get(e.item_id, "") if e.item_id is not None else "", st.cellc))
            row += [_p(e.actor, st.cell), _p(e.hash[:32], st.mono)]
            yield row

    if with_item:
        return [_LongTable(header, rows(), widths)]
    return list(_tables(header, rows(), widths))


def _entry_note(li: LayoutInput, e: LogEntry) -> str:
    """What a custody entry changed, in a line or two (the numbers masked when redacting)."""
    s, d = li.s, e.details

    def short(v: Any) -> str:
        text = ", ".join(map(str, v)) if isinstance(v, list | tuple) else ("" if v is None else str(v))
        text = text if len(text) <= 60 else text[:59] + "…"
        return text or s("empty")

    lines: list[str] = []
    if e.action == "annotation_changed":
        changes = d.get("changes")
        for field_name, c in (changes.items() if isinstance(changes, dict) else ()):
            if isinstance(c, dict):
                lines.append(s("change_line", field=_named(s, "field.", field_name), old=short(c.get("old")),
                               new=short(c.get("new"))))
        if "moved_from" in d:
            lines.append(s("moved_line", old=d.get("moved_from"), new=d.get("moved_to")))
    elif e.action == "text_corrected" and isinstance(d.get("message"), int):
        lines.append(s("corrected_line", n=d["message"] + 1, old=short(d.get("old")), new=short(d.get("new"))))
    elif e.action in ("item_withdrawn", "import_rejected") and d.get("reason"):
        lines.append(short(d.get("reason")))
    text = "\n".join(lines)
    return li.redactor.text(text) if li.redactor is not None and text else text


def _exhibit_numbers(li: LayoutInput) -> dict[int, str]:
    return {ex.item.id: ex.number for ex in li.bundle.exhibits}


def _verification(li: LayoutInput, st: _Styles) -> list[Flowable]:
    s = li.s
    ident = li.bundle.identity
    out: list[Flowable] = [
        _p(s("verify_heading"), st.h2),
        _p(s("verify_what") if li.attachments else s("verify_what_noattach"), st.body),
        Spacer(1, 2 * mm),
        _p(s("verify_signer", subject=ident.common_name), st.body),
        _p(s("verify_cert", fp=""), st.body),
        _p(ident.fingerprint, st.mono),
        _p(s("fingerprint"), st.body),
        _p(li.fingerprint, st.mono),
        Spacer(1, 2 * mm),
        _p(s("verify_selfsigned"), st.body),
        _p(s("verify_proves_heading"), st.h3),
        _p(s("verify_proves"), st.body),
        _p(s("verify_not_proves"), st.body),
    ]
    if li.redactor is not None:
        out.append(_p(s("redacted_note"), st.body))
    out.append(_p(s("ts_heading"), st.h3))
    for line in li.timestamp_lines or (s("ts_none"),):
        out.append(_p(line, st.body))
    out.append(_p(s("steps_heading"), st.h3))
    steps = [s(f"step{i}") for i in range(1, 8)] + [s("zip_sig_step")]
    for i, text in enumerate(steps, 1):
        out.append(_p(f"{i}. {text}", st.body))
        out.append(Spacer(1, 1 * mm))
    if li.redactor is not None:
        out.append(_p(s("steps_redacted"), st.body))
    elif not li.attachments:
        out.append(_p(s("steps_noattach"), st.body))
    return out


def _appendix(li: LayoutInput, st: _Styles) -> Iterator[Flowable]:
    s = li.s
    yield _p(s("appendix_heading"), st.h2)
    yield _p(s("appendix_note"), st.small)
    yield Spacer(1, 2 * mm)
    if not li.bundle.log:
        yield _p(s("none"), st.body)
        return
    yield from _log_table(li, st, li.bundle.log, with_item=True)
