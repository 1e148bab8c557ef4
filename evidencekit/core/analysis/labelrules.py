"""The label rules kept as data, and how they are matched against one message.

Word classes (``rules/lexicon.toml``: patterns on the normal form, whom a match reaches, whether a
negation before it cancels it) and the rules built from them (``rules/labels.toml``: the word
classes that must all be found, close together, and the label they give) are loaded once; a
:class:`Matcher` finds each word class in one normalised message, once.
"""

from __future__ import annotations

import itertools
import re
import tomllib
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

from evidencekit.core.analysis.textnorm import Normalized, spelling_variants

_MAX_COMBINATIONS = 4096  # bound the search for the closest matches of a rule's slots


# ----------------------------------------------------------------------------- rules as data

@dataclass(frozen=True, slots=True)
class Concept:
    """A word class: patterns on the matching form, and what a match of it tells."""

    name: str
    patterns: tuple[re.Pattern[str], ...]
    any_pattern: re.Pattern[str] | None = None  # all patterns in one: a quick test before each is run
    who: str | None = None
    negatable: bool = False
    not_after: re.Pattern[str] | None = None
    not_before: re.Pattern[str] | None = None
    include: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Rule:
    """One label rule (see ``rules/labels.toml`` for the meaning of each field)."""

    id: str
    label: str | None
    all: tuple[tuple[str, ...], ...]
    near: int | None = None
    none: tuple[str, ...] = ()
    source: str = "other"  # "other", "claimant", "sent" or "any"
    who: tuple[str, ...] = ()
    who_from: tuple[str, ...] = ()
    what: str | None = None
    how: str | None = None
    firm: bool = False  # the model may not overrule it

    @property
    def name(self) -> str:
        """The label the rule gives (the rule id when it only records how a message speaks)."""
        return self.label or self.id


@dataclass(frozen=True, slots=True)
class Lexicon:
    concepts: dict[str, Concept]
    variants: tuple[tuple[re.Pattern[str], str], ...]
    negation: re.Pattern[str]
    parents: dict[str, str]
    rules: tuple[Rule, ...]
    firm: frozenset[str] = frozenset()  # the ids of the rules the model may not overrule


def _read_toml(name: str) -> dict[str, Any]:
    folder = resources.files("evidencekit.core.analysis").joinpath("rules")
    return tomllib.loads(folder.joinpath(name).read_text(encoding="utf-8"))


def _compile(p: str | None) -> re.Pattern[str] | None:
    return re.compile(p) if p else None


_WORD_LIST = re.compile(r"<<([a-z_]+)>>")


@lru_cache(maxsize=1)
def load_lexicon() -> Lexicon:
    """The word classes and label rules from ``rules/lexicon.toml`` and ``rules/labels.toml``.

    Raises:
        ValueError: a rule names a concept or label that is not defined, or a pattern is invalid.
    """
    lex = _read_toml("lexicon.toml")
    # a word list may name the lists above it ("kin" holds "<<partner>>")
    words: dict[str, str] = {}
    for k, v in lex.get("words", {}).items():
        words[k] = "(?:" + "|".join(_WORD_LIST.sub(lambda m: words.get(m.group(1), m.group(0)), t) for t in v) + ")"

    def expand(term: str) -> str:
        # "<<kin>>": one of the [words] list "kin" (one list of kinship terms for every pattern)
        out = _WORD_LIST.sub(lambda m: words.get(m.group(1), m.group(0)), term)
        if "<<" in out:
            raise ValueError(f"unknown word list in {term!r} (known: {', '.join(sorted(words))})")
        return out

    concepts: dict[str, Concept] = {}
    for name, c in lex["concept"].items():
        terms = [expand(t) for t in c.get("terms", [])]
        concepts[name] = Concept(
            name=name,
            patterns=tuple(re.compile(t) for t in terms),
            any_pattern=re.compile("|".join(f"(?:{t})" for t in terms)) if terms else None,
            who=c.get("who"),
            negatable=bool(c.get("negatable", False)),
            not_after=_compile(expand(c["not_after"]) if "not_after" in c else None),
            not_before=_compile(expand(c["not_before"]) if "not_before" in c else None),
            include=tuple(c.get("include", [])),
        )
    for c in concepts.values():
        for inc in c.include:
            if inc not in concepts:
                raise ValueError(f"concept {c.name} includes unknown concept {inc}")
    lab = _read_toml("labels.toml")
    order = [entry["name"] for entry in lab["label"]]
    parents = {entry["name"]: entry["parent"] for entry in lab["label"] if entry.get("parent")}
    rules: list[Rule] = []
    for r in lab["rule"]:
        slots = tuple(tuple(s.split("|")) for s in r["all"])
        for name in itertools.chain(*slots, r.get("none", []), r.get("who_from", [])):
            if name not in concepts:
                raise ValueError(f"rule {r['id']} names unknown concept {name}")
        if r.get("label") and r["label"] not in order:
            raise ValueError(f"rule {r['id']} gives unknown label {r['label']}")
        rules.append(Rule(
            id=r["id"], label=r.get("label"), all=slots, near=r.get("near"),
            none=tuple(r.get("none", [])), source=r.get("from", "other"),
            who=tuple(r.get("who", [])), who_from=tuple(r.get("who_from", [])),
            what=r.get("what"), how=r.get("how"), firm=bool(r.get("firm", False)),
        ))
    variants = [(re.compile(p), s) for p, s in lex.get("variants", [])]
    for entry in lex.get("spelled", []):
        word, syllables, initials, homophones = entry
        variants += spelling_variants(word, syllables.split(), initials, homophones)
    variants_t = tuple(variants)
    return Lexicon(concepts, variants_t, re.compile(lex["negation"]), parents, tuple(rules),
                   frozenset(r.id for r in rules if r.firm))


def load_rules() -> tuple[Rule, ...]:
    """The label rules, in the order of ``rules/labels.toml``."""
    return load_lexicon().rules


# ----------------------------------------------------------------------------- matching

@dataclass(frozen=True, slots=True)
class Match:
    start: int
    end: int
    who: str | None
    concept: str


class Matcher:
    """The matches of every concept in one normalised message, computed once each."""

    def __init__(self, lex: Lexicon, norm: Normalized) -> None:
        self.lex = lex
        self.norm = norm
        self._cache: dict[str, list[Match]] = {}
        self.negated: set[str] = set()  # concepts found only under a negation ("不会上门")

    def matches(self, name: str) -> list[Match]:
        if name in self._cache:
            return self._cache[name]
        c = self.lex.concepts[name]
        text = self.norm.text
        out: list[Match] = []
        for inc in c.include:
            out += self.matches(inc)
        patterns = c.patterns if c.any_pattern is not None and c.any_pattern.search(text) else ()
        for p in patterns:
            for found in p.finditer(text):
                a, b = found.span()
                if a == b:
                    continue
                before = text[max(0, a - 12):a]
                if c.not_after is not None and c.not_after.search(before):
                    continue
                if c.not_before is not None and c.not_before.match(text[b:b + 40]):  # "^" anchors at the slice
                    continue
                if c.negatable and self.lex.negation.search(before):
                    self.negated.add(name)
                    continue
                out.append(Match(a, b, c.who, name))
        # longest first at each place, then in text order; drop matches inside a longer one
        out.sort(key=lambda x: (x.start, -(x.end - x.start)))
        kept: list[Match] = []
        for x in out:
            if any(k.start <= x.start and x.end <= k.end for k in kept):
                continue
            kept.append(x)
        self._cache[name] = kept
        return kept

    def any(self, names: Iterable[str]) -> bool:
        return any(self.matches(n) for n in names)


def closest(slots: list[list[Match]], near: int | None) -> tuple[Match, ...] | None:
    """One match per slot, the set spanning the fewest characters (within ``near``)."""
    if any(not s for s in slots):
        return None
    best: tuple[Match, ...] | None = None
    best_span = 1 << 30
    for n, combo in enumerate(itertools.product(*slots)):
        if n >= _MAX_COMBINATIONS:
            break
        # two slots may not share words ("紧急联系人" is a target, not also a way of reaching)
        ordered = sorted(combo, key=lambda m: m.start)
        if any(a.end > b.start for a, b in itertools.pairwise(ordered)):
            continue
        gap = sum(b.start - a.end for a, b in itertools.pairwise(ordered))
        if gap < best_span:
            best, best_span = combo, gap
    if best is None or (near is not None and best_span > near):
        return None
    return best


def disjoint(matches: list[Match]) -> list[Match]:
    out: list[Match] = []
    for x in sorted(matches, key=lambda x: (x.start, -(x.end - x.start))):
        if not any(x.start < o.end and o.start < x.end for o in out):
            out.append(x)
    return out
