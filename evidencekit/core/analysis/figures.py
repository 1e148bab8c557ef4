"""The figures of a case, counted once from its contacts and their readings: what the cover says
and what a complaint cites.

Counted: contacts received (messages and calls; the person's own are not contacts), per day
and at night (the rule set's quiet hours), per respondent and per number, after the request to
stop; messages per label (each message once, however many screenshots show it); amounts by role,
lender and currency. A contact whose time is not sure enough (no stamp, or one only a file time
dates) is counted in the labels but not in the days, the night or the period, and said apart.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass, field, replace
from decimal import Decimal

from evidencekit.core.analysis.amounts import AmountEntry, AmountRole, RoledAmount, assign_roles, due_first, find_amounts
from evidencekit.core.analysis.addressing import told_of, told_whom
from evidencekit.core.analysis.classify import LABELS, TOLD_THIRD_PARTY, WHO, Hit, Reading, read_message
from evidencekit.core.analysis.contacts import Channel, Contact, Direction
from evidencekit.core.analysis.contacts import received as counts_as_received
from evidencekit.core.analysis.parties import (
    acts_for_named, lender_named, number_key, owed_to_sender, respondent_by_name, respondent_by_number, sender_label,
)
from evidencekit.core.analysis.textnorm import to_simplified
from evidencekit.core.models import Label, Respondent

#: Currencies ``元`` and a bare ``$`` stand for, by jurisdiction.
CURRENCIES: dict[str, tuple[str, str | None]] = {"CN": ("CNY", None), "TW": ("TWD", "TWD"), "HK": ("HKD", "HKD")}
# a receipt carries no label of its own (the classifier's convention): its words say it
# (Simplified as textnorm writes Traditional: 入帳 is 入帐, 繳款 缴款; Taiwan's banks confirm a
# payment as "您於…繳款新臺幣10,000元已入帳" or "已收到您的繳款")
_CONFIRMED = ("已成功还款", "还款成功", "已还款成功", "已收到您的还款", "还款已到账", "已成功扣款", "扣款成功", "已入账",
              "已入帐", "入账成功", "入帐成功", "缴款成功", "已收到您的缴款", "已完成缴款", "已完成还款")
# "您已於11月25日還款/繳款5,000元": a payment made, dated (not "请于…前还款", not "已于…未缴")
_PAID_ON = re.compile(r"已于[^，。,；;！!？?未请]{1,16}?(?:成功)?(?:还款|缴款|缴纳|还清)"
                      # "本行已於115年11月13日14:02收到您信用卡繳款"
                      r"|已于[^，。,；;！!？?未请]{1,20}?收到(?:您|你|阁下)[^，。,；;！!？?]{0,8}?(?:还款|缴款|付款|供款)"
                      # "您于2026年09月15日15:16成功还款2,000.00元"
                      r"|(?:您|你|阁下)于[^，。,；;！!？?未请前]{1,20}?成功(?:还款|缴款|扣款|供款)")


@dataclass(frozen=True, slots=True)
class NightWindow:
    """The quiet hours: a contact at or after ``start`` or before ``end`` is at night."""

    start: dt.time = dt.time(22, 0)
    end: dt.time = dt.time(8, 0)

    def contains(self, t: dt.datetime) -> bool:
        tt = t.time()
        return (tt >= self.start or tt < self.end) if self.start > self.end else self.start <= tt < self.end

    def text(self) -> str:
        return f"{self.start:%H:%M}–{self.end:%H:%M}"


@dataclass(frozen=True, slots=True)
class CallCounts:
    """Calls received and counted (:attr:`CaseFigures.received`), of all or of some senders.

    Attributes:
        calls: their indexes in the contacts; unanswered: how many were missed or rejected;
        night: how many came in the quiet hours; unanswered_by_day: unanswered calls per day.
    """

    calls: tuple[int, ...]
    unanswered: int
    night: int
    unanswered_by_day: Mapping[dt.date, int]


@dataclass(frozen=True, slots=True)
class RespondentFigures:
    """What one respondent did: contacts received, at night, after the stop request, threats and
    the count of each label, the exhibits and the numbers used."""

    name: str
    contacts: int = 0
    night: int = 0
    after_stop: int = 0
    threats: int = 0
    labels: Mapping[str, int] = field(default_factory=dict)
    exhibits: tuple[str, ...] = ()
    numbers: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Unreduced:
    """A demand that did not go down after a payment: the same sum was asked before ``paid`` was
    paid (or said to be) on ``paid_at`` and again on ``at``. Facts for a reader to weigh (the
    payment may have been for something else), not a conclusion.

    Attributes:
        paid: the sum paid; paid_at: when; paid_exhibits: the exhibits showing the payment.
        value: the sum demanded before and after; at: when it was demanded after the payment;
        exhibits: the exhibits showing that later demand; contacts: its contacts (indexes).
        by: who demanded it ("" the lender itself, else :attr:`AmountEntry.by`).
        paid_contacts: the contacts stating the payment (indexes), first first.
        owner_after: a collector's demand only: the lower figure the lender owed itself stated
            at or after the payment (its receipt's "剩余应还16,640.00元"), None when it stated
            none; owner_after_exhibits: where.
    """

    paid: Decimal
    paid_at: dt.datetime
    paid_exhibits: tuple[str, ...]
    value: Decimal
    at: dt.datetime
    exhibits: tuple[str, ...]
    contacts: tuple[int, ...] = ()
    by: str = ""
    paid_contacts: tuple[int, ...] = ()
    owner_after: Decimal | None = None
    owner_after_exhibits: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class PartyDemand:
    """What one party demanded of one lender's debt in one currency: the lender itself, or a
    collector (a respondent, or a number nobody listed) demanding it.

    Attributes:
        by: who demanded it ("" for the lender itself; else :attr:`AmountEntry.by`).
        distinct: every figure it demanded, in order of first appearance.
        latest: the latest figure it demanded; latest_at: when (None when not sure).
        exhibits: the exhibits showing its demands.
        unreduced: its sums demanded again unchanged after a payment.
        settled: a payment of its latest figure (to the lender owed) was made when or after it
            was demanded (as :attr:`Demand.settled`).
    """

    by: str
    distinct: tuple[Decimal, ...]
    latest: Decimal
    exhibits: tuple[str, ...]
    latest_at: dt.datetime | None = None
    unreduced: tuple[Unreduced, ...] = ()
    settled: bool = False


@dataclass(frozen=True, slots=True)
class Demand:
    """The amounts one lender demanded in one currency: every distinct figure in order of first
    appearance, the latest one demanded, the largest, and the exhibits.

    ``settled`` says a payment of the latest figure to that lender was made when or after it was
    demanded (or one of the two times is not known): what is asked is then not outstanding. A
    payment before the latest demand settles an earlier one (the next instalment of the same size
    is still owed). ``unreduced``: sums demanded again unchanged after a payment, each party's
    demands compared with its own (a collector still asking the old sum after the lender has
    lowered its own is the collector's, not the lender's), each once. ``parties``: who demanded
    what (the lender itself first when it did), so that a collector's or an unlisted number's
    figure is never shown as the lender's own.
    """

    lender: str
    currency: str | None
    distinct: tuple[Decimal, ...]
    latest: Decimal
    largest: Decimal
    exhibits: tuple[str, ...]
    latest_at: dt.datetime | None = None
    settled: bool = False
    unreduced: tuple[Unreduced, ...] = ()
    parties: tuple[PartyDemand, ...] = ()

    @property
    def by_others(self) -> bool:
        """Whether someone other than the lender itself demanded any of it."""
        return any(p.by for p in self.parties)


@dataclass(frozen=True, slots=True)
class CaseFigures:
    """The counts of a case (indexes refer to ``contacts``).

    Attributes:
        contacts: every contact, as given.
        night_window: the quiet hours used.
        received: incoming contacts whose time is sure (the counted contacts).
        untimed: incoming contacts whose time is not sure (listed, not counted by day).
        messages_in, messages_out, calls_in: incoming messages, the person's own, incoming calls.
        per_day: (day, day-time contacts, night-time contacts) for every day from the first to
            the last counted contact.
        night: counted contacts at night.
        labels: incoming messages per label (the classifier's labels, each message once).
        replies: the person's own messages per label.
        stop: when the person asked them to stop (None when not known).
        after_stop: counted contacts after ``stop`` from the case's respondents, from any of
            their numbers (a request to stop made to the lender concerns its collectors too, one
            made to a collector the lender it collects for); when the case has several lenders,
            only those acting for the lender the request concerns (not another lender, nor a
            collector that only collects for another); when the case names no respondents, from
            whom the request went to (other senders may be other lenders altogether).
        after_stop_addressed: those of them from whom the request went to (what a finding
            holds against that respondent).
        after_stop_everyone: whether ``after_stop`` counts every respondent's contacts.
        after_stop_any: every counted contact after ``stop``, from any number (a respondent's
            or not, whether the request concerns it or not): the figure the cover leads with,
            split by sender; ``after_stop`` says how many of them the request concerns.
        per_number_day: counted contacts per number (the sender or caller, however written:
            :func:`~.parties.number_key`) per day.
        respondents: per respondent (or per sender when none is known), most contacts first.
        amounts: every amount found, with its role and lender.
        demanded: per lender and currency, the amounts demanded of the person.
        low_threats: messages whose every threat the findings rate low (a lender's routine "to
            avoid further action", a notice that may be lawful): listed in ``labels``, not
            counted as threats (the cover's, the respondents' ``threats``) but said apart.
    """

    contacts: tuple[Contact, ...]
    night_window: NightWindow
    received: tuple[int, ...]
    untimed: tuple[int, ...]
    messages_in: int
    messages_out: int
    calls_in: int
    per_day: tuple[tuple[dt.date, int, int], ...]
    night: tuple[int, ...]
    labels: Mapping[str, tuple[int, ...]]
    replies: Mapping[str, tuple[int, ...]]
    stop: dt.datetime | None
    after_stop: tuple[int, ...]
    per_number_day: Mapping[str, Mapping[dt.date, int]]
    respondents: tuple[RespondentFigures, ...]
    amounts: tuple[AmountEntry, ...]
    demanded: tuple[Demand, ...]
    number_shown: Mapping[str, str] = field(default_factory=dict)  # a number's key -> as first shown
    after_stop_addressed: tuple[int, ...] = ()
    after_stop_everyone: bool = False
    after_stop_any: tuple[int, ...] = ()
    low_threats: tuple[int, ...] = ()

    def exhibits(self, indexes: Sequence[int]) -> tuple[str, ...]:
        """The exhibits showing these contacts (every screenshot that shows one), in first-seen order."""
        out: list[str] = []
        for i in indexes:
            c = self.contacts[i]
            for n in (c.source.exhibit, *c.extra.get("also", ())):
                if n not in out:
                    out.append(n)
        return tuple(out)

    @property
    def total(self) -> int:
        return len(self.received)

    def busiest_day(self) -> tuple[dt.date, int] | None:
        """The day with most counted contacts (the earliest of equal days)."""
        best: tuple[dt.date, int] | None = None
        for d, a, b in self.per_day:
            if a + b and (best is None or a + b > best[1]):
                best = (d, a + b)
        return best

    def call_counts(self, among: Collection[int] | None = None) -> CallCounts:
        """The calls counted, of the contacts ``among`` (every one when None): what the cover
        and a complaint say of them."""
        calls = tuple(i for i in self.received if self.contacts[i].is_call and (among is None or i in among))
        night = set(self.night)
        by_day = Counter(t.date() for i in calls if self.contacts[i].unanswered and (t := self.contacts[i].time))
        return CallCounts(calls, sum(by_day.values()), sum(1 for i in calls if i in night), dict(by_day))

    def busiest_number(self) -> tuple[str, int, tuple[dt.date, ...]] | None:
        """The number with most contacts in one day: (number, count, the days it reached it)."""
        best: tuple[str, int, tuple[dt.date, ...]] | None = None
        for number, days in self.per_number_day.items():
            if not days:
                continue
            top = max(days.values())
            when = tuple(sorted(d for d, n in days.items() if n == top))
            if best is None or top > best[1]:
                best = (number, top, when)
        return best

    @property
    def paid(self) -> tuple[AmountEntry, ...]:
        return tuple(e for e in self.amounts if e.amount.role is AmountRole.PAID)

    @property
    def third_party(self) -> tuple[AmountEntry, ...]:
        return tuple(e for e in self.amounts if e.amount.role is AmountRole.THIRD_PARTY_DEBT)

    def payments(self) -> list[Payment]:
        """Each payment once (its lender, sum and currency), however many messages name it, with
        the receipts confirming it (:class:`Payment`), in the order first named."""
        out: dict[tuple[str, Decimal, str | None], Payment] = {}
        for e in self.paid:
            key = (e.lender, e.amount.amount.value, e.amount.amount.currency)
            p = out.get(key) or Payment(*key)
            c = self.contacts[e.contact] if e.contact is not None and 0 <= e.contact < len(self.contacts) else None
            where = (e.exhibit, *(c.extra.get("also", ()) if c is not None else ()))
            p = replace(p, shown=tuple(dict.fromkeys((*p.shown, *where))))
            if c is not None and c.direction is Direction.IN and is_receipt(c.text):
                day = c.time.date().isoformat() if c.timed and c.time is not None else ""
                p = replace(p, receipts=tuple(dict.fromkeys((*p.receipts, *where))), settled=p.settled or settles(c.text),
                            day=min(filter(None, (p.day, day)), default=""))
            out[key] = p
        return list(out.values())


@dataclass(frozen=True, slots=True)
class Payment:
    """One payment (a lender, a sum), however many messages name it.

    Attributes:
        day: the earliest day a receipt confirming it came on ("" when none is dated: the
            person's own word "已于11月18日还清" is sent later than the payment).
        shown: every exhibit naming it.
        receipts: the exhibits showing the other side's receipt.
        settled: a receipt says the debt is settled in full.
    """

    lender: str
    value: Decimal
    currency: str | None
    day: str = ""
    shown: tuple[str, ...] = ()
    receipts: tuple[str, ...] = ()
    settled: bool = False


def is_receipt(text: str) -> bool:
    """A received message confirming a repayment ("已成功还款"), whatever its labels."""
    s = to_simplified(text)
    return any(w in s for w in _CONFIRMED) or bool(_PAID_ON.search(s))


# A reply to the person's own complaint or request: "您反馈的号码问题已登记，工单号RX…", "your
# complaint has been received, reference C-1234"
_ACKNOWLEDGED = re.compile(r"工单号|工单编号|受理编号|投诉编号|(?:您|你)(?:的)?(?:反馈|投诉|诉求|申诉|来电反映)[^。！？!?]{0,12}已(?:登记|受理|收到|记录|转交)"
                           r"|已(?:登记|受理|收到)(?:您|你)的(?:反馈|投诉|诉求|申诉)"
                           r"|(?:complaint|request|feedback) (?:has been|was) (?:received|registered|logged)",
                           re.IGNORECASE)


def acknowledges_complaint(text: str) -> bool:
    """A received message acknowledging the person's own complaint or request (a ticket number)."""
    return bool(_ACKNOWLEDGED.search(to_simplified(text)))


# "您的借款已全部结清", "已还清", "your loan is fully settled"
_SETTLED = re.compile(r"全部结清|已结清|已经结清|结清全部|已全部还清|已还清|已经还清|全数清还|已清还|已缴清|已全部缴清"
                      r"|(?:fully|been) (?:settled|repaid)|paid (?:off|in full)")


def settles(text: str) -> bool:
    """Whether a receipt says the debt is settled in full ("已全部结清"), not only a payment received."""
    return bool(_SETTLED.search(to_simplified(text).lower()))


#: The label counted for a message that tells a third party of the person's debt (:func:`told_others`).
DISCLOSED = "disclosed_to_third_party"


def told_others(reading: Reading | None) -> bool:
    """Whether a message tells a third party of the person's debt ("Hi Ms Wong, 你同事陳嘉欣欠我哋…",
    :func:`.addressing.told_of`): a copy of a message sent to someone else (their screenshot),
    evidence of a disclosure and no contact received by the person. The cover and the findings
    count it as no contact (at night, after the stop request, in a burst)."""
    return reading is not None and not reading.from_claimant and TOLD_THIRD_PARTY in reading.how


# What a message about the claimant's debt carries: collection, a reminder, a threat.
_ABOUT_DEBT = frozenset({"overdue_collection", "repayment_reminder", "threat", "threat_third_party",
                         "threat_legal_action", "threat_home_visit", "threat_credit_record"})

#: ``Item.received_by`` of an item the person says was received on their own phone or account
#: ("" is not said: the message's wording decides whom it reached).
OWN_PHONE = "self"
# how a person says "my own phone" (compared without case, spaces or 手机/手機 told apart)
_OWN_WORDS = frozenset({
    "self", "me", "myself", "mine", "my phone", "my own phone", "my own", "own", "own phone", "the claimant",
    "claimant", "本人", "本人手机", "本人的手机", "本人号码", "自己", "我", "我自己", "我的手机", "自己的手机", "我本人",
    "本人账号", "本人帐号",
})


#: The rule id of the hit :func:`as_received` gives a message received on a third party's phone.
RECEIVED_BY_RULE = "received-by-third-party"
_LABEL_ORDER = {n: i for i, n in enumerate(LABELS)}


def received_whom(received_by: str) -> str:
    """The kind of third party (:data:`~.classify.WHO`) whose phone an item was received on, by
    the relation the person names ("黄小姐 (同事)": employer; "my brother": family); contacts when
    they name none."""
    for part in re.split(r"[\s()（）,，、:：;；/]+", received_by):
        # a relation alone ("同事") as the words telling them would name it ("你同事")
        for words in (part, "你" + part) if part else ():
            if (kind := told_whom(words)) != "contacts":
                return kind
    return "contacts"


def received_by_value(text: str) -> str:
    """What the person said of whose phone an item was received on, as it is stored: "" when
    they said nothing, :data:`OWN_PHONE` for any way of saying their own ("self", "me", "本人",
    "本人手機"…), else the third party as they wrote it ("黄小姐 (同事)").

    The CLI's ``--received-by`` and the app's item dialog both store through this."""
    text = " ".join(text.split())
    return OWN_PHONE if _own_words(text) else text


def _own_words(text: str) -> bool:
    plain = to_simplified(" ".join(text.split())).casefold().strip("'\"“”‘’「」（）() ")
    return plain in _OWN_WORDS


def own_phone(received_by: str) -> bool:
    """Whether the person said the item was received on their own phone or account."""
    return bool(received_by.strip()) and _own_words(received_by)


def third_party_phone(received_by: str) -> bool:
    """Whether the person said the item was received on a third party's phone or account (a
    colleague's, a relative's): not "" (not said) and not their own."""
    return bool(received_by.strip()) and not _own_words(received_by)


def as_received(reading: Reading, received_by: str) -> Reading:
    """A message's reading with whose phone (or account) it was received on, a fact of its item
    (``Item.received_by``), when the person said so: the one input besides the words that
    :func:`told_others` decides by.

    Three cases. Not said (""): the wording decides, the reading is as its words give it (a
    message naming the claimant to "你同事" is a copy of a disclosure, a colleague's screenshot).
    A third party's phone ("黄小姐 (同事)"): a message about the claimant's debt (not another
    person's) told them of it, whether or not it names the claimant: a disclosure, no contact the
    claimant received. The claimant's own phone (:data:`OWN_PHONE`): a contact they received
    whatever its wording: one worded to a colleague was sent to the wrong number (possibly
    mis-sent), not a copy of a disclosure; its other readings stay as they are.

    Args:
        reading: the message's reading from its words.
        received_by: "" when not said, :data:`OWN_PHONE` (or any way of saying it) for the
            claimant's own phone, else the third party named.

    Returns:
        The reading, ``told_third_party`` in its ``how`` exactly when it tells a third party.
    """
    if reading.from_claimant or not received_by.strip():
        return reading
    told = TOLD_THIRD_PARTY in reading.how
    if third_party_phone(received_by):
        if told or others_debt(reading) or not _ABOUT_DEBT & set(reading.label_names):
            return reading
        # the whole message told them (no words of it need say so): what the findings quote and
        # whom they name come from it and from whose phone it was
        who = received_whom(received_by)
        text = reading.text
        hit = Hit(RECEIVED_BY_RULE, "threat_third_party", (text,), ((0, len(text)),), (who,), "disclosure",
                  TOLD_THIRD_PARTY)
        labels = reading.labels
        if "threat_third_party" not in reading.label_names:
            labels = tuple(sorted((*labels, Label("threat_third_party", (text,))), key=lambda lb: _LABEL_ORDER.get(lb.name, 99)))
        return replace(reading, labels=labels, hits=(*reading.hits, hit),
                       who=tuple(w for w in WHO if w in reading.who or w == who), how=(*reading.how, TOLD_THIRD_PARTY))
    if not told:
        return reading
    hits = tuple(h for h in reading.hits if h.how != TOLD_THIRD_PARTY)
    held = {h.label for h in hits if h.label}
    # the words telling the third party gave it its threat to tell them: gone with them, and its
    # threat when that was the only one
    labels = tuple(lb for lb in reading.labels if lb.name != "threat_third_party" or "threat_third_party" in held)
    if not any(lb.name.startswith("threat_") for lb in labels) and "threat" not in held:
        labels = tuple(lb for lb in labels if lb.name != "threat")
    return replace(reading, labels=labels, hits=hits, how=tuple(x for x in reading.how if x != TOLD_THIRD_PARTY))


def tells_third_party(text: str, claimant: str, received_by: str = "") -> bool:
    """Whether a received message, read alone, told a third party of the claimant's debt
    (:func:`told_others` of its reading :func:`as_received`): what the chronology marks.

    Args:
        text: the message (whole).
        claimant: the claimant's names (:func:`~.addressing.claimant_forms`).
        received_by: whose phone it was received on ("" not said: its words decide).
    """
    if own_phone(received_by):
        return False  # on the claimant's own phone: a contact received, whatever its wording
    if not received_by.strip() and told_of(text, claimant) is None:
        return False  # (the words' test first: most messages never speak of the claimant to someone else)
    return told_others(as_received(read_message(text, side="in", claimant_name=claimant), received_by))


def message_label_names(reading: Reading) -> tuple[str, ...]:
    """The labels counted for one message: the classifier's, and ``repayment_confirmed`` for a
    receipt (whose reminder label, if the classifier gave one for its words alone, is dropped);
    a message telling a third party of the debt (:func:`told_others`) is :data:`DISCLOSED`, not a
    threat to tell them."""
    names = list(reading.label_names)
    if told_others(reading):
        names = [n for n in names if n != "threat_third_party"]
        if "threat" in names and not any(n.startswith("threat_") for n in names):
            names.remove("threat")  # the disclosure was its only threat
        names.append(DISCLOSED)
    if not reading.from_claimant and is_receipt(reading.text):
        reminder_only = [lb for lb in reading.labels if lb.name == "repayment_reminder"]
        if reminder_only and all(is_receipt(t) for t in reminder_only[0].triggers):
            names.remove("repayment_reminder")
        names.append("repayment_confirmed")
    return tuple(names)


def others_debt(reading: Reading) -> bool:
    """The message is about somebody else's debt (addressed to another name, or asking the reader
    to pass a debt on): its demanded amounts are that person's."""
    # a received message read as misdirected addresses someone else or is about their debt,
    # whichever words or model said so; so does one that names another person as its addressee
    # or debtor, whatever label it got: its demands are never the person's. The person's own
    # reply saying a debt is not theirs ("我不是王建国，他欠的5000元与我无关") speaks of it too.
    if reading.from_claimant:
        return "possibly_misdirected" in reading.label_names
    return "possibly_misdirected" in reading.label_names or bool(reading.names_other)


def others_debt_said(reading: Reading) -> bool:
    """:func:`others_debt`, where something more than the statistical reader's guess says so: a
    name the message calls or presses other than the person's, or the words a rule found. What a
    draft tells a desk ("I owe you nothing") rests on this, never on the model alone."""
    if reading.names_other and not reading.from_claimant:
        return True
    return any(h.label == "possibly_misdirected" and not h.rule.startswith("model:") for h in reading.hits)


def case_figures(contacts: Sequence[Contact], readings: Mapping[int, Reading], *,
                 night: NightWindow = NightWindow(), stop: dt.datetime | None = None,
                 after_stop: Sequence[int] = (), respondents: Sequence[Respondent] = (), jurisdiction: str = "",
                 lenders: Sequence[str] = (), stop_to: str = "", low_threats: Collection[int] = ()) -> CaseFigures:
    """Count a case.

    Args:
        contacts: every contact (:func:`.case_contacts.exhibit_contacts` and calls).
        readings: the reading of each message by its index in ``contacts``.
        night: the quiet hours (the rule set's).
        stop: when the person asked them to stop.
        after_stop: the contacts after that request from whom it went to (by index; see
            :func:`~.findings.engine.contacts_after_stop`); the figure counts every respondent's.
        respondents: the case's respondents (amounts are credited to the lender a message names).
        jurisdiction: CN, TW or HK: what ``元`` and ``$`` mean.
        lenders: the respondents known to be lenders (a collector's amounts are the lender's).
        stop_to: the respondent (name or number) the stop request went to, when known.
        low_threats: the messages whose every threat the findings rate low
            (:attr:`~.casework.CaseAnalysis.low_threats`): not counted as threats.

    Returns:
        The :class:`CaseFigures`.
    """
    cs = tuple(contacts)
    after_stop = [i for i in after_stop if not told_others(readings.get(i))]
    received: list[int] = []
    untimed: list[int] = []
    messages_in = messages_out = calls_in = 0
    for i, c in enumerate(cs):
        # the person's own messages and calls, and recordings of calls not known to have come in,
        # are no contact received (one test with the findings: media_contacts.received)
        if not counts_as_received(c):
            messages_out += c.direction is Direction.OUT and c.channel is not Channel.CALL
            continue
        if told_others(readings.get(i)):
            continue  # sent to someone else (a colleague's screenshot): a disclosure, not a contact
        if c.channel is Channel.CALL:
            calls_in += 1
        else:
            messages_in += 1
        (received if c.timed else untimed).append(i)
    received.sort(key=lambda i: (cs[i].time or dt.datetime.min, i))

    days: dict[dt.date, list[int]] = {}
    night_idx: list[int] = []
    per_number: dict[str, Counter[dt.date]] = {}
    shown: dict[str, str] = {}
    for i in received:
        t = cs[i].time
        assert t is not None
        at_night = night.contains(t)
        days.setdefault(t.date(), [0, 0])[1 if at_night else 0] += 1
        if at_night:
            night_idx.append(i)
        number = number_key(cs[i].counterpart)
        if number:
            per_number.setdefault(number, Counter())[t.date()] += 1
            shown.setdefault(number, " ".join(cs[i].counterpart.split()))
    per_day: list[tuple[dt.date, int, int]] = []
    if days:
        d, last = min(days), max(days)
        while d <= last and len(per_day) < 3660:
            a, b = days.get(d, [0, 0])
            per_day.append((d, a, b))
            d += dt.timedelta(days=1)

    labels: dict[str, list[int]] = {}
    replies: dict[str, list[int]] = {}
    for i, c in enumerate(cs):
        r = readings.get(i)
        if r is None:
            continue
        target = replies if c.direction is Direction.OUT else labels
        for name in message_label_names(r):
            target.setdefault(name, []).append(i)

    # "contacts after you asked them to stop": them are the case's respondents, all of them
    everyone = stop is not None and bool(respondents) and any(cs[i].respondent for i in received)
    acts = acts_for(cs, respondents, lenders, readings)
    if everyone:
        assert stop is not None
        addressed = {cs[i].respondent for i in after_stop if cs[i].respondent}
        if stop_to.strip():
            addressed |= {respondent_by_name(stop_to, respondents) or respondent_by_number(stop_to, respondents)} - {""}
        # ... but not one the request itself leaves out ("剩下的我会直接和易享贷协商")
        group = _stop_group(addressed, cs, respondents, acts, lenders) - (_dealt_with_directly(cs, stop, respondents)
                                                                          - addressed)
        # the contacts of those it was made to are always among them: a request made to a number
        # no respondent is known by (a collector's mobile) has no respondent to group by
        mine = set(after_stop)
        after = [i for i in received if (sender_label(cs[i].counterpart, cs[i].respondent) in group or i in mine)
                 and (cs[i].time or dt.datetime.min) > stop]
    else:
        after = list(after_stop)
    # from any number, whoever sent it: what a reader counts on the phone after the request (a
    # case that names no respondents may hold every sender of the phone: the cover then keeps to
    # those the request was made to)
    after_any = [i for i in received if stop is not None and (cs[i].time or dt.datetime.min) > stop]
    yuan, dollar = CURRENCIES.get(jurisdiction.upper(), CURRENCIES["CN"])
    amounts = _amounts(cs, readings, respondents, lenders, yuan, dollar, acts)
    return CaseFigures(
        contacts=cs, night_window=night, received=tuple(received), untimed=tuple(untimed),
        messages_in=messages_in, messages_out=messages_out, calls_in=calls_in, per_day=tuple(per_day),
        night=tuple(night_idx), labels={k: tuple(v) for k, v in labels.items()},
        replies={k: tuple(v) for k, v in replies.items()}, stop=stop, after_stop=tuple(after),
        per_number_day={k: dict(v) for k, v in per_number.items()},
        respondents=_per_respondent(cs, readings, received, set(night_idx), set(after_any if everyone else after),
                                    set(low_threats)),
        amounts=tuple(amounts), demanded=_demands(cs, amounts), number_shown=shown,
        after_stop_addressed=tuple(after_stop), after_stop_everyone=everyone, after_stop_any=tuple(after_any),
        low_threats=tuple(sorted(set(low_threats))),
    )


def _collects(r: Reading) -> bool:
    """Whether a message is a collector's: it collects or reminds of a debt, or threatens."""
    return any(n in ("overdue_collection", "repayment_reminder") or n.startswith("threat") for n in r.label_names)


def acts_for(cs: Sequence[Contact], respondents: Sequence[Respondent], lenders: Sequence[str],
             readings: Mapping[int, Reading] | None = None) -> dict[str, set[str]]:
    """The lenders each respondent acts for: a lender itself; a collector, the case's one lender,
    or with several lenders the ones its messages name as owed ("受诚汇消费金融委托", "你在诚汇的
    欠款"); none when that is not known. A message about someone else's debt (read so in
    ``readings``) says only whose debt it collects, when it names a lender of the case; a sender
    whose every message is about other people's debts owed to no lender of the case (a third
    institution's mis-sent notices) acts for itself.

    Args:
        cs: the case's contacts (attributed).
        respondents: the case's respondents.
        lenders: the names of those known to be lenders.
        readings: the reading of each message by index, when known.

    A sender none of the respondents (a number nobody listed: :func:`~.parties.attribute`) acts
    for the lender its messages name as owed ("你在诚汇的2400元"), keyed by its
    :func:`~.parties.sender_label` (its number): whom it collects for, never who it is.

    Returns:
        Respondent name (or an unlisted sender's label) → lender names (those acting for none
        known are absent).
    """
    known = {x.name for x in respondents}
    ls = [name for name in lenders if name in known]
    out: dict[str, set[str]] = {name: {name} for name in ls}
    # the lenders the person owes: not one whose every message is about other people's debts
    # (a lender of somebody else whose notice reached the wrong phone)
    own = [name for name in ls if not _only_others_debts(cs, readings, name)]
    misdirected_only: set[str] = set()
    for i, c in enumerate(cs):
        if c.direction is Direction.IN and not c.respondent and c.text and c.counterpart.strip():
            # a number nobody listed, naming the lender it collects for (not one about someone
            # else's debt: a stranger's mis-sent notice collects for nobody of the case; not one
            # that collects nothing: the debtor's sister writing "我细佬话佢已经同融信讲咗换号")
            r = readings.get(i) if readings is not None else None
            owed = acts_for_named(c.text, respondents, ls)
            if owed and not (r is not None and (others_debt(r) or not _collects(r))):
                out.setdefault(sender_label(c.counterpart, ""), set()).add(owed)
            continue
        if c.direction is Direction.OUT or not c.respondent or c.respondent in ls or not c.text:
            continue
        owed = lender_named(c.text, respondents, ls) if ls else ""
        r = readings.get(i) if readings is not None else None
        if r is not None and others_debt(r):
            if owed and owed != c.respondent:
                out.setdefault(c.respondent, set()).add(owed)
            else:
                misdirected_only.add(c.respondent)
            continue
        if owed and owed != c.respondent:
            out.setdefault(c.respondent, set()).add(owed)
        elif len(own) == 1:
            out.setdefault(c.respondent, set()).update(own)
    for name in misdirected_only - set(out):
        out[name] = {name}
    return out


def _only_others_debts(cs: Sequence[Contact], readings: Mapping[int, Reading] | None, name: str) -> bool:
    """Whether every message received from ``name`` is about somebody else's debt (and there is one)."""
    if readings is None:
        return False
    mine = [readings.get(i) for i, c in enumerate(cs)
            if c.direction is Direction.IN and c.respondent == name and c.text.strip()]
    return bool(mine) and all(r is not None and others_debt(r) for r in mine)


def _stop_group(addressed: set[str], cs: Sequence[Contact], respondents: Sequence[Respondent],
                acts: Mapping[str, set[str]], lenders: Sequence[str]) -> set[str]:
    """The respondents a stop request concerns: those it was made to, and those known to act for
    a lender they act for. When the case has one lender and the request concerns it, every
    respondent not known to act for another (the case lists them as its collectors); when the
    case names no lenders, those whose messages name one it was made to as owed ("您在恒信消费金融
    的欠款"). A sender not shown to act for the same lender is left out: a phone's other banks and
    lenders are their own parties."""
    concerned = {lender for name in addressed for lender in acts.get(name, ())}
    known = [r.name for r in respondents if r.name in lenders]
    sole = len(known) == 1 and known[0] in concerned
    group = {r.name for r in respondents if acts.get(r.name, set()) & concerned or (sole and not acts.get(r.name))}
    if not known:
        group |= {c.respondent for c in cs if c.respondent and c.direction is Direction.IN and c.text
                  and lender_named(c.text, respondents, addressed) in addressed - {c.respondent}}
    # a number nobody listed that collects for the same lender (its messages name it as owed):
    # the request reaches it too, as it reaches the lender's listed collectors
    names = {r.name for r in respondents}
    group |= {key for key, owed in acts.items() if key not in names and owed & (concerned | addressed)}
    return group | addressed


# "剩下的我会直接和易享贷协商", "我會直接與華信銀行協商", "I am dealing with Fortune Credit directly"
_DIRECTLY = re.compile(r"直接(?:和|与|與|跟|同|找)([^，,。.！!？?；;\s]{2,16}?)(?:协商|協商|商量|沟通|溝通|联系|聯絡|处理|處理|谈|談)"
                       r"|(?:deal(?:ing)?|speak(?:ing)?|talk(?:ing)?|work(?:ing)?) (?:with|to) (.{2,40}?) directly",
                       re.IGNORECASE)


def _dealt_with_directly(cs: Sequence[Contact], stop: dt.datetime, respondents: Sequence[Respondent]) -> set[str]:
    """The respondents the person's request to stop, sent at ``stop``, says they will deal with
    themselves: the request does not concern them."""
    out: set[str] = set()
    for c in cs:
        if c.direction is Direction.OUT and c.text and c.time is not None and abs(c.time - stop) <= dt.timedelta(minutes=2):
            for m in _DIRECTLY.finditer(c.text):
                name = (m.group(1) or m.group(2) or "").strip()
                found = respondent_by_name(name, respondents) or lender_named(name, respondents,
                                                                              [r.name for r in respondents])
                if found:
                    out.add(found)
    return out


def _amounts(cs: tuple[Contact, ...], readings: Mapping[int, Reading], respondents: Sequence[Respondent],
             lenders: Sequence[str], yuan: str, dollar: str | None,
             acts: Mapping[str, set[str]] | None = None) -> list[AmountEntry]:
    out: list[AmountEntry] = []
    known = {x.name for x in respondents}
    sole = lenders[0] if len(lenders) == 1 and lenders[0] in known else ""
    all_roled = _roled(cs, readings, yuan, dollar)
    # the sums the person has said they paid: saying one again (in a later request to stop, say)
    # is no new payment, and the payment's record is their first word and the receipts
    told: set[tuple[Decimal, str | None]] = set()
    for i, (mine, roled) in all_roled.items():
        c, r = cs[i], readings[i]
        if mine:
            again = {(ra.amount.value, ra.amount.currency) for ra in roled if ra.role is AmountRole.PAID}
            roled = [ra for ra in roled if ra.role is not AmountRole.PAID or (ra.amount.value, ra.amount.currency) not in told]
            told |= again
        # the lender a message names ("您在恒信消费金融的借款") is owed; else, from a respondent that
        # is not the case's one lender (its collector), that lender; else the one it is from
        who = sender_label(c.counterpart, c.respondent) if c.direction is Direction.IN else ""
        only = (acts or {}).get(c.respondent or who, set()) if (c.respondent or who) else set()
        collects_for = sole if sole and c.respondent and c.respondent != sole and not only else ""
        if not collects_for and (c.respondent or who) and c.respondent not in lenders and len(only) == 1:
            # the one lender this collector is known to act for (none for a sender acting for
            # itself: a third institution's notice is its own)
            collects_for = next(iter(only - {c.respondent}), "")
        # ... unless it says the sum is owed to the sender itself (an agency's own charge); and
        # somebody else's debt is owed to whom the notice names, else it is the sender's notice:
        # never the lender the sender collects for in the person's case (an agency's notice for
        # another creditor's debtor)
        lender = ((c.respondent if owed_to_sender(c.text, c.respondent) else "")
                  or lender_named(c.text, respondents, lenders) or ("" if others_debt(r) else collects_for)
                  or sender_label(c.counterpart, c.respondent))
        seen: set[tuple[AmountRole, object, str | None]] = set()
        for ra in roled:
            # a payment or someone else's debt named twice in one message is one
            key = (ra.role, ra.amount.value, ra.amount.currency)
            if ra.role in (AmountRole.PAID, AmountRole.THIRD_PARTY_DEBT) and key in seen:
                continue
            seen.add(key)
            out.append(AmountEntry(ra, lender, c.source.exhibit, c.source.message_index, i,
                                   by=who if who and who != lender else ""))
    return out


def _roled(cs: tuple[Contact, ...], readings: Mapping[int, Reading], yuan: str,
           dollar: str | None) -> dict[int, tuple[bool, list[RoledAmount]]]:
    """Each contact's amounts with their roles (by contact index, with whether the person wrote it).

    A part the person says they are paying now ("今天先还1000", "我先匯4,000") is no payment by its
    words alone (convention 16); when the next message naming that sum as paid is a receipt from the
    other side, within three days, it was the payment, and the person's message is their word of it."""
    out: dict[int, tuple[bool, list[RoledAmount]]] = {}
    for i, c in enumerate(cs):
        r = readings.get(i)
        if r is None or not c.text:
            continue
        found = find_amounts(c.text, yuan=yuan, dollar=dollar)
        if found:
            mine = r.from_claimant or c.direction is Direction.OUT
            out[i] = (mine, assign_roles(c.text, found, from_claimant=mine, others_debt=others_debt(r)))

    def receipt_follows(i: int, ra: RoledAmount) -> bool:
        key = (ra.amount.value, ra.amount.currency)
        for j, (theirs_mine, roled) in out.items():
            if j <= i or not any(x.role is AmountRole.PAID and (x.amount.value, x.amount.currency) == key for x in roled):
                continue
            a, b = cs[i].time, cs[j].time
            soon = a is None or b is None or dt.timedelta(0) <= b - a <= dt.timedelta(days=3)
            return not theirs_mine and soon
        return False

    def first_part(i: int, ra: RoledAmount) -> bool:
        # "先还1000", "我先匯4,000", "今仔日先匯一萬": a first part, said right before the sum
        return "先" in ra.basis or "先" in cs[i].text[max(0, ra.amount.start - 6):ra.amount.start]

    for i, (mine, roled) in out.items():
        if mine:
            roled[:] = [RoledAmount(ra.amount, AmountRole.PAID, ra.basis)
                        if ra.role is AmountRole.OTHER and first_part(i, ra) and receipt_follows(i, ra) else ra
                        for ra in roled]
    return out


def _demands(cs: tuple[Contact, ...], amounts: Sequence[AmountEntry]) -> tuple[Demand, ...]:
    def contact(e: AmountEntry) -> Contact | None:
        if e.contact is not None and 0 <= e.contact < len(cs):
            return cs[e.contact]
        return by_source.get((e.exhibit, e.message_index))

    by_source = {(c.source.exhibit, c.source.message_index): c for c in cs}
    # what the person is asked to pay is in what they received: their own words quoting a sum
    # ("你们要的3000元我不认") demand nothing of them
    groups: dict[tuple[str, str | None], list[AmountEntry]] = {}
    payments: dict[tuple[str, str | None], list[AmountEntry]] = {}
    for e in amounts:
        c = contact(e)
        if e.amount.role is AmountRole.DEMANDED and c is not None and c.direction is Direction.IN:
            groups.setdefault((e.lender, e.amount.amount.currency), []).append(e)
        elif e.amount.role is AmountRole.PAID:
            payments.setdefault((e.lender, e.amount.amount.currency), []).append(e)

    def order(e: AmountEntry) -> dt.datetime:
        # the order of demands goes by any time a contact has; whether a payment came after one,
        # only by a time that is sure
        c = contact(e)
        return (c.time if c is not None else None) or dt.datetime.min

    def at(e: AmountEntry) -> dt.datetime | None:
        c = contact(e)
        return c.time if c is not None and c.timed else None

    def exhibits_of(es: Sequence[AmountEntry]) -> tuple[str, ...]:
        return tuple(dict.fromkeys(n for e in es if (c := contact(e)) is not None
                                   for n in (c.source.exhibit, *c.extra.get("also", ()))))

    out = []
    for key, es in groups.items():
        lender, currency = key
        # in the order they were demanded (exhibits need not be in time order); within one
        # message in the order written, so the latest is the last amount of the last message
        es = sorted(es, key=order)
        value, latest_at = _latest(es, contact, at)
        values = [e.amount.amount.value for e in es]
        paid = payments.get(key, [])

        def settles(value: Decimal, latest_at: dt.datetime | None) -> bool:
            return any(p.amount.amount.value == value and (latest_at is None or (t := at(p)) is None or t >= latest_at)
                       for p in paid)

        settled = settles(value, latest_at)
        # each party's demands apart: the lender's own first, then its collectors in order of first demand
        by_party: dict[str, list[AmountEntry]] = {}
        for e in sorted(es, key=lambda e: e.by != ""):
            by_party.setdefault(e.by, []).append(e)
        parties = []
        own = sorted(((t, e) for e in by_party.get("", []) if (t := at(e)) is not None), key=lambda x: x[0])
        for by, pes in by_party.items():
            p_value, p_at = _latest(pes, contact, at)
            unreduced = _unreduced(pes, paid, at, exhibits_of, by)
            if by:
                # a collector still asking the old sum: beside it, the lower figure the lender itself
                # gave at or after the payment (its receipt's balance), when it gave one
                unreduced = tuple(_beside_owner(u, own, exhibits_of) for u in unreduced)
            parties.append(PartyDemand(by, tuple(dict.fromkeys(e.amount.amount.value for e in pes)), p_value,
                                       exhibits_of(pes), p_at, unreduced, settles(p_value, p_at)))
        unreduced = tuple(u for p in parties for u in p.unreduced)
        out.append(Demand(lender, currency, tuple(dict.fromkeys(values)), value, max(values), exhibits_of(es),
                          latest_at, settled, unreduced, tuple(parties)))
    return tuple(out)


def _beside_owner(u: Unreduced, own: Sequence[tuple[dt.datetime, AmountEntry]],
                  exhibits_of: Callable[[Sequence[AmountEntry]], tuple[str, ...]]) -> Unreduced:
    """``u`` (a collector's sum asked again unchanged) with the first lower figure the lender owed
    itself stated at or after the payment (``own``: its demands by time), when it stated one."""
    lower = next((e for t, e in own if t >= u.paid_at and e.amount.amount.value < u.value), None)
    if lower is None:
        return u
    return replace(u, owner_after=lower.amount.amount.value, owner_after_exhibits=exhibits_of([lower]))


def _latest(es: Sequence[AmountEntry], contact: Callable[[AmountEntry], Contact | None],
            at: Callable[[AmountEntry], dt.datetime | None]) -> tuple[Decimal, dt.datetime | None]:
    """The latest figure of demands in the order demanded (the last amount of the last message,
    unless that message sets out a schedule: then the instalment due first), and when."""
    latest = es[-1]
    last = [e for e in es if contact(e) is contact(latest)]
    c_last = contact(latest)
    first = due_first(c_last.text if c_last is not None else "", [e.amount for e in last])
    latest = next((e for e in last if e.amount is first), latest)
    return latest.amount.amount.value, at(latest)


def _unreduced(demands: Sequence[AmountEntry], paid: Sequence[AmountEntry],
               at: Callable[[AmountEntry], dt.datetime | None],
               exhibits_of: Callable[[Sequence[AmountEntry]], tuple[str, ...]], by: str = "") -> tuple[Unreduced, ...]:
    """Sums larger than a payment that one party demanded before it and again, unchanged, after
    it (the first such demand after each payment, or in the message that names the payment:
    "妳僅繳5,000元無效，全額48,600元"; only contacts whose time is sure). A payment is one sum, as
    :meth:`CaseFigures.payments` has it, however often it is stated (the person's word, the
    lender's receipt, a collector's "收到"), paid when it was first stated; a demand is
    never said twice."""
    timed_demands = sorted(((t, d) for d in demands if (t := at(d)) is not None), key=lambda x: x[0])
    stated: dict[Decimal, list[tuple[dt.datetime, AmountEntry]]] = {}
    for tp, p in sorted(((t, p) for p in paid if (t := at(p)) is not None), key=lambda x: x[0]):
        stated.setdefault(p.amount.amount.value, []).append((tp, p))
    out: list[Unreduced] = []
    said: set[tuple[Decimal, dt.datetime]] = set()
    for paid_value, mentions in stated.items():
        tp = mentions[0][0]
        before = {d.amount.amount.value for t, d in timed_demands if t < tp}
        seen: set[Decimal] = set()
        for t, e in timed_demands:
            v = e.amount.amount.value
            if t < tp or v in seen or v not in before or v <= paid_value or (v, t) in said:
                continue
            seen.add(v)
            said.add((v, t))
            same = [d for td, d in timed_demands if td == t and d.amount.amount.value == v]  # its copies
            out.append(Unreduced(paid_value, tp, exhibits_of([p for _, p in mentions]), v, t, exhibits_of(same),
                                 tuple(dict.fromkeys(d.contact for d in same if d.contact is not None)), by,
                                 tuple(dict.fromkeys(p.contact for _, p in mentions if p.contact is not None))))
    return tuple(out)


@dataclass
class _Tally:
    contacts: int = 0
    night: int = 0
    after: int = 0
    threats: int = 0
    labels: Counter[str] = field(default_factory=Counter)
    exhibits: dict[str, None] = field(default_factory=dict)
    numbers: dict[str, None] = field(default_factory=dict)


def _per_respondent(cs: tuple[Contact, ...], readings: Mapping[int, Reading], received: Sequence[int],
                    night: set[int], after: set[int], low_threats: set[int]) -> tuple[RespondentFigures, ...]:
    counted = set(received)
    acc: dict[str, _Tally] = {}
    for i, c in enumerate(cs):
        if c.direction is Direction.OUT:
            continue
        a = acc.setdefault(sender_label(c.counterpart, c.respondent), _Tally())  # "": not known
        a.contacts += i in counted
        a.night += i in night
        a.after += i in after
        r = readings.get(i)
        if r is not None:
            names = message_label_names(r)
            a.labels.update(names)
            a.threats += "threat" in names and i not in low_threats
        a.exhibits.setdefault(c.source.exhibit)
        if c.counterpart.strip():
            a.numbers.setdefault(" ".join(c.counterpart.split()))
    out = [RespondentFigures(name, a.contacts, a.night, a.after, a.threats, dict(a.labels), tuple(a.exhibits),
                             tuple(a.numbers)) for name, a in acc.items() if a.contacts or a.labels]
    out.sort(key=lambda r: -r.contacts)
    return tuple(out)
