"""Export benchmark: a case of 500 and 1,000 screenshots against a plain reportlab baseline.

The baseline places the same images one per page with reportlab's canvas. Ours is the full
signed bundle (cover, evidence list, chronology, one section per exhibit with metadata and
custody, verification page, custody appendix, originals embedded, PAdES signature).

Each measurement runs in a fresh child process of this script so that its peak memory (the
child's maximum resident set size, from ``wait4``) is its own. Prints time, peak memory and the
ratio to the baseline for each size.

    python benchmarks/export_bench.py [--sizes 500 1000] [--zip] [--keep DIR]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

W, H = 720, 1560  # a phone screenshot, downsized: a realistic PNG of ~60-120 KB


def make_images(folder: Path, n: int) -> list[Path]:
    """Distinct screenshots (reportlab deduplicates identical images, so each must differ)."""
    from PIL import Image, ImageDraw, ImageFont

    folder.mkdir(parents=True, exist_ok=True)
    font = ImageFont.truetype("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc", 30, index=0)
    out = []
    for i in range(n):
        p = folder / f"shot{i:05d}.png"
        out.append(p)
        if p.exists():
            continue
        im = Image.new("RGB", (W, H), (242, 242, 242))
        d = ImageDraw.Draw(im)
        d.rectangle([0, 0, W, 120], fill=(40, 80 + i % 120, 140))
        d.text((30, 45), f"95188  第 {i} 条", fill=(255, 255, 255), font=font)
        y = 170
        for k in range(3 + i % 3):
            d.rounded_rectangle([30, y, W - 90, y + 150], 16, fill=(255, 255, 255))
            d.text((50, y + 20), f"【某某消费金融】您的借款已逾期{i % 30 + k}天，", fill=(20, 20, 20), font=font)
            d.text((50, y + 70), f"请于今日还款，编号 {i:05d}-{k}。", fill=(20, 20, 20), font=font)
            y += 190
        im.save(p, format="PNG")
    return out


def run_baseline(images: list[Path], out: Path, a85: bool = True) -> None:
    from reportlab import rl_config
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    rl_config.useA85 = int(a85)
    c = canvas.Canvas(str(out), pagesize=A4)
    pw, ph = A4
    for p in images:
        scale = min((pw - 60) / W, (ph - 60) / H)
        c.drawImage(str(p), 30, ph - 30 - H * scale, W * scale, H * scale)
        c.showPage()
    c.save()


def run_ours(images: list[Path], out: Path, make_zip: bool) -> int:
    from evidencekit.core.export.bundle import export_bundle
    from evidencekit.core.export.model import BundleInput, ExhibitInput, ExportOptions
    from evidencekit.core.integrity.hashing import digest_file
    from evidencekit.core.integrity.identity import create_identity
    from evidencekit.core.models import CaseMeta, Item, Respondent
    from evidencekit.core.vault import custody

    ident = create_identity("张三")
    exhibits = []
    log = []
    prev = custody.GENESIS
    for i, p in enumerate(images, 1):
        d, size = digest_file(p)
        when = dt.datetime(2026, 10, 1, 8) + dt.timedelta(hours=7 * i)
        item = Item(id=i, sha256=d.sha256, sm3=d.sm3, size=size, kind="image", mime="image/png",
                    original_name=p.name, original_path=str(p), file_mtime=when.isoformat() + "Z", exif_time=None,
                    imported_at="2026-11-27T02:00:00Z", import_offset="+08:00", host="bench", user="bench",
                    title=f"催收短信截图 {i}", position=i, width=W, height=H)
        e = custody.make_entry(seq=i, time="2026-11-27T02:00:00Z", actor="bench", action="item_imported",
                               item_id=i, sha256=d.sha256, details={"batch": "b1"}, prev_hash=prev, identity=ident)
        prev = e.hash
        log.append(e)
        exhibits.append(ExhibitInput(str(i), item, p, None, (e,), "b1"))
    inp = BundleInput(CaseMeta("基准测试案件", "张三", respondents=(Respondent("某某消费金融", ("95188",)),)),
                      tuple(exhibits), tuple(log), ident)
    res = export_bundle(inp, out, ExportOptions(make_zip=make_zip))
    return res.pages


def child(mode: str, folder: Path, n: int, out: Path, make_zip: bool) -> None:
    images = make_images(folder, n)
    t = time.perf_counter()
    pages = n
    if mode == "baseline":
        run_baseline(images, out)
    elif mode == "baseline-noa85":
        run_baseline(images, out, a85=False)
    else:
        pages = run_ours(images, out, make_zip)
    elapsed = time.perf_counter() - t
    print(json.dumps({"seconds": elapsed, "pages": pages, "bytes": out.stat().st_size}))


def measure(mode: str, folder: Path, n: int, out: Path, make_zip: bool) -> dict[str, float]:
    cmd = [sys.executable, __file__, "--child", mode, "--images", str(folder), "--n", str(n), "--out", str(out)]
    if make_zip:
        cmd.append("--zip")
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, text=True)
    assert proc.stdout is not None
    data = proc.stdout.read()
    _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode:
        raise SystemExit(f"{mode} run failed ({proc.returncode})")
    r: dict[str, float] = json.loads(data.strip().splitlines()[-1])
    r["peak_mib"] = usage.ru_maxrss / 1024  # KiB on Linux
    return r


def compare(folder: Path, root: Path, sizes: list[int], make_zip: bool) -> Iterator[tuple[int, dict[str, dict[str, float]]]]:
    """For each size: the reportlab baseline (``baseline``; ``baseline-noa85`` without ASCII85, as
    ours) and ours (``ours``), each with ``seconds``, ``pages``, ``bytes`` and ``peak_mib``."""
    for n in sizes:
        yield n, {mode: measure(mode, folder, n, root / f"{mode}-{n}.pdf", make_zip and mode == "ours")
                  for mode in ("baseline", "baseline-noa85", "ours")}


def figures(sizes: list[int], make_zip: bool = False) -> dict[int, dict[str, dict[str, float]]]:
    """:func:`compare` at each of ``sizes``, in a temporary folder."""
    with tempfile.TemporaryDirectory(prefix="ek-bench-") as td:
        folder = Path(td) / "images"
        make_images(folder, max(sizes))
        return dict(compare(folder, Path(td), sizes, make_zip))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", type=int, nargs="+", default=[500, 1000])
    ap.add_argument("--zip", action="store_true", help="also write the ZIP bundle in our run")
    ap.add_argument("--keep", type=Path, help="keep the images and outputs in this folder")
    ap.add_argument("--child", help=argparse.SUPPRESS)
    ap.add_argument("--images", type=Path, help=argparse.SUPPRESS)
    ap.add_argument("--n", type=int, help=argparse.SUPPRESS)
    ap.add_argument("--out", type=Path, help=argparse.SUPPRESS)
    a = ap.parse_args()
    if a.child:
        child(a.child, a.images, a.n, a.out, a.zip)
        return
    with tempfile.TemporaryDirectory(prefix="ek-bench-") as td:
        root = a.keep or Path(td)
        root.mkdir(parents=True, exist_ok=True)
        folder = root / "images"
        t = time.perf_counter()
        make_images(folder, max(a.sizes))
        print(f"images: {max(a.sizes)} PNG {W}x{H} in {folder} ({time.perf_counter() - t:.1f} s to make)")
        print(f"{'items':>6} {'run':>10} {'seconds':>8} {'pages':>6} {'MiB out':>8} {'peak MiB':>9} "
              f"{'ours/x':>6}")
        peaks: list[tuple[int, float, float]] = []
        for n, runs in compare(folder, root, a.sizes, a.zip):
            base, base2, ours = runs["baseline"], runs["baseline-noa85"], runs["ours"]
            ratio = ours["seconds"] / base["seconds"]
            ratio2 = ours["seconds"] / base2["seconds"]
            for name, r in (("baseline", base), ("base-a85=0", base2), ("ours", ours)):
                rr = ours["seconds"] / r["seconds"]
                print(f"{n:>6} {name:>10} {r['seconds']:>8.2f} {r['pages']:>6} {r['bytes'] / 2**20:>8.1f} "
                      f"{r['peak_mib']:>9.1f} {rr:>6.2f}")
            print(f"{n:>6} time ratio ours/baseline = {ratio:.2f} (reportlab defaults), {ratio2:.2f} (baseline "
                  f"without ASCII85, as ours) (goal <= 2.5); peak memory ours/baseline = "
                  f"{ours['peak_mib'] / base['peak_mib']:.2f}; seconds per item ours = {ours['seconds'] / n:.4f}")
            peaks.append((n, ours["peak_mib"], base["peak_mib"]))
        if len(peaks) > 1:
            (n0, o0, b0), (n1, o1, b1) = peaks[0], peaks[-1]
            per = 1000 / (n1 - n0)
            print(f"memory growth from {n0} to {n1} items, per 1000 items: ours {(o1 - o0) * per:+.1f} MiB, "
                  f"baseline {(b1 - b0) * per:+.1f} MiB (goal: flat)")


if __name__ == "__main__":
    main()
