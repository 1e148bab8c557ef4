"""Readers' notes: stored in English exactly as before, shown in the bundle's language."""

from __future__ import annotations

import string
from pathlib import Path

import pytest

from evidencekit.core.export.strings import strings
from evidencekit.core.media.document import read_pdf
from evidencekit.core.media.notes import TEMPLATES, note, parse


def _fields(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


@pytest.mark.parametrize("key", sorted(TEMPLATES))
def test_every_note_is_recognised_with_its_values(key: str) -> None:
    values = {name: f"v{i}({i})" for i, name in enumerate(sorted(_fields(TEMPLATES[key])))}
    assert parse(note(key, **values)) == (key, values)


@pytest.mark.parametrize("lang", ["zh-Hans", "zh-Hant"])
def test_every_note_has_a_chinese_text_with_the_same_values(lang: str) -> None:
    s = strings(lang)
    for key, template in TEMPLATES.items():
        shown = s(f"note.{key}")
        assert shown != f"note.{key}", f"{lang} has no text for {key}"
        assert _fields(shown) == _fields(template), key
        assert any("\u4e00" <= ch <= "\u9fff" for ch in shown), f"{lang} text of {key} is not Chinese"


def test_stored_words_are_unchanged() -> None:
    # the digests of facts already in custody logs depend on these exact words
    assert note("doc.page_ocr_failed", page=2, reason="engine stopped") == "page 2: OCR failed (engine stopped)"
    assert note("export.count_differs", declared=12, n=11) == "the file says it holds 12 records; 11 were found"
    assert note("av.sound_short", seconds="3.0", declared="9.5") == (
        "truncated or damaged: the sound decodes for 3.0 s of the 9.5 s the file claims")
    assert note("left_out.withheld_not_located", n="4") == (
        "exhibit 4: image withheld from the redacted bundle (no OCR reading to find the numbers in)")


def test_what_an_export_left_out_is_said_in_the_apps_language() -> None:
    from evidencekit.core.export.redact import Outcome
    from evidencekit.core.export.redaction import WITHHELD_BECAUSE

    assert set(WITHHELD_BECAUSE.values()) <= set(TEMPLATES)
    said = note(WITHHELD_BECAUSE[Outcome.STILL_LEGIBLE], n="7")
    assert strings("zh-Hans").note(said) == "证据7：图片未放入脱敏证据包（遮盖后号码仍可辨认）"
    assert strings("zh-Hant").note(said) == "證據7：圖片未放入遮蔽版證據包（遮蓋後號碼仍可辨認）"


def test_a_document_note_is_chinese_in_a_chinese_bundle_and_english_in_an_english_one(tmp_path: Path) -> None:
    from reportlab.pdfgen import canvas

    p = tmp_path / "scan.pdf"
    c = canvas.Canvas(str(p))
    c.rect(72, 72, 200, 200, fill=1)  # a page with a picture and no text layer: a scanned page
    c.showPage()
    c.save()

    def broken(path: Path, page: int) -> str:
        raise RuntimeError("engine stopped")

    doc = read_pdf(p, ocr_page=broken)
    assert doc.notes == ("page 1: OCR failed (engine stopped)",)
    assert strings("zh-Hans").note(doc.notes[0]) == "第 1 页：文字识别失败（engine stopped）"
    assert strings("zh-Hant").note(doc.notes[0]) == "第 1 頁：文字辨識失敗（engine stopped）"
    assert strings("en").note(doc.notes[0]) == doc.notes[0]


def test_a_note_no_template_knows_is_shown_as_stored() -> None:
    assert strings("zh-Hans").note("written by an older version") == "written by an older version"
