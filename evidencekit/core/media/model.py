"""What EvidenceKit reads out of the kinds of evidence other than screenshots: the messages and
calls of an export (:class:`Record`), the technical facts of a recording or a video
(:class:`AvFacts`), a document's text (:class:`DocFacts`), an email (:class:`EmailFacts`), a
recording's transcript (:class:`Transcript`), and everything one item holds (:class:`ItemMedia`).

Values only: frozen dataclasses that turn into plain JSON and back (the index stores them as JSON,
the custody log records their digests). Times are naive local times as the phone showed them
(ISO 8601 without zone), beside the UTC time when the source gives one.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass, field, fields
from typing import Any, Literal, TypeAlias, get_args

RecordKind = Literal["sms", "mms", "call"]
RECORD_KINDS: tuple[RecordKind, ...] = get_args(RecordKind)
Direction = Literal["in", "out", ""]

# SMS Backup & Restore's `type` of an <sms> (and `msg_box` of an <mms>): Android's Telephony
# provider values (Telephony.TextBasedSmsColumns.MESSAGE_TYPE_*).
SMS_TYPES: dict[int, str] = {1: "received", 2: "sent", 3: "draft", 4: "outbox", 5: "failed", 6: "queued"}
# Its `type` of a <call>: android.provider.CallLog.Calls.*_TYPE.
CALL_TYPES: dict[int, str] = {1: "incoming", 2: "outgoing", 3: "missed", 4: "voicemail", 5: "rejected",
                              6: "blocked", 7: "answered_externally"}
# MMS <addr type=...>: PduHeaders.FROM (137), TO (151), CC (130), BCC (129).
MMS_ADDR_FROM, MMS_ADDR_TO = 137, 151

#: The statuses of a message the person received, and of one they wrote (sent or not).
RECEIVED = frozenset({"received"})
#: Calls that did not connect.
UNANSWERED_CALLS = frozenset({"missed", "rejected", "blocked", "voicemail"})


@dataclass(frozen=True, slots=True)
class Record:
    """One message or call of an export.

    Attributes:
        row: its place in the export (0-based, in the file's order): the reference the bundle
            prints ("exhibit 4, row 17").
        kind: sms, mms or call.
        number: the other side's number exactly as the export writes it.
        time: naive local time (ISO 8601, seconds), None when the export has none.
        time_utc: the same instant in UTC ("…Z") when the export gives an absolute time.
        direction: "in" (to the person), "out" (by the person), "" unknown.
        status: received, sent, draft, outbox, failed, queued (messages); incoming, outgoing,
            missed, voicemail, rejected, blocked (calls); the raw code when unknown ("type 9").
        text: the message (MMS: its text parts joined).
        duration_s: a call's length in seconds.
        name: the contact name the export gives.
        extra: whatever else the export says that matters (MMS parts, subject, addresses, SIM).
    """

    row: int
    kind: RecordKind
    number: str
    time: str | None
    direction: Direction
    status: str
    text: str = ""
    duration_s: float | None = None
    name: str = ""
    time_utc: str | None = None
    extra: Mapping[str, Any] = field(default_factory=dict)

    @property
    def is_call(self) -> bool:
        return self.kind == "call"

    @property
    def answered(self) -> bool | None:
        """Whether a call connected (None for messages and unknown call statuses)."""
        if not self.is_call:
            return None
        if self.status in UNANSWERED_CALLS:
            return False
        if self.status in ("incoming", "outgoing", "answered_externally"):
            return (self.duration_s or 0) > 0 or self.status == "incoming"
        return None

    def to_json(self) -> dict[str, Any]:
        d = asdict(self)
        d["extra"] = dict(self.extra)
        return d

    @classmethod
    def from_json(cls, d: Mapping[str, Any]) -> Record:
        names = {f.name for f in fields(cls)}
        return cls(**{k: v for k, v in d.items() if k in names})


def records_digest(records: Iterable[Record]) -> str:
    """SHA-256 over the records as canonical JSON lines: what the custody log records, so a
    record edited in the index is found by verification."""
    h = hashlib.sha256()
    for r in records:
        h.update(canonical(r.to_json()) + b"\n")
    return h.hexdigest()


def canonical(obj: object) -> bytes:
    return json.dumps(obj, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode("utf-8")


def facts_digest(obj: object) -> str:
    """SHA-256 of ``obj`` as canonical JSON: what ``media_read`` and ``transcript_saved`` record."""
    return hashlib.sha256(canonical(obj)).hexdigest()


@dataclass(frozen=True, slots=True)
class NameFacts:
    """What a recorder's file name says: when the call was recorded, with whom, by which app."""

    convention: str  # the id of the convention that matched (recorders.json)
    app: str
    time: str | None = None  # naive local ISO
    number: str = ""
    name: str = ""  # the contact name, when the recorder writes one
    direction: Direction = ""


@dataclass(frozen=True, slots=True)
class AvFacts:
    """A recording or video as probed.

    Attributes:
        playable: the decoder read real frames (False: the file is kept as an unknown file).
        duration_s: the length the decoder reached (not the header's claim).
        declared_s: the length the header claims, when it differs.
        container, codec: as ffprobe / mutagen name them ("mov,mp4", "aac").
        sample_rate, channels, bitrate: audio stream parameters.
        width, height, fps: video stream parameters.
        tags: title, artist, date, comment... as stored in the file.
        tools: what read the file ("mutagen 1.47", "ffprobe 5.1").
        notes: what the reader should know ("ffprobe is not installed: codec from mutagen only",
            "truncated: decoding stops at 12.0 s of 60.0 s").
        from_name: what the file name says (a recorder's convention), when one matched.
    """

    playable: bool
    duration_s: float | None = None
    declared_s: float | None = None
    container: str = ""
    codec: str = ""
    sample_rate: int | None = None
    channels: int | None = None
    bitrate: int | None = None
    width: int | None = None
    height: int | None = None
    fps: float | None = None
    tags: Mapping[str, str] = field(default_factory=dict)
    tools: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()
    from_name: NameFacts | None = None


@dataclass(frozen=True, slots=True)
class DocFacts:
    """A PDF document: its pages and text (per page), and which pages were scanned images."""

    pages: int
    text_pages: tuple[str, ...] = ()
    scanned: tuple[int, ...] = ()  # 0-based pages with no text layer (read by OCR when it ran)
    ocr_pages: tuple[int, ...] = ()  # pages whose text came from OCR
    title: str = ""
    producer: str = ""
    notes: tuple[str, ...] = ()

    @property
    def text(self) -> str:
        return "\n\n".join(self.text_pages)


@dataclass(frozen=True, slots=True)
class EmailAttachment:
    filename: str
    content_type: str
    size: int
    sha256: str
    item_id: int | None = None  # the child item holding it


@dataclass(frozen=True, slots=True)
class EmailFacts:
    """An email (.eml): its headers as written, its plain-text body, and its attachments."""

    subject: str = ""
    sender: str = ""
    to: str = ""
    cc: str = ""
    date: str = ""  # the Date header as written
    time: str | None = None  # naive local ISO of the sender's Date
    time_utc: str | None = None
    message_id: str = ""
    received: tuple[str, ...] = ()  # the Received headers, newest first (the delivery path)
    body: str = ""
    attachments: tuple[EmailAttachment, ...] = ()
    notes: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class ExportFacts:
    """An SMS or call-log export as read: the format, how many records of each kind, how times
    were put in local time, and what could not be read."""

    format: str  # smsbackup-sms, smsbackup-calls, csv, ios-sms.db, imessage-txt
    records: int = 0
    by_kind: Mapping[str, int] = field(default_factory=dict)
    offset: str = ""  # the UTC offset used for local times ("+08:00")
    offset_basis: str = ""  # where the offset comes from
    complete: bool = True  # False: the file ended early or a record could not be read
    notes: tuple[str, ...] = ()
    digest: str = ""  # records_digest of the records stored
    parser: str = ""
    columns: tuple[str, ...] = ()  # a CSV's header, as found


#: "attachment": an email's attachment with no reading of its own (a picture): the row only links it
#: to the email it came from.
MediaKind = Literal["recording", "video", "document", "email", "export", "unknown", "attachment"]
Facts: TypeAlias = AvFacts | DocFacts | EmailFacts | ExportFacts


@dataclass(frozen=True, slots=True)
class Segment:
    """One stretch of a transcript: from ``start`` to ``end`` seconds, who spoke, what was said."""

    start: float
    end: float
    text: str
    speaker: str = ""


@dataclass(frozen=True, slots=True)
class Transcript:
    """A recording's transcript.

    Attributes:
        segments: in time order.
        status: "typed" (by the person), "draft" (made by speech recognition, not yet
            confirmed: the bundle marks it machine-made), "confirmed" (a draft the person checked).
        engine: the recogniser and model of a draft ("faster-whisper small").
    """

    segments: tuple[Segment, ...]
    status: Literal["typed", "draft", "confirmed"] = "typed"
    engine: str = ""

    @property
    def machine_made(self) -> bool:
        return self.status == "draft"

    @property
    def text(self) -> str:
        return "\n".join(s.text for s in self.segments)


def segments_json(segments: Iterable[Segment]) -> list[dict[str, Any]]:
    return [asdict(s) for s in segments]


def segments_from_json(raw: object) -> tuple[Segment, ...]:
    out: list[Segment] = []
    for d in raw if isinstance(raw, list) else ():
        if isinstance(d, dict):
            try:
                out.append(Segment(float(d.get("start", 0)), float(d.get("end", 0)), str(d.get("text", "")),
                                   str(d.get("speaker", ""))))
            except (TypeError, ValueError):
                continue
    return tuple(out)


@dataclass(frozen=True, slots=True)
class ItemMedia:
    """Everything read out of one item beyond its bytes (None/empty when not that kind).

    Attributes:
        kind: what it is: recording, video, document, email, export, unknown.
        facts: the facts of that kind.
        records: an export's messages and calls (all of them, in file order).
        transcript: a recording's transcript, when there is one.
        parent: the item this one was extracted from (an email's attachment).
        pictures: rebuildable pictures (waveform, keyframes) as paths, by name.
        note: one sentence for the reader ("kept as an unknown file: …").
    """

    kind: MediaKind
    facts: Facts | None = None
    records: tuple[Record, ...] = ()
    transcript: Transcript | None = None
    parent: int | None = None
    note: str = ""

    @property
    def av(self) -> AvFacts | None:
        return self.facts if isinstance(self.facts, AvFacts) else None

    @property
    def export(self) -> ExportFacts | None:
        return self.facts if isinstance(self.facts, ExportFacts) else None

    @property
    def document(self) -> DocFacts | None:
        return self.facts if isinstance(self.facts, DocFacts) else None

    @property
    def email(self) -> EmailFacts | None:
        return self.facts if isinstance(self.facts, EmailFacts) else None


# ------------------------------------------------------------------ facts <-> JSON

_FACT_TYPES: dict[str, type[Any]] = {"av": AvFacts, "doc": DocFacts, "email": EmailFacts, "export": ExportFacts}


def facts_to_json(f: Facts) -> dict[str, Any]:
    """Facts as a JSON object with their ``type``."""
    name = next(k for k, t in _FACT_TYPES.items() if isinstance(f, t))
    d = asdict(f)
    d["type"] = name
    return d


def facts_from_json(d: Mapping[str, Any]) -> Facts | None:
    """The inverse of :func:`facts_to_json`; None for an unknown type or a damaged value."""
    cls = _FACT_TYPES.get(str(d.get("type", "")))
    if cls is None:
        return None
    names = {f.name for f in fields(cls)}
    kw: dict[str, Any] = {k: v for k, v in d.items() if k in names}
    try:
        for k, v in list(kw.items()):
            if isinstance(v, list) and k != "attachments":
                kw[k] = tuple(v)
        if cls is AvFacts and isinstance(kw.get("from_name"), dict):
            nf = kw["from_name"]
            kw["from_name"] = NameFacts(**{k: v for k, v in nf.items() if k in {f.name for f in fields(NameFacts)}})
        if cls is EmailFacts:
            kw["attachments"] = tuple(EmailAttachment(**a) for a in kw.get("attachments") or () if isinstance(a, dict))
        return cls(**kw)  # type: ignore[no-any-return]
    except (TypeError, ValueError):
        return None
