"""What the first two pages of the bundle say about the case: a default exhibit title (证据名称),
a default 证明目的 and the case summary on the cover.

Pure data, in the bundle's language; no reportlab. What the user wrote (``Item.title``,
``Item.proves``) always wins over what is derived here.

Everything here comes from one reading of the case (:mod:`evidencekit.core.analysis.casework`):
each message read by the classifier with its side and the claimant's name, times from the best
basis available (:mod:`~evidencekit.core.analysis.timebasis`), contacts attributed to the
respondents, amounts with their roles. The findings and the drafts read the same analysis, so
the cover, the findings and a complaint say the same numbers. A 证明目的 names only what a label
of that exhibit's own messages shows.

Nothing here masks numbers: a redacted bundle derives these from its masked input
(:func:`.redaction.redact_bundle`). Lines quote no message text, only labels, counts, dates,
amounts, institution names and the senders shown in the screenshots' headers.

Counting: a message counts once even when overlapping screenshots show it twice (the same sender,
time and text in another exhibit); all exhibits that show it are named.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from decimal import Decimal

from evidencekit.core.analysis.addressing import claimant_forms
from evidencekit.core.analysis.amounts import AmountEntry, format_amount
from evidencekit.core.analysis.casework import CaseAnalysis, analyse
from evidencekit.core.analysis.contacts import Channel, Direction, TimeCertainty, received
from evidencekit.core.analysis.figures import CaseFigures, RespondentFigures, message_label_names, own_phone
from evidencekit.core.analysis.media_contacts import case_numbers
from evidencekit.core.analysis.labels import (
    SERIOUS, display_labels, label_name, ordered, screenshot_labels,
)
from evidencekit.core.analysis.parties import (
    institutions, respondent_by_number, same_institution, sender_label, split_sender,
)
from evidencekit.core.analysis.timebasis import BASIS_NAMES, BasisKind, screenshot_app
from evidencekit.core.export import timeline
from evidencekit.core.export.model import BundleInput, ExhibitInput
from evidencekit.core.export.strings import Strings
from evidencekit.core.media.numbers import number_key
from evidencekit.core.models import CaseMeta, Respondent

LIST_MAX = 10  # exhibits or amounts named in one line before "etc."
NAMES_MAX = 6  # senders, institutions or respondents named before "etc."
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
# a date in a file name: call-2026-11-20.m4a, Recording_20261120_101500.m4a, 录音2026年11月20日.amr
_NAME_DATE = re.compile(r"(?<!\d)(20\d\d)([-_.年]?)(0[1-9]|1[0-2])\2(0[1-9]|[12]\d|3[01])(?!\d)")
_LONG_DIGITS = re.compile(r"\d{5,}")
# adds one line to the summary: key, label, value, exhibits, alert
_LineFn = Callable[[str, str, str, Iterable[str], bool], None]


@dataclass(frozen=True)
class SummaryLine:
    """One line of the case summary.

    Attributes:
        key: what it is about: a label name (``threat_third_party``...) or one of ``night``,
            ``period``, ``peak``, ``amounts``, ``senders``, ``institutions``.
        label: the line's name, e.g. "威胁告知第三人" (the left column of a two-column table).
        value: e.g. "5 条（证据2、3、6、10）".
        text: label and value as one sentence: "威胁告知第三人：5 条（证据2、3、6、10）".
        exhibits: the exhibit numbers the line refers to, in bundle order.
        alert: conduct a complaint is about (threats, a misdirected notice, night contacts):
            the layout may set it apart.
    """

    key: str
    label: str
    value: str
    text: str
    exhibits: tuple[str, ...] = ()
    alert: bool = False


@dataclass(frozen=True)
class CaseSummary:
    """The facts of the case in a few lines, for the cover."""

    heading: str
    lines: tuple[SummaryLine, ...]

    @property
    def empty(self) -> bool:
        return not self.lines

    def rows(self) -> list[tuple[str, str]]:
        """(label, value) pairs, for a two-column table."""
        return [(ln.label, ln.value) for ln in self.lines]


# ------------------------------------------------------------------ labels


def exhibit_labels(ex: ExhibitInput, *, claimant_name: str = "") -> tuple[str, ...]:
    """The labels of an exhibit (:func:`~evidencekit.core.analysis.labels.screenshot_labels`
    of its messages, read as a thread, with whose phone it was received on): its received
    messages' and ``possibly_misdirected`` also when the claimant's own reply there says so
    ("我不是…", "发错了")."""
    if ex.ocr is None:
        return ()
    return screenshot_labels([(m.text, m.side) for m in ex.ocr.messages], claimant_name, ex.item.received_by)


# ------------------------------------------------------------------ one exhibit


def exhibit_title(ex: ExhibitInput, s: Strings) -> str:
    """证据名称: the user's title, else one derived from the exhibit, else the file name.

    A screenshot with messages: "短信截图：95188，11-25 至 11-28，5 条" (the sender shown in the
    header, or the institution the messages sign with or name, never a payee's bank; the days
    of the messages whose time is sure; how many).
    A recording: "通话录音 2026-11-20，4.1 秒" (the day from the item's date, EXIF or the file
    name: never from the file's modification time, which copying changes).
    An SMS or call-log export: "通话记录导出：17123456789 等，13 条，11-20 至 11-25" (the number
    with the most records, "等" when there are others; how many records; the days they span).

    Args:
        ex: the exhibit.
        s: the bundle's strings.

    Returns:
        The title (masked when ``ex`` is, see :func:`.redaction.redact_bundle`).
    """
    it = ex.item
    if it.title.strip():
        return it.title
    if it.kind == "image" and ex.ocr is not None and ex.ocr.messages:
        return _sms_title(ex, s)
    if it.kind in ("audio", "video"):
        derived = _recording_title(ex, s)
        if derived:
            return derived
    if ex.media is not None and ex.media.export is not None and ex.media.records:
        return _export_title(ex, s)
    return it.original_name


def exhibit_proves(ex: ExhibitInput, s: Strings, *, claimant_name: str = "",
                   analysis: CaseAnalysis | None = None) -> str:
    """证明目的: the user's text, else what the labels of the exhibit's own messages show.

    Threats, insults, impersonation and a misdirected notice are named alone when present
    ("证明对方以告知第三人相威胁；证明对方威胁起诉"); otherwise what kind of messages they are
    ("证明对方发送营销短信"). An exhibit whose messages carry no label claims nothing: "the
    messages the sender sent" (a recording: "what was said in the call").

    An export's messages are those of the case (``analysis``: its records from the case's
    numbers, read by the classifier as the cover reads them); its calls are described by what
    the log shows ("证明来电的时间及接听情况：来电 13 次，其中未接或拒接 11 次、夜间 2 次"), never
    by what they may breach.

    Args:
        ex: the exhibit.
        s: the bundle's strings.
        claimant_name: the phone owner's name.
        analysis: the case's analysis (an export's records are described only with it).
    """
    if ex.item.proves.strip():
        return ex.item.proves
    shown = _shown_proves(ex, s, claimant_name, analysis)
    paid = _paid_proves(ex, s, analysis) if analysis is not None else []
    if not paid:
        return shown
    if shown in (s("sum.proves.messages"), s("default_proves")):
        shown = ""  # "the messages the sender sent" says nothing a receipt's purpose does not
    # "证明对方确认已收到还款" says less than the receipt's own purpose, which names the sum and the day
    sep = s("sum.item_sep")
    shown = sep.join(p for p in shown.split(sep) if p and p != s("sum.proves.repayment_confirmed"))
    parts = [p for p in (shown, *paid) if p]
    if not s.is_cjk:
        parts = parts[:1] + [p[:1].lower() + p[1:] for p in parts[1:]]
    return sep.join(parts)


def _shown_proves(ex: ExhibitInput, s: Strings, claimant_name: str, analysis: CaseAnalysis | None) -> str:
    export = ex.media is not None and ex.media.export is not None
    if export and analysis is not None:
        return _export_proves(ex, s, analysis)
    if analysis is not None and ex.item.received_by.strip():
        # the person said whose phone it was received on: that decides whether its messages told a
        # third party (figures.as_received), as the case's readings hold it
        names = ordered({n for c, r in analysis.messages_of(ex.number)
                         if r is not None and not r.from_claimant and c.direction is Direction.IN
                         for n in display_labels(message_label_names(r))})
        return _label_proves(ex, s, names)
    # as the case reads them: with every name the person is addressed by
    names = exhibit_labels(ex, claimant_name=claimant_forms(analysis.meta) if analysis is not None else claimant_name)
    return _label_proves(ex, s, names)


def _paid_proves(ex: ExhibitInput, s: Strings, a: CaseAnalysis) -> list[str]:
    """"证明本人已于2026-11-18还款¥3,860.00、对方确认结清": a receipt the exhibit shows (a received
    message confirming a payment the cover lists as paid), whatever threats sit beside it."""
    out: list[str] = []
    for p in a.figures.payments():
        if ex.number not in p.receipts:
            continue
        key = "sum.proves.paid" + ("_on" if p.day else "") + ("_settled" if p.settled else "")
        text = s(key, date=p.day, amount=format_amount(p.value, p.currency))
        if text not in out:
            out.append(text)
    return out


def _label_proves(ex: ExhibitInput, s: Strings, names: Sequence[str]) -> str:
    """What labels show, as a 证明目的 (the serious ones alone when there are any)."""
    chosen = [n for n in names if n in SERIOUS] or list(names)
    phrases: list[str] = []
    for n in chosen:
        key = f"sum.proves.{n}"
        text = s(key)
        if text != key and text not in phrases:
            phrases.append(text)
    if not phrases:
        if (ex.ocr is not None and ex.ocr.messages) or (ex.media is not None and ex.media.export is not None):
            return s("sum.proves.messages")
        if ex.item.kind in ("audio", "video"):
            return s("sum.proves.recording")
        return s("default_proves")
    if not s.is_cjk:  # "Shows …; shows …"
        phrases = phrases[:1] + [p[:1].lower() + p[1:] for p in phrases[1:]]
    return s("sum.item_sep").join(phrases)


def _export_proves(ex: ExhibitInput, s: Strings, a: CaseAnalysis) -> str:
    """An export's 证明目的 from the case's contacts it holds: the labels of its messages (as a
    screenshot's: the received ones', and a mis-sent notice the person's reply points out), and
    what its calls show."""
    names: set[str] = set()
    calls: list[int] = []
    has_messages = False
    for i, c in enumerate(a.contacts):
        if c.source.exhibit != ex.number or c.source.row is None:
            continue
        if c.channel is Channel.CALL:
            if received(c):
                calls.append(i)
            continue
        has_messages = True
        r = a.readings.get(i)
        if r is None:
            continue
        if not r.from_claimant:
            names.update(display_labels(message_label_names(r)))
        elif "possibly_misdirected" in r.label_names:
            names.add("possibly_misdirected")
    parts: list[str] = []
    if has_messages or not calls:
        parts.append(_label_proves(ex, s, ordered(names)))
    if calls:
        parts.append(_calls_proves(a, calls, s))
    if not s.is_cjk and len(parts) > 1:
        parts = parts[:1] + [p[:1].lower() + p[1:] for p in parts[1:]]
    return s("sum.item_sep").join(parts)


def _calls_proves(a: CaseAnalysis, calls: Sequence[int], s: Strings) -> str:
    """"证明来电的时间及接听情况：来电 13 次，其中未接或拒接 11 次、夜间（22:00–08:00）2 次、
    2026-11-24 一日 10 次": counts of the calls received, nothing said of what they breach."""
    cs = [a.contacts[i] for i in calls]
    timed = [c for c in cs if c.timed and c.time is not None]
    night = a.figures.night_window
    details = [_plural(s, "sum.proves.calls_n", len(cs), n=len(cs))]
    extra: list[str] = []
    unanswered = sum(c.unanswered for c in cs)
    if unanswered:
        extra.append(s("sum.proves.calls_unanswered", n=unanswered))
    at_night = sum(night.contains(c.time) for c in timed if c.time is not None)
    if at_night:
        extra.append(s("sum.proves.calls_night", n=at_night, hours=night.text()))
    per_day = Counter(c.time.date() for c in timed if c.time is not None)
    if len(per_day) > 1:
        day, n = max(per_day.items(), key=lambda x: (x[1], -x[0].toordinal()))
        if n > 1:
            extra.append(s("sum.proves.calls_day", n=n, day=day.isoformat()))
    if extra:
        details.append(s("sum.proves.calls_of", list=s("sum.list_sep").join(extra)))
    return s("sum.proves.calls", details=s("sum.sep").join(details))


def _export_title(ex: ExhibitInput, s: Strings) -> str:
    """"通话记录导出：17123456789 等，13 条，11-20 至 11-25", "短信导出：…"."""
    assert ex.media is not None
    records = ex.media.records
    calls = sum(r.is_call for r in records)
    kind = "export_calls" if calls == len(records) else "export_sms" if not calls else "export_mixed"
    numbers = Counter(_norm(r.number) for r in records if r.number.strip())
    parts: list[str] = []
    if numbers:
        top = numbers.most_common(1)[0][0]
        parts.append(s("sum.and_others", name=top) if len(numbers) > 1 else top)
    unit = "sum.n_calls" if kind == "export_calls" else "sum.n_messages" if kind == "export_sms" else "sum.n_records"
    parts.append(_plural(s, unit, len(records), n=len(records)))
    days = sorted({t.date() for r in records if (t := timeline.parse_time(r.time)) is not None})
    if days:
        parts.append(_day_range(days[0], days[-1], s))
    return s("sum.title", kind=s(f"sum.kind.{kind}"), details=s("sum.sep").join(parts))


def _sms_title(ex: ExhibitInput, s: Strings) -> str:
    assert ex.ocr is not None
    parts: list[str] = []
    who = _norm(ex.ocr.sender or "") or _main_institution(ex)
    if who:
        parts.append(who)
    # the messages' own days; a file name's day is when the screenshot was taken, not when they came
    days = sorted({e.when.date() for e in timeline.events([ex]) if not e.file_time and not e.screenshot})
    parts.append(_day_range(days[0], days[-1], s) if days else s("sum.days_unknown"))
    n = len(ex.ocr.messages)
    parts.append(_plural(s, "sum.n_messages", n, n=n))
    app = screenshot_app(ex.item.original_name)  # "微信聊天截图" for WeChat's, not an SMS screenshot
    return s("sum.title", kind=s(f"sum.kind.{app}" if app else "sum.kind.sms"), details=s("sum.sep").join(parts))


def _recording_title(ex: ExhibitInput, s: Strings) -> str:
    it = ex.item
    days = _known_days(ex)
    dur = _duration(it.duration_s, s) if it.duration_s is not None and it.duration_s > 0 else ""
    if not days and not dur:
        return ""
    kind = s(f"sum.kind.{it.kind}")
    head = s("sum.kind_date", kind=kind, date=_full_day(days[0], s)) if days else kind
    return s("sum.sep").join([head, dur] if dur else [head])


def _known_days(ex: ExhibitInput) -> list[dt.date]:
    """The days the exhibit is reliably dated by (its messages, the user's date, EXIF), else the
    day in its file name; never the file's modification time."""
    days = sorted({e.when.date() for e in timeline.events([ex]) if not e.file_time})
    if days:
        return days
    d = _name_date(ex.item.original_name)
    return [d] if d else []


def _name_date(name: str) -> dt.date | None:
    for m in _NAME_DATE.finditer(name):
        try:
            return dt.date(int(m.group(1)), int(m.group(3)), int(m.group(4)))
        except ValueError:
            continue
    return None


def _main_institution(ex: ExhibitInput) -> str:
    """The institution the received messages sign with most (【招联金融】), else the one they
    name most; never a payee's bank, never a fragment of a sentence."""
    assert ex.ocr is not None
    signed: Counter[str] = Counter()
    named: Counter[str] = Counter()
    for m in ex.ocr.messages:
        if m.side == "out":
            continue
        for found in institutions(m.text):
            if found.payee or _LONG_DIGITS.search(found.name):
                continue
            (signed if found.signature else named)[found.name] += 1
    best = signed or named
    return best.most_common(1)[0][0] if best else ""  # ties: the first named (Counter keeps order)


def _duration(seconds: float, s: Strings) -> str:
    if seconds < 59.95:
        return s("sum.seconds", s=f"{seconds:.1f}")
    m, sec = divmod(round(seconds), 60)
    return s("sum.minutes", m=m, s=sec)


def _day_range(first: dt.date, last: dt.date, s: Strings) -> str:
    """Days without the year unless they span two ("11-25 至 11-28", "25–28 Nov")."""
    if s.is_cjk:
        fmt = "%m-%d" if first.year == last.year else "%Y-%m-%d"
        a, b = first.strftime(fmt), last.strftime(fmt)
    elif first.year != last.year:
        a, b = _en_day(first, year=True), _en_day(last, year=True)
    elif first.month != last.month:
        a, b = _en_day(first), _en_day(last)
    else:
        a, b = str(first.day), _en_day(last)
    if first == last:
        return b
    return s("sum.range", start=a, end=b)


def _full_day(d: dt.date, s: Strings) -> str:
    return d.isoformat() if s.is_cjk else _en_day(d, year=True)


def _en_day(d: dt.date, *, year: bool = False) -> str:
    return f"{d.day} {_MONTHS[d.month - 1]}" + (f" {d.year}" if year else "")


# ------------------------------------------------------------------ the case


def analysis_of(bundle: BundleInput) -> CaseAnalysis:
    """The analysis of a bundle's case (its exhibits as the bundle shows them, its settings and
    rule set): what the cover, the findings section and the drafts are made from."""
    return analyse(bundle.exhibits, bundle.meta, bundle.settings, ruleset=bundle.ruleset)


def case_summary(bundle: BundleInput, s: Strings, analysis: CaseAnalysis | None = None) -> CaseSummary:
    """The case in a few lines for the cover.

    Lines, each only when there is something to say: messages with threats, then per kind of
    threat and per label how many received messages carry it and in which exhibits (each
    message once); the person's own replies saying the messages are not for them; contacts at
    night (the rule set's quiet hours); contacts after the request to stop (when the case names
    its respondents: from any number, how many each sender made, and how many of them the
    request concerns when fewer; else from whom it went to); the period and number of contacts;
    the busiest day and the most from one number in a day; per respondent what they did; how relative times were resolved, and the contacts whose
    time is not sure (listed, not counted); the amounts demanded per lender and currency (the
    latest and every figure in turn), their total per currency, payments, and other people's
    debts in mis-sent notices; the senders; the institutions the messages name (never a
    payee's bank).

    Args:
        bundle: the bundle input.
        s: the bundle's strings.
        analysis: the case's analysis (made from ``bundle`` when not given).

    Returns:
        The summary (masked when ``bundle`` is).
    """
    a = analysis or analysis_of(bundle)
    f = a.figures
    order = {ex.number: i for i, ex in enumerate(bundle.exhibits)}
    lines: list[SummaryLine] = []

    def refs(idx: Sequence[int]) -> tuple[str, ...]:
        return tuple(sorted(f.exhibits(idx), key=lambda n: order.get(n, len(order))))

    def line(key: str, label: str, value: str, exhibits: Iterable[str] = (), alert: bool = False) -> None:
        ex = tuple(sorted(set(exhibits), key=lambda n: order.get(n, len(order))))
        lines.append(SummaryLine(key, label, value, s("sum.line", label=label, value=value), ex, alert))

    def counted(key: str, label: str, idx: Sequence[int], alert: bool, unit: str = "sum.n_messages") -> None:
        ex = refs(idx)
        line(key, label, _plural(s, unit, len(idx), n=len(idx)) + (_refs(ex, s, order) if ex else ""), ex, alert)

    low_threats = set(f.low_threats)

    def threats(key: str, label: str, idx: Sequence[int]) -> None:
        # the messages whose every threat the findings rate low (a lender's routine "to avoid
        # further action") are no threat counted: said apart after the count, as the drafts do
        low = [i for i in idx if i in low_threats]
        sure = [i for i in idx if i not in low_threats]
        if not sure:
            ex = refs(low)
            line(key, label, _plural(s, "sum.n_messages", len(low), n=len(low)) + (_refs(ex, s, order) if ex else "")
                 + s("sum.low_only"), ex, False)
            return
        ex = refs(sure)
        more = s("sum.low_more", n=len(low)) if low else ""
        line(key, label, _plural(s, "sum.n_messages", len(sure), n=len(sure)) + (_refs(ex, s, order) if ex else "")
             + more, ex, True)

    # per label: received messages, each once; threats first, in all and per kind
    labels = f.labels
    threat_idx = labels.get("threat", ())
    if threat_idx:
        threats("threats", s("label.threats"), threat_idx)
    shown: dict[str, list[int]] = {}
    for i in sorted({i for v in labels.values() for i in v}):
        r = a.readings.get(i)
        if r is not None:
            for n in display_labels(message_label_names(r)):
                shown.setdefault(n, []).append(i)
    for n in ordered(shown):
        if n.startswith("threat"):
            threats(n, label_name(n, s), shown[n])
        else:
            counted(n, label_name(n, s), shown[n], n in SERIOUS)
    not_me = f.replies.get("possibly_misdirected", ())
    if not_me:
        counted("reply_not_me", s("label.reply_not_me"), not_me, True)

    if f.per_day:
        hours = f.night_window.text()
        counted("night", s("sum.night", hours=hours), f.night, bool(f.night), "sum.n_contacts")
    stop = a.stop
    if stop is not None and f.per_day:
        when, basis = stop
        basis_text = (s("exhibit", n=basis.removeprefix("exhibit ")) if basis.startswith("exhibit ")
                      else basis if a.settings.stop_basis else s("sum.stop_setting"))
        if not s.is_cjk:
            basis_text = basis_text[:1].lower() + basis_text[1:]  # "(exhibit 3)" inside a sentence
        to = _norm(next((t for w, b, t in a.stops if (w, b) == (when, basis)), ""))
        concerned = f.after_stop
        anyone = f.after_stop_any or concerned
        # the person's other requests (each sender is held to its own: the findings, the counts)
        also = "".join(s("sum.stop_also", stop=t.strftime("%Y-%m-%d %H:%M"), to=other_to,
                         basis=s("exhibit", n=b.removeprefix("exhibit ")) if b.startswith("exhibit ") else b)
                       for t, b, other_to in a.stops if (t, b) != (when, basis) and other_to.strip())
        if f.after_stop_everyone:
            # the case names its respondents: every contact after the request, from any number,
            # and how many each sender made; then how many of them the request concerns (the
            # lender it went to, or the one the collector it went to acts for, and those acting
            # for it), when that is fewer. Without respondents, which of a phone's many senders
            # belong to the dispute is not known: only those it was made to are counted.
            ex = refs(anyone)
            count = _plural(s, "sum.n_contacts", len(anyone), n=len(anyone))
            per = Counter(sender_label(a.contacts[i].counterpart, a.contacts[i].respondent) for i in anyone)
            by = s("sum.list_sep").join(s("sum.after_stop_by_item", name=name, n=n) for name, n in per.items())
            part = ""
            if set(anyone) != set(concerned):
                whose = Counter(sender_label(a.contacts[i].counterpart, a.contacts[i].respondent) for i in concerned)
                part = s("sum.after_stop_concerned", n=len(concerned), names=s("sum.list_sep").join(whose) or to or "?")
            line("after_stop", s("sum.after_stop_all"), s(
                "sum.after_stop_all_value", stop=when.strftime("%Y-%m-%d %H:%M"), basis=basis_text,
                to=s("sum.stop_made_to", to=to) if to else "", count=count, refs=_refs(ex, s, order) if ex else "",
                by=s("sum.after_stop_by", list=by) if len(per) > 1 else "") + part + also, ex, alert=bool(anyone))
        else:
            ex = refs(concerned)
            count = _plural(s, "sum.n_contacts", len(concerned), n=len(concerned))
            line("after_stop", s("sum.after_stop"), s(
                "sum.after_stop_value", stop=when.strftime("%Y-%m-%d %H:%M"), basis=basis_text,
                to=s("sum.stop_to", to=to) if to else "", count=count,
                refs=_refs(ex, s, order) if ex else "") + also, ex, alert=bool(concerned))
    if f.per_day:
        first, last = f.per_day[0][0], f.per_day[-1][0]
        span = first.isoformat() if first == last else s("sum.range_days", start=first.isoformat(),
                                                            end=last.isoformat(), days=len(f.per_day))
        line("period", s("sum.period"), span + s("sum.sep") + _plural(s, "sum.total_contacts", f.total, n=f.total))
        busy = [d for d in f.per_day if d[1] + d[2]]
        peak = f.busiest_day()
        if len(busy) > 1 and peak is not None:
            line("peak", s("sum.peak"), s("sum.peak_value", count=_plural(s, "sum.n_contacts", peak[1], n=peak[1]),
                                          day=peak[0].isoformat()))
        top = f.busiest_number()
        if top is not None and top[1] > 1 and len(f.per_number_day) > 1:
            line("peak_number", s("sum.peak_number"), s(
                "sum.peak_number_value", count=_plural(s, "sum.n_contacts", top[1], n=top[1]),
                number=f.number_shown.get(top[0], top[0]),
                days=s("sum.list_sep").join(d.isoformat() for d in top[2])))
    _call_lines(a, s, order, line)
    _respondent_lines(a, s, order, line)
    _time_lines(a, s, order, line)
    _amount_lines(a, s, order, line)

    # the screenshots' headers, then the numbers of exported messages counted as the case's, then
    # those that called (a collector's landline that only ever called is one of them, as in the
    # table by sender)
    exported = [_norm(c.counterpart) for c in a.contacts
                if c.source.row is not None and c.channel.value != "call" and c.direction.value == "in"]
    callers = [_norm(c.counterpart) for c in a.contacts if c.is_call and c.direction.value == "in"]
    # each line once however it is shown ("安逸花 95188 8001" on a screenshot, 95188 in an export)
    by_key: dict[str, str] = {}
    # (not a saved contact's name heading a screenshot whose messages are all the export's: the
    # export's number says who sent them)
    own = {c.source.exhibit for c in a.contacts}
    headers = [_norm(ex.ocr.sender) for ex in bundle.exhibits if ex.ocr and ex.ocr.sender
               and (ex.number in own or any(ch.isdigit() for ch in ex.ocr.sender))]
    for x in (*headers, *exported):
        if x:
            by_key.setdefault(number_key(x), x)
    texting = len(by_key)
    for x in callers:
        if x:
            by_key.setdefault(number_key(x), x)
    # a number the person gave as a respondent's is named with it, and said to be their word
    # (the attribution takes it over any wording: parties.sender_respondent)
    senders = [_given_sender(_sender_shown(x), bundle.meta.respondents, s) for x in by_key.values()]
    if senders:
        label = s("sum.senders") if len(senders) == texting else s("sum.senders_callers")
        line("senders", label, s("sum.senders_value", n=len(senders),
                                 list=_capped(senders, s, s("sum.list_sep"), NAMES_MAX)))
    # each institution once (its short and full names as one: the full one), and one only messages
    # posing as it name (a court, the police) said to be so
    named: list[tuple[str, bool]] = []  # (name, named only by messages that impersonate), first named first
    for i, c in enumerate(a.contacts):
        r = a.readings.get(i)
        if c.direction.value == "in" and r is not None:
            posing = "impersonation" in r.label_names
            for m in institutions(c.text):
                if m.payee or _LONG_DIGITS.search(m.name):
                    continue
                at = next((k for k, (n, _) in enumerate(named) if same_institution(n, m.name)), None)
                if at is None:
                    named.append((m.name, posing))
                else:
                    n, only = named[at]
                    named[at] = (m.name if len(m.name) > len(n) else n, only and posing)
    if named:
        names = [n + (s("sum.impersonated") if only else "") for n, only in named]
        line("institutions", s("sum.institutions"), _capped(names, s, s("sum.list_sep"), NAMES_MAX))
    return CaseSummary(s("sum.heading"), tuple(lines))


def _sender_shown(sender: str) -> str:
    """A sender line as the cover names it: a number shown with the place the phone says it is
    from ("171 5678 1234 江苏苏州") is the number alone (:func:`~.parties.split_sender`)."""
    name, number = split_sender(sender)
    return number if number and not name else sender


def _given_sender(sender: str, respondents: Sequence[Respondent], s: Strings) -> str:
    """A sender line, with the respondent whose number the person says it is."""
    name, number = split_sender(sender)
    whose = respondent_by_number(number or sender, [r for r in respondents if r.numbers])
    if not whose or (name and same_institution(name, whose)):  # the header names it already
        return sender
    return s("sum.sender_given", sender=sender, name=whose)


def respondents_line(meta: CaseMeta, s: Strings) -> str:
    """The cover's 被投诉方: each respondent with the numbers the person gave as its own, said to
    be their word ("鼎诚资产（021 8000 1234，号码由当事人提供）"); "" when the case names none."""
    if s.is_cjk:
        return "；".join(r.name + (f"（{', '.join(r.numbers)}，{s('numbers_given')}）" if r.numbers else "")
                        for r in meta.respondents)
    return "; ".join(r.name + (f" ({', '.join(r.numbers)}; {s('numbers_given')})" if r.numbers else "")
                     for r in meta.respondents)


def exhibit_source(ex: ExhibitInput, s: Strings) -> str:
    """证据来源: where the person says the exhibit came from ("提交人提供" when they did not say),
    and whose phone it was received on when they said so ("（接收人：黄小姐 (同事)）"; the
    claimant's own: "（接收人：本人）")."""
    it = ex.item
    source = it.source or s("default_source")
    if it.received_by.strip():
        who = s("source_received_own") if own_phone(it.received_by) else it.received_by
        source += s("source_received_by", who=who)
    return source


def _call_lines(a: CaseAnalysis, s: Strings, order: Mapping[str, int], line: _LineFn) -> None:
    """Calls received (call logs and recordings): how many, unanswered, at night (the rule set's
    quiet hours), and the most from one number in one day."""
    f = a.figures
    cc = f.call_counts()
    calls = cc.calls
    if not calls:
        return
    ex = tuple(sorted(f.exhibits(calls), key=lambda n: order.get(n, len(order))))
    line("calls", s("sum.calls"), s("sum.calls_value", n=len(calls), missed=cc.unanswered, night=cc.night)
         + _refs(ex, s, order), ex, cc.night > 0)
    per: Counter[tuple[dt.date, str]] = Counter(
        (t.date(), _norm(a.contacts[i].counterpart)) for i in calls if (t := a.contacts[i].time) is not None)
    if per:
        (day, number), peak = min(per.items(), key=lambda kv: (-kv[1], kv[0][0], kv[0][1]))
        if peak > 1:
            line("calls_peak", s("sum.calls_peak"), s("sum.calls_peak_value", n=peak, number=number or "?",
                                                      day=day.isoformat()), (), peak > 3)


def sender_rows(f: CaseFigures) -> list[tuple[RespondentFigures, int]]:
    """Every sender (a respondent, else the sender line) with a contact, most contacts first,
    and how many of its contacts are of unsure time (not counted): one whose contacts are all
    such comes last. None is left off: the cover's table and lines list them all.

    Args:
        f: the case's figures.

    Returns:
        (the sender's figures, its contacts of unsure time) pairs.
    """
    untimed = Counter(sender_label(f.contacts[i].counterpart, f.contacts[i].respondent) for i in f.untimed)
    rows = [(r, untimed.pop(r.name, 0)) for r in f.respondents]
    rows = [(r, n) for r, n in rows if r.contacts or n]
    # a sender whose only contacts are of unsure time and carry no label is in no figures row
    rows += [(RespondentFigures(name, exhibits=f.exhibits([i for i in f.untimed if sender_label(
        f.contacts[i].counterpart, f.contacts[i].respondent) == name])), n) for name, n in untimed.items() if n]
    return rows


def _respondent_lines(a: CaseAnalysis, s: Strings, order: Mapping[str, int], line: _LineFn) -> None:
    shown = sender_rows(a.figures)
    for r, untimed in shown:
        after = s("sum.respondent_after", n=r.after_stop) if r.after_stop else ""
        count = _plural(s, "sum.n_contacts", r.contacts, n=r.contacts) + (s("r_untimed", n=untimed) if untimed else "")
        value = s("sum.respondent_value", count=count,
                  night=r.night, threats=r.threats, after=after, refs=_refs(r.exhibits, s, order))
        line("respondent", r.name or s("sum.unknown_sender"), value, r.exhibits, False)


def _time_lines(a: CaseAnalysis, s: Strings, order: Mapping[str, int], line: _LineFn) -> None:
    f = a.figures
    resolved = [i for i in f.received if a.contacts[i].certainty is TimeCertainty.RESOLVED]
    if resolved:
        kinds: dict[str, list[int]] = {}
        for i in resolved:
            basis = a.contacts[i].time_basis
            # described ("EXIF 2026-11-27 10:00 + '今天'") or named by its kind alone ("statement":
            # a recording the person dated)
            kind = next((k for k in BasisKind if basis == k.value or basis.startswith(BASIS_NAMES[k]["en"])), None)
            if kind is BasisKind.STATEMENT and a.contacts[i].extra.get("item"):
                name = s("basis.item_statement")  # a recording or document the person dated: no screenshot
            else:
                name = BASIS_NAMES[kind][s.lang] if kind is not None else (basis.split(" ")[0] or "?")
            kinds.setdefault(name, []).append(i)
        bases = s("sum.item_sep").join(
            name + _refs(f.exhibits(idx), s, order) for name, idx in kinds.items())
        line("times", s("sum.times"), s("sum.times_value", count=_plural(s, "sum.n_messages", len(resolved),
                                                                          n=len(resolved)), bases=bases),
             f.exhibits(resolved), False)
    if f.untimed:
        ex = f.exhibits(f.untimed)
        line("untimed", s("sum.untimed"), s("sum.untimed_value", count=_plural(s, "sum.n_contacts", len(f.untimed),
                                                                                n=len(f.untimed)),
                                            refs=_refs(ex, s, order)), ex, False)


def amount_lines(a: CaseAnalysis, s: Strings, order: Mapping[str, int]) -> list[tuple[str, str]]:
    """The cover's lines on money, (label, value) each: the amounts demanded per lender and
    currency, their total, sums demanded again unchanged after a payment, payments, other
    people's debts in notices meant for them; exhibits as ``order`` numbers them. The lawyer's
    brief states them as the cover does.

    Args:
        a: the case's analysis.
        s: the reader's strings.
        order: each exhibit number's place in the bundle.
    """
    out: list[tuple[str, str]] = []

    def line(key: str, label: str, value: str, exhibits: Iterable[str] = (), alert: bool = False) -> None:
        out.append((label, value))

    _amount_lines(a, s, order, line)
    return out


def _amount_lines(a: CaseAnalysis, s: Strings, order: Mapping[str, int], line: _LineFn) -> None:
    f = a.figures
    sep = s("sum.item_sep")
    if f.demanded:
        items = []
        for d in f.demanded:
            # who demanded each sum: the lender's own, then each collector's (or an unlisted
            # number's) apart, named with the lender whose debt it presses
            for p in d.parties:
                amount = format_amount(p.latest, d.currency)
                if len(p.distinct) > 1:
                    amount = s("sum.amount_latest", amount=amount, all=s("sum.list_sep").join(
                        format_amount(v, d.currency) for v in p.distinct))
                items.append(s("sum.amount_item", lender=demander(d.lender, p.by, s), amount=amount,
                               refs=_refs(p.exhibits, s, order)))
        line("amounts", s("sum.amounts"), _capped(items, s, sep), {e for d in f.demanded for e in d.exhibits}, False)
        _demand_total(a, s, order, line)
        _unreduced(a, s, order, line)
    if f.paid:
        items = [s("sum.paid_item_on" if p.day else "sum.amount_item", lender=p.lender or s("sum.unknown_sender"),
                   amount=format_amount(p.value, p.currency), date=p.day, refs=_refs(p.shown, s, order))
                 for p in a.figures.payments()]
        line("paid", s("sum.paid"), _capped(items, s, sep), {e.exhibit for e in f.paid}, False)
    if f.third_party:
        # one debt once, however many notices repeat it, with every exhibit that shows it
        debts: dict[tuple[str, Decimal, str | None], tuple[list[str], list[str]]] = {}
        for e in f.third_party:
            names, shown_in = debts.setdefault((e.lender, e.amount.amount.value, e.amount.amount.currency), ([], []))
            r = a.reading_of(e)
            names.extend(n for n in (r.names_other if r is not None else ()) if n not in names)
            if e.exhibit not in shown_in:
                shown_in.append(e.exhibit)
        items = [s("sum.third_party_item", lender=lender or s("sum.unknown_sender"),
                   names=s("sum.list_sep").join(names) if names else "?", amount=format_amount(value, currency),
                   refs=_refs(shown_in, s, order)) for (lender, value, currency), (names, shown_in) in debts.items()]
        line("third_party", s("sum.third_party"), _capped(items, s, sep), {e.exhibit for e in f.third_party}, False)


def _demand_total(a: CaseAnalysis, s: Strings, order: Mapping[str, int], line: _LineFn) -> None:
    """What is asked, per lender and currency: each party's latest demand of that lender's debt
    (the lender's own, a collector's, an unlisted number's: :attr:`Demand.parties`), a figure two
    of them repeat said once, left out when the cover lists that same figure as paid when or after
    it was asked (the receipt of the instalment it asked for: :attr:`PartyDemand.settled`).
    Different creditors' debts are never added up into one figure, and the line says so. Said
    when there is more than one demand, or one was paid."""
    f = a.figures
    sep = s("sum.item_sep")
    if len(f.demanded) < 2 and not any(d.settled or len(d.parties) > 1 or any(p.settled for p in d.parties)
                                       for d in f.demanded):
        return  # the demand's own line says it all
    still: list[str] = []
    settled: list[str] = []
    shown: set[str] = set()
    for d in f.demanded:
        said: set[Decimal] = set()
        for p in d.parties:
            if p.latest in said:
                continue  # the same sum asked by two parties of one debt is one sum
            said.add(p.latest)
            item = s("sum.amount_item", lender=demander(d.lender, p.by, s),
                     amount=format_amount(p.latest, d.currency), refs="")
            if p.settled:
                settled.append(item)
            else:
                still.append(item)
                shown.update(p.exhibits)
    value = _capped(still, s, sep) if still else s("sum.amounts_total_none")
    value = s("sum.amounts_total_parties_value" if any(d.by_others for d in f.demanded) else "sum.amounts_total_value",
              items=value)
    if settled:
        value += s("sum.amounts_total_paid", list=s("sum.list_sep").join(settled))
    line("amounts_total", s("sum.amounts_total"), value, shown, False)


def demander(lender: str, by: str, s: Strings) -> str:
    """Who demanded a sum, as the cover names them: the lender owed itself, or the party that
    demanded it with the lender whose debt it presses ("恒诺资产（催收快易花的欠款）"): a
    collector's or an unlisted number's figure is never shown as the lender's own.

    Args:
        lender: the lender owed ("" when not known).
        by: who demanded it ("" the lender itself: :attr:`~.figures.PartyDemand.by`).
        s: the bundle's strings.
    """
    owed = lender or s("sum.unknown_sender")
    return s("sum.party_for", by=by, lender=owed) if by else owed


def _unreduced(a: CaseAnalysis, s: Strings, order: Mapping[str, int], line: _LineFn) -> None:
    """Sums demanded again, unchanged, after a payment (:attr:`Demand.unreduced`, each party's
    demands compared with its own): the facts, for the reader to weigh."""
    items = [s("sum.unreduced_item", lender=demander(d.lender, u.by, s),
               paid_at=u.paid_at.strftime("%Y-%m-%d"), paid=format_amount(u.paid, d.currency),
               paid_refs=_refs(u.paid_exhibits, s, order), at=u.at.strftime("%Y-%m-%d %H:%M"),
               value=format_amount(u.value, d.currency), refs=_refs(u.exhibits, s, order))
             # the lender's own lower figure after the payment, beside its collector's unchanged one
             + (s("sum.unreduced_owner", lender=d.lender, value=format_amount(u.owner_after, d.currency),
                  refs=_refs(u.owner_after_exhibits, s, order)) if u.owner_after is not None and d.lender else "")
             for d in a.figures.demanded for u in d.unreduced]
    if items:
        shown = {n for d in a.figures.demanded for u in d.unreduced
                 for n in (*u.paid_exhibits, *u.exhibits, *u.owner_after_exhibits)}
        line("unreduced", s("sum.unreduced"), _capped(items, s, s("sum.item_sep")), shown, True)


# ------------------------------------------------------------------ helpers


# ------------------------------------------------------------------ the chronology's calls


def respondent_numbers(bundle: BundleInput) -> tuple[str, ...]:
    """The numbers the case names for its respondents, and those of exported messages a respondent
    signs (an export's records with other numbers are the person's own life, not the case; see
    :func:`~evidencekit.core.analysis.media_contacts.case_numbers`)."""
    return case_numbers(bundle.exhibits, bundle.meta.respondents)


def call_text(s: Strings) -> Callable[[timeline.Event], str]:
    """A call as the chronology lists it ("未接来电", "来电（已接），3分12秒")."""

    def text(e: timeline.Event) -> str:
        key = f"call.{e.outcome}"
        words = s(key)
        if words == key:
            words = s("call.incoming") if not e.outgoing else s("call.outgoing")
        if e.duration_s:
            m, sec = divmod(int(round(e.duration_s)), 60)
            words += s("call.duration", m=m, s=f"{sec:02d}")
        return words

    return text


def case_events(bundle: BundleInput, s: Strings, title: Callable[[ExhibitInput], str] | None = None,
                night: tuple[dt.time, dt.time] | None = None) -> list[timeline.Event]:
    """Every message and call of the case in time order, as the chronology page lists them."""
    return chronology_events(bundle.exhibits, bundle.meta, s, title=title, night=night)


def chronology_events(exhibits: Sequence[timeline.D], meta: CaseMeta, s: Strings, *,
                      title: Callable[[timeline.D], str] | None = None, limit: int | None = 80,
                      night: tuple[dt.time, dt.time] | None = None) -> list[timeline.Event]:
    """The case's chronology for any reader: the bundle's page and the app's screen both call this,
    so they list the same events (the respondents' numbers choose an export's records) with calls
    worded in the language of ``s``.

    Args:
        exhibits: the bundle's exhibits or the case's (``Case.exhibits_with_text()``), in order.
        meta: the case's details (its respondents' numbers).
        s: the strings of the language shown.
        title: the text of an exhibit without dated messages.
        limit: texts are cut to this many characters (None: whole).
        night: the case's quiet hours (start, end); the guideline's by default.

    Returns:
        The events in time order.
    """
    numbers = case_numbers(exhibits, meta.respondents)
    evs = timeline.events(exhibits, title=title, night=night, numbers=numbers, call_text=call_text(s), limit=limit)
    # a message sent to a third party about the claimant's debt is listed, not counted, as the
    # cover counts it (read whole: ``limit`` may have cut the words that say so)
    whole = evs if limit is None else timeline.events(exhibits, night=night, numbers=numbers, limit=None)
    return timeline.third_party_events(evs, whole, claimant_forms(meta))


def _norm(text: str) -> str:
    return " ".join(text.split())


def _plural(s: Strings, key: str, count: int, **kw: object) -> str:
    """``key`` formatted, or ``key_one`` when ``count`` is 1 and the language has it."""
    if count == 1:
        one = s(key + "_one", **kw)
        if one != key + "_one":
            return one
    return s(key, **kw)


def _refs(numbers: Iterable[str], s: Strings, order: Mapping[str, int]) -> str:
    """The exhibits in bundle order: "（证据2、3、6）", " (exhibits 2, 3, 6)"."""
    nums = sorted(set(numbers), key=lambda n: order.get(n, len(order)))
    return _plural(s, "sum.in_exhibits", len(nums), list=_capped(nums, s, s("sum.list_sep")))


def _capped(items: Sequence[str], s: Strings, sep: str, limit: int = LIST_MAX) -> str:
    if len(items) <= limit:
        return sep.join(items)
    return sep.join(items[:limit]) + s("sum.etc")
