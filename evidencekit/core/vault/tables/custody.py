"""The ``custody`` table: the index's copy of the custody log, written in the transaction of the
change each entry records (``custody.jsonl`` is brought up to date from it)."""

from __future__ import annotations

import sqlite3


class CustodyTable:
    """Reads and writes of ``custody``; the caller owns the transaction."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn

    def head(self) -> tuple[int, str] | None:
        """(seq, hash) of the newest entry, or None for an empty log."""
        row = self.conn.execute("SELECT seq, hash FROM custody ORDER BY seq DESC LIMIT 1").fetchone()
        return None if row is None else (int(row[0]), str(row[1]))

    def first(self) -> tuple[int, str] | None:
        """(seq, hash) of the first entry, or None for an empty log."""
        row = self.conn.execute("SELECT seq, hash FROM custody ORDER BY seq LIMIT 1").fetchone()
        return None if row is None else (int(row[0]), str(row[1]))

    def hash_at(self, seq: int) -> str | None:
        row = self.conn.execute("SELECT hash FROM custody WHERE seq = ?", (seq,)).fetchone()
        return None if row is None else str(row[0])

    def add(self, seq: int, line: str, hash_: str) -> None:
        self.conn.execute("INSERT INTO custody(seq, line, hash) VALUES (?, ?, ?)", (seq, line, hash_))

    def after(self, seq: int) -> list[tuple[int, str, str]]:
        """(seq, line, hash) of the entries after ``seq``, oldest first."""
        rows = self.conn.execute("SELECT seq, line, hash FROM custody WHERE seq > ? ORDER BY seq", (seq,))
        return [(int(r[0]), str(r[1]), str(r[2])) for r in rows]

    def lines(self, item_id: int | None = None) -> list[str]:
        """Every entry's JSON line, oldest first (those of one item when ``item_id`` is given)."""
        if item_id is None:
            rows = self.conn.execute("SELECT line FROM custody ORDER BY seq")
        else:
            rows = self.conn.execute(
                "SELECT line FROM custody WHERE json_extract(line, '$.item_id') = ? ORDER BY seq", (item_id,)
            )
        return [str(r[0]) for r in rows]

    def lines_of(self, action: str) -> list[str]:
        """The JSON lines of every entry of one action, oldest first."""
        rows = self.conn.execute(
            "SELECT line FROM custody WHERE json_extract(line, '$.action') = ? ORDER BY seq", (action,))
        return [str(r[0]) for r in rows]
