"""One normal form for matching Chinese message text, with a way back to the words as shown.

Rules are written once, in Simplified characters, and must match what collectors actually send:
Traditional script, full-width letters and digits, characters spaced out or split by dots and
stars to get past spam filters ("逾 期", "催.收", "征*信"), pinyin with tone marks ("起 sù") or spelled
out letter by letter ("s h a n g 门"), and a few stock substitutions (variants kept as data in
``rules/lexicon.toml``). :func:`normalize` returns the matching form and, for every
character of it, the index of the character it came from, so a quote is always the exact original.
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

from evidencekit.core.ocr.script import to_simplified

__all__ = ["Normalized", "is_cjk", "normalize", "spelling_variants", "to_simplified"]

_ZERO_WIDTH = {"\u200b", "\u200c", "\u200d", "\u200e", "\u200f", "\u2060", "\ufeff", "\u00ad"}
# Inserted between characters to defeat keyword filters; dropped only between two CJK characters,
# so "1,286.50" and "https://a.b/c" keep theirs.
_FILLERS = set("*·•.-_~|/\\#+^=、…")


def is_cjk(ch: str) -> bool:
    """True for a CJK ideograph (the basic block and extension A, the ones SMS text uses)."""
    return "\u4e00" <= ch <= "\u9fff" or "\u3400" <= ch <= "\u4dbf"




@dataclass(frozen=True, slots=True)
class Normalized:
    """A text in matching form.

    Attributes:
        original: the text as shown.
        text: Simplified, NFKC (half-width), Latin lower-cased, fillers between CJK removed.
        origin: for each character of ``text``, the index in ``original`` it comes from.
    """

    original: str
    text: str
    origin: tuple[int, ...]

    def span(self, start: int, end: int) -> tuple[int, int]:
        """The span of ``original`` that ``text[start:end]`` comes from."""
        if start >= end or not self.origin:
            return (0, 0)
        return (self.origin[start], self.origin[end - 1] + 1)

    def quote(self, start: int, end: int) -> str:
        """The original words behind ``text[start:end]``, exactly as shown."""
        a, b = self.span(start, end)
        return self.original[a:b]


def _fold_mark(c: str) -> str:
    """A Latin letter without its tone or accent mark ("ù" → "u", "ǎ" → "a"); others unchanged."""
    if c.isascii() or not c.isalpha():
        return c
    base = unicodedata.normalize("NFD", c)[0]
    return base if base.isascii() and base.isalpha() else c


def _nfkc(chars: Sequence[tuple[str, int]]) -> list[tuple[str, int]]:
    out: list[tuple[str, int]] = []
    for ch, i in chars:
        if ch in _ZERO_WIDTH:
            continue
        for c in unicodedata.normalize("NFKC", ch):
            out.append((_fold_mark(c), i))
    return out


def _is_letter(chars: Sequence[tuple[str, int]], k: int) -> bool:
    return 0 <= k < len(chars) and chars[k][0].isascii() and chars[k][0].isalpha()


def _join_spelled(chars: list[tuple[str, int]]) -> list[tuple[str, int]]:
    """Single Latin letters spaced out ("s h a n g", "h k") joined into one word: three or more of
    them, or two next to a Chinese character (English rarely puts single letters side by side)."""
    out: list[tuple[str, int]] = []
    n = len(chars)
    i = 0
    while i < n:
        if _is_letter(chars, i) and not _is_letter(chars, i - 1) and not _is_letter(chars, i + 1):
            run = [i]
            j = i
            while (j + 2 < n and chars[j + 1][0] == " " and _is_letter(chars, j + 2)
                   and not _is_letter(chars, j + 3)):
                j += 2
                run.append(j)
            before = chars[i - 1][0] if i > 0 else ""
            after = chars[j + 1][0] if j + 1 < n else ""
            if len(run) >= 3 or (len(run) == 2 and (is_cjk(before) or is_cjk(after))):
                out.extend(chars[k] for k in run)
                i = j + 1
                continue
        out.append(chars[i])
        i += 1
    return out


def _simplify(chars: list[tuple[str, int]]) -> list[tuple[str, int]]:
    joined = "".join(c for c, _ in chars)
    conv = to_simplified(joined)
    if len(conv) == len(joined):
        return [(c, i) for c, (_, i) in zip(conv, chars, strict=True)]
    # a phrase conversion changed the length: convert character by character instead
    out: list[tuple[str, int]] = []
    for c, i in chars:
        for s in to_simplified(c):
            out.append((s, i))
    return out


def _drop_fillers(chars: list[tuple[str, int]]) -> list[tuple[str, int]]:
    out: list[tuple[str, int]] = []
    n = len(chars)
    i = 0
    while i < n:
        c, idx = chars[i]
        if c.isspace() or c in _FILLERS:
            j = i
            while j < n and (chars[j][0].isspace() or chars[j][0] in _FILLERS):
                j += 1
            prev = out[-1][0] if out else ""
            nxt = chars[j][0] if j < n else ""
            run = "".join(ch for ch, _ in chars[i:j])
            if prev and nxt and (is_cjk(prev) or is_cjk(nxt)) and (is_cjk(prev) and is_cjk(nxt) or run.isspace()):
                i = j  # "逾 期", "催.收", "逾期 15 天": gone
                continue
            if run.isspace():
                # keep one space between Latin words and numbers only
                if prev and nxt and prev.isalnum() and nxt.isalnum():
                    out.append((" ", chars[i][1]))
                i = j
                continue
            out.extend(chars[i:j])
            i = j
            continue
        out.append((c, idx))
        i += 1
    return out


def _apply_variants(chars: list[tuple[str, int]],
                    variants: Sequence[tuple[re.Pattern[str], str]]) -> list[tuple[str, int]]:
    for pattern, repl in variants:
        text = "".join(c for c, _ in chars)
        if not pattern.search(text):
            continue
        out: list[tuple[str, int]] = []
        pos = 0
        for m in pattern.finditer(text):
            out.extend(chars[pos:m.start()])
            if m.end() > m.start():
                src = [i for _, i in chars[m.start():m.end()]]
                for k, c in enumerate(repl):
                    out.append((c, src[min(k, len(src) - 1)]))
            pos = m.end()
        out.extend(chars[pos:])
        chars = out
    return chars


_CJK_CLASS = "[\u4e00-\u9fff]"


def spelling_variants(word: str, syllables: Sequence[str], initials: str = "",
                      homophones: Sequence[str] = ()) -> list[tuple[re.Pattern[str], str]]:
    """Patterns for the ways collectors half-spell one key word, each mapped back to the word.

    Any of its characters may be written as its toneless pinyin syllable ("shang门", "单wei",
    "zheng xin") or as one of its homophones ("症信", "发院", "尚门"); the whole word may be written
    as its initials next to a Chinese character ("今天不hk", "zx报告").

    Args:
        word: the word in Simplified characters.
        syllables: one pinyin syllable per character (a regular expression: "l[uv]" for 律).
        initials: the abbreviation, or "" when it is too ambiguous to use.
        homophones: per character, the characters that stand for it ("" for none).

    Returns:
        (pattern, word) pairs for :func:`normalize`; the word as written is not among them.

    Raises:
        ValueError: ``syllables`` or ``homophones`` do not have one entry per character.
    """
    if len(syllables) != len(word) or (homophones and len(homophones) != len(word)):
        raise ValueError(f"spelled word {word}: one syllable and one homophone set per character")
    options: list[list[tuple[str, bool]]] = []  # per character: (regex, is Latin)
    for k, ch in enumerate(word):
        alts = [(re.escape(ch), False)]
        if homophones and homophones[k]:
            alts.append(("[" + re.escape(homophones[k]) + "]", False))
        alts.append((syllables[k], True))
        options.append(alts)
    parts: list[str] = []
    for combo in itertools.product(*options):
        if all(c == o[0] for c, o in zip(combo, options, strict=True)):
            continue  # the word as written
        latin = [is_latin for _, is_latin in combo]
        if all(latin) and sum(len(x) for x, _ in combo) < 4:
            continue
        pattern = ""
        for k, (x, is_latin) in enumerate(combo):
            if k and is_latin and latin[k - 1]:
                pattern += " ?"  # two syllables: spaced or not
            pattern += x
        if latin[0]:
            pattern = "(?<![a-z])" + pattern
        if latin[-1]:
            pattern += "(?![a-z])"
        parts.append(f"(?:{pattern})")
    out = [(re.compile("|".join(parts)), word)] if parts else []
    if initials:
        # not before "$" or a digit: "還清HK$2,150" is Hong Kong dollars, not 还款; not in a web
        # address ("点击 sm.cn/7z")
        out.append((re.compile(f"(?:(?<={_CJK_CLASS}){initials}(?![a-z$\\d./])|(?<![a-z]){initials}(?={_CJK_CLASS}))"),
                    word))
    return out


def normalize(text: str, variants: Sequence[tuple[re.Pattern[str], str]] = ()) -> Normalized:
    """The matching form of ``text``.

    Args:
        text: the message as shown.
        variants: (pattern, replacement) pairs applied last, on the matching form, e.g. the
            spellings collectors use to dodge filters ("渝期" → "逾期").

    Returns:
        The :class:`Normalized` text with its index map.
    """
    chars = _nfkc(list(zip(text, range(len(text)), strict=True)))
    chars = _simplify(chars)
    chars = [(c.lower() if c.isascii() else c, i) for c, i in chars]
    chars = _drop_fillers(chars)
    chars = _join_spelled(chars)
    chars = _apply_variants(chars, variants)
    return Normalized(text, "".join(c for c, _ in chars), tuple(i for _, i in chars))
