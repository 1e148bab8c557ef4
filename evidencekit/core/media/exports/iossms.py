"""The ``sms.db`` of an unencrypted iTunes/Finder backup of an iPhone (Messages: SMS and iMessage).

Read-only: the database is opened ``mode=ro`` and ``immutable=1`` (SQLite then writes no journal
or WAL file beside it and takes no lock), from the case's own read-only copy of the original.

What is read: ``message`` (``text``; newer iOS versions leave it empty and keep the text in
``attributedBody``, an archived NSAttributedString whose string is read from the archive's bytes),
``is_from_me``, ``date`` (seconds since 2001-01-01 UTC; nanoseconds since iOS 11), ``service``
(SMS or iMessage), and the other side's address from ``handle.id`` (for a message in a group chat,
the chat's identifier from ``chat`` through ``chat_message_join``).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

from evidencekit.core.media.exports import ExportError
from evidencekit.core.media.exports.localtime import local_iso, offset_text, parse_offset, utc_iso
from evidencekit.core.media.model import ExportFacts, Record, canonical
from evidencekit.core.media.notes import note

PARSER = "ios-sms.db/1"
APPLE_EPOCH = dt.datetime(2001, 1, 1, tzinfo=dt.timezone.utc)


def is_sms_db(path: Path) -> bool:
    """Whether the SQLite file at ``path`` has the Messages tables."""
    try:
        with _connect(path) as conn:
            names = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    except sqlite3.DatabaseError:
        return False
    return {"message", "handle"} <= names


def _connect(path: Path) -> sqlite3.Connection:
    conn = sqlite3.connect(f"file:{quote(str(path))}?mode=ro&immutable=1", uri=True)
    conn.execute("PRAGMA query_only = ON")
    return conn


def apple_time(raw: object) -> dt.datetime | None:
    """A ``message.date`` as an aware UTC time (seconds or, since iOS 11, nanoseconds since 2001)."""
    if not isinstance(raw, int | float) or raw <= 0:
        return None
    seconds = raw / 1e9 if raw > 1e11 else float(raw)
    try:
        return APPLE_EPOCH + dt.timedelta(seconds=seconds)
    except OverflowError:
        return None


def attributed_text(blob: bytes | None) -> str:
    """The string of an archived NSAttributedString (``message.attributedBody``), or ''.

    The archive ("streamtyped") writes the class name ``NSString``, a few marker bytes ending in
    ``+``, the length (one byte, or 0x81 and two bytes little-endian, or 0x82 and four), then the
    UTF-8 bytes.
    """
    if not blob:
        return ""
    at = blob.find(b"NSString")
    if at < 0:
        return ""
    plus = blob.find(b"+", at + 8, at + 16)
    if plus < 0:
        return ""
    i = plus + 1
    if i >= len(blob):
        return ""
    n = blob[i]
    if n == 0x81:
        n, i = int.from_bytes(blob[i + 1:i + 3], "little"), i + 3
    elif n == 0x82:
        n, i = int.from_bytes(blob[i + 1:i + 5], "little"), i + 5
    else:
        i += 1
    return blob[i:i + n].decode("utf-8", errors="replace")


class IosSmsReader:
    """Reads an iPhone ``sms.db`` (see the module)."""

    def __init__(self, path: Path, fallback_offset: str = "") -> None:
        self.path = path
        self.tz = parse_offset(fallback_offset) or dt.timezone(dt.timedelta(hours=8))
        self._facts = ExportFacts(format="ios-sms.db", parser=PARSER)

    @property
    def facts(self) -> ExportFacts:
        return self._facts

    def records(self) -> Iterator[Record]:
        h = hashlib.sha256()
        row = 0
        notes: list[str] = []
        complete = True
        try:
            conn = _connect(self.path)
        except sqlite3.DatabaseError as e:
            raise ExportError(f"the Messages database cannot be opened ({e})") from e
        try:
            cols = {r[1] for r in conn.execute("PRAGMA table_info(message)")}
            body = "m.attributedBody" if "attributedBody" in cols else "NULL"
            service = "m.service" if "service" in cols else "''"
            chat = ("(SELECT c.chat_identifier FROM chat_message_join j JOIN chat c ON c.ROWID = j.chat_id "
                    "WHERE j.message_id = m.ROWID LIMIT 1)")
            tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
            if not {"chat", "chat_message_join"} <= tables:
                chat = "NULL"
            sql = (f"SELECT m.ROWID, m.text, {body}, m.is_from_me, m.date, {service}, h.id, {chat} "
                   "FROM message m LEFT JOIN handle h ON h.ROWID = m.handle_id ORDER BY m.date, m.ROWID")
            try:
                for rowid, text, attributed, from_me, date, svc, handle, chat_id in conn.execute(sql):
                    t = apple_time(date)
                    words = text if isinstance(text, str) and text else attributed_text(attributed)
                    out = bool(from_me)
                    extra: dict[str, object] = {"rowid": rowid}
                    if svc:
                        extra["service"] = svc
                    if chat_id and chat_id != handle:
                        extra["chat"] = chat_id
                    rec = Record(row, "sms", str(handle or chat_id or ""), local_iso(t, self.tz) if t else None,
                                 "out" if out else "in", "sent" if out else "received", words, None, "",
                                 utc_iso(t) if t else None, extra)
                    h.update(canonical(rec.to_json()) + b"\n")
                    row += 1
                    yield rec
            except sqlite3.DatabaseError as e:
                complete = False
                notes.append(note("export.db_damaged", n=row, reason=e))
        finally:
            conn.close()
        self._facts = ExportFacts(format="ios-sms.db", records=row, by_kind={"sms": row} if row else {},
                                  offset=offset_text(self.tz),
                                  offset_basis=f"UTC times put in {offset_text(self.tz)} (the importing computer's offset)",
                                  complete=complete, notes=tuple(notes), digest=h.hexdigest(), parser=PARSER)
