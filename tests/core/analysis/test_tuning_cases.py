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


# The cases written after the labels were last tuned: their messages' labels are the classifier's
# to learn (measured by benchmarks/labels_bench.py), so their label rows are printed, not held
# here; every other figure of theirs is.
LABELS_OPEN = {"t07", "t08", "t09", "t10", "t11"}
_LABEL_ROWS = ("messages_per_label[", "outgoing_messages_per_label[")


@pytest.mark.parametrize("path", CASES, ids=[p.stem for p in CASES])
def test_every_figure_agrees_with_the_hand_count(path: Path) -> None:
    rep = _bench().check_case(path)
    wrong = [(name, want, got) for name, want, got, ok in rep.rows if not ok]
    if path.stem[:3] in LABELS_OPEN:
        print("label rows not held:", [w for w in wrong if w[0].startswith(_LABEL_ROWS)])
        wrong = [w for w in wrong if not w[0].startswith(_LABEL_ROWS)]
    assert rep.total > 30
    assert wrong == []
