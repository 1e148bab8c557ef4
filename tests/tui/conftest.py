"""Fixtures for the TUI tests: the tests' fixed clock, a private config folder, sample files with
fixed times, and a case with a few items."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable
from pathlib import Path

import pytest

from evidencekit.core.models import CaseMeta, Respondent
from evidencekit.core.vault.case import Case
from evidencekit.tui.app import EvidenceKitApp, make_app
from tests.conftest import make_clock

from tests.fakes.ocr import FakeEngine

REPO = Path(__file__).resolve().parents[2]
SAMPLES = REPO / "samples"
FIXED_MTIME = dt.datetime(2026, 11, 20, 13, 30, tzinfo=dt.timezone.utc).timestamp()
SIZE = (80, 24)


@pytest.fixture(autouse=True)
def _stable_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """Same actor, zone and config folder on every machine (they appear on screen)."""
    monkeypatch.setenv("TZ", "Asia/Shanghai")
    import time

    time.tzset()
    monkeypatch.setattr("socket.gethostname", lambda: "host")
    monkeypatch.setattr("getpass.getuser", lambda: "user")
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg"))
    monkeypatch.delenv("COLORFGBG", raising=False)


def make_screenshot(path: Path, *, dark: bool, seed: int) -> Path:
    """A phone-screenshot-like PNG (bubbles on a plain background), the same bytes every run.

    Generated rather than copied from samples/ so snapshots do not change when the samples do.
    """
    from PIL import Image, ImageDraw

    bg, bubble, mine = ((16, 16, 20), (52, 52, 58), (30, 120, 60)) if dark else ((245, 245, 245), (225, 225, 230), (120, 200, 120))
    img = Image.new("RGB", (180, 320), bg)
    d = ImageDraw.Draw(img)
    d.rectangle((0, 0, 179, 24), fill=(200, 60, 60) if seed % 2 else (60, 90, 200))
    for i in range(3):
        y = 40 + i * 80 + (seed * 7) % 20
        left = i % 2 == 0
        d.rounded_rectangle((10, y, 130, y + 50) if left else (50, y, 170, y + 50), 10, fill=bubble if left else mine)
        for j in range(3):
            x0 = 20 if left else 60
            d.line((x0, y + 12 + j * 12, x0 + 90 - j * 20, y + 12 + j * 12), fill=(90, 90, 90) if not dark else (200, 200, 200), width=3)
    img.save(path, format="PNG")
    return path


def make_wav(path: Path, seconds: float = 2.0) -> Path:
    import wave

    with wave.open(str(path), "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(8000)
        w.writeframes(b"\x00\x00" * int(8000 * seconds))
    return path


@pytest.fixture
def samples(tmp_path: Path) -> Path:
    """Generated evidence with a fixed modification time, plus a bad file and a folder."""
    d = tmp_path / "drop"
    d.mkdir()
    make_screenshot(d / "ios-light-hans-reminder.png", dark=False, seed=1)
    make_screenshot(d / "miui-dark-hans-marketing.png", dark=True, seed=2)
    make_screenshot(d / "ios-light-hant-threat.png", dark=False, seed=3)
    make_wav(d / "call-2026-11-20.wav")
    (d / "notes.bin").write_bytes(b"\x00\x01\x02 not evidence")
    sub = d / "folder with space"
    sub.mkdir()
    make_screenshot(sub / "overdue copy.png", dark=True, seed=4)
    for p in [*d.iterdir(), *sub.iterdir()]:
        os.utime(p, (FIXED_MTIME, FIXED_MTIME))
    return d


@pytest.fixture
def case_dir(tmp_path: Path, samples: Path) -> Path:
    """A case holding three items (two screenshots, one recording)."""
    path = tmp_path / "case"
    case = Case.create(
        path,
        CaseMeta("某某金融催收", "张三", "13800138000", (Respondent("某某消费金融", ("95188",)),)),
        clock=make_clock(),
    )
    with case:
        outcomes = list(case.import_paths([samples / "ios-light-hans-reminder.png", samples / "call-2026-11-20.wav",
                                           samples / "miui-dark-hans-marketing.png"]))
        assert [o.status for o in outcomes] == ["imported"] * 3
        case.update_item(1, title="还款提醒短信", proves="催收方在夜间发送短信", tags=("催收",))
    return path


@pytest.fixture
def app_factory(tmp_path: Path) -> Callable[..., EvidenceKitApp]:
    def build(case_dir: Path | None = None, language: str = "en", fake_ocr: bool = True) -> EvidenceKitApp:
        return make_app(case_dir, clock=make_clock(), language=language, config_dir=tmp_path / "config",
                        ocr_engine=FakeEngine() if fake_ocr else None)

    return build


async def settle(pilot, app: EvidenceKitApp, rounds: int = 3) -> None:  # type: ignore[no-untyped-def]
    """Wait until background work is done and the screen has caught up."""
    for _ in range(rounds):
        await app.workers.wait_for_complete()
        await pilot.pause()
