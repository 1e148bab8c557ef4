"""Writing the custody log: append an entry in the index within the change's transaction, copy
new entries to ``custody.jsonl``, sign the new head.

The order is the guarantee: an entry is in the index (committed with the change it records) before
it is in the file, and the file only ever lags the index. A crash between the two leaves the file
short or with a torn last line; :meth:`CustodyWriter.repair` and :meth:`CustodyWriter.sync` at the
next writable open complete it from the index.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

from evidencekit.core.clock import Clock, utc_iso
from evidencekit.core.integrity.identity import SigningIdentity
from evidencekit.core.models import LogEntry
from evidencekit.core.vault import custody, heads
from evidencekit.core.vault.actions import Details, encode
from evidencekit.core.vault.folder import LOG_FILE
from evidencekit.core.vault.index import Index
from evidencekit.core.vault.tables.custody import CustodyTable
from evidencekit.errors import VaultError


class CustodyWriter:
    """The one writer of a case's custody log.

    Args:
        index: the case's index (its ``atomic()`` holds an entry and its change together).
        folder: the case folder (``custody.jsonl`` and ``custody.head`` are there).
        clock: the time of each entry.
        actor: ``user@host``.
        identity: the signing identity (called for each entry: it may be created on first use).
        readonly: a read-only case refuses every write.
    """

    def __init__(self, index: Index, folder: Path, *, clock: Clock, actor: str,
                 identity: Callable[[], SigningIdentity], readonly: bool) -> None:
        self.index = index
        self.table = CustodyTable(index.conn)
        self.folder = folder
        self.log_path = folder / LOG_FILE
        self.head_path = folder / custody.HEAD_FILE
        self.clock = clock
        self.actor = actor
        self._identity = identity
        self.readonly = readonly
        self._file_lines: int | None = None  # lines in custody.jsonl, once read

    def append(self, details: Details, *, item_id: int | None = None, sha256: str | None = None) -> LogEntry:
        """Add an entry to the index copy of the log; call inside ``index.atomic()``, with the
        change the entry records, then :meth:`sync` after the commit.

        Raises:
            VaultError: the case is open read-only.
        """
        if self.readonly:
            raise VaultError("the case is open read-only")
        last = self.table.head()
        seq, prev = (last[0] + 1, last[1]) if last else (1, custody.GENESIS)
        entry = custody.make_entry(
            seq=seq,
            time=utc_iso(self.clock()),
            actor=self.actor,
            action=details.action,
            item_id=item_id,
            sha256=sha256,
            details=encode(details),
            prev_hash=prev,
            identity=self._identity(),
        )
        self.table.add(seq, custody.to_line(entry), entry.hash)
        return entry

    def record(self, details: Details, *, item_id: int | None = None, sha256: str | None = None) -> LogEntry:
        """One entry in a transaction of its own, synced to the file (for an action that changes
        nothing else in the index: a rejection, an export, a verification)."""
        with self.index.atomic():
            entry = self.append(details, item_id=item_id, sha256=sha256)
        self.sync()
        return entry

    def sync(self) -> None:
        """Bring ``custody.jsonl`` up to date with the index (append what is missing), then sign
        the new head. The file is read once per open; after that appends are counted."""
        # Under the index's lock: no other thread is inside a transaction whose entries this
        # connection would already see, and two syncs never append the same lines twice.
        with self.index.lock:
            if self._file_lines is None:
                self._file_lines = len(custody.read_lines(self.log_path))
            rows = self.table.after(self._file_lines)
            if not rows:
                return
            custody.append_lines(self.log_path, [line for _, line, _ in rows])
            self._file_lines += len(rows)
            seq, _, hash_ = rows[-1]
            custody.write_head(self.head_path, seq, hash_, self._identity())
            # last, after the head: what verification reads first (see verify_case)
            self.remember(seq, hash_)

    def case_id(self) -> str:
        """The case's id: the hash of its first entry ("" for an empty log)."""
        first = self.table.first()
        return first[1] if first else ""

    def remember(self, seq: int, hash_: str) -> None:
        """Tell this computer's record of the case (``heads``) its newest entry."""
        heads.remember(heads.HeadRecord(self.case_id(), seq, hash_, str(self.folder.resolve()),
                                        utc_iso(self.clock())))

    def repair(self) -> bool:
        """Cut a torn last line (a crash during an append: the index holds the whole entry, and
        :meth:`sync` writes it again). Returns True when a line was cut."""
        if not self.log_path.exists():
            return False
        data = self.log_path.read_bytes()
        if not data or data.endswith(b"\n"):
            return False
        with open(self.log_path, "r+b") as fh:
            fh.truncate(data.rfind(b"\n") + 1)
            os.fsync(fh.fileno())
        self._file_lines = None
        return True

    def entries(self, item_id: int | None = None) -> list[LogEntry]:
        """The entries (from the index), all or those of one item."""
        return [custody.from_line(line) for line in self.table.lines(item_id)]
