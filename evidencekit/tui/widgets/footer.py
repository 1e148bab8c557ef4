"""A Footer in the UI language that shows the current screen's keys first and never a cut one.

Bindings hold English descriptions (translated here). When the window is too narrow for every
key, the app-wide ones give way first (language, then quit), then the screen's last ones; "?
Help" always stays, and the help screen lists every key.
"""

from __future__ import annotations

from rich.cells import cell_len
from textual import events
from textual.app import ComposeResult
from textual.widget import Widget
from textual.widgets import Footer
from textual.widgets._footer import FooterKey

from evidencekit.tui.i18n import _

#: App-wide actions, in the order they give way when the footer is too narrow.
YIELD_FIRST = ("switch_language", "app.switch_language", "quit", "app.quit")
KEEP = ("help", "app.help")


def key_width(key: FooterKey) -> int:
    """Cells a compact key takes: "^s Save" and a space on each side."""
    return cell_len(key.key_display) + 1 + cell_len(key.description) + 2


def fitting(keys: list[FooterKey], width: int) -> list[FooterKey]:
    """The keys that fit in ``width`` cells, in their order; the app's own give way first."""
    chosen = list(keys)

    def total() -> int:
        return sum(key_width(k) for k in chosen)

    for action in YIELD_FIRST:
        if total() <= width:
            return chosen
        chosen = [k for k in chosen if k.action != action]
    while total() > width:
        droppable = [k for k in chosen if k.action not in KEEP]
        if not droppable:
            break
        chosen.remove(droppable[-1])
    return chosen


class LocalFooter(Footer):
    def __init__(self) -> None:
        # compact: at 80 columns every key of the case screen still fits
        super().__init__(compact=True, show_command_palette=False)
        self._width = 0

    def compose(self) -> ComposeResult:
        keys: list[FooterKey] = []
        others: list[Widget] = []
        for widget in super().compose():
            if isinstance(widget, FooterKey):
                widget.description = _(widget.description)
                if widget.tooltip:
                    widget.tooltip = _(str(widget.tooltip))
                keys.append(widget)
            else:
                others.append(widget)
        # the screen's keys in the order the screen lists them (a priority binding would come
        # first otherwise), then the app's
        order = {b.action: i for i, b in enumerate(getattr(self.screen, "BINDINGS", ())) if hasattr(b, "action")}
        ranked = sorted(enumerate(keys), key=lambda ik: order.get(ik[1].action, len(order) + ik[0]))
        keys = [k for _i, k in ranked]
        width = self.size.width or self.app.size.width
        shown = fitting(keys, width)
        self.styles.grid_size_columns = len(shown) + len(others)
        yield from shown
        yield from others

    def on_resize(self, event: events.Resize) -> None:
        if event.size.width != self._width:
            self._width = event.size.width
            self.call_after_refresh(self.recompose)
