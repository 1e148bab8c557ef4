"""Cleaning recognised text: no spaces between CJK characters, punctuation as shown, the lines of
one bubble joined."""

from __future__ import annotations

import hashlib
import json
import re
import unicodedata
from functools import lru_cache
from importlib import resources

from evidencekit.core.ocr.engine import OcrLine, OcrWord

_CJK_RANGES = (
    (0x2E80, 0x2FDF), (0x3000, 0x303F), (0x3040, 0x30FF), (0x3100, 0x312F), (0x3400, 0x4DBF),
    (0x4E00, 0x9FFF), (0xF900, 0xFAFF), (0xFE30, 0xFE4F), (0xFF00, 0xFFEF), (0x20000, 0x2FA1F),
)

#: Half-width marks tesseract often returns where a Chinese phone shows the full-width one.
_TO_FULL = {",": "，", ";": "；", ":": "：", "?": "？", "!": "！", "(": "（", ")": "）"}


def is_cjk(ch: str) -> bool:
    """True for Han characters, kana, CJK punctuation and full-width forms."""
    o = ord(ch)
    return any(a <= o <= b for a, b in _CJK_RANGES)


def is_han(ch: str) -> bool:
    o = ord(ch)
    return 0x3400 <= o <= 0x9FFF or 0xF900 <= o <= 0xFAFF or 0x20000 <= o <= 0x2FA1F


def _needs_space(left: str, right: str) -> bool:
    if not left or not right:
        return False
    a, b = left[-1], right[0]
    return not is_cjk(a) and not is_cjk(b)


def join_words(words: tuple[OcrWord, ...] | list[OcrWord]) -> str:
    """One line's words as text: CJK characters touch; Latin words keep a space when the gap
    between their boxes is wide enough to be one."""
    out = ""
    prev: OcrWord | None = None
    for w in words:
        t = w.text.strip()
        if not t:
            continue
        if prev is not None and _needs_space(out, t):
            gap = w.bbox[0] - (prev.bbox[0] + prev.bbox[2])
            height = max(prev.bbox[3], w.bbox[3], 1)
            if gap > 0.3 * height:
                out += " "
        out += t
        prev = w
    return out


def join_lines(lines: list[str]) -> str:
    """The lines of one bubble as one text: joined directly after CJK, with a space between
    Latin words broken across lines."""
    out = ""
    for ln in lines:
        ln = ln.strip()
        if not ln:
            continue
        # a link the phone broke across lines goes on without a space
        in_link = bool(_LINK_END.search(out))
        if out and not in_link and _needs_space(out, ln) and out[-1].isalnum() and ln[0].isalnum():
            out += " "
        out += ln
    return out


#: A line that ends inside a link (its last word holds "://" or "www." or a path).
_LINK_END = re.compile(r"(?:https?://|www\.)[^\s]*$|[A-Za-z0-9\-]+\.[a-z]{2,}/[^\s]*$")


def clean_text(text: str) -> str:
    """Normalise a recognised text.

    - no spaces between two CJK characters or between CJK and punctuation;
    - a half-width , ; : ? ! ( ) next to a Chinese character becomes the full-width mark the
      phone shows (tesseract's Chinese models often return the half-width form); a '.' after a
      Chinese character at the end of a clause becomes '。'; between digits they stay as they are;
    - compatibility forms and stray control characters removed; runs of spaces collapsed.
    """
    text = unicodedata.normalize("NFC", text)
    text = "".join(ch for ch in text if ch in "\n\t" or unicodedata.category(ch)[0] != "C")
    text = re.sub(r"[ \t\u3000]+", " ", text)
    chars = list(text)
    n = len(chars)
    for i, ch in enumerate(chars):
        if ch not in _TO_FULL and ch != ".":
            continue
        j = i - 1
        while j >= 0 and chars[j] == " ":
            j -= 1
        k = i + 1
        while k < n and chars[k] == " ":
            k += 1
        left = chars[j] if j >= 0 else ""
        right = chars[k] if k < n else ""
        if left.isdigit() and right.isdigit() and j == i - 1 and k == i + 1:
            continue  # 1,286.50
        if ch == ":" and (left.isdigit() or left in "ps"):  # 20:00, https:
            continue
        if ch == ".":
            # a '.' after a Chinese character before Chinese text or the end is the full stop
            if left and is_han(left) and (not right or is_cjk(right)):
                chars[i] = "。"
            continue
        if (left and is_han(left)) or (right and is_han(right)):
            chars[i] = _TO_FULL[ch]
    text = "".join(chars)
    # drop spaces touching a CJK character (or full-width mark) on either side
    text = re.sub(r" +", _drop_cjk_space, text)
    # a full-width mark read twice ("，，") or a comma glued before the full stop ("，。")
    text = re.sub(r"([，。、；：！？])\1+", r"\1", text)
    text = re.sub(r"[，、](?=[。！？])", "", text)
    return text.strip()


def _confusions_bytes() -> bytes:
    return resources.files("evidencekit.core.ocr").joinpath("confusions.json").read_bytes()


@lru_cache(maxsize=1)
def confusions_digest() -> str:
    """A short digest of the confusion table: readings made with another table read otherwise, so
    it is part of the reading cache's key (a new pair reaches screenshots read before it)."""
    return hashlib.sha256(_confusions_bytes()).hexdigest()[:16]


@lru_cache(maxsize=1)
def _confusions() -> tuple[dict[str, str], re.Pattern[str]]:
    data = json.loads(_confusions_bytes().decode("utf-8"))
    marks = "|".join(re.escape(m) for m in sorted(data["currency"], key=len, reverse=True))
    # a mark read where the phone shows ¥: right before an amount in yuan
    currency = re.compile(rf"(?<![A-Za-z0-9])(?:{marks})(?=\d{{1,3}}(?:,\d{{3}})*(?:\.\d+)?元)")
    return dict(data["replace"]), currency


def fix_confusions(text: str) -> str:
    """Undo misreadings that give non-words in this domain (从款 → 欠款, #12,860元 → ¥12,860元).

    The list is data (``confusions.json``); a replacement only ever turns a non-word into a word.
    """
    table, currency = _confusions()
    for a, b in table.items():
        if a in text:
            text = text.replace(a, b)
    # a Greek or Cyrillic letter the shape of a Latin one, read inside a Latin word or a link
    # ("u.360jt.example/a8Κ"): the Latin letter the phone shows
    text = _LOOKALIKE_IN_LATIN.sub(lambda m: _LOOKALIKE[m.group(0)], text)
    # "https:/]m.example", "http:I/x": the slashes of a link read as other strokes
    text = _SCHEME.sub(lambda m: m.group(1).lower() + "://", text)
    return currency.sub("¥", text)


#: Greek and Cyrillic capitals and small letters drawn like Latin ones
_LOOKALIKE = dict(zip("ΑΒΕΗΙΚΜΝΟΡΤΧΥΖοαΑВЕКМНОРСТХУаеоросух", "ABEHIKMNOPTXYZoaABEKMHOPCTXYaeopocyx", strict=True))
_LOOKALIKE_IN_LATIN = re.compile("(?<=[A-Za-z0-9./_-])[" + "".join(_LOOKALIKE) + "]|[" + "".join(_LOOKALIKE)
                                 + "](?=[A-Za-z0-9./_-])")
_SCHEME = re.compile(r"(?<![A-Za-z])(https?|HTTPS?)\s*[:：;]\s*[/\\|lI1\]\[]{1,3}(?=[A-Za-z0-9])")


def _drop_cjk_space(m: re.Match[str]) -> str:
    s = m.string
    left = s[m.start() - 1] if m.start() > 0 else ""
    right = s[m.end()] if m.end() < len(s) else ""
    if _LINK_BEFORE.search(s, 0, m.start()) or s.startswith(("http://", "https://", "www."), m.end()):
        return " "  # the spaces around a link ("戳 https://…/a8K 立即领取") are part of the message
    if (left and is_cjk(left)) or (right and is_cjk(right)):
        return ""
    return " "


_LINK_BEFORE = re.compile(r"(?:https?://|www\.)\S+$")


def line_raw_text(line: OcrLine) -> str:
    """A line as the engine spelled it, or as its words make it when the engine gave words only."""
    return line.text or join_words(line.words)


def lines_text(lines: list[OcrLine]) -> str:
    """Cleaned text of a region's recognised lines, top to bottom."""
    return fix_confusions(clean_text(join_lines([line_raw_text(ln) for ln in lines])))
