"""Image stages before recognition: decode, theme, region normalisation, scaling.

Each stage is a small function on PIL images / numpy arrays, testable on its own.
"""

from __future__ import annotations

import io
import os
import logging
import warnings
from pathlib import Path

import numpy as np
from PIL import Image, ImageOps, UnidentifiedImageError

from evidencekit.core.media.files import open_regular
from evidencekit.core.media.limits import MAX_IMAGE_PIXELS, size_problem
from evidencekit.errors import OcrError

log = logging.getLogger(__name__)

#: Larger images are refused: the one limit import, reading and export share (media/limits.py).
MAX_PIXELS = MAX_IMAGE_PIXELS
#: What tesseract's LSTM reads best for Chinese: text lines about this many pixels high.
TARGET_LINE_HEIGHT = int(os.environ.get("EVIDENCEKIT_OCR_LINE_HEIGHT", "36"))

_heif_registered = False


def _register_heif() -> None:
    global _heif_registered
    if _heif_registered:
        return
    try:
        import pillow_heif

        pillow_heif.register_heif_opener()
    except ImportError:  # HEIC simply stays unsupported; logged once
        log.warning("pillow-heif is not installed: HEIC screenshots cannot be read")
    _heif_registered = True


def decode(source: str | Path | bytes, *, max_pixels: int = MAX_PIXELS) -> Image.Image:
    """Decode a screenshot (PNG, JPEG, WebP, HEIC, ...) into an upright RGB image.

    Args:
        source: a path or the file's bytes.
        max_pixels: refuse images with more pixels than this (decompression bombs).

    Returns:
        An RGB image, rotated as its EXIF orientation says.

    Raises:
        OcrError: unreadable, not an image, or too large.
    """
    _register_heif()
    name = "<bytes>" if isinstance(source, bytes) else str(source)
    try:
        # a named pipe or a device is refused, not waited on
        fp = io.BytesIO(source) if isinstance(source, bytes) else open_regular(source)
    except OSError as e:
        raise OcrError(f"cannot open {name}: {e.strerror or e}") from e
    with fp:
        with warnings.catch_warnings():
            # PIL's complaints about a broken EXIF tag ("Corrupt EXIF data"): the image is judged
            # by decoding it, and the person's terminal is no place for them
            warnings.simplefilter("ignore", UserWarning)
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            old = Image.MAX_IMAGE_PIXELS
            Image.MAX_IMAGE_PIXELS = max_pixels
            try:
                img = Image.open(fp)
                w, h = img.size
                # the header's size, before decoding: a 2 × 30,000,000 image has no more pixels
                # than a photo, and takes gigabytes of row buffers to decode
                if w * h > max_pixels:
                    raise OcrError(f"{name}: image too large ({w}x{h} pixels, limit {max_pixels})")
                problem = size_problem(w, h)
                if problem:
                    raise OcrError(f"{name}: image too large: {problem}")
                img.load()
            except (Image.DecompressionBombError, Image.DecompressionBombWarning) as e:
                raise OcrError(f"{name}: image too large, refused as a possible decompression bomb") from e
            except OcrError:
                raise
            except UnidentifiedImageError as e:  # its message names the file object, not the file
                raise OcrError(f"{name}: not an image, or in a format that cannot be read") from e
            except (OSError, ValueError, SyntaxError) as e:  # PIL raises these for bad data
                raise OcrError(f"{name}: not a readable image ({e})") from e
            finally:
                Image.MAX_IMAGE_PIXELS = old
            # in place, and converted only when not RGB already: at the pixel limit each copy
            # of the decoded image is a quarter of a gigabyte (memory bounded per item)
            ImageOps.exif_transpose(img, in_place=True)
            out: Image.Image = img
    if out.mode in ("RGBA", "LA", "P"):
        rgba = out.convert("RGBA")
        flat = Image.new("RGBA", out.size, (255, 255, 255, 255))
        flat.alpha_composite(rgba)
        out = flat
    return out if out.mode == "RGB" else out.convert("RGB")


def to_array(img: Image.Image) -> np.ndarray:
    """The image as an int16 H x W x 3 array (signed, so colour differences do not wrap)."""
    rgb = img if img.mode == "RGB" else img.convert("RGB")  # no copy of an RGB image first
    return np.asarray(rgb).astype(np.int16)


def dominant_color(arr: np.ndarray, *, step: int = 4) -> tuple[int, int, int]:
    """The most frequent colour (quantised to 8 levels per channel, then averaged inside the bin)."""
    sample = arr[::step, ::step].reshape(-1, 3)
    if sample.size == 0:
        return (255, 255, 255)
    q = (sample // 8).astype(np.int32)
    keys = q[:, 0] * 1024 + q[:, 1] * 32 + q[:, 2]
    values, counts = np.unique(keys, return_counts=True)
    best = values[np.argmax(counts)]
    sel = sample[keys == best].astype(np.int32)
    # the most frequent exact colour of that bin (a bin's mean would mix an off-white page with
    # the white bubbles on it)
    exact = sel[:, 0] * 65536 + sel[:, 1] * 256 + sel[:, 2]
    vals, cnts = np.unique(exact, return_counts=True)
    top = int(vals[np.argmax(cnts)])
    if cnts.max() * 4 < len(exact):  # no exact mode (noisy JPEG): the mean of the bin
        c = sel.mean(axis=0)
        return (int(c[0]), int(c[1]), int(c[2]))
    return (top >> 16, (top >> 8) & 255, top & 255)


def luminance(color: tuple[int, int, int]) -> float:
    r, g, b = color
    return 0.299 * r + 0.587 * g + 0.114 * b


def is_dark(color: tuple[int, int, int]) -> bool:
    """True for a dark-theme background."""
    return luminance(color) < 110


def detect_theme(img: Image.Image) -> str:
    """``"dark"`` or ``"light"``, from the page background colour."""
    return "dark" if is_dark(dominant_color(to_array(img))) else "light"


def color_distance(arr: np.ndarray, color: tuple[int, int, int]) -> np.ndarray:
    """Per-pixel max channel difference to ``color`` (H x W, int16)."""
    # channel by channel: a reduction over the last, three-long axis is several times slower
    a = arr.astype(np.int16, copy=False)
    out: np.ndarray = np.maximum(np.maximum(np.abs(a[..., 0] - color[0]), np.abs(a[..., 1] - color[1])),
                                 np.abs(a[..., 2] - color[2]))
    return out


def normalise_region(arr: np.ndarray, fill: tuple[int, int, int],
                     outside: tuple[int, int, int] | None = None, *, rim: bool = True) -> Image.Image:
    """Turn one region (a bubble, a label) into dark text on white, whatever its colours.

    The "ink" of a pixel is its distance from the region's fill colour, so blue bubbles with white
    text, grey bubbles with black text and dark-theme bubbles all come out the same way.
    ``outside`` is the page colour around a bubble: runs of it at the start and end of each row
    (rounded corners, the tail) are treated as fill, not ink; with ``rim`` the few pixels of the
    bubble's anti-aliased edge too (only for bubbles: text never touches their edge).
    """
    ink = color_distance(arr, fill).astype(np.float32)
    if outside is not None and ink.size:
        # Pixels of the page colour touching the row ends are the bubble's corners, not text.
        d_out = color_distance(arr, outside)
        # page-coloured: nearer to the page than to the bubble (iOS grey is only 22 from white)
        near_out = (d_out < 24) & (d_out < color_distance(arr, fill))
        w = near_out.shape[1]
        lead = np.where(near_out.all(axis=1), w, np.argmin(near_out, axis=1))
        trail = np.where(near_out.all(axis=1), w, np.argmin(near_out[:, ::-1], axis=1))
        # and the anti-aliased (JPEG-smeared) rim of the bubble: text never touches the edge
        ring = min(4, max(2, int(0.05 * min(ink.shape)))) if rim else 0
        cols = np.arange(w)[None, :]
        corner = (cols < (lead + ring)[:, None]) | (cols >= (w - trail - ring)[:, None])
        ink[corner] = 0
        if ring:
            ink[:ring] = 0
            ink[-ring:] = 0
    hi = float(np.percentile(ink[ink > 20], 90)) if np.count_nonzero(ink > 20) > 10 else 255.0
    hi = max(hi, 40.0)
    gray = 255.0 - np.clip((ink - 12.0) * (255.0 / (hi - 12.0)), 0, 255)
    return Image.fromarray(gray.astype(np.uint8), "L")


def text_line_height(gray: Image.Image) -> float:
    """The typical height in pixels of the text lines in a normalised (dark on white) region."""
    a = np.asarray(gray) < 128
    rows = a.sum(axis=1) > 0
    runs: list[int] = []
    n = 0
    for r in rows:
        if r:
            n += 1
        elif n:
            runs.append(n)
            n = 0
    if n:
        runs.append(n)
    runs = [r for r in runs if r >= 4]
    if not runs:
        return 0.0
    return float(np.median(runs))


def scale_for_ocr(gray: Image.Image, *, target: float = TARGET_LINE_HEIGHT) -> tuple[Image.Image, float]:
    """Scale a normalised region so its text lines are about ``target`` pixels high.

    Returns:
        The scaled image and the factor used (new / old).
    """
    h = text_line_height(gray)
    if h <= 0:
        return gray, 1.0
    f = min(max(target / h, 0.5), 4.0)
    if abs(f - 1.0) < 0.08:
        return gray, 1.0
    size = (max(1, round(gray.width * f)), max(1, round(gray.height * f)))
    return gray.resize(size, Image.Resampling.LANCZOS if f < 1 else Image.Resampling.BICUBIC), f
