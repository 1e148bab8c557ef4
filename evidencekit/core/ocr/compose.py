"""Prepare the regions of a screenshot for one engine call: normalise each region to dark text on
white, scale it, and stack them into one tall image with wide gaps, remembering where each went.

One tesseract call per screenshot (instead of one per bubble) saves the model loading that
dominates the cost of small calls."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from PIL import Image

from evidencekit.core.ocr.engine import OcrLine
from evidencekit.core.ocr.segment import Region
from evidencekit.core.ocr.stages import normalise_region, scale_for_ocr

GAP = 36
MARGIN = 24


@dataclass(frozen=True, slots=True)
class Placed:
    """Where a region went in the composite image."""

    index: int  # into the list of regions given to :func:`compose`
    y0: int
    y1: int
    scale: float


def prepare_region(arr: np.ndarray, region: Region, page_bg: tuple[int, int, int]) -> Image.Image:
    """Cut a region out, normalise it (dark ink on white) and scale it for recognition."""
    x, y, w, h = region.bbox
    crop = arr[y:y + h, x:x + w]
    differs = max(abs(region.fill[i] - page_bg[i]) for i in range(3)) > 8
    outside = page_bg if region.kind == "bubble" or differs else None
    gray = normalise_region(crop, region.fill, outside, rim=region.kind == "bubble")
    scaled, _ = scale_for_ocr(gray)
    return scaled


def split_lines(gray: Image.Image) -> list[Image.Image]:
    """Cut a normalised region into its text lines (row projection), each trimmed to its ink.

    tesseract's own line finding sometimes swallows a short last line (a line that starts with
    a full-width mark hanging from the line above); lines given one by one are never lost.
    """
    a = np.asarray(gray) < 150
    rows = np.asarray(a.any(axis=1)).tolist()
    runs: list[list[int]] = []
    for y, r in enumerate(rows):
        if r and runs and runs[-1][1] == y:
            runs[-1][1] = y + 1
        elif r:
            runs.append([y, y + 1])
    if not runs:
        return []
    tall = float(np.median([b - a_ for a_, b in runs]))
    # specks (JPEG noise, a stray dot) and accents thinner than a third of a line join a neighbour
    merged: list[list[int]] = []
    for r in runs:
        if merged and (r[1] - r[0] < tall / 3 or merged[-1][1] - merged[-1][0] < tall / 3) \
                and r[0] - merged[-1][1] < tall / 3:
            merged[-1][1] = r[1]
        else:
            merged.append(list(r))
    out = []
    for y0, y1 in merged:
        if y1 - y0 < max(3, tall / 4) and len(merged) > 1:
            continue  # an isolated speck
        cols = np.flatnonzero(a[y0:y1].any(axis=0))
        x0, x1 = int(cols[0]), int(cols[-1]) + 1
        pad = max(2, (y1 - y0) // 8)
        strip = gray.crop((max(0, x0 - pad), max(0, y0 - pad), min(gray.width, x1 + pad),
                           min(gray.height, y1 + pad)))
        out.append(_line_to_target(strip, y1 - y0, tall))
    return out


def _line_to_target(strip: Image.Image, ink: int, region_ink: float) -> Image.Image:
    """Bring a line whose text is smaller or larger than the region's typical line (a header's
    number under its name) to the height tesseract reads best, within limits: a line of only
    small marks must not be blown up."""
    from evidencekit.core.ocr.stages import TARGET_LINE_HEIGHT

    if ink < 0.8 * region_ink:
        ink = max(ink, int(0.6 * region_ink))
    f = min(max(TARGET_LINE_HEIGHT / max(ink, 1), 0.7), 1.6)
    if abs(f - 1.0) < 0.1:
        return strip
    size = (max(1, round(strip.width * f)), max(1, round(strip.height * f)))
    return strip.resize(size, Image.Resampling.BICUBIC if f > 1 else Image.Resampling.LANCZOS)


def _attach_short_lines(lines: list[Image.Image]) -> list[Image.Image]:
    """Put a short line (a bubble's last one or two characters: "实。") at the end of the line
    above it, as the phone wrapped it; tesseract drops or misreads such lines when alone."""
    if len(lines) < 2:
        return lines
    widest = max(im.width for im in lines)
    out = [lines[0]]
    for im in lines[1:]:
        prev = out[-1]
        if im.width < 0.3 * widest and im.height <= 1.5 * prev.height:
            gap = max(4, prev.height // 3)
            h = max(prev.height, im.height)
            joined = Image.new("L", (prev.width + gap + im.width, h), 255)
            joined.paste(prev, (0, h - prev.height))
            joined.paste(im, (prev.width + gap, h - im.height))
            out[-1] = joined
        else:
            out.append(im)
    return out


def compose(images: list[Image.Image]) -> tuple[Image.Image, list[Placed]]:
    """Stack prepared region images, line by line, top to bottom on a white canvas."""
    strips: list[tuple[int, Image.Image]] = []
    for i, im in enumerate(images):
        strips.extend((i, ln) for ln in _attach_short_lines(split_lines(im)))
    width = max((im.width for _, im in strips), default=1) + 2 * MARGIN
    height = sum(im.height for _, im in strips) + GAP * (len(strips) + 1)
    canvas = Image.new("L", (width, max(height, 1)), 255)
    placed: list[Placed] = []
    y = GAP
    for i, im in strips:
        canvas.paste(im, (MARGIN, y))
        if placed and placed[-1].index == i:
            placed[-1] = Placed(i, placed[-1].y0, y + im.height, 1.0)
        else:
            placed.append(Placed(i, y, y + im.height, 1.0))
        y += im.height + GAP
    return canvas, placed


def assign_lines(lines: tuple[OcrLine, ...], placed: list[Placed]) -> dict[int, list[OcrLine]]:
    """Give each recognised line to the region whose slot holds the line's vertical centre."""
    out: dict[int, list[OcrLine]] = {p.index: [] for p in placed}
    if not placed:
        return out
    for ln in lines:
        cy = ln.center_y
        best = min(placed, key=lambda p: 0 if p.y0 <= cy <= p.y1 else min(abs(cy - p.y0), abs(cy - p.y1)))
        if best.y0 - GAP / 2 <= cy <= best.y1 + GAP / 2:
            out[best.index].append(ln)
    return out
