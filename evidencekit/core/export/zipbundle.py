"""The ZIP bundle: the signed PDF, the originals (or, redacted, the masked screenshots), the custody
log, the batch timestamps, VERIFY.txt and VERIFY.html, a signed manifest, checksum files, and a
signature over the whole archive in the ZIP comment.

Every member is stored, not deflated: VERIFY.html then reads each one as it lies in the archive
(no browser needs to inflate anything), a well-compressing original is never taken for a zip bomb,
and what a reader hashes is the bytes on disk. Originals (photos, recordings, PDFs) are compressed
already; only the small text members grow a little.
"""

from __future__ import annotations

import hashlib
import os
import zipfile
from collections.abc import Sequence
from pathlib import Path

from cryptography.hazmat.primitives import serialization

from evidencekit.core.export.context import ExportContext, item_record
from evidencekit.core.export.format import (
    CERT,
    CUSTODY,
    MANIFEST,
    MANIFEST_SIG,
    PDF_NAME,
    README,
    VERIFY_HTML,
    SHA256SUMS,
    SM3SUMS,
    ZIP_SIG_LEN,
    ZIP_SIG_MAGIC,
    FileRecord,
    ItemRecord,
    redacted_key,
    zip_signed_message,
)
from evidencekit.core.export.guide import as_text, verification_guide
from evidencekit.core.export.verifier import render_verify_html
from evidencekit.core.integrity.hashing import digest_file
from evidencekit.core.integrity.identity import SigningIdentity
from evidencekit.errors import ExportError


def write_zip(ctx: ExportContext, zip_path: Path) -> None:
    """Write the ZIP bundle of ``ctx`` (its signed PDF written already) to ``zip_path``: every
    file streamed from disk, digests computed as listed, the archive signed last.

    Raises:
        ExportError: the archive could not be written (nothing is left at ``zip_path`` then).
    """
    if ctx.custody_file is None:
        raise ExportError("the custody log was not written before the ZIP")
    bundle = ctx.bundle
    entries: list[tuple[str, Path]] = [(PDF_NAME, ctx.out), (CUSTODY, ctx.custody_file)]
    items: list[ItemRecord] = []
    for ex in bundle.exhibits:
        key = ctx.keys[ex.item.id]
        if not ctx.redacted:
            entries.append((key, ex.original))
            items.append(item_record(ex, key, None))
        else:
            if ex.item.id in ctx.shown.masked:
                entries.append((redacted_key(key), ctx.shown.images[ex.item.id]))
            items.append(item_record(ex, None, None))
    entries += ctx.batch_files.files
    page = ctx.work / VERIFY_HTML
    page.write_bytes(render_verify_html(ctx.lang))
    entries.append((VERIFY_HTML, page))
    readme = ctx.work / README
    names = [n for n, _ in entries] + [README, MANIFEST, MANIFEST_SIG, SHA256SUMS]
    readme.write_bytes(_readme(ctx, names).encode("utf-8"))
    entries.append((README, readme))
    files = []
    sha_lines, sm3_lines = [], []
    for name, path in entries:
        d, size = digest_file(path)
        files.append(FileRecord(name, size, d.sha256, d.sm3))
        sha_lines.append(f"{d.sha256}  {name}\n")
        sm3_lines.append(f"{d.sm3}  {name}\n")
    mbytes = ctx.manifest(items, files).to_json()
    sig = bundle.identity.sign(mbytes)
    part = zip_path.with_name(zip_path.name + ".part")
    try:
        with zipfile.ZipFile(part, "w", zipfile.ZIP_STORED, allowZip64=True) as z:
            for name, path in entries:
                z.write(path, name)
            z.writestr(MANIFEST, mbytes)
            z.writestr(MANIFEST_SIG, sig + "\n")
            z.writestr(CERT, bundle.identity.certificate.public_bytes(serialization.Encoding.PEM))
            z.writestr(SHA256SUMS, "".join(sha_lines))
            z.writestr(SM3SUMS, "".join(sm3_lines))
            z.comment = b" " * ZIP_SIG_LEN
        _sign_zip(part, bundle.identity)
        os.replace(part, zip_path)
    except OSError as e:
        part.unlink(missing_ok=True)
        raise ExportError(f"could not write {zip_path}: {e}") from e


def _sign_zip(path: Path, identity: SigningIdentity) -> None:
    """Write the archive signature into the ZIP comment: it covers every byte before it, so a
    change anywhere in the archive (headers, dates, padding, comment) is caught."""
    size = path.stat().st_size
    h = hashlib.sha256()
    with open(path, "r+b") as f:
        left = size - ZIP_SIG_LEN
        while left > 0:
            chunk = f.read(min(left, 1 << 20))
            h.update(chunk)
            left -= len(chunk)
        sig = identity.sign(zip_signed_message(h.hexdigest())).encode("ascii")
        comment = ZIP_SIG_MAGIC + sig
        if len(comment) > ZIP_SIG_LEN:
            raise ExportError("archive signature too long for the ZIP comment")
        f.seek(size - ZIP_SIG_LEN)
        f.write(comment.ljust(ZIP_SIG_LEN, b" "))
        f.flush()
        os.fsync(f.fileno())


def _readme(ctx: ExportContext, names: Sequence[str]) -> str:
    """VERIFY.txt: what the ZIP holds (as written, so a redacted one does not promise originals)
    and how to check it, from VERIFY.html to the command line (the PDF's verification guide)."""
    s = ctx.s
    present: list[str] = []
    for name in names:
        top = name.split("/")[0] + "/" if "/" in name else name
        key = f"zip_file.{top}"
        if s(key) != key and key not in present:
            present.append(key)
    if ctx.guide is None:
        raise ExportError("the verification guide was not made before the ZIP")
    head = [
        s("zip_readme_title"),
        "=" * 40,
        "",
        ctx.bundle.meta.title,
        "",
        s("zip_readme_intro"),
        "",
        s("zip_files") + ("；" if s.is_cjk else "; ").join(s(k) for k in present),
        "",
        "",
    ]
    return "\n".join(head) + as_text(verification_guide(s, ctx.guide, "zip"))
