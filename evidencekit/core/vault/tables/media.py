"""The tables of what is read out of items other than screenshots (migration ``010_media``):

- ``media``: one row per item read as a recording, video, document, email, export or unknown
  file: its facts as JSON, a note for the reader, and the item it was extracted from;
- ``records``: the messages and calls of an export, one row each, in the export's order;
- ``transcripts``: a recording's transcript (time-coded segments) and whether a person typed it,
  or speech recognition drafted it and whether a person confirmed the draft.

All derived from the originals (and, for transcripts, from the person's edits, each in the
custody log). Reads tolerate an index made before the migration (a case opened read-only is not
migrated): the tables are then empty.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from typing import Any, Literal, NamedTuple

from evidencekit.core.media.model import (
    ItemMedia,
    Record,
    Segment,
    Transcript,
    canonical,
    facts_digest,
    facts_from_json,
    facts_to_json,
    segments_from_json,
    segments_json,
)

SCHEMA = """
CREATE TABLE IF NOT EXISTS media (
    item_id INTEGER PRIMARY KEY REFERENCES items(id) ON DELETE CASCADE,
    kind TEXT NOT NULL,
    facts_json TEXT NOT NULL DEFAULT '{}',
    note TEXT NOT NULL DEFAULT '',
    parent_id INTEGER
);
CREATE TABLE IF NOT EXISTS records (
    item_id INTEGER NOT NULL REFERENCES items(id) ON DELETE CASCADE,
    row INTEGER NOT NULL,
    kind TEXT NOT NULL,
    number TEXT NOT NULL,
    number_key TEXT NOT NULL,
    time TEXT,
    direction TEXT NOT NULL,
    status TEXT NOT NULL,
    text TEXT NOT NULL DEFAULT '',
    duration_s REAL,
    name TEXT NOT NULL DEFAULT '',
    time_utc TEXT,
    extra_json TEXT NOT NULL DEFAULT '{}',
    PRIMARY KEY (item_id, row)
);
CREATE INDEX IF NOT EXISTS records_number ON records(number_key, time);
CREATE TABLE IF NOT EXISTS transcripts (
    item_id INTEGER PRIMARY KEY REFERENCES items(id) ON DELETE CASCADE,
    status TEXT NOT NULL,
    engine TEXT NOT NULL DEFAULT '',
    segments_json TEXT NOT NULL,
    updated_at TEXT NOT NULL
)
"""


def ensure_schema(conn: sqlite3.Connection) -> None:
    """Create the tables (idempotent; migration ``010_media``)."""
    for stmt in SCHEMA.split(";"):
        if stmt.strip():
            conn.execute(stmt)


class StoredMedia(NamedTuple):
    """A ``media`` row as verification sees it."""

    kind: str
    facts_sha256: str
    note: str
    parent: int | None


class MediaDigests(NamedTuple):
    """What verification compares with the custody log, read in one pass over the three tables."""

    media: dict[int, StoredMedia]
    records: dict[int, tuple[int, str]]  # export item → (records, records_digest)
    transcripts: dict[int, tuple[str, str, str]]  # item → (status, engine, segments digest)


def media_digests(conn: sqlite3.Connection) -> MediaDigests:
    """The stored readings, records and transcripts as digests (see :class:`MediaDigests`)."""
    return MediaDigests(MediaTable(conn).stored(), RecordsTable(conn).digests(), TranscriptsTable(conn).stored())


def _query(conn: sqlite3.Connection, sql: str, params: tuple[object, ...] = ()) -> sqlite3.Cursor | None:
    """The cursor of a read, or None when its table does not exist (a case made before media
    were read has none of these tables; reading it is not an error)."""
    try:
        return conn.execute(sql, params)
    except sqlite3.OperationalError as e:
        if "no such table" in str(e):
            return None
        raise


class MediaTable:
    """Reads and writes of ``media``; the caller owns the transaction."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn

    def put(self, item_id: int, m: ItemMedia) -> None:
        """Write ``m``; a reading without a parent keeps the parent the row has (an attachment
        read again is still its email's)."""
        facts = json.dumps(facts_to_json(m.facts), ensure_ascii=False) if m.facts is not None else "{}"
        self.conn.execute(
            "INSERT INTO media(item_id, kind, facts_json, note, parent_id) VALUES (?, ?, ?, ?, ?) "
            "ON CONFLICT(item_id) DO UPDATE SET kind = excluded.kind, facts_json = excluded.facts_json, "
            "note = excluded.note, parent_id = coalesce(excluded.parent_id, media.parent_id)",
            (item_id, m.kind, facts, m.note, m.parent),
        )

    def get(self, item_id: int) -> ItemMedia | None:
        cur = _query(self.conn, "SELECT kind, facts_json, note, parent_id FROM media WHERE item_id = ?",
                      (item_id,))
        if cur is None:
            return None
        row = cur.fetchone()
        return None if row is None else _media(row)

    def all(self) -> dict[int, ItemMedia]:
        cur = _query(self.conn, "SELECT item_id, kind, facts_json, note, parent_id FROM media")
        if cur is None:
            return {}
        rows = cur.fetchall()
        return {int(r[0]): _media(r[1:]) for r in rows}

    def stored(self) -> dict[int, StoredMedia]:
        """Every row as verification compares it with the custody log: the kind, the SHA-256 of
        the facts as stored (canonical JSON of the raw column), the note and the parent."""
        cur = _query(self.conn, "SELECT item_id, kind, facts_json, note, parent_id FROM media")
        if cur is None:
            return {}
        rows = cur.fetchall()
        out: dict[int, StoredMedia] = {}
        for iid, kind, facts_json, note, parent in rows:
            try:
                raw: object = json.loads(facts_json or "{}")
            except ValueError:
                raw = facts_json  # a damaged column still has a digest, just never the logged one
            out[int(iid)] = StoredMedia(str(kind), facts_digest(raw), str(note or ""),
                                        int(parent) if parent is not None else None)
        return out

    def children(self, parent_id: int) -> list[int]:
        cur = _query(self.conn, "SELECT item_id FROM media WHERE parent_id = ? ORDER BY item_id", (parent_id,))
        return [] if cur is None else [int(r[0]) for r in cur]


def _media(row: Sequence[Any]) -> ItemMedia:
    kind, facts_json, note, parent = row
    try:
        raw = json.loads(facts_json or "{}")
    except ValueError:
        raw = {}
    facts = facts_from_json(raw) if isinstance(raw, dict) else None
    return ItemMedia(kind=kind, facts=facts, note=note or "", parent=parent)


_ALL_RECORDS = ("SELECT item_id, row, kind, number, time, direction, status, text, duration_s, name, time_utc, "
                "extra_json FROM records ORDER BY item_id, row")


class RecordsTable:
    """Reads and writes of ``records``; the caller owns the transaction."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn

    def clear(self, item_id: int) -> None:
        self.conn.execute("DELETE FROM records WHERE item_id = ?", (item_id,))

    def add(self, item_id: int, records: Iterable[Record], key: Any) -> int:
        """Insert records (``key(number)`` gives the matching key); returns how many."""
        rows = [(item_id, r.row, r.kind, r.number, key(r.number), r.time, r.direction, r.status, r.text, r.duration_s,
                 r.name, r.time_utc, json.dumps(dict(r.extra), ensure_ascii=False, sort_keys=True))
                for r in records]
        self.conn.executemany("INSERT INTO records VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)", rows)
        return len(rows)

    def of(self, item_id: int) -> list[Record]:
        return list(self._rows("WHERE item_id = ? ORDER BY row", (item_id,)))

    def all(self) -> dict[int, list[Record]]:
        out: dict[int, list[Record]] = {}
        for r in _query(self.conn, _ALL_RECORDS) or ():
            out.setdefault(int(r[0]), []).append(_record(r[1:]))
        return out

    def digests(self) -> dict[int, tuple[int, str]]:
        """Each export's number of records and :func:`records_digest` of them, as stored (one pass,
        a record at a time: memory does not grow with the export)."""
        out: dict[int, tuple[int, str]] = {}
        hashers: dict[int, tuple[int, Any]] = {}
        for r in _query(self.conn, _ALL_RECORDS) or ():
            iid = int(r[0])
            n, h = hashers.get(iid) or (0, hashlib.sha256())
            h.update(canonical(_record(r[1:]).to_json()) + b"\n")
            hashers[iid] = (n + 1, h)
        for iid, (n, h) in hashers.items():
            out[iid] = (n, h.hexdigest())
        return out

    def count(self, item_id: int) -> int:
        cur = _query(self.conn, "SELECT count(*) FROM records WHERE item_id = ?", (item_id,))
        return 0 if cur is None else int(cur.fetchone()[0])

    def _rows(self, where: str, params: tuple[object, ...]) -> Iterator[Record]:
        cur = _query(self.conn, "SELECT row, kind, number, time, direction, status, text, duration_s, name, time_utc, "
                                f"extra_json FROM records {where}", params)
        for r in cur or ():
            yield _record(r)


def _record(r: Sequence[Any]) -> Record:
    try:
        extra = json.loads(r[10] or "{}")
    except ValueError:
        extra = {}
    return Record(int(r[0]), r[1], r[2], r[3], r[4], r[5], r[6] or "", r[7], r[8] or "", r[9],
                  extra if isinstance(extra, dict) else {})


class TranscriptsTable:
    """Reads and writes of ``transcripts``; the caller owns the transaction."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn

    def put(self, item_id: int, t: Transcript, at: str) -> None:
        self.conn.execute(
            "INSERT INTO transcripts(item_id, status, engine, segments_json, updated_at) VALUES (?, ?, ?, ?, ?) "
            "ON CONFLICT(item_id) DO UPDATE SET status = excluded.status, engine = excluded.engine, "
            "segments_json = excluded.segments_json, updated_at = excluded.updated_at",
            (item_id, t.status, t.engine, json.dumps(segments_json(t.segments), ensure_ascii=False), at),
        )

    def get(self, item_id: int) -> Transcript | None:
        cur = _query(self.conn, "SELECT status, engine, segments_json FROM transcripts WHERE item_id = ?",
                      (item_id,))
        if cur is None:
            return None
        row = cur.fetchone()
        return None if row is None else _transcript(row)

    def stored(self) -> dict[int, tuple[str, str, str]]:
        """Every transcript as verification compares it: (status, engine, SHA-256 of the segments
        as stored), the status and engine raw as the row holds them."""
        cur = _query(self.conn, "SELECT item_id, status, engine, segments_json FROM transcripts")
        if cur is None:
            return {}
        rows = cur.fetchall()
        out: dict[int, tuple[str, str, str]] = {}
        for iid, status, engine, segs in rows:
            try:
                raw = json.loads(segs)
            except ValueError:
                raw = segs
            out[int(iid)] = (str(status), str(engine or ""), facts_digest({"s": raw}))
        return out

    def all(self) -> dict[int, Transcript]:
        cur = _query(self.conn, "SELECT item_id, status, engine, segments_json FROM transcripts")
        if cur is None:
            return {}
        rows = cur.fetchall()
        return {int(r[0]): _transcript(r[1:]) for r in rows}


def _transcript(row: Sequence[Any]) -> Transcript:
    status, engine, segs = row
    try:
        raw = json.loads(segs)
    except ValueError:
        raw = []
    st: Literal["typed", "draft", "confirmed"] = status if status in ("typed", "draft", "confirmed") else "typed"
    return Transcript(segments_from_json(raw), st, engine or "")


__all__ = ["MediaDigests", "MediaTable", "RecordsTable", "Segment", "StoredMedia", "TranscriptsTable", "ensure_schema", "media_digests"]
