"""The one place the TUI asks the core for features that may not be installed yet.

OCR, search and export are built by other parts of the project; until a feature is there the
app shows "not available yet" instead of failing. Every call here is made from worker threads
(never on the UI thread for anything that touches disk or the database at scale).
"""

from __future__ import annotations

import importlib
import json
import logging
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from evidencekit.core.models import Item, OcrResult, VerifyReport
from evidencekit.core.progress import CancelToken, Step
from evidencekit.core.vault.case import Case

log = logging.getLogger(__name__)


def _optional(module: str) -> Any | None:
    try:
        return importlib.import_module(module)
    except ImportError:
        return None


# ------------------------------------------------------------------ OCR


def ocr_available(case: Case) -> bool:
    return hasattr(case, "ocr_result") and ocr_runner() is not None


def ocr_runner() -> Callable[..., Any] | None:
    """The core function that OCRs items of a case, when it exists."""
    mod = _optional("evidencekit.core.vault.ocr_runner")
    for name in ("ocr_case_items",):
        fn = getattr(mod, name, None) if mod else None
        if callable(fn):
            return fn  # type: ignore[no-any-return]
    return None


def ocr_result(case: Case, item_id: int) -> OcrResult | None:
    fn = getattr(case, "ocr_result", None)
    return fn(item_id) if fn else None  # type: ignore[no-any-return]


def corrections(case: Case, item_id: int) -> dict[int, str]:
    fn = getattr(case, "corrections", None)
    return dict(fn(item_id)) if fn else {}


def can_correct(case: Case) -> bool:
    return hasattr(case, "correct_message")


def correct_message(case: Case, item_id: int, index: int, text: str) -> None:
    case.correct_message(item_id, index, text)  # type: ignore[attr-defined]


def run_ocr(
    case: Case,
    ids: list[int],
    *,
    progress: Callable[[Step], None],
    cancel: CancelToken,
    engine: Any = None,
) -> list[tuple[int, str]]:
    """OCR ``ids`` (the core skips what was read); returns (item id, error or "") per item."""
    fn = ocr_runner()
    if fn is None:
        return []
    kwargs: dict[str, Any] = {"progress": progress, "cancel": cancel}
    if engine is not None:
        kwargs["engine"] = engine
    out = fn(case, ids, **kwargs)
    done: list[tuple[int, str]] = []
    if isinstance(out, Iterator):
        for r in out:
            done.append((int(getattr(r, "item_id", 0)), str(getattr(r, "error", "") or "")))
    return done


@dataclass(frozen=True, slots=True)
class RowExtras:
    """What the table shows from OCR: state, sender, labels."""

    state: str = ""  # "", "done", "error"
    sender: str = ""
    labels: tuple[str, ...] = ()
    first_time: str = ""


def ocr_extras(case: Case, ids: list[int] | None = None) -> dict[int, RowExtras]:
    """OCR state, sender, labels and first message time of every read item, in one pass.

    Plain tuples and ``json.loads`` (C): ~0.1 s for 10,000 results; SQLite's ``json_each`` was
    slower, ``sqlite3.Row`` lookups too.
    """
    try:
        cur = case.index.conn.cursor()
        cur.row_factory = None
        if ids is None:
            rows = cur.execute("SELECT item_id, result_json, error FROM ocr").fetchall()
        else:
            marks = ",".join("?" * len(ids))
            rows = cur.execute(f"SELECT item_id, result_json, error FROM ocr WHERE item_id IN ({marks})", ids).fetchall()
    except Exception as e:  # noqa: BLE001 - the OCR table may change shape; the columns are optional
        log.warning("cannot read OCR states: %s", e)
        return {}
    out: dict[int, RowExtras] = {}
    loads = json.loads
    for item_id, result_json, error in rows:
        if error and (not result_json or result_json == "{}"):
            out[item_id] = RowExtras("error")
            continue
        try:
            d = loads(result_json) if result_json else {}
            labels: list[str] = []
            first = ""
            for m in d.get("messages", ()):
                first = first or (m.get("sent_at") or "")
                for lab in m.get("labels", ()):
                    name = lab.get("name") if isinstance(lab, dict) else str(lab)
                    if name and name not in labels:
                        labels.append(name)
            out[item_id] = RowExtras("done", d.get("sender") or "", tuple(labels), first)
        except (ValueError, AttributeError, TypeError):
            out[item_id] = RowExtras("done")
    return out


# ------------------------------------------------------------------ search


def search(case: Case, query: str, limit: int = 200) -> list[tuple[int, str]]:
    """(item id, snippet) for items matching ``query``: the core's full-text search when it
    exists, else a scan of the annotations (both scripts via OpenCC)."""
    fn = getattr(case, "search", None)
    if fn is not None:
        out: list[tuple[int, str]] = []
        seen: set[int] = set()
        for hit in fn(query, limit=limit):
            item_id: Any = getattr(hit, "item_id", None)
            if item_id is None and isinstance(hit, tuple | list):
                item_id = hit[0]
            snippet = getattr(hit, "snippet", None) or getattr(hit, "text", None)
            if snippet is None and isinstance(hit, tuple | list) and len(hit) > 1:
                snippet = hit[1]
            if int(item_id) in seen:  # one row per item: its best-ranked field
                continue
            seen.add(int(item_id))
            out.append((int(item_id), str(snippet or "")))
        return out
    return annotation_search(case.items(), query, limit)


_cc: dict[str, Any] = {}


def script_variants(text: str) -> set[str]:
    """``text`` and its Simplified/Traditional conversions (lower-cased)."""
    variants = {text.lower()}
    try:
        import opencc

        for cfg in ("t2s", "s2t"):
            if cfg not in _cc:
                _cc[cfg] = opencc.OpenCC(f"{cfg}.json" if not hasattr(opencc, "__version__") else cfg)
            variants.add(_cc[cfg].convert(text).lower())
    except Exception as e:  # noqa: BLE001 - OpenCC is a nicety for the fallback search
        log.debug("OpenCC unavailable: %s", e)
    return variants


def annotation_search(items: list[Item], query: str, limit: int = 200) -> list[tuple[int, str]]:
    q = query.strip()
    if not q:
        return []
    variants = script_variants(q)
    out: list[tuple[int, str]] = []
    for it in items:
        hay = " · ".join(
            x for x in (it.title, it.proves, it.source, it.extraction_note, " ".join(it.tags), it.original_name) if x
        )
        low = hay.lower()
        if any(v in low for v in variants):
            out.append((it.id, hay))
            if len(out) >= limit:
                break
    return out


# ------------------------------------------------------------------ export and verify


@dataclass(frozen=True)
class ExportOptions:
    purpose: str = "consumer_association"
    language: str = "zh-Hans"
    redact: bool = False
    attachments: bool = True
    make_zip: bool = True
    tsa_url: str = ""


def export_available() -> bool:
    return _optional("evidencekit.core.export.bundle") is not None


def export_case(
    case: Case,
    options: ExportOptions,
    *,
    progress: Callable[[Step], None],
    cancel: CancelToken,
    now: Any = None,
) -> list[Path]:
    """Write the signed PDF (and ZIP) into the case's ``exports/`` folder; returns the paths."""
    import datetime as dt

    from evidencekit.core.export.bundle import export_case as core_export
    from evidencekit.core.export.model import ExportOptions as CoreOptions

    now = now or dt.datetime.now().astimezone()
    out_dir = case.path / "exports"
    out_dir.mkdir(exist_ok=True)
    out = out_dir / f"bundle-{now.strftime('%Y%m%d-%H%M%S')}.pdf"
    n = 1
    while out.exists():
        n += 1
        out = out_dir / f"bundle-{now.strftime('%Y%m%d-%H%M%S')}-{n}.pdf"
    opts = CoreOptions(
        language=options.language,
        purpose=options.purpose,
        make_zip=options.make_zip,
        redact=options.redact,
        attach=options.attachments,
        tsa_urls=tuple(u for u in options.tsa_url.split() if u),
    )
    result = core_export(case, out, opts, progress=progress, cancel=cancel)  # type: ignore[arg-type]
    paths = [result.pdf_path]
    if result.zip_path is not None:
        paths.append(result.zip_path)
    return paths


def verify_all(paths: list[Path]) -> VerifyReport | None:
    """One report over several bundle files (the PDF and the ZIP)."""
    if not paths or not verify_available():
        return None
    checks: list[Any] = []
    for p in paths:
        checks.extend(verify(p).checks)
    return VerifyReport(", ".join(p.name for p in paths), tuple(checks))


def verify_available() -> bool:
    mod = _optional("evidencekit.core.verify")
    return mod is not None and (hasattr(mod, "verify_path") or hasattr(mod, "verify_case"))


def verify(path: str | Path) -> VerifyReport:
    mod = _optional("evidencekit.core.verify")
    if mod is None:
        raise LookupError("verify")
    if hasattr(mod, "verify_path"):
        return mod.verify_path(path)  # type: ignore[no-any-return]
    return mod.verify_case(path)  # type: ignore[no-any-return]


# ------------------------------------------------------------------ fast reads for the table

_TABLE_COLUMNS = (
    "id, sha256, sm3, size, kind, mime, original_name, original_path, file_mtime, exif_time, "
    "imported_at, import_offset, host, user, extraction_note, title, proves, source, event_time, "
    "tags, group_name, position, withdrawn, withdrawn_reason, duration_s, width, height"
)


def all_items(case: Case, limit: int | None = None) -> list[Item]:
    """Every item (withdrawn too) in exhibit order — ``Case.items()`` without its per-row
    name lookups, for tables of 10,000 rows. Falls back to ``Case.items`` if the index differs."""
    try:
        cur = case.index.conn.cursor()
        cur.row_factory = None  # plain tuples: positional, several times faster than sqlite3.Row
        sql = f"SELECT {_TABLE_COLUMNS} FROM items ORDER BY position, id"
        rows = cur.execute(sql + (" LIMIT ?" if limit else ""), (limit,) if limit else ()).fetchall()
    except Exception as e:  # noqa: BLE001 - a schema we do not know: the slow, sure path
        log.warning("fast item read failed (%s); using Case.items", e)
        return case.items(include_withdrawn=True)[:limit]
    out: list[Item] = []
    for r in rows:
        tags = r[19]
        out.append(
            Item(*r[:19], () if not tags or tags == "[]" else tuple(json.loads(tags)), r[20], r[21], bool(r[22]), *r[23:])  # type: ignore[call-arg]
        )
    return out
