"""Values passed around the core: frozen dataclasses, no behaviour beyond formatting."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any, Literal, TypeAlias, get_args

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
class Message:
    text: str
    time_label: str | None = None
    sent_at: str | None = None  # ISO 8601 local date-time when resolvable
    bbox: tuple[int, int, int, int] = (0, 0, 0, 0)  # x, y, w, h in original pixels
    confidence: float = 0.0  # 0..100
    facts: tuple[Fact, ...] = ()
    labels: tuple[Label, ...] = ()
    side: str = ""  # "in" (received), "out" (sent), "" unknown


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
    """What a table of items shows of each one's reading: state, sender, labels (each once, in the
    order of the messages), the first message's time and the number of messages."""

    state: OcrState
    sender: str = ""
    labels: tuple[str, ...] = ()
    first_time: str = ""  # the first message's sent_at that is known (ISO local), or ""
    messages: int = 0
    error: str = ""  # why the last reading failed


@dataclass(frozen=True, slots=True)
class Exhibit:
    """An exhibit as a reader sees it: its number ("3", "2-1"), the item, and its reading with the
    user's corrections applied (``corrected``: the indexes of the messages they changed)."""

    number: str
    item: Item
    ocr: OcrResult | None = None
    corrected: frozenset[int] = frozenset()


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
