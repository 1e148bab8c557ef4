"""Concurrency trial: verify a case again and again while other processes write to it.

Writers run one after another in their own processes (import with reading, annotate, withdraw
or restore, export of a bundle into the case's ``exports/``), each as the CLI runs it; meanwhile
this process verifies the case in a loop, read-only. Counted: verifications, those that found a
problem (false alarms: nothing was tampered with), writers that failed, and whether the case
verifies at the end. Exit status 1 when any false alarm or failed writer is counted.

    python -m trials.concurrent --writers 40
"""

from __future__ import annotations

import argparse
import random
import subprocess
import sys
import tempfile
import threading
from collections import Counter
from pathlib import Path

from evidencekit.core.vault.case import Case
from evidencekit.core.verify import verify_case
from trials.kill import OPERATIONS, Trials


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--writers", type=int, default=40, help="writing commands, one after another")
    ap.add_argument("--seed", type=int, default=20261202)
    args = ap.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="evidencekit-concurrent-") as td:
        trials = Trials(Path(td), args.seed)
        trials.out = trials.case / "exports"  # bundles into the case: verify looks at them too
        rng = random.Random(args.seed)
        ops = ["import"] + [rng.choice(OPERATIONS) for _ in range(args.writers - 1)]
        failed: Counter[str] = Counter()
        done = threading.Event()

        def write() -> None:
            try:
                for op in ops:
                    cmd = trials.command(op)  # made when it runs: it names items imported before
                    r = subprocess.run(cmd, capture_output=True, timeout=900)
                    if r.returncode != 0:
                        failed[cmd[3]] += 1
                        print(f"writer failed: {cmd[3:5]}: {r.stderr.decode(errors='replace')[-300:]}", file=sys.stderr)
            finally:
                done.set()

        writer = threading.Thread(target=write, name="writers")
        writer.start()
        runs, alarms = 0, []
        while not done.is_set() or runs == 0:
            report = verify_case(trials.case)
            runs += 1
            if not report.ok:
                alarms.append("; ".join(f"{c.code} {c.subject}: {c.detail}" for c in report.problems)[:400])
        writer.join()
        final_ok = verify_case(trials.case).ok
        with Case.open(trials.case, readonly=True) as c:
            entries = len(c.log_entries())
    print(f"writers {len(ops)} ({', '.join(f'{op} {ops.count(op)}' for op in OPERATIONS)}; failed {sum(failed.values())}), log entries {entries}, "
          f"verifications {runs}, false alarms {len(alarms)}, final verify {'ok' if final_ok else 'FAILED'}")
    for a in alarms:
        print(f"false alarm: {a}", file=sys.stderr)
    return 1 if alarms or failed or not final_ok else 0


if __name__ == "__main__":
    sys.exit(main())

