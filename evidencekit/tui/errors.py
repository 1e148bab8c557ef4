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
    BundleError,
    CaseExistsError,
    CaseLockedError,
    Cancelled,
    EvidenceKitError,
    ExportError,
    IntegrityError,
    MissingDependencyError,
    NotACaseError,
    OcrError,
    SigningError,
    TimestampError,
    UsageError,
    VaultError,
)
from evidencekit.tui.config import crash_log_path
from evidencekit.tui.i18n import N_, _, current_language

log = logging.getLogger(__name__)


# The core's messages are English sentences for logs and the command line. The app says what
# happened in its own language, one sentence per kind of error (most specific first); the core's
# exact words are added in the English UI only, and kept in the error log in every language.
FRIENDLY: dict[type[EvidenceKitError], str] = {
    NotACaseError: N_("This folder is not an EvidenceKit case. Open another folder, or press n to start a new case."),
    CaseLockedError: N_("This case is open in another EvidenceKit window. Close it there first."),
    CaseExistsError: N_("That folder is already in use. Choose an empty or new folder for the new case."),
    MissingDependencyError: N_("A program EvidenceKit needs is not installed."),
    SigningError: N_("The bundle could not be signed: the case's signing key could not be used."),
    TimestampError: N_("No trusted timestamp could be obtained. Check the timestamp server's address, or export without it."),
    IntegrityError: N_("An integrity check failed. Press v to verify the case and see which file."),
    OcrError: N_("The text of a screenshot could not be read."),
    ExportError: N_("The bundle could not be made."),
    BundleError: N_("This bundle cannot be read."),
    VaultError: N_("The case folder could not be read or written."),
    UsageError: N_("That cannot be done here."),
}


def friendly(error: EvidenceKitError, about: str = "") -> str:
    """What to tell the person about ``error``, in the UI language (``about``: the folder or file
    it concerns, shown as it is)."""
    sentence = next((_(text) for cls, text in FRIENDLY.items() if isinstance(error, cls)), "")
    if current_language() == "en":
        return f"{sentence}\n{error.msg}" if sentence else error.msg
    if not sentence:
        sentence = _("Something went wrong.")
    return f"{sentence}\n{about}" if about else sentence


class ErrorReporting:
    notify: Any
    bell: Any
    clock: Any
    _exit_renderables: Any
    _close_messages_no_wait: Any

    def report_error(self, error: BaseException, about: str = "") -> None:
        """The one place errors become what the user sees: a notification, never a traceback.

        ``about``: the folder or file the error concerns (shown as it is)."""
        if isinstance(error, Cancelled):
            self.notify(_("Cancelled."), severity="warning")
        elif isinstance(error, EvidenceKitError):
            log.warning("%s: %s", error.title, error.msg)
            # the words carry paths and file names: shown as they are, not read as markup
            self.notify(friendly(error, about), title=_(error.title), severity="error", timeout=10, markup=False)
        else:
            log.exception("unexpected error", exc_info=error)
            self.notify(
                f"{type(error).__name__}: {error}",
                title=_("Something went wrong"),
                severity="error",
                timeout=10,
                markup=False,
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
