"""The case screen: the evidence table, the preview, and everything you do to a case."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import replace
from typing import Any

from rich.cells import cell_len
from rich.text import Text
from textual import events, on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import ProgressBar, Static
from textual.worker import get_current_worker

from evidencekit.core.analysis.timebasis import first_time
from evidencekit.core.export.formed import formed
from evidencekit.core.export.model import ExhibitInput
from evidencekit.core.models import ImportOutcome, Item, OcrState
from evidencekit.core.vault.case import Case
from evidencekit.tui.i18n import _
from evidencekit.tui.markup import escape
from evidencekit.tui.messages import CaseChanged, CaseEdited
from evidencekit.tui.widgets.evidence_table import Column, EvidenceTable
from evidencekit.tui.widgets.fields import DropField, Field
from evidencekit.tui.widgets.footer import LocalFooter
from evidencekit.tui.widgets.preview import Preview, PreviewData, gather, kind_name, local_time
from evidencekit.tui.screens.base import WorkerErrors, ek
from evidencekit.tui.screens.case_tasks import CaseTasks
from evidencekit.tui.screens.case_rows import (
    COLUMNS, MIN_WIDTH, Row, column_widths, detail_line, parse_filter, reading_warnings, row_cells,
    shown_labels,
)

FIRST_ROWS = 200
NARROW = 72  # below this many columns the preview gives its place to the table
PREVIEW_DELAY_S = 0.05  # read and drawn first, so a large case shows at once


class RowsLoaded(Message):
    def __init__(self, rows: list[Row], seconds: float, *, partial: bool = False) -> None:
        super().__init__()
        self.rows = rows
        self.seconds = seconds
        self.partial = partial


class PreviewReady(Message):
    def __init__(self, data: PreviewData) -> None:
        super().__init__()
        self.data = data


class CaseScreen(WorkerErrors, CaseTasks):
    BINDINGS = [
        Binding("i", "import", "Import"),
        Binding("e", "export", "Export"),
        Binding("b", "bundle_view", "What the bundle says", show=False),
        Binding("v", "verify", "Verify"),
        Binding("slash", "search", "Search", key_display="/"),
        Binding("t", "chronology", "Timeline"),
        Binding("enter", "open_item", "Open", show=False),
        Binding("a", "edit", "Edit"),
        Binding("o", "ocr", "Read text (OCR)", show=False),
        Binding("c", "correct", "Correct OCR", show=False),
        Binding("d", "withdraw", "Withdraw / restore", show=False),
        Binding("ctrl+up", "move(-1)", "Move up", show=False),
        Binding("ctrl+down", "move(1)", "Move down", show=False),
        Binding("f", "filter", "Filter", show=False),
        Binding("s", "sort", "Sort", show=False),
        Binding("h", "toggle_withdrawn", "Show withdrawn items", show=False),
        Binding("escape", "cancel", "Cancel task", show=False),
        Binding("w", "close_case", "Close case", show=False),
        Binding("m", "case_details", "Case details", show=False),
        Binding("g", "findings", "Possible breaches", show=False),
        Binding("r", "draft", "Write a complaint", show=False),
    ]

    def __init__(self, case: Case, *, then_import: list[str] | None = None) -> None:
        super().__init__()
        self.case = case
        self.then_import = then_import or []
        self.rows: list[Row] = []
        self.by_id: dict[int, Row] = {}
        self.shown: list[Row] = []
        self.sort_col = "no"
        self.sort_reverse = False
        self.show_withdrawn = False
        self.filter_text = ""
        self.loaded = False  # every row read
        self.drawn = False  # the first screenful shown
        self.load_seconds = 0.0
        self._select_after_load: int | None = None
        self._preview_timer: Timer | None = None
        self._filter_timer: Timer | None = None
        self.last_import: list[ImportOutcome] = []
        self._ocr_waiting: list[int] = []  # imported while OCR was running: read next
        self.widths: dict[str, int] = {}  # the columns shown and their widths (see fit_columns)
        self._import_waiting: list[str] = []  # dropped while an import was running: imported next
        self.resumed = False  # screenshots left unread by an interrupted run: read once on open

    def remake(self) -> Screen[None]:
        again = CaseScreen(self.case)
        again._select_after_load = self.current_id()
        again.filter_text, again.sort_col, again.sort_reverse = self.filter_text, self.sort_col, self.sort_reverse
        again.show_withdrawn = self.show_withdrawn
        again.resumed = self.resumed
        return again

    # ------------------------------------------------------------------ layout

    def compose(self) -> ComposeResult:
        yield Static(id="case-bar")
        yield DropField(self.filter_text, placeholder=_("Filter: words, kind:image, label:…, sender:… (f)"), id="filter")
        with Horizontal(id="case-main"):
            with Vertical(id="items-box"):
                yield EvidenceTable(self.cells, key=lambda r: r.item.id, id="items")
                yield Static("", id="row-detail")
            yield Preview(id="preview")
        with Horizontal(id="task", classes="hidden"):
            yield Static(id="task-label")
            yield ProgressBar(id="task-bar", show_eta=False)
            yield Static(_("Esc: cancel"), id="task-hint")
        yield LocalFooter()

    def on_mount(self) -> None:
        table = self.query_one("#items", EvidenceTable)
        self.fit_columns(self.app.size.width)
        self.update_bar()
        self.query_one("#preview", Preview).clear(_("Loading…"))
        table.focus()
        self.load_rows()
        if self.then_import:
            self.confirm_import(self.then_import)
            self.then_import = []

    def update_bar(self) -> None:
        meta = self.case.meta
        n = len([r for r in self.rows if not r.item.withdrawn])
        count = _("{n} items").replace("{n}", str(n)) if self.loaded else _("Loading…")
        shown = ""
        if self.loaded and len(self.shown) != n:
            shown = " · " + _("{n} shown").replace("{n}", str(len(self.shown)))
        hint = "" if n else " · " + _("Drag files into this window, or press i to import")
        self.query_one("#case-bar", Static).update(f"[b]{escape(meta.title)}[/b] · {count}{shown}{hint}")

    # ------------------------------------------------------------------ loading rows

    @work(thread=True, exclusive=True, exit_on_error=False, group="load")
    def load_rows(self) -> None:
        """Read the rows in the background: the first screenful at once, then all of them."""
        worker = get_current_worker()
        t0 = time.perf_counter()
        if not self.loaded:
            first = self._rows(self.case.items(include_withdrawn=True, limit=FIRST_ROWS), partial=True)
            if len(first) == FIRST_ROWS and not worker.is_cancelled:
                self.post_message(RowsLoaded(first, time.perf_counter() - t0, partial=True))
        rows = self._rows(self.case.items(include_withdrawn=True))
        if not worker.is_cancelled:
            self.post_message(RowsLoaded(rows, time.perf_counter() - t0))

    def _rows(self, items: list[Item], *, partial: bool = False) -> list[Row]:
        numbers = {it.id: no for no, it in self.case.exhibits(items)}
        summaries = self.case.ocr_summaries([it.id for it in items] if partial else None)
        rows: list[Row] = []
        for it in items:
            x = summaries.get(it.id)
            state = (x.state if x else OcrState.NONE) if it.kind == "image" else None
            # the first message's time as the case reads it (one rule: the chronology's); one that
            # rests on the file's copy time alone is no date
            first = first_time(it, x.stamps) if x and it.kind == "image" and not it.event_time else None
            undated = first is not None and first.dateless
            message_time = it.event_time or (first.time.isoformat() if first and first.time and not undated else "")
            made = self._formed(it) if it.kind != "image" and not it.event_time else None
            if made is not None:  # an export's first record, a recorder's name or tag: not the copy time
                message_time = made
            when = message_time or it.exif_time or local_time(it.file_mtime)
            warnings = reading_warnings(state, x.messages, x.warnings) if x and it.kind == "image" else ()
            rows.append(Row(it, numbers.get(it.id, ""), when or "", x.sender if x else "",
                            shown_labels(x.labels) if x else (), state,
                            bool(it.event_time) or bool(first and first.counted), warnings, undated))
        return rows

    def _formed(self, it: Item) -> str | None:
        """When a recording, an export or an email came into being, as the evidence list says it
        (:func:`~evidencekit.core.export.formed.formed`), when something better than the file's
        copy time says so; None otherwise."""
        media = self.case.media.of(it.id)
        if media is None:
            return None
        made = formed(ExhibitInput("", it, self.case.original_path(it), media=media))
        if made.start is None or made.basis in ("file", ""):
            return None
        return made.start.date().isoformat() if made.day_only else made.start.isoformat()

    def on_rows_loaded(self, message: RowsLoaded) -> None:
        table = self.query_one("#items", EvidenceTable)
        keep = self._select_after_load if self._select_after_load is not None else self.current_id()
        if not message.partial:
            self._select_after_load = None
        self.rows = message.rows
        self.by_id = {r.item.id: r for r in self.rows}
        self.drawn = True
        self.loaded = not message.partial
        self.load_seconds = message.seconds
        self.refill(keep)
        if not self.rows:
            self.query_one("#preview", Preview).clear(
                _("No evidence yet.\n\nDrag screenshots, recordings or folders from your file manager into "
                  "this window, or press i to choose files.")
            )
        if self.focused is None:
            table.focus()
        if self.loaded and not self.resumed:
            self.resumed = True
            self.resume_ocr()

    def resume_ocr(self) -> None:
        """Screenshots a stopped run left unread (the app was closed, the machine went down) are
        read now, with the progress bar, and the person is told why."""
        unread = [r.item.id for r in self.rows if r.ocr is OcrState.NONE and not r.item.withdrawn]
        if not unread:
            return
        self.notify(_("{n} screenshots were not read yet (the last session stopped before). Reading them now.")
                    .replace("{n}", str(len(unread))), timeout=8)
        self.start_ocr(unread)

    def visible_rows(self) -> list[Row]:
        terms = parse_filter(self.filter_text)
        rows = [r for r in self.rows if (self.show_withdrawn or not r.item.withdrawn) and (not terms or r.matches(terms))]
        rows.sort(key=lambda r: r.sort_key(self.sort_col), reverse=self.sort_reverse)
        return rows

    def refill(self, select_id: int | None = None) -> None:
        """Rebuild the table from the rows in memory (filter and sort applied)."""
        table = self.query_one("#items", EvidenceTable)
        self.shown = self.visible_rows()
        arrow = (" ▼" if self.sort_reverse else " ▲") if self.sort_col != "no" or self.sort_reverse else ""
        table.set_columns([replace(c, label=_(dict(COLUMNS)[c.key]) + (arrow if c.key == self.sort_col else ""))
                           for c in table.columns])
        table.set_rows(self.shown, cursor_key=select_id)  # highlights a row: the preview follows
        self.update_bar()
        if not self.shown and self.rows:
            self.query_one("#preview", Preview).clear(_("Nothing matches the filter."))

    def cells(self, r: Row) -> tuple[Text, ...]:
        cells = row_cells(r, self.widths)
        return tuple(cells[k] for k in self.widths)

    # ------------------------------------------------------------------ fitting the window

    def on_resize(self, event: events.Resize) -> None:
        self.fit_columns(event.size.width)

    def fit_columns(self, width: int) -> None:
        """The columns that fit, the preview beside the table only where there is room for both."""
        narrow = width < NARROW
        self.set_class(narrow, "narrow")
        preview = 0 if narrow else max(28, int(width * 0.38)) + 1
        available = width - preview - 2  # the table's scroll bar gutter
        kind_width = max(cell_len(kind_name(k)) for k in ("image", "audio", "video", "pdf", "text"))
        headers = {key: cell_len(_(label)) for key, label in COLUMNS}
        mins = {k: max(MIN_WIDTH[k], headers[k] if k in ("no", "ocr", "time") else 0) for k in MIN_WIDTH}
        mins["kind"] = max(kind_width, headers["kind"])
        self.widths = column_widths(available, mins)
        justify = {"no": "right", "ocr": "center"}
        table = self.query_one("#items", EvidenceTable)
        labels = dict(COLUMNS)
        arrow = (" ▼" if self.sort_reverse else " ▲") if self.sort_col != "no" or self.sort_reverse else ""
        table.set_columns([Column(k, _(labels[k]) + (arrow if k == self.sort_col else ""), w, justify.get(k, "left"))
                           for k, w in self.widths.items()])
        self.update_detail()

    def update_detail(self) -> None:
        row = self.current_row()
        line = detail_line(row, set(self.widths)) if row is not None else ""
        self.query_one("#row-detail", Static).update(escape(line))

    def current_id(self) -> int | None:
        key = self.query_one("#items", EvidenceTable).current_key
        return int(key) if key is not None else None

    def current_row(self) -> Row | None:
        cid = self.current_id()
        return self.by_id.get(cid) if cid is not None else None

    # ------------------------------------------------------------------ preview

    @on(EvidenceTable.RowHighlighted, "#items")
    def _highlighted(self, event: EvidenceTable.RowHighlighted) -> None:
        self.update_detail()
        self.schedule_preview()

    def schedule_preview(self) -> None:
        """Update the preview once the cursor rests for a moment (held-down arrow keys only move
        the cursor); its slow parts are read in a worker."""
        if self._preview_timer is not None:
            self._preview_timer.stop()
        self._preview_timer = self.set_timer(PREVIEW_DELAY_S, self._show_preview)

    def _show_preview(self) -> None:
        row = self.current_row()
        if row is None:
            return
        preview = self.query_one("#preview", Preview)
        if preview.item_id != row.item.id:
            preview.show_item(row.item, row.no)
        self.load_preview(row.item)

    @work(thread=True, exclusive=True, exit_on_error=False, group="preview")
    def load_preview(self, item: Item) -> None:
        data = gather(self.case, item)
        if not get_current_worker().is_cancelled:
            self.post_message(PreviewReady(data))

    def on_preview_ready(self, message: PreviewReady) -> None:
        row = self.by_id.get(message.data.item_id)
        if row is not None:
            self.query_one("#preview", Preview).show_details(row.item, message.data)

    @on(EvidenceTable.RowSelected, "#items")
    def _selected(self, event: EvidenceTable.RowSelected) -> None:
        self.action_open_item()

    # ------------------------------------------------------------------ filter and sort

    def action_filter(self) -> None:
        self.query_one("#filter", Field).focus()

    @on(Field.Changed, "#filter")
    def _filter_changed(self, event: Field.Changed) -> None:
        self.filter_text = event.value
        if self._filter_timer is not None:
            self._filter_timer.stop()
        self._filter_timer = self.set_timer(0.15, lambda: self.refill(self.current_id()))

    @on(Field.Submitted, "#filter")
    def _filter_done(self) -> None:
        self.query_one("#items", EvidenceTable).focus()

    @on(EvidenceTable.HeaderSelected, "#items")
    def _header(self, event: EvidenceTable.HeaderSelected) -> None:
        col = event.column
        self.sort_reverse = not self.sort_reverse if col == self.sort_col else False
        self.sort_col = col
        self.refill(self.current_id())

    def action_sort(self) -> None:
        # only the columns on screen: sorted by a hidden one, the order would look random
        keys = [k for k, _l in COLUMNS if k in self.widths] or [k for k, _l in COLUMNS]
        at = keys.index(self.sort_col) if self.sort_col in keys else -1
        self.sort_col = keys[(at + 1) % len(keys)]
        self.sort_reverse = False
        self.notify(_("Sorted by") + " " + _(dict(COLUMNS)[self.sort_col]), timeout=2)
        self.refill(self.current_id())

    def action_toggle_withdrawn(self) -> None:
        self.show_withdrawn = not self.show_withdrawn
        self.refill(self.current_id())

    # ------------------------------------------------------------------ item actions

    def action_open_item(self) -> None:
        from evidencekit.tui.screens.media import open_item

        row = self.current_row()
        if row is not None:
            open_item(self, self.case, row.item, row.no)

    def action_edit(self) -> None:
        from evidencekit.tui.dialogs.edit_item import EditItemDialog

        row = self.current_row()
        if row is None:
            return

        item_id = row.item.id

        def done(fields: dict[str, Any] | None) -> None:
            if fields:
                self.run_edit(lambda: self.case.update_item(item_id, **fields),
                              CaseEdited(_("Saved. The change is in the custody log."), [item_id], item_id))

        self.app.push_screen(EditItemDialog(row.item), done)

    def action_correct(self) -> None:
        from evidencekit.tui.screens.item import ItemScreen

        row = self.current_row()
        if row is not None:
            self.app.push_screen(ItemScreen(self.case, row.item, row.no, correct=True))

    def action_withdraw(self) -> None:
        from evidencekit.tui.dialogs.confirm import ConfirmDialog

        row = self.current_row()
        if row is None:
            return
        it = row.item
        if it.withdrawn:
            self.run_edit(lambda: self.case.restore(it.id), CaseEdited(_("Restored."), [it.id], it.id))
            return

        def done(reason: str | None) -> None:
            if reason is not None:
                self.run_edit(lambda: self.case.withdraw(it.id, reason), CaseEdited(
                    _("Withdrawn: kept in the case, left out of exports. Press h to show, d to restore."), [it.id]))

        self.app.push_screen(
            ConfirmDialog(
                _("Withdraw this item?"),
                f"{row.no} {it.display_title}\n\n"
                + _("The original stays in the case and the custody log; it is left out of exports."),
                confirm=_("Withdraw"),
                ask_reason=_("Reason (optional)"),
            ),
            done,
        )

    def action_move(self, delta: int) -> None:
        row = self.current_row()
        if row is None or self.sort_col != "no" or self.sort_reverse or self.filter_text:
            self.notify(_("Reorder in exhibit order, without a filter."), severity="warning")
            return
        if self.busy("move"):
            return  # one move at a time: the order must not race
        order = [r.item.id for r in sorted(self.rows, key=lambda r: r.item.position)]
        idx = order.index(row.item.id)
        new = max(0, min(len(order) - 1, idx + delta))
        if new == idx:
            return
        self.run_move(row.item.id, new)

    @work(thread=True, exit_on_error=False, group="move")
    def run_move(self, item_id: int, index: int) -> None:
        # renumbering 10,000 positions takes half a second: not on the UI thread
        with ek(self).tasks.running():
            self.case.move_item(item_id, index)
        self.post_message(CaseChanged([item_id], select=item_id))

    @work(thread=True, exit_on_error=False, group="edit")
    def run_edit(self, change: Callable[[], object], then: CaseEdited) -> None:
        """Write a change to the case (an fsync and a signature: not on the UI thread), then say so."""
        with ek(self).tasks.running():
            change()
        self.post_message(then)

    def on_case_edited(self, message: CaseEdited) -> None:
        self.notify(message.note)
        self.update_bar()
        if message.item_ids:
            self.on_case_changed(CaseChanged(message.item_ids, select=message.select))

    def on_case_changed(self, message: CaseChanged) -> None:
        self._select_after_load = message.select if message.select is not None else self.current_id()
        self.load_rows()

    # ------------------------------------------------------------------ other screens

    def action_search(self) -> None:
        from evidencekit.tui.screens.search import SearchScreen

        self.app.push_screen(SearchScreen(self.case))

    def show_found(self, item_id: int) -> None:
        """Put the cursor on an item found by search (shown even when withdrawn or filtered out)."""
        self._select_after_load = item_id
        if item_id in self.by_id and self.by_id[item_id].item.withdrawn:
            self.show_withdrawn = True
        self.filter_text = ""
        self.query_one("#filter", Field).value = ""
        self.refill(item_id)

    def action_chronology(self) -> None:
        from evidencekit.tui.screens.chronology import ChronologyScreen

        self.app.push_screen(ChronologyScreen(self.case))

    def action_findings(self) -> None:
        from evidencekit.tui.screens.findings import FindingsScreen

        self.app.push_screen(FindingsScreen(self.case))

    def action_draft(self) -> None:
        from evidencekit.tui.screens.draft import DraftScreen

        self.app.push_screen(DraftScreen(self.case))

    def action_export(self) -> None:
        from evidencekit.tui.screens.export import ExportScreen

        self.app.push_screen(ExportScreen(self.case))

    def action_bundle_view(self) -> None:
        from evidencekit.tui.screens.bundle_view import BundleViewScreen

        self.app.push_screen(BundleViewScreen(self.case))

    def action_verify(self) -> None:
        from evidencekit.tui.screens.verify import VerifyScreen

        self.app.push_screen(VerifyScreen(str(self.case.path)))

    def action_case_details(self) -> None:
        from evidencekit.tui.dialogs.new_case import NewCase, NewCaseDialog

        def done(result: NewCase | None) -> None:
            if result is not None:
                m = result.meta  # each respondent with the numbers the field now gives for it
                # another claimant reads the screenshots' labels again (misdirected or not): the rows reload
                old = self.case.meta
                relabelled = list(self.by_id) if (m.claimant_name, m.claimant_other_names) != (
                    old.claimant_name, old.claimant_other_names) else []
                self.run_edit(lambda: self.case.update_meta(
                    title=m.title, claimant_name=m.claimant_name, claimant_phone=m.claimant_phone,
                    claimant_other_names=m.claimant_other_names,
                    respondents=m.respondents, purpose=m.purpose,
                ), CaseEdited(_("Saved. The change is in the custody log."), relabelled))

        self.app.push_screen(NewCaseDialog(self.case.meta), done)

    def action_close_case(self) -> None:
        if any(w.group in ("import", "ocr", "export") and w.is_running for w in self.my_workers()):
            self.notify(_("Wait for the running task to finish (or press Esc to cancel it) first."))
            return
        ek(self).close_case()
        self.app.pop_screen()
        ek(self).show_start()
