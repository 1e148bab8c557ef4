"""Progress reporting and cancellation for long work in the core."""

from __future__ import annotations

import threading
from dataclasses import dataclass
from typing import Protocol

from evidencekit.errors import Cancelled


@dataclass(frozen=True, slots=True)
class Step:
    """One step of long work: ``done`` of ``total`` units, and what is being worked on."""

    done: int
    total: int
    label: str = ""


class Progress(Protocol):
    def __call__(self, step: Step) -> None: ...


def no_progress(step: Step) -> None:
    """A progress sink that ignores every step."""


class CancelToken:
    """A cancellation flag; wraps a ``threading.Event`` (Textual's worker event works too)."""

    def __init__(self, event: threading.Event | None = None) -> None:
        self._event = event if event is not None else threading.Event()

    def cancel(self) -> None:
        self._event.set()

    @property
    def cancelled(self) -> bool:
        return self._event.is_set()

    def raise_if_cancelled(self) -> None:
        """Raises:
        Cancelled: when cancellation was requested.
        """
        if self._event.is_set():
            raise Cancelled("cancelled by the user")
