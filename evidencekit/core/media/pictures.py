"""Pictures derived from recordings and videos for the bundle and the app: a recording's waveform
and a few keyframes of a video. Derived copies only, made on demand (ffmpeg decodes; PIL draws);
none when ffmpeg is absent."""

from __future__ import annotations

from pathlib import Path

from evidencekit.core.media import ffmpeg

WAVE_W, WAVE_H = 1600, 220
KEYFRAME_W = 360


def waveform(path: Path, out: Path, *, width: int = WAVE_W, height: int = WAVE_H) -> Path | None:
    """Draw the recording's peak levels over its length into the PNG ``out`` (None: not decodable)."""
    from PIL import Image, ImageDraw

    env = ffmpeg.audio_envelope(path)
    if env is None or not env.peaks:
        return None
    peaks = env.peaks
    n = len(peaks)
    img = Image.new("RGB", (width, height), (255, 255, 255))
    draw = ImageDraw.Draw(img)
    mid = height // 2
    draw.line([(0, mid), (width, mid)], fill=(200, 205, 215))
    # each column: the loudest 10 ms window it covers (speech shows as dense blocks, silence flat)
    for x in range(width):
        a, b = x * n // width, max(x * n // width + 1, (x + 1) * n // width)
        p = max(peaks[a:b])
        h = max(1, int(p * (height / 2 - 4)))
        draw.line([(x, mid - h), (x, mid + h)], fill=(40, 90, 150))
    # a tick every tenth of the length
    for k in range(11):
        x = min(width - 1, k * width // 10)
        draw.line([(x, height - 6), (x, height)], fill=(120, 120, 120))
    img.save(out, "PNG", optimize=True)
    return out


def keyframes(path: Path, duration: float | None, folder: Path, count: int = 3) -> list[tuple[float, Path]]:
    """``count`` frames spread over the video (at 10 %, the middle, 90 %), as PNGs in ``folder``."""
    dur = duration or 0.0
    times = [0.0] if dur <= 0.5 else [round(dur * f, 2) for f in ((0.1, 0.5, 0.9) if count == 3 else
                                                                   [(i + 0.5) / count for i in range(count)])]
    out: list[tuple[float, Path]] = []
    for i, t in enumerate(times):
        p = folder / f"keyframe-{i}.png"
        if ffmpeg.keyframe(path, t, p, KEYFRAME_W):
            out.append((t, p))
    return out
