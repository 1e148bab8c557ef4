"""A case: one self-contained folder the user can copy to a USB stick.

Layout::

    CASE/
      evidencekit-case.json   marker: format and version
      index.sqlite            the index (WAL)
      objects/ab/<sha256>     originals, byte-for-byte, read-only
      derived/<item id>/      OCR output, thumbnails: rebuildable from the originals
      custody.jsonl           the custody log (append-only, hash-chained, signed)
      keys/                   the claimant's signing identity
      tmp/                    imports in progress (cleaned at open)
      exports/                bundles made from the case

An import writes the bytes to ``tmp/``, fsyncs, renames into ``objects/``, then records the item
and its custody entry in one transaction. A crash at any point leaves the whole item or nothing:
leftovers in ``tmp/`` and objects no item refers to are removed at the next open, and the
removal is itself logged.
"""

from __future__ import annotations

import errno
import fcntl
import getpass
import json
import logging
import os
import shutil
import socket
import stat
import uuid
from collections.abc import Iterable, Iterator
from dataclasses import asdict, replace
from pathlib import Path
from typing import Any

from cryptography import x509

from evidencekit.core.clock import Clock, offset_str, system_clock, utc_iso
from evidencekit.core.integrity import identity as ident
from evidencekit.core.integrity.hashing import digest_chunks, read_chunks
from evidencekit.core.media.sniff import Unsupported, probe, sniff
from evidencekit.core.models import CaseMeta, ImportOutcome, Item, LogEntry, Respondent
from evidencekit.core.progress import CancelToken, Progress, Step, no_progress
from evidencekit.core.vault import custody
from evidencekit.core.vault.durable import StoreWriter
from evidencekit.core.vault.index import Index
from evidencekit.errors import (
    CaseExistsError,
    CaseLockedError,
    ImportRejected,
    NotACaseError,
    VaultError,
)

log = logging.getLogger(__name__)

MARKER = "evidencekit-case.json"
FORMAT = "evidencekit-case"
FORMAT_VERSION = 1
INDEX_FILE = "index.sqlite"
LOG_FILE = "custody.jsonl"
LOCK_FILE = "case.lock"
_DIRECT_FROM = 32 << 20  # recordings and videos; screenshots go through the page cache

EDITABLE_FIELDS = ("title", "proves", "source", "event_time", "tags", "extraction_note", "group_name")
_ITEM_COLUMNS = (
    "id, sha256, sm3, size, kind, mime, original_name, original_path, file_mtime, exif_time, "
    "imported_at, import_offset, host, user, extraction_note, title, proves, source, event_time, "
    "tags, group_name, position, withdrawn, withdrawn_reason, duration_s, width, height"
)


def is_case(path: str | os.PathLike[str]) -> bool:
    """True when ``path`` is a case folder."""
    return (Path(path) / MARKER).is_file()


def display_path(raw: str | bytes) -> str:
    """A path as text that is safe to show: undecodable bytes and control characters escaped."""
    text = os.fsdecode(raw) if isinstance(raw, bytes) else raw
    text = text.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
    return "".join(c if c.isprintable() else repr(c)[1:-1] for c in text)


class Case:
    """An open case folder. Use :meth:`create` or :meth:`open`; close when done."""

    def __init__(
        self,
        path: Path,
        index: Index,
        *,
        clock: Clock,
        readonly: bool,
        passphrase: str | None,
        lock_fd: int | None,
    ) -> None:
        self.path = path
        self.index = index
        self.clock = clock
        self.readonly = readonly
        self._passphrase = passphrase
        self._lock_fd = lock_fd
        self._identity: ident.SigningIdentity | None = None
        self.host = socket.gethostname()
        try:
            self.user = getpass.getuser()
        except (KeyError, OSError):
            self.user = str(os.getuid())
        self.actor = f"{self.user}@{self.host}"
        self.recovered: list[str] = []
        self._log_lines: int | None = None  # lines in custody.jsonl, once read

    # ---------------------------------------------------------------- opening

    @classmethod
    def create(
        cls,
        path: str | os.PathLike[str],
        meta: CaseMeta,
        *,
        clock: Clock = system_clock,
        passphrase: str | None = None,
    ) -> Case:
        """Create a new case folder (empty or absent) and its signing identity.

        Raises:
            CaseExistsError: the folder is already a case, or is not empty.
            VaultError: the folder cannot be written.
        """
        p = Path(path)
        if is_case(p):
            raise CaseExistsError(f"{display_path(str(p))} is already a case")
        if p.exists() and (not p.is_dir() or any(p.iterdir())):
            raise CaseExistsError(f"{display_path(str(p))} exists and is not an empty folder")
        try:
            p.mkdir(parents=True, exist_ok=True)
            for sub in ("objects", "derived", "tmp", "keys", "exports"):
                (p / sub).mkdir(exist_ok=True)
            os.chmod(p / "keys", 0o700)
        except OSError as e:
            raise VaultError(f"cannot create the case folder {display_path(str(p))}: {e.strerror}") from e
        lock_fd = _lock(p)
        index = Index(p / INDEX_FILE)
        index.migrate()
        case = cls(p, index, clock=clock, readonly=False, passphrase=passphrase, lock_fd=lock_fd)
        now = clock()
        meta = replace(meta, created_at=meta.created_at or utc_iso(now))
        identity = ident.create_identity(meta.claimant_name or meta.title, now=now)
        ident.save_identity(identity, p / "keys", passphrase)
        case._identity = identity
        with index.atomic():
            case._write_meta(meta)
            case._log(
                "case_created",
                details={
                    "meta": _meta_dict(meta),
                    "certificate_sha256": identity.fingerprint,
                    "certificate_pem": custody.certificate_pem(identity.certificate),
                },
            )
        case._sync_log_file()
        # The marker goes last: a folder without it is not (yet) a case.
        _write_json_atomic(p / MARKER, {"format": FORMAT, "version": FORMAT_VERSION})
        return case

    @classmethod
    def open(
        cls,
        path: str | os.PathLike[str],
        *,
        clock: Clock = system_clock,
        readonly: bool = False,
        passphrase: str | None = None,
    ) -> Case:
        """Open a case. A writable open takes the case's lock and repairs what a crash left.

        Raises:
            NotACaseError: ``path`` is not a case folder.
            CaseLockedError: another EvidenceKit process has the case open for writing.
        """
        p = Path(path)
        if not p.is_dir():
            raise NotACaseError(f"{display_path(str(p))} is not a folder")
        if not is_case(p):
            raise NotACaseError(
                f"{display_path(str(p))} is not an EvidenceKit case (no {MARKER}); "
                "create one with 'evidencekit new'"
            )
        try:
            marker = json.loads((p / MARKER).read_text("utf-8"))
        except (OSError, ValueError) as e:
            raise NotACaseError(f"the case marker {MARKER} is unreadable: {e}") from e
        if marker.get("format") != FORMAT:
            raise NotACaseError(f"{display_path(str(p))} is not an EvidenceKit case")
        if int(marker.get("version", 0)) > FORMAT_VERSION:
            raise VaultError("this case was made by a newer EvidenceKit; please upgrade")
        lock_fd = None if readonly else _lock(p)
        if readonly:
            index = Index(_readonly_uri(p / INDEX_FILE))
        else:
            index = Index(p / INDEX_FILE)
            index.migrate()
        case = cls(p, index, clock=clock, readonly=readonly, passphrase=passphrase, lock_fd=lock_fd)
        if not readonly:
            case._recover()
        return case

    def close(self) -> None:
        self.index.close()
        if self._lock_fd is not None:
            os.close(self._lock_fd)
            self._lock_fd = None

    def __enter__(self) -> Case:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # ---------------------------------------------------------------- identity and log

    @property
    def keys_dir(self) -> Path:
        return self.path / "keys"

    @property
    def log_path(self) -> Path:
        return self.path / LOG_FILE

    def certificate(self) -> x509.Certificate | None:
        return ident.load_certificate(self.keys_dir)

    def identity(self, passphrase: str | None = None) -> ident.SigningIdentity:
        """The case's signing identity (created on first use when missing).

        Raises:
            SigningError: the key is passphrase-protected and the passphrase is missing or wrong.
        """
        if self._identity is None:
            loaded = ident.load_identity(self.keys_dir, passphrase or self._passphrase)
            if loaded is None:
                meta = self.meta
                loaded = ident.create_identity(meta.claimant_name or meta.title, now=self.clock())
                ident.save_identity(loaded, self.keys_dir, passphrase or self._passphrase)
                self._identity = loaded
                with self.index.atomic():
                    self._log(
                        "identity_created",
                        details={
                            "certificate_sha256": loaded.fingerprint,
                            "certificate_pem": custody.certificate_pem(loaded.certificate),
                        },
                    )
                self._sync_log_file()
            self._identity = loaded
        return self._identity

    def import_identity(self, p12: bytes, password: str | None) -> ident.SigningIdentity:
        """Replace the signing identity with one from a PKCS#12 file; logged."""
        new = ident.import_pkcs12(p12, password)
        old = self.identity()
        with self.index.atomic():
            # Signed by the old key: the hand-over is authorised by the identity it replaces.
            self._log(
                "identity_imported",
                details={
                    "certificate_sha256": new.fingerprint,
                    "certificate_pem": custody.certificate_pem(new.certificate),
                    "previous_certificate_sha256": old.fingerprint,
                    "subject": new.subject,
                },
            )
            ident.save_identity(new, self.keys_dir, self._passphrase)
        self._identity = new
        self._sync_log_file()
        return new

    def _log(
        self,
        action: str,
        *,
        item_id: int | None = None,
        sha256: str | None = None,
        details: dict[str, Any] | None = None,
    ) -> LogEntry:
        """Append a custody entry to the index; call inside ``index.atomic()``."""
        if self.readonly:
            raise VaultError("the case is open read-only")
        row = self.index.conn.execute("SELECT seq, hash FROM custody ORDER BY seq DESC LIMIT 1").fetchone()
        seq, prev = (row[0] + 1, row[1]) if row else (1, custody.GENESIS)
        entry = custody.make_entry(
            seq=seq,
            time=utc_iso(self.clock()),
            actor=self.actor,
            action=action,
            item_id=item_id,
            sha256=sha256,
            details=details,
            prev_hash=prev,
            identity=self.identity(),
        )
        self.index.conn.execute(
            "INSERT INTO custody(seq, line, hash) VALUES (?, ?, ?)", (seq, custody.to_line(entry), entry.hash)
        )
        return entry

    def record(
        self,
        action: str,
        *,
        item_id: int | None = None,
        sha256: str | None = None,
        details: dict[str, Any] | None = None,
    ) -> LogEntry:
        """Add one custody entry in its own transaction (for actions outside the vault: OCR,
        export, verification)."""
        with self.index.atomic():
            entry = self._log(action, item_id=item_id, sha256=sha256, details=details)
        self._sync_log_file()
        return entry

    def _sync_log_file(self) -> None:
        """Bring custody.jsonl up to date with the index (append what is missing), then sign the
        new head. The file is read once per open; after that appends are counted."""
        if self._log_lines is None:
            self._log_lines = len(custody.read_lines(self.log_path))
        rows = self.index.conn.execute(
            "SELECT seq, line, hash FROM custody WHERE seq > ? ORDER BY seq", (self._log_lines,)
        ).fetchall()
        if not rows:
            return
        custody.append_lines(self.log_path, [r[1] for r in rows])
        self._log_lines += len(rows)
        last = rows[-1]
        custody.write_head(self.path / custody.HEAD_FILE, last[0], last[2], self.identity())

    def log_entries(self, item_id: int | None = None) -> list[LogEntry]:
        """Custody entries (from the index), all or those of one item."""
        if item_id is None:
            rows = self.index.conn.execute("SELECT line FROM custody ORDER BY seq")
        else:
            rows = self.index.conn.execute(
                "SELECT line FROM custody WHERE json_extract(line, '$.item_id') = ? ORDER BY seq", (item_id,)
            )
        return [custody.from_line(r[0]) for r in rows]

    # ---------------------------------------------------------------- recovery

    def _recover(self) -> None:
        """Repair what an interrupted process left: temp files, unreferenced objects, a torn or
        short custody.jsonl. Each repair is logged and listed in ``self.recovered``."""
        removed: list[str] = []
        tmp = self.path / "tmp"
        tmp.mkdir(exist_ok=True)
        for leftover in tmp.iterdir():
            _force_remove(leftover)
            removed.append(f"tmp/{leftover.name}")
        known = {r[0] for r in self.index.conn.execute("SELECT sha256 FROM items")}
        objects = self.path / "objects"
        for sub in objects.iterdir() if objects.exists() else ():
            for obj in sub.iterdir() if sub.is_dir() else ():
                if obj.name not in known:
                    _force_remove(obj)
                    removed.append(f"objects/{sub.name}/{obj.name}")
        # A torn last line (crash during append) is cut; the index holds the whole entry.
        if self.log_path.exists():
            data = self.log_path.read_bytes()
            if data and not data.endswith(b"\n"):
                cut = data.rfind(b"\n") + 1
                with open(self.log_path, "r+b") as fh:
                    fh.truncate(cut)
                    os.fsync(fh.fileno())
                self.recovered.append("custody.jsonl: torn last line completed from the index")
        self._sync_log_file()
        if removed:
            self.recovered.extend(f"removed leftover of an interrupted import: {r}" for r in removed)
            self.record("recovered", details={"removed": removed[:200], "count": len(removed)})

    # ---------------------------------------------------------------- metadata

    @property
    def meta(self) -> CaseMeta:
        rows = dict(self.index.conn.execute("SELECT key, value FROM case_meta").fetchall())
        d = json.loads(rows.get("meta", "{}"))
        return CaseMeta(
            title=d.get("title", ""),
            claimant_name=d.get("claimant_name", ""),
            claimant_phone=d.get("claimant_phone", ""),
            respondents=tuple(Respondent(r["name"], tuple(r.get("numbers", ()))) for r in d.get("respondents", [])),
            purpose=d.get("purpose", "consumer_association"),
            language=d.get("language", "zh-Hans"),
            created_at=d.get("created_at", ""),
        )

    def _write_meta(self, meta: CaseMeta) -> None:
        self.index.conn.execute(
            "INSERT INTO case_meta(key, value) VALUES ('meta', ?) "
            "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
            (json.dumps(_meta_dict(meta), ensure_ascii=False),),
        )

    def update_meta(self, **fields: Any) -> CaseMeta:
        """Change case metadata (title, claimant, respondents, purpose, language); logged."""
        old = self.meta
        if "respondents" in fields:
            fields["respondents"] = tuple(
                r if isinstance(r, Respondent) else Respondent(str(r)) for r in fields["respondents"]
            )
        new = replace(old, **fields)
        with self.index.atomic():
            self._write_meta(new)
            self._log("case_updated", details={"meta": _meta_dict(new)})
        self._sync_log_file()
        return new

    def setting(self, key: str, default: Any = None) -> Any:
        row = self.index.conn.execute("SELECT value FROM settings WHERE key = ?", (key,)).fetchone()
        return json.loads(row[0]) if row else default

    def set_setting(self, key: str, value: Any) -> None:
        with self.index.atomic() as conn:
            conn.execute(
                "INSERT INTO settings(key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                (key, json.dumps(value, ensure_ascii=False)),
            )

    # ---------------------------------------------------------------- items

    def items(self, *, include_withdrawn: bool = False) -> list[Item]:
        """The items in exhibit order."""
        where = "" if include_withdrawn else "WHERE withdrawn = 0"
        rows = self.index.conn.execute(f"SELECT {_ITEM_COLUMNS} FROM items {where} ORDER BY position, id")
        return [_item(r) for r in rows]

    def item(self, item_id: int) -> Item:
        """Raises: VaultError when there is no such item."""
        row = self.index.conn.execute(f"SELECT {_ITEM_COLUMNS} FROM items WHERE id = ?", (item_id,)).fetchone()
        if row is None:
            raise VaultError(f"no item {item_id} in this case")
        return _item(row)

    def count(self, *, include_withdrawn: bool = False) -> int:
        where = "" if include_withdrawn else "WHERE withdrawn = 0"
        return int(self.index.conn.execute(f"SELECT count(*) FROM items {where}").fetchone()[0])

    def exhibits(self) -> list[tuple[str, Item]]:
        """Exhibit numbers for the items that are not withdrawn, in bundle order: "3", or "2-1",
        "2-2" for a group, whose members follow each other where the group's first member is."""
        slots: list[list[Item]] = []
        groups: dict[str, list[Item]] = {}
        for it in self.items():
            if not it.group_name:
                slots.append([it])
            elif it.group_name in groups:
                groups[it.group_name].append(it)
            else:
                groups[it.group_name] = [it]
                slots.append(groups[it.group_name])
        out: list[tuple[str, Item]] = []
        for n, members in enumerate(slots, 1):
            if members[0].group_name:
                out += [(f"{n}-{k}", it) for k, it in enumerate(members, 1)]
            else:
                out.append((str(n), members[0]))
        return out

    def original_path(self, item: Item | str) -> Path:
        """Where the original bytes of ``item`` (or of a SHA-256) are kept. Never write there."""
        sha = item if isinstance(item, str) else item.sha256
        return self.path / "objects" / sha[:2] / sha

    def derived_dir(self, item_id: int) -> Path:
        """A folder for data derived from the item (rebuildable; created on demand)."""
        d = self.path / "derived" / str(item_id)
        d.mkdir(parents=True, exist_ok=True)
        return d

    # ---------------------------------------------------------------- import

    def import_paths(
        self,
        paths: Iterable[str | bytes | os.PathLike[str]],
        *,
        progress: Progress = no_progress,
        cancel: CancelToken | None = None,
    ) -> Iterator[ImportOutcome]:
        """Import files and folders (recursively), yielding one outcome per file.

        One bad file never stops the batch: it is reported as ``rejected`` with the reason.
        """
        if self.readonly:
            raise VaultError("the case is open read-only")
        batch = uuid.uuid4().hex[:16]
        files = list(_expand(paths))
        total = len(files)
        for done, (raw, problem) in enumerate(files):
            if cancel is not None:
                cancel.raise_if_cancelled()
            shown = display_path(raw)
            progress(Step(done, total, shown))
            if problem:
                yield self._reject(raw, problem)
                continue
            try:
                yield self._import_one(raw, batch)
            except ImportRejected as e:
                yield self._reject(raw, e.msg)
        progress(Step(total, total, ""))

    def _reject(self, raw: str | bytes, reason: str) -> ImportOutcome:
        shown = display_path(raw)
        log.info("rejected %s: %s", shown, reason)
        try:
            self.record("import_rejected", details={"path": shown, "reason": reason})
        except OSError as e:  # a full disk must not turn one rejection into a crash
            log.warning("could not log the rejection of %s: %s", shown, e)
        return ImportOutcome(shown, "rejected", reason=reason)

    def _import_one(self, raw: str | bytes, batch: str) -> ImportOutcome:
        shown = display_path(raw)
        fpath = os.fsencode(raw)
        try:
            fd = os.open(fpath, os.O_RDONLY | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_NONBLOCK", 0))
        except OSError as e:
            raise ImportRejected(_os_reason(e)) from e
        tmp_path: Path | None = None
        try:
            st = os.fstat(fd)
            if not stat.S_ISREG(st.st_mode):
                raise ImportRejected("not a regular file (device, pipe or socket)")
            if st.st_size == 0:
                raise ImportRejected("the file is empty (0 bytes)")
            with os.fdopen(fd, "rb", closefd=False) as src:
                head = src.read(64)
                kind = sniff(head)
                if kind is None:
                    raise ImportRejected(
                        "unsupported type: not an image, recording, video, PDF or text file"
                    )
                src.seek(0)
                tmp_path = self.path / "tmp" / f"{uuid.uuid4().hex}.part"
                digest, size = self._copy_hashing(src, tmp_path)
            after = os.fstat(fd)
            try:
                now_st = os.stat(fpath)
            except OSError:
                now_st = after
            if (
                size != st.st_size
                or after.st_size != st.st_size
                or after.st_mtime_ns != st.st_mtime_ns
                or now_st.st_ino != st.st_ino
            ):
                raise ImportRejected("the file changed while it was being read; try again when it is complete")
            existing = self.index.conn.execute(
                "SELECT id FROM items WHERE sha256 = ?", (digest.sha256,)
            ).fetchone()
            if existing is not None:
                self.record(
                    "duplicate_seen",
                    item_id=existing[0],
                    sha256=digest.sha256,
                    details={"path": shown, "original_name": os.path.basename(shown)},
                )
                return ImportOutcome(shown, "duplicate", existing[0], digest.sha256, "same bytes as an item already in the case")
            try:
                pr = probe(tmp_path, kind.kind)
            except Unsupported as e:
                raise ImportRejected(str(e)) from e
            os.chmod(tmp_path, 0o444)
            dest = self.original_path(digest.sha256)
            dest.parent.mkdir(exist_ok=True)
            os.replace(tmp_path, dest)
            tmp_path = None
            _fsync_dir(dest.parent)
            now = self.clock()
            abs_path = os.path.abspath(fpath)
            name_bytes = os.path.basename(fpath)
            mtime = utc_iso(_from_ts(st.st_mtime))
            with self.index.atomic() as conn:
                pos = conn.execute("SELECT coalesce(max(position), 0) + 1 FROM items").fetchone()[0]
                cur = conn.execute(
                    "INSERT INTO items(sha256, sm3, size, kind, mime, original_name, original_path, "
                    "original_path_raw, file_mtime, exif_time, imported_at, import_offset, host, user, "
                    "position, duration_s, width, height, batch) "
                    "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                    (
                        digest.sha256,
                        digest.sm3,
                        size,
                        kind.kind,
                        kind.mime,
                        display_path(name_bytes),
                        display_path(abs_path),
                        abs_path,
                        mtime,
                        pr.exif_time,
                        utc_iso(now),
                        offset_str(now),
                        self.host,
                        self.user,
                        pos,
                        pr.duration_s,
                        pr.width,
                        pr.height,
                        batch,
                    ),
                )
                item_id = int(cur.lastrowid or 0)
                self._index_text(item_id, "notes", display_path(name_bytes))
                self._log(
                    "item_imported",
                    item_id=item_id,
                    sha256=digest.sha256,
                    details={
                        "sm3": digest.sm3,
                        "size": size,
                        "kind": kind.kind,
                        "mime": kind.mime,
                        "original_name": display_path(name_bytes),
                        "original_path": display_path(abs_path),
                        "file_mtime": mtime,
                        "exif_time": pr.exif_time,
                        "import_offset": offset_str(now),
                        "host": self.host,
                        "user": self.user,
                        "batch": batch,
                        "position": pos,
                    },
                )
            self._sync_log_file()
            return ImportOutcome(shown, "imported", item_id, digest.sha256)
        except OSError as e:
            raise ImportRejected(_os_reason(e)) from e
        finally:
            os.close(fd)
            if tmp_path is not None:
                _force_remove(tmp_path)

    def _copy_hashing(self, src: Any, tmp_path: Path) -> tuple[Any, int]:
        """Copy ``src`` to ``tmp_path`` (fsynced) while computing both digests in one read;
        the writer runs in a thread of its own (see ``durable.StoreWriter``)."""
        size_hint = os.fstat(src.fileno()).st_size
        writer = StoreWriter(tmp_path, direct=size_hint >= _DIRECT_FROM)
        try:
            digest, size = digest_chunks(read_chunks(src), sink=writer.write)
        except BaseException:
            writer.abort()
            raise
        writer.close()
        return digest, size

    # ---------------------------------------------------------------- OCR results

    def store_ocr(self, item_id: int, result: dict[str, Any], *, cache_key: str) -> None:
        """Keep an OCR reading of an item (derived data: rebuildable), index its text for search,
        and log the run with the engine, its version and language data."""
        it = self.item(item_id)
        now = utc_iso(self.clock())
        engine = result.get("engine", {})
        with self.index.atomic() as conn:
            conn.execute(
                "INSERT INTO ocr(item_id, cache_key, result_json, created_at, error) VALUES (?, ?, ?, ?, '') "
                "ON CONFLICT(item_id) DO UPDATE SET cache_key = excluded.cache_key, "
                "result_json = excluded.result_json, created_at = excluded.created_at, error = ''",
                (item_id, cache_key, json.dumps(result, ensure_ascii=False), now),
            )
            self._index_text(item_id, "ocr", _ocr_text(result, self.corrections(item_id)))
            self._log(
                "ocr_run",
                item_id=item_id,
                sha256=it.sha256,
                details={
                    "engine": engine.get("name"),
                    "version": engine.get("version"),
                    "languages": engine.get("languages"),
                    "script": result.get("script"),
                    "messages": len(result.get("messages", [])),
                    "cache_key": cache_key,
                },
            )
        self._sync_log_file()

    def store_ocr_error(self, item_id: int, error: str) -> None:
        """Remember that an item could not be read (shown to the user; retried on demand)."""
        now = utc_iso(self.clock())
        with self.index.atomic() as conn:
            conn.execute(
                "INSERT INTO ocr(item_id, cache_key, result_json, created_at, error) VALUES (?, '', '{}', ?, ?) "
                "ON CONFLICT(item_id) DO UPDATE SET error = excluded.error, created_at = excluded.created_at",
                (item_id, now, error),
            )

    def ocr_state(self, item_id: int) -> str:
        """``done``, ``failed`` or ``none``."""
        row = self.index.conn.execute("SELECT error, result_json FROM ocr WHERE item_id = ?", (item_id,)).fetchone()
        if row is None:
            return "none"
        return "failed" if row["error"] and row["result_json"] == "{}" else "done"

    def ocr_states(self) -> dict[int, str]:
        """The OCR state of every item that has one (for tables of thousands of items)."""
        return {
            r[0]: ("failed" if r[1] and r[2] == "{}" else "done")
            for r in self.index.conn.execute("SELECT item_id, error, result_json FROM ocr")
        }

    def ocr_json(self, item_id: int) -> dict[str, Any] | None:
        row = self.index.conn.execute("SELECT result_json FROM ocr WHERE item_id = ?", (item_id,)).fetchone()
        if row is None or row[0] == "{}":
            return None
        return dict(json.loads(row[0]))

    def ocr_result(self, item_id: int) -> Any:
        """The original OCR reading of an item as an ``OcrResult`` (corrections not applied),
        or None when the item has not been read."""
        d = self.ocr_json(item_id)
        if d is None:
            return None
        from evidencekit.core.ocr.pipeline import result_from_json

        return result_from_json(d)

    def corrections(self, item_id: int) -> dict[int, str]:
        """The user's latest correction of each message of an item: message index → text."""
        rows = self.index.conn.execute(
            "SELECT message_index, corrected_text FROM corrections WHERE item_id = ? ORDER BY id", (item_id,)
        )
        return {r[0]: r[1] for r in rows}

    def correct_message(self, item_id: int, message_index: int, text: str) -> None:
        """Correct the OCR text of one message. The OCR output is kept beside the correction and
        the change is a custody entry (old and new text).

        Raises:
            VaultError: the item has no OCR reading or no such message.
        """
        it = self.item(item_id)
        result = self.ocr_json(item_id)
        if result is None:
            raise VaultError(f"item {item_id} has not been read yet; nothing to correct")
        messages = result.get("messages", [])
        if not 0 <= message_index < len(messages):
            raise VaultError(f"item {item_id} has no message {message_index + 1}")
        original = messages[message_index]["text"]
        before = self.corrections(item_id).get(message_index, original)
        if before == text:
            return
        with self.index.atomic() as conn:
            conn.execute(
                "INSERT INTO corrections(item_id, message_index, original_text, corrected_text, corrected_at, actor) "
                "VALUES (?, ?, ?, ?, ?, ?)",
                (item_id, message_index, original, text, utc_iso(self.clock()), self.actor),
            )
            self._index_text(item_id, "ocr", _ocr_text(result, self.corrections(item_id)))
            self._log(
                "text_corrected",
                item_id=item_id,
                sha256=it.sha256,
                details={"message": message_index, "ocr_text": original, "old": before, "new": text},
            )
        self._sync_log_file()

    def message_texts(self, item_id: int) -> list[str]:
        """The text of each message, corrections applied."""
        result = self.ocr_json(item_id) or {}
        fixes = self.corrections(item_id)
        return [fixes.get(i, m["text"]) for i, m in enumerate(result.get("messages", []))]

    # ---------------------------------------------------------------- search

    def _index_text(self, item_id: int, field: str, text: str) -> None:
        from evidencekit.core.search import index_item_text, remove_item_text

        remove_item_text(self.index.conn, item_id, field)
        if text.strip():
            index_item_text(self.index.conn, item_id, field, text)

    def _index_annotations(self, item_id: int) -> None:
        it = self.item(item_id)
        text = "\n".join(
            x for x in (it.title, it.proves, it.source, it.extraction_note, " ".join(it.tags), it.original_name) if x
        )
        self._index_text(item_id, "notes", text)

    def search(self, query: str, *, limit: int = 200) -> list[Any]:
        """Full-text search over OCR text, corrections and annotations; matches Simplified and
        Traditional alike. Returns ``SearchHit`` values, best first."""
        from evidencekit.core.search import search

        return list(search(self.index.conn, query, limit=limit))

    # ---------------------------------------------------------------- editing

    def update_item(self, item_id: int, **fields: Any) -> Item:
        """Change what the user says about an item (title, proves, source, event_time, tags,
        extraction_note, group_name); every change is a custody entry with old and new values.

        Raises:
            VaultError: unknown field or item.
        """
        bad = set(fields) - set(EDITABLE_FIELDS)
        if bad:
            raise VaultError(f"cannot edit {', '.join(sorted(bad))}")
        old = self.item(item_id)
        changes: dict[str, Any] = {}
        for k, v in fields.items():
            if k == "tags":
                v = tuple(str(t) for t in v)
            if getattr(old, k) != v:
                changes[k] = {"old": _jsonable(getattr(old, k)), "new": _jsonable(v)}
        if not changes:
            return old
        with self.index.atomic() as conn:
            for k, c in changes.items():
                value = json.dumps(c["new"], ensure_ascii=False) if k == "tags" else c["new"]
                conn.execute(f"UPDATE items SET {k} = ? WHERE id = ?", (value, item_id))  # k is whitelisted
            self._log("annotation_changed", item_id=item_id, sha256=old.sha256, details={"changes": changes})
            self._index_annotations(item_id)
        self._sync_log_file()
        return self.item(item_id)

    def move_item(self, item_id: int, new_index: int) -> None:
        """Move an item to ``new_index`` (0-based, among all items, withdrawn ones included) in
        the exhibit order; logged as the move, which verification replays."""
        rows = self.index.conn.execute("SELECT id, position FROM items ORDER BY position, id").fetchall()
        order = [r[0] for r in rows]
        if item_id not in order:
            raise VaultError(f"no item {item_id} in this case")
        old_index = order.index(item_id)
        order.remove(item_id)
        new_index = max(0, min(new_index, len(order)))
        order.insert(new_index, item_id)
        if new_index == old_index:
            return
        current = {r[0]: r[1] for r in rows}
        changed = [(i + 1, iid) for i, iid in enumerate(order) if current[iid] != i + 1]
        with self.index.atomic() as conn:
            conn.executemany("UPDATE items SET position = ? WHERE id = ?", changed)
            self._log("annotation_changed", item_id=item_id, details={"moved_from": old_index, "moved_to": new_index})
        self._sync_log_file()

    def withdraw(self, item_id: int, reason: str = "") -> Item:
        """Hide an item from exports; its original is kept. Logged."""
        it = self.item(item_id)
        with self.index.atomic() as conn:
            conn.execute("UPDATE items SET withdrawn = 1, withdrawn_reason = ? WHERE id = ?", (reason, item_id))
            self._log("item_withdrawn", item_id=item_id, sha256=it.sha256, details={"reason": reason})
        self._sync_log_file()
        return self.item(item_id)

    def restore(self, item_id: int) -> Item:
        it = self.item(item_id)
        with self.index.atomic() as conn:
            conn.execute("UPDATE items SET withdrawn = 0, withdrawn_reason = '' WHERE id = ?", (item_id,))
            self._log("item_restored", item_id=item_id, sha256=it.sha256)
        self._sync_log_file()
        return self.item(item_id)

    def purge(self, item_id: int, *, confirm: str, reason: str = "") -> None:
        """Delete an item and its original for good. ``confirm`` must be the first 12 characters
        of the item's SHA-256: a purge is never an accident. Logged.

        Raises:
            VaultError: the confirmation does not match.
        """
        it = self.item(item_id)
        if confirm != it.short_digest:
            raise VaultError(f"to purge item {item_id}, confirm with its digest {it.short_digest}")
        with self.index.atomic() as conn:
            conn.execute("DELETE FROM items WHERE id = ?", (item_id,))
            self._log(
                "item_purged",
                item_id=item_id,
                sha256=it.sha256,
                details={"original_name": it.original_name, "reason": reason},
            )
        self._sync_log_file()
        _force_remove(self.original_path(it))
        shutil.rmtree(self.path / "derived" / str(item_id), ignore_errors=True)


# -------------------------------------------------------------------- helpers


def _lock(p: Path) -> int:
    fd = os.open(p / LOCK_FILE, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError as e:
        os.close(fd)
        raise CaseLockedError(
            f"the case {display_path(str(p))} is open in another EvidenceKit window or process; "
            "close it there first"
        ) from e
    return fd


def _readonly_uri(p: Path) -> Any:
    import sqlite3

    from urllib.parse import quote

    # mode=ro: reading never changes the case (verification must not repair what it checks).
    return sqlite3.connect(f"file:{quote(str(p))}?mode=ro", uri=True, isolation_level=None, check_same_thread=False)


def _meta_dict(meta: CaseMeta) -> dict[str, Any]:
    d = asdict(meta)
    d["respondents"] = [{"name": r.name, "numbers": list(r.numbers)} for r in meta.respondents]
    return d


def _item(r: Any) -> Item:
    return Item(
        id=r["id"],
        sha256=r["sha256"],
        sm3=r["sm3"],
        size=r["size"],
        kind=r["kind"],
        mime=r["mime"],
        original_name=r["original_name"],
        original_path=r["original_path"],
        file_mtime=r["file_mtime"],
        exif_time=r["exif_time"],
        imported_at=r["imported_at"],
        import_offset=r["import_offset"],
        host=r["host"],
        user=r["user"],
        extraction_note=r["extraction_note"],
        title=r["title"],
        proves=r["proves"],
        source=r["source"],
        event_time=r["event_time"],
        tags=tuple(json.loads(r["tags"] or "[]")),
        group_name=r["group_name"],
        position=r["position"],
        withdrawn=bool(r["withdrawn"]),
        withdrawn_reason=r["withdrawn_reason"],
        duration_s=r["duration_s"],
        width=r["width"],
        height=r["height"],
    )


def _ocr_text(result: dict[str, Any], fixes: dict[int, str]) -> str:
    """What search sees of a reading: sender, then each message (corrected where corrected)."""
    parts = [result.get("sender") or ""]
    parts += [fixes.get(i, m.get("text", "")) for i, m in enumerate(result.get("messages", []))]
    return "\n".join(p for p in parts if p)


def _jsonable(v: Any) -> Any:
    return list(v) if isinstance(v, tuple) else v


def _expand(paths: Iterable[str | bytes | os.PathLike[str]]) -> Iterator[tuple[str | bytes, str]]:
    """Files to import, folders walked; yields (path, problem) where problem is '' when fine.

    Paths stay bytes so names that are not valid UTF-8 survive. Links to folders are not
    followed inside a walk (that is how loops are avoided); a link given by name is followed.
    """
    seen_dirs: set[tuple[int, int]] = set()
    for p in paths:
        raw = os.fsencode(p)
        try:
            st = os.stat(raw)
        except OSError as e:
            if os.path.islink(raw):
                yield raw, "broken or looping symbolic link"
            else:
                yield raw, _os_reason(e)
            continue
        if stat.S_ISDIR(st.st_mode):
            yield from _walk(raw, seen_dirs)
        else:
            yield raw, ""


def _walk(top: bytes, seen: set[tuple[int, int]]) -> Iterator[tuple[bytes, str]]:
    try:
        st = os.stat(top)
    except OSError as e:
        yield top, _os_reason(e)
        return
    key = (st.st_dev, st.st_ino)
    if key in seen:
        return
    seen.add(key)
    try:
        with os.scandir(top) as it:
            entries = sorted(it, key=lambda e: e.name)
    except OSError as e:
        yield top, f"folder cannot be read: {_os_reason(e)}"
        return
    for entry in entries:
        if entry.name in (b".DS_Store", b".git"):
            continue
        try:
            if entry.is_symlink():
                if entry.is_dir():
                    yield entry.path, "link to a folder: not followed (it could loop)"
                    continue
                if not entry.is_file():
                    yield entry.path, "broken or looping symbolic link"
                    continue
                yield entry.path, ""
            elif entry.is_dir(follow_symlinks=False):
                yield from _walk(entry.path, seen)
            else:
                yield entry.path, ""
        except OSError as err:
            yield entry.path, _os_reason(err)


def _os_reason(e: OSError) -> str:
    if e.errno == errno.ENOSPC:
        return "the disk is full: nothing was imported from this file; free some space and try again"
    if e.errno in (errno.EACCES, errno.EPERM):
        return "permission denied: the file cannot be read"
    if e.errno == errno.ENOENT:
        return "no such file or folder"
    if e.errno == errno.ELOOP:
        return "symbolic link loop"
    if e.errno == errno.EISDIR:
        return "is a folder"
    return f"cannot read the file: {e.strerror or e}"


def _force_remove(p: Path) -> None:
    try:
        if p.is_dir() and not p.is_symlink():
            shutil.rmtree(p, ignore_errors=True)
        else:
            os.chmod(p, 0o600)
            p.unlink()
    except FileNotFoundError:
        pass


def _fsync_dir(d: Path) -> None:
    fd = os.open(d, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _write_json_atomic(p: Path, data: Any) -> None:
    tmp = p.with_name(p.name + ".tmp")
    with open(tmp, "w", encoding="utf-8") as f:
        json.dump(data, f)
        f.flush()
        os.fsync(f.fileno())
    os.replace(tmp, p)
    _fsync_dir(p.parent)


def _from_ts(ts: float) -> Any:
    import datetime as dt

    return dt.datetime.fromtimestamp(ts, tz=dt.timezone.utc)


__all__ = ["Case", "display_path", "is_case"]
