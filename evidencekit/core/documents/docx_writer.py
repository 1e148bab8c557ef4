"""A draft as a Word document (python-docx), for a lawyer who edits in Word.

The only module that imports ``docx``. Blanks left for the person are highlighted so none is
missed; the text is the draft's, line for line.
"""

from __future__ import annotations

import re
from pathlib import Path

from evidencekit.core.documents.model import Draft
from evidencekit.errors import ExportError

_BLANK = re.compile(r"(【(?:请填写|請填寫)：[^】]*】|\[FILL IN: [^\]]*\])")
_HEADING = re.compile(r"^(?:[一二三四五六七八九十]+、|\d+\. (?=[A-Z]))")


def write_docx(draft: Draft, path: Path, *, fingerprint: str = "") -> Path:
    """Write ``draft`` as a DOCX file.

    Args:
        draft: a rendered draft (:func:`~evidencekit.core.documents.render.render`).
        path: where to write; an existing file is replaced.
        fingerprint: the bundle's SHA-256, put in the document's properties (and already in the
            text when the draft was made with it).

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
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = rpr.makeelement(qn("w:rFonts"), {})
        rpr.append(fonts)
    fonts.set(qn("w:eastAsia"), "SimSun" if draft.language == "zh-Hans" else "PMingLiU")
    lines = draft.text.splitlines()
    if lines:
        doc.add_heading(lines[0], level=1)
    for line in lines[1:]:
        if not line.strip():
            continue
        if _HEADING.match(line):
            doc.add_heading(line, level=2)
            continue
        p = doc.add_paragraph()
        for part in _BLANK.split(line):
            if not part:
                continue
            run = p.add_run(part)
            if _BLANK.fullmatch(part):
                run.font.highlight_color = WD_COLOR_INDEX.YELLOW
                run.bold = True
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
