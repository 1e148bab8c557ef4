"""One pixel limit and one decodability check for import, reading and export, in bounded memory:
a PNG Pillow would refuse halfway through decoding is refused at import without holding its
pixels; OCR refuses what import refuses, from the header alone."""

from __future__ import annotations

import io
import struct
import zlib
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from evidencekit.core.media import limits
from evidencekit.core.media.imagecheck import _ADAM7, Undecodable, check_image
from evidencekit.core.media.sniff import Unsupported, probe
from evidencekit.core.ocr import stages
from evidencekit.errors import OcrError


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def png(w: int, h: int, raw: bytes, *, color_type: int = 0, interlace: int = 0) -> bytes:
    """A PNG of ``w``×``h`` 8-bit pixels whose inflated data is ``raw`` (filter bytes included)."""
    ihdr = struct.pack(">IIBBBBB", w, h, 8, color_type, 0, 0, interlace)
    return b"\x89PNG\r\n\x1a\n" + _chunk(b"IHDR", ihdr) + _chunk(b"IDAT", zlib.compress(raw)) + _chunk(b"IEND", b"")


def rows(w: int, h: int, channels: int, filt: int = 0) -> bytes:
    return b"".join(bytes([filt]) + bytes((x * 7 + y) % 256 for x in range(w * channels)) for y in range(h))


@pytest.mark.parametrize("color_type,channels", [(0, 1), (6, 4)], ids=["grey", "rgba"])
def test_a_png_row_with_an_unknown_filter_is_refused_at_import(tmp_path: Path, color_type: int, channels: int) -> None:
    p = tmp_path / "bad.png"
    p.write_bytes(png(60, 40, rows(60, 40, channels, filt=7), color_type=color_type))
    with pytest.raises(OSError):  # the file is one Pillow cannot decode: the test proves something
        Image.open(p).load()
    with pytest.raises(Unsupported, match="unknown filter"):
        probe(p, "image")


def test_a_png_with_too_few_rows_is_refused(tmp_path: Path) -> None:
    p = tmp_path / "short.png"
    p.write_bytes(png(60, 40, rows(60, 39, 1)))  # a complete zlib stream, one row short
    with pytest.raises(Unsupported, match="truncated or corrupt"):
        probe(p, "image")


@pytest.mark.parametrize("mode", ["1", "L", "LA", "RGB", "RGBA", "I;16", "P2", "P16", "P256"])
@pytest.mark.parametrize("size", [(1, 1), (7, 3), (300, 17)])
def test_every_png_pillow_writes_is_accepted(tmp_path: Path, mode: str, size: tuple[int, int]) -> None:
    noise = Image.effect_noise(size, 60)
    im = noise.convert("RGB").quantize(int(mode[1:])) if mode.startswith("P") else noise.convert(mode)
    p = tmp_path / "ok.png"
    im.save(p)
    assert check_image(p).width == size[0]


@pytest.mark.parametrize("size", [(1, 1), (3, 5), (9, 9), (101, 37)])
def test_an_interlaced_png_is_walked_pass_by_pass(tmp_path: Path, size: tuple[int, int]) -> None:
    w, h = size
    arr = np.random.default_rng(0).integers(0, 256, (h, w, 3), dtype=np.uint8)
    raw = b"".join(b"\x00" + row.tobytes() for x0, dx, y0, dy in _ADAM7 for row in arr[y0::dy, x0::dx] if row.size)
    p = tmp_path / "i.png"
    p.write_bytes(png(w, h, raw, color_type=2, interlace=1))
    with Image.open(p) as im:
        assert im.info.get("interlace") and (np.asarray(im.convert("RGB")) == arr).all()
    assert check_image(p).height == h
    p.write_bytes(png(w, h, raw[:-1], color_type=2, interlace=1))
    with pytest.raises(Undecodable):
        check_image(p)


def test_ocr_shares_the_import_limit() -> None:
    assert stages.MAX_PIXELS == limits.MAX_IMAGE_PIXELS


def test_ocr_refuses_a_side_import_refuses_from_the_header(tmp_path: Path) -> None:
    # few pixels, one very long side: decoders keep a buffer per row (2 × 30,000,000 took 5 GB)
    w, h = 1, limits.MAX_IMAGE_SIDE + 10
    data = png(w, h, b"\x00\x00" * h)
    p = tmp_path / "tall.png"
    p.write_bytes(data)
    with pytest.raises(Unsupported, match="decompression bomb"):
        probe(p, "image")
    for source in (data, p):
        with pytest.raises(OcrError, match="too large"):
            stages.decode(source)


def test_size_problem() -> None:
    assert limits.size_problem(1080, 30_000) is None
    assert limits.size_problem(7800, 7700) is not None  # over the pixel limit
    assert limits.size_problem(2, 30_000_000) is not None  # within it, a side too long
    assert limits.size_problem(0, 10) is not None


def test_a_header_claiming_too_many_pixels_costs_nothing_to_refuse(tmp_path: Path) -> None:
    p = tmp_path / "huge.png"
    p.write_bytes(png(8000, 9999, b""))
    with pytest.raises(Undecodable, match="8000×9999"):
        check_image(p)
    buf = io.BytesIO(p.read_bytes())
    with pytest.raises(OcrError, match="too large"):
        stages.decode(buf.getvalue())
