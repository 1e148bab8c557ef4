"""The one place errors become what the user sees (a mixin of the App).

Errors EvidenceKit raises on purpose become notifications with their title; worker failures
arrive here from every screen; a bug ends the app with one calm sentence and a log file, never
a traceback on the screen.
"""

from __future__ import annotations

import asyncio
import logging
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from textual import on
from textual.worker import Worker, WorkerState

from evidencekit.errors import (
    CaseExistsError,
    CaseLockedError,
    Cancelled,
    EvidenceKitError,
    MissingDependencyError,
    NotACaseError,
)
from evidencekit.tui.config import crash_log_path
from evidencekit.tui.i18n import N_, _

log = logging.getLogger(__name__)


# The core's messages are English; the common ones get a plain sentence in the UI language, with
# the core's exact words kept underneath (they name the file or folder).
FRIENDLY: dict[type[EvidenceKitError], str] = {
    NotACaseError: N_("This folder is not an EvidenceKit case. Open another folder, or press n to start a new case."),
    CaseLockedError: N_("This case is open in another EvidenceKit window. Close it there first."),
    CaseExistsError: N_("That folder is already in use. Choose an empty or new folder for the new case."),
    MissingDependencyError: N_("A program EvidenceKit needs is not installed."),
}


def friendly(error: EvidenceKitError) -> str:
    for cls, text in FRIENDLY.items():
        if isinstance(error, cls):
            return f"{_(text)}\n{error.msg}"
    return error.msg


class ErrorReporting:
    notify: Any
    bell: Any
    clock: Any
    _exit_renderables: Any
    _close_messages_no_wait: Any

    def report_error(self, error: BaseException) -> None:
        """The one place errors become what the user sees: a notification, never a traceback."""
        if isinstance(error, Cancelled):
            self.notify(_("Cancelled."), severity="warning")
        elif isinstance(error, EvidenceKitError):
            self.notify(friendly(error), title=_(error.title), severity="error", timeout=10)
        else:
            log.exception("unexpected error", exc_info=error)
            self.notify(
                f"{type(error).__name__}: {error}",
                title=_("Something went wrong"),
                severity="error",
                timeout=10,
            )

    def _fatal_error(self) -> None:
        """An unexpected bug: the details go to a log file, the user gets one calm sentence."""
        import traceback

        from rich.text import Text

        path = crash_log_path()
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            with open(path, "a", encoding="utf-8") as f:
                error = getattr(self, "_exception", None)
                detail = "".join(traceback.format_exception(error)) if error else traceback.format_exc()
                f.write(f"\n--- {self.clock().isoformat()}\n{detail}")
        except OSError:
            path = Path("(the log could not be written)")
        self.bell()
        self.crash_message = (
            _("EvidenceKit met an unexpected problem and closed. Your case is safe: every change "
              "was saved as you made it. Details for a bug report: ") + str(path)
        )
        self._exit_renderables.append(Text(self.crash_message))
        self._close_messages_no_wait()

    @on(Worker.StateChanged)
    def _worker_failed(self, event: Worker.StateChanged) -> None:
        if event.state == WorkerState.ERROR and event.worker.error is not None:
            self.report_error(event.worker.error)


class RunningTasks:
    """Threads doing long work on the open case: quitting waits until they have stopped, so the
    case is never closed under a thread that is writing to it."""

    def __init__(self) -> None:
        self._count = 0
        self._lock = threading.Lock()
        self.quitting = False

    @contextmanager
    def running(self) -> Iterator[None]:
        with self._lock:
            self._count += 1
        try:
            yield
        finally:
            with self._lock:
                self._count -= 1

    @property
    def count(self) -> int:
        return self._count

    async def wait_idle(self, timeout: float = 30.0) -> None:
        loop = asyncio.get_running_loop()
        end = loop.time() + timeout
        while self._count and loop.time() < end:
            await asyncio.sleep(0.05)
