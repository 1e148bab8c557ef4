"""What the app's screens share: the one worker-failure handler, and the two promises every screen
keeps to the app (it can be rebuilt in another language, and it says when it holds unsaved edits).

``Worker.StateChanged`` does not bubble, so each screen that starts workers mixes ``WorkerErrors``
in; the handler hands the error to ``App.report_error`` — the single place errors become
notifications.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, cast

from textual import events
from textual.dom import DOMNode
from textual.screen import Screen
from textual.worker import Worker, WorkerState

from evidencekit.tui.paste import looks_like_paths
from evidencekit.tui.widgets.fields import PathsPasted

if TYPE_CHECKING:
    from evidencekit.tui.app import EvidenceKitApp


def ek(node: DOMNode) -> EvidenceKitApp:
    """The running app, with its own attributes typed (Textual types ``node.app`` as any App)."""
    return cast("EvidenceKitApp", node.app)


class WorkerErrors:
    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.state == WorkerState.ERROR and event.worker.error is not None:
            ek(event.worker.node).report_error(event.worker.error)


class AppScreen(Screen[None]):
    """A full screen of the app (not a dialog).

    ``remake`` gives the same screen built anew in the current UI language, carrying what the
    person was doing (a typed correction, the row they were on), so switching the language never
    loses work. ``has_drafts``/``save_drafts`` let the app ask before anything typed is dropped.
    """

    def on_paste(self, event: events.Paste) -> None:
        if looks_like_paths(event.text):
            event.stop()
            self.dropped(event.text)

    def on_paths_pasted(self, message: PathsPasted) -> None:
        message.stop()
        self.dropped(message.text)

    def dropped(self, text: str) -> None:
        """Files were dropped on this screen (``text``: their pasted paths). They go to the open
        case; screens that give a drop a meaning of their own override this."""
        ek(self).route_drop(text)

    def remake(self) -> Screen[None] | None:
        """The screen rebuilt in the current language; None: it closes on a language switch."""
        return None

    def has_drafts(self) -> bool:
        """Whether this screen holds edits not saved yet."""
        return False

    def save_drafts(self, then: Callable[[], object]) -> None:
        """Save the edits this screen holds, then call ``then`` (not called when saving fails)."""
        then()

    def discard_drafts(self) -> None:
        """Forget the edits this screen holds (the person chose to)."""

    #: saving on the way out: a second Esc meanwhile must not ask again
    _leaving: bool = False

    def back_asking(self, question: str) -> None:
        """Go back; when this screen holds unsaved edits, ask ``question`` first (save, then go
        back once saved / discard and go back / stay)."""
        if self._leaving:
            return
        if not self.has_drafts():
            self.app.pop_screen()
            return
        from evidencekit.tui.dialogs.unsaved import Choice, UnsavedDialog

        def answered(choice: Choice | None) -> None:
            if choice == "save":
                self._leaving = True
                self.save_drafts(self._back_once_saved)
            elif choice == "discard":
                self.app.pop_screen()

        self.app.push_screen(UnsavedDialog(question), answered)

    def _back_once_saved(self) -> None:
        self._leaving = False
        if self.app.screen is self:
            self.app.pop_screen()
