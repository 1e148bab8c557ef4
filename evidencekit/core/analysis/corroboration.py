"""Corroboration: a message read from a screenshot that an export holds too, and a recording of a
call the call log lists. A screenshot's sender and time are whatever the screen showed; the same
message in the phone's own export, with its exact number and time, answers "was it edited?".

A screenshot's message and an export's message are linked when all three hold:

- the same number: the screenshot's sender line and the export's address are the same line
  (:func:`~evidencekit.core.media.numbers.number_key`);
- the time: the export's time is within what the screen shows — the screenshot's minute (phones
  show hours and minutes) and :data:`TIME_SLACK` either side for a clock a little off — or, for a
  message the screen shows without a time of its own, the same day as the screenshot's messages;
- the text: at least :data:`MIN_SIMILARITY` alike once spaces are dropped and both are in
  Simplified script (OCR misreads a character here and there).

Each screenshot message is linked to its best match, and each export message to one screenshot
message at most. Links are computed, not stored: both sides read them (the screenshot's page says
"corroborated by exhibit 4 (SMS export), row 17"; the export's page names the screenshot).
"""

from __future__ import annotations

import datetime as dt
import difflib
from collections.abc import Sequence
from dataclasses import dataclass

from evidencekit.core.analysis.chronology import Dated
from evidencekit.core.media.model import ItemMedia
from evidencekit.core.media.numbers import number_key

TIME_SLACK = dt.timedelta(minutes=2)
MIN_SIMILARITY = 0.7
CALL_SLACK = dt.timedelta(minutes=3)  # a recording's file-name time against the call log's


# What is read of an exhibit: the chronology's own view of one (number, item, reading).
_Exhibit = Dated


@dataclass(frozen=True, slots=True)
class MessageLink:
    """A screenshot's message (item, message index) and the same message in an export (item, row)."""

    screenshot_item: int
    message_index: int
    export_item: int
    row: int
    similarity: float
    screenshot_exhibit: str = ""
    export_exhibit: str = ""


@dataclass(frozen=True, slots=True)
class CallLink:
    """A recording and the call-log row of the same call."""

    recording_item: int
    export_item: int
    row: int
    recording_exhibit: str = ""
    export_exhibit: str = ""


def _norm(text: str) -> str:
    from evidencekit.core.ocr.script import to_simplified

    return to_simplified("".join(text.split()))


def _time(s: str | None) -> dt.datetime | None:
    if not s:
        return None
    try:
        t = dt.datetime.fromisoformat(s.replace("Z", "+00:00"))
    except ValueError:
        return None
    return t.replace(tzinfo=None) if t.tzinfo is None else None


def similarity(a: str, b: str) -> float:
    """How alike two message texts are (0..1), spaces and script ignored."""
    na, nb = _norm(a), _norm(b)
    if not na or not nb:
        return 0.0
    if na == nb:
        return 1.0
    return difflib.SequenceMatcher(None, na, nb, autojunk=False).ratio()


def message_links(exhibits: Sequence[_Exhibit]) -> list[MessageLink]:
    """Every screenshot message an export confirms (see the module)."""
    exports = [(ex, m) for ex in exhibits if isinstance(m := getattr(ex, "media", None), ItemMedia) and m.records]
    if not exports:
        return []
    # the export's messages by number key: only those can match
    by_key: dict[str, list[tuple[_Exhibit, int, dt.datetime, str]]] = {}
    for ex, m in exports:
        for r in m.records:
            t = _time(r.time)
            if r.is_call or t is None:
                continue
            by_key.setdefault(number_key(r.number), []).append((ex, r.row, t, r.text))
    links: list[MessageLink] = []
    taken: set[tuple[int, int]] = set()
    for ex in exhibits:
        ocr = ex.ocr
        if ocr is None or not ocr.sender or ex.item.kind != "image":
            continue
        candidates = by_key.get(number_key(ocr.sender), [])
        if not candidates:
            continue
        days = {t.date() for m in ocr.messages if (t := _time(m.sent_at)) is not None}
        for i, msg in enumerate(ocr.messages):
            shown = _time(msg.sent_at)
            best: tuple[float, _Exhibit, int] | None = None
            for exp, row, t, text in candidates:
                if (exp.item.id, row) in taken:
                    continue
                if shown is not None:
                    minute = shown.replace(second=0, microsecond=0)
                    if not minute - TIME_SLACK <= t < minute + dt.timedelta(minutes=1) + TIME_SLACK:
                        continue
                elif t.date() not in days:
                    continue
                sim = similarity(msg.text, text)
                if sim >= MIN_SIMILARITY and (best is None or sim > best[0]):
                    best = (sim, exp, row)
            if best is not None:
                taken.add((best[1].item.id, best[2]))
                links.append(MessageLink(ex.item.id, i, best[1].item.id, best[2], round(best[0], 3), ex.number,
                                         best[1].number))
    return links


def call_links(exhibits: Sequence[_Exhibit]) -> list[CallLink]:
    """Every recording whose call the call log lists (same number, time within
    :data:`CALL_SLACK` of the call's start or end)."""
    calls: dict[str, list[tuple[_Exhibit, int, dt.datetime, float]]] = {}
    for ex in exhibits:
        m = getattr(ex, "media", None)
        if isinstance(m, ItemMedia) and m.records:
            for r in m.records:
                t = _time(r.time)
                if r.is_call and t is not None:
                    calls.setdefault(number_key(r.number), []).append((ex, r.row, t, r.duration_s or 0.0))
    if not calls:
        return []
    out: list[CallLink] = []
    for ex in exhibits:
        m = getattr(ex, "media", None)
        av = m.av if isinstance(m, ItemMedia) else None
        if av is None or av.from_name is None or not av.from_name.number or "T" not in (av.from_name.time or ""):
            continue
        t = _time(av.from_name.time)
        if t is None:
            continue
        for exp, row, start, dur in calls.get(number_key(av.from_name.number), []):
            end = start + dt.timedelta(seconds=dur)
            if start - CALL_SLACK <= t <= end + CALL_SLACK:
                out.append(CallLink(ex.item.id, exp.item.id, row, ex.number, exp.number))
                break
    return out
