"""The page's own pieces (SHA-256, SM3, DER, certificates, signatures, ZIP reading, Merkle root),
run in the same chromium against values Python computes."""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import io
import random
import struct
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.hazmat.primitives.asymmetric.utils import decode_dss_signature, encode_dss_signature
from cryptography.x509.oid import NameOID

from evidencekit.core.export.merkle import merkle_root
from evidencekit.core.export.verifier import VERIFY_HTML, render_verify_html
from evidencekit.core.integrity.hashing import sm3_hex

P256_N = 0xFFFFFFFF00000000FFFFFFFFFFFFFFFFBCE6FAADA7179E84F3B9CAC2FC632551


@pytest.fixture(scope="module")
def js(browser: Any, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    """A page of VERIFY.html; js(code, arg) evaluates ``code`` (a function of ``arg``) in it."""
    path = tmp_path_factory.mktemp("units") / VERIFY_HTML
    path.write_bytes(render_verify_html("en"))
    ctx = browser.new_context()
    page = ctx.new_page()
    page.goto(path.as_uri())
    page.evaluate("""() => {
      window.u8 = (b64) => { const s = atob(b64), o = new Uint8Array(s.length);
                             for (let i = 0; i < s.length; i++) o[i] = s.charCodeAt(i); return o; };
      window.b64 = (u8) => u8 === null ? null : EKV.b64encode(u8);
    }""")
    yield lambda code, arg=None: page.evaluate(code, arg)
    ctx.close()


def b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


LENGTHS = [0, 1, 3, 55, 56, 57, 63, 64, 65, 119, 120, 127, 128, 1000, 65537, (1 << 20) + 3]


def test_sha256_and_sm3_match_python_whole_and_in_pieces(js: Any) -> None:
    rng = random.Random(14)
    inputs = [b"abc", b"abcd" * 16] + [rng.randbytes(n) for n in LENGTHS]
    got = js("""(inputs) => inputs.map((s) => {
        const data = u8(s), pieces = [1, 7, 63, 64, 65, 4099];
        const sha = EKV.Sha256(), sm3 = EKV.Sm3();
        for (let i = 0, k = 0; i < data.length; k++) {
          const n = pieces[k % pieces.length];
          sha.update(data.subarray(i, i + n)); sm3.update(data.subarray(i, i + n)); i += n;
        }
        return [EKV.hex(EKV.sha256(data)), EKV.hex(sha.digest()), EKV.hex(EKV.sm3(data)), EKV.hex(sm3.digest())];
      })""", [b64(x) for x in inputs])
    for data, (sha_one, sha_parts, sm3_one, sm3_parts) in zip(inputs, got, strict=True):
        want_sha, want_sm3 = hashlib.sha256(data).hexdigest(), sm3_hex(data)
        assert sha_one == sha_parts == want_sha, len(data)
        assert sm3_one == sm3_parts == want_sm3, len(data)
    # the GM/T 0004-2012 examples
    assert got[0][2] == "66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0"
    assert got[1][2] == "debe9ff92275b8a138604889c18e5a4d6fdb70e5387e5765293dcba39c0c5732"


def _raw(r: int, s: int, n: int) -> bytes:
    return r.to_bytes(n, "big") + s.to_bytes(n, "big")


def test_der_signatures_become_raw_r_and_s(js: Any) -> None:
    pairs = [(1, P256_N - 1), (1 << 255, 5), ((1 << 247) + 3, (1 << 255) + 7), (0x7F << 248, 0x80 << 248),
             (12345, 1 << 200)]
    good = [[b64(encode_dss_signature(r, s)), b64(_raw(r, s, 32))] for r, s in pairs]
    ok = encode_dss_signature(5, 6)
    bad = [
        ok + b"\0",                           # trailing byte
        b"\x31" + ok[1:],                     # not a SEQUENCE
        bytes.fromhex("3006020180020106"),    # negative r
        bytes.fromhex("300702020001020106"),  # r not minimal
        bytes.fromhex("3009020105020106020107"),  # three integers
        bytes.fromhex("308106020105020106"),  # long form for a short length
        encode_dss_signature(1 << 256, 6),    # r too large for P-256
        b"",
    ]
    got = js("""([good, bad]) => [good.map((g) => b64(EKV.ecdsaDerToRaw(u8(g[0]), 32))),
                                  bad.map((b) => b64(EKV.ecdsaDerToRaw(u8(b), 32)))]""",
             [good, [b64(b) for b in bad]])
    assert got[0] == [g[1] for g in good]
    assert got[1] == [None] * len(bad)


def _cert(key: Any, cn: str | None) -> x509.Certificate:
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, cn)] if cn else
                     [x509.NameAttribute(NameOID.ORGANIZATION_NAME, "no common name")])
    now = dt.datetime(2026, 11, 1, tzinfo=dt.timezone.utc)
    return (x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
            .serial_number(x509.random_serial_number()).not_valid_before(now)
            .not_valid_after(now + dt.timedelta(days=30)).sign(key, hashes.SHA256()))


def _sign(key: Any, data: bytes) -> bytes:
    if isinstance(key, ec.EllipticCurvePrivateKey):
        return key.sign(data, ec.ECDSA(hashes.SHA256()))
    from cryptography.hazmat.primitives.asymmetric import padding

    return key.sign(data, padding.PKCS1v15(), hashes.SHA256())


def _short_signatures(key: ec.EllipticCurvePrivateKey, n: int) -> list[tuple[bytes, bytes]]:
    """Signatures whose r, then whose s, has a leading zero byte: DER drops it, raw keeps it."""
    found: dict[int, tuple[bytes, bytes]] = {}
    for i in range(20_000):
        msg = b"message %d" % i
        sig = key.sign(msg, ec.ECDSA(hashes.SHA256()))
        r, s = decode_dss_signature(sig)
        for k, v in ((0, r), (1, s)):
            if k not in found and v < 1 << (8 * n - 8):
                found[k] = (msg, sig)
        if len(found) == 2:
            return [found[0], found[1]]
    raise AssertionError("no short r or s in 20000 signatures")


def test_certificates_are_read_and_signatures_verified_from_der_and_raw(js: Any) -> None:
    cases = []
    for label, key, size in (("P-256", ec.generate_private_key(ec.SECP256R1()), 32),
                             ("P-384", ec.generate_private_key(ec.SECP384R1()), 48),
                             ("RSA", rsa.generate_private_key(public_exponent=65537, key_size=2048), 0)):
        cert = _cert(key, "张三 Zhang")
        other = ec.generate_private_key(ec.SECP256R1()) if size else rsa.generate_private_key(65537, 2048)
        msgs = [(b"manifest bytes", _sign(key, b"manifest bytes"))]
        if label == "P-256":
            msgs += _short_signatures(key, size)
        sigs = []
        for msg, der in msgs:
            entry = {"msg": b64(msg), "der": b64(der), "tampered": b64(msg + b"!"), "other": b64(_sign(other, msg))}
            if size:
                entry["raw"] = b64(_raw(*decode_dss_signature(der), size))
            sigs.append(entry)
        cases.append({"label": label, "pem": cert.public_bytes(serialization.Encoding.PEM).decode(),
                      "spki": b64(cert.public_key().public_bytes(serialization.Encoding.DER,
                                                                 serialization.PublicFormat.SubjectPublicKeyInfo)),
                      "fp": cert.fingerprint(hashes.SHA256()).hex(), "sigs": sigs})
    got = js("""async (cases) => {
        const out = [];
        for (const c of cases) {
          const der = EKV.pemToDer(c.pem), cert = EKV.parseCert(der);
          const r = {spki: b64(cert.spki), kind: cert.kind, curve: cert.curve, cn: cert.cn,
                     fp: EKV.hex(EKV.sha256(der)), sigs: []};
          for (const s of c.sigs) {
            const v = (sig, msg) => EKV.verifySignature(cert, u8(sig), u8(msg));
            r.sigs.push({der: await v(s.der, s.msg), raw: s.raw ? await v(s.raw, s.msg) : null,
                         tampered: await v(s.der, s.tampered), other: await v(s.other, s.msg),
                         garbage: await v(btoa('not a signature'), s.msg)});
          }
          out.push(r);
        }
        return out;
      }""", cases)
    for c, r in zip(cases, got, strict=True):
        assert r["spki"] == c["spki"] and r["fp"] == c["fp"] and r["cn"] == "张三 Zhang", c["label"]
        assert (r["kind"], r["curve"]) == {"P-256": ("ec", "P-256"), "P-384": ("ec", "P-384"),
                                           "RSA": ("rsa", None)}[c["label"]]
        for s in r["sigs"]:
            assert s["der"] is True and s["raw"] in (True, None), c["label"]
            assert s["tampered"] is False and s["other"] is False and s["garbage"] is False, c["label"]
    assert len(got[0]["sigs"]) == 3  # P-256: a plain signature, one with a short r, one with a short s


def test_a_certificate_without_a_common_name_and_broken_ones(js: Any) -> None:
    cert = _cert(ec.generate_private_key(ec.SECP256R1()), None)
    der = cert.public_bytes(serialization.Encoding.DER)
    got = js("""([d]) => { const der = u8(d);
        return [EKV.parseCert(der).cn, EKV.parseCert(der.subarray(0, der.length - 1)),
                EKV.parseCert(EKV.concat([der, new Uint8Array([0])])), EKV.pemToDer('no certificate here')]; }""",
             [b64(der)])
    assert got == ["", None, None, None]


def _zip_entries(js: Any, data: bytes) -> dict[str, Any]:
    return js("""async (d) => {
        const blob = new Blob([u8(d)]);
        try {
          const info = await EKV.zipOpen(blob);
          const entries = [];
          for (const e of info.entries) {
            const sha = EKV.Sha256();
            let err = null;
            try { await EKV.zipEach(blob, e, (c) => { sha.update(c); }, 1000); } catch (x) { err = x.code || String(x); }
            entries.push({name: e.name, size: e.usize, method: e.method, sha256: err ? null : EKV.hex(sha.digest()),
                          error: err});
          }
          return {entries, comment: b64(info.comment), zip64: info.zip64};
        } catch (x) { return {error: x.code || String(x)}; }
      }""", b64(data))


def _members() -> list[tuple[str, bytes, int]]:
    rng = random.Random(7)
    return [
        ("originals/0001_E1_aaaa.png", rng.randbytes(5000), zipfile.ZIP_STORED),
        ("manifest.json", b'{"files": []}\n' * 300, zipfile.ZIP_DEFLATED),
        ("证据/说明.txt", "中文内容".encode() * 50, zipfile.ZIP_DEFLATED),
        ("empty.bin", b"", zipfile.ZIP_STORED),
        ("empty-deflated.txt", b"", zipfile.ZIP_DEFLATED),
        ("folder/", b"", zipfile.ZIP_STORED),
    ]


def _write_zip(members: list[tuple[str, bytes, int]], comment: bytes = b"") -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        for name, data, method in members:
            z.writestr(name, data, compress_type=method)
        z.comment = comment
    return buf.getvalue()


def _assert_read(got: dict[str, Any], members: list[tuple[str, bytes, int]]) -> None:
    assert "error" not in got, got
    assert [(e["name"], e["size"], e["sha256"]) for e in got["entries"]] == [
        (n, len(d), hashlib.sha256(d).hexdigest()) for n, d, _ in members]


def test_zip_entries_are_read_stored_and_deflated(js: Any) -> None:
    members = _members()
    comment = b"EKZIPSIG1 " + b"x" * 100 + b"PK\x05\x06" + b" " * 86  # the end record's magic in the comment
    got = _zip_entries(js, _write_zip(members, comment))
    _assert_read(got, members)
    assert base64.b64decode(got["comment"]) == comment and got["zip64"] is False


def test_zip64_records_are_read(js: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    # zipfile writes the ZIP64 extra fields and end records once sizes and offsets pass its
    # limit: a low limit gives a genuine ZIP64 archive of a few kilobytes.
    monkeypatch.setattr(zipfile, "ZIP64_LIMIT", 100)
    members = _members()
    data = _write_zip(members)
    assert b"PK\x06\x06" in data and b"PK\x06\x07" in data
    got = _zip_entries(js, data)
    _assert_read(got, members)
    assert got["zip64"] is True


def test_a_zip_name_without_the_utf8_flag_is_code_page_437(js: Any) -> None:
    data = bytearray(_write_zip([("cafX.txt", b"menu", zipfile.ZIP_STORED)]))
    for i in [i for i in range(len(data)) if data[i:i + 8] == b"cafX.txt"]:
        data[i + 3] = 0x82
    got = _zip_entries(js, bytes(data))
    assert got["entries"][0]["name"] == b"caf\x82.txt".decode("cp437") == "café.txt"


def _patch_central(data: bytes, offset: int, fmt: str, value: int) -> bytes:
    cd = data.rindex(b"PK\x01\x02")
    return data[:cd + offset] + struct.pack(fmt, value) + data[cd + offset + struct.calcsize(fmt):]


def test_damaged_zips_give_a_code_not_a_crash(js: Any) -> None:
    good = _write_zip([("a.txt", b"hello world " * 100, zipfile.ZIP_DEFLATED)])
    assert _zip_entries(js, good[: len(good) // 2]) == {"error": "zip_not_zip"}
    assert _zip_entries(js, b"")["error"] == "zip_not_zip"
    # the local header names another file than the central directory
    renamed = good.replace(b"a.txt", b"b.txt", 1)
    assert _zip_entries(js, renamed)["entries"][0]["error"] == "zip_damaged"
    # the directory promises less than the entry inflates to (a zip bomb's trick)
    assert _zip_entries(js, _patch_central(good, 24, "<I", 10))["entries"][0]["error"] == "zip_damaged"
    # encrypted, and an unknown method
    assert _zip_entries(js, _patch_central(good, 8, "<H", 1))["entries"][0]["error"] == "zip_encrypted"
    assert _zip_entries(js, _patch_central(good, 10, "<H", 12))["entries"][0]["error"] == "zip_method"
    # a central directory that runs past the end of the file
    eocd = good.rindex(b"PK\x05\x06")
    bad_count = good[:eocd + 10] + struct.pack("<H", 5) + good[eocd + 12:]
    assert _zip_entries(js, bad_count)["error"] == "zip_damaged"


def test_merkle_roots_match_python(js: Any) -> None:
    rng = random.Random(3)
    for n in (0, 1, 2, 3, 5, 8):
        leaves = [rng.randbytes(32).hex() for _ in range(n)]
        got = js("(l) => [EKV.merkleRoot(l, 'sha256'), EKV.merkleRoot(l, 'sm3')]", leaves)
        assert got == [merkle_root(leaves, "sha256"), merkle_root(leaves, "sm3")], n


def test_base64_is_read_only_as_written(js: Any) -> None:
    sig = b64(bytes(range(70)))
    got = js("(xs) => xs.map((x) => b64(EKV.b64decode(x)))", ["AAE=", "AAF=", "AA E=", "AAE", "AAE=\n", sig, "@@@@"])
    assert got == ["AAE=", None, None, None, None, sig, None]


def test_the_page_runs_in_a_secure_context_with_the_apis_it_needs(js: Any) -> None:
    got = js("() => [isSecureContext, EKV.hasWebCrypto(), EKV.canInflate(), location.protocol]")
    assert got == [True, True, True, "file:"]


def test_nothing_outside_the_page_is_requested(browser: Any, tmp_path: Path) -> None:
    path = tmp_path / VERIFY_HTML
    path.write_bytes(render_verify_html("zh-Hant"))
    ctx = browser.new_context()
    page = ctx.new_page()
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    violations: list[str] = []
    page.on("console", lambda m: violations.append(m.text) if "Content Security Policy" in m.text else None)
    page.goto(path.as_uri())
    assert page.text_content("#title") == "EvidenceKit 證據包驗證頁"
    assert page.is_visible("#drop") and not page.is_visible("#guide-body")
    ctx.close()
    assert requests == [path.as_uri()]
    assert violations == []  # the inline script and style match the hashes in the policy
