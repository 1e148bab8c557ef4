"""The contacts that exports, call logs, recordings and emails hold, beside the screenshots' own
(:mod:`.case_contacts`): every message and call of an export from one of the case's numbers (every
number but those plainly of the person's own life, see :func:`.chronology.relevant_numbers`), a
recording dated by its call recorder's file name, an email dated by its Date header.

One contact per contact: a screenshot's message that an export holds too (see
:mod:`.corroboration`) is the export's contact, naming the screenshot's exhibit in
``extra["also"]``, and so is a recording of a call the call log lists. The messages are then read
by the classifier like any other (:func:`.labels.read_contacts`, each conversation as a thread, as
a screenshot is): a threat in an exported SMS counts as the same threat read off a screenshot.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from evidencekit.core.analysis.case_contacts import CallRecord, MessageRecord, call_contacts, record_contacts
from evidencekit.core.analysis.chronology import Dated, record_counts, relevant_numbers
from evidencekit.core.analysis.contacts import (
    CALL_DIRECTION, CallOutcome, Channel, Contact, ContactSource, Direction, TimeCertainty,
)
from evidencekit.core.analysis.corroboration import call_links, message_links
from evidencekit.core.analysis.parties import attribute
from evidencekit.core.analysis.timeparse import parse_time
from evidencekit.core.media.model import ItemMedia, Record
from evidencekit.core.models import CaseMeta, Respondent


_OUTCOMES = {"missed": CallOutcome.MISSED, "voicemail": CallOutcome.MISSED, "rejected": CallOutcome.REJECTED,
             "blocked": CallOutcome.REJECTED}


def _outcome(r: Record) -> CallOutcome:
    if r.status in _OUTCOMES:
        return _OUTCOMES[r.status]
    return CallOutcome.ANSWERED if r.answered else CallOutcome.UNKNOWN


def _media(ex: Dated) -> ItemMedia | None:
    m = getattr(ex, "media", None)
    return m if isinstance(m, ItemMedia) else None


def media_contacts(exhibits: Sequence[Dated], meta: CaseMeta) -> list[Contact]:
    """The exports' messages and calls of the case's numbers, and the emails, as contacts.

    Args:
        exhibits: in exhibit order (``Exhibit`` or ``ExhibitInput``).
        meta: the case (its respondents' numbers choose an export's records).

    Returns:
        The contacts, exhibit by exhibit, rows in the export's order.
    """
    keep = relevant_numbers(exhibits, [n for r in meta.respondents for n in r.numbers], meta.respondents)
    calls: list[CallRecord] = []
    messages: list[MessageRecord] = []
    emails: list[Contact] = []
    for ex in exhibits:
        m = _media(ex)
        if m is None:
            continue
        for r in m.records:
            t = parse_time(r.time)
            if t is None or not record_counts(r, keep):
                continue
            if r.is_call:
                calls.append(CallRecord(ex.number, t, r.number, r.direction or "in", _outcome(r), r.duration_s,
                                        TimeCertainty.EXACT, "call log", ex.item.id, r.row))
            else:
                # an unknown direction stays unknown: the message's reading decides (case_contacts.sides_read)
                messages.append(MessageRecord(ex.number, t, r.number, r.direction, r.text, Channel.SMS,
                                              TimeCertainty.EXACT, "SMS export", ex.item.id, r.row))
        e = m.email
        if e is not None and (t := parse_time(e.time)) is not None:
            emails.append(Contact(t, TimeCertainty.EXACT, Channel.EMAIL, Direction.IN,
                                  ContactSource(ex.number, ex.item.id, None), time_basis="email Date header",
                                  counterpart=e.sender, respondent=attribute(e.sender, e.body, meta.respondents),
                                  text=e.subject + "\n" + e.body))
    return call_contacts(calls, meta.respondents) + record_contacts(messages, meta.respondents) + emails


def case_numbers(exhibits: Sequence[Dated], respondents: Sequence[Respondent]) -> tuple[str, ...]:
    """The numbers whose export records are the case's (:func:`~.chronology.relevant_numbers`
    with the respondents' numbers and names: "【安逸花】…" from 95188 when the case names 安逸花),
    as keys.

    Args:
        exhibits: the case's exhibits (their exports' records are read).
        respondents: the case's respondents.

    Returns:
        The number keys, each once, sorted.
    """
    return tuple(sorted(relevant_numbers(exhibits, [n for r in respondents for n in r.numbers], respondents)))


def merge_corroborated(contacts: Sequence[Contact], exhibits: Sequence[Dated]) -> list[Contact]:
    """``contacts`` with each contact once: a screenshot's message an export confirms, and a
    recording of a call the call log lists, become the export's contact (their exhibit named in
    its ``extra["also"]``); any other recording takes the direction and number its call
    recorder's file name gives (``extra[CALL_DIRECTION]``), and, when dated by no better than its
    file time, the time.

    Args:
        contacts: the screenshots' and the exports' contacts.
        exhibits: the exhibits they come from.

    Returns:
        The contacts, in the order given, without the ones merged.
    """
    by_item = {ex.item.id: ex for ex in exhibits}
    shown: dict[tuple[int, int], list[str]] = {}  # (export item, row) -> exhibits also showing it
    merged: set[tuple[int, int | None]] = set()
    for ln in message_links(exhibits):
        shown.setdefault((ln.export_item, ln.row), []).append(ln.screenshot_exhibit)
        merged.add((ln.screenshot_item, ln.message_index))
    for cl in call_links(exhibits):
        ex = by_item.get(cl.recording_item)
        shown.setdefault((cl.export_item, cl.row), []).append(ex.number if ex is not None else "")
        merged.add((cl.recording_item, None))
    out: list[Contact] = []
    for c in contacts:
        src = c.source
        if src.row is None and src.item_id is not None and (src.item_id, src.message_index) in merged:
            continue
        if src.row is not None and src.item_id is not None and (src.item_id, src.row) in shown:
            also = tuple(dict.fromkeys((*c.extra.get("also", ()), *(x for x in shown[(src.item_id, src.row)] if x))))
            c = replace(c, extra={**c.extra, "also": also})
        if c.extra.get("recording") and src.item_id is not None:
            c = _from_name(c, by_item.get(src.item_id))
        out.append(c)
    return out


def _from_name(c: Contact, ex: Dated | None) -> Contact:
    """A recording with what its call recorder's file name says: the call's direction (an outgoing
    call is the person's own, never a contact received), the other side's number, and the time (to
    the second, as the phone wrote it) when nothing better dates it."""
    m = _media(ex) if ex is not None else None
    nf = m.av.from_name if m is not None and m.av is not None else None
    if nf is None:
        return c
    c = replace(c, direction=Direction.OUT if nf.direction == "out" else c.direction,
                counterpart=c.counterpart or nf.number, extra={**c.extra, CALL_DIRECTION: nf.direction})
    if c.certainty is not TimeCertainty.UNKNOWN or not nf.time or "T" not in nf.time \
            or not (nf.number or nf.convention.endswith("-call")):
        return c
    t = parse_time(nf.time)
    if t is None:
        return c
    return replace(c, time=t, certainty=TimeCertainty.EXACT, time_basis="call recorder's file name")
