"""Values passed around the core: frozen dataclasses, no behaviour beyond formatting."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import TYPE_CHECKING, Any, Literal, TypeAlias, get_args

if TYPE_CHECKING:
    from evidencekit.core.media.model import ItemMedia

Purpose = Literal["consumer_association", "regulator", "lender", "lawyer", "court"]
PURPOSES: tuple[Purpose, ...] = get_args(Purpose)
Language = Literal["zh-Hans", "zh-Hant", "en"]
LANGUAGES: tuple[Language, ...] = get_args(Language)  # the UI's and the bundle's languages
ItemKind = Literal["image", "audio", "video", "pdf", "text", "other"]
ITEM_KINDS: tuple[ItemKind, ...] = get_args(ItemKind)
# What a custody entry's details and an engine's parameters hold: plain JSON.
JsonValue: TypeAlias = "str | int | float | bool | None | list[JsonValue] | dict[str, JsonValue]"


@dataclass(frozen=True, slots=True)
class Digest:
    """Both fingerprints of one byte string (lower-case hex)."""

    sha256: str
    sm3: str


@dataclass(frozen=True, slots=True)
class Respondent:
    """An institution the messages come from, and the numbers seen for it."""

    name: str
    numbers: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class CaseMeta:
    title: str
    claimant_name: str = ""
    claimant_phone: str = ""
    respondents: tuple[Respondent, ...] = ()
    purpose: Purpose = "consumer_association"
    language: Language = "zh-Hans"
    created_at: str = ""  # ISO 8601, UTC
    #: the other names the claimant is addressed by (a married name such as 何太 or Mrs Ho, an
    #: English name, a nickname): a notice addressed by one of them is theirs, not mis-sent
    claimant_other_names: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Item:
    """One imported original and what the user said about it.

    ``id`` is stable for the life of the case; the exhibit number is derived from ``position``
    and ``group_name`` among the items that are not withdrawn.
    """

    id: int
    sha256: str
    sm3: str
    size: int
    kind: ItemKind
    mime: str
    original_name: str
    original_path: str
    file_mtime: str | None  # ISO 8601, UTC
    exif_time: str | None  # as found in the EXIF data (local time of the phone, no zone)
    imported_at: str  # ISO 8601, UTC
    import_offset: str  # the importing machine's UTC offset, e.g. "+08:00"
    host: str
    user: str
    extraction_note: str = ""
    title: str = ""
    proves: str = ""  # 证明目的
    source: str = ""  # 证据来源
    event_time: str | None = None
    tags: tuple[str, ...] = ()
    group_name: str = ""
    position: int = 0
    withdrawn: bool = False
    withdrawn_reason: str = ""
    duration_s: float | None = None  # recordings
    width: int | None = None  # images
    height: int | None = None
    #: whose phone or account it was received on: "" for the claimant's own, else the third party
    #: as the person names them ("黄小姐 (同事)"): a fact of the item, not read from its wording
    received_by: str = ""

    @property
    def digest(self) -> Digest:
        return Digest(self.sha256, self.sm3)

    @property
    def short_digest(self) -> str:
        return self.sha256[:12]

    @property
    def display_title(self) -> str:
        return self.title or self.original_name


@dataclass(frozen=True, slots=True)
class LogEntry:
    """One line of the custody log."""

    seq: int
    time: str
    actor: str
    action: str
    item_id: int | None
    sha256: str | None
    details: dict[str, JsonValue]
    prev_hash: str
    hash: str
    signature: str = ""  # base64 DER ECDSA over ``hash``


@dataclass(frozen=True, slots=True)
class ImportOutcome:
    """What happened to one path handed to import."""

    path: str
    status: Literal["imported", "duplicate", "rejected"]
    item_id: int | None = None
    sha256: str | None = None
    reason: str = ""


@dataclass(frozen=True, slots=True)
class Fact:
    """A fact extracted from a message: ``kind`` is phone, amount, date, url, institution,
    card_tail, person; ``value`` is normalised, ``text`` as it was shown."""

    kind: str
    value: str
    text: str


@dataclass(frozen=True, slots=True)
class Label:
    """A classification hit and the words that triggered it."""

    name: str
    triggers: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class OcrWarning:
    """Why a reading needs a look: ``code`` is stable and machine-readable (``ocr.empty``,
    ``ocr.low_confidence``, ``layout.no_bubbles``, ``ocr.review``), ``text`` says it in English."""

    code: str
    text: str


@dataclass(frozen=True, slots=True)
class ReviewMark:
    """A line of a message that the primary engine read with low confidence and a second
    engine read differently: the reader should compare it with the image."""

    line: int  # index of the line within the message, top to bottom
    text: str  # the primary reading of that line (as in the message text)
    second: str  # the second engine's reading
    engine: str  # the second engine's name
    confidence: float  # the primary engine's confidence for the line, 0..100


class TimeRule(StrEnum):
    """What a time label left to the reference time (the vocabulary of :class:`TimeBasis`)."""

    RELATIVE_DAY = "relative_day"  # 今天, 昨天, 前天, Today, Yesterday: counted back from its day
    WEEKDAY = "weekday"  # 星期三, 週三, Wed: the latest such day before its day
    NO_YEAR = "no_year"  # 11月19日, Nov 19: its year, or the year before when that date is still to come
    CLOCK_ONLY = "clock_only"  # a bare 09:41: its day


class ReferenceSource(StrEnum):
    """Where a reference time came from."""

    EXIF = "exif"  # the screenshot's own EXIF DateTimeOriginal / DateTime
    FILE_NAME = "file_name"  # the moment the phone wrote into the file's name (Screenshot_2026-11-13-07-40-12…)
    FILE_MTIME = "file_mtime"  # the file's modification time (local time of the reading machine)
    GIVEN = "given"  # given by the caller (the case, a command-line option), origin not stated
    USER = "user"  # typed by the user (``--reference-time``)


@dataclass(frozen=True, slots=True)
class ReferenceTime:
    """"Now" for a screenshot, and where that came from: relative time labels resolve against it."""

    at: datetime  # local time, naive
    source: ReferenceSource = ReferenceSource.GIVEN


@dataclass(frozen=True, slots=True)
class TimeBasis:
    """What a message's resolved time rests on when its label does not say it all (今天,
    昨天 下午3:05, 星期三, 11月19日 without a year, a bare 09:41). The label itself stays in
    ``Message.time_label``, as shown; this records how ``Message.sent_at`` was worked out from it,
    so that a reader can check it and a wrong reference can be noticed and corrected."""

    rule: TimeRule
    reference: str  # the reference time, ISO 8601 local (``2026-11-27T10:00:00``)
    source: ReferenceSource


@dataclass(frozen=True, slots=True)
class Message:
    text: str
    time_label: str | None = None
    sent_at: str | None = None  # ISO 8601 local date-time when resolvable
    bbox: tuple[int, int, int, int] = (0, 0, 0, 0)  # x, y, w, h in original pixels
    confidence: float = 0.0  # 0..100
    facts: tuple[Fact, ...] = ()
    labels: tuple[Label, ...] = ()
    side: str = ""  # "in" (received), "out" (sent), "" unknown
    #: lines to check against the image (a second engine disagreed); empty: nothing to check
    review: tuple[ReviewMark, ...] = ()
    #: [start, end) spans of ``text`` whose characters were read with low confidence
    uncertain: tuple[tuple[int, int], ...] = ()
    #: how ``sent_at`` was resolved from a relative label; None when the label gives the full
    #: date (or nothing could be resolved)
    time_basis: TimeBasis | None = None


@dataclass(frozen=True, slots=True)
class EngineInfo:
    name: str
    version: str
    languages: str
    params: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class OcrResult:
    """The reading of one screenshot."""

    sha256: str
    engine: EngineInfo
    script: str  # "zh-Hans", "zh-Hant", "mixed", "latin"
    text: str
    sender: str | None
    messages: tuple[Message, ...]
    #: why this reading needs a look (empty reading, low confidence, no bubbles, lines to review)
    warnings: tuple[OcrWarning, ...] = ()

    @property
    def needs_review(self) -> bool:
        """True when a message has lines marked for review or a warning was raised."""
        return bool(self.warnings) or any(m.review for m in self.messages)


@dataclass(frozen=True, slots=True)
class Corrections:
    """The user's latest corrections of one screenshot's reading, by message index (what
    ``Case.ocr_result(corrected=True)`` applies). ``sent_at`` None: corrected to "no time";
    ``sender`` None: the sender was not corrected ("" when corrected to none)."""

    text: Mapping[int, str] = field(default_factory=dict)
    sent_at: Mapping[int, str | None] = field(default_factory=dict)
    side: Mapping[int, str] = field(default_factory=dict)
    sender: str | None = None

    @property
    def messages(self) -> frozenset[int]:
        """The indexes of the messages a correction changed."""
        return frozenset(self.text) | frozenset(self.sent_at) | frozenset(self.side)


class OcrState(StrEnum):
    """Whether an item's text was read."""

    NONE = "none"  # never read (or not a screenshot)
    DONE = "done"  # read; the reading may hold no message
    FAILED = "failed"  # the last attempt failed and there is no earlier reading


@dataclass(frozen=True, slots=True)
class OcrSummary:
    """What a table of items shows of each one's reading: state, sender, labels (the screenshot's
    as the case reads it, :func:`~evidencekit.core.analysis.labels.screenshot_labels`; for a
    reading stored before they were kept, OCR's, each once in the order of the messages), the number
    of messages and their stamps."""

    state: OcrState
    sender: str = ""
    labels: tuple[str, ...] = ()
    messages: int = 0
    error: str = ""  # why the last reading failed
    warnings: tuple[str, ...] = ()  # the codes of the reading's warnings (``OcrWarning.code``)
    #: per message, its stamp as the phone showed it, its time as OCR gave it and how OCR resolved
    #: it (:attr:`Message.time_basis`): what the case's reading of the times needs
    #: (:func:`~evidencekit.core.analysis.timebasis.first_time`)
    stamps: tuple[tuple[str | None, str | None, TimeBasis | None], ...] = ()


@dataclass(frozen=True, slots=True)
class Exhibit:
    """An exhibit as a reader sees it: its number ("3", "2-1"), the item, and its reading with the
    user's corrections applied (``corrected``: the indexes of the messages they changed)."""

    number: str
    item: Item
    ocr: OcrResult | None = None
    corrected: frozenset[int] = frozenset()
    media: ItemMedia | None = None  # what was read out of a recording, export, email or document


@dataclass(frozen=True, slots=True)
class Check:
    """One verification check: what was checked (``subject`` names the file or exhibit).

    ``detail`` is an English sentence for logs; ``code`` (dotted, e.g. ``custody.chain``) says
    machine-readably what was found, and ``args`` holds the values a translation fills in, so
    tests assert on codes and each interface renders the check in its reader's language.
    """

    name: str
    subject: str
    ok: bool
    detail: str = ""
    code: str = ""
    args: Mapping[str, str | int] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class VerifyReport:
    """What a verification found: one Check per thing checked.

    ``language`` is the bundle's language as its manifest names it (one of LANGUAGES), so that a
    report can be shown in the language the bundle was written in; None for a case folder, or a
    bundle whose manifest could not be read.
    """

    target: str
    checks: tuple[Check, ...]
    language: Language | None = None

    @property
    def ok(self) -> bool:
        return bool(self.checks) and all(c.ok for c in self.checks)

    @property
    def problems(self) -> tuple[Check, ...]:
        return tuple(c for c in self.checks if not c.ok)

    def summary(self) -> str:
        """Machine-parsable one-liner: ``INTACT checks=N`` or ``PROBLEMS failed=K checks=N``."""
        if self.ok:
            return f"INTACT checks={len(self.checks)}"
        return f"PROBLEMS failed={len(self.problems)} checks={len(self.checks)}"
