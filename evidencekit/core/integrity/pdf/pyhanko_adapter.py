"""The one module that imports pyHanko (tests/core/export/test_boundaries.py and an import-linter
contract in pyproject.toml keep it so).

Two kinds of thing come from here:

- pyHanko's PDF object model, re-exported as it is: the parser (:class:`PdfFileReader`), the
  incremental writer, the object types (``generic``), its errors and :class:`XRefSectionType`.
  Code that reads or writes PDF objects (the revision analysis, the bundle assembler) works with
  them directly: a wrapper per object type would only rename them.
- pyHanko's signing, document timestamping, signature validation and RFC 3161 client, behind
  functions and a class that take and return our own types (:class:`SigningIdentity`,
  :class:`Coverage`, :class:`SignatureKind`), so no other module sees a pyHanko signer, stamper,
  validation context or status object.

Signing, validation and the HTTP client are imported on first use: reading or assembling a PDF
needs only the parser, and those parts double the import time.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO

from pyhanko.pdf_utils import embed, generic
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.misc import PdfError, PdfReadError
from pyhanko.pdf_utils.reader import HistoricalResolver, PdfFileReader
from pyhanko.pdf_utils.xref import XRefSectionType

from evidencekit.core.integrity.identity import SigningIdentity
from evidencekit.core.integrity.pdf.status import Coverage, SignatureKind
from evidencekit.errors import SigningError

if TYPE_CHECKING:
    from asn1crypto import cms
    from asn1crypto import x509 as asn1_x509
    from pyhanko.pdf_utils.crypt.api import SecurityHandler
    from pyhanko.sign.signers import SimpleSigner
    from pyhanko.sign.validation.pdf_embedded import EmbeddedPdfSignature
    from pyhanko.sign.validation.status import SignatureCoverageLevel

__all__ = [
    "EmbeddedSignature",
    "HistoricalResolver",
    "IncrementalPdfFileWriter",
    "PdfError",
    "PdfFileReader",
    "PdfReadError",
    "Validation",
    "XRefSectionType",
    "cms_signature_holds",
    "embed_file_from_disk",
    "embedded_signatures",
    "generic",
    "read_trailer",
    "request_timestamp_token",
    "sign_into",
    "timestamp_into",
]

_COPY_CHUNK = 1 << 20


# ------------------------------------------------------------------ reading


@dataclass(frozen=True)
class Validation:
    """pyHanko's verdict on one signature: ``intact`` (the digest matches the signed bytes),
    ``valid`` (the signature over it checks out), its coverage and the time it claims."""

    intact: bool
    valid: bool
    coverage: Coverage
    time: str  # ISO 8601: the signer's claimed time, or the token's time for a document timestamp


class EmbeddedSignature:
    """One signature field of a PDF as pyHanko finds it.

    Each accessor reads the file when called and may raise on a hostile one (any exception type:
    pyHanko does not narrow them); the caller turns that into a finding.
    """

    def __init__(self, emb: EmbeddedPdfSignature) -> None:
        self._emb = emb

    @property
    def field(self) -> str:
        """The field's name ("?" when it has none)."""
        return str(self._emb.field_name or "?")

    @property
    def kind(self) -> SignatureKind:
        if self._emb.sig_object_type == "/DocTimeStamp":
            return SignatureKind.DOC_TIMESTAMP
        return SignatureKind.SIGNATURE

    @property
    def byte_range(self) -> tuple[int, int, int, int]:
        """The four numbers of /ByteRange: two (offset, length) pairs around the /Contents."""
        br = [int(x) for x in self._emb.byte_range]
        if len(br) != 4:
            raise ValueError("the signature's /ByteRange does not hold four numbers")
        return br[0], br[1], br[2], br[3]

    @property
    def revision(self) -> int:
        """The revision (0-based) whose bytes the signature covers."""
        return int(self._emb.signed_revision)

    @property
    def dictionary_ref(self) -> generic.Reference:
        """The signature dictionary's object reference."""
        return _indirect(self._emb.sig_object, "signature dictionary")

    @property
    def field_ref(self) -> generic.Reference:
        """The signature field's object reference."""
        return _indirect(self._emb.sig_field, "signature field")

    @property
    def signer_fingerprint(self) -> str:
        """SHA-256 of the signer's certificate (hex), "" when the signature names none."""
        cert = self._emb.signer_cert
        return bytes(cert.sha256).hex() if cert is not None else ""

    @property
    def signer_subject(self) -> str:
        cert = self._emb.signer_cert
        return str(cert.subject.human_friendly) if cert is not None else ""

    def validate(self) -> Validation:
        """Integrity and validity of the signature, with its signer as its own trust root.

        Trust is judged elsewhere (fingerprints on the verification page): anchoring each signer
        to itself keeps pyHanko to integrity and validity, without path-building noise.
        pyHanko's diff analysis is skipped: it allows more than a document timestamp after a
        signature (metadata, unreferenced objects, a DSS) and recurses past Python's limit on
        large bundles; :mod:`evidencekit.core.integrity.pdf.revisions` judges those revisions.
        """
        from pyhanko.sign.validation import validate_pdf_signature, validate_pdf_timestamp
        from pyhanko_certvalidator import ValidationContext

        vc = ValidationContext(trust_roots=[self._emb.signer_cert], allow_fetching=False)
        if self.kind is SignatureKind.DOC_TIMESTAMP:
            tst = validate_pdf_timestamp(self._emb, validation_context=vc, skip_diff=True)
            return Validation(bool(tst.intact), bool(tst.valid), _coverage(tst.coverage),
                              tst.timestamp.isoformat() if tst.timestamp else "")
        sst = validate_pdf_signature(self._emb, signer_validation_context=vc, skip_diff=True)
        return Validation(bool(sst.intact), bool(sst.valid), _coverage(sst.coverage),
                          sst.signer_reported_dt.isoformat() if sst.signer_reported_dt else "")


def embedded_signatures(reader: PdfFileReader) -> list[EmbeddedSignature]:
    """The signature fields of ``reader``'s document, in signing order.

    Raises:
        Whatever pyHanko raises on a file whose signature dictionaries do not parse.
    """
    return [EmbeddedSignature(e) for e in reader.embedded_signatures]


def _indirect(obj: generic.PdfObject, what: str) -> generic.Reference:
    ref = obj.container_ref
    if not isinstance(ref, generic.Reference):
        raise ValueError(f"the {what} is not an indirect object")
    return ref


def _coverage(level: SignatureCoverageLevel | None) -> Coverage:
    from pyhanko.sign.validation.status import SignatureCoverageLevel

    if level is SignatureCoverageLevel.ENTIRE_FILE:
        return Coverage.ENTIRE_FILE
    if level is SignatureCoverageLevel.ENTIRE_REVISION:
        return Coverage.ENTIRE_REVISION
    if level is None:
        return Coverage.UNKNOWN
    return Coverage.PARTIAL  # a block from the start of the file, or an unclear byte range


def read_trailer(stream: BinaryIO, reader: PdfFileReader) -> generic.PdfObject:
    """Parse the trailer dictionary that starts at ``stream``'s position."""
    return generic.read_object(stream, generic.TrailerReference(reader))


# ------------------------------------------------------------------ writing


class _FileBackedStream(embed.EmbeddedFileObject):
    """An embedded-file stream whose bytes are copied from disk when the PDF is written.

    pyHanko's own EmbeddedFileObject keeps the data in memory until the write; with a thousand
    screenshots that is hundreds of megabytes. Stored unfiltered: screenshots and recordings are
    already compressed.
    """

    def __init__(self, writer: IncrementalPdfFileWriter, path: Path, size: int, mime: str) -> None:
        super().__init__(writer, stream_data=b"", params=None, mime_type=None)
        self._path = path
        self._size = size
        if mime:
            self["/Subtype"] = generic.NameObject("/" + mime.replace("/", "#2F"))
        params = generic.DictionaryObject()
        params[generic.NameObject("/Size")] = generic.NumberObject(size)
        self["/Params"] = params

    def write_to_stream(self, stream: BinaryIO, handler: SecurityHandler | None = None,
                        container_ref: generic.Reference | None = None) -> None:
        self[generic.NameObject("/Length")] = generic.NumberObject(self._size)
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


def embed_file_from_disk(writer: IncrementalPdfFileWriter, *, key: str, path: Path, display_name: str,
                         mime: str, description: str) -> None:
    """Add ``path`` to the document's EmbeddedFiles under ``key``; its bytes are read at write time.

    Raises:
        OSError: ``path`` cannot be read (now, or when the PDF is written).
        SigningError: its size changed before the PDF was written.
    """
    ef = _FileBackedStream(writer, path, path.stat().st_size, mime)
    embed.embed_file(writer, embed.FileSpec(file_spec_string=key, file_name=display_name, embedded_data=ef,
                                            description=description or None))


def _signer(identity: SigningIdentity) -> SimpleSigner:
    from pyhanko.keys.internal import (
        translate_pyca_cryptography_cert_to_asn1,
        translate_pyca_cryptography_key_to_asn1,
    )
    from pyhanko.sign import signers
    from pyhanko_certvalidator.registry import SimpleCertificateStore

    cert = translate_pyca_cryptography_cert_to_asn1(identity.certificate)
    key = translate_pyca_cryptography_key_to_asn1(identity.private_key)
    chain = [translate_pyca_cryptography_cert_to_asn1(c) for c in identity.chain]
    registry = SimpleCertificateStore.from_certs([cert, *chain])
    return signers.SimpleSigner(signing_cert=cert, signing_key=key, cert_registry=registry)


def sign_into(writer: IncrementalPdfFileWriter, output: BinaryIO, identity: SigningIdentity, *, field_name: str,
              reason: str = "", location: str = "", name: str = "") -> None:
    """Write ``writer``'s document to ``output`` with a PAdES baseline B-B signature by ``identity``
    in a new invisible field ``field_name`` (SHA-256, one incremental update).

    Raises:
        PdfError, ValueError, OSError: pyHanko could not sign.
    """
    from pyhanko.sign import fields, signers

    meta = signers.PdfSignatureMetadata(
        field_name=field_name,
        md_algorithm="sha256",
        subfilter=fields.SigSeedSubFilter.PADES,
        reason=reason or None,
        location=location or None,
        name=name or None,
    )
    signers.PdfSigner(meta, _signer(identity)).sign_pdf(writer, output=output)


def timestamp_into(writer: IncrementalPdfFileWriter, output: BinaryIO, tsa_url: str, *, timeout: float) -> None:
    """Write ``writer``'s document to ``output`` with an RFC 3161 document timestamp from ``tsa_url``.

    Raises:
        Exception: aiohttp, pyHanko and OS errors alike (the TSA is a remote service).
    """
    from pyhanko.sign import signers
    from pyhanko.sign.timestamps.aiohttp_client import HTTPTimeStamper

    stamper = HTTPTimeStamper(tsa_url, timeout=timeout)
    signers.PdfTimeStamper(stamper).timestamp_pdf(writer, "sha256", validation_context=None, output=output)


# ------------------------------------------------------------------ RFC 3161 and CMS


async def request_timestamp_token(url: str, digest: bytes, *, timeout: float) -> cms.ContentInfo:
    """Ask the TSA at ``url`` for a token over the SHA-256 ``digest``.

    Raises:
        Exception: network, HTTP, ASN.1 and pyHanko errors alike.
    """
    from pyhanko.sign.timestamps.aiohttp_client import HTTPTimeStamper

    return await HTTPTimeStamper(url, timeout=timeout).async_timestamp(digest, "sha256")


def cms_signature_holds(signer_info: cms.SignerInfo, cert: asn1_x509.Certificate, content_type: str,
                        digest: bytes) -> tuple[bool, bool]:
    """(intact, valid) of one CMS SignerInfo over content of ``content_type`` with ``digest``."""
    from pyhanko.sign.validation.generic_cms import validate_sig_integrity

    return validate_sig_integrity(signer_info, cert, content_type, digest)
