"""This computer's record of the newest custody entry of each case it wrote to.

The signed head inside a case folder shows that its log was not cut short — unless the whole
folder, head included, is put back as it was earlier (a backup, an old copy): every file of that
older folder is genuine, so nothing inside it can show the rollback. Something outside must
remember better. Each write to a case also writes, in the user's data folder,
``heads/<case id>.json``: the number and hash of the newest entry, where the case was and when.
Verification compares the case with it; a writable open that finds the case older than the record
says so in the custody log itself (``rollback_seen``), so the rollback stays visible wherever the
case goes.

The case id is the hash of the log's first entry (``case_created``): the same for every copy of a
case, different for every case. Records are owner-only; writing one is best effort (a full or
read-only home folder never stops a write to a case).
"""

from __future__ import annotations

import json
import logging
import os
import re
from dataclasses import dataclass
from pathlib import Path

log = logging.getLogger(__name__)

_ID = re.compile(r"^[0-9a-f]{64}$")


@dataclass(frozen=True, slots=True)
class HeadRecord:
    """The newest entry of a case's log this computer wrote or saw written."""

    case_id: str
    seq: int
    hash: str
    path: str  # the case folder then
    at: str  # when (ISO 8601, UTC)


def records_dir() -> Path:
    """``heads/`` in the user's data folder (``$XDG_DATA_HOME/evidencekit/heads`` on Linux)."""
    import platformdirs

    return Path(platformdirs.user_data_dir("evidencekit", appauthor=False)) / "heads"


def recall(case_id: str) -> HeadRecord | None:
    """This computer's record of a case (None: none, or unreadable)."""
    if not _ID.match(case_id):
        return None
    try:
        data = json.loads((records_dir() / f"{case_id}.json").read_bytes())
        return HeadRecord(case_id, int(data["seq"]), str(data["hash"]), str(data.get("path", "")),
                          str(data.get("at", "")))
    except FileNotFoundError:
        return None
    except (OSError, ValueError, KeyError, TypeError) as e:
        log.warning("this computer's record of case %s is unreadable: %s", case_id[:12], e)
        return None


def remember(record: HeadRecord) -> None:
    """Write the record of a case (owner-only; replaced atomically). Never raises."""
    if not _ID.match(record.case_id):
        return
    try:
        d = records_dir()
        d.mkdir(parents=True, exist_ok=True, mode=0o700)
        target = d / f"{record.case_id}.json"
        tmp = d / f".{record.case_id}.{os.getpid()}.tmp"
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | os.O_CLOEXEC, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            json.dump({"seq": record.seq, "hash": record.hash, "path": record.path, "at": record.at}, f,
                      ensure_ascii=False)
        os.replace(tmp, target)
    except OSError as e:
        log.warning("could not record the newest custody entry of case %s on this computer: %s",
                    record.case_id[:12], e)
