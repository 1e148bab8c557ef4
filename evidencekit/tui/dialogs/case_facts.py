"""What the person knows beyond the evidence: when they asked them to stop (and whom), where the
case is (its rules and currency), their own details for complaints, their questions for a lawyer."""

from __future__ import annotations

from dataclasses import replace

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Label, Select, Static

from evidencekit.core.analysis.case_settings import CaseSettings, parse_local
from evidencekit.tui.i18n import N_, _
from evidencekit.tui.widgets.fields import Area, Field, FormScroll

JURISDICTIONS = (("", N_("Not said (where your phone number is; else mainland China)")), ("CN", N_("Mainland China")), ("TW", N_("Taiwan")),
                 ("HK", N_("Hong Kong")))


class CaseFactsDialog(ModalScreen[CaseSettings | None]):
    """Edits :class:`CaseSettings`; dismisses with the new settings (None: cancelled)."""

    BINDINGS = [Binding("escape", "cancel", "Cancel"), Binding("ctrl+s", "save", "Save")]

    def __init__(self, settings: CaseSettings) -> None:
        super().__init__()
        self.settings = settings

    def compose(self) -> ComposeResult:
        st = self.settings
        with Vertical(classes="dialog", id="case-facts"):
            yield Static(_("Facts for findings and complaints"), classes="dialog-title")
            with FormScroll():
                yield Label(_("When you asked them to stop (e.g. 2026-11-20 09:30; empty: your own message asking it)"))
                yield Field(st.stop_requested_at, id="stop")
                yield Label(_("Whom you asked (a name or number; empty: all of them)"))
                yield Field(st.stop_to, id="stop-to")
                yield Label(_("Where the case is (its rules and currency)"))
                yield Select([(_(name), code) for code, name in JURISDICTIONS], value=st.jurisdiction.upper(),
                             allow_blank=False, id="jurisdiction")
                yield Label(_("Your address (for complaints that ask for it)"))
                yield Field(st.claimant_address, id="address")
                yield Label(_("Your ID document type and number (only 12378 and some others ask; kept in the case)"))
                with Horizontal(classes="pair"):
                    yield Field(st.claimant_id_type, id="id-type")
                    yield Field(st.claimant_id_number, id="id-number")
                yield Label(_("Your questions for a lawyer (one a line)"))
                yield Area("\n".join(st.questions), id="questions")
                # inside the scroll: Tab reaches them and they scroll into view in a small window
                with Horizontal(classes="buttons"):
                    yield Button(_("Save"), id="ok", variant="primary")
                    yield Button(_("Cancel"), id="cancel")

    def on_mount(self) -> None:
        self.query_one("#stop", Field).focus()

    @on(Button.Pressed, "#ok")
    def action_save(self) -> None:
        stop = self.query_one("#stop", Field).value.strip()
        if stop and parse_local(stop) is None:
            self.notify(_("Write the time as 2026-11-20 09:30."), severity="warning")
            self.query_one("#stop", Field).focus()
            return
        questions = tuple(q.strip() for q in self.query_one("#questions", Area).text.splitlines() if q.strip())
        self.dismiss(replace(
            self.settings, stop_requested_at=stop, stop_to=self.query_one("#stop-to", Field).value.strip(),
            jurisdiction=str(self.query_one("#jurisdiction", Select).value),
            claimant_address=self.query_one("#address", Field).value.strip(),
            claimant_id_type=self.query_one("#id-type", Field).value.strip(),
            claimant_id_number=self.query_one("#id-number", Field).value.strip(), questions=questions,
        ))

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)
