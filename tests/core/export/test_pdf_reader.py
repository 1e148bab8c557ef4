"""Open the exported PDF as a reader would: poppler's tools, not our own code."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest
from PIL import Image, ImageStat

from evidencekit.core.export.bundle import export_bundle
from evidencekit.core.export.model import ExportOptions
from tests.core.export.fixtures import NOW, make_input


def run(*cmd: str | Path) -> str:
    return subprocess.run([str(c) for c in cmd], capture_output=True, text=True, check=False).stdout


def page_text(pdf: Path, page: int) -> str:
    return run("pdftotext", "-layout", "-f", str(page), "-l", str(page), pdf, "-")


def test_pdfsig_reports_the_signature_valid_over_the_whole_file(zh_bundle) -> None:
    res, _ = zh_bundle
    out = run("pdfsig", res.pdf_path)
    assert "Signature is Valid" in out
    assert "Total document signed" in out
    assert "ETSI.CAdES.detached" in out  # PAdES


def test_cjk_font_is_embedded_as_a_subset(zh_bundle) -> None:
    res, _ = zh_bundle
    fonts = [ln for ln in run("pdffonts", res.pdf_path).splitlines() if "ZenHei" in ln]
    assert fonts
    for ln in fonts:
        cols = ln.split()
        assert cols[-5:-2] == ["yes", "yes", "yes"], ln  # emb sub uni


def test_pdftotext_gives_back_the_chinese_and_the_exhibit_numbers(zh_bundle) -> None:
    res, inp = zh_bundle
    text = run("pdftotext", res.pdf_path, "-")
    for s in ("证据目录", "证据名称", "证明目的", "时间线", "校验说明", "附录：保管记录", "逾期", "紧急联系人"):
        assert s in text, s
    for ex in inp.exhibits:
        assert f"证据{ex.number}" in text
    assert "证据2-1" in text and "证据2-2" in text  # grouped numbering
    assert res.fingerprint in text.replace("\n", "")


def test_evidence_list_page_numbers_are_the_real_pages(zh_bundle) -> None:
    res, inp = zh_bundle
    toc = page_text(res.pdf_path, 2)
    rows = re.findall(r"(证据[\d-]+)\s.*?\s(\d+)\s+([0-9a-f]{12})\s*$", toc, re.M)
    assert len(rows) == len(inp.exhibits), toc
    for label, page, digest in rows:
        body = page_text(res.pdf_path, int(page))
        assert f"{label}：" in body.replace(" ", ""), (label, page)
        assert any(ex.item.short_digest == digest and f"证据{ex.number}" == label for ex in inp.exhibits)


def test_every_footer_has_continuous_page_numbers_case_name_and_fingerprint(zh_bundle) -> None:
    res, inp = zh_bundle
    for p in range(1, res.pages + 1):
        t = page_text(res.pdf_path, p).replace(" ", "")
        assert f"第{p}页/共{res.pages}页" in t, p
        assert inp.meta.title in t
        assert res.fingerprint[:16] in t


def test_rendered_pages_are_not_blank_and_show_the_screenshots(zh_bundle, tmp_path: Path) -> None:
    res, _ = zh_bundle
    subprocess.run(["pdftoppm", "-png", "-r", "40", "-f", "1", "-l", "6", str(res.pdf_path), str(tmp_path / "p")],
                   check=True)
    pages = sorted(tmp_path.glob("p-*.png"))
    assert len(pages) == 6
    for p in pages:
        with Image.open(p) as im:
            assert ImageStat.Stat(im.convert("L")).stddev[0] > 5, p.name
    images = run("pdfimages", "-list", res.pdf_path).splitlines()[2:]
    assert len(images) >= 5
    assert {int(ln.split()[3]) for ln in images} >= {540}  # the screenshots at their own width


def test_originals_travel_as_attachments(zh_bundle, tmp_path: Path) -> None:
    res, inp = zh_bundle
    subprocess.run(["pdfdetach", "-saveall", "-o", str(tmp_path), str(res.pdf_path)], check=True)
    for ex in inp.exhibits:
        [got] = tmp_path.glob(f"*_E{ex.number}_{ex.item.sha256[:12]}.png")
        assert got.read_bytes() == ex.original.read_bytes()
    assert (tmp_path / "manifest.json").exists()


@pytest.mark.parametrize(
    "lang,words",
    [("zh-Hant", ("證據目錄", "證明目的", "驗證說明")), ("en", ("List of exhibits", "What it proves", "Exhibit 2-1"))],
)
def test_other_languages(tmp_path: Path, lang: str, words: tuple[str, ...]) -> None:
    inp = make_input(tmp_path, 3)
    res = export_bundle(inp, tmp_path / "b.pdf", ExportOptions(language=lang, now=NOW, attach=False))
    text = run("pdftotext", res.pdf_path, "-")
    for w in words:
        assert w in text
    assert "Signature is Valid" in run("pdfsig", res.pdf_path)
    assert res.attached == 0 and "embedded files" not in run("pdfdetach", "-list", res.pdf_path).replace(
        "3 embedded files", "")


def test_chronology_counts_night_contacts(zh_bundle) -> None:
    res, _ = zh_bundle
    text = run("pdftotext", "-f", "3", "-l", "3", res.pdf_path, "-").replace(" ", "")
    m = re.search(r"共(\d+)次联系，分布在(\d+)天，其中夜间（22:00–08:00）(\d+)次，涉及(\d+)个夜晚", text)
    assert m, text[:400]
    assert int(m.group(1)) == 10 and int(m.group(3)) > 0 and 0 < int(m.group(4)) <= int(m.group(3))


def _extra_item(inp, tmp_path: Path, kind: str, name: str, data: bytes, mime: str):
    from dataclasses import replace

    from evidencekit.core.export.model import ExhibitInput
    from evidencekit.core.integrity.hashing import digest_file

    p = tmp_path / name
    p.write_bytes(data)
    d, size = digest_file(p)
    base = inp.exhibits[0].item
    item = replace(base, id=99 + len(inp.exhibits), sha256=d.sha256, sm3=d.sm3, size=size, kind=kind, mime=mime,
                   original_name=name, title=name, width=None, height=None, duration_s=12.5 if kind == "audio" else None,
                   group_name="")
    n = str(int(inp.exhibits[-1].number.split("-")[0]) + 1)
    return replace(inp, exhibits=(*inp.exhibits, ExhibitInput(n, item, p)))


def test_recordings_and_text_items_and_the_attachment_limit(tmp_path: Path) -> None:
    from evidencekit.core.export.verify_bundle import verify_bundle

    inp = make_input(tmp_path, 2, groups=False)
    inp = _extra_item(inp, tmp_path, "audio", "call.m4a", b"\0\0\0 ftypM4A " + b"\1" * 3000, "audio/mp4")
    inp = _extra_item(inp, tmp_path, "text", "sms.txt", "短信导出：请立即还款，否则上门。\n第二行".encode(), "text/plain")
    limit = inp.exhibits[0].item.size + 10  # room for the first screenshot only
    res = export_bundle(inp, tmp_path / "b.pdf", ExportOptions(now=NOW, attach_limit=limit))
    text = run("pdftotext", res.pdf_path, "-")
    assert "短信导出：请立即还款" in text and "12.5 s" in text
    assert res.attached == 1 and res.warnings
    rep = verify_bundle(res.pdf_path)
    assert rep.ok, rep.problems
    assert sum(c.code == "pdf.original.not_embedded" for c in rep.checks) == 3
