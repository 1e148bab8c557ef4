"""Find the message bubbles, the text lines between them (time separators, the header) and the
phone's chrome (full-width bars) in a screenshot, with row and column projections."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from evidencekit.core.ocr.stages import color_distance, dominant_color

#: A pixel belongs to "something" when it differs this much from the page background
#: (iOS's light grey bubble is only 22 levels away from white).
FOREGROUND_THRESHOLD = 8


@dataclass(frozen=True, slots=True)
class Region:
    """A rectangle of the screenshot.

    ``kind`` is ``"bubble"`` (a filled message bubble), ``"text"`` (text straight on the page:
    time separators, header lines, status bar) or ``"bar"`` (a full-width filled bar: the header
    or the input field's background).
    """

    kind: str
    bbox: tuple[int, int, int, int]  # x, y, w, h
    fill: tuple[int, int, int]  # the region's own background colour
    side: str = ""  # bubbles: "in" (left) or "out" (right)

    @property
    def y0(self) -> int:
        return self.bbox[1]

    @property
    def y1(self) -> int:
        return self.bbox[1] + self.bbox[3]


def _runs(flags: np.ndarray, min_gap: int = 1) -> list[tuple[int, int]]:
    """[start, end) runs of True, merging runs separated by gaps shorter than ``min_gap``."""
    out: list[tuple[int, int]] = []
    idx = np.flatnonzero(np.diff(np.concatenate(([0], flags.astype(np.int8), [0]))))
    for s, e in zip(idx[::2], idx[1::2], strict=True):
        if out and s - out[-1][1] < min_gap:
            out[-1] = (out[-1][0], int(e))
        else:
            out.append((int(s), int(e)))
    return out


def foreground_mask(arr: np.ndarray, bg: tuple[int, int, int], threshold: float | None = None) -> np.ndarray:
    """Pixels that differ from the page background (JPEG noise smoothed out first)."""
    d = color_distance(arr, bg).astype(np.float32)
    # 3x3 box blur with numpy: ringing around JPEG-compressed text is spotty, bubbles are not.
    p = np.pad(d, 1, mode="edge")
    blur = np.zeros_like(d)
    for dy in range(3):
        for dx in range(3):
            blur += p[dy:dy + d.shape[0], dx:dx + d.shape[1]]
    out: np.ndarray = blur > (FOREGROUND_THRESHOLD if threshold is None else threshold) * 9.0
    return out


#: Tried when nothing looked like a bubble: white bubbles on an off-white page (Samsung) differ
#: from it by only a few levels.
FAINT_THRESHOLD = 3.5


def segment(arr: np.ndarray, bg: tuple[int, int, int] | None = None, *, _depth: int = 0) -> list[Region]:
    """Split a screenshot (H x W x 3 int16 array) into regions, top to bottom.

    Args:
        arr: the image as from :func:`stages.to_array`.
        bg: the page background; found as the dominant colour when not given.

    Returns:
        The regions in reading order.
    """
    if bg is None:
        bg = dominant_color(arr)
    regions = _segment(arr, bg, FOREGROUND_THRESHOLD, _depth)
    if _depth == 0 and not any(r.kind == "bubble" for r in regions):
        faint = _segment(arr, bg, FAINT_THRESHOLD, _depth)
        if any(r.kind == "bubble" for r in faint):
            return faint
    return regions


def _segment(arr: np.ndarray, bg: tuple[int, int, int], threshold: float, depth: int) -> list[Region]:
    w = arr.shape[1]
    mask = foreground_mask(arr, bg, threshold)
    row_has = mask.sum(axis=1) > max(2, w // 400)
    regions: list[Region] = []
    for y0, y1 in _runs(row_has):
        if y1 - y0 < 3:
            continue
        regions.extend(_split_band(arr, mask, bg, y0, y1, depth, threshold))
    return regions


def _split_band(arr: np.ndarray, mask: np.ndarray, bg: tuple[int, int, int], y0: int, y1: int,
                _depth: int, threshold: float = FOREGROUND_THRESHOLD) -> list[Region]:
    h, w = arr.shape[:2]
    band = mask[y0:y1]
    bh = y1 - y0
    col_fill = band.sum(axis=0) / bh
    # Columns mostly covered from top to bottom belong to a filled shape (bubble, bar, avatar).
    filled = _runs(col_fill > 0.55, min_gap=max(2, w // 200))
    filled = [(a, b) for a, b in filled if b - a >= max(8, w // 25)]
    if filled:
        a, b = max(filled, key=lambda r: r[1] - r[0])
        if len(filled) > 1 and b - a < 0.95 * w:
            # an avatar sits outside its bubble: of the larger shapes, the innermost is the bubble
            big = [r for r in filled if r[1] - r[0] >= 0.5 * (b - a)]
            a, b = min(big, key=lambda r: abs((r[0] + r[1]) / 2 - w / 2))
        if b - a >= 0.95 * w:
            fill = dominant_color(arr[y0:y1, a:b], step=2)
            if bh < 12:  # a rule line
                return []
            # A full-width bar (the iOS header, an input panel): read what is drawn on it.
            # only the header bar at the top is read; a keyboard or panel further down is not chat
            inner = segment(arr[y0:y1], fill, _depth=1) if _depth == 0 and y0 < 0.3 * h else []
            moved = [Region("text",  # no message sits in the header bar
                            (r.bbox[0], r.bbox[1] + y0, r.bbox[2], r.bbox[3]), r.fill, r.side)
                     for r in inner]
            return [Region("bar", (0, y0, w, bh), fill), *moved]
        # the widest filled run is the bubble; others (an avatar) are ignored
        sub = mask[y0:y1, a:b]
        rows = _runs(sub.mean(axis=1) > 0.5)
        # A narrow filled shape is a short reply ("好", "OK") when it stands alone in its band;
        # with ink beside it, it is an avatar next to a name or a button next to a field.
        narrow = b - a < 0.12 * w
        margin = max(2, int(0.03 * w))  # the bubble's tail may stick out a little
        other_cols = np.zeros(w, dtype=bool)
        for r0, r1 in filled:
            if (r0, r1) != (a, b):
                other_cols[max(0, r0 - margin):r1 + margin] = True  # an avatar is not "ink beside"
        outside_cols = np.ones(w, dtype=bool)
        outside_cols[max(0, a - margin):b + margin] = False
        beside = np.count_nonzero(band[:, outside_cols & ~other_cols])
        inside = int(np.count_nonzero(band[:, a:b]))
        lone = not narrow or int(beside) < 0.15 * max(1, inside)
        if rows and lone and bh >= max(12, 0.03 * w):
            ry0 = rows[0][0]
            ry1 = rows[-1][1]
            anchored_left = a < 0.25 * w
            anchored_right = b > 0.75 * w
            crop = arr[y0 + ry0:y0 + ry1, a:b]
            fill = dominant_color(crop, step=2)
            if narrow and crop.shape[0] > 8 and crop.shape[1] > 12:
                # a short reply's glyph can cover more of its small bubble than the fill colour:
                # take the colour of the padding inside its left and right edges
                hh, ww = crop.shape[:2]
                k = max(2, ww // 12)
                pad = np.concatenate([crop[hh // 4:3 * hh // 4, k:2 * k], crop[hh // 4:3 * hh // 4, ww - 2 * k:ww - k]],
                                     axis=1)
                fill = dominant_color(pad, step=1)
            # a bubble has its own colour; blurred bold text on the page does not
            distinct = max(abs(fill[i] - bg[i]) for i in range(3)) > min(FOREGROUND_THRESHOLD, threshold)
            if (anchored_left or anchored_right) and distinct:
                # An avatar (a smaller filled shape) beside the bubble marks the sender's side.
                others = [r for r in filled if r != (a, b)]
                if others:
                    side = "in" if others[0][0] < a else "out"
                else:
                    side = "in" if a < w - b else "out"
                cuts = _junctions(mask[y0 + ry0:y0 + ry1, a:b], side, w)
                bounds = [0, *cuts, ry1 - ry0]
                return [Region("bubble", (a, y0 + ry0 + t, b - a, u - t), fill, side)
                        for t, u in zip(bounds, bounds[1:], strict=False)]
    cols = np.flatnonzero(band.any(axis=0))
    if cols.size == 0:
        return []
    x0, x1 = int(cols[0]), int(cols[-1]) + 1
    # text on the page, or on a centred pill (a date chip): the region's own background colour
    fill = dominant_color(arr[y0:y1, x0:x1], step=2)
    return [Region("text", (x0, y0, x1 - x0, bh), fill)]


def split_columns(arr: np.ndarray, region: Region) -> list[Region]:
    """Split a text region into pieces separated by wide horizontal gaps (the header's back
    arrow, title and icons share one band)."""
    x, y, w, h = region.bbox
    mask = foreground_mask(arr[y:y + h, x:x + w], region.fill)
    rows = _runs(np.asarray(mask.any(axis=1)))
    line_h = float(np.median([b - a for a, b in rows])) if rows else float(h)
    # pieces further apart than a character or two: the back arrow and the icons stand apart
    cols = _runs(np.asarray(mask.any(axis=0)), min_gap=max(8, int(min(line_h, 0.035 * arr.shape[1]))))
    out = []
    for a, b in cols:
        sub = mask[:, a:b]
        ys = np.flatnonzero(sub.any(axis=1))
        if ys.size == 0:
            continue
        out.append(Region(region.kind, (x + a, y + int(ys[0]), b - a, int(ys[-1]) + 1 - int(ys[0])), region.fill))
    return out


def assign_sides(regions: list[Region], width: int) -> list[Region]:
    """Decide which bubbles were received and which were sent from their alignment: received
    bubbles share a left edge, sent ones a right edge (an avatar column shifts the left edge)."""
    bubbles = [r for r in regions if r.kind == "bubble"]
    if len(bubbles) < 2:
        return regions
    tol = max(4, width // 100)
    left = min(r.bbox[0] for r in bubbles)
    right = max(r.bbox[0] + r.bbox[2] for r in bubbles)
    def edges(r: Region) -> tuple[bool, bool]:
        return abs(r.bbox[0] - left) <= tol, abs(r.bbox[0] + r.bbox[2] - right) <= tol

    only_left = any(a and not b for a, b in map(edges, bubbles))
    only_right = any(b and not a for a, b in map(edges, bubbles))
    out = []
    for r in regions:
        if r.kind != "bubble":
            out.append(r)
            continue
        at_left, at_right = edges(r)
        side = r.side
        if at_left and not at_right:
            side = "in"
        elif at_right and not at_left:
            side = "out"
        elif at_left and at_right and only_left != only_right:
            # as wide as the screen allows: on the side where the other bubbles are
            side = "in" if only_left else "out"
        out.append(Region(r.kind, r.bbox, r.fill, side))
    return out


def _junctions(sub: np.ndarray, side: str, width: int) -> list[int]:
    """Rows where two bubbles of the same sender touch (their 1–2 pt gap lost to downscaling and
    JPEG): the bubble's free edge — the right one for received bubbles — dips inwards where the
    lower corner of one meets the upper corner of the next. Text inside does not move that edge.
    """
    h, bw = sub.shape
    min_h = max(12, int(0.05 * width))
    if h < 2 * min_h:
        return []
    has = sub.any(axis=1)
    if side == "out":
        edge = np.where(has, bw - np.argmax(sub, axis=1), 0).astype(np.float32)  # extent from the right
    else:
        edge = np.where(has, bw - np.argmax(sub[:, ::-1], axis=1), 0).astype(np.float32)
    depth = max(4.0, 0.012 * width)
    win = max(6, int(0.04 * width))
    cuts: list[int] = []
    r = min_h
    while r < h - min_h:
        above = edge[max(0, r - win):r].max()
        below = edge[r + 1:r + 1 + win].max()
        if edge[r] < min(above, below) - depth:
            # walk to the bottom of the dip and cut there
            end = r
            while end + 1 < h - min_h and edge[end + 1] < min(above, below) - depth:
                end += 1
            cut = r + int(np.argmin(edge[r:end + 1]))
            if not cuts or cut - cuts[-1] >= min_h:
                cuts.append(cut)
            r = end + min_h
            continue
        r += 1
    return cuts


def find_lines(arr: np.ndarray) -> list[tuple[int, int, int, int]]:
    """Text lines found without a model, by row and column projections: the regions of
    :func:`segment`, each normalised to dark ink on white and cut where rows hold no ink, each
    row of ink cut again where a wide blank separates its pieces (a time beside a bubble, the
    header's icons). Boxes (x, y, w, h) in the pixels of ``arr``, top to bottom.

    The detector of engines that have none of their own (tesseract).
    """
    from evidencekit.core.ocr.stages import normalise_region

    bg = dominant_color(arr)
    out: list[tuple[int, int, int, int]] = []
    for r in segment(arr, bg):
        if r.kind == "bar":
            continue
        x, y, w, h = r.bbox
        crop = arr[y:y + h, x:x + w]
        differs = max(abs(r.fill[i] - bg[i]) for i in range(3)) > 8
        outside = bg if r.kind == "bubble" or differs else None
        ink = np.asarray(normalise_region(crop, r.fill, outside, rim=r.kind == "bubble")) < 150
        runs = _runs(np.asarray(ink.any(axis=1)))
        if not runs:
            continue
        tall = float(np.median([b - a for a, b in runs]))
        merged: list[list[int]] = []
        for a, b in runs:
            # accents, dots and JPEG specks thinner than a third of a line join a neighbour
            if merged and (b - a < tall / 3 or merged[-1][1] - merged[-1][0] < tall / 3) and a - merged[-1][1] < tall / 3:
                merged[-1][1] = b
            else:
                merged.append([a, b])
        for a, b in merged:
            if b - a < max(3, tall / 4) and len(merged) > 1:
                continue
            cols = _runs(np.asarray(ink[a:b].any(axis=0)), min_gap=max(8, int(0.75 * (b - a))))
            for c0, c1 in cols:
                if c1 - c0 < 2:
                    continue
                # each piece keeps only its own rows: the header's back arrow sits lower than
                # the title beside it, and their row of ink together is taller than either
                rows = np.flatnonzero(ink[a:b, c0:c1].any(axis=1))
                r0, r1 = (a + int(rows[0]), a + int(rows[-1]) + 1) if len(cols) > 1 and rows.size else (a, b)
                out.append((x + c0, y + r0, c1 - c0, r1 - r0))
    out.sort(key=lambda bx: (bx[1], bx[0]))
    return out
