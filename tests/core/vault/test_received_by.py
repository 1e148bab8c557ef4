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


def test_the_listed_labels_read_whose_phone_it_was_received_on(tmp_path: Path) -> None:
    """A notice of the person's debt received on a colleague's phone told the colleague: the case
    list shows the disclosure, as the bundle's 证明目的 does; back to "not said", the words decide."""
    from evidencekit.core.models import EngineInfo, Message, OcrResult

    notice = Message("您好，陈嘉欣在我司的借款已逾期45天，欠款8600元，请尽快处理。", sent_at="2026-11-20T10:00:00", side="in")
    path = tmp_path / "case"
    with Case.create(path, CaseMeta("t", "陈嘉欣"), clock=make_clock()) as case:
        (out,) = case.import_paths([make_png(tmp_path / "src/shot.png")])
        assert out.item_id is not None
        iid = out.item_id
        case.store_ocr(iid, OcrResult(case.item(iid).sha256, EngineInfo("fake", "1", "chi_sim"), "zh-Hans", "",
                                      "95188", (notice,)), cache_key="t")
        listed = lambda: tuple(case.ocr_summaries([iid])[iid].labels)  # noqa: E731
        assert "disclosed_to_third_party" not in listed()
        case.update_item(iid, received_by="黄小姐 (同事)")
        assert "disclosed_to_third_party" in listed()
        case.update_item(iid, received_by="")
        assert "disclosed_to_third_party" not in listed()
    assert verify_case(path).ok
