"""The ``corrections`` table: the user's corrections of OCR text, every one kept (the latest wins)."""

from __future__ import annotations

import sqlite3


class CorrectionsTable:
    """Reads and writes of ``corrections``; the caller owns the transaction."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn

    def latest(self, item_id: int) -> dict[int, str]:
        """The latest correction of each message of an item: message index → text."""
        rows = self.conn.execute(
            "SELECT message_index, corrected_text FROM corrections WHERE item_id = ? ORDER BY id", (item_id,)
        )
        return {int(r[0]): str(r[1]) for r in rows}

    def add(self, item_id: int, message_index: int, *, original: str, text: str, at: str, actor: str) -> None:
        self.conn.execute(
            "INSERT INTO corrections(item_id, message_index, original_text, corrected_text, corrected_at, actor) "
            "VALUES (?, ?, ?, ?, ?, ?)",
            (item_id, message_index, original, text, at, actor),
        )
