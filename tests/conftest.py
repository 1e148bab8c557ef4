from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Callable
from pathlib import Path

import pytest

from evidencekit.core.models import CaseMeta, Respondent
from evidencekit.core.vault.case import Case

REPO = Path(__file__).resolve().parents[1]
SAMPLES = REPO / "samples"


CLOCK_START = dt.datetime(2026, 11, 20, 9, 0, tzinfo=dt.timezone(dt.timedelta(hours=8)))


def make_clock() -> Callable[[], dt.datetime]:
    """The tests' one fixed clock: it starts at 2026-11-20 09:00 +08:00 and advances one second
    per call (a fresh one for each case or app, so runs do not depend on each other)."""
    counter = itertools.count()
    return lambda: CLOCK_START + dt.timedelta(seconds=next(counter))


@pytest.fixture(autouse=True)
def user_data_dir(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Each test its own user data folder (this computer's record of case heads, default case
    folder), never the real one; subprocesses inherit it."""
    d = tmp_path_factory.mktemp("xdg-data")
    monkeypatch.setenv("XDG_DATA_HOME", str(d))
    return d


@pytest.fixture
def fixed_clock() -> Callable[[], dt.datetime]:
    return make_clock()


@pytest.fixture
def case(tmp_path: Path, fixed_clock: Callable[[], dt.datetime]) -> Case:
    c = Case.create(
        tmp_path / "case",
        CaseMeta("某某金融催收", "张三", "13800138000", (Respondent("某某消费金融", ("95188",)),)),
        clock=fixed_clock,
    )
    yield c
    c.close()


def make_png(path: Path, size: tuple[int, int] = (60, 120), color: str | tuple[int, int, int] = "white") -> Path:
    from PIL import Image

    path.parent.mkdir(parents=True, exist_ok=True)
    Image.new("RGB", size, color).save(path, format="PNG")
    return path
