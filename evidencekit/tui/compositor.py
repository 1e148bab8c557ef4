"""Wide characters kept whole where a widget lies over another (a notification over a table).

Textual's compositor cuts every screen line at each point where any widget starts or ends, and
gives each piece to the frontmost widget there. A double-width character (every Chinese
character) that straddles such a cut is replaced by spaces, even when one widget owns both sides
of it: a notification over the case screen lost the characters lying on the preview's border
line (Textual issue #6357, open at the version this app uses).

:func:`install` replaces the compositor's chopping with one that cuts a widget's line only where
ownership changes: consecutive pieces the same widget wins stay one piece (the others get an
empty placeholder, so no widget behind can claim them). A character that really is half covered
still becomes a space, as it must.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from textual._compositor import Compositor
from textual.geometry import Region
from textual.strip import Strip

log = logging.getLogger(__name__)

_EMPTY = Strip([], 0)


def _render_chops(self: Any, crop: Region, is_rendered_line: Callable[[int], bool]) -> Sequence[Mapping[int, Strip]]:
    """Textual's ``Compositor._render_chops``, but a widget's line is divided only where the
    widget stops owning the pieces (see the module's note)."""
    cuts: list[list[int]] = self.cuts
    chops: list[dict[int, Strip | None]] = [dict.fromkeys(cut_set[:-1]) for cut_set in cuts]
    crop_x0, crop_x1 = crop.x, crop.right
    for region, clip, strips in self._get_renders(crop):
        render_region = region.intersection(clip)
        render_x = render_region.x
        first_cut, last_cut = render_region.column_span
        for y, strip in zip(render_region.line_range, strips):
            if not is_rendered_line(y):
                continue
            line = chops[y]
            final_cuts = [cut for cut in cuts[y] if last_cut >= cut >= first_cut]
            starts = final_cuts[:-1]
            if not starts:
                continue
            # Runs of pieces that are all free (or all taken): a new run where that changes.
            # Pieces are joined only inside the area being redrawn: outside it a widget in
            # front may not be among the renders, and a free-looking piece may not be free.
            runs: list[list[int]] = [[starts[0]]]
            free_before = line.get(starts[0]) is None
            for cut in starts[1:]:
                free = line.get(cut) is None
                if free and free_before and crop_x0 < cut < crop_x1:
                    runs[-1].append(cut)
                else:
                    runs.append([cut])
                free_before = free
            pieces = strip.divide([run[0] - render_x for run in runs[1:]] + [last_cut - render_x])
            for run, piece in zip(runs, pieces):
                if line.get(run[0]) is not None:
                    continue  # a widget in front was painted here first
                line[run[0]] = piece
                for cut in run[1:]:
                    line[cut] = _EMPTY
    return chops  # type: ignore[return-value]


_installed = False


def install() -> bool:
    """Use the chopping above in every screen's compositor (once per process).

    Returns:
        True when it is in place; False when this Textual's compositor is not the one it was
        written for (then Textual's own chopping stays, with the issue it has).
    """
    global _installed
    if _installed:
        return True
    original = getattr(Compositor, "_render_chops", None)
    needed = ("cuts", "_get_renders")
    if original is None or not all(hasattr(Compositor, n) for n in needed):
        log.info("Textual's compositor has changed: wide characters under overlays are left to it")
        return False
    Compositor._render_chops = _render_chops  # type: ignore[method-assign]
    _installed = True
    return True
