"""Speech recognition, local and optional: an engine interface, and what the vault does with an
engine's output.

An engine turns a recording into time-coded segments. It never reaches the network: the one real
implementation (:mod:`.whisper`, faster-whisper) loads a model from a folder the person points to
and is refused anything else. It is off by default — nothing runs unless the person asks for it
with an engine — and what it writes is a *draft*: the transcript's status is ``"draft"`` and its
``engine`` names the engine and model, so the app and the bundle mark it machine-made until the
person has checked it and confirmed it (``Case.media.confirm_transcript``). Each step is a
``transcript_saved`` entry in the custody log.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Iterator
from pathlib import Path

from evidencekit.core.media.model import Segment
from evidencekit.core.progress import CancelToken


class SpeechEngine(ABC):
    """A speech recogniser that runs on this machine."""

    @property
    @abstractmethod
    def description(self) -> str:
        """The engine and its model as a transcript records them ("faster-whisper 1.2.1, model
        small (sha256 3f2a…)")."""

    @abstractmethod
    def transcribe(self, audio: Path, *, language: str | None = None,
                   cancel: CancelToken | None = None) -> Iterator[Segment]:
        """The segments heard in ``audio``, in time order (speaker left empty: engines do not
        tell who speaks).

        Args:
            audio: the recording (any format the engine decodes; the original, read only).
            language: "zh", "en"... or None to let the engine tell.
            cancel: checked between segments.

        Raises:
            MissingDependencyError: the engine or its model is not installed.
            Cancelled: ``cancel`` was set.
        """
