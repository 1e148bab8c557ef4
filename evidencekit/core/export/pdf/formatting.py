"""Values written for people: times, sizes, the names of codes, parentheses in either script."""

from __future__ import annotations

from evidencekit.core.export import timeline
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


def formed(s: Strings, ex: ExhibitInput) -> str:
    """形成时间 as the evidence list shows it, and what it rests on."""
    t, basis = timeline.item_time_basis(ex)
    if t is None:
        return s("unknown")
    return t.strftime("%Y-%m-%d %H:%M") + paren(s, s(f"basis.{basis}"))



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
