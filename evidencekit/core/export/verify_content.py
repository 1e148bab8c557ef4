"""What a bundle holds, checked wherever it is carried (the ZIP, or the files the PDF embeds).

The originals' digests against the manifest, the Merkle root over them, the certificate, the
RFC 3161 tokens over each import batch, and the custody log against the manifest's head. Each
function takes ``where`` ("pdf" or "zip"), the first part of its checks' codes.

The manifest is read as the typed :class:`.format.Manifest` (the writer's own); a manifest of the
wrong shape becomes the failing check that needed the malformed part (:func:`manifest_finding`).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterator, Mapping

from cryptography import x509
from cryptography.hazmat.primitives import hashes

from evidencekit.core.export.format import FileRecord, ItemRecord, Manifest, ManifestError, field_name
from evidencekit.core.export.merkle import merkle_root
from evidencekit.core.models import Check

# A JSON object read from a bundle (a batch document, a custody entry): nothing in it is trusted
# to have the shape the writer gave it.
Json = dict[str, object]


class Digests:
    """SHA-256, SM3 and size of bytes fed in pieces."""

    def __init__(self) -> None:
        self.sha = hashlib.sha256()
        self.sm3 = hashes.Hash(hashes.SM3())
        self.size = 0

    def update(self, b: bytes) -> None:
        self.sha.update(b)
        self.sm3.update(b)
        self.size += len(b)

    def result(self) -> tuple[int, str, str]:
        """(size, SHA-256 hex, SM3 hex); call once."""
        return self.size, self.sha.hexdigest(), self.sm3.finalize().hex()


def compare(where: str, name: str, subject: str, got: tuple[int, str, str], want: FileRecord | ItemRecord,
            args: Mapping[str, str | int] | None = None) -> Check:
    """``got`` (size, SHA-256, SM3) against the manifest's record; ``name`` is "original" or "file";
    ``args`` says what was compared (``exhibit``, ``name``) for the sentence about it."""
    size, sha, sm3 = got
    bad = []
    differs = []
    if size != want.size:
        bad.append(f"size {size} != {want.size}")
        differs.append("size")
    if sha != want.sha256:
        bad.append("SHA-256 differs")
        differs.append("sha256")
    if sm3 != want.sm3:
        bad.append("SM3 differs")
        differs.append("sm3")
    if bad:
        return Check(name, subject, False, "; ".join(bad) + " — changed since export", f"{where}.{name}.mismatch",
                     {**(args or {}), "differs": ",".join(differs), "size": size, "expected_size": want.size})
    return Check(name, subject, True, f"SHA-256 {sha[:16]}… SM3 {sm3[:16]}…", f"{where}.{name}.ok",
                 {**(args or {}), "sha256": sha, "sm3": sm3})


def check_tokens(where: str, manifest: Manifest, read: Callable[[str], bytes | None],
                 seen: set[str]) -> Iterator[Check]:
    """Each batch token: a valid RFC 3161 token over its batch document, whose items are ours.

    The names of the batch documents and tokens are added to ``seen``."""
    from evidencekit.core.integrity import tsa

    for ts in manifest.timestamps or ():
        seen.update((ts.data, ts.token))
        data, token = read(ts.data), read(ts.token)
        if data is None or token is None:
            yield Check("timestamp", ts.token, False, "the token or the batch it covers is missing",
                        f"{where}.timestamp.missing", {"token": ts.token, "batch": ts.data})
            continue
        tc = tsa.check_token(token, data=data)
        # tsa's codes are "timestamp.<outcome>": prefixed with where the token was found
        yield Check("timestamp", ts.token, tc.ok, f"{tc.gen_time} {tc.detail}" if tc.ok else tc.detail,
                    f"{where}.{tc.code}", {**tc.args, "token": ts.token})
        yield from _batch_matches(where, data, manifest, ts.data)


def load_cert(pem: bytes | None) -> x509.Certificate | None:
    """The certificate in ``pem`` when it parses, key included; None otherwise."""
    if not pem or len(pem) > 1 << 20:
        return None
    try:
        cert = x509.load_pem_x509_certificate(pem)
        cert.public_key()  # an edited key parses lazily: fail here, not in each signature check
        return cert
    except (ValueError, TypeError):
        return None


def check_merkle(where: str, manifest: Manifest, label: str) -> Iterator[Check]:
    """The manifest's Merkle roots (SHA-256 and SM3) are those of its items' digests."""
    try:
        sha = merkle_root([r.sha256 for r in manifest.items], "sha256")
        sm3 = merkle_root([r.sm3 for r in manifest.items], "sm3")
    except ValueError as e:  # a digest that is not hex
        yield Check("merkle_root", label, False, f"malformed digests in the manifest: {e}", f"{where}.merkle.malformed",
                    {"error": str(e)})
        return
    ok = sha == manifest.merkle_root_sha256 and sm3 == manifest.merkle_root_sm3
    yield Check("merkle_root", label, ok, f"bundle fingerprint {sha}" if ok else "the Merkle root does not match the items",
                f"{where}.merkle.ok" if ok else f"{where}.merkle.mismatch", {"sha256": sha, "sm3": sm3})


def check_custody(where: str, data: bytes, cert: x509.Certificate | None, manifest: Manifest,
                  subject: str) -> Iterator[Check]:
    """The custody log ``data``: its chain and signatures, and the head the manifest names in it."""
    from evidencekit.core.vault import custody

    text = data.decode("utf-8", errors="replace")
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    # a redacted bundle (the signed manifest says so) carries the log with numbers masked
    yield from custody.check_chain(lines, cert, subject=subject, allow_redacted=manifest.redacted)
    head = manifest.custody_head
    if head:
        hashes_: set[str] = set()
        for line in lines:
            try:
                entry = as_object(json.loads(line))
            except (ValueError, RecursionError):
                continue
            if entry is not None and isinstance(entry.get("hash"), str):
                hashes_.add(str(entry["hash"]))
        found = head in hashes_
        yield Check("custody_head", subject, found,
                    "the log holds the entry the manifest names as its head" if found
                    else "the manifest's last custody entry is missing from the log (log truncated?)",
                    f"{where}.custody.head_ok" if found else f"{where}.custody.head_missing", {"head": head})


def manifest_finding(where: str, error: ManifestError, subject: str) -> Check:
    """The check a manifest of the wrong shape fails: the one that needs the malformed part (an
    item's digests: the Merkle root; an item's file: its original; the custody head; the
    timestamps), else the manifest itself; one that is not JSON is unreadable.

    Anyone can sign a bundle with a key of their own, so a signed manifest's shape is not trusted
    either: what is malformed is named (``args["field"]``), never a traceback.
    """
    field = error.field
    args: dict[str, str | int] = {"field": field_name(field or ()), "error": str(error)}
    if field is None:
        return Check("manifest", subject, False, f"not readable: {error}", f"{where}.manifest.unreadable", args)
    top = field[0] if field else ""
    key = field[2] if len(field) > 2 else ""
    if top in ("merkle_root_sha256", "merkle_root_sm3") or (top == "items" and (len(field) <= 2 or key in ("sha256", "sm3"))):
        # without every item's digests the Merkle root cannot be computed
        return Check("merkle_root", subject, False, f"malformed digests in the manifest: {error}",
                     f"{where}.merkle.malformed", args)
    if top == "items" and key in ("file", "pdf_attachment"):
        return Check("original", subject, False, f"an item's file is not a name: {error}", f"{where}.original.unlisted",
                     {**args, "exhibit": "?", "name": field_name(field)})
    if top == "items":
        return Check("original", subject, False, f"malformed item record: {error}",
                     f"{where}.original.malformed_record", args)
    if top == "custody_head":
        return Check("custody_head", subject, False, f"the custody head is not a hash: {error}",
                     f"{where}.custody.head_missing", {**args, "head": ""})
    if top == "timestamps":
        return Check("timestamp", subject, False, f"malformed timestamp record: {error}",
                     f"{where}.timestamp.malformed_record", args)
    return Check("manifest", subject, False, str(error), f"{where}.manifest.malformed", args)


def _batch_matches(where: str, data: bytes, manifest: Manifest, name: str) -> Iterator[Check]:
    """The timestamped batch document names only items the manifest holds."""
    try:
        doc = as_object(json.loads(data))
        got = _id_digests(doc.get("items") if doc is not None else None)
    except (ValueError, KeyError, TypeError, RecursionError) as e:
        yield Check("timestamp_batch", name, False, f"malformed batch: {e}", f"{where}.batch.malformed",
                    {"batch": name, "error": str(e)})
        return
    want: set[tuple[int | str, str]] = {(r.id, r.sha256) for r in manifest.items}
    ok = got <= want
    yield Check("timestamp_batch", name, ok, f"{len(got)} items, all in the manifest" if ok
                else "the timestamped batch names items the manifest does not hold",
                f"{where}.batch.ok" if ok else f"{where}.batch.unknown_items", {"batch": name, "items": len(got)})


def as_object(v: object) -> Json | None:
    """``v`` when it is a JSON object, else None."""
    return v if isinstance(v, dict) else None


def _id_digests(items: object) -> set[tuple[int | str, str]]:
    """(id, SHA-256) of each item record of a batch document.

    Raises:
        TypeError: ``items`` is not a list of records with both.
    """
    if not isinstance(items, list):
        raise TypeError("the items are not a list")
    out: set[tuple[int | str, str]] = set()
    for r in items:
        ident = r.get("id") if isinstance(r, dict) else None
        sha = r.get("sha256") if isinstance(r, dict) else None
        if not isinstance(ident, (int, str)) or not isinstance(sha, str):
            raise TypeError("a record without an id and a sha256 string")
        out.add((ident, sha))
    return out
