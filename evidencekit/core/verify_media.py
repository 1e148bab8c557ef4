"""Verification of what a case read out of recordings, videos, exports, emails and documents, and
of the transcripts of recordings, replayed from the custody log.

Each ``media_read`` entry records the kind the item was read as, the SHA-256 of its facts as the
index keeps them (canonical JSON), the note shown to the reader and, for an export, how many
records were stored and their digest; each ``attachment_extracted`` entry the item an attachment
came out of; each ``transcript_saved`` entry the status, engine and segments' digest of a
transcript, and the segments it changed (old and new). So:

- a reading whose kind, facts, note or parent differ from its latest entries (an attachment with
  no reading of its own: its parent from its ``attachment_extracted`` entry) is
  ``case.media.edited``; one the log never recorded ``case.media.unlogged``; one the log recorded
  but the index lost ``case.media.deleted``;
- an export whose stored records differ in number or digest from the log is ``case.records.edited``;
- a transcript whose status, engine or segments differ from its latest ``transcript_saved`` is
  ``case.transcript.edited``; one the log never recorded ``case.transcript.unlogged``; one the
  log recorded but the index lost ``case.transcript.deleted``;
- the changes the entries record, applied one after another from an empty transcript, must give
  each entry's digest: when they do not, an entry was altered or removed and the history of the
  transcript is not the one logged (``case.transcript.history``). An entry whose change list was
  cut (more than 500 segments changed at once) ends what can be replayed, and the report says so.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field

from evidencekit.core.media.model import facts_digest
from evidencekit.core.models import Check, LogEntry
from evidencekit.core.vault import actions
from evidencekit.core.vault.tables.media import MediaDigests

#: The most segment changes one ``transcript_saved`` entry lists (the vault cuts longer lists).
MAX_LOGGED_CHANGES = 500

_SEGMENT_KEYS = ("start", "end", "text", "speaker")
_EMPTY = facts_digest({})  # the facts of a row that has none


@dataclass(slots=True)
class _History:
    """One transcript's history as the log tells it."""

    latest: actions.TranscriptSaved
    segments: list[dict[str, object] | None] = field(default_factory=list)
    broken_at: int | None = None  # the first entry (log seq) whose changes do not give its digest
    cut: bool = False  # a change list was cut: the history cannot be replayed past it


@dataclass(slots=True)
class _Logged:
    reads: dict[int, actions.MediaRead] = field(default_factory=dict)  # item → its latest reading
    parents: dict[int, int] = field(default_factory=dict)  # attachment item → the email item
    transcripts: dict[int, _History] = field(default_factory=dict)


_ACTIONS = (actions.Action.MEDIA_READ, actions.Action.ATTACHMENT_EXTRACTED, actions.Action.TRANSCRIPT_SAVED)


def _replay(entries: Iterable[LogEntry]) -> _Logged:
    out = _Logged()
    for e in entries:
        if e.item_id is None or e.action not in _ACTIONS:
            continue
        d = actions.decode(e)
        if isinstance(d, actions.MediaRead):
            out.reads[e.item_id] = d
        elif isinstance(d, actions.AttachmentExtracted):
            out.parents[e.item_id] = d.parent
        elif isinstance(d, actions.TranscriptSaved):
            h = out.transcripts.get(e.item_id)
            if h is None:
                h = out.transcripts[e.item_id] = _History(d)
            h.latest = d
            _apply(h, d, e.seq)
    return out


def _apply(h: _History, d: actions.TranscriptSaved, seq: int) -> None:
    """Apply one entry's changes to the replayed segments and compare with its digest."""
    if h.cut or h.broken_at is not None:
        return
    segs = h.segments
    for c in d.changes:
        i = c.get("index")
        if not isinstance(i, int) or i < 0 or i > len(segs) + MAX_LOGGED_CHANGES:
            h.broken_at = seq
            return
        while len(segs) <= i:
            segs.append(None)
        old, new = c.get("old"), c.get("new")
        if _segment(old) != segs[i]:
            h.broken_at = seq  # the change starts from a segment the log never had there
            return
        segs[i] = _segment(new)
    while segs and segs[-1] is None:
        segs.pop()
    if len(d.changes) >= MAX_LOGGED_CHANGES:
        h.cut = True  # more changed than the entry lists: the digest below may rightly differ
        return
    if None in segs or facts_digest({"s": segs}) != d.segments_sha256 or len(segs) != d.segments:
        h.broken_at = seq


def _segment(raw: object) -> dict[str, object] | None:
    if not isinstance(raw, dict):
        return None
    return {k: raw.get(k) for k in _SEGMENT_KEYS}


def check_media(entries: list[LogEntry], stored: MediaDigests, items: Mapping[int, str]) -> Iterator[Check]:
    """The checks of this module (see its docstring).

    Args:
        entries: the custody log (parsed, in order).
        stored: the index's readings, records and transcripts as digests.
        items: the items in the index, id → how a check names it ("item 3 (exhibit 2, a.m4a)").

    Returns:
        The checks, failing ones first within each kind, then one holding check per kind.
    """
    logged = _replay(entries)
    yield from _check_readings(logged, stored, items)
    yield from _check_transcripts(logged, stored, items)


def _check_readings(logged: _Logged, stored: MediaDigests, items: Mapping[int, str]) -> Iterator[Check]:
    ok = records_ok = 0
    for iid in sorted(stored.media):
        if iid not in items:
            continue  # a purged item's reading went with it (the index check names a stray row)
        row = stored.media[iid]
        subject = items[iid]
        read = logged.reads.get(iid)
        if read is None and row.kind == "attachment":
            # an attachment with no reading of its own: the row only names its email, which the
            # attachment_extracted entry records
            if row.parent is None or row.parent != logged.parents.get(iid) or row.facts_sha256 != _EMPTY or row.note:
                yield Check("media", subject, False,
                            "the link of an attachment to its email differs from the custody log (edited?)",
                            code="case.media.edited", args={"item": iid, "fields": "parent"})
            else:
                ok += 1
            continue
        if read is None:
            yield Check("media", subject, False, "a reading in the index that the custody log never recorded (row inserted?)",
                        code="case.media.unlogged", args={"item": iid})
            continue
        diffs = [name for name, same in (("kind", row.kind == read.kind), ("facts", row.facts_sha256 == read.facts_sha256),
                                         ("note", row.note[:500] == read.note),
                                         ("parent", row.parent == logged.parents.get(iid))) if not same]
        if diffs:
            yield Check("media", subject, False,
                        f"the reading differs from the one the custody log recorded: {', '.join(diffs)} (edited?)",
                        code="case.media.edited", args={"item": iid, "fields": ",".join(diffs)})
            continue
        ok += 1
        if read.kind != "export":
            continue
        n, digest = stored.records.get(iid, (0, ""))
        if n != read.records or (read.records_sha256 and digest != read.records_sha256):
            yield Check("media", subject, False,
                        f"the export's records differ from the ones the custody log recorded ({n} stored, "
                        f"{read.records} logged; edited, inserted or deleted?)",
                        code="case.records.edited", args={"item": iid, "stored": n, "logged": read.records})
        else:
            records_ok += n
    for iid, read in sorted(logged.reads.items()):
        if iid in items and iid not in stored.media:
            yield Check("media", items[iid], False,
                        f"the custody log recorded a reading ({read.kind}) that the index no longer holds (deleted?)",
                        code="case.media.deleted", args={"item": iid})
    for iid in sorted(stored.records):
        exported = iid in stored.media and stored.media[iid].kind == "export"
        if iid in items and not exported:
            yield Check("media", items[iid], False, "export records in the index that no reading recorded (rows inserted?)",
                        code="case.records.edited", args={"item": iid, "stored": stored.records[iid][0], "logged": 0})
    if ok:
        yield Check("media", "readings of recordings, exports, emails and documents", True,
                    f"{ok} readings ({records_ok} export records) match the custody log",
                    code="case.media.ok", args={"readings": ok, "records": records_ok})


def _check_transcripts(logged: _Logged, stored: MediaDigests, items: Mapping[int, str]) -> Iterator[Check]:
    ok = cut = 0
    for iid in sorted(stored.transcripts):
        if iid not in items:
            continue
        status, engine, digest = stored.transcripts[iid]
        subject = items[iid]
        h = logged.transcripts.get(iid)
        if h is None:
            yield Check("transcript", subject, False,
                        "a transcript in the index that the custody log never recorded (row inserted?)",
                        code="case.transcript.unlogged", args={"item": iid})
            continue
        d = h.latest
        diffs = [name for name, same in (("status", status == d.status), ("engine", engine == d.engine),
                                         ("segments", digest == d.segments_sha256)) if not same]
        if diffs:
            yield Check("transcript", subject, False,
                        f"the transcript differs from the one the custody log recorded: {', '.join(diffs)} (edited?)",
                        code="case.transcript.edited", args={"item": iid, "fields": ",".join(diffs)})
            continue
        if h.broken_at is not None:
            yield Check("transcript", subject, False,
                        f"the edits the custody log records do not lead to the transcript it records (entry "
                        f"{h.broken_at} altered, or an edit removed)",
                        code="case.transcript.history", args={"item": iid, "seq": h.broken_at})
            continue
        ok += 1
        cut += h.cut
    for iid, h in sorted(logged.transcripts.items()):
        if iid in items and iid not in stored.transcripts:
            yield Check("transcript", items[iid], False,
                        "the custody log recorded a transcript that the index no longer holds (deleted?)",
                        code="case.transcript.deleted", args={"item": iid})
    if ok:
        more = (f"; {cut} had more segments changed at once than one entry lists, so their edits are replayed "
                "up to that entry and their latest text is checked by its digest") if cut else ""
        yield Check("transcript", "transcripts", True,
                    f"{ok} transcripts match the custody log, every logged edit replayed{more}",
                    code="case.transcript.ok", args={"transcripts": ok, "cut": cut})
