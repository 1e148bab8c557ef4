"""Turning an export's absolute times (milliseconds since 1970, UTC) into the phone's local time.

The exports store the instant; the person and the collector speak of the hour the phone showed.
The UTC offset is taken, best first, from the export itself (SMS Backup & Restore writes a
``readable_date`` in the phone's time zone and locale: only its hour and minute are read, so the
locale does not matter), else from the importing machine's offset (recorded with every item).
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from collections.abc import Iterable

_HM = re.compile(r"(?<!\d)(\d{1,2}):(\d{2})(?::(\d{2}))?(?!\d)")
_PM = re.compile(r"PM|pm|p\.m\.|下午|晚上|午後|夜", re.UNICODE)
_AM = re.compile(r"AM|am|a\.m\.|上午|凌晨|早上|午前|清晨", re.UNICODE)
MIN_AGREEMENT = 0.8  # share of samples that must give the same offset


def parse_offset(s: str) -> dt.timezone | None:
    """``+08:00`` → a timezone; None when it is not one."""
    m = re.fullmatch(r"([+-])(\d{2}):?(\d{2})", s.strip()) if s else None
    if not m:
        return None
    minutes = int(m.group(2)) * 60 + int(m.group(3))
    if minutes > 14 * 60:
        return None
    return dt.timezone((1 if m.group(1) == "+" else -1) * dt.timedelta(minutes=minutes))


def offset_text(tz: dt.timezone) -> str:
    off = tz.utcoffset(None)
    sign = "+" if off >= dt.timedelta(0) else "-"
    minutes = abs(int(off.total_seconds())) // 60
    return f"{sign}{minutes // 60:02d}:{minutes % 60:02d}"


def from_epoch_ms(ms: int) -> dt.datetime | None:
    """An aware UTC time from milliseconds since 1970 (None when absurd: before 1990 or after 2100)."""
    if not 631152000000 <= ms <= 4102444800000:
        return None
    return dt.datetime.fromtimestamp(ms / 1000, tz=dt.timezone.utc)


def local_iso(t: dt.datetime, tz: dt.timezone) -> str:
    return t.astimezone(tz).replace(tzinfo=None).isoformat(timespec="seconds")


def utc_iso(t: dt.datetime) -> str:
    return t.astimezone(dt.timezone.utc).replace(tzinfo=None).isoformat(timespec="seconds") + "Z"


def readable_minutes(readable: str) -> int | None:
    """The minute of the day a ``readable_date`` shows (12-hour clocks with AM/PM or 上午/下午)."""
    m = _HM.search(readable or "")
    if not m:
        return None
    h, mi = int(m.group(1)), int(m.group(2))
    if h > 23 or mi > 59:
        return None
    if _PM.search(readable) and h < 12:
        h += 12
    elif _AM.search(readable) and h == 12:
        h = 0
    return h * 60 + mi


def infer_offset(samples: Iterable[tuple[dt.datetime, str]]) -> dt.timezone | None:
    """The UTC offset that makes the readable times agree with the instants.

    Args:
        samples: (aware UTC time, readable_date as the export wrote it).

    Returns:
        The offset most samples agree on (at least :data:`MIN_AGREEMENT` of them, a multiple of
        15 minutes, within −12:00…+14:00), or None.
    """
    votes: Counter[int] = Counter()
    n = 0
    for t, readable in samples:
        shown = readable_minutes(readable)
        if shown is None:
            continue
        n += 1
        utc_min = t.hour * 60 + t.minute
        diff = (shown - utc_min) % 1440
        if diff > 14 * 60:
            diff -= 1440
        votes[diff] += 1
    if not votes:
        return None
    best, count = votes.most_common(1)[0]
    if count < MIN_AGREEMENT * n or best % 15 or not -12 * 60 <= best <= 14 * 60:
        return None
    return dt.timezone(dt.timedelta(minutes=best))
