"""When each message on a screenshot was sent, and what that rests on.

A phone writes some stamps in full ("2026年11月20日 22:41", "11月20日 09:12": the day is on the
screen) and others relative to the moment the screenshot was taken ("今天 22:41", "昨天", "星期三",
a bare "22:41"). A relative stamp is only as good as what says when the screenshot was taken; the
best basis available is used, in this order:

1. the EXIF time the phone wrote into the image;
2. the time in the phone's own file name (``Screenshot_20261127-223015.png``);
3. the person's statement of when it was taken (the exhibit's date entered by the user), unless a
   stamp written in full on the same screenshot names a later day (a screenshot cannot show a
   message sent after it was taken: the statement is then wrong, and only the stamp is left);
4. the latest stamp written in full on the same screenshot — a LOWER BOUND only, see below.

A phone writes the full date only for messages older than today, yesterday or the past week, so
a full stamp says that the screenshot was taken on or after that day, not on which day: "今天
09:30" under "2026/11/20 下午3:05" may be 11-27 as well as 11-21. Such a stamp is therefore not
taken as the screenshot's day. A relative stamp resting on it alone gets the earliest time that
agrees with it (a relative stamp is newer than every full one, so not before the latest full
stamp: "今天 09:30" → 11-21 09:30, never 11-20 09:30, which would put a message before the
stamp above it; and not before the bound of a bubble above it either: "今天 09:30" under
"星期三 10:41" (11-25 at the soonest) → 11-26 09:30, so the screen's order is kept), and is marked ``unknown``: shown with its basis, not counted as a dated contact
(the cover's figures, the findings, the chronology's counts), exactly as a time resting on the
file time. Keeping it as ``resolved`` would need the phone's rule for when it writes a full date
(today only? the past week?), which differs by phone and app and is not on the screen; a time
that is only "no earlier than" cannot back a count of contacts on a day, at night or after a
stop request.

The file's modification time is not a basis: copying a file resets it. A message whose stamp
could only be resolved from it is given a time (for the list), marked ``unknown`` (it is not
counted as a contact), exactly as an item dated only by its file time.

Whether a time is dated is told by its certainty alone (:class:`~.contacts.TimeCertainty`:
``exact`` and ``resolved`` are dated, ``unknown`` is not; :attr:`~.contacts.Contact.timed`,
:attr:`MessageTime.counted`); what it rests on is said, in the reader's language, by
:func:`time_note`.

The chronology, the cover's figures and the findings all take message times from
:func:`message_times`, so a time is treated the same way everywhere.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Protocol

from evidencekit.core.analysis.contacts import TimeCertainty
from evidencekit.core.analysis.timeparse import DATE_RE, TIME_RE, parse_time, resolve_time_label
from evidencekit.core.models import EngineInfo, Item, Message, OcrResult, TimeBasis, TimeRule


class BasisKind(StrEnum):
    """What a relative stamp was resolved from (see the module's order)."""

    EXIF = "exif"
    FILE_NAME = "file_name"
    STAMP = "stamp"  # the latest full stamp on the same screenshot: a lower bound, never counted
    STATEMENT = "statement"  # the person's own date for the exhibit
    FILE_TIME = "file_time"  # the file's modification time: shown, never counted


#: How a basis is named in a time's description, per language.
BASIS_NAMES: dict[BasisKind, dict[str, str]] = {
    BasisKind.EXIF: {"zh-Hans": "截图EXIF时间", "zh-Hant": "截圖EXIF時間", "en": "EXIF"},
    BasisKind.FILE_NAME: {"zh-Hans": "手机文件名中的时间", "zh-Hant": "手機檔名中的時間", "en": "file name"},
    BasisKind.STAMP: {"zh-Hans": "同一截图上最近的完整日期", "zh-Hant": "同一截圖上最近的完整日期",
                      "en": "latest full stamp on the screenshot"},
    BasisKind.STATEMENT: {"zh-Hans": "本人陈述的日期", "zh-Hant": "本人陳述的日期",
                          "en": "the person's statement"},
    BasisKind.FILE_TIME: {"zh-Hans": "文件修改时间（不可靠）", "zh-Hant": "檔案修改時間（不可靠）",
                          "en": "file modification time (unreliable)"},
}


class Screenshot(Protocol):
    """What the times are read from: the item and its reading (``Exhibit``, ``ExhibitInput``)."""

    @property
    def item(self) -> Item: ...

    @property
    def ocr(self) -> OcrResult | None: ...


@dataclass(frozen=True, slots=True)
class Basis:
    """The moment a screenshot was taken, as far as it is known, and what says so.

    Attributes:
        kind: where it comes from.
        at: the moment (naive local time; only the day matters for "今天"/"昨天"/weekdays).
        day_only: only the day is known (a file name or statement without a clock time).
    """

    kind: BasisKind
    at: dt.datetime
    day_only: bool = False

    @property
    def reliable(self) -> bool:
        """Whether it says when the screenshot was taken (not a file time, not a full stamp's
        lower bound): only then is a relative stamp resolved from it ``resolved``."""
        return self.kind not in (BasisKind.FILE_TIME, BasisKind.STAMP)

    def describe(self, label: str = "", lang: str = "en") -> str:
        """"EXIF 2026-11-27 10:00 + '今天 22:41'" (in ``lang`` for the name of the basis)."""
        name = BASIS_NAMES[self.kind].get(lang, BASIS_NAMES[self.kind]["en"])
        at = self.at.strftime("%Y-%m-%d") if self.day_only else self.at.strftime("%Y-%m-%d %H:%M")
        return f"{name} {at}" + (f" + '{label.strip()}'" if label.strip() else "")


@dataclass(frozen=True, slots=True)
class MessageTime:
    """When one message was sent.

    Attributes:
        time: naive local time; None when no stamp could be resolved.
        certainty: ``exact`` (a full stamp), ``resolved`` (a relative stamp and a reliable basis)
            or ``unknown`` (no time, or one resolved from the file's modification time only, or
            the earliest time a full stamp on the screenshot allows).
        basis: the basis of a resolved time (None for an exact one or no time).
        label: the stamp as the phone showed it.
    """

    time: dt.datetime | None
    certainty: TimeCertainty
    basis: Basis | None = None
    label: str = ""

    @property
    def counted(self) -> bool:
        """Whether the time is sure enough for counts and checks (exact or resolved)."""
        return self.time is not None and self.certainty is not TimeCertainty.UNKNOWN

    @property
    def dateless(self) -> bool:
        """Whether the time rests on nothing that dates it (the file's modification time only):
        never shown as a date, never counted (:func:`dateless` for a contact's time)."""
        return (self.certainty is TimeCertainty.UNKNOWN and self.basis is not None
                and self.basis.kind is BasisKind.FILE_TIME)

    def describe(self, lang: str = "en") -> str:
        """What the time rests on, for a reader ("" for an exact time)."""
        return self.basis.describe(self.label, lang) if self.basis is not None else ""


# ------------------------------------------------------------------ the phone's file names

# Screenshot_20261127-223015.png, Screenshot_2026-11-27-22-30-15-123_com.android.mms.jpg,
# IMG_20261127_223015.jpg, 微信图片_20261127223015.jpg, Screenshot 2026-11-27 at 22.30.15.png,
# 截屏2026-11-27 22.30.15.png, Screen Shot 2026-11-27 at 10.30.15 PM.png, 屏幕截图 2026-11-27 223015.png
_NAME_STAMP = re.compile(
    r"(?<!\d)(?P<y>20\d\d)[-_.年]?(?P<mo>0[1-9]|1[0-2])[-_.月]?(?P<d>0[1-9]|[12]\d|3[01])日?"
    r"(?:(?:[-_ T]|\s*at\s*)?(?P<h>[01]\d|2[0-3])[-_.:时]?(?P<mi>[0-5]\d)(?:[-_.:分]?(?P<s>[0-5]\d))?"
    r"(?:\s*(?P<ap>[AaPp][Mm]))?)?(?!\d)"
)
_SHOT_WORDS = re.compile(r"screenshot|screen shot|截屏|截图|截圖|屏幕截图|螢幕截圖|img|微信图片|mmexport|photo", re.I)


def file_name_time(name: str) -> tuple[dt.datetime, bool] | None:
    """The moment in a phone's file name, and whether only the day is in it.

    Only names a phone or a messaging app gives its files count (a screenshot, photo or saved
    image word, or a stamp with a clock time): a date alone in a name the person typed says
    nothing sure about the moment the screenshot was taken.

    Args:
        name: the original file name.

    Returns:
        (moment, day only), or None.
    """
    for m in _NAME_STAMP.finditer(name):
        try:
            day = dt.date(int(m["y"]), int(m["mo"]), int(m["d"]))
        except ValueError:
            continue
        if m["h"] is None:
            if not _SHOT_WORDS.search(name):
                continue
            return dt.datetime.combine(day, dt.time(12, 0)), True
        h = int(m["h"])
        ap = (m["ap"] or "").lower()
        if ap == "pm" and h < 12:
            h += 12
        elif ap == "am" and h == 12:
            h = 0
        try:
            return dt.datetime.combine(day, dt.time(h, int(m["mi"]), int(m["s"] or 0))), False
        except ValueError:
            continue
    return None


# The app a phone names in a screenshot's file name: MIUI's package ("…_com.tencent.mm.png"),
# Samsung's app name ("Screenshot_20261120-211503_WeChat.jpg"). (Not WeChat's "微信图片_…": any
# image saved from a chat, an SMS screenshot forwarded to oneself too.)
_APPS = (("wechat", re.compile(r"com\.tencent\.mm(?![a-z])|(?<![a-z])wechat(?![a-z])", re.I)),
         ("whatsapp", re.compile(r"com\.whatsapp|(?<![a-z])whatsapp(?![a-z])", re.I)),
         ("line", re.compile(r"jp\.naver\.line|_line(?![a-z])", re.I)))


def screenshot_app(name: str) -> str:
    """The messaging app a screenshot's file name says it shows ("wechat", "whatsapp", "line"),
    or "" when it names none (or the phone's SMS app).

    Args:
        name: the original file name.
    """
    return next((app for app, pattern in _APPS if pattern.search(name)), "")


# ------------------------------------------------------------------ stamps


def stamp_kind(label: str) -> str:
    """"full" (the day is written: a date), "relative" (今天, 昨天, a weekday, a bare clock time)
    or "" (not a stamp)."""
    dm = DATE_RE.search(label)
    if dm is not None:
        return "relative" if (dm.group("rel") or dm.group("wd") or dm.group("enwd")) else "full"
    tm = TIME_RE.search(label)
    return "relative" if tm is not None and (tm.group("h") is not None or tm.group("h2") is not None) else ""


def _has_year(label: str) -> bool:
    dm = DATE_RE.search(label)
    return dm is not None and bool(dm.group("y1") or dm.group("y2"))


def _iso(value: str | None) -> dt.datetime | None:
    if not value:
        return None
    try:
        return dt.datetime.fromisoformat(value if "T" in value else value + "T00:00:00")
    except ValueError:
        return None


def screenshot_basis(item: Item, messages: Sequence[Message] = ()) -> Basis | None:
    """The best basis for the relative stamps of one screenshot (see the module's order): a
    reliable one, the latest full stamp (a lower bound), the file's modification time as a last,
    unreliable one, or None."""
    t = parse_time(item.exif_time)
    if t is not None:
        return Basis(BasisKind.EXIF, t)
    named = file_name_time(item.original_name)
    if named is not None:
        return Basis(BasisKind.FILE_NAME, named[0], day_only=named[1])
    # the year of a "11月20日" stamp comes from the file time at worst (the day is on the screen,
    # and a copy is made after the screenshot: a later reference never moves a past day forward)
    year_ref = parse_time(item.file_mtime, item.import_offset) or parse_time(item.event_time, item.import_offset)
    full = [t for m in messages if m.time_label and stamp_kind(m.time_label) == "full"
            and (t := _iso(resolve_time_label(m.time_label, year_ref) if not _has_year(m.time_label)
                           else resolve_time_label(m.time_label, None))) is not None]
    latest = max(full) if full else None
    t = parse_time(item.event_time, item.import_offset)
    if t is not None and (latest is None or t.date() >= latest.date()):
        return Basis(BasisKind.STATEMENT, t, day_only=bool(item.event_time and "T" not in item.event_time))
    if latest is not None:
        return Basis(BasisKind.STAMP, latest, day_only=latest.time() == dt.time(0, 0))
    t = parse_time(item.file_mtime, item.import_offset)
    return Basis(BasisKind.FILE_TIME, t) if t is not None else None


def _clock(label: str) -> dt.time | None:
    """The clock time a stamp shows ("昨天 23:20": 23:20), None when it shows none."""
    t = _iso(resolve_time_label(label, dt.datetime(2000, 1, 10, 12, 0)))
    return t.time() if t is not None and TIME_RE.search(label) else None


def _not_before(label: str, stamp: dt.datetime) -> dt.datetime | None:
    """The earliest time a relative stamp can name on a screenshot whose latest full stamp is
    ``stamp``: taken that day or later, the message no older than the stamp (a phone writes
    relative stamps for newer messages than full ones); None when the label resolves to nothing."""
    first: dt.datetime | None = None
    for days in range(9):  # a weekday is within the week before the screenshot was taken
        ref = dt.datetime.combine(stamp.date() + dt.timedelta(days=days), dt.time(23, 59))
        resolved = resolve_time_label(label, ref)
        t = _iso(resolved) if resolved and "T" in resolved else None
        if t is None:
            return None
        first = first or t
        if t >= stamp:
            return t
    return first


def message_times(ex: Screenshot) -> list[MessageTime]:
    """The time of each message of an exhibit's reading, in message order.

    A message whose label is a full stamp is exact; a relative one is resolved from
    :func:`screenshot_basis`; a message with a time but no label (an older reading, an export)
    keeps it as exact; a message with neither has no time.

    Args:
        ex: the exhibit (its item and reading, corrections applied).

    Returns:
        One :class:`MessageTime` per message (empty without a reading).
    """
    if ex.ocr is None:
        return []
    msgs = ex.ocr.messages
    basis: Basis | None = None
    basis_done = False
    out: list[MessageTime] = []
    day = ""  # the day the last stamp above names: a bare clock time under it is on that day
    clock: dt.time | None = None  # the clock time of the last stamp above
    # the latest lower bound above: a bubble lower on the screen is no older than one above it, so
    # its bound is never earlier ("今天 09:30" under "星期三 10:41" is on the Thursday at the soonest)
    floor: dt.datetime | None = None
    latin = ex.ocr.script == "latin"
    for m in msgs:
        shown = m.time_label or ""
        label = shown
        sep = separator_day(m, latin=latin)
        if sep:
            label = shown = f"{sep} {label}"
        dm = DATE_RE.search(label) if label else None
        now = _clock(label) if label else None
        if dm is not None:
            day = dm.group(0)
        elif label and day and stamp_kind(label):
            if now is not None and clock is not None and now < clock:
                # the clock went back ("07:15" under "昨天 23:20"): a later day than the one above,
                # the bare clock time the phone writes for today's messages
                day = ""
            else:
                label = f"{day} {label}"
        clock = now or clock
        kind = stamp_kind(label) if label else ""
        if not kind:
            t = _iso(m.sent_at) if m.sent_at and "T" in m.sent_at else None
            out.append(MessageTime(t, TimeCertainty.EXACT if t else TimeCertainty.UNKNOWN, None, shown))
            continue
        if not basis_done:
            basis, basis_done = screenshot_basis(ex.item, msgs), True
        if kind == "full":
            ref = None if _has_year(label) else (basis.at if basis is not None else _iso(m.sent_at))
            t = _iso(resolve_time_label(label, ref)) if (ref is not None or _has_year(label)) else None
            if t is not None and "T" in (resolve_time_label(label, ref) or ""):
                out.append(MessageTime(t, TimeCertainty.EXACT, None, shown))
            else:
                out.append(MessageTime(None, TimeCertainty.UNKNOWN, None, shown))
            continue
        if basis is None:
            out.append(MessageTime(None, TimeCertainty.UNKNOWN, None, shown))
            continue
        if basis.kind is BasisKind.STAMP:
            t = _not_before(label, max(basis.at, floor) if floor is not None else basis.at)
            if t is not None:
                floor = max(t, floor) if floor is not None else t
        else:
            resolved = resolve_time_label(label, basis.at)
            t = _iso(resolved) if resolved and "T" in resolved else None
        if t is None:
            out.append(MessageTime(None, TimeCertainty.UNKNOWN, None, shown))
            continue
        cert = TimeCertainty.RESOLVED if basis.reliable else TimeCertainty.UNKNOWN
        out.append(MessageTime(t, cert, basis, label))
    return out


_EN_DAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_ZH_DAYS = "一二三四五六日"
_ZH_RELATIVE = {0: "今天", 1: "昨天", 2: "前天"}
_EN_RELATIVE = {0: "Today", 1: "Yesterday"}


def separator_day(m: Message, *, latin: bool = False) -> str:
    """The day a separator above the message names, when its stamp is a bare clock time: "昨天"
    centred over the bubble, "08:30" under it.

    The reading keeps the stamp as shown ("08:30") and resolved it with the separator's day
    against its own reference (:attr:`Message.time_basis`: the rule says which kind of day it
    was, the reference and the resolved time which day); that day is said again here, as the
    phone wrote it, so that the stamp is read against the best basis with its day ("昨天 08:30"),
    not as a clock time of the screenshot's own day.

    Args:
        m: a message of a reading.
        latin: the screenshot is in English ("Yesterday", "Wed", "Nov 14").

    Returns:
        "昨天", "星期一", "11月14日" (or in English); "" when the stamp names its day or none
        was read from above it.
    """
    label = m.time_label or ""
    tb = m.time_basis
    if not label or tb is None or tb.rule is TimeRule.CLOCK_ONLY or DATE_RE.search(label) \
            or stamp_kind(label) != "relative":
        return ""
    sent, ref = _iso(m.sent_at), _iso(tb.reference)
    if sent is None or ref is None:
        return ""
    if tb.rule is TimeRule.RELATIVE_DAY:
        back = (ref.date() - sent.date()).days
        return (_EN_RELATIVE if latin else _ZH_RELATIVE).get(back, "")
    if tb.rule is TimeRule.WEEKDAY:
        return _EN_DAYS[sent.weekday()] if latin else "星期" + _ZH_DAYS[sent.weekday()]
    if tb.rule is TimeRule.NO_YEAR:
        return sent.strftime("%b ") + str(sent.day) if latin else f"{sent.month}月{sent.day}日"
    return ""


@dataclass(frozen=True, slots=True)
class _Reading:
    """A screenshot's stamps alone, as :func:`message_times` reads them."""

    item: Item
    ocr: OcrResult | None


def first_time(item: Item, stamps: Sequence[tuple[str | None, str | None]
                                          | tuple[str | None, str | None, TimeBasis | None]]) -> MessageTime | None:
    """The time of a screenshot's first message that has one, read as :func:`message_times`
    reads it, for a list of items that has only each reading's stamps (``OcrSummary.stamps``).

    Args:
        item: the screenshot.
        stamps: per message, its stamp as the phone showed it, its time as OCR gave it, and
            (when given) how OCR resolved it (:attr:`Message.time_basis`: the day of a separator
            above a bare clock time, :func:`separator_day`).

    Returns:
        The first message time with a time (possibly :attr:`MessageTime.dateless`), or None.
    """
    if not stamps:
        return None
    msgs = tuple(Message("", time_label=st[0], sent_at=st[1], time_basis=st[2] if len(st) > 2 else None)
                 for st in stamps)
    reading = OcrResult("", EngineInfo("", "", ""), "", "", None, msgs)
    return next((mt for mt in reading_times(item, reading) if mt.time is not None), None)


def reading_times(item: Item, ocr: OcrResult | None) -> list[MessageTime]:
    """:func:`message_times` of one screenshot's reading (the person's corrections applied), for
    a view that has the item and its reading rather than an exhibit."""
    return message_times(_Reading(item, ocr))


def basis_kind(text: str) -> BasisKind | None:
    """The kind of basis a description names (:meth:`Basis.describe` in English, as a contact's
    ``time_basis`` holds it, or a kind's value: "statement", "file_time"); None for another
    ("call log", "SMS export")."""
    for kind, names in BASIS_NAMES.items():
        en = names["en"]
        if text.startswith(en + " ") or text == en or text == kind.value:
            return kind
    return None


def localize_basis(text: str, lang: str) -> str:
    """A basis description (:meth:`Basis.describe` in English) with the name of its basis in
    ``lang``: "EXIF 2026-11-27 10:00 + '今天'" → "截图EXIF时间 2026-11-27 10:00 + '今天'"."""
    kind = basis_kind(text)
    if kind is None:
        return text
    names = BASIS_NAMES[kind]
    rest = text[len(names["en"]):] if text.startswith(names["en"]) else ""
    return names.get(lang, names["en"]) + rest


_DESCRIBED = re.compile(r"^(?P<head>.*?)(?: \+ '(?P<label>.*)')?$", re.S)

#: What a time that is not exact rests on, per certainty (and for a full stamp's lower bound), per
#: language: ``{basis}`` is the basis named in the language, ``{label}`` the stamp as shown.
_NOTES: dict[str, dict[str, tuple[str, str]]] = {
    # (with the phone's stamp, without one)
    "resolved": {"zh-Hans": ("按{basis} 推算“{label}”", "按{basis}"),
                 "zh-Hant": ("按{basis} 推算「{label}」", "按{basis}"),
                 "en": ("“{label}” worked out from {basis}", "worked out from {basis}")},
    "unknown": {"zh-Hans": ("时间不详：仅按{basis} 推算“{label}”", "时间不详：{basis}"),
                "zh-Hant": ("時間不詳：僅按{basis} 推算「{label}」", "時間不詳：{basis}"),
                "en": ("unknown: “{label}” read against {basis} only", "unknown: {basis}")},
    "lower_bound": {"zh-Hans": ("时间不详，不早于此：截图日期不详，按{basis} 推算“{label}”",
                                "时间不详，不早于此：{basis}"),
                    "zh-Hant": ("時間不詳，不早於此：截圖日期不詳，按{basis} 推算「{label}」",
                                "時間不詳，不早於此：{basis}"),
                    "en": ("unknown, no earlier than this: the screenshot's date is unknown; “{label}” read against {basis}",
                           "unknown, no earlier than this: {basis}")},
}
_UNKNOWN_ALONE = {"zh-Hans": "时间不详", "zh-Hant": "時間不詳", "en": "unknown"}
#: The same, in a word, for a narrow column (the chronology's time).
_SHORT: dict[str, dict[str, str]] = {
    "resolved": {"zh-Hans": "推算", "zh-Hant": "推算", "en": "worked out"},
    "unknown": {"zh-Hans": "文件时间", "zh-Hant": "檔案時間", "en": "file time"},
    "lower_bound": {"zh-Hans": "不早于此", "zh-Hant": "不早於此", "en": "no earlier than this"},
}


#: What a time with no date basis is shown as, after the stamp as the phone showed it.
_DATE_UNKNOWN = {"zh-Hans": "日期不详", "zh-Hant": "日期不詳", "en": "date unknown"}


def dateless(certainty: str, basis: str) -> bool:
    """Whether a time rests on nothing that dates it: the file's modification time only (copying a
    file sets it). Such a time is made up; it is never shown as a date
    (:func:`shown_time`), and never counted. A full stamp's lower bound is not dateless: its day is
    on the screen, as "no earlier than"."""
    cert = str(getattr(certainty, "value", certainty))
    m = _DESCRIBED.match(basis.strip())
    return cert == TimeCertainty.UNKNOWN.value and basis_kind(m["head"] if m else basis) is BasisKind.FILE_TIME


def stamp_label(basis: str) -> str:
    """The stamp as the phone showed it, from a basis description ("… + '星期三 下午3:05'" →
    "星期三 下午3:05"); "" when it names none."""
    m = _DESCRIBED.match(basis.strip())
    return (m["label"] or "") if m else ""


def shown_time(time: str, certainty: str, basis: str, lang: str, *, short: bool = False) -> str:
    """A time for a reader, the one way every page, list and finding shows it: a time and what a
    time that is not exact rests on (:func:`time_note`); a time with no date basis
    (:func:`dateless`) never as a date, but as the screen showed it: "星期三 下午3:05（日期不详）",
    "日期不详" without a stamp.

    Args:
        time: the time as text ("2026-11-24 22:41"), "" when there is none.
        certainty: the time's certainty (:class:`~.contacts.TimeCertainty` or its value).
        basis: what it rests on (:meth:`Basis.describe` in English, or a basis kind's value).
        lang: zh-Hans, zh-Hant or en.
        short: a word for the basis of a worked-out time, for a narrow column.
    """
    lang = lang if lang in _DATE_UNKNOWN else "en"
    if dateless(certainty, basis) or not time:
        label = stamp_label(basis)
        if not label:
            return _DATE_UNKNOWN[lang] if dateless(certainty, basis) else _UNKNOWN_ALONE[lang]
        return f"{label}（{_DATE_UNKNOWN[lang]}）" if lang != "en" else f"{label} ({_DATE_UNKNOWN[lang]})"
    return time + time_note(certainty, basis, lang, paren=True, short=short)


def time_note(certainty: str, basis: str, lang: str, *, paren: bool = False, short: bool = False) -> str:
    """What a time that is not exact rests on, for a reader, in ``lang``: the one wording the
    findings, the bundle and the drafts give it.

    ``"resolved", "the person's statement 2026-11-27 10:00 + '今天 09:30'"`` → "按本人陈述的日期
    2026-11-27 10:00 推算“今天 09:30”"; ``"unknown", "file modification time (unreliable) …"`` →
    "时间不详：仅按文件修改时间（不可靠）… 推算…"; a full stamp's lower bound says "不早于此".

    Args:
        certainty: the time's certainty (:class:`~.contacts.TimeCertainty` or its value).
        basis: what it rests on as :meth:`Basis.describe` writes it in English (a contact's
            ``time_basis``, a finding's evidence ``time_basis``), or a basis kind's value.
        lang: zh-Hans, zh-Hant or en.
        paren: in brackets ("（…）", " (…)"), ready to follow the time.
        short: in a word, for a narrow column: "推算", "文件时间" (a file time), "不早于此" (a full
            stamp's lower bound), "时间不详" (nothing to go on).

    Returns:
        The note; "" for an exact time (and for a resolved one without a basis).
    """
    cert = str(getattr(certainty, "value", certainty))
    lang = lang if lang in _UNKNOWN_ALONE else "en"
    basis = basis.strip()
    if cert not in ("resolved", "unknown") or (cert == "resolved" and not basis):
        return ""
    m = _DESCRIBED.match(basis)
    head, label = (m["head"], m["label"]) if m else (basis, None)
    kind = basis_kind(head)
    key = "lower_bound" if cert == "unknown" and kind is BasisKind.STAMP else cert
    if not basis:
        note = _UNKNOWN_ALONE[lang]
    elif short:
        note = _SHORT[key][lang]
    else:
        name = localize_basis(head, lang) if kind is not None else head
        with_label, alone = _NOTES[key][lang]
        note = (with_label if label else alone).format(basis=name, label=label or "")
    if not paren:
        return note
    return f"（{note}）" if lang != "en" else f" ({note})"
