"""Reading a case's screenshots (``Case.ocr``): OCR in parallel processes, results kept as derived data;
then the scanned pages of its PDF documents, read by the same engine and stored with the document's reading."""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from evidencekit.core.models import Item, OcrState, ReferenceSource, ReferenceTime
from evidencekit.core.progress import CancelToken, Progress, Step, no_progress
from evidencekit.core.vault.folder import make_private_dir

if TYPE_CHECKING:
    from evidencekit.core.ocr.engine import OcrEngine  # the engines pull in PIL: imported when reading starts
    from evidencekit.core.vault.case import Case  # the facade calls this module (Case.ocr)

log = logging.getLogger(__name__)

CACHE_DIR = "derived/ocr-cache"


def _owner_only(path: Path) -> None:
    try:
        os.chmod(path, 0o600)
    except OSError:
        pass  # no cache file (the cache could not be written): nothing to protect


def file_digest(path: Path) -> str:
    """The SHA-256 of a cache file's bytes ("" when there is none)."""
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return ""


@dataclass(frozen=True, slots=True)
class ItemOcr:
    """What reading one item gave: the number of messages (a screenshot) or of scanned pages read
    (a PDF document), or why it could not be read."""

    item_id: int
    messages: int = 0
    error: str = ""
    pages: int = 0


def reference_time(item: Item) -> ReferenceTime | None:
    """When the screenshot was taken, as the phone saw it, and where that came from: EXIF time,
    else the moment in the phone's file name, else the file's mtime in the importing machine's
    local time. Relative labels (昨天, 星期三)
    resolve against it, and the reading records which of the two it was."""
    if item.exif_time:
        try:
            return ReferenceTime(dt.datetime.fromisoformat(item.exif_time), ReferenceSource.EXIF)
        except ValueError:
            pass
    from evidencekit.core.ocr.batch import name_reference

    if (named := name_reference(item.original_name)) is not None:
        return named  # the phone's own clock, in the name it gave the file
    if item.file_mtime:
        try:
            t = dt.datetime.fromisoformat(item.file_mtime.replace("Z", "+00:00"))
            return ReferenceTime(t.astimezone().replace(tzinfo=None), ReferenceSource.FILE_MTIME)
        except ValueError:
            pass
    return None


def ocr_case_items(
    case: Case,
    item_ids: Iterable[int] | None = None,
    *,
    engine: OcrEngine | None = None,
    workers: int = 2,
    force: bool = False,
    progress: Progress = no_progress,
    cancel: CancelToken | None = None,
) -> Iterator[ItemOcr]:
    """Read the screenshots among ``item_ids`` (all unread ones by default), then the scanned
    pages of the PDF documents among them (:func:`ocr_documents`).

    Results are cached under ``derived/ocr-cache`` by the original's digest and the engine's
    parameters, stored in the index and logged with the digests of the reading and of the cache
    file. A cache file is used again only when an ``ocr_run`` entry logged its digest: any other
    (edited, planted, or left by a run killed before it logged) is removed first, and the
    screenshot read again. An unreadable image is reported and the batch goes on.

    Raises:
        MissingDependencyError: tesseract or its language data is missing (nothing was changed).
    """
    from evidencekit.core.analysis.addressing import claimant_forms
    from evidencekit.core.analysis.labels import apply_claimant
    from evidencekit.core.ocr.pipeline import cache_key, default_engine, recognise_files

    if item_ids is None:
        items = case.items(include_withdrawn=True)
    else:
        items = [case.item(i) for i in item_ids]
    done = {i for i, s in case.ocr_summaries([it.id for it in items]).items() if s.state is OcrState.DONE}
    todo = [it for it in items if it.kind == "image" and (force or it.id not in done)]
    documents = scanned_documents(case, items, force=force)
    if not todo and not documents:
        return
    engine = engine or default_engine()
    if not todo:
        yield from ocr_documents(case, documents, engine, progress=progress, cancel=cancel)
        return
    by_path = {str(case.original_path(it)): it for it in todo}
    refs = {p: t for p, it in by_path.items() if (t := reference_time(it)) is not None}
    cache_dir = case.path / CACHE_DIR
    keys = {p: cache_key(it.sha256, engine, refs.get(p)) for p, it in by_path.items()}
    case.distrust_cache([cache_dir / f"{k}.json" for k in keys.values()])
    make_private_dir(cache_dir)  # the readings hold the messages: owner-only, like the case
    claimant = claimant_forms(case.meta)
    for bi in recognise_files(
        list(by_path),
        engine=engine,
        workers=workers,
        reference_times=refs,
        cache_dir=cache_dir,
        progress=progress,
        cancel=cancel,
    ):
        it = by_path[str(bi.path)]
        if bi.result is None:
            msg = bi.error.msg if bi.error is not None else "not read"
            case.store_ocr_error(it.id, msg)
            yield ItemOcr(it.id, error=msg)
            continue
        key = keys[str(bi.path)]
        # A notice addressed by name to somebody else is flagged against the case's claimant
        # (after the cache: the name belongs to the case, not to the screenshot).
        result = apply_claimant(bi.result, claimant)
        cached = cache_dir / f"{key}.json"
        case.store_ocr(it.id, result, cache_key=key, cache_sha256=file_digest(cached))
        _owner_only(cached)
        yield ItemOcr(it.id, messages=len(result.messages))
    yield from ocr_documents(case, documents, engine, progress=progress, cancel=cancel)


def scanned_documents(case: Case, items: Iterable[Item], *, force: bool = False) -> list[Item]:
    """The PDF documents among ``items`` with scanned pages OCR has not read (with ``force``:
    any scanned page)."""
    out = []
    for it in items:
        if it.kind != "pdf":
            continue
        m = case.media.of(it.id)
        doc = m.document if m is not None else None
        if doc is not None and doc.scanned and (force or set(doc.scanned) - set(doc.ocr_pages)):
            out.append(it)
    return out


def ocr_documents(case: Case, documents: list[Item], engine: OcrEngine, *, progress: Progress = no_progress,
                  cancel: CancelToken | None = None) -> Iterator[ItemOcr]:
    """Read the scanned pages of PDF documents with ``engine``, the engine screenshots are read
    with: each page rendered (``pdftoppm``), read whole (:func:`evidencekit.core.ocr.pages.page_text`),
    the document's reading stored again with the pages' text and logged (``media_read``, the
    engine named as its reader; verify replays its digest).

    Yields:
        One result per document: the pages read, or why none could be (``pdftoppm`` missing; a
        page that fails is named in the document's notes and the others are read).

    Raises:
        MissingDependencyError: the OCR engine is missing (the document's reading is unchanged).
        Cancelled: ``cancel`` was set (the document being read keeps its earlier reading).
    """
    from evidencekit.core.media.document import page_image, renderer
    from evidencekit.core.ocr.pages import page_text

    if not documents:
        return
    if renderer() is None:
        for it in documents:
            yield ItemOcr(it.id, error="scanned pages not read: pdftoppm (poppler-utils) is not installed")
        return
    engine.check()
    reader = f"{engine.name} {engine.version}"
    for n, it in enumerate(documents):
        progress(Step(n, len(documents), it.original_name))

        def read_page(path: Path, page: int) -> str:
            if cancel is not None:
                cancel.raise_if_cancelled()
            return page_text(page_image(path, page), engine)

        m = case.media.read(it.id, ocr_page=read_page, ocr_reader=reader)
        doc = m.document if m is not None else None
        if doc is None:
            yield ItemOcr(it.id, error="not read as a document")
        elif not doc.ocr_pages:
            yield ItemOcr(it.id, error="; ".join(doc.notes[:2]) or "no scanned page could be read")
        else:
            yield ItemOcr(it.id, pages=len(doc.ocr_pages))
    progress(Step(len(documents), len(documents)))
