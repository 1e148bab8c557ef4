"""The one fake OCR engine of the test suite, for tests of the code around OCR (the pipeline's
batching and cache, the vault, the TUI): instant, a fixed text for every line it finds.

Module level so spawned worker processes can import it. Real recognition is tested with the
real engines (tests/core/ocr/test_rapid.py, test_tesseract.py).
"""

from __future__ import annotations

from collections.abc import Sequence

from PIL import Image

from evidencekit.core.ocr.engine import Box, OcrEngine, OcrLine, OcrWord
from evidencekit.core.ocr.segment import find_lines
from evidencekit.core.ocr.stages import to_array

TEXT = "您的借款已逾期，请于今日还款"


class FakeEngine(OcrEngine):
    """Finds the text lines by projection (as tesseract's detector does) and "reads" each as
    ``text`` with confidence ``conf``.

    Args:
        text: what every line reads as.
        conf: the confidence of every character (0..100).
        fail_on: raise :class:`OcrError` when asked to read this many lines at once.
    """

    name = "fake"

    def __init__(self, text: str = TEXT, conf: float = 95.0, *, doubt_below: float = 0.0) -> None:
        self.text = text
        self.conf = conf
        self.doubt_below = doubt_below
        self.calls: list[int] = []  # lines per recognise_pages call
        self.scripts: list[str | None] = []

    @property
    def version(self) -> str:
        return "1.0"

    def check(self) -> None:
        return None

    def fingerprint(self) -> dict[str, object]:
        return {"text": self.text, "conf": self.conf, "languages": "fake"}

    def detect(self, image: Image.Image) -> list[Box]:
        return find_lines(to_array(image))

    def recognise_pages(self, pages: Sequence[Sequence[Image.Image]], *,
                        script: str | None = None) -> list[list[OcrLine]]:
        self.calls.append(sum(len(p) for p in pages))
        self.scripts.append(script)
        out = []
        for page in pages:
            lines = []
            for im in page:
                w, h = im.size
                cw = max(1, w // max(1, len(self.text)))
                words = tuple(OcrWord(ch, (i * cw, 0, cw, h), self.conf) for i, ch in enumerate(self.text))
                lines.append(OcrLine(words, (0, 0, w, h), self.text, self.conf))
            out.append(lines)
        return out


class HauntedEngine(OcrEngine):
    """Reads a masked number wherever it looks: redaction cannot get rid of it."""

    name = "haunted"
    version = "1"  # type: ignore[assignment]

    def __init__(self, number: str = "13829476153") -> None:
        self.number = number

    def check(self) -> None:
        return None

    def fingerprint(self) -> dict[str, object]:
        return {}

    def detect(self, image: Image.Image) -> list[Box]:
        return [(2, 2, min(130, max(3, image.width - 4)), min(24, max(3, image.height - 4)))]

    def recognise_pages(self, pages: Sequence[Sequence[Image.Image]], *,
                        script: str | None = None) -> list[list[OcrLine]]:
        word = OcrWord(self.number, (0, 0, 130, 24), 95.0)
        return [[OcrLine((word,), (0, 0, 130, 24), self.number, 95.0) for _ in page] for page in pages]


class SpoiledEngine(OcrEngine):
    """A real engine with its first reading (the word boxes) spoiled by ``spoil``: fault
    injection for redaction."""

    name = "faulty"

    def __init__(self, real: OcrEngine, spoil: object) -> None:
        self.real, self.spoil, self.calls = real, spoil, 0

    @property
    def version(self) -> str:
        return self.real.version

    def check(self) -> None:
        self.real.check()

    def fingerprint(self) -> dict[str, object]:
        return self.real.fingerprint()

    def detect(self, image: Image.Image) -> list[Box]:
        return self.real.detect(image)

    def recognise_pages(self, pages: Sequence[Sequence[Image.Image]], *,
                        script: str | None = None) -> list[list[OcrLine]]:
        return self.real.recognise_pages(pages, script=script)

    def read_many(self, images: Sequence[Image.Image], *, script: str | None = None) -> list:  # type: ignore[type-arg]
        self.calls += 1
        recs = self.real.read_many(images, script=script)
        return [self.spoil(r) for r in recs] if self.calls == 1 else recs  # type: ignore[operator]


class SlowEngine(FakeEngine):
    """:class:`FakeEngine` taking ``delay`` seconds over each screenshot: keeps the worker
    processes busy while a test does something to the process that started them."""

    name = "fake-slow"

    def __init__(self, delay: float) -> None:
        super().__init__()
        self.delay = delay

    def detect(self, image: Image.Image) -> list[Box]:
        import time

        time.sleep(self.delay)
        return super().detect(image)
