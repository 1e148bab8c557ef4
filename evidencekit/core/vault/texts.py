"""The text read from screenshots: storing a reading, the user's corrections, and what search
indexes of both. The OCR output is kept as it was read; a correction is stored beside it and
logged with the value OCR gave, the value before and the new one.

Every reading is logged with its digest and every correction with its value, so verification can
rebuild what the bundle prints from the custody log alone (``verify_readings``).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

from evidencekit.core.models import Corrections, OcrResult
from evidencekit.core.vault import actions, custody
from evidencekit.core.vault.context import VaultContext
from evidencekit.core.vault.store import force_remove
from evidencekit.core.vault.tables.corrections import SENDER_INDEX, Latest
from evidencekit.errors import VaultError

log = logging.getLogger(__name__)

SIDES = ("in", "out", "")
# Recovered.reason of cache files removed before a reading: no ocr_run entry logged their digest.
CACHE_UNLOGGED = "ocr_cache_unlogged"


def store_ocr(v: VaultContext, item_id: int, result: OcrResult, *, cache_key: str, cache_sha256: str = "") -> None:
    """Keep a reading, index its text, log the run with the reading's digest; see ``Case.store_ocr``."""
    it = v.item(item_id)
    with v.index.atomic():
        latest = v.tables.corrections.latest_fields(item_id)
        digest = v.tables.ocr.put(item_id, result, cache_key=cache_key, at=v.now(), labels=labels_of(v, result, latest, it.received_by))
        v.tables.search.put(item_id, "ocr", searchable(result, latest))
        v.custody.append(
            actions.OcrRun(engine=result.engine.name, version=result.engine.version,
                           languages=result.engine.languages, script=result.script,
                           messages=len(result.messages), cache_key=cache_key, result_sha256=digest,
                           cache_sha256=cache_sha256),
            item_id=item_id,
            sha256=it.sha256,
        )
    v.custody.sync()


def logged_cache_digests(v: VaultContext) -> dict[str, set[str]]:
    """Cache key → the SHA-256 of every cache file an ``ocr_run`` entry recorded under it."""
    out: dict[str, set[str]] = {}
    for line in v.custody.table.lines_of(actions.Action.OCR_RUN):
        d = actions.decode(custody.from_line(line))
        if isinstance(d, actions.OcrRun) and d.cache_key and d.cache_sha256:
            out.setdefault(d.cache_key, set()).add(d.cache_sha256)
    return out


def distrust_cache(v: VaultContext, files: Sequence[Path]) -> list[str]:
    """Remove cache files no log entry vouches for; see ``Case.distrust_cache``."""
    present = [f for f in files if f.is_file()]
    if not present:
        return []
    v.writable()
    logged = logged_cache_digests(v)
    removed: list[str] = []
    for f in present:
        try:
            digest = hashlib.sha256(f.read_bytes()).hexdigest()
        except OSError:
            digest = ""
        if digest not in logged.get(f.stem, ()):
            force_remove(f)
            removed.append(f.relative_to(v.path).as_posix() if f.is_relative_to(v.path) else str(f))
    if removed:
        log.info("removed %d OCR cache files the custody log does not vouch for", len(removed))
        v.custody.record(actions.Recovered(tuple(removed[:200]), len(removed), reason=CACHE_UNLOGGED))
    return removed


def store_ocr_error(v: VaultContext, item_id: int, error: str) -> None:
    with v.index.atomic():
        v.tables.ocr.put_error(item_id, error, at=v.now())


def corrections_of(latest: Latest) -> Corrections:
    """The corrections table's latest values as a :class:`Corrections`."""
    text: dict[int, str] = {}
    sent_at: dict[int, str | None] = {}
    side: dict[int, str] = {}
    sender: str | None = None
    for (i, f), value in latest.items():
        if f == "sender":
            sender = value
        elif i < 0:
            continue
        elif f == "text":
            text[i] = value
        elif f == "sent_at":
            sent_at[i] = value or None
        elif f == "side":
            side[i] = value
    return Corrections(text, sent_at, side, sender)


def apply(result: OcrResult, fixes: Corrections) -> tuple[OcrResult, frozenset[int]]:
    """A reading with corrections applied, and the indexes of the messages they changed."""
    n = len(result.messages)
    changed = frozenset(i for i in fixes.messages if 0 <= i < n)
    if not changed and fixes.sender is None:
        return result, frozenset()
    # a time the person corrected replaces the stamp read off the screen (no "今天" to resolve again)
    messages = tuple(
        replace(m, text=fixes.text.get(i, m.text), sent_at=fixes.sent_at.get(i, m.sent_at),
                side=fixes.side.get(i, m.side), time_label=None if i in fixes.sent_at else m.time_label)
        if i in changed else m
        for i, m in enumerate(result.messages)
    )
    sender = result.sender if fixes.sender is None else (fixes.sender or None)
    return replace(result, messages=messages, sender=sender), changed


def reading(v: VaultContext, item_id: int, *, corrected: bool) -> tuple[OcrResult | None, frozenset[int]]:
    """An item's reading (the user's corrections applied when ``corrected``), and the indexes of
    the messages a correction changed."""
    result = v.tables.ocr.result(item_id)
    if result is None or not corrected:
        return result, frozenset()
    return apply(result, corrections_of(v.tables.corrections.latest_fields(item_id)))


def correct_message(v: VaultContext, item_id: int, message_index: int, *, text: str | None = None,
                    sent_at: str | None = None, side: str | None = None) -> bool:
    """Correct one message's text, time or side; see ``Case.correct_message``. Returns whether
    anything changed."""
    it = v.item(item_id)
    result = _reading(v, item_id)
    if not 0 <= message_index < len(result.messages):
        raise VaultError(f"item {item_id} has no message {message_index + 1}")
    m = result.messages[message_index]
    latest = v.tables.corrections.latest_fields(item_id)
    wanted: list[tuple[str, str, str]] = []  # (field, OCR's value, new value)
    if text is not None:
        wanted.append(("text", m.text, text))
    if sent_at is not None:
        wanted.append(("sent_at", m.sent_at or "", _time(sent_at)))
    if side is not None:
        if side not in SIDES:
            raise VaultError(f"the side of a message is 'in' (received), 'out' (sent) or '' (unknown), not {side!r}")
        wanted.append(("side", m.side, side))
    return _correct(v, it.id, it.sha256, message_index, latest, wanted)


def correct_sender(v: VaultContext, item_id: int, sender: str) -> bool:
    """Correct the screenshot's sender; see ``Case.correct_sender``."""
    it = v.item(item_id)
    result = _reading(v, item_id)
    latest = v.tables.corrections.latest_fields(item_id)
    return _correct(v, it.id, it.sha256, SENDER_INDEX, latest, [("sender", result.sender or "", sender.strip())])


def _reading(v: VaultContext, item_id: int) -> OcrResult:
    result = v.tables.ocr.result(item_id)
    if result is None:
        raise VaultError(f"item {item_id} has not been read yet; nothing to correct")
    return result


def _time(value: str) -> str:
    value = value.strip()
    if not value:
        return ""
    try:
        dt.datetime.fromisoformat(value)
    except ValueError as e:
        raise VaultError(f"not a date and time: {value!r} (write it as 2026-11-20T22:15)") from e
    return value


def _correct(v: VaultContext, item_id: int, sha256: str, index: int, latest: Latest,
             wanted: list[tuple[str, str, str]]) -> bool:
    changes = [(f, ocr, latest.get((index, f), ocr), new) for f, ocr, new in wanted]
    changes = [c for c in changes if c[2] != c[3]]
    if not changes:
        return False
    with v.index.atomic():
        for f, ocr, before, new in changes:
            v.tables.corrections.add(item_id, index, field=f, original=ocr, text=new, at=v.now(), actor=v.actor)
            v.custody.append(
                actions.TextCorrected(None if f == "sender" else index, ocr, before, new, field=f),
                item_id=item_id, sha256=sha256,
            )
        result = v.tables.ocr.result(item_id)
        if result is not None:
            latest = v.tables.corrections.latest_fields(item_id)
            v.tables.search.put(item_id, "ocr", searchable(result, latest))
            if any(f in ("text", "side") for f, *_ in changes):
                # the evidence list shows the labels the preview and the bundle read now
                v.tables.ocr.set_labels(item_id, labels_of(v, result, latest, v.item(item_id).received_by))
    v.custody.sync()
    return True


#: The settings key of the reader the stored labels were read with (:mod:`..analysis.reader_version`).
READER_KEY = "labels_reader"


def refresh_labels(v: VaultContext) -> int:
    """Read every stored screenshot's labels again when they were read by another reader than the
    one installed (an update of EvidenceKit), and remember this one. The labels are derived from
    the stored readings and the claimant's names, which do not change: nothing is logged. The
    caller holds the transaction.

    Returns:
        How many screenshots' labels were read again (0: they were this reader's already).
    """
    from evidencekit.core.analysis.reader_version import reader_version

    now = reader_version()
    if v.tables.settings.get(READER_KEY) == now:
        return 0
    n = relabel_all(v)
    v.tables.settings.put(READER_KEY, now)
    if n:
        log.info("labels of %d screenshots read again by the installed reader", n)
    return n


def relabel(v: VaultContext, item_id: int) -> None:
    """Read one screenshot's labels again (after whose phone it was received on changed); nothing
    for an item with no stored reading. The caller holds the transaction."""
    result = v.tables.ocr.result(item_id)
    if result is not None:
        v.tables.ocr.set_labels(item_id, labels_of(v, result, v.tables.corrections.latest_fields(item_id),
                                                    v.item(item_id).received_by))


def relabel_all(v: VaultContext) -> int:
    """Read the labels of every stored screenshot again, as :func:`labels_of` reads them now: after
    the claimant's name changed, a notice addressed to the new name is no longer misdirected, and
    one addressed to the old name now is. The caller holds the transaction (the name and the labels
    change together, or neither does).

    Returns:
        How many screenshots' labels were read again.
    """
    n = 0
    for item_id in sorted(v.tables.ocr.stored()):
        try:
            result = v.tables.ocr.result(item_id)
        except (KeyError, TypeError, ValueError) as e:
            # a damaged row shows no labels anyway (``OcrTable.summaries``); verification names it
            log.warning("item %d: stored reading unreadable, labels not read again: %s", item_id, e)
            continue
        if result is None:
            continue
        v.tables.ocr.set_labels(item_id, labels_of(v, result, v.tables.corrections.latest_fields(item_id),
                                                    v.item(item_id).received_by))
        n += 1
    return n


def labels_of(v: VaultContext, result: OcrResult, latest: Latest, received_by: str = "") -> tuple[str, ...]:
    """A screenshot's labels as the case reads it: its messages with the person's corrections, as
    one thread, with the claimant's name and whose phone it was received on
    (:func:`~evidencekit.core.analysis.labels.screenshot_labels`, as the bundle's 证明目的 reads
    them)."""
    # the classifier only when a reading is stored or corrected, not whenever a case is opened
    from evidencekit.core.analysis.addressing import claimant_forms
    from evidencekit.core.analysis.labels import screenshot_labels

    fixed, _ = apply(result, corrections_of(latest))
    return screenshot_labels([(m.text, m.side) for m in fixed.messages], claimant_forms(v.tables.meta.get()),
                             received_by)


def searchable(result: OcrResult, latest: Latest) -> str:
    """What search sees of a reading: the sender, then each message (corrected where corrected)."""
    fixed, _ = apply(result, corrections_of(latest))
    parts = [fixed.sender or ""] + [m.text for m in fixed.messages]
    return "\n".join(p for p in parts if p)
