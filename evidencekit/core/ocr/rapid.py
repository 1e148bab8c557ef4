"""The PP-OCR engine: ``rapidocr``'s detection and recognition models run by onnxruntime.

The only module that imports ``rapidocr`` and ``onnxruntime``. The models ship inside the
rapidocr wheel (PP-OCRv6 small: one recognition model reads Simplified, Traditional and English),
so nothing is downloaded at run time: the engine refuses to start when a model file is missing
rather than let the library fetch one.

Each process runs onnxruntime with one intra-op thread: on a small machine, processes in
parallel with one thread each beat one process using every core (thread start-up and
synchronisation dominate the small matrices of a text line).
"""

from __future__ import annotations

import hashlib
import logging
import os
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np
from PIL import Image

from evidencekit.core.ocr.engine import Box, OcrEngine, OcrLine, OcrWord
from evidencekit.errors import MissingDependencyError, OcrError

log = logging.getLogger(__name__)

PACKAGE_HINT = "install the Python packages rapidocr and onnxruntime (pip install rapidocr onnxruntime)"

#: The models read, as named in rapidocr's model table (all inside its wheel).
DET_MODEL = "PP-OCRv6_det_small.onnx"
REC_MODEL = "PP-OCRv6_rec_small.onnx"

#: Detection input width. Phone text is 30–60 px high on a 1080–1290 px wide screenshot; at
#: 512 px it is still 14–24 px, which the detector finds as well as at full size (measured on
#: generated tuning screenshots of ten styles: the same errors at 512 as at 640, a fifth less
#: time), at a fifth of the pixels. Narrower images are not enlarged. Tall captures keep their aspect.
DET_WIDTH = 512
#: Lines recognised per onnxruntime call. They are sorted by width and every line of a call is
#: padded to the widest: eight keeps that padding small (sixteen cost a fifth more time).
REC_BATCH = 8
#: The narrowest input the recogniser pads a line to (pixels at its 48 px height). The library's
#: 320 pads a two-character reply or a time label to the width of a dozen characters; 160 reads
#: them the same (same errors on the tuning screenshots) for a quarter less recognition time.
REC_MIN_WIDTH = 160


def _package_dir() -> Path:
    try:
        import rapidocr
    except ImportError as e:
        raise MissingDependencyError(f"the PP-OCR engine is not installed: {PACKAGE_HINT}",
                                     "OCR engine not found") from e
    return Path(rapidocr.__file__).resolve().parent


@lru_cache(maxsize=1)
def _versions() -> tuple[str, str]:
    try:
        import onnxruntime
        import rapidocr
    except ImportError as e:
        raise MissingDependencyError(f"the PP-OCR engine is not installed: {PACKAGE_HINT}",
                                     "OCR engine not found") from e
    return str(getattr(rapidocr, "__version__", "") or _dist_version("rapidocr")), str(onnxruntime.__version__)


def _dist_version(name: str) -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version(name)
    except PackageNotFoundError:
        return "unknown"


@lru_cache(maxsize=4)
def _model_digest(path: str) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()[:16]


class RapidOcrEngine(OcrEngine):
    """PP-OCR (through rapidocr on onnxruntime), one intra-op thread per process.

    Args:
        det_width: width the detector sees (see :data:`DET_WIDTH`).
        threads: onnxruntime intra-op threads (1: the pipeline runs one process per core).
    """

    name = "rapidocr"
    #: PP-OCR scores a line it reads right at 97–100; misread lines score lower.
    doubt_below = 90.0

    def __init__(self, *, det_width: int = DET_WIDTH, threads: int = 1) -> None:
        self.det_width = det_width
        self.threads = threads
        self._det: Any = None
        self._rec: Any = None

    def __getstate__(self) -> dict[str, Any]:
        # the onnxruntime sessions stay behind: each process loads its own
        return {"det_width": self.det_width, "threads": self.threads, "_det": None, "_rec": None}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__dict__.update(state)

    @property
    def version(self) -> str:
        rapid, ort = _versions()
        return f"{rapid} (onnxruntime {ort})"

    def _model(self, name: str) -> Path:
        p = _package_dir() / "models" / name
        if not p.is_file():
            raise MissingDependencyError(
                f"the PP-OCR model {name} is missing from the rapidocr package ({p}): reinstall it "
                f"({PACKAGE_HINT}); models are never downloaded at run time", "OCR model missing")
        return p

    def check(self) -> None:
        _versions()
        self._model(DET_MODEL)
        self._model(REC_MODEL)

    def fingerprint(self) -> dict[str, Any]:
        rapid, ort = _versions()
        return {"rapidocr": rapid, "onnxruntime": ort, "det_width": self.det_width, "languages": "ch (PP-OCRv6)",
                "rec_batch": REC_BATCH, "rec_min_width": REC_MIN_WIDTH,
                "det_model": f"{DET_MODEL} {_model_digest(str(self._model(DET_MODEL)))}",
                "rec_model": f"{REC_MODEL} {_model_digest(str(self._model(REC_MODEL)))}"}

    def _config(self, task: str) -> Any:
        from omegaconf import OmegaConf

        models = _package_dir() / "models"
        engine_cfg = {"intra_op_num_threads": self.threads, "inter_op_num_threads": 1,
                      "enable_cpu_mem_arena": False, "cpu_ep_cfg": {"arena_extend_strategy": "kSameAsRequested"},
                      "use_cuda": False, "use_dml": False, "use_cann": False, "use_coreml": False}
        from rapidocr.utils.typings import EngineType, LangDet, LangRec, ModelType, OCRVersion, TaskType

        common: dict[str, Any] = {"engine_type": EngineType.ONNXRUNTIME, "model_type": ModelType.SMALL,
                  "ocr_version": OCRVersion.PPOCRV6, "model_dir": None, "model_root_dir": str(models),
                  "engine_cfg": engine_cfg}
        cfg: dict[str, Any]
        if task == "det":
            cfg = {**common, "task_type": TaskType.DET, "lang_type": LangDet.CH,
                   "model_path": str(self._model(DET_MODEL)),
                   # the image is sized here (see detect): no resizing but to a multiple of 32
                   "limit_side_len": 1 << 16, "limit_type": "max", "std": [0.5, 0.5, 0.5],
                   "mean": [0.5, 0.5, 0.5], "thresh": 0.3, "box_thresh": 0.5, "max_candidates": 1000,
                   "unclip_ratio": 1.6, "use_dilation": True, "score_mode": "fast"}
        else:
            cfg = {**common, "task_type": TaskType.REC, "lang_type": LangRec.CH,
                   "model_path": str(self._model(REC_MODEL)), "rec_keys_path": None,
                   "rec_img_shape": [3, 48, REC_MIN_WIDTH], "rec_batch_num": REC_BATCH, "font_path": None}
        return OmegaConf.create(cfg, flags={"allow_objects": True})

    def _detector(self) -> Any:
        if self._det is None:
            from rapidocr.ch_ppocr_det import TextDetector

            logging.getLogger("RapidOCR").setLevel(logging.WARNING)
            try:
                self._det = TextDetector(self._config("det"))
            except (OSError, RuntimeError, ValueError) as e:
                raise OcrError(f"the PP-OCR detection model could not be loaded: {e}") from e
        return self._det

    def _recogniser(self) -> Any:
        if self._rec is None:
            from rapidocr.ch_ppocr_rec import TextRecognizer

            logging.getLogger("RapidOCR").setLevel(logging.WARNING)
            try:
                self._rec = TextRecognizer(self._config("rec"))
            except (OSError, RuntimeError, ValueError) as e:
                raise OcrError(f"the PP-OCR recognition model could not be loaded: {e}") from e
        return self._rec

    def detect(self, image: Image.Image) -> list[Box]:
        import cv2

        rgb = image.convert("RGB")
        w, h = rgb.size
        f = min(1.0, self.det_width / max(1, w))
        small = rgb if f >= 1.0 else rgb.resize((max(32, round(w * f)), max(32, round(h * f))), Image.Resampling.BILINEAR)
        arr = cv2.cvtColor(np.asarray(small), cv2.COLOR_RGB2BGR)
        try:
            res = self._detector()(arr)
        except Exception as e:  # onnxruntime raises its own exception types
            if isinstance(e, MissingDependencyError):
                raise
            raise OcrError(f"PP-OCR detection failed: {e}") from e
        if res.boxes is None:
            return []
        out: list[Box] = []
        for quad in res.boxes:
            xs = [p[0] / f for p in quad]
            ys = [p[1] / f for p in quad]
            x0, y0 = max(0, int(min(xs))), max(0, int(min(ys)))
            x1, y1 = min(w, int(round(max(xs)))), min(h, int(round(max(ys))))
            if x1 - x0 >= 2 and y1 - y0 >= 2:
                out.append((x0, y0, x1 - x0, y1 - y0))
        out.sort(key=lambda b: (b[1], b[0]))
        return out

    def recognise_pages(self, pages: Sequence[Sequence[Image.Image]], *,
                        script: str | None = None) -> list[list[OcrLine]]:
        import cv2
        from rapidocr.ch_ppocr_rec import TextRecInput

        flat = [im for page in pages for im in page]
        if not flat:
            return [[] for _ in pages]
        arrs = [cv2.cvtColor(np.asarray(im.convert("RGB")), cv2.COLOR_RGB2BGR) for im in flat]
        try:
            res = self._recogniser()(TextRecInput(img=arrs, return_word_box=True))
        except Exception as e:  # onnxruntime raises its own exception types
            if isinstance(e, (MissingDependencyError, OcrError)):
                raise
            raise OcrError(f"PP-OCR recognition failed: {e}") from e
        lines = [_line(str(t), float(s), info, im.size)
                 for t, s, info, im in zip(res.txts, res.scores, res.word_results, flat, strict=True)]
        out: list[list[OcrLine]] = []
        k = 0
        for page in pages:
            out.append(lines[k:k + len(page)])
            k += len(page)
        return out


def _line(text: str, score: float, info: Any, size: tuple[int, int]) -> OcrLine:
    """One recognised line with a box and a confidence per character, from the recogniser's
    CTC frame positions (``info``: rapidocr's WordInfo)."""
    w, h = size
    chars: list[tuple[str, int]] = []
    words = getattr(info, "words", None) or []
    cols = getattr(info, "word_cols", None) or []
    for word, wcols in zip(words, cols, strict=False):
        chars.extend(zip(word, wcols, strict=False))
    confs = list(getattr(info, "confs", None) or [])
    # confs follow the decoded text, spaces included; the characters of words leave them out
    non_space = [c for i, c in enumerate(confs) if i < len(text) and not text[i].isspace()]
    total = float(getattr(info, "line_txt_len", 0.0) or 0.0)
    out: list[OcrWord] = []
    if chars and total > 0:
        xs = [(col + 0.5) * w / total for _, col in chars]
        step = (xs[-1] - xs[0]) / (len(xs) - 1) if len(xs) > 1 else min(w, h)
        for i, (ch, _) in enumerate(chars):
            left = (xs[i - 1] + xs[i]) / 2 if i > 0 else xs[i] - step / 2
            right = (xs[i] + xs[i + 1]) / 2 if i + 1 < len(xs) else xs[i] + step / 2
            x0, x1 = max(0, int(left)), min(w, int(round(right)))
            conf = non_space[i] if i < len(non_space) else score
            out.append(OcrWord(ch, (x0, 0, max(1, x1 - x0), h), round(100.0 * float(conf), 1)))
    return OcrLine(tuple(out), (0, 0, w, h), text, round(100.0 * score, 1))


def set_threads_for_workers() -> None:
    """Keep numerical libraries to one thread in this process (called in worker processes)."""
    for var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ.setdefault(var, "1")
