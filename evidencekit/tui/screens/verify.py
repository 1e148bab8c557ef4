"""Verify a case folder or a bundle: every check, what it looked at, and whether it held."""

from __future__ import annotations

import os

from rich.markup import escape
from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Button, Static
from textual.worker import get_current_worker

from evidencekit.core.models import Check, VerifyReport
from evidencekit.core.verify import verify_path
from evidencekit.tui.i18n import N_, _, current_language
from evidencekit.tui.paste import parse_pasted_paths, quote_paths
from evidencekit.tui.widgets.fields import DropField, Field
from evidencekit.tui.widgets.evidence_table import Column, EvidenceTable
from evidencekit.tui.widgets.footer import LocalFooter
from evidencekit.tui.screens.base import AppScreen, WorkerErrors


class Verified(Message):
    def __init__(self, report: VerifyReport) -> None:
        super().__init__()
        self.report = report


CHECK_NAMES = {
    "original": N_("original unchanged"),
    "certificate": N_("signing certificate"),
    "index": N_("case index"),
    "case": N_("case folder"),
    "custody_file": N_("custody log file"),
    "custody_chain": N_("custody log chain"),
    "custody_head": N_("custody log end"),
    "manifest": N_("manifest"),
    "manifest_signature": N_("manifest signature"),
    "merkle_root": N_("fingerprint of all items"),
    "checksums": N_("checksum lists"),
    "timestamp": N_("trusted timestamp"),
    "timestamp_batch": N_("trusted timestamp"),
    "pdf_readable": N_("PDF readable"),
    "pdf_signature": N_("PDF signature"),
    "pdf_coverage": N_("signature covers the whole PDF"),
    "pdf_attachments": N_("originals attached to the PDF"),
    "pdf_attachment": N_("original attached to the PDF"),
    "pdf_timestamp": N_("PDF timestamp"),
    "zip_readable": N_("ZIP readable"),
    "zip_signature": N_("ZIP signature"),
    "zip_entries": N_("ZIP contents"),
    "zip_entry": N_("ZIP entry"),
    "bundle_readable": N_("bundle readable"),
    "bundle_format": N_("bundle format"),
    "file": N_("file"),
    "target": N_("what was checked"),
    "reading": N_("text read from the screenshots"),
    "ocr_cache": N_("stored readings"),
    "corrections": N_("corrections"),
    "pdf_revision": N_("PDF revisions"),
    "archive": N_("archive"),
}


def check_name(name: str) -> str:
    return _(CHECK_NAMES[name]) if name in CHECK_NAMES else name


def verify_all(paths: list[str]) -> VerifyReport:
    """Every check of every path, as one report (a bundle's PDF and ZIP are checked together, so
    the count after an export and on this screen are the same)."""
    checks = [c for p in paths for c in verify_path(p).checks]
    return VerifyReport(", ".join(os.path.basename(p.rstrip("/")) or p for p in paths), tuple(checks))


def check_words(c: Check) -> tuple[str, str]:
    """What a check looked at and what it found, in the UI language. The core words them in
    English; until it renders them in the reader's language, other languages show the check's
    name and result alone rather than an English sentence."""
    if current_language() == "en":
        return c.subject, c.detail
    return "", ""


def summary_text(report: VerifyReport) -> str:
    if report.ok:
        return "✓ " + _("Intact: all {n} checks passed.").replace("{n}", str(len(report.checks)))
    return "✗ " + _("Problems: {k} of {n} checks failed.").replace("{k}", str(len(report.problems))).replace(
        "{n}", str(len(report.checks))
    )


class VerifyScreen(WorkerErrors, AppScreen):
    """Verifies ``paths`` (a case folder, or a bundle's PDF and ZIP) together."""

    BINDINGS = [Binding("escape", "back", "Back"), Binding("ctrl+r", "verify", "Verify")]

    def __init__(self, paths: str | list[str] | None) -> None:
        super().__init__()
        targets = [paths] if isinstance(paths, str) else list(paths or [])
        self.path = quote_paths(targets)
        self.report: VerifyReport | None = None

    def remake(self) -> Screen[None]:
        return VerifyScreen(parse_pasted_paths(self.query_one("#target", Field).value))

    def compose(self) -> ComposeResult:
        yield Static(f"[b]{_('Verify')}[/b] · " + _("a case folder, or a bundle (.pdf / .zip) — paste or drop it"), id="verify-bar")
        with Horizontal(id="verify-row"):
            yield DropField(self.path, placeholder=_("Path of a case folder or bundle"), id="target")
            yield Button(_("Verify"), id="go", variant="primary")
        yield Static("", id="verify-summary")
        yield EvidenceTable(self.cells, key=lambda c: id(c), id="checks")
        yield LocalFooter()

    def on_mount(self) -> None:
        self.query_one("#checks", EvidenceTable).set_columns(
            [Column("ok", " ", 1), Column("name", _("Check"), 22), Column("subject", _("Subject"), 40),
             Column("detail", _("Detail"), 100)]
        )
        if self.path:
            self.action_verify()
        else:
            self.query_one("#target", Field).focus()

    @on(Field.Submitted, "#target")
    @on(Button.Pressed, "#go")
    def action_verify(self) -> None:
        raw = self.query_one("#target", Field).value.strip()
        paths = parse_pasted_paths(raw)
        if not paths or not all(os.path.exists(p) for p in paths):
            self.notify(_("No file or folder found at the pasted path."), severity="warning")
            return
        self.query_one("#verify-summary", Static).update(_("Verifying…"))
        self.run_verify(paths)

    @work(thread=True, exclusive=True, exit_on_error=False, group="verify")
    def run_verify(self, paths: list[str]) -> None:
        report = verify_all(paths)
        if not get_current_worker().is_cancelled:
            self.post_message(Verified(report))

    def on_verified(self, message: Verified) -> None:
        self.report = r = message.report
        colour = "$success" if r.ok else "$error"
        self.query_one("#verify-summary", Static).update(f"[b {colour}]{escape(summary_text(r))}[/]\n[dim]{escape(r.target)}[/dim]")
        table = self.query_one("#checks", EvidenceTable)
        table.set_rows(sorted(r.checks, key=lambda c: c.ok))  # problems first
        table.focus()

    def cells(self, c: Check) -> tuple[Text, ...]:
        subject, detail = check_words(c)
        return (
            Text("✓" if c.ok else "✗", style="green" if c.ok else "bold red"),
            Text(check_name(c.name)),
            Text(subject),
            Text(detail),
        )

    @on(EvidenceTable.RowSelected, "#checks")
    def _detail(self, event: EvidenceTable.RowSelected) -> None:
        c = self.query_one("#checks", EvidenceTable).current
        if c is not None:
            subject, detail = check_words(c)
            self.notify(escape(detail or check_name(c.name)), title=escape(subject or check_name(c.name)), timeout=10)

    def dropped(self, text: str) -> None:
        """A bundle or case folder dropped on the window is verified at once."""
        paths = [p for p in parse_pasted_paths(text) if os.path.exists(p)]
        if not paths:
            self.notify(_("No file or folder found at the pasted path."), severity="warning")
            return
        self.query_one("#target", Field).value = quote_paths(paths)
        self.action_verify()

    def action_back(self) -> None:
        self.app.pop_screen()
