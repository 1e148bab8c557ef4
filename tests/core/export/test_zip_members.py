"""What the ZIP bundle holds and how: VERIFY.html listed and signed like every member, every
member stored as it is (no inflate needed to read it), VERIFY.txt pointing to the page."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

from evidencekit.core.export.bundle import export_case
from evidencekit.core.export.format import MANIFEST, README, SHA256SUMS, SM3SUMS, VERIFY_HTML
from evidencekit.core.export.model import ExportOptions
from evidencekit.core.export.verifier import render_verify_html
from evidencekit.core.export.verify_bundle import verify_bundle
from evidencekit.core.integrity.hashing import digest_bytes
from evidencekit.core.models import CaseMeta
from evidencekit.core.vault.case import Case
from tests.core.export.fixtures import NOW


def test_the_page_is_a_listed_signed_member_and_every_member_is_stored(zh_bundle) -> None:
    res, _ = zh_bundle
    with zipfile.ZipFile(res.zip_path) as z:
        page = z.read(VERIFY_HTML)
        manifest = json.loads(z.read(MANIFEST))
        infos = z.infolist()
        sums = z.read(SHA256SUMS).decode()
        sm3sums = z.read(SM3SUMS).decode()
        readme = z.read(README).decode("utf-8")
    assert page == render_verify_html("zh-Hans")
    listed = {f["path"]: f for f in manifest["files"]}
    assert listed[VERIFY_HTML]["sha256"] == digest_bytes(page).sha256 and listed[VERIFY_HTML]["size"] == len(page)
    assert f"{digest_bytes(page).sha256}  {VERIFY_HTML}\n" in sums and f"  {VERIFY_HTML}\n" in sm3sums
    assert {zi.compress_type for zi in infos} == {zipfile.ZIP_STORED}
    assert "VERIFY.html 就在本说明旁边" in readme and manifest["certificate_sha256"] in readme


def test_a_well_compressing_original_is_no_zip_bomb(tmp_path: Path) -> None:
    # 28 MB of text compresses several hundred times over: deflated, our own verify once took
    # the ZIP for a zip bomb. Stored, the ratio is 1.
    src = tmp_path / "chat-export.txt"
    line = "2026-11-20 23:10 95188: 您的借款已逾期，请尽快还款。\n".encode()
    with open(src, "wb") as f:
        for _ in range(28_000_000 // len(line) + 1):
            f.write(line)
    with Case.create(tmp_path / "case", CaseMeta("大文件")) as case:
        [outcome] = list(case.import_paths([src]))
        assert outcome.status == "imported", outcome
        res = export_case(case, tmp_path / "b.pdf", ExportOptions(make_zip=True, now=NOW, attach=False))
    assert res.zip_path is not None
    with zipfile.ZipFile(res.zip_path) as z:
        [orig] = [zi for zi in z.infolist() if zi.filename.startswith("originals/")]
    assert orig.file_size >= 28_000_000 and orig.compress_size == orig.file_size
    rep = verify_bundle(res.zip_path)
    assert rep.ok, rep.problems
    assert not any(c.code == "zip.entry.bomb" for c in rep.checks)
