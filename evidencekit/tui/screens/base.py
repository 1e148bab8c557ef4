"""What every screen with background work shares: the one worker-failure handler.

``Worker.StateChanged`` does not bubble, so each screen that starts workers mixes this in; the
handler hands the error to ``App.report_error`` — the single place errors become notifications.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from textual import events
from textual.app import App
from textual.dom import DOMNode
from textual.worker import Worker, WorkerState

from evidencekit.tui.paste import looks_like_paths

if TYPE_CHECKING:
    from evidencekit.tui.app import EvidenceKitApp


def ek(node: DOMNode) -> EvidenceKitApp:
    """The running app, with its own attributes typed (Textual types ``node.app`` as any App)."""
    return cast("EvidenceKitApp", node.app)


class WorkerErrors:
    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.state == WorkerState.ERROR and event.worker.error is not None:
            ek(event.worker.node).report_error(event.worker.error)


class DropsGoToCase:
    """Files dropped on a screen above the case screen go back to it and are offered for import."""

    app: App[object]  # the Screen this is mixed into has it

    def on_paste(self, event: events.Paste) -> None:
        if not looks_like_paths(event.text):
            return
        event.stop()
        stack = self.app.screen_stack
        below = stack[-2] if len(stack) > 1 else None
        if below is not None and hasattr(below, "offer_import_from_text"):
            text = event.text
            self.app.pop_screen()
            below.call_after_refresh(below.offer_import_from_text, text)
