from __future__ import annotations

import json
import shutil
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

from tests.fakes.ocr import FakeEngine

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


REFERENCE = datetime(2026, 11, 27, 10, 0)


@pytest.fixture
def fake_engine() -> FakeEngine:
    return FakeEngine("测试文字")
