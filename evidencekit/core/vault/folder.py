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
    if p.exists() and (not p.is_dir() or any(p.iterdir())):
        raise CaseExistsError(f"{display_path(str(p))} exists and is not an empty folder")
    try:
        p.mkdir(parents=True, exist_ok=True)
        for sub in SUBFOLDERS:
            (p / sub).mkdir(exist_ok=True)
        os.chmod(p / "keys", 0o700)
    except OSError as e:
        raise VaultError(f"cannot create the case folder {display_path(str(p))}: {e.strerror}") from e


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


def lock(p: Path) -> int:
    """Take the case's write lock; returns the file descriptor that holds it.

    Raises:
        CaseLockedError: another EvidenceKit process has the case open for writing.
    """
    fd = os.open(p / LOCK_FILE, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError as e:
        os.close(fd)
        raise CaseLockedError(
            f"the case {display_path(str(p))} is open in another EvidenceKit window or process; close it there first"
        ) from e
    return fd


def fsync_dir(d: Path) -> None:
    fd = os.open(d, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def write_json_atomic(p: Path, data: dict[str, str | int]) -> None:
    tmp = p.with_name(p.name + ".tmp")
    with open(tmp, "w", encoding="utf-8") as f:
        json.dump(data, f)
        f.flush()
        os.fsync(f.fileno())
    os.replace(tmp, p)
    fsync_dir(p.parent)
