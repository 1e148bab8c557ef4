"""A Footer in the UI language that shows the current screen's keys first and never a cut one.

Bindings hold English descriptions (translated here). When one row is too narrow for the screen's
keys the footer takes a second row, so a narrow window (60 columns) still shows every key of the
screen. The app-wide keys (language, then quit) give way first; only when two rows are not enough
do the screen's last keys give way too. "? Help" always stays, and the help screen lists every key.
"""

from __future__ import annotations

from rich.cells import cell_len
from textual import events
from textual.app import ComposeResult
from textual.containers import HorizontalGroup
from textual.widget import Widget
from textual.widgets import Footer
from textual.widgets._footer import FooterKey

from evidencekit.tui.i18n import _

#: App-wide actions, in the order they give way when the footer is too narrow.
YIELD_FIRST = ("switch_language", "app.switch_language", "quit", "app.quit")
KEEP = ("help", "app.help")
#: The footer never takes more rows than this (a 20-row window keeps 18 for the screen).
MAX_ROWS = 2


def key_width(key: FooterKey) -> int:
    """Cells a compact key takes: "^s Save" and the margin after it."""
    return cell_len(key.key_display) + 1 + cell_len(key.description) + 1


def pack(keys: list[FooterKey], width: int) -> list[list[FooterKey]]:
    """``keys`` in rows of ``width`` cells: each in the first row with room for it (so a long key
    that starts a second row does not leave the first one half empty), in their order within a row.
    """
    rows: list[list[FooterKey]] = []
    used: list[int] = []
    for k in keys:
        w = key_width(k)
        for n, u in enumerate(used):
            if u + w <= width:
                rows[n].append(k)
                used[n] += w
                break
        else:
            rows.append([k])
            used.append(w)
    return rows


def _is_app_key(key: FooterKey) -> bool:
    return key.action in YIELD_FIRST


def layout(keys: list[FooterKey], width: int, max_rows: int = MAX_ROWS) -> list[list[FooterKey]]:
    """The rows of keys the footer shows in ``width`` cells.

    One row when the screen's own keys fit in it (the app-wide ones then take what room is left);
    else up to ``max_rows`` rows. The app-wide keys give way before any of the screen's, and only
    when ``max_rows`` rows cannot hold the screen's keys do its last ones give way ("Help" never).
    """
    own = [k for k in keys if not _is_app_key(k)]
    if len(pack(own, width)) <= 1:
        rows = 1
    else:
        rows = max_rows
    chosen = list(keys)
    for action in YIELD_FIRST:
        if len(pack(chosen, width)) <= rows:
            return pack(chosen, width)
        chosen = [k for k in chosen if k.action != action]
    while len(pack(chosen, width)) > rows:
        droppable = [k for k in chosen if k.action not in KEEP]
        if not droppable:
            break
        chosen.remove(droppable[-1])
    return pack(chosen, width)


class LocalFooter(Footer):
    DEFAULT_CSS = """
    LocalFooter.-rows {
        layout: vertical;
    }
    LocalFooter HorizontalGroup.footer-row {
        height: 1;
    }
    """

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
        rows = layout(keys, width)
        self.set_class(len(rows) > 1, "-rows")
        self.styles.height = max(1, len(rows))
        if len(rows) <= 1:
            yield from (rows[0] if rows else [])
            yield from others
            return
        for n, row in enumerate(rows):
            extra = others if n == len(rows) - 1 else []
            yield HorizontalGroup(*row, *extra, classes="footer-row")

    def on_resize(self, event: events.Resize) -> None:
        if event.size.width != self._width:
            self._width = event.size.width
            self.call_after_refresh(self.recompose)
