"""Verification: re-check a case folder (or a bundle) without trusting whoever made it.

``verify_case`` re-hashes every original, replays the custody log to rebuild what the index
should say (items, order, readings and corrections: ``verify_readings``), and checks the log's
chain and signatures. It opens the case read-only and repairs
nothing: what it finds is what it reports.
"""

from __future__ import annotations

import json
import logging
import os
from collections.abc import Iterator
from dataclasses import dataclass, fields
from pathlib import Path

from cryptography.hazmat.primitives import hashes

from evidencekit.core.integrity.hashing import digest_file
from evidencekit.core.models import Check, Item, LogEntry, VerifyReport
from evidencekit.core.vault import actions, custody, heads
from evidencekit.core.vault.actions import Action
from evidencekit.core.vault.case import INDEX_FILE, LOG_FILE, Case, display_path, is_case
from evidencekit.core.vault.heads import HeadRecord
from evidencekit.core.vault.ocr_runner import CACHE_DIR
from evidencekit.core.verify_media import check_media
from evidencekit.core.verify_history import check_bundles, check_rollback
from evidencekit.core.verify_readings import check_readings
from evidencekit.errors import EvidenceKitError

log = logging.getLogger(__name__)

# Item fields recorded at import and never changed afterwards.
_IMPORT_FIELDS = ("sm3", "size", "kind", "mime", "original_name", "original_path", "file_mtime", "exif_time",
                  "import_offset", "host", "user")
_ITEM_FIELDS = frozenset(f.name for f in fields(Item))


def verify_path(path: str | os.PathLike[str]) -> VerifyReport:
    """Verify a case folder, a PDF bundle or a ZIP bundle, chosen by what ``path`` is."""
    p = Path(path)
    if p.is_dir():
        return verify_case(p)
    # imported here: a case is verified without loading pyHanko and the PDF reader
    from evidencekit.core.export.verify_bundle import verify_bundle

    return verify_bundle(p)


# A verification that found problems while the case changed under it is made again (a purge
# between reading the index and hashing the original, say): problems that stand are real.
ATTEMPTS = 3


def verify_case(path: str | os.PathLike[str]) -> VerifyReport:
    """Check a case folder: originals, index, readings, custody chain and signatures.

    Read-only, always: nothing is created, repaired or logged in the case (the index is read
    without side files: ``Index`` explains how), and no key is needed. It may run while
    EvidenceKit writes to the case: the head, the log file and the index are read in the reverse
    of the order a write makes them, the index in one read transaction, so a write in progress
    is never taken for tampering; when problems are found and the case changed meanwhile, it is
    verified again (up to :data:`ATTEMPTS` times).

    Returns:
        A report with one Check per item and per log problem; ``ok`` only when all hold.
    """
    p = Path(path)
    if not is_case(p):
        return VerifyReport(str(p), (Check("case", display_path(str(p)), False, "not an EvidenceKit case folder",
                                           code="case.not_a_case"),))
    for _ in range(ATTEMPTS):
        before = _footprint(p)
        report = _verify_once(p)
        if report.ok or _footprint(p) == before:
            return report
    busy = Check("case", display_path(str(p)), True,
                 f"the case changed each of the {ATTEMPTS} times it was verified (it is being written to): "
                 "verify it again when EvidenceKit is done with it", code="case.busy")
    return VerifyReport(report.target, (*report.checks, busy))


def _footprint(p: Path) -> tuple[tuple[int, int, int] | None, ...]:
    """What changes when anything writes to the case's index, log or head."""
    out: list[tuple[int, int, int] | None] = []
    for name in (INDEX_FILE, INDEX_FILE + "-wal", LOG_FILE, custody.HEAD_FILE):
        try:
            st = (p / name).stat()
            out.append((st.st_size, st.st_mtime_ns, st.st_ino))
        except OSError:
            out.append(None)
    return tuple(out)


def _verify_once(p: Path) -> VerifyReport:
    # A write commits to the index, then appends to custody.jsonl, then signs custody.head, then
    # tells this computer's record (heads). Read in the reverse order, the entry the record names
    # and the one the head names are in the file, and every line of the file is in the index,
    # however a concurrent write is timed.
    record = _record_of(p)
    head = custody.read_head(p / custody.HEAD_FILE)
    file_lines = custody.read_lines(p / LOG_FILE)
    try:
        case = Case.open(p, readonly=True)
    except EvidenceKitError as e:  # a damaged index is a finding, not a crash
        return VerifyReport(str(p), (Check("case", display_path(str(p)), False, e.msg, code="case.unreadable"),))
    try:
        with case.snapshot():
            checks = list(_verify_open_case(case, head, file_lines, record))
    except EvidenceKitError as e:
        checks = [Check("index", "index.sqlite", False, e.msg, code="case.index.damaged")]
    finally:
        case.close()
    return VerifyReport(str(p), tuple(checks))


def _record_of(p: Path) -> HeadRecord | None:
    """This computer's record of the case (found by the hash of its first log entry)."""
    try:
        with open(p / LOG_FILE, "rb") as f:
            first = custody.from_line(f.readline().decode("utf-8"))
    except (OSError, ValueError, KeyError, TypeError):
        return None
    return heads.recall(first.hash)


def _verify_open_case(case: Case, head: bytes | None, file_lines: list[str],
                      record: HeadRecord | None) -> Iterator[Check]:
    try:
        cert = case.certificate()
    except ValueError:
        cert = None
        yield Check("certificate", "keys/signing-cert.pem", False, "the signing certificate is unreadable",
                    code="case.certificate.unreadable")
    else:
        if cert is None:
            yield Check("certificate", "keys/signing-cert.pem", False, "the signing certificate is missing",
                        code="case.certificate.missing")
    if not case.has_key():
        yield Check("key", "keys/signing-key.pem", True,
                    "the signing key is missing: the case verifies without it, but nothing can be added to it "
                    "until the keys folder is restored from a backup", code="case.key.missing")
    elif cert is not None and case.key_matches_certificate() is False:
        # what the case would sign next would not verify against its certificate
        yield Check("key", "keys/signing-key.pem", False,
                    "the signing key is not the certificate's key (replaced?)", code="case.key.mismatch")
    try:
        db_lines = case.custody_lines()
        items = case.items(include_withdrawn=True)
    except EvidenceKitError as e:
        yield Check("index", "index.sqlite", False, e.msg, code="case.index.damaged")
        return

    # 1. custody.jsonl against the index copy: the file may lag (a crash after commit, or a write
    # in progress), never differ.
    file_ok = True
    for n, line in enumerate(file_lines, start=1):
        if n > len(db_lines) or line != db_lines[n - 1]:
            file_ok = False
            yield Check(
                "custody_file",
                f"{LOG_FILE} line {n}",
                False,
                "differs from the log kept in the index (line edited, inserted, deleted or moved)",
                code="custody.file.differs",
                args={"line": n},
            )
            break
    if file_ok and len(file_lines) < len(db_lines):
        # Only the tail may be missing, and only because a process stopped before copying it.
        lag = len(db_lines) - len(file_lines)
        yield Check("custody_file", LOG_FILE, True,
                    f"{lag} newest entries not yet copied to the file (copied at next open)",
                    code="custody.file.lagging", args={"missing": lag})
    elif file_ok:
        yield Check("custody_file", LOG_FILE, True, f"{len(file_lines)} entries, identical to the index",
                    code="custody.file.identical", args={"entries": len(file_lines)})

    # 2. The chain and its signatures (over the index copy, the complete one).
    yield from custody.check_chain(db_lines, cert, subject="custody log")
    entries: list[LogEntry] = []
    for line in db_lines:
        try:
            entries.append(custody.from_line(line))
        except (ValueError, KeyError, TypeError):
            continue

    # The signed head: the log was not cut short (in both copies alike). It is signed by the key
    # the log declared last (the certificate file is checked against the log below).
    yield custody.check_head(head, db_lines, custody.signing_certificate(db_lines) or cert)
    # …nor put back whole as it was earlier, as far as anything outside the folder knows.
    if entries and entries[0].seq == 1 and len(entries) == len(db_lines):
        yield from check_rollback(record, entries)
        yield from check_bundles(case.path / "exports", entries)

    # 3. The certificate is the one the log says it is.
    if cert is not None:
        fp = cert.fingerprint(hashes.SHA256()).hex()
        declared = [d for e in entries if (d := custody.declared_certificate_sha256(e)) is not None]
        if not declared or declared[-1] != fp:
            yield Check("certificate", "keys/signing-cert.pem", False,
                        "the certificate is not the one recorded in the custody log (replaced?)",
                        code="case.certificate.replaced")
        else:
            yield Check("certificate", "keys/signing-cert.pem", True, f"SHA-256 fingerprint {fp}",
                        code="case.certificate.ok", args={"sha256": fp})

    # 4. Replay the log: what the index should hold.
    expected, expected_order = _replay(entries)
    actual_order = [it.id for it in items]
    if actual_order != expected_order:
        moved = next((a for a, b in zip(actual_order, expected_order) if a != b), None)
        yield Check(
            "index",
            "exhibit order",
            False,
            f"the order of the items differs from the custody log, first at item {moved} (rows reordered?)",
            code="case.index.order",
            args={"item": moved if moved is not None else ""},
        )
    exhibit_no = {it.id: n for n, it in case.exhibits(items)}
    for it in items:
        subject = _subject(it, exhibit_no)
        # what a sentence about the item names, in any language
        item: dict[str, str | int] = {"item": it.id, "exhibit": exhibit_no.get(it.id, ""), "name": it.original_name}
        exp = expected.get(it.id)
        if exp is None:
            yield Check("index", subject, False,
                        "in the index but never imported according to the custody log (row inserted?)",
                        code="case.index.inserted", args=item)
            continue
        if exp.purged:
            yield Check("index", subject, False, "in the index although the custody log says it was purged",
                        code="case.index.purged", args=item)
            continue
        diffs = sorted(k for k, v in exp.fields.items() if k in _ITEM_FIELDS and _norm(getattr(it, k), k) != _norm(v, k))
        if diffs:
            yield Check("index", subject, False,
                        f"index row edited: {', '.join(diffs)} differ from the custody log",
                        code="case.index.edited", args={**item, "fields": ",".join(diffs)})
        yield _check_original(case, it, subject, item)
    seen_ids = {it.id for it in items}
    for iid, exp in expected.items():
        if iid not in seen_ids and not exp.purged:
            yield Check("index", f"item {iid} ({exp.fields.get('original_name', '?')})", False,
                        "imported according to the custody log but missing from the index (row deleted?)",
                        code="case.index.deleted",
                        args={"item": iid, "exhibit": "", "name": str(exp.fields.get("original_name", "?"))})

    # 5. What the items read: readings, corrections and cached readings against the log.
    try:
        readings, corrections = case.stored_readings(), case.every_correction()
    except EvidenceKitError as e:
        yield Check("index", "index.sqlite", False, e.msg, code="case.index.damaged")
    else:
        subjects = {it.id: _subject(it, exhibit_no) for it in items}
        yield from check_readings(entries, readings, corrections, subjects, case.path / CACHE_DIR)

    # 5b. What recordings, exports, emails and documents read, and transcripts, against the log.
    try:
        media = case.media_digests()
    except EvidenceKitError as e:
        yield Check("index", "index.sqlite", False, e.msg, code="case.index.damaged")
    else:
        yield from check_media(entries, media, {it.id: _subject(it, exhibit_no) for it in items})

    # 6. What else lies in the store: leftovers of an interrupted import are not evidence.
    leftovers = case.leftovers()
    if leftovers:
        yield Check(
            "store",
            "objects/ and tmp/",
            True,
            f"{len(leftovers)} files left by an interrupted import; they are no evidence and are removed at next open",
            code="case.store.leftovers",
            args={"files": len(leftovers)},
        )


def _subject(it: Item, exhibit_no: dict[int, str]) -> str:
    return f"item {it.id}" + (f" (exhibit {exhibit_no[it.id]}, {it.original_name})" if it.id in exhibit_no
                              else f" ({it.original_name})")


def _check_original(case: Case, it: Item, subject: str, args: dict[str, str | int]) -> Check:
    obj = case.original_path(it)
    rel = f"objects/{it.sha256[:2]}/{it.sha256}"
    if not obj.is_file():
        return Check("original", subject, False, f"the original is missing from the store ({rel})",
                     code="case.original.missing", args=args)
    try:
        digest, size = digest_file(obj)
    except OSError as e:
        return Check("original", subject, False, f"the original cannot be read: {e.strerror}",
                     code="case.original.unreadable", args={**args, "error": e.strerror or str(e)})
    problems = []
    if digest.sha256 != it.sha256:
        problems.append(f"SHA-256 is {digest.sha256}, recorded {it.sha256}")
    if digest.sm3 != it.sm3:
        problems.append(f"SM3 is {digest.sm3}, recorded {it.sm3}")
    if size != it.size:
        problems.append(f"size is {size} bytes, recorded {it.size}")
    if problems:
        return Check("original", subject, False, "the original changed: " + "; ".join(problems),
                     code="case.original.mismatch", args=args)
    return Check("original", subject, True, f"SHA-256 {digest.sha256[:16]}… and SM3 {digest.sm3[:16]}… match",
                 code="case.original.ok", args={**args, "sha256": digest.sha256, "sm3": digest.sm3})


@dataclass(slots=True)
class _Expected:
    """An item as the custody log describes it."""

    fields: dict[str, object]
    purged: bool = False


def _replay(entries: list[LogEntry]) -> tuple[dict[int, _Expected], list[int]]:
    """The state of every item, and the exhibit order, as the custody log describes them."""
    state: dict[int, _Expected] = {}
    order: list[int] = []
    for e in entries:
        iid = e.item_id
        d = actions.decode(e)
        if isinstance(d, actions.ItemImported) and iid is not None:
            recorded: dict[str, object] = {k: getattr(d, k) for k in _IMPORT_FIELDS}
            state[iid] = _Expected({**recorded, "sha256": e.sha256, "withdrawn": 0, "title": "", "proves": "",
                                    "source": "", "event_time": None, "tags": [], "extraction_note": "",
                                    "group_name": "", "received_by": ""})
            order.append(iid)
        elif iid is None or iid not in state:
            continue
        elif isinstance(d, actions.AnnotationChanged):
            for k, c in d.changes.items():
                state[iid].fields[k] = c.new
            if d.moved_to is not None and iid in order:
                order.remove(iid)
                order.insert(d.moved_to, iid)
        elif isinstance(d, actions.ItemWithdrawn):
            state[iid].fields.update(withdrawn=1, withdrawn_reason=d.reason)
        elif isinstance(d, actions.ItemRestored):
            state[iid].fields.update(withdrawn=0, withdrawn_reason="")
        elif e.action == Action.ITEM_PURGED:
            state[iid].purged = True
            if iid in order:
                order.remove(iid)
    return state, order


def _norm(v: object, key: str) -> object:
    if key == "tags":
        if isinstance(v, str):
            try:
                v = json.loads(v)
            except ValueError:
                return v
        return list(v) if isinstance(v, list | tuple) else []
    if key == "withdrawn":
        return int(bool(v))
    return v


__all__ = ["verify_case", "verify_path"]
