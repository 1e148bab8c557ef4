"""Crash consistency: kill -9 an importing process at random moments; the case stays whole."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from evidencekit.core.models import CaseMeta
from evidencekit.core.vault.case import Case
from evidencekit.core.verify import verify_case

# Long trials: scripts/test.sh (and CI) runs them; `-m "not slow"` leaves them out while editing.
pytestmark = pytest.mark.slow

TRIALS = 20


def _make_batch(folder: Path, trial: int, n: int = 12) -> list[Path]:
    from PIL import Image

    folder.mkdir(parents=True)
    rng = random.Random(trial)
    out = []
    for i in range(n):
        p = folder / f"t{trial}-{i}.png"
        # Noise makes the PNGs large enough (~200 kB) that the import is caught mid-file.
        Image.frombytes("RGB", (260, 260), rng.randbytes(260 * 260 * 3)).save(p)
        out.append(p)
    big = folder / f"t{trial}-recording.wav"
    big.write_bytes(b"RIFF\x00\x00\x00\x00WAVEfmt " + rng.randbytes(4 << 20))
    out.append(big)
    return out


def test_kill_during_import_leaves_whole_items_or_nothing(tmp_path: Path) -> None:
    case_dir = tmp_path / "case"
    Case.create(case_dir, CaseMeta("crash trials")).close()
    rng = random.Random(20261128)
    killed_mid_batch = 0
    for trial in range(TRIALS):
        files = _make_batch(tmp_path / f"in{trial}", trial)
        proc = subprocess.Popen(
            [sys.executable, "-m", "evidencekit.cli.main", "import", "--no-ocr", str(case_dir), *map(str, files)],
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
        )
        # Let a random number of files through, then kill at a random moment inside the next one
        # (copy, fsync, rename, transaction or log append).
        target = rng.randint(0, len(files) - 1)
        seen = 0
        assert proc.stdout is not None
        while seen < target:
            line = proc.stdout.readline()
            if not line:
                break
            seen += line.startswith(b"imported")
        time.sleep(rng.uniform(0, 0.03))
        proc.send_signal(signal.SIGKILL)
        proc.communicate()
        if proc.returncode == -signal.SIGKILL and 0 < seen:
            killed_mid_batch += 1

        report = verify_case(case_dir)
        assert report.ok, (trial, [c for c in report.problems])
        # Nothing half there: every item has its complete original.
        with Case.open(case_dir, readonly=True) as c:
            for it in c.items(include_withdrawn=True):
                assert c.original_path(it).stat().st_size == it.size
            imported = [e for e in c.log_entries() if e.action == "item_imported"]
            assert len(imported) == c.count(include_withdrawn=True)
        # The next writer cleans what the killed one left, and logs it.
        with Case.open(case_dir) as c:
            assert list((case_dir / "tmp").iterdir()) == []
        assert verify_case(case_dir).ok
    # The trials must really have interrupted imports, not only run before or after them.
    assert killed_mid_batch >= TRIALS // 2, killed_mid_batch
