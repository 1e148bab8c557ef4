"""Tables of any length, made a page at a time so that memory does not grow with them.

reportlab splits a long :class:`~reportlab.platypus.Table` in quadratic time and holds all of
it: the evidence list, the chronology and the custody appendix are :class:`LongTable` instead,
which measures rows only until a page is full. An exhibit's own few custody entries are
:func:`chunked` tables.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from itertools import islice

from reportlab.platypus import Flowable, Table, TableStyle

from evidencekit.core.export.pdf.styles import ALERT, FRAME_H, GRID

TABLE_CHUNK = 40  # rows per table: reportlab splits long tables in quadratic time
PART_PAGES = 8  # pages of a long table (evidence list, chronology, appendix) per part

#: A row of cells (paragraphs).
Row = list[Flowable]


class StopPart(Flowable):
    """Where a long table has filled enough pages for one document (see :class:`.document.PartDoc`)."""

    def wrap(self, aW: float, aH: float) -> tuple[float, float]:
        return 0, 0

    def draw(self) -> None:
        pass


@dataclass
class _TableState:
    """Where a long table is: the next row (measured), rows placed, pages filled."""

    pending: tuple[Row, float] | None = None
    index: int = 0
    pages: int = 0
    header_h: float | None = None


class LongTable(Flowable):
    """A table of any length (the evidence list, the chronology, the custody appendix), made a
    page at a time: each time reportlab asks it to split it measures rows until the space left
    on the page is full and returns a table of just those rows (the header repeated) and the
    rest of itself. So no more than a page of rows exists at once, and every PART_PAGES pages it
    ends the document (a :class:`StopPart` on a full page) so that no part grows with the case.

    ``marked(i)`` says which rows (counted from 0) get the alert background.
    """

    def __init__(self, header: Row, rows: Iterator[Row], widths: Sequence[float],
                 marked: Callable[[int], bool] | None = None, state: _TableState | None = None) -> None:
        super().__init__()
        self.header, self.rows, self.widths, self.marked = header, rows, list(widths), marked
        self.state = state if state is not None else _TableState()

    def _peek(self, aw: float) -> tuple[Row, float] | None:
        st = self.state
        if st.pending is None:
            row = next(self.rows, None)
            if row is None:
                return None
            st.pending = (row, self._height([row], aw))
        return st.pending

    def _height(self, rows: list[Row], aw: float) -> float:
        t = Table(rows, colWidths=self.widths)
        t.setStyle(GRID)
        return float(t.wrap(aw, 1e9)[1])

    def wrap(self, aW: float, aH: float) -> tuple[float, float]:
        if self._peek(aW) is None:
            return aW, 0  # nothing (left) to show
        return aW, aH + 1  # never placed whole: always split into a page's worth

    def draw(self) -> None:
        pass

    def split(self, aW: float, aH: float, /) -> list[Flowable]:
        st = self.state
        if st.header_h is None:
            st.header_h = self._height([self.header], aW)
        avail = aH - st.header_h - 0.5
        taken: list[Row] = []
        while (nxt := self._peek(aW)) is not None:
            row, h = nxt
            if h > avail and (taken or aH < FRAME_H - 1):
                break  # the page is full (or too little is left to start here: the next page)
            taken.append(row)
            avail -= h
            st.pending = None
        if not taken:
            return []
        start = st.index
        st.index += len(taken)
        t = Table([self.header, *taken], colWidths=self.widths, repeatRows=1)
        t.setStyle(GRID)
        if self.marked is not None:
            for j in range(len(taken)):
                if self.marked(start + j):
                    t.setStyle(TableStyle([("BACKGROUND", (0, j + 1), (-1, j + 1), ALERT)]))
        if self._peek(aW) is None:
            return [t]
        st.pages += 1
        rest = LongTable(self.header, self.rows, self.widths, self.marked, st)
        return [t, StopPart(), rest] if st.pages % PART_PAGES == 0 else [t, rest]


def chunked(header: Row, rows: Iterable[Row], widths: Sequence[float]) -> Iterator[Flowable]:
    """A short table (an exhibit's own custody entries) as tables of TABLE_CHUNK rows, each
    repeating the header and made when needed; long ones are :class:`LongTable`."""
    it = iter(rows)
    first = True
    while True:
        chunk = list(islice(it, TABLE_CHUNK))
        if not chunk and not first:
            return
        first = False
        t = Table([header, *chunk], colWidths=list(widths), repeatRows=1)
        t.setStyle(GRID)
        yield t
        if len(chunk) < TABLE_CHUNK:
            return
