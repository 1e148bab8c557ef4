"""Screenshots go into the PDF bit for bit: PNG IDAT and JPEG data passed through, others decoded."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from PIL import Image, ImageChops, ImageDraw
from reportlab.pdfgen.canvas import Canvas

from evidencekit.core.export.pdf.flowables import Picture


def picture_pdf(tmp: Path, img: Path) -> Path:
    out = tmp / "p.pdf"
    c = Canvas(str(out))
    Picture(img, 200, 300).drawOn(c, 50, 50)
    c.save()
    return out


def make(tmp: Path, mode: str, fmt: str, name: str) -> Path:
    im = Image.new("RGB", (120, 180), (240, 240, 240))
    d = ImageDraw.Draw(im)
    for i in range(0, 180, 12):
        d.line([(0, i), (119, 179 - i)], fill=(i, 255 - i, 90), width=3)
    im = im.convert(mode)
    p = tmp / name  # no extension, like the vault's objects
    im.save(p, format=fmt)
    return p


@pytest.mark.parametrize("mode", ["RGB", "L"])
def test_png_passes_through_bit_for_bit(tmp_path: Path, mode: str) -> None:
    src = make(tmp_path, mode, "PNG", "obj")
    pdf = picture_pdf(tmp_path, src)
    subprocess.run(["pdfimages", "-png", str(pdf), str(tmp_path / "x")], check=True)
    with Image.open(tmp_path / "x-000.png") as a, Image.open(src) as b:
        assert a.mode == b.mode
        assert ImageChops.difference(a, b).getbbox() is None
    assert b"/Predictor 15" in pdf.read_bytes()


def test_jpeg_without_extension_passes_through(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from reportlab import rl_config

    monkeypatch.setattr(rl_config, "useA85", 0)  # as document.build_pdf sets it
    src = make(tmp_path, "RGB", "JPEG", "obj")
    pdf = picture_pdf(tmp_path, src)
    listing = subprocess.run(["pdfimages", "-list", str(pdf)], capture_output=True, text=True).stdout
    assert " jpeg " in listing
    assert src.read_bytes() in pdf.read_bytes()


@pytest.mark.parametrize("mode", ["RGBA", "P"])
def test_other_pngs_fall_back_to_reportlab(tmp_path: Path, mode: str) -> None:
    src = make(tmp_path, mode, "PNG", "obj")
    pdf = picture_pdf(tmp_path, src)
    assert b"/Predictor" not in pdf.read_bytes()
    subprocess.run(["pdfimages", "-png", str(pdf), str(tmp_path / "x")], check=True)
    with Image.open(tmp_path / "x-000.png") as a, Image.open(src) as b:
        assert ImageChops.difference(a.convert("RGB"), b.convert("RGB")).getbbox() is None
