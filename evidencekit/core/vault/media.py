"""Reading what is inside items other than screenshots, at import and on demand: recordings and
videos (facts from the probe, the recorder's file-name convention), exports (their messages and
calls as records), emails (headers, body, attachments as child items), PDF documents (text; scanned
pages by OCR when asked) — and the transcripts of recordings.

Every result is stored in the tables of ``tables/media.py`` and recorded in the custody log
(``media_read`` with the digests of what was stored, ``attachment_extracted`` for each child item,
``transcript_saved`` for each change of a transcript), in the same transaction.

Order at import (see ``importer``): the probe's facts of a recording or video are written with its
item, in the item's transaction (:func:`on_imported`); what takes longer — an export of millions of
records, an email's attachments, a document's text — is read after the item is committed
(:func:`after_import`). A crash between the two leaves an item not yet read: :func:`unread` finds
it and :meth:`MediaAccess.read` reads it again (records are written all or nothing).
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable, Iterator, Sequence
from dataclasses import asdict, replace
from pathlib import Path
from typing import TYPE_CHECKING, cast

from evidencekit.core.media.exports import ExportError, HostileExport, open_export
from evidencekit.core.media.model import (
    AvFacts,
    EmailAttachment,
    ItemMedia,
    Record,
    Segment,
    Transcript,
    facts_digest,
    facts_to_json,
    segments_json,
)
from evidencekit.core.media.numbers import number_key
from evidencekit.core.media.recorders import from_name
from evidencekit.core.models import ImportOutcome, Item, ItemKind
from evidencekit.core.vault import actions
from evidencekit.core.vault.context import VaultContext
from evidencekit.core.vault.store import force_remove
from evidencekit.core.vault.tables.media import MediaDigests, MediaTable, RecordsTable, TranscriptsTable, media_digests
from evidencekit.errors import ImportRejected, VaultError

if TYPE_CHECKING:
    from evidencekit.core.media.sniff import Probe
    from evidencekit.core.media.speech import SpeechEngine
    from evidencekit.core.progress import CancelToken
    from evidencekit.core.vault.tables import NewItem

log = logging.getLogger(__name__)

BATCH = 5000  # records per INSERT
SEARCH_TEXT_MAX = 2_000_000  # characters of an export's or document's text made searchable


# ------------------------------------------------------------------ at import


def on_imported(v: VaultContext, item_id: int, new: NewItem, pr: Probe) -> None:
    """Store what the probe found of a recording or video (or why it is kept as an unknown
    file); inside the import's transaction, after the item's own entry."""
    av = pr.av
    if av is None and not pr.note:
        return
    if av is not None and new.kind == "audio":
        av = replace(av, from_name=from_name(new.original_name))
    elif av is not None and new.kind == "video":
        nf = from_name(new.original_name)
        av = replace(av, from_name=nf if nf and nf.time else None)
    kind = "recording" if new.kind == "audio" else "video" if new.kind == "video" else "unknown"
    m = ItemMedia(kind, av, note=pr.note)  # type: ignore[arg-type]
    _store(v, item_id, new.sha256, m, reader=", ".join(av.tools) if av else "", in_tx=True)


def after_import(v: VaultContext, outcome: ImportOutcome, batch: str) -> Iterator[ImportOutcome]:
    """The outcome (a note added when the item was read as an export, email or document), then
    one outcome per attachment an email holds."""
    if outcome.status != "imported" or outcome.item_id is None:
        yield outcome
        return
    item = v.item(outcome.item_id)
    children: list[ImportOutcome] = []
    try:
        m = read(v, item, batch=batch, children=children)
    except (OSError, ValueError) as e:  # a reader's failure never loses the item, only its reading
        log.warning("reading %s failed: %s", item.original_name, e)
        m = None
    note = _outcome_note(v, item, m)
    yield replace(outcome, reason=note) if note else outcome
    yield from children


def _outcome_note(v: VaultContext, item: Item, m: ItemMedia | None) -> str:
    m = m or MediaTable(v.index.conn).get(item.id)
    if m is None:
        return ""
    if m.export is not None:
        e = m.export
        kinds = ", ".join(_counted(k, n) for k, n in sorted(e.by_kind.items())) or "no records"
        extra = "" if e.complete else " (incomplete: " + "; ".join(e.notes[:1]) + ")"
        return f"{_FORMAT_NAMES.get(e.format, e.format)}: {kinds}{extra}"
    if m.email is not None:
        return f"email: {m.email.subject[:60]!r}, {len(m.email.attachments)} attachment(s)"
    if m.document is not None:
        d = m.document
        scanned = f", {len(d.scanned)} scanned page(s)" if d.scanned else ""
        return f"PDF: {d.pages} page(s){scanned}"
    if m.av is not None and m.kind in ("recording", "video"):
        a = m.av
        bits = [f"{a.duration_s:.1f} s" if a.duration_s else "", a.codec, f"{a.sample_rate} Hz" if a.sample_rate else ""]
        if a.from_name and (a.from_name.time or a.from_name.number):
            bits.append(f"name says {a.from_name.time or ''} {a.from_name.number}".rstrip())
        return f"{m.kind}: " + ", ".join(b for b in bits if b) + (f" — {m.note}" if m.note else "")
    return m.note


# an export's records by kind, as the import line counts them ("13 calls", "1 SMS message")
_KIND_WORDS = {"sms": ("SMS message", "SMS messages"), "mms": ("MMS message", "MMS messages"), "call": ("call", "calls")}


def _counted(kind: str, n: int) -> str:
    one, many = _KIND_WORDS.get(kind, (kind, kind))
    return f"{n} {one if n == 1 else many}"


_FORMAT_NAMES = {"smsbackup-sms": "SMS Backup & Restore messages", "smsbackup-calls": "SMS Backup & Restore call log",
                 "csv": "CSV export", "ios-sms.db": "iPhone Messages database",
                 "imessage-txt": "imessage-exporter text file"}


def read(v: VaultContext, item: Item, *, batch: str = "", children: list[ImportOutcome] | None = None,
         ocr_page: Callable[[Path, int], str] | None = None, ocr_reader: str = "") -> ItemMedia | None:
    """Read an export, email or document item and store what it holds (replacing an earlier
    reading, keeping the email an attachment came from); None when the item is none of these.
    ``ocr_page`` reads a document's scanned pages; ``ocr_reader`` names it in the log."""
    path = v.store.path_of(item.sha256)
    with open(path, "rb") as f:
        head = f.read(8192)
    if item.kind in ("text", "other"):
        try:
            reader = open_export(path, head, fallback_offset=item.import_offset)
        except (ExportError, OSError) as e:
            reader = None
            log.info("not an export: %s", e)
        if reader is not None:
            return _read_export(v, item, reader)
        if item.kind == "text" and (item.mime == "message/rfc822" or _looks_like_email(head)):
            return _read_email(v, item, batch, children if children is not None else [])
        return None
    if item.kind == "pdf":
        from evidencekit.core.media.document import read_pdf

        doc = read_pdf(path, ocr_page=ocr_page)
        m = ItemMedia("document", doc, note="; ".join(doc.notes[:2]))
        with v.index.atomic():
            by = f"pypdf, OCR {ocr_reader}".rstrip() if doc.ocr_pages else "pypdf"
            _store(v, item.id, item.sha256, m, reader=by, in_tx=True)
            v.tables.search.put(item.id, "text", doc.text[:SEARCH_TEXT_MAX])
        v.custody.sync()
        return m
    return None


def _looks_like_email(head: bytes) -> bool:
    from evidencekit.core.media.email import looks_like_email

    return looks_like_email(head)


def _read_export(v: VaultContext, item: Item, reader: object) -> ItemMedia:
    from evidencekit.core.media.exports import ExportReader

    rd = cast(ExportReader, reader)
    table = RecordsTable(v.index.conn)
    texts: list[str] = []
    size = 0
    note = ""
    with v.index.atomic():
        table.clear(item.id)
        pending: list[Record] = []
        try:
            for rec in rd.records():
                pending.append(rec)
                if rec.text and size < SEARCH_TEXT_MAX:
                    texts.append(f"{rec.number} {rec.text}")
                    size += len(texts[-1])
                if len(pending) >= BATCH:
                    table.add(item.id, pending, number_key)
                    pending.clear()
            table.add(item.id, pending, number_key)
            facts = rd.facts
            m = ItemMedia("export", facts, note="; ".join(facts.notes[:3]))
        except HostileExport as e:
            table.clear(item.id)
            note = f"not read as an export: {e}"
            m = ItemMedia("unknown", None, note=note)
            texts = []
        except ExportError as e:
            facts = rd.facts
            note = f"the export could not be read to its end: {e}"
            m = ItemMedia("export", replace(facts, complete=False, notes=(*facts.notes, note)), note=note)
        v.tables.search.put(item.id, "records", "\n".join(texts))
        _store(v, item.id, item.sha256, m, reader=m.export.parser if m.export else "", in_tx=True)
    v.custody.sync()
    return m


def _read_email(v: VaultContext, item: Item, batch: str, children: list[ImportOutcome]) -> ItemMedia:
    from evidencekit.core.media.email import read_email

    try:
        facts, parts = read_email(v.store.path_of(item.sha256))
    except (ValueError, OSError) as e:
        m = ItemMedia("unknown", None, note=f"not read as an email: {e}")
        _store(v, item.id, item.sha256, m, reader="email")
        return m
    attachments: list[EmailAttachment] = []
    existing = {it.sha256: it.id for it in v.tables.items.all(include_withdrawn=True)}
    for part in parts:
        cid = existing.get(part.sha256)
        if cid is None:
            try:
                out = import_child(v, item, part.filename, part.content_type, part.data, batch)
                children.append(out)
                cid = out.item_id
            except ImportRejected as e:
                children.append(ImportOutcome(f"{item.original_name} › {part.filename}", "rejected", reason=e.msg))
        attachments.append(replace(EmailAttachment(part.filename, part.content_type, len(part.data), part.sha256),
                                   item_id=cid))
    facts = replace(facts, attachments=tuple(attachments))
    m = ItemMedia("email", facts, note="; ".join(facts.notes[:2]))
    with v.index.atomic():
        _store(v, item.id, item.sha256, m, reader="email (Python)", in_tx=True)
        v.tables.search.put(item.id, "text", "\n".join((facts.subject, facts.sender, facts.to, facts.body)))
    v.custody.sync()
    return m


def import_child(v: VaultContext, parent: Item, filename: str, content_type: str, data: bytes,
                 batch: str) -> ImportOutcome:
    """Keep ``data`` (an email's attachment) as an item of its own: its digests, its probe, its
    ``item_imported`` entry, then an ``attachment_extracted`` entry naming the parent.

    Raises:
        ImportRejected: the attachment is of no kind EvidenceKit keeps, or broken (the reason).
    """
    from evidencekit.core.clock import offset_str, utc_iso
    from evidencekit.core.media.sniff import Unsupported, probe, sniff
    from evidencekit.core.vault.tables import NewItem

    shown = f"{parent.original_name} › {filename}"
    sn = sniff(data[:64])
    if sn is None:
        raise ImportRejected("unsupported type: not an image, recording, video, PDF or text file")
    import uuid

    v.store.tmp.mkdir(exist_ok=True)
    staged = v.store.tmp / f"{uuid.uuid4().hex}.attachment"  # copy_hashing reads a real file
    try:
        staged.write_bytes(data)
        with open(staged, "rb") as src:
            kept, digest, size = v.store.copy_hashing(src)
        tmp: Path | None = kept
    finally:
        force_remove(staged)
    try:
        existing = v.tables.items.id_of(digest.sha256)
        if existing is not None:
            return ImportOutcome(shown, "duplicate", existing, digest.sha256, "same bytes as an item already in the case")
        try:
            pr = probe(kept, sn.kind, sn.mime)
        except Unsupported as e:
            raise ImportRejected(str(e)) from e
        v.store.keep(kept, digest.sha256)
        tmp = None
        now = v.clock()
        new = NewItem(
            sha256=digest.sha256, sm3=digest.sm3, size=size, kind=cast(ItemKind, pr.kind or sn.kind),
            mime=pr.mime or sn.mime, original_name=filename, original_path=f"{parent.original_path} › {filename}",
            original_path_raw=os.fsencode(parent.original_path), file_mtime=parent.file_mtime or utc_iso(now),
            exif_time=pr.exif_time, imported_at=utc_iso(now), import_offset=offset_str(now), host=v.host, user=v.user,
            position=0, duration_s=pr.duration_s, width=pr.width, height=pr.height, batch=batch,
        )
        with v.index.atomic():
            position = v.tables.items.next_position()
            new = replace(new, position=position)
            item_id = v.tables.items.insert(new)
            v.tables.search.put(item_id, "notes", filename)
            v.custody.append(
                actions.ItemImported(
                    sm3=new.sm3, size=new.size, kind=new.kind, mime=new.mime, original_name=new.original_name,
                    original_path=new.original_path, file_mtime=new.file_mtime, exif_time=new.exif_time,
                    import_offset=new.import_offset, host=new.host, user=new.user, batch=batch, position=position,
                ),
                item_id=item_id, sha256=digest.sha256,
            )
            v.custody.append(actions.AttachmentExtracted(parent.id, parent.sha256, filename, content_type),
                             item_id=item_id, sha256=digest.sha256)
            # the link to the email first: a reading stored after keeps it
            MediaTable(v.index.conn).put(item_id, ItemMedia("attachment", None, parent=parent.id))
            on_imported(v, item_id, new, pr)
        v.custody.sync()
        if new.kind in ("pdf", "text"):  # a statement or letter attached: its text, as for a dropped one
            try:
                read(v, v.item(item_id), batch=batch)
            except (OSError, ValueError) as e:  # its reading only is lost, never the item
                log.warning("reading the attachment %s failed: %s", filename, e)
        return ImportOutcome(shown, "imported", item_id, digest.sha256, f"attachment of item {parent.id}")
    finally:
        if tmp is not None:
            force_remove(tmp)


def _store(v: VaultContext, item_id: int, sha256: str, m: ItemMedia, *, reader: str, in_tx: bool = False) -> None:
    """Write ``m`` and its ``media_read`` entry (in a transaction of its own unless ``in_tx``)."""
    facts = facts_to_json(m.facts) if m.facts is not None else {}
    export = m.export
    entry = actions.MediaRead(kind=m.kind, facts_sha256=facts_digest(facts), records=export.records if export else 0,
                              records_sha256=export.digest if export else "", reader=reader, note=m.note[:500])
    if in_tx:
        MediaTable(v.index.conn).put(item_id, m)
        v.custody.append(entry, item_id=item_id, sha256=sha256)
        return
    with v.index.atomic():
        MediaTable(v.index.conn).put(item_id, m)
        v.custody.append(entry, item_id=item_id, sha256=sha256)
    v.custody.sync()


def unread(v: VaultContext) -> list[int]:
    """Items of a kind that is read after import (text, PDF, unknown) that have no reading yet
    (an import stopped between the item and its reading)."""
    known = MediaTable(v.index.conn).all()
    return [it.id for it in v.tables.items.all(include_withdrawn=True)
            if it.kind in ("text", "pdf") and (it.id not in known or known[it.id].kind == "attachment")]


# ------------------------------------------------------------------ transcripts


def save_transcript(v: VaultContext, item_id: int, segments: Sequence[Segment], *, status: str = "typed",
                    engine: str = "") -> Transcript:
    """Save a recording's transcript and log what changed (each changed segment, old and new).

    Raises:
        VaultError: the item is not a recording or video, or a segment is malformed.
    """
    v.writable()
    it = v.item(item_id)
    if it.kind not in ("audio", "video"):
        raise VaultError(f"item {item_id} is not a recording: it has no transcript")
    segs = tuple(sorted((_check_segment(s, it.duration_s) for s in segments), key=lambda s: (s.start, s.end)))
    if status not in ("typed", "draft", "confirmed"):
        raise VaultError(f"unknown transcript status {status!r}")
    table = TranscriptsTable(v.index.conn)
    before = table.get(item_id)
    old = before.segments if before else ()
    if before is not None and old == segs and before.status == status and before.engine == engine:
        return before
    changes: list[dict[str, object]] = []
    for i in range(max(len(old), len(segs))):
        a = asdict(old[i]) if i < len(old) else None
        b = asdict(segs[i]) if i < len(segs) else None
        if a != b:
            changes.append({"index": i, "old": a, "new": b})
    t = Transcript(segs, status, engine)  # type: ignore[arg-type]
    with v.index.atomic():
        table.put(item_id, t, v.now())
        v.tables.search.put(item_id, "transcript", t.text)
        v.custody.append(actions.TranscriptSaved(status, engine, len(segs), facts_digest({"s": segments_json(segs)}),
                                                 tuple(changes[:500])), item_id=item_id, sha256=it.sha256)
    v.custody.sync()
    return t


def _check_segment(s: Segment, duration: float | None) -> Segment:
    if not isinstance(s, Segment):
        raise VaultError("a transcript segment must be a Segment")
    if s.start < 0 or s.end < s.start:
        raise VaultError(f"a segment must end after it starts ({s.start:.1f}–{s.end:.1f} s)")
    if duration is not None and s.start > duration + 1:
        raise VaultError(f"a segment starts at {s.start:.1f} s, after the recording ends ({duration:.1f} s)")
    return Segment(round(s.start, 2), round(s.end, 2), s.text.strip(), s.speaker.strip())


# ------------------------------------------------------------------ the facade's accessor


class MediaAccess:
    """What ``Case.media`` offers: readings of items other than screenshots, and transcripts."""

    def __init__(self, v: VaultContext) -> None:
        self._v = v

    def of(self, item_id: int) -> ItemMedia | None:
        """The item's reading (its records and transcript included), None when it has none."""
        v = self._v
        m = MediaTable(v.index.conn).get(item_id)
        t = TranscriptsTable(v.index.conn).get(item_id)
        if m is None and t is None:
            return None
        m = m or ItemMedia("recording")
        recs = tuple(RecordsTable(v.index.conn).of(item_id)) if m.kind == "export" else ()
        return replace(m, records=recs, transcript=t)

    def all(self) -> dict[int, ItemMedia]:
        """Every item's reading, by item id (one query per table)."""
        v = self._v
        ms = MediaTable(v.index.conn).all()
        recs = RecordsTable(v.index.conn).all()
        ts = TranscriptsTable(v.index.conn).all()
        out: dict[int, ItemMedia] = {}
        for iid in set(ms) | set(ts):
            m = ms.get(iid) or ItemMedia("recording")
            out[iid] = replace(m, records=tuple(recs.get(iid, ())), transcript=ts.get(iid))
        return out

    def digests(self) -> MediaDigests:
        """The stored readings, export records and transcripts as digests (for verification,
        which replays the custody log against them)."""
        return media_digests(self._v.index.conn)

    def children(self, item_id: int) -> list[int]:
        """The items extracted from this one (an email's attachments)."""
        return MediaTable(self._v.index.conn).children(item_id)

    def read(self, item_id: int, *, ocr_page: Callable[[Path, int], str] | None = None,
             ocr_reader: str = "") -> ItemMedia | None:
        """Read (again) an export, email or document item; logged. ``ocr_page`` reads a scanned
        page of a PDF (see :func:`evidencekit.core.media.document.read_pdf`), ``ocr_reader``
        names the engine in the log (``Case.ocr`` passes both)."""
        self._v.writable()
        return read(self._v, self._v.item(item_id), ocr_page=ocr_page, ocr_reader=ocr_reader)

    def unread(self) -> list[int]:
        return unread(self._v)

    def save_transcript(self, item_id: int, segments: Sequence[Segment], *, status: str = "typed",
                        engine: str = "") -> Transcript:
        """Save the transcript of a recording (see :func:`save_transcript`); logged."""
        return save_transcript(self._v, item_id, segments, status=status, engine=engine)

    def edit_transcript(self, item_id: int, segments: Sequence[Segment]) -> Transcript:
        """Save the person's edit of a transcript: a typed one stays typed, a machine draft stays a
        draft (still marked machine-made) until confirmed, a confirmed one stays confirmed; logged
        with every changed segment.

        Raises:
            VaultError: not a recording, or a malformed segment.
        """
        t = TranscriptsTable(self._v.index.conn).get(item_id)
        status, engine = (t.status, t.engine) if t is not None else ("typed", "")
        return save_transcript(self._v, item_id, segments, status=status, engine=engine)

    def transcribe(self, item_id: int, engine: SpeechEngine, *, language: str | None = None,
                   cancel: CancelToken | None = None, replace_text: bool = False) -> Transcript:
        """A draft transcript of a recording by a speech engine, saved as machine-made (status
        "draft", the engine's description) until the person confirms it; logged.

        Args:
            item_id: a recording or video.
            engine: the recogniser (see :mod:`evidencekit.core.media.speech`).
            language: "zh", "en"... or None to let the engine tell.
            cancel: stops the recognition (nothing is saved).
            replace_text: replace a transcript the person typed or confirmed (else refused).

        Raises:
            VaultError: not a recording, or a transcript the person wrote is there.
            MissingDependencyError: the engine or its model is missing.
            Cancelled: ``cancel`` was set.
        """
        v = self._v
        v.writable()
        it = v.item(item_id)
        if it.kind not in ("audio", "video"):
            raise VaultError(f"item {item_id} is not a recording: it has no transcript")
        before = TranscriptsTable(v.index.conn).get(item_id)
        if before is not None and before.status != "draft" and before.segments and not replace_text:
            raise VaultError(f"item {item_id} has a transcript {'typed' if before.status == 'typed' else 'confirmed'} "
                             "by the person: a machine draft would replace it (ask again to replace it)")
        segments = list(engine.transcribe(v.store.path_of(it.sha256), language=language, cancel=cancel))
        if cancel is not None:
            cancel.raise_if_cancelled()
        return save_transcript(v, item_id, segments, status="draft", engine=engine.description)

    def confirm_transcript(self, item_id: int) -> Transcript:
        """The person checked a machine-made draft: it is no longer marked as machine-made; logged.

        Raises:
            VaultError: there is no transcript.
        """
        t = TranscriptsTable(self._v.index.conn).get(item_id)
        if t is None:
            raise VaultError(f"item {item_id} has no transcript to confirm")
        return save_transcript(self._v, item_id, t.segments, status="confirmed" if t.engine else "typed",
                               engine=t.engine)
