"""Full-text search over OCR text, corrections and annotations, in both Chinese scripts.

One FTS5 table with the ``trigram`` tokenizer (CJK has no spaces, so word tokenizers fail) holds,
per item and field, the text converted to Simplified characters (opencc ``t2s``) — the query is
converted the same way, so 還款 finds 还款 and 逾期 finds 逾期 in either script. Trigram matching
needs three characters; shorter queries (most Chinese words are two characters) fall back to
``LIKE`` on the same normalised column, which stays fast enough for tens of thousands of rows.

The functions take a plain :class:`sqlite3.Connection`; the vault owns the connection and its
transactions.
"""

from __future__ import annotations

import re
import sqlite3
import unicodedata
from dataclasses import dataclass

TABLE = "ocr_fts"

_SNIPPET_CHARS = 24


@dataclass(frozen=True, slots=True)
class SearchHit:
    """One matching field of one item."""

    item_id: int
    field: str
    snippet: str  # the original text around the first match, match in 【】… marks: «…»
    rank: float  # lower is better (FTS5 bm25); 0 for LIKE matches


def normalise(text: str) -> str:
    """The searchable form of a text: NFKC (full-width letters and digits to half-width),
    lower case, Traditional → Simplified, white space collapsed."""
    from evidencekit.core.ocr.script import to_simplified

    t = unicodedata.normalize("NFKC", text).lower()
    t = re.sub(r"\s+", " ", t).strip()
    return to_simplified(t)


def ensure_schema(conn: sqlite3.Connection) -> None:
    """Create the search table if it does not exist (idempotent).

    Raises:
        sqlite3.OperationalError: the SQLite library lacks FTS5 or the trigram tokenizer
            (SQLite < 3.34).
    """
    conn.execute(
        f"CREATE VIRTUAL TABLE IF NOT EXISTS {TABLE} USING fts5("
        "norm, original UNINDEXED, item_id UNINDEXED, field UNINDEXED, tokenize='trigram')"
    )
    # FTS5 cannot index item_id: this map makes re-indexing and removal O(log n), not a scan
    conn.execute(
        f"CREATE TABLE IF NOT EXISTS {TABLE}_keys ("
        "item_id INTEGER NOT NULL, field TEXT NOT NULL, fts_rowid INTEGER NOT NULL, "
        "PRIMARY KEY (item_id, field))"
    )


def index_item_text(conn: sqlite3.Connection, item_id: int, field: str, text: str) -> None:
    """Index (or re-index) one field of one item, e.g. ``"ocr"``, ``"correction"``, ``"note"``.

    An empty text removes the field from the index.
    """
    remove_item_text(conn, item_id, field)
    if text.strip():
        cur = conn.execute(f"INSERT INTO {TABLE} (norm, original, item_id, field) VALUES (?, ?, ?, ?)",
                           (normalise(text), text, item_id, field))
        conn.execute(f"INSERT INTO {TABLE}_keys (item_id, field, fts_rowid) VALUES (?, ?, ?)",
                     (item_id, field, cur.lastrowid))


def remove_item_text(conn: sqlite3.Connection, item_id: int, field: str | None = None) -> None:
    """Remove one field of an item, or all its fields when ``field`` is None."""
    if field is None:
        rows = conn.execute(f"SELECT fts_rowid FROM {TABLE}_keys WHERE item_id = ?", (item_id,)).fetchall()
        conn.execute(f"DELETE FROM {TABLE}_keys WHERE item_id = ?", (item_id,))
    else:
        rows = conn.execute(f"SELECT fts_rowid FROM {TABLE}_keys WHERE item_id = ? AND field = ?",
                            (item_id, field)).fetchall()
        conn.execute(f"DELETE FROM {TABLE}_keys WHERE item_id = ? AND field = ?", (item_id, field))
    for (rowid,) in rows:
        conn.execute(f"DELETE FROM {TABLE} WHERE rowid = ?", (rowid,))


def _fts_query(terms: list[str]) -> str:
    # each term as a quoted phrase (quotes doubled): no FTS5 syntax from the user gets through
    return " AND ".join('"' + t.replace('"', '""') + '"' for t in terms)


def search(conn: sqlite3.Connection, query: str, limit: int = 50) -> list[SearchHit]:
    """Items whose indexed text contains every term of ``query`` (terms split on white space),
    in either script.

    Args:
        conn: a connection on which :func:`ensure_schema` was called.
        query: what the user typed.
        limit: at most this many hits.

    Returns:
        Hits, best first; an empty list for an empty query.
    """
    terms = [t for t in normalise(query).split(" ") if t]
    if not terms:
        return []
    long_terms = [t for t in terms if len(t) >= 3]
    short_terms = [t for t in terms if len(t) < 3]
    params: list[object] = []
    where: list[str] = []
    if long_terms:
        where.append(f"{TABLE} MATCH ?")
        params.append(_fts_query(long_terms))
    for t in short_terms:
        # 1–2 characters cannot use trigrams: a scan of the normalised column (instr avoids
        # LIKE's escaping rules)
        where.append("instr(norm, ?) > 0")
        params.append(t)
    order = "rank" if long_terms else "item_id"
    rank_col = "rank" if long_terms else "0"
    sql = (f"SELECT item_id, field, original, norm, {rank_col} FROM {TABLE} "
           f"WHERE {' AND '.join(where)} ORDER BY {order} LIMIT ?")
    params.append(int(limit))
    hits = []
    for item_id, field, original, norm, rank in conn.execute(sql, params):
        hits.append(SearchHit(int(item_id), str(field), _snippet(original, norm, terms[0]), float(rank)))
    return hits


def _snippet(original: str, norm: str, term: str) -> str:
    """Text around the first match, taken from the original when the normalised form lines up
    character by character (opencc t2s keeps lengths for almost all text)."""
    src = original if len(normalise(original)) == len(norm) and len(original) == len(norm) else norm
    i = norm.find(term)
    if i < 0:
        return src[: 2 * _SNIPPET_CHARS]
    a = max(0, i - _SNIPPET_CHARS)
    b = min(len(src), i + len(term) + _SNIPPET_CHARS)
    return ("…" if a > 0 else "") + src[a:i] + "«" + src[i:i + len(term)] + "»" + src[i + len(term):b] + \
        ("…" if b < len(src) else "")
