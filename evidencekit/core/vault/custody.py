"""The custody log: an append-only, hash-chained, signed record of every action on a case.

Each entry is one JSON line holding ``seq``, ``time`` (UTC), ``actor``, ``action``, ``item_id``,
``sha256`` (the item's digest), ``details``, ``prev_hash``, its own ``hash`` (SHA-256 over the
canonical JSON of all the preceding fields) and ``signature`` (the case identity's ECDSA signature
over the hash). Editing, deleting, inserting or reordering any line breaks the chain or a signature.

The same lines are written into the index (table ``custody``) inside the transaction that makes the
change they record, so a crash can never leave a change without its entry; the JSON Lines file is
brought up to date from the index when the case is next opened.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Iterator, Mapping
from dataclasses import asdict, replace
from pathlib import Path

from cryptography import x509

from evidencekit.core.integrity.identity import SigningIdentity, verify_signature
from evidencekit.core.models import Check, JsonValue, LogEntry
from evidencekit.core.vault.actions import IDENTITY_ACTIONS, Action, CaseCreated, IdentityCreated, IdentityImported, decode

GENESIS = "0" * 64
HEAD_FILE = "custody.head"


def canonical(obj: object) -> bytes:
    """Canonical JSON: sorted keys, no spaces, UTF-8."""
    return json.dumps(obj, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode("utf-8")


def entry_hash(body: Mapping[str, object]) -> str:
    """SHA-256 over the canonical JSON of an entry's fields before ``hash``."""
    fields = {k: body[k] for k in ("seq", "time", "actor", "action", "item_id", "sha256", "details", "prev_hash")}
    return hashlib.sha256(canonical(fields)).hexdigest()


def make_entry(
    *,
    seq: int,
    time: str,
    actor: str,
    action: Action | str,
    item_id: int | None,
    sha256: str | None,
    details: dict[str, JsonValue] | None,
    prev_hash: str,
    identity: SigningIdentity,
) -> LogEntry:
    """A new entry: hashed over its fields and the previous entry's hash, signed by ``identity``."""
    unsigned = LogEntry(seq, time, actor, str(action), item_id, sha256, details or {}, prev_hash, hash="")
    h = entry_hash(asdict(unsigned))
    return replace(unsigned, hash=h, signature=identity.sign(bytes.fromhex(h)))


def to_line(entry: LogEntry) -> str:
    """The entry as its line in ``custody.jsonl`` (canonical JSON, no newline)."""
    return canonical(asdict(entry)).decode("utf-8")


def from_line(line: str) -> LogEntry:
    """Parse one JSON line. Raises ValueError/KeyError/TypeError on a malformed line."""
    d = json.loads(line)
    if not isinstance(d, dict):
        raise ValueError("not a JSON object")
    return LogEntry(
        seq=int(d["seq"]),
        time=str(d["time"]),
        actor=str(d["actor"]),
        action=str(d["action"]),
        item_id=d["item_id"],
        sha256=d["sha256"],
        details=dict(d["details"]),
        prev_hash=str(d["prev_hash"]),
        hash=str(d["hash"]),
        signature=str(d.get("signature", "")),
    )


def append_lines(path: Path, lines: list[str]) -> None:
    """Append lines to the JSON Lines file and fsync."""
    if not lines:
        return
    fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT | os.O_CLOEXEC, 0o600)  # owner-only
    with os.fdopen(fd, "ab") as f:
        f.write("".join(line + "\n" for line in lines).encode("utf-8"))
        f.flush()
        os.fsync(f.fileno())


def read_lines(path: Path) -> list[str]:
    """The file's complete lines (a torn last line without newline is left out)."""
    if not path.exists():
        return []
    data = path.read_bytes()
    parts = data.split(b"\n")
    return [p.decode("utf-8", errors="replace") for p in parts[:-1]]


def certificate_pem(cert: x509.Certificate) -> str:
    """A certificate as the log records it (PEM text)."""
    from cryptography.hazmat.primitives.serialization import Encoding

    return cert.public_bytes(Encoding.PEM).decode("ascii")


def declared_certificate_sha256(e: LogEntry) -> str | None:
    """The fingerprint of the certificate an identity entry introduces (None for other entries)."""
    d = decode(e) if e.action in IDENTITY_ACTIONS else None
    if isinstance(d, CaseCreated | IdentityCreated | IdentityImported):
        return d.certificate_sha256
    return None


def _declared_cert(e: LogEntry) -> x509.Certificate | None:
    d = decode(e) if e.action in IDENTITY_ACTIONS else None
    if not isinstance(d, CaseCreated | IdentityCreated | IdentityImported) or not d.certificate_pem:
        return None
    try:
        return x509.load_pem_x509_certificate(d.certificate_pem.encode("ascii"))
    except ValueError:
        return None


def check_chain(
    lines: list[str], cert: x509.Certificate | None = None, *, subject: str = "custody.jsonl",
    allow_redacted: bool = False,
) -> Iterator[Check]:
    """Check every line: parse, sequence, chain link, own hash, signature.

    The signer of each entry is the certificate the log itself declared last (``case_created``
    carries the first; ``identity_imported``, signed by the old key, hands over to the new one).
    ``cert`` is used only when the log declares none.

    ``allow_redacted`` (the copy in a redacted bundle): entries marked ``"redacted": true`` had
    numbers masked in their details, so their content is not compared with their hash; their
    link and signature still are. In a full log such a mark is itself a failure.

    Yields one failing Check per problem found and, at the end, one summary Check.

    Codes: ``custody.entry.malformed``; for an entry, the gravest of ``custody.chain.broken``
    (sequence or link), ``custody.entry.edited`` (hash), ``custody.entry.marked_redacted``,
    ``custody.signature.no_certificate``, ``custody.signature.invalid`` — ``args["problems"]``
    lists every one found; ``custody.chain.empty``; ``custody.chain.intact`` for the summary.
    """
    prev = GENESIS
    expected_seq = 1
    bad = 0
    masked = 0
    for n, line in enumerate(lines, start=1):
        try:
            e = from_line(line)
        except (ValueError, KeyError, TypeError) as exc:
            bad += 1
            yield Check("custody_chain", f"{subject} line {n}", False, f"not a valid log entry ({exc})",
                        code="custody.entry.malformed", args={"line": n})
            prev = ""
            expected_seq += 1
            continue
        problems: list[tuple[str, str]] = []  # (code, English)
        if e.seq != expected_seq:
            problems.append(("custody.chain.broken",
                             f"sequence number {e.seq}, expected {expected_seq} (line deleted, inserted or moved)"))
        if e.prev_hash != prev:
            problems.append(("custody.chain.broken",
                             "does not link to the previous entry (line deleted, inserted, moved or edited)"))
        if _marked_redacted(line):
            if allow_redacted:
                masked += 1
            else:
                problems.append(("custody.entry.marked_redacted",
                                 "marked as a redacted copy, which a full custody log never is"))
        elif entry_hash(asdict(e)) != e.hash:
            problems.append(("custody.entry.edited", "content does not match its hash (line edited)"))
        declared = _declared_cert(e)
        if e.action == Action.CASE_CREATED and declared is not None:
            cert = declared  # the first entry introduces, and is signed by, the first key
        if cert is None:
            problems.append(("custody.signature.no_certificate", "no certificate to check the signature"))
        elif not verify_signature(cert, bytes.fromhex(e.hash) if _is_hex(e.hash) else b"", e.signature):
            problems.append(("custody.signature.invalid", "signature invalid"))
        if declared is not None and e.action != Action.CASE_CREATED and not problems:
            cert = declared  # later entries are signed by the key this entry handed over to
        if problems:
            bad += 1
            codes = list(dict.fromkeys(c for c, _ in problems))
            yield Check(
                "custody_chain",
                f"{subject} line {n} (seq {e.seq}, {e.action})",
                False,
                "; ".join(text for _, text in problems),
                code=codes[0],
                args={"line": n, "seq": e.seq, "action": e.action, "problems": ",".join(codes)},
            )
        prev = e.hash
        expected_seq = e.seq + 1
    if not lines:
        yield Check("custody_chain", subject, False, "the custody log is empty", code="custody.chain.empty")
    elif bad == 0:
        note = (f"; {masked} with numbers masked for redaction (their details cannot be re-hashed)"
                if masked else "")
        yield Check("custody_chain", subject, True, f"{len(lines)} entries, chain and signatures intact{note}",
                    code="custody.chain.intact", args={"entries": len(lines), "masked": masked})


def _marked_redacted(line: str) -> bool:
    try:
        return json.loads(line).get("redacted") is True
    except (ValueError, AttributeError):
        return False


def _is_hex(s: str) -> bool:
    try:
        bytes.fromhex(s)
    except ValueError:
        return False
    return len(s) == 64


def write_head(path: Path, seq: int, hash_: str, identity: SigningIdentity) -> None:
    """Sign and store the newest entry's number and hash.

    Without it, cutting the last entries off both copies of the log would go unseen; with it,
    the log can only be shortened by someone holding the key.
    """
    body = {"seq": seq, "hash": hash_}
    data = {**body, "signature": identity.sign(canonical(body))}
    tmp = path.with_name(path.name + ".tmp")
    with os.fdopen(os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | os.O_CLOEXEC, 0o600), "wb") as f:
        f.write(canonical(data))
        f.flush()
        os.fsync(f.fileno())
    os.replace(tmp, path)


def read_head(path: Path) -> bytes | None:
    """The signed head's bytes (None when there is no head file). An unreadable file reads as
    empty bytes: :func:`check_head` reports it."""
    try:
        return path.read_bytes()
    except FileNotFoundError:
        return None
    except OSError:
        return b""


def signing_certificate(lines: list[str]) -> x509.Certificate | None:
    """The certificate that signs the newest entries: the last one the log declares."""
    cert = None
    for line in lines:
        try:
            e = from_line(line)
        except (ValueError, KeyError, TypeError):
            continue
        cert = _declared_cert(e) or cert
    return cert


def check_head(head: bytes | None, lines: list[str], cert: x509.Certificate | None) -> Check:
    """The signed head (the bytes of ``custody.head``, None when it is missing) must name an
    entry the log holds, with the same hash.

    Codes: ``custody.head.missing``, ``.unreadable``, ``.no_certificate``, ``.signature``,
    ``.cut``, ``.entry_unreadable``, ``.rewritten``; ``custody.head.intact`` when it holds.
    """
    subject = HEAD_FILE

    def fail(code: str, detail: str, **args: str | int) -> Check:
        return Check("custody_head", subject, False, detail, code=f"custody.head.{code}", args=args)

    if head is None:
        return fail("missing", "the signed head of the custody log is missing (deleted?)")
    try:
        body = json.loads(head)
        seq, h, sig = int(body["seq"]), str(body["hash"]), str(body["signature"])
    except (ValueError, KeyError, TypeError) as e:
        return fail("unreadable", f"the signed head is unreadable ({e})")
    if seq < 1:
        return fail("unreadable", f"the signed head names entry {seq}, which no log has")
    if cert is None:
        return fail("no_certificate", "the signature of the head cannot be checked: no signing certificate")
    if not verify_signature(cert, canonical({"seq": seq, "hash": h}), sig):
        return fail("signature", "the signature of the head is invalid")
    if seq > len(lines):
        return fail("cut", f"the log was cut: the signed head names entry {seq}, the log ends at entry {len(lines)}",
                    seq=seq, entries=len(lines))
    try:
        at = from_line(lines[seq - 1])
    except (ValueError, KeyError, TypeError):
        return fail("entry_unreadable", f"entry {seq} named by the head is unreadable", seq=seq)
    if at.hash != h:
        return fail("rewritten", f"entry {seq} is not the one the signed head names (log rewritten)", seq=seq)
    return Check("custody_head", subject, True, f"the log holds the signed head, entry {seq}",
                 code="custody.head.intact", args={"seq": seq})
