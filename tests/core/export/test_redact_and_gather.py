"""Redaction (text and pixels, originals left out) and the thin vault glue."""

from __future__ import annotations

import subprocess
import zipfile
from pathlib import Path

import pytest
from PIL import Image, ImageChops

from evidencekit.core.export.bundle import export_bundle, export_case
from evidencekit.core.export.mask import Redactor
from evidencekit.core.export.model import ExportOptions, gather
from evidencekit.core.export.redact import ImageRedaction, Outcome, redact_image
from evidencekit.core.export.verify_bundle import verify_bundle
from evidencekit.core.models import CaseMeta, Respondent
from evidencekit.core.vault.case import Case
from tests.core.export.fixtures import NOW, draw_screenshot, make_input

SECRETS = ("110101199003078515", "6222021234567890128", "13812345678")


def test_redactor_masks_ids_cards_and_third_party_phones_only() -> None:
    r = Redactor.for_case(["95188", "13900001111"])
    out = r.text("身份证110101199003078515 卡号6222 0212 3456 7890 128 张三13900001111 李四13812345678 客服95188 "
                 "台灣A123456789 香港K123456(7)")
    for s in ("110101199003078515", "6222 0212 3456 7890", "13812345678", "A123456789", "K123456(7)"):
        assert s not in out
    assert "13900001111" in out and "95188" in out


def test_redacted_bundle_masks_text_and_pixels_and_leaves_originals_out(tmp_path: Path) -> None:
    inp = make_input(tmp_path, 3)
    res = export_bundle(inp, tmp_path / "r.pdf", ExportOptions(make_zip=True, now=NOW, redact=True))
    text = subprocess.run(["pdftotext", str(res.pdf_path), "-"], capture_output=True, text=True).stdout
    flat = text.replace("\n", "").replace(" ", "")
    for s in SECRETS:
        assert s not in flat
    assert "已脱敏" in flat and "未脱敏的原件未随本材料提供" in flat
    assert res.attached == 0
    names = zipfile.ZipFile(res.zip_path).namelist()
    assert not any(n.startswith("originals/") for n in names)
    assert any(n.startswith("redacted/") for n in names)
    # the pixels: the image in the PDF (the first is exhibit 1's) differs from the original where the bubble was
    subprocess.run(["pdfimages", "-png", str(res.pdf_path), str(tmp_path / "img")], check=True)
    shown = sorted(tmp_path.glob("img-*.png"))[0]
    with Image.open(shown) as a, Image.open(inp.exhibits[0].original) as b:
        assert a.size == b.size
        assert ImageChops.difference(a.convert("RGB"), b.convert("RGB")).getbbox() is not None
    for p in (res.pdf_path, res.zip_path):
        assert verify_bundle(p).ok


def test_redaction_withholds_unread_images(tmp_path: Path) -> None:
    inp = make_input(tmp_path, 2, ocr=False)
    res = export_bundle(inp, tmp_path / "r.pdf", ExportOptions(now=NOW, redact=True))
    assert any("withheld" in w for w in res.warnings)
    images = subprocess.run(["pdfimages", "-list", str(res.pdf_path)], capture_output=True, text=True).stdout
    assert len(images.splitlines()) == 2  # header only: no screenshot shown unredacted


def test_export_case_from_a_real_vault(tmp_path: Path) -> None:
    shots = tmp_path / "shots"
    shots.mkdir()
    for i in range(3):
        draw_screenshot(shots / f"s{i}.png", ["您的借款已逾期，请尽快还款。"], seed=i)
    with Case.create(tmp_path / "case", CaseMeta("某某金融催收", "张三", "13800138000",
                                                 (Respondent("某某消费金融", ("95188",)),))) as case:
        outcomes = list(case.import_paths([shots]))
        assert all(o.status == "imported" for o in outcomes)
        inp = gather(case)
        assert [ex.number for ex in inp.exhibits] == ["1", "2", "3"]
        assert all(ex.batch for ex in inp.exhibits)
        res = export_case(case, tmp_path / "b.pdf", ExportOptions(make_zip=True))
        last = case.log_entries()[-1]
        assert last.action == "export_made" and last.details["fingerprint"] == res.fingerprint
    assert verify_bundle(res.pdf_path).ok and verify_bundle(res.zip_path).ok


def _changed_fraction(a: Image.Image, b: Image.Image, box: tuple[int, int, int, int]) -> float:
    x, y, w, h = box
    d = ImageChops.difference(a.crop((x, y, x + w, y + h)).convert("L"), b.crop((x, y, x + w, y + h)).convert("L"))
    hist = d.histogram()
    return 1 - hist[0] / (w * h)


@pytest.mark.tesseract
def test_word_boxes_black_out_only_the_numbers(tmp_path: Path) -> None:
    from evidencekit.core.ocr.pipeline import default_engine

    inp = make_input(tmp_path, 1)
    ex = inp.exhibits[0]
    red = Redactor.for_case(["95188"])
    out = tmp_path / "r.png"
    got = redact_image(ex.original, ex.ocr, red, out, engine=default_engine())
    assert got.outcome is Outcome.MASKED and got.marks >= 3  # several word boxes
    with Image.open(out) as a, Image.open(ex.original) as b:
        for m in ex.ocr.messages:
            changed = _changed_fraction(a, b, m.bbox)
            assert 0.02 < changed < 0.5, changed  # the numbers are covered, the rest of the bubble is not
        black = a.convert("L").histogram()[0]
        assert black > 2000


def test_without_an_engine_the_bubble_is_repainted(tmp_path: Path) -> None:

    inp = make_input(tmp_path, 1)
    ex = inp.exhibits[0]
    out = tmp_path / "r.png"
    assert redact_image(ex.original, ex.ocr, Redactor.for_case([]), out) == ImageRedaction(Outcome.MASKED, 2)
    with Image.open(out) as a, Image.open(ex.original) as b:
        assert _changed_fraction(a, b, ex.ocr.messages[0].bbox) > 0.5


def test_gather_uses_the_vaults_ocr_and_the_users_corrections(tmp_path: Path) -> None:
    inp = make_input(tmp_path / "fx", 1)
    ocr = inp.exhibits[0].ocr
    with Case.create(tmp_path / "case", CaseMeta("某某金融催收", "张三")) as case:
        [o] = list(case.import_paths([inp.exhibits[0].original]))
        case.store_ocr(o.item_id, ocr, cache_key="test")
        case.correct_message(o.item_id, 1, "更正后的文字 13812345678")
        [ex] = gather(case).exhibits
        assert ex.ocr is not None and ex.ocr.messages[1].text == "更正后的文字 13812345678"
        assert ex.corrected == frozenset({1})
        res = export_case(case, tmp_path / "b.pdf", ExportOptions(language="en"))
    text = subprocess.run(["pdftotext", str(res.pdf_path), "-"], capture_output=True, text=True).stdout
    assert "更正后的文字" in text and "corrected by hand" in text


def test_redactor_keeps_the_other_side_and_service_lines() -> None:
    r = Redactor.for_case(["玉山銀行 0912-345-678", "富邦金控 +886 2 8751 1313"])
    text = "玉山銀行 0912345678 客服專線02-2182-1313 富邦 8751 1313 联系人13812345678"
    out = r.text(text)
    assert "0912345678" in out and "02-2182-1313" in out and "8751 1313" in out
    assert "13812345678" not in out
    assert r.sensitive(text) == ["13812345678"]
