"""The screenshot generator (samples/phonegen): every style, truth that the parsers read."""

from __future__ import annotations

import json
import sys
from datetime import datetime
from pathlib import Path

from PIL import Image

from evidencekit.core.analysis.timeparse import resolve_label

from .conftest import SAMPLES


def test_every_style_with_truth_the_parsers_read(tmp_path: Path) -> None:
    sys.path.insert(0, str(SAMPLES))
    from phonegen.corpus import SOURCES
    from phonegen.gen import VARIANTS, generate

    truths = generate(11, len(VARIANTS), tmp_path, jpeg_share=0.5)
    assert {t["style"].split("-", 1)[1] for t in truths} == set(VARIANTS)
    # one seed, one set
    assert generate(5, 2, tmp_path / "a") == generate(5, 2, tmp_path / "b")
    assert (tmp_path / "a" / truths_files(tmp_path / "a")[0]).read_bytes() == \
        (tmp_path / "b" / truths_files(tmp_path / "b")[0]).read_bytes()
    for t in truths:
        with Image.open(tmp_path / str(t["file"])) as im:
            assert im.size == (t["width"], t["height"])
        msgs = t["messages"]
        assert msgs and all(m["text"] and m["side"] in ("in", "out") for m in msgs)  # type: ignore[union-attr]
        ref = datetime.fromisoformat(str(t["reference_time"]))
        for m in msgs:  # type: ignore[union-attr]
            if m["time_label"]:
                assert resolve_label(m["time_label"], ref) is not None, m["time_label"]
        assert set(t["sources"]) <= set(SOURCES)  # type: ignore[arg-type]
        assert json.loads((tmp_path / (Path(str(t["file"])).stem + ".json")).read_text("utf-8")) == t
    assert any(str(t["file"]).endswith(".jpg") for t in truths)
    assert any(t["sender"] is None for t in truths)  # cropped captures and banners hide the header


def truths_files(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.suffix in (".png", ".jpg"))
