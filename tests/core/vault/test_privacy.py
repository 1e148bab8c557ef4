"""Finding #11: a case holds phone numbers, messages and recordings: its folder, the folders made
for it, its index, log, keys and caches are owner-only whatever the umask, and a case made before
(or loosened since) is made so at its next writable open, logged."""

from __future__ import annotations

import os
import shutil
import stat
import subprocess
import sys
from pathlib import Path

from evidencekit.core.vault.case import Case
from evidencekit.core.verify import verify_case
from tests.conftest import SAMPLES, make_png

LEGACY = Path(__file__).parents[2] / "fixtures" / "legacy-300e1e3" / "case"


def modes(root: Path) -> dict[str, int]:
    return {p.relative_to(root).as_posix(): stat.S_IMODE(p.lstat().st_mode) for p in [root, *root.rglob("*")]}


def test_a_new_case_is_owner_only_whatever_the_umask(tmp_path: Path) -> None:
    parent = tmp_path / "made" / "for"
    script = (
        "import os, sys\n"
        "os.umask(0o002)\n"  # the loosest a user might have
        "from evidencekit.cli.main import main\n"
        "sys.exit(main(sys.argv[1:]))\n"
    )
    case_dir = parent / "case"
    for args in (["new", str(case_dir), "--title", "t"],
                 ["import", str(case_dir), str(make_png(tmp_path / "a.png")), str(SAMPLES / "call-2026-11-20.m4a")],
                 ["export", str(case_dir), "--zip", "--out", str(case_dir / "exports")]):
        r = subprocess.run([sys.executable, "-c", script, *args], capture_output=True, text=True, timeout=300)
        assert r.returncode == 0, r.stderr
    assert stat.S_IMODE((tmp_path / "made").stat().st_mode) == 0o700  # a parent we made
    assert stat.S_IMODE(parent.stat().st_mode) == 0o700
    found = modes(case_dir)
    loose = {k: oct(m) for k, m in found.items() if m & 0o077}
    assert loose == {}, loose
    assert found["."] == 0o700 and found["index.sqlite"] == 0o600 and found["custody.jsonl"] == 0o600
    assert found["custody.head"] == 0o600 and found["keys/signing-cert.pem"] == 0o600
    assert any(k.startswith("exports/") and k.endswith(".zip") for k in found)
    objects = [m for k, m in found.items() if k.startswith("objects/") and k.count("/") == 2]
    assert objects and set(objects) == {0o400}
    with Case.open(case_dir) as c:  # the WAL files SQLite makes take the index's mode
        c.update_item(1, title="x")
        wal = case_dir / "index.sqlite-wal"
        assert stat.S_IMODE(wal.stat().st_mode) == 0o600
        assert not [e for e in c.log_entries() if e.action == "access_restricted"]


def test_an_old_case_is_made_owner_only_at_its_next_writable_open(tmp_path: Path) -> None:
    case_dir = tmp_path / "case"
    shutil.copytree(LEGACY, case_dir)
    for p in [case_dir, *case_dir.rglob("*")]:
        os.chmod(p, 0o755 if p.is_dir() else 0o644)  # as an umask of 022 left them
    with Case.open(case_dir, readonly=True):
        pass
    assert stat.S_IMODE(case_dir.stat().st_mode) == 0o755  # reading changes nothing
    with Case.open(case_dir) as c:
        assert any("owner only" in r for r in c.recovered)
        [entry] = [e for e in c.log_entries() if e.action == "access_restricted"]
        assert entry.details["count"] > 10 and "index.sqlite" in entry.details["paths"]
    loose = {k: oct(m) for k, m in modes(case_dir).items() if m & 0o077}
    assert loose == {}, loose
    assert verify_case(case_dir).ok
