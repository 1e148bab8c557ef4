"""Offline verification of a PDF or ZIP bundle; every finding is a :class:`Check`, never a traceback.

PDF: every signature intact and valid and its /Contents exactly as written, the last one covering
the whole file (only a revision holding a document timestamp and nothing else may follow the
claimant's signature), each embedded original against the embedded manifest, the Merkle root,
the certificate, the custody chain.

ZIP: entries screened before anything is read (``..``, absolute paths, links, sizes, ratios,
depth, duplicates), the archive signature in the ZIP comment (covers every byte before it), the
manifest signature, every listed file against its digests, no unlisted files, the checksum files,
the batch timestamp tokens, then the PDF inside as above.

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
import json
import logging
import os
import stat
import struct
import tempfile
import zipfile
import zlib
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING

from cryptography import x509
from cryptography.hazmat.primitives import hashes

from evidencekit.core.export.merkle import merkle_root
from evidencekit.core.integrity.identity import verify_signature
from evidencekit.core.models import Check, VerifyReport

if TYPE_CHECKING:
    from evidencekit.core.integrity.pdf import SignatureInfo

log = logging.getLogger(__name__)

MAX_ENTRIES = 100_000
MAX_ENTRY_SIZE = 8 << 30
MAX_TOTAL = 32 << 30
MAX_RATIO = 200  # uncompressed / compressed, for entries over 1 MiB
MAX_DEPTH = 6
MAX_NAME = 400
MAX_META = 256 << 20  # manifest, certificate, custody log, checksum files
ZIP_SIG_MAGIC = b"EKZIPSIG1 "
ZIP_SIG_LEN = 200
_META_FILES = {"manifest.json", "manifest.json.sig", "certificate.pem", "SHA256SUMS", "SM3SUMS"}
# A JSON object read from a bundle: nothing in it is trusted to have the shape the writer gave it.
_Json = dict[str, object]
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
            return VerifyReport(str(p), (Check("bundle_readable", p.name, False, "not a regular file",
                                               "bundle.not_regular_file"),))
        with open(p, "rb") as f:
            head = f.read(5)
    except OSError as e:
        return VerifyReport(str(p), (Check("bundle_readable", p.name, False, str(e), "bundle.unreadable",
                                           {"error": str(e)}),))
    try:
        if head.startswith(b"%PDF"):
            checks = list(_verify_pdf(p, p.name))
        elif head.startswith(b"PK"):
            checks = list(_verify_zip(p))
        else:
            checks = [Check("bundle_format", p.name, False, "neither a PDF nor a ZIP bundle", "bundle.unknown_format")]
    except Exception as e:  # noqa: BLE001 - last line of defence: a hostile file must not crash verify
        # The report names the failure; the traceback is for -vv only (hostile input is expected).
        log.debug("verification of %s failed unexpectedly", p, exc_info=True)
        error = f"{type(e).__name__}: {e}"
        checks = [Check("bundle_readable", p.name, False, f"could not be checked: {error}", "bundle.check_failed",
                        {"error": error})]
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


def _compare(where: str, name: str, subject: str, got: tuple[int, str, str], want: _Json) -> Check:
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


# ------------------------------------------------------------------ PDF


def _verify_pdf(path: Path, label: str, *, zip_cert_fp: str | None = None) -> Iterator[Check]:
    from evidencekit.core.integrity.pdf import SignatureKind, inspect_pdf

    info = inspect_pdf(path)
    if info.problem is not None:
        yield Check("pdf_readable", label, False, info.problem.detail, info.problem.code, info.problem.args)
        return
    sigs = info.signatures
    if not sigs:
        yield Check("pdf_signature", label, False, "the PDF is not signed", "pdf.unsigned")
        return
    main = sigs[0]
    for i, sg in enumerate(sigs):
        stamp = sg.kind is SignatureKind.DOC_TIMESTAMP
        what = "pdf_timestamp" if stamp else "pdf_signature"
        ok = sg.intact and sg.valid and sg.problem is None
        detail = (
            f"{sg.field}: intact={sg.intact} valid={sg.valid}"
            + (f", signer {sg.signer_subject}" if sg.signer_subject else "")
            + (f", time {sg.timestamp}" if sg.timestamp else "")
            + (f", {sg.problem.detail}" if sg.problem else "")
        )
        args: dict[str, str | int] = {"field": sg.field, "signer": sg.signer_subject, "time": sg.timestamp}
        # The code names the first thing wrong with the signature itself, else with its place.
        if sg.problem is not None:
            code = sg.problem.code
            args.update(sg.problem.args)
        elif not sg.intact:
            code = "pdf.timestamp.not_intact" if stamp else "pdf.signature.not_intact"
        elif not sg.valid:
            code = "pdf.timestamp.invalid" if stamp else "pdf.signature.invalid"
        else:
            code = "pdf.timestamp.ok" if stamp else "pdf.signature.ok"
        if sg.kind is SignatureKind.SIGNATURE and i > 0:
            ok, detail = False, detail + "; a second signature was added after the bundle was signed"
            code = code if code != "pdf.signature.ok" else "pdf.signature.added_later"
        if i == 0 and sg.kind is not SignatureKind.SIGNATURE:
            ok, detail = False, detail + "; the first signature must be the claimant's"
            code = code if code != "pdf.timestamp.ok" else "pdf.timestamp.before_signature"
        yield Check(what, f"{label} {sg.field}", ok, detail, code, args)
    yield _coverage(info.signatures, info.file_size, label)
    if info.revision_problem is not None:
        rp = info.revision_problem
        yield Check("pdf_revision", label, False, rp.detail, rp.code, rp.args)
    yield from _verify_pdf_contents(path, label, main.signer_fingerprint, zip_cert_fp)


def _coverage(sigs: Sequence[SignatureInfo], file_size: int, label: str) -> Check:
    """The last signature covers the file to its last byte, and only document timestamps follow
    the claimant's."""
    from evidencekit.core.integrity.pdf import Coverage, Modification

    last = sigs[-1]
    tail = file_size - last.signed_range_end
    bad_mods = [sg for sg in sigs[:-1] if sg.modification is Modification.OTHER]
    if last.coverage is Coverage.ENTIRE_FILE and tail == 0 and not bad_mods:
        return Check("pdf_coverage", label, True, f"the signatures cover the whole file ({file_size} bytes)",
                     "pdf.coverage.entire_file", {"bytes": file_size})
    why: list[str] = []
    codes: list[str] = []
    args: dict[str, str | int] = {}
    if tail:
        why.append(f"{tail} bytes after the signed range")
        codes.append("pdf.coverage.bytes_after")
        args["bytes_after"] = tail
    if last.coverage is not Coverage.ENTIRE_FILE:
        why.append(f"last signature covers {last.coverage}")
        codes.append("pdf.coverage.partial")
        args["coverage"] = last.coverage.value
    if bad_mods:
        changed = ", ".join(f"{sg.field}: {sg.modification}" for sg in bad_mods)
        why.append(f"content changed after signing ({changed})")
        codes.append("pdf.coverage.changed_after_signing")
        args["fields"] = ", ".join(sg.field for sg in bad_mods)
    return Check("pdf_coverage", label, False, "; ".join(why), codes[0], args)


def _verify_pdf_contents(path: Path, label: str, signer_fp: str, zip_cert_fp: str | None) -> Iterator[Check]:
    from evidencekit.core.integrity.pdf import iter_attachments

    manifest: _Json | None = None
    cert_pem: bytes | None = None
    custody: bytes | None = None
    digests: dict[str, tuple[int, str, str]] = {}
    errors: dict[str, str] = {}
    small: dict[str, bytes] = {}  # timestamp tokens and the batch documents they cover
    try:
        for key, data, err in iter_attachments(path):
            if key in digests or key in errors:
                errors[key] = "attachment name appears twice"
                continue
            if data is None:
                errors[key] = err
                continue
            d = _Dual()
            d.update(data)
            digests[key] = d.result()
            if key == "manifest.json":
                try:
                    manifest = _object(json.loads(data))
                except (ValueError, RecursionError) as e:
                    errors[key] = f"not JSON: {e}"
            elif key == "certificate.pem":
                cert_pem = data
            elif key == "custody.jsonl":
                custody = data
            elif key.startswith("timestamps/") and len(data) <= 4 << 20:
                small[key] = data
            del data
    except Exception as e:  # noqa: BLE001 - hostile name tree
        error = f"{type(e).__name__}: {e}"
        yield Check("pdf_attachments", label, False, f"cannot read the attachments: {error}",
                    "pdf.attachments.unreadable", {"error": error})
        return
    items = manifest.get("items") if manifest is not None else None
    if manifest is None or not isinstance(items, list):
        code = ("pdf.manifest.unreadable" if "manifest.json" in errors else
                "pdf.manifest.malformed" if "manifest.json" in digests else "pdf.manifest.missing")
        yield Check("manifest", f"{label} manifest.json", False, errors.get("manifest.json", "no manifest embedded"),
                    code, {"error": errors.get("manifest.json", "")})
        return
    yield Check("manifest", f"{label} manifest.json", True, f"{len(items)} items", "pdf.manifest.ok",
                {"items": len(items)})
    # certificate
    cert = _load_cert(cert_pem)
    if cert is None:
        error = errors.get("certificate.pem", "")
        yield Check("certificate", f"{label} certificate.pem", False,
                    "no readable certificate embedded" + (f" ({error})" if error else ""),
                    "pdf.certificate.unreadable" if "certificate.pem" in digests or error else "pdf.certificate.missing",
                    {"error": error})
    else:
        fp = cert.fingerprint(hashes.SHA256()).hex()
        ok = fp == signer_fp == manifest.get("certificate_sha256") and (zip_cert_fp in (None, fp))
        yield Check("certificate", f"{label} certificate.pem", ok,
                    f"SHA-256 {fp}" if ok else "the signer, the embedded certificate and the manifest disagree",
                    "pdf.certificate.ok" if ok else "pdf.certificate.mismatch", {"sha256": fp})
    # originals
    seen = {"manifest.json", "certificate.pem", "custody.jsonl"}
    yield from _merkle("pdf", manifest, label)
    for rec in map(_object, items):
        if rec is None:
            yield Check("original", label, False, "malformed item record", "pdf.original.malformed_record")
            continue
        exhibit = str(rec.get("exhibit"))
        subject = f"exhibit {exhibit}"
        key = str(rec.get("pdf_attachment") or "")
        if not key:
            yield Check("original", subject, True, "not embedded in this PDF; its digests are in the signed manifest",
                        "pdf.original.not_embedded", {"exhibit": exhibit})
            continue
        seen.add(key)
        subject += f" ({key})"
        if key in errors:
            yield Check("original", subject, False, errors[key], "pdf.original.unreadable",
                        {"exhibit": exhibit, "error": errors[key]})
        elif key not in digests:
            yield Check("original", subject, False, "the embedded original is missing", "pdf.original.missing",
                        {"exhibit": exhibit})
        else:
            yield _compare("pdf", "original", subject, digests[key], rec)
    yield from _tokens("pdf", manifest, small.get, seen)
    for key in sorted(set(digests) | set(errors)):
        if key not in seen:
            yield Check("pdf_attachments", f"{label} {key}", False, "an attachment not listed in the manifest",
                        "pdf.attachment.unlisted", {"name": key})
    # custody
    if custody is None:
        error = errors.get("custody.jsonl", "")
        yield Check("custody_chain", f"{label} custody.jsonl", False,
                    "no custody log embedded" + (f" ({error})" if error else ""),
                    "pdf.custody.unreadable" if error else "pdf.custody.missing", {"error": error})
    else:
        yield from _custody("pdf", custody, cert, manifest, f"{label} custody.jsonl")


def _tokens(where: str, manifest: _Json, read: Callable[[str], bytes | None], seen: set[str]) -> Iterator[Check]:
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


def _load_cert(pem: bytes | None) -> x509.Certificate | None:
    if not pem or len(pem) > 1 << 20:
        return None
    try:
        cert = x509.load_pem_x509_certificate(pem)
        cert.public_key()  # an edited key parses lazily: fail here, not in each signature check
        return cert
    except (ValueError, TypeError):
        return None


def _merkle(where: str, manifest: _Json, label: str) -> Iterator[Check]:
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


def _custody(where: str, data: bytes, cert: x509.Certificate | None, manifest: _Json,
             subject: str) -> Iterator[Check]:
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
                entry = _object(json.loads(line))
            except (ValueError, RecursionError):
                continue
            if entry is not None and isinstance(entry.get("hash"), str):
                hashes_.add(str(entry["hash"]))
        found = isinstance(head, str) and head in hashes_
        yield Check("custody_head", subject, found,
                    "the log holds the entry the manifest names as its head" if found
                    else "the manifest's last custody entry is missing from the log (log truncated?)",
                    f"{where}.custody.head_ok" if found else f"{where}.custody.head_missing", {"head": str(head)})


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


def zip_signed_message(sha256_hex: str) -> bytes:
    return b"evidencekit-zip-v1:" + sha256_hex.encode("ascii")


def _verify_zip(path: Path) -> Iterator[Check]:
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
            cert = _load_cert(_read_small(z, "certificate.pem", 1 << 20))
        except (KeyError, *_ZIP_ERRORS):
            cert = None
        yield _zip_signature(path, cert)
        try:
            mbytes = _read_small(z, "manifest.json")
            manifest = _object(json.loads(mbytes))
            sig = _read_small(z, "manifest.json.sig", 4096).decode("ascii").strip()
        except (KeyError, RecursionError, *_ZIP_ERRORS) as e:
            yield Check("manifest", f"{path.name} manifest.json", False, f"missing or unreadable: {e}",
                        "zip.manifest.unreadable", {"error": str(e)})
            return
        if cert is None:
            yield Check("certificate", "certificate.pem", False, "unreadable certificate", "zip.certificate.unreadable")
            return
        fp = cert.fingerprint(hashes.SHA256()).hex()
        ok = _canonical_b64(sig) and verify_signature(cert, mbytes, sig)
        yield Check("manifest_signature", "manifest.json", ok,
                    f"signed by certificate {fp}" if ok else "the manifest was changed or not signed by this certificate",
                    "zip.manifest.signed" if ok else "zip.manifest.signature_invalid", {"sha256": fp})
        files = manifest.get("files") if manifest is not None else None
        if manifest is None or not isinstance(files, list):
            yield Check("manifest", "manifest.json", False, "malformed manifest", "zip.manifest.malformed")
            return
        cert_ok = manifest.get("certificate_sha256") == fp
        yield Check("certificate", "certificate.pem", cert_ok, f"SHA-256 {fp}",
                    "zip.certificate.ok" if cert_ok else "zip.certificate.mismatch", {"sha256": fp})
        yield from _merkle("zip", manifest, "manifest.json")
        # every listed file
        listed: dict[str, _Json] = {}
        for rec in map(_object, files):
            if rec is not None and isinstance(rec.get("path"), str):
                listed[str(rec["path"])] = rec
        items = manifest.get("items")
        records = [r for r in map(_object, items) if r is not None] if isinstance(items, list) else []
        item_of = {str(r["file"]): r for r in records if isinstance(r.get("file"), str) and r["file"]}
        for name, rec in listed.items():
            subject = name
            check_name = "file"
            if name in item_of:
                subject = f"exhibit {item_of[name].get('exhibit')} ({name})"
                check_name = "original"
            if name not in names:
                yield Check(check_name, subject, False, "listed in the manifest but missing from the ZIP",
                            f"zip.{check_name}.missing", {"name": name})
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
                yield Check(check_name, subject, False, f"unreadable: {e}", f"zip.{check_name}.unreadable",
                            {"name": name, "error": str(e)})
                continue
            yield _compare("zip", check_name, subject, got, rec)
            if name in item_of and got[1] != item_of[name].get("sha256"):
                yield Check("original", subject, False, "differs from the item's digest in the manifest",
                            "zip.original.item_mismatch", {"name": name})
        for rec in records:
            if rec.get("file") and (not isinstance(rec["file"], str) or rec["file"] not in listed):
                yield Check("original", f"exhibit {rec.get('exhibit')}", False, "item file not listed in the manifest",
                            "zip.original.unlisted", {"exhibit": str(rec.get("exhibit")), "name": str(rec["file"])})
        for name in sorted(names - set(listed) - _META_FILES):
            if not name.endswith("/"):
                yield Check("file", name, False, "a file not listed in the manifest", "zip.file.unlisted", {"name": name})
        # checksum files agree with the manifest
        for fname, key in (("SHA256SUMS", "sha256"), ("SM3SUMS", "sm3")):
            try:
                text = _read_small(z, fname).decode("utf-8")
                sums: dict[str, str] = {}
                for line in text.splitlines():
                    if "  " in line:
                        digest, fname_ = line.split("  ", 1)
                        sums[fname_] = digest
                ok = all(sums.get(n) == r.get(key) for n, r in listed.items()) and len(sums) == len(listed)
                yield Check("checksums", fname, ok, "agrees with the manifest" if ok else "disagrees with the manifest",
                            "zip.checksums.ok" if ok else "zip.checksums.mismatch", {"file": fname})
            except (KeyError, *_ZIP_ERRORS) as e:
                yield Check("checksums", fname, False, f"missing or unreadable: {e}", "zip.checksums.unreadable",
                            {"file": fname, "error": str(e)})
        # timestamp tokens
        def read_entry(name: str) -> bytes | None:
            try:
                return _read_small(z, name, 4 << 20)
            except (KeyError, *_ZIP_ERRORS):
                return None

        yield from _tokens("zip", manifest, read_entry, set())
        # the PDF inside
        pdf_name = "bundle.pdf"
        if pdf_name not in names:
            yield Check("pdf_signature", pdf_name, False, "no PDF in the bundle", "zip.pdf.missing")
            return
        with tempfile.TemporaryDirectory(prefix="ek-verify-") as td:
            tmp_pdf = Path(td) / pdf_name
            try:
                with z.open(pdf_name) as src, open(tmp_pdf, "wb") as dst:
                    while chunk := src.read(1 << 20):
                        dst.write(chunk)
            except _ZIP_ERRORS as e:
                yield Check("pdf_readable", pdf_name, False, f"unreadable: {e}", "zip.pdf.unreadable", {"error": str(e)})
                return
            yield from _verify_pdf(tmp_pdf, pdf_name, zip_cert_fp=fp)
        # custody log
        try:
            custody = _read_small(z, "custody.jsonl")
        except (KeyError, *_ZIP_ERRORS) as e:
            yield Check("custody_chain", "custody.jsonl", False, f"missing: {e}", "zip.custody.missing", {"error": str(e)})
            return
        yield from _custody("zip", custody, cert, manifest, "custody.jsonl")


def _batch_matches(where: str, data: bytes, manifest: _Json, name: str) -> Iterator[Check]:
    try:
        doc = _object(json.loads(data))
        want = _id_digests(manifest.get("items"))
        got = _id_digests(doc.get("items") if doc is not None else None)
    except (ValueError, KeyError, TypeError, RecursionError) as e:
        yield Check("timestamp_batch", name, False, f"malformed batch: {e}", f"{where}.batch.malformed", {"error": str(e)})
        return
    ok = got <= want
    yield Check("timestamp_batch", name, ok, f"{len(got)} items, all in the manifest" if ok
                else "the timestamped batch names items the manifest does not hold",
                f"{where}.batch.ok" if ok else f"{where}.batch.unknown_items", {"items": len(got)})



# ------------------------------------------------------------------ JSON read from the bundle


def _object(v: object) -> _Json | None:
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
