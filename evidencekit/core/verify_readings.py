"""Verification of what a case says an item reads: OCR readings, corrections and the OCR cache,
replayed from the custody log.

Each ``ocr_run`` entry records the SHA-256 of the reading as the index keeps it (canonical JSON)
and of the cache file it came from; each ``text_corrected`` entry the value a correction set. So
the index's readings and corrections, and the cache files, must be what the log says:

- a reading whose digest differs from its latest ``ocr_run`` is ``case.ocr.edited``; one the log
  never recorded ``case.ocr.unlogged``; one the log recorded but the index lost ``case.ocr.deleted``;
- a correction the log does not hold is ``case.corrections.unlogged``, one with another value
  ``case.corrections.edited``, one the index lost ``case.corrections.deleted``;
- a cache file whose digest differs from every one logged under its key is ``case.ocr_cache.edited``.

Readings made before digests were logged (EvidenceKit at ``300e1e3`` and earlier) cannot be checked
word for word: only their number of messages is compared, and the report says so in a check of its
own (``case.ocr.undigested``, which holds: it is no sign of tampering, only a limit of what such a
log proves). Read those screenshots again (``evidencekit ocr --force``) to log a digest. Cache files
no entry recorded (left by a reading killed before it was logged, or made by an earlier version)
are reported as ``case.ocr_cache.unrecorded``, also holding: the vault never uses one without
reading the screenshot again.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from evidencekit.core.models import Check, LogEntry
from evidencekit.core.vault import actions
from evidencekit.core.vault.tables.corrections import SENDER_INDEX
from evidencekit.core.vault.tables.ocr import StoredReading


@dataclass(slots=True)
class _Logged:
    runs: dict[int, actions.OcrRun] = field(default_factory=dict)  # item → its latest run
    fixes: dict[int, dict[tuple[int, str], str]] = field(default_factory=dict)
    cache: dict[str, set[str]] = field(default_factory=dict)  # cache key → logged file digests


def _replay(entries: Iterable[LogEntry]) -> _Logged:
    out = _Logged()
    for e in entries:
        if e.item_id is None or e.action not in (actions.Action.OCR_RUN, actions.Action.TEXT_CORRECTED):
            continue
        d = actions.decode(e)
        if isinstance(d, actions.OcrRun):
            out.runs[e.item_id] = d
            if d.cache_key and d.cache_sha256:
                out.cache.setdefault(d.cache_key, set()).add(d.cache_sha256)
        elif isinstance(d, actions.TextCorrected):
            index = SENDER_INDEX if d.field == "sender" else d.message
            if index is not None:
                out.fixes.setdefault(e.item_id, {})[(index, d.field)] = d.new
    return out


def check_readings(entries: list[LogEntry], readings: Mapping[int, StoredReading],
                   corrections: Mapping[int, Mapping[tuple[int, str], str]], items: Mapping[int, str],
                   cache_dir: Path) -> Iterator[Check]:
    """The checks of this module (see its docstring).

    Args:
        entries: the custody log (parsed, in order).
        readings: the index's readings by item.
        corrections: the index's latest corrections by item: (message index, field) → value.
        items: the items in the index, id → how a check names it ("item 3 (exhibit 2, a.png)").
        cache_dir: the case's OCR cache folder.
    """
    logged = _replay(entries)
    yield from _check_ocr(logged, readings, items)
    yield from _check_corrections(logged, corrections, items)
    yield from _check_cache(logged, cache_dir)


def _check_ocr(logged: _Logged, readings: Mapping[int, StoredReading], items: Mapping[int, str]) -> Iterator[Check]:
    matched = undigested = 0
    for iid in sorted(readings):
        r = readings[iid]
        subject = items.get(iid, f"item {iid}")
        run = logged.runs.get(iid)
        if run is None:
            yield Check("reading", subject, False,
                        "a reading in the index that the custody log never recorded (row inserted?)",
                        code="case.ocr.unlogged", args={"item": iid})
        elif run.result_sha256:
            if r.sha256 != run.result_sha256 or (run.cache_key and r.cache_key != run.cache_key):
                yield Check("reading", subject, False,
                            "the reading differs from the one the custody log recorded (text edited?)",
                            code="case.ocr.edited", args={"item": iid})
            else:
                matched += 1
        elif r.messages != run.messages:
            yield Check("reading", subject, False,
                        f"the reading holds {r.messages} messages, the custody log recorded {run.messages} (edited?)",
                        code="case.ocr.edited", args={"item": iid})
        else:
            undigested += 1
    for iid, run in sorted(logged.runs.items()):
        if run.result_sha256 and iid in items and iid not in readings:
            yield Check("reading", items[iid], False,
                        "the custody log recorded a reading that the index no longer holds (deleted?)",
                        code="case.ocr.deleted", args={"item": iid})
    if matched:
        yield Check("reading", "OCR readings", True,
                    f"{matched} readings match the digests the custody log recorded",
                    code="case.ocr.ok", args={"readings": matched})
    if undigested:
        yield Check("reading", "OCR readings", True,
                    f"{undigested} readings were made by an earlier EvidenceKit that logged no digest of their text: "
                    "their number of messages matches the log, their words cannot be checked against it "
                    "(read them again to log a digest)",
                    code="case.ocr.undigested", args={"readings": undigested})


def _check_corrections(logged: _Logged, corrections: Mapping[int, Mapping[tuple[int, str], str]],
                       items: Mapping[int, str]) -> Iterator[Check]:
    total = 0
    for iid in sorted(set(corrections) | set(logged.fixes)):
        if iid not in items:
            continue  # a purged item's corrections went with it
        have = corrections.get(iid, {})
        want = logged.fixes.get(iid, {})
        unlogged = sorted(k for k in have if k not in want)
        edited = sorted(k for k in have if k in want and have[k] != want[k])
        deleted = sorted(k for k in want if k not in have)
        if not (unlogged or edited or deleted):
            total += len(have)
            continue
        code, what = (("case.corrections.unlogged", "a correction the custody log never recorded (row inserted?)")
                      if unlogged else
                      ("case.corrections.edited", "a correction differs from the one the custody log recorded")
                      if edited else
                      ("case.corrections.deleted", "a correction the custody log recorded is missing from the index"))
        names = ", ".join(_name(k) for k in unlogged + edited + deleted)
        yield Check("corrections", items[iid], False, f"{what}: {names}", code=code,
                    args={"item": iid, "fields": names})
    if total:
        yield Check("corrections", "corrections", True, f"{total} corrections match the custody log",
                    code="case.corrections.ok", args={"corrections": total})


def _name(key: tuple[int, str]) -> str:
    index, field_name = key
    return "sender" if field_name == "sender" else f"message {index + 1} {field_name}"


def _check_cache(logged: _Logged, cache_dir: Path) -> Iterator[Check]:
    try:
        files = sorted(p for p in cache_dir.iterdir() if p.suffix == ".json" and p.is_file())
    except OSError:
        return  # no cache (never read, or removed: it is rebuildable)
    ok = unrecorded = 0
    for f in files:
        known = logged.cache.get(f.stem)
        if not known:
            unrecorded += 1
            continue
        try:
            digest = hashlib.sha256(f.read_bytes()).hexdigest()
        except OSError:
            digest = ""
        if digest in known:
            ok += 1
        else:
            yield Check("ocr_cache", f"derived/ocr-cache/{f.name}", False,
                        "the cached reading differs from the one the custody log recorded (edited?)",
                        code="case.ocr_cache.edited", args={"file": f.name})
    if ok:
        yield Check("ocr_cache", "derived/ocr-cache", True, f"{ok} cached readings match the custody log",
                    code="case.ocr_cache.ok", args={"files": ok})
    if unrecorded:
        yield Check("ocr_cache", "derived/ocr-cache", True,
                    f"{unrecorded} cached readings were never recorded in the custody log (left by an interrupted "
                    "or earlier reading): they are not used without reading the screenshot again",
                    code="case.ocr_cache.unrecorded", args={"files": unrecorded})
