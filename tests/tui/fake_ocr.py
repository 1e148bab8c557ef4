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
        """One line of TEXT for every band of dark pixels (the pipeline hands the engine dark
        text on a light ground), placed where the band is so it maps back to its bubble."""
        gray = image.convert("L")
        w, h = gray.size
        px = gray.load()
        inked = [any(px[x, y] < 128 for x in range(0, w, 2)) for y in range(h)]
        lines: list[OcrLine] = []
        y = 0
        while y < h:
            if not inked[y]:
                y += 1
                continue
            top = y
            while y < h and inked[y]:
                y += 1
            bh = y - top
            if bh < 4:
                continue
            cw = max(1, min(bh, w // len(TEXT)))
            words = tuple(OcrWord(ch, (4 + i * cw, top, cw, bh), 95.0) for i, ch in enumerate(TEXT))
            lines.append(OcrLine(words, (4, top, cw * len(TEXT), bh)))
        return Recognition(tuple(lines), lang)
