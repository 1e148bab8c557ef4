"""Limits on what one item may cost, shared by import, reading (OCR) and export.

One pixel limit for every stage: an image import accepts can always be read and exported, and
one that would exhaust memory is refused once, at import, with the reason. The stages that
decode an image (OCR's :func:`~evidencekit.core.ocr.stages.decode`, the export's page copies,
a scanned PDF page) ask :func:`size_problem` of the header's size before decoding a byte.
"""

from __future__ import annotations

#: Larger than any phone screenshot or photo (a 200 MP camera writes 50 MP files by default);
#: a bigger image is treated as a decompression bomb. The OCR stage refuses the same.
MAX_IMAGE_PIXELS = 60_000_000
#: The longest side: a scrolling screenshot is ~1080 × 30,000. Decoders keep one buffer per row,
#: so a 2 × 30,000,000 image costs gigabytes although it has as few pixels as a photo.
MAX_IMAGE_SIDE = 65_000


def size_problem(width: int, height: int) -> str | None:
    """Why an image of ``width`` × ``height`` pixels is refused (None: within the limits).

    Args:
        width: the width its header declares.
        height: the height its header declares.

    Returns:
        The reason, in words a person can act on, or None.
    """
    if width <= 0 or height <= 0:
        return f"image of {width}×{height} pixels has no picture in it"
    if width * height > MAX_IMAGE_PIXELS or max(width, height) > MAX_IMAGE_SIDE:
        return (f"image of {width}×{height} pixels is larger than any screenshot or photo "
                "(possible decompression bomb)")
    return None
