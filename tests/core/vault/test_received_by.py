"""Whose phone an item was received on is stored with the item, logged when changed, and an index
made before it existed opens unchanged (read-only) or is brought up to date (writable)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from evidencekit.core.models import CaseMeta
from evidencekit.core.vault.case import Case
from evidencekit.core.verify import verify_case
from evidencekit.tui.dialogs.new_case import respondents_of
from tests.conftest import make_clock, make_png


def _case(tmp_path: Path) -> Path:
    path = tmp_path / "case"
    with Case.create(path, CaseMeta("t", "陳嘉欣"), clock=make_clock()) as case:
        list(case.import_paths([make_png(tmp_path / "src/IMG-20261124-WA0003.png")]))
    return path


def test_received_by_is_kept_logged_and_verified(tmp_path: Path) -> None:
    path = _case(tmp_path)
    with Case.open(path, clock=make_clock()) as case:
        assert case.item(1).received_by == ""
        assert case.update_item(1, received_by="Ms Wong (colleague)").received_by == "Ms Wong (colleague)"
        assert case.log_entries(1)[-1].details["changes"]["received_by"] == {"old": "", "new": "Ms Wong (colleague)"}
    with Case.open(path, readonly=True) as case:
        assert case.item(1).received_by == "Ms Wong (colleague)"
    assert verify_case(path).ok


def test_an_index_made_before_it_opens_unchanged(tmp_path: Path) -> None:
    path = _case(tmp_path)
    index = path / "index.sqlite"
    with sqlite3.connect(index) as conn:
        conn.execute("ALTER TABLE items DROP COLUMN received_by")
        conn.execute("DELETE FROM _migrations WHERE name = '012_received_by'")
    before = index.read_bytes()
    with Case.open(path, readonly=True) as case:
        assert case.item(1).received_by == ""
    assert index.read_bytes() == before
    with Case.open(path, clock=make_clock()) as case:
        assert case.update_item(1, received_by="黄小姐 (同事)").received_by == "黄小姐 (同事)"


def test_the_case_form_takes_each_respondents_numbers() -> None:
    got = respondents_of("易享贷，中信银行；鼎诚资产=021 8000 1234, 10690000")
    assert [(r.name, r.numbers) for r in got] == [("易享贷", ()), ("中信银行", ()),
                                                  ("鼎诚资产", ("02180001234", "10690000"))]
