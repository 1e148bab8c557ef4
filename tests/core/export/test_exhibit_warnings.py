"""An exhibit whose reading needs a look says so on its page, in the bundle's language: a
screenshot read as nothing is never shown as merely "not read yet", and lines a second engine
read differently carry that reading beside them."""

from __future__ import annotations

import re
import subprocess
from dataclasses import replace
from pathlib import Path

import pytest

from evidencekit.core.export.bundle import export_bundle
from evidencekit.core.export.model import BundleInput, ExportOptions
from evidencekit.core.models import OcrWarning, ReviewMark
from tests.core.export.fixtures import NOW, make_input


def _flat(pdf: Path) -> str:
    out = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    return re.sub(r"\s", "", out)


def _flagged(tmp: Path, language: str) -> BundleInput:
    inp = make_input(tmp, 2, groups=False)
    first, second = inp.exhibits
    assert first.ocr is not None and second.ocr is not None
    empty = replace(first.ocr, text="", messages=(), warnings=(
        OcrWarning("layout.no_bubbles", "no message bubbles found"), OcrWarning("ocr.empty", "no text found")))
    m0 = second.ocr.messages[0]
    marked = replace(m0, review=(ReviewMark(0, m0.text, "逾期未还款项", "tesseract", 41.0),))
    reviewed = replace(second.ocr, messages=(marked, *second.ocr.messages[1:]),
                       warnings=(OcrWarning("ocr.review", "1 line(s) read differently"),))
    return replace(inp, meta=replace(inp.meta, language=language),
                   exhibits=(replace(first, ocr=empty), replace(second, ocr=reviewed)))


@pytest.mark.parametrize(("language", "expected"), [
    ("zh-Hans", ["请对照原图核对此识别结果：未找到消息气泡，整张图片按一段文字识别",
                 "已识别，但图中未找到文字：请直接阅读原图。",
                 "第二个识别引擎对部分行读法不同（已在下方标出）",
                 "（第二个识别引擎读作“逾期未还款项”，请核对原图）"]),
    ("zh-Hant", ["請對照原圖核對此辨識結果：未找到訊息泡泡，整張圖片按一段文字辨識",
                 "已辨識，但圖中未找到文字：請直接閱讀原圖。",
                 "（第二個辨識引擎讀作「逾期未还款项」，請核對原圖）"]),
    ("en", ["Checkthisreadingagainsttheimage:nomessagebubbleswerefound;thewholeimagewasreadasoneblock",
            "Thescreenshotwasreadandnotextwasfoundinit:readtheimageitself.",
            "(readdifferentlybyasecondengine:“逾期未还款项”;checktheimage)"]),
])
def test_a_reading_that_needs_a_look_says_so_on_its_page(tmp_path: Path, language: str, expected: list[str]) -> None:
    res = export_bundle(_flagged(tmp_path, language), tmp_path / "b.pdf", ExportOptions(now=NOW, attach=False))
    flat = _flat(res.pdf_path)
    for line in expected:
        assert re.sub(r"\s", "", line) in flat
    # "not read yet" is for screenshots never read, not for one read as nothing
    assert re.sub(r"\s", "", {"zh-Hans": "尚未识别文字。", "zh-Hant": "尚未辨識文字。",
                               "en": "No text recognised yet."}[language]) not in flat
