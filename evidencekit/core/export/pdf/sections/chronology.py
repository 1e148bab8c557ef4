"""The chronology: contacts per day (night-time counted apart), the chart, every message in
time order with the exhibits that show it."""

from __future__ import annotations

from collections.abc import Iterator, Mapping

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Spacer

from evidencekit.core.export import summary, timeline
from evidencekit.core.export.pdf.chart import per_day_chart
from evidencekit.core.export.pdf.flowables import linked, para
from evidencekit.core.export.formed import case_offset
from evidencekit.core.export.pdf.formatting import exhibit_label, item_time, paren
from evidencekit.core.export.pdf.input import LayoutInput
from evidencekit.core.export.pdf.styles import FRAME_W, Styles
from evidencekit.core.export.strings import Strings
from evidencekit.core.export.pdf.tables import LongTable, Row
from evidencekit.core.export.strings import Strings


def chronology(li: LayoutInput, st: Styles, pages: Mapping[str, int]) -> Iterator[Flowable]:
    """The chronology section; ``pages`` maps exhibit numbers to pages (empty in the first pass)."""
    s = li.s
    analysis = li.case_analysis()
    window = analysis.figures.night_window  # the rule set's quiet hours, as on the cover
    evs = summary.case_events(li.bundle, s, title=lambda ex: summary.exhibit_title(ex, s),
                              night=(window.start, window.end))
    yield para(s("chrono_heading"), st.h2)
    if not evs:
        yield para(s("chrono_none"), st.body)
        return
    # the contacts the cover counts, as the app's chronology counts them (``Event.counts``): the
    # person's own recordings are listed, never counted as contacts received (nor in the chart)
    counts = [e.counts for e in evs]
    contacts = [e for e in evs if e.counts]
    days = timeline.per_day(contacts)
    night = sum(d[2] for d in days)
    total = sum(d[1] + d[2] for d in days)
    yield para(night_total(s, total, night, sum(1 for d in days if d[1] or d[2]), len(timeline.nights(contacts)),
                           window.text()), st.body)
    if total < len(evs):
        yield para(s("chrono_not_counted"), st.small)
    if days:
        yield Spacer(1, 2 * mm)
        yield per_day_chart(timeline.per_day_channels(contacts), s, window)
    yield Spacer(1, 4 * mm)
    widths = [28 * mm, 32 * mm, 0, 18 * mm]
    widths[2] = FRAME_W - sum(widths)
    header: Row = [para(s(k), st.cellc) for k in ("col_msg_time", "col_sender", "col_text", "col_exhibit")]

    by_number = {ex.number: ex for ex in li.bundle.exhibits}
    offset = case_offset(li.bundle.exhibits)

    def rows() -> Iterator[Row]:
        for e, counts_ in zip(evs, counts, strict=True):
            when = e.shown_time(s.lang, short=True)  # an undated one as the screen showed it
            ex = by_number.get(e.exhibit)
            if ex is not None and _item_event(e):
                # listed by the exhibit's own time: as the evidence list says it (zone, label)
                when = item_time(s, ex, offset) or when
            if e.night and counts_:
                when += paren(s, s("night"))
            sender = s("me") if e.outgoing else e.sender
            yield [para(when, st.cell), para(sender or "", st.cell), para(e.text, st.cell),
                   linked(_exhibits_cell(s, e), pages.get(e.exhibit), st.cellc)]

    yield LongTable(header, rows(), widths, marked=lambda i: evs[i].night and counts[i])


def _item_event(e: timeline.Event) -> bool:
    """Whether ``e`` is an exhibit listed by its own time (no dated message or record of it)."""
    return e.message_index is None and e.row is None and not e.is_call and (e.file_time or e.screenshot)


def _exhibits_cell(s: Strings, e: timeline.Event) -> str:
    first = exhibit_label(s, e.exhibit) if s.is_cjk else e.exhibit
    return ("、" if s.is_cjk else ", ").join([first, *e.also])


def night_total(s: Strings, total: int, night: int, days: int, nights: int, hours: str) -> str:
    """The chronology's count line: contacts, days, at night, nights (English says "1 night")."""
    def unit(word: str, n: int) -> str:
        return s(f"unit.{word}_one" if n == 1 else f"unit.{word}")

    return s("night_total", total=total, night=night, days=days, nights=nights, hours=hours,
             contacts_unit=unit("contact", total), days_unit=unit("day", days), nights_unit=unit("night", nights))
