"""Every benchmark in one table: each figure beside its baseline measured in the same run, and the
ratio, at two sizes where the cost grows with the size.

    .venv/bin/python benchmarks/run_all.py            # the full sizes (about half an hour on 2 cores)
    .venv/bin/python benchmarks/run_all.py --quick    # small sizes, a few minutes
    .venv/bin/python benchmarks/run_all.py --only hash,export

The benchmarks and their baselines (each benchmark's own docstring says more):

- ``hash``: importing a large recording (read once, copied, fsynced, SHA-256 and SM3) against
  ``openssl dgst -sm3`` / ``-sha256`` of the same file;
- ``export``: the signed bundle of N screenshots against reportlab placing the same images one a
  page (time and peak memory, each in a fresh process);
- ``tui``: the app on a case of N items against the same app on an empty case (launch, a cursor
  move, search per keystroke);
- ``ocr``: EvidenceKit's default reading of the held-back screenshots against raw rapidocr and
  naive tesseract on the same screenshots (seconds per screenshot, character error rate);
- ``cases``: the cover's figures on the held-out cases against the same on the tuning cases
  (agreement with the hand counts; the tuning figure measures fit, so the ratio shows how much
  of it carries over to cases never looked at);
- ``labels``: the classifier's precision and recall on the held-out messages against the same on
  the tuning set.

Only totals are printed: nothing of the held-out data item by item.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))

BENCHES = ("hash", "export", "tui", "ocr", "cases", "labels")


@dataclass(frozen=True)
class Row:
    bench: str
    figure: str
    size: str
    ours: float
    baseline: float
    baseline_is: str
    unit: str

    @property
    def ratio(self) -> float:
        return self.ours / self.baseline if self.baseline else float("nan")


@dataclass(frozen=True)
class Sizes:
    hash_mib: tuple[int, int]
    hash_rounds: int
    export_items: tuple[int, int]
    tui_items: tuple[int, int]
    tui_moves: int
    ocr_count: int
    ocr_systems: tuple[str, ...]


FULL = Sizes((10, 200), 3, (10, 60), (1_000, 10_000), 100, 60,
             ("naive tesseract", "raw rapidocr", "EvidenceKit default"))
QUICK = Sizes((10, 50), 1, (5, 20), (200, 1_000), 20, 6, ("raw rapidocr", "EvidenceKit default"))


def hash_rows(z: Sizes) -> list[Row]:
    import hash_bench

    rows = []
    for mib in z.hash_mib:
        best = hash_bench.figures(mib, z.hash_rounds)
        rows.append(Row("hash", "import (copy, fsync, SHA-256 + SM3)", f"{mib} MiB", best["import"], best["sm3"],
                        "openssl dgst -sm3", "s"))
        rows.append(Row("hash", "import", f"{mib} MiB", best["import"], best["sha256"], "openssl dgst -sha256", "s"))
    return rows


def export_rows(z: Sizes) -> list[Row]:
    import export_bench

    rows = []
    for n, runs in export_bench.figures(list(z.export_items)).items():
        ours, base = runs["ours"], runs["baseline"]
        rows.append(Row("export", "signed bundle", f"{n} items", ours["seconds"], base["seconds"],
                        "reportlab, one image a page", "s"))
        rows.append(Row("export", "peak memory", f"{n} items", ours["peak_mib"], base["peak_mib"],
                        "reportlab, one image a page", "MiB"))
    return rows


def tui_rows(z: Sizes) -> list[Row]:
    import tempfile

    import tui_bench

    rows = []
    for n in z.tui_items:
        with tempfile.TemporaryDirectory(prefix="tui-bench-") as td:
            _, base, res = tui_bench.figures(n, moves=z.tui_moves, work=Path(td))

        def med(r: dict[str, object], key: str) -> float:
            values = r[key]
            assert isinstance(values, list)
            return float(statistics.median(values)) if values else float("nan")

        launch_ours, launch_base = res["launch_s"], base["launch_s"]
        assert isinstance(launch_ours, float) and isinstance(launch_base, float)
        rows.append(Row("tui", "launch → table drawn", f"{n} items", launch_ours * 1000, launch_base * 1000,
                        "the app on an empty case", "ms"))
        rows.append(Row("tui", "cursor move (median)", f"{n} items", med(res, "move_ms"), med(base, "move_ms"),
                        "the app on an empty case", "ms"))
        rows.append(Row("tui", "search per keystroke (median)", f"{n} items", med(res, "search_ms"),
                        med(base, "search_ms"), "the app on an empty case", "ms"))
    return rows


def ocr_rows(z: Sizes) -> list[Row]:
    import ocr_bench

    res = ocr_bench.figures(z.ocr_count, list(z.ocr_systems))
    ours = res["EvidenceKit default"]
    n = int(ours["n"])
    rows = []
    for name, r in res.items():
        if name == "EvidenceKit default":
            continue
        rows.append(Row("ocr", "seconds per screenshot", f"{n} shots", ours["wall"] / n, r["wall"] / n, name, "s"))
        rows.append(Row("ocr", "character error rate", f"{n} shots", ours["cer"] * 100, r["cer"] * 100, name, "%"))
    return rows


def cases_rows(z: Sizes) -> list[Row]:
    import cases_bench

    agree, total = cases_bench.totals()
    t_agree, t_total = cases_bench.totals(HERE.parent / "tests" / "data" / "tuning_cases")
    if not total or not t_total:
        print("cases: no held-out or tuning cases here", file=sys.stderr)
        return []
    return [Row("cases", f"figures agreeing ({agree}/{total} vs {t_agree}/{t_total})", f"{total} figures",
                100 * agree / total, 100 * t_agree / t_total, "the same on the tuning cases", "%")]


def labels_rows(z: Sizes) -> list[Row]:
    import labels_bench

    held, tuning = labels_bench.figures(), labels_bench.figures(labels_bench.TUNING)
    if held is None or tuning is None:
        print("labels: no held-out or tuning messages here", file=sys.stderr)
        return []
    return [Row("labels", key, "held-out messages", held[key] * 100, tuning[key] * 100, "the same on the tuning set", "%")
            for key in ("precision", "recall")]


MEASURE: dict[str, Callable[[Sizes], list[Row]]] = {
    "hash": hash_rows, "export": export_rows, "tui": tui_rows, "ocr": ocr_rows, "cases": cases_rows,
    "labels": labels_rows,
}


def table(rows: list[Row]) -> str:
    """The rows as one Markdown table."""
    out = ["| benchmark | figure | size | EvidenceKit | baseline | baseline is | ratio |", "|" + "---|" * 7]
    for r in rows:
        out.append(f"| {r.bench} | {r.figure} | {r.size} | {r.ours:.2f} {r.unit} | {r.baseline:.2f} {r.unit} "
                   f"| {r.baseline_is} | {r.ratio:.2f}× |")
    return "\n".join(out)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    ap.add_argument("--quick", action="store_true", help="small sizes (a few minutes)")
    ap.add_argument("--only", default=",".join(BENCHES), help="comma-separated, of: " + ", ".join(BENCHES))
    args = ap.parse_args(argv)
    chosen = [b.strip() for b in args.only.split(",") if b.strip()]
    if unknown := [b for b in chosen if b not in MEASURE]:
        ap.error(f"unknown benchmarks: {unknown}")
    sizes = QUICK if args.quick else FULL
    rows: list[Row] = []
    for name in chosen:
        t = time.perf_counter()
        print(f"{name} ...", file=sys.stderr, flush=True)
        rows += MEASURE[name](sizes)
        print(f"{name}: {time.perf_counter() - t:.0f} s", file=sys.stderr, flush=True)
    print(table(rows))
    print(f"\n{'quick' if args.quick else 'full'} sizes, {os.cpu_count()} cores, load average at the end "
          f"{os.getloadavg()[0]:.1f}; ratio = EvidenceKit / baseline (lower is better for times and memory, "
          "higher for agreement, precision and recall)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
