"""Redaction for the bundle only: national ID numbers, bank card numbers and third parties'
phone numbers, masked in text and burned into derived copies of the images.

The originals in the vault are never touched. Image redaction needs to know where the text is:
it uses the OCR message boxes, repaints each affected bubble and writes the masked text into
the pixels (a reader cannot lift the mask off, unlike a PDF overlay). Without OCR there is no
way to find the numbers in the pixels, so :func:`redact_image` reports that it did nothing.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from evidencekit.core.models import Message, OcrResult
from evidencekit.errors import EvidenceKitError

log = logging.getLogger(__name__)

FONT_PATH = "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc"

# Full-width digits, letters and phone punctuation (typed on Chinese keyboards, and read so by
# OCR) mapped one to one onto ASCII: the patterns below see ASCII, match positions stay those of
# the original text.
_ASCII = str.maketrans({
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
# An eight-digit run that reads as a date (20261128) is a date, not a Hong Kong number.
_DATE8 = re.compile(r"20[0-4]\d(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])")

# What stays readable of a masked number: a phone's last 2 digits, a card's last 4, an ID's
# last 2 characters.
_KEEP = {"id": 2, "card": 4, "phone": 2}

_SERVICE = re.compile(r"(客服|热线|熱線|专线|專線|服务电话|服務電話|官方电话|官方電話|hotline|service)", re.IGNORECASE)


def _digits(s: str) -> str:
    return re.sub(r"\D", "", s.translate(_ASCII))


def _mask(v: str, keep: int, letters: bool) -> str:
    """``v`` with every digit (and letter, for IDs) but the last ``keep`` replaced by ``*``;
    brackets, spaces and dashes stay so the shape of the number can still be seen."""
    out = []
    kept = 0
    for ch in reversed(v):
        a = ch.translate(_ASCII)
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
    numbers are the evidence, the claimant's own is on the cover anyway)."""

    keep_phones: frozenset[str] = frozenset()

    @classmethod
    def for_case(cls, keep: Iterable[str]) -> Redactor:
        """``keep``: the respondents' numbers, the senders of the messages, the claimant's own
        (free text is fine: every digit run of five or more is taken)."""
        norm = set()
        for p in keep:
            for run in re.findall(r"[\d][\d \-()+]*[\d]", (p or "").translate(_ASCII)):
                d = _digits(run)
                if len(d) >= 5:
                    norm.add(d)
        return cls(frozenset(norm))

    def _keep(self, phone: str, before: str = "") -> bool:
        d = _digits(phone)
        if len(d) < 5:
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
        t = s.translate(_ASCII)
        found: list[_Span] = [_Span(m.start(), m.end(), "id") for m in _ID.finditer(t)]
        found += [_Span(m.start(), m.end(), "card") for m in _CARD.finditer(t)]
        for rx, fewest in _PHONES:
            for m in rx.finditer(t):
                v = m.group(0)
                if len(_digits(v)) < fewest or _DATE8.fullmatch(v) or self._keep(v, t[: m.start()]):
                    continue
                found.append(_Span(m.start(), m.end(), "phone"))
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
        return "".join(out)

    def changes(self, s: str) -> bool:
        return bool(s) and bool(self._spans(s))

    def sensitive(self, s: str) -> list[str]:
        """The numbers :meth:`text` masks in ``s``, as their digits and letters only."""
        if not s:
            return []
        t = s.translate(_ASCII)
        return [re.sub(r"[^0-9A-Za-z]", "", t[sp.start : sp.end]) for sp in self._spans(s)]

    def message(self, m: Message) -> Message:
        from dataclasses import replace

        return replace(m, text=self.text(m.text), facts=())

    def ocr(self, r: OcrResult | None) -> OcrResult | None:
        if r is None:
            return None
        from dataclasses import replace

        return replace(
            r,
            text=self.text(r.text),
            sender=self.text(r.sender) if r.sender else r.sender,
            messages=tuple(self.message(m) for m in r.messages),
        )


def redact_image(
    src: Path, ocr: OcrResult | None, redactor: Redactor, out: Path, *, engine: Any = None
) -> int:
    """Write a redacted copy of the image ``src`` to ``out``; returns the number of boxes burned.

    For every OCR message whose text holds a sensitive number: with an OCR ``engine``, the
    bubble is read again word by word and only the words that make up the number are blacked out
    (the rest of the screenshot stays as it was); without one, or when no word matches, the
    bubble is repainted with the masked text. Returns -1 when the image could not be redacted
    (no OCR boxes to go by).
    """
    from PIL import Image, ImageDraw, ImageFont

    if ocr is None or not any(m.bbox[2] > 0 and m.bbox[3] > 0 for m in ocr.messages):
        return -1
    burned = 0
    with Image.open(src) as im0:
        im = im0.convert("RGB")
    draw = ImageDraw.Draw(im)
    lang = "chi_tra" if ocr.script == "zh-Hant" else "chi_sim"
    for m in ocr.messages:
        x, y, w, h = m.bbox
        if w <= 0 or h <= 0 or not redactor.changes(m.text):
            continue
        boxes = _word_boxes(im, m.bbox, redactor.sensitive(m.text), engine, lang) if engine is not None else []
        if boxes:
            for bx, by, bw, bh in boxes:
                # Tesseract's word boxes often clip the first and last glyph: widen by about one
                # digit on each side (masking a little too much is the safe error).
                pad = int(bh * 0.7) + 3
                draw.rectangle([bx - pad, by - 4, bx + bw + pad, by + bh + 4], fill=(0, 0, 0))
            burned += len(boxes)
            continue
        masked = redactor.text(m.text)
        draw.rectangle([x, y, x + w, y + h], fill=(235, 235, 235), outline=(0, 0, 0))
        size = max(10, min(40, h // max(1, _lines_needed(masked, w, h))))
        font = ImageFont.truetype(FONT_PATH, size=size, index=0)
        _draw_wrapped(draw, masked, (x + 4, y + 4, w - 8, h - 8), font)
        burned += 1
    im.save(out, format="PNG")
    return burned


def _word_boxes(
    im: Any, bbox: tuple[int, int, int, int], secrets: list[str], engine: Any, lang: str
) -> list[tuple[int, int, int, int]]:
    """Boxes (in image pixels) of the OCR words that spell parts of ``secrets``.

    A word counts when its digits (two or more) occur inside a secret, so a number wrapped over
    two lines or split into several words is still found; a single digit counts next to a word
    that counts.
    """

    x, y, w, h = bbox
    try:
        rec = engine.recognise(im.crop((x, y, x + w, y + h)), lang, psm=6)
    except (EvidenceKitError, OSError, RuntimeError, ValueError) as e:
        log.info("word boxes unavailable (%s): repainting the bubble", e)
        return []
    out: list[tuple[int, int, int, int]] = []
    for line in rec.lines:
        words = list(line.words)
        digits = [re.sub(r"[^0-9A-Za-z]", "", wd.text) for wd in words]
        hit = [len(d) >= 2 and any(c.isdigit() for c in d) and any(d in sec for sec in secrets) for d in digits]
        for i, d in enumerate(digits):
            if not hit[i] and d and d.isdigit() and ((i > 0 and hit[i - 1]) or (i + 1 < len(hit) and hit[i + 1])):
                if any(d in sec for sec in secrets):
                    hit[i] = True
        for wd, is_hit in zip(words, hit, strict=True):
            if is_hit:
                bx, by, bw, bh = wd.bbox
                out.append((x + bx, y + by, bw, bh))
    return out


def _lines_needed(text: str, w: int, h: int) -> int:
    # a rough guess so the font fits the bubble: characters are about as wide as they are high
    for lines in range(1, 40):
        size = h / lines
        if size * len(text) / lines <= w or size < 10:
            return lines
    return 40


def _draw_wrapped(draw: object, text: str, box: tuple[int, int, int, int], font: object) -> None:
    from PIL import ImageDraw, ImageFont

    assert isinstance(draw, ImageDraw.ImageDraw) and isinstance(font, ImageFont.FreeTypeFont)
    x, y, w, h = box
    line = ""
    cy = y
    step = int(font.size * 1.2)
    for ch in text:
        if ch == "\n" or draw.textlength(line + ch, font=font) > w:
            draw.text((x, cy), line, fill=(0, 0, 0), font=font)
            cy += step
            line = "" if ch == "\n" else ch
            if cy > y + h:
                return
        else:
            line += ch
    if line:
        draw.text((x, cy), line, fill=(0, 0, 0), font=font)
