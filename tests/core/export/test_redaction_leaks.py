"""The numbers a redacted bundle masks, in every form they are written in."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from PIL import Image

from evidencekit.core.export.redact import Redactor
from evidencekit.core.models import EngineInfo, Message, OcrResult
from evidencekit.core.ocr.engine import OcrEngine
from tests.core.export.fixtures import SENDER, draw_screenshot

CLAIMANT = "13900001111"
RESPONDENT = "0912-555-168"  # a second number of the other side
KEEP = [SENDER, CLAIMANT, RESPONDENT]

# Each number form, as written, with the digits the redactor reports for it.
FORMS = [
    ("tw-landline", "(02)2345-6789", "0223456789"),
    ("tw-landline-fullwidth", "（02）2758－3941", "0227583941"),
    ("tw-landline-dashed", "02-2758-3941", "0227583941"),
    ("tw-landline-intl", "+886 2 2758 3941", "886227583941"),
    ("cn-landline-spaced", "021 6234 5678", "02162345678"),
    ("cn-landline-dashed", "0755-8612 3047", "075586123047"),
    ("cn-landline-bracketed", "(010)68945213", "01068945213"),
    ("cn-landline-7", "0571-8765432", "05718765432"),
    ("cn-landline-intl", "+86 21 6483 2957", "862164832957"),
    ("hk-spaced", "9123 4567", "91234567"),
    ("hk-dashed", "2867-3015", "28673015"),
    ("hk-intl", "+852 9137 4682", "85291374682"),
    ("cn-mobile", "13829476153", "13829476153"),
    ("cn-mobile-spaced", "138 2947 6153", "13829476153"),
    ("cn-mobile-dashed", "159-3721-8846", "15937218846"),
    ("cn-mobile-intl", "+86 186 5032 7419", "8618650327419"),
    ("tw-mobile", "0933-274-815", "0933274815"),
    ("tw-mobile-intl", "+886 912 638 407", "886912638407"),
    ("cn-id", "440305198807213514", "440305198807213514"),
    ("cn-id-x", "11010519850716302X", "11010519850716302X"),
    ("tw-id", "F128374659", "F128374659"),
    ("hk-id", "K538210(4)", "K5382104"),
    ("card", "6228480129375516273", "6228480129375516273"),
    ("card-grouped", "6228 4801 2937 5516 273", "6228480129375516273"),
]
NOT_NUMBERS = ["欠款3,200.00元", "請於2026-11-28 09:30前還款", "2026年11月28日", "逾期3天", "22:00前",
               "¥23456789", "金额12,800元", "20261128", "2026-01-15 1230", "第2345期", "客服热线021-62345678",
               "400-820-8820", "2026-11-20T01:00:00.000Z"]

# Screenshots: every form in Simplified and in Traditional Chinese, the kept numbers among them.
HANS = [
    "请拨打(02)2345-6789与公司电话021 6234 5678联系，或找陈先生0933-274-815。",
    "香港同事9123 4567或+852 9137 4682，身份证440305198807213514。",
    "请联系138 2947 6153或159-3721-8846，座机(010)68945213，还款卡号6228 4801 2937 5516 273。",
    "本人13900001111",
]
HANT = [
    "請撥打(02)2345-6789與公司電話021 6234 5678聯繫，或找陳先生+886 912 638 407。",
    "香港同事2867-3015，身分證F128374659，香港身份證K538210(4)，對方0912-555-168。",
    "請聯絡+86 186 5032 7419或0755-8612 3047，欠款3,200.00元，2026-11-28前還清。",
    "對方0912-555-168",
]
SURVIVING_RUN = 6


def _digits(s: str) -> str:
    # as a reader searching the OCR would: O for 0, l for 1 and so on
    return re.sub(r"\D", "", s.translate(str.maketrans("OoIl|SB", "0011158")))


def _secrets(texts: list[str], red: Redactor) -> set[str]:
    return {_digits(s) for t in texts for s in red.sensitive(t)} - {""}


def _leaks(text: str, secrets: set[str]) -> list[str]:
    """The secrets of which ``SURVIVING_RUN`` consecutive digits are in ``text``: digit runs
    are read across spaces, dashes, brackets and line breaks (a number wraps in a table)."""
    runs = [_digits(r) for r in re.findall(r"\d[\d\s\-()+.（）－]*\d", text)]
    out = []
    for sec in sorted(secrets):
        n = min(SURVIVING_RUN, len(sec))
        if any(sec[i : i + n] in r for r in runs for i in range(len(sec) - n + 1)):
            out.append(sec)
    return out


def _read(engine: OcrEngine, paths: list[Path], lang: str, psm: int) -> list[str]:
    ims = [Image.open(p).convert("RGB") for p in paths]
    return ["".join(w.text for ln in rec.lines for w in ln.words) for rec in engine.recognise_many(ims, lang, psm=psm)]


def _shot(tmp: Path, name: str, texts: list[str], script: str) -> tuple[Path, OcrResult]:
    p = tmp / f"{name}.png"
    boxes = draw_screenshot(p, texts)
    ocr = OcrResult("0" * 64, EngineInfo("tesseract", "5", "chi_sim"), script, "\n".join(texts), SENDER,
                    tuple(Message(t, bbox=b, side="in") for t, b in zip(texts, boxes, strict=True)))
    return p, ocr


# --- text -------------------------------------------------------------------------------------


@pytest.mark.parametrize(("form", "secret"), [(f, s) for _, f, s in FORMS], ids=[i for i, _, _ in FORMS])
@pytest.mark.parametrize("context", ["请联系{}处理", "請聯絡{}，謝謝"], ids=["hans", "hant"])
def test_every_form_is_masked_in_text(form: str, secret: str, context: str) -> None:
    red = Redactor.for_case(KEEP)
    text = context.format(form)
    assert red.sensitive(text) == [secret]
    out = red.text(text)
    masked = out[text.index(form) :][: len(form)]
    assert out == text.replace(form, masked)  # only the number changed, and in its own shape
    shown = re.sub(r"[^0-9A-Za-z]", "", masked.translate(str.maketrans("０１２３４５６７８９", "0123456789")))
    assert len(shown) == (4 if form.startswith("6228") else 2), out  # all but the last 2 (a card's 4)
    assert secret.endswith(shown)
    assert not _leaks(out, {_digits(secret)})


@pytest.mark.parametrize("text", NOT_NUMBERS)
def test_amounts_dates_and_service_lines_are_left_alone(text: str) -> None:
    assert Redactor.for_case(KEEP).text(text) == text


@pytest.mark.parametrize("kept", ["95188", "13900001111", "139 0000 1111", "+86 139 0000 1111", "0912-555-168",
                                  "0912555168", "+886 912 555 168"])
def test_the_other_side_and_the_claimant_are_kept(kept: str) -> None:
    red = Redactor.for_case(KEEP)
    text = f"来电{kept}，另有13829476153"
    out = red.text(text)
    assert kept in out and "13829476153" not in out


def test_a_strangers_number_ending_like_a_kept_one_is_masked() -> None:
    red = Redactor.for_case(KEEP)
    assert red.sensitive("另有13812395188及0933-555-168") == ["13812395188", "0933555168"]


def test_the_reported_landlines_are_masked_to_their_last_two_digits() -> None:
    red = Redactor.for_case(KEEP)
    out = red.text("請撥打（02)2345-6789與公司電話021 6234 5678，香港9123 4567")
    assert out == "請撥打（**)****-**89與公司電話*** **** **78，香港**** **67"


