"""Bundles put in place and recorded as one step, and what a killed export left cleaned up.

An export builds its files in a work folder (``ek-export-<id>`` beside the bundle, so that putting
them in place is a rename) and only then moves them to their names. A journal in the case's
``tmp/`` makes the two steps recoverable:

1. ``started`` (written before the work folder exists): names the work folder;
2. ``placing`` (written once every file is complete and on disk): names each file, where it goes
   and its SHA-256, and holds the ``export_made`` entry to log;
3. the files are renamed into place, the entry is logged, the journal and the work folder removed.

A writable open finishes what a crash interrupted (``recover``): a ``started`` export had not put
anything in place — its work folder is removed; a ``placing`` export is rolled forward (the files
still in the work folder moved, the entry logged unless the log has it already) or, when a file is
lost, rolled back (what it had put in place removed). Both are logged. So a bundle under its final
name always has its ``export_made`` entry, and no work folder outlives the next open.
"""

from __future__ import annotations

import errno
import hashlib
import json
import logging
import os
import shutil
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from evidencekit.core.models import LogEntry
from evidencekit.core.vault import actions
from evidencekit.core.vault.context import VaultContext
from evidencekit.core.vault.folder import fsync_dir
from evidencekit.core.vault.store import force_remove

log = logging.getLogger(__name__)

WORK_PREFIX = "ek-export-"
_JOURNAL = "export-{}.json"


@dataclass(frozen=True, slots=True)
class ExportJob:
    """One export in progress: its work folder (build the files there) and its journal."""

    id: str
    work: Path
    journal: Path


def _write_journal(path: Path, data: dict[str, object]) -> None:
    tmp = path.with_name(path.name + ".tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | os.O_CLOEXEC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as f:
        json.dump(data, f, ensure_ascii=False)
        f.flush()
        os.fsync(f.fileno())
    os.replace(tmp, path)
    fsync_dir(path.parent)


@contextmanager
def workdir(v: VaultContext, parent: Path) -> Iterator[ExportJob]:
    """A work folder in ``parent`` for one export, journaled in the case; removed on the way out
    (by the next writable open when this process is killed).

    Raises:
        OSError: the folder cannot be made.
    """
    v.writable()
    job_id = uuid.uuid4().hex[:16]
    job = ExportJob(job_id, parent / f"{WORK_PREFIX}{job_id}", v.store.tmp / _JOURNAL.format(job_id))
    v.store.tmp.mkdir(mode=0o700, exist_ok=True)
    _write_journal(job.journal, {"state": "started", "work": str(job.work)})
    try:
        job.work.mkdir(mode=0o700)
        yield job
    finally:
        shutil.rmtree(job.work, ignore_errors=True)
        force_remove(job.journal)


def sha256_of(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def place(v: VaultContext, job: ExportJob, moves: list[tuple[Path, Path]], made: actions.ExportMade) -> LogEntry:
    """Move the finished files of ``job`` to their names and log ``made``, as one recoverable step
    (see the module).

    Args:
        moves: (file in the work folder, where it goes), in order.
        made: the entry to log once every file is in place.

    Raises:
        OSError: a file could not be moved (what was moved is put back: nothing half placed).
    """
    for src, _ in moves:
        # a bundle holds the originals and the numbers: owner-only wherever it goes, whatever the umask
        os.chmod(src, 0o600)
    plan = [[str(src), str(dst), sha256_of(src)] for src, dst in moves]
    _write_journal(job.journal, {"state": "placing", "work": str(job.work), "moves": plan,
                                 "details": actions.encode(made)})
    done: list[tuple[Path, Path]] = []
    try:
        for src, dst in moves:
            move(src, dst)
            done.append((src, dst))
    except OSError:
        for src, dst in reversed(done):  # nothing half placed
            try:
                os.replace(dst, src)
            except OSError:
                force_remove(dst)
        raise
    for d in {dst.parent for _, dst in moves}:
        fsync_dir(d)
    entry = v.custody.record(made)
    force_remove(job.journal)
    return entry


def move(src: Path, dst: Path) -> None:
    """Rename ``src`` to ``dst`` (replacing it); across file systems, copy to a part file beside
    ``dst`` (synced), then rename that."""
    try:
        os.replace(src, dst)
        return
    except OSError as e:
        if e.errno != errno.EXDEV:
            raise
    part = dst.with_name(dst.name + ".part")
    fd = os.open(part, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | os.O_CLOEXEC, 0o600)
    with open(src, "rb") as fi, os.fdopen(fd, "wb") as fo:
        shutil.copyfileobj(fi, fo, 1 << 20)
        fo.flush()
        os.fsync(fo.fileno())
    os.replace(part, dst)
    force_remove(src)


def recover(v: VaultContext) -> list[str]:
    """Finish or undo the exports a crash interrupted (at a writable open); returns what was done,
    in words. Logged."""
    done: list[str] = []
    if not v.store.tmp.is_dir():
        return done
    for journal in sorted(v.store.tmp.glob(_JOURNAL.format("*"))):
        try:
            data = json.loads(journal.read_bytes())
            work = Path(str(data["work"]))
        except (OSError, ValueError, KeyError, TypeError) as e:
            log.warning("unreadable export journal %s: %s", journal.name, e)
            force_remove(journal)
            continue
        if data.get("state") == "placing":
            done += _roll(v, data)
        if work.name.startswith(WORK_PREFIX) and work.is_dir():
            shutil.rmtree(work, ignore_errors=True)
            v.custody.record(actions.Recovered((str(work),), 1, reason="export_interrupted"))
            done.append(f"removed the work folder of an interrupted export: {work}")
        force_remove(journal)
    return done


def _roll(v: VaultContext, data: dict[str, object]) -> list[str]:
    """Roll a ``placing`` export forward, or back when a file is lost."""
    raw = data.get("moves")
    moves = [(Path(str(m[0])), Path(str(m[1])), str(m[2])) for m in raw if isinstance(m, list) and len(m) == 3] \
        if isinstance(raw, list) else []
    details = data.get("details")
    made = actions.decode_details(actions.Action.EXPORT_MADE, details if isinstance(details, dict) else {})
    placed: list[Path] = []
    lost = False
    for src, dst, digest in moves:
        if _is(dst, digest):
            placed.append(dst)
        elif _is(src, digest):
            try:
                move(src, dst)
                placed.append(dst)
            except OSError:
                lost = True
        else:
            lost = True
    if not lost and isinstance(made, actions.ExportMade):
        logged = any(isinstance(d := actions.decode(e), actions.ExportMade) and d.pdf_sha256 == made.pdf_sha256
                     for e in v.custody.entries() if e.action == actions.Action.EXPORT_MADE)
        if not logged:
            v.custody.record(made)
        return [f"an interrupted export was completed and logged: {', '.join(str(p) for p in placed)}"]
    for p in placed:
        force_remove(p)
    if placed:
        v.custody.record(actions.Recovered(tuple(str(p) for p in placed), len(placed), reason="export_rolled_back"))
    return [f"an interrupted export could not be completed; removed what it had put in place: "
            f"{', '.join(str(p) for p in placed) or 'nothing'}"]


def _is(path: Path, digest: str) -> bool:
    try:
        return path.is_file() and sha256_of(path) == digest
    except OSError:
        return False
