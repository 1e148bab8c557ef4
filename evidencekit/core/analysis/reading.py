"""Messages read for what they say — labels (threats, overdue notices, misdirected notices...) and
facts (amounts, deadlines, institutions) — whatever they come from: a screenshot's bubbles after
OCR, or an export's rows. Both go through the same functions (:func:`read_texts`), so a threat in
an exported SMS counts in the summary exactly as the same threat read off a screenshot.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import replace
from functools import lru_cache

from evidencekit.core.analysis.classify import classify, mark_misdirected
from evidencekit.core.analysis.facts import extract_facts
from evidencekit.core.media.model import Record
from evidencekit.core.media.numbers import number_key
from evidencekit.core.models import Fact, Label, Message


@lru_cache(maxsize=8192)
def _labels(text: str) -> tuple[Label, ...]:
    # the same call the OCR pipeline makes for each bubble it reads
    return tuple(classify(text))


@lru_cache(maxsize=8192)
def _facts(text: str, reference: dt.datetime | None) -> tuple[Fact, ...]:
    return tuple(extract_facts(text, reference))


def read_texts(texts: Sequence[str], sides: Sequence[str], sent_at: Sequence[str | None],
               reference_time: dt.datetime | None = None) -> list[Message]:
    """One thread's messages with their facts and labels, as the OCR pipeline reads a screenshot's.

    Args:
        texts: the messages, in the thread's order.
        sides: "in", "out" or "" for each.
        sent_at: each message's local time (ISO 8601), or None.
        reference_time: what "明天" or "今日内" are relative to when a message has no time.

    Returns:
        The messages; a notice the person answered "not me" ("我不是…", "发错了") is marked
        possibly misdirected (the thread-level rule).
    """
    out: list[Message] = []
    for text, side, when in zip(texts, sides, sent_at, strict=True):
        ref = _as_datetime(when) or reference_time
        out.append(Message(text=text, sent_at=when, side=side, facts=_facts(text, ref), labels=_labels(text)))
    if out:
        relabelled = mark_misdirected([m.text for m in out], [m.side for m in out], [list(m.labels) for m in out])
        out = [replace(m, labels=tuple(ls)) for m, ls in zip(out, relabelled, strict=True)]
    return out


def record_messages(records: Sequence[Record]) -> dict[int, Message]:
    """An export's messages (SMS and MMS, not calls) read as a screenshot's are: row → message.

    Each number's messages form one thread, in time order, so that a reply "发错了" marks the
    notices before it. Messages the person wrote are read too (their side is "out").
    """
    threads: dict[str, list[Record]] = {}
    for r in records:
        if not r.is_call and r.text.strip():
            threads.setdefault(number_key(r.number) or r.number, []).append(r)
    out: dict[int, Message] = {}
    for rs in threads.values():
        rs.sort(key=lambda r: (r.time or "", r.row))
        msgs = read_texts([r.text for r in rs], [r.direction for r in rs], [r.time for r in rs])
        for r, m in zip(rs, msgs, strict=True):
            out[r.row] = m
    return out


def _as_datetime(s: str | None) -> dt.datetime | None:
    if not s or "T" not in s:
        return None
    try:
        return dt.datetime.fromisoformat(s)
    except ValueError:
        return None
