"""Custody entries as tables: an exhibit's own under its metadata, the whole log as the appendix."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Spacer

from evidencekit.core.export.pdf.flowables import para
from evidencekit.core.export.pdf.formatting import named, when
from evidencekit.core.export.pdf.input import LayoutInput
from evidencekit.core.export.pdf.styles import FRAME_W, Styles
from evidencekit.core.export.pdf.tables import LongTable, Row, chunked
from evidencekit.core.analysis.figures import own_phone
from evidencekit.core.export.strings import Strings
from evidencekit.core.models import LogEntry
from evidencekit.core.vault import actions


def appendix(li: LayoutInput, st: Styles) -> Iterator[Flowable]:
    """The custody appendix: every entry of the log, with the exhibit it is about."""
    s = li.s
    yield para(s("appendix_heading"), st.h2)
    yield para(s("appendix_note"), st.small)
    yield Spacer(1, 2 * mm)
    if not li.bundle.log:
        yield para(s("none"), st.body)
        return
    yield from log_table(li, st, li.bundle.log, with_item=True)


def log_table(li: LayoutInput, st: Styles, entries: Iterable[LogEntry], *, with_item: bool) -> list[Flowable]:
    """The custody entries as a table: page by page for the appendix (``with_item``: a column
    names the exhibit), in tables of TABLE_CHUNK rows for an exhibit's own few entries."""
    s = li.s
    if with_item:
        widths = [12 * mm, 34 * mm, 30 * mm, 14 * mm, 34 * mm, 0]
        keys: tuple[str, ...] = ("col_seq", "col_when", "col_action", "col_exhibit", "col_actor", "col_hash")
    else:
        widths = [12 * mm, 38 * mm, 34 * mm, 40 * mm, 0]
        keys = ("col_seq", "col_when", "col_action", "col_actor", "col_hash")
    widths[-1] = FRAME_W - sum(widths)
    header: Row = [para(s(k), st.cellc) for k in keys]
    number_of = {ex.item.id: ex.number for ex in li.bundle.exhibits} if with_item else {}

    def rows() -> Iterator[Row]:
        for e in entries:
            note = _entry_note(li, e)
            action = named(s, "action.", e.action) + (f"\n{note}" if note else "")
            row: Row = [para(str(e.seq), st.cellc), para(when(e.time).removesuffix(" UTC"), st.cell),
                        para(action, st.cell)]
            if with_item:
                row.append(para(number_of.get(e.item_id, "") if e.item_id is not None else "", st.cellc))
            row += [para(e.actor, st.cell), para(e.hash[:32], st.mono)]
            yield row

    if with_item:
        return [LongTable(header, rows(), widths)]
    return list(chunked(header, rows(), widths))


def _entry_note(li: LayoutInput, e: LogEntry) -> str:
    """What a custody entry changed, in a line or two."""
    s = li.s

    def short(v: object) -> str:
        text = ", ".join(map(str, v)) if isinstance(v, list | tuple) else ("" if v is None else str(v))
        text = text if len(text) <= 60 else text[:59] + "…"
        return text or s("empty")

    lines: list[str] = []
    d = actions.decode(e)
    if isinstance(d, actions.AnnotationChanged):
        for field_name, c in d.changes.items():
            old, new = (_value(s, field_name, v, short) for v in (c.old, c.new))
            lines.append(s("change_line", field=named(s, "field.", field_name), old=old, new=new))
        if d.moved_from is not None:
            lines.append(s("moved_line", old=d.moved_from, new=d.moved_to))
    elif isinstance(d, actions.TextCorrected) and d.field != "text":
        old, new = (named(s, "side.", v) if d.field == "side" and v else short(v) for v in (d.old, d.new))
        if d.message is None:
            lines.append(s("change_line", field=named(s, "field.", d.field), old=old, new=new))
        else:
            lines.append(s("corrected_field_line", n=d.message + 1, field=named(s, "field.", d.field), old=old, new=new))
    elif isinstance(d, actions.TextCorrected) and d.message is not None:
        lines.append(s("corrected_line", n=d.message + 1, old=short(d.old), new=short(d.new)))
    elif isinstance(d, actions.ItemWithdrawn | actions.ImportRejected) and d.reason:
        lines.append(short(d.reason))
    return "\n".join(lines)


def _value(s: Strings, field_name: str, v: object, short: Callable[[object], str]) -> str:
    """A changed field's value as people read it: whose phone an item was received on said in the
    bundle's words ("self": 本人), anything else as written (cut short)."""
    if field_name == "received_by" and isinstance(v, str) and own_phone(v):
        return s("source_received_own")
    return short(v)
