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
import re
from collections.abc import Sequence
from dataclasses import dataclass

from evidencekit.core.analysis.timebasis import file_name_time
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
            recording's file name), ``tags`` (its date tag), ``shot_name`` (the moment a phone's
            file name gives a screenshot whose messages are not dated: when it was taken, not
            when its messages came), ``file`` (the file's modification time) or "" (nothing).
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
    better = _export_span(ex) or _recording_day(ex) or _screenshot_name(ex)
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


def _screenshot_name(ex: ExhibitInput) -> Formed | None:
    """A screenshot none of whose messages is dated, taken when the phone's file name says
    (``IMG_20261122_200830.png``): the moment the chronology lists it at, in the phone's time."""
    if ex.item.kind != "image":
        return None
    named = file_name_time(ex.item.original_name)
    if named is None:
        return None
    return Formed(named[0], None, "shot_name", day_only=named[1])


def case_offset(exhibits: Sequence[ExhibitInput]) -> str:
    """The UTC offset of the phone's local time in this case ("+08:00"): the one an export of the
    case gives its records in, "" when none does."""
    for ex in exhibits:
        if ex.media is not None and ex.media.export is not None and ex.media.export.offset:
            return ex.media.export.offset
    return ""


def file_time(ex: ExhibitInput, offset: str = "") -> tuple[dt.datetime, str] | None:
    """The file's modification time in the phone's local time (``offset``, the case's; else the
    importing computer's), and the offset it is in ("+08:00"; "" when the time was recorded
    without one)."""
    raw = ex.item.file_mtime
    if not raw:
        return None
    zone = offset or ex.item.import_offset
    t = timeline.parse_time(raw, zone)
    if t is None:
        return None
    absolute = raw.strip().endswith(("Z", "+00:00")) or bool(re.search(r"[+-]\d\d:\d\d$", raw.strip()))
    if absolute and offset:
        # a time with its own offset, moved to the phone's
        try:
            moment = dt.datetime.fromisoformat(raw.strip().replace("Z", "+00:00"))
            h, m = int(offset[1:3]), int(offset[4:6])
            sign = -1 if offset[0] == "-" else 1
            t = moment.astimezone(dt.timezone(sign * dt.timedelta(hours=h, minutes=m))).replace(tzinfo=None)
        except ValueError:
            pass
    return t, (zone if absolute else "")
