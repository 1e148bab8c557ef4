"""形成时间: when an exhibit came into being, as the evidence list and the exhibit's page say it,
and what that rests on.

The chronology's time of an exhibit (:func:`.timeline.item_time_basis`: the person's date, its
first message, EXIF, a recorder's file name to the minute, an email's Date header) comes first.
Where that leaves only the file's modification time, which copying resets, a better basis is
looked for: the span of an export's own records (from its first to its last), and a recording's
day as its file name gives it (the recorder conventions read at import,
:func:`evidencekit.core.media.recorders.from_name`, the chronology's own reading of names) or as
the date tag the recorder wrote into the file (``date``, ``©day``).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from evidencekit.core.export import timeline
from evidencekit.core.export.model import ExhibitInput

# the tags a recorder writes the recording's date into (mutagen's MP4 "©day", ID3/Vorbis "date");
# never "creation_time", which an encoder writes when it converts a copy
_DATE_TAGS = ("date", "©day", "TDRC", "DATE")


@dataclass(frozen=True, slots=True)
class Formed:
    """When an exhibit came into being.

    Attributes:
        start: the moment (the first record's of an export), None when not known.
        end: an export's last record's moment (None for anything else, or one record).
        basis: what it rests on: ``user``, ``message``, ``exif``, ``name``, ``email`` (the
            chronology's), ``records`` (an export's records), ``name_day`` (the day in a
            recording's file name), ``tags`` (its date tag), ``file`` (the file's modification
            time) or "" (nothing).
        day_only: only the day is known (``name_day``, and ``tags`` without a clock time).
    """

    start: dt.datetime | None
    end: dt.datetime | None = None
    basis: str = ""
    day_only: bool = False


def formed(ex: ExhibitInput) -> Formed:
    """The best 形成时间 of ``ex`` (see the module)."""
    t, basis = timeline.item_time_basis(ex)
    if t is not None and basis not in ("file", ""):
        return Formed(t, None, basis)
    better = _export_span(ex) or _recording_day(ex)
    if better is not None:
        return better
    return Formed(t, None, basis)


def _export_span(ex: ExhibitInput) -> Formed | None:
    m = ex.media
    if m is None or m.export is None:
        return None
    times = sorted(t for r in m.records if (t := timeline.parse_time(r.time)) is not None)
    if not times:
        return None
    return Formed(times[0], times[-1] if times[-1] != times[0] else None, "records")


def _recording_day(ex: ExhibitInput) -> Formed | None:
    av = ex.media.av if ex.media is not None else None
    if ex.item.kind not in ("audio", "video") or av is None:
        return None
    nf = av.from_name
    if nf is not None and nf.time:
        t = timeline.parse_time(nf.time)
        if t is not None:  # a time to the minute is the chronology's already: only the day is left here
            return Formed(t, None, "name_day", day_only="T" not in nf.time)
    for key in _DATE_TAGS:
        value = (av.tags.get(key) or "").strip()
        t = timeline.parse_time(value[:10] if len(value) == 10 else value, ex.item.import_offset)
        if t is not None:
            return Formed(t, None, "tags", day_only=len(value) == 10)
    return None
