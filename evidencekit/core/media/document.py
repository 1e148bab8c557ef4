"""PDF documents (repayment statements, contracts, letters): their text, page by page, with
``pypdf``; pages without a text layer (scanned) are named, and read by OCR when the caller passes
a reader for them (:func:`read_pdf`'s ``ocr_page``).

``pypdf`` is pure Python and reads hostile files as data: every read here is bounded (pages,
characters) and every failure becomes a reason, never an exception the import sees.
"""

from __future__ import annotations

import logging
import warnings
from collections.abc import Callable
from pathlib import Path

from evidencekit.core.media.model import DocFacts

log = logging.getLogger(__name__)

MAX_PAGES = 500  # pages read for text (a statement has a few; the whole file is kept anyway)
MAX_CHARS = 200_000  # characters of text kept per document
SCANNED_BELOW = 20  # a page with fewer characters of text is taken as a scan


def pdf_problem(path: Path) -> str:
    """Why the file is not a readable PDF ('' when it is one: it has pages)."""
    try:
        from pypdf import PdfReader
        from pypdf.errors import PyPdfError
    except ImportError:  # without the library a PDF is kept as it is
        return ""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            reader = PdfReader(str(path), strict=False)
            if reader.is_encrypted:
                return ""  # kept: an encrypted statement is still a statement (text unread)
            n = len(reader.pages)
    except (PyPdfError, OSError, ValueError, KeyError, TypeError, AttributeError, IndexError, RecursionError,
            AssertionError, ZeroDivisionError) as e:
        return f"{type(e).__name__}: {e}"[:200] or "unreadable"
    return "" if n > 0 else "it has no pages"


def read_pdf(path: Path, *, ocr_page: Callable[[Path, int], str] | None = None) -> DocFacts:
    """The text of a PDF, page by page.

    Args:
        path: the PDF.
        ocr_page: reads page ``n`` (0-based) of a scanned PDF and returns its text; None leaves
            scanned pages unread (they are listed in ``scanned``).

    Returns:
        The facts; a PDF that cannot be read gives 0 pages and the reason in ``notes``.
    """
    try:
        from pypdf import PdfReader
        from pypdf.errors import PyPdfError
    except ImportError:
        return DocFacts(0, notes=("pypdf is not installed: the text was not read",))
    texts: list[str] = []
    scanned: list[int] = []
    ocr_done: list[int] = []
    notes: list[str] = []
    total = 0
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            reader = PdfReader(str(path), strict=False)
            if reader.is_encrypted:
                try:
                    reader.decrypt("")
                except (PyPdfError, NotImplementedError, ValueError) as e:
                    return DocFacts(0, notes=(f"the PDF is encrypted; its text was not read ({e})",))
            n = len(reader.pages)
            meta = reader.metadata
            title = str(meta.title or "") if meta else ""
            producer = str(meta.producer or "") if meta else ""
            for i in range(min(n, MAX_PAGES)):
                try:
                    text = reader.pages[i].extract_text() or ""
                except (PyPdfError, ValueError, KeyError, TypeError, AttributeError, IndexError, RecursionError,
                        AssertionError, ZeroDivisionError) as e:
                    notes.append(f"page {i + 1}: text unreadable ({type(e).__name__})")
                    text = ""
                text = "\n".join(line.rstrip() for line in text.splitlines()).strip()
                if len(text.replace(" ", "")) < SCANNED_BELOW:
                    scanned.append(i)
                    if ocr_page is not None:
                        try:
                            text = ocr_page(path, i).strip()
                            ocr_done.append(i)
                        except Exception as e:  # noqa: BLE001 — one page's OCR failing never loses the document
                            notes.append(f"page {i + 1}: OCR failed ({e})")
                room = MAX_CHARS - total
                if room <= 0:
                    notes.append(f"text after {MAX_CHARS} characters not kept (the original has it all)")
                    break
                texts.append(text[:room])
                total += len(texts[-1])
            if n > MAX_PAGES:
                notes.append(f"text read from the first {MAX_PAGES} of {n} pages")
    except (PyPdfError, OSError, ValueError, KeyError, TypeError, AttributeError, IndexError, RecursionError,
            AssertionError, ZeroDivisionError) as e:
        return DocFacts(0, notes=(f"the PDF cannot be read ({type(e).__name__}: {e})"[:240],))
    if scanned and ocr_page is None:
        notes.append(f"{len(scanned)} scanned page(s) without a text layer; not read by OCR")
    return DocFacts(n, tuple(texts), tuple(scanned), tuple(ocr_done), title[:200], producer[:200], tuple(notes))


def render_page(path: Path, page: int, out: Path, dpi: int = 200) -> bool:
    """Render one page to a PNG with ``pdftoppm`` (poppler), for OCR; False when it is absent."""
    import shutil
    import subprocess

    exe = shutil.which("pdftoppm")
    if exe is None:
        return False
    stem = out.with_suffix("")
    try:
        p = subprocess.run([exe, "-q", "-f", str(page + 1), "-l", str(page + 1), "-r", str(dpi), "-png", "-singlefile",
                            str(path), str(stem)], capture_output=True, timeout=120)
    except (OSError, subprocess.TimeoutExpired):
        return False
    return p.returncode == 0 and stem.with_suffix(".png").is_file()
