"""One contact between a lender or collector and the person: a message or a call, when it happened
and how sure that time is, and the exhibit it comes from.

Contacts are what the findings check (:mod:`evidencekit.core.analysis.findings`). The chronology
makes them from the messages read off screenshots; an SMS or call-log export makes them with exact
times; a recording makes a call. Times are naive local times (the phone's clock, no zone), as
phones show them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import Any


class Channel(StrEnum):
    SMS = "sms"
    CALL = "call"
    IM = "im"  # WeChat, WhatsApp...
    EMAIL = "email"


class Direction(StrEnum):
    IN = "in"  # from the lender or collector to the person
    OUT = "out"  # the person's own message or call


#: ``Contact.extra`` key of a message whose side its screenshot did not show (see :attr:`Contact.side`).
SIDE_UNKNOWN = "side_unknown"


class TimeCertainty(StrEnum):
    """How sure a contact's time is.

    ``exact``: from an export, a call log, or an absolute stamp on the screenshot
    ("2026年11月20日 22:41"). ``resolved``: a relative label ("今天 22:41", "星期三") resolved
    from a basis that says when the screenshot was taken (EXIF time, the phone's file-name time,
    the person's statement), named in :attr:`Contact.time_basis`. ``unknown``: no time, or one
    that is not a date: resolved from the file's modification time only, or the earliest time the
    latest full stamp on the same screenshot allows (a lower bound; see :mod:`.timebasis`).

    This is the one test of whether a time is dated: ``unknown`` is never stated as a fact
    (:attr:`Contact.timed`; :func:`.timebasis.time_note` says what it rests on).
    """

    EXACT = "exact"
    RESOLVED = "resolved"
    UNKNOWN = "unknown"


class CallOutcome(StrEnum):
    ANSWERED = "answered"
    MISSED = "missed"  # rang, not answered
    REJECTED = "rejected"  # declined or blocked
    UNKNOWN = "unknown"


@dataclass(frozen=True, slots=True)
class ContactSource:
    """Where a contact is shown in the bundle.

    Attributes:
        exhibit: the bundle number ("3", "1-2").
        item_id: the case item's id.
        message_index: the message's index within that item's reading (None for a whole item,
            e.g. a recording or one call-log row's item).
        row: the row within an export (call log, SMS export), when the item holds many.
    """

    exhibit: str
    item_id: int | None = None
    message_index: int | None = None
    row: int | None = None

    def ref(self) -> str:
        """A short stable reference: "3", "3#2" (message 2), "5@17" (export row 17)."""
        if self.message_index is not None:
            return f"{self.exhibit}#{self.message_index}"
        if self.row is not None:
            return f"{self.exhibit}@{self.row}"
        return self.exhibit

    @staticmethod
    def from_ref(ref: str) -> ContactSource:
        """The place a :meth:`ref` names (exhibit, message index or export row; no item id)."""
        for sep, field in (("#", "message_index"), ("@", "row")):
            exhibit, found, rest = ref.partition(sep)
            if found and rest.isdigit():
                return ContactSource(exhibit, **{field: int(rest)})
        return ContactSource(ref)


@dataclass(frozen=True, slots=True)
class Contact:
    """One message or call.

    Attributes:
        time: naive local time, None when unknown.
        certainty: how sure ``time`` is.
        time_basis: what a resolved time was resolved from ("EXIF 2026-11-27 23:10 + '今天'"),
            or what gave an exact one ("stamp on the screenshot", "call log").
        channel: sms, call, im, email.
        direction: in (to the person) or out (the person's own).
        counterpart: the other side's number or name as shown ("95188", "0912-345-678").
        respondent: the lender or collector this contact is attributed to, "" when not known.
        text: the message text (messages only).
        duration_s: the call's length in seconds (calls; 0 for a missed call).
        outcome: answered, missed, rejected (calls; ``unknown`` otherwise).
        source: where it is in the bundle.
        time_label: the time as the phone showed it ("昨天 22:41"), for quoting.
    """

    time: datetime | None
    certainty: TimeCertainty
    channel: Channel
    direction: Direction
    source: ContactSource
    time_basis: str = ""
    counterpart: str = ""
    respondent: str = ""
    text: str = ""
    duration_s: float | None = None
    outcome: CallOutcome = CallOutcome.UNKNOWN
    time_label: str = ""
    extra: dict[str, Any] = field(default_factory=dict, compare=False, hash=False)

    @property
    def is_call(self) -> bool:
        return self.channel is Channel.CALL

    @property
    def unanswered(self) -> bool:
        """A call that did not connect (missed or rejected); messages are never "unanswered"."""
        return self.is_call and self.outcome in (CallOutcome.MISSED, CallOutcome.REJECTED)

    @property
    def side(self) -> str:
        """The side a message is read with: "in", "out", or "" when its screenshot did not show
        whose it is (the classifier then decides from the wording, as the 证明目的 and the preview
        read it; :attr:`direction` counts it as received until its reading says it is the
        person's own, see :func:`~.case_contacts.sides_read`)."""
        return "" if self.extra.get(SIDE_UNKNOWN) else self.direction.value

    @property
    def timed(self) -> bool:
        """Whether the time is a date to state and count (exact or resolved): False for no time,
        a time resting on the file time only, and a full stamp's lower bound, which a document
        shows as not known ("（时间不详）", :func:`.timebasis.time_note`)."""
        return self.time is not None and self.certainty is not TimeCertainty.UNKNOWN

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict (times as ISO 8601 without zone)."""
        return {
            "time": self.time.isoformat(timespec="seconds") if self.time else None,
            "certainty": self.certainty.value, "time_basis": self.time_basis, "time_label": self.time_label,
            "channel": self.channel.value, "direction": self.direction.value,
            "counterpart": self.counterpart, "respondent": self.respondent, "text": self.text,
            "duration_s": self.duration_s, "outcome": self.outcome.value,
            "exhibit": self.source.exhibit, "item_id": self.source.item_id,
            "message_index": self.source.message_index, "row": self.source.row,
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Contact:
        """The inverse of :meth:`to_dict` (missing keys take their defaults).

        Raises:
            ValueError: a time, channel, direction, certainty or outcome that does not parse.
        """
        t = d.get("time")
        return cls(
            time=datetime.fromisoformat(t) if t else None,
            certainty=TimeCertainty(d.get("certainty") or ("exact" if t else "unknown")),
            channel=Channel(d.get("channel", "sms")),
            direction=Direction(d.get("direction", "in")),
            source=ContactSource(str(d.get("exhibit", "")), d.get("item_id"), d.get("message_index"), d.get("row")),
            time_basis=d.get("time_basis", ""),
            counterpart=d.get("counterpart", ""),
            respondent=d.get("respondent", ""),
            text=d.get("text", ""),
            duration_s=d.get("duration_s"),
            outcome=CallOutcome(d.get("outcome", "unknown")),
            time_label=d.get("time_label", ""),
        )


def message_contact(text: str, *, side: str, sent_at: str | None, exhibit: str, item_id: int | None,
                    message_index: int, certainty: TimeCertainty | None = None, time_basis: str = "",
                    counterpart: str = "", respondent: str = "", time_label: str = "",
                    channel: Channel = Channel.SMS) -> Contact:
    """A contact for one message read from a screenshot (the chronology's rows).

    Args:
        text: the message.
        side: "in", "out" or "" (unknown counts as received: a screenshot mostly shows what came in;
            it is read with its side unknown, see :attr:`Contact.side`).
        sent_at: ISO local time, or None.
        exhibit, item_id, message_index: where it is in the bundle.
        certainty: how sure ``sent_at`` is; by default exact when given, unknown when not.
        time_basis, counterpart, respondent, time_label, channel: as in :class:`Contact`.

    Returns:
        The contact.
    """
    when = datetime.fromisoformat(sent_at) if sent_at and "T" in sent_at else None
    cert = certainty or (TimeCertainty.EXACT if when else TimeCertainty.UNKNOWN)
    if when is None:
        cert = TimeCertainty.UNKNOWN
    return Contact(when, cert, channel, Direction.OUT if side == "out" else Direction.IN,
                   ContactSource(exhibit, item_id, message_index), time_basis=time_basis,
                   counterpart=counterpart, respondent=respondent, text=text, time_label=time_label,
                   extra={} if side in ("in", "out") else {SIDE_UNKNOWN: True})


#: ``Contact.extra`` key of a recording: the direction of the call it holds as its call recorder's
#: file name says it ("in", "out"; "" or absent when nothing says).
CALL_DIRECTION = "call_direction"


def received(c: Contact) -> bool:
    """Whether a contact counts as one received from a lender or collector: not the person's own
    message or call, and not a recording of a call unless the call is known to have come in.

    A recording is the person's own: it shows a call received only when its direction is known
    (its call recorder's file name says "in"; a call log's row, which then stands for it, says so
    itself). A recording of the person's own call, or of a call of unknown direction, is evidence
    of what was said, never a contact received: the findings count no such call at night, after
    the stop request or in a burst.

    Args:
        c: a contact.
    """
    if c.direction is not Direction.IN:
        return False
    return not c.extra.get("recording") or c.extra.get(CALL_DIRECTION) == "in"
