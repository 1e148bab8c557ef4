"""RFC 3161 timestamps of the import batches: one document per batch (its items' digests), the
tokens over it, and how the bundle carries and reports them.

Tokens from earlier exports that still cover a batch are reused; the configured TSAs are asked
only for batches no earlier token covers (so a re-export does not cost a request, and the bundle
shows the earliest time). With no TSA configured, nothing touches the network.
"""

from __future__ import annotations

import base64
import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from evidencekit.core.export.format import BATCH_FORMAT, TimestampRecord, batch_data_name, batch_token_name
from evidencekit.core.export.model import BatchToken, BundleInput
from evidencekit.core.export.strings import Strings
from evidencekit.core.integrity import tsa
from evidencekit.core.models import Item
from evidencekit.core.vault.custody import canonical


@dataclass(frozen=True)
class Batch:
    """An import batch and the tokens over its document (``doc``: canonical JSON)."""

    batch: str
    doc: bytes
    outcomes: tuple[tsa.TsaOutcome, ...]
    count: int  # items in the batch


@dataclass(frozen=True)
class BatchFiles:
    """The batch documents and tokens as files of the bundle, and the manifest's records of them."""

    files: tuple[tuple[str, Path], ...]  # (name in the bundle, file)
    records: tuple[TimestampRecord, ...]


def stamp_batches(inp: BundleInput, urls: Sequence[str], timeout: float) -> list[Batch]:
    """The batches that have a token (earlier or new), each with its tokens.

    Args:
        inp: the bundle's input (items by batch, the tokens of earlier exports).
        urls: the TSAs to ask for batches no earlier token covers; none: no network.
        timeout: seconds per request.
    """
    groups: dict[str, list[Item]] = {}
    for ex in inp.exhibits:
        groups.setdefault(ex.batch or "unbatched", []).append(ex.item)
    prior: dict[str, list[tsa.TsaOutcome]] = {}
    for url, der in inp.prior_tokens:
        imprint = tsa.token_imprint(der)
        if imprint is None:
            continue
        check = tsa.check_token(der, digest=bytes.fromhex(imprint))
        if check.ok:
            prior.setdefault(imprint, []).append(tsa.TsaOutcome(url, True, der, check.gen_time, reused=True))
    out = []
    for b, items in groups.items():
        doc = canonical({
            "format": BATCH_FORMAT,
            "batch": b,
            "items": [{"id": i.id, "sha256": i.sha256, "sm3": i.sm3} for i in items],
        })
        old = [o for o in prior.get(hashlib.sha256(doc).hexdigest(), []) if o.gen_time]
        new = tsa.stamp(doc, urls, timeout=timeout) if urls and not old else []
        if old or new:
            out.append(Batch(b, doc, tuple(old + new), len(items)))
    return out


def batch_files(batches: Sequence[Batch], folder: Path) -> BatchFiles:
    """Write the batch documents and their tokens into ``folder``."""
    files: list[tuple[str, Path]] = []
    records: list[TimestampRecord] = []
    for bi, b in enumerate(batches, 1):
        data_name = batch_data_name(bi)
        p = folder / data_name.rsplit("/", 1)[-1]
        p.write_bytes(b.doc)
        if not any(o.ok for o in b.outcomes):
            continue
        files.append((data_name, p))
        for ti, o in enumerate(b.outcomes, 1):
            if not o.ok:
                continue
            token_name = batch_token_name(bi, ti)
            tp = folder / token_name.rsplit("/", 1)[-1]
            tp.write_bytes(o.response)
            files.append((token_name, tp))
            records.append(TimestampRecord(batch=b.batch, data=data_name, token=token_name, tsa=o.url,
                                           gen_time=o.gen_time))
    return BatchFiles(tuple(files), tuple(records))


def timestamp_lines(s: Strings, batches: Sequence[Batch], urls: Sequence[str]) -> tuple[str, ...]:
    """What the verification page says about the timestamps."""
    if not urls and not batches:
        return (s("ts_none"),)
    lines = []
    for b in batches:
        for o in b.outcomes:
            if o.ok:
                lines.append(s("ts_batch", batch=b.batch, count=b.count, tsa=o.url, time=o.gen_time))
    if not lines:
        errs = "; ".join(sorted({o.error for b in batches for o in b.outcomes if not o.ok}))[:200]
        return (s("ts_failed", reason=errs or "?"),)
    return (*lines, s("ts_doc")) if urls else tuple(lines)


def batch_notes(batches: Sequence[Batch]) -> list[str]:
    """One line per TSA answer, for the person exporting."""
    notes = []
    for b in batches:
        for o in b.outcomes:
            state = (o.gen_time + (" (from an earlier export)" if o.reused else "")) if o.ok else f"failed ({o.error})"
            notes.append(f"batch {b.batch}: {o.url}: {state}")
    return notes


def new_tokens(batches: Sequence[Batch]) -> tuple[BatchToken, ...]:
    """The tokens obtained by this export (to be kept in the custody log and reused later)."""
    return tuple(
        BatchToken(batch=b.batch, tsa=o.url, gen_time=o.gen_time, imprint_sha256=hashlib.sha256(b.doc).hexdigest(),
                   token_b64=base64.b64encode(o.response).decode("ascii"))
        for b in batches for o in b.outcomes if o.ok and not o.reused
    )
