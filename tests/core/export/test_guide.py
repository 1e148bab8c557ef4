"""The verification guide (the PDF's verification page and VERIFY.txt): the routes in the order a
reader needs them, only the steps that apply to the bundle, and every command correct as written
(run here, for real, on an exported bundle)."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import zipfile
from dataclasses import replace
from importlib import resources
from pathlib import Path

import pytest
from cryptography.hazmat.primitives import serialization

from evidencekit import __version__
from evidencekit.core.export.bundle import export_bundle
from evidencekit.core.export.format import README
from evidencekit.core.export.guide import (
    TSA_ROOT,
    GuideFacts,
    Heading,
    Steps,
    Text,
    Value,
    as_text,
    commands,
    verification_guide,
)
from evidencekit.core.export.model import ExportOptions
from evidencekit.core.export.strings import strings
from evidencekit.core.models import LANGUAGES
from tests.core.export.fixtures import NOW, make_input

FACTS = GuideFacts(pdf_name="bundle-2026-11-28.pdf", zip_name="bundle-2026-11-28.zip", signer="张三",
                   cert_fingerprint="ab" * 32, bundle_fingerprint="cd" * 32, exhibits=3,
                   attached=("0001_E1_aaaaaaaaaaaa.png", "0002_E2-1_bbbbbbbbbbbb.png", "0003_E2-2_cccccccccccc.png"),
                   timestamp_files=(("timestamps/batch-001.json", "timestamps/batch-001-tsa1.tsr"),),
                   timestamp_lines=("line",), doc_timestamp=True)
NO_EXTRAS = replace(FACTS, zip_name=None, timestamp_files=(), timestamp_lines=(), doc_timestamp=False)


def _text(blocks) -> str:
    return as_text(blocks)


def _headings(blocks) -> list[str]:
    return [b.text for b in blocks if isinstance(b, Heading)]


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_route_without_installation_comes_first(lang: str) -> None:
    s = strings(lang)
    blocks = verification_guide(s, FACTS, "pdf")
    heads = _headings(blocks)
    assert heads[0] == s("guide.route", n=s("guide.n1"), name=s("guide.pdf_heading"))
    assert heads[1] == s("guide.route", n=s("guide.n2"), name=s("guide.html_heading", page="VERIFY.html"))
    cli = s("guide.route", n=s("guide.n3"), name=s("guide.cli_heading"))
    assert heads.index(cli) > heads.index(s("guide.times_heading")) > 1
    assert heads[-1] == s("guide.terms_heading")
    # the fingerprints to compare, in full, before any route
    values = [b for b in blocks if isinstance(b, Value)]
    assert [v.value for v in values] == [FACTS.cert_fingerprint, FACTS.bundle_fingerprint]
    assert blocks.index(values[0]) < min(i for i, b in enumerate(blocks) if isinstance(b, Heading))
    # VERIFY.txt: the reader holds the unzipped folder, so the page in it comes first
    heads = _headings(verification_guide(s, FACTS, "zip"))
    assert heads[0] == s("guide.route", n=s("guide.n1"), name=s("guide.html_heading", page="VERIFY.html"))


@pytest.mark.parametrize("lang", LANGUAGES)
def test_what_the_reader_must_know_is_said(lang: str) -> None:
    s = strings(lang)
    text = _text(verification_guide(s, FACTS, "pdf"))
    for key in ("guide.pdf.unknown", "guide.pdf.cert", "guide.copies", "guide.times_why", "verify_proves",
                "verify_not_proves", "guide.term.sha256", "guide.term.sm3", "guide.term.merkle", "guide.term.pades",
                "guide.term.rfc3161", "guide.cli.get"):
        assert s(key, version=__version__) in text, key
    # the three times, named as the exhibit pages name them
    for label in (s("m_file_time"), s("m_exif_time"), s("m_imported")):
        assert label in text
    assert "EvidenceKitSignature" in text and "Get-FileHash" in text


def test_the_chinese_page_speaks_plainly() -> None:
    text = _text(verification_guide(strings("zh-Hans"), FACTS, "pdf"))
    for want in ("签名有效性未知", "签名者身份未知", "自签名证书", "自应用本签名以来，文档未被修改", "重新压缩",
                 "消息时间", "文件时间", "导入时间", "默克尔根", "国家密码管理局", "PAdES", "RFC 3161",
                 "签名能证明什么，不能证明什么", "签名不能证明导入之前发生的事情", "VERIFY.html",
                 "向提交人索取制作本材料所用版本"):
        assert want in text, want


def test_steps_that_do_not_apply_are_left_out() -> None:
    s = strings("zh-Hans")
    plain = verification_guide(s, NO_EXTRAS, "pdf")
    text, cmds = _text(plain), list(commands(plain))
    # no ZIP: no browser page, no ZIP to verify
    assert "VERIFY.html" not in text and not any(".zip" in c for c in cmds)
    assert len(_headings(plain)) == len(_headings(verification_guide(s, FACTS, "pdf"))) - 1
    # no timestamp: no timestamp step, no RFC 3161 term, and no word of a document timestamp
    assert not any("openssl ts" in c for c in cmds) and "RFC 3161" not in text
    assert s("guide.cli.pdfsig_whole") in text and s("guide.cli.pdfsig_ts") not in text
    assert s("guide.pdf.unmodified_ts") not in text
    assert s("ts_none") in text
    # a redacted bundle has no originals to hash
    red = verification_guide(s, replace(FACTS, attached=(), redacted=True), "pdf")
    assert not any(c.startswith(("sha256sum", "openssl dgst -sm3")) for c in commands(red))
    assert s("guide.cli.redacted") in _text(red) and s("redacted_note") in _text(red)
    assert "Get-FileHash" not in _text(red)  # no original to check one by one
    for key in ("guide.intro_redacted", "guide.html.drop_redacted", "guide.copies_redacted"):
        assert s(key) in _text(red) and s(key.removesuffix("_redacted")) not in _text(red)
    # originals only in the ZIP: said where they are
    zipped = verification_guide(s, replace(FACTS, attached=()), "pdf")
    assert not any(c.startswith("sha256sum attachments") for c in commands(zipped))
    assert s("guide.cli.zip_originals", folder="originals/", sums="SHA256SUMS", sm3sums="SM3SUMS") in _text(zipped)


def test_every_language_has_every_string_with_the_same_placeholders() -> None:
    tables = {lang: json.loads(resources.files("evidencekit.core.export").joinpath("locale", f"{lang}.json")
                               .read_text("utf-8")) for lang in LANGUAGES}
    base = tables["zh-Hans"]
    for lang, table in tables.items():
        assert set(table) == set(base), (lang, set(table) ^ set(base))
        for key, text in table.items():
            assert set(re.findall(r"\{(\w+)\}", text)) == set(re.findall(r"\{(\w+)\}", base[key])), (lang, key)


# ------------------------------------------------------------------ the commands, run


TOOLS = ("pdfsig", "pdfdetach", "openssl", "sha256sum")


@pytest.fixture(scope="module")
def stamped(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, bytes]:
    """A bundle (PDF and ZIP) with batch and document timestamps, a file name with a space and
    Chinese in it, and the test TSA's certificate."""
    from tests.tsa_server import running_tsa

    d = tmp_path_factory.mktemp("guide")
    inp = make_input(d / "in", 2)
    with running_tsa() as server:
        res = export_bundle(inp, d / "张三 证据.pdf", ExportOptions(make_zip=True, now=NOW, tsa_urls=(server.url,)))
        root = server.certificate.public_bytes(serialization.Encoding.PEM)
    assert res.zip_path is not None and res.timestamped
    return res.pdf_path, res.zip_path, root


def _run_all(cmds: list[str], cwd: Path) -> list[str]:
    """Each command in a shell in ``cwd``, as a reader types it; their outputs."""
    env = {**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}",
           "LC_ALL": "C.UTF-8"}
    outs = []
    for c in cmds:
        r = subprocess.run(["bash", "-c", c], cwd=cwd, capture_output=True, text=True, env=env, timeout=300)
        assert r.returncode == 0, (c, r.stdout[-2000:], r.stderr[-2000:])
        outs.append(r.stdout + r.stderr)
    return outs


@pytest.mark.skipif(any(shutil.which(t) is None for t in TOOLS), reason="poppler-utils and openssl are needed")
def test_every_command_of_the_pdfs_page_runs_as_written(stamped, tmp_path: Path) -> None:
    pdf, zip_path, root = stamped
    for p in (pdf, zip_path):
        shutil.copy(p, tmp_path / p.name)
    (tmp_path / TSA_ROOT).write_bytes(root)
    s = strings("zh-Hans")
    facts = replace(FACTS, pdf_name=pdf.name, zip_name=zip_path.name, attached=("x",) * 2, exhibits=2)
    cmds = list(commands(verification_guide(s, facts, "pdf")))
    assert any(c.startswith("openssl ts -verify") for c in cmds)
    out = dict(zip(cmds, _run_all(cmds, tmp_path), strict=True))
    assert f'evidencekit verify "{pdf.name}"' in out and "完好" in out[f'evidencekit verify "{pdf.name}"']
    assert "Signature is Valid." in out[f'pdfsig "{pdf.name}"']
    assert "Verification: OK" in next(v for k, v in out.items() if k.startswith("openssl ts -verify"))
    fp = next(v for k, v in out.items() if "-fingerprint" in k).split("=", 1)[1].strip().replace(":", "").lower()
    assert fp == json.loads(zipfile.ZipFile(zip_path).read("manifest.json"))["certificate_sha256"]
    sha = next(v for k, v in out.items() if k.startswith("sha256sum"))
    assert len(sha.splitlines()) == 2  # the two originals, nothing else


@pytest.mark.skipif(any(shutil.which(t) is None for t in TOOLS), reason="poppler-utils and openssl are needed")
def test_every_command_of_verify_txt_runs_as_written_in_the_unzipped_folder(stamped, tmp_path: Path) -> None:
    _, zip_path, root = stamped
    folder = tmp_path / "unzipped"
    with zipfile.ZipFile(zip_path) as z:
        z.extractall(folder)
        readme = z.read(README).decode("utf-8")
    (folder / TSA_ROOT).write_bytes(root)
    cmds = [line.strip() for line in readme.splitlines() if line.startswith("       ")]
    assert len(cmds) >= 8
    out = "\n".join(_run_all(cmds, folder))
    for want in ("完好：", "Signature is Valid.", "VERIFY.html: OK", "Verified OK", "Verification: OK"):
        assert want in out, want
    assert "FAILED" not in out
    # the fingerprints the reader compares are in VERIFY.txt too
    manifest = json.loads((folder / "manifest.json").read_bytes())
    assert manifest["certificate_sha256"] in readme and manifest["merkle_root_sha256"] in readme


@pytest.mark.parametrize("lang,want", [("zh-Hans", ("方法一：用 PDF 阅读器核对", "您会看到的三种时间", "术语")),
                                       ("zh-Hant", ("方法一：用 PDF 閱讀器核對", "您會看到的三種時間", "名詞解釋")),
                                       ("en", ("Way 1: check the PDF in a PDF reader", "The three times you will see",
                                               "Terms"))])
def test_the_page_is_in_the_pdf_and_its_text_extracts(tmp_path: Path, lang: str, want: tuple[str, ...]) -> None:
    inp = make_input(tmp_path, 2)
    res = export_bundle(inp, tmp_path / "b.pdf", ExportOptions(make_zip=True, now=NOW, language=lang))
    text = subprocess.run(["pdftotext", "-layout", str(res.pdf_path), "-"], capture_output=True, text=True).stdout
    flat = re.sub(r"\s+", "", text)
    for w in want:
        assert re.sub(r"\s+", "", w) in flat, w
    assert "evidencekitverifyb.pdf" in flat and "evidencekitverifyb.zip" in flat
    assert inp.identity.fingerprint in flat
    assert "openssl ts" not in text  # not timestamped: no such step
    readme = zipfile.ZipFile(res.zip_path).read(README).decode("utf-8")
    assert want[0] not in readme  # VERIFY.txt opens with the browser page
    assert "VERIFY.html" in readme and "sha256sum -c SHA256SUMS" in readme


def test_a_pdf_without_zip_or_attachments_says_only_what_applies(tmp_path: Path) -> None:
    inp = make_input(tmp_path, 2)
    res = export_bundle(inp, tmp_path / "b.pdf", ExportOptions(now=NOW, attach=False))
    text = re.sub(r"\s+", "", subprocess.run(["pdftotext", "-layout", str(res.pdf_path), "-"], capture_output=True,
                                             text=True).stdout)
    s = strings("zh-Hans")
    assert "VERIFY.html" not in text and ".zip" not in text and "openssl ts" not in text
    assert re.sub(r"\s+", "", s("guide.cli.no_originals")) in text
    assert "方法三" not in text and re.sub(r"\s+", "", s("guide.route", n="二", name=s("guide.cli_heading"))) in text
