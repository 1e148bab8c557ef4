"""Values written for people: times, sizes, the names of codes, parentheses in either script."""

from __future__ import annotations

from evidencekit.core.export import timeline
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


def formed(s: Strings, ex: ExhibitInput, *, short: bool = False) -> str:
    """形成时间 as the evidence list and the exhibit's page show it, and what it rests on
    (:func:`.formed.formed`): "2026-11-20（依据文件名中的日期）", an export's "2026-11-20 10:15 至
    2026-11-26 00:12（依据导出记录的时间）", one with nothing but its file time "不详（仅有文件时间
    2026-12-01 20:14，可能是复制时间）". ``short``: an export's span by its days (the list's
    narrow column)."""
    f = exhibit_formed(ex)
    if f.start is None:
        return s("unknown")
    if f.basis == "file":
        # the file's modification time is no 形成时间 (copying the file sets it): unknown, with
        # the only time there is, said for what it is
        return s("unknown") + paren(s, s("basis.file_only", time=f.start.strftime("%Y-%m-%d %H:%M")))
    fmt = "%Y-%m-%d" if f.day_only or (short and f.end is not None) else "%Y-%m-%d %H:%M"
    shown = f.start.strftime(fmt)
    if f.end is not None and f.end.strftime(fmt) != shown:
        shown = s("sum.range", start=shown, end=f.end.strftime(fmt))
    return shown + paren(s, s(f"basis.{f.basis}"))



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
