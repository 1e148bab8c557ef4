#!/usr/bin/env python3
"""Naive tesseract against EvidenceKit's OCR on the screenshots in samples/, in one run.

    .venv/bin/python benchmarks/ocr_bench.py [--workers 2] [--repeat 1] [SAMPLES_DIR]

Naive: ``pytesseract.image_to_string(img, lang="chi_sim+eng")`` with tesseract's default
threading, one image after another. EvidenceKit: ``recognise_files`` (process pool, one tesseract
thread per process). Prints the character error rate of each (truth messages aligned against the
output, white space ignored), the CER on Traditional screenshots, and the throughput ratio.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import sys
import time
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from evidencekit.core.ocr.evaluate import message_cer  # noqa: E402
from evidencekit.core.ocr.pipeline import recognise_files  # noqa: E402
from evidencekit.core.ocr.tesseract import TesseractEngine  # noqa: E402


def cpu_seconds() -> float:
    """CPU time of this process and its finished children (tesseract, pool workers)."""
    me = resource.getrusage(resource.RUSAGE_SELF)
    ch = resource.getrusage(resource.RUSAGE_CHILDREN)
    return me.ru_utime + me.ru_stime + ch.ru_utime + ch.ru_stime


def load_samples(folder: Path) -> list[tuple[Path, dict]]:
    out = []
    for js in sorted(folder.glob("*.json")):
        truth = json.loads(js.read_text(encoding="utf-8"))
        if "messages" not in truth or "file" not in truth:
            continue
        out.append((folder / truth["file"], truth))
    return out


def naive(paths: list[Path]) -> tuple[list[str], float]:
    import pytesseract
    from PIL import Image

    os.environ.pop("OMP_THREAD_LIMIT", None)  # tesseract's default threading
    texts = []
    t0 = time.perf_counter()
    for p in paths:
        with Image.open(p) as img:
            texts.append(pytesseract.image_to_string(img, lang="chi_sim+eng"))
    return texts, time.perf_counter() - t0


def ours(samples: list[tuple[Path, dict]], workers: int) -> tuple[list[str], float, list[int]]:
    refs = {str(p): datetime.fromisoformat(t["reference_time"]) for p, t in samples if t.get("reference_time")}
    t0 = time.perf_counter()
    items = list(recognise_files([p for p, _ in samples], engine=TesseractEngine(), workers=workers,
                                 reference_times=refs))
    dt = time.perf_counter() - t0
    texts = []
    counts = []
    for it in items:
        if it.result is None:
            texts.append("")
            counts.append(-1)
            continue
        texts.append("\n".join(m.text for m in it.result.messages))
        counts.append(len(it.result.messages))
    return texts, dt, counts


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("samples", nargs="?", default=str(ROOT / "samples"))
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--repeat", type=int, default=1, help="run the set this many times (timing only)")
    args = ap.parse_args(argv)
    samples = load_samples(Path(args.samples))
    if not samples:
        print("no samples with ground truth found", file=sys.stderr)
        return 1
    batch = samples * args.repeat
    paths = [p for p, _ in batch]
    c0 = cpu_seconds()
    n_texts, n_time = naive(paths)
    c1 = cpu_seconds()
    o_texts, o_time, counts = ours(batch, args.workers)
    c2 = cpu_seconds()
    n_cpu, o_cpu = c1 - c0, c2 - c1
    rows = []
    tot = {"naive": [0, 0], "ours": [0, 0], "naive_hant": [0, 0], "ours_hant": [0, 0]}
    count_ok = 0
    for (p, truth), nt, ot, c in zip(samples, n_texts, o_texts, counts, strict=False):
        msgs = [m["text"] for m in truth["messages"]]
        ne, nc = message_cer(msgs, nt)
        oe, oc = message_cer(msgs, ot)
        count_ok += c == len(msgs)
        tot["naive"][0] += ne
        tot["naive"][1] += nc
        tot["ours"][0] += oe
        tot["ours"][1] += oc
        if truth.get("script") == "zh-Hant":
            tot["naive_hant"][0] += ne
            tot["naive_hant"][1] += nc
            tot["ours_hant"][0] += oe
            tot["ours_hant"][1] += oc
        rows.append((p.name, ne / max(nc, 1), oe / max(oc, 1), c, len(msgs)))

    def rate(k: str) -> float:
        e, c = tot[k]
        return e / c if c else 0.0

    print(f"{'sample':40s} {'naive CER':>10s} {'ours CER':>10s} {'messages':>10s}")
    for name, n, o, c, t in rows:
        print(f"{name:40s} {n:10.2%} {o:10.2%} {c:>4d}/{t:<4d}")
    n_img = len(batch)
    print()
    print(f"images: {n_img} ({len(samples)} samples x {args.repeat}), cores: {os.cpu_count()}, workers: {args.workers}")
    print(f"naive (chi_sim+eng, default threads, sequential): {n_time:7.2f} s  {n_img / n_time:6.2f} img/s")
    print(f"evidencekit (segmented, script-aware, {args.workers} procs): {o_time:7.2f} s  {n_img / o_time:6.2f} img/s")
    print(f"throughput ratio (evidencekit / naive): {n_time / o_time:.2f}x")
    print(f"CPU seconds: naive {n_cpu:.1f}, evidencekit {o_cpu:.1f} (ratio {n_cpu / max(o_cpu, 1e-9):.2f}x; "
          f"independent of other load on the machine); load average now: {os.getloadavg()[0]:.2f}")
    print(f"CER naive: {rate('naive'):.2%}   CER evidencekit: {rate('ours'):.2%}   "
          f"(ratio {rate('ours') / max(rate('naive'), 1e-9):.2f})")
    print(f"CER Traditional: naive {rate('naive_hant'):.2%}   evidencekit {rate('ours_hant'):.2%}")
    print(f"message count correct: {count_ok}/{len(samples)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
