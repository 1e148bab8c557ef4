"""Export: the bundle's options, a progress bar, then where it is and whether it verifies."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from rich.markup import escape
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.screen import Screen
from textual.widgets import Button, Checkbox, Label, ProgressBar, Select, Static
from textual.worker import get_current_worker

from evidencekit.core.export.bundle import export_case
from evidencekit.core.export.model import ExportOptions
from evidencekit.core.export.naming import bundle_path
from evidencekit.core.models import LANGUAGES, VerifyReport
from evidencekit.core.progress import CancelToken, Step
from evidencekit.core.vault.case import Case
from evidencekit.core.verify import verify_path
from evidencekit.errors import Cancelled
from evidencekit.locale import LANGUAGE_NAMES
from evidencekit.tui.dialogs.new_case import purpose_options
from evidencekit.tui.i18n import _
from evidencekit.tui.messages import ExportFinished, TaskProgress
from evidencekit.tui.screens.verify import summary_text
from evidencekit.tui.widgets.fields import Field
from evidencekit.tui.widgets.footer import LocalFooter
from evidencekit.tui.screens.base import WorkerErrors, ek


class ExportScreen(WorkerErrors, Screen[None]):
    BINDINGS = [
        Binding("escape", "back", "Back / cancel"),
        Binding("ctrl+s", "start", "Export"),
        Binding("f5", "verify_result", "Verify the bundle"),
    ]

    def __init__(self, case: Case, *, drafts: tuple[str, ...] = ()) -> None:
        super().__init__()
        self.case = case
        self.drafts = drafts  # complaints to add to the bundle as a section (from the draft screen)
        self.result: list[Path] = []

    def compose(self) -> ComposeResult:
        meta = self.case.meta
        yield Static(f"[b]{_('Export a bundle')}[/b] · " + _("one signed PDF and a ZIP with the originals"), id="export-bar")
        with VerticalScroll(id="export-form"):
            yield Label(_("Who will read the bundle"))
            yield Select(purpose_options(), value=meta.purpose, allow_blank=False, id="purpose")
            yield Label(_("Bundle language"))
            yield Select([(LANGUAGE_NAMES[lang], lang) for lang in LANGUAGES], value=meta.language if meta.language in LANGUAGES else "zh-Hans", allow_blank=False, id="language")
            yield Checkbox(_("Redact ID numbers, bank cards and third parties' phone numbers (originals left out)"), id="redact")
            yield Checkbox(_("Embed the originals in the PDF"), value=True, id="attachments")
            yield Checkbox(_("Also write a ZIP with the originals"), value=True, id="make_zip")
            yield Label(_("Timestamp authority URL (optional, RFC 3161)"))
            yield Field(placeholder="http://…", id="tsa")
            with Horizontal(classes="buttons"):
                yield Button(_("Export") + " (Ctrl+S)", id="go", variant="primary")
        with VerticalScroll(id="export-out"):
            yield ProgressBar(id="export-bar-progress", show_eta=False)
            yield Static("", id="export-status")
            yield Static("", id="export-result")
        yield LocalFooter()

    def on_mount(self) -> None:
        for select in self.query("#purpose").results(Select):
            select.focus()

    def options(self) -> ExportOptions:
        return ExportOptions(
            purpose=str(self.query_one("#purpose", Select).value),
            language=str(self.query_one("#language", Select).value),
            redact=self.query_one("#redact", Checkbox).value,
            attach=self.query_one("#attachments", Checkbox).value,
            make_zip=self.query_one("#make_zip", Checkbox).value,
            tsa_urls=tuple(u for u in self.query_one("#tsa", Field).value.split() if u),
            drafts=self.drafts,
        )

    @on(Button.Pressed, "#go")
    def action_start(self) -> None:
        if any(w.group == "export" and w.is_running for w in self.app.workers):
            return
        self.query_one("#export-status", Static).update(_("Exporting…"))
        self.query_one("#export-result", Static).update("")
        self.run_export(self.options())

    @work(thread=True, exclusive=True, exit_on_error=False, group="export")
    def run_export(self, options: ExportOptions) -> None:
        """Write the signed PDF (and ZIP) into the case's ``exports/`` folder, then verify them."""
        worker = get_current_worker()

        def progress(step: Step) -> None:
            self.post_message(TaskProgress("export", step.done, step.total, step.label))

        try:
            with ek(self).tasks.running():
                now = ek(self).clock() if ek(self).frozen else dt.datetime.now()
                folder = self.case.path / "exports"
                folder.mkdir(exist_ok=True)
                out = bundle_path(folder, now, redacted=options.redact)
                result = export_case(self.case, out, options, progress=progress, cancel=CancelToken(worker.cancelled_event))
        except Cancelled:
            self.post_message(ExportFinished([], cancelled=True))
            return
        paths = [result.pdf_path] + ([result.zip_path] if result.zip_path is not None else [])
        self.post_message(TaskProgress("export", 1, 1, _("Verifying…")))
        checks = [c for p in paths for c in verify_path(p).checks]
        self.post_message(ExportFinished(paths, VerifyReport(", ".join(p.name for p in paths), tuple(checks))))

    def on_task_progress(self, message: TaskProgress) -> None:
        self.query_one("#export-bar-progress", ProgressBar).update(total=max(message.total, 1), progress=message.done)
        if message.label:
            self.query_one("#export-status", Static).update(escape(message.label))

    def on_export_finished(self, message: ExportFinished) -> None:
        status = self.query_one("#export-status", Static)
        if message.cancelled:
            status.update(_("Cancelled."))
            return
        self.result = message.paths
        status.update(_("Done."))
        lines = [f"[b]{_('Saved')}:[/b]"] + [escape(str(p)) for p in message.paths]
        if message.report is not None:
            colour = "$success" if message.report.ok else "$error"
            lines.append(f"[b {colour}]{escape(summary_text(message.report))}[/]  [dim]F5: {_('every check')}[/dim]")
        self.query_one("#export-result", Static).update("\n".join(lines))

    def action_verify_result(self) -> None:
        from evidencekit.tui.screens.verify import VerifyScreen

        if self.result:
            self.app.push_screen(VerifyScreen(str(self.result[0])))

    def action_back(self) -> None:
        running = [w for w in self.app.workers if w.group == "export" and w.is_running]
        if running:
            for w in running:
                w.cancel()
            self.notify(_("Cancelling…"))
            return
        self.app.pop_screen()

