"""faster-whisper as a :class:`~evidencekit.core.media.speech.SpeechEngine`: the only module that
imports ``faster_whisper``, an optional extra (``pip install 'evidencekit[speech]'``).

The model is a folder the person points to (a CTranslate2 conversion of a Whisper model, holding
``model.bin``, ``config.json`` and the tokenizer). A name such as "small" is refused: faster-whisper
would download it. The hub client is told to stay offline and to use local files only, so no step
of a transcription opens a connection.
"""

from __future__ import annotations

import hashlib
import logging
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from evidencekit.core.media.model import Segment
from evidencekit.core.media.speech import SpeechEngine
from evidencekit.core.progress import CancelToken
from evidencekit.errors import MissingDependencyError

log = logging.getLogger(__name__)

MODEL_FILES = ("model.bin", "config.json")


def check_model_folder(folder: Path) -> Path:
    """``folder`` resolved, when it holds a converted Whisper model.

    Raises:
        MissingDependencyError: no such folder, or not a model's.
    """
    p = Path(folder).expanduser()
    if not p.is_dir():
        raise MissingDependencyError(f"the speech model folder {p} does not exist: point to a folder holding a "
                                     "faster-whisper model (model.bin, config.json, tokenizer.json)")
    missing = [f for f in MODEL_FILES if not (p / f).is_file()]
    if missing:
        raise MissingDependencyError(f"{p} is not a faster-whisper model folder (no {', '.join(missing)})")
    return p.resolve()


class WhisperEngine(SpeechEngine):
    """Whisper through faster-whisper (CTranslate2), on the CPU, from a local model folder.

    Args:
        model_folder: the model (see :func:`check_model_folder`).
        threads: CPU threads (the machine's cores are shared with the app).
        compute_type: CTranslate2's compute type ("int8" is the fastest on a CPU).

    Raises:
        MissingDependencyError: faster-whisper is not installed, or the folder holds no model.
    """

    def __init__(self, model_folder: Path, *, threads: int = 2, compute_type: str = "int8") -> None:
        self.folder = check_model_folder(model_folder)
        self.threads = threads
        self.compute_type = compute_type
        self._model: Any = None
        self._version = _module().__version__ if hasattr(_module(), "__version__") else "?"

    @property
    def description(self) -> str:
        digest = hashlib.sha256()
        with open(self.folder / "model.bin", "rb") as f:
            for block in iter(lambda: f.read(1 << 20), b""):
                digest.update(block)
        name = self.folder.name if self.folder.name != "model" else self.folder.parent.name
        return f"faster-whisper {self._version}, model {name} (sha256 {digest.hexdigest()[:16]})"

    def _load(self) -> Any:
        if self._model is None:
            self._model = _module().WhisperModel(str(self.folder), device="cpu", compute_type=self.compute_type,
                                                 cpu_threads=self.threads, local_files_only=True)
        return self._model

    def transcribe(self, audio: Path, *, language: str | None = None,
                   cancel: CancelToken | None = None) -> Iterator[Segment]:
        segments, info = self._load().transcribe(str(audio), language=language, vad_filter=False, beam_size=1)
        log.info("speech: %s, language %s (%.2f)", audio.name, info.language, info.language_probability)
        for seg in segments:  # a generator: decoding goes on as segments are asked for
            if cancel is not None:
                cancel.raise_if_cancelled()
            text = " ".join(str(seg.text).split())
            if text:
                yield Segment(round(float(seg.start), 2), round(float(seg.end), 2), text)


def _module() -> Any:
    # offline whatever the environment says: local files only, no hub lookups, no telemetry
    os.environ["HF_HUB_OFFLINE"] = "1"
    os.environ["HF_HUB_DISABLE_TELEMETRY"] = "1"
    try:
        import faster_whisper
    except ImportError as e:
        raise MissingDependencyError("speech recognition needs faster-whisper: pip install 'evidencekit[speech]'") from e
    return faster_whisper
