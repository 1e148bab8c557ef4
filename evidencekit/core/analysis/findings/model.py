"""Finding values: what a rule found, the evidence behind it, and how sure it is."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from evidencekit.core.analysis.contacts import ContactSource

#: The languages a finding is written in.
LANGS = ("zh-Hans", "zh-Hant", "en")
#: The words every finding carries, per language: never a legal conclusion.
CAVEAT = {
    "zh-Hans": "可能违规——需由专业人士判断",
    "zh-Hant": "可能違規——需由專業人士判斷",
    "en": "Possible breach — for a professional to assess",
}


def in_language(titles: Mapping[str, str], language: str) -> str:
    """``titles`` (a text per language) in ``language``, else in English, else the first given."""
    return titles.get(language) or titles.get("en") or next(iter(titles.values()), "")


class Certainty(StrEnum):
    """How sure a finding is: ``high`` when every time and quote behind it is exact, ``medium`` when
    it rests on times resolved from a basis (or on wording read by rules), ``low`` when the rule
    itself asks for a check (a legal document's genuineness) or a time is uncertain."""

    HIGH = "high"
    MEDIUM = "medium"
    LOW = "low"

    @staticmethod
    def weakest(*cs: Certainty) -> Certainty:
        order = [Certainty.HIGH, Certainty.MEDIUM, Certainty.LOW]
        return max(cs, key=order.index) if cs else Certainty.HIGH


@dataclass(frozen=True, slots=True)
class Evidence:
    """One contact behind a finding.

    Attributes:
        exhibit: the bundle number ("3").
        ref: the contact's reference ("3#2": exhibit 3, message 2).
        time: ISO local time, "" when unknown.
        time_certainty: exact, resolved or unknown.
        time_basis: what a resolved time rests on.
        channel: sms, call, im, email.
        quote: the exact words behind the finding, the parts joined by "…" ("" for a time-only
            finding).
        text: the whole message as shown ("" for calls).
        quotes: the parts of ``quote``, each a run of the message exactly as shown (what a reader
            may put in quote marks).
    """

    exhibit: str
    ref: str
    time: str
    time_certainty: str
    time_basis: str
    channel: str
    quote: str = ""
    text: str = ""
    quotes: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict: ``ref`` is the stable reference ("4#1": exhibit 4, message index 1
        from 0); ``message_no`` and ``row_no`` count from 1, as a reader does ("第2条")."""
        place = ContactSource.from_ref(self.ref)
        return {"exhibit": self.exhibit, "ref": self.ref,
                "message_no": place.message_index + 1 if place.message_index is not None else None,
                "row_no": place.row + 1 if place.row is not None else None,
                "time": self.time, "time_certainty": self.time_certainty, "time_basis": self.time_basis,
                "channel": self.channel, "quote": self.quote, "quotes": list(self.quotes or
                                                                            ((self.quote,) if self.quote else ())),
                "text": self.text}


@dataclass(frozen=True, slots=True)
class Finding:
    """A possible breach of one rule.

    Attributes:
        rule_id: the rule's id in its set.
        ruleset_id: the set's id ("cn-cba-2026").
        title: the rule's title, per language.
        statement: what was found, per language (the rule's sentence filled in).
        sources: the citations the rule rests on, in order, each its title per language.
        params: the parameter values used, each with its source's title per language
            ({"start": ("22:00", {"zh-Hans": "…", "zh-Hant": "…", "en": "…"})}).
        evidence: the contacts behind it, in time order.
        certainty: how sure.
        certainty_reason: why not higher ("" when high).
        respondent: the lender or collector it is attributed to, "" when unknown.
        facts: the numbers in the statement (count, date, start…), for documents to reuse.
        sender: whose contacts it rests on: the respondent when known, else the other side's
            number or name as shown (:func:`~..parties.sender_label`); "" when unknown. The
            findings that count contacts (night, attempts, after the stop request, bursts) count
            one sender's each.
    """

    rule_id: str
    ruleset_id: str
    title: dict[str, str]
    statement: dict[str, str]
    sources: tuple[dict[str, str], ...]
    params: dict[str, tuple[Any, dict[str, str]]]
    evidence: tuple[Evidence, ...]
    certainty: Certainty
    certainty_reason: str = ""
    respondent: str = ""
    facts: dict[str, Any] = field(default_factory=dict)
    sender: str = ""

    def cited(self, language: str) -> tuple[str, ...]:
        """The titles of the citations in ``language``."""
        return tuple(in_language(t, language) for t in self.sources)

    @property
    def exhibits(self) -> tuple[str, ...]:
        """The exhibit numbers behind it, in order of first appearance."""
        return tuple(dict.fromkeys(e.exhibit for e in self.evidence))

    def text(self, language: str = "zh-Hans") -> str:
        """The finding as one sentence for a document: title, statement, exhibits and the caveat."""
        lang = language if language in CAVEAT else "en"
        ex = "、".join(self.exhibits) if lang != "en" else ", ".join(self.exhibits)
        en = "exhibit" if len(self.exhibits) == 1 else "exhibits"
        label = {"zh-Hans": f"（证据{ex}）", "zh-Hant": f"（證據{ex}）", "en": f" ({en} {ex})"}[lang]
        sep = "：" if lang != "en" else ": "
        return f"{self.title.get(lang, self.rule_id)}{sep}{self.statement.get(lang, '')}{label}。{CAVEAT[lang]}" \
            if lang != "en" else f"{self.title.get(lang, self.rule_id)}{sep}{self.statement.get(lang, '')}{label}. {CAVEAT[lang]}"

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict (for ``evidencekit findings --json``)."""
        return {
            "rule": self.rule_id, "ruleset": self.ruleset_id, "title": self.title, "statement": self.statement,
            "caveat": CAVEAT, "sources": list(self.sources),
            "params": {k: {"value": v, "source": s} for k, (v, s) in self.params.items()},
            "exhibits": list(self.exhibits), "evidence": [e.to_dict() for e in self.evidence],
            "certainty": self.certainty.value, "certainty_reason": self.certainty_reason,
            "respondent": self.respondent, "sender": self.sender, "facts": self.facts,
        }
