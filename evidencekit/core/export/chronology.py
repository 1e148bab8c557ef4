"""The chronology: every message (or, without OCR, every item) in time order, and per-day counts
with night-time contacts (22:00-08:00 local) counted apart."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

from evidencekit.core.export.model import ExhibitInput
from evidencekit.core.export.redact import Redactor

NIGHT_START = 22
NIGHT_END = 8


@dataclass(frozen=True)
class Event:
    when: dt.datetime  # naive local time of the phone
    sender: str
    text: str
    exhibit: str
    outgoing: bool = False  # sent by the claimant: listed, not counted as a contact
    file_time: bool = False  # dated only by the file's modification time: listed, not counted
    also: tuple[str, ...] = ()  # later exhibits showing the same message (overlapping screenshots)

    @property
    def night(self) -> bool:
        return is_night(self.when)

    @property
    def counts(self) -> bool:
        return not self.outgoing and not self.file_time


def is_night(t: dt.datetime) -> bool:
    return t.hour >= NIGHT_START or t.hour < NIGHT_END


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


def item_time(ex: ExhibitInput) -> dt.datetime | None:
    """When the item came into being, best source first: the user's date, the first dated
    message, EXIF, the file's modification time."""
    return item_time_basis(ex)[0]


def item_time_basis(ex: ExhibitInput) -> tuple[dt.datetime | None, str]:
    """:func:`item_time` and what it rests on: "user", "message", "exif", "file" (or "")."""
    it = ex.item
    t = parse_time(it.event_time, it.import_offset)
    if t is not None:
        return t, "user"
    if ex.ocr is not None:
        times = [x for x in (parse_time(m.sent_at) for m in ex.ocr.messages) if x is not None]
        if times:
            return min(times), "message"
    t = parse_time(it.exif_time)
    if t is not None:
        return t, "exif"
    t = parse_time(it.file_mtime, it.import_offset)
    return t, ("file" if t is not None else "")


def _reliable_time(ex: ExhibitInput) -> dt.datetime | None:
    it = ex.item
    t = parse_time(it.event_time, it.import_offset)
    if t is None and ex.ocr is not None:
        times = [x for x in (parse_time(m.sent_at) for m in ex.ocr.messages) if x is not None]
        t = min(times) if times else None
    return t or parse_time(it.exif_time)


def events(exhibits: Sequence[ExhibitInput], redactor: Redactor | None = None, limit: int = 80,
           title: Callable[[ExhibitInput], str] | None = None) -> list[Event]:
    """All dated messages in time order; an item without dated messages counts as one event.

    Messages the claimant sent, and items dated only by their file time (copying a file resets
    it), are listed but flagged so that the contact counts leave them out. A message that several
    screenshots show (same time, sender and text) is one event naming every exhibit.
    """
    out: list[Event] = []
    for ex in exhibits:
        got = False
        sender = (ex.ocr.sender or "") if ex.ocr else ""
        if redactor:
            sender = redactor.text(sender)
        if ex.ocr is not None:
            for m in ex.ocr.messages:
                t = parse_time(m.sent_at)
                if t is None:
                    continue
                text = redactor.text(m.text) if redactor else m.text
                out.append(Event(t, sender, _short(text, limit), ex.number, outgoing=m.side == "out"))
                got = True
        if not got:
            t = _reliable_time(ex)
            file_time = t is None
            if t is None:
                t = parse_time(ex.item.file_mtime, ex.item.import_offset)
            if t is not None:
                name = title(ex) if title is not None else ex.item.display_title
                name = redactor.text(name) if redactor else name
                out.append(Event(t, sender, _short(name, limit), ex.number, file_time=file_time))
    out.sort(key=lambda e: (e.when, e.exhibit))
    return _merged(out)


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
    evs = [e for e in evs if e.counts]
    if not evs:
        return []
    counts: dict[dt.date, list[int]] = {}
    for e in evs:
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


def _short(s: str, limit: int) -> str:
    s = " ".join(s.split())
    return s if len(s) <= limit else s[: limit - 1] + "…"
