"""The chronology as the bundle reads it.

The only module of the export that imports the chronology: its events, per-day counts and the
time an exhibit came into being are asked for here, by exhibit, so that a change of the
chronology's home or of its input type is made in this one place.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence

from evidencekit.core.analysis import chronology as _chronology
from evidencekit.core.export.model import ExhibitInput

#: One dated message (or undated item) of the chronology.
Event = _chronology.Event
#: (day, day-time contacts, night-time contacts)
DayCount = tuple[dt.date, int, int]


def parse_time(text: str | None, offset: str = "") -> dt.datetime | None:
    """A naive local time from ISO 8601 (``Z`` times moved to ``offset``) or EXIF format."""
    return _chronology.parse_time(text, offset)


def item_time(ex: ExhibitInput) -> dt.datetime | None:
    """When the exhibit came into being (the user's date, its first message, EXIF, file time)."""
    return _chronology.item_time(ex)


def item_time_basis(ex: ExhibitInput) -> tuple[dt.datetime | None, str]:
    """:func:`item_time` and what it rests on: "user", "message", "exif", "file" (or "")."""
    return _chronology.item_time_basis(ex)


def events(exhibits: Sequence[ExhibitInput], *, title: Callable[[ExhibitInput], str] | None = None,
           night: tuple[dt.time, dt.time] | None = None) -> list[Event]:
    """Every dated message in time order; an exhibit without dated messages is one event
    named by ``title`` (default: its title or file name); ``night``: the case's quiet hours."""
    return _chronology.events(exhibits, title=title, night=night)


def per_day(evs: Sequence[Event]) -> list[DayCount]:
    """Contacts per day from the first to the last event, night-time ones apart."""
    return _chronology.per_day(evs)
