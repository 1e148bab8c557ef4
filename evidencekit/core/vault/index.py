"""The case's SQLite index: WAL, foreign keys, named migrations, one ``atomic()`` for writes."""

from __future__ import annotations

import functools
import logging
import os
import shutil
import sqlite3
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import ParamSpec, TypeVar
from urllib.parse import quote

from evidencekit.core.scratch import make_dir
from evidencekit.errors import VaultError

log = logging.getLogger(__name__)

P = ParamSpec("P")
R = TypeVar("R")

Migration = tuple[str, Callable[[sqlite3.Connection], None]]


def run_script(conn: sqlite3.Connection, script: str) -> None:
    """Run DDL statements one by one (``executescript`` would COMMIT the open transaction)."""
    for stmt in script.split(";"):
        if stmt.strip():
            conn.execute(stmt)


def _m001_initial(conn: sqlite3.Connection) -> None:
    run_script(
        conn,
        """
        CREATE TABLE case_meta (
            key TEXT PRIMARY KEY,
            value TEXT NOT NULL
        );
        CREATE TABLE items (
            id INTEGER PRIMARY KEY,
            sha256 TEXT NOT NULL UNIQUE,
            sm3 TEXT NOT NULL,
            size INTEGER NOT NULL,
            kind TEXT NOT NULL,
            mime TEXT NOT NULL,
            original_name TEXT NOT NULL,
            original_path TEXT NOT NULL,
            original_path_raw BLOB,
            file_mtime TEXT,
            exif_time TEXT,
            imported_at TEXT NOT NULL,
            import_offset TEXT NOT NULL,
            host TEXT NOT NULL,
            user TEXT NOT NULL,
            extraction_note TEXT NOT NULL DEFAULT '',
            title TEXT NOT NULL DEFAULT '',
            proves TEXT NOT NULL DEFAULT '',
            source TEXT NOT NULL DEFAULT '',
            event_time TEXT,
            tags TEXT NOT NULL DEFAULT '[]',
            group_name TEXT NOT NULL DEFAULT '',
            position INTEGER NOT NULL,
            withdrawn INTEGER NOT NULL DEFAULT 0,
            withdrawn_reason TEXT NOT NULL DEFAULT '',
            duration_s REAL,
            width INTEGER,
            height INTEGER,
            batch TEXT NOT NULL DEFAULT ''
        );
        CREATE INDEX items_position ON items(position);
        CREATE TABLE custody (
            seq INTEGER PRIMARY KEY,
            line TEXT NOT NULL,
            hash TEXT NOT NULL UNIQUE
        );
        CREATE TABLE ocr (
            item_id INTEGER PRIMARY KEY REFERENCES items(id) ON DELETE CASCADE,
            cache_key TEXT NOT NULL,
            result_json TEXT NOT NULL,
            created_at TEXT NOT NULL,
            error TEXT NOT NULL DEFAULT ''
        );
        CREATE TABLE corrections (
            id INTEGER PRIMARY KEY,
            item_id INTEGER NOT NULL REFERENCES items(id) ON DELETE CASCADE,
            message_index INTEGER NOT NULL,
            original_text TEXT NOT NULL,
            corrected_text TEXT NOT NULL,
            corrected_at TEXT NOT NULL,
            actor TEXT NOT NULL
        );
        CREATE INDEX corrections_item ON corrections(item_id, message_index);
        CREATE TABLE settings (
            key TEXT PRIMARY KEY,
            value TEXT NOT NULL
        );
        """
    )


def _m002_search(conn: sqlite3.Connection) -> None:
    from evidencekit.core.vault.tables.search import ensure_schema

    ensure_schema(conn)


def _m003_correction_fields(conn: sqlite3.Connection) -> None:
    # A correction may change a message's time or side, or the screenshot's sender, not only a
    # text; rows written before are text corrections.
    conn.execute("ALTER TABLE corrections ADD COLUMN field TEXT NOT NULL DEFAULT 'text'")


def _m010_media(conn: sqlite3.Connection) -> None:
    from evidencekit.core.vault.tables.media import ensure_schema

    ensure_schema(conn)


def _m011_ocr_labels(conn: sqlite3.Connection) -> None:
    # A screenshot's labels as the case reads it (its messages as a thread, the person's corrections
    # and the claimant's name), kept with the reading so the evidence list shows them without
    # reading every message. NULL for readings stored before: the list shows their OCR labels.
    conn.execute("ALTER TABLE ocr ADD COLUMN labels TEXT")


def _m012_received_by(conn: sqlite3.Connection) -> None:
    # Whose phone or account an item was received on ("" the claimant's own): whether a message on it
    # reached a third party is then a fact the person states, not a guess from its wording.
    conn.execute("ALTER TABLE items ADD COLUMN received_by TEXT NOT NULL DEFAULT ''")


MIGRATIONS: list[Migration] = [
    ("001_initial", _m001_initial),
    ("002_search", _m002_search),
    ("003_correction_fields", _m003_correction_fields),
    ("010_media", _m010_media),  # recordings, documents, emails, exports, transcripts
    ("011_ocr_labels", _m011_ocr_labels),
    ("012_received_by", _m012_received_by),
]


class Index:
    """The SQLite index of one case.

    Args:
        db: a file path, ``":memory:"``, or an open ``sqlite3.Connection`` (tests).
    """

    def __init__(self, db: str | Path | sqlite3.Connection) -> None:
        if isinstance(db, sqlite3.Connection):
            self.conn = db
        else:
            # isolation_level=None: we issue BEGIN/COMMIT ourselves in atomic().
            self.conn = sqlite3.connect(
                str(db), isolation_level=None, check_same_thread=False, timeout=10.0
            )
        # Plain tuples: the tables build values by position, several times faster than sqlite3.Row.
        self.conn.row_factory = None
        self.conn.execute("PRAGMA foreign_keys = ON")
        if not isinstance(db, sqlite3.Connection) and str(db) != ":memory:":
            self.conn.execute("PRAGMA journal_mode = WAL")
            self.conn.execute("PRAGMA synchronous = FULL")
        # held for a whole transaction: one connection serves the app's worker threads
        self.lock = threading.RLock()
        self._depth = 0
        self._scratch: Path | None = None  # a private copy of the index (see _open_readonly)

    @contextmanager
    def atomic(self) -> Iterator[sqlite3.Connection]:
        """One transaction (BEGIN IMMEDIATE/COMMIT); a savepoint when nested."""
        with self.lock:
            if self._depth == 0:
                self.conn.execute("BEGIN IMMEDIATE")
            else:
                self.conn.execute(f"SAVEPOINT sp{self._depth}")
            self._depth += 1
            try:
                yield self.conn
            except BaseException:
                self._depth -= 1
                if self._depth == 0:
                    self.conn.execute("ROLLBACK")
                else:
                    self.conn.execute(f"ROLLBACK TO sp{self._depth}")
                    self.conn.execute(f"RELEASE sp{self._depth}")
                raise
            else:
                self._depth -= 1
                if self._depth == 0:
                    self.conn.execute("COMMIT")
                else:
                    self.conn.execute(f"RELEASE sp{self._depth}")

    @contextmanager
    def reading(self) -> Iterator[None]:
        """One read transaction: every read inside sees the index as it was at the first one,
        whatever other processes commit meanwhile (WAL snapshot isolation). Nested: no-op.

        Raises:
            VaultError: the index cannot be read.
        """
        with self.lock:
            if self._depth:
                yield
                return
            try:
                self.conn.execute("BEGIN")
                self.conn.execute("SELECT count(*) FROM sqlite_master").fetchone()  # the snapshot starts here
            except sqlite3.DatabaseError as e:
                if self.conn.in_transaction:
                    self.conn.execute("ROLLBACK")
                raise VaultError(f"the index is damaged: {e}") from e
            self._depth += 1
            try:
                yield
            finally:
                self._depth -= 1
                self.conn.execute("COMMIT")

    def migrate(self, migrations: list[Migration] | None = None) -> list[str]:
        """Apply every migration not yet recorded; returns the names applied."""
        migrations = MIGRATIONS if migrations is None else migrations
        self.conn.execute(
            "CREATE TABLE IF NOT EXISTS _migrations (name TEXT PRIMARY KEY, applied_at TEXT NOT NULL "
            "DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ','now')))"
        )
        done = {r[0] for r in self.conn.execute("SELECT name FROM _migrations")}
        applied = []
        for name, fn in migrations:
            if name in done:
                continue
            with self.atomic() as conn:
                fn(conn)
                conn.execute("INSERT INTO _migrations(name) VALUES (?)", (name,))
            log.info("applied migration %s", name)
            applied.append(name)
        return applied

    @classmethod
    def open(cls, path: Path, *, readonly: bool) -> Index:
        """The index file of a case; a writable one is brought up to date (migrations).

        Raises:
            VaultError: the file is not an SQLite database, or is damaged.
        """
        try:
            if readonly:
                return _open_readonly(path)
            if not path.exists():
                # owner-only, whatever the umask; SQLite gives its -wal and -shm the same mode
                os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_CLOEXEC, 0o600))
            index = cls(path)
            index.migrate()
            return index
        except sqlite3.DatabaseError as e:
            raise VaultError(f"the index cannot be read: {e}") from e

    def applied_migrations(self) -> list[str]:
        return [r[0] for r in self.conn.execute("SELECT name FROM _migrations ORDER BY rowid")]

    def close(self) -> None:
        self.conn.close()
        if self._scratch is not None:
            shutil.rmtree(self._scratch, ignore_errors=True)
            self._scratch = None


def _connect_ro(uri: str) -> sqlite3.Connection:
    return sqlite3.connect(uri, uri=True, isolation_level=None, check_same_thread=False, timeout=10.0)


def _open_readonly(path: Path) -> Index:
    """Open the index for reading without writing anything into the case folder.

    Reading never changes the case: verification must not repair what it checks, and must not
    leave files behind. A plain ``mode=ro`` open of a WAL index creates ``-wal`` and ``-shm``
    files beside it when they are absent, so:

    - ``-wal`` and ``-shm`` present (another connection has the index open, or a crash left
      them): ``mode=ro`` uses them and creates nothing; reads take part in WAL locking, so a read
      transaction sees a consistent snapshot while the other process writes;
    - no ``-wal``: every committed transaction is in the main file; ``immutable=1`` reads it
      without locks or side files (verification notices a writer that starts meanwhile by the
      ``-wal`` it creates, and reads again);
    - a ``-wal`` without its ``-shm`` (a crash): SQLite would create the ``-shm``; the two files
      are copied into a private temporary folder and read there (the copy is removed at close).

    Raises:
        sqlite3.DatabaseError: the file is not an SQLite database, or is damaged.
    """
    wal, shm = path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")
    if not path.is_file():
        raise sqlite3.DatabaseError(f"{path.name} is missing")
    uri = f"file:{quote(str(path))}"
    if wal.exists() and shm.exists():
        return Index(_connect_ro(uri + "?mode=ro"))
    if not wal.exists():
        return Index(_connect_ro(uri + "?mode=ro&immutable=1"))
    scratch = make_dir("index")  # a killed reader's copy is removed by the next run (core.scratch)
    try:
        shutil.copyfile(path, scratch / path.name)
        shutil.copyfile(wal, scratch / wal.name)
        index = Index(sqlite3.connect(str(scratch / path.name), isolation_level=None, check_same_thread=False))
    except BaseException:
        shutil.rmtree(scratch, ignore_errors=True)
        raise
    index._scratch = scratch
    return index


def reads_index(fn: Callable[P, R]) -> Callable[P, R]:
    """A read that reports a damaged index as a :class:`VaultError` (verification turns it into a
    finding) instead of an ``sqlite3`` exception nobody outside the vault should have to know."""

    @functools.wraps(fn)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return fn(*args, **kwargs)
        except sqlite3.DatabaseError as e:
            raise VaultError(f"the index is damaged: {e}") from e

    return wrapper
