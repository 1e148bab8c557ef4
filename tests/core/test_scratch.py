"""Finding 12: what killed runs leave in the temporary folder (tesseract's pages, copies of an
index) is removed by the next run, and only what belongs to processes that are gone."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest

from evidencekit.core import scratch
from evidencekit.core.models import CaseMeta
from evidencekit.core.vault.case import Case

KILLED = (
    "import os, signal, sys\n"
    "from evidencekit.core import scratch\n"
    "for kind in scratch.KINDS:\n"
    "    d = scratch.make_dir(kind)\n"
    "    (d / 'page0000.bmp').write_bytes(b'BM' + bytes(100))\n"
    "os.kill(os.getpid(), signal.SIGKILL)\n"
)


@pytest.fixture
def tmpdir_(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    d = tmp_path / "tmp"
    d.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(d))
    return d


def killed_leftovers(tmpdir_: Path) -> list[str]:
    r = subprocess.run([sys.executable, "-c", KILLED], env={**os.environ, "TMPDIR": str(tmpdir_)}, timeout=120)
    assert r.returncode == -signal.SIGKILL
    left = sorted(p.name for p in tmpdir_.iterdir())
    assert len(left) == len(scratch.KINDS) and all(n.startswith("ek-") for n in left)
    return left


def test_leftovers_of_a_killed_process_are_swept_and_live_ones_kept(tmpdir_: Path) -> None:
    left = killed_leftovers(tmpdir_)
    mine = scratch.make_dir("ocr")  # this process: running
    child = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    try:
        alive = tmpdir_ / f"ek-ocr-{child.pid}-abcd_123"
        alive.mkdir()
        old_untagged = tmpdir_ / "tess_q1w2e3r4"
        old_untagged.write_bytes(b"x")
        earlier = tmpdir_ / "ek-ocr-x9k2m1u7"  # an earlier version's name, no process in it
        earlier.mkdir()
        long_ago = time.time() - scratch.STALE_S - 60
        for p in (old_untagged, earlier):
            os.utime(p, (long_ago, long_ago))
        fresh_untagged = tmpdir_ / "tess_fresh123.tsv"
        fresh_untagged.write_bytes(b"x")
        other = tmpdir_ / "ek-ocr-notes.txt"
        other.write_bytes(b"someone's file")
        os.utime(other, (long_ago, long_ago))
        removed = scratch.sweep()
        assert sorted(removed) == sorted([*left, "tess_q1w2e3r4", "ek-ocr-x9k2m1u7"])
        assert mine.is_dir() and alive.is_dir() and fresh_untagged.exists()
        assert other.exists()  # "ek-ocr-n…": not a name EvidenceKit makes without a process
    finally:
        child.kill()
        child.wait()
        shutil.rmtree(mine)
    assert str(alive.name) in scratch.sweep()  # its process is gone now


def test_a_writable_open_of_a_case_sweeps_them(tmpdir_: Path, tmp_path: Path) -> None:
    Case.create(tmp_path / "case", CaseMeta("t", "张三")).close()
    left = killed_leftovers(tmpdir_)
    with Case.open(tmp_path / "case", readonly=True):
        pass
    assert sorted(p.name for p in tmpdir_.iterdir()) == left  # reading writes nothing, anywhere
    with Case.open(tmp_path / "case"):
        pass
    assert list(tmpdir_.iterdir()) == []


@pytest.mark.skipif(shutil.which("tesseract") is None, reason="tesseract not installed")
def test_tesseract_pages_go_to_a_folder_named_for_the_process(tmpdir_: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from PIL import Image

    from evidencekit.core.ocr.tesseract import TesseractEngine

    made: list[Path] = []
    real = scratch.make_dir

    def spy(kind: str) -> Path:
        made.append(real(kind))
        return made[-1]

    monkeypatch.setattr(scratch, "make_dir", spy)
    engine = TesseractEngine()
    pages = engine.read_pages([Image.new("L", (80, 40), 255), Image.new("L", (80, 40), 255)], "eng")
    assert len(pages) == 2
    assert [p.name.startswith(f"ek-ocr-{os.getpid()}-") for p in made] == [True]
    assert not made[0].exists()  # removed when done
