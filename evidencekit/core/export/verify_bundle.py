"""Offline verification of a PDF or ZIP bundle; every finding is a :class:`Check`, never a traceback.

PDF: every signature intact and valid and its /Contents exactly as written, the last one covering
the whole file (only a revision holding a document timestamp and nothing else may follow the
claimant's signature), each embedded original against the embedded manifest, the Merkle root,
the certificate, the custody chain.

ZIP: entries screened before anything is read (``..``, absolute paths, links, sizes, ratios,
depth, duplicates), the archive signature in the ZIP comment (covers every byte before it), the
manifest signature, every listed file against its digests, no unlisted files, the checksum files,
the batch timestamp tokens, then the PDF inside as above.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
import logging
import os
import stat
import struct
import tempfile
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
    TIMESTAMPS,
    UNLISTED,
    ZIP_SIG_LEN,
    ZIP_SIG_MAGIC,
    FileRecord,
    ItemRecord,
    Manifest,
    ManifestError,
    zip_signed_message,
)
from evidencekit.core.export.merkle import merkle_root
from evidencekit.core.integrity.identity import verify_signature
from evidencekit.core.models import Check, VerifyReport

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
        A report with one Check per signature, original, file and token; ``report.ok`` only when
        everything holds. Hostile or malformed bundles give failing Checks, not exceptions.
    """
    p = Path(path)
    try:
        # A named pipe or a device would block or never end: only regular files are bundles.
        if not stat.S_ISREG(os.stat(p).st_mode):
            return VerifyReport(str(p), (Check("bundle_readable", p.name, False, "not a regular file"),))
        with open(p, "rb") as f:
            head = f.read(5)
    except OSError as e:
        return VerifyReport(str(p), (Check("bundle_readable", p.name, False, str(e)),))
    try:
        if head.startswith(b"%PDF"):
            checks = list(_verify_pdf(p, p.name))
        elif head.startswith(b"PK"):
            checks = list(_verify_zip(p))
        else:
            checks = [Check("bundle_format", p.name, False, "neither a PDF nor a ZIP bundle")]
    except Exception as e:  # noqa: BLE001 - last line of defence: a hostile file must not crash verify
        # The report names the failure; the traceback is for -vv only (hostile input is expected).
        log.debug("verification of %s failed unexpectedly", p, exc_info=True)
        checks = [Check("bundle_readable", p.name, False, f"could not be checked: {type(e).__name__}: {e}")]
    return VerifyReport(str(p), tuple(checks))


# ------------------------------------------------------------------ digests


class _Dual:
    def __init__(self) -> None:
        self.sha = hashlib.sha256()
        self.sm3 = hashes.Hash(hashes.SM3())
        self.size = 0

    def update(self, b: bytes) -> None:
        self.sha.update(b)
        self.sm3.update(b)
        self.size += len(b)

    def result(self) -> tuple[int, str, str]:
        return self.size, self.sha.hexdigest(), self.sm3.finalize().hex()


def _compare(name: str, subject: str, got: tuple[int, str, str], want: ItemRecord | FileRecord) -> Check:
    size, sha, sm3 = got
    bad = []
    if size != want.size:
        bad.append(f"size {size} != {want.size}")
    if sha != want.sha256:
        bad.append("SHA-256 differs")
    if sm3 != want.sm3:
        bad.append("SM3 differs")
    if bad:
        return Check(name, subject, False, "; ".join(bad) + " — changed since export")
    return Check(name, subject, True, f"SHA-256 {sha[:16]}… SM3 {sm3[:16]}…")


# ------------------------------------------------------------------ PDF


def _verify_pdf(path: Path, label: str, *, zip_cert_fp: str | None = None) -> Iterator[Check]:
    from evidencekit.core.integrity import pdfsign

    info = pdfsign.inspect_pdf(path)
    if not info.ok_structure:
        yield Check("pdf_readable", label, False, info.error)
        return
    sigs = info.signatures
    if not sigs:
        yield Check("pdf_signature", label, False, "the PDF is not signed")
        return
    main = sigs[0]
    for i, sg in enumerate(sigs):
        what = "pdf_timestamp" if sg.kind == "doc_timestamp" else "pdf_signature"
        ok = sg.intact and sg.valid and not sg.error
        detail = (
            f"{sg.field}: intact={sg.intact} valid={sg.valid}"
            + (f", signer {sg.signer_subject}" if sg.signer_subject else "")
            + (f", time {sg.timestamp}" if sg.timestamp else "")
            + (f", {sg.error}" if sg.error else "")
        )
        if sg.kind == "signature" and i > 0:
            ok, detail = False, detail + "; a second signature was added after the bundle was signed"
        if i == 0 and sg.kind != "signature":
            ok, detail = False, detail + "; the first signature must be the claimant's"
        yield Check(what, f"{label} {sg.field}", ok, detail)
    last = sigs[-1]
    tail = info.file_size - last.signed_range_end
    cover_ok = last.coverage == "entire_file" and tail == 0
    bad_mods = [sg.field for sg in sigs[:-1] if sg.modification not in ("none", "lta_updates")]
    if cover_ok and not bad_mods:
        yield Check("pdf_coverage", label, True, f"the signatures cover the whole file ({info.file_size} bytes)")
    else:
        why = []
        if tail:
            why.append(f"{tail} bytes after the signed range")
        if last.coverage != "entire_file":
            why.append(f"last signature covers {last.coverage}")
        if bad_mods:
            why.append("content changed after signing (" + ", ".join(
                f"{sg.field}: {sg.modification}" for sg in sigs[:-1] if sg.field in bad_mods) + ")")
        yield Check("pdf_coverage", label, False, "; ".join(why) or "not covered")
    for msg in info.revision_errors:
        yield Check("pdf_revision", label, False, msg)
    yield from _verify_pdf_contents(path, label, main.signer_fingerprint, zip_cert_fp)


def _verify_pdf_contents(path: Path, label: str, signer_fp: str, zip_cert_fp: str | None) -> Iterator[Check]:
    from evidencekit.core.integrity import pdfsign

    manifest: Manifest | None = None
    cert_pem: bytes | None = None
    custody: bytes | None = None
    digests: dict[str, tuple[int, str, str]] = {}
    errors: dict[str, str] = {}
    small: dict[str, bytes] = {}  # timestamp tokens and the batch documents they cover
    try:
        for key, data, err in pdfsign.iter_attachments(path):
            if key in digests or key in errors:
                errors[key] = "attachment name appears twice"
                continue
            if data is None:
                errors[key] = err
                continue
            d = _Dual()
            d.update(data)
            digests[key] = d.result()
            if key == MANIFEST:
                try:
                    manifest = Manifest.from_json(data)
                except ManifestError as e:
                    errors[key] = str(e)
            elif key == CERT:
                cert_pem = data
            elif key == CUSTODY:
                custody = data
            elif key.startswith(TIMESTAMPS) and len(data) <= 4 << 20:
                small[key] = data
            del data
    except Exception as e:  # noqa: BLE001 - hostile name tree
        yield Check("pdf_attachments", label, False, f"cannot read the attachments: {type(e).__name__}: {e}")
        return
    if manifest is None:
        yield Check("manifest", f"{label} manifest.json", False, errors.get(MANIFEST, "no manifest embedded"))
        return
    yield Check("manifest", f"{label} manifest.json", True, f"{len(manifest.items)} items")
    # certificate
    cert = _load_cert(cert_pem)
    if cert is None:
        yield Check("certificate", f"{label} certificate.pem", False,
                    "no readable certificate embedded" + (f" ({errors[CERT]})" if CERT in errors else ""))
    else:
        fp = cert.fingerprint(hashes.SHA256()).hex()
        ok = fp == signer_fp == manifest.certificate_sha256 and (zip_cert_fp in (None, fp))
        yield Check("certificate", f"{label} certificate.pem", ok,
                    f"SHA-256 {fp}" if ok else "the signer, the embedded certificate and the manifest disagree")
    # originals
    seen = {MANIFEST, CERT, CUSTODY}
    yield from _merkle(manifest, label)
    for rec in manifest.items:
        subject = f"exhibit {rec.exhibit}"
        key = rec.pdf_attachment or ""
        if not key:
            yield Check("original", subject, True, "not embedded in this PDF; its digests are in the signed manifest")
            continue
        seen.add(key)
        subject += f" ({key})"
        if key in errors:
            yield Check("original", subject, False, errors[key])
        elif key not in digests:
            yield Check("original", subject, False, "the embedded original is missing")
        else:
            yield _compare("original", subject, digests[key], rec)
    yield from _tokens(manifest, small.get, seen)
    for key in sorted(set(digests) | set(errors)):
        if key not in seen:
            yield Check("pdf_attachments", f"{label} {key}", False, "an attachment not listed in the manifest")
    # custody
    if custody is None:
        yield Check("custody_chain", f"{label} custody.jsonl", False,
                    "no custody log embedded" + (f" ({errors[CUSTODY]})" if CUSTODY in errors else ""))
    else:
        yield from _custody(custody, cert, manifest, f"{label} custody.jsonl")


def _tokens(manifest: Manifest, read: Callable[[str], bytes | None], seen: set[str]) -> Iterator[Check]:
    """Each batch token: a valid RFC 3161 token over its batch document, whose items are ours."""
    from evidencekit.core.integrity import tsa

    for ts in manifest.timestamps or ():
        data_name, token_name = ts.data, ts.token
        seen.update((data_name, token_name))
        data, token = read(data_name), read(token_name)
        if data is None or token is None:
            yield Check("timestamp", token_name, False, "the token or the batch it covers is missing")
            continue
        tc = tsa.check_token(token, data=data)
        yield Check("timestamp", token_name, tc.ok, f"{tc.gen_time} {tc.detail}" if tc.ok else tc.detail)
        yield from _batch_matches(data, manifest, data_name)


def _load_cert(pem: bytes | None) -> x509.Certificate | None:
    if not pem or len(pem) > 1 << 20:
        return None
    try:
        cert = x509.load_pem_x509_certificate(pem)
        cert.public_key()  # an edited key parses lazily: fail here, not in each signature check
        return cert
    except (ValueError, TypeError):
        return None


def _merkle(manifest: Manifest, label: str) -> Iterator[Check]:
    try:
        items = manifest.items
        sha = merkle_root([r.sha256 for r in items], "sha256")
        sm3 = merkle_root([r.sm3 for r in items], "sm3")
    except ValueError as e:
        yield Check("merkle_root", label, False, f"malformed digests in the manifest: {e}")
        return
    ok = sha == manifest.merkle_root_sha256 and sm3 == manifest.merkle_root_sm3
    yield Check("merkle_root", label, ok, f"bundle fingerprint {sha}" if ok else "the Merkle root does not match the items")


def _custody(data: bytes, cert: x509.Certificate | None, manifest: Manifest, subject: str) -> Iterator[Check]:
    from evidencekit.core.vault import custody

    text = data.decode("utf-8", errors="replace")
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    # a redacted bundle (the signed manifest says so) carries the log with numbers masked
    yield from custody.check_chain(lines, cert, subject=subject, allow_redacted=manifest.redacted)
    head = manifest.custody_head
    if head:
        hashes_ = set()
        for line in lines:
            try:
                hashes_.add(json.loads(line).get("hash"))
            except (ValueError, AttributeError, RecursionError):
                pass
        yield Check("custody_head", subject, head in hashes_,
                    "the log holds the entry the manifest names as its head" if head in hashes_
                    else "the manifest's last custody entry is missing from the log (log truncated?)")


# ------------------------------------------------------------------ ZIP


def _screen(infos: list[zipfile.ZipInfo]) -> Iterator[Check]:
    if len(infos) > MAX_ENTRIES:
        yield Check("zip_entry", f"{len(infos)} entries", False, "too many entries")
        return
    total = 0
    names: set[str] = set()
    for zi in infos:
        n = zi.filename
        why = ""
        pp = PurePosixPath(n)
        mode = zi.external_attr >> 16
        if len(n) > MAX_NAME:
            why = "name too long"
        elif n.startswith(("/", "\\")) or (len(n) > 1 and n[1] == ":") or "\\" in n:
            why = "absolute or Windows path"
        elif any(part in ("..", ".") for part in n.split("/")) or "\x00" in n:
            why = "path escapes the bundle ('..')"
        elif stat.S_ISLNK(mode):
            why = "symbolic link"
        elif mode and not (stat.S_ISREG(mode) or stat.S_ISDIR(mode)) and stat.S_IFMT(mode):
            why = "not a regular file"
        elif len(pp.parts) > MAX_DEPTH:
            why = f"nested deeper than {MAX_DEPTH} folders"
        elif n in names:
            why = "duplicate entry name"
        elif zi.file_size > MAX_ENTRY_SIZE:
            why = f"entry of {zi.file_size} bytes is too large"
        elif zi.file_size > (1 << 20) and zi.file_size > MAX_RATIO * max(1, zi.compress_size):
            why = "compression ratio of a zip bomb"
        elif zi.flag_bits & 0x1:
            why = "encrypted entry"
        names.add(n)
        total += zi.file_size
        if why:
            yield Check("zip_entry", n[:200], False, f"rejected: {why}")
    if total > MAX_TOTAL:
        yield Check("zip_entry", "archive", False, f"rejected: {total} bytes uncompressed is too large")


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
                return Check("zip_signature", name, False, "no archive signature")
            f.seek(size - ZIP_SIG_LEN - 2)
            clen = int.from_bytes(f.read(2), "little")
            comment = f.read()
            if clen != ZIP_SIG_LEN or not comment.startswith(ZIP_SIG_MAGIC):
                return Check("zip_signature", name, False, "no archive signature in the ZIP comment (bytes appended?)")
            sig = comment[len(ZIP_SIG_MAGIC):].strip().decode("ascii")
            if comment != (ZIP_SIG_MAGIC + sig.encode("ascii")).ljust(ZIP_SIG_LEN, b" ") or not _canonical_b64(sig):
                return Check("zip_signature", name, False, "the ZIP comment holding the archive signature was edited")
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
        return Check("zip_signature", name, False, f"unreadable: {e}")
    if cert is None:
        return Check("zip_signature", name, False, "no certificate to check the archive signature with")
    if verify_signature(cert, zip_signed_message(h.hexdigest()), sig):
        return Check("zip_signature", name, True, "every byte of the archive is as signed")
    return Check("zip_signature", name, False, "the archive's bytes changed since it was signed")


def _canonical_b64(sig: str) -> bool:
    """``sig`` is base64 exactly as it is written: the decoder ignores the unused low bits of the
    last digit, so another spelling of the same signature would be an unnoticed edit."""
    try:
        return base64.b64encode(base64.b64decode(sig, validate=True)).decode("ascii") == sig
    except (ValueError, binascii.Error):
        return False


def _verify_zip(path: Path) -> Iterator[Check]:
    try:
        z = zipfile.ZipFile(path)
    except _ZIP_ERRORS as e:
        yield Check("zip_readable", path.name, False, f"not a readable ZIP: {e}")
        return
    with z:
        infos = z.infolist()
        screened = list(_screen(infos))
        if screened:
            yield from screened
            return
        yield Check("zip_entries", path.name, True, f"{len(infos)} entries, no unsafe paths or sizes")
        names = {zi.filename for zi in infos}
        # The archive signature first: it covers every byte, so it names a damaged archive even
        # when the damage makes the manifest unreadable.
        try:
            cert = _load_cert(_read_small(z, CERT, 1 << 20))
        except (KeyError, *_ZIP_ERRORS):
            cert = None
        yield _zip_signature(path, cert)
        try:
            mbytes = _read_small(z, MANIFEST)
            json.loads(mbytes)
            sig = _read_small(z, MANIFEST_SIG, 4096).decode("ascii").strip()
        except (KeyError, RecursionError, *_ZIP_ERRORS) as e:
            yield Check("manifest", f"{path.name} manifest.json", False, f"missing or unreadable: {e}")
            return
        if cert is None:
            yield Check("certificate", "certificate.pem", False, "unreadable certificate")
            return
        fp = cert.fingerprint(hashes.SHA256()).hex()
        ok = _canonical_b64(sig) and verify_signature(cert, mbytes, sig)
        yield Check("manifest_signature", "manifest.json", ok,
                    f"signed by certificate {fp}" if ok else "the manifest was changed or not signed by this certificate")
        try:
            manifest = Manifest.from_json(mbytes)
        except ManifestError:
            manifest = None
        if manifest is None or manifest.files is None:
            yield Check("manifest", "manifest.json", False, "malformed manifest")
            return
        yield Check("certificate", "certificate.pem", manifest.certificate_sha256 == fp,
                    f"SHA-256 {fp}")
        yield from _merkle(manifest, "manifest.json")
        # every listed file
        listed = {rec.path: rec for rec in manifest.files}
        item_of = {r.file: r for r in manifest.items if r.file}
        for name, rec in listed.items():
            subject = name
            check_name = "file"
            if name in item_of:
                subject = f"exhibit {item_of[name].exhibit} ({name})"
                check_name = "original"
            if name not in names:
                yield Check(check_name, subject, False, "listed in the manifest but missing from the ZIP")
                continue
            try:
                d = _Dual()
                with z.open(name) as f:
                    while chunk := f.read(1 << 20):
                        d.update(chunk)
                        if d.size > MAX_ENTRY_SIZE:
                            raise ValueError("entry larger than declared")
                got = d.result()
            except _ZIP_ERRORS as e:
                yield Check(check_name, subject, False, f"unreadable: {e}")
                continue
            yield _compare(check_name, subject, got, rec)
            if name in item_of and got[1] != item_of[name].sha256:
                yield Check("original", subject, False, "differs from the item's digest in the manifest")
        for irec in manifest.items:
            if irec.file and irec.file not in listed:
                yield Check("original", f"exhibit {irec.exhibit}", False, "item file not listed in the manifest")
        for name in sorted(names - set(listed) - UNLISTED):
            if not name.endswith("/"):
                yield Check("file", name, False, "a file not listed in the manifest")
        # checksum files agree with the manifest
        for fname, key in ((SHA256SUMS, "sha256"), (SM3SUMS, "sm3")):
            try:
                text = _read_small(z, fname).decode("utf-8")
                sums: dict[str, str] = {}
                for line in text.splitlines():
                    if "  " in line:
                        digest, fname_ = line.split("  ", 1)
                        sums[fname_] = digest
                ok = all(sums.get(n) == getattr(r, key) for n, r in listed.items()) and len(sums) == len(listed)
                yield Check("checksums", fname, ok, "agrees with the manifest" if ok else "disagrees with the manifest")
            except (KeyError, *_ZIP_ERRORS) as e:
                yield Check("checksums", fname, False, f"missing or unreadable: {e}")
        # timestamp tokens
        def read_entry(name: str) -> bytes | None:
            try:
                return _read_small(z, name, 4 << 20)
            except (KeyError, *_ZIP_ERRORS):
                return None

        yield from _tokens(manifest, read_entry, set())
        # the PDF inside
        pdf_name = PDF_NAME
        if pdf_name not in names:
            yield Check("pdf_signature", pdf_name, False, "no PDF in the bundle")
            return
        with tempfile.TemporaryDirectory(prefix="ek-verify-") as td:
            tmp_pdf = Path(td) / pdf_name
            try:
                with z.open(pdf_name) as src, open(tmp_pdf, "wb") as dst:
                    while chunk := src.read(1 << 20):
                        dst.write(chunk)
            except _ZIP_ERRORS as e:
                yield Check("pdf_readable", pdf_name, False, f"unreadable: {e}")
                return
            yield from _verify_pdf(tmp_pdf, pdf_name, zip_cert_fp=fp)
        # custody log
        try:
            custody = _read_small(z, CUSTODY)
        except (KeyError, *_ZIP_ERRORS) as e:
            yield Check("custody_chain", "custody.jsonl", False, f"missing: {e}")
            return
        yield from _custody(custody, cert, manifest, "custody.jsonl")


def _batch_matches(data: bytes, manifest: Manifest, name: str) -> Iterator[Check]:
    try:
        doc = json.loads(data)
        want = {(r.id, r.sha256) for r in manifest.items}
        got = {(r["id"], r["sha256"]) for r in doc["items"]}
    except (ValueError, KeyError, TypeError, RecursionError) as e:
        yield Check("timestamp_batch", name, False, f"malformed batch: {e}")
        return
    ok = got <= want
    yield Check("timestamp_batch", name, ok, f"{len(got)} items, all in the manifest" if ok
                else "the timestamped batch names items the manifest does not hold")

