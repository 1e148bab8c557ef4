"""One item, large: the image beside its OCR messages, which can be corrected here."""

from __future__ import annotations

from typing import Any

from rich.markup import escape
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Container, Horizontal, Vertical, VerticalScroll
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Label, Static
from textual.worker import get_current_worker

from evidencekit.core.models import Item
from evidencekit.core.vault.case import Case
from evidencekit.tui.i18n import _
from evidencekit.tui.messages import CaseChanged, ItemEdited
from evidencekit.tui.widgets.fields import Area
from evidencekit.tui.widgets.footer import LocalFooter
from evidencekit.tui.widgets.preview import PreviewData, custody_markup, gather, make_image, metadata_markup
from evidencekit.tui.screens.base import DropsGoToCase, WorkerErrors, ek


class ItemLoaded(Message):
    def __init__(self, data: PreviewData) -> None:
        super().__init__()
        self.data = data


class CorrectionsSaved(Message):
    def __init__(self, fixes: dict[int, str]) -> None:
        super().__init__()
        self.fixes = fixes


class ItemScreen(DropsGoToCase, WorkerErrors, Screen[None]):
    BINDINGS = [
        Binding("escape", "back", "Back"),
        Binding("ctrl+s", "save", "Save corrections"),
        Binding("ctrl+e", "edit", "Edit"),
        Binding("a", "edit", "Edit", show=False),
    ]

    def __init__(self, case: Case, item: Item, exhibit: str, *, correct: bool = False) -> None:
        super().__init__()
        self.case = case
        self.item = item
        self.exhibit = exhibit
        self.correct = correct
        self.data: PreviewData | None = None

    def compose(self) -> ComposeResult:
        yield Static(f"[b]{escape(self.exhibit or '—')}[/b]  {escape(self.item.display_title)}", id="item-bar")
        with Horizontal(id="item-main"):
            yield Container(id="item-image")
            with VerticalScroll(id="item-side"):
                yield Static(f"[dim]{_('Loading…')}[/dim]", id="item-ocr-head")
                yield Vertical(id="item-messages")
                yield Static(metadata_markup(self.item, self.exhibit), id="item-meta")
                yield Static(id="item-custody")
        yield LocalFooter()

    def on_mount(self) -> None:
        self.load()

    @work(thread=True, exclusive=True, exit_on_error=False, group="item")
    def load(self) -> None:
        data = gather(self.case, self.item)
        if not get_current_worker().is_cancelled:
            self.post_message(ItemLoaded(data))

    async def on_item_loaded(self, message: ItemLoaded) -> None:
        self.data = data = message.data
        box = self.query_one("#item-image", Container)
        await box.remove_children()
        if data.image is not None:
            await box.mount(make_image(self.app, data.image))
        elif data.problem:
            await box.mount(Static(escape(data.problem)))
        else:
            await box.mount(Static(f"[dim]{_('No picture for this kind of item.')}[/dim]"))
        head = self.query_one("#item-ocr-head", Static)
        msgs = self.query_one("#item-messages", Vertical)
        await msgs.remove_children()
        if data.ocr is None:
            head.update(
                f"[dim]{_('Not read yet (OCR).')}[/dim]" if self.item.kind == "image" else ""
            )
        else:
            head.update(
                f"[b]{_('Messages')}[/b]"
                + (f" — {escape(data.ocr.sender)}" if data.ocr.sender else "")
                + f"\n[dim]{_('Correct a message and press Ctrl+S to save.')}[/dim]"
            )
            widgets: list[Any] = []
            for i, m in enumerate(data.ocr.messages):
                text = data.corrections.get(i, m.text)
                when = (m.sent_at or m.time_label or "").replace("T", " ")[:16]
                widgets.append(Label(f"{i + 1}. {when}" + (f" ({_('corrected')})" if i in data.corrections else "")))
                widgets.append(Area(text, id=f"msg-{i}", classes="msg", soft_wrap=True, show_line_numbers=False))
            if not widgets:
                widgets.append(Static(f"[dim]{_('No message text found.')}[/dim]"))
            await msgs.mount_all(widgets)
            if self.correct and data.ocr.messages:
                self.query_one("#msg-0", Area).focus()
        self.query_one("#item-custody", Static).update(custody_markup(data.custody))

    def action_save(self) -> None:
        data = self.data
        if data is None or data.ocr is None:
            self.notify(_("Not read yet (OCR)."), severity="warning")
            return
        fixes: dict[int, str] = {}
        for i, m in enumerate(data.ocr.messages):
            areas = self.query(f"#msg-{i}").results(Area)  # a field may not be mounted yet
            for area in areas:
                if area.text != data.corrections.get(i, m.text):
                    fixes[i] = area.text
        if not fixes:
            self.notify(_("Nothing changed."))
            return
        self.save_corrections(fixes)

    @work(thread=True, exit_on_error=False, group="edit")
    def save_corrections(self, fixes: dict[int, str]) -> None:
        # each correction is fsynced and signed: not on the UI thread
        with ek(self).tasks.running():
            for i, text in fixes.items():
                self.case.correct_message(self.item.id, i, text)
        self.post_message(CorrectionsSaved(fixes))

    def on_corrections_saved(self, message: CorrectionsSaved) -> None:
        if self.data is not None:
            self.data.corrections.update(message.fixes)
        self.notify(_("Corrections saved ({n}). The original reading is kept in the log.").replace("{n}", str(len(message.fixes))))
        self.app.screen_stack[-2].post_message(CaseChanged([self.item.id], select=self.item.id))

    def action_edit(self) -> None:
        from evidencekit.tui.dialogs.edit_item import EditItemDialog

        def done(fields: dict[str, Any] | None) -> None:
            if fields:
                self.edit_item(fields)

        self.app.push_screen(EditItemDialog(self.item), done)

    @work(thread=True, exit_on_error=False, group="edit")
    def edit_item(self, fields: dict[str, Any]) -> None:
        with ek(self).tasks.running():
            item = self.case.update_item(self.item.id, **fields)
        self.post_message(ItemEdited(item))

    def on_item_edited(self, message: ItemEdited) -> None:
        self.item = message.item
        self.query_one("#item-meta", Static).update(metadata_markup(self.item, self.exhibit))
        self.query_one("#item-bar", Static).update(f"[b]{escape(self.exhibit or '—')}[/b]  {escape(self.item.display_title)}")
        self.app.screen_stack[-2].post_message(CaseChanged([self.item.id], select=self.item.id))
        self.notify(_("Saved. The change is in the custody log."))

    def action_back(self) -> None:
        self.app.pop_screen()

