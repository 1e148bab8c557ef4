"""The code around the engine, driven by a fake engine (the real one is tested in test_tesseract)."""

from __future__ import annotations

import json
import os
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
    assert res.engine.name == "fake" and res.engine.params["engine"] == fake_engine.fingerprint()
    assert res.script == "zh-Hans"
    assert fake_engine.calls and len(fake_engine.calls) == 1  # every line of the page in one call


def test_script_is_the_one_shown() -> None:
    res = read_image(decode(SAMPLE), engine=FakeEngine("測試文字"), reference_time=REFERENCE)
    assert res.script == "zh-Hant"
    assert res.messages[0].text.startswith("測試文字")  # never converted


def test_script_hint_is_passed_to_the_engine() -> None:
    eng = FakeEngine()
    read_image(decode(SAMPLE), engine=eng, script_hint="zh-Hant")
    assert eng.scripts == ["zh-Hant"]


def test_no_bubble_reads_the_whole_image_as_one_block() -> None:
    from PIL import Image, ImageDraw, ImageFont

    img = Image.new("RGB", (600, 400), (255, 255, 255))
    d = ImageDraw.Draw(img)
    f = ImageFont.truetype("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc", 30, index=0)
    for k in range(3):
        d.text((40, 80 + 60 * k), "您的借款已逾期三天请还款", font=f, fill=(0, 0, 0))
    res = read_image(img, engine=FakeEngine("测试文字"), reference_time=REFERENCE)
    assert len(res.messages) == 1 and res.messages[0].text == "测试文字" * 3
    assert [w.code for w in res.warnings] == ["layout.no_bubbles"]


def test_empty_and_unsure_readings_carry_warnings() -> None:
    from PIL import Image

    blank = read_image(Image.new("RGB", (500, 800), (20, 20, 20)), engine=FakeEngine(), reference_time=REFERENCE)
    assert blank.messages == () and [w.code for w in blank.warnings] == ["ocr.empty"]
    unsure = read_image(decode(SAMPLE), engine=FakeEngine("测试文字", conf=50.0), reference_time=REFERENCE)
    assert "ocr.low_confidence" in [w.code for w in unsure.warnings]
    assert unsure.messages[0].uncertain == ((0, len(unsure.messages[0].text)),)


def test_second_opinion_marks_disagreeing_lines_only() -> None:
    doubtful = FakeEngine("测试文字", conf=60.0, doubt_below=70.0)
    second = FakeEngine("别的文字")
    res = read_image(decode(SAMPLE), engine=doubtful, reference_time=REFERENCE, second=second)
    assert all(m.review for m in res.messages)
    mark = res.messages[0].review[0]
    assert (mark.text, mark.second, mark.engine, mark.line) == ("测试文字", "别的文字", "fake", 0)
    assert "ocr.review" in [w.code for w in res.warnings]
    # a sure reading pays nothing for the second engine
    sure = FakeEngine("测试文字", conf=95.0, doubt_below=70.0)
    idle = FakeEngine("别的文字")
    res = read_image(decode(SAMPLE), engine=sure, reference_time=REFERENCE, second=idle)
    assert idle.calls == [] and not any(m.review for m in res.messages)
    # agreeing engines mark nothing
    res = read_image(decode(SAMPLE), engine=doubtful, reference_time=REFERENCE, second=FakeEngine("測試文字"))
    assert not any(m.review for m in res.messages)


def test_json_round_trip() -> None:
    from evidencekit.core.models import EngineInfo, OcrWarning, ReviewMark

    r = OcrResult("ab" * 32, EngineInfo("tesseract", "5.3.0", "chi_sim", {"psm": 6}), "zh-Hans", "t", "95588",
                  (Message("你好", "昨天 下午3:05", "2026-11-26T15:05:00", (1, 2, 3, 4), 91.5,
                           (Fact("phone", "95588", "95588"),), (Label("threat", ("起诉",)),), "in",
                           (ReviewMark(0, "你好", "你妤", "tesseract", 71.5),), ((1, 2),)),),
                  (OcrWarning("ocr.review", "1 line(s) read differently"),))
    d = result_to_json(r)
    json.dumps(d, ensure_ascii=False)
    assert result_from_json(d) == r


def test_relative_labels_keep_the_label_and_record_their_basis() -> None:
    """昨天 / 星期三 / 11月15日 resolve against the reference time; the result keeps the label as
    shown and records what the time rests on (the rule, the reference, where it came from)."""
    from PIL import Image, ImageDraw, ImageFont

    from evidencekit.core.models import ReferenceSource, ReferenceTime, TimeBasis, TimeRule

    img = Image.new("RGB", (720, 900), (255, 255, 255))
    d = ImageDraw.Draw(img)
    f = ImageFont.truetype("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc", 26, index=0)
    for k, label in enumerate(("昨天 下午3:05", "2026/11/19 03:44")):
        y = 100 + 360 * k
        d.text((360, y), label, font=f, fill=(120, 120, 120), anchor="mm")
        d.rounded_rectangle([30, y + 40, 560, y + 140], radius=30, fill=(233, 233, 235))
        d.text((60, y + 70), "您的借款已逾期三天请还款", font=f, fill=(0, 0, 0))

    class Labels(FakeEngine):
        """Reads the time labels as drawn and every other line as 测试文字."""

        def recognise_pages(self, pages, *, script=None):  # type: ignore[no-untyped-def]
            out = super().recognise_pages(pages, script=script)
            for page, lines in zip(pages, out, strict=True):
                for k, (im, ln) in enumerate(zip(page, lines, strict=True)):
                    text = im.getpixel((2, 2)) == (255, 255, 255) and ("昨天 下午3:05" if k == 0 else "2026/11/19 03:44")
                    if text:
                        lines[k] = type(ln)(ln.words, ln.bbox, text, ln.score)
            return out

    ref = ReferenceTime(REFERENCE, ReferenceSource.EXIF)
    res = read_image(img, engine=Labels(), reference_time=ref)
    assert [m.time_label for m in res.messages] == ["昨天 下午3:05", "2026/11/19 03:44"]
    assert [m.sent_at for m in res.messages] == ["2026-11-26T15:05:00", "2026-11-19T03:44:00"]
    assert res.messages[0].time_basis == TimeBasis(TimeRule.RELATIVE_DAY, "2026-11-27T10:00:00", ReferenceSource.EXIF)
    assert res.messages[1].time_basis is None  # the label gives the full date itself
    back = result_from_json(json.loads(json.dumps(result_to_json(res), ensure_ascii=False)))
    assert back == res
    assert result_to_json(res)["messages"][0]["time_basis"] == {
        "rule": "relative_day", "reference": "2026-11-27T10:00:00", "source": "exif"}
    # a bare datetime was given by the caller
    given = read_image(img, engine=Labels(), reference_time=REFERENCE)
    assert given.messages[0].time_basis is not None and given.messages[0].time_basis.source == ReferenceSource.GIVEN


def test_reference_time_of_a_file_says_where_it_came_from(tmp_path: Path) -> None:
    import os

    from PIL import Image

    from evidencekit.core.models import ReferenceSource
    from evidencekit.core.ocr.batch import reference_for

    p = tmp_path / "shot.png"
    Image.new("RGB", (10, 10)).save(p)
    os.utime(p, (1_790_000_000, 1_790_000_000))
    ref = reference_for(p)
    assert ref.source == ReferenceSource.FILE_MTIME and ref.at.timestamp() == 1_790_000_000
    exif = Image.Exif()
    exif[0x0132] = "2026:11:27 10:00:00"  # DateTime
    q = tmp_path / "shot.jpg"
    Image.new("RGB", (10, 10)).save(q, exif=exif)
    with Image.open(q) as im:
        ref = reference_for(q, im)
    assert ref.source == ReferenceSource.EXIF and ref.at.isoformat() == "2026-11-27T10:00:00"
    # no EXIF, the phone's file name (review9 #12: the preview read "昨天" against the file time)
    named = tmp_path / "Screenshot_2026-11-13-07-40-12-345_com.android.mms.png"
    Image.new("RGB", (10, 10)).save(named)
    os.utime(named, (1_790_000_000, 1_790_000_000))
    ref = reference_for(named)
    assert ref.source == ReferenceSource.FILE_NAME and ref.at.isoformat() == "2026-11-13T07:40:12"


def test_results_stored_by_earlier_versions_read_back() -> None:
    """The index of a case made at 300e1e3 holds readings without warnings or review marks."""
    import sqlite3

    db = Path(__file__).resolve().parents[2] / "fixtures" / "legacy-300e1e3" / "case" / "index.sqlite"
    # immutable: reading must leave no -shm/-wal file beside the fixture
    con = sqlite3.connect(f"file:{db}?mode=ro&immutable=1", uri=True)
    try:
        rows = con.execute("SELECT result_json FROM ocr WHERE result_json != '{}'").fetchall()
    finally:
        con.close()
    assert rows
    for (blob,) in rows:
        d = json.loads(blob)
        r = result_from_json(d)
        assert r.warnings == () and all(m.review == () and m.uncertain == () for m in r.messages)
        again = result_to_json(r)
        assert {k: v for k, v in again.items() if k != "warnings"} == d and again["warnings"] == []


def test_cache_hit_skips_the_engine(tmp_path: Path) -> None:
    eng = FakeEngine()
    a = recognise_file(SAMPLE, engine=eng, reference_time=REFERENCE, cache_dir=tmp_path, second=None)
    n = len(eng.calls)
    b = recognise_file(SAMPLE, engine=eng, reference_time=REFERENCE, cache_dir=tmp_path, second=None)
    assert a == b and len(eng.calls) == n
    assert len(list(tmp_path.glob("*.json"))) == 1
    # another reference time is another key
    recognise_file(SAMPLE, engine=eng, reference_time=REFERENCE.replace(day=1), cache_dir=tmp_path)
    assert len(eng.calls) > n


def test_a_new_confusion_table_reads_again(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # a pair added to confusions.json must reach screenshots read before it
    import evidencekit.core.ocr.batch as batch

    eng = FakeEngine()
    recognise_file(SAMPLE, engine=eng, reference_time=REFERENCE, cache_dir=tmp_path, second=None)
    n = len(eng.calls)
    monkeypatch.setattr(batch, "confusions_digest", lambda: "another-table")
    recognise_file(SAMPLE, engine=eng, reference_time=REFERENCE, cache_dir=tmp_path, second=None)
    assert len(eng.calls) > n
    assert len(list(tmp_path.glob("*.json"))) == 2


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


_CAPTURED_STDERR = """
import sys
from tests.fakes.ocr import FakeEngine
from evidencekit.core.ocr.pipeline import recognise_files

class Captured:  # what a terminal app puts in place of sys.stderr (Textual: fileno() is -1)
    def write(self, s): return len(s)
    def flush(self): pass
    def fileno(self): return -1

if __name__ == "__main__":
    sys.stderr = Captured()
    items = list(recognise_files(sys.argv[1:], engine=FakeEngine(), workers=2))
    print(sum(it.result is not None for it in items))
"""


def test_worker_processes_start_under_a_captured_stderr(tmp_path: Path) -> None:
    """A terminal app captures sys.stderr; the worker pool must still start (in a fresh
    interpreter: multiprocessing's helper process is started once per process)."""
    import subprocess
    import sys

    script = tmp_path / "run.py"
    script.write_text(_CAPTURED_STDERR, encoding="utf-8")
    repo = Path(__file__).resolve().parents[3]
    out = subprocess.run([sys.executable, str(script), str(SAMPLE), str(SAMPLE)], capture_output=True, text=True,
                         cwd=repo, env={**os.environ, "PYTHONPATH": str(repo)}, timeout=300)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "2"


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
    assert len(eng.calls) == 1  # the lines of all three in one call
    alone = [read_image(im, engine=FakeEngine(), reference_time=REFERENCE) for im in imgs]
    assert [[m.text for m in r.messages] for r in together] == [[m.text for m in r.messages] for r in alone]


@pytest.mark.parametrize(("total", "workers", "size"), [(1, 2, 1), (4, 2, 2), (11, 2, 4), (100, 2, 4), (5, 1, 4)])
def test_chunk_size(total: int, workers: int, size: int, monkeypatch: pytest.MonkeyPatch) -> None:
    from evidencekit.core.ocr import batch

    monkeypatch.setattr(batch, "MAX_CHUNK", 4)
    assert batch.chunk_size(total, workers) == size
    monkeypatch.setattr(batch, "MAX_CHUNK", 1)
    assert batch.chunk_size(total, workers) == 1


def test_bad_file_inside_a_chunk(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from evidencekit.core.ocr import batch

    monkeypatch.setattr(batch, "MAX_CHUNK", 4)
    bad = tmp_path / "bad.png"
    bad.write_bytes(b"junk")
    files = [SAMPLE, bad, SAMPLE, SAMPLE, SAMPLE]
    items = list(recognise_files(files, engine=FakeEngine(), workers=1))
    assert [i.result is not None for i in items] == [True, False, True, True, True]


@pytest.mark.parametrize(("read", "shown"), [
    ("2026/11/19 03:44", "2026/11/19 03:44"), ("2026/11/1903:44", "2026/11/19 03:44"),
    ("2026/11/19下午3:44", "2026/11/19 下午3:44"), ("2026-11-19", "2026-11-19"), ("昨天下午3:05", "昨天 下午3:05"),
    ("11月19日周三03:44", "11月19日 周三 03:44"), ("· Nov 19, 3:44 AM", "Nov 19, 3:44 AM")])
def test_time_labels_are_tidied_without_cutting_a_date(read: str, shown: str) -> None:
    from evidencekit.core.ocr.assemble import tidy_label

    assert tidy_label(read) == shown
