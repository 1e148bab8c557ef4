"""What a bundle holds, checked wherever it is carried (the ZIP, or the files the PDF embeds).

The originals' digests against the manifest, the Merkle root over them, the certificate, the
RFC 3161 tokens over each import batch, and the custody log against the manifest's head. Each
function takes ``where`` ("pdf" or "zip"), the first part of its checks' codes.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterator

from cryptography import x509
from cryptography.hazmat.primitives import hashes

from evidencekit.core.export.merkle import merkle_root
from evidencekit.core.models import Check

# A JSON object read from a bundle: nothing in it is trusted to have the shape the writer gave it.
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


def compare(where: str, name: str, subject: str, got: tuple[int, str, str], want: Json) -> Check:
    """``got`` (size, SHA-256, SM3) against the manifest's record; ``name`` is "original" or "file"."""
    size, sha, sm3 = got
    bad = []
    differs = []
    if want.get("size") is not None and size != want.get("size"):
        bad.append(f"size {size} != {want.get('size')}")
        differs.append("size")
    if sha != want.get("sha256"):
        bad.append("SHA-256 differs")
        differs.append("sha256")
    if sm3 != want.get("sm3"):
        bad.append("SM3 differs")
        differs.append("sm3")
    if bad:
        return Check(name, subject, False, "; ".join(bad) + " — changed since export", f"{where}.{name}.mismatch",
                     {"differs": ",".join(differs), "size": size, "expected_size": str(want.get("size") or "")})
    return Check(name, subject, True, f"SHA-256 {sha[:16]}… SM3 {sm3[:16]}…", f"{where}.{name}.ok",
                 {"sha256": sha, "sm3": sm3})


def check_tokens(where: str, manifest: Json, read: Callable[[str], bytes | None], seen: set[str]) -> Iterator[Check]:
    """Each batch token: a valid RFC 3161 token over its batch document, whose items are ours."""
    from evidencekit.core.integrity import tsa

    records = manifest.get("timestamps") or []
    if not isinstance(records, list):
        yield Check("timestamp", "manifest.json", False, "malformed timestamp record",
                    f"{where}.timestamp.malformed_record")
        return
    for ts in records:
        if not isinstance(ts, dict):
            yield Check("timestamp", "manifest.json", False, "malformed timestamp record",
                        f"{where}.timestamp.malformed_record")
            continue
        data_name, token_name = str(ts.get("data")), str(ts.get("token"))
        seen.update((data_name, token_name))
        data, token = read(data_name), read(token_name)
        if data is None or token is None:
            yield Check("timestamp", token_name, False, "the token or the batch it covers is missing",
                        f"{where}.timestamp.missing", {"token": token_name, "batch": data_name})
            continue
        tc = tsa.check_token(token, data=data)
        # tsa's codes are "timestamp.<outcome>": prefixed with where the token was found
        yield Check("timestamp", token_name, tc.ok, f"{tc.gen_time} {tc.detail}" if tc.ok else tc.detail,
                    f"{where}.{tc.code}", tc.args)
        yield from _batch_matches(where, data, manifest, data_name)


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


def check_merkle(where: str, manifest: Json, label: str) -> Iterator[Check]:
    """The manifest's Merkle roots (SHA-256 and SM3) are those of its items' digests."""
    try:
        items = manifest.get("items")
        if not isinstance(items, list):
            raise TypeError("the items are not a list")
        sha = merkle_root([_text(r, "sha256") for r in items], "sha256")
        sm3 = merkle_root([_text(r, "sm3") for r in items], "sm3")
    except (KeyError, TypeError, ValueError) as e:
        yield Check("merkle_root", label, False, f"malformed digests in the manifest: {e}", f"{where}.merkle.malformed",
                    {"error": str(e)})
        return
    ok = sha == manifest.get("merkle_root_sha256") and sm3 == manifest.get("merkle_root_sm3")
    yield Check("merkle_root", label, ok, f"bundle fingerprint {sha}" if ok else "the Merkle root does not match the items",
                f"{where}.merkle.ok" if ok else f"{where}.merkle.mismatch", {"sha256": sha, "sm3": sm3})


def check_custody(where: str, data: bytes, cert: x509.Certificate | None, manifest: Json,
                  subject: str) -> Iterator[Check]:
    """The custody log ``data``: its chain and signatures, and the head the manifest names in it."""
    from evidencekit.core.vault import custody

    text = data.decode("utf-8", errors="replace")
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    # a redacted bundle (the signed manifest says so) carries the log with numbers masked
    yield from custody.check_chain(lines, cert, subject=subject, allow_redacted=manifest.get("redacted") is True)
    head = manifest.get("custody_head")
    if head:
        hashes_: set[str] = set()
        for line in lines:
            try:
                entry = as_object(json.loads(line))
            except (ValueError, RecursionError):
                continue
            if entry is not None and isinstance(entry.get("hash"), str):
                hashes_.add(str(entry["hash"]))
        found = isinstance(head, str) and head in hashes_
        yield Check("custody_head", subject, found,
                    "the log holds the entry the manifest names as its head" if found
                    else "the manifest's last custody entry is missing from the log (log truncated?)",
                    f"{where}.custody.head_ok" if found else f"{where}.custody.head_missing", {"head": str(head)})


def _batch_matches(where: str, data: bytes, manifest: Json, name: str) -> Iterator[Check]:
    """The timestamped batch document names only items the manifest holds."""
    try:
        doc = as_object(json.loads(data))
        want = _id_digests(manifest.get("items"))
        got = _id_digests(doc.get("items") if doc is not None else None)
    except (ValueError, KeyError, TypeError, RecursionError) as e:
        yield Check("timestamp_batch", name, False, f"malformed batch: {e}", f"{where}.batch.malformed", {"error": str(e)})
        return
    ok = got <= want
    yield Check("timestamp_batch", name, ok, f"{len(got)} items, all in the manifest" if ok
                else "the timestamped batch names items the manifest does not hold",
                f"{where}.batch.ok" if ok else f"{where}.batch.unknown_items", {"items": len(got)})


def as_object(v: object) -> Json | None:
    """``v`` when it is a JSON object, else None."""
    return v if isinstance(v, dict) else None


def _text(rec: object, key: str) -> str:
    """``rec[key]`` when ``rec`` is an object and that is a string.

    Raises:
        TypeError: it is not (a malformed record).
    """
    v = rec.get(key) if isinstance(rec, dict) else None
    if not isinstance(v, str):
        raise TypeError(f"a record without a {key} string")
    return v


def _id_digests(items: object) -> set[tuple[int | str, str]]:
    """(id, SHA-256) of each item record.

    Raises:
        TypeError: ``items`` is not a list of records with both.
    """
    if not isinstance(items, list):
        raise TypeError("the items are not a list")
    out: set[tuple[int | str, str]] = set()
    for r in items:
        ident = r.get("id") if isinstance(r, dict) else None
        if not isinstance(ident, (int, str)):
            raise TypeError("an item without an id")
        out.add((ident, _text(r, "sha256")))
    return out
