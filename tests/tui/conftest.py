"""Fixtures for the TUI tests: a fixed clock, a private config folder, sample files with fixed
times, and a case with a few items."""

from __future__ import annotations

import datetime as dt
import itertools
import os
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from evidencekit.core.models import CaseMeta, Respondent
from evidencekit.core.vault.case import Case
from evidencekit.tui.app import EvidenceKitApp, make_app

from .fake_ocr import FakeEngine

REPO = Path(__file__).resolve().parents[2]
SAMPLES = REPO / "samples"
FIXED_MTIME = dt.datetime(2026, 11, 20, 13, 30, tzinfo=dt.timezone.utc).timestamp()
SIZE = (80, 24)


def clock_factory() -> Callable[[], dt.datetime]:
    start = dt.datetime(2026, 11, 20, 9, 0, tzinfo=dt.timezone(dt.timedelta(hours=8)))
    counter = itertools.count()
    return lambda: start + dt.timedelta(seconds=next(counter))


@pytest.fixture(autouse=True)
def _stable_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """Same actor, zone and config folder on every machine (they appear on screen)."""
    monkeypatch.setenv("TZ", "Asia/Shanghai")
    import time

    time.tzset()
    monkeypatch.setattr("socket.gethostname", lambda: "host")
    monkeypatch.setattr("getpass.getuser", lambda: "user")
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg"))


@pytest.fixture
def clock() -> Callable[[], dt.datetime]:
    return clock_factory()


@pytest.fixture
def samples(tmp_path: Path) -> Path:
    """Copies of the samples with a fixed modification time, plus a bad file and a folder."""
    d = tmp_path / "drop"
    d.mkdir()
    for name in ("ios-light-hans-reminder.png", "miui-dark-hans-marketing.png", "call-2026-11-20.m4a",
                 "ios-light-hant-threat.png"):
        shutil.copy(SAMPLES / name, d / name)
    (d / "notes.bin").write_bytes(b"\x00\x01\x02 not evidence")
    sub = d / "folder with space"
    sub.mkdir()
    shutil.copy(SAMPLES / "android-dark-hant-overdue.png", sub / "overdue copy.png")
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
        clock=clock_factory(),
    )
    with case:
        outcomes = list(case.import_paths([samples / "ios-light-hans-reminder.png", samples / "call-2026-11-20.m4a",
                                           samples / "miui-dark-hans-marketing.png"]))
        assert [o.status for o in outcomes] == ["imported"] * 3
        case.update_item(1, title="还款提醒短信", proves="催收方在夜间发送短信", tags=("催收",))
    return path


@pytest.fixture
def app_factory(tmp_path: Path) -> Callable[..., EvidenceKitApp]:
    def build(case_dir: Path | None = None, language: str = "en", fake_ocr: bool = True) -> EvidenceKitApp:
        return make_app(case_dir, clock=clock_factory(), language=language, config_dir=tmp_path / "config",
                        ocr_engine=FakeEngine() if fake_ocr else None)

    return build


async def settle(pilot, app: EvidenceKitApp, rounds: int = 3) -> None:  # type: ignore[no-untyped-def]
    """Wait until background work is done and the screen has caught up."""
    for _ in range(rounds):
        await app.workers.wait_for_complete()
        await pilot.pause()
