"""Dates and times as phones and messages write them, resolved against a reference time.

Labels a phone shows above or beside a message, in Chinese and English, 24 h and 12 h:

- full dates: ``2026/11/19 03:44``, ``2026-11-19``, ``2026.11.19``, ``2026年11月19日 下午3:44``,
  ``Nov 19, 2026 at 3:44 PM``, ``19 Nov 2026``;
- dates without a year: ``11月19日 周三 03:44``, ``11/19``, ``Nov 19, 3:44 AM``, ``Wed, Nov 19``;
- relative days: ``今天`` / ``今日`` / ``昨天`` / ``昨日`` / ``前天``, ``Today`` / ``Yesterday``;
- weekdays: ``星期三`` / ``周三`` / ``週三`` / ``禮拜三``, ``Wed`` / ``Wednesday``;
- times: ``15:05``, ``3:05 PM``, ``3:05 p.m.``, ``上午 / 下午 / 中午 / 晚上 / 凌晨 / 早上 + 3:05``
  (Simplified and Traditional write them alike), ``3点05分``, ``3點半``.

A label that does not say everything (no year, a relative day, a weekday, a bare clock time)
is resolved against a reference time; :func:`resolve_label` says which rule was used, so the
reading can record what the time rests on (:class:`evidencekit.core.models.TimeBasis`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone

from evidencekit.core.models import ReferenceSource, ReferenceTime, TimeBasis, TimeRule

_WEEKDAYS = {"一": 0, "二": 1, "三": 2, "四": 3, "五": 4, "六": 5, "日": 6, "天": 6}
_EN_WEEKDAYS = {"mon": 0, "tue": 1, "wed": 2, "thu": 3, "fri": 4, "sat": 5, "sun": 6}
_EN_MONTHS = {"jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6, "jul": 7, "aug": 8, "sep": 9,
              "oct": 10, "nov": 11, "dec": 12}
_RELATIVE = {"今天": 0, "今日": 0, "today": 0, "昨天": -1, "昨日": -1, "yesterday": -1, "前天": -2,
             "明天": 1, "明日": 1, "后天": 2, "後天": 2, "tomorrow": 1}

_MONTH = (r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?"
          r"|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)")
_EN_WD = r"(?:Mon(?:day)?|Tue(?:s(?:day)?)?|Wed(?:nesday)?|Thu(?:r(?:s(?:day)?)?)?|Fri(?:day)?|Sat(?:urday)?|Sun(?:day)?)"

#: The date part of a label. The alternatives are tried in this order at each position;
#: :func:`_best_date` prefers the most specific match in a label.
DATE_RE = re.compile(
    r"(?P<rel>今天|今日|昨天|昨日|前天|明天|明日|后天|後天|(?i:\b(?:today|yesterday|tomorrow)\b))"
    r"|(?:(?:星期|礼拜|禮拜|周|週)(?P<wd>[一二三四五六日天]))"
    r"|(?:(?P<y1>\d{4})\s*年\s*(?P<m1>\d{1,2})\s*月\s*(?P<d1>\d{1,2})\s*[日号號]?)"
    r"|(?:(?P<m4>\d{1,2})\s*月\s*(?P<d4>\d{1,2})\s*[日号號]?)"
    r"|(?:(?<!\d)(?P<y2>\d{4})\s*(?P<sep>[/\-.])\s*(?P<m2>\d{1,2})\s*(?P=sep)\s*(?P<d2>\d{1,2})(?!\d))"
    rf"|(?:\b(?P<mon>{_MONTH})\.?\s+(?P<d5>\d{{1,2}})(?:st|nd|rd|th)?\b(?:,?\s*(?P<y5>\d{{4}})\b)?)"
    rf"|(?:\b(?P<d6>\d{{1,2}})\s+(?P<mon6>{_MONTH})\.?\b(?:,?\s*(?P<y6>\d{{4}})\b)?)"
    rf"|(?P<enwd>\b{_EN_WD}\b)"
    r"|(?:(?<![\d/.\-:])(?P<m3>\d{1,2})/(?P<d3>\d{1,2})(?![\d/]))"
)

_PERIODS = "凌晨|早上|早晨|清晨|上午|中午|午后|午後|下午|傍晚|晚上|夜里|夜裡|深夜|半夜"
#: The time part of a label.
TIME_RE = re.compile(
    rf"(?P<ampm>{_PERIODS})?\s*"
    r"(?:(?P<h>\d{1,2})\s*[:：]\s*(?P<mi>\d{2})(?::\d{2})?(?!\d)"
    r"(?:\s*(?P<ap2>(?i:[ap]\.?\s?m\.?))(?![A-Za-z]))?"
    r"|(?P<h2>\d{1,2})\s*[点點时時](?:\s*(?P<mi2>\d{1,2})\s*分|(?P<half>半))?)"
)

_MORNING = {"凌晨", "早上", "早晨", "清晨", "上午"}
_AFTERNOON = {"下午", "午后", "午後", "傍晚", "晚上", "夜里", "夜裡"}
_NIGHT = {"深夜", "半夜"}


@dataclass(frozen=True, slots=True)
class TimeMatch:
    """A date and/or time found in a text: ``value`` is ISO (``YYYY-MM-DD``, ``HH:MM`` or both)."""

    text: str
    value: str
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Resolved:
    """A label resolved: ``value`` is ISO (``YYYY-MM-DDTHH:MM:SS``, or ``YYYY-MM-DD`` when the
    label shows no time); ``rule`` says what had to be taken from the reference time (``None``:
    the label gives the full date itself)."""

    value: str
    rule: TimeRule | None


def _hour(h: int, period: str) -> int:
    """The 24 h hour of ``h`` shown with a period word or AM/PM (12 h clock)."""
    p = period.lower().replace(".", "").replace(" ", "")
    if p in ("am",) or period in _MORNING:
        return 0 if h == 12 else h
    if p in ("pm",) or period in _AFTERNOON:
        if period in ("晚上", "夜里", "夜裡") and h == 12:
            return 0  # 晚上12点: midnight
        return h + 12 if h < 12 else h
    if period == "中午":
        return h + 12 if h < 11 else h  # 中午12:10, 中午1点 (13:00)
    if period in _NIGHT:
        if h == 12:
            return 0
        return h + 12 if h >= 6 else h  # 深夜11点 (23:00), 半夜2点 (02:00)
    return h


def _resolve_time(m: re.Match[str]) -> time | None:
    g = m.groupdict()
    if g["h"] is not None:
        h, mi = int(g["h"]), int(g["mi"])
    elif g["h2"] is not None:
        h = int(g["h2"])
        mi = 30 if g["half"] else int(g["mi2"] or 0)
    else:
        return None
    period = g["ampm"] or g["ap2"] or ""
    if period:
        if h > 12 and h <= 23:
            pass  # "下午15:05": a 24 h time with a period word before it
        elif not 0 <= h <= 12:
            return None
        else:
            h = _hour(h, period)
    if not (0 <= h <= 23 and 0 <= mi <= 59):
        return None
    return time(h, mi)


def _specificity(m: re.Match[str]) -> int:
    """How much of a date a match gives: a full date beats a month and day, which beats a
    relative day, which beats a weekday."""
    g = m.groupdict()
    if g["y1"] or g["y2"] or g["y5"] or g["y6"]:
        return 4
    if g["m4"] or g["mon"] or g["mon6"] or g["m3"]:
        return 3
    if g["rel"]:
        return 2
    return 1


def _best_date(label: str) -> tuple[re.Match[str] | None, int | None]:
    """The most specific date in a label, and the weekday it also names, if any
    ("11月19日 周三": the date, and Wednesday to check the year against)."""
    best: re.Match[str] | None = None
    weekday: int | None = None
    for m in DATE_RE.finditer(label):
        if m.group("wd") or m.group("enwd"):
            weekday = _weekday_of(m)
        if best is None or _specificity(m) > _specificity(best):
            best = m
    if best is not None and (best.group("wd") or best.group("enwd")):
        weekday = None  # the weekday is the date itself, not a check on it
    return best, weekday


def _weekday_of(m: re.Match[str]) -> int:
    if m.group("wd"):
        return _WEEKDAYS[m.group("wd")]
    return _EN_WEEKDAYS[m.group("enwd")[:3].lower()]


def _month_day_year(m: re.Match[str]) -> tuple[int, int, int | None]:
    g = m.groupdict()
    if g["mon"]:
        return _EN_MONTHS[g["mon"][:3].lower()], int(g["d5"]), int(g["y5"]) if g["y5"] else None
    if g["mon6"]:
        return _EN_MONTHS[g["mon6"][:3].lower()], int(g["d6"]), int(g["y6"]) if g["y6"] else None
    y = g["y1"] or g["y2"]
    mo = g["m1"] or g["m2"] or g["m3"] or g["m4"]
    d = g["d1"] or g["d2"] or g["d3"] or g["d4"]
    return int(mo), int(d), int(y) if y else None


def _resolve_date(m: re.Match[str], ref: date | None, weekday: int | None = None) -> tuple[date, TimeRule | None] | None:
    """The date a match names, and the rule that took something from ``ref`` (None when the
    match is a full date). None when it names no valid date or needs a missing reference."""
    g = m.groupdict()
    if g["rel"]:
        if ref is None:
            return None
        return ref + timedelta(days=_RELATIVE[g["rel"].lower()]), TimeRule.RELATIVE_DAY
    if g["wd"] or g["enwd"]:
        if ref is None:
            return None
        # Phones show a weekday for the past week: the latest such day before the reference.
        back = (ref.weekday() - _weekday_of(m)) % 7 or 7
        return ref - timedelta(days=back), TimeRule.WEEKDAY
    mo, d, y = _month_day_year(m)
    try:
        if y is not None:
            return date(y, mo, d), None
        if ref is None:
            return None
        # A date without a year on a phone is never in the future: this year's, or last year's
        # when this year's is still to come. A weekday shown with it decides between the two.
        cands = []
        for year in (ref.year, ref.year - 1):
            try:
                cands.append(date(year, mo, d))
            except ValueError:
                continue  # 2月29日 in a year without it
        cands = [c for c in cands if c <= ref + timedelta(days=1)]
        if weekday is not None:
            cands = [c for c in cands if c.weekday() == weekday] or cands
        if not cands:
            return None
        return cands[0], TimeRule.NO_YEAR
    except ValueError:
        return None


def _time_match(label: str, after: int) -> re.Match[str] | None:
    """The first time in ``label`` that is not inside its date ("2026.11.19" holds no time)."""
    for start in (after, 0):
        for tm in TIME_RE.finditer(label, start):
            if tm.group("h") is None and tm.group("h2") is None:
                continue
            return tm
    return None


def resolve_label(label: str, reference: datetime | None) -> Resolved | None:
    """Resolve a phone's time label ("昨天 下午3:05", "11月19日 周三 03:44", "Nov 19, 3:44 AM").

    Args:
        label: the text as shown.
        reference: when the screenshot was taken; without it only labels that carry a full date
            can be resolved.

    Returns:
        The resolved value and the rule that used the reference, or None when the label holds
        no date or time, names an impossible one, or needs a reference that was not given.
    """
    ref_date = reference.date() if reference else None
    dm, weekday = _best_date(label)
    tm = _time_match(label, dm.end() if dm else 0)
    tval = _resolve_time(tm) if tm else None
    rule: TimeRule | None
    if dm is not None:
        got = _resolve_date(dm, ref_date, weekday)
        if got is None:
            return None
        d, rule = got
    elif tval is not None and ref_date is not None:
        d, rule = ref_date, TimeRule.CLOCK_ONLY  # a bare clock time: the reference's day
    else:
        return None
    if tval is None:
        return Resolved(d.isoformat(), rule)
    return Resolved(datetime.combine(d, tval).isoformat(timespec="seconds"), rule)


def reference_of(value: ReferenceTime | datetime | None) -> ReferenceTime | None:
    """A reference time with its source; a bare datetime was given by the caller."""
    if value is None or isinstance(value, ReferenceTime):
        return value
    return ReferenceTime(value, ReferenceSource.GIVEN)


def basis_of(resolved: Resolved | None, reference: ReferenceTime | None) -> TimeBasis | None:
    """What a resolved label rests on (None when the label gave the full date itself)."""
    if resolved is None or resolved.rule is None or reference is None:
        return None
    return TimeBasis(resolved.rule, reference.at.isoformat(timespec="seconds"), reference.source)


def resolve_time_label(label: str, reference: datetime | None) -> str | None:
    """Resolve a phone's time label to ISO (see :func:`resolve_label`).

    Returns:
        ``YYYY-MM-DDTHH:MM:00`` (or ``YYYY-MM-DD`` when no time is shown), ``None`` when the
        label is not a date/time or needs a reference that was not given.
    """
    r = resolve_label(label, reference)
    return r.value if r else None


_LABEL_NOISE = re.compile(r"短信|彩信|簡訊|简讯|信息|訊息|iMessage|Text\s*Message|SMS|RCS|[Aa]t|[·•/,，.。\-\s]")


def looks_like_time_label(text: str) -> bool:
    """True when a short line is a phone's date/time separator rather than message text."""
    t = re.sub(r"\s+", " ", text).strip()
    if not t or len(re.sub(r"\s", "", t)) > 40:
        return False
    dm, _ = _best_date(t)
    tm = _time_match(t, dm.end() if dm else 0)
    if not (dm or (tm and tm.group("h") is not None)):
        return False
    rest = t
    for m in [x for x in (dm, tm) if x is not None]:
        rest = rest.replace(m.group(0), "")
    if dm is not None:
        # a weekday shown beside the date ("11月19日 周三")
        rest = DATE_RE.sub("", rest)
    # little else may be on the line ("短信/彩信", "iMessage", "Text Message", "at", a dot)
    rest = _LABEL_NOISE.sub("", rest)
    return len(rest) <= 3


#: How far ahead a date without a year in a message's words may be (a deadline is near; "3月5日借的"
#: in November is last March's).
AHEAD = timedelta(days=62)


def _nearest_year(day: date, ref: date) -> date:
    """``day``'s month and day in the year that puts it soonest after ``ref`` within :data:`AHEAD`,
    else latest before it (``day`` as it is when neither exists)."""
    cands = []
    for year in (ref.year - 1, ref.year, ref.year + 1):
        try:
            cands.append(date(year, day.month, day.day))
        except ValueError:
            continue  # 2月29日 in a year without it
    ahead = [c for c in cands if ref < c <= ref + AHEAD]
    past = [c for c in cands if c <= ref]
    return ahead[0] if ahead else max(past, default=day)


def find_times(text: str, reference: datetime | None = None) -> list[TimeMatch]:
    """Dates and times mentioned in a message, each with its normalised value."""
    out: list[TimeMatch] = []
    taken: list[tuple[int, int]] = []
    ref_date = reference.date() if reference else None
    for dm in DATE_RE.finditer(text):
        got = _resolve_date(dm, ref_date)
        if got is not None and got[1] is TimeRule.NO_YEAR and ref_date is not None:
            # in a message's words a date without a year is the nearest one, a deadline ahead
            # included ("请于11月9日前还款" sent on 11-07): not a phone's stamp, never in the future
            got = (_nearest_year(got[0], ref_date), TimeRule.NO_YEAR)
        end = dm.end()
        tm = TIME_RE.match(text, end) or TIME_RE.match(text, end + 1)
        tval = _resolve_time(tm) if tm else None
        if tm and tval:
            end = tm.end()
        if got is not None:
            value = got[0].isoformat() + (f"T{tval.isoformat(timespec='minutes')}" if tval else "")
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


def parse_time(s: str | None, offset: str = "") -> datetime | None:
    """A naive local time from ISO 8601 (``Z`` times are moved to ``offset``) or EXIF format."""
    if not s:
        return None
    s = s.strip()
    try:
        if len(s) >= 19 and s[4] == ":" and s[7] == ":":  # EXIF "2026:11:20 22:15:03"
            return datetime.strptime(s[:19], "%Y:%m:%d %H:%M:%S")
        t = datetime.fromisoformat(s.replace("Z", "+00:00"))
    except ValueError:
        return None
    if t.tzinfo is not None:
        tz = timezone.utc
        if offset and len(offset) == 6:
            try:
                sign = 1 if offset[0] == "+" else -1
                tz = timezone(sign * timedelta(hours=int(offset[1:3]), minutes=int(offset[4:6])))
            except ValueError:
                pass
        t = t.astimezone(tz).replace(tzinfo=None)
    return t
