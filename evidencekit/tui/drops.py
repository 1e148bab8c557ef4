"""Files dropped on the window, whatever screen is showing: imported into the open case, or a
sentence saying why not. Nothing dropped is ever silently lost.

A terminal "drops" files by pasting their paths. Screens that give a drop a meaning of their own
(the case screen imports, the start screen starts a case, the verify screen verifies) handle the
paste themselves; on every other screen the paste bubbles up to the app, which lands here.
"""

from __future__ import annotations

from typing import Any

from textual import events
from textual.screen import ModalScreen

from evidencekit.tui.i18n import _
from evidencekit.tui.paste import looks_like_paths
from evidencekit.tui.widgets.fields import PathsPasted


class DropRouting:
    """A mixin of the App."""

    screen_stack: Any
    screen: Any
    notify: Any

    def on_paste(self, event: events.Paste) -> None:
        if looks_like_paths(event.text):
            event.stop()
            self.route_drop(event.text)

    def on_paths_pasted(self, message: PathsPasted) -> None:
        message.stop()
        self.route_drop(message.text)

    def route_drop(self, text: str) -> None:
        """Offer ``text`` (pasted paths) for import into the open case, from any screen."""
        from evidencekit.tui.dialogs.import_result import ImportResultDialog
        from evidencekit.tui.screens.case import CaseScreen

        case_screen = next((s for s in reversed(self.screen_stack) if isinstance(s, CaseScreen)), None)
        if case_screen is None:
            self.notify(_("Open or create a case first, then drop the files on it."), severity="warning")
            return
        top = self.screen
        if isinstance(top, ImportResultDialog):
            top.dismiss(None)  # the last import's result: more files are welcome
        elif isinstance(top, ModalScreen):
            # a question is open (a form, a confirmation): importing under it would confuse both
            self.notify(_("Finish or close this window first (Esc), then drop the files again."),
                        severity="warning", timeout=8)
            return
        case_screen.offer_import_from_text(text)
