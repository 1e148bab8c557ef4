"""The one module that runs ``ffprobe`` and ``ffmpeg`` (optional programs: every caller copes
with their absence, and says so).

Each run has a time limit and reads the file given, never the network (``-nostdin``, protocol
whitelist ``file``). Output is streamed: decoding a recording of hours holds a few kilobytes.
"""

from __future__ import annotations

import json
import logging
import shutil
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

log = logging.getLogger(__name__)

PROBE_TIMEOUT = 30.0
DECODE_TIMEOUT = 600.0
ENVELOPE_RATE = 8000  # Hz: decoding to 8 kHz mono is enough to measure and draw speech
WINDOW = 80  # samples per envelope value: 10 ms
_SAFE = ["-nostdin", "-hide_banner", "-protocol_whitelist", "file,pipe"]


@lru_cache(maxsize=1)
def programs() -> tuple[str | None, str | None]:
    """(ffprobe, ffmpeg) paths, None when not installed."""
    return shutil.which("ffprobe"), shutil.which("ffmpeg")


@lru_cache(maxsize=1)
def version() -> str:
    """``ffprobe 5.1.9`` (or '' when absent)."""
    probe, _ = programs()
    if probe is None:
        return ""
    try:
        out = subprocess.run([probe, "-version"], capture_output=True, text=True, timeout=10).stdout
    except (OSError, subprocess.TimeoutExpired):
        return ""
    words = out.split()
    return f"ffprobe {words[2].split('-')[0]}" if len(words) > 2 else "ffprobe"


def available() -> bool:
    return all(programs())


def probe(path: Path) -> dict[str, Any] | None:
    """ffprobe's view of the file (format and streams), None when ffprobe is absent.

    Raises:
        ValueError: ffprobe cannot read it (the message is ffprobe's first error line).
    """
    exe = programs()[0]
    if exe is None:
        return None
    cmd = [exe, "-v", "error", *_SAFE[1:], "-print_format", "json", "-show_format", "-show_streams", "-i", str(path)]
    try:
        p = subprocess.run(cmd, capture_output=True, timeout=PROBE_TIMEOUT, stdin=subprocess.DEVNULL)
    except subprocess.TimeoutExpired as e:
        raise ValueError("ffprobe took too long on this file") from e
    except OSError as e:
        log.warning("ffprobe failed to start: %s", e)
        return None
    # ffprobe names the file it read (a temporary copy during an import): not the reader's business
    err = [line.replace(f"{path}: ", "") for line in p.stderr.decode("utf-8", errors="replace").strip().splitlines()]
    try:
        data = json.loads(p.stdout or b"{}")
    except ValueError:
        data = {}
    if p.returncode != 0 or not data.get("streams"):
        raise ValueError(_reason(err) or "no audio or video stream")
    return data if isinstance(data, dict) else None


def _reason(lines: list[str]) -> str:
    """ffmpeg's last error line, without the decoder's address ("[wav @ 0x55…] ")."""
    import re

    for line in reversed(lines):
        text = re.sub(r"^\[[^\]]*@ 0x[0-9a-f]+\]\s*", "", line.strip())
        text = text.split(": ", 1)[-1].strip() if text.startswith(("/", ".")) else text
        if text:
            return text[:200]
    return ""


@dataclass(frozen=True, slots=True)
class Envelope:
    """A recording decoded to 8 kHz mono: its length and its peak level every 10 ms (0..1)."""

    seconds: float
    peaks: tuple[float, ...]
    errors: tuple[str, ...] = ()


def audio_envelope(path: Path, *, timeout: float = DECODE_TIMEOUT) -> Envelope | None:
    """Decode the first audio stream; None when ffmpeg is absent.

    The decoded length is what the file really holds (a damaged header may claim hours).
    """
    import numpy as np

    exe = programs()[1]
    if exe is None:
        return None
    cmd = [exe, *_SAFE, "-v", "error", "-i", str(path), "-map", "0:a:0", "-vn", "-ac", "1", "-ar", str(ENVELOPE_RATE),
           "-f", "s16le", "-"]
    peaks: list[float] = []
    total = 0
    carry = b""
    try:
        proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, stdin=subprocess.DEVNULL)
    except OSError as e:
        log.warning("ffmpeg failed to start: %s", e)
        return None
    assert proc.stdout is not None and proc.stderr is not None
    try:
        for chunk in _read(proc.stdout):
            data = carry + chunk
            usable = len(data) - len(data) % (2 * WINDOW)
            carry = data[usable:]
            if usable:
                a = np.frombuffer(data[:usable], dtype="<i2").reshape(-1, WINDOW)
                peaks.extend((np.abs(a.astype(np.int32)).max(axis=1) / 32768.0).round(4).tolist())
                total += usable // 2
        if carry:
            a = np.frombuffer(carry[: len(carry) - len(carry) % 2], dtype="<i2")
            if a.size:
                peaks.append(round(float(np.abs(a.astype(np.int32)).max()) / 32768.0, 4))
                total += a.size
        proc.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()
        return Envelope(total / ENVELOPE_RATE, tuple(peaks), ("decoding took too long; stopped",))
    err = proc.stderr.read().decode("utf-8", errors="replace").strip().splitlines()
    return Envelope(total / ENVELOPE_RATE, tuple(peaks), tuple(e[:200] for e in err[:5]))


def _read(stream: Any) -> Iterator[bytes]:
    while chunk := stream.read(1 << 16):
        yield chunk


def video_frames_decode(path: Path, frames: int = 3) -> tuple[int, str]:
    """How many of the first ``frames`` video frames decode (and ffmpeg's first error)."""
    exe = programs()[1]
    if exe is None:
        return 0, "ffmpeg is not installed"
    cmd = [exe, *_SAFE, "-v", "error", "-i", str(path), "-map", "0:v:0", "-frames:v", str(frames), "-f", "framemd5", "-"]
    try:
        p = subprocess.run(cmd, capture_output=True, timeout=PROBE_TIMEOUT, stdin=subprocess.DEVNULL)
    except (OSError, subprocess.TimeoutExpired) as e:
        return 0, str(e)
    n = sum(1 for line in p.stdout.splitlines() if line and not line.startswith(b"#"))
    return n, _reason(p.stderr.decode("utf-8", errors="replace").splitlines())


def keyframe(path: Path, at: float, out: Path, width: int = 360) -> bool:
    """Write the frame at ``at`` seconds as a PNG ``width`` pixels wide; True when written."""
    exe = programs()[1]
    if exe is None:
        return False
    cmd = [exe, *_SAFE, "-v", "error", "-y", "-ss", f"{max(0.0, at):.3f}", "-i", str(path), "-map", "0:v:0",
           "-frames:v", "1", "-vf", f"scale={width}:-2", "-f", "image2", "-c:v", "png", str(out)]
    try:
        p = subprocess.run(cmd, capture_output=True, timeout=PROBE_TIMEOUT, stdin=subprocess.DEVNULL)
    except (OSError, subprocess.TimeoutExpired):
        return False
    return p.returncode == 0 and out.is_file() and out.stat().st_size > 0
