"""Corroboration: a message read from a screenshot that an export holds too, and a recording of a
call the call log lists. A screenshot's sender and time are whatever the screen showed; the same
message in the phone's own export, with its exact number and time, answers "was it edited?".

A screenshot's message and an export's message are linked when all three hold:

- the same number: the screenshot's sender line and the export's address are the same line
  (:func:`~evidencekit.core.media.numbers.number_key`); a screenshot cropped to its messages (no
  sender line), or headed by a saved contact's name (no number), is linked on its text alone, at least :data:`UNNAMED_SIMILARITY` alike, when exactly
  one record fits each message and all are one number's;
- the time: the export's time is within what the screen shows — the screenshot's minute (phones
  show hours and minutes) and :data:`TIME_SLACK` either side for a clock a little off — or, for a
  message the screen shows without a time of its own, the same day as the screenshot's messages;
- the text: at least :data:`MIN_SIMILARITY` alike once spaces are dropped and both are in
  Simplified script (OCR misreads a character here and there).

The screenshot's times are the chronology's own (:func:`~.timebasis.message_times`: a relative
stamp read against the EXIF time, the phone's file name or the person's date), so a message the
chronology dates is linked on that date, never on one a copy's file time gives. A screenshot
whose date nothing says (only a file time, or a full stamp's lower bound) is linked on what the
screen does show: the number, the text and the time of day (not before a lower bound), when
exactly one export message fits; such a link is :attr:`MessageLink.dated` False (the export's
record gives the date; the screenshot's page says the date was not compared).

Each screenshot message is linked to its best match, and each export message to one screenshot
message at most; dated messages are linked first. Links are computed, not stored: both sides read
them (the screenshot's page says "corroborated by exhibit 4 (SMS export), row 17"; the export's
page names the screenshot).
"""

from __future__ import annotations

import datetime as dt
import difflib
from collections.abc import Sequence
from dataclasses import dataclass

from evidencekit.core.analysis.chronology import Dated
from evidencekit.core.analysis.timebasis import BasisKind, MessageTime, message_times
from evidencekit.core.media.model import ItemMedia
from evidencekit.core.media.numbers import number_key
from evidencekit.core.models import Message

TIME_SLACK = dt.timedelta(minutes=2)
MIN_SIMILARITY = 0.7
# for a screenshot cropped to its messages (no sender line): the text is all that says which thread
UNNAMED_SIMILARITY = 0.9
CALL_SLACK = dt.timedelta(minutes=3)  # a recording's file-name time against the call log's


# What is read of an exhibit: the chronology's own view of one (number, item, reading).
_Exhibit = Dated


@dataclass(frozen=True, slots=True)
class MessageLink:
    """A screenshot's message (item, message index) and the same message in an export (item, row)."""

    screenshot_item: int
    message_index: int
    export_item: int
    row: int
    similarity: float
    screenshot_exhibit: str = ""
    export_exhibit: str = ""
    #: whether the screenshot's date was compared (False: the screenshot has no date basis, and
    #: the number, text and time of day alone link it; the date is the export's)
    dated: bool = True
    #: whether the screenshot showed the message under a stamp of its own (False: under the stamp
    #: of the message above it, a phone's one time over a group; the minute is the export's)
    own_stamp: bool = True


@dataclass(frozen=True, slots=True)
class CallLink:
    """A recording and the call-log row of the same call."""

    recording_item: int
    export_item: int
    row: int
    recording_exhibit: str = ""
    export_exhibit: str = ""


def _norm(text: str) -> str:
    from evidencekit.core.ocr.script import to_simplified

    return to_simplified("".join(text.split()))


def _time(s: str | None) -> dt.datetime | None:
    if not s:
        return None
    try:
        t = dt.datetime.fromisoformat(s.replace("Z", "+00:00"))
    except ValueError:
        return None
    return t.replace(tzinfo=None) if t.tzinfo is None else None


def similarity(a: str, b: str) -> float:
    """How alike two message texts are (0..1), spaces and script ignored."""
    na, nb = _norm(a), _norm(b)
    if not na or not nb:
        return 0.0
    if na == nb:
        return 1.0
    return difflib.SequenceMatcher(None, na, nb, autojunk=False).ratio()


def message_links(exhibits: Sequence[_Exhibit]) -> list[MessageLink]:
    """Every screenshot message an export confirms (see the module)."""
    exports = [(ex, m) for ex in exhibits if isinstance(m := getattr(ex, "media", None), ItemMedia) and m.records]
    if not exports:
        return []
    # the export's messages by number key: only those can match
    by_key: dict[str, list[_Candidate]] = {}
    for ex, m in exports:
        for r in m.records:
            t = _time(r.time)
            if r.is_call or t is None:
                continue
            by_key.setdefault(number_key(r.number), []).append((ex, r.row, t, r.text))
    shots: list[tuple[_Exhibit, Sequence[Message], list[_Candidate], list[MessageTime]]] = []
    unnamed: set[int] = set()  # screenshots whose sender line the capture left out
    for ex in exhibits:
        ocr = ex.ocr
        if ocr is None or ex.item.kind != "image":
            continue
        if not any(ch.isdigit() for ch in ocr.sender or ""):
            # cropped to the messages, or headed by the name the person saved the number under
            # ("永信銀行客服"): any number may be the thread's, its text alone says which
            unnamed.add(ex.item.id)
            candidates = [c for cs in by_key.values() for c in cs]
        else:
            candidates = by_key.get(number_key(ocr.sender), [])
        if candidates:
            shots.append((ex, ocr.messages, candidates, message_times(ex)))
    links: list[MessageLink] = []
    taken: set[tuple[int, int]] = set()
    # the dated first: a message without a date must not take a record a dated copy shows
    for dated in (True, False):
        for ex, msgs, candidates, times in shots:
            days = {mt.time.date() for mt in times if mt.counted and mt.time is not None}
            for i, (msg, mt) in enumerate(zip(msgs, times, strict=True)):
                if _dated(mt, days) is not dated:
                    continue
                window = _window(msgs, times, i)
                least = UNNAMED_SIMILARITY if ex.item.id in unnamed else MIN_SIMILARITY
                fits = [(sim, exp, row) for exp, row, t, text in candidates
                        if (exp.item.id, row) not in taken and _fits(mt, window, days, t)
                        and (sim := similarity(msg.text, text)) >= least]
                if not fits:
                    continue
                best = max(fits, key=lambda f: f[0])
                # without a date (or a number), two records that fit as well are two days (or two
                # senders) the message may be of
                if (not dated or ex.item.id in unnamed) and sum(f[0] == best[0] for f in fits) > 1:
                    continue
                taken.add((best[1].item.id, best[2]))
                links.append(MessageLink(ex.item.id, i, best[1].item.id, best[2], round(best[0], 3), ex.number,
                                         best[1].number, dated, not _under_stamp_above(msgs, times, i)))
    if unnamed:
        # a screen shows one thread: a screenshot without a sender line linked to two numbers'
        # records was not told apart by its text alone, and keeps none of those links
        number_of = {(ex.item.id, r.row): number_key(r.number) for ex, m in exports for r in m.records}
        numbers: dict[int, set[str]] = {}
        for ln in links:
            numbers.setdefault(ln.screenshot_item, set()).add(number_of[(ln.export_item, ln.row)])
        links = [ln for ln in links if ln.screenshot_item not in unnamed or len(numbers[ln.screenshot_item]) == 1]
    links.sort(key=lambda ln: (ln.screenshot_item, ln.message_index))
    return links


# an export's message: its exhibit, row, time and text
_Candidate = tuple[_Exhibit, int, dt.datetime, str]


def _dated(mt: MessageTime, days: set[dt.date]) -> bool:
    """Whether a screenshot message's date is known: its time is counted, or (no time of its own)
    the screenshot's other messages give the day."""
    return mt.counted or (mt.time is None and bool(days))


def _window(msgs: Sequence[Message], times: Sequence[MessageTime], i: int) -> dt.timedelta:
    """How long after the minute its stamp shows a screenshot message may have been sent.

    A message with a stamp of its own was sent in that minute. One under the same stamp as the
    message above it (a phone writes one time over a group of messages: "昨天 下午2:20" over a
    message of 14:20 and the reply of 14:30) was sent at that time or later, before the next
    stamp below it, and on the same day."""
    mt = times[i]
    if mt.time is None or not _under_stamp_above(msgs, times, i):
        return dt.timedelta(minutes=1)
    later = [n.time for n in times[i + 1:] if n.time is not None and n.time > mt.time]
    end = dt.datetime.combine(mt.time.date() + dt.timedelta(days=1), dt.time(0))
    return min([end, *later[:1]]) - mt.time.replace(second=0, microsecond=0)


def _under_stamp_above(msgs: Sequence[Message], times: Sequence[MessageTime], i: int) -> bool:
    """Whether screenshot message ``i`` has no stamp of its own: it sits under the stamp of the
    message above it (:func:`_window`)."""
    return (times[i].time is not None and i > 0 and bool(msgs[i].time_label)
            and msgs[i].time_label == msgs[i - 1].time_label)


def _fits(mt: MessageTime, window: dt.timedelta, days: set[dt.date], t: dt.datetime) -> bool:
    """Whether an export message sent at ``t`` can be the screenshot message timed ``mt``, sent
    within ``window`` of the minute it shows (:func:`_window`)."""
    if mt.time is None:
        return not days or t.date() in days
    minute = mt.time.replace(second=0, microsecond=0)
    if mt.counted:
        return minute - TIME_SLACK <= t < minute + window + TIME_SLACK
    # no date: the time of day the screen shows, and not before a full stamp's lower bound
    if mt.basis is not None and mt.basis.kind is BasisKind.STAMP and t < minute - TIME_SLACK:
        return False
    day = dt.timedelta(days=1)
    after = (dt.datetime.combine(minute.date(), t.time()) - minute) % day  # across midnight
    return after < window + TIME_SLACK or after > day - TIME_SLACK


def call_links(exhibits: Sequence[_Exhibit]) -> list[CallLink]:
    """Every recording whose call the call log lists (same number, time within
    :data:`CALL_SLACK` of the call's start or end)."""
    calls: dict[str, list[tuple[_Exhibit, int, dt.datetime, float]]] = {}
    for ex in exhibits:
        m = getattr(ex, "media", None)
        if isinstance(m, ItemMedia) and m.records:
            for r in m.records:
                t = _time(r.time)
                if r.is_call and t is not None:
                    calls.setdefault(number_key(r.number), []).append((ex, r.row, t, r.duration_s or 0.0))
    if not calls:
        return []
    out: list[CallLink] = []
    for ex in exhibits:
        m = getattr(ex, "media", None)
        av = m.av if isinstance(m, ItemMedia) else None
        if av is None or av.from_name is None or not av.from_name.number or "T" not in (av.from_name.time or ""):
            continue
        t = _time(av.from_name.time)
        if t is None:
            continue
        for exp, row, start, dur in calls.get(number_key(av.from_name.number), []):
            end = start + dt.timedelta(seconds=dur)
            if start - CALL_SLACK <= t <= end + CALL_SLACK:
                out.append(CallLink(ex.item.id, exp.item.id, row, ex.number, exp.number))
                break
    return out
