"""Kill trials: ``SIGKILL`` an EvidenceKit command at a random moment, then check the case.

Each trial starts one writing command on a case (import with reading, annotate, withdraw or
restore, export of the PDF and ZIP bundle), kills it after a random delay within the time the
command takes when left alone, and then checks:

- **inconsistent**: the case does not verify (``verify_case``), or an item lacks its original;
- **stuck lock**: the case cannot be opened for writing at once (a worker of the killed process
  still holding the lock);
- **half bundle**: a bundle under its final name (``*.pdf``, ``*.zip`` in the output folder)
  that does not verify, or one no ``export_made`` entry names;
- **leftover**: after the next writable open, anything in ``tmp/``, an ``ek-export-*`` folder in
  the output folder, or an ``ek-*-<pid>`` folder of the killed process in the temporary folder.

It prints the counts per command and exits 1 when any count of a failure is not 0.

    python -m trials.kill --trials 200            # the full trial
    python -m trials.kill --trials 8 --seed 1     # a short form (the test suite runs one)
"""

from __future__ import annotations

import argparse
import os
import random
import signal
import subprocess
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from evidencekit.core.export.verify_bundle import verify_bundle
from evidencekit.core.models import CaseMeta
from evidencekit.core.vault.case import Case
from evidencekit.core.verify import verify_case
from evidencekit.errors import EvidenceKitError

OPERATIONS = ("import", "annotate", "withdraw", "export")
FAILURES = ("inconsistent", "stuck_lock", "half_bundle", "leftover")


@dataclass
class Tally:
    """Counts per operation: trials, how many were killed before they finished, and failures."""

    trials: Counter[str] = field(default_factory=Counter)
    killed: Counter[str] = field(default_factory=Counter)
    failures: dict[str, Counter[str]] = field(default_factory=lambda: {f: Counter() for f in FAILURES})
    notes: list[str] = field(default_factory=list)

    def failed(self) -> int:
        return sum(sum(c.values()) for c in self.failures.values())


def _screenshot(path: Path, rng: random.Random, n: int) -> Path:
    from PIL import Image, ImageDraw

    img = Image.new("RGB", (540, 960), (237, 237, 237))
    d = ImageDraw.Draw(img)
    for i in range(4):
        y = 80 + i * 200
        d.rounded_rectangle((30, y, 420, y + 120), 20, fill=(255, 255, 255))
        d.text((50, y + 40), f"Notice {n}-{i}: pay {rng.randint(100, 9999)} today", fill=(0, 0, 0))
    # noise in a corner: every file differs, and is large enough to be caught mid-copy
    img.paste(Image.frombytes("RGB", (120, 120), rng.randbytes(120 * 120 * 3)), (400, 820))
    img.save(path)
    return path


def _cli(*args: str) -> list[str]:
    return [sys.executable, "-m", "evidencekit.cli.main", *args]


class Trials:
    """One case and an output folder, and the commands tried on them."""

    def __init__(self, root: Path, seed: int) -> None:
        self.root = root
        self.rng = random.Random(seed)
        self.case = root / "case"
        self.out = root / "bundles"
        self.out.mkdir(parents=True)
        self.inputs = root / "inputs"
        self.inputs.mkdir()
        self.made = 0
        Case.create(self.case, CaseMeta("kill trials", "张三")).close()
        self.durations: dict[str, float] = {}

    def _item_ids(self) -> list[int]:
        with Case.open(self.case, readonly=True) as c:
            return [it.id for it in c.items(include_withdrawn=True)]

    def command(self, op: str) -> list[str]:
        """The command line of one trial of ``op``."""
        if op == "import":
            files = []
            for _ in range(3):
                self.made += 1
                files.append(str(_screenshot(self.inputs / f"s{self.made}.png", self.rng, self.made)))
            return _cli("import", str(self.case), *files)
        ids = self._item_ids()
        if not ids:
            return self.command("import")
        item = str(self.rng.choice(ids))
        if op == "annotate":
            return _cli("annotate", str(self.case), item, "--title", f"t{self.rng.randint(0, 10**6)}",
                        "--proves", "overdue notice")
        if op == "withdraw":
            with Case.open(self.case, readonly=True) as c:
                withdrawn = next(it.withdrawn for it in c.items(include_withdrawn=True) if str(it.id) == item)
            return _cli("withdraw", str(self.case), item, *(["--restore"] if withdrawn else ["--reason", "dup"]))
        return _cli("export", str(self.case), "--zip", "--out", str(self.out), "--lang", "en")

    def calibrate(self) -> None:
        """How long each command takes when left alone (the window a kill is drawn from)."""
        for op in ("import", *OPERATIONS):
            t = time.monotonic()
            subprocess.run(self.command(op), capture_output=True, check=True, timeout=600)
            self.durations[op] = time.monotonic() - t

    def run(self, op: str, tally: Tally) -> None:
        """One trial of ``op``: start, kill at a random moment, check."""
        tally.trials[op] += 1
        cmd = self.command(op)
        proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
        time.sleep(self.rng.uniform(0.0, 1.1 * self.durations[op]))
        if proc.poll() is None:
            tally.killed[op] += 1
        proc.send_signal(signal.SIGKILL)  # the command only: its workers live on if they can
        proc.wait()
        self.check(op, proc.pid, tally)

    def check(self, op: str, pid: int, tally: Tally) -> None:
        """The four failures after a kill (see the module)."""
        def note(kind: str, what: str) -> None:
            tally.failures[kind][op] += 1
            tally.notes.append(f"{op} (pid {pid}): {kind}: {what}")

        report = verify_case(self.case)
        if not report.ok:
            note("inconsistent", "; ".join(f"{c.code}: {c.detail}" for c in report.problems)[:400])
        try:
            with Case.open(self.case, wait=0) as c:  # at once, or the lock is stuck; repairs leftovers
                for it in c.items(include_withdrawn=True):
                    if c.original_path(it).stat().st_size != it.size:
                        note("inconsistent", f"item {it.id}: original of the wrong size")
                made = {str(d.get("pdf")) for d in (e.details for e in c.log_entries() if e.action == "export_made")}
                made |= {str(d.get("zip")) for d in (e.details for e in c.log_entries() if e.action == "export_made")}
        except EvidenceKitError as e:
            note("stuck_lock", e.msg)
            return
        for f in sorted(self.out.iterdir()):
            if f.name.startswith("ek-export-"):
                note("leftover", f"work folder {f.name}")
            elif f.suffix in (".pdf", ".zip"):
                if f.name not in made:
                    note("half_bundle", f"{f.name}: no export_made entry names it")
                elif f.stat().st_mtime > time.time() - 120 and not verify_bundle(f).ok:
                    note("half_bundle", f"{f.name}: does not verify")
        if any((self.case / "tmp").iterdir()):
            note("leftover", f"tmp/: {[p.name for p in (self.case / 'tmp').iterdir()]}")
        tmp = Path(tempfile.gettempdir())
        left = [p.name for p in tmp.glob(f"ek-*-{pid}-*")]
        if left:
            note("leftover", f"temporary folders of the killed process: {left}")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--trials", type=int, default=200, help="trials in all, spread over the commands")
    ap.add_argument("--seed", type=int, default=20261202)
    ap.add_argument("--keep", metavar="DIR", help="work in DIR and keep it (default: a temporary folder)")
    args = ap.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="evidencekit-trials-") as td:
        root = Path(args.keep) if args.keep else Path(td)
        trials = Trials(root, args.seed)
        trials.calibrate()
        tally = Tally()
        for i in range(args.trials):
            trials.run(OPERATIONS[i % len(OPERATIONS)], tally)
    print(f"{'command':<10} {'trials':>6} {'killed':>6} " + " ".join(f"{f:>12}" for f in FAILURES))
    for op in OPERATIONS:
        print(f"{op:<10} {tally.trials[op]:>6} {tally.killed[op]:>6} "
              + " ".join(f"{tally.failures[f][op]:>12}" for f in FAILURES))
    print(f"{'all':<10} {sum(tally.trials.values()):>6} {sum(tally.killed.values()):>6} "
          + " ".join(f"{sum(tally.failures[f].values()):>12}" for f in FAILURES))
    for n in tally.notes:
        print(n, file=sys.stderr)
    return 1 if tally.failed() else 0


if __name__ == "__main__":
    os.environ.setdefault("PYTHONUNBUFFERED", "1")
    sys.exit(main())
