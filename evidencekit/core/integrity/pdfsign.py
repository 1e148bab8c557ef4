"""PDF signing and validation (the only module importing pyHanko's signing and PDF layers).

- :func:`sign_pdf` embeds files (streamed from disk at write time, never held in memory) and
  signs the result with a PAdES baseline signature in one incremental update.
- :func:`add_document_timestamp` appends an RFC 3161 document timestamp (PAdES B-LTA style).
- :func:`inspect_pdf` validates every signature and reports integrity, coverage, whether each
  /Contents is exactly what its signer wrote and whether every revision after the first signature
  is a document timestamp and nothing else, as values (no exceptions for a bad file).
- :func:`iter_attachments` yields the embedded files one at a time for digest checks.
"""

from __future__ import annotations

import io
import logging
import os
import re
import shutil
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field, replace
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
    modification: str  # after this signature: "none", "lta_updates" (document timestamps only) or "other"
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
    # One line per revision after the first signature that is not a plain document timestamp.
    revision_errors: tuple[str, ...] = ()


def inspect_pdf(path: Path) -> PdfInspection:
    """Validate every signature in ``path``. Never raises for a malformed file."""
    try:
        size = path.stat().st_size
        with open(path, "rb") as f:
            # pyHanko looks for the end marker one byte at a time from the end: on a large file
            # without one that takes hours. Every bundle ends with it (the signature covers
            # the file to its last byte), and readers only look in the last 1024 bytes.
            f.seek(max(0, size - 1024))
            if b"%%EOF" not in f.read():
                return PdfInspection(False, "not a readable PDF: no %%EOF marker at the end of the file", file_size=size)
            f.seek(0)
            return _inspect(_Guarded(f), size)  # type: ignore[arg-type]
    except (OSError, misc.PdfError, ValueError, KeyError, TypeError, IndexError, AttributeError,
            RecursionError, AssertionError, NotImplementedError) as e:
        return PdfInspection(False, f"not a readable PDF: {type(e).__name__}: {e}")


class _Guarded:
    """The file as pyHanko reads it, with a bound on byte-at-a-time reading.

    pyHanko's tokenizer skips whitespace one byte per call: an xref offset or object reference
    pointing into a few gigabytes of NULs (a sparse file costs nothing) keeps it busy for an
    hour. Our bundles never need more than a few kilobytes read that way in a row (the longest
    run is a signature's hex digits), nor more than a few hundred thousand in all.
    """

    RUN_LIMIT = 256 << 10
    TOTAL_LIMIT = 16 << 20

    def __init__(self, f: IO[bytes]) -> None:
        self._f = f
        self._run = 0
        self._total = 0

    def read(self, n: int = -1) -> bytes:
        if n == 1:
            self._run += 1
            self._total += 1
            if self._run > self.RUN_LIMIT or self._total > self.TOTAL_LIMIT:
                raise misc.PdfReadError("too much of the file is neither PDF syntax nor data (a run of "
                                        "whitespace or garbage): not a bundle EvidenceKit writes")
        else:
            self._run = 0
        return self._f.read(n)

    def readinto(self, buf: Any) -> int | None:
        self._run = 0
        return self._f.readinto(buf)  # type: ignore[attr-defined]

    def seek(self, offset: int, whence: int = os.SEEK_SET) -> int:
        if whence == os.SEEK_SET:
            self._run = 0
        return self._f.seek(offset, whence)

    def tell(self) -> int:
        return self._f.tell()

    def __getattr__(self, name: str) -> Any:
        return getattr(self._f, name)


def _inspect(f: IO[bytes], size: int) -> PdfInspection:
    from pyhanko.sign.validation import validate_pdf_signature, validate_pdf_timestamp
    from pyhanko_certvalidator import ValidationContext

    r = PdfFileReader(f, strict=False)
    keys = tuple(_attachment_keys(r))
    out: list[SignatureInfo] = []
    embs = list(r.embedded_signatures)
    for emb in embs:
        name = emb.field_name or "?"
        kind = "doc_timestamp" if emb.sig_object_type == "/DocTimeStamp" else "signature"
        try:
            # Trust is judged elsewhere (fingerprints on the verification page): anchoring each
            # signer to itself keeps pyHanko to integrity and validity, without path-building noise.
            # pyHanko's diff analysis is skipped: it allows more than a document timestamp after
            # a signature (metadata, unreferenced objects, a DSS) and recurses past Python's limit
            # on large bundles; _check_later_revisions below judges those revisions instead.
            if kind == "doc_timestamp":
                tsa_vc = ValidationContext(trust_roots=[emb.signer_cert], allow_fetching=False)
                tst = validate_pdf_timestamp(emb, validation_context=tsa_vc, skip_diff=True)
                intact, valid, cov = tst.intact, tst.valid, tst.coverage
                ts = tst.timestamp.isoformat() if getattr(tst, "timestamp", None) else ""
            else:
                vc = ValidationContext(trust_roots=[emb.signer_cert], allow_fetching=False)
                sst = validate_pdf_signature(emb, signer_validation_context=vc, skip_diff=True)
                intact, valid, cov = sst.intact, sst.valid, sst.coverage
                ts = sst.signer_reported_dt.isoformat() if sst.signer_reported_dt else ""
            coverage = cov.name.lower() if cov is not None else "unknown"
            cert = emb.signer_cert
            fp = cert.sha256.hex() if cert is not None else ""
            subj = cert.subject.human_friendly if cert is not None else ""
            br = emb.byte_range
            contents_error = _check_contents(f, br, kind)
            out.append(
                SignatureInfo(name, kind, bool(intact), bool(valid) and not contents_error, coverage, "", fp, subj,
                              ts, int(br[2] + br[3]) if br else 0, contents_error)
            )
        except Exception as e:  # noqa: BLE001 - a hostile file may break the validator anywhere
            out.append(SignatureInfo(name, kind, False, False, "unknown", "unknown", "", "", "", 0,
                                     f"{type(e).__name__}: {e}"))
    try:
        rev_errors = tuple(_check_later_revisions(r, f, embs))
    except Exception as e:  # noqa: BLE001 - a hostile revision may break the parser anywhere
        rev_errors = (f"a revision after the signature cannot be read: {type(e).__name__}: {e}",)
    # What changed after each signature: nothing (the last), document timestamps only, or more.
    later = "lta_updates" if not rev_errors else "other"
    out = [replace(sg, modification="none" if i == len(out) - 1 else later) for i, sg in enumerate(out)]
    return PdfInspection(True, "", tuple(out), size, keys, rev_errors)


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


# ------------------------------------------------------------------ revisions after the signature

_PDF_DATE = re.compile(r"D:\d{4}(\d{2}(\d{2}(\d{2}(\d{2}(\d{2})?)?)?)?)?(Z|[+-]\d{2}'?(\d{2}'?)?)?")
_XMP_VOLATILE = re.compile(rb'((?:xmp:ModifyDate|xmp:MetadataDate|pdf:Producer|x:xmptk)=")[^"]*(")')
_PYHANKO_PRODUCER = re.compile(r"(?:; )?pyHanko [0-9][0-9A-Za-z.+-]*$")
_WS = b" \t\r\n\x0c\x00"
_FIELD_KEYS = {"/FT", "/T", "/TU", "/Type", "/Subtype", "/F", "/Rect", "/P", "/V"}
_DOCTS_KEYS = {"/Type", "/Filter", "/SubFilter", "/ByteRange", "/Contents"}


def _check_later_revisions(r: PdfFileReader, f: IO[bytes], embs: list[Any]) -> Iterator[str]:
    """Each revision after the claimant's signature must be one document timestamp and nothing else.

    pyHanko's diff policy lets a timestamp revision also change the document information, the
    XMP metadata, add unreferenced objects or a DSS; a timestamp from any TSA key can be made by
    anyone, so such a revision could carry edits that still "verify". Only what pyHanko's
    ``timestamp_pdf`` writes is accepted: the new signature field and its value, the field added
    to the form and to its page's annotations, the modification date and the XMP dates, every
    byte of the revision accounted for.
    """
    if not embs:
        return
    first = embs[0].signed_revision
    by_rev: dict[int, list[Any]] = {}
    for emb in embs:
        by_rev.setdefault(emb.signed_revision, []).append(emb)

    def range_end(emb: Any) -> int:
        br = emb.byte_range
        return int(br[2] + br[3])

    prev_end = range_end(embs[0])
    for rev in range(first + 1, r.xrefs.total_revisions):
        label = f"revision {rev + 1}"
        here = by_rev.get(rev, [])
        if len(here) != 1 or here[0].sig_object_type != "/DocTimeStamp":
            yield f"{label} was added after the signature and is not a document timestamp"
            return
        emb = here[0]
        why = _tile_revision(r, f, rev, prev_end, range_end(emb)) or _revision_objects(r, rev, emb)
        if why:
            yield f"{label} (document timestamp {emb.field_name}): {why}"
            return
        prev_end = range_end(emb)


def _tile_revision(r: PdfFileReader, f: IO[bytes], rev: int, start: int, end: int) -> str:
    """Every byte in [start, end) is an object of this revision, its xref table or its trailer."""
    from pyhanko.pdf_utils.xref import XRefSectionType

    meta = r.xrefs.get_xref_container_info(rev)
    data = r.xrefs.get_xref_data(rev)
    if meta.xref_section_type != XRefSectionType.STANDARD or data.xrefs_in_objstm or data.hybrid is not None:
        return "not written as a plain incremental update"
    if set(data.freed) - {0}:
        return "objects were deleted"
    if end <= start:
        return "bad byte range"
    f.seek(start)
    buf = f.read(end - start)
    pos = 0

    def skip_ws(p: int) -> int:
        while p < len(buf) and buf[p] in _WS:
            p += 1
        return p

    objs = sorted((off, idnum, gen) for idnum, (gen, off) in data.standard_xrefs.items())
    for off, idnum, gen in objs:
        pos = skip_ws(pos)
        if start + pos != off:
            return "bytes that belong to no object"
        m = re.compile(rb"(\d+)[ \t\r\n\x0c]+(\d+)[ \t\r\n\x0c]+obj").match(buf, pos)
        if not m or (int(m.group(1)), int(m.group(2))) != (idnum, gen):
            return f"object {idnum} is not where the xref table says"
        stream = io.BytesIO(buf)
        stream.seek(skip_ws(m.end()))
        generic.read_object(stream, generic.Reference(idnum, gen, r))
        pos = skip_ws(stream.tell())
        if buf[pos : pos + 6] != b"endobj":
            return f"object {idnum} holds bytes after its value"
        pos += 6
    pos = skip_ws(pos)
    if start + pos != meta.declared_startxref:
        return "bytes between the objects and the xref table"
    m = re.compile(rb"xref(?:\r\n|\r|\n)").match(buf, pos)
    if not m:
        return "no xref table where startxref points"
    pos = m.end()
    entries = re.compile(rb"(\d+) (\d+)(?:\r\n|\r|\n)")
    row = re.compile(rb"\d{10} \d{5} [nf](?:\r\n| \n| \r)")
    while (m := entries.match(buf, pos)) is not None:
        pos = m.end()
        for _ in range(int(m.group(2))):
            if not row.match(buf, pos):
                return "a malformed xref table"
            pos += 20
    m = re.compile(rb"trailer[ \t\r\n\x0c]*").match(buf, pos)
    if not m:
        return "no trailer after the xref table"
    stream = io.BytesIO(buf)
    stream.seek(m.end())
    trailer = generic.read_object(stream, generic.TrailerReference(r))
    m = re.compile(rb"[ \t\r\n\x0c]*startxref[ \t\r\n\x0c]+(\d+)[ \t\r\n\x0c]+%%EOF(?:\r\n|\r|\n)?").match(buf, stream.tell())
    if not m or int(m.group(1)) != meta.declared_startxref or m.end() != len(buf):
        return "bytes after the trailer"
    prev = r.get_historical_resolver(rev - 1).trailer_view
    if not isinstance(trailer, generic.DictionaryObject) or set(trailer) - {"/Root", "/Info", "/ID", "/Size", "/Prev"}:
        return "the trailer was given new entries"
    for key in ("/Root", "/Info"):
        if trailer.raw_get(key) != prev.raw_get(key):
            return f"the trailer's {key} was changed"
    if "/ID" in prev and trailer.raw_get("/ID")[0] != prev.raw_get("/ID")[0]:
        return "the document ID was changed"
    return ""


def _revision_objects(r: PdfFileReader, rev: int, emb: Any) -> str:
    """The objects a document-timestamp revision may write, and how each may differ."""
    old = r.get_historical_resolver(rev - 1)
    new = r.get_historical_resolver(rev)

    def ref_of(obj: Any) -> Any:
        return obj.reference if isinstance(obj, generic.IndirectObject) else None

    sig_ref = emb.sig_object.container_ref
    field_ref = emb.sig_field.container_ref
    root_ref = ref_of(new.trailer_view.raw_get("/Root"))
    info_ref = ref_of(new.trailer_view.raw_get("/Info")) if "/Info" in new.trailer_view else None
    written = {(x.idnum, x.generation) for x in r.xrefs.explicit_refs_in_revision(rev)} - {(0, 65535)}
    checked: set[tuple[int, int]] = set()

    def key(ref: Any) -> tuple[int, int]:
        return (ref.idnum, ref.generation)

    def existed(ref: Any) -> bool:
        return r.xrefs.get_historical_ref(ref, rev - 1) is not None

    # the new field and its signature dictionary
    if existed(sig_ref) or existed(field_ref):
        return "the timestamp reuses an existing object"
    sig = new.get_object(sig_ref)
    if set(sig) - _DOCTS_KEYS or sig.get("/Type") != "/DocTimeStamp" or sig.get("/SubFilter") != "/ETSI.RFC3161":
        return "the timestamp's signature dictionary holds more than a timestamp"
    fld = new.get_object(field_ref)
    if set(fld) - _FIELD_KEYS or fld.get("/FT") != "/Sig" or ref_of(fld.raw_get("/V")) != sig_ref:
        return "the timestamp field holds more than an invisible signature field"
    rect = [float(x) for x in fld.get("/Rect", [0, 0, 0, 0])]
    if len(rect) != 4 or (rect[0] != rect[2] and rect[1] != rect[3]):
        return "the timestamp field is visible on the page"
    checked |= {key(sig_ref), key(field_ref)}

    def same_except(ref: Any, allowed: set[str]) -> tuple[Any, Any, set[str]] | str:
        a, b = old.get_object(ref), new.get_object(ref)
        if not isinstance(a, generic.DictionaryObject) or not isinstance(b, generic.DictionaryObject):
            return "an object changed type"
        changed = {k for k in set(a) | set(b) if k not in a or k not in b or a.raw_get(k) != b.raw_get(k)}
        if changed - allowed:
            return "changed " + ", ".join(sorted(changed - allowed))
        return a, b, changed

    # the catalog: rewritten by pyHanko, its entries unchanged (the form and metadata by reference)
    if root_ref is None:
        return "the catalog is not an indirect object"
    if key(root_ref) in written:
        res = same_except(root_ref, set())
        if isinstance(res, str):
            return f"the catalog {res}"
        checked.add(key(root_ref))
    root = new.root
    # the form: one more field
    af_raw = root.raw_get("/AcroForm") if "/AcroForm" in root else None
    af_ref = ref_of(af_raw)
    if af_ref is None or key(af_ref) not in written:
        return "the timestamp field is not in the form"
    res = same_except(af_ref, {"/Fields", "/SigFlags"})
    if isinstance(res, str):
        return f"the form {res}"
    a, b, _ = res
    if b.get("/SigFlags", 3) != 3 or not _one_more(a, b, "/Fields", field_ref, written, checked):
        return "the form's field list changed beyond the timestamp field"
    checked.add(key(af_ref))
    # the page: one more annotation
    page_ref = ref_of(fld.raw_get("/P")) if "/P" in fld else None
    if page_ref is not None and key(page_ref) in written:
        res = same_except(page_ref, {"/Annots"})
        if isinstance(res, str):
            return f"the page {res}"
        a, b, _ = res
        if not _one_more(a, b, "/Annots", field_ref, written, checked):
            return "the page's annotations changed beyond the timestamp field"
        checked.add(key(page_ref))
    # the document information: the modification date (and pyHanko's producer suffix)
    if info_ref is not None and key(info_ref) in written:
        res = same_except(info_ref, {"/ModDate", "/Producer"})
        if isinstance(res, str):
            return f"the document information {res}"
        a, b, changed = res
        if "/ModDate" in changed and not _PDF_DATE.fullmatch(str(b.get("/ModDate", ""))):
            return "the modification date is not a date"
        if "/Producer" in changed and _PYHANKO_PRODUCER.sub("", str(a.get("/Producer") or "")) != \
                _PYHANKO_PRODUCER.sub("", str(b.get("/Producer") or "")):
            return "the document information changed /Producer"
        checked.add(key(info_ref))
    # the XMP metadata: only its dates and producer
    md_ref = ref_of(root.raw_get("/Metadata")) if "/Metadata" in root else None
    if md_ref is not None and key(md_ref) in written:
        old_root = old.root
        if "/Metadata" not in old_root or ref_of(old_root.raw_get("/Metadata")) != md_ref:
            return "the XMP metadata was replaced"
        a_md, b_md = old.get_object(md_ref), new.get_object(md_ref)
        if not isinstance(a_md, generic.StreamObject) or not isinstance(b_md, generic.StreamObject):
            return "the XMP metadata is not a stream"
        if set(a_md) - {"/Length"} != set(b_md) - {"/Length"} or any(
                a_md.raw_get(k) != b_md.raw_get(k) for k in set(a_md) - {"/Length"}):
            return "the XMP metadata dictionary changed"
        if _XMP_VOLATILE.sub(rb"\1\2", a_md.data) != _XMP_VOLATILE.sub(rb"\1\2", b_md.data):
            return "the XMP metadata changed beyond its dates"
        checked.add(key(md_ref))
    extra = written - checked
    if extra:
        return "it also writes object(s) " + ", ".join(f"{i} {g}" for i, g in sorted(extra)[:8])
    return ""


def _one_more(a: Any, b: Any, name: str, item: Any, written: set[tuple[int, int]], checked: set[tuple[int, int]]) -> bool:
    """``b[name]`` is ``a[name]`` with ``item`` appended (the array itself may be indirect and rewritten)."""

    def entries(d: Any) -> tuple[list[Any], Any]:
        if name not in d:
            return [], None
        raw = d.raw_get(name)
        ref = raw.reference if isinstance(raw, generic.IndirectObject) else None
        arr = raw.get_object()
        if not isinstance(arr, generic.ArrayObject):
            raise TypeError(f"{name} is not an array")
        return [x.reference if isinstance(x, generic.IndirectObject) else x for x in arr], ref

    old_l, old_ref = entries(a)
    new_l, new_ref = entries(b)
    if old_ref is not None and old_ref != new_ref:
        return False
    if new_ref is not None and (new_ref.idnum, new_ref.generation) in written:
        checked.add((new_ref.idnum, new_ref.generation))
    return bool(new_l == old_l + [item])


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
        r = PdfFileReader(_Guarded(f), strict=False)  # type: ignore[arg-type]
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
