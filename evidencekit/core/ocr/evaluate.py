"""Character error rate of a reading against ground truth (used by the benchmark and tests)."""

from __future__ import annotations

import re


def _strip(s: str) -> str:
    return re.sub(r"\s+", "", s)


def levenshtein(a: str, b: str) -> int:
    """Edit distance between two strings."""
    if len(a) < len(b):
        a, b = b, a
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i]
        for j, cb in enumerate(b, 1):
            cur.append(min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb)))
        prev = cur
    return prev[-1]


def substring_distance(needle: str, hay: str) -> int:
    """Edit distance between ``needle`` and the best-matching substring of ``hay``
    (semi-global alignment: skipping text before and after the match is free)."""
    if not needle:
        return 0
    prev = [0] * (len(hay) + 1)  # the match may start anywhere in hay
    for i, cn in enumerate(needle, 1):
        cur = [i] + [0] * len(hay)
        for j, ch in enumerate(hay, 1):
            cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (cn != ch))
        prev = cur
    return min(prev)


def message_cer(truth: list[str], output: str) -> tuple[int, int]:
    """(errors, characters) of the truth messages aligned one by one against the output text,
    white space ignored. Divide to get the character error rate."""
    hay = _strip(output)
    errors = 0
    chars = 0
    for t in truth:
        t = _strip(t)
        errors += substring_distance(t, hay)
        chars += len(t)
    return errors, chars
