"""The messages in time order, with per-day counts and night-time contacts (22:00–08:00) marked."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, replace

from rich.markup import escape
from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Static
from textual.worker import get_current_worker

from evidencekit.core.vault.case import Case
from evidencekit.tui import core_api
from evidencekit.tui.i18n import N_, _
from evidencekit.tui.widgets.evidence_table import Column, EvidenceTable
from evidencekit.tui.widgets.footer import LocalFooter
from evidencekit.tui.widgets.preview import is_night, kind_name
from evidencekit.tui.screens.base import DropsGoToCase, WorkerErrors


@dataclass(frozen=True, slots=True)
class Event:
    when: str  # ISO local date-time, "2026-11-20T21:03"
    item_id: int
    exhibit: str
    sender: str
    text: str
    index: int = 0

    @property
    def day(self) -> str:
        return self.when[:10]

    @property
    def night(self) -> bool:
        return is_night(self.when)


def _norm(t: str) -> str | None:
    """ISO-ish times → naive local ``YYYY-MM-DDTHH:MM``; EXIF ``2026:11:20 21:03:00`` too."""
    t = t.strip()
    if len(t) >= 10 and t[4] == ":" and t[7] == ":":
        t = t[:4] + "-" + t[5:7] + "-" + t[8:]
    try:
        d = dt.datetime.fromisoformat(t.replace("Z", "+00:00"))
    except ValueError:
        return None
    if d.tzinfo is not None:
        d = d.astimezone().replace(tzinfo=None)
    return d.strftime("%Y-%m-%dT%H:%M")


def collect(case: Case) -> list[Event]:
    """Every message with a time (from OCR), else the item's own time; in time order."""
    events: list[Event] = []
    for no, it in case.exhibits():
        ocr = core_api.ocr_result(case, it.id)
        fixes = core_api.corrections(case, it.id) if ocr else {}
        added = False
        if ocr is not None:
            for i, m in enumerate(ocr.messages):
                when = _norm(m.sent_at) if m.sent_at else None
                if when:
                    events.append(Event(when, it.id, no, ocr.sender or "", fixes.get(i, m.text)))
                    added = True
        if not added:
            raw = it.event_time or it.exif_time
            when = _norm(raw) if raw else None
            if when:
                events.append(Event(when, it.id, no, "", f"[{kind_name(it.kind)}] {it.display_title}"))
    events.sort(key=lambda e: (e.when, e.exhibit))
    return [replace(e, index=i) for i, e in enumerate(events)]


class Loaded(Message):
    def __init__(self, events: list[Event]) -> None:
        super().__init__()
        self.events = events


class ChronologyScreen(DropsGoToCase, WorkerErrors, Screen[None]):
    BINDINGS = [Binding("escape", "back", "Back"), Binding("n", "night_only", "Night only")]

    def __init__(self, case: Case) -> None:
        super().__init__()
        self.case = case
        self.events: list[Event] = []
        self.night_only = False

    def compose(self) -> ComposeResult:
        yield Static(f"[b]{_('Chronology')}[/b] · " + _("night (22:00–08:00) is marked ☾"), id="chrono-bar")
        yield Static(f"[dim]{_('Loading…')}[/dim]", id="days")
        yield EvidenceTable(self.cells, key=lambda e: e.index, id="events")
        yield LocalFooter()

    def on_mount(self) -> None:
        table = self.query_one("#events", EvidenceTable)
        table.set_columns(
            [
                Column("when", _(N_("Time")), 16),
                Column("night", " ", 1),
                Column("no", _(N_("No.")), 5, "right"),
                Column("sender", _(N_("Sender")), 14),
                Column("text", _(N_("Message")), 80),
            ]
        )
        table.focus()
        self.load()

    @work(thread=True, exclusive=True, exit_on_error=False, group="chronology")
    def load(self) -> None:
        events = collect(self.case)
        if not get_current_worker().is_cancelled:
            self.post_message(Loaded(events))

    def on_loaded(self, message: Loaded) -> None:
        self.events = message.events
        self.fill()

    def fill(self) -> None:
        days = Counter(e.day for e in self.events)
        nights = Counter(e.day for e in self.events if e.night)
        parts = [
            f"{d[5:]}: {n}" + (f" [b $warning]☾{nights[d]}[/]" if nights[d] else "") for d, n in sorted(days.items())
        ]
        if not self.events:
            summary = _("No dated messages yet. Messages get their times from OCR, items from their EXIF or event time.")
        else:
            summary = _("Per day") + ": " + " · ".join(parts[-14:])
            total_night = sum(nights.values())
            summary += "\n" + _("{n} messages, {m} at night").replace("{n}", str(len(self.events))).replace("{m}", str(total_night))
        self.query_one("#days", Static).update(summary)
        rows = [e for e in self.events if e.night] if self.night_only else self.events
        self.query_one("#events", EvidenceTable).set_rows(rows)

    def cells(self, e: Event) -> tuple[Text, ...]:
        style = "bold" if e.night else ""
        return (
            Text(e.when.replace("T", " "), style=style),
            Text("☾" if e.night else " ", style="bold"),
            Text(e.exhibit),
            Text(e.sender),
            Text(" ".join(e.text.split())),
        )

    def action_night_only(self) -> None:
        self.night_only = not self.night_only
        self.fill()

    def action_back(self) -> None:
        self.app.pop_screen()

    @on(EvidenceTable.RowSelected, "#events")
    def _open(self, event: EvidenceTable.RowSelected) -> None:
        e = self.events[int(event.key)]
        self.notify(escape(e.text), title=f"{e.exhibit} · {e.when.replace('T', ' ')}", timeout=8)
