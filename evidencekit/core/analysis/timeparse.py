"""Dates and times as Chinese phones and messages write them, resolved against a reference time.

Handles 今天 / 昨天 / 前天, 星期三 / 周三 / 週三, 11月20日, 2026年11月20日, 2026/11/20, 2026-11-20,
11/20, 上午 / 下午 / 中午 / 晚上 / 凌晨 / 早上 + 3:05, 15:05, 3点05分, and the English forms
(Today, Yesterday, Wed, 3:05 PM) iOS shows in English.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

_WEEKDAYS = {"一": 0, "二": 1, "三": 2, "四": 3, "五": 4, "六": 5, "日": 6, "天": 6}
_EN_WEEKDAYS = {"mon": 0, "tue": 1, "wed": 2, "thu": 3, "fri": 4, "sat": 5, "sun": 6}
_PM = {"下午", "晚上", "傍晚", "中午", "午后", "午後", "pm", "PM"}
_AM = {"上午", "早上", "凌晨", "清晨", "早晨", "am", "AM"}

_CN_NUM = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "兩": 2, "三": 3, "四": 4, "五": 5, "六": 6,
           "七": 7, "八": 8, "九": 9, "十": 10}

DATE_RE = re.compile(
    r"(?P<rel>今天|今日|昨天|昨日|前天|明天|明日|后天|後天|[Tt]oday|[Yy]esterday)"
    r"|(?:(?:星期|礼拜|禮拜|周|週)(?P<wd>[一二三四五六日天]))"
    r"|(?P<enwd>\b(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun)[a-z]*\b)"
    r"|(?:(?:(?P<y1>\d{4})\s*年\s*)?(?P<m1>\d{1,2})\s*月\s*(?P<d1>\d{1,2})\s*[日号號]?)"
    r"|(?:(?P<y2>\d{4})[/\-.](?P<m2>\d{1,2})[/\-.](?P<d2>\d{1,2}))"
    r"|(?:(?<![\d/.\-])(?P<m3>\d{1,2})/(?P<d3>\d{1,2})(?![\d/]))"
)
TIME_RE = re.compile(
    r"(?P<ampm>上午|下午|中午|晚上|傍晚|凌晨|早上|清晨|早晨|午后|午後)?\s*"
    r"(?:(?P<h>\d{1,2})\s*[:：]\s*(?P<mi>\d{2})(?!\d)(?:\s*(?P<ap2>[AaPp][Mm]))?"
    r"|(?P<h2>\d{1,2})\s*[点點时時](?:\s*(?P<mi2>\d{1,2})\s*分|(?P<half>半))?)"
)


@dataclass(frozen=True, slots=True)
class TimeMatch:
    """A date and/or time found in a text: ``value`` is ISO (``YYYY-MM-DD``, ``HH:MM`` or both)."""

    text: str
    value: str
    start: int
    end: int


def _resolve_date(m: re.Match[str], ref: date) -> date | None:
    g = m.groupdict()
    if g["rel"]:
        r = g["rel"].lower()
        delta = {"今天": 0, "今日": 0, "today": 0, "昨天": -1, "昨日": -1, "yesterday": -1, "前天": -2,
                 "明天": 1, "明日": 1, "后天": 2, "後天": 2}[r]
        return ref + timedelta(days=delta)
    if g["wd"] or g["enwd"]:
        wd = _WEEKDAYS[g["wd"]] if g["wd"] else _EN_WEEKDAYS[g["enwd"][:3].lower()]
        # Phones show a weekday for the past week: the latest such day before the reference.
        back = (ref.weekday() - wd) % 7 or 7
        return ref - timedelta(days=back)
    y = g["y1"] or g["y2"]
    mo = g["m1"] or g["m2"] or g["m3"]
    d = g["d1"] or g["d2"] or g["d3"]
    try:
        if y:
            return date(int(y), int(mo), int(d))
        cand = date(ref.year, int(mo), int(d))
        # A date without a year shown on a phone is in the past year, never in the future.
        if cand > ref + timedelta(days=1):
            cand = date(ref.year - 1, int(mo), int(d))
        return cand
    except ValueError:
        return None


def _resolve_time(m: re.Match[str]) -> time | None:
    g = m.groupdict()
    if g["h"] is not None:
        h, mi = int(g["h"]), int(g["mi"])
    elif g["h2"] is not None:
        h = int(g["h2"])
        mi = 30 if g["half"] else int(g["mi2"] or 0)
    else:
        return None
    ampm = g["ampm"] or g["ap2"] or ""
    if ampm in _PM or ampm.lower() == "pm":
        if h < 12 and not (ampm == "中午" and h >= 11):
            h += 12
    elif (ampm in _AM or ampm.lower() == "am") and h == 12:
        h = 0
    if not (0 <= h <= 23 and 0 <= mi <= 59):
        return None
    return time(h, mi)


def resolve_time_label(label: str, reference: datetime | None) -> str | None:
    """Resolve a phone's time separator ("昨天 下午3:05", "11月20日 09:12", "星期三 15:05") to ISO.

    Args:
        label: the text as shown.
        reference: when the screenshot was taken (file or EXIF time); without it only labels
            that carry a full date can be resolved.

    Returns:
        ``YYYY-MM-DDTHH:MM:00`` (or ``YYYY-MM-DD`` when no time is shown), ``None`` when the
        label is not a date/time or needs a reference that was not given.
    """
    dm = DATE_RE.search(label)
    tm = TIME_RE.search(label, dm.end() if dm else 0) or TIME_RE.search(label)
    tval = _resolve_time(tm) if tm else None
    d: date | None = None
    if dm:
        if reference is None and not (dm.group("y1") or dm.group("y2")):
            return None
        d = _resolve_date(dm, reference.date() if reference else date.min)
    elif tval is not None and reference is not None:
        d = reference.date()  # a bare clock time: today's messages
    if d is None:
        return None
    if tval is None:
        return d.isoformat()
    return datetime.combine(d, tval).isoformat(timespec="seconds")


def looks_like_time_label(text: str) -> bool:
    """True when a short line is a phone's date/time separator rather than message text."""
    t = re.sub(r"\s+", "", text)
    if not t or len(t) > 28:
        return False
    dm = DATE_RE.search(t)
    tm = TIME_RE.search(t)
    if not (dm or (tm and tm.group("h") is not None)):
        return False
    rest = t
    for m in (dm, tm):
        if m:
            rest = rest.replace(m.group(0).replace(" ", ""), "")
    # little else may be on the line ("短信/彩信", "iMessage", "Text Message", a dot)
    rest = re.sub(r"短信|彩信|簡訊|信息|訊息|iMessage|Text\s*Message|SMS|[·•/,，.。\-\s]", "", rest)
    return len(rest) <= 3


def find_times(text: str, reference: datetime | None = None) -> list[TimeMatch]:
    """Dates and times mentioned in a message, each with its normalised value."""
    out: list[TimeMatch] = []
    taken: list[tuple[int, int]] = []
    for dm in DATE_RE.finditer(text):
        if dm.group("m3") and not re.search(r"[月日号/]", text[max(0, dm.start() - 1):dm.end() + 1]):
            pass
        d = _resolve_date(dm, reference.date()) if reference else None
        if reference is None and (dm.group("y1") or dm.group("y2")):
            d = _resolve_date(dm, date.min)
        end = dm.end()
        tm = TIME_RE.match(text, end) or TIME_RE.match(text, end + 1)
        tval = _resolve_time(tm) if tm else None
        if tm and tval:
            end = tm.end()
        if d is not None:
            value = d.isoformat() + (f"T{tval.isoformat(timespec='minutes')}" if tval else "")
        else:
            value = dm.group(0).strip() + (f" {tval.isoformat(timespec='minutes')}" if tval else "")
        out.append(TimeMatch(text[dm.start():end].strip(), value, dm.start(), end))
        taken.append((dm.start(), end))
    for tm in TIME_RE.finditer(text):
        if any(a <= tm.start() < b for a, b in taken):
            continue
        if tm.group("h") is None and tm.group("h2") is None:
            continue
        # "20:00" is a time; "6点" too; a bare number is not
        tval = _resolve_time(tm)
        if tval is None:
            continue
        out.append(TimeMatch(tm.group(0).strip(), tval.isoformat(timespec="minutes"), tm.start(), tm.end()))
    out.sort(key=lambda x: x.start)
    return out
