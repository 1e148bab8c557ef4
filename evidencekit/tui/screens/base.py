"""What every screen with background work shares: the one worker-failure handler.

``Worker.StateChanged`` does not bubble, so each screen that starts workers mixes this in; the
handler hands the error to ``App.report_error`` — the single place errors become notifications.
"""

from __future__ import annotations

from textual.worker import Worker, WorkerState


class WorkerErrors:
    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.state == WorkerState.ERROR and event.worker.error is not None:
            self.app.report_error(event.worker.error)  # type: ignore[attr-defined]
