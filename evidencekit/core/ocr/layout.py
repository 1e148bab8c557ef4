"""Layout from detected text: which lines make a message bubble, which are the header, time
separators or stamps beside a bubble, and which are the phone's chrome — decided from the lines'
geometry and the colour around them, not from a list of phone themes.

For each detected line the colour just around it (its *ground*) and how far that ground extends
left and right along the line are measured. A line whose ground is a uniform colour different
from the page, bounded on the screen, sits in a bubble; lines on one bubble share its ground
without a break between them. Everything else is page text: its role comes from where it is
(top corners: status bar; above the first bubble: header; between bubbles: separators, stamps,
notes; well below the last bubble: input field and keyboard). Wallpapers work because a
bubble's ground is uniform and a wallpaper's is not.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from evidencekit.core.ocr.engine import Box
from evidencekit.core.ocr.stages import color_distance, dominant_color, is_dark

#: Colours closer than this (max channel difference) are the same ground (JPEG noise).
SAME_GROUND = 14
#: How close to a bubble's colour the pixels along a line must be to count as its extent.
EXTENT_GROUND = 8
#: A ground differs from the page when further than this (iOS's light grey bubble is 22 from white,
#: Samsung's white bubble a few levels from its off-white page).
BUBBLE_CONTRAST = 3


@dataclass(frozen=True, slots=True)
class Bubble:
    """A message bubble: its lines (indices into :attr:`PageLayout.lines`), box, colour, side."""

    lines: tuple[int, ...]
    bbox: Box
    fill: tuple[int, int, int]
    side: str  # "in" (received, left), "out" (sent, right), "" unknown


@dataclass(frozen=True, slots=True)
class PageLayout:
    """The roles of a screenshot's detected lines.

    ``roles[i]`` is one of ``status`` (status bar), ``bubble``, ``header`` (above the first
    bubble), ``page`` (text on the page among the bubbles: separators, stamps, notes), ``chrome``
    (input field, keyboard, banners). Only lines in :attr:`to_read` are recognised.
    """

    size: tuple[int, int]  # width, height
    lines: tuple[Box, ...]
    roles: tuple[str, ...]
    bubbles: tuple[Bubble, ...]
    theme: str
    #: per page line beside or right under a bubble: that bubble's index (a stamp candidate)
    beside: dict[int, int] = field(default_factory=dict)

    @property
    def to_read(self) -> list[int]:
        return [i for i, r in enumerate(self.roles) if r not in ("status", "chrome")]

    def role_lines(self, role: str) -> list[int]:
        return [i for i, r in enumerate(self.roles) if r == role]


@dataclass(frozen=True, slots=True)
class _Ground:
    fill: tuple[int, int, int]
    uniform: float  # share of the ring around the line that is of its fill colour
    x0: int  # how far the fill extends along the line
    x1: int


def _of(part: np.ndarray, fill: tuple[int, int, int], page: tuple[int, int, int]) -> np.ndarray:
    """Pixels of a bubble's colour: near it, and nearer to it than to the page (a white bubble
    on an off-white page is only a few levels away from it; JPEG noise is more than that)."""
    d = color_distance(part, fill)
    out: np.ndarray = (d <= 2 * SAME_GROUND) & (d < color_distance(part, page))
    return out


def _ground(arr: np.ndarray, box: Box, page: tuple[int, int, int]) -> _Ground:
    """The colour around a line and how far it runs along the line.

    The ring just outside the box is looked at above and below separately (a bubble's last line
    sits near its lower edge, its first near the upper one): the side more uniform wins. A
    detector may box a lone character with most of its small bubble: then the ring just inside
    the box is the bubble.
    """
    h_img, w_img = arr.shape[:2]
    x, y, w, h = box
    p = max(3, int(0.28 * h))
    xa, xb = max(0, x - p), min(w_img, x + w + p)
    left = arr[y:y + h, max(0, x - p):x].reshape(-1, 3)
    right = arr[y:y + h, x + w:min(w_img, x + w + p)].reshape(-1, 3)
    best: _Ground | None = None
    for rows in (list(range(max(0, y - p), y)), list(range(y + h, min(h_img, y + h + p)))):
        ring = np.concatenate([arr[rows, xa:xb].reshape(-1, 3), left, right])
        g = _ground_of(arr, ring, rows, x, w, page)
        if g is not None and (best is None or g.uniform > best.uniform):
            best = g
    q = max(2, int(0.06 * h))
    for k in (0, 1, 2):  # rings ever further inside the box (it may overhang the bubble a little)
        if not (best is None or best.uniform < 0.75 or _diff(best.fill, page) <= BUBBLE_CONTRAST):
            break
        xi, yi, wi, hi = x + k * q, y + k * q, w - 2 * k * q, h - 2 * k * q
        if wi <= 4 * q or hi <= 4 * q:
            break
        inner_rows = [*range(yi, yi + q), *range(yi + hi - q, yi + hi)]
        ring = np.concatenate([arr[inner_rows, xi:xi + wi].reshape(-1, 3), arr[yi:yi + hi, xi:xi + q].reshape(-1, 3),
                               arr[yi:yi + hi, xi + wi - q:xi + wi].reshape(-1, 3)])
        g = _ground_of(arr, ring, inner_rows, xi + q, wi - 2 * q, page)
        if g is not None and g.uniform >= 0.75 and _diff(g.fill, page) > BUBBLE_CONTRAST:
            best = g
    if (best is None or best.uniform < 0.75 or _diff(best.fill, page) <= BUBBLE_CONTRAST
            or best.x1 - best.x0 < w):
        # (a ground narrower than the box: the box holds the whole round bubble of a short reply)
        best = _inner_band(arr, box, page) or best
    return best or _Ground((255, 255, 255), 0.0, x, x + w)


def _inner_band(arr: np.ndarray, box: Box, page: tuple[int, int, int]) -> _Ground | None:
    """The ground of a one-character reply whose detected box holds its whole small bubble
    ("嗯" on a pill): the rounded corners spoil every ring, but across the middle of the box
    the bubble's colour runs on both sides of the glyph."""
    x, y, w, h = box
    band = arr[y + h // 4:y + 3 * h // 4, x:x + w]
    if band.size == 0 or w < 8 or h < 8:
        return None
    fill = dominant_color(band, step=1)
    if _diff(fill, page) <= BUBBLE_CONTRAST:
        return None
    of = _of(band, fill, page)
    share = float(np.mean(of))
    cols = np.flatnonzero(np.mean(of, axis=0) >= 0.5)
    # the colour must fill most of the band and reach both ends of the box (a bubble), not be
    # the strokes of a coloured glyph on the page
    if share < 0.55 or cols.size == 0 or cols[0] > 0.15 * w or cols[-1] < 0.85 * w:
        return None
    # the glyph fills much of so small a band: its share says nothing against the ground
    return _Ground(fill, max(share, 0.75), x, x + w)


def _ground_of(arr: np.ndarray, ring: np.ndarray, rows: list[int], x: int, w: int,
               page: tuple[int, int, int]) -> _Ground | None:
    if ring.size == 0 or not rows:
        return None
    w_img = arr.shape[1]
    fill = dominant_color(ring.reshape(-1, 1, 3), step=1)
    uniform = float(np.mean(color_distance(ring.reshape(-1, 1, 3), fill) <= SAME_GROUND))
    # how far the fill runs left and right, along rows clear of the line's glyphs: a column
    # belongs while most of those rows are of the fill colour
    # (strictly of the bubble's colour: a wallpaper's shape of a near colour is not the bubble)
    part = arr[rows]
    d = color_distance(part, fill)
    frac = np.mean((d <= EXTENT_GROUND) & (d < color_distance(part, page)), axis=0)
    ok = frac >= 0.5
    x0 = x
    miss = 0
    for c in range(x - 1, -1, -1):
        if ok[c]:
            x0, miss = c, 0
        else:
            miss += 1
            if miss >= 3:
                break
    x1 = x + w
    miss = 0
    for c in range(x + w, w_img):
        if ok[c]:
            x1, miss = c + 1, 0
        else:
            miss += 1
            if miss >= 3:
                break
    return _Ground(fill, uniform, x0, x1)


def _page_colour(arr: np.ndarray) -> tuple[int, int, int]:
    """The page's colour: what runs down both edges of the screen, where no bubble reaches (a
    thread of many white bubbles on an off-white page is mostly bubble)."""
    h, w = arr.shape[:2]
    m = max(2, w // 60)
    rows = slice(int(0.1 * h), max(int(0.1 * h) + 1, int(0.9 * h)))
    edges = np.concatenate([arr[rows, :m].reshape(-1, 3), arr[rows, w - m:].reshape(-1, 3)])
    if edges.size == 0:
        return dominant_color(arr)
    return dominant_color(edges.reshape(-1, 1, 3), step=1)


def _has_wallpaper(arr: np.ndarray, page: tuple[int, int, int]) -> bool:
    """True when the screen's edges are not of one colour: a picture behind the bubbles."""
    h, w = arr.shape[:2]
    m = max(2, w // 60)
    rows = slice(int(0.1 * h), max(int(0.1 * h) + 1, int(0.9 * h)))
    edges = np.concatenate([arr[rows, :m].reshape(-1, 3), arr[rows, w - m:].reshape(-1, 3)])
    if not edges.size:
        return False
    px = edges.reshape(-1, 1, 3)
    near = color_distance(px, page) <= SAME_GROUND
    rest = px[~near]
    if rest.size:
        # a second plain colour (a keyboard panel, a header bar) is no wallpaper either
        second = dominant_color(rest, step=1)
        near |= color_distance(px, second) <= SAME_GROUND
    return float(np.mean(near)) < 0.85


def _local_page(arr: np.ndarray, box: Box, page: tuple[int, int, int]) -> tuple[int, int, int]:
    """The page's colour at a line's rows, from the screen's edges there (a wallpaper's colour
    changes down the screen); the whole page's where the edges are not of one colour."""
    h_img, w_img = arr.shape[:2]
    m = max(2, w_img // 60)
    y0, y1 = max(0, box[1] - box[3]), min(h_img, box[1] + 2 * box[3])
    edges = np.concatenate([arr[y0:y1, :m].reshape(-1, 3), arr[y0:y1, w_img - m:].reshape(-1, 3)])
    if edges.size == 0:
        return page
    local = dominant_color(edges.reshape(-1, 1, 3), step=1)
    if float(np.mean(color_distance(edges.reshape(-1, 1, 3), local) <= SAME_GROUND)) < 0.6:
        return page
    return local


def _diff(a: tuple[int, int, int], b: tuple[int, int, int]) -> int:
    return max(abs(a[i] - b[i]) for i in range(3))


def analyse(arr: np.ndarray, boxes: list[Box]) -> PageLayout:
    """Find the roles of detected text lines.

    Args:
        arr: the screenshot as an H x W x 3 int16 array (:func:`stages.to_array`).
        boxes: the detected lines, in its pixels.

    Returns:
        The lines (sorted top to bottom) with their roles, and the bubbles.
    """
    h_img, w_img = arr.shape[:2]
    lines = sorted(_dedupe(boxes), key=lambda b: (b[1], b[0]))
    page = _page_colour(arr)
    theme = "dark" if is_dark(page) else "light"
    # the page beside each line: a wallpaper changes colour down the screen
    pages = [_local_page(arr, b, page) for b in lines]
    wallpaper = _has_wallpaper(arr, page)
    grounds = [_ground(arr, b, pg) for b, pg in zip(lines, pages, strict=True)]
    n = len(lines)
    in_bubble = [False] * n
    for i, (b, g) in enumerate(zip(lines, grounds, strict=True)):
        width = g.x1 - g.x0
        # a bubble has the page on both sides; a bar or the page itself runs to the screen's edges
        bounded = width < 0.96 * w_img and g.x0 > 0.008 * w_img and g.x1 < 0.992 * w_img
        in_bubble[i] = (g.uniform >= 0.75 and _diff(g.fill, pages[i]) > BUBBLE_CONTRAST and bounded
                        and width >= b[2])
    _adopt_packed_lines(arr, lines, grounds, in_bubble, page)
    groups = _group(arr, lines, grounds, in_bubble, pages)
    bubbles: list[Bubble] = []
    roles = ["page"] * n
    status_limit = min(0.065 * h_img, 0.11 * w_img)
    for grp in groups:
        box = _bubble_box(arr, [lines[i] for i in grp], grounds[grp[0]], pages[grp[0]])
        bx, by, bw, bh = box
        # a bubble hugs its text: a uniform shape much wider than the text on it is a
        # wallpaper's, not a bubble (whose padding is a fraction of a line)
        lh = float(np.median([lines[i][3] for i in grp]))
        slack = max(min(lines[i][0] for i in grp) - bx, bx + bw - max(lines[i][0] + lines[i][2] for i in grp))
        if wallpaper and slack > max(2.5 * lh, 0.08 * w_img):
            continue
        left_margin, right_margin = bx, w_img - (bx + bw)
        centred = abs(left_margin - right_margin) < 0.05 * w_img
        if centred and bw > 0.8 * w_img and by < 0.3 * h_img:
            for i in grp:
                roles[i] = "chrome"  # a notification banner over the top of the screen
            continue
        if centred and min(left_margin, right_margin) > 0.18 * w_img:
            continue  # a centred chip (a date separator on a pill): page text
        tx0 = min(lines[i][0] for i in grp)
        tx1 = max(lines[i][0] + lines[i][2] for i in grp)
        if wallpaper and len(grp) == 1 and abs((tx0 + tx1) / 2 - w_img / 2) < 0.03 * w_img and tx1 - tx0 < 0.5 * w_img:
            continue  # a chip whose colour runs into a wallpaper's: its text is centred
        if by + bh <= status_limit and bh < 0.03 * h_img:
            for i in grp:
                roles[i] = "status"  # the battery icon's fill, the status bar's pills
            continue
        bubbles.append(Bubble(tuple(grp), box, grounds[grp[0]].fill, ""))
        for i in grp:
            roles[i] = "bubble"
    bubbles = _drop_avatars(bubbles, lines, w_img)
    kept = {i for b in bubbles for i in b.lines}
    roles = [r if r != "bubble" or i in kept else "page" for i, r in enumerate(roles)]
    bubbles = _sides(bubbles, w_img)
    # page text
    first = min((b.bbox[1] for b in bubbles), default=h_img)
    last_b = max(bubbles, key=lambda b: b.bbox[1] + b.bbox[3], default=None)
    last = last_b.bbox[1] + last_b.bbox[3] if last_b else 0
    typical = float(np.median([b[3] for b in lines])) if lines else 0.0
    beside: dict[int, int] = {}
    for i, b in enumerate(lines):
        if roles[i] != "page":
            continue
        x, y, w, h = b
        if y + h <= status_limit and (x + w < 0.33 * w_img or x > 0.6 * w_img):
            roles[i] = "status"  # clock, carrier, signal and battery in the top corners
        elif bubbles and y >= last + 3.0 * max(h, typical):
            roles[i] = "chrome"  # the input field and keyboard under the last bubble
        elif bubbles and y + h <= first + 0.5 * h:
            roles[i] = "header"
        if roles[i] in ("page", "header") and bubbles:
            k = _beside(b, bubbles, w_img)
            if k is not None:
                beside[i] = k
    return PageLayout((w_img, h_img), tuple(lines), tuple(roles), tuple(bubbles), theme, beside)


def _adopt_packed_lines(arr: np.ndarray, lines: list[Box], grounds: list[_Ground], in_bubble: list[bool],
                        page: tuple[int, int, int]) -> None:
    """A line packed tightly between lines of a bubble (a small, recompressed screenshot: the
    glyphs of the lines above and below fill its ring) is in that bubble when the bubble's
    colour runs down the margin beside it. Updates ``grounds`` and ``in_bubble`` in place."""
    n = len(lines)
    for i in range(n):
        if in_bubble[i]:
            continue
        x, y, w, h = lines[i]
        for j in (i - 1, i + 1):
            if not (0 <= j < n and in_bubble[j]):
                continue
            g = grounds[j]
            other = lines[j]
            gap = y - (other[1] + other[3]) if j < i else other[1] - (y + h)
            if gap > 0.6 * max(h, other[3]) or x < g.x0 or x + w > g.x1:
                continue
            margin = arr[y:y + h, g.x0 + 2:max(g.x0 + 3, min(x, other[0]) - 1)]
            if margin.size == 0 or float(np.mean(_of(margin, g.fill, page))) < 0.6:
                continue
            grounds[i] = g
            in_bubble[i] = True
            break


def _dedupe(boxes: list[Box]) -> list[Box]:
    out: list[Box] = []
    for b in sorted(boxes, key=lambda b: -b[2] * b[3]):
        if any(_overlap(b, o) > 0.7 * b[2] * b[3] for o in out):
            continue
        out.append(b)
    return out


def _overlap(a: Box, b: Box) -> int:
    w = min(a[0] + a[2], b[0] + b[2]) - max(a[0], b[0])
    h = min(a[1] + a[3], b[1] + b[3]) - max(a[1], b[1])
    return max(0, w) * max(0, h)


def _group(arr: np.ndarray, lines: list[Box], grounds: list[_Ground], in_bubble: list[bool],
           pages: list[tuple[int, int, int]]) -> list[list[int]]:
    """Lines on one continuous ground of one colour make one bubble."""
    w_img = arr.shape[1]
    idx = [i for i in range(len(lines)) if in_bubble[i]]
    groups: list[list[int]] = []
    for i in idx:
        b, g = lines[i], grounds[i]
        placed = False
        for grp in reversed(groups[-4:]):
            j = grp[-1]
            pb, pg = lines[j], grounds[j]
            if _diff(g.fill, pg.fill) > SAME_GROUND:
                continue
            tol = 0.04 * w_img
            # the group's extent: a short line's ground may be measured narrower than its
            # bubble (the glyphs of its neighbours fill the ring around it)
            gx0 = min(grounds[k].x0 for k in grp)
            gx1 = max(grounds[k].x1 for k in grp)
            same = abs(g.x0 - gx0) <= tol and abs(g.x1 - gx1) <= tol
            inside = g.x0 >= gx0 - tol and g.x1 <= gx1 + tol and b[0] >= gx0 and b[0] + b[2] <= gx1
            if not (same or inside):
                continue
            gap = b[1] - (pb[1] + pb[3])
            if gap > 1.3 * max(b[3], pb[3]):
                continue
            if gap > 0 and not _continuous(arr, pb[1] + pb[3], b[1], max(g.x0, pg.x0), min(g.x1, pg.x1), g.fill,
                                           pages[i]):
                continue
            grp.append(i)
            placed = True
            break
        if not placed:
            groups.append([i])
    return groups


def _continuous(arr: np.ndarray, y0: int, y1: int, x0: int, x1: int, fill: tuple[int, int, int],
                page: tuple[int, int, int]) -> bool:
    """True when the rows between two lines are of the bubble's colour all along (no strip of
    page between two bubbles)."""
    inset = max(2, (x1 - x0) // 10)
    strip = arr[y0:y1, x0 + inset:x1 - inset]
    if strip.size == 0:
        return True
    frac = np.mean(_of(strip, fill, page), axis=1)
    if frac.min() < 0.35:
        return False
    # Two bubbles that touch (their gap lost to downscaling and JPEG) still show the page in
    # their rounded corners where they meet: the columns at the bubble's edges are not of its
    # colour on those rows. Between two lines of one bubble they are.
    edge = max(2, (x1 - x0) // 25)
    left = np.mean(_of(arr[y0:y1, x0:x0 + edge], fill, page), axis=1)
    right = np.mean(_of(arr[y0:y1, x1 - edge:x1], fill, page), axis=1)
    return bool(min(left.min(), right.min()) >= 0.5)


def _bubble_box(arr: np.ndarray, lines: list[Box], g: _Ground, page: tuple[int, int, int]) -> Box:
    """The bubble's extent: its ground's width, and upwards and downwards as far as its colour
    goes (at most a line's height beyond the text)."""
    h_img = arr.shape[0]
    y0 = min(b[1] for b in lines)
    y1 = max(b[1] + b[3] for b in lines)
    lh = max(b[3] for b in lines)
    inset = max(2, (g.x1 - g.x0) // 10)
    cols = slice(g.x0 + inset, max(g.x0 + inset + 1, g.x1 - inset))

    def ok(y: int) -> bool:
        row = arr[y:y + 1, cols]
        return bool(np.mean(_of(row, g.fill, page)) >= 0.8)

    top = y0
    while top > 0 and y0 - top < lh and ok(top - 1):
        top -= 1
    bottom = y1
    while bottom < h_img and bottom - y1 < lh and ok(bottom):
        bottom += 1
    return (g.x0, top, g.x1 - g.x0, bottom - top)


def _drop_avatars(bubbles: list[Bubble], lines: list[Box], width: int) -> list[Bubble]:
    """A small square shape with a letter in it beside a bubble, on the screen-edge side of it,
    is the sender's avatar (a one-character reply beside an avatar is on the inner side)."""
    out = []
    for b in bubbles:
        x, y, w, h = b.bbox
        squarish = len(b.lines) == 1 and w <= 1.35 * h and w < 0.16 * width
        left_half = x + w / 2 < width / 2

        def outside_of(o: Bubble) -> bool:
            right_of_b = o.bbox[0] >= x + w - 2
            left_of_b = o.bbox[0] + o.bbox[2] <= x + 2
            return (right_of_b and left_half) or (left_of_b and not left_half)

        if squarish and any(o is not b and _vertical_overlap(b.bbox, o.bbox) > 0.3 * h and outside_of(o)
                            for o in bubbles):
            continue
        out.append(b)
    return out


def _vertical_overlap(a: Box, b: Box) -> int:
    return max(0, min(a[1] + a[3], b[1] + b[3]) - max(a[1], b[1]))


def _sides(bubbles: list[Bubble], width: int) -> list[Bubble]:
    """Received bubbles hang from the left, sent ones from the right; a bubble as wide as the
    screen allows takes the side of the other bubbles of its colour."""
    def anchor(b: Bubble) -> str:
        x, _, w, _ = b.bbox
        left, right = x < 0.2 * width, x + w > 0.8 * width
        if left and not right:
            return "in"
        if right and not left:
            return "out"
        return ""

    sides = [anchor(b) for b in bubbles]
    out = []
    for b, s in zip(bubbles, sides, strict=True):
        if not s:
            votes = [t for o, t in zip(bubbles, sides, strict=True) if t and _diff(o.fill, b.fill) <= SAME_GROUND]
            if votes:
                s = max(set(votes), key=votes.count)
            else:
                centre = b.bbox[0] + b.bbox[2] / 2
                s = "in" if centre <= width / 2 else "out"
        out.append(Bubble(b.lines, b.bbox, b.fill, s))
    return out


def _beside(line: Box, bubbles: list[Bubble], width: int) -> int | None:
    """The bubble a page line sits beside or right under (a time stamp), if any."""
    x, y, w, h = line
    cy = y + h / 2
    best: tuple[float, int] | None = None
    for k, b in enumerate(bubbles):
        bx, by, bw, bh = b.bbox
        beside = by - 0.3 * h <= cy <= by + bh + 0.3 * h and (x >= bx + bw - 2 or x + w <= bx + 2)
        under = 0 <= y - (by + bh) <= 1.6 * h and (x < bx + bw and x + w > bx)
        if beside or under:
            d = abs(cy - (by + bh))
            if best is None or d < best[0]:
                best = (d, k)
    return best[1] if best else None
