"""Screenshot → :class:`OcrResult`: the public face of the OCR package.

The work is split by stage (each module testable alone):

- :mod:`.engine` — the engine interface; :mod:`.rapid` (PP-OCR, the default) and
  :mod:`.tesseract` implement it;
- :mod:`.layout` — roles of the detected lines from geometry and background;
- :mod:`.script` — Simplified or Traditional, from the text read;
- :mod:`.assemble` — messages, sender, times, facts, labels and warnings;
- :mod:`.read` — the stages put together for decoded images, and the second opinion;
- :mod:`.batch` — files, the result cache and parallel worker processes;
- :mod:`.serialise` — results as JSON and back.

Callers import from here.
"""

from __future__ import annotations

from evidencekit.core.ocr.batch import (
    MAX_CHUNK,
    BatchItem,
    cache_key,
    chunk_size,
    file_sha256,
    recognise_file,
    recognise_files,
    reference_time_of,
)
from evidencekit.core.ocr.read import (
    DEFAULT_ENGINE,
    ENGINE_ENV,
    ENGINES,
    PIPELINE_VERSION,
    Page,
    default_engine,
    engine_by_name,
    prepare_page,
    read_image,
    read_images,
    second_engine_for,
)
from evidencekit.core.ocr.script import to_simplified
from evidencekit.core.ocr.serialise import message_from_json, message_to_json, result_from_json, result_to_json
from evidencekit.core.models import OcrResult


def simplified_text(r: OcrResult) -> str:
    """The result's text in Simplified characters (for search and rules; the transcript keeps
    the script shown)."""
    return to_simplified(r.text)


__all__ = [
    "DEFAULT_ENGINE", "ENGINES", "ENGINE_ENV", "MAX_CHUNK", "PIPELINE_VERSION", "BatchItem", "Page", "cache_key",
    "chunk_size", "default_engine", "engine_by_name", "file_sha256", "message_from_json", "message_to_json",
    "prepare_page", "read_image", "read_images", "recognise_file", "recognise_files", "reference_time_of",
    "result_from_json", "result_to_json", "second_engine_for", "simplified_text",
]
