"""Verification: re-check a case folder (or a bundle) without trusting whoever made it.

``verify_case`` re-hashes every original, replays the custody log to rebuild what the index
should say, and checks the log's chain and signatures. It opens the case read-only and repairs
nothing: what it finds is what it reports.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives import hashes

from evidencekit.core.integrity.hashing import digest_file
from evidencekit.core.models import Check, LogEntry, VerifyReport
from evidencekit.core.vault import custody
from evidencekit.core.vault.case import LOG_FILE, Case, display_path, is_case
from evidencekit.errors import EvidenceKitError

log = logging.getLogger(__name__)

# Item fields recorded at import and never changed afterwards.
_IMPORT_FIELDS = ("sm3", "size", "kind", "mime", "original_name", "original_path", "file_mtime", "exif_time", "import_offset", "host", "user")


def verify_path(path: str | os.PathLike[str]) -> VerifyReport:
    """Verify a case folder, a PDF bundle or a ZIP bundle, chosen by what ``path`` is."""
    p = Path(path)
    if p.is_dir():
        return verify_case(p)
    try:
        from evidencekit.core.export.verify_bundle import verify_bundle
    except ImportError:
        return VerifyReport(str(p), (Check("target", display_path(str(p)), False, "bundle verification is not available in this version"),))
    return verify_bundle(p)


def verify_case(path: str | os.PathLike[str]) -> VerifyReport:
    """Check a case folder: originals, index, custody chain and signatures.

    Returns:
        A report with one Check per item and per log problem; ``ok`` only when all hold.
    """
    p = Path(path)
    if not is_case(p):
        return VerifyReport(str(p), (Check("case", display_path(str(p)), False, "not an EvidenceKit case folder"),))
    try:
        case = Case.open(p, readonly=True)
    except EvidenceKitError as e:
        return VerifyReport(str(p), (Check("case", display_path(str(p)), False, e.msg),))
    except Exception as e:  # noqa: BLE001 — a damaged index is a finding, not a crash
        return VerifyReport(str(p), (Check("index", "index.sqlite", False, f"the index cannot be read: {e}"),))
    try:
        checks = list(_verify_open_case(case))
    finally:
        case.close()
    return VerifyReport(str(p), tuple(checks))


def _verify_open_case(case: Case) -> Iterator[Check]:
    import sqlite3

    cert = case.certificate()
    if cert is None:
        yield Check("certificate", "keys/signing-cert.pem", False, "the signing certificate is missing")
    try:
        db_rows = case.index.conn.execute("SELECT seq, line, hash FROM custody ORDER BY seq").fetchall()
        item_rows = case.index.conn.execute("SELECT * FROM items ORDER BY id").fetchall()
    except sqlite3.DatabaseError as e:
        yield Check("index", "index.sqlite", False, f"the index is damaged: {e}")
        return
    db_lines = [r[1] for r in db_rows]

    # 1. custody.jsonl against the index copy: the file may lag (a crash after commit), never differ.
    file_lines = custody.read_lines(case.log_path)
    file_ok = True
    for n, line in enumerate(file_lines, start=1):
        if n > len(db_lines) or line != db_lines[n - 1]:
            file_ok = False
            yield Check(
                "custody_file",
                f"{LOG_FILE} line {n}",
                False,
                "differs from the log kept in the index (line edited, inserted, deleted or moved)",
            )
            break
    if file_ok and len(file_lines) < len(db_lines):
        # Only the tail may be missing, and only because a process stopped before copying it.
        yield Check("custody_file", LOG_FILE, True, f"{len(db_lines) - len(file_lines)} newest entries not yet copied to the file (copied at next open)")
    elif file_ok:
        yield Check("custody_file", LOG_FILE, True, f"{len(file_lines)} entries, identical to the index")

    # 2. The chain and its signatures (over the index copy, the complete one).
    yield from custody.check_chain(db_lines, cert, subject="custody log")
    entries: list[LogEntry] = []
    for line in db_lines:
        try:
            entries.append(custody.from_line(line))
        except (ValueError, KeyError, TypeError):
            continue

    # The signed head: the log was not cut short (in both copies alike).
    yield custody.check_head(case.path / custody.HEAD_FILE, db_lines, cert)

    # 3. The certificate is the one the log says it is.
    if cert is not None:
        fp = cert.fingerprint(hashes.SHA256()).hex()
        declared = [e.details.get("certificate_sha256") for e in entries if e.action in ("case_created", "identity_created", "identity_imported")]
        if not declared or declared[-1] != fp:
            yield Check("certificate", "keys/signing-cert.pem", False, "the certificate is not the one recorded in the custody log (replaced?)")
        else:
            yield Check("certificate", "keys/signing-cert.pem", True, f"SHA-256 fingerprint {fp}")

    # 4. Replay the log: what the index should hold.
    expected, expected_order = _replay(entries)
    actual_order = [r["id"] for r in sorted(item_rows, key=lambda r: (r["position"], r["id"]))]
    if actual_order != expected_order:
        moved = next((a for a, b in zip(actual_order, expected_order) if a != b), None)
        yield Check(
            "index",
            "exhibit order",
            False,
            f"the order of the items differs from the custody log, first at item {moved} (rows reordered?)",
        )
    exhibit_no = {it.id: n for n, it in case.exhibits()}
    seen_ids = set()
    for r in item_rows:
        iid = r["id"]
        seen_ids.add(iid)
        subject = f"item {iid}" + (f" (exhibit {exhibit_no[iid]}, {r['original_name']})" if iid in exhibit_no else f" ({r['original_name']})")
        exp = expected.get(iid)
        if exp is None:
            yield Check("index", subject, False, "in the index but never imported according to the custody log (row inserted?)")
            continue
        if exp.get("purged"):
            yield Check("index", subject, False, "in the index although the custody log says it was purged")
            continue
        diffs = [k for k, v in exp.items() if k in r.keys() and _norm(r[k], k) != _norm(v, k)]
        if diffs:
            yield Check("index", subject, False, f"index row edited: {', '.join(sorted(diffs))} differ from the custody log")
        yield _check_original(case, r, subject)
    for iid, exp in expected.items():
        if iid not in seen_ids and not exp.get("purged"):
            yield Check("index", f"item {iid} ({exp.get('original_name', '?')})", False, "imported according to the custody log but missing from the index (row deleted?)")

    # 5. What else lies in the store: leftovers of an interrupted import are not evidence.
    known = {r["sha256"] for r in item_rows}
    stray = [f for sub in sorted((case.path / "objects").glob("*")) if sub.is_dir() for f in sorted(sub.iterdir()) if f.name not in known]
    leftovers = list((case.path / "tmp").glob("*")) if (case.path / "tmp").exists() else []
    if stray or leftovers:
        yield Check(
            "store",
            "objects/ and tmp/",
            True,
            f"{len(stray) + len(leftovers)} files left by an interrupted import; they are no evidence and are removed at next open",
        )


def _check_original(case: Case, r: Any, subject: str) -> Check:
    obj = case.original_path(r["sha256"])
    rel = f"objects/{r['sha256'][:2]}/{r['sha256']}"
    if not obj.is_file():
        return Check("original", subject, False, f"the original is missing from the store ({rel})")
    try:
        digest, size = digest_file(obj)
    except OSError as e:
        return Check("original", subject, False, f"the original cannot be read: {e.strerror}")
    problems = []
    if digest.sha256 != r["sha256"]:
        problems.append(f"SHA-256 is {digest.sha256}, recorded {r['sha256']}")
    if digest.sm3 != r["sm3"]:
        problems.append(f"SM3 is {digest.sm3}, recorded {r['sm3']}")
    if size != r["size"]:
        problems.append(f"size is {size} bytes, recorded {r['size']}")
    if problems:
        return Check("original", subject, False, "the original changed: " + "; ".join(problems))
    return Check("original", subject, True, f"SHA-256 {digest.sha256[:16]}… and SM3 {digest.sm3[:16]}… match")


def _replay(entries: list[LogEntry]) -> tuple[dict[int, dict[str, Any]], list[int]]:
    """The state of every item, and the exhibit order, as the custody log describes them."""
    state: dict[int, dict[str, Any]] = {}
    order: list[int] = []
    for e in entries:
        iid = e.item_id
        if e.action == "item_imported" and iid is not None:
            d = {k: e.details.get(k) for k in _IMPORT_FIELDS}
            d.update(sha256=e.sha256, withdrawn=0, title="", proves="", source="", event_time=None, tags=[], extraction_note="", group_name="")
            state[iid] = d
            order.append(iid)
        elif iid is None or iid not in state:
            continue
        elif e.action == "annotation_changed":
            for k, c in e.details.get("changes", {}).items():
                state[iid][k] = c.get("new")
            if "moved_to" in e.details and iid in order:
                order.remove(iid)
                order.insert(int(e.details["moved_to"]), iid)
        elif e.action == "item_withdrawn":
            state[iid]["withdrawn"] = 1
            state[iid]["withdrawn_reason"] = e.details.get("reason", "")
        elif e.action == "item_restored":
            state[iid]["withdrawn"] = 0
            state[iid]["withdrawn_reason"] = ""
        elif e.action == "item_purged":
            state[iid]["purged"] = True
            if iid in order:
                order.remove(iid)
    return state, order


def _norm(v: Any, key: str) -> Any:
    if key == "tags":
        import json

        if isinstance(v, str):
            try:
                v = json.loads(v)
            except ValueError:
                return v
        return list(v or [])
    if key == "withdrawn":
        return int(bool(v))
    return v


__all__ = ["verify_case", "verify_path"]
