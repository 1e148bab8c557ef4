"""Every format we write has a tamper test: change it, and verify must fail and name what broke.

The assertions read each check's ``code`` and ``args`` (what was found, machine-readably), never
its English detail sentence.
"""

from __future__ import annotations

import io
import json
import os
import random
import shutil
import zipfile
from pathlib import Path

import pytest

from evidencekit.core.export.verify_bundle import verify_bundle


def copy(src: Path, dst: Path) -> Path:
    shutil.copyfile(src, dst)
    return dst


def coded(checks) -> bool:
    """Every check carries a code (the custody log's own checks get theirs from the vault)."""
    return all(c.code for c in checks if c.name != "custody_chain")


def flip(path: Path, pos: int) -> None:
    with open(path, "r+b") as f:
        f.seek(pos)
        b = f.read(1)
        f.seek(pos)
        f.write(bytes([b[0] ^ 0x01]))


def test_untouched_bundles_verify(zh_bundle) -> None:
    res, inp = zh_bundle
    for p in (res.pdf_path, res.zip_path):
        rep = verify_bundle(p)
        assert rep.ok, [c for c in rep.checks if not c.ok]
        assert coded(rep.checks), [c for c in rep.checks if not c.code]
        originals = [c for c in rep.checks if c.name == "original"]
        # one check per exhibit, naming it
        assert {c.subject.split(" (")[0] for c in originals} >= {f"exhibit {ex.number}" for ex in inp.exhibits}
        # the ZIP's own originals, and (in both) the PDF's embedded ones
        assert {c.code for c in originals} == {"pdf.original.ok"} | ({"zip.original.ok"} if p.suffix == ".zip" else set())


@pytest.mark.parametrize("target", ["pdf", "zip"])
def test_random_byte_flips_are_caught(zh_bundle, tmp_path: Path, target: str) -> None:
    res, _ = zh_bundle
    src = res.pdf_path if target == "pdf" else res.zip_path
    size = src.stat().st_size
    rng = random.Random(20261128)
    # spread over the file, plus the last bytes (trailer, ZIP comment) and the first
    positions = sorted({0, size - 1, size - 30, *(rng.randrange(size) for _ in range(14))})
    for pos in positions:
        p = copy(src, tmp_path / f"t.{target}")
        flip(p, pos)
        rep = verify_bundle(p)
        assert not rep.ok, f"flip at {pos} of {size} not detected"
        assert rep.problems[0].subject  # names the file, signature or exhibit
        assert coded(rep.problems), rep.problems


def test_appended_bytes_are_caught(zh_bundle, tmp_path: Path) -> None:
    res, _ = zh_bundle
    p = copy(res.pdf_path, tmp_path / "a.pdf")
    with open(p, "ab") as f:
        f.write(b"\n% appended\n")
    rep = verify_bundle(p)
    assert not rep.ok
    assert any(c.code == "pdf.coverage.bytes_after" and c.args["bytes_after"] == 12 for c in rep.problems)


def _incremental(src: Path, dst: Path, change) -> None:
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter

    with open(src, "rb") as f:
        w = IncrementalPdfFileWriter(f, strict=False)
        change(w)
        out = io.BytesIO()
        w.write(out)
    dst.write_bytes(out.getvalue())


def test_an_incremental_update_is_caught(zh_bundle, tmp_path: Path) -> None:
    from pyhanko.pdf_utils import generic

    res, _ = zh_bundle

    def retitle(w) -> None:
        info = w.trailer["/Info"].get_object()
        info[generic.NameObject("/Title")] = generic.TextStringObject("edited")
        w.update_container(info)

    p = tmp_path / "inc.pdf"
    _incremental(res.pdf_path, p, retitle)
    rep = verify_bundle(p)
    assert not rep.ok
    assert any(c.name == "pdf_coverage" and c.code == "pdf.coverage.bytes_after" for c in rep.problems)
    assert any(c.code == "pdf.revision.not_timestamp" and c.args["revision"] == 3 for c in rep.problems)


def test_a_swapped_attachment_is_caught_and_named(zh_bundle, tmp_path: Path) -> None:
    from pyhanko.pdf_utils import embed, generic

    res, inp = zh_bundle
    first = inp.exhibits[0]

    def swap(w) -> None:
        names = w.root["/Names"]["/EmbeddedFiles"]["/Names"]
        for i in range(0, len(names), 2):
            if str(names[i]).startswith("originals/0001_"):
                spec = names[i + 1].get_object()
                ef = embed.EmbeddedFileObject.from_file_data(w, data=b"not the screenshot", compress=False)
                spec["/EF"] = generic.DictionaryObject({generic.NameObject("/F"): ef.ef_stream_ref,
                                                        generic.NameObject("/UF"): ef.ef_stream_ref})
                w.update_container(spec)

    p = tmp_path / "swap.pdf"
    _incremental(res.pdf_path, p, swap)
    rep = verify_bundle(p)
    assert not rep.ok
    bad = [c for c in rep.problems if c.name == "original"]
    assert bad and bad[0].subject.startswith(f"exhibit {first.number} (originals/0001_")
    assert bad[0].code == "pdf.original.mismatch" and bad[0].args["differs"] == "size,sha256,sm3"


def _rewrite_zip(src: Path, dst: Path, edit) -> None:
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w") as zout:
        for zi in zin.infolist():
            data = edit(zi.filename, zin.read(zi))
            if data is not None:
                zout.writestr(zi, data)
        zout.comment = zin.comment


def test_a_swapped_original_in_the_zip_is_named(zh_bundle, tmp_path: Path) -> None:
    res, inp = zh_bundle
    p = tmp_path / "swap.zip"
    target = next(n for n in zipfile.ZipFile(res.zip_path).namelist() if n.startswith("originals/0002_"))
    _rewrite_zip(res.zip_path, p, lambda n, d: d[:-1] + b"x" if n == target else d)
    rep = verify_bundle(p)
    assert not rep.ok
    assert any(c.code == "zip.original.mismatch" and target in c.subject and c.subject.startswith("exhibit 2-1")
               for c in rep.problems)
    assert any(c.code == "zip.signature.mismatch" for c in rep.problems)


def test_an_edited_manifest_is_caught(zh_bundle, tmp_path: Path) -> None:
    res, _ = zh_bundle
    p = tmp_path / "m.zip"

    def edit(name: str, data: bytes) -> bytes:
        if name != "manifest.json":
            return data
        m = json.loads(data)
        m["items"][0]["proves"] = "something else"
        return json.dumps(m).encode()

    _rewrite_zip(res.zip_path, p, edit)
    rep = verify_bundle(p)
    assert any(c.code == "zip.manifest.signature_invalid" and c.subject == "manifest.json" for c in rep.problems)


def test_a_removed_custody_line_is_caught(zh_bundle, tmp_path: Path) -> None:
    res, _ = zh_bundle
    p = tmp_path / "c.zip"
    _rewrite_zip(res.zip_path, p, lambda n, d: b"\n".join(d.split(b"\n")[:2] + d.split(b"\n")[3:]) if n == "custody.jsonl" else d)
    rep = verify_bundle(p)
    assert any(c.subject.startswith("custody.jsonl") for c in rep.problems)


# ------------------------------------------------------------------ hostile bundles


def _zip(tmp: Path, name: str, entries: list[tuple[zipfile.ZipInfo | str, bytes]]) -> Path:
    p = tmp / name
    with zipfile.ZipFile(p, "w", zipfile.ZIP_DEFLATED) as z:
        for info, data in entries:
            z.writestr(info, data)
    return p


def _symlink_info(name: str) -> zipfile.ZipInfo:
    zi = zipfile.ZipInfo(name)
    zi.external_attr = (0o120777 << 16)
    return zi


@pytest.mark.parametrize(
    "entries,why",
    [
        ([("../evil.txt", b"x"), ("manifest.json", b"{}")], "zip.entry.path_escapes"),
        ([("/etc/passwd", b"x")], "zip.entry.absolute_path"),
        ([("C:/windows/x", b"x")], "zip.entry.absolute_path"),
        ([(_symlink_info("originals/link"), b"/etc/passwd")], "zip.entry.symlink"),
        ([("/".join(["d"] * 30) + "/f", b"x")], "zip.entry.too_deep"),
        ([("bomb.bin", b"\0" * (64 << 20))], "zip.entry.bomb"),
        ([("a", b"1"), ("a", b"2")], "zip.entry.duplicate"),
    ],
    ids=["dotdot", "absolute", "drive", "symlink", "deep", "bomb", "duplicate"],
)
def test_hostile_zips_are_rejected_cleanly(tmp_path: Path, entries, why: str) -> None:
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # zipfile warns about the duplicate name
        p = _zip(tmp_path, "h.zip", entries)
    rep = verify_bundle(p)
    assert not rep.ok
    assert any(c.code == why for c in rep.problems), rep.problems


@pytest.mark.parametrize(
    "content,code",
    [(b"%PDF-1.7\n" + os.urandom(2000), "pdf.no_end_marker"),
     (b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF", "pdf.unreadable"),
     (b"PK\x03\x04" + os.urandom(500), "zip.unreadable"), (b"hello", "bundle.unknown_format"),
     (b"", "bundle.unknown_format")],
    ids=["pdf-noise", "pdf-unsigned", "zip-noise", "text", "empty"],
)
def test_malformed_files_give_a_check_not_a_traceback(tmp_path: Path, content: bytes, code: str) -> None:
    p = tmp_path / "x.bin"
    p.write_bytes(content)
    rep = verify_bundle(p)
    assert not rep.ok
    assert rep.problems[0].detail and rep.problems[0].code == code, rep.problems


def test_a_truncated_pdf_is_rejected(zh_bundle, tmp_path: Path) -> None:
    res, _ = zh_bundle
    p = tmp_path / "t.pdf"
    p.write_bytes(res.pdf_path.read_bytes()[: res.pdf_path.stat().st_size // 2])
    rep = verify_bundle(p)
    assert not rep.ok and rep.problems[0].code == "pdf.no_end_marker", rep.problems


# ------------------------------------------------------------------ what no signature covers


def _contents_slot(data: bytes, k: int = -1) -> tuple[int, int]:
    """Where signature ``k``'s hex digits sit (between ``<`` and ``>``)."""
    import re

    m = list(re.finditer(rb"/ByteRange\s*\[\s*(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s*\]", data))[k]
    a0, a1, a2, _ = map(int, m.groups())
    return a0 + a1 + 1, a2 - 1


def _cms_of(data: bytes, k: int = -1) -> bytes:
    from asn1crypto import cms

    s, e = _contents_slot(data, k)
    der = bytes.fromhex(data[s:e].decode())
    return der[: len(cms.ContentInfo.load(der).dump())]


def _with_cms(data: bytes, der: bytes, k: int = -1) -> bytes:
    s, e = _contents_slot(data, k)
    digits = der.hex().upper().encode()
    assert len(digits) <= e - s
    return data[:s] + digits.ljust(e - s, b"0") + data[e:]


def _assert_signature_named(rep, code: str) -> None:
    assert not rep.ok
    bad = [c for c in rep.problems if c.name == "pdf_signature"]
    assert bad and "EvidenceKitSignature" in bad[0].subject and bad[0].args["field"] == "EvidenceKitSignature"
    assert bad[0].code == code, rep.problems


def _respell(data: bytes, how: str) -> bytes:
    s, e = _contents_slot(data)
    digits = data[s:e]
    used = 2 * len(_cms_of(data))
    if how == "lower-case hex":
        return data[:s] + digits.lower() + data[e:]
    if how == "one digit in lower case":
        i = next(i for i in range(s, s + used) if data[i : i + 1].isalpha())
        return data[:i] + data[i : i + 1].lower() + data[i + 1 :]
    if how == "whitespace in the padding":
        i = s + used + 100
        return data[:i] + b"  " + data[i + 2 :]
    if how == "whitespace between hex pairs":  # two padding zeros fewer, same length
        return data[:s + 40] + b"\r\n" + data[s + 40 : e - 2] + data[e:]
    raise AssertionError(how)


@pytest.mark.parametrize("how", ["lower-case hex", "one digit in lower case", "whitespace in the padding",
                                 "whitespace between hex pairs"])
def test_signature_contents_spelled_another_way_are_caught(zh_bundle, tmp_path: Path, how: str) -> None:
    # A PDF reader decodes each of these to the same CMS bytes: only the spelling tells them apart.
    res, _ = zh_bundle
    p = tmp_path / "s.pdf"
    p.write_bytes(_respell(res.pdf_path.read_bytes(), how))
    _assert_signature_named(verify_bundle(p), "pdf.contents.respelled")


def _edit_cms(der: bytes, how: str) -> bytes:
    from asn1crypto import algos, cms, core

    ci = cms.ContentInfo.load(der)
    sd = ci["content"]
    si = sd["signer_infos"][0]
    if how == "unused certificate copy edited":
        # pyHanko lists the signer's certificate twice and uses the last copy: edit the first.
        first = sd["certificates"][0].dump()
        i = der.find(first)
        j = der.find(b"self-signed", i)
        assert 0 < i < j < i + len(first)
        return der[:j] + b"self-signex" + der[j + 11 :]
    if how == "structure length into the padding":
        assert der[1] == 0x82
        return der[:2] + (int.from_bytes(der[2:4], "big") + 4).to_bytes(2, "big") + der[4:] + b"\0" * 4
    if how == "long-form length":
        v = der.find(bytes.fromhex("020101"), 15)  # SignedData version 1
        out = bytearray(der[:v] + bytes.fromhex("02810101") + der[v + 3 :])
        for off in (2, 17, 21):  # the three enclosing 2-byte lengths pyHanko writes
            out[off : off + 2] = (int.from_bytes(out[off : off + 2], "big") + 1).to_bytes(2, "big")
        return bytes(out)
    if how == "unsigned attribute added":
        si["unsigned_attrs"] = cms.CMSAttributes(
            [cms.CMSAttribute({"type": "1.2.3.4.5", "values": [core.OctetString(b"x")]})])
    elif how == "certificate copied in":
        sd["certificates"] = cms.CertificateSet(list(sd["certificates"]) + [sd["certificates"][0]])
    elif how == "revocation list set added":
        sd["crls"] = cms.RevocationInfoChoices([])
    elif how == "SignedData version":
        sd["version"] = "v3"
    elif how == "signature algorithm parameters":
        si["signature_algorithm"] = algos.SignedDigestAlgorithm(
            {"algorithm": si["signature_algorithm"]["algorithm"].native, "parameters": core.Null()})
    elif how == "digest algorithm list":
        sd["digest_algorithms"] = cms.DigestAlgorithms(
            [algos.DigestAlgorithm({"algorithm": "sha256"}), algos.DigestAlgorithm({"algorithm": "sha512"})])
    sd["signer_infos"] = cms.SignerInfos([si])
    return cms.ContentInfo({"content_type": "signed_data", "content": sd}).dump()


@pytest.mark.parametrize("how,code", [
    ("unused certificate copy edited", "pdf.cms.foreign_certificate"),
    ("structure length into the padding", "pdf.contents.not_der"),
    ("long-form length", "pdf.contents.not_der"),
    ("unsigned attribute added", "pdf.cms.unsigned_attributes"),
    ("certificate copied in", "pdf.cms.certificate_copied"),
    ("revocation list set added", "pdf.cms.crls"),
    ("SignedData version", "pdf.cms.signed_data_version"),
    ("signature algorithm parameters", "pdf.cms.signature_parameters"),
    ("digest algorithm list", "pdf.cms.digest_algorithms"),
])
def test_cms_parts_no_signature_covers_are_pinned(zh_bundle, tmp_path: Path, how: str, code: str) -> None:
    # The signature cannot cover its own /Contents, and pyHanko checks only what it needs there:
    # each of these edits still validates as a signature.
    res, _ = zh_bundle
    data = res.pdf_path.read_bytes()
    p = tmp_path / "c.pdf"
    p.write_bytes(_with_cms(data, _edit_cms(_cms_of(data), how)))
    assert p.read_bytes() != data
    _assert_signature_named(verify_bundle(p), code)


def _doc_timestamp(src: Path, dst: Path, change=None) -> None:
    """Append a document timestamp (from a TSA anyone can set up), with ``change`` in the same revision."""
    from asn1crypto import x509 as asn1_x509
    from cryptography.hazmat.primitives import serialization
    from pyhanko.keys import load_private_key_from_pemder_data
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import signers
    from pyhanko.sign.timestamps.dummy_client import DummyTimeStamper

    from tests.tsa_server import _tsa_identity

    cert, key_pem = _tsa_identity()
    a_cert = asn1_x509.Certificate.load(cert.public_bytes(serialization.Encoding.DER))
    stamper = DummyTimeStamper(tsa_cert=a_cert, tsa_key=load_private_key_from_pemder_data(key_pem, None),
                               certs_to_embed=[a_cert])
    with open(src, "rb") as f:
        w = IncrementalPdfFileWriter(f, strict=False)
        if change is not None:
            change(w)
        out = io.BytesIO()
        signers.PdfTimeStamper(stamper).timestamp_pdf(w, "sha256", validation_context=None, output=out)
    dst.write_bytes(out.getvalue())


def test_a_later_document_timestamp_alone_verifies_and_is_named(zh_bundle, tmp_path: Path) -> None:
    res, _ = zh_bundle
    p = tmp_path / "t.pdf"
    _doc_timestamp(res.pdf_path, p)
    rep = verify_bundle(p)
    assert rep.ok, rep.problems
    ts = [c for c in rep.checks if c.name == "pdf_timestamp"]
    assert ts and ts[0].code == "pdf.timestamp.ok" and "EvidenceKit Test TSA" in str(ts[0].args["signer"])
    coverage = [c for c in rep.checks if c.name == "pdf_coverage"]
    assert coverage and coverage[0].code == "pdf.coverage.entire_file"


def _info(key: str, value: str):
    def change(w) -> None:
        from pyhanko.pdf_utils import generic

        info = w.trailer["/Info"].get_object()
        info[generic.NameObject(key)] = generic.TextStringObject(value)
        w.update_container(info)
    return change


def _orphan(w) -> None:
    from pyhanko.pdf_utils import generic

    w.add_object(generic.TextStringObject("an object nothing refers to"))


def _xmp_title(w) -> None:
    md = w.root["/Metadata"].get_object()
    md._data = md.data.replace(b'rdf:about=""', b'rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/" '
                                                 b'dc:title="edited"')
    md._encoded_data = None
    w.update_container(md)


def _dss(w) -> None:
    from pyhanko.sign.validation.dss import DocumentSecurityStore

    DocumentSecurityStore.supply_dss_in_writer(w, None, certs=[], ocsps=[], crls=[])


def _open_action(w) -> None:
    from pyhanko.pdf_utils import generic

    w.root[generic.NameObject("/OpenAction")] = generic.DictionaryObject(
        {generic.NameObject("/S"): generic.NameObject("/JavaScript"),
         generic.NameObject("/JS"): generic.TextStringObject("app.alert(1)")})
    w.update_root()


def _page_text(w) -> None:
    from pyhanko.pdf_utils import generic

    page = w.root["/Pages"]["/Kids"][0].get_object()
    ref = w.add_object(generic.StreamObject(stream_data=b"BT /F1 24 Tf 100 100 Td (EDITED) Tj ET"))
    page[generic.NameObject("/Contents")] = generic.ArrayObject([page.raw_get("/Contents"), ref])
    w.update_container(page)


@pytest.mark.parametrize("change,code,keys", [
    (_info("/Title", "edited"), "pdf.revision.info_changed", "/Title"),
    (_info("/Producer", "someone else"), "pdf.revision.info_changed", "/Producer"),
    (_orphan, "pdf.revision.extra_objects", None),
    (_xmp_title, "pdf.revision.xmp_changed", None),
    (_dss, "pdf.revision.catalog_changed", "/DSS"),
    (_open_action, "pdf.revision.catalog_changed", "/OpenAction"),
    (_page_text, "pdf.revision.page_changed", "/Contents"),
], ids=["info-title", "info-producer", "orphan-object", "xmp", "dss", "open-action", "page-text"])
def test_a_document_timestamp_revision_carrying_other_changes_is_caught(zh_bundle, tmp_path: Path, change,
                                                                        code: str, keys: str | None) -> None:
    # pyHanko's own diff policy lets a timestamp revision change metadata, add unreferenced
    # objects or a DSS; a timestamp from any TSA key is easy to make, so that revision could
    # smuggle edits into a bundle that still verifies.
    res, _ = zh_bundle
    p = tmp_path / "t.pdf"
    _doc_timestamp(res.pdf_path, p, change)
    rep = verify_bundle(p)
    assert not rep.ok
    rev = [c for c in rep.problems if c.name == "pdf_revision"]
    assert rev and rev[0].code == code and rev[0].args["revision"] == 3, rep.problems
    assert keys is None or rev[0].args["keys"] == keys
    # what the signature is found to have had changed after it
    assert any(c.code == "pdf.coverage.changed_after_signing" for c in rep.problems)


def test_the_zip_signature_must_be_spelled_as_written(zh_bundle, tmp_path: Path) -> None:
    # base64 ignores the unused low bits of the last digit: "…Q=" and "…R=" decode alike.
    import base64
    import hashlib

    from evidencekit.core.export.verify_bundle import (
        ZIP_SIG_LEN,
        ZIP_SIG_MAGIC,
        zip_signed_message,
    )

    res, inp = zh_bundle
    data = res.zip_path.read_bytes()
    digest = hashlib.sha256(data[:-ZIP_SIG_LEN]).hexdigest()
    sig = ""
    while not sig.endswith("="):  # ECDSA signatures vary in length: re-sign until one is padded
        sig = inp.identity.sign(zip_signed_message(digest))
    signed = data[:-ZIP_SIG_LEN] + (ZIP_SIG_MAGIC + sig.encode()).ljust(ZIP_SIG_LEN, b" ")
    p = tmp_path / "z.zip"
    p.write_bytes(signed)
    assert verify_bundle(p).ok
    body = sig.rstrip("=")
    spare = 0b1111 if sig.endswith("==") else 0b11
    alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
    v = alphabet.index(body[-1])
    other = alphabet[(v & ~spare) | ((v + 1) & spare)]
    respelled = body[:-1] + other + sig[len(body):]
    assert base64.b64decode(respelled) == base64.b64decode(sig)
    p.write_bytes(data[:-ZIP_SIG_LEN] + (ZIP_SIG_MAGIC + respelled.encode()).ljust(ZIP_SIG_LEN, b" "))
    rep = verify_bundle(p)
    assert not rep.ok
    assert any(c.code == "zip.signature.comment_edited" for c in rep.problems)


LEGACY_ZIP = Path(__file__).parents[2] / "fixtures" / "legacy-300e1e3" / "bundle.zip"


@pytest.mark.parametrize("damage,source", [("compression method", "legacy"), ("deflate data", "legacy"),
                                           ("compression method", "new")])
def test_unreadable_zip_entries_are_findings_not_crashes(zh_bundle, tmp_path: Path, damage: str, source: str) -> None:
    import struct

    res, _ = zh_bundle
    # today's exporter stores every member; bundles made earlier deflated their text members
    src = LEGACY_ZIP if source == "legacy" else res.zip_path
    data = bytearray(src.read_bytes())
    with zipfile.ZipFile(src) as z:
        zi = z.getinfo("manifest.json")
    assert zi.compress_type == (zipfile.ZIP_DEFLATED if source == "legacy" else zipfile.ZIP_STORED)
    if damage == "compression method":
        struct.pack_into("<H", data, zi.header_offset + 8, 99)  # local header
        eocd = data.rfind(b"PK\x05\x06")
        cd = struct.unpack_from("<I", data, eocd + 16)[0]
        while data[cd + 46 : cd + 46 + struct.unpack_from("<H", data, cd + 28)[0]] != b"manifest.json":
            cd += 46 + sum(struct.unpack_from("<HHH", data, cd + 28))
        struct.pack_into("<H", data, cd + 10, 99)  # central directory
    else:
        start = zi.header_offset + 30 + len(zi.filename)
        data[start : start + 8] = b"\xff" * 8
    p = tmp_path / "d.zip"
    p.write_bytes(bytes(data))
    rep = verify_bundle(p)
    assert not rep.ok
    assert not any(c.code == "bundle.check_failed" for c in rep.checks), rep.problems
    assert any(c.code == "zip.signature.mismatch" for c in rep.problems)


def test_a_zip_certificate_with_a_broken_key_is_a_finding(zh_bundle, tmp_path: Path) -> None:
    from cryptography import x509
    from cryptography.hazmat.primitives import serialization

    res, _ = zh_bundle
    with zipfile.ZipFile(res.zip_path) as z:
        der = bytearray(x509.load_pem_x509_certificate(z.read("certificate.pem")).public_bytes(
            serialization.Encoding.DER))
    point = der.find(b"\x03\x42\x00\x04") + 4  # the P-256 public point: no longer on the curve
    der[point + 10] ^= 0x01
    import base64

    pem = b"-----BEGIN CERTIFICATE-----\n" + base64.encodebytes(bytes(der)) + b"-----END CERTIFICATE-----\n"
    p = tmp_path / "k.zip"
    _rewrite_zip(res.zip_path, p, lambda n, d: pem if n == "certificate.pem" else d)
    rep = verify_bundle(p)
    assert not rep.ok
    assert not any(c.code == "bundle.check_failed" for c in rep.checks), rep.problems
    assert any(c.code == "zip.certificate.unreadable" for c in rep.problems), rep.problems


def test_a_named_pipe_is_refused_at_once(tmp_path: Path) -> None:
    fifo = tmp_path / "bundle.pdf"
    os.mkfifo(fifo)
    rep = verify_bundle(fifo)  # would block forever on open() for reading
    assert not rep.ok and rep.problems[0].code == "bundle.not_regular_file"


def test_a_large_pdf_without_an_end_marker_is_refused_quickly(tmp_path: Path) -> None:
    import time

    p = tmp_path / "big.pdf"
    with open(p, "wb") as f:
        f.write(b"%PDF-1.7\n")
        f.truncate(256 << 20)  # sparse: pyHanko would look for %%EOF one byte at a time
    t = time.monotonic()
    rep = verify_bundle(p)
    assert time.monotonic() - t < 5
    assert not rep.ok and rep.problems[0].code == "pdf.no_end_marker"


def test_a_pdf_pointing_into_a_long_run_of_nothing_is_refused_quickly(tmp_path: Path) -> None:
    import time

    p = tmp_path / "hollow.pdf"
    with open(p, "wb") as f:
        f.write(b"%PDF-1.7\n")
        f.truncate(256 << 20)  # sparse NULs: whitespace to pyHanko, skipped one byte per call
        f.seek(0, os.SEEK_END)
        f.write(b"\nstartxref\n9\n%%EOF\n")
    t = time.monotonic()
    rep = verify_bundle(p)
    assert time.monotonic() - t < 20
    assert not rep.ok and rep.problems[0].name == "pdf_readable" and rep.problems[0].code == "pdf.unreadable"



def test_an_unreadable_certificate_attachment_is_named_with_its_reason(zh_bundle, tmp_path: Path) -> None:
    from pyhanko.pdf_utils import generic

    res, _ = zh_bundle

    def swap(w) -> None:
        names = w.root["/Names"]["/EmbeddedFiles"]["/Names"]
        i = next(i for i in range(0, len(names), 2) if str(names[i]) == "certificate.pem")
        spec = names[i + 1].get_object()
        ref = w.add_object(generic.StreamObject({generic.NameObject("/Type"): generic.NameObject("/EmbeddedFile"),
                                                 generic.NameObject("/Filter"): generic.NameObject("/NoSuchFilter")},
                                                encoded_data=b"x" * 100))
        spec["/EF"] = generic.DictionaryObject({generic.NameObject("/F"): ref, generic.NameObject("/UF"): ref})
        w.update_container(spec)

    p = tmp_path / "c.pdf"
    _incremental(res.pdf_path, p, swap)
    rep = verify_bundle(p)
    cert = [c for c in rep.problems if c.name == "certificate"]
    assert cert and cert[0].code == "pdf.certificate.unreadable" and "NoSuchFilter" in str(cert[0].args["error"])


def _resigned_zip(src: Path, dst: Path, identity, edit) -> None:
    """``src`` with its manifest edited by ``edit``, then signed again (manifest and archive) by
    ``identity``: a bundle whose signatures all hold but whose manifest has the wrong shape."""
    from evidencekit.core.export.verify_bundle import ZIP_SIG_LEN, ZIP_SIG_MAGIC, zip_signed_message

    with zipfile.ZipFile(src) as z:
        manifest = json.loads(z.read("manifest.json"))
    edit(manifest)
    mbytes = json.dumps(manifest).encode()
    msig = identity.sign(mbytes).encode()
    _rewrite_zip(src, dst, lambda n, d: mbytes if n == "manifest.json" else msig if n == "manifest.json.sig" else d)
    import hashlib

    data = dst.read_bytes()
    sig = identity.sign(zip_signed_message(hashlib.sha256(data[:-ZIP_SIG_LEN]).hexdigest())).encode()
    dst.write_bytes(data[:-ZIP_SIG_LEN] + (ZIP_SIG_MAGIC + sig).ljust(ZIP_SIG_LEN, b" "))


def _set(path: tuple[str | int, ...], value):
    def edit(m) -> None:
        for k in path[:-1]:
            m = m[k]
        m[path[-1]] = value
    return edit


@pytest.mark.parametrize("edit,code", [
    (_set(("items",), 5), "zip.merkle.malformed"),
    (_set(("items", 0, "file"), ["originals/x"]), "zip.original.unlisted"),
    (_set(("custody_head",), ["not", "a", "hash"]), "zip.custody.head_missing"),
    (_set(("timestamps",), {"data": "x"}), "zip.timestamp.malformed_record"),
    (_set(("items", 0, "sha256"), 7), "zip.merkle.malformed"),
], ids=["items-not-a-list", "file-not-a-name", "head-not-a-hash", "timestamps-not-a-list", "digest-not-text"])
def test_a_signed_manifest_of_the_wrong_shape_gives_findings(zh_bundle, tmp_path: Path, edit, code: str) -> None:
    # Anyone can sign a bundle with a key of their own: the manifest's shape is not trusted either.
    res, inp = zh_bundle
    p = tmp_path / "shape.zip"
    _resigned_zip(res.zip_path, p, inp.identity, edit)
    rep = verify_bundle(p)
    assert any(c.code == "zip.manifest.signed" for c in rep.checks), rep.problems
    assert not rep.ok
    assert not any(c.code == "bundle.check_failed" for c in rep.checks), rep.problems
    assert any(c.code == code for c in rep.problems), rep.problems


_WRONG = {str: [7, ["x"], None], int: ["7", True, 1.5], list: [{}, "x"], dict: [[], "x"], bool: ["yes", 1]}
_SHAPES = [
    ((), list), (("items",), list), (("items", 0), dict), (("items", 0, "exhibit"), str), (("items", 0, "id"), int),
    (("items", 0, "size"), int), (("items", 0, "sm3"), str), (("items", 0, "file"), str),
    (("items", 0, "pdf_attachment"), str), (("items", 0, "title"), str), (("files",), list), (("files", 0), dict),
    (("files", 0, "path"), str), (("files", 0, "size"), int), (("files", 0, "sha256"), str),
    (("certificate_sha256",), str), (("merkle_root_sha256",), str), (("redacted",), bool), (("case",), dict),
    (("case", "respondents"), list), (("language",), str), (("timestamps",), list),
]


@pytest.mark.parametrize("path,kind", _SHAPES, ids=[".".join(map(str, p)) or "whole" for p, _ in _SHAPES])
def test_every_part_of_a_signed_manifest_of_the_wrong_type_is_a_coded_finding(zh_bundle, tmp_path: Path, path,
                                                                                kind) -> None:
    # The typed manifest reads hostile shapes as findings: no traceback, a code on every problem.
    res, inp = zh_bundle
    for n, value in enumerate(_WRONG[kind]):
        p = tmp_path / f"shape{n}.zip"

        def edit(m, value=value) -> None:
            if not path:
                m.clear()
                m["items"] = value
                return
            for k in path[:-1]:
                m = m[k]
            if value is None and kind is str and path[-1] in ("file", "pdf_attachment"):
                value = 7  # None is a valid "no file"
            m[path[-1]] = value

        _resigned_zip(res.zip_path, p, inp.identity, edit)
        rep = verify_bundle(p)
        assert not any(c.code == "bundle.check_failed" for c in rep.checks), (value, rep.problems)
        assert all(c.code for c in rep.problems if c.name != "custody_chain"), rep.problems
        assert not rep.ok, (value, rep.checks)
