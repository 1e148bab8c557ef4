"""The chronology: every message (or, without OCR, every item) in time order, and per-day counts
with night-time contacts counted apart. The bundle's chronology page and the app's chronology
screen are both made from :func:`events`, so they list the same events with the same counts.

The input is anything with an exhibit ``number``, an ``item`` and its reading ``ocr`` (the user's
corrections applied): the vault's ``Exhibit`` (``Case.exhibits_with_text()``) or the bundle's
``ExhibitInput``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from typing import Protocol, TypeVar

from evidencekit.core.analysis.timebasis import message_times
from evidencekit.core.models import Item, OcrResult

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
    file_time: bool = False  # dated only by the file's modification time: listed, not counted
    also: tuple[str, ...] = ()  # later exhibits showing the same message (overlapping screenshots)
    item_id: int = 0  # the item of ``exhibit``
    basis: str = ""  # what a time resolved from a relative stamp rests on ("" when shown in full)
    # a screenshot or document without dated messages, dated by when it was taken (EXIF): no
    # contact; one the person dated (the exhibit's event time) is their statement of the contact
    screenshot: bool = False
    # the quiet hours (start, end) the case's rule set names; the guideline's by default
    night_hours: tuple[dt.time, dt.time] = (dt.time(NIGHT_START), dt.time(NIGHT_END))

    @property
    def night(self) -> bool:
        start, end = self.night_hours
        t = self.when.time()
        return (t >= start or t < end) if start > end else start <= t < end

    @property
    def counts(self) -> bool:
        """Whether this is a contact the claimant received (the counts and the chart): not the
        claimant's own, not dated by a file time, not a screenshot's own time (when it was taken
        is no contact)."""
        return not self.outgoing and not self.file_time and not self.screenshot

    @property
    def night_contact(self) -> bool:
        """A contact received at night: what both the page and the screen mark."""
        return self.night and self.counts


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


def parse_time(s: str | None, offset: str = "") -> dt.datetime | None:
    """A naive local time from ISO 8601 (``Z`` times are moved to ``offset``) or EXIF format."""
    if not s:
        return None
    s = s.strip()
    try:
        if len(s) >= 19 and s[4] == ":" and s[7] == ":":  # EXIF "2026:11:20 22:15:03"
            return dt.datetime.strptime(s[:19], "%Y:%m:%d %H:%M:%S")
        t = dt.datetime.fromisoformat(s.replace("Z", "+00:00"))
    except ValueError:
        return None
    if t.tzinfo is not None:
        tz = dt.timezone.utc
        if offset and len(offset) == 6:
            try:
                sign = 1 if offset[0] == "+" else -1
                tz = dt.timezone(sign * dt.timedelta(hours=int(offset[1:3]), minutes=int(offset[4:6])))
            except ValueError:
                pass
        t = t.astimezone(tz).replace(tzinfo=None)
    return t


def item_time(ex: Dated) -> dt.datetime | None:
    """When the item came into being, best source first: the user's date, the first dated
    message, EXIF, the file's modification time."""
    return item_time_basis(ex)[0]


def item_time_basis(ex: Dated) -> tuple[dt.datetime | None, str]:
    """:func:`item_time` and what it rests on: "user", "message", "exif", "file" (or "")."""
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
    t = parse_time(it.file_mtime, it.import_offset)
    return t, ("file" if t is not None else "")


def _reliable_time(ex: Dated) -> dt.datetime | None:
    it = ex.item
    t = parse_time(it.event_time, it.import_offset)
    if t is None:
        times = _message_times(ex)
        t = min(times) if times else None
    return t or parse_time(it.exif_time)


def _message_times(ex: Dated) -> list[dt.datetime]:
    """The sure times of the exhibit's messages (see :mod:`.timebasis`)."""
    return [mt.time for mt in message_times(ex) if mt.counted and mt.time is not None]


def events(exhibits: Sequence[D], redactor: TextMask | None = None, limit: int | None = 80,
           title: Callable[[D], str] | None = None,
           night: tuple[dt.time, dt.time] | None = None) -> list[Event]:
    """All dated messages in time order; an item without dated messages counts as one event.

    Messages the claimant sent, and items dated only by their file time (copying a file resets
    it), are listed but flagged so that the contact counts leave them out. A message that several
    screenshots show (same time, sender and text) is one event naming every exhibit.

    Args:
        exhibits: in exhibit order.
        redactor: masks numbers in senders and texts (a redacted bundle).
        limit: texts are cut to this many characters (after merging); None keeps them whole.
        title: the text of an item without dated messages (default: its title or file name).
        night: the quiet hours (start, end) of the case's rule set (default 22:00–08:00).
    """
    out: list[Event] = []
    for ex in exhibits:
        got = False
        sender = (ex.ocr.sender or "") if ex.ocr else ""
        if redactor:
            sender = redactor.text(sender)
        if ex.ocr is not None:
            # times as timebasis resolves them: a relative stamp only a file time dates is listed,
            # not counted, the same way as an item dated only by its file time
            for m, mt in zip(ex.ocr.messages, message_times(ex), strict=True):
                if mt.time is None:
                    continue
                text = redactor.text(m.text) if redactor else m.text
                out.append(Event(mt.time, sender, " ".join(text.split()), ex.number, outgoing=m.side == "out",
                                 file_time=not mt.counted, item_id=ex.item.id, basis=mt.describe()))
                got = True
        if not got:
            t = _reliable_time(ex)
            file_time = t is None
            if t is None:
                t = parse_time(ex.item.file_mtime, ex.item.import_offset)
            if t is not None:
                name = title(ex) if title is not None else ex.item.display_title
                name = redactor.text(name) if redactor else name
                out.append(Event(t, sender, " ".join(name.split()), ex.number, file_time=file_time,
                                 item_id=ex.item.id, screenshot=not is_recording(ex.item) and not stated(ex.item)))
    out.sort(key=lambda e: (e.when, e.exhibit))
    hours = night or (dt.time(NIGHT_START), dt.time(NIGHT_END))
    return [replace(e, text=_short(e.text, limit), night_hours=hours) for e in _merged(out)]


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
