"""The OCR engine interface: what the pipeline needs from any recogniser."""

from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import dataclass, field
from typing import Any

from PIL import Image

from evidencekit.core.models import EngineInfo


@dataclass(frozen=True, slots=True)
class OcrWord:
    """One recognised word (for Chinese usually one or a few characters)."""

    text: str
    bbox: tuple[int, int, int, int]  # x, y, w, h in the pixels of the image given to the engine
    confidence: float  # 0..100


@dataclass(frozen=True, slots=True)
class OcrLine:
    """One recognised text line: its words in reading order."""

    words: tuple[OcrWord, ...]
    bbox: tuple[int, int, int, int]

    @property
    def confidence(self) -> float:
        if not self.words:
            return 0.0
        return sum(w.confidence for w in self.words) / len(self.words)

    @property
    def center_y(self) -> float:
        return self.bbox[1] + self.bbox[3] / 2


@dataclass(frozen=True, slots=True)
class Recognition:
    """What one engine call returned."""

    lines: tuple[OcrLine, ...]
    lang: str
    params: dict[str, Any] = field(default_factory=dict)


class OcrEngine(ABC):
    """A text recogniser. Implementations must be picklable (they are sent to worker processes)."""

    name: str = "engine"

    @property
    @abstractmethod
    def version(self) -> str:
        """The engine's version string (recorded with every result)."""

    @abstractmethod
    def languages(self) -> tuple[str, ...]:
        """Language data available to the engine (e.g. ``("chi_sim", "chi_tra", "eng")``).

        Raises:
            MissingDependencyError: when the engine program is not installed.
        """

    @abstractmethod
    def recognise(self, image: Image.Image, lang: str, *, psm: int = 6) -> Recognition:
        """Recognise the text of ``image`` with the language data ``lang`` ("chi_sim", "chi_tra+eng"...).

        Raises:
            MissingDependencyError: the program or the language data is missing.
            OcrError: the engine failed on this image.
        """

    def recognise_many(self, images: list[Image.Image], lang: str, *, psm: int = 6) -> list[Recognition]:
        """Recognise several images, each on its own (engines may share the model loading).

        Raises: as :meth:`recognise`.
        """
        return [self.recognise(im, lang, psm=psm) for im in images]

    def check(self, langs: tuple[str, ...] = ("chi_sim", "chi_tra")) -> None:
        """Fail early, with the package to install, when the engine or language data is missing.

        Raises:
            MissingDependencyError: as above.
        """
        have = set(self.languages())
        for lang in langs:
            if lang not in have:
                from evidencekit.errors import MissingDependencyError

                raise MissingDependencyError(
                    f"OCR language data '{lang}' is not installed: install the Debian package "
                    f"{debian_package(lang)} (apt-get install {debian_package(lang)})",
                    "Missing language data",
                )

    def info(self, lang: str, params: dict[str, Any] | None = None) -> EngineInfo:
        """The record stored with a result, so it can be reproduced or re-run when it changes."""
        return EngineInfo(self.name, self.version, lang, dict(params or {}))


def debian_package(lang: str) -> str:
    """The Debian/Ubuntu package that ships tesseract's ``lang`` data."""
    return "tesseract-ocr-" + lang.replace("_", "-").lower()
