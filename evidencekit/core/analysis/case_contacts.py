"""Every contact a case holds, from its exhibits: the messages read off screenshots (their times
as :mod:`.timebasis` resolves them), recordings of calls, the calls of a call log
(:class:`CallRecord` rows) and the messages of an SMS or chat export (:class:`MessageRecord` rows).

A message that overlapping screenshots show twice (the same time, sender, side and words) is one
contact, shown by the first exhibit, the others in ``extra["also"]``, as on the chronology page.
Each contact is attributed to one of the case's respondents (:func:`.parties.attribute`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from typing import Protocol

from evidencekit.core.analysis.chronology import Dated, is_recording, stated
from evidencekit.core.analysis.contacts import (
    SIDE_UNKNOWN, CallOutcome, Channel, Contact, ContactSource, Direction, TimeCertainty,
)
from evidencekit.core.analysis.labels import said_by_claimant
from evidencekit.core.analysis.parties import attribute, number_key, respondent_numbers
from evidencekit.core.analysis.timebasis import BasisKind, message_times, screenshot_app
from evidencekit.core.analysis.timeparse import parse_time
from evidencekit.core.models import Respondent


@dataclass(frozen=True, slots=True)
class CallRecord:
    """One call as a call log, a recording's metadata or a transcript gives it.

    The media readers make these (one per row of a call log, one per recording); contacts are
    made from them by :func:`call_contacts`, so calls are checked like messages.

    Attributes:
        exhibit: the bundle number of the exhibit that shows it.
        time: naive local time, None when unknown.
        number: the other side's number or name as shown.
        direction: "in" (to the person) or "out" (the person's own call).
        outcome: answered, missed, rejected or unknown.
        duration_s: the length (0 for a missed call), None when unknown.
        certainty: how sure ``time`` is.
        time_basis: what gives the time ("call log", "recording metadata").
        item_id: the case item.
        row: the row within a log holding many calls.
        text: a transcript, when there is one (read like a message).
    """

    exhibit: str
    time: dt.datetime | None
    number: str = ""
    direction: str = "in"
    outcome: CallOutcome = CallOutcome.UNKNOWN
    duration_s: float | None = None
    certainty: TimeCertainty = TimeCertainty.EXACT
    time_basis: str = ""
    item_id: int | None = None
    row: int | None = None
    text: str = ""


@dataclass(frozen=True, slots=True)
class MessageRecord:
    """One message as an SMS or chat export gives it (a row with its own exact time), as opposed
    to a message read off a screenshot.

    Attributes:
        exhibit: the bundle number of the exhibit holding the export.
        time: naive local time, None when unknown.
        number: the other side's number or name as shown.
        direction: "in" (to the person), "out" (the person's own), or "" when the export does not
            say (the message's reading then decides, as for a screenshot's).
        text: the message.
        channel: sms or im.
        certainty, time_basis: how sure the time is and what gives it ("SMS export").
        item_id, row: the case item and the row within the export.
    """

    exhibit: str
    time: dt.datetime | None
    number: str = ""
    direction: str = "in"
    text: str = ""
    channel: Channel = Channel.SMS
    certainty: TimeCertainty = TimeCertainty.EXACT
    time_basis: str = ""
    item_id: int | None = None
    row: int | None = None


def record_contacts(records: Iterable[MessageRecord], respondents: Sequence[Respondent] = ()) -> list[Contact]:
    """Contacts for exported messages, attributed to respondents (by number, name, signature).

    Args:
        records: the export's rows.
        respondents: the case's respondents.

    Returns:
        One :class:`Contact` per row, in the order given.
    """
    out = []
    for r in records:
        direction = Direction.OUT if r.direction == "out" else Direction.IN
        who = attribute(r.number, r.text if direction is Direction.IN else "", respondents)
        out.append(Contact(
            r.time, r.certainty if r.time is not None else TimeCertainty.UNKNOWN, r.channel, direction,
            ContactSource(r.exhibit, r.item_id, None, r.row), time_basis=r.time_basis, counterpart=r.number,
            respondent=who, text=r.text,
            # a row whose direction the export did not say is read with its side unknown (Contact.side)
            extra={} if r.direction in ("in", "out") else {SIDE_UNKNOWN: True},
        ))
    return out


class CallSource(Protocol):
    """Anything that lists a case's calls (a call-log table, recordings' metadata)."""

    def calls(self) -> Iterable[CallRecord]: ...


def call_contacts(calls: Iterable[CallRecord], respondents: Sequence[Respondent] = ()) -> list[Contact]:
    """Contacts for calls, attributed to respondents by number.

    Args:
        calls: the calls.
        respondents: the case's respondents.

    Returns:
        One :class:`Contact` per call, in the order given.
    """
    out = []
    for c in calls:
        when = c.time
        cert = c.certainty if when is not None else TimeCertainty.UNKNOWN
        who = attribute(c.number, c.text, respondents) if c.direction != "out" else ""
        out.append(Contact(
            when, cert, Channel.CALL, Direction.OUT if c.direction == "out" else Direction.IN,
            ContactSource(c.exhibit, c.item_id, None, c.row), time_basis=c.time_basis, counterpart=c.number,
            respondent=who, text=c.text, duration_s=c.duration_s, outcome=c.outcome,
        ))
    return out


def exhibit_contacts(exhibits: Sequence[Dated], respondents: Sequence[Respondent] = ()) -> list[Contact]:
    """The contacts the exhibits show: every message read from a screenshot, every recording of a
    call (an item of kind audio or video without messages), and every other exhibit without
    messages the person dated themselves (their statement of a contact).

    A recording counts as an answered incoming call when its time is known from the person's
    date for it or its EXIF data (as the chronology counts it); a screenshot without messages
    dated only by its EXIF time is no contact (that is when it was taken).

    Args:
        exhibits: in exhibit order (``Exhibit`` or ``ExhibitInput``).
        respondents: the case's respondents, for attribution.

    Returns:
        The contacts in exhibit order, each message once (``extra["also"]`` names the later
        exhibits showing it again).
    """
    out: list[Contact] = []
    first: dict[tuple[dt.datetime, str, str, bool], int] = {}
    for ex in exhibits:
        ocr = ex.ocr
        if ocr is not None and ocr.messages:
            sender = " ".join((ocr.sender or "").split())
            # a chat app's screenshot (its file name says so) holds its messages, not SMS
            channel = Channel.IM if screenshot_app(ex.item.original_name) else Channel.SMS
            for i, (m, mt) in enumerate(zip(ocr.messages, message_times(ex), strict=True)):
                direction = Direction.OUT if m.side == "out" else Direction.IN
                # the person's own messages are to the thread's sender
                who = attribute(sender, m.text if direction is Direction.IN else "", respondents)
                c = Contact(
                    mt.time, mt.certainty, channel, direction, ContactSource(ex.number, ex.item.id, i),
                    time_basis=mt.describe(), counterpart=sender, respondent=who, text=m.text, time_label=mt.label,
                    # read with its side unknown, as the 证明目的 and the preview read it (Contact.side)
                    extra={} if m.side in ("in", "out") else {SIDE_UNKNOWN: True},
                )
                if mt.time is not None:
                    # whose message it is as it reads: one screenshot may show the side, another not
                    key = (mt.time, sender, " ".join(m.text.split()), said_by_claimant(m.text, m.side))
                    at = first.get(key)
                    if at is not None:
                        if out[at].source.exhibit != ex.number:
                            also = out[at].extra.get("also", ())
                            if ex.number not in also:
                                out[at] = replace(out[at], extra={**out[at].extra, "also": (*also, ex.number)})
                        continue
                    first[key] = len(out)
                out.append(c)
            continue
        it = ex.item
        recording = is_recording(it)
        if not recording and not stated(it):
            continue  # a screenshot's own time is when it was taken, no contact
        t = parse_time(it.event_time, it.import_offset)
        basis = ""
        cert = TimeCertainty.EXACT
        if t is not None:
            cert, basis = TimeCertainty.RESOLVED, BasisKind.STATEMENT.value
        else:
            t = parse_time(it.exif_time)
            basis = "exif" if t is not None else ""
        if t is None:
            cert = TimeCertainty.UNKNOWN
            t = parse_time(it.file_mtime, it.import_offset)
            basis = BasisKind.FILE_TIME.value if t is not None else ""
        out.append(Contact(t, cert, Channel.CALL if recording else Channel.SMS, Direction.IN,
                           ContactSource(ex.number, it.id, None), time_basis=basis,
                           outcome=CallOutcome.ANSWERED if recording else CallOutcome.UNKNOWN,
                           duration_s=it.duration_s, extra={"recording": recording, "item": True}))
    return out


def sides_read(contacts: Sequence[Contact], respondents: Sequence[Respondent] = ()) -> list[Contact]:
    """The contacts with each message whose side was not shown (a screenshot's bubble, an export's
    row without a box) on the side its wording gives it: the person's own when it reads as their
    reply ("我不是张伟，你们发错了", :func:`~.labels.said_by_claimant`), so the cover and the findings
    count it where the 证明目的, the preview and the chronology put it.

    Args:
        contacts: every contact.
        respondents: the case's respondents (the person's own messages are attributed by the
            thread's sender alone, as :func:`exhibit_contacts` attributes them).

    Returns:
        The contacts in the same order.
    """
    return [replace(c, direction=Direction.OUT, respondent=attribute(c.counterpart, "", respondents))
            if c.side == "" and c.direction is Direction.IN and said_by_claimant(c.text, "") else c
            for c in contacts]


def attribute_by_number(contacts: Sequence[Contact]) -> list[Contact]:
    """The case's contacts, each received one attributed by its number first: a collector that
    signs or introduces itself in one message from a number ("我是正達資產管理的專員", "… Swift
    Recovery Services") sent the other messages and made the calls from it too, also one that
    names a bank only as the one owed, and one shown elsewhere with the number written otherwise
    ("+852 5432 1098"). A number whose own contacts name no respondent is the line of the one whose
    messages give it as theirs ("客服(02)2712-3456" in the bank's notice).

    A number none of whose contacts says who sends it stays its own sender, whatever respondent its
    messages name as owed ("你欠富信HK$12,000" from an unknown mobile is not 富信's):
    :func:`~.parties.attribute`.

    Args:
        contacts: every contact, attributed one by one (:func:`~.parties.attribute`).

    Returns:
        The contacts in the same order; a received one without a respondent of its own gets the
        one respondent the other received contacts from its number say they are from (none when
        they name several).
    """
    own: dict[str, set[str]] = {}  # number key -> respondents its contacts say they are from
    given: dict[str, set[str]] = {}  # number key -> respondents whose messages give it as theirs
    for c in contacts:
        key = number_key(c.counterpart) if c.counterpart.strip() else ""
        if c.direction is Direction.IN and c.respondent and key:
            own.setdefault(key, set()).add(c.respondent)
            # "客服(02)2712-3456" in the bank's notice: the calls from that line are the bank's
            for n in respondent_numbers(c.text):
                given.setdefault(number_key(n), set()).add(c.respondent)
    for key, names in given.items():
        own.setdefault(key, names)
    out = []
    for c in contacts:
        key = number_key(c.counterpart) if c.counterpart.strip() else ""
        if c.direction is Direction.IN and key and not c.respondent:
            names = own.get(key, set())
            if len(names) == 1:
                c = replace(c, respondent=next(iter(names)))
        out.append(c)
    return out
