"""A draft as a Word document (python-docx), for a lawyer who edits in Word.

The only module that imports ``docx``. Blanks left for the person are highlighted so none is
missed; the text is the draft's, line for line.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from evidencekit.core.documents.model import BLANK_MARK, HEADING, Draft
from evidencekit.errors import ExportError

if TYPE_CHECKING:
    from docx.text.paragraph import Paragraph

_LANG_TAGS = {"zh-Hans": "zh-CN", "zh-Hant": "zh-TW", "en": "en-US"}
_FINGERPRINT = {"zh-Hans": "证据包指纹（SHA-256）：", "zh-Hant": "證據包指紋（SHA-256）：",
                "en": "Bundle fingerprint (SHA-256): "}


def write_docx(draft: Draft, path: Path, *, fingerprint: str = "") -> Path:
    """Write ``draft`` as a DOCX file.

    Args:
        draft: a rendered draft (:func:`~evidencekit.core.documents.render.render`).
        path: where to write; an existing file is replaced.
        fingerprint: the bundle's SHA-256, put in the document's properties, and at its end when
            the text does not hold it (the SMS to 12321 has no room for it).

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
    # the document's language is the draft's (Word's spelling and line breaking follow it)
    tag = _LANG_TAGS.get(draft.language, "en-US")
    for st in (style, *(doc.styles[n] for n in ("Title", "Heading 1", "Heading 2") if n in doc.styles)):
        srpr = st.element.get_or_add_rPr()
        lang_el = srpr.find(qn("w:lang"))
        if lang_el is None:
            lang_el = srpr.makeelement(qn("w:lang"), {})
            srpr.append(lang_el)  # last of the properties a style sets here, where the schema puts it
        lang_el.set(qn("w:val"), tag)
        lang_el.set(qn("w:eastAsia"), tag if draft.language != "en" else "zh-CN")
    lines = draft.text.splitlines()
    if fingerprint and fingerprint not in draft.text:  # a text too short to hold it (an SMS): the document does
        lines.append(_FINGERPRINT[draft.language if draft.language in _FINGERPRINT else "en"] + fingerprint)

    def runs(p: Paragraph, line: str) -> None:
        for part in BLANK_MARK.split(line):
            if not part:
                continue
            run = p.add_run(part)
            if BLANK_MARK.fullmatch(part):  # every blank stands out, in a heading too
                run.font.highlight_color = WD_COLOR_INDEX.YELLOW
                run.bold = True

    if lines:
        runs(doc.add_heading("", level=1), lines[0])
    for line in lines[1:]:
        if not line.strip():
            continue
        runs(doc.add_heading("", level=2) if HEADING.match(line) else doc.add_paragraph(), line)
    props = doc.core_properties
    props.title = lines[0] if lines else draft.channel
    props.subject = f"EvidenceKit draft: {draft.channel} ({draft.language})"
    if fingerprint:
        props.keywords = f"bundle-sha256:{fingerprint}"
    try:
        doc.save(str(path))
    except OSError as e:
        raise ExportError(f"could not write {path}: {e}") from e
    return path
