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


@dataclass(frozen=True, slots=True)
class Slot:
    """Where one line image went in a composite: its rows there and its scale."""

    index: int
    y0: int
    y1: int
    scale: float


def normalise_line(image: Image.Image) -> tuple[Image.Image, float]:
    """A cut-out line as dark ink on white at the line height tesseract reads best; returns the
    image and the scale used. The line's ground is the colour of its border (the cut keeps a
    margin of ground around the glyphs), so any bubble or theme comes out the same way."""
    from evidencekit.core.ocr.stages import TARGET_LINE_HEIGHT, dominant_color, to_array

    arr = to_array(image)
    h, w = arr.shape[:2]
    k = max(1, min(h, w) // 8)
    frame = np.concatenate([arr[:k].reshape(-1, 3), arr[-k:].reshape(-1, 3), arr[:, :k].reshape(-1, 3),
                            arr[:, -k:].reshape(-1, 3)])
    fill = dominant_color(frame.reshape(-1, 1, 3), step=1)
    gray = normalise_region(arr, fill, None, rim=False)
    ink = np.flatnonzero((np.asarray(gray) < 150).any(axis=1))
    ink_h = int(ink[-1] - ink[0] + 1) if ink.size else h
    f = min(max(TARGET_LINE_HEIGHT / max(ink_h, 1), 0.5), 4.0)
    if abs(f - 1.0) < 0.08:
        return gray, 1.0
    size = (max(1, round(w * f)), max(1, round(h * f)))
    return gray.resize(size, Image.Resampling.LANCZOS if f < 1 else Image.Resampling.BICUBIC), f


def compose_lines(lines: list[Image.Image]) -> tuple[Image.Image, list[Slot]]:
    """Stack line images (each normalised, see :func:`normalise_line`) on one white canvas with
    wide gaps, remembering where each went."""
    prepared = [normalise_line(im) for im in lines]
    width = max((im.width for im, _ in prepared), default=1) + 2 * MARGIN
    height = sum(im.height for im, _ in prepared) + GAP * (len(prepared) + 1)
    canvas = Image.new("L", (width, max(height, 1)), 255)
    slots: list[Slot] = []
    y = GAP
    for i, (im, f) in enumerate(prepared):
        canvas.paste(im, (MARGIN, y))
        slots.append(Slot(i, y, y + im.height, f))
        y += im.height + GAP
    return canvas, slots


def lines_back(lines: tuple[OcrLine, ...], slots: list[Slot], n: int) -> list[OcrLine]:
    """The recognised lines of a composite given back to the line images they came from: per
    image one line (its words in order, boxes in that image's pixels); empty where nothing was
    read."""
    from evidencekit.core.ocr.engine import OcrWord

    placed = [Placed(s.index, s.y0, s.y1, s.scale) for s in slots]
    by_slot = assign_lines(lines, placed)
    out: list[OcrLine] = []
    for s in slots:
        words: list[OcrWord] = []
        for ln in by_slot.get(s.index, []):
            for w in ln.words:
                x, y, bw, bh = w.bbox
                words.append(OcrWord(w.text, (max(0, round((x - MARGIN) / s.scale)), max(0, round((y - s.y0) / s.scale)),
                                              max(1, round(bw / s.scale)), max(1, round(bh / s.scale))), w.confidence))
        words.sort(key=lambda w: w.bbox[0])
        if words:
            x0 = min(w.bbox[0] for w in words)
            y0 = min(w.bbox[1] for w in words)
            x1 = max(w.bbox[0] + w.bbox[2] for w in words)
            y1 = max(w.bbox[1] + w.bbox[3] for w in words)
            out.append(OcrLine(tuple(words), (x0, y0, x1 - x0, y1 - y0)))
        else:
            out.append(OcrLine((), (0, 0, 0, 0)))
    assert len(out) == n
    return out
