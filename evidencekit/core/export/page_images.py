"""The pictures a page shows of large screenshots and photos: a copy at print resolution, made one
image at a time, so that exporting an image costs a bounded amount of memory whatever its size.

A page shows a screenshot at most :data:`FRAME_MM` wide and high; at 300 dpi that is about
2,400 pixels. An image with more pixels than :data:`MAX_PAGE_PIXELS`, or a side longer than
:data:`MAX_PAGE_SIDE`, is shown as a reduced copy (a non-interlaced 8-bit PNG the PDF layer embeds
without decoding it again). The original is untouched and goes, whole, into the PDF's attachments
and the ZIP; the page shows the copy. JPEGs are decoded at a reduced scale to begin with
(``Image.draft``); other formats are decoded once (at most
:data:`~evidencekit.core.media.limits.MAX_IMAGE_PIXELS` pixels, the import's own limit), reduced,
and released before the next image.

Every image is first proved decodable (:func:`~evidencekit.core.media.imagecheck.check_image`,
bounded memory): one that is not (a case made by an older version, a file damaged since) is
listed in :attr:`PageImages.undecodable`, and its page says so in the bundle's language instead
of the export stopping halfway.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from evidencekit.core.media.imagecheck import Undecodable, check_image
from evidencekit.core.progress import CancelToken

log = logging.getLogger(__name__)

#: The largest a screenshot is drawn on a page (the frame's width, 150 mm high), in millimetres.
FRAME_MM = 170
#: 300 dpi over :data:`FRAME_MM`, rounded up: more pixels than this are not printed.
MAX_PAGE_SIDE = 2400
#: An image with more pixels than this is shown reduced (a phone screenshot has about 2.6 million).
MAX_PAGE_PIXELS = 6_000_000


@dataclass(frozen=True)
class PageImages:
    """What the pages show of each image.

    Attributes:
        paths: item id -> the file to draw (the image itself, or a reduced copy).
        undecodable: item id -> why its image cannot be drawn (the page says it cannot be decoded).
    """

    paths: dict[int, Path]
    undecodable: dict[int, str] = field(default_factory=dict)


def page_images(images: Mapping[int, Path], folder: Path, *, cancel: CancelToken | None = None) -> PageImages:
    """What each page shows: the image itself, or a reduced copy of a large one in ``folder``.

    Args:
        images: the image shown for each item (an original, or a masked copy).
        folder: the export's work folder (the copies are ``page-<item id>.png``).
        cancel: checked between images.

    Returns:
        The path to draw for each item, and the items whose image cannot be decoded (each with
        the reason; they keep their path, which is not drawn).
    """
    from PIL import Image

    out: dict[int, Path] = {}
    bad: dict[int, str] = {}
    for item_id, path in images.items():
        if cancel is not None:
            cancel.raise_if_cancelled()
        out[item_id] = path
        try:
            facts = check_image(path)  # within the pixel limit, and every byte decodes
            if facts.width * facts.height <= MAX_PAGE_PIXELS and max(facts.width, facts.height) <= MAX_PAGE_SIDE * 4:
                continue
            with Image.open(path) as im:  # the header only
                if _passes_through(im):
                    continue  # embedded undecoded (pdf/images.py): it costs its file's size, no more
                out[item_id] = _reduced(im, folder / f"page-{item_id}.png")
        except Undecodable as e:
            log.warning("image %s cannot be decoded: %s", path, e)
            bad[item_id] = str(e)
        except (OSError, ValueError, Image.DecompressionBombError) as e:
            log.warning("image %s cannot be decoded: %s", path, e)
            bad[item_id] = f"the image cannot be decoded ({e})"
    return PageImages(out, bad)


def _passes_through(im: object) -> bool:
    """Whether the PDF layer embeds this image without decoding it: a non-interlaced 8-bit grey or
    RGB PNG (a JPEG is cheaper still to reduce: it is decoded at a reduced scale)."""
    from PIL import PngImagePlugin

    return (isinstance(im, PngImagePlugin.PngImageFile) and im.mode in ("RGB", "L")
            and not im.info.get("interlace") and im.info.get("bits", 8) == 8)


def _reduced(im: object, out: Path) -> Path:
    from PIL import Image, ImageOps

    assert isinstance(im, Image.Image)
    box = (MAX_PAGE_SIDE, MAX_PAGE_SIDE * 4)  # a scrolling screenshot keeps its length on the page
    im.draft("RGB", box)  # JPEG: decode at 1/2, 1/4 or 1/8 scale already
    im.load()
    # alpha, palettes, 16 bits: to RGB before reducing (reducing RGBA makes a premultiplied copy
    # of the whole image): at most the decoded image and one RGB copy at a time
    work: Image.Image = im if im.mode in ("RGB", "L") else im.convert("RGB")
    if work is not im:
        im.close()  # frees the decoded original before the reduction makes its own copies
    work.thumbnail(box, Image.Resampling.LANCZOS, reducing_gap=3.0)
    small = ImageOps.exif_transpose(work) or work
    small.save(out, "PNG", compress_level=6)
    return out
