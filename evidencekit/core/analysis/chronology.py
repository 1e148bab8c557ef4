"""The chronology: every message (or, without OCR, every item) in time order, and per-day counts
with night-time contacts counted apart. The bundle's chronology page and the app's chronology
screen are both made from :func:`events`, so they list the same events with the same counts.

The input is anything with an exhibit ``number``, an ``item`` and its reading ``ocr`` (the user's
corrections applied): the vault's ``Exhibit`` (``Case.exhibits_with_text()``) or the bundle's
``ExhibitInput``.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass, replace
from typing import Protocol, TypeVar

from evidencekit.core.analysis.contacts import TimeCertainty
from evidencekit.core.analysis.labels import said_by_claimant
from evidencekit.core.analysis.timebasis import (
    BasisKind, dateless, file_name_time, message_times, shown_time, time_note,
)
from evidencekit.core.analysis.textnorm import to_simplified
from evidencekit.core.analysis.timeparse import parse_time
from evidencekit.core.media.model import ItemMedia, Record
from evidencekit.core.models import Item, OcrResult, Respondent

# No collection contact 22:00–08:00 without consent (China Banking Association guideline for the
# collection of personal consumer loans, Jan 2026, as reported; some reports say 20:00 or 21:00).
NIGHT_START = 22
NIGHT_END = 8


class Dated(Protocol):
    """What the chronology reads of an exhibit."""

    @property
    def number(self) -> str: ...

    @property
    def item(self) -> Item: ...

    @property
    def ocr(self) -> OcrResult | None: ...


class TextMask(Protocol):
    """Masks numbers in a text (the bundle's redactor)."""

    def text(self, s: str) -> str: ...


D = TypeVar("D", bound=Dated)


@dataclass(frozen=True)
class Event:
    when: dt.datetime  # naive local time of the phone
    sender: str
    text: str
    exhibit: str
    outgoing: bool = False  # sent by the claimant: listed, not counted as a contact
    # dated only by the file's modification time, or by the earliest time a full stamp on the
    # screenshot allows (``basis`` says which): listed, not counted
    file_time: bool = False
    also: tuple[str, ...] = ()  # later exhibits showing the same message (overlapping screenshots)
    item_id: int = 0  # the item of ``exhibit``
    channel: str = "sms"  # "sms" or "call" (a call-log row or a recording)
    duration_s: float | None = None  # a call's length
    outcome: str = ""  # a call's status: incoming, outgoing, missed, rejected, blocked, recorded
    row: int | None = None  # the row of an export the event comes from
    number: str = ""  # the other side's number, as the export or the file name gives it
    message_index: int | None = None  # the message of a screenshot's reading the event comes from
    basis: str = ""  # what a time resolved from a relative stamp rests on ("" when shown in full)
    # a screenshot or document without dated messages, dated by when it was taken (EXIF): no
    # contact; one the person dated (the exhibit's event time) is their statement of the contact
    screenshot: bool = False
    # a recording of a call not known to have come in: evidence of what was said, no contact
    # received (:func:`~.contacts.received`)
    not_received: bool = False
    # the quiet hours (start, end) the case's rule set names; the guideline's by default
    night_hours: tuple[dt.time, dt.time] = (dt.time(NIGHT_START), dt.time(NIGHT_END))
    # a copy of a message sent to someone else telling them of the claimant's debt (a relative's
    # screenshot: :func:`~.figures.told_others`): evidence of a disclosure, no contact received
    to_third_party: bool = False
    # whose phone or account the item was received on, as the person said (``Item.received_by``:
    # "" not said, ``figures.OWN_PHONE`` their own, else the third party's)
    received_by: str = ""

    @property
    def is_call(self) -> bool:
        return self.channel == "call"

    @property
    def night(self) -> bool:
        start, end = self.night_hours
        t = self.when.time()
        return (t >= start or t < end) if start > end else start <= t < end

    @property
    def counts(self) -> bool:
        """Whether this is a contact the claimant received (the counts and the chart): not the
        claimant's own, not dated by a file time, not a screenshot's own time (when it was taken
        is no contact), not a message sent to a third party."""
        return (not self.outgoing and not self.file_time and not self.screenshot and not self.not_received
                and not self.to_third_party)

    @property
    def night_contact(self) -> bool:
        """A contact received at night: what both the page and the screen mark."""
        return self.night and self.counts

    @property
    def undated(self) -> bool:
        """Dated by nothing but the file's modification time (no EXIF, no dated file name, no
        date of the person's): ``when`` is made up, never shown (:meth:`shown_time`) nor counted,
        and the event is listed after the dated ones, in exhibit order."""
        return self.file_time and (not self.basis or dateless(TimeCertainty.UNKNOWN, self.basis))

    def shown_time(self, lang: str, *, short: bool = False) -> str:
        """The time as a reader sees it (:func:`.timebasis.shown_time`): "2026-11-24 22:41"; a
        full stamp's lower bound with its note ("（不早于此）" when ``short``); an undated event as
        the screen showed it, "星期三 下午3:05（日期不详）", or "日期不详"."""
        if self.undated:
            return shown_time("", TimeCertainty.UNKNOWN, self.basis or BasisKind.FILE_TIME.value, lang)
        when = self.when.strftime("%Y-%m-%d %H:%M")
        return when + (self.time_note(lang, short=short, paren=True) if self.file_time else "")

    def time_note(self, lang: str, *, short: bool = False, paren: bool = False) -> str:
        """What the time rests on, in ``lang`` (:func:`.timebasis.time_note`): "" for a time shown
        in full; a file time, or a full stamp's lower bound ("不早于此"), is said to be one."""
        if self.file_time:
            return time_note(TimeCertainty.UNKNOWN, self.basis or BasisKind.FILE_TIME.value, lang,
                             short=short, paren=paren)
        return time_note(TimeCertainty.RESOLVED, self.basis, lang, short=short, paren=paren)


def night_of(t: dt.datetime, hours: tuple[dt.time, dt.time] = (dt.time(NIGHT_START), dt.time(NIGHT_END))) -> dt.date:
    """The night ``t`` belongs to, by the day it began: a time after midnight, before the end of
    quiet hours that run over midnight, belongs to the night that began the evening before
    (2026-11-26 00:12 and 07:31 are the night of 11-25)."""
    start, end = hours
    return t.date() - dt.timedelta(days=1) if start > end and t.time() < end else t.date()


_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def night_name(day: dt.date, lang: str, *, over_midnight: bool = True) -> str:
    """A night, by the day it began, for a reader: "2026-11-25夜间至11-26凌晨" (zh-Hant "夜間至…凌晨"),
    "night of 25–26 Nov 2026"; quiet hours within one day (``over_midnight`` False) are that
    day's ("2026-11-25")."""
    if not over_midnight:
        return day.isoformat()
    nxt = day + dt.timedelta(days=1)
    if lang == "en":
        if nxt.month == day.month:
            return f"night of {day.day}–{nxt.day} {_MONTHS[day.month - 1]} {day.year}"
        first = f"{day.day} {_MONTHS[day.month - 1]}" + (f" {day.year}" if nxt.year != day.year else "")
        return f"night of {first} – {nxt.day} {_MONTHS[nxt.month - 1]} {nxt.year}"
    after = nxt.strftime("%m-%d") if nxt.year == day.year else nxt.isoformat()
    night, morning = ("夜間", "凌晨") if lang == "zh-Hant" else ("夜间", "凌晨")
    return f"{day.isoformat()}{night}至{after}{morning}"


def nights(evs: Sequence[Event]) -> list[dt.date]:
    """The nights (by the day each began, :func:`night_of`) with a contact received at night, in
    order: what "涉及 3 个夜晚" counts."""
    return sorted({night_of(e.when, e.night_hours) for e in evs if e.night_contact})


def stated(item: Item) -> bool:
    """The person gave the exhibit's time themselves (its event time)."""
    return parse_time(item.event_time, item.import_offset) is not None


def is_recording(item: Item) -> bool:
    """A recording of a call (audio or video): its time is a contact's."""
    return item.kind in ("audio", "video")


def is_night(t: dt.datetime) -> bool:
    """Whether ``t`` falls in the night hours (22:00–08:00)."""
    return t.hour >= NIGHT_START or t.hour < NIGHT_END


def is_night_iso(s: str | None) -> bool:
    """:func:`is_night` for a time as text (see :func:`parse_time`); False when it is not one."""
    t = parse_time(s)
    return t is not None and is_night(t)


def item_time(ex: Dated) -> dt.datetime | None:
    """When the item came into being, best source first: the user's date, the first dated
    message, EXIF, the file's modification time."""
    return item_time_basis(ex)[0]


def item_time_basis(ex: Dated) -> tuple[dt.datetime | None, str]:
    """:func:`item_time` and what it rests on: "user", "message", "exif", "name" (a recorder's
    file name), "email", "file" (or "")."""
    it = ex.item
    t = parse_time(it.event_time, it.import_offset)
    if t is not None:
        return t, "user"
    times = _message_times(ex)
    if times:
        return min(times), "message"
    t = parse_time(it.exif_time)
    if t is not None:
        return t, "exif"
    t, basis = _media_time(ex)
    if t is not None:
        return t, basis
    t = parse_time(it.file_mtime, it.import_offset)
    return t, ("file" if t is not None else "")


def _media_time(ex: Dated) -> tuple[dt.datetime | None, str]:
    """When an email was sent (its Date header: "email"), when a recorder's file name says a
    recording or video was made ("name"); None when it says nothing."""
    media = getattr(ex, "media", None)
    if not isinstance(media, ItemMedia):
        return None, ""
    if media.email is not None:
        t = parse_time(media.email.time)
        if t is not None:
            return t, "email"
    av = media.av
    if av is not None and av.from_name is not None and av.from_name.time and "T" in av.from_name.time:
        t = parse_time(av.from_name.time)
        if t is not None:
            return t, "name"
    return None, ""


def _name_time(it: Item) -> dt.datetime | None:
    """When a phone's file name says a screenshot or photo was taken (``Screenshot_20261127-100212.png``,
    :func:`.timebasis.file_name_time`); None for other items and names."""
    if it.kind != "image":
        return None
    named = file_name_time(it.original_name)
    return named[0] if named is not None else None


def _reliable_time(ex: Dated) -> dt.datetime | None:
    it = ex.item
    t = parse_time(it.event_time, it.import_offset)
    if t is None:
        times = _message_times(ex)
        t = min(times) if times else None
    if t is None:
        t = parse_time(it.exif_time)
    if t is None:
        t = _name_time(it)  # a basis as good as EXIF (see :mod:`.timebasis`)
    media = getattr(ex, "media", None)
    if t is None and isinstance(media, ItemMedia) and media.email is not None:
        t = parse_time(media.email.time)  # an email is a contact when its sender wrote it
    return t


def _message_times(ex: Dated) -> list[dt.datetime]:
    """The sure times of the exhibit's messages (see :mod:`.timebasis`)."""
    return [mt.time for mt in message_times(ex) if mt.counted and mt.time is not None]


def events(exhibits: Sequence[D], redactor: TextMask | None = None, limit: int | None = 80,
           title: Callable[[D], str] | None = None,
           night: tuple[dt.time, dt.time] | None = None, *, numbers: Collection[str] = (),
           call_text: Callable[[Event], str] | None = None) -> list[Event]:
    """All dated messages in time order; an item without dated messages counts as one event;
    the undated (:attr:`Event.undated`) last, in exhibit order.

    Messages the claimant sent, and items dated only by their file time (copying a file resets
    it), are listed but flagged so that the contact counts leave them out. A message that several
    screenshots show (same time, sender and text) is one event naming every exhibit.

    Args:
        exhibits: in exhibit order.
        redactor: masks numbers in senders and texts (a redacted bundle).
        limit: texts are cut to this many characters (after merging); None keeps them whole.
        title: the text of an item without dated messages (default: its title or file name).
        numbers: the numbers whose messages and calls in an export are the case's (the
            respondents'); the senders of screenshots and the numbers in recordings' names are
            added. With none at all, every record of an export is listed.
        call_text: the text of a call's event (default: :func:`call_words`).
        night: the quiet hours (start, end) of the case's rule set (default 22:00–08:00).

    Exports' messages and calls (``ex.media.records``) and recordings dated by their file name
    are events too; a screenshot's message corroborated by an export's (the same message, see
    :mod:`.corroboration`) is one event, the export's, naming the screenshot's exhibit as well.
    """
    out: list[Event] = []
    keep = relevant_numbers(exhibits, numbers)
    for ex in exhibits:
        media = getattr(ex, "media", None)
        if isinstance(media, ItemMedia) and media.records:
            out += _record_events(ex, media.records, keep, redactor)
            continue
        if isinstance(media, ItemMedia) and ex.item.kind == "audio":
            ev = _recording_event(ex, media, redactor)
            if ev is not None:
                out.append(ev)
                continue
        got = False
        sender = (ex.ocr.sender or "") if ex.ocr else ""
        if isinstance(media, ItemMedia) and media.email is not None:
            sender = media.email.sender
        if redactor:
            sender = redactor.text(sender)
        if ex.ocr is not None:
            # times as timebasis resolves them: a relative stamp only a file time dates is listed,
            # not counted, the same way as an item dated only by its file time
            for i, (m, mt) in enumerate(zip(ex.ocr.messages, message_times(ex), strict=True)):
                if mt.time is None:
                    continue
                text = redactor.text(m.text) if redactor else m.text
                out.append(Event(mt.time, sender, " ".join(text.split()), ex.number,
                                 outgoing=said_by_claimant(m.text, m.side),
                                 file_time=not mt.counted, item_id=ex.item.id, basis=mt.describe(),
                                 message_index=i))
                got = True
        if not got:
            t = _reliable_time(ex)
            file_time = t is None
            if t is None:
                t = parse_time(ex.item.file_mtime, ex.item.import_offset)
            if t is not None:
                name = title(ex) if title is not None else ex.item.display_title
                name = redactor.text(name) if redactor else name
                # an email dated by its Date header is a contact its sender made, not a picture's time
                emailed = isinstance(media, ItemMedia) and media.email is not None
                # a recording with nothing saying the call came in is the person's evidence of what
                # was said, no contact received (:func:`~.contacts.received`)
                out.append(Event(t, sender, " ".join(name.split()), ex.number, file_time=file_time,
                                 item_id=ex.item.id, not_received=is_recording(ex.item),
                                 screenshot=not is_recording(ex.item) and not stated(ex.item) and not emailed))
    # the dated in time order; the undated (their times made up from the file's) after them, in
    # exhibit order, then in the screen's
    order = {ex.number: i for i, ex in enumerate(exhibits)}
    out.sort(key=lambda e: (True, dt.datetime.min, order.get(e.exhibit, len(order)), e.message_index or 0, e.exhibit)
             if e.undated else (False, e.when, 0, 0, e.exhibit))
    out = _corroborated(out, exhibits)
    words = call_text or call_words
    out = [replace(e, text=words(e)) if e.is_call and not e.text else e for e in out]
    hours = night or (dt.time(NIGHT_START), dt.time(NIGHT_END))
    by_item = {ex.item.id: (redactor.text(ex.item.received_by) if redactor else ex.item.received_by)
               for ex in exhibits if ex.item.received_by}
    return [replace(e, text=_short(e.text, limit), night_hours=hours, received_by=by_item.get(e.item_id, ""))
            for e in _merged(out)]


def third_party_events(evs: Sequence[Event], whole: Sequence[Event], claimant: str) -> list[Event]:
    """The events with those that told a third party of the claimant's debt marked
    (:attr:`Event.to_third_party`: listed, not counted), decided as the cover and the findings
    decide it (:func:`~.figures.tells_third_party`: whose phone it was received on when the person
    said so, else its words).

    Args:
        evs: the events as listed (texts maybe cut short).
        whole: the same events with their texts whole (``evs`` itself when not cut).
        claimant: the claimant's names (:func:`~.addressing.claimant_forms`).

    Returns:
        ``evs``, marked.
    """
    from evidencekit.core.analysis.figures import tells_third_party

    told = {(e.exhibit, e.row, e.message_index) for e in whole
            if (e.message_index is not None or e.row is not None) and not e.outgoing and not e.is_call and e.text
            and tells_third_party(e.text, claimant, e.received_by)}
    return [replace(e, to_third_party=True) if (e.exhibit, e.row, e.message_index) in told else e for e in evs]


def undated_screenshots(exhibits: Sequence[Dated]) -> list[int]:
    """The screenshots (images) with something the chronology cannot date (:attr:`Event.undated`:
    no EXIF time, no date in the phone's file name, no date of the person's), by item id, in
    exhibit order: the person's date for each (``annotate --event-time``) would date them.

    Args:
        exhibits: in exhibit order, with their readings.

    Returns:
        Item ids.
    """
    images = [ex for ex in exhibits if ex.item.kind == "image"]
    undated = {e.item_id for e in events(images, limit=None) if e.undated}
    return [ex.item.id for ex in images if ex.item.id in undated]


# ------------------------------------------------------------------ exports and recordings


def relevant_numbers(exhibits: Sequence[Dated], numbers: Collection[str] = (),
                     respondents: Sequence[Respondent] = ()) -> frozenset[str]:
    """The number keys whose export records are the case's: every number of an export the person
    imported but those plainly of their own life, one home for the chronology, the contacts the
    findings count, an export's exhibit page and the redaction.

    The case's are ``numbers`` (the respondents'), the respondents given by a number, the
    screenshots' senders, the numbers in recordings' file names, the numbers the case's messages
    give as their sender's own ("客服(02)2712-3456", "請速與承辦專員聯絡0987111222"), and every
    other number of an export (:func:`_case_number`) unless its messages are all about other
    things (a delivery notice, a chat about dinner) or the phone saves it under a person's name
    and it sent nothing about a debt: a landline calling seven times in half an hour is the
    case's, whoever it is.

    Not the case's either: the person's own banking. A number none of the respondents' whose
    every message is an ordinary notice of the person's own account (:func:`own_account_notice`:
    "【南湖银行】您尾号5521的储蓄卡…工资收入8,500.00元", a card bill "本期账单金额1,256.00元，最后
    还款日…", a payment debit "快捷支付支出3,860.00元"), none overdue, none collecting, none
    threatening, is their bank at work, not a collector: its messages are no contacts and its sums
    no demands. So is an institution's service line (400/800, 95xxx) from which the phone has only
    calls the person answered, that no respondent lists and no message of the case gives as its
    sender's: their own business with some institution (a collector's unknown line calling
    unanswered stays the case's; a line the person names for a respondent always is).

    Args:
        exhibits: the case's exhibits (their exports' records are read).
        numbers: numbers that are the case's whatever their records say.
        respondents: the case's respondents (their names in signatures and saved contact names).

    Returns:
        The keys (:func:`~evidencekit.core.media.numbers.number_key`); empty when there are none
        at all (then every record is the case's).
    """
    from evidencekit.core.analysis.parties import digits, respondent_numbers
    from evidencekit.core.media.numbers import number_key

    keys = {number_key(n) for n in numbers if n.strip()}
    keys |= {number_key(r.name) for r in respondents if len(digits(r.name)) >= 5 and not _LETTERS.search(r.name)}
    texts: dict[str, list[str]] = {}  # number key -> the messages received from it
    rows: dict[str, list[Record]] = {}  # number key -> its records in the exports
    for ex in exhibits:
        if ex.ocr is not None and ex.ocr.sender:
            key = number_key(ex.ocr.sender)
            keys.add(key)
            texts.setdefault(key, []).extend(m.text for m in ex.ocr.messages if m.side != "out")
        media = getattr(ex, "media", None)
        av = media.av if isinstance(media, ItemMedia) else None
        if av is not None and av.from_name is not None and av.from_name.number:
            keys.add(number_key(av.from_name.number))
        for r in media.records if isinstance(media, ItemMedia) else ():
            if r.number.strip() and r.status not in _NEVER_SENT:
                key = number_key(r.number)
                rows.setdefault(key, []).append(r)
                if not r.is_call and r.direction != "out" and r.text.strip():
                    texts.setdefault(key, []).append(r.text)
    keys |= {key for key, rs in rows.items() if key not in keys and _case_number(rs, respondents)}
    # the numbers the case's messages give as their sender's own, read to the end of the chain
    todo = list(keys)
    while todo:
        for text in texts.get(todo.pop(), ()):
            for n in respondent_numbers(text):
                key = number_key(n)
                if key not in keys:
                    keys.add(key)
                    todo.append(key)
    keys.discard("")
    return frozenset(keys)


# Statuses of a record that never reached anybody.
_NEVER_SENT = ("draft", "failed", "queued", "outbox")
_LETTERS = re.compile(r"[^\W\d_]")
# Labels that say a message is about a debt: its sender is the case's, whoever it is.
_DEBT_LABELS = frozenset({"overdue_collection", "repayment_reminder", "repayment_confirmed", "possibly_misdirected"})
# A service number (10086, 95188) or an SMS gateway (1069…): an institution's line, not a person's.
_SERVICE_LINE = re.compile(r"^(?:\d{3,6}|106\d{5,})$")
# Labels of conduct the case is about: from a number the phone does not know, the case's.
_CONDUCT_LABELS = frozenset({"threat", "threat_third_party", "threat_legal_action", "threat_home_visit",
                             "threat_credit_record", "insult", "impersonation"})


def _case_number(records: Sequence[Record], respondents: Sequence[Respondent]) -> bool:
    """Whether an export's records with one number are the case's: it sent a message about a
    debt or from a respondent; else not when the phone saves it under a name that is no
    institution's (the person's family, friends, colleagues); else when it sent a threat or an
    insult and is no institution's service line; else when it sent no message at all (calls
    only: the phone does not know it), not when every message it sent is about something else."""
    from evidencekit.core.analysis.labels import reading_of
    from evidencekit.core.analysis.parties import institutions, lender_named, respondent_by_name, sender_respondent
    from evidencekit.core.media.numbers import number_key

    received = [r.text for r in records if not r.is_call and r.direction != "out" and r.text.strip()]
    names = [r.name for r in records if r.name.strip()]
    said = [{x.name for x in reading_of(t, "in", "").labels} for t in received]
    if received and any(own_account_notice(t) for t in received) \
            and all(own_account_notice(t) or one_time_code(t) for t in received) \
            and not any(labels & _CONDUCT_LABELS for labels in said):
        # the person's own bank telling them of their own account (and sending their login
        # codes): no collector
        return False
    if not received and all(r.is_call and r.direction != "out" for r in records) and _INSTITUTION_LINE.match(
            number_key(records[0].number)) and all(_answered(r) for r in records):
        return False  # a service line the person talked to: their own business (see relevant_numbers)
    if any(labels & _DEBT_LABELS for labels in said):
        return True
    if respondents and any(sender_respondent("", t, respondents) or lender_named(t, respondents) for t in received):
        return True
    if names and not any(institutions(n) or respondent_by_name(n, respondents) for n in names):
        return False
    if any(labels & _CONDUCT_LABELS for labels in said):
        # a threat from a line the phone does not know; an institution's service line or SMS
        # gateway (10086's "再不缴费将停机") writes about its own business unless it names a debt
        return not _SERVICE_LINE.match(number_key(records[0].number))
    return not received


# An institution's service line: a 400/800 hotline or a 95xxx/96xxx number.
_INSTITUTION_LINE = re.compile(r"^(?:[48]00\d{7}|9[56]\d{3,6})$")
# A notice of the person's own account: a card or account by its last digits, and what happened
# on it (money in or out, a balance, a statement) -- Simplified script (textnorm).
_OWN_ACCOUNT = re.compile(r"尾号\s*\d{3,4}\s*的?\s*(?:储蓄卡|借记卡|信用卡|银行卡|账户|帐户|卡)")
_ACCOUNT_EVENT = re.compile(r"收入|支出|入账|转入|转出|存入|支取|消费|余额|工资|代发|本期账单|账单金额|最后还款日|"
                            r"到期还款日|最低还款|交易|扣款|退款|积分|额度")
# What would make such a notice a collection: overdue, owed, handed over, threatened.
_COLLECTING_WORDS = re.compile(r"逾期|催收|欠款|拖欠|违约|欠费|追讨|追收|律师|起诉|诉讼|上门|移交|委托|征信|黑名单|冻结|"
                               r"立即还款|尽快还款|未还|未缴")


def own_account_notice(text: str) -> bool:
    """Whether a received message is an ordinary notice of the person's own bank account or card
    (salary credited, a payment debited, a balance, a statement with its due date), nothing
    overdue or collected: "【南湖银行】您尾号8803的信用卡本期账单金额1,256.00元，最后还款日12月08日。"
    is; "您尾号8803的信用卡已逾期" is not.

    Args:
        text: the message.
    """
    plain = to_simplified(text)
    return (bool(_OWN_ACCOUNT.search(plain)) and bool(_ACCOUNT_EVENT.search(plain))
            and not _COLLECTING_WORDS.search(plain))


# A one-time code the person asked for ("验证码482913，您正在进行网上银行登录", "Your OTP is 123456").
_ONE_TIME_CODE = re.compile(r"验证码|校验码|动态码|动态密码|(?<![a-z])(?:otp|verification code|one-time (?:password|code))(?![a-z])",
                            re.IGNORECASE)


def one_time_code(text: str) -> bool:
    """Whether a received message is a one-time code (a login or payment code), nothing collected.

    Args:
        text: the message.
    """
    plain = to_simplified(text)
    return bool(_ONE_TIME_CODE.search(plain)) and not _COLLECTING_WORDS.search(plain)


def _answered(r: Record) -> bool:
    """A call the person took (it lasted): not missed, rejected or unknown."""
    return r.answered is True and bool(r.duration_s)


def record_counts(r: Record, keep: frozenset[str]) -> bool:
    """Whether an export's record is one of the case's contacts (listed in the chronology)."""
    from evidencekit.core.media.numbers import number_key

    if r.status in _NEVER_SENT:
        return False  # never reached anybody
    return not keep or number_key(r.number) in keep


def _record_events(ex: Dated, records: Sequence[Record], keep: frozenset[str],
                   redactor: TextMask | None) -> list[Event]:
    out: list[Event] = []
    for r in records:
        t = parse_time(r.time)
        if t is None or not record_counts(r, keep):
            continue
        sender = r.number if not r.name else f"{r.name} {r.number}"
        text = r.text if not r.is_call else ""
        if redactor:
            sender, text = redactor.text(sender), redactor.text(text)
        # a message whose direction the export did not say is the person's when it reads as theirs
        outgoing = r.direction == "out" or (not r.is_call and said_by_claimant(r.text, r.direction))
        out.append(Event(t, sender, " ".join(text.split()), ex.number, outgoing=outgoing,
                         item_id=ex.item.id, channel="call" if r.is_call else "sms", duration_s=r.duration_s,
                         outcome=r.status, row=r.row, number=r.number))
    return out


def _recording_event(ex: Dated, media: ItemMedia, redactor: TextMask | None) -> Event | None:
    """A recording dated by the person, or by a call recorder's file name (to the minute), is a call."""
    av = media.av
    it = ex.item
    t = parse_time(it.event_time, it.import_offset)
    nf = av.from_name if av is not None else None
    number = nf.number if nf is not None else ""
    # a call recorder's name dates a call; a voice recorder's only dates a recording
    is_call = nf is not None and (bool(nf.number) or nf.convention.endswith("-call"))
    if t is None and nf is not None and is_call and nf.time and "T" in nf.time:
        t = parse_time(nf.time)
    if t is None:
        return None
    direction = av.from_name.direction if av is not None and av.from_name is not None else ""
    sender = redactor.text(number) if redactor and number else number
    return Event(t, sender, "", ex.number, outgoing=direction == "out", item_id=it.id, channel="call",
                 duration_s=it.duration_s, outcome="recorded", number=number, not_received=direction != "in")


def _corroborated(evs: list[Event], exhibits: Sequence[Dated]) -> list[Event]:
    """One event per contact: a screenshot's message that an export confirms, and a recording
    of a call the call log lists, are named on the export's event."""
    from evidencekit.core.analysis.corroboration import call_links, message_links

    links = message_links(exhibits)
    calls = call_links(exhibits)
    if not links and not calls:
        return evs
    shown: dict[tuple[int, int], list[str]] = {}  # (export item, row) -> exhibits showing it
    dropped: set[tuple[int, int | None]] = set()
    by_item = {ex.item.id: ex.number for ex in exhibits}
    for ln in links:
        shown.setdefault((ln.export_item, ln.row), []).append(by_item.get(ln.screenshot_item, ""))
        dropped.add((ln.screenshot_item, ln.message_index))
    for cl in calls:
        shown.setdefault((cl.export_item, cl.row), []).append(by_item.get(cl.recording_item, ""))
        dropped.add((cl.recording_item, None))
    out: list[Event] = []
    for e in evs:
        if e.row is None and (e.item_id, e.message_index) in dropped:
            continue
        extra = shown.get((e.item_id, e.row)) if e.row is not None else None
        if extra:
            e = replace(e, also=tuple(dict.fromkeys((*e.also, *(x for x in extra if x)))))
        out.append(e)
    return out


def call_words(e: Event) -> str:
    """A call as the chronology lists it, in English ("Call, missed", "Call, answered 3:12")."""
    status = {"incoming": "answered", "outgoing": "outgoing", "recorded": "recorded"}.get(e.outcome, e.outcome)
    dur = f" {int(e.duration_s) // 60}:{int(e.duration_s) % 60:02d}" if e.duration_s else ""
    return f"Call, {status}{dur}"


def per_day_channels(evs: Sequence[Event]) -> list[tuple[dt.date, int, int, int, int]]:
    """(day, messages by day, messages at night, calls by day, calls at night), every day from the
    first to the last contact (the chart's bars)."""
    counted = [e for e in evs if e.counts]
    if not counted:
        return []
    counts: dict[dt.date, list[int]] = {}
    for e in counted:
        c = counts.setdefault(e.when.date(), [0, 0, 0, 0])
        c[(2 if e.is_call else 0) + (1 if e.night else 0)] += 1
    out: list[tuple[dt.date, int, int, int, int]] = []
    d, last = min(counts), max(counts)
    while d <= last and len(out) < 3660:
        c = counts.get(d, [0, 0, 0, 0])
        out.append((d, c[0], c[1], c[2], c[3]))
        d += dt.timedelta(days=1)
    return out


@dataclass(frozen=True)
class CallStats:
    """What the summary says of calls: how many the person received, how many were missed or
    rejected, how many at night, and the most calls one number made in one day."""

    total: int
    unanswered: int
    night: int
    peak_count: int = 0
    peak_number: str = ""
    peak_day: dt.date | None = None
    exhibits: tuple[str, ...] = ()


def call_stats(evs: Sequence[Event]) -> CallStats | None:
    """Calls received (counted as contacts), None when there are none."""
    from collections import Counter

    calls = [e for e in evs if e.is_call and e.counts]
    if not calls:
        return None
    per: Counter[tuple[dt.date, str]] = Counter((e.when.date(), e.number or e.sender) for e in calls)
    (day, number), peak = min(per.items(), key=lambda kv: (-kv[1], kv[0][0], kv[0][1]))
    unanswered = sum(e.outcome in ("missed", "rejected", "blocked", "voicemail") for e in calls)
    refs = tuple(dict.fromkeys(e.exhibit for e in calls))
    return CallStats(len(calls), unanswered, sum(e.night for e in calls), peak, number, day, refs)


def _merged(evs: list[Event]) -> list[Event]:
    out: list[Event] = []
    at: dict[tuple[dt.datetime, str, str, bool], int] = {}
    for e in evs:
        if e.file_time:
            out.append(e)
            continue
        key = (e.when, " ".join(e.sender.split()), e.text, e.outgoing)
        i = at.get(key)
        if i is None:
            at[key] = len(out)
            out.append(e)
        elif e.exhibit != out[i].exhibit and e.exhibit not in out[i].also:
            out[i] = replace(out[i], also=(*out[i].also, e.exhibit))
    return out


def per_day(evs: Sequence[Event]) -> list[tuple[dt.date, int, int]]:
    """(day, day-time count, night-time count) for every day from the first to the last event.

    A contact after midnight but before 08:00 counts on its own calendar day."""
    counted = [e for e in evs if e.counts]
    if not counted:
        return []
    counts: dict[dt.date, list[int]] = {}
    for e in counted:
        c = counts.setdefault(e.when.date(), [0, 0])
        c[1 if e.night else 0] += 1
    first, last = min(counts), max(counts)
    days: list[tuple[dt.date, int, int]] = []
    d = first
    while d <= last and len(days) < 3660:
        c = counts.get(d, [0, 0])
        days.append((d, c[0], c[1]))
        d += dt.timedelta(days=1)
    return days


def _short(s: str, limit: int | None) -> str:
    return s if limit is None or len(s) <= limit else s[: limit - 1] + "…"
