"""The case screen's long work: importing what is dropped or chosen, reading the screenshots
(OCR, resumed on open when a run was interrupted), and the task bar that shows both."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from textual import work
from textual.widgets import ProgressBar, Static
from textual.worker import get_current_worker

from evidencekit.core.models import ImportOutcome, Item, OcrState
from evidencekit.core.progress import CancelToken, Step
from evidencekit.errors import Cancelled
from evidencekit.tui.i18n import _
from evidencekit.tui.markup import escape
from evidencekit.tui.messages import ImportFinished, OcrFinished, TaskProgress
from evidencekit.tui.paste import looks_like_paths, parse_pasted_paths, split_existing
from evidencekit.tui.screens.base import AppScreen, ek
from evidencekit.tui.widgets.evidence_table import EvidenceTable
from evidencekit.tui.widgets.fields import Field

if TYPE_CHECKING:
    from evidencekit.core.vault.case import Case
    from evidencekit.tui.screens.case_rows import Row


class CaseTasks(AppScreen):
    """The case screen's part that runs imports and OCR (the case screen has the attributes
    declared here)."""

    case: Case
    rows: list[Row]
    by_id: dict[int, Row]
    filter_text: str
    last_import: list[ImportOutcome]
    _ocr_waiting: list[int]
    _import_waiting: list[str]
    _select_after_load: int | None
    load_rows: Any
    current_row: Any
    current_id: Any

    # ------------------------------------------------------------------ import

    def dropped(self, text: str) -> None:
        """Dropping files on a terminal pastes their paths: offer to import them."""
        self.offer_import_from_text(text)

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
            self._import_waiting.extend(p for p in paths if p not in self._import_waiting)
            self.notify(_("An import is already running: these files are imported right after it."))
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
        if self._import_waiting and not message.cancelled:
            waiting, self._import_waiting = self._import_waiting, []
            self.start_import(waiting)

    # ------------------------------------------------------------------ OCR

    def _has_scans(self, item: Item) -> bool:
        """A PDF with scanned pages OCR has not read."""
        m = self.case.media.of(item.id) if item.kind == "pdf" else None
        doc = m.document if m is not None else None
        return doc is not None and bool(set(doc.scanned) - set(doc.ocr_pages))

    def action_ocr(self) -> None:
        todo = [r.item.id for r in self.rows if not r.item.withdrawn
                and (r.ocr in (OcrState.NONE, OcrState.FAILED) or self._has_scans(r.item))]
        if todo:
            self.start_ocr(todo)
            return
        row = self.current_row()
        if row is None or row.item.kind != "image":
            self.notify(_("Every screenshot has been read."))
            return
        from evidencekit.tui.dialogs.confirm import ConfirmDialog

        item_id = row.item.id

        def answered(reason: str | None) -> None:
            if reason is not None:
                self.start_ocr([item_id], again=True)

        self.app.push_screen(ConfirmDialog(
            _("Read this screenshot again?"),
            _("Every screenshot has been read. Reading this one again replaces its reading; your corrections "
              "are kept in the custody log."), confirm=_("Read again")), answered)

    def start_ocr(self, ids: list[int], *, again: bool = False) -> None:
        if self.busy("ocr"):
            self._ocr_waiting.extend(i for i in ids if i not in self._ocr_waiting)
            return
        self.show_task(_("Reading text"))
        self.run_ocr(ids, again)

    @work(thread=True, exclusive=True, exit_on_error=False, group="ocr")
    def run_ocr(self, ids: list[int], again: bool = False) -> None:
        worker = get_current_worker()

        def progress(step: Step) -> None:
            self.post_message(TaskProgress("ocr", step.done, step.total, step.label))

        try:
            with ek(self).tasks.running():
                done = list(self.case.ocr(ids, engine=ek(self).ocr_engine, force=again, progress=progress,
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
        if not message.cancelled and message.item_ids:
            kinds = [self.case.item(i).kind for i in message.item_ids]
            shots, docs = len(kinds) - kinds.count("pdf"), kinds.count("pdf")
            if shots:
                self.notify(_("Text read from {n} screenshots.").replace("{n}", str(shots)))
            if docs:
                self.notify(_("Scanned pages of {n} documents read.").replace("{n}", str(docs)))
        for item_id, error in message.failed:
            row = self.by_id.get(item_id)
            name = row.item.display_title if row else str(item_id)
            self.notify(escape(f"{name}: {error}"), title=_("Could not read the text"), severity="warning", timeout=8)
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
