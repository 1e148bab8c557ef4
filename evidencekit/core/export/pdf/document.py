"""The document driver: the bundle laid out in parts, in two passes, and put together.

Two passes: the first lays the whole story out with images replaced by empty boxes of the same
size and records (with anchors) on which page every exhibit starts and how many pages there
are; the second draws for real with those numbers in the evidence list and the footers. Every
flowable is built so that its size does not depend on the numbers (fixed column widths), so both
passes paginate alike; a test compares the list with the pages pdftotext finds.

Memory does not grow with the number of items:

- reportlab holds a document in memory until it saves it, so the bundle is laid out in parts
  (front matter, a few exhibits at a time, back matter), each its own small document that starts
  on a new page anyway and numbers its pages from where the previous part ended; each part is
  appended to the bundle (:mod:`.assemble`) as soon as it is written, then deleted;
- the story is produced as reportlab consumes it (a generator behind ``filterFlowables``), so
  even an evidence list or custody appendix of thousands of rows exists only a table at a time
  (:mod:`.tables`);
- images are read from disk when their part is saved (:mod:`.images`).
"""

from __future__ import annotations

import datetime as dt
import gc
import io
import logging
import tempfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from functools import partial
from itertools import chain
from pathlib import Path
from typing import IO, Literal

import reportlab
from reportlab import rl_config
from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Flowable, Frame, PageBreak, PageTemplate

from evidencekit.core.export import summary
from evidencekit.core.export.model import ExhibitInput
from evidencekit.core.export.pdf.assemble import Assembler, Bookmark
from evidencekit.core.export.pdf.flowables import Anchor
from evidencekit.core.export.pdf.input import LayoutInput, LayoutResult
from evidencekit.core.export.pdf.sections.chronology import chronology
from evidencekit.core.export.pdf.sections.cover import cover
from evidencekit.core.export.pdf.sections.custody import appendix
from evidencekit.core.export.pdf.sections.evidence_list import evidence_list
from evidencekit.core.export.pdf.sections.drafts import drafts_section
from evidencekit.core.export.pdf.sections.exhibit import exhibit
from evidencekit.core.export.pdf.sections.findings import findings_section
from evidencekit.core.export.pdf.sections.verification import verification
from evidencekit.core.export.pdf.styles import FONT, FRAME_H, FRAME_W, MARGIN, PAGE, Styles, register_fonts
from evidencekit.core.export.pdf.tables import StopPart
from evidencekit.core.export.strings import language_tag
from evidencekit.core.progress import CancelToken, Progress, Step, no_progress
from evidencekit.errors import ExportError

log = logging.getLogger(__name__)

PART_EXHIBITS = 20  # exhibits per part at most...
PART_BYTES = 24 << 20  # ...and about this many bytes of images (a part is held in memory until saved)
STORY_BUFFER = 16  # flowables reportlab sees ahead of the one it places

#: Draws the footer of a page: (canvas, page number within the document).
Footer = Callable[[Canvas, int], None]


class PartDoc(BaseDocTemplate):
    """One document of the bundle; :meth:`build_lazily` takes the story as a generator and a
    :class:`~.tables.StopPart` ends the document there (the rest is in :attr:`carry`)."""

    def __init__(self, dest: str | IO[bytes], footer: Footer, *, write: bool = True) -> None:
        self._source: Iterator[Flowable] | None = None
        self._story: list[Flowable] = []
        self.carry: list[Flowable] | None = None  # the story left when a StopPart ended the document
        super().__init__(
            dest,
            pagesize=PAGE,
            leftMargin=MARGIN,
            rightMargin=MARGIN,
            topMargin=MARGIN,
            bottomMargin=MARGIN + 8 * mm,
            invariant=1,
        )
        if not write:
            # pagination only: reportlab's own switch for passes that write nothing
            self._doSave = 0
        frame = Frame(MARGIN, MARGIN + 8 * mm, FRAME_W, FRAME_H, id="body", leftPadding=0, rightPadding=0,
                      topPadding=0, bottomPadding=0)

        def on_page(canv: Canvas, doc: BaseDocTemplate) -> None:
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
        if flowables is self._story and flowables and isinstance(flowables[0], StopPart):
            # end this document at the end of the full page just placed; the rest is the next's
            self.carry = flowables[1:]
            del flowables[:]
            self._source = None
            return
        super().handle_flowable(flowables)

    def build_lazily(self, story: Iterable[Flowable]) -> None:
        """Lay out (and, unless made with ``write=False``, write) the story as it comes."""
        self._source = iter(story)
        self._story = []
        self.filterFlowables(self._story)
        self.build(self._story)


def build_pdf(
    li: LayoutInput,
    out: Path,
    *,
    progress: Progress = no_progress,
    cancel: CancelToken | None = None,
) -> LayoutResult:
    """Lay out and write the unsigned PDF at ``out``.

    Args:
        li: what to lay out.
        out: the PDF to write; parts are made in a temporary folder beside it.
        progress: told of each part of the first pass ("layout") and each exhibit ("pdf").
        cancel: checked between parts and exhibits.

    Returns:
        The number of pages and the page each exhibit starts on.

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

    kind: Literal["front", "exhibits", "back"]
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
    st = Styles(li.s.is_cjk)
    parts = _parts(li)
    total_ex = len(li.bundle.exhibits)

    # pass 1: placeholders for the images, numbers unknown; nothing is written
    counts: list[list[int]] = []  # pages of each document each part was laid out in
    anchors: dict[str, int] = {}
    for i, part in enumerate(parts, 1):
        cancel.raise_if_cancelled()
        counts.append(_render(li, st, part, None, offset=sum(map(sum, counts)), total=0, pages={},
                              placeholders=True, anchors=anchors, on_exhibit=cancel.raise_if_cancelled))
        progress(Step(i, len(parts), "layout"))

    # pass 2: real images and page numbers, document by document into the bundle
    done = 0

    def tick() -> None:
        nonlocal done
        cancel.raise_if_cancelled()
        done = min(done + 1, total_ex)
        progress(Step(done, total_ex, "pdf"))

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
                                        placeholders=False, anchors=got, on_exhibit=tick, on_written=append))
                if rendered[-1] != counts[i]:
                    break
            else:
                if got == anchors:
                    asm.finish(info=_info(li), bookmarks=_bookmarks(li, got),
                               lang=language_tag(li.s.lang, li.s.region)[0],
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
    st: Styles,
    part: _Part,
    dest: Callable[[int], Path] | None,
    *,
    offset: int,
    total: int,
    pages: dict[str, int],
    placeholders: bool,
    anchors: dict[str, int],
    on_exhibit: Callable[[], None],
    on_written: Callable[[Path], None] | None = None,
) -> list[int]:
    """Lay out one part, as one document or (a long table ending one, see :class:`~.tables.LongTable`)
    several; ``dest(k)`` names the k-th file to write (None: write nothing) and ``on_written``
    takes it once written. Returns the number of pages of each document."""
    s = li.s
    meta = li.bundle.meta
    fp_short = li.fingerprint[:16]
    case_name = meta.title if len(meta.title) <= 40 else meta.title[:39] + "…"
    last_page = 0
    base = [offset]  # the bundle page before the current document's first (read by the anchors)

    def footer(canv: Canvas, page: int) -> None:
        nonlocal last_page
        last_page = page
        canv.saveState()
        canv.setFont(FONT, 7.5)
        canv.setFillColor(colors.HexColor("#555555"))
        text = s("footer", case=case_name, page=base[0] + page, total=total or "  ", fp=fp_short)
        canv.drawCentredString(PAGE[0] / 2, MARGIN, text)
        canv.setStrokeColor(colors.HexColor("#bbbbbb"))
        canv.line(MARGIN, MARGIN + 3.5 * mm, PAGE[0] - MARGIN, MARGIN + 3.5 * mm)
        canv.restoreState()

    def anchor(key: str, on_draw: Callable[[], None] | None = None) -> Anchor:
        return Anchor(key, anchors, base, on_draw)

    def story() -> Iterator[Flowable]:
        if part.kind == "front":
            yield anchor("cover")
            yield from cover(li, st)
            yield PageBreak()
            yield anchor("toc")
            yield from evidence_list(li, st, pages)
            yield PageBreak()
            yield anchor("chrono")
            yield from chronology(li, st, pages)
            if li.findings and (analysis := li.case_analysis()).contacts:
                yield PageBreak()
                yield anchor("findings")
                yield from findings_section(li, st, analysis, pages)
            if li.drafts:
                yield PageBreak()
                yield anchor("drafts")
                yield from drafts_section(li, st)
        elif part.kind == "exhibits":
            for i, ex in enumerate(part.exhibits):
                if i:
                    yield PageBreak()
                yield anchor("ex:" + ex.number, on_exhibit)
                yield from exhibit(li, st, ex, placeholders)
        else:
            yield anchor("verify")
            yield from verification(li, st)
            yield PageBreak()
            yield anchor("appendix")
            yield from appendix(li, st)

    source = story()
    carry: list[Flowable] = []
    counts: list[int] = []
    while True:
        path = dest(len(counts)) if dest is not None else None
        doc = PartDoc(str(path) if path is not None else io.BytesIO(), footer, write=path is not None)
        last_page = 0
        doc.build_lazily(chain(carry, source))
        counts.append(last_page)
        left = doc.carry
        del doc
        gc.collect()  # reportlab's tables and paragraphs hold reference cycles: free a part's now
        if path is not None and on_written is not None:
            on_written(path)
        if left is None:
            return counts
        carry = left
        base[0] += last_page


def _info(li: LayoutInput) -> dict[str, str | dt.datetime]:
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
    s = li.s

    def at(key: str) -> int:
        return anchors.get(key, 1) - 1

    exhibits = tuple(Bookmark(s("exhibit_heading", n=ex.number, title=summary.exhibit_title(ex, s)),
                              at("ex:" + ex.number))
                     for ex in li.bundle.exhibits)
    marks = [Bookmark(s("cover_heading"), at("cover")), Bookmark(s("toc_heading"), at("toc")),
             Bookmark(s("chrono_heading"), at("chrono"))]
    if "findings" in anchors:
        marks.append(Bookmark(s("findings_heading"), at("findings")))
    if "drafts" in anchors:
        marks.append(Bookmark(s("drafts_heading"), at("drafts")))
    if exhibits:
        marks.append(Bookmark(s("exhibits_heading"), exhibits[0].page, exhibits, open=len(exhibits) <= 60))
    marks += [Bookmark(s("verify_heading"), at("verify")), Bookmark(s("appendix_heading"), at("appendix"))]
    return marks
