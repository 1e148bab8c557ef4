"""A draft complaint or brief as a PDF of its own, in the bundle's fonts and styles (the CJK font
embedded, so the text can be copied and searched), the blanks left for the person highlighted,
and the bundle's fingerprint in the document's properties."""

from __future__ import annotations

import datetime as dt

from pathlib import Path
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Flowable, Frame, PageTemplate, Spacer

from evidencekit.core.documents.docx_writer import line_kinds, starts_quotes_after_events
from evidencekit.core.documents.model import BLANK_MARK, Draft
from evidencekit.core.export.pdf.flowables import Paragraph, style_for
from evidencekit.core.export.pdf.styles import FONT, FRAME_H, FRAME_W, MARGIN, PAGE, Styles, register_fonts
from evidencekit.core.export.strings import language_tag
from evidencekit.errors import ExportError


def _line(text: str, st: Styles, style_name: str) -> Paragraph:
    style = getattr(st, style_name)
    parts = []
    for piece in BLANK_MARK.split(text):
        if not piece:
            continue
        if BLANK_MARK.fullmatch(piece):
            parts.append(f'<font backColor="#fff3a0">{escape(piece)}</font>')  # the CJK font has no bold
        else:
            parts.append(escape(piece))
    return Paragraph("".join(parts), style_for(text, style))


def pdf_date(t: dt.datetime) -> str:
    """A PDF date string ("D:20261204221800+08'00'") for ``t`` (local time when it has no zone)."""
    t = t if t.tzinfo is not None else t.astimezone()
    off = t.utcoffset() or dt.timedelta(0)
    minutes = int(off.total_seconds()) // 60
    sign = "+" if minutes >= 0 else "-"
    return f"D:{t:%Y%m%d%H%M%S}{sign}{abs(minutes) // 60:02d}'{abs(minutes) % 60:02d}'"


def write_draft_pdf(draft: Draft, path: Path, *, fingerprint: str = "", created: dt.datetime | None = None) -> Path:
    """Write ``draft`` as a PDF.

    Args:
        draft: a rendered (or edited) draft.
        path: where to write; an existing file is replaced.
        fingerprint: the bundle's fingerprint, for the document's properties (the text says it
            already, or says that no bundle was made).
        created: when it was written, for the document's properties (a reader's "created" field);
            without it the properties carry reportlab's fixed date, for output that repeats.

    Returns:
        ``path``.

    Raises:
        ExportError: the file could not be written.
    """
    register_fonts()
    st = Styles(draft.language.startswith("zh"))
    lines = line_kinds(draft)
    title = lines[0][0] if lines and lines[0][1] == "title" else draft.channel_name
    styles = {"title": "h2", "heading": "h3k", "subheading": "h4k", "body": "body"}
    story: list[Flowable] = []
    for n, (line, kind) in enumerate(lines):
        if kind == "gap" or starts_quotes_after_events(lines, n):
            story.append(Spacer(1, 2 * mm))
        if kind != "gap":
            story.append(_line(line, st, styles[kind]))

    def footer(canv: Canvas, doc: BaseDocTemplate) -> None:
        canv.saveState()
        canv.setFont(FONT, 7.5)
        canv.setFillColor(colors.HexColor("#555555"))
        note = f"{draft.channel_name or draft.channel} · {canv.getPageNumber()}" + (f" · SHA-256 {fingerprint[:16]}…" if fingerprint else "")
        canv.drawCentredString(PAGE[0] / 2, MARGIN, note)
        canv.restoreState()
        if created is not None:
            canv.setDateFormatter(lambda *_: pdf_date(created))

    try:
        doc = BaseDocTemplate(str(path), pagesize=PAGE, leftMargin=MARGIN, rightMargin=MARGIN, topMargin=MARGIN,
                              bottomMargin=MARGIN + 8 * mm, title=title,
                              author="", subject=f"bundle-sha256:{fingerprint}" if fingerprint else "",
                              creator="EvidenceKit", invariant=1, lang=language_tag(draft.language, draft.region)[0])
        frame = Frame(MARGIN, MARGIN + 8 * mm, FRAME_W, FRAME_H, leftPadding=0, rightPadding=0, topPadding=0,
                      bottomPadding=0)
        doc.addPageTemplates([PageTemplate(id="page", frames=[frame], onPage=footer)])
        doc.build(story)
    except OSError as e:
        raise ExportError(f"could not write {path}: {e}") from e
    return path
