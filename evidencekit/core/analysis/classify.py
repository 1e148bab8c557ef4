"""A first classification of one message by trigger words kept as data (``rules/*.json``).

Rules and texts are compared in Simplified form (opencc t2s), so one rule set serves both
scripts; each label reports the trigger words as they appear in the message.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass
from functools import lru_cache
from typing import Any
from importlib import resources

from evidencekit.core.models import Label, OcrResult

log = logging.getLogger(__name__)

#: Labels in the order they are reported.
LABELS = ("repayment_reminder", "overdue_collection", "marketing", "application_progress",
          "possibly_misdirected", "threat", "threat_third_party", "threat_legal_action",
          "threat_credit_record", "threat_home_visit")


@dataclass(frozen=True, slots=True)
class Rule:
    name: str
    triggers: tuple[str, ...]  # Simplified, longest first
    unless: tuple[str, ...] = ()
    parent: str | None = None


def _simplify(text: str) -> str:
    from evidencekit.core.ocr.script import to_simplified

    return to_simplified(text)


@lru_cache(maxsize=1)
def load_rules() -> tuple[Rule, ...]:
    """The label rules from every ``rules/labels.*.json`` file, merged by label name."""
    merged: dict[str, dict[str, Any]] = {}
    folder = resources.files("evidencekit.core.analysis").joinpath("rules")
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if not entry.name.startswith("labels.") or not entry.name.endswith(".json"):
            continue
        data = json.loads(entry.read_text(encoding="utf-8"))
        for lab in data["labels"]:
            cur = merged.setdefault(lab["name"], {"triggers": [], "unless": [], "parent": lab.get("parent")})
            cur["triggers"] += [_simplify(t) for t in lab["triggers"]]
            cur["unless"] += [_simplify(t) for t in lab.get("unless", [])]
    rules = []
    for name in sorted(merged, key=lambda n: LABELS.index(n) if n in LABELS else 99):
        m = merged[name]
        trig = tuple(sorted(set(m["triggers"]), key=lambda t: (-len(t), t)))
        rules.append(Rule(name, trig, tuple(dict.fromkeys(m["unless"])), m["parent"]))
    return tuple(rules)


def _hits(simple: str, original: str, triggers: tuple[str, ...]) -> list[str]:
    """Triggers found in the text, longest first, not overlapping, as shown in ``original``."""
    found: list[tuple[int, str]] = []
    taken: list[tuple[int, int]] = []
    same_len = len(simple) == len(original)
    for t in triggers:
        start = simple.find(t)
        while start >= 0:
            end = start + len(t)
            if not any(a < end and start < b for a, b in taken):
                taken.append((start, end))
                found.append((start, original[start:end] if same_len else t))
                break
            start = simple.find(t, start + 1)
    found.sort()
    return list(dict.fromkeys(t for _, t in found))


def classify(text: str, *, claimant_name: str | None = None) -> list[Label]:
    """Labels for one message, each with the words that triggered it.

    Args:
        text: the message.
        claimant_name: the phone owner's name, when known: a notice addressed by name to
            somebody else is then ``possibly_misdirected``.

    Returns:
        Labels in :data:`LABELS` order; ``threat`` (with all threat triggers) precedes its sub-kinds.
    """
    simple = _simplify(text)
    out: dict[str, list[str]] = {}
    for rule in load_rules():
        hits = _hits(simple, text, rule.triggers)
        if not hits:
            continue
        if rule.unless and any(u in simple for u in rule.unless):
            continue
        out[rule.name] = hits
        if rule.parent:
            out.setdefault(rule.parent, [])
            out[rule.parent] += [h for h in hits if h not in out[rule.parent]]
    if claimant_name:
        from evidencekit.core.analysis.facts import person_names

        others = [n for n in person_names(text) if n and not claimant_name.startswith(n) and n not in claimant_name]
        if others:
            out.setdefault("possibly_misdirected", [])
            out["possibly_misdirected"] += others
    return [Label(n, tuple(out[n])) for n in LABELS if n in out] + \
        [Label(n, tuple(v)) for n, v in out.items() if n not in LABELS]


def mark_misdirected(texts: list[str], sides: list[str], labels: list[list[Label]]) -> list[list[Label]]:
    """Thread-level rule: when the phone owner replied that the message was not for them
    ("我不是…", "发错了"), the named notices before that reply are possibly misdirected."""
    from evidencekit.core.analysis.facts import person_names

    out = [list(ls) for ls in labels]
    replies = [i for i, (s, ls) in enumerate(zip(sides, labels, strict=True))
               if s == "out" and any(lb.name == "possibly_misdirected" for lb in ls)]
    if not replies:
        return out
    for i, t in enumerate(texts):
        if sides[i] == "out":
            continue
        names = person_names(t)
        if not names:
            continue
        if any(lb.name == "possibly_misdirected" for lb in out[i]):
            continue
        out[i].append(Label("possibly_misdirected", tuple(names)))
        out[i].sort(key=lambda lb: LABELS.index(lb.name) if lb.name in LABELS else 99)
    return out


def apply_claimant(result: OcrResult, claimant_name: str) -> OcrResult:
    """Mark the received messages of a reading that are addressed by name to somebody other than
    the phone's owner as ``possibly_misdirected`` (a notice meant for someone else).

    Applied after OCR (and after the cache), because the owner's name belongs to the case, not to
    the screenshot.

    Args:
        result: an OCR reading.
        claimant_name: the owner's name as in the case (e.g. "张三").

    Returns:
        The reading with the extra labels; unchanged when the name is empty.
    """
    from dataclasses import replace

    from evidencekit.core.analysis.facts import person_names

    if not claimant_name.strip():
        return result
    msgs = []
    for m in result.messages:
        if m.side == "out" or any(lb.name == "possibly_misdirected" for lb in m.labels):
            msgs.append(m)
            continue
        others = [n for n in person_names(m.text) if not claimant_name.startswith(n) and n not in claimant_name]
        if not others:
            msgs.append(m)
            continue
        labels = sorted([*m.labels, Label("possibly_misdirected", tuple(others))],
                        key=lambda lb: LABELS.index(lb.name) if lb.name in LABELS else 99)
        msgs.append(replace(m, labels=tuple(labels)))
    return replace(result, messages=tuple(msgs))
