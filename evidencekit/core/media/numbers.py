"""Phone numbers as keys for matching: the same number written ``+86 138-1234-5678``,
``8613812345678`` and ``13812345678`` (or ``+886 912 345 678`` and ``0912345678``) is one key."""

from __future__ import annotations

import re
from functools import lru_cache

_NON_DIGIT = re.compile(r"\D+")
# country codes of the regions EvidenceKit serves, and how national numbers are written there
_PREFIXES = (("0086", ""), ("86", ""), ("00886", "0"), ("886", "0"), ("00852", ""), ("852", ""), ("00853", ""),
             ("853", ""))


@lru_cache(maxsize=65536)
def number_key(number: str) -> str:
    """The digits of ``number`` as written nationally (mainland China, Taiwan, Hong Kong, Macau).

    Short codes (95188, 10086) stay as they are; anything else without digits is lower-cased
    text (an iMessage address, a sender name such as "招商银行").
    """
    s = number.strip()
    digits = _NON_DIGIT.sub("", s)
    if not digits:
        return s.lower()
    intl = s.startswith("+") or s.startswith("00")
    if intl or len(digits) > 11:
        for prefix, national in _PREFIXES:
            if digits.startswith(prefix) and len(digits) - len(prefix) >= 7:
                return national + digits[len(prefix):]
    return digits


def same_number(a: str, b: str) -> bool:
    """Whether two numbers are the same line (by :func:`number_key`)."""
    ka, kb = number_key(a), number_key(b)
    return bool(ka) and ka == kb
