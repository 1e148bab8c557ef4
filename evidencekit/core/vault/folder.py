"""The case folder itself: its layout, its marker, and the lock that keeps a second writer out.

Layout::

    CASE/
      evidencekit-case.json   marker: format and version
      index.sqlite            the index (WAL)
      objects/ab/<sha256>     originals, byte-for-byte, read-only
      derived/<item id>/      OCR output, thumbnails: rebuildable from the originals
      custody.jsonl           the custody log (append-only, hash-chained, signed)
      custody.head            the signed newest entry of the log
      keys/                   the claimant's signing identity
      tmp/                    imports in progress (cleaned at open)
      exports/                bundles made from the case
"""

from __future__ import annotations

import fcntl
import getpass
import json
import os
import socket
import stat
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from evidencekit.errors import CaseExistsError, CaseLockedError, NotACaseError, VaultError

MARKER = "evidencekit-case.json"
FORMAT = "evidencekit-case"
FORMAT_VERSION = 1
INDEX_FILE = "index.sqlite"
LOG_FILE = "custody.jsonl"
LOCK_FILE = "case.lock"
SUBFOLDERS = ("objects", "derived", "tmp", "keys", "exports")


def is_case(path: str | os.PathLike[str]) -> bool:
    """True when ``path`` is a case folder."""
    return (Path(path) / MARKER).is_file()


def room_for_a_case(path: str | os.PathLike[str]) -> bool:
    """True when a new case can be made in ``path``: it does not exist, or is an empty folder."""
    p = Path(path)
    try:
        return not p.exists() or (p.is_dir() and not any(p.iterdir()))
    except OSError:
        return False  # a folder that cannot be read is no place to make one


def display_path(raw: str | bytes) -> str:
    """A path as text that is safe to show: undecodable bytes and control characters escaped."""
    text = os.fsdecode(raw) if isinstance(raw, bytes) else raw
    text = text.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
    return "".join(c if c.isprintable() else repr(c)[1:-1] for c in text)


def host_and_user() -> tuple[str, str]:
    """This machine's name and the user's (their uid when the name is unknown): the actor of
    every custody entry."""
    try:
        user = getpass.getuser()
    except (KeyError, OSError):
        user = str(os.getuid())
    return socket.gethostname(), user


def make_folder(p: Path) -> None:
    """Make the folders of a new case in ``p`` (empty or absent); the marker comes last.

    Raises:
        CaseExistsError: ``p`` is already a case, or is not an empty folder.
        VaultError: the folder cannot be written.
    """
    if is_case(p):
        raise CaseExistsError(f"{display_path(str(p))} is already a case")
    if not room_for_a_case(p):
        raise CaseExistsError(f"{display_path(str(p))} exists and is not an empty folder")
    try:
        make_private_dir(p)
        os.chmod(p, 0o700)  # an empty folder the user made for the case, too
        for sub in SUBFOLDERS:
            make_private_dir(p / sub)
    except OSError as e:
        raise VaultError(f"cannot create the case folder {display_path(str(p))}: {e.strerror}") from e


def make_private_dir(p: Path) -> None:
    """Make ``p`` and the folders above it that do not exist yet, owner-only (0700) whatever the
    umask: a case holds phone numbers, messages and recordings (folders that exist already are
    left as they are: they are not ours).

    Raises:
        OSError: a folder cannot be made.
    """
    missing: list[Path] = []
    q = p
    while not q.exists():
        missing.append(q)
        if q.parent == q:
            break
        q = q.parent
    for d in reversed(missing):
        try:
            d.mkdir(mode=0o700)
        except FileExistsError:
            continue  # made meanwhile by another process: not ours
        os.chmod(d, 0o700)


PRIVATE_FILE = 0o600


def tighten(p: Path, *, deep: bool) -> list[str]:
    """Take group and other permissions off the case folder and what is in it (its top level
    only unless ``deep``: inside an owner-only folder nothing else is reachable). Symbolic links
    are left alone. Returns what was changed, relative to ``p``.

    Raises:
        OSError: the case folder cannot be changed.
    """
    changed: list[str] = []

    def fix(q: Path) -> None:
        st = q.lstat()
        if stat.S_ISLNK(st.st_mode) or not st.st_mode & 0o077 or st.st_uid != os.getuid():
            return
        os.chmod(q, stat.S_IMODE(st.st_mode) & 0o700)
        changed.append(q.relative_to(p).as_posix() or ".")

    fix(p)
    for q in sorted(p.iterdir()):
        fix(q)
    if deep:
        for root, dirs, files in os.walk(p):
            for name in dirs + files:
                q = Path(root) / name
                if q.parent != p:
                    fix(q)
    return changed


def open_private(path: Path, flags: int) -> int:
    """``os.open`` of a case file created owner-only (0600), whatever the umask."""
    return os.open(path, flags | os.O_CLOEXEC, PRIVATE_FILE)


def write_marker(p: Path) -> None:
    """Write the marker: a folder without it is not (yet) a case."""
    write_json_atomic(p / MARKER, {"format": FORMAT, "version": FORMAT_VERSION})


def check_marker(p: Path) -> None:
    """Raises NotACaseError unless ``p`` is a case folder this version can read (VaultError when
    a newer version made it)."""
    if not p.is_dir():
        raise NotACaseError(f"{display_path(str(p))} is not a folder")
    if not is_case(p):
        raise NotACaseError(
            f"{display_path(str(p))} is not an EvidenceKit case (no {MARKER}); create one with 'evidencekit new'"
        )
    try:
        marker = json.loads((p / MARKER).read_text("utf-8"))
    except (OSError, ValueError) as e:
        raise NotACaseError(f"the case marker {MARKER} is unreadable: {e}") from e
    if not isinstance(marker, dict) or marker.get("format") != FORMAT:
        raise NotACaseError(f"{display_path(str(p))} is not an EvidenceKit case")
    if int(marker.get("version", 0)) > FORMAT_VERSION:
        raise VaultError("this case was made by a newer EvidenceKit; please upgrade")


# Descriptors of the case locks this process holds: a child made by fork() without exec (a worker
# pool's default start method on Linux) gets a copy of each, and a copy keeps the lock alive as long
# as the child lives — a killed import whose OCR workers live on would keep the case locked. Every
# child closes its copies at once (the parent's lock is untouched: flock belongs to the open file,
# which the parent still holds); exec'd children never get them (os.open makes them O_CLOEXEC).
_held: set[int] = set()


def _close_in_child() -> None:
    for fd in list(_held):
        try:
            os.close(fd)
        except OSError:
            pass
    _held.clear()


os.register_at_fork(after_in_child=_close_in_child)


@dataclass(frozen=True, slots=True)
class LockHolder:
    """Who holds a case's write lock, as it wrote itself into the lock file (best effort: a
    holder from an earlier version wrote nothing)."""

    pid: int | None = None
    host: str = ""
    program: str = ""
    since: str = ""

    def describe(self) -> str:
        """"another EvidenceKit window or process ('evidencekit import', process 123, since …)"."""
        what = "another EvidenceKit window or process"
        if self.pid is None:
            return what
        where = f" on {self.host}" if self.host and self.host != socket.gethostname() else ""
        program = f"'{self.program}', " if self.program else ""
        return f"{what} ({program}process {self.pid}{where}, since {self.since or '?'})"


def lock_holder(p: Path) -> LockHolder | None:
    """Who holds the write lock of the case in ``p``, or None when nobody does."""
    try:
        fd = os.open(p / LOCK_FILE, os.O_RDONLY)
    except OSError:
        return None
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_SH | fcntl.LOCK_NB)
        except BlockingIOError:
            return _read_holder(fd)
        fcntl.flock(fd, fcntl.LOCK_UN)
        return None
    finally:
        os.close(fd)


def _read_holder(fd: int) -> LockHolder:
    try:
        data = json.loads(os.pread(fd, 4096, 0) or b"{}")
        pid = data.get("pid")
        return LockHolder(pid if isinstance(pid, int) else None, str(data.get("host", "")),
                          display_path(str(data.get("program", ""))), str(data.get("since", "")))
    except (OSError, ValueError, AttributeError):
        return LockHolder()


def lock(p: Path, *, wait: float = 0.0, on_wait: Callable[[LockHolder], None] | None = None,
         program: str = "") -> int:
    """Take the case's write lock; returns the file descriptor that holds it.

    Args:
        p: the case folder.
        wait: seconds to wait for another process to release it (``math.inf``: until it does).
        on_wait: called once, with who holds the lock, when waiting starts.
        program: what holds the lock, in words ("evidencekit import"), for whoever waits.

    Raises:
        CaseLockedError: another EvidenceKit process still has the case open for writing
            (``holder`` says who).
    """
    fd = os.open(p / LOCK_FILE, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o600)
    deadline = time.monotonic() + wait
    told = False
    try:
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                holder = _read_holder(fd)
                if time.monotonic() >= deadline:
                    raise CaseLockedError(
                        f"the case {display_path(str(p))} is open in {holder.describe()}; close it there first, "
                        "or wait for it to finish",
                        holder=holder,
                    ) from None
                if not told and on_wait is not None:
                    on_wait(holder)
                    told = True
                time.sleep(min(0.2, max(0.0, deadline - time.monotonic())))
    except BaseException:
        os.close(fd)
        raise
    _held.add(fd)
    host, user = host_and_user()
    me = {"pid": os.getpid(), "host": host, "user": user, "program": program,
          "since": time.strftime("%Y-%m-%d %H:%M:%S")}
    try:
        os.ftruncate(fd, 0)
        os.pwrite(fd, json.dumps(me, ensure_ascii=False).encode("utf-8"), 0)
    except OSError:
        pass  # who holds the lock is only a courtesy to whoever waits
    return fd


def unlock(fd: int) -> None:
    """Release a lock taken by :func:`lock`."""
    _held.discard(fd)
    os.close(fd)


def fsync_dir(d: Path) -> None:
    fd = os.open(d, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def write_json_atomic(p: Path, data: dict[str, str | int]) -> None:
    tmp = p.with_name(p.name + ".tmp")
    with os.fdopen(open_private(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC), "w", encoding="utf-8") as f:
        json.dump(data, f)
        f.flush()
        os.fsync(f.fileno())
    os.replace(tmp, p)
    fsync_dir(p.parent)
