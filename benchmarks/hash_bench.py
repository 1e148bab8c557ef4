"""Import of a large file against the digests alone, in the same run.

    .venv/bin/python benchmarks/hash_bench.py [--size-mib 1024] [--rounds 3]

Baselines: ``openssl dgst -sm3`` and ``openssl dgst -sha256`` of the same file. EvidenceKit's
import reads the file once, copies it into the case (fsynced), and computes SHA-256 and SM3 in
parallel. Goal: import time ≤ 1.15 × the SM3 digest alone. Each measurement is the best of
``--rounds`` interleaved runs, so a busy machine penalises all sides alike.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from evidencekit.core.models import CaseMeta  # noqa: E402
from evidencekit.core.vault.case import Case  # noqa: E402


def make_file(path: Path, size: int) -> None:
    # A WAV header makes it a recording the vault accepts; the rest is random bytes.
    import struct

    block = os.urandom(1 << 20)
    data_size = size - 44
    with open(path, "wb") as f:
        # A valid PCM header (16 kHz mono 16-bit): a long call recording as a phone exports it.
        f.write(b"RIFF" + struct.pack("<I", 36 + data_size) + b"WAVE")
        f.write(b"fmt " + struct.pack("<IHHIIHH", 16, 1, 1, 16000, 32000, 2, 16))
        f.write(b"data" + struct.pack("<I", data_size))
        written = 44
        while written < size:
            n = min(len(block), size - written)
            f.write(block[:n])
            written += n


def timed(fn) -> float:
    t = time.perf_counter()
    fn()
    return time.perf_counter() - t


def openssl(alg: str, path: Path) -> None:
    subprocess.run(["openssl", "dgst", f"-{alg}", str(path)], check=True, capture_output=True)


def import_once(work: Path, path: Path) -> float:
    """Seconds for the import alone (the case is created before the clock starts)."""
    case_dir = work / "case"
    if case_dir.exists():
        for p in case_dir.rglob("*"):
            if p.is_file():
                p.chmod(0o644)
        shutil.rmtree(case_dir)
    with Case.create(case_dir, CaseMeta("bench")) as case:
        t = time.perf_counter()
        [o] = list(case.import_paths([path]))
        elapsed = time.perf_counter() - t
        assert o.status == "imported", o
    return elapsed


def figures(size_mib: int, rounds: int = 3) -> dict[str, float]:
    """The best of ``rounds`` interleaved runs, in seconds, over one file of ``size_mib`` MiB:
    ``sm3`` and ``sha256`` (openssl alone, the baselines) and ``import`` (EvidenceKit)."""
    with tempfile.TemporaryDirectory(dir=Path.cwd()) as tmp:
        work = Path(tmp)
        src = work / "recording.wav"
        make_file(src, size_mib << 20)
        openssl("sm3", src)  # warm the page cache for everyone
        best = {"sm3": float("inf"), "sha256": float("inf"), "import": float("inf")}
        for _ in range(rounds):
            best["sm3"] = min(best["sm3"], timed(lambda: openssl("sm3", src)))
            best["sha256"] = min(best["sha256"], timed(lambda: openssl("sha256", src)))
            best["import"] = min(best["import"], import_once(work, src))
    return best


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--size-mib", type=int, default=1024)
    ap.add_argument("--rounds", type=int, default=3)
    args = ap.parse_args()
    best = figures(args.size_mib, args.rounds)
    mib = args.size_mib
    print(f"file: {mib} MiB, best of {args.rounds} rounds, {os.cpu_count()} cores")
    print(f"baseline openssl dgst -sm3     {best['sm3']:7.2f} s  ({mib / best['sm3']:6.0f} MiB/s)")
    print(f"baseline openssl dgst -sha256  {best['sha256']:7.2f} s  ({mib / best['sha256']:6.0f} MiB/s)")
    print(f"evidencekit import (both + copy + fsync) {best['import']:7.2f} s  ({mib / best['import']:6.0f} MiB/s)")
    ratio = best["import"] / best["sm3"]
    print(f"ratio import / sm3 alone:    {ratio:.2f}  (goal <= 1.15)")
    print(f"ratio import / sha256 alone: {best['import'] / best['sha256']:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
