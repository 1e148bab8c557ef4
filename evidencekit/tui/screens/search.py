"""Search as you type over OCR text and annotations (Simplified and Traditional alike)."""

from __future__ import annotations

import re
import time

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.message import Message
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Static
from textual.worker import get_current_worker

from evidencekit.core.vault.case import Case
from evidencekit.tui.i18n import _
from evidencekit.tui.widgets.evidence_table import Column, EvidenceTable
from evidencekit.tui.widgets.fields import DropField, Field
from evidencekit.tui.widgets.footer import LocalFooter
from evidencekit.tui.screens.base import AppScreen, WorkerErrors

DEBOUNCE_S = 0.12


class Results(Message):
    def __init__(self, query: str, hits: list[tuple[int, str, str]], seconds: float) -> None:
        super().__init__()
        self.query = query
        self.hits = hits
        self.seconds = seconds


def marked(snippet: str) -> Text:
    """The core marks matches «like this»: show them highlighted."""
    text = Text()
    for i, part in enumerate(re.split(r"[«»]", " ".join(snippet.split()))):
        text.append(part, style="reverse" if i % 2 else "")
    return text


class SearchScreen(WorkerErrors, AppScreen):
    """Enter on a result shows that item in the case screen."""

    BINDINGS = [Binding("escape", "back", "Back"), Binding("down", "to_results", "Results", show=False)]

    def __init__(self, case: Case) -> None:
        super().__init__()
        self.case = case
        self._timer: Timer | None = None
        self.last_seconds = 0.0
        self.last_query = ""
        self.last_latency = 0.0
        self._started: dict[str, float] = {}
        self.numbers: dict[int, str] = {}
        self.titles: dict[int, str] = {}

    def remake(self) -> Screen[None]:
        again = SearchScreen(self.case)
        again.last_query = self.query_one("#query", Field).value
        return again

    def compose(self) -> ComposeResult:
        yield Static(f"[b]{_('Search')}[/b] · " + _("words from the messages, titles, tags; 简体 or 繁體"), id="search-bar")
        yield DropField(self.last_query, placeholder=_("Type to search…"), id="query")
        yield Static("", id="search-status")
        yield EvidenceTable(self.cells, key=lambda hit: hit[0], id="hits")
        yield LocalFooter()

    def on_mount(self) -> None:
        self.query_one("#hits", EvidenceTable).set_columns(
            [Column("no", _("No."), 5, "right"), Column("title", _("Title"), 18), Column("snippet", _("Found"), 60)]
        )
        self.query_one("#query", Field).focus()
        self.load_names()

    @work(thread=True, exit_on_error=False, group="search-names")
    def load_names(self) -> None:
        items = self.case.items(include_withdrawn=True)
        numbers = {it.id: no for no, it in self.case.exhibits(items)}
        titles = {it.id: it.display_title for it in items}
        self.app.call_from_thread(self._names, numbers, titles)

    def _names(self, numbers: dict[int, str], titles: dict[int, str]) -> None:
        self.numbers, self.titles = numbers, titles

    @on(Field.Changed, "#query")
    def _changed(self, event: Field.Changed) -> None:
        if self._timer is not None:
            self._timer.stop()
        q = event.value
        self._timer = self.set_timer(DEBOUNCE_S, lambda: self._start(q))

    def _start(self, query: str) -> None:
        self._started[query] = time.perf_counter()
        self.run_search(query)

    @on(Field.Submitted, "#query")
    def _submitted(self) -> None:
        self.action_to_results()

    @work(thread=True, exclusive=True, exit_on_error=False, group="search")
    def run_search(self, query: str) -> None:
        t0 = time.perf_counter()
        hits = self.case.search(query) if query.strip() else []
        out = [(hit.item_id, self.titles.get(hit.item_id, ""), hit.snippet) for hit in hits]
        if not get_current_worker().is_cancelled:
            self.post_message(Results(query, out, time.perf_counter() - t0))

    def on_results(self, message: Results) -> None:
        self.last_seconds = message.seconds
        started = self._started.pop(message.query, None)
        # keystroke latency: from the search starting (after the debounce) to the results shown
        self.last_latency = time.perf_counter() - started if started is not None else 0.0
        self._started.clear()
        self.last_query = message.query
        self.query_one("#hits", EvidenceTable).set_rows(message.hits)
        status = self.query_one("#search-status", Static)
        if not message.query.strip():
            status.update("")
        else:
            status.update(
                _("{n} found").replace("{n}", str(len(message.hits)))
                + f" · {message.seconds * 1000:.0f} ms · "
                + _("Enter: show in the case")
            )

    def action_to_results(self) -> None:
        table = self.query_one("#hits", EvidenceTable)
        if table.row_count:
            table.focus()

    def cells(self, hit: tuple[int, str, str]) -> tuple[Text, ...]:
        item_id, title, snip = hit
        return (Text(self.numbers.get(item_id, "—")), Text(title), marked(snip))

    @on(EvidenceTable.RowSelected, "#hits")
    def _chosen(self, event: EvidenceTable.RowSelected) -> None:
        from evidencekit.tui.screens.case import CaseScreen

        self.app.pop_screen()
        for screen in self.app.screen_stack:
            if isinstance(screen, CaseScreen):
                screen.show_found(int(event.key))

    def action_back(self) -> None:
        self.app.pop_screen()
