"""One item, large: the picture beside its reading, which can be corrected here.

Each message shows who sent it, the time as the screen showed it and the time worked out from it,
and its text in a field with the characters OCR was unsure of marked (F8 goes from one to the
next). F4 shows the picture large (the bubble being corrected, zoomable), Ctrl+O opens the
original in the system's viewer. Typed corrections are never dropped without asking.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from textual import events, on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Container, Horizontal, Vertical, VerticalScroll
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Label, Static
from textual.worker import Worker, WorkerState, get_current_worker

from evidencekit.core.models import Item
from evidencekit.core.vault.case import Case
from evidencekit.tui.i18n import _
from evidencekit.tui.markup import escape
from evidencekit.tui.messages import CaseChanged, ItemEdited
from evidencekit.tui.screens.base import AppScreen, WorkerErrors, ek
from evidencekit.tui.widgets.bubble import BubbleView, scaled
from evidencekit.tui.widgets.footer import LocalFooter
from evidencekit.tui.widgets.message_info import (
    needs_look, review_marks, review_text, time_line, unsure_spans, warning_codes, warning_text, who,
)
from evidencekit.tui.widgets.preview import PreviewData, custody_markup, gather, make_image, metadata_markup
from evidencekit.tui.widgets.reading import ReadingArea

NARROW = 90  # below this many columns the picture gives its place to the text (F4 shows it)


class ItemLoaded(Message):
    def __init__(self, data: PreviewData) -> None:
        super().__init__()
        self.data = data


class CorrectionsSaved(Message):
    def __init__(self, fixes: dict[int, str]) -> None:
        super().__init__()
        self.fixes = fixes


class DetailsSaved(Message):
    """A message's sender, time or side was corrected."""


class OriginalOpened(Message):
    def __init__(self, note: str, warn: bool) -> None:
        super().__init__()
        self.note = note
        self.warn = warn


def open_original(screen: Screen[Any], case: Case, item: Item) -> None:
    """Open a copy of the item's original in the system's viewer, or say why that cannot be done
    here (and where the file is, so it can be opened by hand)."""
    from evidencekit.tui.system import open_in_viewer, viewer_command, viewing_copy

    command = viewer_command()

    def run() -> None:
        try:
            copy = viewing_copy(case.original_path(item), case.derived_dir(item.id) / "view", item.original_name)
        except OSError as e:
            screen.post_message(OriginalOpened(f"{_('The original cannot be copied for viewing')}: {e}", True))
            return
        if command is None:
            screen.post_message(OriginalOpened(
                _("No picture viewer can be opened from this terminal. A copy of the original is at:") + f"\n{copy}", True))
            return
        try:
            open_in_viewer(copy, command)
        except OSError as e:
            screen.post_message(OriginalOpened(f"{_('The viewer could not be started')}: {e}\n{copy}", True))
            return
        screen.post_message(OriginalOpened(_("Opened in the system viewer (a copy: the original stays untouched)."), False))

    screen.run_worker(run, thread=True, exit_on_error=False, group="open")


class ItemScreen(WorkerErrors, AppScreen):
    BINDINGS = [
        Binding("escape", "back", "Back"),
        Binding("ctrl+s", "save", "Save corrections"),
        Binding("f4", "picture", "Picture large"),
        Binding("ctrl+o", "open_original", "Open original"),
        Binding("f8", "unsure(1)", "Next unsure"),
        Binding("ctrl+t", "details", "Sender and time"),
        Binding("shift+f8", "unsure(-1)", "Previous unsure", show=False),
        Binding("ctrl+e", "edit", "Edit", priority=True),
        Binding("a", "edit", "Edit", show=False),
    ]

    def __init__(self, case: Case, item: Item, exhibit: str, *, correct: bool = False,
                 drafts: dict[int, str] | None = None) -> None:
        super().__init__()
        self.case = case
        self.item = item
        self.exhibit = exhibit
        self.correct = correct
        # correcting: the picture shows the bubble of the message being corrected, beside the
        # reading (above it on a narrow screen), from the start to the end of the visit
        self.follow = correct
        self.data: PreviewData | None = None
        self.current = 0  # the message being corrected
        self._drafts_in = drafts or {}
        self._then: Callable[[], object] | None = None  # what to do once the corrections are saved

    # ------------------------------------------------------------------ layout

    def compose(self) -> ComposeResult:
        yield Static(self._bar(), id="item-bar")
        with Horizontal(id="item-main"):
            yield Container(id="item-image")
            with VerticalScroll(id="item-side"):
                yield Static(f"[dim]{_('Loading…')}[/dim]", id="item-ocr-head")
                yield Vertical(id="item-messages")
                yield Static(metadata_markup(self.item, self.exhibit), id="item-meta")
                yield Static(id="item-custody")
        yield LocalFooter()

    def _bar(self) -> str:
        return f"[b]{escape(self.exhibit or '—')}[/b]  {escape(self.item.display_title)}"

    def on_mount(self) -> None:
        self._fit(self.app.size.width)
        self.load()

    def on_resize(self, event: events.Resize) -> None:
        self._fit(event.size.width)

    def _fit(self, width: int) -> None:
        self.set_class(width < NARROW, "narrow")
        self.set_class(self.follow and self.item.kind == "image", "correcting")

    def remake(self) -> Screen[None]:
        return ItemScreen(self.case, self.item, self.exhibit, correct=self.correct, drafts=self.drafts())

    # ------------------------------------------------------------------ loading

    @work(thread=True, exclusive=True, exit_on_error=False, group="item")
    def load(self) -> None:
        data = gather(self.case, self.item)
        if not get_current_worker().is_cancelled:
            self.post_message(ItemLoaded(data))

    async def on_item_loaded(self, message: ItemLoaded) -> None:
        self.data = data = message.data
        box = self.query_one("#item-image", Container)
        await box.remove_children()
        if data.image is not None and self.follow and data.ocr is not None and data.ocr.messages:
            await box.mount(self._bubble_view(data))
        elif data.image is not None:
            await box.mount(make_image(self.app, data.image))
        elif data.problem:
            await box.mount(Static(escape(data.problem)))
        else:
            await box.mount(Static(f"[dim]{_('No picture for this kind of item.')}[/dim]"))
        head = self.query_one("#item-ocr-head", Static)
        msgs = self.query_one("#item-messages", Vertical)
        await msgs.remove_children()
        if data.ocr is None:
            head.update(f"[dim]{_('Not read yet (OCR).')}[/dim]" if self.item.kind == "image" else "")
        else:
            ocr = data.ocr
            flagged = [warning_text(c) for c in warning_codes(ocr)]
            head.update(
                f"[b]{_('Messages')}[/b]"
                + "".join(f"  [b $warning]{escape(f)}[/]" for f in flagged)
                + f"\n[dim]{_('Correct a message and press Ctrl+S to save. F8: next unsure character. Ctrl+T: sender and time.')}[/dim]"
            )
            widgets: list[Any] = []
            fx = data.fixes
            sender = fx.sender if fx.sender is not None else ocr.sender
            for i, m0 in enumerate(ocr.messages):
                m = self.shown_message(i)
                saved = data.corrections.get(i, m0.text)
                mark = f" [i]({_('corrected')})[/i]" if i in fx.text or i in fx.side or fx.sender is not None else ""
                widgets.append(Label(f"[b]{i + 1}.[/b] {escape(who(sender, m))}{mark}", id=f"who-{i}", classes="msg-who"))
                widgets.append(Static(time_line(m, corrected=i in fx.sent_at), classes="msg-time"))
                # marks belong to the text as read; a saved correction was looked at already
                spans = unsure_spans(m) if i not in data.corrections else []
                lines = [int(r.line) for r in review_marks(m)] if i not in data.corrections else []
                area = ReadingArea(saved, unsure=spans, review_lines=lines, id=f"msg-{i}", classes="msg")
                widgets.append(area)
                review = review_text(m) if i not in data.corrections else ""
                if review:
                    widgets.append(Static(review, classes="msg-review"))
            if not widgets:
                widgets.append(Static(f"[b $warning]{_('No message text found.')}[/] "
                                      + _("Press Ctrl+O to look at the original, and a to describe it.")))
            await msgs.mount_all(widgets)
            for i, text in self._drafts_in.items():  # typed before a language switch
                for area in self.query(f"#msg-{i}").results(ReadingArea):
                    area.text = text
            self._drafts_in = {}
            if ocr.messages:
                first = next((i for i, m in enumerate(ocr.messages) if needs_look(m)), 0) if self.correct else 0
                if self.correct:
                    area = self.query_one(f"#msg-{first}", ReadingArea)
                    self.current = first
                    area.focus(scroll_visible=False)
                    area.jump_first()
                    self.call_after_refresh(self.reveal, first)
        self.query_one("#item-custody", Static).update(custody_markup(data.custody))

    def _bubble_view(self, data: PreviewData) -> BubbleView:
        """The view of the bubble being corrected, on the screen's small copy of the picture."""
        assert data.ocr is not None
        image = data.image
        side = max(self.item.width or 0, self.item.height or 0)
        ratio = max(image.size) / side if side else 1.0
        graphics = ek(self).graphics
        return BubbleView(image, scaled([m.bbox for m in data.ocr.messages], ratio), [m.text for m in data.ocr.messages],
                          image_class=ek(self).image_class if graphics else None, id="item-bubble")

    def reveal(self, i: int) -> None:
        """Scroll the reading so message ``i`` shows whole: who sent it, its time and its text
        (the list's head too when that still fits: the first message opens at the top)."""
        side = self.query_one("#item-side", VerticalScroll)
        for area in self.query(f"#msg-{i}"):
            side.scroll_to_widget(area, animate=False, immediate=True)
        for label in self.query(f"#who-{i}"):
            side.scroll_to_widget(label, animate=False, immediate=True)
        if i == 0:
            side.scroll_home(animate=False, immediate=True)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        # (WorkerErrors' handler runs too: Textual calls each class's handler)
        if event.state == WorkerState.ERROR and event.worker.group == "edit":
            self._leaving, self._then = False, None  # saving failed (and said why): stay here

    def shown_message(self, i: int) -> Any:
        """Message ``i`` with the person's corrections of its time and side applied."""
        from dataclasses import replace

        assert self.data is not None and self.data.ocr is not None
        m, fx = self.data.ocr.messages[i], self.data.fixes
        return replace(m, side=fx.side.get(i, m.side), sent_at=fx.sent_at[i] if i in fx.sent_at else m.sent_at)

    def areas(self) -> list[ReadingArea]:
        return list(self.query(".msg").results(ReadingArea))

    @on(events.DescendantFocus)
    def _focused(self, event: events.DescendantFocus) -> None:
        if isinstance(event.widget, ReadingArea) and event.widget.id:
            self.current = int(event.widget.id.removeprefix("msg-"))
            for view in self.query(BubbleView):
                view.show(self.current)

    # ------------------------------------------------------------------ corrections

    def drafts(self) -> dict[int, str]:
        """Typed corrections not saved yet: message index → text."""
        data = self.data
        if data is None or data.ocr is None:
            return dict(self._drafts_in)
        out: dict[int, str] = {}
        for i, m in enumerate(data.ocr.messages):
            for area in self.query(f"#msg-{i}").results(ReadingArea):  # a field may not be mounted yet
                if area.text != data.corrections.get(i, m.text):
                    out[i] = area.text
        return out

    def has_drafts(self) -> bool:
        return bool(self.drafts())

    def discard_drafts(self) -> None:
        data = self.data
        if data is None or data.ocr is None:
            return
        for i, m in enumerate(data.ocr.messages):
            for area in self.query(f"#msg-{i}").results(ReadingArea):
                area.text = data.corrections.get(i, m.text)

    def save_drafts(self, then: Callable[[], object]) -> None:
        fixes = self.drafts()
        if fixes:
            self._then = then
            self.save_corrections(fixes)
        else:
            then()

    def action_save(self) -> None:
        if self.data is None or self.data.ocr is None:
            self.notify(_("Not read yet (OCR)."), severity="warning")
            return
        fixes = self.drafts()
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
        self._tell_case()
        then, self._then = self._then, None
        if then is not None:
            then()

    def _tell_case(self) -> None:
        from evidencekit.tui.screens.case import CaseScreen

        for screen in self.app.screen_stack:
            if isinstance(screen, CaseScreen):
                screen.post_message(CaseChanged([self.item.id], select=self.item.id))

    # ------------------------------------------------------------------ the picture

    def bubbles(self) -> list[tuple[tuple[int, int, int, int], str]]:
        if self.data is None or self.data.ocr is None:
            return []
        return [(m.bbox, m.text) for m in self.data.ocr.messages]

    def action_picture(self) -> None:
        from evidencekit.tui.screens.picture import PictureScreen

        if self.item.kind != "image":
            self.notify(_("No picture for this kind of item."), severity="warning")
            return
        self.app.push_screen(PictureScreen(self.case, self.item, self.bubbles(), self.current))

    def action_open_original(self) -> None:
        open_original(self, self.case, self.item)

    def on_original_opened(self, message: OriginalOpened) -> None:
        self.notify(escape(message.note), severity="warning" if message.warn else "information",
                    timeout=12 if message.warn else 4)

    def action_unsure(self, direction: int) -> None:
        """The cursor to the next (previous) unsure character, on to the next message's."""
        areas = self.areas()
        if not areas:
            return
        focused = self.focused
        start = areas.index(focused) if isinstance(focused, ReadingArea) and focused in areas else -1
        if start >= 0 and areas[start].jump(direction):
            return
        order = list(range(start + 1, len(areas))) + list(range(0, start + 1)) if direction > 0 else \
            list(range(start - 1, -1, -1)) + list(range(len(areas) - 1, start - 1, -1))
        for k in order:
            if areas[k].unsure:
                areas[k].focus()
                areas[k].jump_first(last=direction < 0)
                areas[k].scroll_visible()
                return
        self.notify(_("No unsure characters left: every marked one was looked at."))

    # ------------------------------------------------------------------ sender and time

    def action_details(self) -> None:
        from evidencekit.tui.dialogs.message_details import MessageDetails, MessageDetailsDialog

        data = self.data
        if data is None or data.ocr is None or not data.ocr.messages:
            self.notify(_("This item has no messages to correct."), severity="warning")
            return
        i = min(self.current, len(data.ocr.messages) - 1)
        m = self.shown_message(i)
        sender = data.fixes.sender if data.fixes.sender is not None else (data.ocr.sender or "")

        def done(details: MessageDetails | None) -> None:
            if details is not None and not details.empty:
                self.save_details(i, details)

        self.app.push_screen(MessageDetailsDialog(i + 1, side=m.side, sent_at=m.sent_at or "", sender=sender,
                                                  shown=m.time_label or ""), done)

    @work(thread=True, exit_on_error=False, group="edit")
    def save_details(self, index: int, details: Any) -> None:
        """Each field changed is one logged correction (an fsync and a signature: not on the UI thread)."""
        with ek(self).tasks.running():
            if details.side is not None or details.sent_at is not None:
                self.case.correct_message(self.item.id, index, sent_at=details.sent_at, side=details.side)
            if details.sender is not None:
                self.case.correct_sender(self.item.id, details.sender)
        self.post_message(DetailsSaved())

    def on_details_saved(self, message: DetailsSaved) -> None:
        self.notify(_("Saved. The change is in the custody log."))
        self._tell_case()
        drafts = self.drafts()  # keep what is typed while the messages are redrawn
        self._drafts_in = drafts
        self.correct = False
        self.load()

    # ------------------------------------------------------------------ edit, leave

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
        self.query_one("#item-bar", Static).update(self._bar())
        self._tell_case()
        self.notify(_("Saved. The change is in the custody log."))

    def action_back(self) -> None:
        n = len(self.drafts())
        self.back_asking(_("You corrected {n} messages and did not save. Save the corrections before going back?")
                         .replace("{n}", str(n)))
