"""A picture that cannot be decoded (kept by an older version, or one that defeats the import
check) does not stop an export: its page says so in the bundle's language, and the bundle
verifies."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from evidencekit.core.export.bundle import export_case
from evidencekit.core.export.model import ExportOptions
from evidencekit.core.export.page_images import page_images
from evidencekit.core.export.strings import strings
from evidencekit.core.media import imagecheck
from evidencekit.core.vault.case import Case
from evidencekit.core.verify import verify_path
from tests.conftest import make_png
from tests.core.media.test_imagecheck import png, rows


def _bad_filter(path: Path, color_type: int, channels: int) -> Path:
    path.write_bytes(png(80, 120, rows(80, 120, channels, filt=9), color_type=color_type))
    return path


@pytest.mark.parametrize("lang", ["zh-Hans", "zh-Hant", "en"])
def test_an_undecodable_picture_gets_a_placeholder_and_the_bundle_verifies(
        case: Case, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, lang: str) -> None:
    good = make_png(tmp_path / "in" / "good.png")
    rgba = _bad_filter(tmp_path / "in" / "bad-rgba.png", 6, 4)  # reportlab decodes it: a traceback before
    grey = _bad_filter(tmp_path / "in" / "bad-grey.png", 0, 1)  # passed through undecoded: garbage before
    with monkeypatch.context() as m:  # as an older version, which did not walk the rows, kept them
        m.setattr(imagecheck, "check_png_data", lambda path: None)
        outcomes = list(case.import_paths([good, rgba, grey]))
    assert [o.status for o in outcomes] == ["imported"] * 3
    out = tmp_path / "out" / "b.pdf"
    out.parent.mkdir()
    res = export_case(case, out, ExportOptions(language=lang, make_zip=True))
    assert sum("cannot be decoded" in w for w in res.warnings) == 2
    assert verify_path(out).ok and verify_path(out.with_suffix(".zip")).ok
    text = subprocess.run(["pdftotext", str(out), "-"], capture_output=True, text=True, check=True).stdout
    said = strings(lang)("image_undecodable")
    assert text.replace("\n", "").replace(" ", "").count(said.replace(" ", "")[:12]) == 2


def test_page_images_lists_what_cannot_be_decoded(tmp_path: Path) -> None:
    good = make_png(tmp_path / "good.png")
    bad = _bad_filter(tmp_path / "bad", 2, 3)
    huge = tmp_path / "huge"
    huge.write_bytes(png(8000, 9999, b""))  # the header alone: refused before a pixel is decoded
    shown = page_images({1: good, 2: bad, 3: huge}, tmp_path)
    assert set(shown.undecodable) == {2, 3} and shown.paths[1] == good
    assert "8000×9999" in shown.undecodable[3]


def test_a_picture_that_fails_at_drawing_gets_its_fallback(tmp_path: Path) -> None:
    from reportlab.pdfgen.canvas import Canvas

    from evidencekit.core.export.pdf.flowables import Picture
    from evidencekit.core.export.pdf.styles import register_fonts

    register_fonts()
    bad = _bad_filter(tmp_path / "bad", 6, 4)
    pdf = tmp_path / "p.pdf"
    c = Canvas(str(pdf))
    Picture(bad, 200, 300, "图片无法解码").drawOn(c, 50, 50)
    c.save()
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    assert "图片无法解码" in text
