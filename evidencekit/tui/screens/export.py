"""Export: the bundle's options (those that contradict each other disabled, with the reason), the
file it will be saved as, what a redacted bundle masks, a progress bar, then where it is and
whether it verifies — the same checks, and the same count, as F5 shows."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Button, Checkbox, Label, ProgressBar, Select, Static
from textual.worker import get_current_worker

from evidencekit.core.export.bundle import export_case
from evidencekit.core.export.model import ExportOptions
from evidencekit.core.export.naming import bundle_path, zip_path_for
from evidencekit.core.export.preview import BundlePreview, preview_bundle
from evidencekit.core.export.strings import strings
from evidencekit.core.models import LANGUAGES
from evidencekit.core.progress import CancelToken, Step
from evidencekit.core.vault.case import Case
from evidencekit.errors import Cancelled
from evidencekit.locale import LANGUAGE_NAMES
from evidencekit.tui.dialogs.new_case import purpose_options
from evidencekit.tui.i18n import _, current_language
from evidencekit.tui.markup import escape
from evidencekit.tui.messages import ExportFinished, TaskProgress
from evidencekit.tui.screens.base import AppScreen, WorkerErrors, ek
from evidencekit.tui.screens.bundle_view import KIND_NAMES, suggestions
from evidencekit.tui.screens.verify import summary_text, verify_all
from evidencekit.tui.widgets.fields import Field
from evidencekit.tui.widgets.footer import LocalFooter
from evidencekit.tui.widgets.tick import Tick


class Previewed(Message):
    def __init__(self, preview: BundlePreview) -> None:
        super().__init__()
        self.preview = preview


class ExportScreen(WorkerErrors, AppScreen):
    BINDINGS = [
        Binding("escape", "back", "Back / cancel"),
        Binding("ctrl+s", "start", "Export"),
        Binding("ctrl+b", "bundle_view", "What it will say"),
        Binding("f5", "verify_result", "Verify the bundle"),
    ]

    def __init__(self, case: Case, *, drafts: tuple[str, ...] = (), options: ExportOptions | None = None,
                 draft_respondent: str = "") -> None:
        super().__init__()
        self.case = case
        self.drafts = drafts  # complaints to add to the bundle as a section (from the draft screen)
        self.draft_respondent = draft_respondent  # whom they are about (the draft screen's choice)
        self.result: list[Path] = []
        self.initial = options
        self._attach_before = True  # what "embed the originals" was before redaction turned it off

    def remake(self) -> Screen[None]:
        return ExportScreen(self.case, drafts=self.drafts, options=self.options(),
                            draft_respondent=self.draft_respondent)

    def compose(self) -> ComposeResult:
        meta = self.case.meta
        o = self.initial
        yield Static(f"[b]{_('Export a bundle')}[/b] · " + _("one signed PDF and a ZIP with the originals"), id="export-bar")
        with VerticalScroll(id="export-form"):
            yield Label(_("Who will read the bundle"))
            yield Select(purpose_options(), value=(o.purpose if o and o.purpose else meta.purpose), allow_blank=False,
                         id="purpose")
            yield Label(_("Bundle language"))
            lang = o.language if o and o.language else meta.language
            yield Select([(LANGUAGE_NAMES[x], x) for x in LANGUAGES], value=lang if lang in LANGUAGES else "zh-Hans",
                         allow_blank=False, id="language")
            yield Tick(_("Redact ID numbers, bank cards and third parties' phone numbers (originals left out)"),
                       value=bool(o and o.redact), id="redact")
            yield Tick(_("Embed the originals in the PDF"), value=o.attach if o else True, id="attachments")
            yield Static("", id="attach-why", classes="why")
            yield Tick(_("Also write a ZIP with the originals"), value=o.make_zip if o else True, id="make_zip")
            yield Label(_("Timestamp authority URL (optional, RFC 3161)"))
            yield Field(" ".join(o.tsa_urls) if o else "", placeholder="http://…", id="tsa")
            yield Static("", id="export-name")
            yield Static("", id="export-preview")
            with Horizontal(classes="buttons"):
                yield Button(_("What it will say") + " (Ctrl+B)", id="look")
                yield Button(_("Export") + " (Ctrl+S)", id="go", variant="primary")
        with VerticalScroll(id="export-out"):
            yield ProgressBar(id="export-bar-progress", show_eta=False)
            yield Static("", id="export-status")
            yield Static("", id="export-result")
        yield LocalFooter()

    def on_mount(self) -> None:
        for select in self.query("#purpose").results(Select):
            select.focus()
        self._redaction_changed(self.query_one("#redact", Tick).value)
        # no bar before there is something to measure: an empty one at "--%" reads as a stalled task
        self.query_one("#export-bar-progress", ProgressBar).display = False

    def options(self) -> ExportOptions:
        redact = self.query_one("#redact", Tick).value
        return ExportOptions(
            purpose=str(self.query_one("#purpose", Select).value),
            language=str(self.query_one("#language", Select).value),
            redact=redact,
            attach=self.query_one("#attachments", Tick).value and not redact,
            make_zip=self.query_one("#make_zip", Tick).value,
            tsa_urls=tuple(u for u in self.query_one("#tsa", Field).value.split() if u),
            drafts=self.drafts,
            draft_respondent=self.draft_respondent,
        )

    # ------------------------------------------------------------------ options that depend on each other

    @on(Checkbox.Changed, "#redact")
    def _redact(self, event: Checkbox.Changed) -> None:
        self._redaction_changed(event.value)
        self.refresh_preview()

    @on(Checkbox.Changed, "#make_zip")
    @on(Select.Changed)
    def _changed(self) -> None:
        self.refresh_preview()

    def _redaction_changed(self, redact: bool) -> None:
        attach = self.query_one("#attachments", Tick)
        why = self.query_one("#attach-why", Static)
        zip_box = self.query_one("#make_zip", Tick)
        if redact:
            if not attach.disabled:
                self._attach_before = attach.value
            attach.value = False
            attach.disabled = True
            why.update("    " + _("Not possible with redaction: a redacted bundle carries no originals."))
            zip_box.label = _("Also write a ZIP (masked copies, no originals)")
        else:
            attach.disabled = False
            attach.value = self._attach_before
            why.update("")
            zip_box.label = _("Also write a ZIP with the originals")

    def out_folder(self) -> Path:
        return self.case.path / "exports"

    def now(self) -> dt.datetime:
        return ek(self).clock() if ek(self).frozen else dt.datetime.now()

    def refresh_preview(self) -> None:
        """The name the bundle will get, and (in a worker) what it will say and mask."""
        o = self.options()
        pdf = bundle_path(self.out_folder(), self.now(), redacted=o.redact)
        names = pdf.name + (f" + {zip_path_for(pdf).name}" if o.make_zip else "")
        self.query_one("#export-name", Static).update(f"{_('Will be saved as')}: [b]{escape(names)}[/b]\n"
                                                      f"[dim]{escape(str(self.out_folder()))}[/dim]")
        self.load_preview(o.language, o.redact)

    @work(thread=True, exclusive=True, exit_on_error=False, group="export-preview")
    def load_preview(self, language: str | None, redact: bool) -> None:
        p = preview_bundle(self.case, language=language, redact=redact)
        if not get_current_worker().is_cancelled:
            self.post_message(Previewed(p))

    def on_previewed(self, message: Previewed) -> None:
        p = message.preview
        lines: list[str] = []
        n = suggestions(p)
        if n:
            lines.append(f"[b $warning]{_('{n} titles or purposes in the bundle are suggestions you have not checked: Ctrl+B shows them.').replace('{n}', str(n))}[/]")
        if p.redacted:
            if p.masked:
                listed = "; ".join(f"{_('Exhibit') + ' ' + m.exhibit if m.exhibit else _('Case')}: "
                                   f"{_(KIND_NAMES.get(m.kind, m.kind))} {m.shown_as}" for m in p.masked[:8])
                more = f" … +{len(p.masked) - 8}" if len(p.masked) > 8 else ""
                lines.append(f"[b]{_('Will be masked')} ({len(p.masked)})[/b]: {escape(listed)}{more}")
            else:
                lines.append(_("Nothing to mask was found in the texts; the screenshots are checked when exporting."))
        self.query_one("#export-preview", Static).update("\n".join(lines))

    # ------------------------------------------------------------------ export

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
                folder = self.out_folder()
                folder.mkdir(exist_ok=True)
                out = bundle_path(folder, self.now(), redacted=options.redact)
                result = export_case(self.case, out, options, progress=progress, cancel=CancelToken(worker.cancelled_event))
        except Cancelled:
            self.post_message(ExportFinished([], cancelled=True))
            return
        paths = [result.pdf_path] + ([result.zip_path] if result.zip_path is not None else [])
        self.post_message(TaskProgress("export", 1, 1, _("Verifying…")))
        report = verify_all([str(p) for p in paths])
        self.post_message(ExportFinished(paths, report, redacted=options.redact, warnings=list(result.warnings)))

    def on_task_progress(self, message: TaskProgress) -> None:
        bar = self.query_one("#export-bar-progress", ProgressBar)
        bar.display = True
        bar.update(total=max(message.total, 1), progress=message.done)
        stages = {"check": _("Checking the originals"), "redact": _("Masking numbers"), "layout": _("Laying out pages"),
                  "pdf": _("Writing the PDF")}
        label = stages.get(message.label, message.label)
        if label:
            self.query_one("#export-status", Static).update(escape(label))

    def on_export_finished(self, message: ExportFinished) -> None:
        status = self.query_one("#export-status", Static)
        if message.cancelled:
            status.update(_("Cancelled."))
            return
        self.result = message.paths
        status.update(_("Done."))
        lines = [f"[b]{_('Saved')}:[/b]"] + [escape(str(p)) for p in message.paths]
        if message.redacted:
            lines.append(_("Redacted: the numbers listed above are masked, and no originals are inside."))
        if message.warnings:
            lines.append(f"[b $warning]{_('Left out of the bundle')}: {len(message.warnings)}[/]")
            say = strings(current_language())  # the core words them in English: shown in the app's language
            lines += [f"[dim]{escape(say.note(w))}[/dim]" for w in message.warnings]
        if message.report is not None:
            colour = "$success" if message.report.ok else "$error"
            lines.append(f"[b {colour}]{escape(summary_text(message.report))}[/]  [dim]F5: {_('every check')}[/dim]")
        self.query_one("#export-result", Static).update("\n".join(lines))
        self.query_one("#export-out").scroll_end(animate=False)
        self.refresh_preview()  # the next bundle gets the next free name

    def action_verify_result(self) -> None:
        from evidencekit.tui.screens.verify import VerifyScreen

        if self.result:
            self.app.push_screen(VerifyScreen([str(p) for p in self.result]))
        else:
            self.notify(_("Export first: then F5 checks the bundle."))

    @on(Button.Pressed, "#look")
    def action_bundle_view(self) -> None:
        from evidencekit.tui.screens.bundle_view import BundleViewScreen

        o = self.options()
        self.app.push_screen(BundleViewScreen(self.case, language=o.language, redact=o.redact))

    def on_screen_resume(self) -> None:
        self.refresh_preview()  # suggestions may have been accepted meanwhile

    def action_back(self) -> None:
        running = [w for w in self.app.workers if w.group == "export" and w.is_running]
        if running:
            for w in running:
                w.cancel()
            self.notify(_("Cancelling…"))
            return
        self.app.pop_screen()

