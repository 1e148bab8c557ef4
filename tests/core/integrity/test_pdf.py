"""Signed PDFs as values: what inspect_pdf reports for a signature, a document timestamp after it,
an edit after it, and /Contents that are not exactly as written."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from reportlab.pdfgen import canvas

from evidencekit.core.integrity.identity import SigningIdentity, create_identity
from evidencekit.core.integrity.pdf import (
    Attachment,
    Coverage,
    Modification,
    SignatureKind,
    add_document_timestamp,
    inspect_pdf,
    iter_attachments,
    sign_pdf,
)
from evidencekit.core.integrity.pdf.cms_form import check_contents
from evidencekit.errors import SigningError
from tests.tsa_server import running_tsa


@pytest.fixture(scope="module")
def identity() -> SigningIdentity:
    return create_identity("张三")


@pytest.fixture
def signed(tmp_path: Path, identity: SigningIdentity) -> Path:
    """A one-page PDF signed with one attachment."""
    src = tmp_path / "plain.pdf"
    c = canvas.Canvas(str(src))
    c.drawString(72, 720, "exhibit 1")
    c.save()
    note = tmp_path / "note.txt"
    note.write_bytes(b"the original")
    out = tmp_path / "signed.pdf"
    sign_pdf(src, out, identity, attachments=[Attachment("originals/0001_note.txt", note, "note.txt", "text/plain")])
    return out


def test_a_signed_pdf_is_covered_whole_and_nothing_follows(signed: Path, identity: SigningIdentity) -> None:
    info = inspect_pdf(signed)
    assert info.readable and info.revision_problem is None
    [sg] = info.signatures
    assert sg.kind is SignatureKind.SIGNATURE and sg.intact and sg.valid and sg.problem is None
    assert sg.coverage is Coverage.ENTIRE_FILE and sg.modification is Modification.NONE
    assert sg.signed_range_end == info.file_size == signed.stat().st_size
    assert sg.signer_fingerprint == identity.fingerprint and "张三" in sg.signer_subject
    assert list(iter_attachments(signed)) == [("originals/0001_note.txt", b"the original", "")]
    assert not list(signed.parent.glob("*.part"))


def test_a_document_timestamp_is_the_only_later_change(signed: Path) -> None:
    with running_tsa() as server:
        when = add_document_timestamp(signed, server.url)
    info = inspect_pdf(signed)
    first, stamp = info.signatures
    assert first.kind is SignatureKind.SIGNATURE and stamp.kind is SignatureKind.DOC_TIMESTAMP
    assert first.coverage is Coverage.ENTIRE_REVISION and first.modification is Modification.DOCUMENT_TIMESTAMPS
    assert stamp.coverage is Coverage.ENTIRE_FILE and stamp.modification is Modification.NONE
    assert stamp.intact and stamp.valid and stamp.timestamp == when and "EvidenceKit Test TSA" in stamp.signer_subject
    assert info.revision_problem is None


def test_an_edit_after_the_signature_is_another_change(signed: Path) -> None:
    from pyhanko.pdf_utils import generic
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter

    with open(signed, "rb") as f:
        w = IncrementalPdfFileWriter(f, strict=False)
        w.add_object(generic.TextStringObject("an object nothing refers to"))
        out = io.BytesIO()
        w.write(out)
    signed.write_bytes(out.getvalue())
    info = inspect_pdf(signed)
    [sg] = info.signatures
    assert sg.intact and sg.valid  # the signed bytes are untouched...
    assert sg.coverage is Coverage.ENTIRE_REVISION  # ...but no longer the whole file
    assert info.revision_problem is not None and info.revision_problem.code == "pdf.revision.not_timestamp"
    assert info.revision_problem.args == {"revision": 3}


def test_a_file_that_is_not_a_pdf_is_a_problem_not_an_exception(tmp_path: Path) -> None:
    p = tmp_path / "x.pdf"
    p.write_bytes(b"%PDF-1.7\nnothing\n%%EOF\n")
    info = inspect_pdf(p)
    assert not info.readable and info.problem is not None and info.problem.code == "pdf.unreadable"
    p.write_bytes(b"%PDF-1.7\nno end marker")
    assert inspect_pdf(p).problem.code == "pdf.no_end_marker"


def test_signing_an_unreadable_pdf_raises_and_leaves_nothing(tmp_path: Path, identity: SigningIdentity) -> None:
    src = tmp_path / "broken.pdf"
    src.write_bytes(b"%PDF-1.7\nnot a document\n%%EOF\n")
    with pytest.raises(SigningError):
        sign_pdf(src, tmp_path / "out.pdf", identity)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["broken.pdf"]


def _slot(der_hex: bytes, pad: int = 16) -> tuple[io.BytesIO, tuple[int, int, int, int]]:
    """``<HEX>`` as a signature's /Contents gap, with ``pad`` zero digits of padding."""
    data = b"<" + der_hex + b"0" * pad + b">"
    return io.BytesIO(data), (0, 0, len(data), 0)


# A DER SEQUENCE holding the OCTET STRING 0A FF: canonical, but not a CMS ContentInfo.
_SEQ = b"300404020AFF"


@pytest.mark.parametrize("hexdigits,code", [
    (_SEQ.lower(), "pdf.contents.respelled"),  # a reader decodes lower case to the same bytes
    (_SEQ[:-1], "pdf.contents.respelled"),  # an odd number of digits
    (b"308004020AFF0000", "pdf.contents.not_der"),  # indefinite length (BER)
    (b"30810404020AFF", "pdf.contents.not_der"),  # a long-form length for a short value
    (b"30040202000500", "pdf.contents.not_der"),  # INTEGER 5 with a leading zero byte
    (_SEQ + b"01", "pdf.contents.padding"),  # a byte after the structure that is not padding
    (_SEQ, "pdf.cms.malformed"),  # canonical DER, but no CMS ContentInfo
], ids=["lower-case", "odd-digits", "indefinite-length", "long-form-length", "non-minimal-integer",
        "padding", "not-cms"])
def test_contents_must_be_exactly_as_a_signer_writes_them(hexdigits: bytes, code: str) -> None:
    f, br = _slot(hexdigits)
    problem = check_contents(f, br, SignatureKind.SIGNATURE)
    assert problem is not None and problem.code == code, problem
