"""Write a complaint: choose where it goes and whom it is about, see the draft written from the
case, edit it (the edit is kept with the case, for that respondent, and logged in its custody
log), and save it as a file or add it to the next signed bundle."""

from __future__ import annotations

from collections.abc import Callable

import datetime as dt
from pathlib import Path

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Select, Static
from textual.worker import get_current_worker

from evidencekit.core.documents.fromcase import CaseDrafts, Sender, case_drafts, channel_names, draft_for_case, latest_bundle
from evidencekit.core.documents.model import Draft
from evidencekit.core.documents.saved import revert_draft, save_draft
from evidencekit.core.models import LANGUAGES
from evidencekit.core.vault.case import Case
from evidencekit.locale import LANGUAGE_NAMES
from evidencekit.tui.i18n import _, current_language
from evidencekit.tui.markup import escape
from evidencekit.tui.widgets.fields import Area
from evidencekit.tui.widgets.footer import LocalFooter
from evidencekit.tui.screens.base import AppScreen, WorkerErrors, ek

FORMATS = (("txt", "TXT"), ("pdf", "PDF"), ("docx", "DOCX (Word)"))


class DraftReady(Message):
    def __init__(self, drafts: CaseDrafts, bundle_note: str) -> None:
        super().__init__()
        self.drafts = drafts  # as written from the case now, the one shown, whom it can be about
        self.bundle_note = bundle_note


class Kept(Message):
    def __init__(self, note: str) -> None:
        super().__init__()
        self.note = note


class DraftScreen(WorkerErrors, AppScreen):
    BINDINGS = [
        Binding("escape", "back", "Back"),
        Binding("ctrl+s", "save", "Keep my edit"),
        Binding("ctrl+r", "revert", "Write it anew from the case"),
        Binding("ctrl+o", "write_file", "Save as a file"),  # ctrl+e: the text area's end of line
        Binding("ctrl+b", "bundle", "Export a bundle with it"),
        Binding("ctrl+t", "facts", "Stop request, jurisdiction, your details"),
    ]

    def __init__(self, case: Case, channel: str = "lender", *, language: str | None = None,
                 respondent: str | None = None, typed: str | None = None) -> None:
        super().__init__()
        self.case = case
        self.channel = channel
        # whom the complaint is about, as the person chose (a sender's key); None: the core's default
        self.respondent = respondent
        self.default = ""  # whom the core would choose for the channel
        self.other_edit: str | None = None  # whom a saved edit not shown is about (keeping replaces it)
        self.language: str = language or (case.meta.language if case.meta.language in LANGUAGES else "zh-Hans")
        self.written: Draft | None = None
        self.shown: Draft | None = None
        self._typed_before = typed  # an edit typed before a language switch, put back once loaded
        self._then: Callable[[], object] | None = None  # what to do once the edit is kept

    def remake(self) -> Screen[None]:
        return DraftScreen(self.case, self.channel, language=self.language, respondent=self.respondent,
                           typed=self.typed_text() if self.has_drafts() else None)

    def typed_text(self) -> str:
        return self.query_one("#draft-text", Area).text

    def has_drafts(self) -> bool:
        return self.shown is not None and self.typed_text() != self.shown.text

    def discard_drafts(self) -> None:
        if self.shown is not None:
            self.query_one("#draft-text", Area).load_text(self.shown.text)

    def save_drafts(self, then: Callable[[], object]) -> None:
        if not self.has_drafts():
            then()
            return
        self._then = then
        self.keep(self.typed_text(), self.written.text if self.written is not None else "")

    def ask_first(self, then: Callable[[], object], undo: Callable[[], object] | None = None) -> None:
        """``then`` now, or, with an edit not kept yet, after the person chose to keep or drop it."""
        if not self.has_drafts():
            then()
            return
        from evidencekit.tui.dialogs.unsaved import Choice, UnsavedDialog

        def answered(choice: Choice | None) -> None:
            if choice == "save":
                self.save_drafts(then)
            elif choice == "discard":
                self.discard_drafts()
                then()
            elif undo is not None:
                undo()

        self.app.push_screen(UnsavedDialog(_("You changed this draft and did not keep the edit. Keep it first?")),
                             answered)

    def compose(self) -> ComposeResult:
        names = channel_names(current_language())
        yield Static(f"[b]{_('Write a complaint')}[/b] · " + _("edit it here; your edit is kept and logged"),
                     id="draft-bar")
        with Horizontal(id="draft-choices"):
            yield Select([(name, cid) for cid, name in names.items()], value=self.channel, allow_blank=False,
                         id="draft-channel")
            yield Select([(LANGUAGE_NAMES[lang], lang) for lang in LANGUAGES], value=self.language,
                         allow_blank=False, id="draft-language")
            yield Select([(label, fmt) for fmt, label in FORMATS], value="pdf", allow_blank=False, id="draft-format")
        with Horizontal(id="draft-about"):
            yield Static(_("Complaint about:"), id="draft-about-label")
            # filled in once the case is read: the senders it knows, whom the draft is about chosen
            yield Select([(_("reading the case…"), "")], value="", allow_blank=False, id="draft-respondent")
        yield Area("", id="draft-text", soft_wrap=True)
        yield Static("", id="draft-status")
        yield LocalFooter()

    def on_mount(self) -> None:
        self.query_one("#draft-text", Area).focus()
        self.load()

    @work(thread=True, exclusive=True, exit_on_error=False, group="draft")
    def load(self) -> None:
        # the whole draft, as the PDF and DOCX and the bundle have it; only a TXT written from it
        # unedited is shortened to the web form's limit (the status line says when it is over)
        drafts = case_drafts(self.case, self.channel, self.language, respondent=self.respondent, fit=False)
        bundle = latest_bundle(self.case)
        note = (_("No signed bundle yet: export one so the draft can point at it.") if bundle is None
                else "" if bundle.current else _("The case changed since the last export: export again."))
        if not get_current_worker().is_cancelled:
            self.post_message(DraftReady(drafts, note))

    def on_draft_ready(self, message: DraftReady) -> None:
        d = message.drafts
        self.written, self.shown = d.written, d.shown
        self.default, self.other_edit = d.default, d.other_edit
        self._show_respondents(d.respondents, d.written.respondent)
        area = self.query_one("#draft-text", Area)
        area.load_text(d.shown.text if self._typed_before is None else self._typed_before)
        self._typed_before = None
        self.status(message.bundle_note)

    def _show_respondents(self, respondents: tuple[Sender, ...], about: str) -> None:
        """The chooser: the case's senders as the core ranks them, the default marked, ``about`` chosen."""
        select = self.query_one("#draft-respondent", Select)
        if not respondents:  # the lawyer's brief names everyone
            options = [(_("everyone: the brief names them all"), "")]
        else:
            options = [(_respondent_label(x, x.key == self.default), x.key) for x in respondents]
        with select.prevent(Select.Changed):
            select.set_options(options)
            select.value = about if any(v == about for _label, v in options) else options[0][1]
        select.disabled = not respondents

    def status(self, note: str = "") -> None:
        d = self.shown
        if d is None:
            return
        text = self.query_one("#draft-text", Area).text
        parts = [_("{n} of {limit} characters").replace("{n}", str(len(text))).replace("{limit}", str(d.limit))]
        if d.edited:
            parts.append(_("your edit"))
        elif self.other_edit is not None:
            parts.append(_("your kept edit is of the complaint about {name}: keeping this one replaces it")
                         .replace("{name}", self.other_edit or _("the respondent chosen by default")))
        if self.written is not None and self.written.blanks and not d.edited:
            parts.append(_("to fill in") + ": " + "、".join(self.written.blanks))
        if len(text) > d.limit:
            parts.append(_("longer than the web form takes: a TXT is shortened, PDF and DOCX are whole")
                         if text == (self.written.text if self.written is not None else None)
                         else _("longer than the web form takes: shorten it before pasting"))
        if note:
            parts.append(note)
        colour = "$error" if len(text) > d.limit else "$text-muted"
        self.query_one("#draft-status", Static).update(f"[{colour}]{escape(' · '.join(parts))}[/]")

    @on(Select.Changed, "#draft-channel")
    @on(Select.Changed, "#draft-language")
    def _choose(self, event: Select.Changed) -> None:
        channel = str(self.query_one("#draft-channel", Select).value)
        language = str(self.query_one("#draft-language", Select).value)
        if (channel, language) == (self.channel, self.language):
            return

        def switch() -> None:
            self.channel, self.language = channel, language
            self.load()

        def undo() -> None:  # stay on the draft being edited
            self.query_one("#draft-channel", Select).value = self.channel
            self.query_one("#draft-language", Select).value = self.language

        self.ask_first(switch, undo)

    @on(Select.Changed, "#draft-respondent")
    def _choose_respondent(self, event: Select.Changed) -> None:
        chosen = str(self.query_one("#draft-respondent", Select).value)
        about = self.written.respondent if self.written is not None else ""
        if not chosen or chosen == about:
            return

        def switch() -> None:  # kept when the channel changes: the person chose whom it is about
            self.respondent = chosen
            self.load()

        def undo() -> None:
            with self.query_one("#draft-respondent", Select).prevent(Select.Changed):
                self.query_one("#draft-respondent", Select).value = about

        self.ask_first(switch, undo)

    @on(Area.Changed, "#draft-text")
    def _typed(self, event: Area.Changed) -> None:
        self.status()

    def action_save(self) -> None:
        text = self.query_one("#draft-text", Area).text
        if self.shown is None or text == self.shown.text:
            self.notify(_("Nothing changed."))
            return
        self.keep(text, self.written.text if self.written is not None else "")

    def action_revert(self) -> None:
        if self.shown is None or not self.shown.edited or self.written is None:
            self.notify(_("This is the draft as written from the case."))
            return
        self.keep(None, self.written.text)

    @work(thread=True, exclusive=True, exit_on_error=False, group="draft-save")
    def keep(self, text: str | None, written: str) -> None:
        """Keep the edit (``text``) or go back to the written draft (None); the custody entry is
        signed and written to disk, so not on the UI thread."""
        if text is None:
            revert_draft(self.case, self.channel, self.language, written)
            note = _("Written anew from the case. The change is in the custody log.")
        else:
            save_draft(self.case, self.channel, self.language, text, based_on=written,
                       respondent=self.written.respondent if self.written is not None else "",
                       now=ek(self).clock() if ek(self).frozen else None)
            note = _("Saved. The change is in the custody log.")
        self.post_message(Kept(note))

    def on_kept(self, message: Kept) -> None:
        self.notify(message.note)
        then, self._then = self._then, None
        if then is not None:
            then()
        else:
            self.load()

    def action_write_file(self) -> None:
        """The draft as shown (with any unsaved edit) into the case's exports folder."""
        from evidencekit.core.documents.docx_writer import write_docx
        from evidencekit.core.export.pdf.draft_doc import write_draft_pdf

        if self.shown is None:
            return
        fmt = str(self.query_one("#draft-format", Select).value)
        text = self.query_one("#draft-text", Area).text
        draft = self.shown if text == self.shown.text else _edited(self.shown, text)
        folder = self.case.path / "exports"
        folder.mkdir(exist_ok=True)
        now = ek(self).clock() if ek(self).frozen else dt.datetime.now()
        out = folder / f"draft-{self.channel}-{self.language}-{now:%Y%m%d-%H%M%S}.{fmt}"
        bundle = latest_bundle(self.case)
        fingerprint = bundle.fingerprint if bundle is not None else ""
        if fmt == "pdf":
            write_draft_pdf(draft, out, fingerprint=fingerprint, created=now)
        elif fmt == "docx":
            write_docx(draft, out, fingerprint=fingerprint, created=now)
        else:
            if self.written is not None and text == self.written.text:
                # the draft as written, for pasting: within the web form's limit
                text = draft_for_case(self.case, self.channel, self.language, respondent=self.respondent,
                                      use_saved=False).text
            Path(out).write_text(text, encoding="utf-8")
        self.notify(escape(str(out)), title=_("Saved"), timeout=8)

    def action_facts(self) -> None:
        """The person's details a draft fills in; the draft is written again with them."""
        from evidencekit.core.analysis.case_settings import CaseSettings, read_settings, save_settings
        from evidencekit.tui.dialogs.case_facts import CaseFactsDialog

        def done(settings: CaseSettings | None) -> None:
            if settings is not None:
                save_settings(self.case, settings)
                self.load()

        self.app.push_screen(CaseFactsDialog(read_settings(self.case)), done)

    def action_bundle(self) -> None:
        from evidencekit.tui.screens.export import ExportScreen

        self.app.push_screen(ExportScreen(self.case, drafts=(self.channel,), draft_respondent=self.respondent or ""))

    def action_back(self) -> None:
        self.ask_first(lambda: self.app.pop_screen() if self.app.screen is self else None)


def _respondent_label(x: Sender, default: bool) -> str:
    """A sender as the chooser lists them: name and numbers, how many findings, the default marked."""
    parts = [x.label(), _("possible breaches: {n}").replace("{n}", str(x.findings))]
    if default:
        parts.append(_("default"))
    return " · ".join(parts)


def _edited(d: Draft, text: str) -> Draft:
    from dataclasses import replace

    lines = text.splitlines()
    return replace(d, text=text, title=lines[0] if lines else "", edited=True)
