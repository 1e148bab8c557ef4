"""A PDF bundle, checked offline: its signatures, what they cover, the revisions after them, then
the files it embeds against its embedded manifest.

Every signature must be intact and valid with its /Contents exactly as written, and the last one
must cover the whole file: only a revision holding a document timestamp and nothing else may
follow the claimant's signature (:mod:`evidencekit.core.integrity.pdf` finds all this).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from cryptography.hazmat.primitives import hashes

from evidencekit.core.export.format import CERT, CUSTODY, MANIFEST, TIMESTAMPS, Manifest, ManifestError
from evidencekit.core.export.verify_content import (
    Digests,
    check_custody,
    check_merkle,
    check_tokens,
    compare,
    load_cert,
    manifest_finding,
)
from evidencekit.core.models import Check

if TYPE_CHECKING:
    from evidencekit.core.integrity.pdf import SignatureInfo


def verify_pdf(path: Path, label: str, *, zip_cert_fp: str | None = None,
               on_manifest: Callable[[Manifest], None] | None = None) -> Iterator[Check]:
    """The checks of the PDF bundle at ``path``.

    Args:
        path: the PDF (a regular file).
        label: how the checks name the file (its name, or its name inside the ZIP).
        zip_cert_fp: the ZIP's certificate fingerprint when the PDF came out of a ZIP bundle: the
            PDF's signer must be the same.
        on_manifest: given the embedded manifest once it is read.

    Returns:
        The checks, in the order they are made: signatures, coverage, revisions, then the
        embedded manifest, certificate, originals, tokens and custody log.
    """
    # imported here: pyHanko is loaded only when a PDF is checked
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
    yield from _embedded(path, label, main.signer_fingerprint, zip_cert_fp, on_manifest)


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


def _embedded(path: Path, label: str, signer_fp: str, zip_cert_fp: str | None,
              on_manifest: Callable[[Manifest], None] | None) -> Iterator[Check]:
    """The files the PDF embeds: the manifest, the certificate (the signer's), each original
    against the manifest, the batch tokens, nothing unlisted, and the custody log."""
    from evidencekit.core.integrity.pdf import iter_attachments

    manifest_bytes: bytes | None = None
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
            d = Digests()
            d.update(data)
            digests[key] = d.result()
            if key == MANIFEST:
                manifest_bytes = data
            elif key == CERT:
                cert_pem = data
            elif key == CUSTODY:
                custody = data
            elif key.startswith(TIMESTAMPS) and len(data) <= 4 << 20:
                small[key] = data
            del data
    except Exception as e:  # noqa: BLE001 - hostile name tree
        error = f"{type(e).__name__}: {e}"
        yield Check("pdf_attachments", label, False, f"cannot read the attachments: {error}",
                    "pdf.attachments.unreadable", {"error": error})
        return
    subject = f"{label} {MANIFEST}"
    if manifest_bytes is None or MANIFEST in errors:
        code = "pdf.manifest.unreadable" if MANIFEST in errors else "pdf.manifest.missing"
        yield Check("manifest", subject, False, errors.get(MANIFEST, "no manifest embedded"), code,
                    {"error": errors.get(MANIFEST, "")})
        return
    try:
        manifest = Manifest.from_json(manifest_bytes)
    except ManifestError as e:
        yield manifest_finding("pdf", e, subject)
        return
    if on_manifest is not None:
        on_manifest(manifest)
    yield Check("manifest", subject, True, f"{len(manifest.items)} items", "pdf.manifest.ok",
                {"items": len(manifest.items)})
    # certificate
    cert = load_cert(cert_pem)
    if cert is None:
        error = errors.get(CERT, "")
        yield Check("certificate", f"{label} {CERT}", False,
                    "no readable certificate embedded" + (f" ({error})" if error else ""),
                    "pdf.certificate.unreadable" if CERT in digests or error else "pdf.certificate.missing",
                    {"error": error})
    else:
        fp = cert.fingerprint(hashes.SHA256()).hex()
        ok = fp == signer_fp == manifest.certificate_sha256 and (zip_cert_fp in (None, fp))
        yield Check("certificate", f"{label} {CERT}", ok,
                    f"SHA-256 {fp}" if ok else "the signer, the embedded certificate and the manifest disagree",
                    "pdf.certificate.ok" if ok else "pdf.certificate.mismatch", {"sha256": fp})
    # originals
    seen = {MANIFEST, CERT, CUSTODY}
    yield from check_merkle("pdf", manifest, label)
    for rec in manifest.items:
        subject = f"exhibit {rec.exhibit}"
        key = rec.pdf_attachment or ""
        if not key:
            yield Check("original", subject, True, "not embedded in this PDF; its digests are in the signed manifest",
                        "pdf.original.not_embedded", {"exhibit": rec.exhibit})
            continue
        seen.add(key)
        subject += f" ({key})"
        args = {"exhibit": rec.exhibit, "name": key}
        if key in errors:
            yield Check("original", subject, False, errors[key], "pdf.original.unreadable",
                        {**args, "error": errors[key]})
        elif key not in digests:
            yield Check("original", subject, False, "the embedded original is missing", "pdf.original.missing", args)
        else:
            yield compare("pdf", "original", subject, digests[key], rec, args)
    yield from check_tokens("pdf", manifest, small.get, seen)
    for key in sorted(set(digests) | set(errors)):
        if key not in seen:
            yield Check("pdf_attachments", f"{label} {key}", False, "an attachment not listed in the manifest",
                        "pdf.attachment.unlisted", {"name": key})
    # custody
    if custody is None:
        error = errors.get(CUSTODY, "")
        yield Check("custody_chain", f"{label} {CUSTODY}", False,
                    "no custody log embedded" + (f" ({error})" if error else ""),
                    "pdf.custody.unreadable" if error else "pdf.custody.missing", {"error": error})
    else:
        yield from check_custody("pdf", custody, cert, manifest, f"{label} {CUSTODY}")
