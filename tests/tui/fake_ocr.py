"""A fake OCR engine for tests of the code around OCR (the TUI): instant, fixed text.

Module level so worker processes can unpickle it. Real recognition is tested with tesseract
in tests/core/ocr and in the tesseract-marked TUI test.
"""

from __future__ import annotations

from PIL import Image

from evidencekit.core.ocr.engine import OcrEngine, OcrLine, OcrWord, Recognition

TEXT = "您的借款已逾期，请于今日还款"


class FakeEngine(OcrEngine):
    name = "fake"

    @property
    def version(self) -> str:
        return "1.0"

    def languages(self) -> tuple[str, ...]:
        return ("chi_sim", "chi_tra", "eng")

    def recognise(self, image: Image.Image, lang: str, *, psm: int = 6) -> Recognition:
        w, h = image.size
        words = tuple(OcrWord(ch, (i * 10, 0, 10, 10), 95.0) for i, ch in enumerate(TEXT))
        return Recognition((OcrLine(words, (0, 0, min(w, 10 * len(TEXT)), min(h, 10))),), lang)
