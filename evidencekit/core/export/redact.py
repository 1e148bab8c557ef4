"""Redaction for the bundle only: national ID numbers, bank card numbers and third parties'
phone numbers, masked in text and burned into derived copies of the images.

The originals in the vault are never touched. Image redaction needs to know where the text is:
it uses the OCR message boxes, blacks out the words that spell a number (or repaints the whole
bubble with the masked text) in the pixels, so a reader cannot lift the mask off, unlike a PDF
overlay. With an OCR engine the result is read again and an image in which a masked number is
still legible is repainted, and withheld if that does not help. Without OCR there is no way to
find the numbers in the pixels, so :func:`redact_image` reports that it could not redact.
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


# Characters OCR reads for digits when the digits are what is printed: the checks below count
# them as the digits they stand for (the safe way round: a near-miss still counts as readable).
_OCR_DIGIT = str.maketrans({"O": "0", "o": "0", "I": "1", "l": "1", "|": "1", "Z": "2", "S": "5", "B": "8",
                            **{chr(0xFF10 + i): str(i) for i in range(10)}})
# A readable run of this many digits of a masked number counts as the number surviving.
SURVIVING_RUN = 6

Box = tuple[int, int, int, int]


@dataclass(frozen=True)
class _Stream:
    """The digits of a recognition in reading order, each with the word and character it came
    from: a number split into several words, or wrapped onto the next line, is one run here.
    ``|`` separates digits with other text between them (they are not one number)."""

    digits: str
    where: tuple[tuple[int, int, int], ...]  # (line, word, character) per position of ``digits``


def _stream(rec: Any, *, gap: int = 1) -> _Stream:
    """The stream of ``rec``; digits with more than ``gap`` characters between them that cannot
    be part of a number (one is allowed: a digit misread as a Chinese character) are apart."""
    digits: list[str] = []
    where: list[tuple[int, int, int]] = []
    between = 0
    for li, line in enumerate(rec.lines):
        for wi, word in enumerate(line.words):
            for ci, ch in enumerate(word.text.translate(_OCR_DIGIT)):
                if ch.isascii() and ch.isdigit():
                    if between > gap and digits:
                        digits.append("|")
                        where.append((li, wi, ci))
                    digits.append(ch)
                    where.append((li, wi, ci))
                    between = 0
                elif not _number_char(ch):
                    between += 1
    return _Stream("".join(digits), tuple(where))


def _distance(a: str, b: str, limit: int) -> int:
    """Edit distance of ``a`` and ``b``, or ``limit + 1`` when it exceeds ``limit``."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i]
        for j, cb in enumerate(b, 1):
            cur.append(min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb)))
        if min(cur) > limit:
            return limit + 1
        prev = cur
    return prev[-1]


def _find(st: _Stream, secret: str, *, fuzzy: bool = True) -> list[range]:
    """Where ``secret`` (digits) is in the stream: exactly, or (``fuzzy``) misread by a digit or
    two (OCR confuses 6 and 8, drops a digit at a line break)."""
    n = len(secret)
    hits = [range(m.start(), m.start() + n) for m in re.finditer(f"(?={re.escape(secret)})", st.digits)]
    if hits or not fuzzy:
        return hits
    limit = max(1, n // 6)
    for i in range(len(st.digits)):
        for k in (n, n - 1, n + 1):
            w = st.digits[i : i + k]
            if len(w) == k and "|" not in w and _distance(w, secret, limit) <= limit:
                hits.append(range(i, i + k))
                break
    return hits


def _readable(st: _Stream, secret: str) -> list[range]:
    """The runs of the stream that spell ``SURVIVING_RUN`` or more consecutive digits of
    ``secret`` (the whole of a shorter one)."""
    n = min(SURVIVING_RUN, len(secret))
    out = []
    for i in range(len(secret) - n + 1):
        for m in re.finditer(f"(?={re.escape(secret[i : i + n])})", st.digits):
            out.append(range(m.start(), m.start() + n))
    return out


def _kept(st: _Stream, redactor: Redactor) -> list[range]:
    """Where the numbers that stay visible are in the stream."""
    return [range(m.start(), m.start() + len(k)) for k in redactor.keep_phones
            for m in re.finditer(f"(?={re.escape(k)})", st.digits)]


def _within(r: range, spans: list[range]) -> bool:
    return any(r[0] in k and r[-1] in k for k in spans)


def _char_weight(ch: str) -> float:
    # CJK and full-width characters are about square, digits and Latin letters about half as wide
    return 1.0 if ord(ch) >= 0x2E80 else 0.55


def _boxes(rec: Any, st: _Stream, runs: Iterable[range], origin: tuple[int, int]) -> list[tuple[Box, bool]]:
    """Image boxes of the characters of ``runs`` (stream positions), in image pixels, each with
    whether it is an estimate within a longer word.

    Every word a run touches counts, and on each line every word between the first and the
    last of them (a digit misread as a Chinese character sits there). Within a word that also
    holds other text only the part from the first to the last digit of the run is taken (with
    the brackets, signs and letters next to it), estimated from the characters' widths: word
    boxes are all tesseract gives.
    """
    chars: dict[tuple[int, int], set[int]] = {}
    for r in runs:
        if not len(r):
            continue
        lines: dict[int, list[int]] = {}
        for p in r:
            li, wi, ci = st.where[p]
            chars.setdefault((li, wi), set()).add(ci)
            lines.setdefault(li, []).append(wi)
        for li, wis in lines.items():
            for wi in range(min(wis), max(wis) + 1):
                if (li, wi) not in chars:
                    chars[(li, wi)] = set(range(len(rec.lines[li].words[wi].text)))
    out: list[tuple[Box, bool]] = []
    ox, oy = origin
    for (li, wi), cis in sorted(chars.items()):
        word = rec.lines[li].words[wi]
        text = word.text
        a, b = min(cis), max(cis)
        while a > 0 and _number_char(text[a - 1]):
            a -= 1
        while b + 1 < len(text) and _number_char(text[b + 1]):
            b += 1
        bx, by, bw, bh = word.bbox
        partial = a > 0 or b + 1 < len(text)
        if partial:
            weights = [_char_weight(c) for c in text]
            total = sum(weights)
            x0 = bx + int(bw * sum(weights[:a]) / total)
            x1 = bx + round(bw * sum(weights[: b + 1]) / total)
            bx, bw = x0, max(1, x1 - x0)
        out.append(((ox + bx, oy + by, bw, bh), partial))
    return out


def _number_char(ch: str) -> bool:
    a = ch.translate(_ASCII)
    return a.isascii() and (a.isalnum() or a in "+()-. ")


def _burn(draw: Any, box: Box, partial: bool) -> tuple[int, int, int, int]:
    """Black out ``box`` (widened); returns the rectangle painted (x0, y0, x1, y1)."""
    bx, by, bw, bh = box
    # Tesseract's word boxes often clip the first and last glyph: widen by about one digit on
    # each side (masking a little too much is the safe error), by a character where the box is
    # an estimate within a longer word.
    pad = int(bh * (0.9 if partial else 0.7)) + 3
    vpad = int(bh * 0.15) + 4
    rect = (bx - pad, by - vpad, bx + bw + pad, by + bh + vpad)
    draw.rectangle(rect, fill=(0, 0, 0))
    return rect


def _for_reading(im: Any, orig: Any, marks: list[tuple[int, int, int, int]]) -> Any:
    """A copy of the redacted image ``im`` with the blacked-out rectangles painted in the colour
    around them instead: large black areas upset tesseract's page layout and thresholds (it
    then reads less of the rest, and would miss a number left legible); what is under them is
    gone either way."""
    from PIL import ImageDraw

    if not marks:
        return im
    out = im.copy()
    draw = ImageDraw.Draw(out)
    for x0, y0, x1, y1 in marks:
        a, b = min(max(0, x0 - 4), orig.width), min(max(0, y0 - 4), orig.height)
        c, d = max(min(orig.width, x1 + 4), a), max(min(orig.height, y1 + 4), b)
        if c - a < 1 or d - b < 1:
            continue  # off the image
        ring = orig.crop((a, b, c, d))
        colours = ring.getcolors(ring.width * ring.height) or [(1, (255, 255, 255))]
        draw.rectangle((x0, y0, x1, y1), fill=max(colours)[1])
    return out


def _crop(im: Any, bbox: Box) -> Any:
    x, y, w, h = bbox
    return im.crop((x, y, x + w, y + h))


def _inside(box: Box, bbox: Box) -> bool:
    cx, cy = box[0] + box[2] / 2, box[1] + box[3] / 2
    x, y, w, h = bbox
    return x <= cx <= x + w and y <= cy <= y + h


# what a failing engine raises (its own errors, or a crashed or missing program)
_OCR_FAILURES = (EvidenceKitError, OSError, RuntimeError, ValueError)


def redact_image(
    src: Path, ocr: OcrResult | None, redactor: Redactor, out: Path, *, engine: Any = None
) -> int:
    """Write a redacted copy of the image ``src`` to ``out``.

    For every OCR message whose text holds a sensitive number: with an OCR ``engine``, the
    bubble is read again word by word and only the words that spell the numbers are blacked out
    (the rest of the screenshot stays as it was); when one of its numbers is not found among the
    words the whole bubble is repainted with the masked text, and so it is without an engine.
    With an engine the redacted image is then read again, whole and bubble by bubble: wherever
    a masked number is still legible (a run of ``SURVIVING_RUN`` of its digits), or a number
    the message texts missed shows, the bubble is repainted or the words blacked out, and the
    image is read once more.

    Args:
        src: the original image (only read).
        ocr: its reading; the message boxes say where the text is.
        redactor: what to mask and what to keep.
        out: where the redacted copy is written (PNG).
        engine: an :class:`~evidencekit.core.ocr.engine.OcrEngine`, or None.

    Returns:
        The number of boxes blacked out and bubbles repainted; 0 when there was nothing to mask
        (the original can be shown as it is). Negative when the image must be withheld: -1 when
        it could not be redacted (no OCR, or a message holding a number has no box and there is
        no engine to look for it), -3 when a masked number was still legible after repainting.
    """
    from PIL import Image, ImageDraw

    if ocr is None or not any(m.bbox[2] > 0 and m.bbox[3] > 0 for m in ocr.messages):
        return -1
    msgs = list(ocr.messages)
    boxed = [i for i, m in enumerate(msgs) if m.bbox[2] > 0 and m.bbox[3] > 0]
    owned = {i: {_digits(s) for s in redactor.sensitive(m.text)} - {""} for i, m in enumerate(msgs)}
    targets = [i for i in boxed if owned[i]]
    unboxed = any(owned[i] for i in range(len(msgs)) if i not in boxed)
    if engine is None and unboxed:
        return -1  # a number somewhere in the image and nothing to find it by
    secrets: set[str] = set().union(*owned.values())
    with Image.open(src) as im0:
        im = im0.convert("RGB")
    orig = im.copy()
    draw = ImageDraw.Draw(im)
    script = ocr.script if ocr.script in ("zh-Hans", "zh-Hant") else None
    repainted: set[int] = set()
    marks: list[tuple[int, int, int, int]] = []
    burned = 0

    def repaint(i: int) -> None:
        nonlocal burned
        if i not in repainted:
            _repaint(draw, msgs[i], redactor)
            repainted.add(i)
            burned += 1
            x, y, w, h = msgs[i].bbox
            marks[:] = [r for r in marks if not (x <= r[0] and y <= r[1] and r[2] <= x + w and r[3] <= y + h)]

    if engine is None:
        for i in targets:
            repaint(i)
        im.save(out, format="PNG")
        return burned

    # 1. black out the words of the numbers, bubble by bubble
    try:
        recs: list[Any] = (engine.read_many([_crop(im, msgs[i].bbox) for i in targets], script=script)
                           if targets else [])
    except _OCR_FAILURES as e:
        log.info("word boxes unavailable (%s): repainting the bubbles", e)
        recs = [None] * len(targets)
    for i, rec in zip(targets, recs, strict=True):
        if rec is None:
            repaint(i)
            continue
        st = _stream(rec)
        kept = _kept(st, redactor)
        found = {sec: [r for r in _find(st, sec, fuzzy=sec in owned[i]) if not _within(r, kept)] for sec in secrets}
        # Every number of this message must be found among the words, or the bubble is
        # repainted: blacking out the numbers that were found would leave the others readable.
        if any(not found[sec] for sec in owned[i]):
            repaint(i)
            continue
        boxes = _boxes(rec, st, (r for runs in found.values() for r in runs), msgs[i].bbox[:2])
        marks += [_burn(draw, box, partial) for box, partial in boxes]
        burned += len(boxes)

    # 2. read the result again: what is still legible is repainted or blacked out, then the
    # image is read once more; what survives that is withheld
    for attempt in (1, 2):
        checked = sorted(set(targets) | repainted)
        view = _for_reading(im, orig, marks)
        try:
            # the whole image, and the bubbles one by one
            recs = engine.read_many([view], script=script)
            if checked:
                recs += engine.read_many([_crop(view, msgs[i].bbox) for i in checked], script=script)
        except _OCR_FAILURES as e:
            log.warning("cannot read the redacted image again (%s): bubbles repainted unchecked", e)
            if unboxed:
                return -1
            for i in targets:
                repaint(i)
            break
        # Numbers the message texts missed (a misread bubble, text outside the bubbles), line
        # by line: joined lines, and a date whose dashes were misread, read as phone numbers.
        for ln in recs[0].lines:
            for s in redactor.sensitive("".join(w.text for w in ln.words)):
                if not _DATE8.fullmatch(d := _digits(s)) and d:
                    secrets.add(d)
        legible: list[tuple[str, Box, bool]] = []
        for rec, origin in zip(recs, [(0, 0), *(msgs[i].bbox[:2] for i in checked)], strict=True):
            # more text allowed between the digits than when locating: the safe way round
            st = _stream(rec, gap=2)
            kept = _kept(st, redactor)
            for sec in secrets:
                # six digits a masked number shares with a number that is kept are not it
                runs = [r for r in _readable(st, sec) if not _within(r, kept)]
                legible += [(sec, box, partial) for box, partial in _boxes(rec, st, runs, origin)]
        if not legible:
            break
        if attempt == 2:
            log.warning("%s: a masked number is still legible after repainting: image withheld", src.name)
            return -3
        log.info("%s: %d masked number part(s) still legible: repainting", src.name, len(legible))
        for sec, box, partial in legible:
            owner = next((i for i in boxed if _inside(box, msgs[i].bbox)), None)
            if owner is not None and sec in owned[owner]:
                repaint(owner)  # its masked text is drawn anew
            else:
                # a number its message text does not hold (misread): repainting would draw it
                # again, so its words are blacked out
                marks.append(_burn(draw, box, True))
                burned += 1
    im.save(out, format="PNG")
    return burned


def _repaint(draw: Any, m: Message, redactor: Redactor) -> None:
    """Paint over the bubble of ``m`` and write its masked text in it."""
    from PIL import ImageFont

    x, y, w, h = m.bbox
    masked = redactor.text(m.text)
    draw.rectangle([x, y, x + w, y + h], fill=(235, 235, 235), outline=(0, 0, 0))
    size = max(10, min(40, h // max(1, _lines_needed(masked, w, h))))
    font = ImageFont.truetype(FONT_PATH, size=size, index=0)
    _draw_wrapped(draw, masked, (x + 4, y + 4, w - 8, h - 8), font)


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
