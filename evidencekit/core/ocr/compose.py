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
    outside = page_bg if region.kind == "bubble" else None
    gray = normalise_region(crop, region.fill, outside)
    scaled, _ = scale_for_ocr(gray)
    return scaled


def compose(images: list[Image.Image]) -> tuple[Image.Image, list[Placed]]:
    """Stack prepared region images top to bottom on a white canvas."""
    width = max((im.width for im in images), default=1) + 2 * MARGIN
    height = sum(im.height for im in images) + GAP * (len(images) + 1)
    canvas = Image.new("L", (width, max(height, 1)), 255)
    placed: list[Placed] = []
    y = GAP
    for i, im in enumerate(images):
        canvas.paste(im, (MARGIN, y))
        placed.append(Placed(i, y, y + im.height, 1.0))
        y += im.height + GAP
    return canvas, placed


def assign_lines(lines: tuple[OcrLine, ...], placed: list[Placed]) -> dict[int, list[OcrLine]]:
    """Give each recognised line to the region whose slot holds the line's vertical centre."""
    out: dict[int, list[OcrLine]] = {p.index: [] for p in placed}
    for ln in lines:
        cy = ln.center_y
        best = min(placed, key=lambda p: 0 if p.y0 <= cy <= p.y1 else min(abs(cy - p.y0), abs(cy - p.y1)))
        if best.y0 - GAP / 2 <= cy <= best.y1 + GAP / 2:
            out[best.index].append(ln)
    return out
