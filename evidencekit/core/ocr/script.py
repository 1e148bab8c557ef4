"""Simplified or Traditional Chinese? Decided from text with opencc round trips."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from evidencekit.core.ocr.text import is_han

#: tesseract language data for each script (digits and Latin letters are in both Chinese models).
LANG_FOR_SCRIPT = {"zh-Hans": "chi_sim", "zh-Hant": "chi_tra", "mixed": "chi_sim+chi_tra", "latin": "eng"}


@lru_cache(maxsize=4)
def _converter(config: str) -> Any:
    import opencc

    return opencc.OpenCC(config)


def to_simplified(text: str) -> str:
    """Traditional → Simplified (opencc ``t2s``); Simplified text passes unchanged."""
    return str(_converter("t2s").convert(text))


def to_traditional(text: str) -> str:
    return str(_converter("s2t").convert(text))


def script_scores(text: str) -> tuple[int, int, int]:
    """(Han characters, Traditional-only characters, Simplified-only characters) in ``text``.

    A character is Traditional-only when t2s changes it, Simplified-only when s2t changes it.
    """
    han = [c for c in text if is_han(c)]
    if not han:
        return 0, 0, 0
    s = "".join(han)
    simp = to_simplified(s)
    trad = to_traditional(s)
    n_trad = sum(1 for a, b in zip(s, simp, strict=False) if a != b)
    n_simp = sum(1 for a, b in zip(s, trad, strict=False) if a != b)
    return len(han), n_trad, n_simp


def detect_script(text: str) -> str:
    """``"zh-Hans"``, ``"zh-Hant"``, ``"mixed"`` or ``"latin"`` for a text.

    Most Han characters are the same in both scripts; the decision rests on those that differ.
    """
    han, n_trad, n_simp = script_scores(text)
    if han == 0:
        return "latin"
    if n_trad == 0 and n_simp == 0:
        return "zh-Hans"  # nothing distinguishes them: the common case, and chi_sim reads it
    if n_trad >= 3 * max(n_simp, 1) or (n_simp == 0):
        return "zh-Hant"
    if n_simp >= 3 * max(n_trad, 1) or n_trad == 0:
        return "zh-Hans"
    return "mixed"
