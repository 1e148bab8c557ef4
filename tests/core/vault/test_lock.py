"""The case's write lock: it dies with its process (never kept by a forked worker), a second writer
waits and says for whom, or stops at once with its own exit status."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from evidencekit.core.vault.case import Case, LockHolder
from evidencekit.errors import CaseLockedError, ExitCode


@pytest.fixture
def case_dir(case: Case) -> Path:
    path = case.path
    case.close()
    return path


def _cli(*args: str) -> subprocess.Popen[str]:
    return subprocess.Popen([sys.executable, "-m", "evidencekit.cli.main", *args], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)


def test_a_forked_worker_does_not_keep_the_case_locked(case_dir: Path) -> None:
    """Finding #3: an import killed while its (forked) OCR workers run; the workers live on."""
    script = (
        "import multiprocessing as mp, sys, time\n"
        "from evidencekit.core.vault.case import Case\n"
        "def worker():\n"
        "    open(sys.argv[2], 'w').close()\n"
        "    time.sleep(60)\n"
        "case = Case.open(sys.argv[1])\n"
        "p = mp.get_context('fork').Process(target=worker)\n"
        "p.start()\n"
        "print(p.pid, flush=True)\n"
        "time.sleep(60)\n"
    )
    working = case_dir.parent / "worker-running"
    proc = subprocess.Popen([sys.executable, "-c", script, str(case_dir), str(working)], stdout=subprocess.PIPE,
                            text=True)
    assert proc.stdout is not None
    child = int(proc.stdout.readline())
    # the worker runs its own code (as OCR workers do when an import is killed): what the fork left
    # it has been dealt with by then; killing the parent sooner would race the child's start on a
    # loaded machine, not test the lock
    deadline = time.monotonic() + 30
    while not working.exists() and time.monotonic() < deadline:
        time.sleep(0.01)
    assert working.exists()
    try:
        with pytest.raises(CaseLockedError):
            Case.open(case_dir).close()
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        os.kill(child, 0)  # the orphaned worker is still alive…
        with Case.open(case_dir) as c:  # …and the case is free
            assert not c.readonly
        assert Case.holder(case_dir) is None
    finally:
        try:
            os.kill(child, signal.SIGKILL)
        except ProcessLookupError:
            pass


def test_the_lock_descriptor_is_not_inherited_across_exec(case_dir: Path) -> None:
    with Case.open(case_dir) as c:
        assert c._lock_fd is not None and not os.get_inheritable(c._lock_fd)


def test_open_waits_and_says_for_whom(case_dir: Path) -> None:
    holder = Case.open(case_dir, program="evidencekit import")
    seen: list[LockHolder] = []
    threading.Timer(0.6, holder.close).start()
    t0 = time.monotonic()
    with Case.open(case_dir, wait=10, on_wait=seen.append) as c:
        assert not c.readonly
    assert time.monotonic() - t0 >= 0.5
    [who] = seen
    assert who.pid == os.getpid() and who.program == "evidencekit import"
    assert "evidencekit import" in who.describe() and str(os.getpid()) in who.describe()
    assert who.describe().startswith("another EvidenceKit window or process")


def test_open_without_waiting_raises_with_the_holder(case_dir: Path) -> None:
    with Case.open(case_dir, program="evidencekit export"):
        info = Case.holder(case_dir)
        assert info is not None and info.program == "evidencekit export"
        with pytest.raises(CaseLockedError) as e:
            Case.open(case_dir, wait=0.3)
        assert isinstance(e.value.holder, LockHolder) and e.value.holder.pid == os.getpid()
        assert e.value.exit_code == ExitCode.BUSY != ExitCode.PROBLEMS
        assert "evidencekit export" in e.value.msg
    assert Case.holder(case_dir) is None


def test_a_second_cli_writer_waits_with_a_message_or_stops_with_its_own_status(case_dir: Path,
                                                                                tmp_path: Path) -> None:
    """Finding #13: no more exit 1 at once ("a file was rejected")."""
    from tests.conftest import make_png

    shot = make_png(tmp_path / "a.png")
    holder = Case.open(case_dir, program="evidencekit import")
    try:
        busy = _cli("import", "--no-wait", "--no-ocr", str(case_dir), str(shot))
        out, err = busy.communicate(timeout=60)
        assert busy.returncode == ExitCode.BUSY == 75, err
        assert "evidencekit import" in err and str(os.getpid()) in err
        busy = _cli("--no-wait", "import", "--no-ocr", str(case_dir), str(shot))  # before the command too
        assert busy.wait(timeout=60) == ExitCode.BUSY

        waiting = _cli("import", "--no-ocr", str(case_dir), str(shot))
        assert waiting.stderr is not None
        line = waiting.stderr.readline()
        assert "waiting" in line and "evidencekit import" in line
        assert waiting.poll() is None
    finally:
        holder.close()
    out, err = waiting.communicate(timeout=60)
    assert waiting.returncode == 0, err
    assert out.startswith("imported")
