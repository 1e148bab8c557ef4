"""Verification only reads: no key, no log line, no file is created or changed in the case, whether
the case is idle, open in another process, or left by a crash; and it is not fooled by writes made
while it runs."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from evidencekit.core.models import CaseMeta
from evidencekit.core.vault.case import Case
from evidencekit.core.verify import verify_case
from evidencekit.errors import SigningError
from tests.conftest import make_png


def tree(root: Path) -> dict[str, tuple[int, int, bytes]]:
    """Every file under ``root``: size, mode and content (what a read-only run must leave alone)."""
    out = {}
    for p in sorted(root.rglob("*")):
        st = p.lstat()
        out[p.relative_to(root).as_posix()] = (st.st_size, st.st_mode, p.read_bytes() if p.is_file() else b"")
    return out


@pytest.fixture
def made(case: Case, tmp_path: Path) -> Path:
    files = [make_png(tmp_path / "src" / f"s{i}.png", color=(i * 30, 9, 9)) for i in range(3)]
    ids = [o.item_id for o in case.import_paths(files)]
    case.update_item(ids[0], title="催收短信")
    path = case.path
    case.close()
    return path


def _cli(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "evidencekit.cli.main", *args], capture_output=True, text=True,
                          env={**os.environ, **(env or {})}, timeout=120)


def test_verify_of_an_idle_case_creates_nothing(made: Path) -> None:
    before = tree(made)
    report = verify_case(made)
    assert report.ok, report.problems
    assert tree(made) == before  # no -wal, no -shm, no lock file, no log line


def test_verify_while_another_process_writes_creates_nothing(made: Path) -> None:
    with Case.open(made) as writer:  # the app, say: its -wal and -shm exist
        writer.update_item(2, title="第二张")
        before = tree(made)
        report = verify_case(made)
        assert report.ok, report.problems
        assert set(tree(made)) == set(before)  # no new file (SQLite may touch its own -shm)
        # it read what the other process had committed, still in the WAL
        assert any(c.code == "custody.chain.intact" for c in report.checks)


def test_verify_after_a_crash_reads_the_wal_without_creating_the_shm(made: Path, tmp_path: Path) -> None:
    # A writer that died leaves -wal (with committed transactions) and -shm; copy them without
    # the -shm, as a backup tool or a USB stick might.
    crashed = tmp_path / "crashed"
    with Case.open(made) as writer:
        writer.update_item(3, title="第三张")
        shutil.copytree(made, crashed, ignore=shutil.ignore_patterns("*-shm", "case.lock"))
    assert (crashed / "index.sqlite-wal").stat().st_size > 0
    before = tree(crashed)
    report = verify_case(crashed)
    assert report.ok, report.problems
    assert tree(crashed) == before
    with Case.open(crashed, readonly=True) as c:
        assert c.item(3).title == "第三张"  # the WAL was read
    assert tree(crashed) == before


def test_a_missing_key_is_never_replaced(made: Path) -> None:
    """Finding #1: verify (and the recording of it) and annotate on a case whose key is gone."""
    (made / "keys" / "signing-key.pem").unlink()
    before = tree(made)
    r = _cli("verify", "--lang", "en", str(made))
    assert r.returncode == 0, r.stdout + r.stderr
    assert "Traceback" not in r.stderr and "Intact: all" in r.stdout
    assert "signing key (keys/signing-key.pem) is missing" in r.stdout  # said, as a check that holds
    assert "not recorded" in r.stderr and "signing key is missing" in r.stderr
    assert tree(made) == before

    r = _cli("annotate", str(made), "1", "--title", "改")
    assert r.returncode != 0 and "Traceback" not in r.stderr
    assert "signing key is missing" in r.stderr and "backup" in r.stderr
    assert not (made / "keys" / "signing-key.pem").exists()
    report = verify_case(made)
    assert report.ok, report.problems
    with Case.open(made, readonly=True) as c:
        assert c.item(1).title == "催收短信"
        assert [e.action for e in c.log_entries()].count("identity_created") == 0


def test_without_the_keys_folder_nothing_is_created(made: Path) -> None:
    shutil.rmtree(made / "keys")
    with Case.open(made) as c:
        with pytest.raises(SigningError, match="missing"):
            c.update_item(1, title="改")
        with pytest.raises(SigningError):
            c.withdraw(2)
        assert c.item(1).title == "催收短信" and not c.item(2).withdrawn
    assert not (made / "keys").exists()
    codes = {c.code for c in verify_case(made).problems}
    assert codes == {"case.certificate.missing"}  # the head is checked with the log's own certificate


def test_verify_records_only_an_intact_case_it_can_write_and_says_so(made: Path) -> None:
    r = _cli("verify", str(made))
    assert r.returncode == 0 and "recorded in the case's custody log (entry" in r.stderr
    with Case.open(made) as holder:
        n = len(holder.log_entries())
        r = _cli("verify", str(made))
        assert r.returncode == 0 and "not recorded" in r.stderr and "open in" in r.stderr
        assert len(holder.log_entries()) == n
    before = tree(made)
    r = _cli("verify", "--no-record", str(made))
    assert r.returncode == 0 and "recorded" not in r.stderr
    assert tree(made) == before


@pytest.mark.slow
def test_verify_during_imports_and_edits_gives_no_false_alarm(made: Path, tmp_path: Path) -> None:
    """Finding #4: verification run again and again while another process imports and edits."""
    src = tmp_path / "many"
    for i in range(40):
        make_png(src / f"m{i:02}.png", (40, 60), color=(i, 200 - i, 7))
    script = (
        "import sys\n"
        "from pathlib import Path\n"
        "from evidencekit.core.vault.case import Case\n"
        "with Case.open(sys.argv[1]) as c:\n"
        "    for f in sorted(Path(sys.argv[2]).iterdir()):\n"
        "        [o] = list(c.import_paths([f]))\n"
        "        c.update_item(o.item_id, title='t' + f.stem)\n"
        "        if o.item_id % 5 == 0:\n"
        "            c.withdraw(o.item_id, 'dup')\n"
        "        if o.item_id % 7 == 0:\n"
        "            c.move_item(o.item_id, 0)\n"
    )
    proc = subprocess.Popen([sys.executable, "-c", script, str(made), str(src)])
    runs = 0
    false_alarms = []
    try:
        while proc.poll() is None or runs == 0:
            report = verify_case(made)
            runs += 1
            if not report.ok:
                false_alarms.append([(c.code, c.subject, c.detail) for c in report.problems])
    finally:
        if proc.poll() is None:
            proc.send_signal(signal.SIGKILL)
        proc.wait()
    assert proc.returncode == 0
    assert runs >= 3
    assert false_alarms == []
    assert verify_case(made).ok
