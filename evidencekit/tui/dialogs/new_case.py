"""The short "new case" form."""

from __future__ import annotations

import re

from dataclasses import dataclass
from pathlib import Path

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Label, Select, Static

from evidencekit.core.models import PURPOSES, CaseMeta, Respondent
from evidencekit.core.places import new_case_folder
from evidencekit.tui.i18n import N_, _, current_language
from evidencekit.tui.markup import escape
from evidencekit.tui.widgets.fields import Field, FormScroll

PURPOSE_NAMES = {
    "consumer_association": N_("Consumer association"),
    "regulator": N_("Financial regulator"),
    "lender": N_("The lender itself"),
    "lawyer": N_("A lawyer"),
    "court": N_("A court"),
}


def purpose_options() -> list[tuple[str, str]]:
    return [(_(PURPOSE_NAMES[p]), p) for p in PURPOSES]


def split_institutions(text: str) -> list[str]:
    """``"甲银行、乙消费金融，丙"`` → three names (Chinese and Latin separators); one written with
    its numbers (``"鼎诚资产=021 8000 1234, 10690000"``) keeps them, up to the next ``;`` or ``、``."""
    out: list[str] = []
    for part in re.split(r"[、;；\n]+", text):
        if "=" not in part:
            out += [p.strip() for p in re.split(r"[,，]+", part)]
            continue
        # after the numbers, a piece in Chinese with no digit is the next institution, not a sender
        # ID: "某某消费金融=95188，乙银行" is two ("#YuFung" and "HSBC" stay numbers)
        head, *rest = re.split(r"[,，]+", part)
        pieces = [head]
        for piece in rest:
            if "=" in piece or (re.search(r"[\u4e00-\u9fff]", piece) and not re.search(r"\d", piece)):
                out.append(",".join(pieces).strip())
                pieces = [piece]
            else:
                pieces.append(piece)
        out.append(",".join(pieces).strip())
    return [p for p in out if p]


def respondents_of(text: str) -> tuple[Respondent, ...]:
    """The respondents the field names, each with the numbers the person gave for it
    (:func:`~evidencekit.core.analysis.parties.parse_respondent`)."""
    from evidencekit.core.analysis.parties import parse_respondent

    return tuple(parse_respondent(p) for p in split_institutions(text) if not p.startswith("="))


def respondents_text(respondents: tuple[Respondent, ...]) -> str:
    """The field's text for the case's respondents: ``"易享贷；鼎诚资产=02180001234, 10690000"``."""
    return "；".join(r.name + (f"={', '.join(r.numbers)}" if r.numbers else "") for r in respondents)


def split_names(text: str) -> tuple[str, ...]:
    """``"何太 / Mrs Ho、Winnie"`` → three names (a name may hold spaces: "Mrs Ho")."""
    return tuple(p.strip() for p in re.split(r"[/／,，、;；\n]+", text) if p.strip())


@dataclass(frozen=True)
class NewCase:
    folder: Path
    meta: CaseMeta


def default_folder(title: str) -> Path:
    """Where a new case goes when no folder is typed: the same place as ``evidencekit new``."""
    return new_case_folder(title)


class NewCaseDialog(ModalScreen[NewCase | None]):
    """The new-case form; given ``meta`` it edits an open case's details (no folder field); given
    ``folder``, the folder field starts with it (a folder named on the command line that holds no
    case yet)."""

    BINDINGS = [Binding("escape", "cancel", "Cancel"), Binding("ctrl+s", "create", "Save")]

    def __init__(self, meta: CaseMeta | None = None, folder: Path | None = None) -> None:
        super().__init__()
        self.meta = meta
        self.folder = folder

    def compose(self) -> ComposeResult:
        m = self.meta
        with Vertical(classes="dialog", id="new-case"):
            yield Static(_("Case details") if m else _("New case"), classes="dialog-title")
            with FormScroll():
                yield Label(_("Title (e.g. the lender and the month)"))
                yield Field(m.title if m else "", id="title")
                yield Label(_("Your name"))
                yield Field(m.claimant_name if m else "", id="claimant")
                yield Label(_("Other names they address you by (a married name, an English name; separated by /)"))
                yield Field(" / ".join(m.claimant_other_names) if m else "", id="other-names")
                yield Label(_("Your phone number"))
                yield Field(m.claimant_phone if m else "", id="phone")
                yield Label(_("Who the messages come from (institutions, separated by commas)"))
                yield Field(respondents_text(m.respondents) if m else "", id="institutions")
                yield Static(_("Their own numbers after '=': Swift Recovery=2345 6789, 10690000; the next after ';'"),
                             classes="hint", markup=False)
                yield Label(_("Who will read the bundle"))
                purpose = m.purpose if m and m.purpose in PURPOSES else "consumer_association"
                yield Select(purpose_options(), value=purpose, allow_blank=False, id="purpose")
                if m is None:
                    yield Label(_("Case folder (leave empty for the usual place)"))
                    yield Field(str(self.folder) if self.folder else "", id="folder")
                    yield Static("", id="folder-note", classes="hint")
                # inside the scroll: Tab reaches them and they scroll into view in a small window
                with Horizontal(classes="buttons"):
                    yield Button(_("Save") if m else _("Create"), id="ok", variant="primary")
                    yield Button(_("Cancel"), id="cancel")

    def on_mount(self) -> None:
        self.query_one("#title", Field).focus()
        self._show_folder()

    @on(Field.Changed, "#title")
    @on(Field.Changed, "#folder")
    def _show_folder(self) -> None:
        """Where the case will be: the folder typed, or the usual place (as ``evidencekit new``)."""
        for note in self.query("#folder-note").results(Static):
            typed = self.query_one("#folder", Field).value.strip()
            title = self.query_one("#title", Field).value.strip()
            where = Path(typed).expanduser() if typed else default_folder(title or "case")
            note.update(_("The case will be kept in") + f" {escape(str(where))}")

    @on(Field.Submitted)
    def _next(self, event: Field.Submitted) -> None:
        if event.input.id == ("institutions" if self.meta else "folder"):
            self.action_create()
        else:
            self.focus_next()

    @on(Button.Pressed, "#ok")
    def action_create(self) -> None:
        title = self.query_one("#title", Field).value.strip()
        if not title:
            self.notify(_("Give the case a title."), severity="warning")
            self.query_one("#title", Field).focus()
            return
        folder_text = "" if self.meta else self.query_one("#folder", Field).value.strip()
        folder = Path(folder_text).expanduser() if folder_text else default_folder(title)
        respondents = respondents_of(self.query_one("#institutions", Field).value)
        purpose = self.query_one("#purpose", Select).value
        meta = CaseMeta(
            title=title,
            claimant_name=self.query_one("#claimant", Field).value.strip(),
            claimant_phone=self.query_one("#phone", Field).value.strip(),
            claimant_other_names=split_names(self.query_one("#other-names", Field).value),
            respondents=respondents,
            purpose=next((p for p in PURPOSES if p == purpose), "consumer_association"),
            language=self.meta.language if self.meta else current_language(),
            created_at=self.meta.created_at if self.meta else "",
        )
        self.dismiss(NewCase(folder, meta))

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)
