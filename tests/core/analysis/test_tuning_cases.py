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


# Rows whose hand count was written under a convention since changed, with the figure the case now
# gives. t05's counts put the contacts of a number nobody listed (18900003333, which only names
# 恒信 as owed) on 恒信; a number that only names a lender as owed is now its own sender
# (parties.attribute, reviews 5 and 6), still acting for 恒信 (the stop request reaches it: the
# ``…_ids`` rows are unchanged). To go when the case file's hand count is rewritten.
REVISED = {"t05_cn_unlisted_collector_names_lender": {
    f"contacts_after_stop{part}_by_respondent[{name}]": 2
    for part in ("", "_concerned") for name in ("恒信消费金融有限公司", "18900003333")}}


@pytest.mark.parametrize("path", CASES, ids=[p.stem for p in CASES])
def test_every_figure_agrees_with_the_hand_count(path: Path) -> None:
    rep = _bench().check_case(path)
    revised = REVISED.get(path.stem, {})
    wrong = [(name, want, got) for name, want, got, ok in rep.rows
             if not ok and not (name in revised and got == revised[name])]
    if path.stem[:3] in LABELS_OPEN:
        print("label rows not held:", [w for w in wrong if w[0].startswith(_LABEL_ROWS)])
        wrong = [w for w in wrong if not w[0].startswith(_LABEL_ROWS)]
    assert rep.total > 30
    assert wrong == []
