"""Values written for people: times, sizes, the names of codes, parentheses in either script."""

from __future__ import annotations

from evidencekit.core.export import timeline
from evidencekit.core.export.formed import file_time
from evidencekit.core.export.formed import formed as exhibit_formed
from evidencekit.core.export.model import ExhibitInput
from evidencekit.core.export.strings import Strings


def when(iso: str | None, offset: str = "") -> str:
    """A recorded ISO time for people: ``2026-11-28 14:33:26`` in the import's local time when
    it was UTC (with the offset named), as written otherwise."""
    if not iso:
        return ""
    t = timeline.parse_time(iso, offset)
    if t is None:
        return iso
    utc = iso.strip().endswith(("Z", "+00:00"))
    zone = (f" (UTC{offset})" if offset else " UTC") if utc else ""
    return t.strftime("%Y-%m-%d %H:%M:%S") + zone


def formed(s: Strings, ex: ExhibitInput, *, short: bool = False, offset: str = "") -> str:
    """形成时间 as the evidence list and the exhibit's page show it, and what it rests on
    (:func:`.formed.formed`): "2026-11-20（依据文件名中的日期）", an export's "2026-11-20 10:15 至
    2026-11-26 00:12（依据导出记录的时间）", one with nothing but its file time "不详（仅有文件时间
    2026-12-01 20:14 UTC+08:00，可能是复制时间）", a screenshot whose messages are undated "2026-11-22
    20:08 UTC+08:00（截图时间，依据文件名；消息日期不详）". ``short``: an export's span by its days
    (the list's narrow column). ``offset``: the phone's UTC offset (:func:`.formed.case_offset`):
    a file time is shown in it, labelled, as the chronology shows it (:func:`item_time`)."""
    f = exhibit_formed(ex)
    if f.start is None:
        return s("unknown")
    if f.basis == "file":
        # the file's modification time is no 形成时间 (copying the file sets it): unknown, with
        # the only time there is, said for what it is, in the phone's zone
        return s("unknown") + paren(s, s("basis.file_only", time=_file_time(s, ex, offset, f.start)))
    fmt = "%Y-%m-%d" if f.day_only or (short and f.end is not None) else "%Y-%m-%d %H:%M"
    shown = f.start.strftime(fmt)
    if f.basis == "shot_name":
        return shown + ("" if f.day_only else _zone(s, offset)) + paren(s, s("basis.shot_name"))
    if f.end is not None and f.end.strftime(fmt) != shown:
        shown = s("sum.range", start=shown, end=f.end.strftime(fmt))
    return shown + paren(s, s(f"basis.{f.basis}"))


def item_time(s: Strings, ex: ExhibitInput, offset: str = "") -> str | None:
    """The time column of the chronology for an exhibit listed by its own time (no dated
    message): the same moment, in the same zone and with the same label as the evidence list
    (:func:`formed`): "2026-11-22 20:08 UTC+08:00（截图时间）", "日期不详（文件时间 2026-11-22 20:08
    UTC+08:00）"; None when the exhibit is dated otherwise (the chronology's own time stands)."""
    f = exhibit_formed(ex)
    if f.start is None:
        return None
    if f.basis == "file":
        return s("time_unknown") + paren(s, s("chrono.file_time", time=_file_time(s, ex, offset, f.start)))
    if f.basis == "shot_name":
        fmt = "%Y-%m-%d" if f.day_only else "%Y-%m-%d %H:%M"
        return f.start.strftime(fmt) + ("" if f.day_only else _zone(s, offset)) + paren(s, s("chrono.shot_time"))
    return None


def _zone(s: Strings, offset: str) -> str:
    """" UTC+08:00" after a local time; the phone's time said in words when its offset is not known."""
    return f" UTC{offset}" if offset else paren(s, s("phone_local_time"))


def _file_time(s: Strings, ex: ExhibitInput, offset: str, fallback: object) -> str:
    got = file_time(ex, offset)
    if got is None:
        return str(fallback.strftime("%Y-%m-%d %H:%M"))  # type: ignore[attr-defined]
    t, zone = got
    return t.strftime("%Y-%m-%d %H:%M") + (f" UTC{zone}" if zone else "")


def named(s: Strings, prefix: str, key: str) -> str:
    """The bundle language's name for a code (an action, a kind), the code when it has none."""
    name = s(prefix + key)
    return key if name == prefix + key else name


def paren(s: Strings, text: str) -> str:
    """`` (text)``, or ``（text）`` in a Chinese bundle."""
    return f"（{text}）" if s.is_cjk else f" ({text})"


def exhibit_label(s: Strings, number: str) -> str:
    """"证据1-2", "Exhibit 1-2"."""
    return s("exhibit", n=number)
