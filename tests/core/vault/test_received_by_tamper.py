"""Whose phone an item was received on decides whether its messages are contacts or disclosures:
a value changed in the index without a custody entry is caught by verification."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from evidencekit.core.models import CaseMeta
from evidencekit.core.vault.case import Case
from evidencekit.core.verify import verify_case
from tests.conftest import make_clock, make_png


@pytest.mark.parametrize("annotated", [False, True])
def test_received_by_edited_in_the_index_fails_verification(tmp_path: Path, annotated: bool) -> None:
    path = tmp_path / "case"
    with Case.create(path, CaseMeta("t", "陳嘉欣"), clock=make_clock()) as case:
        list(case.import_paths([make_png(tmp_path / "src/IMG-20261124-WA0003.png")]))
        if annotated:
            case.update_item(1, received_by="黄小姐 (同事)")
    assert verify_case(path).ok
    with sqlite3.connect(path / "index.sqlite") as conn:
        conn.execute("UPDATE items SET received_by = 'self' WHERE id = 1")
    report = verify_case(path)
    assert not report.ok
    (bad,) = [c for c in report.checks if c.code == "case.index.edited"]
    assert bad.args["fields"] == "received_by"
