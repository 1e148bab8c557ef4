"""Time labels as phones write them, for the screenshot generator and the parser's property tests.

Each format knows when a phone would use it (:attr:`LabelFormat.applies`): "昨天 下午3:05" only
for yesterday, "星期三 15:05" within the past week, "11月19日" without a year within the past
year, a bare "09:41" only for today. :func:`format_label` writes a date-time in a format.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

CN_WEEKDAYS = "一二三四五六日"
EN_WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
EN_WEEKDAYS_FULL = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
EN_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def clock24(t: datetime) -> str:
    return f"{t.hour:02d}:{t.minute:02d}"


def clock24_short(t: datetime) -> str:
    return f"{t.hour}:{t.minute:02d}"


def _h12(t: datetime) -> int:
    return t.hour % 12 or 12


def clock_ios_cn(t: datetime) -> str:
    """iOS in Chinese: 上午 / 下午 and a 12 h clock (上午12:05 is five past midnight)."""
    return f"{'上午' if t.hour < 12 else '下午'}{_h12(t)}:{t.minute:02d}"


def clock_android_cn(t: datetime) -> str:
    """Android in Chinese: 凌晨 / 上午 / 中午 / 下午 / 晚上 and a 12 h clock."""
    h = t.hour
    period = "凌晨" if h < 6 else "上午" if h < 12 else "中午" if h < 13 else "下午" if h < 18 else "晚上"
    return f"{period}{_h12(t)}:{t.minute:02d}"


def clock_en(t: datetime) -> str:
    return f"{_h12(t)}:{t.minute:02d} {'AM' if t.hour < 12 else 'PM'}"


def _days(t: datetime, ref: datetime) -> int:
    return (ref.date() - t.date()).days


def _today(t: datetime, ref: datetime) -> bool:
    return _days(t, ref) == 0 and t <= ref


def _yesterday(t: datetime, ref: datetime) -> bool:
    return _days(t, ref) == 1


def _day_before(t: datetime, ref: datetime) -> bool:
    return _days(t, ref) == 2


def _past_week(t: datetime, ref: datetime) -> bool:
    return 1 <= _days(t, ref) <= 7


def _past_year(t: datetime, ref: datetime) -> bool:
    return 0 <= _days(t, ref) <= 360 and t <= ref


def _any(t: datetime, ref: datetime) -> bool:
    return True


@dataclass(frozen=True)
class LabelFormat:
    """One way of writing a date-time above or beside a message."""

    name: str
    script: str  # "zh-Hans", "zh-Hant", "en" or "any" (digits only)
    write: Callable[[datetime], str]
    applies: Callable[[datetime, datetime], bool]  # (the time, "now") -> a phone would write it so

    @property
    def days(self) -> tuple[int, int]:
        """How many days before "now" the format is used (fewest, most)."""
        return {_today: (0, 0), _yesterday: (1, 1), _day_before: (2, 2), _past_week: (1, 7),
                _past_year: (0, 360)}.get(self.applies, (0, 3650))


def _md_cn(t: datetime) -> str:
    return f"{t.month}月{t.day}日"


FORMATS: tuple[LabelFormat, ...] = (
    LabelFormat("ymd-slash-24h", "any", lambda t: f"{t.year}/{t.month:02d}/{t.day:02d} {clock24(t)}", _any),
    LabelFormat("ymd-dash-24h", "any", lambda t: f"{t.year}-{t.month:02d}-{t.day:02d} {clock24(t)}", _any),
    LabelFormat("ymd-dot-24h", "any", lambda t: f"{t.year}.{t.month}.{t.day} {clock24(t)}", _any),
    LabelFormat("ymd-slash-ios", "zh-Hans", lambda t: f"{t.year}/{t.month}/{t.day} {clock_ios_cn(t)}", _any),
    LabelFormat("ymd-cn-android", "zh-Hans", lambda t: f"{t.year}年{_md_cn(t)} {clock_android_cn(t)}", _any),
    LabelFormat("md-cn-weekday-24h", "zh-Hans",
                lambda t: f"{_md_cn(t)} 周{CN_WEEKDAYS[t.weekday()]} {clock24(t)}", _past_year),
    LabelFormat("md-cn-weekday-trad", "zh-Hant",
                lambda t: f"{_md_cn(t)} 週{CN_WEEKDAYS[t.weekday()]} {clock_android_cn(t)}", _past_year),
    LabelFormat("md-cn-android", "zh-Hans", lambda t: f"{_md_cn(t)} {clock_android_cn(t)}", _past_year),
    LabelFormat("md-cn-24h", "any", lambda t: f"{_md_cn(t)} {clock24(t)}", _past_year),
    LabelFormat("today-ios", "zh-Hans", lambda t: f"今天 {clock_ios_cn(t)}", _today),
    LabelFormat("today-24h", "zh-Hans", lambda t: f"今天 {clock24(t)}", _today),
    LabelFormat("yesterday-ios", "zh-Hans", lambda t: f"昨天 {clock_ios_cn(t)}", _yesterday),
    LabelFormat("yesterday-android", "zh-Hant", lambda t: f"昨天 {clock_android_cn(t)}", _yesterday),
    LabelFormat("day-before-24h", "zh-Hans", lambda t: f"前天 {clock24(t)}", _day_before),
    LabelFormat("weekday-ios", "zh-Hans", lambda t: f"星期{CN_WEEKDAYS[t.weekday()]} {clock_ios_cn(t)}",
                _past_week),
    LabelFormat("weekday-trad", "zh-Hant", lambda t: f"週{CN_WEEKDAYS[t.weekday()]} {clock_android_cn(t)}",
                _past_week),
    LabelFormat("weekday-24h", "zh-Hans", lambda t: f"周{CN_WEEKDAYS[t.weekday()]} {clock24(t)}", _past_week),
    LabelFormat("en-md-12h", "en", lambda t: f"{EN_MONTHS[t.month - 1]} {t.day}, {clock_en(t)}", _past_year),
    LabelFormat("en-mdy-at-12h", "en",
                lambda t: f"{EN_MONTHS[t.month - 1]} {t.day}, {t.year} at {clock_en(t)}", _any),
    LabelFormat("en-weekday-md", "en",
                lambda t: f"{EN_WEEKDAYS[t.weekday()]}, {EN_MONTHS[t.month - 1]} {t.day} {clock24(t)}", _past_year),
    LabelFormat("en-dmy-24h", "en", lambda t: f"{t.day} {EN_MONTHS[t.month - 1]} {t.year} {clock24(t)}", _any),
    LabelFormat("en-today", "en", lambda t: f"Today {clock_en(t)}", _today),
    LabelFormat("en-yesterday", "en", lambda t: f"Yesterday {clock24(t)}", _yesterday),
    LabelFormat("en-weekday", "en", lambda t: f"{EN_WEEKDAYS_FULL[t.weekday()]} {clock_en(t)}", _past_week),
    LabelFormat("clock-24h", "any", clock24_short, _today),
    LabelFormat("clock-android", "zh-Hans", clock_android_cn, _today),
    LabelFormat("clock-en", "en", clock_en, _today),
)

BY_NAME = {f.name: f for f in FORMATS}


def format_label(t: datetime, fmt: str | LabelFormat) -> str:
    """``t`` written in the format ``fmt`` (a name from :data:`FORMATS` or the format itself)."""
    f = BY_NAME[fmt] if isinstance(fmt, str) else fmt
    return f.write(t)


def formats_for(t: datetime, ref: datetime, script: str) -> list[LabelFormat]:
    """The formats a phone in ``script`` could show ``t`` in when "now" is ``ref``."""
    ok = ("any", script) if script != "en" else ("any", "en")
    return [f for f in FORMATS if f.script in ok and f.applies(t, ref)]


def trad(text: str) -> str:
    """Labels in Traditional Chinese differ only in 週 (the rest is written alike)."""
    return text.replace("周", "週")


def day_label(t: datetime, ref: datetime, script: str, rng_pick: int = 0) -> str:
    """The day alone, as a phone writes it above messages that carry their own clock time."""
    days = _days(t, ref)
    if script == "en":
        if days == 0:
            return "Today"
        if days == 1:
            return "Yesterday"
        if days <= 6:
            return EN_WEEKDAYS_FULL[t.weekday()]
        return f"{EN_WEEKDAYS[t.weekday()]}, {EN_MONTHS[t.month - 1]} {t.day}" if days <= 360 else \
            f"{EN_MONTHS[t.month - 1]} {t.day}, {t.year}"
    week = "週" if script == "zh-Hant" else ("周" if rng_pick % 2 else "星期")
    if days == 0:
        return "今天"
    if days == 1:
        return "昨天"
    if days <= 6:
        return f"{week}{CN_WEEKDAYS[t.weekday()]}"
    if days <= 360:
        return f"{_md_cn(t)} {week}{CN_WEEKDAYS[t.weekday()]}" if rng_pick % 3 else _md_cn(t)
    return f"{t.year}年{_md_cn(t)}"
