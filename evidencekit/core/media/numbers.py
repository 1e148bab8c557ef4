"""Phone numbers as keys for matching: the same number written ``+86 138-1234-5678``,
``8613812345678`` and ``13812345678`` (or ``+886 912 345 678`` and ``0912345678``) is one key."""

from __future__ import annotations

import re
from functools import lru_cache

_NON_DIGIT = re.compile(r"\D+")
# country codes of the regions EvidenceKit serves, and how national numbers are written there
_PREFIXES = (("0086", ""), ("86", ""), ("00886", "0"), ("886", "0"), ("00852", ""), ("852", ""), ("00853", ""),
             ("853", ""))


# A service number (95xxx, 96xxx, 10xxx-12xxx; not a 1069 SMS gateway) and, apart from it, a short
# group of digits: a header's "安逸花 95188 8001" is the line 95188 and a sub-number the phone shows
# beside it, not the number 951888001. Numbers written in groups ("171 2345 6789", "+852 6408 2215",
# "+886 2 8751 1313") never start with such a group followed by one short group.
_SERVICE_AND_MORE = re.compile(r"^(?P<service>9[56]\d{3}|1(?!06)[0-2]\d{3})[ \-]+\d{1,4}$")
_NUMBER_PART = re.compile(r"[+(]?\d[\d\s\-()]*$")


def dialled(number: str) -> str:
    """The number of a sender line as the line is dialled: "安逸花 95188 8001" → "95188" (a service
    number shown with a sub-number apart), anything else as written.

    Args:
        number: a sender line or number as shown.

    Returns:
        The service number, or ``number`` unchanged.
    """
    s = number.strip()
    part = _NUMBER_PART.search(s)
    if part is None or _NON_DIGIT.sub("", s[:part.start()]):
        return number
    m = _SERVICE_AND_MORE.match(part.group(0).strip())
    return m["service"] if m is not None else number


@lru_cache(maxsize=65536)
def number_key(number: str) -> str:
    """The digits of ``number`` as written nationally (mainland China, Taiwan, Hong Kong, Macau).

    Short codes (95188, 10086) stay as they are, also when a header shows a sub-number beside
    them ("安逸花 95188 8001": 95188, see :func:`dialled`); anything else without digits is
    lower-cased text (an iMessage address, a sender name such as "招商银行").
    """
    s = dialled(number).strip()
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
