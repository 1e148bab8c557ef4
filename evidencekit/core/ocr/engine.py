"""The OCR engine interface: what the pipeline needs from any recogniser.

An engine finds text lines in an image (:meth:`OcrEngine.detect`) and reads line images
(:meth:`OcrEngine.recognise_pages`), each line with its confidence and, where the engine can, a box
and a confidence per character. It names itself for the cache key (:meth:`OcrEngine.fingerprint`).
Nothing here knows page segmentation modes or language data files: an engine that needs them
(tesseract) keeps them to itself, and takes a script hint ("zh-Hans", "zh-Hant") at most.
"""

from __future__ import annotations

import hashlib
import json
from abc import ABC, abstractmethod
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from PIL import Image

from evidencekit.core.models import EngineInfo

#: x, y, width, height in pixels
Box = tuple[int, int, int, int]

#: The scripts a reading can be in.
SCRIPTS = ("zh-Hans", "zh-Hant", "mixed", "latin")


@dataclass(frozen=True, slots=True)
class OcrWord:
    """One recognised word or character (PP-OCR gives one per character, tesseract one per word)."""

    text: str
    bbox: Box  # in the pixels of the image given to the engine
    confidence: float  # 0..100


@dataclass(frozen=True, slots=True)
class OcrLine:
    """One recognised text line: its words in reading order.

    ``text`` is the line as the engine spelled it (spaces included) when the engine gives it;
    empty, the text is made from the words. ``score`` is the engine's own confidence for the
    whole line (0..100) when it has one, else the mean of the words'.
    """

    words: tuple[OcrWord, ...]
    bbox: Box
    text: str = ""
    score: float | None = None

    @property
    def confidence(self) -> float:
        if self.score is not None:
            return self.score
        if not self.words:
            return 0.0
        return sum(w.confidence for w in self.words) / len(self.words)

    @property
    def center_y(self) -> float:
        return self.bbox[1] + self.bbox[3] / 2


@dataclass(frozen=True, slots=True)
class Recognition:
    """What reading one whole image returned: its lines, top to bottom."""

    lines: tuple[OcrLine, ...]
    script: str = ""
    params: dict[str, Any] = field(default_factory=dict)


def crop(image: Image.Image, box: Box, pad: int = 0) -> Image.Image:
    """``box`` cut out of ``image`` with ``pad`` pixels around it (kept inside the image)."""
    x, y, w, h = box
    return image.crop((max(0, x - pad), max(0, y - pad), min(image.width, x + w + pad), min(image.height, y + h + pad)))


def line_pad(box: Box) -> int:
    """The margin kept around a detected line when it is cut out for recognition: recognisers
    read a line best with a little ground around its glyphs."""
    return max(2, box[3] // 6)


class OcrEngine(ABC):
    """A text detector and recogniser.

    Implementations must be picklable (they are sent to worker processes, which start fresh:
    models are loaded lazily, once per process).
    """

    name: str = "engine"
    #: Lines read with less confidence than this (0..100) are worth a second opinion; 0: never.
    doubt_below: float = 0.0

    @property
    @abstractmethod
    def version(self) -> str:
        """The engine's version string (recorded with every result)."""

    @abstractmethod
    def fingerprint(self) -> dict[str, Any]:
        """Everything about the engine that changes its readings (version, model files and their
        sizes or digests, parameters): part of the result cache key and recorded with results.

        Raises:
            MissingDependencyError: the engine is not installed.
        """

    @abstractmethod
    def check(self) -> None:
        """Fail early, naming what to install, when the engine cannot run here.

        Raises:
            MissingDependencyError: as above.
        """

    @abstractmethod
    def detect(self, image: Image.Image) -> list[Box]:
        """The text lines of ``image``, as boxes in its pixels, top to bottom.

        Raises:
            MissingDependencyError: the engine is not installed.
            OcrError: the engine failed on this image.
        """

    @abstractmethod
    def recognise_pages(self, pages: Sequence[Sequence[Image.Image]], *,
                        script: str | None = None) -> list[list[OcrLine]]:
        """Read line images, grouped by the page they come from; one :class:`OcrLine` per image,
        its boxes in that image's pixels. Engines batch all of them as suits them; a page's
        readings never depend on the other pages.

        Args:
            pages: per page, its line images (each holding one line of text).
            script: "zh-Hans" or "zh-Hant" when known; engines with one model per script read
                with that one only.

        Raises:
            MissingDependencyError: the engine or its data is missing.
            OcrError: the engine failed.
        """

    def recognise_lines(self, lines: Sequence[Image.Image], *, script: str | None = None) -> list[OcrLine]:
        """Read the line images of one page (see :meth:`recognise_pages`)."""
        return self.recognise_pages([lines], script=script)[0]

    def read(self, image: Image.Image, *, script: str | None = None) -> Recognition:
        """Detect and read every line of ``image``; boxes in its pixels.

        Raises: as :meth:`detect` and :meth:`recognise_pages`.
        """
        return self.read_many([image], script=script)[0]

    def read_many(self, images: Sequence[Image.Image], *, script: str | None = None) -> list[Recognition]:
        """:meth:`read` for several images, their lines recognised together."""
        boxes = [self.detect(im) for im in images]
        crops = [[crop(im, b, line_pad(b)) for b in bs] for im, bs in zip(images, boxes, strict=True)]
        pages = self.recognise_pages(crops, script=script) if any(crops) else [[] for _ in images]
        out = []
        for bs, lines in zip(boxes, pages, strict=True):
            placed = []
            for b, ln in zip(bs, lines, strict=True):
                p = line_pad(b)
                ox, oy = max(0, b[0] - p), max(0, b[1] - p)
                placed.append(shift_line(ln, ox, oy))
            out.append(Recognition(tuple(placed), script or "", {"engine": self.name}))
        return out

    def languages(self) -> tuple[str, ...]:
        """The scripts the engine reads (kept for callers that probe whether an engine runs).

        Raises:
            MissingDependencyError: the engine cannot run here.
        """
        self.check()
        return ("zh-Hans", "zh-Hant", "latin")

    def fingerprint_digest(self) -> str:
        """A short digest of :meth:`fingerprint` (for cache keys and logs)."""
        blob = json.dumps({"name": self.name, **self.fingerprint()}, sort_keys=True, default=str)
        return hashlib.sha256(blob.encode()).hexdigest()[:16]

    def info(self, params: dict[str, Any] | None = None, languages: str = "") -> EngineInfo:
        """The record stored with a result, so it can be reproduced or re-run when it changes."""
        return EngineInfo(self.name, self.version, languages, dict(params or {}))


def shift_line(line: OcrLine, dx: int, dy: int, scale: float = 1.0) -> OcrLine:
    """``line`` with its boxes scaled by ``scale`` then moved by (dx, dy)."""
    def mv(b: Box) -> Box:
        return (round(b[0] * scale) + dx, round(b[1] * scale) + dy, max(1, round(b[2] * scale)),
                max(1, round(b[3] * scale)))

    return OcrLine(tuple(OcrWord(w.text, mv(w.bbox), w.confidence) for w in line.words), mv(line.bbox),
                   line.text, line.score)


def debian_package(lang: str) -> str:
    """The Debian/Ubuntu package that ships tesseract's ``lang`` data."""
    return "tesseract-ocr-" + lang.replace("_", "-").lower()
