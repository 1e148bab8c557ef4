"""The ``items`` table: one row per original, what import recorded and what the user said."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import cast

from evidencekit.core.models import Item, ItemKind

# The user's fields, the only ones an edit may change (each change is a custody entry).
EDITABLE_FIELDS = ("title", "proves", "source", "event_time", "tags", "extraction_note", "group_name", "received_by")

# In the order of Item's fields: rows become Items by position (10,000 rows for the app's table).
_COLUMNS = (
    "id, sha256, sm3, size, kind, mime, original_name, original_path, file_mtime, exif_time, "
    "imported_at, import_offset, host, user, extraction_note, title, proves, source, event_time, "
    "tags, group_name, position, withdrawn, withdrawn_reason, duration_s, width, height"
)
# added by the migration ``012_received_by``: an index made before it (opened read-only) reads ""
_RECEIVED_BY = "received_by"


@dataclass(frozen=True, slots=True)
class NewItem:
    """What import knows about an original when it records it."""

    sha256: str
    sm3: str
    size: int
    kind: ItemKind
    mime: str
    original_name: str
    original_path: str
    original_path_raw: bytes  # the path as the file system spells it (maybe not UTF-8)
    file_mtime: str
    exif_time: str | None
    imported_at: str
    import_offset: str
    host: str
    user: str
    position: int
    duration_s: float | None
    width: int | None
    height: int | None
    batch: str


class ItemsTable:
    """Reads and writes of ``items``; the caller owns the transaction."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn
        self._has_received_by: bool | None = None

    def _columns(self) -> str:
        """The columns read into an Item; ``received_by`` as "" for an index made before it existed
        (opened read-only: an older case opens unchanged)."""
        if self._has_received_by is None:
            self._has_received_by = any(r[1] == _RECEIVED_BY for r in self.conn.execute("PRAGMA table_info(items)"))
        return f"{_COLUMNS}, " + (_RECEIVED_BY if self._has_received_by else "''")

    def all(self, *, include_withdrawn: bool = False, limit: int | None = None) -> list[Item]:
        """The items in exhibit order (position, then id)."""
        where = "" if include_withdrawn else "WHERE withdrawn = 0"
        sql = f"SELECT {self._columns()} FROM items {where} ORDER BY position, id"
        if limit is not None:
            return list(map(_item, self.conn.execute(sql + " LIMIT ?", (limit,))))
        return list(map(_item, self.conn.execute(sql)))

    def get(self, item_id: int) -> Item | None:
        row = self.conn.execute(f"SELECT {self._columns()} FROM items WHERE id = ?", (item_id,)).fetchone()
        return None if row is None else _item(row)

    def count(self, *, include_withdrawn: bool = False) -> int:
        where = "" if include_withdrawn else "WHERE withdrawn = 0"
        return int(self.conn.execute(f"SELECT count(*) FROM items {where}").fetchone()[0])

    def id_of(self, sha256: str) -> int | None:
        """The item holding these bytes, if any."""
        row = self.conn.execute("SELECT id FROM items WHERE sha256 = ?", (sha256,)).fetchone()
        return None if row is None else int(row[0])

    def digests(self) -> set[str]:
        """The SHA-256 of every original the case holds."""
        return {str(r[0]) for r in self.conn.execute("SELECT sha256 FROM items")}

    def next_position(self) -> int:
        return int(self.conn.execute("SELECT coalesce(max(position), 0) + 1 FROM items").fetchone()[0])

    def insert(self, new: NewItem) -> int:
        """Record an imported original; returns its id."""
        cur = self.conn.execute(
            "INSERT INTO items(sha256, sm3, size, kind, mime, original_name, original_path, "
            "original_path_raw, file_mtime, exif_time, imported_at, import_offset, host, user, "
            "position, duration_s, width, height, batch) "
            "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
            (new.sha256, new.sm3, new.size, new.kind, new.mime, new.original_name, new.original_path,
             new.original_path_raw, new.file_mtime, new.exif_time, new.imported_at, new.import_offset,
             new.host, new.user, new.position, new.duration_s, new.width, new.height, new.batch),
        )
        return int(cur.lastrowid or 0)

    def update(self, item_id: int, values: Mapping[str, str | tuple[str, ...] | None]) -> None:
        """Set user fields (names from :data:`EDITABLE_FIELDS` only)."""
        for name, value in values.items():
            if name not in EDITABLE_FIELDS:
                raise ValueError(f"not an editable field: {name}")
            stored = json.dumps(list(value), ensure_ascii=False) if isinstance(value, tuple) else value
            # the column name is one of EDITABLE_FIELDS, checked above
            self.conn.execute(f"UPDATE items SET {name} = ? WHERE id = ?", (stored, item_id))

    def order(self) -> list[tuple[int, int]]:
        """(id, position) of every item, withdrawn ones too, in exhibit order."""
        return [(int(r[0]), int(r[1])) for r in self.conn.execute("SELECT id, position FROM items ORDER BY position, id")]

    def set_positions(self, positions: Iterable[tuple[int, int]]) -> None:
        """Apply (position, id) pairs."""
        self.conn.executemany("UPDATE items SET position = ? WHERE id = ?", positions)

    def set_withdrawn(self, item_id: int, withdrawn: bool, reason: str = "") -> None:
        self.conn.execute("UPDATE items SET withdrawn = ?, withdrawn_reason = ? WHERE id = ?",
                          (int(withdrawn), reason, item_id))

    def delete(self, item_id: int) -> None:
        """Remove the row (OCR and corrections go with it: ON DELETE CASCADE)."""
        self.conn.execute("DELETE FROM items WHERE id = ?", (item_id,))


# A row of _COLUMNS as the schema types it (kind: the vault writes only ItemKind values).
_Row = tuple[
    int, str, str, int, ItemKind, str, str, str, "str | None", "str | None", str, str, str, str, str, str, str,
    str, "str | None", str, str, int, int, str, "float | None", "int | None", "int | None", str,
]


def _item(raw: object) -> Item:
    r = cast(_Row, raw)
    tags = r[19]
    return Item(*r[:19], () if not tags or tags == "[]" else tuple(json.loads(tags)), r[20], r[21], bool(r[22]),
                *r[23:27], received_by=r[27] or "")
