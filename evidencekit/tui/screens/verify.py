"""Verify a case folder or a bundle: every check, what it looked at, and whether it held."""

from __future__ import annotations

import os

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Button, Static
from textual.worker import get_current_worker

from evidencekit.core import checktext
from evidencekit.core.models import Check, VerifyReport
from evidencekit.core.verify import verify_path
from evidencekit.tui.i18n import _, current_language
from evidencekit.tui.markup import escape
from evidencekit.tui.paste import parse_pasted_paths, quote_paths
from evidencekit.tui.widgets.fields import DropField, Field
from evidencekit.tui.widgets.evidence_table import Column, EvidenceTable
from evidencekit.tui.widgets.footer import LocalFooter
from evidencekit.tui.screens.base import AppScreen, WorkerErrors


class Verified(Message):
    def __init__(self, report: VerifyReport) -> None:
        super().__init__()
        self.report = report


def verify_all(paths: list[str]) -> VerifyReport:
    """Every check of every path, as one report (a bundle's PDF and ZIP are checked together, so
    the count after an export and on this screen are the same)."""
    checks = [c for p in paths for c in verify_path(p).checks]
    return VerifyReport(", ".join(os.path.basename(p.rstrip("/")) or p for p in paths), tuple(checks))


def summary_text(report: VerifyReport) -> str:
    """The report in one sentence in the UI language (the core's catalog of check texts)."""
    return ("✓ " if report.ok else "✗ ") + checktext.summary_text(report, current_language())


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
            [Column("ok", " ", 1), Column("name", _("Check"), 22), Column("detail", _("Detail"), 140)]
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
        lang = current_language()
        return (
            Text("✓" if c.ok else "✗", style="green" if c.ok else "bold red"),
            Text(checktext.check_name(c, lang)),
            Text(checktext.check_text(c, lang)),
        )

    @on(EvidenceTable.RowSelected, "#checks")
    def _detail(self, event: EvidenceTable.RowSelected) -> None:
        c = self.query_one("#checks", EvidenceTable).current
        if c is not None:
            lang = current_language()
            self.notify(escape(checktext.check_text(c, lang)), title=escape(checktext.check_name(c, lang)), timeout=10)

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
