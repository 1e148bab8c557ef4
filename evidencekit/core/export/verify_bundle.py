"""Offline verification of a PDF or ZIP bundle; every finding is a :class:`Check`, never a traceback.

PDF: every signature intact and valid and its /Contents exactly as written, the last one covering
the whole file (only a revision holding a document timestamp and nothing else may follow the
claimant's signature), each embedded original against the embedded manifest, the Merkle root,
the certificate, the custody chain.

ZIP: entries screened before anything is read (``..``, absolute paths, links, sizes, ratios,
depth, duplicates), the archive signature in the ZIP comment (covers every byte before it), the
manifest signature, every listed file against its digests, no unlisted files, the checksum files,
the batch timestamp tokens, then the PDF inside as above.

This module reads the file and the ZIP; :mod:`.verify_pdf` checks a PDF, :mod:`.verify_content`
what both carry (digests, the Merkle root, the certificate, the tokens, the custody log).

Each check carries a dotted ``code`` saying what was found and ``args`` with the values a sentence
about it needs (its English ``detail`` is for logs). The first part names where it was found:
``bundle.`` the file itself, ``pdf.`` the PDF (its signatures, revisions and what it embeds),
``zip.`` the archive; then the subject and the outcome: ``pdf.signature.ok``,
``pdf.cms.unsigned_attributes``, ``pdf.revision.catalog_changed``, ``pdf.original.mismatch``,
``zip.entry.path_escapes``, ``zip.signature.mismatch``, ``zip.manifest.signature_invalid``,
``zip.timestamp.imprint``. The custody log's chain checks come from
:func:`evidencekit.core.vault.custody.check_chain`, which gives them their codes.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import logging
import os
import shutil
import stat
import struct
import zipfile
import zlib
from collections.abc import Callable, Iterator
from pathlib import Path, PurePosixPath

from cryptography import x509
from cryptography.hazmat.primitives import hashes

from evidencekit.core.export.format import (
    CERT,
    CUSTODY,
    MANIFEST,
    MANIFEST_SIG,
    PDF_NAME,
    SHA256SUMS,
    SM3SUMS,
    UNLISTED,
    ZIP_SIG_LEN,
    ZIP_SIG_MAGIC,
    FileRecord,
    Manifest,
    ManifestError,
    zip_signed_message,
)
from evidencekit.core.export.verify_content import (
    Digests,
    check_custody,
    check_merkle,
    check_tokens,
    compare,
    load_cert,
    manifest_finding,
)
from evidencekit.core.export.verify_pdf import verify_pdf
from evidencekit.core.integrity.identity import verify_signature
from evidencekit.core.models import LANGUAGES, Check, VerifyReport
from evidencekit.core.scratch import make_dir

__all__ = ["ZIP_SIG_LEN", "ZIP_SIG_MAGIC", "verify_bundle", "zip_signed_message"]

log = logging.getLogger(__name__)

MAX_ENTRIES = 100_000
MAX_ENTRY_SIZE = 8 << 30
MAX_TOTAL = 32 << 30
MAX_RATIO = 200  # uncompressed / compressed, for entries over 1 MiB
MAX_DEPTH = 6
MAX_NAME = 400
MAX_META = 256 << 20  # manifest, certificate, custody log, checksum files
# What reading a damaged or hostile archive can raise (zlib, an unknown compression method,
# a bad header): each becomes a failing check, never a traceback.
_ZIP_ERRORS = (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError, zlib.error,
               NotImplementedError, RuntimeError, struct.error, UnicodeDecodeError)


def verify_bundle(path: str | os.PathLike[str]) -> VerifyReport:
    """Check a bundle (``.pdf`` or ``.zip``) offline.

    Returns:
        A report with one Check per signature, original, file and token, and the bundle's language;
        ``report.ok`` only when everything holds. Hostile or malformed bundles give failing Checks,
        not exceptions.
    """
    p = Path(path)
    try:
        # A named pipe or a device would block or never end: only regular files are bundles.
        if not stat.S_ISREG(os.stat(p).st_mode):
            return VerifyReport(str(p), (Check("bundle_readable", p.name, False, "not a regular file",
                                               "bundle.not_regular_file"),))
        with open(p, "rb") as f:
            head = f.read(5)
    except OSError as e:
        return VerifyReport(str(p), (Check("bundle_readable", p.name, False, str(e), "bundle.unreadable",
                                           {"error": str(e)}),))
    languages: list[str] = []

    def seen(m: Manifest) -> None:
        languages.append(m.language)

    try:
        if head.startswith(b"%PDF"):
            checks = list(verify_pdf(p, p.name, on_manifest=seen))
        elif head.startswith(b"PK"):
            checks = list(_verify_zip(p, seen))
        else:
            checks = [Check("bundle_format", p.name, False, "neither a PDF nor a ZIP bundle", "bundle.unknown_format")]
    except Exception as e:  # noqa: BLE001 - last line of defence: a hostile file must not crash verify
        # The report names the failure; the traceback is for -vv only (hostile input is expected).
        log.debug("verification of %s failed unexpectedly", p, exc_info=True)
        error = f"{type(e).__name__}: {e}"
        checks = [Check("bundle_readable", p.name, False, f"could not be checked: {error}", "bundle.check_failed",
                        {"error": error})]
    # the first manifest read (the ZIP's, else the PDF's) names the language, when it is one of ours
    lang = next((x for x in languages if x in LANGUAGES), None)
    return VerifyReport(str(p), tuple(checks), lang)


# ------------------------------------------------------------------ ZIP


def _screen(infos: list[zipfile.ZipInfo]) -> Iterator[Check]:
    if len(infos) > MAX_ENTRIES:
        yield Check("zip_entry", f"{len(infos)} entries", False, "too many entries", "zip.entry.too_many",
                    {"entries": len(infos), "limit": MAX_ENTRIES})
        return
    total = 0
    names: set[str] = set()
    for zi in infos:
        n = zi.filename
        rejected = _rejected(zi, names)
        names.add(n)
        total += zi.file_size
        if rejected:
            code, why = rejected
            yield Check("zip_entry", n[:200], False, f"rejected: {why}", code, {"name": n[:200]})
    if total > MAX_TOTAL:
        yield Check("zip_entry", "archive", False, f"rejected: {total} bytes uncompressed is too large",
                    "zip.archive.too_large", {"bytes": total})


def _rejected(zi: zipfile.ZipInfo, earlier: set[str]) -> tuple[str, str] | None:
    """(code, reason) when the entry is unsafe to extract or read, else None."""
    n = zi.filename
    mode = zi.external_attr >> 16
    if len(n) > MAX_NAME:
        return "zip.entry.name_too_long", "name too long"
    if n.startswith(("/", "\\")) or (len(n) > 1 and n[1] == ":") or "\\" in n:
        return "zip.entry.absolute_path", "absolute or Windows path"
    if any(part in ("..", ".") for part in n.split("/")) or "\x00" in n:
        return "zip.entry.path_escapes", "path escapes the bundle ('..')"
    if stat.S_ISLNK(mode):
        return "zip.entry.symlink", "symbolic link"
    if mode and not (stat.S_ISREG(mode) or stat.S_ISDIR(mode)) and stat.S_IFMT(mode):
        return "zip.entry.not_regular_file", "not a regular file"
    if len(PurePosixPath(n).parts) > MAX_DEPTH:
        return "zip.entry.too_deep", f"nested deeper than {MAX_DEPTH} folders"
    if n in earlier:
        return "zip.entry.duplicate", "duplicate entry name"
    if zi.file_size > MAX_ENTRY_SIZE:
        return "zip.entry.too_large", f"entry of {zi.file_size} bytes is too large"
    if zi.file_size > (1 << 20) and zi.file_size > MAX_RATIO * max(1, zi.compress_size):
        return "zip.entry.bomb", "compression ratio of a zip bomb"
    if zi.flag_bits & 0x1:
        return "zip.entry.encrypted", "encrypted entry"
    return None


def _read_small(z: zipfile.ZipFile, name: str, limit: int = MAX_META) -> bytes:
    zi = z.getinfo(name)
    if zi.file_size > limit:
        raise ValueError(f"{name} is too large")
    with z.open(zi) as f:
        data = f.read(limit + 1)
    if len(data) > limit:
        raise ValueError(f"{name} is too large")
    return data


def _zip_signature(path: Path, cert: x509.Certificate | None) -> Check:
    """The archive signature in the ZIP comment covers every byte before the comment."""
    name = path.name
    try:
        size = path.stat().st_size
        with open(path, "rb") as f:
            if size < ZIP_SIG_LEN + 22:
                return Check("zip_signature", name, False, "no archive signature", "zip.signature.missing")
            f.seek(size - ZIP_SIG_LEN - 2)
            clen = int.from_bytes(f.read(2), "little")
            comment = f.read()
            if clen != ZIP_SIG_LEN or not comment.startswith(ZIP_SIG_MAGIC):
                return Check("zip_signature", name, False, "no archive signature in the ZIP comment (bytes appended?)",
                             "zip.signature.not_in_comment")
            sig = comment[len(ZIP_SIG_MAGIC):].strip().decode("ascii")
            if comment != (ZIP_SIG_MAGIC + sig.encode("ascii")).ljust(ZIP_SIG_LEN, b" ") or not _canonical_b64(sig):
                return Check("zip_signature", name, False, "the ZIP comment holding the archive signature was edited",
                             "zip.signature.comment_edited")
            f.seek(0)
            h = hashlib.sha256()
            left = size - ZIP_SIG_LEN
            while left > 0:
                chunk = f.read(min(left, 1 << 20))
                if not chunk:
                    break
                h.update(chunk)
                left -= len(chunk)
    except (OSError, UnicodeDecodeError) as e:
        return Check("zip_signature", name, False, f"unreadable: {e}", "zip.signature.unreadable", {"error": str(e)})
    if cert is None:
        return Check("zip_signature", name, False, "no certificate to check the archive signature with",
                     "zip.signature.no_certificate")
    if verify_signature(cert, zip_signed_message(h.hexdigest()), sig):
        return Check("zip_signature", name, True, "every byte of the archive is as signed", "zip.signature.ok")
    return Check("zip_signature", name, False, "the archive's bytes changed since it was signed", "zip.signature.mismatch")


def _canonical_b64(sig: str) -> bool:
    """``sig`` is base64 exactly as it is written: the decoder ignores the unused low bits of the
    last digit, so another spelling of the same signature would be an unnoticed edit."""
    try:
        return base64.b64encode(base64.b64decode(sig, validate=True)).decode("ascii") == sig
    except (ValueError, binascii.Error):
        return False


def _verify_zip(path: Path, on_manifest: Callable[[Manifest], None]) -> Iterator[Check]:
    try:
        z = zipfile.ZipFile(path)
    except _ZIP_ERRORS as e:
        yield Check("zip_readable", path.name, False, f"not a readable ZIP: {e}", "zip.unreadable", {"error": str(e)})
        return
    with z:
        infos = z.infolist()
        screened = list(_screen(infos))
        if screened:
            yield from screened
            return
        yield Check("zip_entries", path.name, True, f"{len(infos)} entries, no unsafe paths or sizes", "zip.entries.ok",
                    {"entries": len(infos)})
        names = {zi.filename for zi in infos}
        # The archive signature first: it covers every byte, so it names a damaged archive even
        # when the damage makes the manifest unreadable.
        try:
            cert = load_cert(_read_small(z, CERT, 1 << 20))
        except (KeyError, *_ZIP_ERRORS):
            cert = None
        yield _zip_signature(path, cert)
        try:
            mbytes = _read_small(z, MANIFEST)
            sig = _read_small(z, MANIFEST_SIG, 4096).decode("ascii").strip()
        except (KeyError, *_ZIP_ERRORS) as e:
            yield Check("manifest", f"{path.name} {MANIFEST}", False, f"missing or unreadable: {e}",
                        "zip.manifest.unreadable", {"error": str(e)})
            return
        if cert is None:
            yield Check("certificate", CERT, False, "unreadable certificate", "zip.certificate.unreadable")
            return
        fp = cert.fingerprint(hashes.SHA256()).hex()
        ok = _canonical_b64(sig) and verify_signature(cert, mbytes, sig)
        yield Check("manifest_signature", MANIFEST, ok,
                    f"signed by certificate {fp}" if ok else "the manifest was changed or not signed by this certificate",
                    "zip.manifest.signed" if ok else "zip.manifest.signature_invalid", {"sha256": fp})
        try:
            manifest = Manifest.from_json(mbytes)
        except ManifestError as e:
            yield manifest_finding("zip", e, MANIFEST)
            return
        on_manifest(manifest)
        if manifest.files is None:
            yield Check("manifest", MANIFEST, False, "the manifest lists no files", "zip.manifest.malformed",
                        {"field": "files", "error": "no files"})
            return
        cert_ok = manifest.certificate_sha256 == fp
        yield Check("certificate", CERT, cert_ok, f"SHA-256 {fp}",
                    "zip.certificate.ok" if cert_ok else "zip.certificate.mismatch", {"sha256": fp})
        yield from check_merkle("zip", manifest, MANIFEST)
        yield from _check_files(z, names, manifest)
        yield from _check_sums(z, manifest)
        # timestamp tokens

        def read_entry(name: str) -> bytes | None:
            try:
                return _read_small(z, name, 4 << 20)
            except (KeyError, *_ZIP_ERRORS):
                return None

        yield from check_tokens("zip", manifest, read_entry, set())
        # the PDF inside
        if PDF_NAME not in names:
            yield Check("pdf_signature", PDF_NAME, False, "no PDF in the bundle", "zip.pdf.missing")
            return
        td = make_dir("verify")  # named for this process: a killed run's copy is removed by the next
        try:
            tmp_pdf = td / PDF_NAME
            try:
                with z.open(PDF_NAME) as src, open(tmp_pdf, "wb") as dst:
                    while chunk := src.read(1 << 20):
                        dst.write(chunk)
            except _ZIP_ERRORS as e:
                yield Check("pdf_readable", PDF_NAME, False, f"unreadable: {e}", "zip.pdf.unreadable", {"error": str(e)})
                return
            yield from verify_pdf(tmp_pdf, PDF_NAME, zip_cert_fp=fp)
        finally:
            shutil.rmtree(td, ignore_errors=True)
        # custody log
        try:
            custody = _read_small(z, CUSTODY)
        except (KeyError, *_ZIP_ERRORS) as e:
            yield Check("custody_chain", CUSTODY, False, f"missing: {e}", "zip.custody.missing", {"error": str(e)})
            return
        yield from check_custody("zip", custody, cert, manifest, CUSTODY)


def _check_files(z: zipfile.ZipFile, names: set[str], manifest: Manifest) -> Iterator[Check]:
    """Every file the manifest lists, against its digests (an original also against its item's),
    every item's file listed, and no file the manifest does not list."""
    listed: dict[str, FileRecord] = {}
    for i, rec in enumerate(manifest.files or ()):
        if rec.path in listed:  # never written so: which of the two records would hold?
            yield Check("manifest", MANIFEST, False, f"the manifest lists {rec.path} twice", "zip.manifest.malformed",
                        {"field": f"files[{i}].path", "error": "listed twice"})
        listed.setdefault(rec.path, rec)
    item_of = {r.file: r for r in manifest.items if r.file}
    for name, rec in listed.items():
        subject = name
        check_name = "file"
        args: dict[str, str | int] = {"name": name}
        item = item_of.get(name)
        if item is not None:
            subject = f"exhibit {item.exhibit} ({name})"
            check_name = "original"
            args["exhibit"] = item.exhibit
        if name not in names:
            yield Check(check_name, subject, False, "listed in the manifest but missing from the ZIP",
                        f"zip.{check_name}.missing", args)
            continue
        try:
            d = Digests()
            with z.open(name) as f:
                while chunk := f.read(1 << 20):
                    d.update(chunk)
                    if d.size > MAX_ENTRY_SIZE:
                        raise ValueError("entry larger than declared")
            got = d.result()
        except _ZIP_ERRORS as e:
            yield Check(check_name, subject, False, f"unreadable: {e}", f"zip.{check_name}.unreadable",
                        {**args, "error": str(e)})
            continue
        yield compare("zip", check_name, subject, got, rec, args)
        if item is not None and got[1] != item.sha256:
            yield Check("original", subject, False, "differs from the item's digest in the manifest",
                        "zip.original.item_mismatch", args)
    for item in manifest.items:
        if item.file and item.file not in listed:
            yield Check("original", f"exhibit {item.exhibit}", False, "item file not listed in the manifest",
                        "zip.original.unlisted", {"exhibit": item.exhibit, "name": item.file})
    for name in sorted(names - set(listed) - UNLISTED):
        if not name.endswith("/"):
            yield Check("file", name, False, "a file not listed in the manifest", "zip.file.unlisted", {"name": name})


def _check_sums(z: zipfile.ZipFile, manifest: Manifest) -> Iterator[Check]:
    """The checksum files agree with the manifest."""
    listed = {rec.path: rec for rec in reversed(manifest.files or ())}  # the first record of a path, as above
    for fname, key in ((SHA256SUMS, "sha256"), (SM3SUMS, "sm3")):
        try:
            text = _read_small(z, fname).decode("utf-8")
            sums: dict[str, str] = {}
            for line in text.splitlines():
                if "  " in line:
                    digest, fname_ = line.split("  ", 1)
                    sums[fname_] = digest
            ok = all(sums.get(n) == getattr(r, key) for n, r in listed.items()) and len(sums) == len(listed)
            yield Check("checksums", fname, ok, "agrees with the manifest" if ok else "disagrees with the manifest",
                        "zip.checksums.ok" if ok else "zip.checksums.mismatch", {"file": fname})
        except (KeyError, *_ZIP_ERRORS) as e:
            yield Check("checksums", fname, False, f"missing or unreadable: {e}", "zip.checksums.unreadable",
                        {"file": fname, "error": str(e)})
