"""The code around the engine, driven by a fake engine (the real one is tested in test_tesseract)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from evidencekit.core.models import Fact, Label, Message, OcrResult
from evidencekit.core.ocr.pipeline import (
    read_image,
    recognise_file,
    recognise_files,
    result_from_json,
    result_to_json,
)
from evidencekit.core.ocr.stages import decode
from evidencekit.core.progress import CancelToken, Step
from evidencekit.errors import Cancelled, MissingDependencyError

from .conftest import REFERENCE, SAMPLES, FakeEngine

SAMPLE = SAMPLES / "ios-dark-hans-threat.png"


def test_read_image_orders_messages_with_time_labels(fake_engine: FakeEngine) -> None:
    res = read_image(decode(SAMPLE), engine=fake_engine, reference_time=REFERENCE, sha256="x")
    # The fake reads every line as 测试文字: no time label can be recognised, but every bubble is a message
    assert len(res.messages) == 5
    assert [m.side for m in res.messages] == ["in", "in", "out", "in", "in"]
    assert all(m.text.startswith("测试文字") for m in res.messages)
    assert res.messages[0].bbox[1] < res.messages[1].bbox[1]
    assert res.engine.name == "fake" and res.engine.params["passes"] == ["chi_sim", "chi_tra"]
    assert res.script == "zh-Hans"  # chi_sim surer (90 vs 70)


def test_script_follows_the_surer_model() -> None:
    res = read_image(decode(SAMPLE), engine=FakeEngine(tra_conf=99.0), reference_time=REFERENCE)
    assert res.script == "zh-Hant"
    assert res.messages[0].text.startswith("測試文字")


def test_script_hint_skips_the_second_pass() -> None:
    eng = FakeEngine()
    read_image(decode(SAMPLE), engine=eng, script_hint="zh-Hant")
    assert eng.calls == ["chi_tra"]


def test_json_round_trip() -> None:
    r = OcrResult("ab" * 32, __import__("evidencekit.core.models", fromlist=["EngineInfo"]).EngineInfo(
        "tesseract", "5.3.0", "chi_sim", {"psm": 6}), "zh-Hans", "t", "95588",
        (Message("你好", "昨天 下午3:05", "2026-11-26T15:05:00", (1, 2, 3, 4), 91.5,
                 (Fact("phone", "95588", "95588"),), (Label("threat", ("起诉",)),), "in"),))
    d = result_to_json(r)
    json.dumps(d, ensure_ascii=False)
    assert result_from_json(d) == r


def test_cache_hit_skips_the_engine(tmp_path: Path) -> None:
    eng = FakeEngine()
    a = recognise_file(SAMPLE, engine=eng, reference_time=REFERENCE, cache_dir=tmp_path)
    n = len(eng.calls)
    b = recognise_file(SAMPLE, engine=eng, reference_time=REFERENCE, cache_dir=tmp_path)
    assert a == b and len(eng.calls) == n
    assert len(list(tmp_path.glob("*.json"))) == 1
    # another reference time is another key
    recognise_file(SAMPLE, engine=eng, reference_time=REFERENCE.replace(day=1), cache_dir=tmp_path)
    assert len(eng.calls) > n


def test_corrupt_cache_entry_is_ignored(tmp_path: Path) -> None:
    eng = FakeEngine()
    recognise_file(SAMPLE, engine=eng, reference_time=REFERENCE, cache_dir=tmp_path)
    for p in tmp_path.glob("*.json"):
        p.write_text("{not json", encoding="utf-8")
    res = recognise_file(SAMPLE, engine=eng, reference_time=REFERENCE, cache_dir=tmp_path)
    assert len(res.messages) == 5


@pytest.mark.parametrize("workers", [1, 2])
def test_batch_in_order_with_progress_and_errors(tmp_path: Path, workers: int) -> None:
    bad = tmp_path / "bad.png"
    bad.write_bytes(b"not an image")
    files = [SAMPLES / "ios-light-hans-reminder.png", bad, SAMPLE]
    steps: list[Step] = []
    items = list(recognise_files(files, engine=FakeEngine(), workers=workers, progress=steps.append))
    assert [i.path for i in items] == files
    assert items[0].result is not None and len(items[0].result.messages) == 3
    assert items[1].result is None and items[1].error is not None and "bad.png" in items[1].error.msg
    assert items[2].result is not None and len(items[2].result.messages) == 5
    assert [s.done for s in steps] == [1, 2, 3] and steps[-1].total == 3


def test_batch_cancel() -> None:
    token = CancelToken()
    gen = recognise_files([SAMPLE] * 4, engine=FakeEngine(), workers=2, cancel=token)
    first = next(gen)
    assert first.result is not None
    token.cancel()
    with pytest.raises(Cancelled):
        list(gen)


def test_batch_missing_engine_fails_before_work() -> None:
    from evidencekit.core.ocr.tesseract import TesseractEngine

    with pytest.raises(MissingDependencyError, match="tesseract-ocr"):
        list(recognise_files([SAMPLE], engine=TesseractEngine("/nonexistent/tesseract")))


def test_input_file_unchanged(tmp_path: Path) -> None:
    p = tmp_path / "s.png"
    shutil.copy(SAMPLE, p)
    before = p.read_bytes()
    recognise_file(p, engine=FakeEngine(), reference_time=REFERENCE)
    assert p.read_bytes() == before


def test_read_images_equals_read_image_one_by_one() -> None:
    from evidencekit.core.ocr.pipeline import read_images

    paths = [SAMPLE, SAMPLES / "ios-light-hans-reminder.png", SAMPLES / "android-dark-hant-overdue.png"]
    imgs = [decode(p) for p in paths]
    eng = FakeEngine()
    together = read_images(imgs, engine=eng, reference_times=[REFERENCE] * 3)
    assert eng.calls == ["chi_sim"] * 3 + ["chi_tra"] * 3  # one recognise_many per model
    alone = [read_image(im, engine=FakeEngine(), reference_time=REFERENCE) for im in imgs]
    assert [[m.text for m in r.messages] for r in together] == [[m.text for m in r.messages] for r in alone]


@pytest.mark.parametrize(("total", "workers", "size"), [(1, 2, 1), (4, 2, 2), (11, 2, 4), (100, 2, 4), (5, 1, 4)])
def test_chunk_size(total: int, workers: int, size: int, monkeypatch: pytest.MonkeyPatch) -> None:
    from evidencekit.core.ocr import pipeline

    monkeypatch.setattr(pipeline, "MAX_CHUNK", 4)
    assert pipeline.chunk_size(total, workers) == size
    monkeypatch.setattr(pipeline, "MAX_CHUNK", 1)
    assert pipeline.chunk_size(total, workers) == 1


def test_bad_file_inside_a_chunk(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from evidencekit.core.ocr import pipeline

    monkeypatch.setattr(pipeline, "MAX_CHUNK", 4)
    bad = tmp_path / "bad.png"
    bad.write_bytes(b"junk")
    files = [SAMPLE, bad, SAMPLE, SAMPLE, SAMPLE]
    items = list(recognise_files(files, engine=FakeEngine(), workers=1))
    assert [i.result is not None for i in items] == [True, False, True, True, True]
