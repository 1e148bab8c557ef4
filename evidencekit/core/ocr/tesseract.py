"""The tesseract adapter: the only module that imports ``pytesseract``.

Each call runs one ``tesseract`` process limited to one OpenMP thread (``OMP_THREAD_LIMIT=1``):
on a 2-core machine tesseract's own threading is several times slower than one thread per
process with processes in parallel, which is how the pipeline runs it.
"""

from __future__ import annotations

import logging
import os
import shutil
import subprocess
import statistics
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any

import pytesseract
from PIL import Image

from evidencekit.core import scratch
from evidencekit.core.ocr.engine import Box, OcrEngine, OcrLine, OcrWord, debian_package
from evidencekit.core.ocr.stages import TARGET_LINE_HEIGHT
from evidencekit.errors import MissingDependencyError, OcrError

log = logging.getLogger(__name__)

TESSERACT_PACKAGE = "tesseract-ocr"
#: The models read: Simplified and Traditional Chinese (digits and Latin letters are in both).
CHINESE = ("chi_sim", "chi_tra")
#: Page segmentation: each composite is a uniform block of single lines.
PSM = 6


@lru_cache(maxsize=8)
def _probe(cmd: str) -> tuple[str, tuple[str, ...], str]:
    """(version, languages, tessdata dir) of the tesseract program ``cmd``."""
    exe = shutil.which(cmd)
    if exe is None:
        raise MissingDependencyError(
            f"tesseract is not installed (looked for '{cmd}'): install the Debian package "
            f"{TESSERACT_PACKAGE}, plus tesseract-ocr-chi-sim and tesseract-ocr-chi-tra",
            "tesseract not found",
        )
    env = dict(os.environ, OMP_THREAD_LIMIT="1")
    try:
        ver = subprocess.run([exe, "--version"], capture_output=True, text=True, env=env, timeout=30)
        langs = subprocess.run([exe, "--list-langs"], capture_output=True, text=True, env=env, timeout=30)
    except OSError as e:
        raise MissingDependencyError(
            f"tesseract could not be started ({e}): install the Debian package {TESSERACT_PACKAGE}",
            "tesseract not found",
        ) from e
    first = (ver.stdout or ver.stderr).strip().splitlines()
    version = first[0].split()[-1] if first else "unknown"
    out = langs.stdout.strip().splitlines()
    tessdata = ""
    if out and "\"" in out[0]:
        tessdata = out[0].split("\"")[1]
    names = tuple(sorted(x.strip() for x in out[1:] if x.strip()))
    return version, names, tessdata


class TesseractEngine(OcrEngine):
    """tesseract through pytesseract, one thread per process.

    tesseract has one model per script: unless told the script, it reads a screenshot's lines
    with both Chinese models and keeps, page by page, the surer one (:func:`traditional_score`),
    line by line only a clearly surer reading of the other. Lines are found without a model
    (:func:`segment.find_lines`), normalised to dark ink on white, scaled to the line height
    tesseract reads best and stacked into one image per screenshot: one tesseract run per model
    reads the lines of several screenshots, each as its own page.

    Args:
        cmd: the tesseract program (name on PATH or a path).
        oem: OCR engine mode (1 = LSTM only).
        timeout: seconds before one call is abandoned.
    """

    name = "tesseract"
    #: tesseract's word confidences for a line it reads right are mostly 85–96.
    doubt_below = 75.0

    def __init__(self, cmd: str = "tesseract", *, oem: int = 1, timeout: float = 120.0) -> None:
        self.cmd = cmd
        self.oem = oem
        self.timeout = timeout

    @property
    def version(self) -> str:
        return _probe(self.cmd)[0]

    def languages(self) -> tuple[str, ...]:
        return _probe(self.cmd)[1]

    def traineddata(self, lang: str) -> dict[str, str]:
        """The language data files used for ``lang`` and their sizes (to notice a model change)."""
        tessdata = _probe(self.cmd)[2]
        out: dict[str, str] = {}
        for part in lang.split("+"):
            p = Path(tessdata) / f"{part}.traineddata"
            out[part] = f"{p} ({p.stat().st_size} bytes)" if p.exists() else str(p)
        return out

    def check(self, langs: tuple[str, ...] = CHINESE) -> None:
        """Fail early, with the package to install, when tesseract or its Chinese data is missing.

        Raises:
            MissingDependencyError: as above.
        """
        have = set(self.languages())
        for lang in langs:
            if lang not in have:
                raise MissingDependencyError(
                    f"OCR language data '{lang}' is not installed: install the Debian package "
                    f"{debian_package(lang)} (apt-get install {debian_package(lang)})",
                    "Missing language data",
                )

    def fingerprint(self) -> dict[str, Any]:
        return {"version": self.version, "oem": self.oem, "psm": PSM, "languages": "+".join(CHINESE),
                "traineddata": self.traineddata("+".join(CHINESE)), "line_height": TARGET_LINE_HEIGHT}

    def detect(self, image: Image.Image) -> list[Box]:
        from evidencekit.core.ocr.segment import find_lines
        from evidencekit.core.ocr.stages import to_array

        return find_lines(to_array(image))

    def _check_lang(self, lang: str) -> None:
        have = self.languages()
        for part in lang.split("+"):
            if part not in have:
                raise MissingDependencyError(
                    f"tesseract language data '{part}' is not installed: install the Debian package "
                    f"{debian_package(part)}",
                    "Missing language data",
                )

    def _run(self, source: Image.Image | str, lang: str, psm: int) -> dict[str, list[Any]]:
        config = f"--oem {self.oem} --psm {psm} -c preserve_interword_spaces=1"
        old_cmd = pytesseract.pytesseract.tesseract_cmd
        old_omp = os.environ.get("OMP_THREAD_LIMIT")
        pytesseract.pytesseract.tesseract_cmd = self.cmd
        os.environ["OMP_THREAD_LIMIT"] = "1"  # inherited by the tesseract child process
        try:
            data: dict[str, list[Any]] = pytesseract.image_to_data(
                source, lang=lang, config=config, output_type=pytesseract.Output.DICT, timeout=self.timeout)
            return data
        except pytesseract.TesseractNotFoundError as e:
            _probe.cache_clear()
            raise MissingDependencyError(
                f"tesseract is not installed: install the Debian package {TESSERACT_PACKAGE}",
                "tesseract not found",
            ) from e
        except (pytesseract.TesseractError, RuntimeError, OSError) as e:
            raise OcrError(f"tesseract failed: {e}") from e
        finally:
            pytesseract.pytesseract.tesseract_cmd = old_cmd
            if old_omp is None:
                os.environ.pop("OMP_THREAD_LIMIT", None)
            else:
                os.environ["OMP_THREAD_LIMIT"] = old_omp

    def read_pages(self, images: list[Image.Image], lang: str, psm: int = PSM) -> list[tuple[OcrLine, ...]]:
        """One tesseract run for several images, each read as its own page (its own layout):
        the language model is loaded once instead of once per image."""
        self._check_lang(lang)
        if not images:
            return []
        if len(images) == 1:
            im = images[0]
            if im.mode in ("L", "RGB") and im.format is None:
                # pytesseract hands the image over as a file: uncompressed BMP is written much
                # faster than PNG and reads the same
                im = im.copy()
                im.format = "BMP"
            return [_lines_from_data(self._run(im, lang, psm))]
        # named for this process: what a killed run leaves is removed by the next (scratch.sweep)
        tmp = str(scratch.make_dir("ocr"))
        try:
            names = []
            for i, im in enumerate(images):
                name = os.path.join(tmp, f"page{i:04d}.bmp")
                im.save(name, "BMP")
                names.append(name)
            listing = os.path.join(tmp, "pages.txt")
            with open(listing, "w", encoding="utf-8") as f:
                f.write("\n".join(names) + "\n")
            data = self._run(listing, lang, psm)
        finally:
            shutil.rmtree(tmp, ignore_errors=True)
        by_page: dict[int, dict[str, list[Any]]] = {}
        for i in range(len(data["text"])):
            page = int(data["page_num"][i])
            d = by_page.setdefault(page, {k: [] for k in data})
            for k in data:
                d[k].append(data[k][i])
        empty: dict[str, list[Any]] = {k: [] for k in data}
        return [_lines_from_data(by_page.get(i + 1, empty)) for i in range(len(images))]

    def recognise_pages(self, pages: Sequence[Sequence[Image.Image]], *,
                        script: str | None = None) -> list[list[OcrLine]]:
        from evidencekit.core.ocr.compose import compose_lines, lines_back

        composites = [compose_lines(list(p)) for p in pages]
        todo = [i for i, p in enumerate(pages) if p]
        langs = {"zh-Hans": ["chi_sim"], "zh-Hant": ["chi_tra"]}.get(script or "", ["chi_sim", "chi_tra"])
        passes: dict[str, dict[int, list[OcrLine]]] = {}
        for lang in langs:
            read = self.read_pages([composites[i][0] for i in todo], lang)
            passes[lang] = {i: lines_back(rec, composites[i][1], len(pages[i])) for i, rec in zip(todo, read, strict=True)}
        out: list[list[OcrLine]] = []
        for i, p in enumerate(pages):
            if not p:
                out.append([])
                continue
            if len(langs) == 1:
                out.append(passes[langs[0]][i])
                continue
            out.append(choose_script(passes["chi_sim"][i], passes["chi_tra"][i]))
        return out


#: Above this :func:`traditional_score` the screenshot is taken as Traditional Chinese. On the
#: samples as committed, Simplified scored -16.6…+3.0 and Traditional +8.8…+33.7 (the
#: Traditional screenshot halved and recompressed as JPEG q70 is the closest call).
TRADITIONAL_SCORE = 6.0


def traditional_score(sim_words: list[OcrWord], tra_words: list[OcrWord]) -> float:
    """How much surer the Traditional model is than the Simplified one on the same text.

    Each model reads the other script's glyphs as its own characters, and confidently, so the
    plain mean confidence hardly separates them. The characters that differ between the scripts
    (还/還) separate them better: the wrong model is clearly less sure of exactly those. The
    score adds the two differences (Traditional minus Simplified) of mean confidence: over the
    words holding such characters, and over all words that hold a Chinese character (icons and
    stray marks read as Latin letters or punctuation say nothing about the script).
    """
    from evidencekit.core.ocr.script import to_simplified, to_traditional
    from evidencekit.core.ocr.text import is_han

    def conv(words: list[OcrWord], other: Any) -> list[float]:
        return [w.confidence for w in words if any(is_han(c) for c in w.text) and other(w.text) != w.text]

    def mean(xs: list[float]) -> float:
        return statistics.fmean(xs) if xs else 0.0

    sim_conv = conv(sim_words, to_traditional)
    tra_conv = conv(tra_words, to_simplified)
    d_conv = mean(tra_conv) - mean(sim_conv) if sim_conv and tra_conv else 0.0
    def han(words: list[OcrWord]) -> list[float]:
        return [w.confidence for w in words if any(is_han(c) for c in w.text)]

    d_all = mean(han(tra_words)) - mean(han(sim_words))
    return d_conv + d_all


def choose_script(sim: list[OcrLine], tra: list[OcrLine]) -> list[OcrLine]:
    """One page's lines read with both models: the surer model's (see :func:`traditional_score`),
    a line of the other model only where it is clearly surer and lost nothing."""
    score = traditional_score([w for ln in sim for w in ln.words], [w for ln in tra for w in ln.words])
    from evidencekit.core.ocr.script import to_simplified, to_traditional

    traditional = score > TRADITIONAL_SCORE
    main, other = (tra, sim) if traditional else (sim, tra)
    # the other model's line never brings its own script in (a screenshot shows one script)
    foreign = to_traditional if traditional else to_simplified
    out = []
    for a, b in zip(main, other, strict=True):
        ta, tb = "".join(w.text for w in a.words), "".join(w.text for w in b.words)
        # a much surer reading may be a little shorter: the unsure one added strokes ("0O0912")
        keep = 0.75 if b.confidence > a.confidence + 40.0 else 0.9
        surer = b.confidence > a.confidence + 8.0 and len(tb) >= keep * len(ta)
        out.append(b if surer and foreign(tb) == tb else a)
    return out


def _lines_from_data(data: dict[str, list[Any]]) -> tuple[OcrLine, ...]:
    groups: dict[tuple[int, int, int], list[OcrWord]] = {}
    for i, text in enumerate(data["text"]):
        if not str(text).strip():
            continue
        conf = float(data["conf"][i])
        if conf < 0:
            continue
        key = (int(data["block_num"][i]), int(data["par_num"][i]), int(data["line_num"][i]))
        box = (int(data["left"][i]), int(data["top"][i]), int(data["width"][i]), int(data["height"][i]))
        groups.setdefault(key, []).append(OcrWord(str(text), box, conf))
    lines = []
    for words in groups.values():
        x0 = min(w.bbox[0] for w in words)
        y0 = min(w.bbox[1] for w in words)
        x1 = max(w.bbox[0] + w.bbox[2] for w in words)
        y1 = max(w.bbox[1] + w.bbox[3] for w in words)
        lines.append(OcrLine(tuple(words), (x0, y0, x1 - x0, y1 - y0)))
    lines.sort(key=lambda ln: (ln.bbox[1], ln.bbox[0]))
    return tuple(lines)
