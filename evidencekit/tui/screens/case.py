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
from textual.containers import Horizontal
from textual.message import Message
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import ProgressBar, Static
from textual.worker import get_current_worker

from evidencekit.core.models import ImportOutcome, Item, OcrState
from evidencekit.core.progress import CancelToken, Step
from evidencekit.core.vault.case import Case
from evidencekit.errors import Cancelled
from evidencekit.tui.i18n import _
from evidencekit.tui.messages import CaseChanged, CaseEdited, ImportFinished, OcrFinished, TaskProgress
from evidencekit.tui.paste import looks_like_paths, parse_pasted_paths, split_existing
from evidencekit.tui.widgets.evidence_table import Column, EvidenceTable
from evidencekit.tui.widgets.fields import DropField, Field, PathsPasted
from evidencekit.tui.widgets.footer import LocalFooter
from evidencekit.tui.widgets.preview import Preview, PreviewData, gather, kind_name, local_time
from evidencekit.tui.screens.base import WorkerErrors, ek
from evidencekit.tui.screens.case_rows import COLUMNS, TITLE_WIDTH, Row, parse_filter, row_cells, shown_labels

FIRST_ROWS = 200
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


class CaseScreen(WorkerErrors, Screen[None]):
    BINDINGS = [
        Binding("i", "import", "Import"),
        Binding("e", "export", "Export"),
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

    # ------------------------------------------------------------------ layout

    def compose(self) -> ComposeResult:
        yield Static(id="case-bar")
        yield DropField(placeholder=_("Filter: words, kind:image, label:…, sender:… (f)"), id="filter")
        with Horizontal(id="case-main"):
            yield EvidenceTable(self.cells, key=lambda r: r.item.id, id="items")
            yield Preview(id="preview")
        with Horizontal(id="task", classes="hidden"):
            yield Static(id="task-label")
            yield ProgressBar(id="task-bar", show_eta=False)
            yield Static(_("Esc: cancel"), id="task-hint")
        yield LocalFooter()

    def on_mount(self) -> None:
        table = self.query_one("#items", EvidenceTable)
        kind_width = max(cell_len(kind_name(k)) for k in ("image", "audio", "video", "pdf", "text"))
        widths = {"no": 6, "kind": kind_width, "title": TITLE_WIDTH, "time": 11, "sender": 14, "labels": 24,
                  "ocr": 3, "digest": 8}
        justify = {"no": "right", "ocr": "center"}
        table.set_columns(
            [Column(key, _(label), max(widths[key], cell_len(_(label))), justify.get(key, "left")) for key, label in COLUMNS]
        )
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
        self.query_one("#case-bar", Static).update(f"[b]{meta.title}[/b] · {count}{shown}{hint}")

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
            message_time = it.event_time or (x.first_time if x else "")
            when = message_time or it.exif_time or local_time(it.file_mtime)
            rows.append(Row(it, numbers.get(it.id, ""), when or "", x.sender if x else "",
                            shown_labels(x.labels) if x else (), state, bool(message_time),
                            x.warnings if x else ()))
        return rows

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

    def visible_rows(self) -> list[Row]:
        terms = parse_filter(self.filter_text)
        rows = [r for r in self.rows if (self.show_withdrawn or not r.item.withdrawn) and (not terms or r.matches(terms))]
        rows.sort(key=lambda r: r.sort_key(self.sort_col), reverse=self.sort_reverse)
        return rows

    def refill(self, select_id: int | None = None) -> None:
        """Rebuild the table from the rows in memory (filter and sort applied)."""
        table = self.query_one("#items", EvidenceTable)
        self.shown = self.visible_rows()
        arrow = " ▼" if self.sort_reverse else " ▲"
        if self.sort_col != "no" or self.sort_reverse:
            table.set_columns([replace(c, label=_(dict(COLUMNS)[c.key]) + (arrow if c.key == self.sort_col else ""))
                               for c in table.columns])
        elif any(c.label.endswith(("▲", "▼")) for c in table.columns):
            table.set_columns([replace(c, label=_(dict(COLUMNS)[c.key])) for c in table.columns])
        table.set_rows(self.shown, cursor_key=select_id)  # highlights a row: the preview follows
        self.update_bar()
        if not self.shown and self.rows:
            self.query_one("#preview", Preview).clear(_("Nothing matches the filter."))

    def cells(self, r: Row) -> tuple[Text, ...]:
        return row_cells(r)

    def current_id(self) -> int | None:
        key = self.query_one("#items", EvidenceTable).current_key
        return int(key) if key is not None else None

    def current_row(self) -> Row | None:
        cid = self.current_id()
        return self.by_id.get(cid) if cid is not None else None

    # ------------------------------------------------------------------ preview

    @on(EvidenceTable.RowHighlighted, "#items")
    def _highlighted(self, event: EvidenceTable.RowHighlighted) -> None:
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
        keys = [k for k, _l in COLUMNS]
        self.sort_col = keys[(keys.index(self.sort_col) + 1) % len(keys)]
        self.sort_reverse = False
        self.notify(_("Sorted by") + " " + _(dict(COLUMNS)[self.sort_col]), timeout=2)
        self.refill(self.current_id())

    def action_toggle_withdrawn(self) -> None:
        self.show_withdrawn = not self.show_withdrawn
        self.refill(self.current_id())

    # ------------------------------------------------------------------ import

    def on_paste(self, event: events.Paste) -> None:
        """Dropping files on a terminal pastes their paths: offer to import them."""
        if self.offer_import_from_text(event.text):
            event.stop()

    def on_paths_pasted(self, message: PathsPasted) -> None:
        self.offer_import_from_text(message.text)

    def offer_import_from_text(self, text: str) -> bool:
        if not looks_like_paths(text):
            return False
        found = split_existing(parse_pasted_paths(text))
        if not found.existing:
            self.notify(_("No file or folder found at the pasted path."), severity="warning")
            return True
        self.confirm_import(found.existing, found.missing)
        return True

    def confirm_import(self, paths: list[str], missing: list[str] | None = None) -> None:
        from evidencekit.tui.dialogs.import_confirm import ConfirmImportDialog

        def done(ok: bool | None) -> None:
            if ok:
                self.start_import(paths)

        self.app.push_screen(ConfirmImportDialog(paths, missing or []), done)

    def action_import(self) -> None:
        from evidencekit.tui.dialogs.import_browser import ImportBrowserDialog

        def done(paths: list[str] | None) -> None:
            if paths:
                self.confirm_import(paths)

        self.app.push_screen(ImportBrowserDialog(), done)

    def start_import(self, paths: list[str]) -> None:
        if self.busy("import"):
            self.notify(_("An import is already running."), severity="warning")
            return
        self.show_task(_("Importing"))
        self.run_import(paths)

    @work(thread=True, exclusive=True, exit_on_error=False, group="import")
    def run_import(self, paths: list[str]) -> None:
        worker = get_current_worker()
        outcomes: list[ImportOutcome] = []

        def progress(step: Step) -> None:
            self.post_message(TaskProgress("import", step.done, step.total, step.label))

        try:
            with ek(self).tasks.running():
                for outcome in self.case.import_paths(paths, progress=progress, cancel=CancelToken(worker.cancelled_event)):
                    outcomes.append(outcome)
        except Cancelled:
            self.post_message(ImportFinished(outcomes, cancelled=True))
            return
        except BaseException:
            self.post_message(ImportFinished(outcomes, cancelled=True))
            raise
        self.post_message(ImportFinished(outcomes))

    def on_import_finished(self, message: ImportFinished) -> None:
        from evidencekit.tui.dialogs.import_result import ImportResultDialog

        self.hide_task("import")
        self.last_import = message.outcomes
        new_ids = [o.item_id for o in message.outcomes if o.status == "imported" and o.item_id is not None]
        if new_ids:
            self._select_after_load = new_ids[0]
        if ek(self).tasks.quitting:
            return
        self.load_rows()
        self.app.push_screen(ImportResultDialog(message.outcomes, message.cancelled))
        # screenshots, and PDFs with scanned pages (read by the same engine)
        images = [i for i in new_ids if self.case.item(i).kind == "image" or self._has_scans(self.case.item(i))]
        if images:
            self.start_ocr(images)

    # ------------------------------------------------------------------ OCR

    def _has_scans(self, item: Item) -> bool:
        """A PDF with scanned pages OCR has not read."""
        m = self.case.media.of(item.id) if item.kind == "pdf" else None
        doc = m.document if m is not None else None
        return doc is not None and bool(set(doc.scanned) - set(doc.ocr_pages))

    def action_ocr(self) -> None:
        todo = [r.item.id for r in self.rows if not r.item.withdrawn
                and (r.ocr in (OcrState.NONE, OcrState.FAILED) or self._has_scans(r.item))]
        row = self.current_row()
        if not todo and row is not None and row.item.kind == "image":
            todo = [row.item.id]
        if not todo:
            self.notify(_("Every screenshot has been read."))
            return
        self.start_ocr(todo)

    def start_ocr(self, ids: list[int]) -> None:
        if self.busy("ocr"):
            self._ocr_waiting.extend(i for i in ids if i not in self._ocr_waiting)
            return
        self.show_task(_("Reading text"))
        self.run_ocr(ids)

    @work(thread=True, exclusive=True, exit_on_error=False, group="ocr")
    def run_ocr(self, ids: list[int]) -> None:
        worker = get_current_worker()

        def progress(step: Step) -> None:
            self.post_message(TaskProgress("ocr", step.done, step.total, step.label))

        try:
            with ek(self).tasks.running():
                done = list(self.case.ocr(ids, engine=ek(self).ocr_engine, progress=progress,
                                          cancel=CancelToken(worker.cancelled_event)))
        except Cancelled:
            self.post_message(OcrFinished(ids, cancelled=True))
            return
        except BaseException:
            self.post_message(OcrFinished(ids, cancelled=True))
            raise
        self.post_message(OcrFinished([r.item_id for r in done if not r.error],
                                      failed=[(r.item_id, r.error) for r in done if r.error]))

    def on_ocr_finished(self, message: OcrFinished) -> None:
        self.hide_task("ocr")
        if not message.cancelled:
            kinds = [self.case.item(i).kind for i in message.item_ids]
            shots, docs = len(kinds) - kinds.count("pdf"), kinds.count("pdf")
            if shots or not docs:
                self.notify(_("Text read from {n} screenshots.").replace("{n}", str(shots)))
            if docs:
                self.notify(_("Scanned pages of {n} documents read.").replace("{n}", str(docs)))
        for item_id, error in message.failed:
            row = self.by_id.get(item_id)
            name = row.item.display_title if row else str(item_id)
            self.notify(f"{name}: {error}", title=_("Could not read the text"), severity="warning", timeout=8)
        self._select_after_load = self.current_id()
        self.load_rows()
        if self._ocr_waiting and not message.cancelled:
            waiting, self._ocr_waiting = self._ocr_waiting, []
            self.start_ocr(waiting)

    # ------------------------------------------------------------------ task bar

    def busy(self, group: str) -> bool:
        return any(w.group == group and w.is_running for w in self.my_workers())

    def my_workers(self) -> list[Any]:
        return [w for w in self.app.workers if w.node is self]

    def show_task(self, label: str) -> None:
        self.query_one("#task").remove_class("hidden")
        self.query_one("#task-label", Static).update(label)
        self.query_one("#task-bar", ProgressBar).update(total=None, progress=0)

    def hide_task(self, finished: str = "") -> None:
        others = [g for g in ("import", "ocr", "export") if g != finished]
        if not any(w.group in others and w.is_running for w in self.my_workers()):
            self.query_one("#task").add_class("hidden")

    def on_task_progress(self, message: TaskProgress) -> None:
        names = {"import": _("Importing"), "ocr": _("Reading text"), "export": _("Exporting")}
        label = names.get(message.task, message.task)
        self.query_one("#task-label", Static).update(f"{label} {message.done}/{message.total}")
        self.query_one("#task-bar", ProgressBar).update(total=max(message.total, 1), progress=message.done)

    def action_cancel(self) -> None:
        running = [w for w in self.my_workers() if w.group in ("import", "ocr", "export") and w.is_running]
        if running:
            for w in running:
                w.cancel()
            self.notify(_("Cancelling…"), timeout=3)
        elif self.filter_text:
            self.query_one("#filter", Field).value = ""
            self.query_one("#items", EvidenceTable).focus()

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

        def done(item_id: int | None) -> None:
            if item_id is not None:
                self._select_after_load = item_id
                if item_id in self.by_id and self.by_id[item_id].item.withdrawn:
                    self.show_withdrawn = True
                self.filter_text = ""
                self.query_one("#filter", Field).value = ""
                self.refill(item_id)

        self.app.push_screen(SearchScreen(self.case), done)

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

    def action_verify(self) -> None:
        from evidencekit.tui.screens.verify import VerifyScreen

        self.app.push_screen(VerifyScreen(str(self.case.path)))

    def action_case_details(self) -> None:
        from evidencekit.tui.dialogs.new_case import NewCase, NewCaseDialog

        def done(result: NewCase | None) -> None:
            if result is not None:
                m = result.meta
                known = {r.name: r for r in self.case.meta.respondents}  # keep the numbers seen for each
                self.run_edit(lambda: self.case.update_meta(
                    title=m.title, claimant_name=m.claimant_name, claimant_phone=m.claimant_phone,
                    respondents=tuple(known.get(r.name, r) for r in m.respondents), purpose=m.purpose,
                ), CaseEdited(_("Saved. The change is in the custody log.")))

        self.app.push_screen(NewCaseDialog(self.case.meta), done)

    def action_close_case(self) -> None:
        if any(w.group in ("import", "ocr", "export") and w.is_running for w in self.my_workers()):
            self.notify(_("Wait for the running task to finish (or press Esc to cancel it) first."))
            return
        ek(self).close_case()
        self.app.pop_screen()
        ek(self).show_start()
