"""``evidencekit verify`` in the reader's language: a bundle's own by default, the interface
language for a case, ``--lang`` to choose; ``--json`` keeps the codes, values and English details."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from evidencekit.cli.main import main
from evidencekit.core.export.bundle import export_bundle
from evidencekit.core.export.model import ExportOptions
from evidencekit.core.models import CaseMeta
from evidencekit.core.vault.case import Case
from tests.conftest import make_png
from tests.core.export.fixtures import NOW, make_input


@pytest.fixture(scope="module")
def bundles(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    d = tmp_path_factory.mktemp("lang")
    out = {}
    for lang in ("zh-Hans", "en"):
        res = export_bundle(make_input(d / lang, 2), d / f"{lang}.pdf",
                            ExportOptions(make_zip=True, now=NOW, language=lang))
        assert res.zip_path is not None
        out[lang], out[lang + ".zip"] = res.pdf_path, res.zip_path
    return out


def _verify(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, list[str]]:
    code = main(["verify", *args])
    return code, capsys.readouterr().out.splitlines()


def test_a_bundle_speaks_its_own_language_by_default(bundles: dict[str, Path], capsys: pytest.CaptureFixture[str],
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("EVIDENCEKIT_LANG", "en")  # the interface's language does not decide for a bundle
    code, lines = _verify(capsys, str(bundles["zh-Hans.zip"]))
    assert code == 0
    assert lines[-1] == f"完好：{len(lines) - 1} 项检查全部通过。"
    assert all(line.startswith("通过  ") for line in lines[:-1])
    assert any(line.startswith("通过  【ZIP 包】证据1（originals/0001_E1_") for line in lines)
    monkeypatch.setenv("EVIDENCEKIT_LANG", "zh-Hans")
    code, lines = _verify(capsys, str(bundles["en"]))
    assert code == 0 and lines[-1] == f"Intact: all {len(lines) - 1} checks passed."
    assert any(line.startswith("OK    PDF signature EvidenceKitSignature: intact and valid") for line in lines)


@pytest.mark.parametrize("lang,ok,summary", [("zh-Hant", "通過", "完好：{n} 項檢查全部通過。"),
                                             ("en", "OK  ", "Intact: all {n} checks passed."),
                                             ("zh-Hans", "通过", "完好：{n} 项检查全部通过。")])
def test_lang_chooses(bundles: dict[str, Path], capsys: pytest.CaptureFixture[str], lang: str, ok: str,
                      summary: str) -> None:
    code, lines = _verify(capsys, str(bundles["zh-Hans"]), "--lang", lang)
    assert code == 0 and lines[-1] == summary.format(n=len(lines) - 1)
    assert all(line.startswith(ok + "  ") for line in lines[:-1])


def test_a_tampered_bundle_says_what_broke_in_its_language(bundles: dict[str, Path], tmp_path: Path,
                                                           capsys: pytest.CaptureFixture[str]) -> None:
    import zipfile

    bad = tmp_path / "bad.zip"
    with zipfile.ZipFile(bundles["zh-Hans.zip"]) as zin, zipfile.ZipFile(bad, "w") as zout:
        for zi in zin.infolist():
            data = zin.read(zi)
            zout.writestr(zi, data[:-1] + b"x" if zi.filename.startswith("originals/0002_") else data)
        zout.comment = zin.comment
    code, lines = _verify(capsys, str(bad))
    assert code == 1
    assert any(line.startswith("失败  【ZIP 包】证据2-1（originals/0002_E2-1_") and line.endswith("文件已被改动，与清单不符。")
               for line in lines), lines
    assert lines[-1].startswith("发现问题：") and lines[-1].endswith("项未通过。")


def test_a_case_speaks_the_interface_language(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    with Case.create(tmp_path / "c", CaseMeta("t", language="zh-Hans")) as case:
        list(case.import_paths([make_png(tmp_path / "a.png")]))
    monkeypatch.setenv("EVIDENCEKIT_LANG", "zh-Hant")
    code, lines = _verify(capsys, str(tmp_path / "c"))
    assert code == 0 and lines[-1].startswith("完好：") and "項檢查全部通過" in lines[-1]
    assert any("項目 1（a.png）的原件自匯入以來未被改動" in line for line in lines)
    monkeypatch.setenv("EVIDENCEKIT_LANG", "en")
    code, lines = _verify(capsys, str(tmp_path / "c"))
    assert lines[-1].startswith("Intact: all ")


def test_json_keeps_codes_values_and_english_details(bundles: dict[str, Path],
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    code, lines = _verify(capsys, str(bundles["zh-Hans.zip"]), "--json")
    doc = json.loads("\n".join(lines))
    assert code == 0 and doc["ok"] is True and doc["summary"].startswith("INTACT checks=")
    assert doc["language"] == "zh-Hans" and doc["summary_text"].startswith("完好：")
    sig = next(c for c in doc["checks"] if c["code"] == "zip.signature.ok")
    assert sig["detail"] == "every byte of the archive is as signed" and sig["text"].startswith("ZIP 包签名有效")
    original = next(c for c in doc["checks"] if c["code"] == "zip.original.ok")
    assert set(original["args"]) >= {"exhibit", "name", "sha256", "sm3"}


def test_an_unknown_language_is_a_usage_error(bundles: dict[str, Path]) -> None:
    with pytest.raises(SystemExit) as e:
        main(["verify", str(bundles["en"]), "--lang", "fr"])
    assert e.value.code == 2
