"""Time as the core sees it: injectable for tests, always timezone-aware."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

Clock = Callable[[], dt.datetime]


def system_clock() -> dt.datetime:
    return dt.datetime.now().astimezone()


def utc_iso(t: dt.datetime) -> str:
    """``2026-11-28T05:18:00.123Z``."""
    return t.astimezone(dt.timezone.utc).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def offset_str(t: dt.datetime) -> str:
    """The UTC offset of an aware time as ``+08:00``."""
    off = t.utcoffset() or dt.timedelta(0)
    sign = "+" if off >= dt.timedelta(0) else "-"
    minutes = abs(int(off.total_seconds())) // 60
    return f"{sign}{minutes // 60:02d}:{minutes % 60:02d}"
