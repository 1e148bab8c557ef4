"""A case: one self-contained folder the user can copy to a USB stick (layout in ``folder.py``).

:class:`Case` is the vault's facade: the app, the CLI and the rest of the core reach a case through
it (and the custody vocabulary through ``actions``). The work is done by the modules beside it:
``folder`` (layout, marker, lock), ``store`` (originals), ``importer``, ``writer`` (the custody
log), ``edits`` and ``texts`` (changes), and ``tables`` (one class per table, each owning its SQL).
"""

from __future__ import annotations

import dataclasses
import logging
import os
import sys
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import AbstractContextManager, contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Unpack

from cryptography import x509

from evidencekit.core.clock import Clock, system_clock
from evidencekit.core.integrity import identity as ident
from evidencekit.core.models import CaseMeta, Corrections, Exhibit, ImportOutcome, Item, JsonValue, LogEntry, OcrResult, OcrState, OcrSummary
from evidencekit.core.progress import CancelToken, Progress, no_progress
from evidencekit.core.search import SearchHit
from evidencekit.core.vault import actions, edits, exports, folder, importer, ocr_runner, recovery, texts
from evidencekit.core.vault.context import VaultContext
from evidencekit.core.vault.exhibits import number_exhibits
from evidencekit.core.vault.exports import ExportJob
from evidencekit.core.vault.folder import INDEX_FILE, LOG_FILE, LockHolder, display_path, is_case, room_for_a_case
from evidencekit.core.vault.index import Index, reads_index
from evidencekit.core.vault.tables.media import MediaDigests
from evidencekit.core.vault.keys import Keys
from evidencekit.core.vault.media import MediaAccess
from evidencekit.core.vault.store import ObjectStore
from evidencekit.core.vault.tables import EDITABLE_FIELDS, Tables
from evidencekit.core.vault.tables.corrections import SENDER_INDEX
from evidencekit.core.vault.tables.ocr import StoredReading
from evidencekit.core.vault.writer import CustodyWriter
from evidencekit.errors import VaultError

log = logging.getLogger(__name__)

if TYPE_CHECKING:
    from evidencekit.core.ocr.engine import OcrEngine  # PIL: loaded when reading starts


def _program() -> str:
    return Path(sys.argv[0]).name if sys.argv and sys.argv[0] else "EvidenceKit"


class Case:
    """An open case folder. Use :meth:`create` or :meth:`open`; close when done.

    ``index`` is for tests and benchmarks; nothing outside the vault runs SQL on it.
    """

    def __init__(self, path: Path, index: Index, *, clock: Clock, readonly: bool, passphrase: str | None,
                 lock_fd: int | None) -> None:
        self.path, self.index, self.readonly, self._lock_fd = path, index, readonly, lock_fd
        self.recovered: list[str] = []  # what the open repaired, in words
        host, user = folder.host_and_user()
        tables = Tables.on(index.conn)
        self._keys = Keys(path / "keys", passphrase, custody=lambda: writer)
        writer = CustodyWriter(index, path, clock=clock, actor=f"{user}@{host}", identity=self._keys.identity,
                               readonly=readonly)
        self._v = VaultContext(path, index, tables, ObjectStore(path), writer, clock, host, user, readonly)

    @classmethod
    def create(cls, path: str | os.PathLike[str], meta: CaseMeta, *, clock: Clock = system_clock,
               passphrase: str | None = None, program: str = "") -> Case:
        """Create a new case folder (empty or absent) and its signing identity.

        Raises:
            CaseExistsError: the folder is already a case, or is not empty.
            VaultError: the folder cannot be written.
        """
        p = Path(path)
        folder.make_folder(p)
        lock_fd = folder.lock(p, program=program or _program())
        case = cls(p, Index.open(p / INDEX_FILE, readonly=False), clock=clock, readonly=False,
                   passphrase=passphrase, lock_fd=lock_fd)
        edits.start_case(case._v, case._keys, meta)
        case._refresh_labels()  # nothing to read yet: remembers the reader
        folder.write_marker(p)  # last: a folder without it is not (yet) a case
        return case

    @classmethod
    def open(cls, path: str | os.PathLike[str], *, clock: Clock = system_clock, readonly: bool = False,
             passphrase: str | None = None, wait: float = 0.0, on_wait: Callable[[LockHolder], None] | None = None,
             program: str = "") -> Case:
        """Open a case. A writable open takes the case's lock and repairs what a crash left.

        A read-only open takes no lock and writes nothing into the case folder.

        Args:
            path: the case folder.
            clock: the time of the entries this process logs.
            readonly: read only (no lock, no repair, every write refused).
            passphrase: unlocks a protected signing key.
            wait: seconds to wait when another process has the case open for writing
                (``math.inf``: until it closes it; 0: fail at once).
            on_wait: called once with who has the case (:class:`LockHolder`) when waiting starts,
                so that a UI can say what it waits for.
            program: what this process is, for whoever waits for it ("evidencekit import").

        Raises:
            NotACaseError: ``path`` is not a case folder.
            CaseLockedError: another EvidenceKit process has the case open for writing (after
                ``wait``); its ``holder`` is a :class:`LockHolder`.
            VaultError: a newer version made the case, or its index cannot be read.
        """
        p = Path(path)
        folder.check_marker(p)
        lock_fd = None if readonly else folder.lock(p, wait=wait, on_wait=on_wait, program=program or _program())
        index: Index | None = None
        try:
            index = Index.open(p / INDEX_FILE, readonly=readonly)
            case = cls(p, index, clock=clock, readonly=readonly, passphrase=passphrase, lock_fd=lock_fd)
            if not readonly:
                case.recovered = recovery.recover(case._v)
                case._refresh_labels()
        except BaseException:
            if index is not None:
                index.close()
            if lock_fd is not None:
                folder.unlock(lock_fd)
            raise
        return case

    def _refresh_labels(self) -> None:
        """Labels an older reader stored are read again by this one, as the bundle reads them. They
        are derived data: a failure leaves them as they were and never stops the case opening."""
        try:
            with self.index.atomic():
                texts.refresh_labels(self._v)
        except Exception:  # noqa: BLE001 - the case opens whatever the classifier does
            log.exception("case %s: stored labels not read again", self.path)

    @staticmethod
    def holder(path: str | os.PathLike[str]) -> LockHolder | None:
        """Who has the case open for writing (None: nobody), without waiting or writing."""
        return folder.lock_holder(Path(path))

    def close(self) -> None:
        self.index.close()
        if self._lock_fd is not None:
            folder.unlock(self._lock_fd)
            self._lock_fd = None

    @contextmanager
    def snapshot(self) -> Iterator[None]:
        """Every read of the index inside sees it as it was at the first one (one read
        transaction), whatever another process commits meanwhile: what verification reads."""
        with self.index.reading():
            yield

    def has_key(self) -> bool:
        """Whether the signing key is in ``keys/`` (nothing can be added to the case without it)."""
        return self._keys.key_present()

    def key_matches_certificate(self) -> bool | None:
        """Whether the signing key is the private half of the certificate (None: no key, no
        certificate, or a key behind a passphrase: it cannot be told without unlocking it)."""
        return self._keys.key_matches()

    def __enter__(self) -> Case:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # ---------------------------------------------------------------- identity and custody log

    @property
    def log_path(self) -> Path:
        return self.path / LOG_FILE

    def certificate(self) -> x509.Certificate | None:
        return self._keys.certificate()

    def identity(self, passphrase: str | None = None) -> ident.SigningIdentity:
        """The case's signing identity (loaded on first use; never created: see ``keys``).

        Raises:
            SigningError: the key is missing, or it is passphrase-protected and the passphrase is
                missing or wrong.
        """
        return self._keys.identity(passphrase)

    def import_identity(self, p12: bytes, password: str | None) -> ident.SigningIdentity:
        """Sign with the identity in a PKCS#12 file from now on; logged."""
        return self._keys.import_pkcs12(p12, password)

    def record(self, what: actions.Details | str, *, item_id: int | None = None, sha256: str | None = None,
               details: Mapping[str, object] | None = None) -> LogEntry:
        """Add one custody entry in its own transaction (for actions outside the vault: export,
        verification): a details value, or an action's name and a dict (:func:`actions.details_for`).

        Raises:
            VaultError: the case is read-only, or ``what`` names no action.
        """
        if isinstance(what, str):
            what = actions.details_for(what, details or {})
        return self._v.custody.record(what, item_id=item_id, sha256=sha256)

    @reads_index
    def log_entries(self, item_id: int | None = None) -> list[LogEntry]:
        """Custody entries (from the index), all or those of one item."""
        return self._v.custody.entries(item_id)

    @reads_index
    def custody_lines(self) -> list[str]:
        """The index's copy of the custody log, line by line (verification compares the file)."""
        return self._v.custody.table.lines()

    # ---------------------------------------------------------------- bundles

    def export_workdir(self, parent: Path) -> AbstractContextManager[ExportJob]:
        """A work folder in ``parent`` (where the bundle goes) to build an export in, journaled in
        the case so that a killed export is cleaned up (or finished) and logged at the next
        writable open; removed on the way out. Yields the job (``job.work`` is the folder).

        Raises:
            VaultError: the case is read-only.
            OSError: the folder cannot be made.
        """
        return exports.workdir(self._v, Path(parent))

    def place_export(self, job: ExportJob, moves: list[tuple[Path, Path]], made: actions.ExportMade) -> LogEntry:
        """Move an export's finished files from its work folder to their names and log ``made``,
        as one step a crash cannot leave half done (see ``vault.exports``).

        Raises:
            OSError: a file could not be moved (nothing is left half placed).
        """
        return exports.place(self._v, job, moves, made)

    # ---------------------------------------------------------------- the case's description

    @property
    def meta(self) -> CaseMeta:
        return self._v.tables.meta.get()

    def update_meta(self, **fields: Unpack[edits.MetaFields]) -> CaseMeta:
        """Change the case's title, claimant, respondents, purpose or language; logged. A new
        claimant's name (or other names) reads every screenshot's stored labels again, in the same
        transaction."""
        return edits.update_meta(self._v, fields)

    def setting(self, key: str, default: JsonValue = None) -> JsonValue:
        return self._v.tables.settings.get(key, default)

    def set_setting(self, key: str, value: JsonValue, *, logged: actions.Details | None = None) -> None:
        """Store a setting; with ``logged``, its custody entry in the same transaction (a crash
        leaves both or neither)."""
        with self.index.atomic():
            self._v.tables.settings.put(key, value)
            if logged is not None:
                self._v.custody.append(logged)
        if logged is not None:
            self._v.custody.sync()

    # ---------------------------------------------------------------- items

    @reads_index
    def items(self, *, include_withdrawn: bool = False, limit: int | None = None) -> list[Item]:
        """The items in exhibit order (the first ``limit`` when given)."""
        return self._v.tables.items.all(include_withdrawn=include_withdrawn, limit=limit)

    def item(self, item_id: int) -> Item:
        """Raises: VaultError when there is no such item."""
        return self._v.item(item_id)

    def count(self, *, include_withdrawn: bool = False) -> int:
        return self._v.tables.items.count(include_withdrawn=include_withdrawn)

    def exhibits(self, items: Sequence[Item] | None = None) -> list[tuple[str, Item]]:
        """Exhibit numbers ("3", "2-1") for the items that are not withdrawn, in bundle order: of
        ``items`` (already read, in exhibit order) or of the whole case."""
        return number_exhibits(self.items() if items is None else items)

    def exhibits_with_text(self) -> list[Exhibit]:
        """Every exhibit with its reading, the user's corrections applied (the chronology's and
        the bundle's input)."""
        media = self.media.all()
        return [Exhibit(no, it, *texts.reading(self._v, it.id, corrected=True), media=media.get(it.id))
                for no, it in self.exhibits()]

    @property
    def media(self) -> MediaAccess:
        """What was read out of recordings, videos, exports, emails and documents, and the
        transcripts of recordings (see ``vault/media.py``)."""
        return MediaAccess(self._v)

    def original_path(self, item: Item | str) -> Path:
        """Where the original bytes of ``item`` (or of a SHA-256) are kept. Never write there."""
        return self._v.store.path_of(item if isinstance(item, str) else item.sha256)

    def derived_dir(self, item_id: int) -> Path:
        """A folder for data derived from the item (rebuildable; created on demand)."""
        return self._v.store.derived_dir(item_id)

    def leftovers(self) -> list[str]:
        """Files an interrupted import left (no evidence; removed at the next writable open)."""
        return [p.relative_to(self.path).as_posix() for p in self._v.store.leftovers(self._v.tables.items.digests())]

    def import_paths(self, paths: Iterable[importer.PathArg], *, progress: Progress = no_progress,
                     cancel: CancelToken | None = None, follow_links: bool = False) -> Iterator[ImportOutcome]:
        """Import files and folders (recursively), yielding one outcome per file. One bad file
        never stops the batch: it is reported as ``rejected`` with the reason. Inside a folder, a
        symbolic link leading outside it is rejected (with where it leads) unless ``follow_links``:
        the user confirmed it."""
        return importer.import_paths(self._v, paths, progress=progress, cancel=cancel, follow_links=follow_links)

    # ---------------------------------------------------------------- text read from screenshots

    def ocr(self, item_ids: Iterable[int] | None = None, *, engine: OcrEngine | None = None, workers: int = 2,
            force: bool = False, progress: Progress = no_progress,
            cancel: CancelToken | None = None) -> Iterator[ocr_runner.ItemOcr]:
        """Read the screenshots among ``item_ids`` (all unread ones by default), and the scanned
        pages of the PDF documents among them; see ``ocr_runner``.

        Raises:
            MissingDependencyError: the OCR engine is missing (nothing was changed).
        """
        return ocr_runner.ocr_case_items(self, item_ids, engine=engine, workers=workers, force=force,
                                         progress=progress, cancel=cancel)

    def store_ocr(self, item_id: int, result: OcrResult, *, cache_key: str, cache_sha256: str = "") -> None:
        """Keep an OCR reading of an item (derived data), index its text for search, log the run
        with the reading's digest (and the digest of the cache file it came from, if any)."""
        texts.store_ocr(self._v, item_id, result, cache_key=cache_key, cache_sha256=cache_sha256)

    def distrust_cache(self, files: Sequence[Path]) -> list[str]:
        """Remove those of ``files`` (OCR cache files about to be used) whose SHA-256 no
        ``ocr_run`` entry logged under their cache key; logged as a recovery. Returns them."""
        return texts.distrust_cache(self._v, files)

    def store_ocr_error(self, item_id: int, error: str) -> None:
        """Remember that an item could not be read (shown to the user; retried on demand)."""
        texts.store_ocr_error(self._v, item_id, error)

    @reads_index
    def unread_items(self) -> list[int]:
        """The screenshots never read (no reading, no failed attempt), in exhibit order, withdrawn
        ones too: what an interrupted import or reading left, for a later run to read."""
        read = self._v.tables.ocr.item_ids()
        return [it.id for it in self._v.tables.items.all(include_withdrawn=True)
                if it.kind == "image" and it.id not in read]

    def ocr_state(self, item_id: int) -> OcrState:
        return self._v.tables.ocr.state(item_id)

    def ocr_summaries(self, ids: Sequence[int] | None = None) -> dict[int, OcrSummary]:
        """What a table shows of each item's reading, for the items that have one (of ``ids``),
        with the person's corrections of each screenshot's sender and times applied."""
        out = self._v.tables.ocr.summaries(ids)
        for item_id, latest in self._v.tables.corrections.every_latest().items():
            summary = out.get(item_id)
            if summary is None:
                continue
            sender = latest.get((SENDER_INDEX, "sender"))
            if sender is not None:
                summary = dataclasses.replace(summary, sender=sender)
            # a corrected time replaces the stamp: it is the person's, as the case reads it
            timed = {i: v for (i, f), v in latest.items() if f == "sent_at" and 0 <= i < len(summary.stamps)}
            if timed:
                summary = dataclasses.replace(summary, stamps=tuple(
                    (None, timed[i] or None, None) if i in timed else st for i, st in enumerate(summary.stamps)))
            out[item_id] = summary
        return out

    def ocr_result(self, item_id: int, *, corrected: bool = False) -> OcrResult | None:
        """An item's reading (None when not read), as OCR gave it or with the user's corrections."""
        return texts.reading(self._v, item_id, corrected=corrected)[0]

    def corrections(self, item_id: int) -> dict[int, str]:
        """The user's latest text correction of each message of an item: message index → text."""
        return self._v.tables.corrections.latest(item_id)

    def message_corrections(self, item_id: int) -> Corrections:
        """Every latest correction of an item's reading: texts, times and sides by message, and
        the sender (what ``ocr_result(corrected=True)`` applies)."""
        return texts.corrections_of(self._v.tables.corrections.latest_fields(item_id))

    def correct_message(self, item_id: int, message_index: int, text: str | None = None, *,
                        sent_at: str | None = None, side: str | None = None) -> bool:
        """Correct one message read from a screenshot: its text, its time or its side. The OCR
        output is kept; each field changed is one ``text_corrected`` entry (``field`` names it),
        which verification replays. None leaves a field as it is.

        Args:
            item_id: the screenshot.
            message_index: the message, 0-based.
            text: the message's text.
            sent_at: when it was sent, ISO 8601 local time ("2026-11-20T22:15"); "" for "unknown".
            side: "in" (received), "out" (sent by the person), "" (unknown).

        Returns:
            Whether anything changed (a value equal to the current one is no correction).

        Raises:
            VaultError: the item has no reading, no such message, or a value is not valid.
        """
        return texts.correct_message(self._v, item_id, message_index, text=text, sent_at=sent_at, side=side)

    def correct_sender(self, item_id: int, sender: str) -> bool:
        """Correct who a screenshot's received messages are from (the name or number in its header:
        one per screenshot); "" for none. Logged like a text correction (``field`` "sender").

        Returns:
            Whether anything changed.

        Raises:
            VaultError: the item has no reading.
        """
        return texts.correct_sender(self._v, item_id, sender)

    @reads_index
    def stored_readings(self) -> dict[int, StoredReading]:
        """Every stored reading's digest, cache key and message count (for verification)."""
        return self._v.tables.ocr.stored()

    @reads_index
    def media_digests(self) -> MediaDigests:
        """The stored readings of recordings, exports, emails and documents, the export records
        and the transcripts, as digests (for verification, which replays the log against them)."""
        return self.media.digests()

    @reads_index
    def every_correction(self) -> dict[int, dict[tuple[int, str], str]]:
        """The latest value of every corrected field, by item: (message index, field) → value
        (the sender under index -1; for verification, which replays the log against it)."""
        return self._v.tables.corrections.every_latest()

    def search(self, query: str, *, limit: int = 200) -> list[SearchHit]:
        """Items whose OCR text, corrections or annotations hold every term of ``query``, in
        Simplified or Traditional alike: one hit per item (its best field), best first."""
        return self._v.tables.search.search_items(query, limit)

    # ---------------------------------------------------------------- edits (each logged)

    def update_item(self, item_id: int, **fields: edits.EditValue) -> Item:
        """Change what the user says about an item (``EDITABLE_FIELDS``); logged with old and new values.

        Raises:
            VaultError: unknown field or item.
        """
        return edits.update_item(self._v, item_id, fields)

    def move_item(self, item_id: int, new_index: int) -> None:
        """Move an item to ``new_index`` (0-based, among all items, withdrawn ones included) in
        the exhibit order; logged as the move, which verification replays."""
        edits.move_item(self._v, item_id, new_index)

    def withdraw(self, item_id: int, reason: str = "") -> Item:
        """Hide an item from exports; its original is kept. Logged."""
        return edits.withdraw(self._v, item_id, reason)

    def restore(self, item_id: int) -> Item:
        return edits.restore(self._v, item_id)

    def purge(self, item_id: int, *, confirm: str, reason: str = "") -> None:
        """Delete an item and its original for good. ``confirm`` must be the first 12 characters
        of the item's SHA-256: a purge is never an accident. Logged.

        Raises:
            VaultError: the confirmation does not match.
        """
        edits.purge(self._v, item_id, confirm=confirm, reason=reason)


__all__ = ["EDITABLE_FIELDS", "INDEX_FILE", "LOG_FILE", "Case", "LockHolder", "display_path", "is_case",
           "room_for_a_case"]
