"""The labels of messages as the case reads them, and what they are called: one home for the app,
the CLI, the findings and the bundle.

A screenshot is a thread, and so is each conversation of an SMS or chat export (:func:`thread_of`):
its messages are read in order, each by the classifier with its side and the claimant's name
(:func:`reading_of`, remembered), and then as a thread (:func:`thread_readings`): when the person
replied that the messages are not for them ("我不是张伟，你们发错了"), the notices of the thread that
reply answers (those calling 张伟; never one naming the claimant) are possibly misdirected
(:func:`.classify.mark_misdirected`).
The cover's counts, the findings, each exhibit's 证明目的, the preview and the case list all start
from these readings.

The names are the bundle's ``label.*`` strings (``core/export/locale/<lang>.json``): the case
list, the preview, a finding's sentence and the cover all name a label with the same words.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import replace
from functools import lru_cache

from evidencekit.core.analysis.classify import Hit, Reading, mark_misdirected, read_message
from evidencekit.core.analysis.contacts import Channel, Contact
from evidencekit.core.analysis.figures import DISCLOSED, as_received, message_label_names
from evidencekit.core.analysis.parties import number_key
from evidencekit.core.export.strings import Strings
from evidencekit.core.models import OcrResult

#: Labels that are the point of an exhibit (conduct a complaint is about), most telling first.
SERIOUS = (DISCLOSED, "possibly_misdirected", "threat_third_party", "threat_legal_action", "threat_home_visit",
           "threat_credit_record", "threat", "insult", "impersonation")
#: Labels that only say what kind of message it is.
ROUTINE = ("overdue_collection", "repayment_reminder", "repayment_confirmed", "marketing", "application_progress")
#: The order in which titles, 证明目的, the summary and the app name labels.
ORDER = SERIOUS + ROUTINE
THREAT_KINDS = ("threat_third_party", "threat_legal_action", "threat_home_visit", "threat_credit_record")
#: The rule id of the hit :func:`thread_readings` adds to a notice the person's reply disowns.
THREAD_RULE = "thread-not-me"

# A message as a thread holds it: its text and its side ("in", "out", "").
Said = tuple[str, str]


@lru_cache(maxsize=8192)
def reading_of(text: str, side: str, claimant_name: str) -> Reading:
    """:func:`~.classify.read_message`, remembered: the cover, the evidence list, every exhibit
    page and the findings read the same messages. One message alone: a screenshot's messages
    are read with :func:`thread_readings`."""
    return read_message(text, side=side, claimant_name=claimant_name or None)


@lru_cache(maxsize=2048)
def thread_readings(messages: tuple[Said, ...], claimant_name: str) -> tuple[Reading, ...]:
    """Read the messages of one thread (a screenshot's), in order: each with :func:`reading_of`,
    then the thread rule (:func:`~.classify.mark_misdirected`): when the person replied "我不是…" /
    "发错了", the thread's notices it answers (naming whom the reply disowns, or anyone when it names nobody;
    never the claimant) are ``possibly_misdirected``, with a
    :data:`THREAD_RULE` hit naming them and those names in ``names_other`` (the person said they
    are not theirs).

    A message read as the person's own reply counts as one whatever its side says (an unknown
    side is decided from the wording, as the classifier decides it).

    Args:
        messages: (text, side) of each message, in the thread's order.
        claimant_name: the phone owner's name ("" when not known).

    Returns:
        One reading per message, in the same order.
    """
    readings = [reading_of(text, side, claimant_name) for text, side in messages]
    sides = ["out" if r.from_claimant else side for r, (_, side) in zip(readings, messages, strict=True)]
    marked = mark_misdirected([text for text, _ in messages], sides, [list(r.labels) for r in readings], claimant_name)
    out = []
    for r, labels in zip(readings, marked, strict=True):
        added = [lb for lb in labels if lb.name == "possibly_misdirected" and lb not in r.labels]
        if added:
            names = added[0].triggers
            spans = tuple((at, at + len(n)) for n in names if (at := r.text.find(n)) >= 0)
            hit = Hit(THREAD_RULE, "possibly_misdirected", tuple(n for n in names if n in r.text), spans,
                      (), "debt_notice", "addressed_to_other")
            r = replace(r, labels=tuple(labels), hits=(*r.hits, hit),
                        names_other=tuple(dict.fromkeys((*r.names_other, *names))))
        out.append(r)
    return tuple(out)


def thread_of(c: Contact) -> tuple[str, ...]:
    """The thread a contact is read in (:func:`read_contacts`), and the person's reply answers:
    a screenshot's messages are one thread; the messages an SMS or chat export holds are one per
    conversation (the channel and the other side's number, across the case's exports); anything
    else (a call, an email, a recording) is its exhibit's own.

    Args:
        c: a contact.

    Returns:
        A key, the same for the contacts of one thread.
    """
    if c.channel is not Channel.CALL and c.source.message_index is not None:
        return ("screenshot", c.source.exhibit)
    if c.channel in (Channel.SMS, Channel.IM) and c.source.row is not None and (key := number_key(c.counterpart)):
        return ("conversation", c.channel.value, key)
    return ("exhibit", c.source.exhibit)


def said_by_claimant(text: str, side: str) -> bool:
    """Whether a message is the person's own: sent ("out"), or of unknown side ("") and reading as
    their reply ("我不是张伟，你们发错了"), as the classifier decides it. The chronology, the cover
    and the 证明目的 put an unknown side's message on the same side with this.

    Args:
        text: the message as shown.
        side: "in", "out" or "".
    """
    return side == "out" or (side == "" and reading_of(text, "", "").from_claimant)


def read_contacts(contacts: Sequence[Contact], claimant_name: str) -> dict[int, Reading]:
    """The reading of every message (and every call with a transcript) by its index: the
    messages of one screenshot, and those of one conversation of an export, read as a thread
    (:func:`thread_of`, :func:`thread_readings`: the person's "我不是…" marks the notices before
    it), the others one by one. Each is read with the side its screenshot shows
    (:attr:`~.contacts.Contact.side`: "" when it did not show it), as the preview, the case
    list and the 证明目的 read it.

    Args:
        contacts: the case's contacts.
        claimant_name: the phone owner's name (a notice addressed to anyone else is misdirected).

    Returns:
        Index in ``contacts`` → :class:`Reading`.
    """
    out = {}
    threads: dict[tuple[str, ...], list[int]] = {}
    for i, c in enumerate(contacts):
        if not c.text.strip():
            continue
        key = thread_of(c)
        if key[0] == "exhibit":
            out[i] = reading_of(c.text, c.side, claimant_name)
        else:
            threads.setdefault(key, []).append(i)
    for key, idx in threads.items():
        if key[0] == "screenshot":
            # a message an earlier screenshot showed too is held by that one: this thread goes on without it
            idx.sort(key=lambda i: contacts[i].source.message_index or 0)
        else:
            # a conversation in the order it was held (an export's rows need not be, nor two exports)
            idx.sort(key=lambda i: (contacts[i].time or dt.datetime.min, i))
        said = tuple((contacts[i].text, contacts[i].side) for i in idx)
        out.update(zip(idx, thread_readings(said, claimant_name), strict=True))
    return dict(sorted(out.items()))


def display_labels(names: Iterable[str]) -> tuple[str, ...]:
    """The labels named for one message, in :data:`ORDER` (unknown ones last): ``threat`` only
    when no sub-kind says what the threat is; a reminder inside an overdue notice is just the
    overdue notice."""
    got = set(names)
    if got.intersection(THREAT_KINDS):
        got.discard("threat")
    if "overdue_collection" in got:
        got.discard("repayment_reminder")
    return ordered(got)


def apply_claimant(result: OcrResult, claimant_name: str) -> OcrResult:
    """An OCR reading with each message's labels as the case reads them (:func:`thread_readings`,
    with the phone owner's name): a notice addressed by name to somebody else is
    ``possibly_misdirected`` and only that, and a reply "我不是…" marks the named notices before it.

    Applied after OCR (and after the cache), because the owner's name belongs to the case, not to
    the screenshot; the readings are remembered, so the labels stored with it cost nothing more.

    Args:
        result: an OCR reading.
        claimant_name: the owner's name as in the case (e.g. "张三").

    Returns:
        The reading with the case's labels; unchanged when the name is empty.
    """
    if not claimant_name.strip():
        return result
    readings = thread_readings(tuple((m.text, m.side) for m in result.messages), claimant_name)
    return replace(result, messages=tuple(replace(m, labels=r.labels)
                                          for m, r in zip(result.messages, readings, strict=True)))


def thread_labels(messages: Sequence[Said], claimant_name: str = "") -> tuple[tuple[str, ...], ...]:
    """The labels named for each message of a thread (see :func:`display_labels`), read as a
    thread (:func:`thread_readings`); a receipt ("已成功还款") is a ``repayment_confirmed``.

    Args:
        messages: (text, side) of each message, in order (the person's corrections applied).
        claimant_name: the phone owner's name (a notice addressed to anyone else is misdirected).

    Returns:
        One tuple of label names per message.
    """
    return tuple(display_labels(message_label_names(r)) for r in thread_readings(tuple(messages), claimant_name))


def screenshot_labels(messages: Sequence[Said], claimant_name: str = "", received_by: str = "") -> tuple[str, ...]:
    """The labels of a screenshot as a whole, in :data:`ORDER`: those of its received messages,
    and ``possibly_misdirected`` also when the person's own reply there says so ("我不是…",
    "发错了"). What an exhibit's 证明目的 and the case list name.

    Args:
        messages: (text, side) of each message, in order (the person's corrections applied).
        claimant_name: the phone owner's name.
        received_by: whose phone it was received on (``Item.received_by``; "" not said: the
            words decide), read by :func:`~.figures.as_received` as the case's figures read it.
    """
    names: set[str] = set()
    for r in thread_readings(tuple(messages), claimant_name):
        if not r.from_claimant:
            names.update(display_labels(message_label_names(as_received(r, received_by))))
        elif "possibly_misdirected" in r.label_names:
            names.add("possibly_misdirected")
    return ordered(names)


def ordered(names: Iterable[str]) -> tuple[str, ...]:
    """Label names in :data:`ORDER`, unknown ones last (sorted)."""
    names = set(names)
    return tuple(n for n in ORDER if n in names) + tuple(sorted(names.difference(ORDER)))


def label_name(name: str, s: Strings) -> str:
    """A label as people read it ("威胁告知第三人", "Overdue notice"); an unknown label by its own name.

    Args:
        name: the classifier's label (``threat_third_party``...).
        s: the strings of the language shown (:func:`~evidencekit.core.export.strings.strings`).

    Returns:
        The label's name in that language.
    """
    key = f"label.{name}"
    text = s(key)
    return name if text == key else text
