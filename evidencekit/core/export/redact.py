"""Redaction of a screenshot's pixels, for the bundle only: the numbers :mod:`.mask` masks in
text are burned into a derived copy of the image.

The originals in the vault are never touched. Image redaction needs to know where the text is:
it uses the OCR message boxes, blacks out the words that spell a number (or repaints the whole
bubble with the masked text) in the pixels, so a reader cannot lift the mask off, unlike a PDF
overlay. With an OCR engine the result is read again and an image in which a masked number is
still legible is repainted, and withheld if that does not help. Without OCR there is no way to
find the numbers in the pixels, so :func:`redact_image` reports that it could not redact.
"""

from __future__ import annotations

import enum
import logging
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

from evidencekit.core.export.mask import ASCII, DATE8, digits
from evidencekit.core.export.mask import Redactor as Redactor  # the chronology still imports it from here
from evidencekit.core.models import Message, OcrResult
from evidencekit.core.ocr.engine import OcrEngine, Recognition
from evidencekit.errors import EvidenceKitError

log = logging.getLogger(__name__)

FONT_PATH = "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc"

# Characters OCR reads for digits when the digits are what is printed: the checks below count
# them as the digits they stand for (the safe way round: a near-miss still counts as readable).
_OCR_DIGIT = str.maketrans({"O": "0", "o": "0", "I": "1", "l": "1", "|": "1", "Z": "2", "S": "5", "B": "8",
                            **{chr(0xFF10 + i): str(i) for i in range(10)}})
# A readable run of this many digits of a masked number counts as the number surviving.
SURVIVING_RUN = 6

Box = tuple[int, int, int, int]
Rect = tuple[int, int, int, int]  # x0, y0, x1, y1


class Outcome(enum.Enum):
    """What became of a screenshot in a redacted bundle."""

    MASKED = "masked"  # numbers blacked out or bubbles repainted: the masked copy is shown
    NOTHING_TO_MASK = "nothing_to_mask"  # its reading holds no number to mask: the original is shown
    NOT_LOCATED = "not_located"  # no OCR reading (or box) to find a number in the pixels by: withheld
    UNREADABLE = "unreadable"  # the image could not be read: withheld
    STILL_LEGIBLE = "still_legible"  # a masked number stayed legible after repainting: withheld

    @property
    def withheld(self) -> bool:
        """Shown half-masked the image would leak what redaction promised to hide."""
        return self in (Outcome.NOT_LOCATED, Outcome.UNREADABLE, Outcome.STILL_LEGIBLE)


@dataclass(frozen=True)
class ImageRedaction:
    """The outcome of :func:`redact_image` and how many boxes and bubbles it painted over."""

    outcome: Outcome
    marks: int = 0


@dataclass(frozen=True)
class _Stream:
    """The digits of a recognition in reading order, each with the word and character it came
    from: a number split into several words, or wrapped onto the next line, is one run here.
    ``|`` separates digits with other text between them (they are not one number)."""

    digits: str
    where: tuple[tuple[int, int, int], ...]  # (line, word, character) per position of ``digits``


def _stream(rec: Recognition, *, gap: int = 1) -> _Stream:
    """The stream of ``rec``; digits with more than ``gap`` characters between them that cannot
    be part of a number (one is allowed: a digit misread as a Chinese character) are apart."""
    found: list[str] = []
    where: list[tuple[int, int, int]] = []
    between = 0
    for li, line in enumerate(rec.lines):
        for wi, word in enumerate(line.words):
            for ci, ch in enumerate(word.text.translate(_OCR_DIGIT)):
                if ch.isascii() and ch.isdigit():
                    if between > gap and found:
                        found.append("|")
                        where.append((li, wi, ci))
                    found.append(ch)
                    where.append((li, wi, ci))
                    between = 0
                elif not _number_char(ch):
                    between += 1
    return _Stream("".join(found), tuple(where))


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


def _boxes(rec: Recognition, st: _Stream, runs: Iterable[range], origin: tuple[int, int]) -> list[tuple[Box, bool]]:
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
    a = ch.translate(ASCII)
    return a.isascii() and (a.isalnum() or a in "+()-. ")


def _burn(draw: ImageDraw.ImageDraw, box: Box, partial: bool) -> Rect:
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


def _for_reading(im: Image.Image, orig: Image.Image, marks: list[Rect]) -> Image.Image:
    """A copy of the redacted image ``im`` with the blacked-out rectangles painted in the colour
    around them instead: large black areas upset tesseract's page layout and thresholds (it
    then reads less of the rest, and would miss a number left legible); what is under them is
    gone either way."""
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
        colours = ring.getcolors(ring.width * ring.height)
        fill = max(colours)[1] if colours else (255, 255, 255)  # the most frequent colour around
        assert isinstance(fill, tuple)  # an RGB image's colours
        draw.rectangle((x0, y0, x1, y1), fill=fill)
    return out


def _crop(im: Image.Image, bbox: Box) -> Image.Image:
    x, y, w, h = bbox
    return im.crop((x, y, x + w, y + h))


def _inside(box: Box, bbox: Box) -> bool:
    cx, cy = box[0] + box[2] / 2, box[1] + box[3] / 2
    x, y, w, h = bbox
    return x <= cx <= x + w and y <= cy <= y + h


# what a failing engine raises (its own errors, or a crashed or missing program)
_OCR_FAILURES = (EvidenceKitError, OSError, RuntimeError, ValueError)


def word_engine() -> OcrEngine | None:
    """The OCR engine that finds the words of a number in the pixels, or None when it cannot
    run here (then bubbles are repainted instead of single words blacked out)."""
    from evidencekit.core.ocr.pipeline import default_engine  # the OCR pipeline is heavy: on demand

    try:
        engine = default_engine()
        engine.languages()
    except (EvidenceKitError, OSError) as e:
        log.info("no OCR engine for word-level redaction (%s): bubbles are repainted instead", e)
        return None
    return engine


def _read_words(engine: OcrEngine, images: list[Image.Image], script: str) -> list[Recognition]:
    """Every call into the OCR engine: the lines of ``images`` with their character boxes (a
    whole screenshot or one bubble alike: the engine detects the lines itself)."""
    return engine.read_many(images, script=script if script in ("zh-Hans", "zh-Hant") else None)


def redact_image(
    src: Path, ocr: OcrResult | None, redactor: Redactor, out: Path, *, engine: OcrEngine | None = None
) -> ImageRedaction:
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
        engine: the OCR engine (see :func:`word_engine`), or None.

    Returns:
        The outcome and how many boxes were blacked out and bubbles repainted:
        ``MASKED`` (``out`` is the copy to show), ``NOTHING_TO_MASK`` (the original can be shown
        as it is), or, when the image must be withheld, ``NOT_LOCATED`` (no OCR, or a message
        holding a number has no box and there is no engine to look for it) or ``STILL_LEGIBLE``
        (a masked number was still legible after repainting).

    Raises:
        OSError: ``src`` cannot be read or ``out`` written.
    """
    if ocr is None or not any(m.bbox[2] > 0 and m.bbox[3] > 0 for m in ocr.messages):
        return ImageRedaction(Outcome.NOT_LOCATED)
    msgs = list(ocr.messages)
    boxed = [i for i, m in enumerate(msgs) if m.bbox[2] > 0 and m.bbox[3] > 0]
    owned = {i: {digits(s) for s in redactor.sensitive(m.text)} - {""} for i, m in enumerate(msgs)}
    targets = [i for i in boxed if owned[i]]
    unboxed = any(owned[i] for i in range(len(msgs)) if i not in boxed)
    # a third party's name (when names are masked) is no number to black out word by word: its
    # bubble is repainted with the masked text; one without a box cannot be found at all
    named = [i for i in boxed if redactor.has_name(msgs[i].text)]
    if any(redactor.has_name(msgs[i].text) for i in range(len(msgs)) if i not in boxed):
        return ImageRedaction(Outcome.NOT_LOCATED)
    if engine is None and unboxed:
        return ImageRedaction(Outcome.NOT_LOCATED)  # a number somewhere in the image and nothing to find it by
    secrets: set[str] = set().union(*owned.values())
    with Image.open(src) as im0:
        im = im0.convert("RGB")
    orig = im.copy()
    draw = ImageDraw.Draw(im)
    repainted: set[int] = set()
    marks: list[Rect] = []
    burned = 0

    def repaint(i: int) -> None:
        nonlocal burned
        if i not in repainted:
            _repaint(draw, msgs[i], redactor)
            repainted.add(i)
            burned += 1
            x, y, w, h = msgs[i].bbox
            marks[:] = [r for r in marks if not (x <= r[0] and y <= r[1] and r[2] <= x + w and r[3] <= y + h)]

    def done() -> ImageRedaction:
        im.save(out, format="PNG")
        return ImageRedaction(Outcome.MASKED if burned else Outcome.NOTHING_TO_MASK, burned)

    for i in named:
        repaint(i)
    targets = [i for i in targets if i not in repainted]
    if engine is None:
        for i in targets:
            repaint(i)
        return done()

    # 1. black out the words of the numbers, bubble by bubble
    recs: list[Recognition | None]
    try:
        recs = list(_read_words(engine, [_crop(im, msgs[i].bbox) for i in targets], ocr.script)
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
            reread = _read_words(engine, [view], ocr.script)
            if checked:
                reread += _read_words(engine, [_crop(view, msgs[i].bbox) for i in checked], ocr.script)
        except _OCR_FAILURES as e:
            log.warning("cannot read the redacted image again (%s): bubbles repainted unchecked", e)
            if unboxed:
                return ImageRedaction(Outcome.NOT_LOCATED)
            for i in targets:
                repaint(i)
            break
        # Numbers the message texts missed (a misread bubble, text outside the bubbles), line
        # by line: joined lines, and a date whose dashes were misread, read as phone numbers.
        for ln in reread[0].lines:
            for s in redactor.sensitive("".join(w.text for w in ln.words)):
                if not DATE8.fullmatch(d := digits(s)) and d:
                    secrets.add(d)
        legible: list[tuple[str, Box, bool]] = []
        for rec2, origin in zip(reread, [(0, 0), *(msgs[i].bbox[:2] for i in checked)], strict=True):
            # more text allowed between the digits than when locating: the safe way round
            st = _stream(rec2, gap=2)
            kept = _kept(st, redactor)
            for sec in secrets:
                # six digits a masked number shares with a number that is kept are not it
                runs = [r for r in _readable(st, sec) if not _within(r, kept)]
                legible += [(sec, box, partial) for box, partial in _boxes(rec2, st, runs, origin)]
        if not legible:
            break
        if attempt == 2:
            log.warning("%s: a masked number is still legible after repainting: image withheld", src.name)
            return ImageRedaction(Outcome.STILL_LEGIBLE, burned)
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
    return done()


def _repaint(draw: ImageDraw.ImageDraw, m: Message, redactor: Redactor) -> None:
    """Paint over the bubble of ``m`` and write its masked text in it."""
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


def _draw_wrapped(draw: ImageDraw.ImageDraw, text: str, box: Box, font: ImageFont.FreeTypeFont) -> None:
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
