"""The cover's figures on the tuning cases (``tests/data/tuning_cases``: constructed cases with a
lender and its collection agencies, stop requests to one of them, night calls, fees beside the
principal, the person's own payment, a collector demanding for a named lender, mis-sent notices,
HK$ and NT$) agree with every hand count, through the same bench that measures the held-out cases."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parents[3]
CASES = sorted((ROOT / "tests" / "data" / "tuning_cases").glob("*.json"))


def _bench() -> ModuleType:
    spec = importlib.util.spec_from_file_location("cases_bench", ROOT / "benchmarks" / "cases_bench.py")
    assert spec is not None and spec.loader is not None
    mod = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("cases_bench", mod)
    spec.loader.exec_module(mod)
    return mod


def test_there_are_tuning_cases() -> None:
    assert len(CASES) >= 3


@pytest.mark.parametrize("path", CASES, ids=[p.stem for p in CASES])
def test_every_figure_agrees_with_the_hand_count(path: Path) -> None:
    rep = _bench().check_case(path)
    wrong = [(name, want, got) for name, want, got, ok in rep.rows if not ok]
    assert rep.total > 30
    assert wrong == []
