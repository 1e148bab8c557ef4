"""Recordings and videos probed for real: every common phone format, junk and truncated files."""

from __future__ import annotations

import struct
from pathlib import Path

import pytest

from evidencekit.core.media.av import probe_av
from evidencekit.core.media.sniff import probe, sniff
from tests.core.media.conftest import amr, needs_ffmpeg, screen_recording, tone

pytestmark = needs_ffmpeg

FORMATS = {
    "m4a": ["-c:a", "aac"], "mp3": ["-c:a", "libmp3lame"], "aac": ["-c:a", "aac", "-f", "adts"],
    "3gp": ["-c:a", "aac", "-f", "3gp"], "wav": [], "ogg": ["-c:a", "libvorbis"], "flac": [],
}


@pytest.mark.parametrize("ext", [*FORMATS, "amr"])
def test_every_phone_format_is_a_recording_with_its_facts(tmp_path: Path, ext: str) -> None:
    p = amr(tmp_path / "call.amr") if ext == "amr" else tone(tmp_path / f"call.{ext}", 1.5, FORMATS[ext])
    sn = sniff(p.read_bytes()[:64])
    assert sn is not None, ext
    pr = probe(p, sn.kind, sn.mime)
    assert (pr.kind or sn.kind) == "audio", (ext, pr.note)
    assert pr.av is not None and pr.av.playable
    expected = 2.0 if ext == "amr" else 1.5
    assert pr.duration_s == pytest.approx(expected, abs=0.15), ext
    assert pr.av.codec and pr.av.sample_rate and pr.av.channels == 1
    assert any(t.startswith("ffprobe") for t in pr.av.tools)


@pytest.mark.parametrize(("name", "data"), [
    ("header.webm", b"\x1a\x45\xdf\xa3" + b"\x00" * 60),
    ("header.amr", b"#!AMR\n"),
    ("random.ogg", b"OggS" + bytes(range(256)) * 8),
    ("tiny.wav", b"RIFF" + struct.pack("<I", 136) + b"WAVEfmt " + struct.pack("<IHHIIHH", 16, 1, 1, 8000, 16000, 2, 16)
     + b"data" + struct.pack("<I", 194_784_000) + b"\x00" * 100),
    ("huge.mp3", b"\xff\xfb\x10\x00" + b"\x00" * 200),
])
def test_junk_with_a_media_header_is_kept_as_unknown(tmp_path: Path, name: str, data: bytes) -> None:
    p = tmp_path / name
    p.write_bytes(data)
    sn = sniff(data[:64])
    assert sn is not None and sn.kind in ("audio", "video")
    pr = probe(p, sn.kind, sn.mime)
    assert pr.kind == "other", (name, pr)
    assert pr.note.startswith("kept as an unknown file: not a playable")


def test_truncated_recording_is_a_recording_cut_short(tmp_path: Path) -> None:
    p = tone(tmp_path / "long.mp3", 8.0, FORMATS["mp3"])
    cut = tmp_path / "cut.mp3"
    cut.write_bytes(p.read_bytes()[: p.stat().st_size // 3])
    pr = probe_av(cut, "audio", "audio/mpeg")
    assert pr.kind == "audio"
    assert pr.facts.duration_s is not None and 1.5 < pr.facts.duration_s < 4.5


def test_phone_m4a_with_isom_brand_is_audio_not_video(tmp_path: Path) -> None:
    p = tone(tmp_path / "rec.mp4", 1.0, ["-c:a", "aac"])
    sn = sniff(p.read_bytes()[:64])
    assert sn is not None and sn.kind == "video"
    pr = probe(p, sn.kind, sn.mime)
    assert pr.kind == "audio" and pr.mime == "audio/mp4"


def test_screen_recording_is_a_video_with_keyframes(tmp_path: Path) -> None:
    from evidencekit.core.media.pictures import keyframes

    p = screen_recording(tmp_path / "Screenrecorder-2026-11-20-22-41-03.mp4")
    pr = probe(p, "video", "video/mp4")
    assert pr.kind is None and pr.av is not None and pr.av.width == 320 and pr.av.height == 240
    frames = keyframes(p, pr.duration_s, tmp_path)
    assert len(frames) == 3 and all(f.stat().st_size > 0 for _, f in frames)


def test_waveform_picture(tmp_path: Path) -> None:
    from PIL import Image

    from evidencekit.core.media.pictures import waveform

    out = waveform(tone(tmp_path / "a.wav", 1.0), tmp_path / "w.png")
    assert out is not None
    with Image.open(out) as im:
        assert im.size == (1600, 220)
        assert im.getpixel((800, 110)) != (255, 255, 255)


def test_recorder_conventions_examples() -> None:
    from evidencekit.core.media.recorders import conventions, from_name

    for c in conventions():
        assert c.examples, c.id
        for name, want in c.examples.items():
            got = from_name(name + ".m4a")
            assert got is not None and got.convention == c.id, (name, got)
            for k, v in want.items():
                assert getattr(got, k) == v, (name, k)
    assert from_name("会议记录.m4a") is None
