"""Full-text search in both scripts: the vault's search index on an in-memory SQLite."""

from __future__ import annotations

import sqlite3
import time

import pytest

from evidencekit.core.search import normalise, parse_query
from evidencekit.core.vault.tables.search import SearchIndex, ensure_schema


@pytest.fixture
def conn() -> SearchIndex:
    c = sqlite3.connect(":memory:")
    ensure_schema(c)
    ensure_schema(c)  # idempotent
    index = SearchIndex(c)
    index.put(1, "ocr", "【玉山銀行】您尾號3381的信用卡帳款已逾期15天，請儘速繳款")
    index.put(2, "ocr", "【招联金融】您的借款本期应还金额1,286.50元，还款日为11月28日")
    index.put(3, "ocr", "如果不還款，我們會聯繫您的家人")
    index.put(3, "note", "第三張截圖：威脅聯繫家人")
    index.put(4, "correction", "法务部将向法院提起诉讼")
    return index


QUERIES = [
    ("hans-finds-hant", "逾期", {1}),
    ("hant-finds-hans-and-hant", "還款", {2, 3}),
    ("hans-finds-both", "还款", {2, 3}),
    ("long-trigram", "信用卡帐款", {1}),
    ("one-char", "帳", {1}),
    ("two-terms", "家人 联系", {3}),
    ("digits", "3381", {1}),
    ("correction-field", "提起訴訟", {4}),
    ("no-hit", "不存在的词", set()),
    ("fts-syntax-is-literal", '"逾期" OR NEAR(', set()),
]


@pytest.mark.parametrize(("query", "ids"), [q[1:] for q in QUERIES], ids=[q[0] for q in QUERIES])
def test_search_both_scripts(conn: SearchIndex, query: str, ids: set[int]) -> None:
    assert {h.item_id for h in conn.search(query)} == ids


def test_snippet_shows_the_original_text(conn: SearchIndex) -> None:
    hit = conn.search("帐款")[0]
    assert "«帳款»" in hit.snippet


def test_reindex_and_remove(conn: SearchIndex) -> None:
    conn.put(1, "ocr", "已更正的文字")
    assert {h.item_id for h in conn.search("逾期")} == set()
    assert {h.item_id for h in conn.search("更正")} == {1}
    conn.remove(3, "note")
    assert {(h.item_id, h.field) for h in conn.search("家人")} == {(3, "ocr")}
    conn.remove(3)
    assert conn.search("家人") == []
    conn.put(2, "ocr", "   ")  # empty text removes the field
    assert conn.search("还款") == []


def test_empty_query(conn: SearchIndex) -> None:
    assert conn.search("  ") == []


def test_normalise() -> None:
    assert normalise("還款　ＡＢＣ") == "还款 abc"


def test_query_terms_split_by_length() -> None:
    q = parse_query("還款 信用卡帳款  x")
    assert q.terms == ("还款", "信用卡帐款", "x")
    assert q.long_terms == ("信用卡帐款",) and q.short_terms == ("还款", "x")
    assert parse_query('a"b逾期').fts == '"a""b逾期"'


def test_one_hit_per_item_its_best_field(conn: SearchIndex) -> None:
    assert [(h.item_id, h.field) for h in conn.search("家人")] == [(3, "ocr"), (3, "note")]
    assert [h.item_id for h in conn.search_items("家人")] == [3]


def test_ten_thousand_rows_fast() -> None:
    c = sqlite3.connect(":memory:")
    ensure_schema(c)
    index = SearchIndex(c)
    base = ["您尾號3381的信用卡帳款已逾期15天", "您的借款本期应还金额1,286.50元", "恭喜您获得最高200000元借款额度",
            "我们将联系你的家人和单位领导", "法院傳票會寄到您的戶籍地址"]
    t0 = time.perf_counter()
    with c:
        for i in range(10_000):
            index.put(i, "ocr", f"{base[i % 5]} 第{i}条")
    t_index = time.perf_counter() - t0
    t0 = time.perf_counter()
    for q in ("逾期", "傳票", "应还金额", "家人 领导", "帳"):
        assert len(index.search(q, limit=20)) == 20
    t_search = (time.perf_counter() - t0) / 5
    assert t_index < 10.0
    assert t_search < 0.5
