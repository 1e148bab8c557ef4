"""Opening a file someone named, without hanging on what is not a file.

Opening a named pipe (FIFO) for reading blocks until a writer comes, and reading a character
device can go on forever: a path that is not a regular file is refused before it is read, and
on the descriptor that is then read (a file swapped for a pipe between a check and the open
changes nothing).
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path
from typing import BinaryIO


class NotARegularFile(OSError):
    """The path names a folder, a named pipe, a device or a socket."""


def what_it_is(mode: int) -> str:
    """What a file of this ``st_mode`` is, in words ("a named pipe (FIFO)", ...)."""
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a named pipe (FIFO)"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a regular file"


def open_regular(path: str | bytes | Path) -> BinaryIO:
    """Open ``path`` for reading in binary, only when it is a regular file (links followed).

    Raises:
        NotARegularFile: it is a folder, a named pipe, a device or a socket (``strerror`` says
            which: "not a regular file: a named pipe (FIFO)").
        OSError: it cannot be opened.
    """
    # O_NONBLOCK: the open itself of a FIFO without a writer would block
    fd = os.open(path, os.O_RDONLY | os.O_CLOEXEC | os.O_NONBLOCK | getattr(os, "O_NOCTTY", 0))
    try:
        mode = os.fstat(fd).st_mode
        if not stat.S_ISREG(mode):
            raise NotARegularFile(errno.EINVAL, f"not a regular file: {what_it_is(mode)}",
                                  os.fsdecode(path) if isinstance(path, bytes) else str(path))
        os.set_blocking(fd, True)
        return os.fdopen(fd, "rb")
    except BaseException:
        os.close(fd)
        raise
