"""The custody log's vocabulary: every action a case records, and what each entry's ``details`` hold.

The :class:`Action` values are the strings written into ``custody.jsonl``; they are part of the case
format and never change. Each action has one frozen details class (``ItemImported``,
``TextCorrected``…) and this module is the only place that turns one into the ``details`` dict of a
log entry (:func:`encode`) or back (:func:`decode`).

Decoding is tolerant: a log written by any earlier version, or a bundle's copy with numbers masked,
decodes without error — a missing or ill-typed value becomes the field's default, and an action this
version does not know decodes to :class:`Unknown`. Whether a log is genuine is the chain's business
(``custody.check_chain``), not the decoder's.
"""

from __future__ import annotations

import base64
import binascii
from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from enum import StrEnum
from typing import ClassVar, Literal, TypeAlias, cast, get_args

from evidencekit.core.models import CaseMeta, JsonValue, Language, LogEntry, Purpose, Respondent
from evidencekit.errors import VaultError

FieldValue: TypeAlias = "str | tuple[str, ...] | None"  # an annotation field's value (tags: a tuple)


class Action(StrEnum):
    CASE_CREATED = "case_created"
    CASE_UPDATED = "case_updated"
    ITEM_IMPORTED = "item_imported"
    DUPLICATE_SEEN = "duplicate_seen"
    IMPORT_REJECTED = "import_rejected"
    OCR_RUN = "ocr_run"
    TEXT_CORRECTED = "text_corrected"
    ANNOTATION_CHANGED = "annotation_changed"
    ITEM_WITHDRAWN = "item_withdrawn"
    ITEM_RESTORED = "item_restored"
    ITEM_PURGED = "item_purged"
    EXPORT_MADE = "export_made"
    VERIFICATION_RUN = "verification_run"
    TIMESTAMP_ADDED = "timestamp_added"
    IDENTITY_CREATED = "identity_created"
    IDENTITY_IMPORTED = "identity_imported"
    RECOVERED = "recovered"
    # what is read out of recordings, videos, documents, emails and exports, and transcripts
    MEDIA_READ = "media_read"
    ATTACHMENT_EXTRACTED = "attachment_extracted"
    TRANSCRIPT_SAVED = "transcript_saved"
    ROLLBACK_SEEN = "rollback_seen"
    ACCESS_RESTRICTED = "access_restricted"
    DRAFT_EDITED = "draft_edited"
    SETTINGS_CHANGED = "settings_changed"


# Actions that introduce a signing certificate (the chain check follows them).
IDENTITY_ACTIONS = frozenset({Action.CASE_CREATED, Action.IDENTITY_CREATED, Action.IDENTITY_IMPORTED})


# --------------------------------------------------------------------- the details, one per action


@dataclass(frozen=True, slots=True)
class CaseCreated:
    """The first entry: the case's description and the certificate that signs the log."""

    action: ClassVar[Action] = Action.CASE_CREATED
    meta: CaseMeta | None
    certificate_sha256: str = ""
    certificate_pem: str = ""


@dataclass(frozen=True, slots=True)
class CaseUpdated:
    """The case's description after a change (None: an entry written without one)."""

    action: ClassVar[Action] = Action.CASE_UPDATED
    meta: CaseMeta | None = None


@dataclass(frozen=True, slots=True)
class ItemImported:
    """What import recorded about an original; never changed afterwards (verify replays it)."""

    action: ClassVar[Action] = Action.ITEM_IMPORTED
    sm3: str = ""
    size: int = 0
    kind: str = ""
    mime: str = ""
    original_name: str = ""
    original_path: str = ""
    file_mtime: str | None = None
    exif_time: str | None = None
    import_offset: str = ""
    host: str = ""
    user: str = ""
    batch: str = ""  # one id per import run: the unit a trusted timestamp covers
    position: int = 0


@dataclass(frozen=True, slots=True)
class DuplicateSeen:
    action: ClassVar[Action] = Action.DUPLICATE_SEEN
    path: str = ""
    original_name: str = ""


@dataclass(frozen=True, slots=True)
class ImportRejected:
    action: ClassVar[Action] = Action.IMPORT_REJECTED
    path: str = ""
    reason: str = ""


@dataclass(frozen=True, slots=True)
class OcrRun:
    """One reading of an item: the engine, its version and language data, and what it found.

    ``result_sha256`` is the SHA-256 of the canonical JSON of the reading as the index keeps it
    (verification recomputes it); ``cache_sha256`` the SHA-256 of the bytes of the cache file the
    reading came from or went to (a cache file is used again only when its digest was logged).
    Both are empty in entries written before they were recorded.
    """

    action: ClassVar[Action] = Action.OCR_RUN
    engine: str | None = None
    version: str | None = None
    languages: str | None = None
    script: str | None = None
    messages: int = 0
    cache_key: str = ""
    result_sha256: str = ""
    cache_sha256: str = ""


# What a correction may change: a message's text, its resolved time ("" for no time) or side
# ("in", "out", "" unknown), or the screenshot's sender (one per screenshot: ``message`` is None).
CorrectionField = Literal["text", "sent_at", "side", "sender"]
CORRECTION_FIELDS: tuple[CorrectionField, ...] = get_args(CorrectionField)


@dataclass(frozen=True, slots=True)
class TextCorrected:
    """The user corrected ``field`` of message ``message`` (0-based): the value OCR gave, the value
    before this correction, the new value. ``field`` is absent from entries that correct the text
    (the only kind earlier versions wrote); a correction of the sender has no ``message``."""

    action: ClassVar[Action] = Action.TEXT_CORRECTED
    message: int | None = None
    ocr_text: str = ""
    old: str = ""
    new: str = ""
    field: str = "text"


@dataclass(frozen=True, slots=True)
class Change:
    old: FieldValue
    new: FieldValue


@dataclass(frozen=True, slots=True)
class AnnotationChanged:
    """Fields the user changed (``changes``), or a move in the exhibit order (0-based indexes
    among all items): an entry holds one or the other."""

    action: ClassVar[Action] = Action.ANNOTATION_CHANGED
    changes: Mapping[str, Change] = field(default_factory=dict)
    moved_from: int | None = None
    moved_to: int | None = None


@dataclass(frozen=True, slots=True)
class ItemWithdrawn:
    action: ClassVar[Action] = Action.ITEM_WITHDRAWN
    reason: str = ""


@dataclass(frozen=True, slots=True)
class ItemRestored:
    action: ClassVar[Action] = Action.ITEM_RESTORED


@dataclass(frozen=True, slots=True)
class ItemPurged:
    action: ClassVar[Action] = Action.ITEM_PURGED
    original_name: str = ""
    reason: str = ""


@dataclass(frozen=True, slots=True)
class ExportMade:
    """A bundle written from the case: its files and their digests."""

    action: ClassVar[Action] = Action.EXPORT_MADE
    pdf: str = ""
    pdf_sha256: str = ""
    pdf_sm3: str = ""
    fingerprint: str = ""
    pages: int = 0
    items: int = 0
    redacted: bool = False
    timestamped: bool = False
    zip: str | None = None  # absent when no ZIP was written
    zip_sha256: str | None = None


@dataclass(frozen=True, slots=True)
class VerificationRun:
    action: ClassVar[Action] = Action.VERIFICATION_RUN
    summary: str = ""


@dataclass(frozen=True, slots=True)
class TimestampAdded:
    """An RFC 3161 reply obtained for one import batch; later exports reuse it while it covers
    the batch. ``token`` is None when the stored value is not base64 (a damaged log)."""

    action: ClassVar[Action] = Action.TIMESTAMP_ADDED
    batch: str = ""
    tsa: str = ""
    gen_time: str = ""
    imprint_sha256: str = ""
    token: bytes | None = None


@dataclass(frozen=True, slots=True)
class IdentityCreated:
    action: ClassVar[Action] = Action.IDENTITY_CREATED
    certificate_sha256: str = ""
    certificate_pem: str = ""


@dataclass(frozen=True, slots=True)
class IdentityImported:
    """A new signing certificate; the entry is signed by the key it replaces."""

    action: ClassVar[Action] = Action.IDENTITY_IMPORTED
    certificate_sha256: str = ""
    certificate_pem: str = ""
    previous_certificate_sha256: str = ""
    subject: str = ""


@dataclass(frozen=True, slots=True)
class Recovered:
    """Files removed because no custody entry vouches for them (the first 200 named): leftovers
    of an interrupted import (``reason`` empty, as earlier versions wrote it) or of another
    interrupted process, or cache entries the log never recorded (``reason`` says which)."""

    action: ClassVar[Action] = Action.RECOVERED
    removed: tuple[str, ...] = ()
    count: int = 0
    reason: str = ""


@dataclass(frozen=True, slots=True)
class MediaRead:
    """What was read out of an item beyond its bytes: its ``kind`` (recording, video, document,
    email, export, unknown), the SHA-256 of the facts as stored (``facts_sha256``), an export's
    record count and their digest (``records``, ``records_sha256``), the reader, and the note
    shown to the reader (why a file is kept as unknown, what an export lacks)."""

    action: ClassVar[Action] = Action.MEDIA_READ
    kind: str = ""
    facts_sha256: str = ""
    records: int = 0
    records_sha256: str = ""
    reader: str = ""
    note: str = ""


@dataclass(frozen=True, slots=True)
class AttachmentExtracted:
    """This item was taken out of item ``parent`` (an email's attachment ``filename``)."""

    action: ClassVar[Action] = Action.ATTACHMENT_EXTRACTED
    parent: int = 0
    parent_sha256: str = ""
    filename: str = ""
    content_type: str = ""


@dataclass(frozen=True, slots=True)
class TranscriptSaved:
    """A recording's transcript as saved: its status (typed, draft, confirmed), the engine of a
    draft, the number of segments and their SHA-256 (verification compares), and each segment
    that changed: ``changes`` is a list of {"index", "old", "new"} (segments as {start, end,
    speaker, text}; None where a segment was added or removed)."""

    action: ClassVar[Action] = Action.TRANSCRIPT_SAVED
    status: str = ""
    engine: str = ""
    segments: int = 0
    segments_sha256: str = ""
    changes: tuple[Mapping[str, object], ...] = ()


@dataclass(frozen=True, slots=True)
class RollbackSeen:
    """At a writable open, the case was older than this computer's record of it (``heads``):
    the record named entry ``seq`` with ``hash``, written ``seen_at`` in the case at ``path``,
    and this log does not hold it (the folder was put back as it was earlier, or is another,
    older copy of the case)."""

    action: ClassVar[Action] = Action.ROLLBACK_SEEN
    seq: int = 0
    hash: str = ""
    seen_at: str = ""
    path: str = ""


@dataclass(frozen=True, slots=True)
class AccessRestricted:
    """Files and folders of the case (relative paths, the first 200) that other users of the
    computer could read, made owner-only at a writable open."""

    action: ClassVar[Action] = Action.ACCESS_RESTRICTED
    paths: tuple[str, ...] = ()
    count: int = 0


@dataclass(frozen=True, slots=True)
class DraftEdited:
    """The person edited a complaint or brief written from the case (or went back to the text
    written from the case: ``reverted``). The text is kept with the case; the log keeps its
    digest and length, the draft it started from, and the previous edit's digest."""

    action: ClassVar[Action] = Action.DRAFT_EDITED
    channel: str = ""
    language: str = ""
    sha256: str = ""  # of the text saved (of the text written from the case when reverted)
    chars: int = 0
    based_on_sha256: str = ""  # the text as written from the case when the edit began
    previous_sha256: str = ""  # the edit it replaces ("" for the first)
    reverted: bool = False


@dataclass(frozen=True, slots=True)
class SettingsChanged:
    """The person changed the case's settings: the facts the findings rest on (when they asked
    the senders to stop and whom, on what basis, which respondents lent the money, the
    jurisdiction and rule set) with their new values in ``facts``; the other fields changed
    (their address and ID, questions for a lawyer…) by name only, in ``changed``; ``sha256``: of
    the settings as saved."""

    action: ClassVar[Action] = Action.SETTINGS_CHANGED
    changed: tuple[str, ...] = ()
    facts: Mapping[str, str] = field(default_factory=dict)
    sha256: str = ""


@dataclass(frozen=True, slots=True)
class Unknown:
    """An entry whose action this version does not know (a newer EvidenceKit wrote it)."""

    name: str
    raw: Mapping[str, object] = field(default_factory=dict)


Details: TypeAlias = (
    CaseCreated | CaseUpdated | ItemImported | DuplicateSeen | ImportRejected | OcrRun | TextCorrected
    | AnnotationChanged | ItemWithdrawn | ItemRestored | ItemPurged | ExportMade | VerificationRun
    | TimestampAdded | IdentityCreated | IdentityImported | Recovered | MediaRead | AttachmentExtracted
    | TranscriptSaved | RollbackSeen | AccessRestricted | DraftEdited | SettingsChanged
)


# --------------------------------------------------------------------- encoding


def encode(details: Details) -> dict[str, JsonValue]:
    """The ``details`` dict written into the log for ``details`` (its action is ``details.action``).

    The shapes are the case format: the same keys and values every earlier version wrote.
    """
    match details:
        case CaseCreated(meta=meta):
            out: dict[str, JsonValue] = {"certificate_sha256": details.certificate_sha256,
                                         "certificate_pem": details.certificate_pem}
            if meta is not None:
                out["meta"] = meta_dict(meta)
            return out
        case CaseUpdated(meta=meta):
            return {} if meta is None else {"meta": meta_dict(meta)}
        case AnnotationChanged():
            out = {}
            if details.changes:
                out["changes"] = {k: {"old": _field_json(c.old), "new": _field_json(c.new)}
                                  for k, c in details.changes.items()}
            if details.moved_from is not None or details.moved_to is not None:
                out["moved_from"] = details.moved_from
                out["moved_to"] = details.moved_to
            return out
        case ExportMade():
            out = _plain(details)
            for key in ("zip", "zip_sha256"):
                if out[key] is None:
                    del out[key]
            return out
        case TimestampAdded(token=token):
            out = _plain(details)
            del out["token"]
            out["token_b64"] = base64.b64encode(token).decode("ascii") if token is not None else ""
            return out
        case Recovered():
            out = {"removed": list(details.removed), "count": details.count}
            if details.reason:
                out["reason"] = details.reason
            return out
        case TranscriptSaved():
            out = _plain(details)
            out["changes"] = [cast(JsonValue, dict(c)) for c in details.changes]
            return out
        case OcrRun():
            out = _plain(details)
            for key in ("result_sha256", "cache_sha256"):
                if not out[key]:
                    del out[key]  # an entry without them has the shape earlier versions wrote
            return out
        case AccessRestricted():
            return {"paths": list(details.paths), "count": details.count}
        case SettingsChanged():
            return {"changed": list(details.changed), "facts": dict(details.facts), "sha256": details.sha256}
        case TextCorrected():
            out = _plain(details)
            if details.field == "text":
                del out["field"]  # the shape every earlier version wrote
            return out
        case _:
            return _plain(details)


def _plain(details: Details) -> dict[str, JsonValue]:
    # flat dataclasses of str/int/bool/None: their fields are the keys
    return {f.name: getattr(details, f.name) for f in fields(details)}


def _field_json(v: FieldValue) -> JsonValue:
    return list(v) if isinstance(v, tuple) else v


def meta_dict(meta: CaseMeta) -> dict[str, JsonValue]:
    """A case description as the log and the index store it."""
    d: dict[str, JsonValue] = {
        "title": meta.title,
        "claimant_name": meta.claimant_name,
        "claimant_phone": meta.claimant_phone,
        "respondents": [{"name": r.name, "numbers": list(r.numbers)} for r in meta.respondents],
        "purpose": meta.purpose,
        "language": meta.language,
        "created_at": meta.created_at,
    }
    if meta.claimant_other_names:  # only when given: descriptions logged before it read as before
        d["claimant_other_names"] = list(meta.claimant_other_names)
    return d


# --------------------------------------------------------------------- decoding


def decode(entry: LogEntry) -> Details | Unknown:
    """The details of a log entry as a value of its action's class (see the module's note on
    tolerance)."""
    return decode_details(entry.action, entry.details)


def decode_details(action: str, d: Mapping[str, object]) -> Details | Unknown:
    """:func:`decode` for an action name and a ``details`` dict."""
    try:
        a = Action(action)
    except ValueError:
        return Unknown(action, dict(d))
    match a:
        case Action.CASE_CREATED:
            return CaseCreated(meta_from(d.get("meta")), _s(d, "certificate_sha256"), _s(d, "certificate_pem"))
        case Action.CASE_UPDATED:
            return CaseUpdated(meta_from(d.get("meta")))
        case Action.ITEM_IMPORTED:
            return ItemImported(
                sm3=_s(d, "sm3"), size=_i(d, "size"), kind=_s(d, "kind"), mime=_s(d, "mime"),
                original_name=_s(d, "original_name"), original_path=_s(d, "original_path"),
                file_mtime=_os(d, "file_mtime"), exif_time=_os(d, "exif_time"),
                import_offset=_s(d, "import_offset"), host=_s(d, "host"), user=_s(d, "user"),
                batch=_s(d, "batch"), position=_i(d, "position"),
            )
        case Action.DUPLICATE_SEEN:
            return DuplicateSeen(_s(d, "path"), _s(d, "original_name"))
        case Action.IMPORT_REJECTED:
            return ImportRejected(_s(d, "path"), _s(d, "reason"))
        case Action.OCR_RUN:
            return OcrRun(_os(d, "engine"), _os(d, "version"), _os(d, "languages"), _os(d, "script"),
                          _i(d, "messages"), _s(d, "cache_key"), _s(d, "result_sha256"), _s(d, "cache_sha256"))
        case Action.TEXT_CORRECTED:
            return TextCorrected(_oi(d, "message"), _s(d, "ocr_text"), _s(d, "old"), _s(d, "new"),
                                 _s(d, "field") or "text")
        case Action.ANNOTATION_CHANGED:
            raw = d.get("changes")
            changes = {str(k): Change(_field(c, "old"), _field(c, "new"))
                       for k, c in (raw.items() if isinstance(raw, dict) else ()) if isinstance(c, dict)}
            return AnnotationChanged(changes, _oi(d, "moved_from"), _oi(d, "moved_to"))
        case Action.ITEM_WITHDRAWN:
            return ItemWithdrawn(_s(d, "reason"))
        case Action.ITEM_RESTORED:
            return ItemRestored()
        case Action.ITEM_PURGED:
            return ItemPurged(_s(d, "original_name"), _s(d, "reason"))
        case Action.EXPORT_MADE:
            return ExportMade(
                pdf=_s(d, "pdf"), pdf_sha256=_s(d, "pdf_sha256"), pdf_sm3=_s(d, "pdf_sm3"),
                fingerprint=_s(d, "fingerprint"), pages=_i(d, "pages"), items=_i(d, "items"),
                redacted=d.get("redacted") is True, timestamped=d.get("timestamped") is True,
                zip=_os(d, "zip"), zip_sha256=_os(d, "zip_sha256"),
            )
        case Action.VERIFICATION_RUN:
            return VerificationRun(_s(d, "summary"))
        case Action.TIMESTAMP_ADDED:
            return TimestampAdded(_s(d, "batch"), _s(d, "tsa"), _s(d, "gen_time"), _s(d, "imprint_sha256"),
                                  _b64(d.get("token_b64")))
        case Action.IDENTITY_CREATED:
            return IdentityCreated(_s(d, "certificate_sha256"), _s(d, "certificate_pem"))
        case Action.IDENTITY_IMPORTED:
            return IdentityImported(_s(d, "certificate_sha256"), _s(d, "certificate_pem"),
                                    _s(d, "previous_certificate_sha256"), _s(d, "subject"))
        case Action.RECOVERED:
            raw = d.get("removed")
            removed = tuple(str(x) for x in raw) if isinstance(raw, list) else ()
            return Recovered(removed, _i(d, "count"), _s(d, "reason"))
        case Action.MEDIA_READ:
            return MediaRead(_s(d, "kind"), _s(d, "facts_sha256"), _i(d, "records"), _s(d, "records_sha256"),
                             _s(d, "reader"), _s(d, "note"))
        case Action.ATTACHMENT_EXTRACTED:
            return AttachmentExtracted(_i(d, "parent"), _s(d, "parent_sha256"), _s(d, "filename"),
                                       _s(d, "content_type"))
        case Action.TRANSCRIPT_SAVED:
            raw = d.get("changes")
            edits = tuple(dict(c) for c in raw if isinstance(c, dict)) if isinstance(raw, list) else ()
            return TranscriptSaved(_s(d, "status"), _s(d, "engine"), _i(d, "segments"), _s(d, "segments_sha256"),
                                   edits)
        case Action.ACCESS_RESTRICTED:
            raw = d.get("paths")
            return AccessRestricted(tuple(str(x) for x in raw) if isinstance(raw, list) else (), _i(d, "count"))
        case Action.ROLLBACK_SEEN:
            return RollbackSeen(_i(d, "seq"), _s(d, "hash"), _s(d, "seen_at"), _s(d, "path"))
        case Action.SETTINGS_CHANGED:
            raw = d.get("changed")
            facts = d.get("facts")
            return SettingsChanged(tuple(str(x) for x in raw) if isinstance(raw, list) else (),
                                   {str(k): str(v) for k, v in facts.items()} if isinstance(facts, dict) else {},
                                   _s(d, "sha256"))
        case Action.DRAFT_EDITED:
            return DraftEdited(_s(d, "channel"), _s(d, "language"), _s(d, "sha256"), _i(d, "chars"),
                               _s(d, "based_on_sha256"), _s(d, "previous_sha256"), d.get("reverted") is True)


def details_for(action: str, d: Mapping[str, object]) -> Details:
    """:func:`decode_details` for a writer: the action must be known.

    Raises:
        VaultError: no action has this name.
    """
    decoded = decode_details(action, d)
    if isinstance(decoded, Unknown):
        raise VaultError(f"unknown custody action {action!r}")
    return decoded


def meta_from(raw: object) -> CaseMeta | None:
    """A case description from its stored dict (None when there is none)."""
    if not isinstance(raw, dict):
        return None
    respondents = raw.get("respondents")
    purpose = raw.get("purpose")
    others = raw.get("claimant_other_names")
    return CaseMeta(
        title=_s(raw, "title"),
        claimant_name=_s(raw, "claimant_name"),
        claimant_phone=_s(raw, "claimant_phone"),
        respondents=tuple(
            Respondent(_s(r, "name"), tuple(str(n) for n in r.get("numbers") or () if n is not None))
            for r in (respondents if isinstance(respondents, list) else ()) if isinstance(r, dict)
        ),
        # a purpose this version does not know is kept: the bundle names it as it is
        purpose=cast(Purpose, purpose) if isinstance(purpose, str) else "consumer_association",
        language=cast(Language, raw.get("language", "zh-Hans")) if isinstance(raw.get("language", ""), str) else "zh-Hans",
        created_at=_s(raw, "created_at"),
        claimant_other_names=tuple(n for n in (others if isinstance(others, list) else ()) if isinstance(n, str) and n),
    )


def _s(d: Mapping[str, object], key: str) -> str:
    v = d.get(key)
    return v if isinstance(v, str) else ""


def _os(d: Mapping[str, object], key: str) -> str | None:
    v = d.get(key)
    return v if isinstance(v, str) else None


def _i(d: Mapping[str, object], key: str) -> int:
    v = d.get(key)
    return v if isinstance(v, int) and not isinstance(v, bool) else 0


def _oi(d: Mapping[str, object], key: str) -> int | None:
    v = d.get(key)
    return v if isinstance(v, int) and not isinstance(v, bool) else None


def _field(c: Mapping[str, object], key: str) -> FieldValue:
    v = c.get(key)
    if isinstance(v, list):
        return tuple(str(x) for x in v)
    return v if isinstance(v, str) else None


def _b64(v: object) -> bytes | None:
    if not isinstance(v, str):
        return None
    try:
        return base64.b64decode(v, validate=True)
    except (ValueError, binascii.Error):
        return None
