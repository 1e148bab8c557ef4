"""A Footer whose key descriptions follow the UI language (bindings hold English ids)."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.widgets import Footer
from textual.widgets._footer import FooterKey, FooterLabel

from evidencekit.tui.i18n import _


class LocalFooter(Footer):
    def __init__(self) -> None:
        # compact: at 80 columns every key of the case screen still fits
        super().__init__(compact=True, show_command_palette=False)

    def compose(self) -> ComposeResult:
        for widget in super().compose():
            if isinstance(widget, FooterKey):
                widget.description = _(widget.description)
                if widget.tooltip:
                    widget.tooltip = _(str(widget.tooltip))
            elif isinstance(widget, FooterLabel):
                pass
            yield widget
