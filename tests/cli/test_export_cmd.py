"""``evidencekit export``: thin over the core; paths on stdout, notes on stderr."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from evidencekit.cli.main import main
from evidencekit.core.models import CaseMeta
from evidencekit.core.vault.case import Case
from tests.core.export.fixtures import draw_screenshot


@pytest.fixture
def case_dir(tmp_path: Path) -> Path:
    draw_screenshot(tmp_path / "s.png", ["最后通知：请今日还款。"])
    with Case.create(tmp_path / "case", CaseMeta("催收短信", "张三")) as case:
        list(case.import_paths([tmp_path / "s.png"]))
    return tmp_path / "case"


def test_export_writes_a_signed_pdf_and_zip(case_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "out.pdf"
    assert main(["export", str(case_dir), "--out", str(out), "--zip", "--lang", "en"]) == 0
    cap = capsys.readouterr()
    assert cap.out.split() == [str(out.resolve()), str(out.with_suffix(".zip").resolve())]
    assert "not timestamped" in cap.err
    assert "Signature is Valid" in subprocess.run(["pdfsig", str(out)], capture_output=True, text=True).stdout
    assert main(["verify", str(out)]) == 0
    assert main(["verify", str(out.with_suffix(".zip"))]) == 0


def test_export_rejects_a_non_pdf_out(case_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["export", str(case_dir), "--out", str(tmp_path / "x.txt")]) == 2
    assert "--out" in capsys.readouterr().err


def test_an_out_naming_a_zip_means_the_zip_and_its_pdf(case_dir: Path, tmp_path: Path,
                                                       capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "bundle.zip"
    for extra in (["--zip"], []):  # the ZIP is asked for by its name, with --zip or without
        capsys.readouterr()
        assert main(["export", str(case_dir), "--out", str(out), *extra, "--lang", "en", "--force"]) == 0
        assert capsys.readouterr().out.split() == [str(out.with_suffix(".pdf").resolve()), str(out.resolve())]
        assert main(["verify", str(out)]) == 0
    out.with_suffix(".pdf").unlink()  # the ZIP alone is there: still never replaced silently
    assert main(["export", str(case_dir), "--out", str(out)]) == 2
    assert "bundle.zip already exists" in capsys.readouterr().err


def test_export_of_a_missing_case_fails_cleanly(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["export", str(tmp_path / "nope"), "--out", str(tmp_path / "b.pdf")]) != 0
    assert "Traceback" not in capsys.readouterr().err


def test_an_existing_bundle_is_never_replaced_silently(case_dir: Path, tmp_path: Path,
                                                        capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "b.pdf"
    out.write_bytes(b"a bundle handed over last week")
    assert main(["export", str(case_dir), "--out", str(out)]) == 2
    assert "--force" in capsys.readouterr().err
    assert out.read_bytes() == b"a bundle handed over last week"
    assert main(["export", str(case_dir), "--out", str(out), "--force", "--lang", "zh-TW"]) == 0
    assert out.read_bytes().startswith(b"%PDF")
    # a folder gets the next free name instead
    folder = tmp_path / "exports"
    folder.mkdir()
    capsys.readouterr()
    assert main(["export", str(case_dir), "--out", str(folder)]) == 0
    assert main(["export", str(case_dir), "--out", str(folder)]) == 0
    names = sorted(p.name for p in folder.iterdir())
    assert len(names) == 2 and any(n.endswith("-2.pdf") for n in names), names
    # a redacted bundle is named as such
    stem = min(names, key=len).removesuffix(".pdf")  # bundle-DATE
    capsys.readouterr()
    assert main(["export", str(case_dir), "--out", str(folder), "--redact", "--zip"]) == 0
    out = capsys.readouterr().out.split()
    assert [Path(p).name for p in out] == [f"{stem}-redacted.pdf", f"{stem}-redacted.zip"]


@pytest.mark.parametrize("args", [["--tsa", "notaurl"], ["--tsa", "ftp://tsa.example"], ["--tsa-timeout", "-1"],
                                  ["--lang", "fr"]])
def test_bad_options_are_usage_errors(case_dir: Path, tmp_path: Path, args: list[str],
                                      capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as e:
        main(["export", str(case_dir), "--out", str(tmp_path / "b.pdf"), *args])
    assert e.value.code == 2
    assert "Traceback" not in capsys.readouterr().err
    assert not (tmp_path / "b.pdf").exists()


def test_a_folder_nothing_can_be_written_in_is_a_clear_error(case_dir: Path, tmp_path: Path,
                                                              capsys: pytest.CaptureFixture[str]) -> None:
    # /proc refuses new files even to root, where a read-only mode would not
    assert main(["export", str(case_dir), "--out", "/proc/b.pdf"]) != 0
    err = capsys.readouterr().err
    assert "cannot write in /proc" in err and "Traceback" not in err


def test_verify_of_a_tampered_pdf_says_so_without_library_tracebacks(case_dir: Path, tmp_path: Path) -> None:
    import sys

    out = tmp_path / "b.pdf"
    assert main(["export", str(case_dir), "--out", str(out)]) == 0
    # an incremental update that turns a page: pyHanko's difference analysis logs a traceback
    import io

    from pyhanko.pdf_utils import generic
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter

    with open(out, "rb") as f:
        w = IncrementalPdfFileWriter(f, strict=False)
        page = w.root["/Pages"]["/Kids"][0]
        page["/Rotate"] = generic.NumberObject(90)
        w.update_container(page)
        buf = io.BytesIO()
        w.write(buf)
    out.write_bytes(buf.getvalue())
    exe = Path(sys.executable).with_name("evidencekit")
    res = subprocess.run([str(exe), "verify", str(out), "--lang", "en"], capture_output=True, text=True)
    assert res.returncode == 1
    assert "FAIL" in res.stdout
    assert "Traceback" not in res.stderr, res.stderr
