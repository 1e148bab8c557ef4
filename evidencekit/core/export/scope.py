"""Whom a rule set's source does not bind, as the bundle's findings say it.

Hong Kong's Code of Banking Practice binds banks and the collection agencies they appoint, not the
money lenders licensed under the Money Lenders Ordinance (Cap. 163). When the case's lender
(``settings --lender``) is not a bank, the findings section says so under the rule set's source,
and each finding citing the Code says that it is cited for reference only.

The words are the rule set's own (``[source.<name>.not_binding]`` in its TOML: ``who``,
``licensed``, ``unconfirmed``, ``short``), read here from the file the rule set came from or, for
a rule set built on a shipped one, from the shipped files: the loaded :class:`RuleSet` keeps only
a source's title and note.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

from evidencekit.core.analysis.findings.model import in_language
from evidencekit.core.analysis.findings.ruleset import RuleSet

#: A bank by its name: the Code binds it.
_BANK = re.compile(r"銀行|银行|\bbank\b", re.I)
#: A money lender's licence number in a message ("放債人牌照號碼：0123/2026", "Money Lenders Licence No.").
_LICENCE = re.compile(r"放[債债]人牌照|money\s+lenders?'?s?\s+licen[cs]e", re.I)


@dataclass(frozen=True, slots=True)
class NotBinding:
    """A source that does not bind the case's lender.

    Attributes:
        title: the source's title in each language (as the findings cite it).
        intro: the paragraph under the findings' introduction, in the reader's language.
        short: the words after the source on each finding that cites it.
    """

    title: Mapping[str, str]
    intro: str
    short: str


def _tables(rs: RuleSet) -> list[dict[str, Any]]:
    """The TOML data the rule set may have been read from: its own file, then the shipped sets."""
    out: list[dict[str, Any]] = []
    origin = Path(rs.origin) if rs.origin else None
    if origin is not None and origin.is_file():
        try:
            out.append(tomllib.loads(origin.read_text(encoding="utf-8")))
        except (OSError, tomllib.TOMLDecodeError, UnicodeDecodeError):
            pass
    folder = resources.files("evidencekit.core.analysis").joinpath("rulesets")
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if entry.name.endswith(".toml"):
            out.append(tomllib.loads(entry.read_text(encoding="utf-8")))
    return out


def is_money_lender(name: str) -> bool:
    """Whether the lender named ``name`` is taken for a money lender rather than a bank."""
    return bool(name.strip()) and not _BANK.search(name)


def licence_seen(texts: Iterable[str]) -> bool:
    """Whether any of the case's messages gives a money lender's licence number."""
    return any(_LICENCE.search(t or "") for t in texts)


def not_binding(rs: RuleSet, lenders: Iterable[str], lang: str, texts: Iterable[str] = ()) -> list[NotBinding]:
    """The rule set's sources that do not bind the case's lender, with what the findings say of
    each (empty when the case names no lender, or a bank).

    Args:
        rs: the rule set the findings check.
        lenders: the case's lenders (``settings --lender``).
        lang: the bundle's language.
        texts: the case's messages (a licence number in them makes the lender a licensed one).
    """
    lender = next((n for n in lenders if is_money_lender(n)), "")
    if not lender:
        return []
    licensed = licence_seen(texts)
    out: list[NotBinding] = []
    for name, (title, _note) in rs.sources.items():
        for data in _tables(rs):
            src = data.get("source", {}).get(name, {})
            nb = src.get("not_binding") if isinstance(src, dict) else None
            if not isinstance(nb, dict) or nb.get("who") != "money_lender":
                continue
            # the same source: its title as the rule set has it (an own file may reuse a name)
            if in_language(dict(src.get("title", {})), "en") != in_language(title, "en"):
                continue
            intro = in_language(dict(nb.get("licensed" if licensed else "unconfirmed", {})), lang)
            out.append(NotBinding(title, intro.replace("{lender}", lender), in_language(dict(nb.get("short", {})), lang)))
            break
    return out
