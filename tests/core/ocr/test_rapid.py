"""The PP-OCR engine itself: its models come from the installed wheel, it reads a line."""

from __future__ import annotations

from pathlib import Path

import pytest
from PIL import Image, ImageDraw, ImageFont

from evidencekit.core.ocr.rapid import DET_MODEL, REC_MODEL, RapidOcrEngine, _package_dir

FONT = "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc"


def test_models_are_read_from_the_wheel_never_fetched() -> None:
    """Every model path the engine hands to rapidocr is a file inside the installed package, so
    the library has nothing to download."""
    eng = RapidOcrEngine()
    pkg = _package_dir()
    for task in ("det", "rec"):
        cfg = eng._config(task)
        path = Path(cfg.model_path).resolve()
        assert path.is_file() and pkg in path.parents, path
        assert Path(cfg.model_root_dir).resolve() == pkg / "models"
    assert {Path(eng._config("det").model_path).name, Path(eng._config("rec").model_path).name} == {DET_MODEL,
                                                                                                    REC_MODEL}
    fp = eng.fingerprint()
    assert DET_MODEL in fp["det_model"] and REC_MODEL in fp["rec_model"] and fp["det_width"] == eng.det_width


def test_reads_a_line_with_a_box_per_character() -> None:
    img = Image.new("RGB", (520, 70), (255, 255, 255))
    ImageDraw.Draw(img).text((10, 12), "应还1,058.33元", font=ImageFont.truetype(FONT, 40, index=0), fill=(0, 0, 0))
    [line] = RapidOcrEngine().recognise_lines([img])
    assert line.text == "应还1,058.33元"
    assert len(line.words) == len(line.text) and line.confidence > 90
    xs = [w.bbox[0] for w in line.words]
    assert xs == sorted(xs) and all(0 <= x < img.width for x in xs)


def test_a_missing_model_is_named(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    from evidencekit.core.ocr import rapid
    from evidencekit.errors import MissingDependencyError

    monkeypatch.setattr(rapid, "_package_dir", lambda: tmp_path)
    with pytest.raises(MissingDependencyError, match="never downloaded"):
        RapidOcrEngine().check()
