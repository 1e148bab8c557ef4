"""The chronology as the bundle reads it.

The only module of the export that imports the chronology: its events, per-day counts and the
time an exhibit came into being are asked for here, by exhibit, so that a change of the
chronology's home or of its input type is made in this one place.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Collection, Sequence
from typing import TypeVar

from evidencekit.core.analysis import chronology as _chronology
from evidencekit.core.analysis import timeparse
from evidencekit.core.export.model import ExhibitInput
from evidencekit.core.media.model import Record

#: One dated message (or undated item) of the chronology.
Event = _chronology.Event
#: What the chronology reads of an exhibit (the bundle's or the case's).
D = TypeVar("D", bound=_chronology.Dated)
#: (day, day-time contacts, night-time contacts)
DayCount = tuple[dt.date, int, int]


def parse_time(text: str | None, offset: str = "") -> dt.datetime | None:
    """A naive local time from ISO 8601 (``Z`` times moved to ``offset``) or EXIF format."""
    return timeparse.parse_time(text, offset)


def item_time(ex: ExhibitInput) -> dt.datetime | None:
    """When the exhibit came into being (the user's date, its first message, EXIF, file time)."""
    return _chronology.item_time(ex)


def item_time_basis(ex: ExhibitInput) -> tuple[dt.datetime | None, str]:
    """:func:`item_time` and what it rests on: "user", "message", "exif", "file" (or "")."""
    return _chronology.item_time_basis(ex)


def events(exhibits: Sequence[D], *, title: Callable[[D], str] | None = None,
           night: tuple[dt.time, dt.time] | None = None, numbers: Collection[str] = (),
           call_text: Callable[[Event], str] | None = None, limit: int | None = 80) -> list[Event]:
    """Every dated message and call in time order; an exhibit without dated messages is one event
    named by ``title`` (default: its title or file name). ``numbers``: the respondents' numbers
    (an export's records with other numbers are not the case's); ``call_text``: a call's text;
    ``limit``: texts are cut to this many characters (None: whole); ``night``: the case's quiet
    hours.

    ``exhibits`` are the bundle's (:class:`ExhibitInput`) or the case's own (``Exhibit``): the
    app's chronology screen reads the same events as the bundle's page."""
    return _chronology.events(exhibits, title=title, night=night, numbers=numbers, call_text=call_text, limit=limit)


def third_party_events(evs: Sequence[Event], whole: Sequence[Event], claimant: str) -> list[Event]:
    """``evs`` with the messages that told a third party of the claimant's debt marked (listed,
    not counted), decided as the cover and the findings decide it: whose phone the item was
    received on when the person said so, else the words (``whole``: the same events with their
    texts whole; ``claimant``: the claimant's names)."""
    return _chronology.third_party_events(evs, whole, claimant)


#: (day, messages by day, messages at night, calls by day, calls at night)
ChannelDayCount = tuple[dt.date, int, int, int, int]


def per_day_channels(evs: Sequence[Event]) -> list[ChannelDayCount]:
    """Contacts per day, messages and calls apart, night-time ones apart (the chart)."""
    return _chronology.per_day_channels(evs)


def call_stats(evs: Sequence[Event]) -> _chronology.CallStats | None:
    """Calls received: how many, unanswered, at night, the most from one number in one day."""
    return _chronology.call_stats(evs)


def per_day(evs: Sequence[Event]) -> list[DayCount]:
    """Contacts per day from the first to the last event, night-time ones apart."""
    return _chronology.per_day(evs)


def nights(evs: Sequence[Event]) -> list[dt.date]:
    """The nights with a contact received at night, by the day each began (00:12 belongs to the
    night before)."""
    return _chronology.nights(evs)


def relevant_numbers(exhibits: Sequence[ExhibitInput], numbers: Collection[str] = ()) -> frozenset[str]:
    """The number keys whose export records are the case's (empty: every record is)."""
    return _chronology.relevant_numbers(exhibits, numbers)


def record_counts(r: Record, keep: frozenset[str]) -> bool:
    """Whether an export's record is one of the case's contacts."""
    return _chronology.record_counts(r, keep)
