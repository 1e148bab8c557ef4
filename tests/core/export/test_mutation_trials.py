"""Seeded random-mutation trials: every byte-changed bundle must fail verification and say why.

Small bundles (plain, redacted, without attachments, with a document timestamp) are exported once;
each trial changes bytes somewhere — anywhere, or where a verifier is easiest to fool: inside the
signature /Contents and its zero padding, the xref and trailer, after %%EOF, inside embedded
files, in ZIP headers, names, data and the comment holding the archive signature — appends a
revision (with or without a document timestamp from a TSA anyone can run), or rebuilds the
archive (entries renamed, added, removed, duplicated, reordered, swapped, edited).
"""

from __future__ import annotations

import io
import random
import re
import struct
import warnings
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest

from evidencekit.core.export.bundle import export_bundle
from evidencekit.core.export.model import ExportOptions
from evidencekit.core.export.verify_bundle import verify_bundle
from tests.core.export.fixtures import NOW, make_input

# Long trials: scripts/test.sh (and CI) runs them; `-m "not slow"` leaves them out while editing.
pytestmark = pytest.mark.slow

SEED = 20261128
TRIALS = {"pdf": 75, "zip": 60}  # per variant: 4 variants, 540 trials in all

Regions = dict[str, list[tuple[int, int]]]


@pytest.fixture(scope="module")
def bundles(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[Path, Path]]:
    from tests.tsa_server import running_tsa

    out = {}
    for name, opts in {
        "plain": {},
        "redacted": {"redact": True, "redact_word_boxes": False},
        "no-attach": {"attach": False},
        "timestamped": {"tsa_urls": ("TSA",)},
    }.items():
        d = tmp_path_factory.mktemp(name)
        inp = make_input(d, 2, size=(240, 420))
        if "tsa_urls" in opts:
            with running_tsa() as server:
                res = export_bundle(inp, d / "b.pdf", ExportOptions(make_zip=True, now=NOW, tsa_urls=(server.url,)))
        else:
            res = export_bundle(inp, d / "b.pdf", ExportOptions(make_zip=True, now=NOW, **opts))
        assert res.zip_path is not None
        out[name] = (res.pdf_path, res.zip_path)
    return out


# ------------------------------------------------------------------ where to aim


def pdf_regions(b: bytes) -> Regions:
    r: Regions = {"anywhere": [(0, len(b))], "tail": [(max(0, len(b) - 64), len(b))]}
    for m in re.finditer(rb"/ByteRange\s*\[\s*(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s*\]", b):
        a0, a1, a2, _ = map(int, m.groups())
        hole_start, hole_end = a0 + a1, a2
        der = bytes.fromhex(b[hole_start + 1 : hole_end - 1].decode())
        nb = der[1] & 0x7F if der[1] & 0x80 else 0
        used = 2 * (2 + nb + (int.from_bytes(der[2 : 2 + nb], "big") if nb else der[1]))
        r.setdefault("byte_range", []).append((m.start(), m.end()))
        r.setdefault("contents_der", []).append((hole_start + 1, hole_start + 1 + used))
        r.setdefault("contents_padding", []).append((hole_start + 1 + used, hole_end - 1))
        r.setdefault("contents_delimiters", []).extend([(hole_start, hole_start + 1), (hole_end - 1, hole_end)])
    for m in re.finditer(rb"\nxref\n", b):
        t = b.find(b"trailer", m.start())
        e = b.find(b"%%EOF", t)
        r.setdefault("xref", []).append((m.start() + 1, t))
        r.setdefault("trailer", []).append((t, e + 6))
    for m in re.finditer(rb"/Type /EmbeddedFile", b):
        s = b.find(b"stream\n", m.end()) + 7
        r.setdefault("embedded_file", []).append((s, b.find(b"\nendstream", s)))
    return r


def zip_regions(b: bytes) -> Regions:
    r: Regions = {"anywhere": [(0, len(b))]}
    eocd = b.rfind(b"PK\x05\x06")
    n, cd_off = struct.unpack("<H", b[eocd + 10 : eocd + 12])[0], struct.unpack("<I", b[eocd + 16 : eocd + 20])[0]
    r["end_of_central_directory"] = [(eocd, eocd + 22)]
    r["comment"] = [(eocd + 22, len(b))]
    r["comment_signature"] = [(eocd + 32, eocd + 22 + len(b[eocd + 22 :].rstrip(b" ")))]
    p = cd_off
    for _ in range(n):
        nl, el, cl = struct.unpack("<HHH", b[p + 28 : p + 34])
        csize, lho = struct.unpack("<I", b[p + 20 : p + 24])[0], struct.unpack("<I", b[p + 42 : p + 46])[0]
        r.setdefault("central_directory", []).append((p, p + 46 + nl + el + cl))
        lnl, lel = struct.unpack("<HH", b[lho + 26 : lho + 30])
        r.setdefault("local_header", []).append((lho, lho + 30 + lnl + lel))
        r.setdefault("entry_name", []).append((lho + 30, lho + 30 + lnl))
        if csize:
            r.setdefault("entry_data", []).append((lho + 30 + lnl + lel, lho + 30 + lnl + lel + csize))
        p += 46 + nl + el + cl
    return r


# ------------------------------------------------------------------ mutations


def byte_op(rng: random.Random, b: bytes, regions: Regions) -> tuple[bytes, str]:
    region = rng.choice(sorted(regions))
    s, e = rng.choice(regions[region])
    pos = rng.randrange(s, max(s + 1, e))
    pos = min(pos, len(b) - 1)
    ba = bytearray(b)
    op = rng.choice(["flip", "set", "insert", "delete", "hex_digit", "whitespace", "case"])
    if op == "flip":
        ba[pos] ^= 1 << rng.randrange(8)
    elif op == "set":
        ba[pos] = rng.randrange(256)
    elif op == "insert":
        ba[pos:pos] = bytes(rng.randrange(256) for _ in range(rng.choice([1, 2, 16])))
    elif op == "delete":
        del ba[pos : pos + rng.choice([1, 2, 16])]
    elif op == "hex_digit":
        ba[pos] = rng.choice(b"0123456789ABCDEFabcdef")
    elif op == "whitespace":
        ba[pos : pos + 2] = rng.choice([b"  ", b"\r\n", b"\n\n", b"\t\x0c", b"\0\0"])
    else:
        ba[pos] ^= 0x20
    return bytes(ba), f"{op} in {region} at {pos}"


def pdf_file_op(rng: random.Random, b: bytes, regions: Regions) -> tuple[bytes, str]:
    op = rng.choice(["truncate", "append", "contents_case", "padding_whitespace", "prepend"])
    if op == "truncate":
        n = rng.choice([rng.randrange(1, len(b)), len(b) - 1, b.rfind(b"%%EOF") + 5])
        return b[:n], f"truncated to {n}"
    if op == "append":
        tail = rng.choice([b"\n", b" ", b"\0", b"%%EOF\n", b"\n%%EOF\n", b"%comment\n", b"garbage" * 9,
                           b"\n" + b[b.rfind(b"trailer") :]])
        return b + tail, f"appended {tail[:12]!r}"
    if op == "prepend":
        return rng.choice([b"\n", b" ", b"%PDF-1.7\n"]) + b, "prepended"
    k = rng.randrange(len(regions["contents_der"]))
    ds, _ = regions["contents_der"][k]
    ps, pe = regions["contents_padding"][k]
    if op == "contents_case":  # same bytes once decoded: hex digits are case-insensitive
        seg = b[ds:pe]
        return b[:ds] + (seg.lower() if seg == seg.upper() else seg.upper()) + b[pe:], f"signature {k} hex case"
    pos = ps + 2 * rng.randrange((pe - ps) // 2)  # two padding zeros become whitespace: same DER
    return b[:pos] + rng.choice([b"  ", b"\r\n", b"\n\n"]) + b[pos + 2 :], f"signature {k} padding whitespace"


def _rebuild(entries: list[tuple[zipfile.ZipInfo, bytes]], comment: bytes) -> bytes:
    out = io.BytesIO()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # duplicate names
        with zipfile.ZipFile(out, "w") as z:
            for zi, data in entries:
                z.writestr(zi, data)
            z.comment = comment  # the original archive signature, now over other bytes
    return out.getvalue()


def zip_structural(rng: random.Random, b: bytes) -> tuple[bytes, str]:
    with zipfile.ZipFile(io.BytesIO(b)) as z:
        entries = [(zi, z.read(zi)) for zi in z.infolist()]
        comment = z.comment
    names = [zi.filename for zi, _ in entries]
    i = rng.randrange(len(entries))
    op = rng.choice(["rename", "add", "remove", "duplicate", "reorder", "swap_data", "edit", "extra_field",
                     "entry_comment", "same_entries", "comment_only", "respelled_signature", "append"])
    if op == "rename":
        new = rng.choice([names[i] + "x", names[i].upper(), "./" + names[i], names[i] + " "])
        zi = zipfile.ZipInfo(new, entries[i][0].date_time)
        zi.compress_type = entries[i][0].compress_type
        entries[i] = (zi, entries[i][1])
    elif op == "add":
        entries.append((zipfile.ZipInfo(rng.choice(["extra.txt", "originals/extra.png", "dir/"])), b""))
    elif op == "remove":
        del entries[i]
    elif op == "duplicate":
        entries.insert(rng.randrange(len(entries) + 1), (entries[i][0], rng.choice([entries[i][1], b"other"])))
    elif op == "reorder":
        j = rng.randrange(len(entries))
        entries[i], entries[j] = entries[j], entries[i]
    elif op == "swap_data":
        j = rng.randrange(len(entries))
        entries[i], entries[j] = (entries[i][0], entries[j][1]), (entries[j][0], entries[i][1])
    elif op == "edit":
        target = rng.choice([n for n in names if n.endswith((".json", ".jsonl", "SUMS", ".tsr", ".txt", ".pdf"))])
        k = names.index(target)
        entries[k] = (entries[k][0], entries[k][1] + rng.choice([b"\n", b" ", b"\0"]))
        op += f" {target}"
    elif op == "extra_field":
        entries[i][0].extra = struct.pack("<HH", 0xCAFE, 4) + b"note"
    elif op == "entry_comment":
        entries[i][0].comment = b"note"
    elif op == "comment_only":
        c = bytearray(comment)
        c[rng.randrange(len(c))] = rng.choice(b" \0\nAZaz09+/=")
        return b[: -len(comment)] + bytes(c), "comment edited"
    elif op == "respelled_signature":
        # base64 ignores the unused low bits of its last digit: the same signature, other bytes
        sig = comment[10:].rstrip(b" ")
        body = sig.rstrip(b"=")
        if body == sig:
            return b + b" ", "bytes appended"
        alphabet = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
        spare = 0b1111 if sig.endswith(b"==") else 0b11
        v = alphabet.index(body[-1:])
        respelled = body[:-1] + alphabet[(v & ~spare) | ((v + 1) & spare)].to_bytes(1, "big") + sig[len(body):]
        return b[: -len(comment)] + (comment[:10] + respelled).ljust(len(comment), b" "), "signature respelled"
    elif op == "append":
        return b + rng.choice([b" ", b"\n", b"PK\x05\x06", b"x" * 30]), "bytes appended"
    return _rebuild(entries, comment), f"{op} {names[i]}"


def pdf_revision(rng: random.Random, b: bytes, stamper: object) -> tuple[bytes, str]:
    """An incremental update that changes something, then (or not) a document timestamp."""
    from pyhanko.pdf_utils import generic
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import signers

    w = IncrementalPdfFileWriter(io.BytesIO(b), strict=False)
    op = rng.choice(["title", "unreferenced object", "page text", "open action"])
    if op == "title":
        info = w.trailer["/Info"].get_object()
        info[generic.NameObject("/Title")] = generic.TextStringObject("edited")
        w.update_container(info)
    elif op == "unreferenced object":
        w.add_object(generic.TextStringObject("nothing refers to this"))
    elif op == "page text":
        page = w.root["/Pages"]["/Kids"][0].get_object()
        ref = w.add_object(generic.StreamObject(stream_data=b"BT /F1 24 Tf 90 90 Td (EDITED) Tj ET"))
        page[generic.NameObject("/Contents")] = generic.ArrayObject([page.raw_get("/Contents"), ref])
        w.update_container(page)
    else:
        w.root[generic.NameObject("/OpenAction")] = generic.DictionaryObject(
            {generic.NameObject("/S"): generic.NameObject("/JavaScript"),
             generic.NameObject("/JS"): generic.TextStringObject("app.alert(1)")})
        w.update_root()
    out = io.BytesIO()
    if rng.random() < 0.5:
        signers.PdfTimeStamper(stamper).timestamp_pdf(w, "sha256", validation_context=None, output=out)
        return out.getvalue(), f"revision ({op}) and a document timestamp"
    w.write(out)
    return out.getvalue(), f"revision ({op})"


def mutate(rng: random.Random, kind: str, b: bytes, regions: Regions, stamper: object) -> tuple[bytes, str]:
    r = rng.random()
    if r < 0.6:
        return byte_op(rng, b, regions)
    if kind == "pdf":
        return pdf_revision(rng, b, stamper) if r > 0.9 else pdf_file_op(rng, b, regions)
    return zip_structural(rng, b)


@pytest.fixture(scope="module")
def stamper() -> object:
    """A TSA whose key anyone could have: its document timestamps prove nothing about the bundle."""
    from asn1crypto import x509 as asn1_x509
    from cryptography.hazmat.primitives import serialization
    from pyhanko.keys import load_private_key_from_pemder_data
    from pyhanko.sign.timestamps.dummy_client import DummyTimeStamper

    from tests.tsa_server import _tsa_identity

    cert, key_pem = _tsa_identity()
    a_cert = asn1_x509.Certificate.load(cert.public_bytes(serialization.Encoding.DER))
    return DummyTimeStamper(tsa_cert=a_cert, tsa_key=load_private_key_from_pemder_data(key_pem, None),
                            certs_to_embed=[a_cert])


# ------------------------------------------------------------------ the trials


@pytest.mark.parametrize("kind", ["pdf", "zip"])
@pytest.mark.parametrize("variant", ["plain", "redacted", "no-attach", "timestamped"])
def test_random_mutations_are_rejected_and_named(bundles, stamper, tmp_path: Path, variant: str, kind: str) -> None:
    src = bundles[variant][0 if kind == "pdf" else 1]
    original = src.read_bytes()
    assert verify_bundle(src).ok
    regions: Callable[[bytes], Regions] = pdf_regions if kind == "pdf" else zip_regions
    where = regions(original)
    rng = random.Random(f"{SEED}-{variant}-{kind}")
    passed, unnamed, changed = [], [], 0
    target = tmp_path / f"m.{kind}"
    for _ in range(TRIALS[kind]):
        data, what = mutate(rng, kind, original, where, stamper)
        if data == original:
            continue
        changed += 1
        target.write_bytes(data)
        rep = verify_bundle(target)
        if rep.ok:
            passed.append(what)
        elif not all(c.subject and c.detail and (c.code or c.name == "custody_chain") for c in rep.problems):
            unnamed.append(what)
    assert changed >= TRIALS[kind] * 0.9
    assert not passed, f"{len(passed)} changed {variant} {kind} bundles still verify: {passed}"
    assert not unnamed, f"rejected without saying what (subject, detail and code): {unnamed}"
