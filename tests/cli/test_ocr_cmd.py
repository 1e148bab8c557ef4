"""``evidencekit ocr``: JSON shape, summary, exit codes (0, 1, 3)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from evidencekit.cli.main import main

REPO = Path(__file__).resolve().parents[2]
SAMPLE = REPO / "samples" / "ios-light-hans-reminder.png"
needs_tesseract = pytest.mark.skipif(shutil.which("tesseract") is None, reason="tesseract not installed")

MESSAGE_KEYS = {"text", "time_label", "sent_at", "bbox", "confidence", "facts", "labels"}
FILE_KEYS = {"file", "sha256", "engine", "script", "text", "sender", "messages"}


@pytest.mark.tesseract
@needs_tesseract
def test_json_shape_and_exit_0(capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["ocr", str(SAMPLE), "--json", "--reference-time", "2026-11-27T10:00", "--workers", "1",
                 "--engine", "tesseract"])
    out = capsys.readouterr()
    assert code == 0, out.err
    data = json.loads(out.out)
    assert isinstance(data, list) and len(data) == 1
    obj = data[0]
    assert FILE_KEYS <= set(obj) and "error" not in obj
    assert obj["file"] == str(SAMPLE) and len(obj["sha256"]) == 64
    assert obj["script"] == "zh-Hans" and obj["sender"] == "106980095786"
    assert len(obj["messages"]) == 3
    m = obj["messages"][0]
    assert MESSAGE_KEYS <= set(m)
    assert m["time_label"] == "昨天 下午3:05" and m["sent_at"] == "2026-11-26T15:05:00"
    assert len(m["bbox"]) == 4
    assert {"kind", "value", "text"} <= set(m["facts"][0])
    assert m["labels"][0]["name"] == "repayment_reminder" and m["labels"][0]["triggers"]


@pytest.mark.tesseract
@needs_tesseract
def test_unreadable_file_exit_1(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "bad.jpg"
    bad.write_bytes(b"\xff\xd8 not really")
    missing = tmp_path / "missing.png"
    code = main(["ocr", str(SAMPLE), str(bad), str(missing), "--json", "--workers", "2", "--engine", "tesseract"])
    out = capsys.readouterr()
    assert code == 1
    data = json.loads(out.out)
    assert [d["file"] for d in data] == [str(SAMPLE), str(bad), str(missing)]
    assert "error" not in data[0]
    assert data[1]["error"] and data[1]["messages"] == [] and data[1]["sha256"]
    assert "no such file" in data[2]["error"]
    assert "bad.jpg" in out.err and "missing.png" in out.err


@pytest.mark.tesseract
@needs_tesseract
def test_summary_output(capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["ocr", str(SAMPLE), "--workers", "1", "--script", "zh-Hans", "--engine", "tesseract",
                 "--lang", "en"])
    out = capsys.readouterr().out
    assert code == 0
    assert "106980095786" in out and "Repayment reminder" in out and "招联金融" in out


def test_missing_tesseract_exit_3(capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["ocr", str(SAMPLE), "--json", "--engine", "tesseract", "--tesseract", "/nonexistent/tesseract"])
    err = capsys.readouterr().err
    assert code == 3
    assert "tesseract-ocr" in err and "Traceback" not in err


def test_missing_tesseract_on_path_exit_3(tmp_path: Path) -> None:
    # a real process whose PATH has no tesseract
    env = dict(os.environ, PATH=str(tmp_path))
    env.pop("EVIDENCEKIT_TESSERACT", None)
    p = subprocess.run([sys.executable, "-m", "evidencekit.cli.main", "ocr", str(SAMPLE), "--json", "--engine",
                        "tesseract"], capture_output=True, text=True, env=env, cwd=REPO, timeout=120)
    assert p.returncode == 3, p.stderr
    assert "tesseract-ocr" in p.stderr and "Traceback" not in p.stderr
    assert p.stdout == ""


def test_bad_reference_time_is_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["ocr", str(SAMPLE), "--reference-time", "yesterday"])
    assert code == 2


def test_help_text(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as e:
        main(["ocr", "--help"])
    assert e.value.code == 0
    out = capsys.readouterr().out
    assert "--json" in out and "tesseract" in out and "--engine" in out and "warnings" in out


def test_default_engine_json_with_warnings(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The default engine (PP-OCR) reads the sample; a blank image is never a quiet zero."""
    from PIL import Image

    blank = tmp_path / "blank.png"
    Image.new("RGB", (400, 700), (255, 255, 255)).save(blank)
    code = main(["ocr", str(SAMPLE), str(blank), "--json", "--reference-time", "2026-11-27T10:00", "--workers", "1"])
    out = capsys.readouterr()
    assert code == 0, out.err
    sample, empty = json.loads(out.out)
    assert FILE_KEYS | {"warnings"} <= set(sample)
    assert sample["engine"]["name"] == "rapidocr" and sample["sender"] == "106980095786"
    assert len(sample["messages"]) == 3 and sample["warnings"] == []
    assert sample["messages"][0]["sent_at"] == "2026-11-26T15:05:00"
    assert empty["messages"] == [] and [w["code"] for w in empty["warnings"]] == ["ocr.empty"]
    assert empty["warnings"][0]["text"]


def test_ocr_with_every_network_connection_refused(tmp_path: Path) -> None:
    """PP-OCR's models ship in the wheel: a reading works with the network cut off (every
    socket connection refused in the process that reads)."""
    script = tmp_path / "offline.py"
    script.write_text(
        "import socket, sys\n"
        "def refuse(*a, **k):\n    raise OSError('network refused by the test')\n"
        "socket.socket.connect = refuse\nsocket.socket.connect_ex = refuse\nsocket.create_connection = refuse\n"
        "from evidencekit.cli.main import main\n"
        f"sys.exit(main(['ocr', {str(SAMPLE)!r}, '--json', '--workers', '1']))\n", encoding="utf-8")
    p = subprocess.run([sys.executable, str(script)], capture_output=True, text=True, cwd=REPO, timeout=300)
    assert p.returncode == 0, p.stderr
    [obj] = json.loads(p.stdout)
    assert len(obj["messages"]) == 3 and "network refused" not in p.stderr


@needs_tesseract
def test_missing_language_data_exit_3(tmp_path: Path) -> None:
    tessdata = Path("/usr/share/tesseract-ocr/5/tessdata")
    if not (tessdata / "eng.traineddata").exists():
        pytest.skip("tessdata not at the Debian path")
    (tmp_path / "eng.traineddata").symlink_to(tessdata / "eng.traineddata")
    env = dict(os.environ, TESSDATA_PREFIX=str(tmp_path))
    p = subprocess.run([sys.executable, "-m", "evidencekit.cli.main", "ocr", str(SAMPLE), "--json", "--engine",
                        "tesseract"], capture_output=True, text=True, env=env, cwd=REPO, timeout=120)
    assert p.returncode == 3, p.stderr
    assert "tesseract-ocr-chi-sim" in p.stderr and "Traceback" not in p.stderr


def _ocr(*args: str | bytes, timeout: float = 120) -> subprocess.CompletedProcess[bytes]:
    # a subprocess with a timeout: a hang fails the test instead of stopping the suite
    return subprocess.run([sys.executable, "-m", "evidencekit.cli.main", "ocr", *args],
                          capture_output=True, timeout=timeout)


def test_a_named_pipe_or_a_device_is_refused_with_its_reason_not_waited_on(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.png"
    os.mkfifo(fifo)
    r = _ocr(str(fifo), "/dev/zero", "--json", "--workers", "1")
    assert r.returncode == 1, r.stderr
    data = json.loads(r.stdout)
    assert [d["file"] for d in data] == [str(fifo), "/dev/zero"]
    assert "named pipe" in data[0]["error"] and data[0]["sha256"] is None
    assert "device" in data[1]["error"] and data[1]["sha256"] is None
    assert b"named pipe (FIFO)" in r.stderr


@pytest.mark.tesseract
@needs_tesseract
def test_a_case_folder_is_refused_with_where_its_readings_are(tmp_path: Path) -> None:
    from evidencekit.core.models import CaseMeta
    from evidencekit.core.vault.case import Case

    Case.create(tmp_path / "case", CaseMeta("t", "李明")).close()
    r = _ocr(str(tmp_path / "case"), "--json", "--workers", "1")
    assert r.returncode == 1, r.stderr
    (only,) = json.loads(r.stdout)
    assert "a case folder" in only["error"] and "evidencekit list" in only["error"]


def test_a_pipe_swapped_in_after_the_check_is_refused_by_the_reader(tmp_path: Path) -> None:
    from evidencekit.core.media.files import NotARegularFile
    from evidencekit.core.ocr.pipeline import file_sha256
    from evidencekit.core.ocr.stages import decode
    from evidencekit.errors import OcrError

    fifo = tmp_path / "pipe.png"
    os.mkfifo(fifo)
    with pytest.raises(NotARegularFile, match="named pipe"):
        file_sha256(fifo)
    with pytest.raises(OcrError, match="named pipe"):
        decode(fifo)
    with pytest.raises(NotARegularFile, match="folder"):
        file_sha256(tmp_path)


def test_escape_codes_and_undecodable_bytes_in_names_never_reach_the_terminal_or_the_json(tmp_path: Path) -> None:
    hostile = os.fsencode(tmp_path) + b"/red\x1b[31m\x07bell\x9b2J\xff.png"
    r = _ocr(hostile, "--workers", "1")
    assert r.returncode == 1
    for stream in (r.stdout, r.stderr):
        assert b"\x1b" not in stream and b"\x07" not in stream and b"\xff" not in stream
        assert b"\\x1b[31m\\x07bell" in stream
    r = _ocr(hostile, "--json", "--workers", "1")
    assert b"\x1b" not in r.stderr and b"\xff" not in r.stderr
    r.stdout.decode("utf-8")  # valid UTF-8 throughout
    [obj] = json.loads(r.stdout)
    assert obj["file"].endswith("/red\x1b[31m\x07bell\\x9b2J\\xff.png")  # JSON escapes the controls itself
    assert "no such file" in obj["error"]


THREAT = "再不还钱就去你单位找你领导"


@pytest.mark.parametrize(("lang", "names"), [
    ("zh-Hans", ("威胁告知第三人", "威胁上门")),
    ("en", ("Threat to tell third parties", "Threat of a visit (home or work)")),
])
def test_the_summary_names_labels_as_the_app_does(lang: str, names: tuple[str, ...], monkeypatch: pytest.MonkeyPatch,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    """The summary names a label as the case list, the preview and the bundle do, in the reader's
    language; --json keeps the identifiers."""
    from evidencekit.core.analysis.labels import label_name, thread_labels
    from evidencekit.core.export.strings import strings
    from evidencekit.core.ocr import pipeline
    from tests.fakes.ocr import FakeEngine

    monkeypatch.setattr(pipeline, "engine_by_name", lambda name, **kw: FakeEngine(THREAT))
    monkeypatch.setenv("EVIDENCEKIT_LANG", lang)
    assert main(["ocr", str(SAMPLE), "--workers", "1"]) == 0
    out = capsys.readouterr().out
    [want] = thread_labels([(THREAT, "in")])
    assert {"threat_third_party", "threat_home_visit"} <= set(want)
    shown = [line.split("labels: ", 1)[1] for line in out.splitlines() if "labels: " in line]
    assert shown and all(all(label_name(n, strings(lang)) in line for n in want) for line in shown)
    assert all(n in out for n in names)
    assert "threat_" not in out and "overdue_collection" not in out

    assert main(["ocr", str(SAMPLE), "--workers", "1", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert "threat_third_party" in {lb["name"] for m in data[0]["messages"] for lb in m["labels"]}
