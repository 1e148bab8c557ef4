"""Screenshot → :class:`OcrResult`, for decoded images: the stages put together.

1. the engine detects the text lines (:meth:`OcrEngine.detect`);
2. :func:`layout.analyse` gives each line its role from geometry and background (bubble,
   header, page text, status bar, input chrome);
3. only the lines that matter are cut out and recognised, all the lines of several
   screenshots in one batch (:meth:`OcrEngine.recognise_pages`);
4. lines read with low confidence are read again by a second engine; where the two disagree the
   message is marked for review (nothing else pays for the second engine);
5. :func:`assemble.assemble` makes the sender, messages, times, facts, labels and warnings.
"""

from __future__ import annotations

import logging
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

from PIL import Image

from evidencekit.core.models import OcrResult, OcrWarning, ReferenceTime
from evidencekit.core.ocr.assemble import LineReading, assemble, params_of, read_line
from evidencekit.core.ocr.engine import OcrEngine, crop, line_pad
from evidencekit.core.ocr.layout import PageLayout, analyse
from evidencekit.core.ocr.script import detect_script, to_simplified
from evidencekit.core.ocr.stages import to_array
from evidencekit.core.ocr.text import confusions_digest
from evidencekit.errors import EvidenceKitError

log = logging.getLogger(__name__)

#: Bump when the pipeline changes in a way that changes results (part of the cache key).
PIPELINE_VERSION = "4"

#: The engines the application knows, by the name a setting or ``--engine`` gives.
ENGINES = ("rapidocr", "tesseract")
DEFAULT_ENGINE = "rapidocr"
#: Environment variable naming the engine (a setting the application reads).
ENGINE_ENV = "EVIDENCEKIT_OCR_ENGINE"


@dataclass(frozen=True, slots=True)
class Page:
    """A screenshot prepared for recognition: its layout and the lines to read, cut out."""

    layout: PageLayout
    order: list[int]  # indices of the lines to read, into layout.lines
    crops: list[Image.Image]

    @property
    def size(self) -> tuple[int, int]:
        return self.layout.size


def prepare_page(img: Image.Image, engine: OcrEngine) -> Page:
    """Detect and lay out a screenshot; cut out the lines worth reading (no recognition yet).

    Raises:
        MissingDependencyError, OcrError: from the engine.
    """
    boxes = engine.detect(img)
    lay = analyse(to_array(img), boxes)
    order = lay.to_read
    crops = [crop(img, lay.lines[i], line_pad(lay.lines[i])) for i in order]
    return Page(lay, order, crops)


def engine_by_name(name: str, **options: Any) -> OcrEngine:
    """An engine by its name (``rapidocr``, ``tesseract``).

    Raises:
        ValueError: no such engine.
    """
    if name == "rapidocr":
        from evidencekit.core.ocr.rapid import RapidOcrEngine

        return RapidOcrEngine(**options)
    if name == "tesseract":
        from evidencekit.core.ocr.tesseract import TesseractEngine

        return TesseractEngine(**options)
    raise ValueError(f"unknown OCR engine {name!r}: one of {', '.join(ENGINES)}")


def default_engine() -> OcrEngine:
    """The engine set by ``EVIDENCEKIT_OCR_ENGINE``, PP-OCR (rapidocr) when unset."""
    import os

    return engine_by_name(os.environ.get(ENGINE_ENV) or DEFAULT_ENGINE)


def second_engine_for(engine: OcrEngine) -> OcrEngine | None:
    """The engine that gives a second opinion on the doubtful lines of ``engine``: the other
    known engine when it is installed here, else none."""
    other = {"rapidocr": "tesseract", "tesseract": "rapidocr"}.get(engine.name)
    if other is None:
        return None
    try:
        second = engine_by_name(other)
        second.check()
        return second
    except (EvidenceKitError, ImportError, OSError) as e:
        log.info("no second OCR engine (%s): doubtful lines are not read again", e)
        return None


def read_image(img: Image.Image, *, engine: OcrEngine, reference_time: ReferenceTime | datetime | None = None,
               sha256: str = "", script_hint: str | None = None,
               second: OcrEngine | None | str = "auto") -> OcrResult:
    """Read one decoded screenshot.

    Args:
        img: the screenshot.
        engine: the recogniser.
        reference_time: when the screenshot was taken (EXIF or file time, local), with where
            that came from (a bare datetime: given by the caller); resolves "今天", "昨天",
            "星期三" and dates without a year, and is recorded with each message it resolved.
        sha256: the original file's digest, copied into the result.
        script_hint: "zh-Hans" or "zh-Hant" when known (engines with one model per script read
            with that one only).
        second: the engine for a second opinion on doubtful lines; "auto" picks the other
            installed engine, None reads no line twice.

    Returns:
        The messages in order, the header's sender, the full text, the engine record and
        warnings.

    Raises:
        MissingDependencyError: the engine or its data is missing.
        OcrError: the engine failed.
    """
    return read_images([img], engine=engine, reference_times=[reference_time], sha256s=[sha256],
                       script_hint=script_hint, second=second)[0]


def read_images(images: Sequence[Image.Image], *, engine: OcrEngine,
                reference_times: Sequence[ReferenceTime | datetime | None] | None = None,
                sha256s: Sequence[str] | None = None,
                script_hint: str | None = None, second: OcrEngine | None | str = "auto") -> list[OcrResult]:
    """Read several screenshots, their lines recognised in one batch (each screenshot is laid
    out on its own: a reading never depends on its neighbours).

    Args and Raises: as :func:`read_image`, one entry per image.
    """
    pages = [prepare_page(im, engine) for im in images]
    refs = list(reference_times or [None] * len(pages))
    shas = list(sha256s or [""] * len(pages))
    lines = engine.recognise_pages([p.crops for p in pages], script=script_hint)
    readings = [{i: read_line(ln) for i, ln in zip(p.order, ls, strict=True)} for p, ls in zip(pages, lines, strict=True)]
    helper = second_engine_for(engine) if second == "auto" else second
    assert helper is None or isinstance(helper, OcrEngine)
    doubtful = _second_opinion(pages, readings, engine, helper, script_hint)
    fp = engine.fingerprint()
    out = []
    for k, (pg, rd, ref, sha) in enumerate(zip(pages, readings, refs, shas, strict=True)):
        params = params_of(pg.layout, {"pipeline": PIPELINE_VERSION, "confusions": confusions_digest(), "engine": fp,
                                       "second_opinion": helper.name if helper else None,
                                       "read_twice": doubtful[k]})
        info = engine.info(params, str(fp.get("languages", "")))
        warn: tuple[OcrWarning, ...] = ()
        out.append(assemble(pg.layout, rd, info=info, reference_time=ref, sha256=sha, extra_warnings=warn))
    return out


def _comparable(t: str) -> str:
    t = unicodedata.normalize("NFKC", to_simplified(t))
    return re.sub(r"[\W_]+", "", t).lower()


def _second_opinion(pages: list[Page], readings: list[dict[int, LineReading]], engine: OcrEngine,
                    helper: OcrEngine | None, script_hint: str | None) -> list[int]:
    """Read the doubtful lines again with ``helper``; mark those it reads differently. Returns
    per page the number of lines read twice."""
    counts = [0] * len(pages)
    if helper is None or engine.doubt_below <= 0:
        return counts
    todo: list[list[int]] = []
    for pg, rd in zip(pages, readings, strict=True):
        todo.append([k for k, i in enumerate(pg.order)
                     if rd[i].text and rd[i].line.confidence < engine.doubt_below
                     and pg.layout.roles[i] in ("bubble", "header", "page")])
    if not any(todo):
        return counts
    scripts = [script_hint or _page_script(rd) for rd in readings]
    try:
        # one call per script (engines with a model per script load it once)
        again: dict[tuple[int, int], str] = {}
        for script in sorted(set(scripts)):
            idx = [p for p in range(len(pages)) if scripts[p] == script and todo[p]]
            got = helper.recognise_pages([[pages[p].crops[k] for k in todo[p]] for p in idx],
                                         script=script if script in ("zh-Hans", "zh-Hant") else None)
            for p, lines in zip(idx, got, strict=True):
                for k, ln in zip(todo[p], lines, strict=True):
                    again[(p, k)] = read_line(ln).text
    except EvidenceKitError as e:
        log.warning("second opinion failed (%s): doubtful lines stay as first read", e)
        return counts
    for (p, k), text in again.items():
        counts[p] += 1
        i = pages[p].order[k]
        first = readings[p][i]
        if _comparable(text) != _comparable(first.text):
            readings[p][i] = replace(first, second=(text, helper.name))
    return counts


def _page_script(rd: dict[int, LineReading]) -> str:
    return detect_script("".join(r.text for r in rd.values()))
