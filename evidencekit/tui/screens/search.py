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
from textual.widgets import DataTable, Static
from textual.worker import get_current_worker

from evidencekit.core.vault.case import Case
from evidencekit.tui import core_api
from evidencekit.tui.i18n import _
from evidencekit.tui.widgets.fields import Field
from evidencekit.tui.widgets.footer import LocalFooter
from evidencekit.tui.screens.base import WorkerErrors

DEBOUNCE_S = 0.12


class Results(Message):
    def __init__(self, query: str, hits: list[tuple[int, str, str]], seconds: float) -> None:
        super().__init__()
        self.query = query
        self.hits = hits
        self.seconds = seconds


def snippet_around(text: str, query: str, width: int = 60) -> str:
    text = " ".join(text.split())
    pos = -1
    for v in core_api.script_variants(query):
        pos = text.lower().find(v)
        if pos >= 0:
            break
    start = max(0, pos - width // 3) if pos >= 0 else 0
    s = text[start : start + width]
    return ("…" if start else "") + s + ("…" if start + width < len(text) else "")


def marked(snippet: str) -> Text:
    """The core marks matches «like this»: show them highlighted."""
    text = Text()
    for i, part in enumerate(re.split(r"[«»]", " ".join(snippet.split()))):
        text.append(part, style="reverse" if i % 2 else "")
    return text


class SearchScreen(WorkerErrors, Screen[int | None]):
    """Dismisses with the chosen item id."""

    BINDINGS = [Binding("escape", "back", "Back"), Binding("down", "to_results", "Results", show=False)]

    def __init__(self, case: Case) -> None:
        super().__init__()
        self.case = case
        self._timer: Timer | None = None
        self.last_seconds = 0.0
        self.last_query = ""
        self.numbers: dict[int, str] = {}
        self.titles: dict[int, str] = {}

    def compose(self) -> ComposeResult:
        yield Static(f"[b]{_('Search')}[/b] · " + _("words from the messages, titles, tags; 简体 or 繁體"), id="search-bar")
        yield Field(placeholder=_("Type to search…"), id="query")
        yield Static("", id="search-status")
        table: DataTable[Text] = DataTable(id="hits", cursor_type="row")
        yield table
        yield LocalFooter()

    def on_mount(self) -> None:
        table = self.query_one("#hits", DataTable)
        table.add_column(_("No."), key="no")
        table.add_column(_("Title"), key="title")
        table.add_column(_("Found"), key="snippet")
        self.query_one("#query", Field).focus()
        self.load_names()

    @work(thread=True, exit_on_error=False, group="search-names")
    def load_names(self) -> None:
        numbers = {it.id: no for no, it in self.case.exhibits()}
        titles = {it.id: it.display_title for it in self.case.items(include_withdrawn=True)}
        self.app.call_from_thread(self._names, numbers, titles)

    def _names(self, numbers: dict[int, str], titles: dict[int, str]) -> None:
        self.numbers, self.titles = numbers, titles

    @on(Field.Changed, "#query")
    def _changed(self, event: Field.Changed) -> None:
        if self._timer is not None:
            self._timer.stop()
        q = event.value
        self._timer = self.set_timer(DEBOUNCE_S, lambda: self.run_search(q))

    @on(Field.Submitted, "#query")
    def _submitted(self) -> None:
        self.action_to_results()

    @work(thread=True, exclusive=True, exit_on_error=False, group="search")
    def run_search(self, query: str) -> None:
        t0 = time.perf_counter()
        hits = core_api.search(self.case, query) if query.strip() else []
        out = [
            (item_id, self.titles.get(item_id, ""), snip if "«" in snip else snippet_around(snip, query))
            for item_id, snip in hits
        ]
        if not get_current_worker().is_cancelled:
            self.post_message(Results(query, out, time.perf_counter() - t0))

    def on_results(self, message: Results) -> None:
        self.last_seconds = message.seconds
        self.last_query = message.query
        table = self.query_one("#hits", DataTable)
        table.clear()
        for item_id, title, snip in message.hits:
            table.add_row(Text(self.numbers.get(item_id, "—")), Text(title[:24]), marked(snip), key=str(item_id))
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
        table = self.query_one("#hits", DataTable)
        if table.row_count:
            table.focus()

    @on(DataTable.RowSelected, "#hits")
    def _chosen(self, event: DataTable.RowSelected) -> None:
        self.dismiss(int(str(event.row_key.value)))

    def action_back(self) -> None:
        self.dismiss(None)
