"""The ``corrections`` table: the user's corrections of a reading, every one kept (the latest wins).

A row corrects one ``field`` of one message (``text``, ``sent_at``, ``side``) or the screenshot's
``sender`` (stored under message index :data:`SENDER_INDEX`). A time corrected to "no time" is
stored as the empty string. Indexes made before migration ``003_correction_fields`` have no
``field`` column (every row a text correction); a read-only open reads them as they are.
"""

from __future__ import annotations

import sqlite3

SENDER_INDEX = -1  # the sender belongs to the screenshot, not to one message

# (message index, field) → the latest corrected value
Latest = dict[tuple[int, str], str]


class CorrectionsTable:
    """Reads and writes of ``corrections``; the caller owns the transaction."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn
        self._has_field: bool | None = None

    def _field(self) -> str:
        """The field column, or a constant for an index made before it existed."""
        if self._has_field is None:
            self._has_field = any(r[1] == "field" for r in self.conn.execute("PRAGMA table_info(corrections)"))
        return "field" if self._has_field else "'text'"

    def latest(self, item_id: int) -> dict[int, str]:
        """The latest text correction of each message of an item: message index → text."""
        return {i: v for (i, f), v in self.latest_fields(item_id).items() if f == "text"}

    def latest_fields(self, item_id: int) -> Latest:
        """The latest correction of every corrected field of an item."""
        rows = self.conn.execute(
            f"SELECT message_index, {self._field()}, corrected_text FROM corrections WHERE item_id = ? ORDER BY id",
            (item_id,),
        )
        return {(int(r[0]), str(r[1])): str(r[2]) for r in rows}

    def every_latest(self) -> dict[int, Latest]:
        """:meth:`latest_fields` of every item that has corrections (verification replays them)."""
        out: dict[int, Latest] = {}
        rows = self.conn.execute(
            f"SELECT item_id, message_index, {self._field()}, corrected_text FROM corrections ORDER BY id")
        for item_id, index, field, value in rows:
            out.setdefault(int(item_id), {})[(int(index), str(field))] = str(value)
        return out

    def add(self, item_id: int, message_index: int, *, original: str, text: str, at: str, actor: str,
            field: str = "text") -> None:
        self.conn.execute(
            "INSERT INTO corrections(item_id, message_index, field, original_text, corrected_text, corrected_at, actor) "
            "VALUES (?, ?, ?, ?, ?, ?, ?)",
            (item_id, message_index, field, original, text, at, actor),
        )
