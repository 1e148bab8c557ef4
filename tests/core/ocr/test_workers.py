"""Reading workers end with the process that started them: a killed import leaves no worker
reading on for nobody (finding 3: orphaned workers kept the case locked for minutes)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[3]

SCRIPT = """
import sys
from pathlib import Path
from PIL import Image
from evidencekit.core.ocr.batch import recognise_files
from tests.fakes.ocr import SlowEngine

paths = []
for i in range(8):
    p = Path(sys.argv[1]) / f"s{i}.png"
    Image.new("RGB", (200, 300), (255, 255, 255)).save(p)
    paths.append(p)
print("reading", flush=True)
for item in recognise_files(paths, engine=SlowEngine(30.0), workers=2, second=None):
    pass
"""


def _children(pid: int) -> list[int]:
    out = []
    for d in Path("/proc").iterdir():
        if not d.name.isdigit():
            continue
        try:
            stat = (d / "stat").read_text()
            cmd = (d / "cmdline").read_bytes()
        except OSError:
            continue
        ppid = int(stat.rsplit(")", 1)[1].split()[1])
        if ppid == pid and b"spawn_main" in cmd:
            out.append(int(d.name))
    return out


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs /proc")
def test_workers_end_when_the_process_that_started_them_is_killed(tmp_path: Path) -> None:
    workers: list[int] = []
    proc = subprocess.Popen([sys.executable, "-c", SCRIPT, str(tmp_path)], cwd=REPO, stdout=subprocess.PIPE,
                            env={**os.environ, "PYTHONPATH": str(REPO)})
    try:
        assert proc.stdout is not None and proc.stdout.readline() == b"reading\n"
        deadline = time.monotonic() + 120
        while len(workers) < 2 and time.monotonic() < deadline:
            time.sleep(0.5)
            workers = _children(proc.pid)
        assert len(workers) == 2, "the workers never started"
        time.sleep(3)  # started and busy reading (each screenshot takes 30 s)
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        deadline = time.monotonic() + 10
        while any(_alive(w) for w in workers) and time.monotonic() < deadline:
            time.sleep(0.2)
        assert not [w for w in workers if _alive(w)], "workers read on after their parent was killed"
    finally:
        proc.kill()
        for w in workers:  # the test's own leftovers, when the fix fails
            if _alive(w):
                os.kill(w, signal.SIGKILL)
