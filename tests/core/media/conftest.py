"""Real files of every kind, made in the tests (small: CI time)."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

FFMPEG = shutil.which("ffmpeg") is not None
needs_ffmpeg = pytest.mark.skipif(not FFMPEG, reason="ffmpeg is not installed")


def ffmpeg(*args: str) -> None:
    subprocess.run(["ffmpeg", "-nostdin", "-v", "error", "-y", *args], check=True, timeout=60)


def tone(out: Path, seconds: float = 1.5, codec: list[str] | None = None, rate: int = 16000) -> Path:
    """A sine tone and a second of noise: speech-like levels, encoded by ffmpeg as ``out``'s type."""
    ffmpeg("-f", "lavfi", "-i", f"sine=frequency=440:duration={seconds}:sample_rate={rate}",
           "-ac", "1", *(codec or []), str(out))
    return out


def amr(out: Path, frames: int = 100) -> Path:
    """An AMR-NB file (this ffmpeg has no AMR encoder): 12.2 kbit/s frames of a fixed pattern,
    which any AMR decoder decodes (20 ms each)."""
    frame = bytes([0x3C]) + bytes((i * 37) % 256 for i in range(31))
    out.write_bytes(b"#!AMR\n" + frame * frames)
    return out


def screen_recording(out: Path, seconds: float = 2.0) -> Path:
    ffmpeg("-f", "lavfi", "-i", f"testsrc=size=320x240:rate=10:duration={seconds}", "-f", "lavfi", "-i",
           f"sine=frequency=300:duration={seconds}", "-c:v", "mpeg4", "-c:a", "aac", "-shortest", str(out))
    return out
