"""Import: files and folders (walked) into the store, one item and one custody entry each.

The order, which keeps a crash from leaving half an item: the bytes go to ``tmp/`` (both digests
computed in the same read) and are fsynced; a duplicate stops there; the file is probed as its
kind, made read-only and renamed into ``objects/``; then the item row, its search text and its
custody entry are written in one transaction; then the log file is synced. Anything left by a
crash before the commit is an unreferenced object or a ``tmp/`` file, removed at the next open.

One bad file never stops a batch: it is a ``rejected`` outcome with the reason, and logged.
"""

from __future__ import annotations

import datetime as dt
import errno
import logging
import os
import stat
import uuid
from collections.abc import Iterable, Iterator
from dataclasses import replace
from pathlib import Path
from typing import cast

from evidencekit.core.clock import offset_str, utc_iso
from evidencekit.core.media.sniff import Unsupported, probe, sniff
from evidencekit.core.models import ImportOutcome, ItemKind
from evidencekit.core.progress import CancelToken, Progress, Step, no_progress
from evidencekit.core.vault import actions, media
from evidencekit.core.vault.context import VaultContext
from evidencekit.core.vault.folder import display_path
from evidencekit.core.vault.store import force_remove
from evidencekit.core.vault.tables import NewItem
from evidencekit.errors import ImportRejected

log = logging.getLogger(__name__)

PathArg = str | bytes | os.PathLike[str]


def import_paths(
    v: VaultContext,
    paths: Iterable[PathArg],
    *,
    progress: Progress = no_progress,
    cancel: CancelToken | None = None,
    follow_links: bool = False,
) -> Iterator[ImportOutcome]:
    """Import files and folders (recursively), yielding one outcome per file (see the module and
    :func:`expand` for links)."""
    v.writable()
    batch = uuid.uuid4().hex[:16]
    files = list(expand(paths, follow_links=follow_links))
    total = len(files)
    for done, (raw, problem, link) in enumerate(files):
        if cancel is not None:
            cancel.raise_if_cancelled()
        progress(Step(done, total, display_path(raw)))
        if problem:
            yield _reject(v, raw, problem)
            continue
        try:
            outcome = import_one(v, raw, batch, nofollow=not link)
        except ImportRejected as e:
            yield _reject(v, raw, e.msg)
            continue
        # exports, emails and documents are read once their item is safe (see vault/media.py)
        yield from media.after_import(v, outcome, batch)
    progress(Step(total, total, ""))


def _reject(v: VaultContext, raw: str | bytes, reason: str) -> ImportOutcome:
    shown = display_path(raw)
    log.info("rejected %s: %s", shown, reason)
    try:
        v.custody.record(actions.ImportRejected(path=shown, reason=reason))
    except OSError as e:  # a full disk must not turn one rejection into a crash
        log.warning("could not log the rejection of %s: %s", shown, e)
    return ImportOutcome(shown, "rejected", reason=reason)


def import_one(v: VaultContext, raw: str | bytes, batch: str, *, nofollow: bool = False) -> ImportOutcome:
    """Import one file (``nofollow``: refuse it if it has become a symbolic link since it was
    found, so a link swapped in during the walk is not followed).

    Raises:
        ImportRejected: the file cannot be imported (the reason says why, in the user's words).
    """
    shown = display_path(raw)
    fpath = os.fsencode(raw)
    try:
        fd = os.open(fpath, os.O_RDONLY | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_NONBLOCK", 0)
                     | (getattr(os, "O_NOFOLLOW", 0) if nofollow else 0))
    except OSError as e:
        raise ImportRejected(os_reason(e)) from e
    tmp_path: Path | None = None
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            raise ImportRejected("not a regular file (device, pipe or socket)")
        if st.st_size == 0:
            raise ImportRejected("the file is empty (0 bytes)")
        with os.fdopen(fd, "rb", closefd=False) as src:
            kind = sniff(src.read(64))
            if kind is None:
                raise ImportRejected("unsupported type: not an image, recording, video, PDF or text file")
            src.seek(0)
            tmp_path, digest, size = v.store.copy_hashing(src)
        after = os.fstat(fd)
        try:
            now_st = os.stat(fpath)
        except OSError:
            now_st = after
        if (size != st.st_size or after.st_size != st.st_size or after.st_mtime_ns != st.st_mtime_ns
                or now_st.st_ino != st.st_ino):
            raise ImportRejected("the file changed while it was being read; try again when it is complete")
        existing = v.tables.items.id_of(digest.sha256)
        if existing is not None:
            v.custody.record(actions.DuplicateSeen(path=shown, original_name=os.path.basename(shown)),
                             item_id=existing, sha256=digest.sha256)
            return ImportOutcome(shown, "duplicate", existing, digest.sha256, "same bytes as an item already in the case")
        try:
            pr = probe(tmp_path, kind.kind, kind.mime)
        except Unsupported as e:
            raise ImportRejected(str(e)) from e
        v.store.keep(tmp_path, digest.sha256)
        tmp_path = None
        now = v.clock()
        abs_path = os.path.abspath(fpath)
        name = display_path(os.path.basename(fpath))
        new = NewItem(
            sha256=digest.sha256, sm3=digest.sm3, size=size,
            # sniff and probe name only ItemKind values; the probe's when the content proved otherwise
            kind=cast(ItemKind, pr.kind or kind.kind),
            mime=pr.mime or kind.mime, original_name=name, original_path=display_path(abs_path), original_path_raw=abs_path,
            file_mtime=utc_iso(dt.datetime.fromtimestamp(st.st_mtime, tz=dt.timezone.utc)),
            exif_time=pr.exif_time, imported_at=utc_iso(now), import_offset=offset_str(now),
            host=v.host, user=v.user, position=0, duration_s=pr.duration_s, width=pr.width, height=pr.height,
            batch=batch,
        )
        with v.index.atomic():
            position = v.tables.items.next_position()
            item_id = v.tables.items.insert(replace(new, position=position))
            v.tables.search.put(item_id, "notes", name)
            v.custody.append(
                actions.ItemImported(
                    sm3=new.sm3, size=new.size, kind=new.kind, mime=new.mime, original_name=new.original_name,
                    original_path=new.original_path, file_mtime=new.file_mtime, exif_time=new.exif_time,
                    import_offset=new.import_offset, host=new.host, user=new.user, batch=batch, position=position,
                ),
                item_id=item_id,
                sha256=digest.sha256,
            )
            media.on_imported(v, item_id, new, pr)
        v.custody.sync()
        return ImportOutcome(shown, "imported", item_id, digest.sha256)
    except OSError as e:
        raise ImportRejected(os_reason(e)) from e
    finally:
        os.close(fd)
        if tmp_path is not None:
            force_remove(tmp_path)


LINK_OUTSIDE = ("a link to {what} outside the folder it was found in ({target}): not imported, since it could lead "
                "to any file on this computer; give --follow-links to import what such links point to")


def expand(paths: Iterable[PathArg], *, follow_links: bool = False) -> Iterator[tuple[str | bytes, str, bool]]:
    """Files to import, folders walked; yields (path, problem, is a link) where problem is '' when fine.

    Paths stay bytes so names that are not valid UTF-8 survive. Inside a folder walked, a symbolic
    link is followed only when it leads somewhere inside that folder; one that leads outside it (a
    dropped folder holding a link to ``/etc/shadow``, say) is reported and skipped unless
    ``follow_links``. Links to folders are followed only with ``follow_links`` (each folder once,
    so a loop ends).

    A link named itself (on the command line, or dropped alone) gets the same treatment, the
    folder it sits in standing for the folder dropped: a file manager shows a link as the file it
    leads to, so ``passwd.png`` in a download folder pointing at ``/etc/passwd`` looks like a
    screenshot to the person who drops it. A link to a file beside it (or below it) is imported;
    one that leads out of its folder is reported with where it leads and skipped unless
    ``follow_links``, and so is a named link to a folder anywhere but inside its own folder.
    """
    seen_dirs: set[tuple[int, int]] = set()
    for p in paths:
        raw = os.fsencode(p)
        is_link = os.path.islink(raw)
        try:
            st = os.stat(raw)
        except OSError as e:
            if is_link:
                yield raw, "broken or looping symbolic link", True
            else:
                yield raw, os_reason(e), False
            continue
        if is_link and not follow_links:
            target = os.path.realpath(raw)
            if not _inside(target, os.path.dirname(os.path.abspath(raw))):
                what = "a folder" if stat.S_ISDIR(st.st_mode) else "a file"
                yield raw, LINK_OUTSIDE.format(what=what, target=display_path(target)), True
                continue
        if stat.S_ISDIR(st.st_mode):
            yield from _walk(raw, seen_dirs, os.path.realpath(raw), follow_links)
        else:
            # a named file that is no link is opened without following one: a link swapped in
            # since it was named is refused
            yield raw, "", is_link


def _inside(target: bytes, root: bytes) -> bool:
    return target == root or target.startswith(root.rstrip(b"/") + b"/")


def _walk(top: bytes, seen: set[tuple[int, int]], root: bytes, follow: bool) -> Iterator[tuple[bytes, str, bool]]:
    try:
        st = os.stat(top)
    except OSError as e:
        yield top, os_reason(e), False
        return
    key = (st.st_dev, st.st_ino)
    if key in seen:
        return
    seen.add(key)
    try:
        with os.scandir(top) as it:
            entries = sorted(it, key=lambda e: e.name)
    except OSError as e:
        yield top, f"folder cannot be read: {os_reason(e)}", False
        return
    for entry in entries:
        if entry.name in (b".DS_Store", b".git"):
            continue
        try:
            if entry.is_symlink():
                target = os.path.realpath(entry.path)
                inside = _inside(target, root)
                if entry.is_dir():
                    if follow:
                        yield from _walk(entry.path, seen, root, follow)
                    elif inside:
                        yield entry.path, "link to a folder: not followed (it could loop)", True
                    else:
                        yield entry.path, LINK_OUTSIDE.format(what="a folder", target=display_path(target)), True
                elif not entry.is_file():
                    yield entry.path, "broken or looping symbolic link", True
                elif inside or follow:
                    yield entry.path, "", True
                else:
                    yield entry.path, LINK_OUTSIDE.format(what="a file", target=display_path(target)), True
            elif entry.is_dir(follow_symlinks=False):
                yield from _walk(entry.path, seen, root, follow)
            else:
                yield entry.path, "", False
        except OSError as err:
            yield entry.path, os_reason(err), False


def os_reason(e: OSError) -> str:
    """An OS error as a reason a user understands."""
    if e.errno == errno.ENOSPC:
        return "the disk is full: nothing was imported from this file; free some space and try again"
    if e.errno in (errno.EACCES, errno.EPERM):
        return "permission denied: the file cannot be read"
    if e.errno == errno.ENOENT:
        return "no such file or folder"
    if e.errno == errno.ELOOP:
        return "symbolic link loop, or a file replaced by a link while it was being imported"
    if e.errno == errno.EISDIR:
        return "is a folder"
    return f"cannot read the file: {e.strerror or e}"
