"""A draft as a Word document (python-docx), for a lawyer who edits in Word.

The only module that imports ``docx``. Blanks left for the person are highlighted so none is
missed; the text is the draft's, line for line.
"""

from __future__ import annotations

import datetime as dt

import re
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from evidencekit.core.documents.model import BLANK_MARK, HEADING, Draft
from evidencekit.core.export.strings import language_tag
from evidencekit.errors import ExportError

if TYPE_CHECKING:
    from docx.text.paragraph import Paragraph

#: Channels whose text is the message itself, with no title line: the SMS to 12321, "源号码*全文".
UNTITLED = frozenset({"12321-sms"})
#: A numbered quote ("(1) 证据4，…", "(1) Exhibit 4, …") and an event line ("- 2026-11-20 09:12 证据1：…").
_QUOTE = re.compile(r"^\(\d+\) ")
_EVENT = re.compile(r"^- ")

LineKind = Literal["title", "heading", "subheading", "body", "gap"]


def line_kinds(draft: Draft) -> list[tuple[str, LineKind]]:
    """The draft's lines, each with how the PDF and the DOCX lay it out.

    ``title``: the first line, unless the text is a message with no title (:data:`UNTITLED`, or a
    single line). ``heading``: a section ("一、事实经过", "II. Facts"; :data:`~.model.HEADING`).
    ``subheading``: a line of its own, ending in a colon, that introduces numbered quotes
    ("同一发送方的其他短信："). ``gap``: an empty line. Everything else is ``body``, the SMS's text too.
    """
    lines = draft.text.splitlines()
    titled = draft.channel not in UNTITLED and sum(1 for line in lines if line.strip()) > 1
    out: list[tuple[str, LineKind]] = []
    for n, line in enumerate(lines):
        kind: LineKind
        if not line.strip():
            kind = "gap"
        elif n == 0 and titled:
            kind = "title"
        elif HEADING.match(line):
            kind = "heading"
        elif line.rstrip().endswith(("：", ":")) and _QUOTE.match(_next_line(lines, n)):
            kind = "subheading"
        else:
            kind = "body"
        out.append((line, kind))
    return out


def _next_line(lines: list[str], n: int) -> str:
    return next((line for line in lines[n + 1:] if line.strip()), "")


def starts_quotes_after_events(lines: list[tuple[str, LineKind]], n: int) -> bool:
    """Whether line ``n`` is the first numbered quote right after the list of events, with nothing
    to introduce it (the lawyer's brief): the writers leave some space between the two lists."""
    return n > 0 and bool(_QUOTE.match(lines[n][0])) and bool(_EVENT.match(lines[n - 1][0]))


_FINGERPRINT = {"zh-Hans": "证据包指纹（SHA-256）：", "zh-Hant": "證據包指紋（SHA-256）：",
                "en": "Bundle fingerprint (SHA-256): "}


def write_docx(draft: Draft, path: Path, *, fingerprint: str = "", created: dt.datetime | None = None) -> Path:
    """Write ``draft`` as a DOCX file.

    Args:
        draft: a rendered draft (:func:`~evidencekit.core.documents.render.render`).
        path: where to write; an existing file is replaced.
        fingerprint: the bundle's SHA-256, put in the document's properties, and at its end when
            the text does not hold it (the SMS to 12321 has no room for it).
        created: when it was written, for the document's properties (without it, none is set).

    Returns:
        ``path``.

    Raises:
        ExportError: the file could not be written.
    """
    import docx
    from docx.enum.text import WD_COLOR_INDEX
    from docx.oxml.ns import qn
    from docx.shared import Pt

    doc = docx.Document()
    style = doc.styles["Normal"]
    style.font.size = Pt(11)
    # East Asian text needs its own font slot, or Word shows boxes on some systems
    rpr = style.element.get_or_add_rPr()
    fonts = rpr.get_or_add_rFonts()  # in its place among the run properties (Word is strict about their order)
    fonts.set(qn("w:eastAsia"), "SimSun" if draft.language == "zh-Hans" else "PMingLiU")
    # the document's language is the draft's, as written in the case's region (Word's spelling and
    # line breaking follow it): zh-HK for a Hong Kong case's Chinese, zh-TW for Taiwan's; the
    # Chinese quoted in an English draft is of the case's region too
    tag, east_asian = language_tag(draft.language, draft.region)
    for st in (style, *(doc.styles[n] for n in ("Title", "Heading 1", "Heading 2", "Heading 3") if n in doc.styles)):
        srpr = st.element.get_or_add_rPr()
        lang_el = srpr.find(qn("w:lang"))
        if lang_el is None:
            lang_el = srpr.makeelement(qn("w:lang"), {})
            srpr.append(lang_el)  # last of the properties a style sets here, where the schema puts it
        lang_el.set(qn("w:val"), tag)
        lang_el.set(qn("w:eastAsia"), east_asian)
    lines = line_kinds(draft)
    if fingerprint and fingerprint not in draft.text:  # a text too short to hold it (an SMS): the document does
        lines.append((_FINGERPRINT[draft.language if draft.language in _FINGERPRINT else "en"] + fingerprint, "body"))

    def runs(p: Paragraph, line: str) -> None:
        for part in BLANK_MARK.split(line):
            if not part:
                continue
            run = p.add_run(part)
            if BLANK_MARK.fullmatch(part):  # every blank stands out, in a heading too
                run.font.highlight_color = WD_COLOR_INDEX.YELLOW
                run.bold = True

    levels = {"title": 1, "heading": 2, "subheading": 3}
    for n, (line, kind) in enumerate(lines):
        if kind == "gap":
            continue
        p = doc.add_heading("", level=levels[kind]) if kind in levels else doc.add_paragraph()
        if starts_quotes_after_events(lines, n):
            p.paragraph_format.space_before = Pt(8)
        runs(p, line)
    props = doc.core_properties
    props.title = lines[0][0] if lines and lines[0][1] == "title" else draft.channel_name
    props.subject = f"EvidenceKit draft: {draft.channel} ({draft.language})"
    # (python-docx's own template names itself the author, written in 2013: not this document's)
    props.author = props.last_modified_by = ""
    if created is not None:
        props.created = props.modified = created.astimezone(dt.timezone.utc).replace(tzinfo=None)
    if fingerprint:
        props.keywords = f"bundle-sha256:{fingerprint}"
    try:
        doc.save(str(path))
    except OSError as e:
        raise ExportError(f"could not write {path}: {e}") from e
    return path
