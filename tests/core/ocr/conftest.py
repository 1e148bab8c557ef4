from __future__ import annotations

import json
import shutil
from datetime import datetime
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from PIL import Image

from evidencekit.core.ocr.engine import OcrEngine, OcrLine, OcrWord, Recognition

REPO = Path(__file__).resolve().parents[3]
SAMPLES = REPO / "samples"


def sample_truths() -> list[tuple[Path, dict[str, Any]]]:
    out = []
    for js in sorted(SAMPLES.glob("*.json")):
        t = json.loads(js.read_text(encoding="utf-8"))
        if "messages" in t:
            out.append((SAMPLES / t["file"], t))
    return out


def has_tesseract() -> bool:
    return shutil.which("tesseract") is not None


class FakeEngine(OcrEngine):
    """Finds the text lines of the composite by row projection and "reads" each as a fixed
    text: chi_sim sees 测试文字 (conf 90), chi_tra 測試文字 (conf ``tra_conf``)."""

    name = "fake"

    def __init__(self, tra_conf: float = 70.0, fail_on: str | None = None) -> None:
        self.tra_conf = tra_conf
        self.fail_on = fail_on
        self.calls: list[str] = []

    @property
    def version(self) -> str:
        return "0.1"

    def languages(self) -> tuple[str, ...]:
        return ("chi_sim", "chi_tra", "eng")

    def recognise(self, image: Image.Image, lang: str, *, psm: int = 6) -> Recognition:
        self.calls.append(lang)
        a = np.asarray(image.convert("L")) < 128
        rows = a.any(axis=1)
        lines = []
        y = 0
        n = len(rows)
        while y < n:
            if rows[y]:
                y0 = y
                while y < n and rows[y]:
                    y += 1
                text = "測試文字" if lang == "chi_tra" else "测试文字"
                conf = self.tra_conf if lang == "chi_tra" else 90.0
                box = (10, y0, 100, y - y0)
                lines.append(OcrLine((OcrWord(text, box, conf),), box))
            y += 1
        return Recognition(tuple(lines), lang, {"psm": psm})


REFERENCE = datetime(2026, 11, 27, 10, 0)


@pytest.fixture
def fake_engine() -> FakeEngine:
    return FakeEngine()
