"""What the bundle will say, before it is signed: the cover's summary of the case, and each
exhibit's title and 证明目的 exactly as the PDF will print them.

The texts come from ``core.export.preview`` — the functions the bundle's pages call. A title or
证明目的 the person did not write is a suggestion, marked as such: Enter edits it, y accepts it
(it is then written to the item, logged like any edit), Y accepts every suggestion.
"""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.message import Message
from textual.screen import Screen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option
from textual.worker import get_current_worker

from evidencekit.core.export.preview import BundlePreview, ExhibitPreview, preview_bundle
from evidencekit.core.models import LANGUAGES
from evidencekit.core.vault.case import Case
from evidencekit.locale import LANGUAGE_NAMES
from evidencekit.tui.i18n import N_, _
from evidencekit.tui.markup import escape
from evidencekit.tui.messages import CaseChanged
from evidencekit.tui.screens.base import AppScreen, WorkerErrors, ek
from evidencekit.tui.widgets.footer import LocalFooter

KIND_NAMES = {"id": N_("ID number"), "card": N_("bank card"), "phone": N_("phone number")}


class PreviewReady(Message):
    def __init__(self, preview: BundlePreview) -> None:
        super().__init__()
        self.preview = preview


class Accepted(Message):
    def __init__(self, count: int) -> None:
        super().__init__()
        self.count = count


def suggestions(p: BundlePreview) -> int:
    return sum(int(x.title_suggested) + int(x.proves_suggested) for x in p.exhibits)


class BundleViewScreen(WorkerErrors, AppScreen):
    BINDINGS = [
        Binding("escape", "back", "Back"),
        Binding("y", "accept", "Accept suggestion"),
        Binding("Y", "accept_all", "Accept all"),
        Binding("enter", "edit", "Edit", show=False),
        Binding("l", "language", "Bundle language"),
        Binding("r", "redacted", "Redacted version"),
    ]

    def __init__(self, case: Case, *, language: str | None = None, redact: bool = False) -> None:
        super().__init__()
        self.case = case
        self.language = language or case.meta.language
        self.redact = redact
        self.preview: BundlePreview | None = None

    def remake(self) -> Screen[None]:
        return BundleViewScreen(self.case, language=self.language, redact=self.redact)

    def compose(self) -> ComposeResult:
        yield Static(id="bundle-bar")
        yield Static(f"[dim]{_('Loading…')}[/dim]", id="bundle-cover")
        yield OptionList(id="bundle-exhibits")
        yield Static(id="bundle-masked")
        yield LocalFooter()

    def on_mount(self) -> None:
        self.query_one("#bundle-exhibits", OptionList).focus()
        self.reload()

    def reload(self) -> None:
        self.query_one("#bundle-bar", Static).update(
            f"[b]{_('What the bundle will say')}[/b] · {LANGUAGE_NAMES[self.language]}"
            + (f" · [b]{_('redacted')}[/b]" if self.redact else ""))
        self.load()

    @work(thread=True, exclusive=True, exit_on_error=False, group="preview")
    def load(self) -> None:
        p = preview_bundle(self.case, language=self.language, redact=self.redact)
        if not get_current_worker().is_cancelled:
            self.post_message(PreviewReady(p))

    def on_preview_ready(self, message: PreviewReady) -> None:
        p = self.preview = message.preview
        meta = self.case.meta
        lines = [f"[b]{escape(meta.title)}[/b]"]
        if p.summary.empty:
            lines.append(f"[dim]{_('Nothing to sum up yet: the summary comes from the messages read.')}[/dim]")
        else:
            lines.append(f"[b]{escape(p.summary.heading)}[/b]")
            for ln in p.summary.lines:
                style = "b $warning" if ln.alert else "dim"
                lines.append(f"[{style}]{escape(ln.label)}[/]  {escape(ln.value)}")
        n = suggestions(p)
        if n and not p.redacted:
            lines.append(f"[b $accent]{_('{n} suggestions (marked ?) were not written by you: y accepts, Enter edits.').replace('{n}', str(n))}[/]")
        self.query_one("#bundle-cover", Static).update("\n".join(lines))
        box = self.query_one("#bundle-exhibits", OptionList)
        keep = box.highlighted
        box.clear_options()
        box.add_options([Option(self.row(x), id=str(x.item_id)) for x in p.exhibits])
        if p.exhibits:
            box.highlighted = min(keep or 0, len(p.exhibits) - 1)
        masked = self.query_one("#bundle-masked", Static)
        if p.redacted:
            if p.masked:
                shown = [f"{_('Exhibit') + ' ' + m.exhibit if m.exhibit else _('Case')}: {_(KIND_NAMES.get(m.kind, m.kind))} {m.shown_as}"
                         for m in p.masked[:12]]
                more = f" … +{len(p.masked) - 12}" if len(p.masked) > 12 else ""
                masked.update(f"[b]{_('Masked')} ({len(p.masked)})[/b]: " + escape("; ".join(shown)) + more)
            else:
                masked.update(_("Nothing to mask was found in the texts."))
        else:
            masked.update("")

    def row(self, x: ExhibitPreview) -> Text:
        t = Text()
        t.append(f"{_('Exhibit')} {x.number}  ", style="bold")
        t.append(x.title)
        if x.title_suggested:
            t.append(f"  ?{_('suggested')}", style="italic")
        t.append("\n    " + _("Proves") + ": ", style="dim")
        t.append(x.proves)
        if x.proves_suggested:
            t.append(f"  ?{_('suggested')}", style="italic")
        return t

    def current(self) -> ExhibitPreview | None:
        box = self.query_one("#bundle-exhibits", OptionList)
        if self.preview is None or box.highlighted is None or box.highlighted >= len(self.preview.exhibits):
            return None
        return self.preview.exhibits[box.highlighted]

    @on(OptionList.OptionSelected, "#bundle-exhibits")
    def _chosen(self) -> None:
        self.action_edit()

    def _no_accept_when_redacted(self) -> bool:
        if self.redact:
            self.notify(_("Accept suggestions in the full version (r): a masked text would be written to the item."),
                        severity="warning")
            return True
        return False

    def action_accept(self) -> None:
        x = self.current()
        if x is None or self._no_accept_when_redacted():
            return
        if not (x.title_suggested or x.proves_suggested):
            self.notify(_("This exhibit's title and purpose are your own already."))
            return
        self.accept([x])

    def action_accept_all(self) -> None:
        if self.preview is None or self._no_accept_when_redacted():
            return
        todo = [x for x in self.preview.exhibits if x.title_suggested or x.proves_suggested]
        if not todo:
            self.notify(_("Nothing to accept: every title and purpose is your own."))
            return
        self.accept(todo)

    @work(thread=True, exit_on_error=False, group="edit")
    def accept(self, rows: list[ExhibitPreview]) -> None:
        """Write the suggestions as the person's own (each a logged annotation change)."""
        with ek(self).tasks.running():
            for x in rows:
                fields: dict[str, Any] = {}
                if x.title_suggested:
                    fields["title"] = x.title
                if x.proves_suggested:
                    fields["proves"] = x.proves
                self.case.update_item(x.item_id, **fields)
        self.post_message(Accepted(len(rows)))

    def on_accepted(self, message: Accepted) -> None:
        if message.count:
            self.notify(_("Accepted ({n}). The change is in the custody log.").replace("{n}", str(message.count)))
        else:
            self.notify(_("Saved. The change is in the custody log."))
        self._tell_case()
        self.load()

    def _tell_case(self) -> None:
        from evidencekit.tui.screens.case import CaseScreen

        for screen in self.app.screen_stack:
            if isinstance(screen, CaseScreen):
                screen.post_message(CaseChanged())

    def action_edit(self) -> None:
        from evidencekit.tui.dialogs.edit_item import EditItemDialog

        x = self.current()
        if x is None or self._no_accept_when_redacted():
            return
        item_id = x.item_id
        item = self.case.item(item_id)
        prefill = {k: v for k, v, derived in (("title", x.title, x.title_suggested),
                                              ("proves", x.proves, x.proves_suggested)) if derived}

        def done(fields: dict[str, Any] | None) -> None:
            if fields:
                self.save_edit(item_id, fields)

        self.app.push_screen(EditItemDialog(item, prefill=prefill), done)

    @work(thread=True, exit_on_error=False, group="edit")
    def save_edit(self, item_id: int, fields: dict[str, Any]) -> None:
        with ek(self).tasks.running():
            self.case.update_item(item_id, **fields)
        self.post_message(Accepted(0))

    def action_language(self) -> None:
        self.language = LANGUAGES[(LANGUAGES.index(self.language) + 1) % len(LANGUAGES)] \
            if self.language in LANGUAGES else LANGUAGES[0]
        self.reload()

    def action_redacted(self) -> None:
        self.redact = not self.redact
        self.reload()

    def action_back(self) -> None:
        self.app.pop_screen()
