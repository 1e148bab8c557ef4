"""What a recording's file name says: the recorder's conventions are data (``data/recorders.json``,
each with the app that writes it and examples the tests check), tried in order."""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import PurePath
from typing import Any

from evidencekit.core.media.model import NameFacts


@dataclass(frozen=True, slots=True)
class Convention:
    id: str
    app: str
    pattern: re.Pattern[str]
    examples: dict[str, dict[str, str]]


@lru_cache(maxsize=1)
def conventions() -> tuple[Convention, ...]:
    """The conventions of ``data/recorders.json``, in order."""
    raw = json.loads(resources.files("evidencekit.core.media").joinpath("data", "recorders.json").read_text("utf-8"))
    return tuple(Convention(c["id"], c["app"], re.compile(c["pattern"]), c.get("examples", {}))
                 for c in raw["conventions"])


def from_name(name: str) -> NameFacts | None:
    """The recorded time, number and contact a recorder wrote into ``name`` (with or without
    extension), or None when no convention matches."""
    stem = PurePath(name).stem if "." in name[-6:] else name
    stem = stem.strip()
    for c in conventions():
        m = c.pattern.search(stem) if c.id == "date-in-name" else c.pattern.match(stem)
        if m is None:
            continue
        g = m.groupdict()
        when = _time(g)
        if when is None:
            continue
        number = re.sub(r"[\s\-()]", "", g.get("number") or "")
        who = (g.get("name") or "").strip(" _@")
        if not number and re.fullmatch(r"\+?\d{3,20}", who.replace(" ", "")):
            number, who = who.replace(" ", ""), ""
        if who == number:
            who = ""
        d = (g.get("dir") or "").lower()
        direction = "in" if d.startswith("in") else "out" if d.startswith("out") else ""
        return NameFacts(c.id, c.app, when, number, who, direction)  # type: ignore[arg-type]
    return None


def _time(g: dict[str, Any]) -> str | None:
    try:
        year = int(g["y"]) if g.get("y") else 2000 + int(g["yy"]) if g.get("yy") else None
        if year is None:
            return None
        day = dt.date(year, int(g["mo"]), int(g["d"]))
        if g.get("h") is None:
            return day.isoformat()
        t = dt.time(int(g["h"]), int(g["mi"] or 0), int(g.get("s") or 0))
    except (KeyError, ValueError, TypeError):
        return None
    return dt.datetime.combine(day, t).isoformat(timespec="seconds")
