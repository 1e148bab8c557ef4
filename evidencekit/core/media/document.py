"""PDF documents (repayment statements, contracts, letters): their text, page by page, with
``pypdf``; pages without a text layer (scanned) are named, and read by OCR when the caller passes
a reader for them (:func:`read_pdf`'s ``ocr_page``; :func:`page_image` renders a page for it).

``pypdf`` is pure Python and reads hostile files as data: every read here is bounded (pages,
characters) and every failure becomes a reason, never an exception the import sees.
"""

from __future__ import annotations

import logging
import warnings
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from evidencekit.core.media.model import DocFacts
from evidencekit.core.media.notes import note
from evidencekit.errors import Cancelled, MissingDependencyError

if TYPE_CHECKING:
    from PIL import Image

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
        The facts; a PDF that cannot be read gives 0 pages and the reason in ``notes``; a page
        ``ocr_page`` failed on is named there too (the rest are read).

    Raises:
        Cancelled, MissingDependencyError: from ``ocr_page`` (nothing is read then).
    """
    try:
        from pypdf import PdfReader
        from pypdf.errors import PyPdfError
    except ImportError:
        return DocFacts(0, notes=(note("doc.no_pypdf"),))
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
                    return DocFacts(0, notes=(note("doc.encrypted", reason=e),))
            n = len(reader.pages)
            meta = reader.metadata
            title = str(meta.title or "") if meta else ""
            producer = str(meta.producer or "") if meta else ""
            for i in range(min(n, MAX_PAGES)):
                try:
                    text = reader.pages[i].extract_text() or ""
                except (PyPdfError, ValueError, KeyError, TypeError, AttributeError, IndexError, RecursionError,
                        AssertionError, ZeroDivisionError) as e:
                    notes.append(note("doc.page_unreadable", page=i + 1, reason=type(e).__name__))
                    text = ""
                text = "\n".join(line.rstrip() for line in text.splitlines()).strip()
                if len(text.replace(" ", "")) < SCANNED_BELOW:
                    scanned.append(i)
                    if ocr_page is not None and len(scanned) > OCR_MAX_PAGES:
                        if len(scanned) == OCR_MAX_PAGES + 1:
                            notes.append(note("doc.ocr_limit", n=OCR_MAX_PAGES))
                    elif ocr_page is not None:
                        try:
                            # the page's OCR text holds whatever few characters its text layer had
                            text = ocr_page(path, i).strip() or text
                            ocr_done.append(i)
                        except (Cancelled, MissingDependencyError):
                            raise  # stopped, or no engine: the caller says so, the reading is not stored
                        except Exception as e:  # noqa: BLE001 — one page's OCR failing never loses the document
                            notes.append(note("doc.page_ocr_failed", page=i + 1, reason=e))
                room = MAX_CHARS - total
                if room <= 0:
                    notes.append(note("doc.text_cut", n=MAX_CHARS))
                    break
                texts.append(text[:room])
                total += len(texts[-1])
            if n > MAX_PAGES:
                notes.append(note("doc.pages_limit", n=MAX_PAGES, total=n))
    except (PyPdfError, OSError, ValueError, KeyError, TypeError, AttributeError, IndexError, RecursionError,
            AssertionError, ZeroDivisionError) as e:
        return DocFacts(0, notes=(note("doc.unreadable", reason=f"{type(e).__name__}: {e}")[:240],))
    if scanned and ocr_page is None:
        notes.append(note("doc.scanned_unread", n=len(scanned)))
    return DocFacts(n, tuple(texts), tuple(scanned), tuple(ocr_done), title[:200], producer[:200], tuple(notes))


#: Resolution pages are rendered at for OCR (a statement's small print needs ~200 dpi).
OCR_DPI = 200
#: The longest side of a rendered page, whatever the page's size says (a 5 m "page" is rendered
#: smaller, never as a bomb): A4 at 200 dpi is 2339 px.
OCR_MAX_SIDE = 4000
#: Scanned pages read by OCR per document (a statement has a few; the rest is named in notes).
OCR_MAX_PAGES = 50


def renderer() -> str | None:
    """The page renderer (``pdftoppm`` of poppler-utils), None when it is not installed."""
    import shutil

    return shutil.which("pdftoppm")


def page_image(path: Path, page: int, *, dpi: int = OCR_DPI, max_side: int = OCR_MAX_SIDE) -> Image.Image:
    """Page ``page`` (0-based) of a PDF as an image, for OCR: rendered by ``pdftoppm`` straight to
    memory (no temporary file), at ``dpi`` or less so its longest side stays within ``max_side``.

    Raises:
        MissingDependencyError: ``pdftoppm`` is not installed.
        ValueError: the page cannot be rendered (the reason).
    """
    import io
    import subprocess

    from PIL import Image, UnidentifiedImageError

    from evidencekit.core.media.limits import MAX_IMAGE_PIXELS

    exe = renderer()
    if exe is None:
        raise MissingDependencyError("pdftoppm is not installed (Debian/Ubuntu: apt install poppler-utils)")
    dpi = max(1, min(dpi, int(max_side * 72 / _longest_side_pt(path, page))))
    try:
        p = subprocess.run([exe, "-q", "-f", str(page + 1), "-l", str(page + 1), "-r", str(dpi),
                            "-png", "-singlefile", str(path)],
                           capture_output=True, timeout=120, check=False)
    except subprocess.TimeoutExpired as e:
        raise ValueError(f"page {page + 1} took too long to render") from e
    except OSError as e:
        raise ValueError(f"page {page + 1} cannot be rendered ({e.strerror or e})") from e
    if p.returncode != 0 or not p.stdout:
        raise ValueError(f"page {page + 1} cannot be rendered (pdftoppm exit {p.returncode})")
    try:
        img = Image.open(io.BytesIO(p.stdout))
        if img.width * img.height > MAX_IMAGE_PIXELS:
            raise ValueError(f"page {page + 1} renders to {img.width}×{img.height} pixels, too many to read")
        img.load()
    except (UnidentifiedImageError, OSError, Image.DecompressionBombError) as e:
        raise ValueError(f"page {page + 1} rendered to no readable image ({type(e).__name__})") from e
    return img


def _longest_side_pt(path: Path, page: int) -> float:
    """The longest side of a page in points (1/72 inch), from its media box; ValueError when the
    page cannot be found."""
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            box = PdfReader(str(path), strict=False).pages[page].mediabox
            side = max(abs(float(box.width)), abs(float(box.height)))
    except (PyPdfError, OSError, ValueError, KeyError, TypeError, AttributeError, IndexError, RecursionError,
            AssertionError, ZeroDivisionError) as e:
        raise ValueError(f"page {page + 1} cannot be found ({type(e).__name__})") from e
    if not side > 0:
        raise ValueError(f"page {page + 1} has no size")
    return side
