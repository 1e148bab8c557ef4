"""VERIFY.html in Debian's chromium on genuine and tampered bundles: what the reader is told."""

from __future__ import annotations

import base64
import datetime as dt
import json
import shutil
import zipfile
from pathlib import Path
from typing import Any

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import NameOID

from evidencekit.core.export.verifier import VERIFY_HTML, render_verify_html
from evidencekit.core.integrity.identity import SigningIdentity, create_identity
from tests.browser.bundles import extract, rebuild, rewrite
from tests.browser.conftest import Bundles
from tests.core.export.fixtures import NOW


@pytest.fixture(scope="module")
def browser(bundles: Bundles, browser: Any) -> Any:
    """The bundles are exported before the browser starts (see the conftest's ``browser``)."""
    return browser


@pytest.fixture(scope="session")
def unpacked(bundles: Bundles) -> Path:
    """The good bundle unpacked: its VERIFY.html is the page the reader opens."""
    return extract(bundles.good, bundles.folder / "unpacked")


def _exhibit_numbers(b: Bundles) -> list[str]:
    return [ex.number for ex in b.inp.exhibits]


def _rsa_identity(name: str) -> SigningIdentity:
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, name)])
    cert = (x509.CertificateBuilder().subject_name(subject).issuer_name(subject).public_key(key.public_key())
            .serial_number(x509.random_serial_number()).not_valid_before(NOW - dt.timedelta(days=1))
            .not_valid_after(NOW + dt.timedelta(days=365)).sign(key, hashes.SHA256()))
    return SigningIdentity(key, cert)


def _original(zip_path: Path, prefix: str) -> str:
    return next(n for n in zipfile.ZipFile(zip_path).namelist() if n.startswith(prefix))


def test_a_good_bundle_is_verified_exhibit_by_exhibit(bundles: Bundles, unpacked: Path, open_page: Any) -> None:
    v = open_page(unpacked / VERIFY_HTML)
    r = v.check(bundles.good)
    assert r["verdict"] == "ok", r["verdictText"]
    assert r["headline"].endswith("核对通过")
    assert "本包中的 4 份证据原件与提交人签名的证据清单完全一致（SHA-256 和 SM3 两种指纹都相同）" in r["verdictText"]
    assert r["fingerprint"] == bundles.identity.fingerprint
    # one line per exhibit, in the bundle's language, with the digest it was checked against
    assert [x["exhibit"] for x in r["exhibits"]] == _exhibit_numbers(bundles)
    for x, ex in zip(r["exhibits"], bundles.inp.exhibits, strict=True):
        assert x["status"] == "ok"
        assert x["text"] == f"证据{ex.number}：与签名清单一致（SHA-256 {ex.item.sha256[:16]}…）"
    assert r["checks"] == {"structure": "ok", "cert": "ok", "archive": "ok", "manifest_sig": "ok", "merkle": "ok",
                           "files": "ok", "extras": "ok", "sums": "ok"}
    bundle_fp = v.page.text_content("#bundle-fingerprint")
    assert bundle_fp == json.loads(zipfile.ZipFile(bundles.good).read("manifest.json"))["merkle_root_sha256"]
    # it tells the reader to compare the fingerprint, and what it did not check
    assert "PDF 封面上印的“签名证书指纹”" in r["text"] and "签名面板" in r["text"]
    assert "PDF 文件本身的电子签名：请用 PDF 阅读器打开 bundle.pdf" in r["text"]
    assert r["lang"] == "zh-Hans" and r["chunked"] == 0
    assert v.errors == []


def test_the_exported_zip_carries_the_page_and_stores_every_member(bundles: Bundles, unpacked: Path) -> None:
    with zipfile.ZipFile(bundles.good) as z:
        assert {zi.compress_type for zi in z.infolist()} == {zipfile.ZIP_STORED}
        listed = {f["path"] for f in json.loads(z.read("manifest.json"))["files"]}
    assert VERIFY_HTML in listed
    assert (unpacked / VERIFY_HTML).read_bytes() == render_verify_html("zh-Hans")


def test_an_older_deflated_zip_is_verified_by_the_page(bundles: Bundles, open_page: Any) -> None:
    # made before VERIFY.html was in the bundle, its text members deflated:
    # DecompressionStream("deflate-raw") reads them
    with zipfile.ZipFile(bundles.legacy) as z:
        assert z.getinfo("manifest.json").compress_type == zipfile.ZIP_DEFLATED
        want = json.loads(z.read("manifest.json"))
    r = open_page(bundles.page).check(bundles.legacy)
    assert r["verdict"] == "ok", r["verdictText"]
    assert r["fingerprint"] == want["certificate_sha256"]
    assert [(x["exhibit"], x["status"]) for x in r["exhibits"]] == [("1", "ok"), ("2-1", "ok"), ("2-2", "ok")]
    assert r["checks"]["archive"] == "ok" and r["checks"]["manifest_sig"] == "ok"


@pytest.mark.parametrize("how", ["last byte", "middle byte", "truncated"])
def test_a_changed_original_is_named(bundles: Bundles, unpacked: Path, open_page: Any, tmp_path: Path, how: str) -> None:
    target = _original(bundles.good, "originals/0002_")

    def edit(name: str, data: bytes) -> bytes:
        if name != target:
            return data
        if how == "last byte":
            return data[:-1] + bytes([data[-1] ^ 1])
        if how == "middle byte":
            i = len(data) // 2
            return data[:i] + bytes([data[i] ^ 0x80]) + data[i + 1:]
        return data[:-100]

    r = open_page(unpacked / VERIFY_HTML).check(rewrite(bundles.good, tmp_path / "changed.zip", edit))
    assert r["verdict"] == "fail"
    assert r["headline"].endswith("发现问题")
    changed = [x for x in r["exhibits"] if x["status"] != "ok"]
    assert changed == [{"exhibit": "2-1", "status": "changed", "text": "证据2-1：文件已被改动，与清单不符"}]
    assert "证据2-1：文件已被改动，与清单不符" in r["verdictText"]
    assert r["checks"]["archive"] == "fail" and r["checks"]["manifest_sig"] == "ok"
    assert r["fingerprint"] == bundles.identity.fingerprint


def test_a_missing_original_is_named(bundles: Bundles, unpacked: Path, open_page: Any, tmp_path: Path) -> None:
    target = _original(bundles.good, "originals/0004_")
    p = tmp_path / "missing.zip"
    with zipfile.ZipFile(bundles.good) as zin, zipfile.ZipFile(p, "w") as zout:
        for zi in zin.infolist():
            if zi.filename != target:
                zout.writestr(zi, zin.read(zi))
        zout.comment = zin.comment
    r = open_page(unpacked / VERIFY_HTML).check(p)
    assert r["verdict"] == "fail"
    assert r["exhibits"][-1] == {"exhibit": "3", "status": "missing", "text": "证据3：包中缺少这份文件"}


def test_an_edited_manifest_is_caught(bundles: Bundles, unpacked: Path, open_page: Any, tmp_path: Path) -> None:
    def edit(name: str, data: bytes) -> bytes:
        if name != "manifest.json":
            return data
        m = json.loads(data)
        m["items"][0]["proves"] = "something else"
        return json.dumps(m, sort_keys=True, indent=1, ensure_ascii=False).encode() + b"\n"

    r = open_page(unpacked / VERIFY_HTML).check(rewrite(bundles.good, tmp_path / "m.zip", edit))
    assert r["verdict"] == "fail"
    assert r["checks"]["manifest_sig"] == "fail"
    assert "证据清单的签名无效：清单被改动过，或不是用这张证书签的名" in r["verdictText"]
    # the files still match the (edited) list, and the page says that this proves nothing
    assert {x["status"] for x in r["exhibits"]} == {"ok_unsigned"}
    assert "清单的签名未能确认，所以这不能证明文件未被改动" in r["exhibits"][0]["text"]


def test_an_original_replaced_together_with_its_digests_is_caught(
    bundles: Bundles, unpacked: Path, open_page: Any, tmp_path: Path
) -> None:
    import hashlib

    from evidencekit.core.integrity.hashing import sm3_hex

    target = _original(bundles.good, "originals/0001_")
    fake = b"\x89PNG not the screenshot"
    sha, sm3 = hashlib.sha256(fake).hexdigest(), sm3_hex(fake)

    def edit(name: str, data: bytes) -> bytes:
        if name == target:
            return fake
        if name == "manifest.json":
            m = json.loads(data)
            for rec in m["files"]:
                if rec["path"] == target:
                    rec.update(size=len(fake), sha256=sha, sm3=sm3)
            m["items"][0].update(size=len(fake), sha256=sha, sm3=sm3)
            return json.dumps(m, sort_keys=True, indent=1, ensure_ascii=False).encode() + b"\n"
        if name in ("SHA256SUMS", "SM3SUMS"):
            old = bundles.inp.exhibits[0].item
            return data.replace((old.sha256 if name == "SHA256SUMS" else old.sm3).encode(),
                                (sha if name == "SHA256SUMS" else sm3).encode())
        return data

    r = open_page(unpacked / VERIFY_HTML).check(rewrite(bundles.good, tmp_path / "r.zip", edit))
    assert r["verdict"] == "fail"
    assert r["checks"]["manifest_sig"] == "fail" and r["checks"]["merkle"] == "fail"
    assert r["exhibits"][0]["status"] == "ok_unsigned"


def test_a_swapped_certificate_shows_another_fingerprint(
    bundles: Bundles, unpacked: Path, open_page: Any, tmp_path: Path
) -> None:
    other = create_identity("张三", now=NOW)  # the same name: only the fingerprint tells them apart
    p = rebuild(bundles.good, tmp_path / "swapped.zip", other, certificate=True)
    r = open_page(unpacked / VERIFY_HTML).check(p)
    assert r["fingerprint"] == other.fingerprint != bundles.identity.fingerprint
    # the manifest still names the genuine certificate
    assert r["verdict"] == "fail" and r["checks"]["cert"] == "fail"
    assert r["checks"]["manifest_sig"] == "ok" and r["checks"]["archive"] == "ok"


def test_a_wholly_re_signed_bundle_passes_but_shows_its_own_fingerprint(
    bundles: Bundles, unpacked: Path, open_page: Any, tmp_path: Path
) -> None:
    # Everything re-signed with another key (P-384 here): nothing inside the ZIP can tell, and
    # the page says so; the fingerprint differs.
    other = create_identity("张三", now=NOW)
    from cryptography.hazmat.primitives.asymmetric import ec

    key = ec.generate_private_key(ec.SECP384R1())
    cert = (x509.CertificateBuilder().subject_name(other.certificate.subject).issuer_name(other.certificate.subject)
            .public_key(key.public_key()).serial_number(x509.random_serial_number())
            .not_valid_before(NOW - dt.timedelta(days=1)).not_valid_after(NOW + dt.timedelta(days=365))
            .sign(key, hashes.SHA256()))
    other = SigningIdentity(key, cert)

    def name_it(m: dict[str, Any]) -> None:
        m["certificate_sha256"] = other.fingerprint

    p = rebuild(bundles.good, tmp_path / "resigned.zip", other, certificate=True, edit_manifest=name_it)
    r = open_page(unpacked / VERIFY_HTML).check(p)
    assert r["verdict"] == "ok", r["verdictText"]
    assert r["fingerprint"] == other.fingerprint != bundles.identity.fingerprint
    assert "不相同时，说明整个证据包（包括本页）可能被替换过" in r["text"]


def test_an_rsa_signed_manifest_in_a_re_packed_zip(bundles: Bundles, unpacked: Path, open_page: Any,
                                                   tmp_path: Path) -> None:
    # An imported PKCS#12 identity may hold an RSA key. Its archive signature does not fit the
    # 200-byte ZIP comment, so this ZIP has none, as after re-packing: the files are still
    # checked against the signed manifest, and the page says the ZIP was re-packed.
    other = _rsa_identity("张三")

    def name_it(m: dict[str, Any]) -> None:
        m["certificate_sha256"] = other.fingerprint

    p = rebuild(bundles.good, tmp_path / "rsa.zip", other, certificate=True, edit_manifest=name_it, sign_zip=False)
    r = open_page(unpacked / VERIFY_HTML).check(p)
    assert r["verdict"] == "warn", r["verdictText"]
    assert r["checks"]["manifest_sig"] == "ok" and r["checks"]["archive"] == "warn"
    assert "ZIP 包没有原来的签名：它被重新打包过" in r["verdictText"]
    assert [x["status"] for x in r["exhibits"]] == ["ok"] * 4
    assert r["fingerprint"] == other.fingerprint


def test_the_unpacked_folder_is_verified(bundles: Bundles, unpacked: Path, open_page: Any) -> None:
    r = open_page(unpacked / VERIFY_HTML).check(unpacked, folder=True)
    assert r["verdict"] == "ok", r["verdictText"]
    assert r["fingerprint"] == bundles.identity.fingerprint
    assert [x["status"] for x in r["exhibits"]] == ["ok"] * 4
    assert r["checks"]["archive"] == "na" and "structure" not in r["checks"]
    assert "这是解压后的文件夹" in r["checkText"]["archive"]


def test_a_changed_file_and_an_extra_file_in_the_folder_are_named(
    bundles: Bundles, unpacked: Path, open_page: Any, tmp_path: Path
) -> None:
    folder = shutil.copytree(unpacked, tmp_path / "bundle")
    (folder / ".DS_Store").write_bytes(b"\0\0\0\1Bud1")  # left by macOS: ignored
    (folder / "originals" / "note.txt").write_text("added later")
    target = next((folder / "originals").glob("0003_*"))
    target.write_bytes(target.read_bytes() + b"\0")
    r = open_page(unpacked / VERIFY_HTML).check(folder, folder=True)
    assert r["verdict"] == "fail"
    assert [x["status"] for x in r["exhibits"]] == ["ok", "ok", "changed", "ok"]
    assert r["checks"]["extras"] == "fail"
    assert "originals/note.txt" in r["checkText"]["extras"] and ".DS_Store" not in r["text"]


def _resigned_in(bundles: Bundles, lang: str, tmp: Path) -> Path:
    def set_lang(m: dict[str, Any]) -> None:
        m["language"] = lang

    return rebuild(bundles.good, tmp / f"{lang}.zip", bundles.identity, edit_manifest=set_lang)


@pytest.mark.parametrize(
    "lang,good,changed",
    [("en", "Exhibit 2-1: matches the signed manifest (SHA-256 ", "Exhibit 2-1: the file has been changed"),
     ("zh-Hant", "證據2-1：與簽名清單一致（SHA-256 ", "證據2-1：檔案已被改動，與清單不符")],
)
def test_results_are_in_the_bundles_language(
    bundles: Bundles, unpacked: Path, open_page: Any, tmp_path: Path, lang: str, good: str, changed: str
) -> None:
    p = _resigned_in(bundles, lang, tmp_path)
    v = open_page(unpacked / VERIFY_HTML)  # a zh-Hans page switches to the bundle's language
    r = v.check(p)
    assert r["verdict"] == "ok" and r["lang"] == lang
    assert r["exhibits"][1]["text"].startswith(good)
    target = _original(p, "originals/0002_")
    bad = rewrite(p, tmp_path / "bad.zip", lambda n, d: d[:-1] + b"x" if n == target else d)
    r = v.check(bad)
    assert r["exhibits"][1]["text"].startswith(changed)


def test_the_reader_can_switch_the_language(bundles: Bundles, unpacked: Path, open_page: Any) -> None:
    v = open_page(unpacked / VERIFY_HTML)
    v.check(bundles.good)
    v.page.click("#langs button[data-lang=en]")
    r = v.result()
    assert r["lang"] == "en" and r["headline"].endswith("Verified")
    assert r["exhibits"][0]["text"].startswith("Exhibit 1: matches the signed manifest")


def test_large_files_are_hashed_in_chunks_with_the_same_result(
    bundles: Bundles, unpacked: Path, open_page: Any, tmp_path: Path
) -> None:
    v = open_page(unpacked / VERIFY_HTML)
    v.page.evaluate("() => { EKV.config.memLimit = 0; EKV.config.chunk = 65537; }")
    r = v.check(bundles.good)
    listed = json.loads(zipfile.ZipFile(bundles.good).read("manifest.json"))["files"]
    assert r["verdict"] == "ok" and r["chunked"] == len(listed) + 1  # every file, and the archive
    assert [x["text"] for x in r["exhibits"]][0].endswith(f"{bundles.inp.exhibits[0].item.sha256[:16]}…）")
    target = _original(bundles.good, "originals/0002_")
    r = v.check(rewrite(bundles.good, tmp_path / "c.zip", lambda n, d: d[:-1] + b"x" if n == target else d))
    assert [x["status"] for x in r["exhibits"]] == ["ok", "changed", "ok", "ok"]


NO_SUBTLE = "Object.defineProperty(Crypto.prototype, 'subtle', { get() { return undefined; } });"


def test_without_webcrypto_it_says_what_to_do_and_claims_less(bundles: Bundles, unpacked: Path, open_page: Any) -> None:
    v = open_page(unpacked / VERIFY_HTML, init_script=NO_SUBTLE)
    assert "不提供本页所需的加密功能（WebCrypto）" in v.page.inner_text("#env")
    assert "用 Chrome、Edge、Firefox 或 Safari 打开" in v.page.inner_text("#env")
    r = v.check(bundles.good)
    assert r["verdict"] == "incomplete"
    assert r["checks"]["manifest_sig"] == "skip" and r["checks"]["archive"] == "skip"
    # the digests are still computed (by the page's own SHA-256), the certificate still shown
    assert r["fingerprint"] == bundles.identity.fingerprint
    assert {x["status"] for x in r["exhibits"]} == {"ok_unsigned"}
    assert r["chunked"] > 0


def test_without_javascript_the_page_explains_how_to_verify(unpacked: Path, open_page: Any) -> None:
    v = open_page(unpacked / VERIFY_HTML, java_script_enabled=False)
    page = v.page
    assert not page.is_visible("#app") and not page.is_visible("#pick-zip")
    text = page.inner_text("body")
    for want in ("这是什么文件", "用 PDF 阅读器核对", "签名面板", "自应用本签名以来，文档未被修改", "什么是指纹",
                 "签名证书指纹（SHA-256）", "没有运行页面的脚本"):
        assert want in text, want


def test_a_pdf_or_a_stray_file_is_explained(bundles: Bundles, open_page: Any, tmp_path: Path) -> None:
    v = open_page(bundles.page)
    r = v.check(bundles.folder / "bundle.pdf")
    assert r["verdict"] == "cannot" and "PDF 的电子签名请在 PDF 阅读器中查看" in r["verdictText"]
    stray = tmp_path / "notes.txt"
    stray.write_text("hello")
    r = v.check(stray)
    assert r["verdict"] == "cannot" and "“notes.txt”不是 ZIP 证据包" in r["verdictText"]
    half = tmp_path / "half.zip"
    half.write_bytes(bundles.good.read_bytes()[: bundles.good.stat().st_size // 2])
    r = v.check(half)
    assert r["verdict"] == "cannot" and "不是完整的 ZIP 文件" in r["verdictText"]


def test_a_dropped_zip_is_verified(bundles: Bundles, unpacked: Path, open_page: Any) -> None:
    v = open_page(unpacked / VERIFY_HTML)
    data = base64.b64encode(bundles.good.read_bytes()).decode("ascii")
    dt_handle = v.page.evaluate_handle(
        """(b64) => {
          const bin = atob(b64), u8 = new Uint8Array(bin.length);
          for (let i = 0; i < bin.length; i++) u8[i] = bin.charCodeAt(i);
          const dt = new DataTransfer();
          dt.items.add(new File([u8], 'bundle.zip', { type: 'application/zip' }));
          return dt;
        }""",
        data,
    )
    v.page.dispatch_event("#drop", "drop", {"dataTransfer": dt_handle})
    r = v.result()
    assert r["verdict"] == "ok" and r["fingerprint"] == bundles.identity.fingerprint


def test_a_redacted_bundle_says_its_originals_are_not_included(open_page: Any, bundles: Bundles) -> None:
    r = open_page(bundles.page).check(bundles.redacted)
    assert r["verdict"] == "ok", r["verdictText"]
    assert [x["status"] for x in r["exhibits"]] == ["not_included"] * 2
    assert "本包为脱敏版，不含原件" in r["verdictText"]
    assert r["exhibits"][0]["text"].startswith("证据1：本包不含原件（脱敏版）")


def test_the_page_is_one_file_that_can_reach_nothing() -> None:
    page = render_verify_html("en").decode("utf-8")
    assert "default-src 'none'" in page
    for ref in ("http://", "https://", "src=", "<link"):
        assert ref not in page.split("<script type=\"application/json\"")[0].split("<style>")[0] or ref == "src=", ref
    assert render_verify_html("en") == render_verify_html("en")


NO_INFLATE = "delete window.DecompressionStream;"


def test_without_decompression_the_exported_zip_still_verifies_and_an_old_one_says_to_unpack(
    bundles: Bundles, unpacked: Path, open_page: Any
) -> None:
    v = open_page(unpacked / VERIFY_HTML, init_script=NO_INFLATE)
    assert "请先解压 ZIP，再把解压出的文件夹拖进来" in v.page.inner_text("#env")
    # every member of today's ZIP is stored: nothing to inflate
    r = v.check(bundles.good)
    assert r["verdict"] == "ok", r["verdictText"]
    assert [x["status"] for x in r["exhibits"]] == ["ok"] * 4
    r = v.check(bundles.legacy)  # an earlier exporter deflated the manifest
    assert r["verdict"] == "incomplete"
    assert "右键点击 ZIP 文件 →“全部解压缩”" in r["verdictText"]
    r = v.check(unpacked, folder=True)
    assert r["verdict"] == "ok" and r["fingerprint"] == bundles.identity.fingerprint


def test_a_dropped_folder_is_walked_to_its_last_file(unpacked: Path, open_page: Any) -> None:
    # A drop hands over FileSystemEntry objects, whose directory readers give their entries a
    # batch at a time: the same shapes, made in the page, over the unpacked bundle's file names.
    names = sorted(str(p.relative_to(unpacked)) for p in unpacked.rglob("*") if p.is_file())
    v = open_page(unpacked / VERIFY_HTML)
    got = v.page.evaluate(
        """(names) => {
          const dir = (name, children) => ({ isFile: false, isDirectory: true, name, createReader() {
              let i = 0;  // two entries per readEntries call, then an empty batch
              return { readEntries(ok) { setTimeout(() => { ok(children.slice(i, i + 2)); i += 2; }, 0); } }; } });
          const file = (name) => ({ isFile: true, isDirectory: false, name,
                                    file(ok) { ok(new File(['x'], name)); } });
          const tree = {};
          for (const n of names) {
            let node = tree; const parts = n.split('/');
            for (const p of parts.slice(0, -1)) node = node[p] = node[p] || {};
            node[parts[parts.length - 1]] = null;
          }
          const build = (name, node) => node === null ? file(name)
            : dir(name, Object.keys(node).map((k) => build(k, node[k])));
          return EKV.collectEntries([build('bundle', tree)]).then((out) => out.map((f) => f.path).sort());
        }""",
        names,
    )
    assert got == ["bundle/" + n for n in names]


def test_an_sm3_that_disagrees_is_caught_too(bundles: Bundles, unpacked: Path, open_page: Any, tmp_path: Path) -> None:
    # A manifest signed with a wrong SM3 for exhibit 2-1 (its SHA-256 right): the page computes
    # SM3 itself and does not take the SHA-256 alone for a match.
    target = _original(bundles.good, "originals/0002_")

    def wrong_sm3(m: dict[str, Any]) -> None:
        bad = "0" * 64
        m["items"][1]["sm3"] = bad
        next(r for r in m["files"] if r["path"] == target)["sm3"] = bad

    p = rebuild(bundles.good, tmp_path / "sm3.zip", bundles.identity, edit_manifest=wrong_sm3)
    r = open_page(unpacked / VERIFY_HTML).check(p)
    assert r["checks"]["manifest_sig"] == "ok"
    assert [x["status"] for x in r["exhibits"]] == ["ok", "changed", "ok", "ok"]
    assert r["verdict"] == "fail"


def test_a_zip_re_packed_from_the_unpacked_folder(bundles: Bundles, unpacked: Path, open_page: Any, tmp_path: Path) -> None:
    # What "Send to > Compressed folder" or the Finder makes of the unpacked bundle: everything
    # under a top folder, deflated, no archive signature, and on a Mac a __MACOSX folder.
    p = tmp_path / "repacked.zip"
    with zipfile.ZipFile(p, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("bundle/", b"")
        for f in sorted(unpacked.rglob("*")):
            if f.is_file():
                z.write(f, "bundle/" + str(f.relative_to(unpacked)))
        z.writestr("__MACOSX/bundle/._bundle.pdf", b"\0\5\26\7")
    r = open_page(unpacked / VERIFY_HTML).check(p)
    assert r["verdict"] == "warn", r["verdictText"]
    assert r["checks"]["archive"] == "warn" and r["checks"]["extras"] == "ok"
    assert [x["status"] for x in r["exhibits"]] == ["ok"] * 4
    assert r["headline"].endswith("原件一致，但 ZIP 包被重新打包过")
