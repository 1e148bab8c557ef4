"""The chronology as the bundle has it: every message in time order (an item without dated
messages once, under its title), per-day counts of the contacts received, night-time contacts
marked ☾. The events and counts come from ``core.analysis.chronology``; this screen
only shows them."""

from __future__ import annotations

from typing import Any, cast

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Static
from textual.worker import get_current_worker

from evidencekit.core.analysis import chronology
from evidencekit.core.analysis.casework import case_night
from evidencekit.core.analysis.chronology import Event
from evidencekit.core.analysis.figures import NightWindow
from evidencekit.core.analysis.timebasis import localize_basis
from evidencekit.core.export import summary
from evidencekit.core.export.strings import strings
from evidencekit.core.models import Exhibit
from evidencekit.core.vault.case import Case
from evidencekit.tui.i18n import N_, _, current_language
from evidencekit.tui.markup import escape
from evidencekit.tui.widgets.evidence_table import Column, EvidenceTable
from evidencekit.tui.widgets.footer import LocalFooter
from evidencekit.tui.widgets.preview import kind_name
from evidencekit.tui.screens.base import AppScreen, WorkerErrors


def collect(case: Case, language: str) -> tuple[list[Event], NightWindow]:
    """The chronology of a case as the bundle has it (the respondents' numbers choose an export's
    records; calls worded in ``language``; night by the case's rule set), texts whole (the screen
    cuts them to its width), and the quiet hours it was counted by."""
    window = case_night(case)
    return summary.chronology_events(case.exhibits_with_text(), case.meta, strings(language), title=_title,
                                     limit=None, night=(window.start, window.end)), window


def _title(ex: Exhibit) -> str:
    if ex.media is not None and ex.media.email is not None:
        # as the bundle names it ("电子邮件：逾期还款最后通知"): its subject says more than its file name
        return summary.exhibit_title(cast(Any, ex), strings(current_language()))
    return f"[{kind_name(ex.item.kind)}] {ex.item.display_title}"


def sender_of(e: Event) -> str:
    """Who sent it, as the bundle says: the claimant's own messages are marked as such."""
    return _("Me (sent)") if e.outgoing else e.sender


def detail_of(e: Event) -> str:
    """One event whole, as markup: exhibit, time (with what a worked-out time rests on), sender, text."""
    lang = current_language()
    when = e.shown_time(lang)  # an undated one as the screen showed it, or the earliest a full stamp allows
    a, colon, b = ("（", "：", "）") if lang != "en" else (" (", ": ", ")")
    if e.basis and not e.file_time:
        when += f"{a}{_('worked out')}{colon}{localize_basis(e.basis, lang)}{b}"
    sender = sender_of(e)
    head = " · ".join(p for p in (strings(lang)("exhibit", n=", ".join((e.exhibit, *e.also))), when, sender) if p)
    return f"[b]{escape(head)}[/b]\n{escape(' '.join(e.text.split()))}"


class Loaded(Message):
    def __init__(self, events: list[Event], window: NightWindow) -> None:
        super().__init__()
        self.events = events
        self.window = window


class ChronologyScreen(WorkerErrors, AppScreen):
    BINDINGS = [Binding("escape", "back", "Back"), Binding("n", "night_only", "Night only")]

    def __init__(self, case: Case) -> None:
        super().__init__()
        self.case = case
        self.events: list[Event] = []
        self.night_only = False

    def remake(self) -> Screen[None]:
        again = ChronologyScreen(self.case)
        again.night_only = self.night_only
        return again

    def compose(self) -> ComposeResult:
        yield Static(self._bar(NightWindow()), id="chrono-bar")  # the case's own hours once loaded
        yield Static(f"[dim]{_('Loading…')}[/dim]", id="days")
        yield EvidenceTable(self.cells, key=lambda e: e, id="events")
        yield Static("", id="event-detail")  # the highlighted event whole: the columns cut it
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

    @staticmethod
    def _bar(window: NightWindow) -> str:
        return f"[b]{_('Chronology')}[/b] · " + _("night ({hours}) is marked ☾").replace("{hours}", window.text())

    @work(thread=True, exclusive=True, exit_on_error=False, group="chronology")
    def load(self) -> None:
        events, window = collect(self.case, current_language())
        if not get_current_worker().is_cancelled:
            self.post_message(Loaded(events, window))

    def on_loaded(self, message: Loaded) -> None:
        self.events = message.events
        self.query_one("#chrono-bar", Static).update(self._bar(message.window))
        self.fill()

    def fill(self) -> None:
        days = [(d, day, night) for d, day, night in chronology.per_day(self.events) if day or night]
        parts = [f"{d:%m-%d}: {day + night}" + (f" [b $warning]☾{night}[/]" if night else "") for d, day, night in days]
        if not self.events:
            summary = _("No dated messages yet. Messages get their times from OCR, items from their EXIF or event time.")
        else:
            summary = _("Per day") + ": " + " · ".join(parts[-14:])
            counted = sum(day + night for _d, day, night in days)
            total_night = sum(night for _d, _day, night in days)
            calls = sum(e.is_call and e.counts for e in self.events)
            line = _("{n} contacts ({c} calls), {m} at night") if calls else _("{n} messages, {m} at night")
            summary += "\n" + line.replace("{n}", str(counted)).replace("{c}", str(calls)).replace("{m}", str(total_night))
        self.query_one("#days", Static).update(summary)
        rows = [e for e in self.events if e.night_contact] if self.night_only else self.events
        self.query_one("#events", EvidenceTable).set_rows(rows)

    def cells(self, e: Event) -> tuple[Text, ...]:
        # the page marks a night-time contact; an item dated by its file time only is dimmed
        style = "bold" if e.night_contact else ("dim" if e.file_time else "")
        return (
            Text(e.shown_time(current_language(), short=True), style=style),
            Text("☾" if e.night_contact else " ", style="bold"),
            Text(", ".join((e.exhibit, *e.also))),
            Text(sender_of(e)),
            Text(" ".join(e.text.split())),
        )

    def action_night_only(self) -> None:
        self.night_only = not self.night_only
        self.fill()

    def action_back(self) -> None:
        self.app.pop_screen()

    @on(EvidenceTable.RowHighlighted, "#events")
    def _detail(self, event: EvidenceTable.RowHighlighted) -> None:
        self.query_one("#event-detail", Static).update(detail_of(event.key) if event.key is not None else "")

    @on(EvidenceTable.RowSelected, "#events")
    def _open(self, event: EvidenceTable.RowSelected) -> None:
        e: Event = event.key
        when = e.shown_time(current_language(), short=True)
        self.notify(escape(e.text), title=f"{e.exhibit} · {when}", timeout=8)
