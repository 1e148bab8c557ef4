"""Hostile-input trials: generated files no phone would make, through import (with reading),
export and verify.

Every file is imported in a process of its own (so the memory it takes is its own), then the
case is exported (PDF and ZIP) and the case and both bundles verified. Counted:

- **reason**: each file was imported, or rejected with a reason that names it (no file without
  an outcome, no empty reason, no Python object's repr in it);
- **crash**: a traceback, or an exit status other than 0 (imported) and 1 (rejected);
- **hang**: a command still running after ``--timeout`` seconds (then killed);
- **memory**: the largest resident set of an import, and the files over ``--max-rss-mb``;
- **terminal**: an escape code, BEL or byte that is not UTF-8 on the terminal (from a name);
- the export's and the verifications' outcomes.

    python -m trials.hostile                      # every kind, mutated copies up to --files
    python -m trials.hostile --files 30 --seed 3  # a shorter form
"""

from __future__ import annotations

import argparse
import io
import json
import os
import random
import struct
import subprocess
import sys
import tempfile
import threading
import zlib
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SAMPLE_PNG = REPO / "samples" / "ios-light-hans-reminder.png"
SAMPLE_JPG = REPO / "samples" / "android-light-hans-forwarded.jpg"
SAMPLE_M4A = REPO / "samples" / "call-2026-11-20.m4a"


def _png_chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def png_header_only(w: int, h: int, idat: bytes = b"") -> bytes:
    """A PNG that claims ``w``×``h`` pixels (8-bit grey) and holds ``idat`` as its pixels."""
    ihdr = struct.pack(">IIBBBBB", w, h, 8, 0, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + _png_chunk(b"IHDR", ihdr) + _png_chunk(b"IDAT", idat) + _png_chunk(b"IEND", b"")


def png_tall(w: int, h: int) -> bytes:
    """A small file of a very tall image: every row filter 0 and zero pixels, compressed."""
    comp = zlib.compressobj(9)
    row = b"\x00" * (w + 1)
    out = [comp.compress(row * 100_000) for _ in range(h // 100_000)]
    out.append(comp.compress(row * (h % 100_000)))
    out.append(comp.flush())
    return png_header_only(w, h, b"".join(out))


def png_rows(w: int, h: int, *, filt: int = 0, color_type: int = 0, channels: int = 1, cut: int = 0) -> bytes:
    """A PNG whose rows carry the filter byte ``filt`` (PNG knows 0 to 4), ``cut`` rows short."""
    raw = b"".join(bytes([filt]) + bytes((x + y) % 256 for x in range(w * channels)) for y in range(h - cut))
    ihdr = struct.pack(">IIBBBBB", w, h, 8, color_type, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + _png_chunk(b"IHDR", ihdr) + _png_chunk(b"IDAT", zlib.compress(raw)) + _png_chunk(b"IEND", b"")


def png_inflating(w: int, h: int, megabytes: int) -> bytes:
    """A small PNG whose data inflates to ``megabytes`` MB, far more than its size needs."""
    comp = zlib.compressobj(9)
    data = b"".join(comp.compress(bytes(1 << 20)) for _ in range(megabytes)) + comp.flush()
    return png_header_only(w, h, data)


def png_large(w: int, h: int) -> bytes:
    """A real picture just under the pixel limit (stripes on white): read and exported in full."""
    from PIL import Image, ImageDraw

    im = Image.new("RGB", (w, h), "white")
    d = ImageDraw.Draw(im)
    for y in range(0, h, 400):
        d.rectangle((100, y, w - 700, y + 150), fill="navy")
    buf = io.BytesIO()
    im.save(buf, "PNG")
    return buf.getvalue()


def jpeg_broken_exif() -> bytes:
    from PIL import Image

    tiff = b"II*\x00" + struct.pack("<I", 8) + struct.pack("<H", 1) + struct.pack("<HHII", 0x010E, 2, 1000, 100) \
        + struct.pack("<I", 0)
    buf = io.BytesIO()
    Image.new("RGB", (64, 64), "white").save(buf, "JPEG", exif=b"Exif\x00\x00" + tiff)
    return buf.getvalue()


def wav_lying(seconds: int) -> bytes:
    """A WAV header claiming ``seconds`` of audio, with 100 bytes of it."""
    rate, size = 8000, 8000 * seconds
    return (b"RIFF" + struct.pack("<I", 36 + size) + b"WAVEfmt " + struct.pack("<IHHIIHH", 16, 1, 1, rate, rate, 1, 8)
            + b"data" + struct.pack("<I", size) + bytes(100))


def mp3_lying(rng: random.Random) -> bytes:
    """An ID3 tag and a Xing header claiming a hundred million frames, then noise."""
    frame = b"\xff\xfb\x90\x64" + bytes(32) + b"Xing" + struct.pack(">II", 1, 100_000_000)
    return b"ID3\x03\x00\x00\x00\x00\x00\x00" + frame + rng.randbytes(400)


#: name, bytes (made from a seeded random source)
KINDS: list[tuple[str, Callable[[random.Random], bytes]]] = [
    ("empty.png", lambda r: b""),
    ("truncated.png", lambda r: SAMPLE_PNG.read_bytes()[: len(SAMPLE_PNG.read_bytes()) // 3]),
    ("tall-2x30000000.png", lambda r: png_tall(2, 30_000_000)),
    ("huge-8000x9999.png", lambda r: png_header_only(8000, 9999)),
    ("bomb-65500x65500.png", lambda r: png_header_only(65500, 65500)),
    ("near-limit-7700x7700.png", lambda r: png_large(7700, 7700)),
    ("badfilter-rgba.png", lambda r: png_rows(90, 160, filt=7, color_type=6, channels=4)),
    ("badfilter-grey.png", lambda r: png_rows(90, 160, filt=9)),
    ("short-rows.png", lambda r: png_rows(90, 160, cut=3)),
    ("inflates-200mb.png", lambda r: png_inflating(100, 100, 200)),
    ("random.jpg", lambda r: r.randbytes(5000)),
    ("broken-exif.jpg", lambda r: jpeg_broken_exif()),
    ("half.jpg", lambda r: SAMPLE_JPG.read_bytes()[: len(SAMPLE_JPG.read_bytes()) // 2]),
    ("header.webm", lambda r: b"\x1a\x45\xdf\xa3" + r.randbytes(60)),
    ("header.amr", lambda r: b"#!AMR\n" + r.randbytes(58)),
    ("random.ogg", lambda r: b"OggS" + r.randbytes(3000)),
    ("random.pdf", lambda r: b"%PDF-1.4\n" + r.randbytes(2000) + b"\n%%EOF\n"),
    ("lying-12174s.wav", lambda r: wav_lying(12174)),
    ("lying.mp3", mp3_lying),
    ("heic-header.heic", lambda r: b"\x00\x00\x00\x18ftypheic" + r.randbytes(500)),
    ("cut.m4a", lambda r: SAMPLE_M4A.read_bytes()[: len(SAMPLE_M4A.read_bytes()) // 4]),
    ("controls.txt", lambda r: b"\x1b[2J\x1b]0;owned\x07 text \x9b31m\r\n" * 20),
    ("\x1b[31mred\x07.png", lambda r: SAMPLE_PNG.read_bytes()),
    ("newline\nin-name.png", lambda r: SAMPLE_PNG.read_bytes() + b"x"),
    ("-rf.png", lambda r: SAMPLE_PNG.read_bytes() + b"y"),
    ("l" * 240 + ".png", lambda r: SAMPLE_PNG.read_bytes() + b"z"),
]
#: names that are bytes (not UTF-8)
BYTE_NAMES: list[tuple[bytes, Callable[[random.Random], bytes]]] = [
    (b"latin1-\xe9\xff.png", lambda r: SAMPLE_PNG.read_bytes() + b"w"),
]


def mutated(rng: random.Random, i: int) -> tuple[str, bytes]:
    """A real screenshot or recording with bytes flipped or cut at random."""
    src = rng.choice([SAMPLE_PNG, SAMPLE_JPG, SAMPLE_M4A])
    data = bytearray(src.read_bytes())
    if rng.random() < 0.4:
        data = data[: rng.randint(8, len(data) - 1)]
    for _ in range(rng.randint(1, 20)):
        data[rng.randrange(len(data))] = rng.randrange(256)
    return f"mutated-{i:03d}{src.suffix}", bytes(data)


def make_files(folder: Path, n: int, rng: random.Random, without: tuple[str, ...] = ()) -> list[bytes]:
    """At least ``n`` hostile files in ``folder`` (every kind once, but those whose names start
    with one of ``without``, then mutations); their paths."""
    folder.mkdir(parents=True)
    paths: list[bytes] = []
    for name, make in KINDS:
        if name.startswith(without):
            continue
        p = folder / name
        p.write_bytes(make(rng))
        paths.append(os.fsencode(p))
    for bname, make in BYTE_NAMES:
        raw = os.fsencode(folder) + b"/" + bname
        with open(raw, "wb") as f:
            f.write(make(rng))
        paths.append(raw)
    fifo = folder / "pipe.png"
    os.mkfifo(fifo)
    paths.append(os.fsencode(fifo))
    link = folder / "passwd.png"
    link.symlink_to("/etc/passwd")
    paths.append(os.fsencode(link))
    dangling = folder / "dangling.png"
    dangling.symlink_to(folder / "nowhere")
    paths.append(os.fsencode(dangling))
    i = 0
    while len(paths) < n:
        name, data = mutated(rng, i)
        (folder / name).write_bytes(data)
        paths.append(os.fsencode(folder / name))
        i += 1
    return paths


@dataclass
class Run:
    code: int | None  # None: killed after the timeout
    out: bytes
    err: bytes
    max_rss_mb: float


# A small process between this one and each command: Linux counts the memory of the process a
# child was forked from in the child's peak (its copy of the parent's pages is folded in at
# exec), so a command forked from a large test runner would seem as large as the runner. Forked
# from this launcher instead, a command's peak is its own (within the launcher's few MB), and the
# launcher passes it back in a file.
_LAUNCHER = """
import os, signal, sys
report, argv = sys.argv[1], sys.argv[2:]
pid = os.fork()
if pid == 0:
    try:
        os.execvp(argv[0], argv)
    finally:
        os._exit(127)
_, status, usage = os.wait4(pid, 0)
with open(report, "w") as f:
    f.write(str(usage.ru_maxrss))
if os.WIFSIGNALED(status):
    signal.signal(os.WTERMSIG(status), signal.SIG_DFL)
    os.kill(os.getpid(), os.WTERMSIG(status))
sys.exit(os.waitstatus_to_exitcode(status))
"""


def run(cmd: list[str | bytes], timeout: float) -> Run:
    """Run ``cmd``; its exit status, output and peak resident memory (``None`` when it hung)."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err, \
            tempfile.NamedTemporaryFile("r", suffix=".rss") as report:
        launcher: list[str | bytes] = [sys.executable, "-S", "-c", _LAUNCHER, report.name]
        p = subprocess.Popen(launcher + cmd, stdout=out, stderr=err, stdin=subprocess.DEVNULL,
                             start_new_session=True)
        hung = threading.Event()

        def kill() -> None:
            hung.set()
            try:
                os.killpg(p.pid, 9)  # the launcher and the command it started
            except ProcessLookupError:
                pass

        timer = threading.Timer(timeout, kill)
        timer.start()
        p.wait()
        timer.cancel()
        out.seek(0)
        err.seek(0)
        rss_kb = report.read().strip()
        return Run(None if hung.is_set() else p.returncode, out.read(), err.read(),
                   int(rss_kb) / 1024 if rss_kb.isdigit() else 0.0)


def _cli(*args: str | bytes) -> list[str | bytes]:
    return [sys.executable, "-m", "evidencekit.cli.main", *args]


def _terminal_unsafe(data: bytes) -> bool:
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return True
    return any(c in text for c in "\x1b\x07\x9b")


@dataclass
class Tally:
    files: int = 0
    outcomes: Counter[str] = field(default_factory=Counter)
    no_reason: list[str] = field(default_factory=list)
    crashes: list[str] = field(default_factory=list)
    hangs: list[str] = field(default_factory=list)
    terminal: list[str] = field(default_factory=list)
    over_memory: list[str] = field(default_factory=list)
    max_rss_mb: float = 0.0
    max_rss_file: str = ""
    export_rss_mb: float = 0.0
    verify_rss_mb: float = 0.0
    export_ok: bool = False
    verify_case_ok: bool = False
    verify_bundles_ok: bool = False

    def failed(self) -> bool:
        return bool(self.no_reason or self.crashes or self.hangs or self.terminal or self.over_memory
                    or not (self.export_ok and self.verify_case_ok and self.verify_bundles_ok))


def trial(root: Path, n: int, seed: int, timeout: float, max_rss_mb: float, ocr: bool,
          without: tuple[str, ...] = ()) -> Tally:
    """Make the files, import each, export, verify; the tally."""
    rng = random.Random(seed)
    case = root / "case"
    files = make_files(root / "hostile", n, rng, without)
    t = Tally(files=len(files))
    r = run(_cli("new", str(case), "--title", "hostile"), timeout)
    if r.code != 0:
        raise SystemExit(f"could not make the case: {r.err.decode(errors='replace')}")
    for f in files:
        shown = os.fsdecode(f).encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
        shown = repr(shown)
        r = run(_cli("import", *([] if ocr else ["--no-ocr"]), "--json", str(case), f), timeout)
        if r.code is None:
            t.hangs.append(shown)
            continue
        if r.code not in (0, 1) or b"Traceback" in r.err:
            t.crashes.append(f"{shown}: exit {r.code}: {r.err.decode(errors='replace')[-300:]}")
        if _terminal_unsafe(r.out) or _terminal_unsafe(r.err):
            t.terminal.append(shown)
        if r.max_rss_mb > t.max_rss_mb:
            t.max_rss_mb, t.max_rss_file = r.max_rss_mb, shown
        if r.max_rss_mb > max_rss_mb:
            t.over_memory.append(f"{shown}: {r.max_rss_mb:.0f} MB")
        lines = [json.loads(line) for line in r.out.splitlines() if line.strip().startswith(b"{")]
        if not lines:
            t.no_reason.append(f"{shown}: no outcome printed")
        for o in lines:
            status = str(o.get("status", "?"))
            t.outcomes[status] += 1
            reason = str(o.get("reason") or "")
            if status == "rejected" and (not reason.strip() or "()" in reason or "<_io" in reason):
                t.no_reason.append(f"{shown}: {reason!r}")
    out = root / "bundles"
    out.mkdir()
    r = run(_cli("export", str(case), "--zip", "--out", str(out / "b.pdf"), "--lang", "en"), 4 * timeout)
    t.export_ok = r.code == 0
    t.export_rss_mb = r.max_rss_mb
    if not t.export_ok or b"Traceback" in r.err:
        t.crashes.append(f"export: exit {r.code}: {r.err.decode(errors='replace')[-300:]}")
    if r.max_rss_mb > max_rss_mb:
        t.over_memory.append(f"export: {r.max_rss_mb:.0f} MB")
    verifications = [run(_cli("verify", str(case), "--no-record"), timeout)]
    t.verify_case_ok = verifications[0].code == 0
    if t.export_ok:
        verifications += [run(_cli("verify", str(out / name)), timeout) for name in ("b.pdf", "b.zip")]
        t.verify_bundles_ok = all(v.code == 0 for v in verifications[1:])
    for v in verifications:
        t.verify_rss_mb = max(t.verify_rss_mb, v.max_rss_mb)
        if v.code is None:
            t.hangs.append("verify")
        elif b"Traceback" in v.err:
            t.crashes.append(f"verify: exit {v.code}: {v.err.decode(errors='replace')[-300:]}")
    return t


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--files", type=int, default=100, help="hostile files in all (every kind, then mutations)")
    ap.add_argument("--seed", type=int, default=20261202)
    ap.add_argument("--timeout", type=float, default=300.0, help="seconds before a command counts as hung")
    ap.add_argument("--max-rss-mb", type=float, default=1200.0, help="memory one file's import may take")
    ap.add_argument("--no-ocr", action="store_true", help="import without reading the screenshots")
    ap.add_argument("--without", action="append", default=[], metavar="PREFIX",
                    help="leave out the kinds whose names start with PREFIX (e.g. tall- for a short run)")
    ap.add_argument("--keep", metavar="DIR", help="work in DIR and keep it")
    args = ap.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="evidencekit-hostile-") as td:
        root = Path(args.keep) if args.keep else Path(td)
        t = trial(root, args.files, args.seed, args.timeout, args.max_rss_mb, not args.no_ocr, tuple(args.without))
    print(f"files {t.files}: " + ", ".join(f"{k} {v}" for k, v in sorted(t.outcomes.items())))
    print(f"without a reason {len(t.no_reason)}, crashes {len(t.crashes)}, hangs {len(t.hangs)}, "
          f"unsafe on the terminal {len(t.terminal)}, over {args.max_rss_mb:.0f} MB {len(t.over_memory)}")
    print(f"largest import {t.max_rss_mb:.0f} MB ({t.max_rss_file}); export {t.export_rss_mb:.0f} MB, "
          f"largest verify {t.verify_rss_mb:.0f} MB")
    print(f"export {'ok' if t.export_ok else 'FAILED'}, verify case {'ok' if t.verify_case_ok else 'FAILED'}, "
          f"verify bundles {'ok' if t.verify_bundles_ok else 'FAILED'}")
    for kind, items in (("no reason", t.no_reason), ("crash", t.crashes), ("hang", t.hangs),
                        ("terminal", t.terminal), ("memory", t.over_memory)):
        for i in items:
            print(f"{kind}: {i}", file=sys.stderr)
    return 1 if t.failed() else 0


if __name__ == "__main__":
    sys.exit(main())
