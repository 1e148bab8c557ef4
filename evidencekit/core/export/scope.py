"""Whom a rule set's source does not bind, as the bundle's findings say it.

Hong Kong's Code of Banking Practice binds banks and the collection agencies they appoint, not the
money lenders licensed under the Money Lenders Ordinance (Cap. 163). When the case's lender
(``settings --lender``) is not a bank, the findings section says so under the rule set's source,
and each finding citing the Code says that it is cited for reference only.

The words are the rule set's own (``[source.<name>.not_binding]`` in its TOML: ``who``,
``licensed``, ``unconfirmed``, ``short``; :attr:`RuleSet.not_binding`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from evidencekit.core.analysis.findings.model import in_language
from evidencekit.core.analysis.findings.ruleset import RuleSet
from evidencekit.core.analysis.parties import licence_number

#: A bank by its name: the Code binds it.
_BANK = re.compile(r"銀行|银行|\bbank\b", re.I)


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


def is_money_lender(name: str) -> bool:
    """Whether the lender named ``name`` is taken for a money lender rather than a bank."""
    return bool(name.strip()) and not _BANK.search(name)


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
    licensed = bool(licence_number(texts))
    out: list[NotBinding] = []
    for name, nb in rs.not_binding.items():
        if nb.get("who") != "money_lender" or name not in rs.sources:
            continue
        intro = in_language(dict(nb.get("licensed" if licensed else "unconfirmed", {})), lang)
        out.append(NotBinding(rs.source_title(name), intro.replace("{lender}", lender),
                              in_language(dict(nb.get("short", {})), lang)))
    return out
