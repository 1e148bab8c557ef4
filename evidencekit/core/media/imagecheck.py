"""Whether an image file can be decoded, found in a bounded amount of memory.

Import asks it of every picture before keeping it, and export asks it again of each picture it
draws (a case made by an older version, or a file altered since, must not stop an export): one
check, in one place. A PNG is inflated a megabyte at a time and its rows walked (each row's
filter byte must be one PNG knows, and there must be exactly enough data for every row), so a
file that Pillow would refuse halfway through decoding is refused here without holding its
pixels. A JPEG is decoded at 1/8 scale (every block is still decoded); other formats are decoded
once, within :data:`~.limits.MAX_IMAGE_PIXELS`.
"""

from __future__ import annotations

import struct
import warnings
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from evidencekit.core.media.files import open_regular
from evidencekit.core.media.limits import size_problem

PNG_MAGIC = b"\x89PNG\r\n\x1a\n"
#: Samples per pixel of each PNG colour type (grey, RGB, palette, grey+alpha, RGBA).
_CHANNELS = {0: 1, 2: 3, 3: 1, 4: 2, 6: 4}
#: Adam7: (x start, x step, y start, y step) of each of the seven passes.
_ADAM7 = ((0, 8, 0, 8), (4, 8, 0, 8), (0, 4, 4, 8), (2, 4, 0, 4), (0, 2, 2, 4), (1, 2, 0, 2), (0, 1, 1, 2))
_PIECE = 1 << 20


class Undecodable(ValueError):
    """The image cannot be decoded, or must not be (too large); the message says why."""


@dataclass(frozen=True, slots=True)
class ImageFacts:
    """What decoding an image proved: its size and the capture time its EXIF data gives."""

    width: int
    height: int
    exif_time: str | None = None


def check_image(path: Path, *, with_exif: bool = False) -> ImageFacts:
    """Prove that the image at ``path`` decodes, in memory bounded by its size (never more than
    :data:`~.limits.MAX_IMAGE_PIXELS` pixels' worth, whatever the file claims).

    Args:
        path: the image (PNG, JPEG, WebP, GIF, BMP, TIFF, HEIC).
        with_exif: read the capture time from its EXIF data too.

    Returns:
        Its size (and EXIF time when asked).

    Raises:
        Undecodable: not an image, truncated, corrupt, or larger than the limits (the reason).
    """
    from PIL import Image, UnidentifiedImageError

    from evidencekit.core.media.sniff import exif_time_of

    _register_heif()
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", UserWarning)  # a broken EXIF tag: judged by decoding, not on stderr
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with open_regular(path) as fp, Image.open(fp) as im:
                w, h = im.size
                # the header's size, before a byte of pixels is decoded
                problem = size_problem(w, h)
                if problem:
                    raise Undecodable(problem)
                exif_time = exif_time_of(im) if with_exif else None
                if im.format == "PNG":
                    # every chunk read and its CRC checked (a truncated or altered file fails)
                    # without holding the pixels: memory stays small whatever the size
                    with Image.open(path) as fresh:  # verify() must come straight after open
                        fresh.verify()
                    check_png_data(path)
                else:
                    if im.format == "JPEG":
                        im.draft(im.mode, (max(1, w // 8), max(1, h // 8)))  # every block decoded, 1/64 the memory
                    im.load()  # decodes every byte: finds truncated and corrupt files
    except Undecodable:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as e:
        raise Undecodable(f"image refused as a possible decompression bomb ({e})") from e
    except UnidentifiedImageError as e:
        raise Undecodable("the image cannot be read (corrupt or unsupported image format)") from e
    except (OSError, SyntaxError, ValueError, struct.error, EOFError) as e:
        raise Undecodable(f"the image is truncated or corrupt ({e})") from e
    return ImageFacts(w, h, exif_time)


def decode_problem(path: Path) -> str | None:
    """Why the image at ``path`` cannot be drawn (None: it decodes); see :func:`check_image`."""
    try:
        check_image(path)
    except Undecodable as e:
        return str(e)
    return None


def _register_heif() -> None:
    try:
        import pillow_heif

        pillow_heif.register_heif_opener()
    except ImportError:  # HEIC then fails with a clear message
        pass


def png_rows(width: int, height: int, depth: int, color_type: int, interlace: int) -> list[tuple[int, int]]:
    """The rows of a PNG's inflated data: (row count, bytes per row with its filter byte), per
    interlace pass (one pass when not interlaced)."""
    if color_type not in _CHANNELS or depth not in (1, 2, 4, 8, 16):
        raise Undecodable(f"the image is truncated or corrupt (PNG colour type {color_type}, depth {depth})")
    bits = depth * _CHANNELS[color_type]
    passes = _ADAM7 if interlace else ((0, 1, 0, 1),)
    out = []
    for x0, dx, y0, dy in passes:
        cols, rows = (width - x0 + dx - 1) // dx, (height - y0 + dy - 1) // dy
        if cols > 0 and rows > 0:
            out.append((rows, (cols * bits + 7) // 8 + 1))
    return out


def check_png_data(path: Path) -> None:
    """Inflate a PNG's image data a megabyte at a time (nothing kept) and walk its rows.

    Damaged compressed data, a row whose filter byte is not one of PNG's five (Pillow fails on
    it halfway through decoding), too little data for every row, or data that would inflate far
    beyond the image's size fail here instead of in OCR or export.

    Raises:
        Undecodable: the reason.
    """
    with open_regular(path) as f:
        if f.read(8) != PNG_MAGIC:
            raise Undecodable("the image is truncated or corrupt (not a PNG)")
        head = f.read(8)
        if len(head) < 8 or head[4:] != b"IHDR":
            raise Undecodable("the image is truncated or corrupt (PNG without its header)")
        w, h, depth, ctype, _comp, _filt, interlace = struct.unpack(">IIBBBBB", f.read(13))
        f.seek(4, 1)  # the header's CRC (verify() checked it)
        rows = png_rows(w, h, depth, ctype, interlace)
        expected = sum(n * stride for n, stride in rows)
        walker = _RowWalker(rows)
        d = zlib.decompressobj()
        for chunk in _idat_pieces(f):
            try:
                data = d.decompress(chunk, _PIECE)
                walker.feed(data)
                while d.unconsumed_tail:
                    walker.feed(d.decompress(d.unconsumed_tail, _PIECE))
            except zlib.error as e:
                raise Undecodable(f"the image is truncated or corrupt (PNG data: {e})") from e
        walker.feed(d.flush())
    if walker.seen < expected:
        raise Undecodable("the image is truncated or corrupt (PNG data ends before its last row)")
    if not d.eof:
        raise Undecodable("the image is truncated or corrupt (PNG data incomplete)")


def _idat_pieces(fp: BinaryIO) -> Iterator[bytes]:
    """The IDAT chunks' bytes, 64 KiB at a time, up to IEND."""
    while True:
        head = fp.read(8)
        if len(head) < 8:
            raise Undecodable("the image is truncated or corrupt (PNG ends before its last chunk)")
        n, ctype = struct.unpack(">I4s", head)
        if ctype == b"IEND":
            return
        if ctype != b"IDAT":
            fp.seek(n + 4, 1)
            continue
        left = n
        while left:
            piece = fp.read(min(left, 1 << 16))
            if not piece:
                raise Undecodable("the image is truncated or corrupt (PNG data cut short)")
            left -= len(piece)
            yield piece
        fp.seek(4, 1)


class _RowWalker:
    """Follows the inflated data row by row: checks each row's filter byte, counts the bytes,
    and refuses data that goes on far beyond the last row (a decompression bomb)."""

    def __init__(self, rows: list[tuple[int, int]]) -> None:
        self.rows = rows
        self.expected = sum(n * stride for n, stride in rows)
        self.seen = 0
        self.part = 0  # which pass
        self.offset = 0  # bytes of that pass seen

    def feed(self, data: bytes) -> None:
        self.seen += len(data)
        if self.seen > self.expected + (1 << 20):
            raise Undecodable("image refused as a possible decompression bomb (its data inflates "
                              "far beyond its size)")
        view = memoryview(data)
        while view and self.part < len(self.rows):
            n, stride = self.rows[self.part]
            take = min(len(view), n * stride - self.offset)
            first = (-self.offset) % stride  # where the next row (its filter byte) starts
            if first < take and max(view[first:take:stride]) > 4:
                raise Undecodable("the image is truncated or corrupt (a PNG row with an unknown filter)")
            self.offset += take
            view = view[take:]
            if self.offset == n * stride:
                self.part, self.offset = self.part + 1, 0
