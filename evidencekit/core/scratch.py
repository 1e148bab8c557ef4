"""Temporary folders outside a case, and what a killed process left of them.

Reading a screenshot with tesseract writes its pages to a temporary folder, and a read-only
open of an index being written copies the index there: both hold a case's messages. A process
killed meanwhile leaves them behind; the next run removes them (:func:`sweep`). A folder's name
carries the process that made it (``ek-ocr-<pid>-…``), so only folders of processes that are
gone are removed, never those of a run still going.
"""

from __future__ import annotations

import logging
import os
import re
import shutil
import tempfile
import time
from pathlib import Path

log = logging.getLogger(__name__)

#: What EvidenceKit makes in the temporary folder, by kind.
KINDS = ("ocr", "index", "verify")
_KIND = "|".join(KINDS)
_RANDOM = r"[a-z0-9_]{8}"  # what tempfile adds to a name
_OURS = re.compile(rf"ek-(?:{_KIND})-(\d+)-{_RANDOM}")
#: Names without a process: folders of earlier versions (``ek-ocr-<random>``) and the files
#: pytesseract makes (``tess_<random>``, ``tess_<random>.tsv``). Removed once older than any
#: run could be.
_UNTAGGED = re.compile(rf"ek-(?:{_KIND})-{_RANDOM}|tess_{_RANDOM}(?:\.[a-z]+)?")
STALE_S = 6 * 3600


def make_dir(kind: str) -> Path:
    """A new owner-only (0700) temporary folder named for ``kind`` and this process.

    Raises:
        OSError: it cannot be made.
    """
    return Path(tempfile.mkdtemp(prefix=f"ek-{kind}-{os.getpid()}-"))


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # someone else's process: alive
    return True


def sweep(folder: str | Path | None = None, *, now: float | None = None) -> list[str]:
    """Remove what killed EvidenceKit processes left in the temporary folder (``folder``, by
    default the system's): this user's ``ek-<kind>-<pid>-…`` folders whose process is gone, and
    untagged leftovers older than :data:`STALE_S`. Logged; never raises.

    Returns:
        The names removed.
    """
    root = Path(folder) if folder is not None else Path(tempfile.gettempdir())
    now = time.time() if now is None else now
    removed: list[str] = []
    try:
        entries = list(os.scandir(root))
    except OSError:
        return removed
    uid = os.getuid()
    for e in entries:
        tagged = _OURS.fullmatch(e.name)
        if tagged is None and _UNTAGGED.fullmatch(e.name) is None:
            continue
        try:
            st = e.stat(follow_symlinks=False)
            if st.st_uid != uid or e.is_symlink():
                continue
            if tagged is not None:
                if _alive(int(tagged.group(1))) or int(tagged.group(1)) == os.getpid():
                    continue
            elif now - st.st_mtime < STALE_S:
                continue
            if e.is_dir(follow_symlinks=False):
                shutil.rmtree(e.path)
            else:
                os.unlink(e.path)
        except OSError as err:
            log.debug("could not remove the leftover %s: %s", e.path, err)
            continue
        removed.append(e.name)
    if removed:
        log.info("removed %d temporary leftovers of interrupted runs from %s: %s", len(removed), root,
                 ", ".join(removed[:20]))
    return removed
