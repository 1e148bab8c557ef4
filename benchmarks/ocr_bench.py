#!/usr/bin/env python3
"""EvidenceKit's OCR against two baselines, on the same generated screenshots, in one run.

    .venv/bin/python benchmarks/ocr_bench.py                    # the held-back set (60 screenshots)
    .venv/bin/python benchmarks/ocr_bench.py --tuning 1001      # a tuning set: per-screenshot rows too
    .venv/bin/python benchmarks/ocr_bench.py --samples samples  # the demo samples

Systems, each over every screenshot:

- naive tesseract: ``pytesseract.image_to_string(img, lang="chi_sim+eng")`` on the whole image,
  tesseract's default threading, one image after another;
- raw rapidocr: ``RapidOCR()`` with the library's defaults (its wheel's PP-OCRv6 models, whole
  image), in 2 processes with 1 onnxruntime thread each;
- EvidenceKit with tesseract: ``recognise_files`` with the tesseract engine (2 processes);
- EvidenceKit default: ``recognise_files`` with the default engine (PP-OCR, 2 processes).

For each: the character error rate (truth messages aligned one by one against the output, white
space ignored), overall and on Traditional screenshots; readings with no text; screenshots whose
message count is right (EvidenceKit only: the baselines give text, not messages); seconds per
screenshot (wall clock, start-up included) and the ratios to the default.

The held-back screenshots are generated from a seed kept only here, once per run, into a
temporary folder: nothing is tuned on them, and their per-screenshot errors are not printed.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from datetime import datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "samples"))

from evidencekit.core.ocr.evaluate import message_cer  # noqa: E402

#: The held-back set: generated from this seed only here, never tuned on.
HELD_BACK_SEED = 7_240_913
HELD_BACK_COUNT = 60


def cpu_seconds() -> float:
    me = resource.getrusage(resource.RUSAGE_SELF)
    ch = resource.getrusage(resource.RUSAGE_CHILDREN)
    return me.ru_utime + me.ru_stime + ch.ru_utime + ch.ru_stime


def load_truths(folder: Path) -> list[tuple[Path, dict[str, Any]]]:
    out = []
    for js in sorted(folder.glob("*.json")):
        t = json.loads(js.read_text(encoding="utf-8"))
        if "messages" in t and "file" in t:
            out.append((folder / t["file"], t))
    return out


# ---------------------------------------------------------------- the systems


def naive_tesseract(paths: list[Path]) -> list[str]:
    import pytesseract
    from PIL import Image

    os.environ.pop("OMP_THREAD_LIMIT", None)  # tesseract's default threading
    texts = []
    for p in paths:
        with Image.open(p) as img:
            texts.append(pytesseract.image_to_string(img, lang="chi_sim+eng"))
    return texts


_RAPID: Any = None


def _rapid_init() -> None:
    global _RAPID
    os.environ["OMP_NUM_THREADS"] = "1"
    from rapidocr import RapidOCR

    _RAPID = RapidOCR(params={"EngineConfig.onnxruntime.intra_op_num_threads": 1,
                              "EngineConfig.onnxruntime.inter_op_num_threads": 1, "Global.log_level": "error"})


def _rapid_read(path: str) -> str:
    res = _RAPID(path)
    return "\n".join(res.txts) if res.txts else ""


def raw_rapidocr(paths: list[Path], workers: int) -> list[str]:
    import multiprocessing

    ctx = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=workers, mp_context=ctx, initializer=_rapid_init) as pool:
        return list(pool.map(_rapid_read, [str(p) for p in paths], chunksize=1))


def evidencekit(paths: list[Path], truths: list[dict[str, Any]], engine: Any, workers: int) -> list[Any]:
    from evidencekit.core.models import ReferenceSource, ReferenceTime
    from evidencekit.core.ocr.pipeline import recognise_files

    refs = {str(p): ReferenceTime(datetime.fromisoformat(t["reference_time"]), ReferenceSource.GIVEN)
            for p, t in zip(paths, truths, strict=True)}
    return [it.result for it in recognise_files(paths, engine=engine, workers=workers, reference_times=refs)]


# ---------------------------------------------------------------- scoring


def score(truths: list[dict[str, Any]], texts: list[str], counts: list[int | None]) -> dict[str, Any]:
    err = chars = err_t = chars_t = 0
    empty = right = 0
    rows = []
    for t, text, n in zip(truths, texts, counts, strict=True):
        msgs = [m["text"] for m in t["messages"]]
        e, c = message_cer(msgs, text)
        err += e
        chars += c
        if t["script"] == "zh-Hant":
            err_t += e
            chars_t += c
        empty += not text.strip()
        right += n == len(msgs)
        rows.append((t["file"], e / max(c, 1), n, len(msgs)))
    return {"cer": err / max(chars, 1), "cer_hant": err_t / max(chars_t, 1), "empty": empty,
            "right": right if any(n is not None for n in counts) else None, "rows": rows}


def run(samples: list[tuple[Path, dict[str, Any]]], systems: list[str], workers: int) -> dict[str, dict[str, Any]]:
    paths = [p for p, _ in samples]
    truths = [t for _, t in samples]
    out: dict[str, dict[str, Any]] = {}
    for name in systems:
        c0, t0 = cpu_seconds(), time.perf_counter()
        counts: list[int | None]
        if name == "naive tesseract":
            texts = naive_tesseract(paths)
            counts = [None] * len(paths)
        elif name == "raw rapidocr":
            texts = raw_rapidocr(paths, workers)
            counts = [None] * len(paths)
        else:
            from evidencekit.core.ocr.pipeline import engine_by_name

            engine = engine_by_name("tesseract" if name == "EvidenceKit tesseract" else "rapidocr")
            results = evidencekit(paths, truths, engine, workers)
            texts = ["\n".join(m.text for m in r.messages) if r else "" for r in results]
            counts = [len(r.messages) if r else 0 for r in results]
        wall, cpu = time.perf_counter() - t0, cpu_seconds() - c0
        out[name] = {**score(truths, texts, counts), "wall": wall, "cpu": cpu}
        print(f"  {name}: {wall:.1f} s", file=sys.stderr)
    return out


def table(res: dict[str, dict[str, Any]], n: int, n_hant: int) -> str:
    base = res.get("EvidenceKit default")
    head = ("| system | CER | CER Traditional | empty readings | message count right | s / screenshot "
            "| CPU s / screenshot | default is faster by |")
    lines = [head, "|" + "---|" * 8]
    for name, r in res.items():
        right = f"{r['right']}/{n} ({r['right'] / n:.0%})" if r["right"] is not None else "—"
        ratio = f"{r['wall'] / base['wall']:.2f}×" if base and name != "EvidenceKit default" else "—"
        lines.append(f"| {name} | {r['cer']:.2%} | {r['cer_hant']:.2%} | {r['empty']}/{n} | {right} "
                     f"| {r['wall'] / n:.2f} | {r['cpu'] / n:.2f} | {ratio} |")
    lines.append("")
    lines.append(f"{n} screenshots ({n_hant} Traditional), {os.cpu_count()} cores, load average at the end "
                 f"{os.getloadavg()[0]:.1f}")
    return "\n".join(lines)


SYSTEMS = ["naive tesseract", "raw rapidocr", "EvidenceKit tesseract", "EvidenceKit default"]


def figures(count: int = HELD_BACK_COUNT, systems: list[str] | None = None, workers: int = 2) -> dict[str, dict[str, Any]]:
    """Each system's figures on the held-back set (``count`` screenshots generated from its seed):
    ``cer``, ``cer_hant``, ``empty``, ``right``, ``wall`` and ``cpu`` seconds, and ``n``. Totals only:
    the per-screenshot rows are left out (nothing is to be tuned on the held-back set)."""
    from phonegen.gen import generate

    with tempfile.TemporaryDirectory(prefix="ek-ocr-bench-") as tmp:
        folder = Path(tmp)
        generate(HELD_BACK_SEED, count, folder)
        samples = load_truths(folder)
        res = run(samples, systems or SYSTEMS, workers)
    return {name: {**{k: v for k, v in r.items() if k != "rows"}, "n": len(samples)} for name, r in res.items()}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    which = ap.add_mutually_exclusive_group()
    which.add_argument("--tuning", type=int, metavar="SEED", help="a tuning set from this seed (rows per screenshot)")
    which.add_argument("--samples", type=Path, help="a folder of screenshots with *.json truth (rows per screenshot)")
    ap.add_argument("--count", type=int, default=HELD_BACK_COUNT)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--systems", default=",".join(SYSTEMS), help="comma-separated, of: " + ", ".join(SYSTEMS))
    args = ap.parse_args(argv)
    systems = [s.strip() for s in args.systems.split(",") if s.strip()]
    if unknown := [s for s in systems if s not in SYSTEMS]:
        ap.error(f"unknown systems: {unknown}")
    from phonegen.gen import generate

    with tempfile.TemporaryDirectory(prefix="ek-ocr-bench-") as tmp:
        if args.samples:
            folder, label, rows = args.samples, f"samples in {args.samples}", True
        else:
            folder = Path(tmp)
            seed = args.tuning if args.tuning is not None else HELD_BACK_SEED
            generate(seed, args.count, folder)
            label = f"tuning set (seed {seed})" if args.tuning is not None else "held-back set"
            rows = args.tuning is not None
        samples = load_truths(folder)
        print(f"{label}: {len(samples)} screenshots", file=sys.stderr)
        res = run(samples, systems, args.workers)
    n = len(samples)
    n_hant = sum(t["script"] == "zh-Hant" for _, t in samples)
    if rows:  # never for the held-back set: its errors are not to be tuned on
        names = list(res)
        print("| screenshot | " + " | ".join(names) + " |")
        print("|" + "---|" * (len(names) + 1))
        for i, (_, t) in enumerate(samples):
            cells = []
            for name in names:
                _, cer, got, want = res[name]["rows"][i]
                cells.append(f"{cer:.1%}" + (f" {got}/{want}" if got is not None else ""))
            print(f"| {t['file']} | " + " | ".join(cells) + " |")
        print()
    print(f"{label}, {datetime.now().isoformat(timespec='seconds')}")
    print(table(res, n, n_hant))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
