"""The text of a whole page — a scanned statement, contract or letter — read by the same engine
as screenshots (:meth:`OcrEngine.read`: detection, then recognition of every line).

A page is no chat: there are no bubbles to find, so the screenshot layout is not applied. The
lines are put back in reading order instead: lines whose vertical centres lie within half a line
height of each other form one row (a statement's columns: "还款日期  2026-11-20  金额  2,000.00"),
read left to right, rows top to bottom. Each line's text is cleaned as a screenshot's is.
"""

from __future__ import annotations

from collections.abc import Sequence
from statistics import median

from PIL import Image

from evidencekit.core.ocr.engine import OcrEngine, OcrLine
from evidencekit.core.ocr.text import clean_text, fix_confusions, line_raw_text

#: Between two lines of one row (columns of a table): wide enough to keep them apart.
COLUMN_GAP = "  "


def page_text(image: Image.Image, engine: OcrEngine, *, script: str | None = None) -> str:
    """Read a page image and give its text in reading order.

    Args:
        image: the page, rendered (see :func:`evidencekit.core.media.document.page_image`).
        engine: the OCR engine screenshots are read with.
        script: "zh-Hans" / "zh-Hant" when known.

    Returns:
        The text, one row of the page per line ("" when nothing was found).

    Raises:
        MissingDependencyError: the engine is missing.
        OcrError: the engine failed on this page.
    """
    rec = engine.read(image.convert("RGB") if image.mode != "RGB" else image, script=script)
    return rows_text(rec.lines)


def rows_text(lines: Sequence[OcrLine]) -> str:
    """Lines (boxes in one page's pixels) as text: grouped into rows, rows top to bottom, each
    row's lines left to right."""
    kept = [ln for ln in lines if line_raw_text(ln).strip()]
    if not kept:
        return ""
    tolerance = max(1.0, median(ln.bbox[3] for ln in kept) / 2)
    rows: list[list[OcrLine]] = []
    centre = 0.0
    for ln in sorted(kept, key=lambda ln: ln.center_y):
        if rows and abs(ln.center_y - centre) <= tolerance:
            rows[-1].append(ln)
            centre = sum(x.center_y for x in rows[-1]) / len(rows[-1])
        else:
            rows.append([ln])
            centre = ln.center_y
    out = []
    for row in rows:
        parts = [fix_confusions(clean_text(line_raw_text(ln))) for ln in sorted(row, key=lambda ln: ln.bbox[0])]
        out.append(COLUMN_GAP.join(p for p in parts if p))
    return "\n".join(r for r in out if r)
