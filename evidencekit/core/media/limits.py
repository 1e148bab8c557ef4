"""Limits on what one item may cost, shared by import, reading (OCR) and export.

One pixel limit for every stage: an image import accepts can always be read and exported, and
one that would exhaust memory is refused once, at import, with the reason.
"""

from __future__ import annotations

#: Larger than any phone screenshot or photo (a 200 MP camera writes 50 MP files by default);
#: a bigger image is treated as a decompression bomb. The OCR stage refuses the same.
MAX_IMAGE_PIXELS = 60_000_000
#: The longest side: a scrolling screenshot is ~1080 × 30,000. Decoders keep one buffer per row,
#: so a 2 × 30,000,000 image costs gigabytes although it has as few pixels as a photo.
MAX_IMAGE_SIDE = 65_000
