"""The search index: an FTS5 table (trigram tokenizer) of each item's searchable text by field
("ocr": sender and messages, corrections applied; "notes": the user's annotations and the file
name), and a map from (item, field) to its row. What is indexed and how a query is split is
``evidencekit.core.search``."""

from __future__ import annotations

import sqlite3

from evidencekit.core.search import SearchHit, normalise, parse_query, snippet

TABLE = "ocr_fts"


def ensure_schema(conn: sqlite3.Connection) -> None:
    """Create the search tables if they do not exist (idempotent; migration ``002_search``).

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


class SearchIndex:
    """Reads and writes of the search tables; the caller owns the transaction."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn

    def put(self, item_id: int, field: str, text: str) -> None:
        """Index (or re-index) one field of one item; an empty text removes the field."""
        self.remove(item_id, field)
        if text.strip():
            cur = self.conn.execute(f"INSERT INTO {TABLE} (norm, original, item_id, field) VALUES (?, ?, ?, ?)",
                                    (normalise(text), text, item_id, field))
            self.conn.execute(f"INSERT INTO {TABLE}_keys (item_id, field, fts_rowid) VALUES (?, ?, ?)",
                              (item_id, field, cur.lastrowid))

    def remove(self, item_id: int, field: str | None = None) -> None:
        """Remove one field of an item, or all its fields when ``field`` is None."""
        if field is None:
            rows = self.conn.execute(f"SELECT fts_rowid FROM {TABLE}_keys WHERE item_id = ?", (item_id,)).fetchall()
            self.conn.execute(f"DELETE FROM {TABLE}_keys WHERE item_id = ?", (item_id,))
        else:
            rows = self.conn.execute(f"SELECT fts_rowid FROM {TABLE}_keys WHERE item_id = ? AND field = ?",
                                     (item_id, field)).fetchall()
            self.conn.execute(f"DELETE FROM {TABLE}_keys WHERE item_id = ? AND field = ?", (item_id, field))
        for (rowid,) in rows:
            self.conn.execute(f"DELETE FROM {TABLE} WHERE rowid = ?", (rowid,))

    def search(self, query: str, limit: int = 50) -> list[SearchHit]:
        """Fields whose text contains every term of ``query`` (split on white space), in either
        script; best first (bm25), or in item order when every term is short. An empty query
        finds nothing."""
        q = parse_query(query)
        if not q.terms:
            return []
        params: list[object] = []
        where: list[str] = []
        if q.long_terms:
            where.append(f"{TABLE} MATCH ?")
            params.append(q.fts)
        for t in q.short_terms:
            # 1–2 characters cannot use trigrams: a scan of the normalised column (instr avoids
            # LIKE's escaping rules)
            where.append("instr(norm, ?) > 0")
            params.append(t)
        order = "rank" if q.long_terms else "item_id"
        rank_col = "rank" if q.long_terms else "0"
        sql = (f"SELECT item_id, field, original, norm, {rank_col} FROM {TABLE} "
               f"WHERE {' AND '.join(where)} ORDER BY {order} LIMIT ?")
        params.append(int(limit))
        return [SearchHit(int(item_id), str(field), snippet(original, norm, q.terms[0]), float(rank))
                for item_id, field, original, norm, rank in self.conn.execute(sql, params)]

    def search_items(self, query: str, limit: int = 200) -> list[SearchHit]:
        """:meth:`search` with one hit per item, its best-ranked field."""
        seen: set[int] = set()
        out: list[SearchHit] = []
        for hit in self.search(query, limit):
            if hit.item_id not in seen:
                seen.add(hit.item_id)
                out.append(hit)
        return out
