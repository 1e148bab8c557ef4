"""What the first two pages of the bundle say about the case, derived from the OCR reading: a
default exhibit title (证据名称), a default 证明目的 and the case summary on the cover.

Pure data, in the bundle's language; no reportlab. What the user wrote (``Item.title``,
``Item.proves``) always wins over what is derived here.

Nothing here masks numbers: a redacted bundle derives these from its masked input
(:func:`.redaction.redact_bundle`). They are built from labels, counts, dates, amounts,
institution names and the senders shown in the screenshots' headers, never from a message's text,
so no third party's number gets in beyond what a sender line shows (redaction keeps those).

Counting: a message counts once even when overlapping screenshots show it twice (the same sender,
time and text in another exhibit); all exhibits that show it are named.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass

from evidencekit.core.analysis.corroboration import message_links
from evidencekit.core.analysis.reading import record_messages
from evidencekit.core.export import timeline
from evidencekit.core.export.model import BundleInput, ExhibitInput
from evidencekit.core.export.strings import Strings
from evidencekit.core.models import CaseMeta, Message

#: Labels that are the point of an exhibit (conduct a complaint is about), most telling first.
SERIOUS = ("possibly_misdirected", "threat_third_party", "threat_legal_action", "threat_home_visit",
           "threat_credit_record", "threat")
#: Labels that only say what kind of message it is.
ROUTINE = ("overdue_collection", "repayment_reminder", "repayment_confirmed", "marketing", "application_progress")
#: The order in which titles, 证明目的 and the summary name labels.
ORDER = SERIOUS + ROUTINE
THREAT_KINDS = ("threat_third_party", "threat_legal_action", "threat_home_visit", "threat_credit_record")

# repayment_reminder triggers (Simplified) that say a payment was received, not asked for
_CONFIRMED = frozenset({"已成功还款", "还款成功"})
# messages whose amounts are demanded (an amount in marketing or a "paid out" notice is not)
_DEMANDING = frozenset({"overdue_collection", "repayment_reminder"})
LIST_MAX = 10  # exhibits or amounts named in one line before "etc."
NAMES_MAX = 6  # senders or institutions named in one line before "etc."
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
# a date in a file name: call-2026-11-20.m4a, Recording_20261120_101500.m4a, 录音2026年11月20日.amr
_NAME_DATE = re.compile(r"(?<!\d)(20\d\d)([-_.年]?)(0[1-9]|1[0-2])\2(0[1-9]|[12]\d|3[01])(?!\d)")
_LONG_DIGITS = re.compile(r"\d{5,}")


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


def message_labels(m: Message) -> tuple[str, ...]:
    """The labels the bundle reports for one message, in :data:`ORDER` (unknown ones last).

    Differs from the classifier's labels in three ways: ``threat`` is kept only when no sub-kind
    says what the threat is; a repayment_reminder fired by "已成功还款" alone, or a received
    message with no label that says "已成功还款", is a ``repayment_confirmed``; a reminder inside an
    overdue notice is just the overdue notice.
    """
    names = {lb.name for lb in m.labels}
    if not names and m.side != "out":
        # a receipt carries no label of its own (the classifier's convention): its words say it
        from evidencekit.core.ocr.script import to_simplified

        if any(c in to_simplified(m.text) for c in _CONFIRMED):
            names.add("repayment_confirmed")
    for lb in m.labels:
        if lb.name == "repayment_reminder" and lb.triggers:
            from evidencekit.core.ocr.script import to_simplified

            found = {to_simplified(t) for t in lb.triggers}
            if found & _CONFIRMED:
                names.add("repayment_confirmed")
                if found <= _CONFIRMED:
                    names.discard("repayment_reminder")
    if names.intersection(THREAT_KINDS):
        names.discard("threat")
    if "overdue_collection" in names:
        names.discard("repayment_reminder")
    return _ordered(names)


def exhibit_labels(ex: ExhibitInput) -> tuple[str, ...]:
    """The labels of an exhibit's received messages, in :data:`ORDER`; ``possibly_misdirected``
    also when only the claimant's own reply says so ("我不是…", "发错了")."""
    if ex.ocr is None:
        return ()
    names: set[str] = set()
    for m in ex.ocr.messages:
        if m.side != "out":
            names.update(message_labels(m))
        elif any(lb.name == "possibly_misdirected" for lb in m.labels):
            names.add("possibly_misdirected")
    return _ordered(names)


def label_name(name: str, s: Strings) -> str:
    """The label as the bundle names it ("威胁告知第三人"); an unknown label by its own name."""
    key = f"label.{name}"
    text = s(key)
    return name if text == key else text


def _ordered(names: Iterable[str]) -> tuple[str, ...]:
    names = set(names)
    return tuple(n for n in ORDER if n in names) + tuple(sorted(names.difference(ORDER)))


# ------------------------------------------------------------------ one exhibit


def exhibit_title(ex: ExhibitInput, s: Strings) -> str:
    """证据名称: the user's title, else one derived from the exhibit, else the file name.

    A screenshot with messages: "短信截图：95188，11-25 至 11-28，5 条" (the sender shown in the
    header, or the institution the messages name; the days of the messages; how many).
    A recording: "通话录音 2026-11-20，4.1 秒" (the day from the item's date, EXIF or the file
    name: never from the file's modification time, which copying changes).

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
    media = ex.media
    if media is not None and media.export is not None:
        e = media.export
        kinds = s("sum.sep").join(f"{s('media.kind.' + k)} {n}" for k, n in sorted(e.by_kind.items()))
        return s("sum.title", kind=s("sum.kind.export"), details=s("sum.sep").join(x for x in (it.original_name, kinds) if x))
    if media is not None and media.email is not None and media.email.subject:
        return s("sum.title", kind=s("sum.kind.email"), details=media.email.subject[:80])
    return it.original_name


def exhibit_proves(ex: ExhibitInput, s: Strings) -> str:
    """证明目的: the user's text, else what the labels of the exhibit's messages show, else the
    generic default (``default_proves``).

    Threats and a misdirected notice are named alone when present ("证明对方以告知第三人相威胁；
    证明对方威胁起诉"); otherwise what kind of messages they are ("证明对方发送营销短信").
    """
    if ex.item.proves.strip():
        return ex.item.proves
    names = exhibit_labels(ex)
    chosen = [n for n in names if n in SERIOUS] or list(names)
    phrases: list[str] = []
    for n in chosen:
        key = f"sum.proves.{n}"
        text = s(key)
        if text != key and text not in phrases:
            phrases.append(text)
    if not phrases:
        return s("default_proves")
    if not s.is_cjk:  # "Shows …; shows …"
        phrases = phrases[:1] + [p[:1].lower() + p[1:] for p in phrases[1:]]
    return s("sum.item_sep").join(phrases)


def _sms_title(ex: ExhibitInput, s: Strings) -> str:
    assert ex.ocr is not None
    parts: list[str] = []
    who = _norm(ex.ocr.sender or "") or _main_institution(ex)
    if who:
        parts.append(who)
    days = _known_days(ex)
    if days:
        parts.append(_day_range(days[0], days[-1], s))
    n = len(ex.ocr.messages)
    parts.append(_plural(s, "sum.n_messages", n, n=n))
    return s("sum.title", kind=s("sum.kind.sms"), details=s("sum.sep").join(parts))


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
    assert ex.ocr is not None
    seen = Counter(f.value for m in ex.ocr.messages if m.side != "out" for f in m.facts
                   if f.kind == "institution" and not _LONG_DIGITS.search(f.value))
    return seen.most_common(1)[0][0] if seen else ""  # ties: the first named (Counter keeps order)


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


def case_summary(bundle: BundleInput, s: Strings) -> CaseSummary:
    """The case in a few lines for the cover, from the OCR of all exhibits.

    Lines, each only when there is something to say: per label (threats and a misdirected
    notice first) how many received messages carry it and in which exhibits; night-time
    contacts (22:00–08:00); the period of contact and the number of contacts; the busiest day;
    the amounts demanded (from overdue notices and reminders, as written); the senders; the
    institutions the messages name. Contacts are counted as on the chronology page (messages
    the claimant sent and items dated only by their file time do not count), except that a
    message shown again by another screenshot counts once here.

    Args:
        bundle: the bundle input.
        s: the bundle's strings.

    Returns:
        The summary (masked when ``bundle`` is).
    """
    order = {ex.number: i for i, ex in enumerate(bundle.exhibits)}
    lines: list[SummaryLine] = []

    def line(key: str, label: str, value: str, exhibits: Iterable[str] = (), alert: bool = False) -> None:
        refs = tuple(sorted(set(exhibits), key=lambda n: order.get(n, len(order))))
        lines.append(SummaryLine(key, label, value, s("sum.line", label=label, value=value), refs, alert))

    # per label: received messages, each once
    counts: Counter[str] = Counter()
    refs: dict[str, set[str]] = {}
    amounts: dict[str, tuple[str, set[str]]] = {}  # normalised value -> (as written, exhibits)
    institutions: dict[str, None] = {}
    seen: dict[tuple[str, str, str], str] = {}
    # a screenshot's message an export holds too is counted once, as the export's (see corroboration)
    confirmed = {(ln.screenshot_item, ln.message_index) for ln in message_links(bundle.exhibits)}
    for ex, sender, index, m in _received_messages(bundle):
        labels = message_labels(m)
        key = (sender, m.sent_at or "", _norm(m.text))
        shown_first = seen.setdefault(key, ex.number) if m.sent_at and index >= 0 else ex.number
        # shown again by a later screenshot, or the export's own row counts it
        repeated = shown_first != ex.number or (ex.item.id, index) in confirmed
        for n in labels:
            refs.setdefault(n, set()).add(ex.number)
            if not repeated:
                counts[n] += 1
        for f in m.facts:
            if f.kind == "amount" and _DEMANDING.intersection(labels):
                amounts.setdefault(f.value, (f.text.strip(), set()))[1].add(ex.number)
            elif f.kind == "institution" and not _LONG_DIGITS.search(f.value):
                institutions.setdefault(f.value)
    for n in _ordered(counts):
        line(n, label_name(n, s), _plural(s, "sum.n_messages", counts[n], n=counts[n]) + _refs(refs[n], s, order),
             refs[n], alert=n in SERIOUS)

    # contacts (messages and calls), as on the chronology page
    evs = case_events(bundle, s)
    once = _once(evs)
    days = timeline.per_day(once)
    if days:
        night = [e for e in once if e.counts and e.night]
        night_refs = {e.exhibit for e in evs if e.counts and e.night}
        line("night", s("sum.night"), _plural(s, "sum.n_contacts", len(night), n=len(night))
             + (_refs(night_refs, s, order) if night_refs else ""), night_refs, alert=bool(night))
        total = sum(d[1] + d[2] for d in days)
        first, last = days[0][0], days[-1][0]
        span = first.isoformat() if first == last else s("sum.range_days", start=first.isoformat(),
                                                            end=last.isoformat(), days=len(days))
        line("period", s("sum.period"), span + s("sum.sep") + _plural(s, "sum.total_contacts", total, n=total))
        busy = [d for d in days if d[1] + d[2]]
        if len(busy) > 1:
            peak = max(busy, key=lambda d: d[1] + d[2])  # the earliest of equal days
            most = peak[1] + peak[2]
            line("peak", s("sum.peak"), s("sum.peak_value", count=_plural(s, "sum.n_contacts", most, n=most),
                                          day=peak[0].isoformat()))

    calls = timeline.call_stats(_once(evs))
    if calls is not None:
        line("calls", s("sum.calls"), s("sum.calls_value", n=calls.total, missed=calls.unanswered, night=calls.night)
             + _refs(calls.exhibits, s, order), calls.exhibits, alert=calls.night > 0)
        if calls.peak_count > 1 and calls.peak_day is not None:
            line("calls_peak", s("sum.calls_peak"), s("sum.calls_peak_value", n=calls.peak_count,
                                                      number=calls.peak_number, day=calls.peak_day.isoformat()),
                 alert=calls.peak_count > 3)

    if amounts:
        shown = [text + _refs(ex_set, s, order) for text, ex_set in amounts.values()]
        line("amounts", s("sum.amounts"), _capped(shown, s, s("sum.item_sep")),
             set().union(*(e for _, e in amounts.values())))

    senders = list(dict.fromkeys([*(_norm(ex.ocr.sender) for ex in bundle.exhibits if ex.ocr and ex.ocr.sender),
                                  *(sender for _ex, sender, i, _m in _received_messages(bundle) if i < 0)]))
    senders = [x for x in senders if x]
    if senders:
        line("senders", s("sum.senders"), s("sum.senders_value", n=len(senders),
                                            list=_capped(senders, s, s("sum.list_sep"), NAMES_MAX)))
    if institutions:
        line("institutions", s("sum.institutions"), _capped(list(institutions), s, s("sum.list_sep"), NAMES_MAX))
    return CaseSummary(s("sum.heading"), tuple(lines))


def _received_messages(bundle: BundleInput) -> Iterator[tuple[ExhibitInput, str, int, Message]]:
    """Every message the person received, as (exhibit, sender, index, message): a screenshot's
    (index: its place in the reading) and an export's rows of the case's numbers (index: -1 - row),
    read as a screenshot's messages are (:func:`~evidencekit.core.analysis.reading.record_messages`)."""
    keep = timeline.relevant_numbers(bundle.exhibits, respondent_numbers(bundle))
    for ex in bundle.exhibits:
        if ex.ocr is not None:
            sender = _norm(ex.ocr.sender or "")
            for i, m in enumerate(ex.ocr.messages):
                if m.side != "out":
                    yield ex, sender, i, m
        records = ex.media.records if ex.media is not None else ()
        if records:
            by_row = {r.row: r for r in records if timeline.record_counts(r, keep)}
            for row, m in sorted(record_messages(list(by_row.values())).items()):
                if m.side == "in":
                    yield ex, _norm(by_row[row].number), -1 - row, m


def _once(evs: Sequence[timeline.Event]) -> list[timeline.Event]:
    """The events without those a later exhibit shows again (same time, sender and text)."""
    first: dict[tuple[dt.datetime, str, str, bool], str] = {}
    out = []
    for e in evs:
        if e.file_time:
            out.append(e)
            continue
        k = (e.when, _norm(e.sender), e.text, e.outgoing)
        if first.setdefault(k, e.exhibit) == e.exhibit:
            out.append(e)
    return out


# ------------------------------------------------------------------ contacts of every kind


def respondent_numbers(bundle: BundleInput) -> tuple[str, ...]:
    """The numbers the case names for its respondents (an export's records with other numbers
    are the person's own life, not the case)."""
    return meta_numbers(bundle.meta)


def meta_numbers(meta: CaseMeta) -> tuple[str, ...]:
    """The respondents' numbers of a case (see :func:`respondent_numbers`)."""
    return tuple(n for r in meta.respondents for n in r.numbers)


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


def case_events(bundle: BundleInput, s: Strings,
                title: Callable[[ExhibitInput], str] | None = None) -> list[timeline.Event]:
    """Every message and call of the case in time order, as the chronology page lists them and the
    summary counts them."""
    return chronology_events(bundle.exhibits, bundle.meta, s, title=title)


def chronology_events(exhibits: Sequence[timeline.D], meta: CaseMeta, s: Strings, *,
                      title: Callable[[timeline.D], str] | None = None,
                      limit: int | None = 80) -> list[timeline.Event]:
    """The case's chronology for any reader: the bundle's page and the app's screen both call this,
    so they list the same events (the respondents' numbers choose an export's records) with calls
    worded in the language of ``s``.

    Args:
        exhibits: the bundle's exhibits or the case's (``Case.exhibits_with_text()``), in order.
        meta: the case's details (its respondents' numbers).
        s: the strings of the language shown.
        title: the text of an exhibit without dated messages.
        limit: texts are cut to this many characters (None: whole).

    Returns:
        The events in time order.
    """
    return timeline.events(exhibits, title=title, numbers=meta_numbers(meta), call_text=call_text(s), limit=limit)


# ------------------------------------------------------------------ helpers


def _norm(text: str) -> str:
    return " ".join(text.split())


def _plural(s: Strings, key: str, count: int, **kw: object) -> str:
    """``key`` formatted, or ``key_one`` when ``count`` is 1 and the language has it."""
    if count == 1:
        one = s(key + "_one", **kw)
        if one != key + "_one":
            return one
    return s(key, **kw)


def _refs(numbers: Iterable[str], s: Strings, order: dict[str, int]) -> str:
    """The exhibits in bundle order: "（证据2、3、6）", " (exhibits 2, 3, 6)"."""
    nums = sorted(set(numbers), key=lambda n: order.get(n, len(order)))
    return _plural(s, "sum.in_exhibits", len(nums), list=_capped(nums, s, s("sum.list_sep")))


def _capped(items: Sequence[str], s: Strings, sep: str, limit: int = LIST_MAX) -> str:
    if len(items) <= limit:
        return sep.join(items)
    return sep.join(items[:limit]) + s("sum.etc")
