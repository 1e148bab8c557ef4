"""Tampered copies of the exporter's ZIP for the browser tests: members rewritten with nothing
re-signed, or the bundle rebuilt and signed again by another key (a forger's whole new bundle)."""

from __future__ import annotations

import hashlib
import json
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives import serialization

from evidencekit.core.export.verify_bundle import ZIP_SIG_LEN, ZIP_SIG_MAGIC, zip_signed_message
from evidencekit.core.integrity.hashing import sm3_hex
from evidencekit.core.integrity.identity import SigningIdentity

_SUMS = ("SHA256SUMS", "SM3SUMS")


def _pretty(obj: Any) -> bytes:
    return (json.dumps(obj, sort_keys=True, indent=1, ensure_ascii=False) + "\n").encode("utf-8")


def sign_archive(path: Path, identity: SigningIdentity) -> None:
    """The archive signature in the ZIP comment, as the exporter writes it."""
    data = path.read_bytes()
    assert data[-ZIP_SIG_LEN:] == b" " * ZIP_SIG_LEN
    digest = hashlib.sha256(data[:-ZIP_SIG_LEN]).hexdigest()
    comment = (ZIP_SIG_MAGIC + identity.sign(zip_signed_message(digest)).encode("ascii")).ljust(ZIP_SIG_LEN, b" ")
    assert len(comment) == ZIP_SIG_LEN, "this key's signature does not fit the ZIP comment"
    path.write_bytes(data[:-ZIP_SIG_LEN] + comment)


def rebuild(
    src: Path,
    dst: Path,
    signer: SigningIdentity,
    *,
    add: dict[str, bytes] | None = None,
    edit_manifest: Callable[[dict[str, Any]], None] | None = None,
    certificate: bool = False,
    sign_zip: bool = True,
) -> Path:
    """A genuine-looking bundle from ``src``: members in ``add`` written and listed in the
    manifest, the manifest edited, re-signed by ``signer`` (whose certificate replaces the one
    in the ZIP when ``certificate``), the checksum files and the archive signature redone."""
    add = add or {}
    with zipfile.ZipFile(src) as z:
        members = [(zi, z.read(zi)) for zi in z.infolist()]
    manifest = json.loads(next(d for zi, d in members if zi.filename == "manifest.json"))
    for name, data in add.items():
        manifest["files"].append({"path": name, "size": len(data), "sha256": hashlib.sha256(data).hexdigest(),
                                  "sm3": sm3_hex(data)})
    if edit_manifest is not None:
        edit_manifest(manifest)
    mbytes = _pretty(manifest)
    replace = {
        "manifest.json": mbytes,
        "manifest.json.sig": (signer.sign(mbytes) + "\n").encode("ascii"),
        "SHA256SUMS": "".join(f"{r['sha256']}  {r['path']}\n" for r in manifest["files"]).encode(),
        "SM3SUMS": "".join(f"{r['sm3']}  {r['path']}\n" for r in manifest["files"]).encode(),
    }
    if certificate:
        replace["certificate.pem"] = signer.certificate.public_bytes(serialization.Encoding.PEM)
    with zipfile.ZipFile(dst, "w") as out:
        for zi, data in members:
            if zi.filename in ("manifest.json",):
                for name, new in add.items():  # the new members go before the manifest, as the writer will
                    out.writestr(zipfile.ZipInfo(name, zi.date_time), new, compress_type=zipfile.ZIP_STORED)
            out.writestr(zi, replace.get(zi.filename, data))
        out.comment = b" " * ZIP_SIG_LEN
    if sign_zip:
        sign_archive(dst, signer)
    return dst


def rewrite(src: Path, dst: Path, edit: Callable[[str, bytes], bytes]) -> Path:
    """A copy of ``src`` with members changed by ``edit`` and nothing re-signed (the comment,
    and with it the old archive signature, kept)."""
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w") as zout:
        for zi in zin.infolist():
            zout.writestr(zi, edit(zi.filename, zin.read(zi)))
        zout.comment = zin.comment
    return dst


def extract(src: Path, folder: Path) -> Path:
    with zipfile.ZipFile(src) as z:
        z.extractall(folder)
    return folder
