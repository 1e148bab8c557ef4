"""The picture large: the screenshot at full size where the terminal can draw images, otherwise a
zoomable crop of the message being corrected, large enough to read, drawn with half blocks."""

from __future__ import annotations

from typing import Any

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Container
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Static
from textual.worker import get_current_worker

from evidencekit.core.models import Item
from evidencekit.core.vault.case import Case
from evidencekit.tui.i18n import _
from evidencekit.tui.markup import escape
from evidencekit.tui.screens.base import AppScreen, WorkerErrors, ek
from evidencekit.tui.widgets.footer import LocalFooter
from evidencekit.tui.widgets.pixels import Box, HalfBlocks, readable_scale

MAX_SIDE = 4000  # a taller capture is shown scaled to this (still readable zoomed in)


class PictureLoaded(Message):
    def __init__(self, image: Any, problem: str = "") -> None:
        super().__init__()
        self.image = image
        self.problem = problem


class PictureScreen(WorkerErrors, AppScreen):
    """``bubbles``: each message's box and text, to go from one to the next (``index``: the one
    being corrected)."""

    BINDINGS = [
        Binding("escape", "back", "Back"),
        Binding("plus,equals_sign", "zoom(1.5)", "Zoom in", key_display="+"),
        Binding("minus", "zoom(0.667)", "Zoom out", key_display="-"),
        Binding("n", "bubble(1)", "Next message"),
        Binding("p", "bubble(-1)", "Previous message", show=False),
        Binding("0", "whole", "Whole picture"),
        Binding("ctrl+o", "open_original", "Open in viewer"),
        Binding("left", "pan(-8, 0)", "Left", show=False),
        Binding("right", "pan(8, 0)", "Right", show=False),
        Binding("up", "pan(0, -4)", "Up", show=False),
        Binding("down", "pan(0, 4)", "Down", show=False),
    ]

    def __init__(self, case: Case, item: Item, bubbles: list[tuple[Box, str]], index: int = 0) -> None:
        super().__init__()
        self.case = case
        self.item = item
        self.bubbles = [(b, t) for b, t in bubbles if b[2] > 0 and b[3] > 0]
        self.index = min(max(0, index), len(self.bubbles) - 1) if self.bubbles else -1
        self.image: Any = None
        self.graphics = False  # set on mount: whether the terminal draws images itself

    def remake(self) -> Screen[None]:
        return PictureScreen(self.case, self.item, self.bubbles, self.index)

    def compose(self) -> ComposeResult:
        yield Static(f"[b]{escape(self.item.display_title)}[/b]", id="picture-bar")
        yield Container(id="picture-box")
        yield Static("", id="picture-hint")
        yield LocalFooter()

    def on_mount(self) -> None:
        self.graphics = ek(self).graphics
        self.query_one("#picture-box", Container).mount(Static(f"[dim]{_('Loading…')}[/dim]"))
        self.load()

    @work(thread=True, exclusive=True, exit_on_error=False, group="picture")
    def load(self) -> None:
        from PIL import Image, ImageOps

        try:
            with Image.open(self.case.original_path(self.item)) as src:
                img: Any = ImageOps.exif_transpose(src) or src
                img = img.convert("RGB")
        except (OSError, ValueError) as e:
            self.post_message(PictureLoaded(None, f"{_('The image cannot be shown')}: {e}"))
            return
        if max(img.size) > MAX_SIDE:
            ratio = MAX_SIDE / max(img.size)
            self.bubbles = [((int(x * ratio), int(y * ratio), int(w * ratio), int(h * ratio)), t)
                            for (x, y, w, h), t in self.bubbles]
            img = img.resize((int(img.width * ratio), int(img.height * ratio)))
        if not get_current_worker().is_cancelled:
            self.post_message(PictureLoaded(img))

    async def on_picture_loaded(self, message: PictureLoaded) -> None:
        box = self.query_one("#picture-box", Container)
        await box.remove_children()
        if message.image is None:
            await box.mount(Static(escape(message.problem)))
            return
        self.image = message.image
        if self.graphics:
            cls: Any = ek(self).image_class
            await box.mount(cls(self.image, id="picture"))
        else:
            await box.mount(HalfBlocks(self.image, id="picture"))
        self.call_after_refresh(self.show_current)

    def show_current(self) -> None:
        """The message being corrected (the whole picture when there is none)."""
        if self.index < 0:
            self.action_whole()
            return
        bbox, text = self.bubbles[self.index]
        hint = _("Message {n} of {m}").replace("{n}", str(self.index + 1)).replace("{m}", str(len(self.bubbles)))
        if self.graphics:
            self._crop(bbox, pad=0.15)
        else:
            view = self.query_one("#picture", HalfBlocks)
            view.show(bbox, readable_scale(bbox, text, view.size))
            hint += " · " + _("+/- zoom, arrows move, 0 whole picture")
        self.query_one("#picture-hint", Static).update(hint)

    def _crop(self, bbox: Box, pad: float) -> None:
        x, y, w, h = bbox
        px, py = int(w * pad) + 8, int(h * pad) + 8
        crop = self.image.crop((max(0, x - px), max(0, y - py), min(self.image.width, x + w + px),
                                min(self.image.height, y + h + py)))
        for widget in self.query("#picture"):
            widget.image = crop  # type: ignore[attr-defined]

    def action_whole(self) -> None:
        if self.image is None:
            return
        if self.graphics:
            for widget in self.query("#picture"):
                widget.image = self.image  # type: ignore[attr-defined]
        else:
            self.query_one("#picture", HalfBlocks).show(None)
        self.query_one("#picture-hint", Static).update(_("The whole picture"))

    def action_zoom(self, factor: float) -> None:
        if self.image is None:
            return
        if self.graphics:
            if self.index >= 0:
                self._crop(self.bubbles[self.index][0], pad=0.15 / factor)
            return
        self.query_one("#picture", HalfBlocks).zoom(factor)

    def action_pan(self, dx: int, dy: int) -> None:
        for view in self.query("#picture").results(HalfBlocks):
            view.pan(dx, dy)

    def action_bubble(self, step: int) -> None:
        if not self.bubbles or self.image is None:
            return
        self.index = (self.index + step) % len(self.bubbles)
        self.show_current()

    def action_open_original(self) -> None:
        from evidencekit.tui.screens.item import open_original

        open_original(self, self.case, self.item)

    def action_back(self) -> None:
        self.app.pop_screen()
