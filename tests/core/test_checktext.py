"""Checks in the reader's language: every code the core produces has a sentence in zh-Hans, zh-Hant
and en with the same placeholders; the codes come from the source and from verifying good and
tampered bundles and cases; each sentence gets every value it names from its check."""

from __future__ import annotations

import json
import os
import re
import shutil
import sqlite3
import string
import zipfile
from importlib import resources
from pathlib import Path

import pytest

from evidencekit.core.checktext import check_name, check_text, has_text, report_lines, status_text, summary_text
from evidencekit.core.checktext.codes import collect, matches
from evidencekit.core.export.bundle import export_bundle
from evidencekit.core.export.model import ExportOptions
from evidencekit.core.export.verify_bundle import verify_bundle
from evidencekit.core.integrity.identity import create_identity
from evidencekit.core.models import LANGUAGES, Check, VerifyReport
from evidencekit.core.vault.case import Case
from evidencekit.core.verify import verify_case
from tests.browser.bundles import rebuild, rewrite
from tests.conftest import make_png
from tests.core.export.fixtures import NOW, make_input


def _catalogs() -> dict[str, dict[str, dict[str, str]]]:
    src = resources.files("evidencekit.core.checktext").joinpath("catalog")
    return {lang: json.loads(src.joinpath(f"{lang}.json").read_text("utf-8")) for lang in LANGUAGES}


def _fields(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def test_every_code_in_the_source_has_a_sentence_in_every_language() -> None:
    found = collect()
    assert len(found.codes) > 150  # the collector finds the codes (a broken one would find none)
    assert {"pdf.signature.ok", "zip.original.mismatch", "pdf.timestamp.imprint", "custody.head.cut",
            "case.original.ok", "zip.entry.bomb", "pdf.revision.catalog_changed"} <= found.codes
    for lang, cat in _catalogs().items():
        missing = sorted(found.codes - set(cat["checks"]))
        assert not missing, (lang, missing)
        for pattern in found.patterns:  # a code the source builds in a way the collector cannot follow
            assert any(matches(pattern, code) for code in cat["checks"]), (lang, pattern)
        # and nothing the core can no longer produce
        assert not set(cat["checks"]) - found.codes, (lang, set(cat["checks"]) - found.codes)


def test_every_language_has_the_same_entries_and_placeholders() -> None:
    cats = _catalogs()
    base = cats["en"]
    for lang, cat in cats.items():
        for part in ("checks", "names", "ui"):
            assert set(cat[part]) == set(base[part]), (lang, part, set(cat[part]) ^ set(base[part]))
            for key, text in cat[part].items():
                assert _fields(text) == _fields(base[part][key]), (lang, part, key)
                assert text.strip() and (lang == "en" or text != base[part][key] or key in ("ok",)), (lang, key)


# ------------------------------------------------------------------ codes produced by running verify


def _bundle_reports(tmp: Path) -> list[VerifyReport]:
    """Good and tampered bundles of every kind, verified."""
    from tests.tsa_server import running_tsa

    inp = make_input(tmp / "in", 3)
    with running_tsa() as server:
        res = export_bundle(inp, tmp / "b.pdf", ExportOptions(make_zip=True, now=NOW, tsa_urls=(server.url,)))
    red = export_bundle(make_input(tmp / "red", 2), tmp / "r.pdf",
                        ExportOptions(make_zip=True, now=NOW, redact=True, redact_word_boxes=False))
    assert res.zip_path is not None and red.zip_path is not None
    z = res.zip_path
    names = zipfile.ZipFile(z).namelist()
    original = next(n for n in names if n.startswith("originals/0002_"))
    token = next(n for n in names if n.endswith(".tsr"))
    targets: list[Path] = [res.pdf_path, z, red.pdf_path, red.zip_path,
                           Path(__file__).parents[1] / "fixtures" / "legacy-300e1e3" / "bundle.zip"]
    targets.append(rewrite(z, tmp / "changed.zip", lambda n, d: d[:-1] + b"x" if n == original else d))
    targets.append(rewrite(z, tmp / "token.zip", lambda n, d: d[:-3] + b"xyz" if n == token else d))
    targets.append(rewrite(z, tmp / "manifest.zip",
                           lambda n, d: d.replace(b'"proves"', b'"Proves"', 1) if n == "manifest.json" else d))
    targets.append(rewrite(z, tmp / "sums.zip", lambda n, d: d + b"00  extra\n" if n == "SHA256SUMS" else d))
    targets.append(rebuild(z, tmp / "cert.zip", create_identity("张三", now=NOW), certificate=True))
    targets.append(rebuild(z, tmp / "listed.zip", inp.identity, add={"notes.txt": b"later"}))

    def drop_items(m: dict) -> None:
        m["items"][0]["file"] = "originals/none.png"

    targets.append(rebuild(z, tmp / "unlisted.zip", inp.identity, edit_manifest=drop_items))
    with zipfile.ZipFile(z) as zin, zipfile.ZipFile(tmp / "missing.zip", "w") as zout:
        for zi in zin.infolist():
            if zi.filename != original:
                zout.writestr(zi, zin.read(zi))
        zout.writestr("notes.txt", b"added later")  # and a file the manifest does not list
        zout.comment = zin.comment
    targets.append(tmp / "missing.zip")
    pdf = res.pdf_path.read_bytes()
    (tmp / "appended.pdf").write_bytes(pdf + b" ")
    (tmp / "eof.pdf").write_bytes(pdf + b"\n%%EOF\n")
    (tmp / "half.pdf").write_bytes(pdf[: len(pdf) // 2])
    (tmp / "noise.pdf").write_bytes(b"%PDF-1.7\n" + b"x" * 2000)
    (tmp / "text.bin").write_bytes(b"hello")
    (tmp / "bomb.zip").write_bytes(b"")
    with zipfile.ZipFile(tmp / "bomb.zip", "w", zipfile.ZIP_DEFLATED) as bz:
        bz.writestr("../evil", b"\0" * (4 << 20))
    targets += [tmp / "appended.pdf", tmp / "eof.pdf", tmp / "half.pdf", tmp / "noise.pdf", tmp / "text.bin", tmp / "bomb.zip"]
    return [verify_bundle(t) for t in targets]


def _case_reports(tmp: Path) -> list[VerifyReport]:
    """A good case, and copies of it changed behind EvidenceKit's back, verified."""
    with Case.create(tmp / "case", __import__("evidencekit.core.models", fromlist=["CaseMeta"]).CaseMeta("t")) as case:
        ids = [o.item_id for o in case.import_paths([make_png(tmp / "src" / f"s{i}.png", color=(9 * i, 0, 0))
                                                    for i in range(3)])]
        case.update_item(ids[1], title="改")
    good = tmp / "case"
    reports = [verify_case(good), verify_case(tmp / "src")]

    def variant(name: str) -> Path:
        return Path(shutil.copytree(good, tmp / name))

    p = variant("changed")
    obj = sorted(f for f in (p / "objects").rglob("*") if f.is_file())[0]
    os.chmod(obj, 0o644)
    obj.write_bytes(obj.read_bytes() + b"x")
    reports.append(verify_case(p))
    p = variant("gone")
    next(f for f in (p / "objects").rglob("*") if f.is_file()).unlink()
    reports.append(verify_case(p))
    p = variant("log")
    log = p / "custody.jsonl"
    lines = log.read_text("utf-8").splitlines(keepends=True)
    log.write_text("".join(lines[:2] + lines[3:]), "utf-8")
    reports.append(verify_case(p))
    p = variant("head")
    (p / "custody.head").unlink()
    reports.append(verify_case(p))
    p = variant("index")
    with sqlite3.connect(p / "index.sqlite") as db:
        db.execute("UPDATE items SET title = 'x' WHERE id = 1")
        db.execute("DELETE FROM items WHERE id = 3")
    reports.append(verify_case(p))
    p = variant("cert")
    (p / "keys" / "signing-cert.pem").unlink()
    reports.append(verify_case(p))
    return reports


@pytest.fixture(scope="module")
def reports(tmp_path_factory: pytest.TempPathFactory) -> list[VerifyReport]:
    return _bundle_reports(tmp_path_factory.mktemp("b")) + _case_reports(tmp_path_factory.mktemp("c"))


def test_every_code_verify_produces_has_a_sentence_given_every_value(reports: list[VerifyReport]) -> None:
    checks = [c for r in reports for c in r.checks]
    produced = {c.code for c in checks}
    # the runs cover good and bad outcomes of bundles and cases alike
    assert {"zip.original.mismatch", "zip.timestamp.ok", "zip.certificate.mismatch", "zip.manifest.signature_invalid",
            "zip.file.unlisted", "zip.original.missing", "pdf.coverage.bytes_after", "pdf.unreadable",
            "bundle.unknown_format", "zip.entry.path_escapes", "case.original.mismatch", "case.original.missing",
            "custody.head.missing", "case.index.deleted", "case.index.edited", "case.not_a_case",
            "zip.checksums.mismatch", "custody.chain.intact"} <= produced, produced
    assert all(c.code for c in checks), [c for c in checks if not c.code]
    cats = _catalogs()
    for c in checks:
        for lang in LANGUAGES:
            assert has_text(c.code, lang), (lang, c.code)
            # every value the sentence names is one the check carries
            assert _fields(cats[lang]["checks"][c.code]) <= set(c.args) | {"subject"}, (lang, c.code, c.args)
            text = check_text(c, lang)
            assert text and "{" not in text, (lang, c.code, text)
            assert check_name(c, lang) != c.name or lang == "en" or c.name not in cats[lang]["names"]
    # the bundle's language is reported with it: the manifest says zh-Hans
    assert reports[0].language == reports[1].language == "zh-Hans"
    assert reports[-1].language is None  # a case has none of its own


# ------------------------------------------------------------------ rendered text


def _check(code: str, ok: bool, **args: str | int) -> Check:
    return Check("original", "exhibit 2-1 (originals/0002_E2-1_ab.png)", ok, "English detail", code, args)


MISMATCH = _check("zip.original.mismatch", False, exhibit="2-1", name="originals/0002_E2-1_ab.png",
                  differs="sha256,sm3", size=10, expected_size=10)
OK = _check("zip.original.ok", True, exhibit="1", name="originals/0001_E1_cd.png", sha256="ab" * 32, sm3="cd" * 32)


@pytest.mark.parametrize("lang,bad,good,summary", [
    ("zh-Hans", "证据2-1（originals/0002_E2-1_ab.png）：文件已被改动，与清单不符。",
     "证据1（originals/0001_E1_cd.png）：与签名清单一致（SHA-256 abababababababab…）。",
     "发现问题：2 项检查中有 1 项未通过。"),
    ("zh-Hant", "證據2-1（originals/0002_E2-1_ab.png）：檔案已被改動，與清單不符。",
     "證據1（originals/0001_E1_cd.png）：與簽名清單一致（SHA-256 abababababababab…）。",
     "發現問題：2 項檢查中有 1 項未通過。"),
    ("en", "Exhibit 2-1 (originals/0002_E2-1_ab.png): the file changed, it does not match the manifest.",
     "Exhibit 1 (originals/0001_E1_cd.png): matches the signed manifest (SHA-256 abababababababab…).",
     "Problems: 1 of 2 checks failed."),
])
def test_checks_read_in_each_language(lang: str, bad: str, good: str, summary: str) -> None:
    # a ZIP's own originals, told apart from those the PDF inside it embeds
    where = {"zh-Hans": "【ZIP 包】", "zh-Hant": "【ZIP 檔】", "en": "[ZIP] "}[lang]
    assert check_text(MISMATCH, lang) == where + bad and check_text(OK, lang) == where + good
    report = VerifyReport("b.zip", (OK, MISMATCH))
    assert summary_text(report, lang) == summary
    lines = report_lines(report, lang)
    assert lines[0].startswith(status_text(True, lang)) and lines[1].startswith(status_text(False, lang))
    assert lines[-1] == summary


@pytest.mark.parametrize("lang,want", [("zh-Hans", "完好：8 项检查全部通过。"), ("zh-Hant", "完好：8 項檢查全部通過。"),
                                       ("en", "Intact: all 8 checks passed.")])
def test_the_summary_line_is_translated(lang: str, want: str) -> None:
    assert summary_text(VerifyReport("x", (OK,) * 8), lang) == want


def test_values_from_a_hostile_file_cannot_drive_the_terminal() -> None:
    evil = _check("zip.file.unlisted", False, name="a\x1b]0;owned\x07b\u202ec.png")
    for lang in LANGUAGES:
        text = check_text(evil, lang)
        assert "\x1b" not in text and "\x07" not in text and "\u202e" not in text
        assert "\\x1b" in text and "\\u202e" in text
    # a value of the wrong kind, or one missing, shows as what it is
    odd = _check("zip.original.ok", True, exhibit="1", name="n", sha256=7)
    assert "SHA-256 7…" in check_text(odd, "en")
    assert check_text(_check("no.such.code", False), "zh-Hans") == "exhibit 2-1 (originals/0002_E2-1_ab.png): English detail"
    with pytest.raises(ValueError):
        check_text(OK, "fr")


def test_the_case_sentences_name_the_item_by_number_and_file() -> None:
    c = Check("original", "item 3 (exhibit 2, a.png)", False, "d", "case.original.mismatch",
              {"item": 3, "exhibit": "2", "name": "a.png"})
    assert check_text(c, "zh-Hans") == "项目 3（a.png）的原件在导入后被改动过：指纹与记录不符。"
    assert re.search(r"item 3 \(a\.png\)", check_text(c, "en"))
