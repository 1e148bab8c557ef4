"""Possible breaches, for a professional to assess: the findings of the case's rule set (the
same the bundle's findings section lists), each with the contacts behind it; Enter on a contact
opens its exhibit."""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.message import Message
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Static
from textual.worker import get_current_worker

from evidencekit.core.analysis.case_settings import CaseSettings
from evidencekit.core.analysis.casework import CaseAnalysis, analyse_case
from evidencekit.core.analysis.findings import Evidence, Finding
from evidencekit.core.analysis.findings.model import CAVEAT
from evidencekit.core.export.findingwords import certainty_reasons, evidence_place, finding_about
from evidencekit.core.export.strings import strings
from evidencekit.core.vault.case import Case
from evidencekit.tui.i18n import N_, _, current_language
from evidencekit.tui.markup import escape
from evidencekit.tui.widgets.evidence_table import Column, EvidenceTable
from evidencekit.tui.widgets.footer import LocalFooter
from evidencekit.tui.screens.base import AppScreen, WorkerErrors

#: How sure a finding is, as the screen says it.
CERTAINTY = {"high": N_("high"), "medium": N_("medium"), "low": N_("low")}
#: How a contact came.
CHANNELS = {"sms": N_("SMS"), "call": N_("Call"), "im": N_("Chat"), "email": N_("E-mail")}


@dataclass(frozen=True, slots=True)
class Row:
    """One finding in the table (its number in the list and the finding)."""

    no: int
    finding: Finding


class Analysed(Message):
    def __init__(self, analysis: CaseAnalysis) -> None:
        super().__init__()
        self.analysis = analysis


class FindingsScreen(WorkerErrors, AppScreen):
    BINDINGS = [
        Binding("escape", "back", "Back"),
        Binding("tab", "switch", "Findings / their detail / their contacts", show=False),
        Binding("o", "open_exhibit", "Open the exhibit"),
        Binding("r", "draft", "Write a complaint"),
        Binding("s", "facts", "Stop request, jurisdiction, your details"),
    ]

    def __init__(self, case: Case) -> None:
        super().__init__()
        self.case = case
        self.analysis: CaseAnalysis | None = None
        self.rows: list[Row] = []

    def remake(self) -> Screen[None]:
        return FindingsScreen(self.case)

    def compose(self) -> ComposeResult:
        lang = current_language()
        yield Static(f"[b]{_('Possible breaches')}[/b] · {escape(CAVEAT.get(lang, CAVEAT['en']))}", id="findings-bar")
        yield Static(f"[dim]{_('Loading…')}[/dim]", id="findings-head")
        yield EvidenceTable(self.cells, key=lambda r: r.no, id="findings")
        with VerticalScroll(id="finding-detail-box"):  # scrolls when a short window cannot show it whole
            yield Static("", id="finding-detail")
        yield EvidenceTable(self.evidence_cells, key=lambda e: e.ref, id="finding-evidence")
        yield LocalFooter()

    def on_mount(self) -> None:
        table = self.query_one("#findings", EvidenceTable)
        table.set_columns([Column("no", _(N_("No.")), 4, "right"), Column("sure", _(N_("How sure")), 8),
                           Column("rule", _(N_("Rule")), 22), Column("exhibits", _(N_("Exhibits")), 12),
                           Column("what", _(N_("What was found")), 80)])
        self.query_one("#finding-evidence", EvidenceTable).set_columns(
            [Column("ref", _(N_("Exhibit")), 12), Column("time", _(N_("Time")), 17),
             Column("by", _(N_("By")), 5), Column("words", _(N_("Exact words")), 90)])
        table.focus()
        self.load()

    @work(thread=True, exclusive=True, exit_on_error=False, group="findings")
    def load(self) -> None:
        analysis = analyse_case(self.case)
        analysis.findings  # computed here, off the UI thread (the analysis keeps them)
        analysis.figures
        if not get_current_worker().is_cancelled:
            self.post_message(Analysed(analysis))

    def on_analysed(self, message: Analysed) -> None:
        a = self.analysis = message.analysis
        lang = current_language()
        rs = a.ruleset
        head = _("Rule set: {name} ({id}, {date}). {n} contacts checked.").replace(
            "{name}", rs.title.get(lang, rs.id)).replace("{id}", rs.id).replace("{date}", rs.date).replace(
            "{n}", str(a.figures.total))
        if not a.findings:
            head += "\n" + _("Nothing found against this rule set.")
        self.query_one("#findings-head", Static).update(escape(head))
        self.rows = [Row(i, f) for i, f in enumerate(a.findings, 1)]
        self.query_one("#findings", EvidenceTable).set_rows(self.rows)
        self.show(self.rows[0] if self.rows else None)

    def cells(self, r: Row) -> tuple[Text, ...]:
        lang = current_language()
        f = r.finding
        style = "bold" if f.certainty.value == "high" else ("dim" if f.certainty.value == "low" else "")
        return (Text(str(r.no)), Text(_(CERTAINTY[f.certainty.value]), style=style),
                Text(f.title.get(lang, f.rule_id)), Text(", ".join(f.exhibits)),
                Text(" ".join(f.statement.get(lang, "").split())))

    def evidence_cells(self, e: Evidence) -> tuple[Text, ...]:
        when = e.time or "?"
        style = "dim" if e.time_certainty != "exact" else ""
        return (Text(evidence_place(strings(current_language()), e.ref, exhibit_word=False)), Text(when + ("*" if e.time_certainty == "resolved" else ""), style=style),
                Text(_(CHANNELS.get(e.channel, e.channel))), Text(" ".join((e.text or e.quote).split())))

    def show(self, r: Row | None) -> None:
        detail = self.query_one("#finding-detail", Static)
        table = self.query_one("#finding-evidence", EvidenceTable)
        if r is None:
            detail.update("")
            table.set_rows([])
            return
        lang = current_language()
        f = r.finding
        sep, paren = ("；", "（{}）") if lang != "en" else ("; ", " ({})")
        # in the words of the case's region, as its bundle and drafts say them (Hong Kong's 信貸資料)
        say = strings(lang, self.analysis.jurisdiction if self.analysis is not None else "")
        why = certainty_reasons(say, f)
        lines = [f"[b]{r.no}. {escape(f.title.get(lang, f.rule_id))}[/b] · {_('How sure')}: "
                 f"{_(CERTAINTY[f.certainty.value])}" + (paren.format(escape(sep.join(why))) if why else "")]
        statement = " ".join(f.statement.get(lang, "").split())
        if statement:  # whole here: the table's column cuts it on all but the widest screens
            lines.append(f"[$text]{escape(statement)}[/]")
        about = finding_about(say, f)  # (a number nobody listed: said to be unidentified)
        if about:
            lines.append(f"{_('Attributed to')}: {escape(about)}")
        lines.append(f"{_('Rests on')}: {escape(sep.join(f.cited(lang)))}")
        if any(e.time_certainty == "resolved" for e in f.evidence):
            lines.append("[dim]* " + _("time worked out from a relative stamp (今天, 昨天…)") + "[/dim]")
        detail.update("\n".join(lines))
        table.set_rows(list(f.evidence))

    @on(EvidenceTable.RowHighlighted, "#findings")
    def _highlighted(self, event: EvidenceTable.RowHighlighted) -> None:
        table = self.query_one("#findings", EvidenceTable)
        self.show(table.current)

    @on(EvidenceTable.RowSelected, "#findings")
    def _selected(self, event: EvidenceTable.RowSelected) -> None:
        self.query_one("#finding-evidence", EvidenceTable).focus()

    @on(EvidenceTable.RowSelected, "#finding-evidence")
    def _open(self, event: EvidenceTable.RowSelected) -> None:
        self.action_open_exhibit()

    def action_switch(self) -> None:
        """Findings → their detail (only when it does not fit, to scroll it) → their contacts → findings."""
        box = self.query_one("#finding-detail-box", VerticalScroll)
        order: list[Widget] = [self.query_one("#findings", EvidenceTable)]
        if box.max_scroll_y > 0:
            order.append(box)
        order.append(self.query_one("#finding-evidence", EvidenceTable))
        here = next((n for n, w in enumerate(order) if w.has_focus), -1)
        order[(here + 1) % len(order)].focus()

    def action_open_exhibit(self) -> None:
        """The exhibit of the highlighted contact (or of the highlighted finding's first one)."""
        from evidencekit.tui.screens.item import ItemScreen

        ev = self.query_one("#finding-evidence", EvidenceTable)
        e = ev.current if ev.has_focus or ev.current is not None else None
        if e is None:
            row = self.query_one("#findings", EvidenceTable).current
            e = row.finding.evidence[0] if row is not None and row.finding.evidence else None
        if e is None:
            return
        number = e.exhibit
        for no, item in self.case.exhibits():
            if no == number:
                self.app.push_screen(ItemScreen(self.case, item, no))
                return
        self.notify(_("Exhibit {n} is not in the case any more.").replace("{n}", number))

    def action_facts(self) -> None:
        from evidencekit.core.analysis.case_settings import read_settings, save_settings
        from evidencekit.tui.dialogs.case_facts import CaseFactsDialog

        def done(settings: CaseSettings | None) -> None:
            if settings is not None:
                save_settings(self.case, settings)
                self.notify(_("Saved."))
                self.load()

        self.app.push_screen(CaseFactsDialog(read_settings(self.case)), done)

    def action_draft(self) -> None:
        from evidencekit.tui.screens.draft import DraftScreen

        self.app.push_screen(DraftScreen(self.case))

    def action_back(self) -> None:
        self.app.pop_screen()
