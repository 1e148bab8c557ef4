"""Masking numbers in text: national ID numbers, bank card numbers and third parties' phone
numbers, as a redacted bundle hides them. The numbers of the other side and the claimant's own
stay visible (they are the evidence, and on the cover anyway).

:mod:`.redact` finds the same numbers in the pixels of a screenshot; :mod:`.redaction` applies
both to a whole bundle.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, replace

from evidencekit.core.models import Message, OcrResult

# Full-width digits, letters and phone punctuation (typed on Chinese keyboards, and read so by
# OCR) mapped one to one onto ASCII: the patterns below see ASCII, match positions stay those of
# the original text.
ASCII = str.maketrans({
    **{chr(0xFF10 + i): str(i) for i in range(10)},
    **{chr(0xFF21 + i): chr(0x41 + i) for i in range(26)},
    **{chr(0xFF41 + i): chr(0x61 + i) for i in range(26)},
    "（": "(", "）": ")", "＋": "+", "－": "-", "‐": "-", "‑": "-", "–": "-", "—": "-", "\u3000": " ",
})

# PRC resident ID (18, last may be X, sometimes grouped 6-8-4; old 15-digit), Taiwan ID (and
# resident certificate), Hong Kong ID (check digit usually in brackets).
_ID = re.compile(
    r"(?<![0-9A-Za-z])(?:\d{6}[ -]?\d{8}[ -]?\d{3}[\dXx]|\d{15}|[A-Za-z][1289]\d{8}"
    r"|[A-Za-z]{1,2}\d{6} ?\(?[0-9Aa]\)?)(?![0-9A-Za-z])"
)
# Bank cards: 16-19 digits, optionally grouped by spaces or dashes.
_CARD = re.compile(r"(?<!\d)(?:\d[ -]?){15,18}\d(?!\d)")


def _cc(code: str) -> str:
    """A country calling code as written before a number: +86, (+86), (86), 0086, 86."""
    return rf"(?:\(\+?{code}\)|\+?{code}|00{code})[ -]?"


_S = r"[ -]?"  # one optional separator between digit groups
# Phones, each form on its own so that the longest reading of a number wins (an alternation
# would stop at the first form that matches a part of it).
_PHONE_FORMS = (
    # mainland mobile: 13812345678, 138 1234 5678, 138-1234-5678, +86 138...
    (rf"(?:{_cc('86')})?1[3-9]\d{_S}\d{{4}}{_S}\d{{4}}", 11),
    # Taiwan mobile: 0912-345-678, 0912 345 678, +886 912 345 678, +886 9 1234 5678
    (rf"09\d{{2}}{_S}\d{{3}}{_S}\d{{3}}", 10),
    (rf"{_cc('886')}\(?0?\)?9(?:\d{{2}}{_S}\d{{3}}{_S}\d{{3}}|{_S}\d{{4}}{_S}\d{{4}})", 12),
    # landlines with their area code: 010-12345678, 021 6234 5678, (021)62345678, 0571-8765432,
    # (02)2345-6789, 02-2345-6789, (037)123456
    (rf"(?:\(0\d{{1,3}}\)|0\d{{1,3}}){_S}\d{{2,4}}{_S}\d{{4}}", 9),
    # ... and after a country code, without the area code's 0: +86 21 6234 5678, +886 2 2345 6789
    (rf"(?:{_cc('86')}|{_cc('886')})(?:\(0\) ?)?(?:\(0?[1-9]\d{{0,2}}\)|0?[1-9]\d{{0,2}}){_S}\d{{2,4}}{_S}\d{{4}}", 10),
    # Hong Kong: 9123 4567, 2345-6789, 91234567, +852 2345 6789 (also a mainland local number)
    (rf"(?:{_cc('852')})?[2-9]\d{{3}}{_S}\d{{4}}", 8),
)
# Not part of a longer number, not an amount (¥23456789, 23456789.00, 23456789元); with the
# fewest digits the form has (a date "2026-01-15 1230" is not a landline).
_PHONES = tuple(
    (re.compile(rf"(?<![\d¥￥$])(?:{f})(?!\d|\.\d| ?[元块圆圓])"), n) for f, n in _PHONE_FORMS
)
# A run of digits with spaces or dashes inside (an account number as written).
_DIGIT_RUN = re.compile(r"(?<!\d)\d[\d \-]{3,40}\d(?!\d)")
# An eight-digit run that reads as a date (20261128) is a date, not a Hong Kong number.
DATE8 = re.compile(r"20[0-4]\d(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])")

# What stays readable of a masked number: a phone's last 2 digits, a card's last 4, an ID's
# last 2 characters.
_KEEP = {"id": 2, "card": 4, "phone": 2}

_SERVICE = re.compile(r"(客服|热线|熱線|专线|專線|服务电话|服務電話|官方电话|官方電話|hotline|service)", re.IGNORECASE)


def digits(s: str) -> str:
    """The ASCII digits of ``s`` (full-width ones too), without anything between them."""
    return re.sub(r"\D", "", s.translate(ASCII))


def _mask(v: str, keep: int, letters: bool) -> str:
    """``v`` with every digit (and letter, for IDs) but the last ``keep`` replaced by ``*``;
    brackets, spaces and dashes stay so the shape of the number can still be seen."""
    out = []
    kept = 0
    for ch in reversed(v):
        a = ch.translate(ASCII)
        if a.isascii() and (a.isdigit() or (letters and a.isalpha())):
            if kept < keep:
                kept += 1
                out.append(ch)
            else:
                out.append("*")
        else:
            out.append(ch)
    return "".join(reversed(out))


@dataclass(frozen=True)
class _Span:
    start: int
    end: int
    kind: str


@dataclass(frozen=True)
class Redactor:
    """Masks sensitive numbers; ``keep_phones`` are numbers that stay visible (the respondents'
    numbers are the evidence, the claimant's own is on the cover anyway), ``keep_accounts``
    account numbers that stay (the account a collector demands payment to: the respondent's),
    ``names`` the names of third parties to mask as well (all but the surname)."""

    keep_phones: frozenset[str] = frozenset()
    keep_accounts: frozenset[str] = frozenset()
    names: frozenset[str] = frozenset()

    @classmethod
    def for_case(cls, keep: Iterable[str], *, accounts: Iterable[str] = (), names: Iterable[str] = ()) -> Redactor:
        """``keep``: the respondents' numbers, the senders of the messages, the claimant's own
        (free text is fine: every digit run of five or more is taken); ``accounts``: the
        respondents' own account numbers; ``names``: third parties' names to mask."""
        norm = set()
        for p in keep:
            for run in re.findall(r"[\d][\d \-()+]*[\d]", (p or "").translate(ASCII)):
                d = digits(run)
                if len(d) >= 5:
                    norm.add(d)
        kept_accounts = frozenset(d for a in accounts if len(d := digits(a)) >= 5)
        # a lone surname ("王" of 王女士) says too little to mask, and would mask every 王 in the text
        return cls(frozenset(norm), kept_accounts, frozenset(n for n in names if len(n.strip()) >= 2))

    def _keep(self, phone: str, before: str = "") -> bool:
        d = digits(phone)
        if len(d) < 5:
            return True
        if d in self.keep_accounts:
            return True
        # the same number written with or without a country code, trunk 0 or area code; a short
        # one (a service number) only as it is: a stranger's mobile may end in 95188
        for k in self.keep_phones:
            if k == d:
                return True
            short, long_ = sorted((k.lstrip("0"), d.lstrip("0")), key=len)
            if len(short) >= 7 and long_.endswith(short) and len(long_) - len(short) <= 5:
                return True
        # an institution's published service line is not a private person's number
        return bool(_SERVICE.search(before[-10:]))

    def _spans(self, s: str) -> list[_Span]:
        """Where the numbers to mask are in ``s``, in order, overlapping readings merged."""
        t = s.translate(ASCII)
        # a respondent's own account (where a collector demands payment) stays whole: no reading of
        # a part of it (a group of its digits looks like a landline) is masked either
        kept = [(m.start(), m.end()) for m in _DIGIT_RUN.finditer(t) if digits(m.group(0)) in self.keep_accounts] \
            if self.keep_accounts else []
        found: list[_Span] = [_Span(m.start(), m.end(), "id") for m in _ID.finditer(t)]
        found += [_Span(m.start(), m.end(), "card") for m in _CARD.finditer(t)]
        for rx, fewest in _PHONES:
            for m in rx.finditer(t):
                v = m.group(0)
                if len(digits(v)) < fewest or DATE8.fullmatch(v) or self._keep(v, t[: m.start()]):
                    continue
                found.append(_Span(m.start(), m.end(), "phone"))
        if kept:
            found = [sp for sp in found if not any(a < sp.end and sp.start < b for a, b in kept)]
        found.sort(key=lambda sp: (sp.start, -sp.end))
        merged: list[_Span] = []
        for sp in found:
            if merged and sp.start < merged[-1].end:
                last = merged[-1]
                if sp.end <= last.end:
                    continue  # a part of a longer number (a group of a card's digits)
                # Overlapping readings of one run of digits: mask their union and keep as few
                # characters as the stricter of the two.
                kind = last.kind if _KEEP[last.kind] <= _KEEP[sp.kind] else sp.kind
                merged[-1] = _Span(last.start, sp.end, kind)
            else:
                merged.append(sp)
        return merged

    def text(self, s: str) -> str:
        """``s`` with every ID, card and third-party phone number masked: all but a phone's
        last 2 digits, a card's last 4 and an ID's last 2 characters.

        Cards are masked whatever the Luhn checksum says: OCR misreads digits, and a long digit
        run in a collection message is an account or card number either way.
        """
        if not s:
            return s
        out = []
        pos = 0
        for sp in self._spans(s):
            out.append(s[pos : sp.start])
            out.append(_mask(s[sp.start : sp.end], _KEEP[sp.kind], sp.kind == "id"))
            pos = sp.end
        out.append(s[pos:])
        return self._mask_names("".join(out))

    def _mask_names(self, s: str) -> str:
        # longest first, so that 李建国 is masked before a shorter name inside it
        for name in sorted(self.names, key=len, reverse=True):
            if name in s:
                s = s.replace(name, name[0] + "*" * (len(name) - 1))
        return s

    def has_name(self, s: str) -> bool:
        """Whether ``s`` holds a third party's name that :meth:`text` masks."""
        return bool(s) and any(n in s for n in self.names)

    def changes(self, s: str) -> bool:
        """Whether :meth:`text` would mask anything in ``s``."""
        return bool(s) and (bool(self._spans(s)) or self.has_name(s))

    def sensitive(self, s: str) -> list[str]:
        """The numbers :meth:`text` masks in ``s``, as their digits and letters only."""
        if not s:
            return []
        t = s.translate(ASCII)
        return [re.sub(r"[^0-9A-Za-z]", "", t[sp.start : sp.end]) for sp in self._spans(s)]

    def message(self, m: Message) -> Message:
        """``m`` with its text, time label, facts, the words that labelled it and the second
        engine's readings of its marked lines masked."""
        return replace(
            m,
            text=self.text(m.text),
            time_label=self.text(m.time_label) if m.time_label else m.time_label,
            facts=tuple(replace(f, value=self.text(f.value), text=self.text(f.text)) for f in m.facts),
            labels=tuple(replace(lb, triggers=tuple(self.text(t) for t in lb.triggers)) for lb in m.labels),
            review=tuple(replace(r, text=self.text(r.text), second=self.text(r.second)) for r in m.review),
        )

    def ocr(self, r: OcrResult) -> OcrResult:
        """The reading ``r`` with every text in it masked (its whole text, sender, messages)."""
        return replace(
            r,
            text=self.text(r.text),
            sender=self.text(r.sender) if r.sender else r.sender,
            messages=tuple(self.message(m) for m in r.messages),
        )
