"""Full-text search in both Chinese scripts: what a query and an indexed text are turned into.

The index itself is an FTS5 table with the ``trigram`` tokenizer, kept by the vault
(``core/vault/tables/search.py``): CJK has no spaces, so word tokenizers fail. It holds, per item
and field, the text converted to Simplified characters (opencc ``t2s``) — the query is converted the
same way, so 還款 finds 还款 and 逾期 finds 逾期 in either script. Trigram matching needs three
characters; shorter terms (most Chinese words are two characters) are matched by a scan of the same
normalised column, which stays fast enough for tens of thousands of rows.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

SNIPPET_CHARS = 24


@dataclass(frozen=True, slots=True)
class SearchHit:
    """One matching field of one item."""

    item_id: int
    field: str
    snippet: str  # the original text around the first match, the match marked «like this»
    rank: float  # lower is better (FTS5 bm25); 0 for scan matches


@dataclass(frozen=True, slots=True)
class Query:
    """A query split for the index: terms of three characters or more go to the trigram index,
    shorter ones to a scan. ``terms`` keeps them all in the order typed."""

    terms: tuple[str, ...]
    long_terms: tuple[str, ...]
    short_terms: tuple[str, ...]

    @property
    def fts(self) -> str:
        """The long terms as an FTS5 query: each a quoted phrase (quotes doubled), so no FTS5
        syntax from the user gets through."""
        return " AND ".join('"' + t.replace('"', '""') + '"' for t in self.long_terms)


def normalise(text: str) -> str:
    """The searchable form of a text: NFKC (full-width letters and digits to half-width),
    lower case, Traditional → Simplified, white space collapsed."""
    from evidencekit.core.ocr.script import to_simplified

    t = unicodedata.normalize("NFKC", text).lower()
    t = re.sub(r"\s+", " ", t).strip()
    return to_simplified(t)


def parse_query(query: str) -> Query:
    """What the user typed, as terms split on white space (normalised like the index)."""
    terms = tuple(t for t in normalise(query).split(" ") if t)
    return Query(terms, tuple(t for t in terms if len(t) >= 3), tuple(t for t in terms if len(t) < 3))


def snippet(original: str, norm: str, term: str) -> str:
    """Text around the first match of ``term`` in ``norm``, taken from the original when the
    normalised form lines up character by character (opencc t2s keeps lengths for almost all text)."""
    src = original if len(normalise(original)) == len(norm) and len(original) == len(norm) else norm
    i = norm.find(term)
    if i < 0:
        return src[: 2 * SNIPPET_CHARS]
    a = max(0, i - SNIPPET_CHARS)
    b = min(len(src), i + len(term) + SNIPPET_CHARS)
    return ("…" if a > 0 else "") + src[a:i] + "«" + src[i:i + len(term)] + "»" + src[i + len(term):b] + \
        ("…" if b < len(src) else "")
