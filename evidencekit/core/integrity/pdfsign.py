"""PDF signing and validation (the only module importing pyHanko's signing and PDF layers).

- :func:`sign_pdf` embeds files (streamed from disk at write time, never held in memory) and
  signs the result with a PAdES baseline signature in one incremental update.
- :func:`add_document_timestamp` appends an RFC 3161 document timestamp (PAdES B-LTA style).
- :func:`inspect_pdf` validates every signature and reports integrity, coverage and what was
  appended after the last signature, as values (no exceptions for a bad file).
- :func:`iter_attachments` yields the embedded files one at a time for digest checks.
"""

from __future__ import annotations

import logging
import os
import re
import shutil
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from pyhanko.keys.internal import translate_pyca_cryptography_cert_to_asn1, translate_pyca_cryptography_key_to_asn1
from pyhanko.pdf_utils import embed, generic, misc
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign import fields, signers
from pyhanko_certvalidator.registry import SimpleCertificateStore

from evidencekit.core.integrity.identity import SigningIdentity
from evidencekit.errors import SigningError, TimestampError

log = logging.getLogger(__name__)

FIELD_NAME = "EvidenceKitSignature"
_COPY_CHUNK = 1 << 20


@dataclass(frozen=True)
class Attachment:
    """A file to embed: ``key`` is the ASCII name in the PDF's EmbeddedFiles tree."""

    key: str
    path: Path
    display_name: str
    mime: str = "application/octet-stream"
    description: str = ""


class _FileBackedStream(embed.EmbeddedFileObject):
    """An embedded-file stream whose bytes are copied from disk when the PDF is written.

    pyHanko's own EmbeddedFileObject keeps the data in memory until the write; with a thousand
    screenshots that is hundreds of megabytes. Stored unfiltered: screenshots and recordings are
    already compressed.
    """

    def __init__(self, writer: Any, path: Path, size: int, mime: str) -> None:
        super().__init__(writer, stream_data=b"", params=None, mime_type=None)
        self._path = path
        self._size = size
        if mime:
            self["/Subtype"] = generic.NameObject("/" + mime.replace("/", "#2F"))
        self["/Params"] = generic.DictionaryObject(  # type: ignore[no-untyped-call]
            {generic.NameObject("/Size"): generic.NumberObject(size)}  # type: ignore[no-untyped-call]
        )

    def write_to_stream(self, stream: Any, handler: Any = None, container_ref: Any = None) -> None:
        self[generic.NameObject("/Length")] = generic.NumberObject(self._size)  # type: ignore[no-untyped-call]
        generic.DictionaryObject.write_to_stream(self, stream, handler, container_ref)
        del self["/Length"]
        stream.write(b"\nstream\n")
        copied = 0
        with open(self._path, "rb") as f:
            while chunk := f.read(_COPY_CHUNK):
                stream.write(chunk)
                copied += len(chunk)
        if copied != self._size:
            raise SigningError(f"{self._path.name} changed size while the bundle was written")
        stream.write(b"\nendstream")


def _signer(identity: SigningIdentity) -> signers.SimpleSigner:
    cert = translate_pyca_cryptography_cert_to_asn1(identity.certificate)
    key = translate_pyca_cryptography_key_to_asn1(identity.private_key)
    chain = [translate_pyca_cryptography_cert_to_asn1(c) for c in identity.chain]
    return signers.SimpleSigner(
        signing_cert=cert,
        signing_key=key,
        cert_registry=SimpleCertificateStore.from_certs([cert, *chain]),  # type: ignore[no-untyped-call]
    )


def sign_pdf(
    src: Path,
    out: Path,
    identity: SigningIdentity,
    *,
    attachments: Sequence[Attachment] = (),
    reason: str = "",
    location: str = "",
    name: str = "",
) -> None:
    """Embed ``attachments`` into ``src`` and sign it (PAdES baseline B-B) into ``out``.

    Raises:
        SigningError: pyHanko could not sign (unreadable input, bad key...).
    """
    try:
        with open(src, "rb") as f_in:
            w = IncrementalPdfFileWriter(f_in, strict=False)
            # Name trees must be sorted by key; the keys are ASCII and zero-padded.
            for a in sorted(attachments, key=lambda a: a.key):
                size = a.path.stat().st_size
                ef = _FileBackedStream(w, a.path, size, a.mime)
                embed.embed_file(
                    w,
                    embed.FileSpec(
                        file_spec_string=a.key,
                        file_name=a.display_name,
                        embedded_data=ef,
                        description=a.description or None,
                    ),
                )
            meta = signers.PdfSignatureMetadata(
                field_name=FIELD_NAME,
                md_algorithm="sha256",
                subfilter=fields.SigSeedSubFilter.PADES,
                reason=reason or None,
                location=location or None,
                name=name or None,
            )
            tmp = out.with_name(out.name + ".part")
            with open(tmp, "w+b") as f_out:
                signers.PdfSigner(meta, _signer(identity)).sign_pdf(w, output=f_out)
                f_out.flush()
                os.fsync(f_out.fileno())
        os.replace(tmp, out)
    except SigningError:
        raise
    except (OSError, ValueError, misc.PdfError) as e:
        raise SigningError(f"could not sign the PDF: {e}") from e


def add_document_timestamp(path: Path, tsa_url: str, *, timeout: float = 10.0) -> str:
    """Append an RFC 3161 document timestamp from ``tsa_url`` to the signed PDF at ``path``.

    The file is replaced only when the timestamp succeeded.

    Returns:
        The timestamp's time (ISO 8601).

    Raises:
        TimestampError: the TSA failed or answered badly; ``path`` is unchanged.
    """
    from pyhanko.sign.timestamps.aiohttp_client import HTTPTimeStamper

    stamper = HTTPTimeStamper(tsa_url, timeout=timeout)
    tmp = path.with_name(path.name + ".ts.part")
    try:
        with open(path, "rb") as f_in, open(tmp, "w+b") as f_out:
            w = IncrementalPdfFileWriter(f_in, strict=False)
            signers.PdfTimeStamper(stamper).timestamp_pdf(
                w,
                "sha256",
                validation_context=None,
                output=f_out,
            )
            f_out.flush()
            os.fsync(f_out.fileno())
        os.replace(tmp, path)
    except Exception as e:  # noqa: BLE001 - aiohttp, pyHanko and OS errors all mean "not timestamped"
        tmp.unlink(missing_ok=True)
        raise TimestampError(f"document timestamp from {tsa_url} failed: {e}") from e
    info = inspect_pdf(path)
    return info.signatures[-1].timestamp if info.signatures else ""


# ------------------------------------------------------------------ validation


@dataclass(frozen=True)
class SignatureInfo:
    """One signature (or document timestamp) as found in the file."""

    field: str
    kind: str  # "signature" or "doc_timestamp"
    intact: bool  # the digest matches the signed bytes
    valid: bool  # the cryptographic signature checks out
    coverage: str  # "entire_file", "entire_revision", "contiguous_block_from_start", "unknown"
    modification: str  # what changed after this signature, per pyHanko's diff policy
    signer_fingerprint: str  # SHA-256 of the signer's certificate
    signer_subject: str
    timestamp: str = ""  # signing time claimed, or the TST time for a document timestamp
    signed_range_end: int = 0
    error: str = ""


@dataclass(frozen=True)
class PdfInspection:
    ok_structure: bool
    error: str = ""
    signatures: tuple[SignatureInfo, ...] = ()
    file_size: int = 0
    attachment_keys: tuple[str, ...] = field(default=())


def inspect_pdf(path: Path) -> PdfInspection:
    """Validate every signature in ``path``. Never raises for a malformed file."""
    try:
        size = path.stat().st_size
        with open(path, "rb") as f:
            return _inspect(f, size)
    except (OSError, misc.PdfError, ValueError, KeyError, TypeError, IndexError, AttributeError,
            RecursionError, AssertionError, NotImplementedError) as e:
        return PdfInspection(False, f"not a readable PDF: {type(e).__name__}: {e}")


def _inspect(f: IO[bytes], size: int) -> PdfInspection:
    from pyhanko.sign.validation import validate_pdf_signature, validate_pdf_timestamp
    from pyhanko_certvalidator import ValidationContext

    r = PdfFileReader(f, strict=False)
    keys = tuple(_attachment_keys(r))
    out: list[SignatureInfo] = []
    for emb in r.embedded_signatures:
        name = emb.field_name or "?"
        kind = "doc_timestamp" if emb.sig_object_type == "/DocTimeStamp" else "signature"
        try:
            # Trust is judged elsewhere (fingerprints on the verification page): anchoring each
            # signer to itself keeps pyHanko to integrity and validity, without path-building noise.
            if kind == "doc_timestamp":
                tsa_vc = ValidationContext(trust_roots=[emb.signer_cert], allow_fetching=False)
                tst = validate_pdf_timestamp(emb, validation_context=tsa_vc)
                intact, valid, cov, modl = tst.intact, tst.valid, tst.coverage, tst.modification_level
                ts = tst.timestamp.isoformat() if getattr(tst, "timestamp", None) else ""
            else:
                vc = ValidationContext(trust_roots=[emb.signer_cert], allow_fetching=False)
                sst = validate_pdf_signature(emb, signer_validation_context=vc)
                intact, valid, cov, modl = sst.intact, sst.valid, sst.coverage, sst.modification_level
                ts = sst.signer_reported_dt.isoformat() if sst.signer_reported_dt else ""
            coverage = cov.name.lower() if cov is not None else "unknown"
            mod = modl.name.lower() if modl is not None else "unknown"
            cert = emb.signer_cert
            fp = cert.sha256.hex() if cert is not None else ""
            subj = cert.subject.human_friendly if cert is not None else ""
            br = emb.byte_range
            contents_error = _check_contents(f, br, kind)
            out.append(
                SignatureInfo(name, kind, bool(intact), bool(valid) and not contents_error, coverage, mod, fp, subj,
                              ts, int(br[2] + br[3]) if br else 0, contents_error)
            )
        except Exception as e:  # noqa: BLE001 - a hostile file may break the validator anywhere
            out.append(SignatureInfo(name, kind, False, False, "unknown", "unknown", "", "", "", 0,
                                     f"{type(e).__name__}: {e}"))
    return PdfInspection(True, "", tuple(out), size, keys)


# ------------------------------------------------------------------ the signature /Contents

_UPPER_HEX = re.compile(rb"(?:[0-9A-F]{2})*")


def _check_contents(f: IO[bytes], br: Any, kind: str) -> str:
    """The unsigned gap holds ``<HEX>``: a canonical CMS structure, then zero padding, nothing else.

    No signature can cover its own /Contents, and neither a PDF reader nor pyHanko looks at
    everything in there: hex digits are case-insensitive, whitespace inside a hex string is
    skipped, a DER parser stops at the end of the structure, and the CMS itself has parts no
    signature covers (the certificate set, algorithm parameters, versions). Each of those would
    let bytes change unnoticed, so the gap must be exactly what pyHanko writes.
    """
    start, end = int(br[0] + br[1]), int(br[2])
    if end - start > 4 << 20:
        return "signature contents too large"
    f.seek(start)
    raw = f.read(end - start)
    if not (raw.startswith(b"<") and raw.endswith(b">")):
        return "the signature contents are not a hex string"
    hexpart = raw[1:-1]
    if not _UPPER_HEX.fullmatch(hexpart):
        # pyHanko writes upper-case digits and no whitespace; any other spelling decodes to the
        # same bytes, so it can only come from an edit.
        return "the signature contents were edited (not an even run of upper-case hex digits)"
    der = bytes.fromhex(hexpart.decode("ascii"))
    try:
        length = _der_walk(der, 0, 0)
    except ValueError as e:
        return f"the signature contents are not canonical DER ({e})"
    if any(der[length:]):
        return "bytes changed in the signature's padding"
    return _check_cms(der[:length], kind)


def _der_walk(der: bytes, pos: int, depth: int) -> int:
    """Check one TLV at ``pos`` (and everything inside a constructed one) is DER; return its end.

    Definite lengths in their shortest form, minimal INTEGERs, DER BOOLEAN and NULL: the forms
    a DER encoder produces. A BER variant of the same value would be a change no parser reports.
    """
    if depth > 64:
        raise ValueError("nested too deeply")
    if pos + 2 > len(der):
        raise ValueError("truncated")
    tag = der[pos]
    if tag == 0:
        raise ValueError("end-of-contents octets in a definite-length encoding")
    if tag & 0x1F == 0x1F:
        raise ValueError("high tag numbers are not used")
    first = der[pos + 1]
    hdr = pos + 2
    if first < 0x80:
        length = first
    else:
        nb = first & 0x7F
        if nb == 0:
            raise ValueError("indefinite length")
        if nb > 4 or hdr + nb > len(der):
            raise ValueError("bad length")
        length = int.from_bytes(der[hdr : hdr + nb], "big")
        if length < 0x80 or der[hdr] == 0:
            raise ValueError("length not in its shortest form")
        hdr += nb
    end = hdr + length
    if end > len(der):
        raise ValueError("length past the end")
    body = der[hdr:end]
    if tag & 0x20:
        p = hdr
        while p < end:
            p = _der_walk(der, p, depth + 1)
        if p != end:
            raise ValueError("inner lengths disagree")
    elif tag == 0x02 and (not body or (len(body) > 1 and body[0] in (0, 0xFF) and (body[0] >> 7) == (body[1] >> 7))):
        raise ValueError("INTEGER not minimal")
    elif tag == 0x01 and body not in (b"\x00", b"\xff"):
        raise ValueError("BOOLEAN not DER")
    elif tag == 0x05 and body:
        raise ValueError("NULL with contents")
    return end


def _check_cms(der: bytes, kind: str) -> str:
    """The parts of the CMS SignedData no signature covers, pinned to what a signer writes.

    Args:
        der: the CMS ContentInfo, exactly (padding removed).
        kind: "signature" (the claimant's, written by pyHanko) or "doc_timestamp" (a TSA's token).

    Returns:
        "" when canonical, else what is wrong.
    """
    from asn1crypto import cms, core

    try:
        ci = cms.ContentInfo.load(der, strict=True)
        if ci["content_type"].native != "signed_data":
            return "the signature is not CMS SignedData"
        sd = ci["content"]
        infos = list(sd["signer_infos"])
        if len(infos) != 1:
            return "the signature must have exactly one signer"
        si = infos[0]
        if not isinstance(sd["crls"], core.Void):
            return "the signature carries revocation lists it was not made with"
        if not isinstance(si["unsigned_attrs"], core.Void):
            return "unsigned attributes were added to the signature"
        digests = list(sd["digest_algorithms"])
        if len(digests) != 1 or digests[0].dump() != si["digest_algorithm"].dump():
            return "the signature's digest algorithm list was edited"
        if not isinstance(si["digest_algorithm"]["parameters"], core.Null):
            return "the digest algorithm parameters were edited"
        sid = si["sid"]
        want_si_version = "v1" if sid.name == "issuer_and_serial_number" else "v3"
        if si["version"].native != want_si_version:
            return "the signer info version was edited"
        econtent = sd["encap_content_info"]
        if kind == "signature":
            if econtent["content_type"].native != "data" or not isinstance(econtent["content"], core.Void):
                return "the signature's content type was edited"
        elif econtent["content_type"].native != "tst_info" or isinstance(econtent["content"], core.Void):
            return "the timestamp token's content type was edited"
        want_version = "v3" if want_si_version == "v3" or econtent["content_type"].native != "data" else "v1"
        if sd["version"].native != want_version:
            return "the SignedData version was edited"
        sig_alg = si["signature_algorithm"]
        params = sig_alg["parameters"]
        algo = sig_alg["algorithm"].native
        if "ecdsa" in algo and not isinstance(params, core.Void):
            return "the signature algorithm parameters were edited"
        if algo in ("rsassa_pkcs1v15", "sha1_rsa", "sha224_rsa", "sha256_rsa", "sha384_rsa", "sha512_rsa") and \
                not isinstance(params, core.Null):
            return "the signature algorithm parameters were edited"
        return _check_cms_certificates(sd, sid, kind)
    except (ValueError, TypeError, KeyError) as e:
        return f"the signature's CMS structure is malformed: {e}"


def _check_cms_certificates(sd: Any, sid: Any, kind: str) -> str:
    """Every certificate in the set is the signer's (a byte-identical copy) or one of its issuers.

    pyHanko picks the last certificate matching the signer identifier and ignores the others, so
    an edited extra copy would otherwise pass unnoticed.
    """
    from cryptography.exceptions import InvalidSignature
    from cryptography.x509 import load_der_x509_certificate

    certs: list[bytes] = []
    for choice in sd["certificates"] or ():
        if choice.name != "certificate":
            return "the signature carries something other than certificates"
        certs.append(choice.chosen.dump())
    matches = []
    for c in set(certs):
        cert = load_der_x509_certificate(c)
        tbs = _asn1_cert(c)["tbs_certificate"]
        if sid.name == "issuer_and_serial_number":
            ias = sid.chosen
            if ias["issuer"].dump() == tbs["issuer"].dump() and ias["serial_number"].native == tbs["serial_number"].native:
                matches.append((c, cert))
        else:
            from cryptography.x509 import ExtensionNotFound, SubjectKeyIdentifier

            try:
                ski = cert.extensions.get_extension_for_class(SubjectKeyIdentifier).value.digest
            except ExtensionNotFound:
                ski = None
            if ski is not None and ski == sid.chosen.native:
                matches.append((c, cert))
    if len(matches) != 1:
        return "the signer's certificate is missing or appears in two different versions"
    signer_der, child = matches[0]
    chain = {signer_der}
    others = {c: load_der_x509_certificate(c) for c in set(certs) if c != signer_der}
    while others:
        parents = []
        for c, cand in others.items():
            # An issuer with the child's own key can only be an edited copy of the child.
            if cand.public_key() == child.public_key():
                continue
            try:
                child.verify_directly_issued_by(cand)
            except (ValueError, TypeError, InvalidSignature):
                continue
            parents.append(c)
        if len(parents) != 1:
            break
        chain.add(parents[0])
        child = others.pop(parents[0])
        # A self-issued issuer is the top of the chain: its own signature must hold as well.
        if child.issuer == child.subject:
            try:
                child.verify_directly_issued_by(child)
            except (ValueError, TypeError, InvalidSignature):
                return "a certificate in the signature was edited"
            break
    if set(certs) - chain:
        return "the signature carries a certificate that is not the signer's or its issuer's (edited?)"
    # pyHanko lists the signer's certificate twice (as signer and from the registry); a TSA lists
    # each certificate once. Any further copy was added afterwards.
    if certs.count(signer_der) > (2 if kind == "signature" else 1) or any(certs.count(c) > 1 for c in chain - {signer_der}):
        return "a certificate in the signature was copied in"
    return ""


def _asn1_cert(der: bytes) -> Any:
    from asn1crypto import x509 as asn1_x509

    return asn1_x509.Certificate.load(der)


def _attachment_keys(r: PdfFileReader) -> Iterator[str]:
    for key, _spec in _iter_specs(r):
        yield key


def _iter_specs(r: PdfFileReader) -> Iterator[tuple[str, Any]]:
    root = r.root
    if "/Names" not in root:
        return
    names = root["/Names"]
    if "/EmbeddedFiles" not in names:
        return
    tree = names["/EmbeddedFiles"]
    # Our writer makes a flat tree; a nested one is walked with a depth bound.
    stack = [(tree, 0)]
    while stack:
        node, depth = stack.pop()
        if depth > 16:
            raise ValueError("embedded-file name tree nested too deeply")
        if "/Names" in node:
            arr = node["/Names"]
            for i in range(0, len(arr) - 1, 2):
                yield str(arr[i]), arr[i + 1].get_object()
        if "/Kids" in node:
            for kid in node["/Kids"]:
                stack.append((kid.get_object(), depth + 1))


def iter_attachments(path: Path) -> Iterator[tuple[str, bytes | None, str]]:
    """Yield (key, data, error) for every embedded file, one at a time.

    ``data`` is None and ``error`` says why when a file's stream is unreadable. The reader is
    opened on a bounded file; a malformed tree raises :class:`ValueError`.
    """
    with open(path, "rb") as f:
        r = PdfFileReader(f, strict=False)
        for key, spec in _iter_specs(r):
            try:
                ef = spec["/EF"]
                stream = (ef.get("/UF") or ef["/F"]).get_object()
                yield key, stream.data, ""
            except Exception as e:  # noqa: BLE001 - hostile stream: report, go on
                yield key, None, f"{type(e).__name__}: {e}"


def copy_file(src: Path, dst: Path) -> None:
    """Copy bytes (used when the unsigned PDF must be kept)."""
    shutil.copyfile(src, dst)
