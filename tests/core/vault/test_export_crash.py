"""Finding #12: an export killed at any point leaves no half bundle under a final name, and the
next writable open finishes or removes what it left — logged; a bundle in place always has its
``export_made`` entry."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from evidencekit.core.vault.case import Case
from evidencekit.core.verify import verify_case, verify_path
from tests.conftest import make_png

# Runs an export of the case into OUT, dying (os._exit, as a SIGKILL would) at the named point.
SCRIPT = r"""
import os, sys
from pathlib import Path
from evidencekit.core.export.bundle import export_case
from evidencekit.core.export.model import ExportOptions
from evidencekit.core.vault import exports, writer
from evidencekit.core.vault.actions import ExportMade
from evidencekit.core.vault.case import Case

point = sys.argv[3]
moves = []
real_move, real_record = exports.move, writer.CustodyWriter.record

def move(src, dst):
    moves.append(dst)
    if point == "between-moves" and len(moves) == 2:
        os._exit(9)
    real_move(src, dst)

def record(self, details, **kw):
    if isinstance(details, ExportMade) and point == "before-record":
        os._exit(9)
    entry = real_record(self, details, **kw)
    if isinstance(details, ExportMade) and point == "after-record":
        os._exit(9)
    return entry

exports.move = move
writer.CustodyWriter.record = record
if point == "while-building":
    import evidencekit.core.export.bundle as b
    real_sign = b.sign
    def sign(ctx):
        real_sign(ctx)
        os._exit(9)
    b.STAGES = tuple(sign if s is real_sign else s for s in b.STAGES)
with Case.open(sys.argv[1]) as case:
    export_case(case, Path(sys.argv[2]) / "bundle.pdf", ExportOptions(make_zip=True))
"""


@pytest.fixture
def case_dir(case: Case, tmp_path: Path) -> Path:
    list(case.import_paths([make_png(tmp_path / f"s{i}.png", color=(i * 70, 3, 3)) for i in range(2)]))
    path = case.path
    case.close()
    return path


def _exported(case_dir: Path) -> list[dict[str, object]]:
    with Case.open(case_dir, readonly=True) as c:
        return [e.details for e in c.log_entries() if e.action == "export_made"]


@pytest.mark.parametrize("point,placed", [
    ("while-building", False),
    ("between-moves", True),
    ("before-record", True),
    ("after-record", True),
])
def test_a_killed_export_is_finished_or_removed_at_the_next_open(case_dir: Path, tmp_path: Path, point: str,
                                                                   placed: bool) -> None:
    out = tmp_path / "out"
    out.mkdir()
    r = subprocess.run([sys.executable, "-c", SCRIPT, str(case_dir), str(out), point], capture_output=True,
                       text=True, timeout=300)
    assert r.returncode == 9, r.stderr
    # Right after the kill: whatever is under a final name is a whole, intact bundle.
    for f in out.iterdir():
        if f.suffix in (".pdf", ".zip"):
            assert verify_path(f).ok, (f, verify_path(f).problems)
    assert any(p.name.startswith("ek-export-") for p in out.iterdir())  # the work folder is left

    with Case.open(case_dir) as c:  # the next writable open finishes (or removes) it, logged
        assert c.recovered
        actions = [e.action for e in c.log_entries()]
    assert sorted(p.name for p in out.iterdir()) == (["bundle.pdf", "bundle.zip"] if placed else [])
    made = _exported(case_dir)
    if placed:
        [entry] = made  # exactly one entry, even when it was written before the kill
        from evidencekit.core.vault.exports import sha256_of

        assert entry["pdf_sha256"] == sha256_of(out / "bundle.pdf")
        assert entry["zip_sha256"] == sha256_of(out / "bundle.zip")
        assert verify_path(out / "bundle.zip").ok
    else:
        assert made == [] and "recovered" in actions
    assert not list((case_dir / "tmp").iterdir())
    assert verify_case(case_dir).ok
