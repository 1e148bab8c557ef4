"""Message assembly: the read lines of a laid-out screenshot become its sender, its messages
(text, time label, resolved time, box, confidence, side, facts, labels) and its warnings.

A screenshot whose layout shows no bubble is read as one block: its text is one message and a
warning says so. A reading that is empty or unsure always carries a warning: never a quiet zero.
"""

from __future__ import annotations

import difflib
import re
import statistics
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

from evidencekit.core.analysis.classify import classify, mark_misdirected
from evidencekit.core.analysis.facts import extract_facts
from evidencekit.core.analysis.timeparse import DATE_RE, basis_of, looks_like_time_label, reference_of, resolve_label
from evidencekit.core.models import EngineInfo, Message, OcrResult, OcrWarning, ReferenceTime, ReviewMark
from evidencekit.core.ocr.engine import Box, OcrLine
from evidencekit.core.ocr.layout import PageLayout
from evidencekit.core.ocr.script import detect_script
from evidencekit.core.ocr.text import clean_text, fix_confusions, is_han, join_lines, line_raw_text

#: A message read with less confidence than this (0..100) is flagged "check reading".
LOW_MESSAGE_CONFIDENCE = 80.0
#: Characters read with less confidence than this are listed in ``Message.uncertain``.
LOW_CHAR_CONFIDENCE = 70.0

#: Text an input field shows before one types (the bottom of every screenshot).
PLACEHOLDER = re.compile(
    r"^[+＋十]?\s*(短信|簡訊|简讯|信息|訊息|彩信|iMessage|Text\s*message|RCS.*|文字讯息|文字訊息|"
    r"发送短信|發送簡訊|输入|輸入|聊天|Message|SMS|短信/彩信|簡訊/多媒體訊息)\s*\W*$",
    re.IGNORECASE,
)
_LOOSE_TIME = re.compile(r"\d[:：]\d{2}|\d+\s*月\s*\d+\s*日|星期[一二三四五六日天]|今天|昨天|今日|昨日|[Yy]esterday|[Tt]oday")
#: Delivery notes under a sent bubble: not messages, not times.
_STATUS_NOTE = re.compile(r"^(已送达|已送達|已读|已讀|送达|送達|Delivered|Read|已发送|已發送|发送失败|發送失敗)\b", re.I)


@dataclass(frozen=True, slots=True)
class LineReading:
    """What was read for one line of the layout."""

    text: str  # cleaned
    raw: str  # as the engine spelled it
    line: OcrLine
    second: tuple[str, str] | None = None  # (the second engine's reading, its name) when they differ


def read_line(line: OcrLine) -> LineReading:
    raw = line_raw_text(line)
    return LineReading(fix_confusions(clean_text(raw)), raw, line)


def assemble(layout: PageLayout, readings: dict[int, LineReading], *, info: EngineInfo,
             reference_time: ReferenceTime | datetime | None, sha256: str,
             extra_warnings: tuple[OcrWarning, ...] = ()) -> OcrResult:
    """Put a screenshot's reading together.

    Args:
        layout: the roles of its lines.
        readings: per line index, what was read (lines not read are missing).
        info: the engine record stored with the result.
        reference_time: when the screenshot was taken, and where that came from (resolves
            昨天, 星期三, dates without a year; recorded with each message it resolved).
        sha256: the original's digest.
        extra_warnings: warnings found before assembly.

    Returns:
        The reading, with its warnings.
    """
    width, height = layout.size
    reference = reference_of(reference_time)
    warnings = list(extra_warnings)
    texts = {i: r.text for i, r in readings.items() if r.text}
    # time stamps beside or under a bubble (off-centre), separators (centred or apart)
    stamps: dict[int, str] = {}
    separators: dict[int, str] = {}
    sender_lines: list[int] = []
    for i in sorted(texts, key=lambda k: layout.lines[k][1]):
        role = layout.roles[i]
        if role == "bubble":
            continue
        t = texts[i]
        x, _, w, _ = layout.lines[i]
        timeish = looks_like_time_label(t) or (role == "header" and bool(_LOOSE_TIME.search(t)) and len(t) <= 24)
        if timeish:
            centred = abs(x + w / 2 - width / 2) < 0.1 * width
            k = layout.beside.get(i)
            if k is not None and not centred and looks_like_time_label(t):
                stamps.setdefault(k, tidy_label(t))
            else:
                separators[i] = tidy_label(t)
        elif role == "header":
            sender_lines.append(i)
    messages: list[Message] = []
    used_lines: list[int] = []
    if layout.bubbles:
        events: list[tuple[int, str, int]] = [(layout.bubbles[k].bbox[1], "b", k) for k in range(len(layout.bubbles))]
        events += [(layout.lines[i][1], "s", i) for i in separators]
        current: str | None = None
        for _, kind, k in sorted(events):
            if kind == "s":
                current = separators[k]
                continue
            b = layout.bubbles[k]
            lines = [i for i in b.lines if i in readings and readings[i].text]
            text = join_lines([readings[i].text for i in lines])
            text = fix_confusions(clean_text(text))
            if not text:
                continue
            if PLACEHOLDER.match(text) and b.bbox[1] + b.bbox[3] > 0.8 * height:
                continue  # the input field at the bottom, not a message
            label = current
            stamp = stamps.get(k)
            if stamp:
                # a bare clock time beside a bubble takes its day from the separator above
                label = f"{current} {stamp}" if current and not DATE_RE.search(stamp) else stamp
            messages.append(_message(text, label, stamp or current, b.bbox, b.side,
                                     [readings[i] for i in lines], reference))
            used_lines += lines
    else:
        # No bubble: the whole image as one block (a layout never seen before must not come
        # out empty). Time lines on top give the time; the rest is the text.
        body = [i for i in sorted(texts, key=lambda k: (layout.lines[k][1], layout.lines[k][0]))
                if i not in separators and layout.roles[i] not in ("status", "chrome")
                and not PLACEHOLDER.match(texts[i])]
        label = next((separators[i] for i in sorted(separators, key=lambda k: layout.lines[k][1])), None)
        if body:
            box = _union([layout.lines[i] for i in body])
            text = fix_confusions(clean_text(join_lines([texts[i] for i in body])))
            messages.append(_message(text, label, label, box, "", [readings[i] for i in body], reference))
            used_lines += body
            sender_lines = []
            warnings.append(OcrWarning("layout.no_bubbles",
                                       "no message bubbles were found: the whole image was read as one block"))
    if messages:
        relabelled = mark_misdirected([m.text for m in messages], [m.side for m in messages],
                                      [list(m.labels) for m in messages])
        messages = [replace(m, labels=tuple(ls)) for m, ls in zip(messages, relabelled, strict=True)]
    sender = _sender([texts[i] for i in _drop_icons(sender_lines, layout)])
    full = "\n".join(m.text for m in messages)
    if sender:
        full = sender + "\n" + full
    if not messages:
        warnings.append(OcrWarning("ocr.empty", "no text found in the image"))
    low = [m for m in messages if m.confidence < LOW_MESSAGE_CONFIDENCE]
    if low:
        warnings.append(OcrWarning("ocr.low_confidence",
                                   f"{len(low)} of {len(messages)} messages read with low confidence: check the reading"))
    marked = sum(len(m.review) for m in messages)
    if marked:
        warnings.append(OcrWarning("ocr.review",
                                   f"{marked} line(s) read differently by a second engine: check them against the image"))
    script = detect_script("".join(m.text for m in messages) or (sender or ""))
    return OcrResult(sha256=sha256, engine=info, script=script, text=full, sender=sender,
                     messages=tuple(messages), warnings=tuple(warnings))


def _message(text: str, label: str | None, shown: str | None, bbox: Box, side: str,
             lines: list[LineReading], reference: ReferenceTime | None) -> Message:
    resolved = resolve_label(label, reference.at if reference else None) if label else None
    sent_at = resolved.value if resolved else None
    confs = [r.line.confidence for r in lines]
    review = tuple(ReviewMark(k, r.text, r.second[0], r.second[1], round(r.line.confidence, 1))
                   for k, r in enumerate(lines) if r.second is not None)
    return Message(
        text=text,
        time_label=shown,
        sent_at=sent_at,
        bbox=bbox,
        confidence=round(min(confs) if len(confs) == 1 else statistics.fmean(confs), 1) if confs else 0.0,
        # "明天", "今日内" in a message mean relative to when it was sent, when that is known
        facts=tuple(extract_facts(text, _as_datetime(sent_at) or (reference.at if reference else None))),
        labels=tuple(classify(text, side=side)),
        side=side,
        review=review,
        uncertain=_uncertain(text, lines),
        time_basis=basis_of(resolved, reference),
    )


def _uncertain(text: str, lines: list[LineReading]) -> tuple[tuple[int, int], ...]:
    """Spans of ``text`` whose characters were read with low confidence (from the engines that
    give a confidence per character)."""
    spans: list[tuple[int, int]] = []
    pos = 0
    for r in lines:
        at = text.find(r.text, pos) if r.text else -1
        if at < 0:
            continue
        pos = at + len(r.text)
        chars = [c for c in r.raw if not c.isspace()]
        if len(chars) != len(r.line.words) or not any(w.confidence < LOW_CHAR_CONFIDENCE for w in r.line.words):
            continue
        raw = "".join(chars)
        low = {k for k, w in enumerate(r.line.words) if w.confidence < LOW_CHAR_CONFIDENCE}
        sm = difflib.SequenceMatcher(a=raw, b=r.text, autojunk=False)
        for a, b, n in sm.get_matching_blocks():
            for k in range(n):
                if a + k in low:
                    s = at + b + k
                    if spans and spans[-1][1] == s:
                        spans[-1] = (spans[-1][0], s + 1)
                    else:
                        spans.append((s, s + 1))
    return tuple(spans)


def _union(boxes: list[Box]) -> Box:
    x0 = min(b[0] for b in boxes)
    y0 = min(b[1] for b in boxes)
    x1 = max(b[0] + b[2] for b in boxes)
    y1 = max(b[1] + b[3] for b in boxes)
    return (x0, y0, x1 - x0, y1 - y0)


def _as_datetime(iso: str | None) -> datetime | None:
    if not iso or "T" not in iso:
        return None
    try:
        return datetime.fromisoformat(iso)
    except ValueError:
        return None


def tidy_label(t: str) -> str:
    """A time separator as shown, with stray marks around it removed and the space the phone
    shows between date and time put back ("昨天下午3:05" → "昨天 下午3:05")."""
    t = re.sub(r"^[^\w\u4e00-\u9fff]+|[^\w\u4e00-\u9fff.]+$", "", t)
    t = re.sub(r"(天|日|[一二三四五六])(?=(上午|下午|中午|晚上|凌晨|早上|\d{1,2}[:：]))", r"\1 ", t)
    # a date glued to what follows it: never cut inside its day ("2026/11/19" stays whole)
    t = re.sub(r"(\d{4}[/\-.]\d{1,2}[/\-.]\d{1,2})(?=[^\s\d./\-])", r"\1 ", t)
    t = re.sub(r"(\d{4}[/\-.]\d{1,2}[/\-.]\d{2})(?=\d{1,2}[:：]\d{2})", r"\1 ", t)
    t = re.sub(r"(\d{1,2}月\d{1,2}日)(?=[周週星])", r"\1 ", t)
    return re.sub(r"\s+", " ", t).strip()


def _drop_icons(idx: list[int], layout: PageLayout) -> list[int]:
    """Leave out the header's icons: the back arrow, call/menu buttons, an avatar's letter."""
    width = layout.size[0]
    out = []
    for i in idx:
        x, _, w, h = layout.lines[i]
        if x + w < 0.15 * width or x > 0.72 * width:
            continue
        out.append(i)
    # an avatar's letter: a lone squarish line above the name
    if len(out) > 1:
        out = [i for i in out if not (layout.lines[i][2] <= 1.3 * layout.lines[i][3]
                                      and any(layout.lines[j][2] > 2 * layout.lines[j][3] for j in out if j != i))]
    return out


_SENDER_JUNK = re.compile(r"^[^\w\u4e00-\u9fff+]+|[^\w\u4e00-\u9fff]+$")


def _sender(lines: list[str]) -> str | None:
    """The thread's title (name and/or number) from the header lines."""
    parts: list[str] = []
    for ln in lines:
        t = _SENDER_JUNK.sub("", ln).strip()
        t = re.sub(r"\s*[>›〉]$", "", t).strip()
        if not t or PLACEHOLDER.match(t):
            continue
        digits = sum(c.isdigit() for c in t)
        han = sum(is_han(c) for c in t)
        # an avatar's initial or an icon read as one stray letter is no title
        if digits < 3 and han == 0 and len(t) < 3:
            continue
        if han == 0 and digits == 0:
            continue
        parts.append(t)
    return " ".join(parts) if parts else None


def params_of(layout: PageLayout, extra: dict[str, Any]) -> dict[str, Any]:
    """What the pipeline records about a reading's layout."""
    return {"theme": layout.theme, "lines": len(layout.lines), "bubbles": len(layout.bubbles), **extra}
