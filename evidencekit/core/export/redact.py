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

log = logging.getLogger(__name__)

FONT_PATH = "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc"

# PRC resident ID (18, last may be X; old 15-digit), Taiwan ID, Hong Kong ID.
_ID = re.compile(
    r"(?<![0-9A-Za-z])(?:\d{17}[\dXx]|\d{15}|[A-Z][12]\d{8}|[A-Z]{1,2}\d{6}\s?\(?[0-9A]\)?)(?![0-9A-Za-z])"
)
# Bank cards: 16-19 digits, optionally grouped by spaces or dashes.
_CARD = re.compile(r"(?<!\d)(?:\d[ -]?){15,18}\d(?!\d)")
# Phones: mainland mobile (+86 optional), landline with area code, Taiwan mobile, HK 8 digits.
_PHONE = re.compile(
    r"(?<!\d)(?:(?:\+?86[ -]?)?1[3-9]\d[ -]?\d{4}[ -]?\d{4}|0\d{2,3}-\d{7,8}|09\d{2}-?\d{3}-?\d{3}|"
    r"(?:\+?852[ -]?)?[2-9]\d{3}[ -]?\d{4})(?!\d)"
)


_SERVICE = re.compile(r"(客服|热线|熱線|专线|專線|服务电话|服務電話|官方电话|官方電話|hotline|service)", re.I)


def _digits(s: str) -> str:
    return re.sub(r"\D", "", s)


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
            for run in re.findall(r"[\d][\d \-()+]*[\d]", p or ""):
                d = _digits(run)
                if len(d) >= 5:
                    norm.add(d)
        return cls(frozenset(norm))

    def _keep(self, phone: str, before: str = "") -> bool:
        d = _digits(phone)
        if len(d) < 5:
            return True
        # the same number written with or without a country or area prefix
        if any(k.endswith(d) or d.endswith(k) for k in self.keep_phones if min(len(k), len(d)) >= 5):
            return True
        # an institution's published service line is not a private person's number
        return bool(_SERVICE.search(before[-10:]))

    def text(self, s: str) -> str:
        """``s`` with every ID, card and third-party phone number masked."""
        if not s:
            return s

        def id_mask(m: re.Match[str]) -> str:
            v = m.group(0)
            return v[:2] + "*" * (len(v) - 2)

        def card_mask(m: re.Match[str]) -> str:
            # Masked whatever the Luhn checksum says: OCR misreads digits, and a long digit run
            # in a collection message is an account or card number either way.
            v = m.group(0)
            return "*" * (len(v) - 4) + v[-4:]

        def phone_mask(m: re.Match[str]) -> str:
            v = m.group(0)
            if self._keep(v, m.string[: m.start()]):
                return v
            return v[:3] + "*" * max(0, len(v) - 5) + v[-2:]

        s = _ID.sub(id_mask, s)
        s = _CARD.sub(card_mask, s)
        s = _PHONE.sub(phone_mask, s)
        return s

    def changes(self, s: str) -> bool:
        return self.text(s) != s

    def sensitive(self, s: str) -> list[str]:
        """The digit strings of the numbers :meth:`text` masks in ``s``."""
        found: list[str] = []
        for rx in (_ID, _CARD, _PHONE):
            for m in rx.finditer(s):
                v = m.group(0)
                if rx is _PHONE and self._keep(v, m.string[: m.start()]):
                    continue
                d = re.sub(r"[^0-9A-Za-z]", "", v)
                if d:
                    found.append(d)
        return found

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
    from evidencekit.errors import EvidenceKitError

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
