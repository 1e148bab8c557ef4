"""Per-stage tests of the OCR pipeline (no tesseract needed)."""

from __future__ import annotations

import io
from pathlib import Path

import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageFont

from evidencekit.core.ocr import stages
from evidencekit.core.ocr.compose import compose, split_lines
from evidencekit.core.ocr.layout import Bubble, PageLayout, analyse
from evidencekit.core.ocr.segment import segment
from evidencekit.errors import OcrError

from .conftest import SAMPLES, sample_truths

FONT = "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc"


def layout_of(img: Image.Image) -> PageLayout:
    """The layout from the default engine's detected lines (PP-OCR's detector, the real one)."""
    from evidencekit.core.ocr.rapid import RapidOcrEngine

    return analyse(stages.to_array(img), RapidOcrEngine().detect(img))


def bubbles_of(img: Image.Image) -> tuple[Bubble, ...]:
    return layout_of(img).bubbles


def _png_bytes(img: Image.Image, fmt: str = "PNG") -> bytes:
    buf = io.BytesIO()
    img.save(buf, fmt)
    return buf.getvalue()


@pytest.mark.parametrize("fmt", ["PNG", "JPEG", "WEBP"])
def test_decode_formats(fmt: str) -> None:
    img = Image.new("RGB", (40, 30), (200, 10, 10))
    out = stages.decode(_png_bytes(img, fmt))
    assert out.mode == "RGB" and out.size == (40, 30)


def test_decode_heic(tmp_path: Path) -> None:
    pillow_heif = pytest.importorskip("pillow_heif")
    pillow_heif.register_heif_opener()
    img = Image.new("RGB", (64, 64), (20, 200, 20))
    p = tmp_path / "a.heic"
    try:
        img.save(p, "HEIF")
    except (KeyError, OSError, ValueError) as e:  # no HEVC encoder in this build
        pytest.skip(f"cannot write HEIC here: {e}")
    assert stages.decode(p).size == (64, 64)


def test_decode_rgba_flattened_on_white() -> None:
    img = Image.new("RGBA", (10, 10), (0, 0, 0, 0))
    out = stages.decode(_png_bytes(img))
    assert out.getpixel((5, 5)) == (255, 255, 255)


def test_decode_refuses_bombs() -> None:
    img = Image.new("L", (3000, 3000), 255)
    with pytest.raises(OcrError, match="too large"):
        stages.decode(_png_bytes(img), max_pixels=1_000_000)


@pytest.mark.parametrize("data", [b"", b"not an image at all", b"\x89PNG\r\n\x1a\nbroken"], ids=["empty", "text", "truncated"])
def test_decode_rejects_non_images(data: bytes) -> None:
    with pytest.raises(OcrError):
        stages.decode(data)


def test_decode_missing_file(tmp_path: Path) -> None:
    with pytest.raises(OcrError, match="cannot open"):
        stages.decode(tmp_path / "nope.png")


@pytest.mark.parametrize(("color", "theme"), [((255, 255, 255), "light"), ((0, 0, 0), "dark"),
                                              ((19, 19, 20), "dark"), ((243, 243, 243), "light")])
def test_detect_theme(color: tuple[int, int, int], theme: str) -> None:
    img = Image.new("RGB", (100, 200), color)
    ImageDraw.Draw(img).rectangle([10, 50, 60, 80], fill=(128, 128, 128))
    assert stages.detect_theme(img) == theme


@pytest.mark.parametrize(("fill", "ink"), [((233, 233, 235), (0, 0, 0)), ((52, 199, 89), (255, 255, 255)),
                                           ((38, 38, 40), (255, 255, 255)), ((0, 74, 119), (194, 231, 255))],
                         ids=["ios-grey", "ios-green-white-text", "dark-grey", "android-dark-blue"])
def test_normalise_region_gives_dark_text_on_white(fill: tuple[int, int, int], ink: tuple[int, int, int]) -> None:
    img = Image.new("RGB", (200, 60), fill)
    ImageDraw.Draw(img).text((10, 10), "还款测试", font=ImageFont.truetype(FONT, 36, index=0), fill=ink)
    gray = stages.normalise_region(stages.to_array(img), fill)
    a = np.asarray(gray)
    assert a[0, 0] > 240  # background white
    assert a.min() < 60  # text dark
    assert (a < 128).mean() < 0.4


def test_normalise_region_clears_rounded_corners() -> None:
    img = Image.new("RGB", (200, 80), (255, 255, 255))
    d = ImageDraw.Draw(img)
    d.rounded_rectangle([0, 0, 199, 79], radius=30, fill=(233, 233, 235))
    gray = stages.normalise_region(stages.to_array(img), (233, 233, 235), outside=(255, 255, 255))
    assert np.asarray(gray).min() > 200  # no ink: the corners are not text


def test_scale_for_ocr_targets_line_height() -> None:
    img = Image.new("L", (400, 40), 255)
    ImageDraw.Draw(img).rectangle([10, 10, 300, 25], fill=0)  # a 16 px "line"
    out, f = stages.scale_for_ocr(img, target=32)
    assert f == pytest.approx(2.0, rel=0.1)
    assert stages.text_line_height(out) == pytest.approx(32, abs=3)


def test_split_lines_and_compose() -> None:
    img = Image.new("L", (300, 120), 255)
    d = ImageDraw.Draw(img)
    f = ImageFont.truetype(FONT, 30, index=0)
    d.text((5, 5), "第一行文字", font=f, fill=0)
    d.text((5, 60), "，第二行", font=f, fill=0)
    lines = split_lines(img)
    assert len(lines) == 2
    canvas, placed = compose([img, img])
    assert [p.index for p in placed] == [0, 1]
    assert placed[0].y1 < placed[1].y0


@pytest.mark.parametrize(("path", "truth"), sample_truths(), ids=lambda v: v.name if isinstance(v, Path) else "")
def test_segmentation_finds_every_bubble(path: Path, truth: dict) -> None:
    bubbles = bubbles_of(stages.decode(path))
    # the input field at the bottom may be a filled pill: at most one extra, dropped later by its text
    assert len(truth["messages"]) <= len(bubbles) <= len(truth["messages"]) + 1
    sides = [r.side for r in bubbles][: len(truth["messages"])]
    assert sides == [m["side"] for m in truth["messages"]]


def test_segment_blank_image_has_no_regions() -> None:
    arr = stages.to_array(Image.new("RGB", (300, 500), (255, 255, 255)))
    assert segment(arr) == []


def test_samples_are_small() -> None:
    total = sum(p.stat().st_size for p in SAMPLES.iterdir() if p.is_file())
    assert total < 3_000_000


def _render_variant(name: str, gap: float, factor: float, quality: int | None) -> tuple[Image.Image, int]:
    import sys

    sys.path.insert(0, str(SAMPLES))
    import make_samples as ms  # the generator, to render variants not committed as files

    old = ms.SAME_SIDE_GAP
    ms.SAME_SIDE_GAP = gap
    try:
        s = next(x for x in ms.SAMPLES if x.name == name)
        img, truth = ms.render(s)
    finally:
        ms.SAME_SIDE_GAP = old
    img = img.resize((int(img.width * factor), int(img.height * factor)), Image.Resampling.LANCZOS)
    if quality:
        img = Image.open(io.BytesIO(_jpeg(img, quality))).convert("RGB")
    return img, len(truth)


def _jpeg(img: Image.Image, quality: int) -> bytes:
    buf = io.BytesIO()
    img.convert("RGB").save(buf, "JPEG", quality=quality)
    return buf.getvalue()


@pytest.mark.parametrize("name", ["ios-dark-hans-threat", "ios-light-hant-threat", "android-dark-hant-overdue",
                                  "miui-dark-hans-marketing"])
@pytest.mark.parametrize(("gap", "factor", "quality"), [(1, 1.0, None), (2, 0.5, 60), (1, 0.4, 50), (2, 1.5, None)],
                         ids=["touching", "half-jpeg60", "small-jpeg50", "upscaled"])
def test_bubbles_of_one_sender_stay_apart(name: str, gap: float, factor: float, quality: int | None) -> None:
    img, n = _render_variant(name, gap, factor, quality)
    bubbles = bubbles_of(img)
    assert n <= len(bubbles) <= n + 1  # + the input field, dropped later by its text


def test_date_chip_on_a_pill_is_text_not_a_block() -> None:
    from evidencekit.core.ocr.compose import prepare_region

    img = Image.new("RGB", (720, 600), (255, 255, 255))
    d = ImageDraw.Draw(img)
    f = ImageFont.truetype(FONT, 24, index=0)
    d.rounded_rectangle([250, 100, 470, 140], radius=20, fill=(225, 225, 230))
    d.text((360, 120), "11月20日 星期五", font=f, fill=(90, 90, 90), anchor="mm")
    d.rounded_rectangle([30, 180, 500, 260], radius=30, fill=(233, 233, 235))
    d.text((50, 205), "您的借款已逾期", font=f, fill=(0, 0, 0))
    arr = stages.to_array(img)
    regions = segment(arr)
    kinds = [r.kind for r in regions]
    assert kinds == ["text", "bubble"]
    gray = prepare_region(arr, regions[0], (255, 255, 255))
    a = np.asarray(gray)
    assert (a < 128).mean() < 0.35  # dark text on white, not a black pill
    # from the detected lines: the chip is page text (a separator), the bubble a bubble
    lay = layout_of(img)
    assert len(lay.bubbles) == 1 and lay.bubbles[0].bbox[1] >= 170
    # (above the first bubble it is "header" text until its words show it is a time)
    assert [lay.roles[i] for i, b in enumerate(lay.lines) if b[1] < 150] in (["page"], ["header"])


def test_keyboard_at_the_bottom_is_not_messages() -> None:
    img = Image.new("RGB", (750, 1300), (255, 255, 255))
    d = ImageDraw.Draw(img)
    f = ImageFont.truetype(FONT, 34, index=0)
    d.rounded_rectangle([30, 200, 500, 300], radius=36, fill=(233, 233, 235))
    d.text((50, 230), "您的借款已逾期", font=f, fill=(0, 0, 0))
    d.rectangle([0, 800, 750, 1300], fill=(209, 212, 219))  # keyboard panel
    for row in range(4):
        for col in range(10):
            x = 8 + col * 74
            y = 830 + row * 110
            d.rounded_rectangle([x, y, x + 64, y + 90], radius=10, fill=(255, 255, 255))
            d.text((x + 20, y + 25), "qwertyuiop"[col], font=f, fill=(0, 0, 0))
    lay = layout_of(img)
    assert len(lay.bubbles) == 1
    # the keys are read as nothing: neither messages nor lines to recognise
    assert all(lay.roles[i] == "chrome" for i, b in enumerate(lay.lines) if b[1] > 800)


@pytest.mark.parametrize("name", ["miui-dark-hans-marketing", "ios-dark-hans-threat", "android-light-hans-missent"])
def test_one_character_replies_are_bubbles(name: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.syspath_prepend(str(SAMPLES))
    import make_samples as ms

    s = next(x for x in ms.SAMPLES if x.name == name)
    s = ms.Sample(s.name, s.style, s.theme, s.script, s.sender, s.subtitle,
                  [*s.messages, ms.Msg("好", None, "in"), ms.Msg("嗯", None, "out")], s.width, s.scale)
    img, truth = ms.render(s)
    bubbles = bubbles_of(img)
    assert [r.side for r in bubbles][: len(truth)] == [m["side"] for m in truth]
    assert len(truth) <= len(bubbles) <= len(truth) + 1


def test_white_bubbles_on_an_off_white_page() -> None:
    img = Image.new("RGB", (750, 600), (250, 250, 250))
    d = ImageDraw.Draw(img)
    f = ImageFont.truetype(FONT, 34, index=0)
    d.rounded_rectangle([32, 110, 560, 250], radius=30, fill=(255, 255, 255))
    d.text((56, 130), "您的借款已逾期3天", font=f, fill=(20, 20, 20))
    d.rounded_rectangle([300, 290, 720, 370], radius=30, fill=(255, 255, 255))
    d.text((324, 310), "我知道了", font=f, fill=(20, 20, 20))
    bubbles = bubbles_of(img)
    assert [r.side for r in bubbles] == ["in", "out"]


def _jpeg_with_broken_exif(path: Path) -> Path:
    import struct

    # one ImageDescription tag whose data lies past the end of the EXIF block
    tiff = b"II*\x00" + struct.pack("<I", 8) + struct.pack("<H", 1) + struct.pack("<HHII", 0x010E, 2, 1000, 100) \
        + struct.pack("<I", 0)
    Image.new("RGB", (40, 40), "white").save(path, "JPEG", exif=b"Exif\x00\x00" + tiff)
    return path


def test_a_broken_exif_tag_is_no_warning_on_the_terminal(tmp_path: Path) -> None:
    import warnings

    from evidencekit.core.media.sniff import probe

    path = _jpeg_with_broken_exif(tmp_path / "s.jpg")
    with warnings.catch_warnings(record=True) as seen:
        warnings.simplefilter("always")
        with Image.open(path) as im:
            im.getexif()
        assert seen, "the file no longer makes PIL warn: the test proves nothing"
        seen.clear()
        assert stages.decode(path).size == (40, 40)
        assert probe(path, "image").width == 40
    assert [str(w.message) for w in seen] == []


def test_a_file_that_is_no_image_is_named_not_its_file_object(tmp_path: Path) -> None:
    junk = tmp_path / "junk.png"
    junk.write_bytes(b"no image at all" * 10)
    for source in (junk, junk.read_bytes()):
        with pytest.raises(OcrError) as e:
            stages.decode(source)
        assert "<_io" not in str(e.value) and "not an image" in str(e.value)
