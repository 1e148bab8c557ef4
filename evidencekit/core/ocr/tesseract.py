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
import tempfile
from functools import lru_cache
from pathlib import Path
from typing import Any

import pytesseract
from PIL import Image

from evidencekit.core.ocr.engine import OcrEngine, OcrLine, OcrWord, Recognition, debian_package
from evidencekit.errors import MissingDependencyError, OcrError

log = logging.getLogger(__name__)

TESSERACT_PACKAGE = "tesseract-ocr"


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

    Args:
        cmd: the tesseract program (name on PATH or a path).
        oem: OCR engine mode (1 = LSTM only).
        timeout: seconds before one call is abandoned.
    """

    name = "tesseract"

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

    def params(self, lang: str, psm: int) -> dict[str, Any]:
        return {"oem": self.oem, "psm": psm, "traineddata": self.traineddata(lang),
                "preserve_interword_spaces": 1}

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

    def recognise(self, image: Image.Image, lang: str, *, psm: int = 6) -> Recognition:
        self._check_lang(lang)
        if image.mode in ("L", "RGB") and image.format is None:
            # pytesseract hands the image over as a file: uncompressed BMP is written much faster
            # than PNG and reads the same
            image = image.copy()
            image.format = "BMP"
        data = self._run(image, lang, psm)
        return Recognition(_lines_from_data(data), lang, self.params(lang, psm))

    def recognise_many(self, images: list[Image.Image], lang: str, *, psm: int = 6) -> list[Recognition]:
        """One tesseract run for several images, each read as its own page (its own layout):
        the language model is loaded once instead of once per image."""
        if len(images) <= 1:
            return [self.recognise(im, lang, psm=psm) for im in images]
        self._check_lang(lang)
        with tempfile.TemporaryDirectory(prefix="ek-ocr-") as tmp:
            names = []
            for i, im in enumerate(images):
                name = os.path.join(tmp, f"page{i:04d}.bmp")
                im.save(name, "BMP")
                names.append(name)
            listing = os.path.join(tmp, "pages.txt")
            with open(listing, "w", encoding="utf-8") as f:
                f.write("\n".join(names) + "\n")
            data = self._run(listing, lang, psm)
        by_page: dict[int, dict[str, list[Any]]] = {}
        for i in range(len(data["text"])):
            page = int(data["page_num"][i])
            d = by_page.setdefault(page, {k: [] for k in data})
            for k in data:
                d[k].append(data[k][i])
        params = self.params(lang, psm)
        empty: dict[str, list[Any]] = {k: [] for k in data}
        return [Recognition(_lines_from_data(by_page.get(i + 1, empty)), lang, params) for i in range(len(images))]


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
