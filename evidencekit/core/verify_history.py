"""What a case folder cannot show about itself: that it was put back as it was earlier.

Every file of an older copy of a case is genuine — its log, its signed head, its originals — so
nothing inside the folder can reveal that newer entries existed. Verification says so, and asks
the witnesses outside the folder:

- this computer's record of the case's newest entry (``vault.heads``): a log that does not hold
  the entry the record names is ``case.rollback.detected``, unless the log itself already says so
  (a ``rollback_seen`` entry, written when a writable open found it: ``case.rollback.logged``);
  with no record, ``case.rollback.unrecorded`` says that a rollback cannot be detected here;
- the newest bundle in ``exports/``: its custody log ends at an entry this log must hold
  (``case.rollback.bundle`` when it does not, ``case.bundle_head.ok`` when it does).

Bundles handed over, and their timestamp tokens, are the strongest witnesses: the recipient's copy
of the last bundle shows how far the log reached when it was made.
"""

from __future__ import annotations

import json
import zipfile
from collections.abc import Iterator
from pathlib import Path

from evidencekit.core.models import Check, LogEntry
from evidencekit.core.vault import actions
from evidencekit.core.vault.heads import HeadRecord

CUSTODY_MEMBER = "custody.jsonl"  # the custody log's name in a ZIP bundle and among a PDF's attachments
MAX_LOG = 256 << 20


def check_rollback(record: HeadRecord | None, entries: list[LogEntry]) -> Iterator[Check]:
    """Compare the log with this computer's record of the case (see the module)."""
    subject = "custody log"
    earlier = [d for e in entries if isinstance(d := actions.decode(e), actions.RollbackSeen)]
    if earlier:
        last = earlier[-1]
        yield Check("history", subject, True,
                    f"the log records {len(earlier)} time(s) that the case was found older than a computer had seen "
                    f"it (last: entry {last.seq}, seen {last.seen_at}); see its rollback_seen entries",
                    code="case.rollback.earlier", args={"count": len(earlier), "seq": last.seq})
    if record is None:
        yield Check("history", subject, True,
                    "this computer has no record of this case's log (it was made or last changed elsewhere): if the "
                    "whole folder was put back as it was earlier, nothing here can show it; compare it with the "
                    "newest bundle made from it", code="case.rollback.unrecorded")
        return
    held = record.seq <= len(entries) and entries[record.seq - 1].hash == record.hash
    if held:
        yield Check("history", subject, True,
                    f"this computer last saw entry {record.seq} of this case ({record.at}); the log holds it. "
                    "Entries newer than that are vouched for by the folder alone",
                    code="case.rollback.none", args={"seq": record.seq, "at": record.at})
        return
    if any(d.seq == record.seq and d.hash == record.hash for d in earlier):
        yield Check("history", subject, True,
                    f"the case is older than this computer last saw it (entry {record.seq}, {record.at}), as its log "
                    "already records", code="case.rollback.logged", args={"seq": record.seq, "at": record.at})
        return
    how = (f"the log ends at entry {len(entries)}" if record.seq > len(entries)
           else "the log holds another entry at that place")
    yield Check("history", subject, False,
                f"this computer saw entry {record.seq} of this case on {record.at} (in {record.path}); {how}: the "
                "folder is an older copy of the case, or was put back as it was earlier (entries removed)",
                code="case.rollback.detected", args={"seq": record.seq, "entries": len(entries), "at": record.at})


def check_bundles(exports: Path, entries: list[LogEntry]) -> Iterator[Check]:
    """The newest bundle in ``exports/`` against the log (see the module)."""
    try:
        bundles = [p for p in exports.iterdir() if p.suffix.lower() in (".pdf", ".zip") and p.is_file()]
    except OSError:
        return
    if not bundles:
        return
    newest = max(bundles, key=lambda p: (p.stat().st_mtime_ns, p.suffix.lower() == ".zip"))
    # the ZIP beside a PDF carries the same log and is cheaper to read
    zip_twin = newest.with_suffix(".zip")
    source = zip_twin if zip_twin.is_file() else newest
    subject = f"exports/{newest.name}"
    try:
        last = _last_entry(source)
    except (OSError, ValueError, KeyError, TypeError, zipfile.BadZipFile) as e:
        yield Check("history", subject, True, f"the custody log of the newest bundle could not be read ({e}); it was "
                    "not compared with the case", code="case.bundle_head.unreadable", args={"bundle": newest.name})
        return
    if last is None:
        return
    seq, hash_ = last
    if seq <= len(entries) and entries[seq - 1].hash == hash_:
        yield Check("history", subject, True, f"the newest bundle's custody log ends at entry {seq}, which this log holds",
                    code="case.bundle_head.ok", args={"bundle": newest.name, "seq": seq})
    else:
        yield Check("history", subject, False,
                    f"the newest bundle was made when the log reached entry {seq}, which this log does not hold: the "
                    "case folder is older than its own bundle (put back as it was earlier?)",
                    code="case.rollback.bundle", args={"bundle": newest.name, "seq": seq, "entries": len(entries)})


def _last_entry(bundle: Path) -> tuple[int, str] | None:
    """(seq, hash) of the last entry of a bundle's custody log; None when it carries none."""
    data: bytes | None = None
    if bundle.suffix.lower() == ".zip":
        with zipfile.ZipFile(bundle) as z:
            info = z.getinfo(CUSTODY_MEMBER)
            if info.file_size > MAX_LOG:
                raise ValueError("the custody log in the bundle is too large")
            data = z.read(info)
    else:
        from evidencekit.core.integrity.pdf import iter_attachments  # pyHanko: only for a PDF

        for key, blob, _ in iter_attachments(bundle):
            if key == CUSTODY_MEMBER:
                data = blob
                break
    if not data:
        return None
    lines = [ln for ln in data.split(b"\n") if ln.strip()]
    last = json.loads(lines[-1])
    return int(last["seq"]), str(last["hash"])
