"""Finding #5: a case cut back to an earlier genuine state (entries removed and an older signed head
put back, or the whole folder restored from an old copy) is found where anything outside the folder
knows better — this computer's record of the case, its newest bundle — and said to be undetectable
where nothing does."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest

from evidencekit.core.vault.case import Case
from evidencekit.core.verify import verify_case
from tests.conftest import make_png


@pytest.fixture
def three(case: Case, tmp_path: Path) -> tuple[Path, Path]:
    """A case with two items, an old genuine copy of it, then a third item."""
    for i in range(2):
        list(case.import_paths([make_png(tmp_path / "src" / f"s{i}.png", color=(i * 50, 1, 1))]))
    old = tmp_path / "old-copy"
    shutil.copytree(case.path, old)
    list(case.import_paths([make_png(tmp_path / "src" / "s2.png", color=(200, 1, 1))]))
    path = case.path
    case.close()
    return path, old


def codes(path: Path) -> dict[str, dict[str, object]]:
    return {c.code: dict(c.args) for c in verify_case(path).checks if not c.ok}


def test_entries_cut_with_an_older_genuine_head_are_found(three: tuple[Path, Path]) -> None:
    case_dir, old = three
    n_old = len((old / "custody.jsonl").read_text().splitlines())
    # Remove the newest item and its entries from both copies of the log, put the old head back.
    con = sqlite3.connect(case_dir / "index.sqlite")
    con.execute("DELETE FROM items WHERE id = 3")
    con.execute("DELETE FROM custody WHERE seq > ?", (n_old,))
    con.commit()
    con.close()
    lines = (case_dir / "custody.jsonl").read_text().splitlines()[:n_old]
    (case_dir / "custody.jsonl").write_text("".join(line + "\n" for line in lines))
    shutil.copy(old / "custody.head", case_dir / "custody.head")
    found = codes(case_dir)
    assert set(found) == {"case.rollback.detected"}, found
    assert found["case.rollback.detected"]["entries"] == n_old


def test_a_whole_folder_put_back_is_found_and_then_logged(three: tuple[Path, Path]) -> None:
    case_dir, old = three
    shutil.rmtree(case_dir)
    shutil.copytree(old, case_dir)
    assert "case.rollback.detected" in codes(case_dir)
    with Case.open(case_dir) as c:  # a writable open says so in the log itself
        assert any("older copy" in r for r in c.recovered)
        [seen] = [e for e in c.log_entries() if e.action == "rollback_seen"]
        assert seen.details["seq"] > len(c.log_entries()) - 1
    report = verify_case(case_dir)
    assert report.ok, report.problems
    assert {"case.rollback.earlier", "case.rollback.none"} <= {c.code for c in report.checks}


def test_without_a_record_verify_says_what_it_cannot_see(three: tuple[Path, Path], tmp_path: Path,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    case_dir, old = three
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "another-computer"))
    shutil.rmtree(case_dir)
    shutil.copytree(old, case_dir)
    report = verify_case(case_dir)
    assert report.ok
    [note] = [c for c in report.checks if c.code == "case.rollback.unrecorded"]
    assert "nothing here can show it" in note.detail


def test_the_newest_bundle_in_exports_witnesses_the_log(case: Case, tmp_path: Path,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    from evidencekit.core.export.bundle import export_case
    from evidencekit.core.export.model import ExportOptions

    list(case.import_paths([make_png(tmp_path / "a.png")]))
    old = tmp_path / "old-copy"
    shutil.copytree(case.path, old)
    list(case.import_paths([make_png(tmp_path / "b.png", color="black")]))
    result = export_case(case, case.path / "exports" / "bundle.pdf", ExportOptions(make_zip=True))
    assert result.zip_path is not None
    case_dir = case.path
    case.close()
    report = verify_case(case_dir)
    assert report.ok and any(c.code == "case.bundle_head.ok" for c in report.checks)

    # Restored from the old copy, the bundle kept; on a computer with no record of the case.
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "another-computer"))
    shutil.copytree(case_dir / "exports", tmp_path / "kept")
    shutil.rmtree(case_dir)
    shutil.copytree(old, case_dir)
    for f in (tmp_path / "kept").iterdir():
        shutil.copy(f, case_dir / "exports" / f.name)
    found = codes(case_dir)
    assert set(found) == {"case.rollback.bundle"}, found
    # the PDF alone witnesses as well
    (case_dir / "exports" / "bundle.zip").unlink()
    assert set(codes(case_dir)) == {"case.rollback.bundle"}
