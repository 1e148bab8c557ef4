"""A complaint or a brief written from a case: the :class:`DraftInput` filled in from the case's
analysis (the same counts, findings and exhibit numbers as the bundle), and the fingerprint of
the bundle it points at.

Which respondent a complaint is about: the one asked for, else the one most findings are
attributed to. A complaint cites only that respondent's exhibits and findings; the lawyer's brief
and the telecom report name everything.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from collections.abc import Collection, Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from evidencekit.core.analysis.addressing import claimant_forms, disowned, names_claimant
from evidencekit.core.analysis.casework import CaseAnalysis, analyse
from evidencekit.core.analysis.case_settings import CaseSettings, read_settings
from evidencekit.core.analysis.contacts import Channel, Contact, Direction
from evidencekit.core.analysis.amounts import AmountRole
from evidencekit.core.analysis.figures import acts_for, is_receipt, message_label_names, others_debt, others_debt_said, told_others
from evidencekit.core.analysis.findings.engine import asks_to_stop
from evidencekit.core.analysis.findings import Finding
from evidencekit.core.analysis.labels import SERIOUS, THREAT_KINDS, display_labels, label_name
from evidencekit.core.analysis.parties import (
    acts_for_named, digits, licence_number, number_key, number_region, same_institution, same_number, sender_label, split_sender,
)
from evidencekit.core.analysis.textnorm import to_simplified
from evidencekit.core.analysis.timebasis import localize_basis, time_note
from evidencekit.core.documents.dates import draft_dates
from evidencekit.core.documents.model import (
    ContactKinds, Draft, DraftInput, ExhibitRef, KeyQuote, NotTheDebtor, Party, StopRequest, TimelineEntry,
)
from evidencekit.core.documents.render import (
    _exhibits_note, channels, cited_exhibits, render, resolve_channel,
)
from evidencekit.core.export import summary
from evidencekit.core.export.merkle import merkle_root
from evidencekit.core.export.model import ExhibitInput
from evidencekit.core.export.strings import Strings, in_region, strings
from evidencekit.core.vault import actions
from evidencekit.errors import UsageError

if TYPE_CHECKING:
    from evidencekit.core.models import CaseMeta
    from evidencekit.core.vault.case import Case

#: Rules whose quotes a complaint cites first, most serious first.
QUOTE_ORDER = ("impersonation", "threats", "third-party-disclosure", "insults", "third-party-collection",
               "misdirected", "legal-documents")
QUOTES_MAX = 5
#: What a report to the police quotes: every threat it covers (the findings' rules), up to so many.
POLICE_QUOTES = ("impersonation", "threats", "third-party-disclosure", "insults")
POLICE_QUOTES_MAX = 12
TIMELINE_MAX = 40
#: How much each rule weighs in choosing the quotes: a message in several findings (a threat to
#: tell the person's husband, at night, after they asked to stop) counts each.
_WEIGHT = {"impersonation": 5, "third-party-disclosure": 4, "third-party-collection": 4, "threats": 3, "insults": 2,
           "legal-documents": 2, "misdirected": 2, "quiet-hours": 1, "after-stop": 1, "demand_after_payment": 4,
           "disclosed": 6}
#: Channels that are about every respondent at once.
ALL_RESPONDENTS = frozenset({"lawyer"})

_NO_BUNDLE = {
    "zh-Hans": "（尚未生成签名证据包：请先导出证据包，再把其指纹写在这里。）",
    "zh-Hant": "（尚未產生簽章證據包：請先匯出證據包，再把其指紋寫在這裡。）",
    "en": "(No signed bundle has been made yet: export one, then give its fingerprint here.)",
}
_STALE = {
    "zh-Hans": "（注意：上次导出证据包后案件又有变动，请重新导出，以免证据编号不符。）",
    "zh-Hant": "（注意：上次匯出證據包後案件又有變動，請重新匯出，以免證據編號不符。）",
    "en": "(Note: the case changed after the last bundle was made; export it again so the exhibit numbers match.)",
}


@dataclass(frozen=True, slots=True)
class BundleRef:
    """The latest signed bundle exported from the case.

    Attributes:
        fingerprint: its fingerprint (SHA-256 Merkle root of the originals).
        pdf: its file name.
        made_at: when (the custody entry's time).
        current: the case's exhibits are still those it holds (same fingerprint).
    """

    fingerprint: str
    pdf: str
    made_at: str
    current: bool


def case_exhibits(case: Case) -> tuple[ExhibitInput, ...]:
    """The case's exhibits as the bundle sees them (readings with corrections), without custody."""
    return tuple(ExhibitInput(ex.number, ex.item, case.original_path(ex.item), ex.ocr, corrected=ex.corrected,
                              media=ex.media)
                 for ex in case.exhibits_with_text())


def latest_bundle(case: Case, exhibits: Sequence[ExhibitInput] | None = None) -> BundleRef | None:
    """The latest export recorded in the case's custody log (None when none was made)."""
    last: tuple[str, actions.ExportMade] | None = None
    for e in case.log_entries():
        d = actions.decode(e)
        if isinstance(d, actions.ExportMade) and d.fingerprint:
            last = (e.time, d)
    if last is None:
        return None
    exs = exhibits if exhibits is not None else case_exhibits(case)
    now = merkle_root([ex.item.sha256 for ex in exs], "sha256")
    return BundleRef(last[1].fingerprint, last[1].pdf, last[0], now == last[1].fingerprint)


_UNDATED = {"zh-Hans": "时间不详", "zh-Hant": "時間不詳", "en": "time unknown"}
_MY_REPLY = {"zh-Hans": "本人回复", "zh-Hant": "本人回覆", "en": "my reply"}  # "本人回复" + to whom
#: the person's request to stop, as a quote names it (a demand of theirs, not a reply)
_MY_STOP = {"zh-Hans": "本人要求停止联系", "zh-Hant": "本人要求停止聯絡", "en": "my request to stop"}
#: the person's word that they paid (not a reply to the message before it)
_MY_PAYMENT = {"zh-Hans": "本人告知已付款", "zh-Hant": "本人告知已付款", "en": "my notice of payment"}
#: a reply written on a third party's phone (their screenshot): theirs, not the person's
_THEIR_REPLY = {"zh-Hans": "{who}回复", "zh-Hant": "{who}回覆", "en": "reply by {who}"}
#: One sender a draft leaves out, and the sentence saying so (by the channel's kind).
_LEFT_OUT_ONE = {"zh-Hans": "{who}联系本人{n}次{ex}", "zh-Hant": "{who}聯絡本人{n}次{ex}", "en": "{who}: {n} contacts{ex}"}
#: ... one whose messages are all of unknown time (counted in no figure)
_LEFT_OUT_UNDATED = {"zh-Hans": "{who}的消息（时间不详）{ex}", "zh-Hant": "{who}的訊息（時間不詳）{ex}",
                     "en": "{who}: messages of unknown time{ex}"}
_LEFT_OUT = {
    "": {"zh-Hans": "另有{senders}：未列入本投诉，详见证据包。", "zh-Hant": "另有{senders}：未列入本件，詳見證據包。",
         "en": "Not covered here: {senders} (see the bundle)."},
    "police": {"zh-Hans": "本报案未包括以下发送方的威胁：{senders}。", "zh-Hant": "本報案未包括以下發送方的恐嚇：{senders}。",
               "en": "This report leaves out the threats of: {senders}."},
    "telecom": {"zh-Hans": "以下号码也发送了威胁信息，本举报未包括，需另行举报：{senders}。",
                "zh-Hant": "以下號碼也發送了威脅訊息，本舉報未包括，須另行舉報：{senders}。",
                "en": "These numbers sent threats too and are not in this report (report them apart): {senders}."},
}
#: A case number a message gives ("案号(2026)沪0115民初88888号", "案件編號SCTC 018827/2026").
_CASE_NO = re.compile(r"(?:案号|案號|案件编号|案件編號|case\s+no\.?)\s*[:：]?\s*([^，。,；;\s]+(?:\s\d[^，。,；;\s]*)?)", re.I)
#: How a sender introduces itself before the body it poses as ("我是徐汇区人民法院…").
_SELF_INTRO = re.compile(r"^(?:我是|我们是|我們是|我哋係|我係|这里是|這裡是|這里是|本院)")
_CASE_WORD = {"zh-Hans": "案号", "zh-Hant": "案件編號", "en": "case no. "}
_QUOTED = {"zh-Hans": "“{}”", "zh-Hant": "「{}」", "en": "“{}”"}
#: The rules whose findings are threats a report to the police is about.
THREAT_RULES = frozenset({"threats", "impersonation", "third-party-disclosure"})
_PLACE = {"CN": {"zh-Hans": "中国大陆", "zh-Hant": "中國大陸", "en": "mainland China"},
          "TW": {"zh-Hans": "台湾", "zh-Hant": "臺灣", "en": "Taiwan"},
          "HK": {"zh-Hans": "香港", "zh-Hant": "香港", "en": "Hong Kong"}}


@dataclass(frozen=True, slots=True)
class Sender:
    """One respondent or sender of the case as a draft can be about them.

    Attributes:
        key: how the case's contacts name them (the respondent they are attributed to, else the
            sender line as shown: "安逸花 95188 8001", "17123456789").
        name: the institution's name, "" when only a number is known.
        numbers: the numbers they wrote or called from.
        contacts: their received contacts whose time is sure.
        findings: the findings that are about them alone.
    """

    key: str
    name: str
    numbers: tuple[str, ...]
    contacts: int = 0
    findings: int = 0

    def label(self) -> str:
        """As a list names them: the key, with its numbers when the key is a name without one."""
        extra = [n for n in self.numbers if digits(n) and digits(n) not in digits(self.key)]
        return f"{self.key} ({', '.join(extra)})" if extra else self.key


#: the brand a message is signed with, at its start
_SIGNED = re.compile(r"^\s*[【\[]([^】\]]{2,20})[】\]]")


def sender_of(c: Contact) -> str:
    """Whom a contact is from as the case names them: the respondent it is attributed to, else the
    sender line ("" when neither is known, e.g. a recording), a number alone however it is written,
    as the cover counts senders (:func:`~evidencekit.core.analysis.parties.sender_label`)."""
    return sender_label(c.counterpart, c.respondent)


def _threads(contacts: Sequence[Contact]) -> dict[int, str]:
    """Each contact's sender (index → key): a received one's own, the person's own reply that of
    the messages it answers (same counterpart); contacts with no sender are left out."""
    by_counterpart: dict[str, str] = {}
    out: dict[int, str] = {}
    for i, c in enumerate(contacts):
        if c.direction is Direction.IN and (k := sender_of(c)):
            out[i] = k
            if c.counterpart.strip():
                by_counterpart.setdefault(_norm(c.counterpart), k)
    for i, c in enumerate(contacts):
        if c.direction is Direction.OUT:
            k = c.respondent or by_counterpart.get(_norm(c.counterpart), "") or _norm(c.counterpart)
            if k:
                out[i] = k
    return out


def _owner(f: Finding, thread: dict[int, str], by_ref: dict[str, int]) -> str:
    """Whom a finding is about alone: its respondent, else the one sender of all its evidence
    ("" when its evidence is several senders' or an unknown one's)."""
    if f.respondent:
        return f.respondent
    keys = {thread.get(by_ref[e.ref], "") if e.ref in by_ref else "" for e in f.evidence}
    return keys.pop() if len(keys) == 1 else ""


def senders(analysis: CaseAnalysis) -> list[Sender]:
    """The case's senders and respondents, most findings about them alone first, then most
    contacts: the first is whom a complaint is about by default (the lawyer's brief lists them in
    the same order). The case's respondents that sent nothing come last."""
    contacts = analysis.contacts
    thread = _threads(contacts)
    by_ref = {c.source.ref(): i for i, c in enumerate(contacts)}
    owned = Counter(o for f in analysis.findings if (o := _owner(f, thread, by_ref)))
    counted = Counter(thread[i] for i in analysis.figures.received if i in thread)
    numbers: dict[str, list[str]] = {}
    names: dict[str, str] = {}
    for i, k in thread.items():
        c = contacts[i]
        if c.direction is not Direction.IN:
            continue
        name, number = split_sender(c.counterpart)
        names.setdefault(k, c.respondent or name)
        nums = numbers.setdefault(k, [])
        if number and number not in nums:
            nums.append(number)
    for r in analysis.meta.respondents:
        if r.name in names:
            numbers[r.name] += [n for n in r.numbers if n not in numbers[r.name]]
    out = [Sender(k, names[k], tuple(numbers[k]), counted[k], owned[k]) for k in names]
    out.sort(key=lambda x: (-x.findings, -x.contacts))
    out += [Sender(r.name, r.name, tuple(r.numbers)) for r in analysis.meta.respondents if r.name not in names]
    return out


def _fold(text: str) -> str:
    return to_simplified(" ".join(text.split())).casefold()


def find_respondent(analysis: CaseAnalysis, asked: str) -> Sender:
    """The sender or respondent ``asked`` names: by its name as shown, a fragment of it ("安逸花"
    for "安逸花 95188 8001"), the institution's name in either script, or one of its numbers
    ("106980095786" for the respondent that wrote from it), spaces and dashes aside.

    Raises:
        UsageError: none fits, or several do (the known ones listed with their numbers).
    """
    known = senders(analysis)
    q = _fold(asked)
    qd = digits(asked)
    found = [x for x in known if _fold(x.key) == q]
    if not found and len(qd) >= 3 and len(qd) >= len(re.sub(r"\s", "", asked)) - 3:  # a number
        found = [x for x in known if any(same_number(asked, n) or digits(n) == qd for n in (*x.numbers, x.key))]
    if not found and q:
        found = [x for x in known if (x.name and same_institution(asked, x.name)) or (len(q) >= 2 and q in _fold(x.key))]
    if not found and len(q) >= 2:
        # the brand a sender signs its own messages with ("【平安普惠】…" from 95511)
        signed = {sender_of(c) for c in analysis.contacts if c.direction is Direction.IN
                  and (m := _SIGNED.match(c.text or "")) and (q in _fold(m.group(1)) or same_institution(asked, m.group(1)))}
        found = [x for x in known if x.key in signed]
    if len(found) == 1:
        return found[0]
    listed = "; ".join(x.label() for x in (found or known)) or "none"
    if found:
        raise UsageError(f"--respondent {asked!r} fits more than one sender: {listed}; give more of the name or "
                         f"the number")
    raise UsageError(f"no respondent or sender of this case fits {asked!r} (known: {listed})")


def _stamp(c: Contact, lang: str, *, short: bool = False) -> str:
    """A contact's time for a document; a time worked out from a relative stamp says so: in full
    (the basis and the stamp, for a quote), or ``short`` (the stamp only, for a timeline). A time
    that rests on nothing sure (the file's time only) is never given: "时间不详"."""
    if c.time is None or not c.timed:
        return _UNDATED[lang]
    t = c.time.strftime("%Y-%m-%d %H:%M")
    if c.time_basis and c.certainty.value == "resolved":
        if short:
            label = c.time_label.strip()
            note = {"zh-Hans": f"据“{label}”推算", "zh-Hant": f"據「{label}」推算",
                    "en": f"worked out from “{label}”"}[lang] if label else localize_basis(c.time_basis, lang)
            t += ("（" if lang != "en" else " (") + note + ("）" if lang != "en" else ")")
        else:
            # the one wording findings and the bundle give it: "按本人陈述的日期 … 推算“今天 08:47”"
            t += time_note(c.certainty, c.time_basis, lang, paren=True)
    return t


def _quote(c: Contact, lang: str, *, own: bool = False, to: str = "", stop: bool = False,
           paid: bool = False, shown: Sequence[str] = ()) -> KeyQuote:
    """A message to quote; the person's own reply says so (and to whom, ``to``, where the draft is
    about several senders), their request to stop as such (``stop``), their word that they paid as
    such (``paid``), and a reply written on a third party's phone (their screenshot) as that
    person's. ``shown``: other exhibits (screenshots) showing the same message, beside those the
    case linked to it."""
    sender = _norm(c.counterpart)
    if own:
        received_by = str(c.extra.get("received_by", "")).strip()
        if received_by:
            sender = _THEIR_REPLY[lang].format(who=received_by)
        else:
            head = _MY_STOP[lang] if stop else _MY_PAYMENT[lang] if paid else _MY_REPLY[lang]
            if to:
                apart = stop or paid  # "本人要求停止联系（致X）"; "本人回复X"
                head += (" to " if lang == "en" else ("（致" if apart else "")) + to + ("）" if apart and lang != "en" else "")
            sender = head
    also = tuple(dict.fromkeys(x for x in (*c.extra.get("also", ()), *shown) if x != c.source.exhibit))
    return KeyQuote(c.source.exhibit, c.text, _stamp(c, lang), sender, undated=not c.timed, own=own,
                    short_time=_stamp(c, lang, short=True), machine_read=c.source.message_index is not None,
                    also=also)


def _answered(contacts: Sequence[Contact], thread: dict[int, str], i: int) -> int | None:
    """The message the person's reply ``i`` answers: the last one received in its thread before it
    (on the same screenshot, above it; else by time when both times are sure); None when unknown."""
    c = contacts[i]
    best: tuple[tuple[int, dt.datetime | int], int] | None = None
    for k, o in enumerate(contacts):
        if k == i or o.direction is not Direction.IN or not o.text or thread.get(k) != thread.get(i):
            continue
        if o.source.exhibit == c.source.exhibit and o.source.message_index is not None \
                and c.source.message_index is not None:
            if o.source.message_index < c.source.message_index:
                key: tuple[int, dt.datetime | int] = (1, o.source.message_index)
            else:
                continue
        elif o.timed and c.timed and o.time is not None and c.time is not None and o.time <= c.time:
            key = (0, o.time)
        else:
            continue
        if best is None or key > best[0]:
            best = (key, k)
    return best[1] if best is not None else None


def _most(analysis: CaseAnalysis, ranked: Sequence[Sender], rules: frozenset[str], *,
          disclosed: bool = False) -> Sender | None:
    """The sender most findings of ``rules`` are about alone (``disclosed``: only those saying the
    debt did reach a third party, when there are any), in :func:`senders` order when equal."""
    thread = _threads(analysis.contacts)
    by_ref = {c.source.ref(): i for i, c in enumerate(analysis.contacts)}
    fs = [f for f in analysis.findings if f.rule_id in rules]
    if disclosed and any(f.facts.get("disclosed") for f in fs):
        fs = [f for f in fs if f.facts.get("disclosed")]
    n = Counter(o for f in fs if (o := _owner(f, thread, by_ref)))
    best = max(ranked, key=lambda x: n[x.key], default=None)  # (the first of equals)
    return best if best is not None and n[best.key] else None


def case_lender(analysis: CaseAnalysis, ranked: Sequence[Sender] | None = None) -> Sender | None:
    """The case's lender as :func:`senders` has it: the first of the settings' lenders
    (``settings --lender``) that is a sender or respondent of the case (by name, in either script);
    None when the person named none."""
    ranked = senders(analysis) if ranked is None else ranked
    for name in analysis.settings.lenders:
        for x in ranked:
            if x.name and (x.key == name or same_institution(name, x.name)):
                return x
    return None


def chosen_respondent(analysis: CaseAnalysis, channel: str, respondent: str | None = None) -> Sender | None:
    """Whom a draft for ``channel`` is about: the respondent asked for (:func:`find_respondent`),
    else the channel's default (:attr:`~.render.Channel.default_respondent`): the case's lender
    (:func:`case_lender`; a complaint about it covers its agencies), or for a market regulator
    (``agency``) the collection agency acting for it that most findings are about, else the first respondent the
    person listed, never a number nobody listed (but when no lender is set and a complaint about that
    one would hold no finding while others' conduct was found, the sender most findings are
    about); the sender of the disclosures to others (a privacy desk); the sender of the most
    threats (the police). Otherwise the first of :func:`senders`
    writing from a number of the channel's region, else the first of them. None for a channel
    about everyone (the lawyer's brief) or a case with no sender.

    Raises:
        UsageError: a respondent that fits no sender of the case (or several).
    """
    cid = resolve_channel(channel)
    if cid in ALL_RESPONDENTS:
        return None
    if respondent is not None and respondent.strip():
        return find_respondent(analysis, respondent)
    ranked = senders(analysis)
    ch = channels()[cid]
    if ch.default_respondent == "agency":
        # a market regulator's desk: the collection agency (a company it registers) acting for
        # the case's lender, not the licensed lender another regulator oversees; the one of them
        # most findings are about
        lender = case_lender(analysis, ranked)
        agencies = [x for x in ranked if x.name and x is not lender and x.findings
                    and not any(x.key == n or same_institution(n, x.name) for n in analysis.settings.lenders)]
        if lender is not None and agencies:
            return max(agencies, key=lambda x: x.findings)  # (the first of equals)
    if ch.default_respondent in ("lender", "agency"):
        lender = case_lender(analysis, ranked)
        if lender is not None:
            return lender
        # the respondents the person listed by a name before those listed by a number alone,
        # before any number nobody listed
        named = ([x for x in ranked if x.name and not re.fullmatch(r"[\d\s+()\-]+", x.name)]
                 or [x for x in ranked if x.name] or ranked)
        # none set: a respondent listed, unless a complaint about it would have nothing to say
        # while others' conduct was found (only a number nobody listed threatened): then whom
        # the findings are about
        listed = _regional(named, cid)
        if listed is not None and (_findings_cover(analysis, listed, cid) or not any(x.findings for x in ranked)):
            return listed
    elif ch.default_respondent == "disclosure":
        best = _most(analysis, ranked, frozenset({"third-party-disclosure"}), disclosed=True)
        if best is not None:
            return best
    elif ch.kind == "police":
        best = _most(analysis, ranked, THREAT_RULES)
        if best is not None:
            return best
    return _regional(ranked, cid)


def _regional(ranked: Sequence[Sender], cid: str) -> Sender | None:
    """The first of ``ranked`` writing from a number of the channel's region, else the first: a
    desk acts on its own region's firms (Taiwan's on a sender writing from a Taiwanese number ahead
    of a mainland mobile with more findings)."""
    region = channels()[cid].jurisdiction
    local = [x for x in ranked if any(number_region(n) == region for n in x.numbers)]
    pick = local or ranked
    return pick[0] if pick else None


def _findings_cover(analysis: CaseAnalysis, chosen: Sender, cid: str) -> bool:
    """Whether a complaint about ``chosen`` (and whom it covers) has any finding to tell."""
    covering = covered(analysis, chosen, cid, asked=False)
    thread = _threads(analysis.contacts)
    by_ref = {c.source.ref(): i for i, c in enumerate(analysis.contacts)}
    return any((about := _about(f, thread, by_ref)) and about <= covering for f in analysis.findings)


def threat_senders(analysis: CaseAnalysis) -> list[str]:
    """The senders of the case's threats (findings of :data:`THREAT_RULES` not rated low, each
    about one sender alone), in :func:`senders` order."""
    thread = _threads(analysis.contacts)
    by_ref = {c.source.ref(): i for i, c in enumerate(analysis.contacts)}
    # (not a finding the findings themselves rate low: a lender's lawful credit-record reminder)
    owners = {o for f in analysis.findings if f.rule_id in THREAT_RULES and f.certainty.value != "low"
              and (o := _owner(f, thread, by_ref))}
    return [x.key for x in senders(analysis) if x.key in owners]


def covered(analysis: CaseAnalysis, chosen: Sender, channel: str = "", *, asked: bool = True) -> frozenset[str]:
    """Whose conduct a complaint about ``chosen`` covers (keys as :func:`senders` gives them): a
    lender and the collectors the case names acting for it
    (:func:`~evidencekit.core.analysis.figures.acts_for`) together, whichever of them was chosen,
    so that a complaint about a lender's collection tells all of it (its own notices, its agency's
    threats). A sender known by number only is never put with a lender (its messages may name the
    lender; whether it collects for it is not known): a complaint about it covers it alone, and
    one about the lender leaves it out (and says so: :attr:`~.model.DraftInput.left_out`). A
    report of one number (to a telecom desk) covers that number alone; a report to the police
    covers every sender of threats (:func:`threat_senders`), or the one ``asked`` for alone (it
    is about who sent the threats, not whom they collect for), as does a case whose lenders are
    not known.

    Args:
        analysis: the case's analysis.
        chosen: whom the complaint is about (:func:`chosen_respondent`).
        channel: the channel's id ("" for any complaint).
        asked: ``chosen`` was asked for (not the channel's default).
    """
    kind = channels()[resolve_channel(channel)].kind if channel else ""
    if kind == "telecom":
        return frozenset({chosen.key})
    if kind == "police":
        return frozenset({chosen.key}) if asked else frozenset({chosen.key, *threat_senders(analysis)})
    meta, settings, contacts = analysis.meta, analysis.settings, analysis.contacts
    acts = acts_for(contacts, meta.respondents, settings.lenders, analysis.readings)
    numbers_only = {x.key for x in senders(analysis) if not x.name}
    if chosen.key in numbers_only:
        return frozenset({chosen.key})
    theirs = acts.get(chosen.key, set())
    group = {chosen.key} | {name for name, owed in acts.items() if owed & theirs and name not in numbers_only}
    return frozenset(group)


def _about(f: Finding, thread: dict[int, str], by_ref: dict[str, int]) -> set[str]:
    """Whom a finding is about: its respondent, else the senders of its evidence ("" for one
    not known)."""
    if f.respondent:
        return {f.respondent}
    return {thread.get(by_ref[e.ref], "") if e.ref in by_ref else "" for e in f.evidence}


def _elsewhere_owed(f: Finding, analysis: CaseAnalysis, by_ref: dict[str, int], lender: str) -> bool:
    """Whether ``f`` is a notice meant for someone else that another sender sent (the lender's
    collector) and that names ``lender`` nowhere as owed: somebody else's debt to another creditor."""
    if f.rule_id != "misdirected" or not f.evidence or f.evidence[0].ref not in by_ref:
        return False
    c = analysis.contacts[by_ref[f.evidence[0].ref]]
    meta = analysis.meta
    return c.respondent != lender and acts_for_named(c.text, meta.respondents, analysis.settings.lenders) != lender


#: What a message pressing a debt carries: collection, a reminder or a receipt, a threat, a notice
#: read as meant for someone else.
_DEBT_LABELS = frozenset({"overdue_collection", "repayment_reminder", "repayment_confirmed", "possibly_misdirected",
                          "threat", *THREAT_KINDS})


@dataclass(frozen=True, slots=True)
class Unowed:
    """Why the person owes nothing to a lender and the agencies collecting for it
    (:func:`owes_nothing`).

    Attributes:
        debtors: whose debt their messages press, as written: the names their notices address and
            the names the person's replies say they are not ("黄志坚"); empty when none is named.
        lenders: the lenders those senders act for (:func:`~evidencekit.core.analysis.figures.acts_for`).
        replies: the person's own replies to those of them that pressed the debt, saying it is not
            theirs ("我不是黄志坚…", indexes in the contacts), in time order.
    """

    debtors: tuple[str, ...]
    lenders: tuple[str, ...]
    replies: tuple[int, ...]


def owes_nothing(analysis: CaseAnalysis, keys: Collection[str]) -> Unowed | None:
    """Whether the person owes nothing to the senders ``keys`` (a lender and the agencies
    collecting for it, as :func:`covered` groups them; keys as :func:`senders` gives them): the
    one place a draft decides it, from the case's readings alone.

    The senders are ``keys`` and every other one acting for a lender they act for (a number
    nobody listed that names it as owed). The person owes them nothing when:

    - something says a notice of theirs is meant for someone else: a message read so (addressed
      to another name, :func:`~evidencekit.core.analysis.figures.others_debt_said`: never the
      statistical reader's guess alone), or the person's reply that the debt is not theirs
      ("我不是黄志坚");
    - every message of theirs pressing a debt (collection, a reminder or receipt, a threat) is
      somebody else's: read so, answered by such a reply, or naming one of those other debtors
      and not the person;
    - the person never said they paid them.

    A message pressing a debt that names the person, or nobody (the person may be its debtor:
    nothing says otherwise), keeps them a debtor: a person who owes the lender and also got
    somebody else's notice from it is one.

    Args:
        analysis: the case's analysis.
        keys: whom the draft is about.

    Returns:
        The :class:`Unowed` (whose debt it is, the lenders, the person's replies saying so);
        None when the person may owe them anything, or when none of them pressed a debt.
    """
    contacts, readings, meta = analysis.contacts, analysis.readings, analysis.meta
    if not keys:
        return None
    thread = _threads(contacts)
    acts = acts_for(contacts, meta.respondents, analysis.settings.lenders, readings)
    lenders = {lender for k in keys for lender in acts.get(k, set())}
    group = set(keys) | {k for k, owed in acts.items() if owed & lenders}
    forms = claimant_forms(meta)
    # (a copy of a message received on someone else's phone is no message to the person)
    ins = [i for i, c in enumerate(contacts) if c.direction is Direction.IN and c.text.strip()
           and thread.get(i) in group and not told_others(readings.get(i))]
    outs = [i for i, c in enumerate(contacts) if c.direction is Direction.OUT and c.text.strip()
            and thread.get(i) in group and not str(c.extra.get("received_by", "")).strip()]
    if any(e.contact in outs for e in analysis.figures.paid):
        return None  # the person's own word that they paid them
    not_mine = {i: disowned(contacts[i].text, forms) for i in outs}
    # (what rests on the statistical reader's guess alone never makes the person owe nothing)
    replies = [i for i in outs if not_mine[i] or ((r := readings.get(i)) is not None and others_debt_said(r))]
    debtors = list(dict.fromkeys(
        [n for i in ins if (r := readings.get(i)) is not None for n in r.names_other]
        + [n for i in replies for n in not_mine[i]]))
    plain = [to_simplified(n) for n in debtors if len(n.strip()) >= 2]
    answered = {a for i in replies if (a := _answered(contacts, thread, i)) is not None}
    demanded = {e.contact for e in analysis.figures.amounts if e.amount.role is AmountRole.DEMANDED}
    pressing = [i for i in ins if (r := readings.get(i)) is not None
                and (set(r.label_names) & _DEBT_LABELS or i in demanded)]
    if not pressing:
        return None

    def somebody_elses(i: int) -> bool:
        r, text = readings[i], contacts[i].text
        if others_debt_said(r) or i in answered:
            return True
        # "你唔好扮唔识黄志坚…你帮佢匿埋唔还钱": the other debtor named, the person not
        return any(n in to_simplified(text) for n in plain) and not names_claimant(text, forms)

    if not (replies or any(others_debt_said(readings[i]) for i in pressing)):
        return None  # nothing says any notice of theirs is meant for someone else
    if not all(somebody_elses(i) for i in pressing):
        return None
    # the replies that told those pressing the debt (not a relative asking after the debtor)
    pressed = {thread.get(i) for i in pressing}
    told = sorted((i for i in replies if thread.get(i) in pressed), key=lambda i: contacts[i].time or dt.datetime.max)
    return Unowed(tuple(debtors), tuple(sorted(lenders)), tuple(told))


def _reaches(analysis: CaseAnalysis, to: str, keys: Collection[str], thread: dict[int, str]) -> bool:
    """Whether a request to stop made to ``to`` (a name or a number; "" for everyone) reached
    one of the senders ``keys``."""
    if not to.strip() or to in keys or any(same_institution(to, k) for k in keys):
        return True
    key = number_key(to)
    return bool(key) and (any(number_key(analysis.contacts[i].counterpart) == key for i, k in thread.items() if k in keys)
                          or any(number_key(n) == key for r in analysis.meta.respondents if r.name in keys
                                 for n in r.numbers))


def _stop_proof(analysis: CaseAnalysis, at: dt.datetime, basis: str, keys: Collection[str] | None,
                thread: dict[int, str], asked: Sequence[int] = ()) -> tuple[set[str], set[str]]:
    """The exhibits proving a request to stop made at ``at``: the records of it (the person's own
    call or message at that time: a call log's row, the recording linked to it, the message; to
    one of ``keys`` or to nobody the case knows, None: to anyone; their messages asking it,
    ``asked``), and the exhibits the person's note on it names (``basis``: "电话录音，证据1")."""
    out: set[str] = set()
    for i, c in enumerate(analysis.contacts):
        if c.direction is not Direction.OUT or not c.timed or c.time is None or abs(c.time - at) >= dt.timedelta(minutes=2):
            continue
        # (a call to a number the person listed for one of them, which sent nothing itself)
        if keys is None or thread.get(i) in keys or _reaches(analysis, c.counterpart, keys, thread):
            out |= {c.source.exhibit, *c.extra.get("also", ())}
    for i in asked:
        c = analysis.contacts[i]
        out |= {c.source.exhibit, *c.extra.get("also", ())}
    return out, set(cited_exhibits(basis))


def draft_input(analysis: CaseAnalysis, exhibits: Sequence[ExhibitInput], channel: str, language: str, *,
                bundle: BundleRef | None = None, date: str = "", respondent: str | None = None) -> DraftInput:
    """What a draft for ``channel`` is written from, filled in from the case.

    A complaint is about one respondent: it counts, quotes and cites only their contacts and
    exhibits, and only the findings about them alone (a finding whose evidence is several senders'
    is left to the lawyer's brief); the person's own replies to them are quoted. The lawyer's brief
    covers everyone and counts each sender's contacts apart.

    Args:
        analysis: the case's analysis (:func:`~evidencekit.core.analysis.casework.analyse`).
        exhibits: the exhibits, as the bundle numbers them (for their titles).
        channel: a channel id or alias.
        language: zh-Hans, zh-Hant or en.
        bundle: the signed bundle to point at (None: the draft says none was made yet).
        date: the date of writing (today when "").
        respondent: whom the complaint is about, by name, a fragment of it or a number
            (:func:`find_respondent`; default: the first of :func:`senders`).

    Returns:
        The :class:`DraftInput`.

    Raises:
        UsageError: an unknown channel, or a respondent that fits no sender of the case (or several).
    """
    cid = resolve_channel(channel)
    ch = channels()[cid]
    meta, settings, lang = analysis.meta, analysis.settings, language
    ranked = senders(analysis)
    chosen = chosen_respondent(analysis, cid, respondent)
    who = chosen.key if chosen is not None else ""
    # a complaint about a lender covers its collectors, one about a collector the lender it acts for
    asked = bool(respondent is not None and respondent.strip())
    covering = covered(analysis, chosen, cid, asked=asked) if chosen is not None else frozenset()
    contacts = analysis.contacts
    thread = _threads(contacts)
    by_ref = {c.source.ref(): i for i, c in enumerate(contacts)}

    # a report to a telecom desk is of messages the person's own phone received (not a copy from a
    # colleague's phone: that receipt is theirs to report), from the number asked for when one was
    asked_number = number_key(respondent or "") if ch.kind == "telecom" and asked and len(digits(respondent or "")) >= 5 else ""

    def ours(i: int) -> bool:
        if ch.kind == "telecom" and (contacts[i].extra.get("received_by")
                                     or (asked_number and number_key(contacts[i].counterpart) != asked_number)):
            return False
        return not who or thread.get(i) in covering

    mine = [i for i, c in enumerate(contacts) if c.direction is Direction.IN and ours(i)]
    findings = tuple(f for f in analysis.findings if not who or (about := _about(f, thread, by_ref)) and about <= covering)
    # the complaint is about a lender the person named (by its name as given, or as written elsewhere)
    about_lender = bool(who) and any(who == n or same_institution(n, who) for n in settings.lenders)
    if about_lender:
        # a complaint about a lender: not its collector's notice for somebody else's debt owed
        # elsewhere (an agency's mis-sent notice of a telecom bill is no matter of the bank's)
        elsewhere = [f for f in findings if _elsewhere_owed(f, analysis, by_ref, who)]
        findings = tuple(f for f in findings if f not in elsewhere)
        # nor quoted: the notice and the person's reply that it is not theirs
        not_theirs = {by_ref[e.ref] for f in elsewhere for e in f.evidence if e.ref in by_ref}
    else:
        not_theirs = set()
    # whether the person owes them nothing (decided in one place: owes_nothing); the lawyer's brief,
    # about everyone, says so of the case's lender and its agencies
    if who:
        debt_group: frozenset[str] = covering
    else:
        lender_sender = case_lender(analysis, ranked)
        debt_group = covered(analysis, lender_sender, asked=False) if lender_sender is not None else frozenset()
    unowed = owes_nothing(analysis, debt_group) if ch.kind != "telecom" else None
    # every exhibit with a contact from them or a finding about them (a screenshot of their
    # message to a colleague, a recording of their call)
    their_exhibits = {n for i in mine for n in (contacts[i].source.exhibit, *contacts[i].extra.get("also", ()))}
    their_exhibits |= {n for f in findings for n in f.exhibits}

    # the case's region (its rule set's): a Taiwan or Hong Kong case's words and dates
    region = analysis.ruleset.jurisdiction.upper()
    s = strings(lang, region)

    def dates(text: str, *, gregorian: bool = False) -> str:
        return draft_dates(text, lang, region, gregorian=gregorian)

    # the contacts quoted, by index: the most serious first (what a reader checks, kept the
    # longest when a draft is short of room), each message once (a screenshot's copy of an
    # exported message that was not linked to it gives way to the export's exact record)
    weight: Counter[int] = Counter()
    for f in findings:
        for i in {by_ref[e.ref] for e in f.evidence if e.ref in by_ref}:
            # a threat reaching more of the person's circle (their husband and their employer) weighs more
            r = analysis.readings.get(i)
            reach = max(1, len(set(r.who) - {"self"})) if r is not None and f.rule_id.startswith("third-party") else 1
            weight[i] += _WEIGHT.get(f.rule_id, 0) * reach
    principal_name = _principal(analysis, chosen, who).name
    demands_after = _paid_then_demanded(analysis, [i for i in mine if ours(i)], principal_name or who) if who else []
    for i in demands_after:  # a demand for a sum already paid is quoted, as the request to correct it rests on it
        weight[i] += _WEIGHT["demand_after_payment"]
    for i in mine:  # a message that did reach a third party (their screenshot) proves what a threat only says
        if told_others(analysis.readings.get(i)):
            weight[i] += _WEIGHT["disclosed"]
    # a report to the police quotes every threat (and insult) it covers, not a notice meant for
    # someone else nor a demand
    police = ch.kind == "police"
    rules = POLICE_QUOTES if police else QUOTE_ORDER
    quotable = [k for f in findings if f.rule_id in rules for e in f.evidence
                if (k := by_ref.get(e.ref)) is not None and ours(k) and contacts[k].text
                and contacts[k].direction is Direction.IN] + ([] if police else demands_after)
    picked: list[int] = []
    for i in sorted(dict.fromkeys(quotable), key=lambda i: (-weight[i], contacts[i].source.message_index is not None,
                                                             contacts[i].time or dt.datetime.max)):
        if _same_text(contacts[i].text) not in {_same_text(contacts[k].text) for k in picked}:
            picked.append(i)
    if not picked:  # no finding quotes anything: the first message received from them
        picked = [i for i in mine if contacts[i].text][:1]
    picked = picked[:POLICE_QUOTES_MAX if police else QUOTES_MAX]
    # what the case turns on, quoted before lesser items (after the most serious message): the
    # person's request to stop, their payment and the lender's receipt, the demands made after
    # either (none to a telecom desk: its report is of one number's messages)
    stops_asked, payments, later = _key_messages(analysis, [i for i in range(len(contacts)) if ours(i)],
                                                 police=ch.kind == "police") if ch.kind != "telecom" else ([], [], [])
    # the request to stop, as the facts state it (kept whatever a short form leaves out), with the
    # exhibits proving it (cited among the complaint's: the recording, the call log's row)
    stop: StopRequest | None = None
    if ch.kind not in ("telecom", "lawyer"):
        reached = [(t, basis, to) for t, basis, to in analysis.stops if not who or _reaches(analysis, to, covering, thread)]
        if not reached and stops_asked and contacts[stops_asked[0]].time is not None:
            reached = [(contacts[stops_asked[0]].time or dt.datetime.max, "", "")]
        if reached:
            stop_at, stop_basis, stop_to = reached[0]
            records, noted = _stop_proof(analysis, stop_at, stop_basis, covering if who else None, thread, stops_asked)
            counts = [x for f in findings if f.rule_id == "after-stop" and isinstance(x := f.facts.get("count"), int)]
            stop = StopRequest(dates(stop_at.strftime("%Y-%m-%d %H:%M"), gregorian=True), stop_to.strip(),
                               _in_order(exhibits, records | noted), sum(counts))
            # cited among the complaint's exhibits: the records of the request, and an exhibit the
            # person's note names unless it holds others' messages (a complaint lists only the
            # evidence of those it is about)
            others = {n for i, c in enumerate(contacts) if (sk := thread.get(i)) and sk not in covering
                      for n in (c.source.exhibit, *c.extra.get("also", ()))} if who else set()
            their_exhibits |= records | (noted - others)
    not_debtor: NotTheDebtor | None = None
    if unowed is not None:
        told = [contacts[i] for i in unowed.replies]
        # (the lender named as such only when the person said it is one: a sender acting for
        # itself may be an agency)
        lent = [x for x in unowed.lenders if any(x == n or same_institution(n, x) for n in settings.lenders)]
        not_debtor = NotTheDebtor(
            unowed.debtors, lent[0] if len(lent) == 1 else "",
            tuple(dict.fromkeys(dates(c.time.date().isoformat()) for c in told if c.timed and c.time is not None)),
            _in_order(exhibits, {n for c in told for n in (c.source.exhibit, *c.extra.get("also", ()))}))
        their_exhibits |= set(not_debtor.told_exhibits)
    refs = tuple(ExhibitRef(ex.number, summary.exhibit_title(ex, s), dates(_day(ex, s), gregorian=True))
                 for ex in exhibits if not who or ex.number in their_exhibits)
    later = [i for i in later if i in set(mine)]
    # (the request to stop, the first demand after it or after the payment, the worst message, the
    # payment and its receipt, the other later demands, then the rest: what a short form keeps first)
    priority = list(dict.fromkeys([*stops_asked[:1], *later[:1], *picked[:1], *payments, *later[1:], *picked[1:]]))
    picked = [i for i in priority if contacts[i].direction is Direction.IN]
    quoted = [(i, False) for i in picked]
    rank = {i: k for k, i in enumerate(priority)}  # the most serious first, kept the longest
    key_rank = dict(rank)
    # the brief quotes replies in the threads of the senders the findings are about (not the "好"
    # to a bank's receipt)
    concerned = ({thread.get(by_ref[e.ref], "") for f in findings for e in f.evidence if e.ref in by_ref}
                 | {f.respondent for f in findings if f.respondent})
    if not cid.startswith("12321"):
        # the person's own replies, each after what it answers in its thread: every one of them,
        # those that tell against the person too ("好的，我今天下午处理。"), never a chosen few; an
        # export's record before a screenshot's copy of it (the one quoted when both are there)
        for i in sorted(range(len(contacts)), key=lambda k: contacts[k].source.message_index is not None):
            c = contacts[i]
            if i in not_theirs or not (c.direction is Direction.OUT and ours(i) and i in thread and c.text
                    and (who or thread[i] in concerned)):
                continue
            if any(own and thread.get(j) == thread[i] and _same_text(contacts[j].text) == _same_text(c.text)
                   for j, own in quoted):
                continue  # the same reply shown twice (a screenshot and the export): quoted once
            # (a request to stop, a payment: no reply to the message before it, which is not quoted for it)
            answered = _answered(contacts, thread, i) if i not in key_rank else None
            if answered is not None and answered not in {j for j, _ in quoted}:
                # what it answers, quoted with it (a reply alone says little)
                same = [k for k, (j, _) in enumerate(quoted) if contacts[j].source.exhibit == contacts[answered].source.exhibit]
                quoted.insert((same[-1] + 1) if same else len(quoted), (answered, False))
                rank[answered] = len(priority)
            same = [k for k, (j, _) in enumerate(quoted) if contacts[j].source.exhibit == c.source.exhibit]
            before = [k for k in same if (contacts[quoted[k][0]].source.message_index or 0) < (c.source.message_index or 0)]
            at = (before or same or [len(quoted) - 1])[-1]
            quoted.insert(at + 1, (i, True))
            # kept as long as what it answers (a request to stop, a payment: as long as they matter)
            rank[i] = key_rank[i] if i in key_rank else rank.get(
                answered if answered is not None else quoted[at][0], len(priority)) \
                if answered is not None or quoted[at:at + 1] else len(priority)
    # facts are told in time order (the undated last, in the order the bundle numbers them); a
    # report to 12321 names the worst message first (its SMS form takes one)
    numbered = {ex.number: n for n, ex in enumerate(exhibits)}

    def when(q: tuple[int, bool]) -> tuple[dt.datetime, int, int]:
        c = contacts[q[0]]
        return (c.time if c.timed and c.time is not None else dt.datetime.max,
                numbered.get(c.source.exhibit, len(numbered)), c.source.message_index or 0)

    if not cid.startswith("12321"):
        quoted.sort(key=when)
    else:
        # the form asks when the message came: the worst message whose time is sure first
        quoted.sort(key=lambda q: not contacts[q[0]].timed)
    stop_texts = {_same_text(contacts[i].text) for i in stops_asked}
    quotes = [replace(q, rank=rank.get(i, 0), time=dates(q.time, gregorian=True),
                      short_time=dates(q.short_time, gregorian=True))
              for i, own in quoted
              for q in (_quote(contacts[i], lang, own=own, to="" if who and len(covering) == 1 else thread.get(i, ""),
                               stop=own and _same_text(contacts[i].text) in stop_texts,
                               paid=own and i in payments, shown=_shown_again(contacts, i)),)]

    timeline: list[TimelineEntry] = []
    undated: list[TimelineEntry] = []
    for i in sorted(mine, key=lambda i: (contacts[i].time or dt.datetime.max, i)):
        r = analysis.readings.get(i)
        c = contacts[i]
        if r is None:
            continue
        names = [n for n in display_labels(r.label_names) if n in SERIOUS + ("overdue_collection",)]
        receipt = cid in ALL_RESPONDENTS and ("repayment_confirmed" in message_label_names(r)
                                              or (c.direction is Direction.IN and is_receipt(c.text)))
        if receipt:  # a lawyer weighs a demand against the payments the lender confirmed
            names.append("repayment_confirmed")
        if names:
            # a threat the findings rate low (a lender's "以免影响征信") is said as such, as the cover says it
            low = {"zh-Hans": "（把握程度低）", "zh-Hant": "（把握程度低）", "en": " (low certainty)"}[lang] \
                if i in analysis.low_threats else ""
            what = ("、" if lang != "en" else ", ").join(label_name(n, s) + (low if n.startswith("threat") else "")
                                                         for n in dict.fromkeys(names))
            if cid in ALL_RESPONDENTS and thread.get(i):  # the brief is about everyone: whose message it is
                what = thread[i] + ("：" if lang != "en" else ": ") + what
            if receipt:
                what += ("：“" + c.text + "”") if lang == "zh-Hans" else ("：「" + c.text + "」") if lang == "zh-Hant" \
                    else f": “{c.text}”"
            (timeline if c.timed else undated).append(TimelineEntry(_stamp(c, lang, short=True), c.source.exhibit, what))
    if cid in ALL_RESPONDENTS:
        # calls, a line a day per caller: when, how many, how many not answered
        calls: dict[tuple[dt.date, str], list[int]] = {}
        for i in mine:
            c = contacts[i]
            # every caller's (a bank's call too: the brief is about the whole case)
            if c.channel is Channel.CALL and c.timed and c.time is not None and thread.get(i, ""):
                calls.setdefault((c.time.date(), thread.get(i, "")), []).append(i)
        for (_date, caller), group in calls.items():
            group.sort(key=lambda i: contacts[i].time or dt.datetime.max)
            first, last = contacts[group[0]].time, contacts[group[-1]].time
            assert first is not None and last is not None
            span = f"{first:%Y-%m-%d %H:%M}" + (f"–{last:%H:%M}" if last != first else "")
            missed = sum(1 for i in group if contacts[i].unanswered)
            # a party calling from more than one number that day: which numbers (a lawyer asks
            # the carrier about each)
            numbers = list(dict.fromkeys(contacts[i].counterpart for i in group if contacts[i].counterpart))
            said = ("、".join(numbers) if lang != "en" else ", ".join(numbers)) if len(numbers) > 1 else ""
            what = {"zh-Hans": f"{caller}来电{len(group)}次" + (f"（未接通{missed}次）" if missed else "")
                               + (f"（号码：{said}）" if said else ""),
                    "zh-Hant": f"{caller}來電{len(group)}次" + (f"（未接通{missed}次）" if missed else "")
                               + (f"（號碼：{said}）" if said else ""),
                    "en": f"{len(group)} call{'s' if len(group) > 1 else ''} from {caller}"
                          + (f" ({missed} not answered)" if missed else "") + (f" (numbers {said})" if said else "")}[lang]
            exs = "、".join(_in_order(exhibits, {contacts[i].source.exhibit for i in group}))
            timeline.append(TimelineEntry(span, exs, what))
        timeline.sort(key=lambda e: e.time)
    if cid in ALL_RESPONDENTS:
        for asked_at, basis, to in analysis.stops:
            said = ({"zh-Hans": f"本人要求{to}停止联系", "zh-Hant": f"本人要求{to}停止聯絡",
                     "en": f"I asked {to} to stop"} if to.strip() and len(analysis.stops) > 1 else
                    {"zh-Hans": "本人要求停止联系", "zh-Hant": "本人要求停止聯絡", "en": "I asked them to stop"})[lang]
            named = cited_exhibits(basis) or re.findall(r"(?<=exhibit )[\d-]+", basis)
            # else what proves it: the person's call or message at that time (the call log's row,
            # the recording linked to it)
            shown = named[0] if named else ("、" if lang != "en" else ", ").join(
                _in_order(exhibits, _stop_proof(analysis, asked_at, basis, None, thread)[0]))
            timeline.append(TimelineEntry(asked_at.strftime("%Y-%m-%d %H:%M"), shown, said))
        timeline.sort(key=lambda e: e.time)

    # whom the brief names: those the findings are about (a lender that only advertised is no
    # respondent), in the order a complaint would pick them
    if who:
        counted_keys = set(covering)
        names_shown = [chosen.name] if chosen is not None and chosen.name else []
    else:
        # everyone: those the findings are about first, then the case's other respondents (a bank
        # whose payment confirmation a lawyer weighs against a demand) and senders
        involved = {thread.get(by_ref[e.ref], "") for f in analysis.findings for e in f.evidence if e.ref in by_ref}
        involved |= {f.respondent for f in analysis.findings if f.respondent}
        order = [x for x in ranked if x.key in involved] + [x for x in ranked if x.key not in involved]
        counted_keys = {x.key for x in order}
        names_shown = [x.key if x.name else x.key + s("draft.no_name") for x in order]
    # the brief counts every contact received, as the cover does (figures.case_figures)
    counted = [i for i in analysis.figures.received if not who or thread.get(i) in counted_keys]
    untimed = [i for i in analysis.figures.untimed if not who or thread.get(i) in counted_keys]
    per_sender = Counter(thread.get(i, "") or _norm(contacts[i].counterpart) for i in counted)
    contact_senders = tuple(
        (k, n, _in_order(exhibits, {x for i in counted if (thread.get(i, "") or _norm(contacts[i].counterpart)) == k
                                    for x in (contacts[i].source.exhibit, *contacts[i].extra.get("also", ()))}))
        for k, n in sorted(per_sender.items(), key=lambda kv: -kv[1])) if len(per_sender) > 1 or not who else ()
    times = [t for i in counted if (t := contacts[i].time) is not None]
    kinds = _kinds(analysis, counted, exhibits)
    kinds = replace(kinds, peak_day=dates(kinds.peak_day))
    number = chosen.numbers[0] if chosen is not None and chosen.numbers else ""
    # a sender known only by number whose messages name a lender of the case: the complaint says
    # so (what the evidence shows), never that it collects for it (the person did not say so)
    acts = acts_for(contacts, meta.respondents, settings.lenders, analysis.readings)
    sep = "、" if lang != "en" else ", "
    mentioned = sorted(acts.get(who, set()) - {who}) if chosen is not None and not chosen.name else []
    acting_for = mentioned[0] if len(mentioned) == 1 and findings else ""
    resp = Party(name=sep.join(n for n in names_shown if n), phone=number,
                 address=respondent_address(settings, who) if who and chosen is not None and chosen.name else "")
    # a lender, with the agencies the complaint covers named beside it ("快易花（委托催收机构：恒诺资产）")
    by_key = {x.key: x for x in ranked}
    agents = tuple(Party(name=k, phone=sep.join({number_key(n) or n: n for n in by_key[k].numbers}.values()))
                   for k in (x.key for x in ranked) if who and k in covering and k != who and by_key[k].name
                   and chosen is not None and chosen.name and who in acts.get(k, set()) and who in acts.get(who, set()))

    def party_label(key: str) -> str:
        # a sender as a report naming several names it: an agency with the lender it collects for;
        # a number nobody listed, not identified, with the lenders its messages name
        x = by_key.get(key)
        if x is not None and x.name:
            owners = acts.get(key, set()) - {key}
            return s("draft.agent_and_lender", agent=key, lender=next(iter(owners))) if len(owners) == 1 else key
        named = sorted(acts.get(key, set()) - {key})
        return s("draft.acting_for", number=key, lender=sep.join(named) or "—") if named else \
            s("draft.unidentified_only", number=key)

    # a report to the police of every sender of threats names each; it gives as the numbers the
    # threats came from only those that sent threatening messages (not a call line)
    named_field = ""
    threat_numbers: tuple[str, ...] = ()
    if ch.kind == "police" and who:
        if len(covering) > 1 or (chosen is not None and not chosen.name):
            # (a number nobody listed: a suspect not identified, never a blank for an institution)
            named_field = sep.join(party_label(k) for k in (x.key for x in ranked) if k in covering)
        nums: dict[str, str] = {}
        for f in findings:
            if f.rule_id not in THREAT_RULES:
                continue
            for e in f.evidence:
                k = by_ref.get(e.ref)
                if k is not None and contacts[k].direction is Direction.IN and contacts[k].channel is not Channel.CALL \
                        and contacts[k].text and (n := split_sender(contacts[k].counterpart)[1] or contacts[k].counterpart):
                    nums.setdefault(number_key(n) or n, _norm(n))
        threat_numbers = tuple(nums.values())
    # the senders left out (an unlisted number whose messages name the lender; a sender of threats
    # a report to the police leaves out), said plainly after the facts
    left: list[str] = []
    if who:
        for x in ranked:
            if x.key in covering or not (x.findings or x.key in acts):
                continue
            if ch.kind in ("police", "telecom"):
                if x.key not in threat_senders(analysis):
                    continue
            elif asked or x.name or not x.findings:
                # a complaint chosen by default leaves out a number nobody listed that the findings
                # are about: said, as the evidence shows it (whether its messages name the lender),
                # where one about a respondent the person chose says nothing of others
                continue
            idx = [i for i in analysis.figures.received if thread.get(i) == x.key]
            # (a sender whose every message is of unknown time is counted nowhere: "0 contacts"
            # would deny what the exhibits show, so its messages are said to be undated)
            unknown_time = [] if idx else [i for i in range(len(analysis.contacts)) if thread.get(i) == x.key]
            shown_in = _in_order(exhibits, set(analysis.figures.exhibits(idx or unknown_time))) if idx or unknown_time else ()
            wording = _LEFT_OUT_ONE if idx or not unknown_time else _LEFT_OUT_UNDATED
            left.append(wording[lang].format(who=party_label(x.key) if not x.name else x.key, n=len(idx),
                                            ex=_exhibits_note_plain(shown_in, lang)))
    # a complaint about a lender asks whose the numbers nobody listed are that name it as owed
    # (they know the person's loan: the lender's, its agency's, or a leak)
    unidentified = tuple(dict.fromkeys(
        x.key for x in ranked if not x.name and x.key not in covering and who in acts.get(x.key, set())
        and x.findings)) if about_lender and ch.kind not in ("police", "telecom", "lawyer") else ()
    if unowed is not None and about_lender and ch.kind not in ("police", "telecom", "lawyer"):
        # where the person owes nothing, also a number nobody listed whose messages (a forged
        # court summons) name the lender as owed somebody else's debt: it collects for nobody the
        # case knows, but how that debt and the person's number reached it is for the lender to say
        owed_to = {who, *unowed.lenders}
        named_it = {thread[i] for i, c in enumerate(contacts) if c.direction is Direction.IN and c.text and i in thread
                    and acts_for_named(c.text, meta.respondents, settings.lenders) in owed_to}
        unidentified += tuple(x.key for x in ranked if not x.name and x.key not in covering and x.findings
                              and x.key in named_it and x.key not in unidentified)
    left_out = (_LEFT_OUT[ch.kind if ch.kind in _LEFT_OUT else ""][lang].format(senders=("；" if lang != "en" else "; ").join(left))
                if left else "")
    rs = analysis.ruleset
    note = ""
    if findings and ch.jurisdiction not in ("*", rs.jurisdiction.upper()):
        place = _PLACE.get(rs.jurisdiction.upper(), {}).get(lang, rs.jurisdiction)
        here = _PLACE.get(ch.jurisdiction, {}).get(lang, ch.jurisdiction)
        title = rs.title.get(lang) or rs.title.get("en", rs.id)
        note = {"zh-Hans": f"注意：以上可能违规之处依据的是{place}的规则集“{title}”，并非{here}的规则，请按{here}的规定核对。",
                "zh-Hant": f"注意：以上可能違規之處依據的是{place}的規則集「{title}」，並非{here}的規則，請依{here}的規定核對。",
                "en": f"Note: the possible breaches above come from the rule set for {place} (“{title}”), not from "
                      f"{here}'s rules; check them against the rules of {here}."}[lang]
    principal = _principal(analysis, chosen, who)
    theirs = {number_region(n) for n in (chosen.numbers if chosen is not None else ())} - {""}
    region_note = ""
    if ch.jurisdiction != "*" and len(theirs) == 1 and ch.jurisdiction not in theirs:
        # a desk acts on its own region's firms: a Taiwanese number before a mainland desk
        there = _PLACE.get(next(iter(theirs)), {}).get(lang, "")
        here = _PLACE.get(ch.jurisdiction, {}).get(lang, ch.jurisdiction)
        region_note = {
            "zh-Hans": f"注意：该发送方的号码属于{there}，{here}的投诉渠道未必能处理，请考虑{there}的渠道。",
            "zh-Hant": f"注意：該發送方的號碼屬於{there}，{here}的申訴管道未必能處理，請考慮{there}的管道。",
            "en": f"Note: this sender's number is in {there}; a desk in {here} may not act on it: consider one in {there}."}[lang]
    return DraftInput(
        claimant=Party(claimant_name(meta, lang, analysis.jurisdiction),
                       claimant_phone(meta.claimant_phone, lang, analysis.jurisdiction), settings.claimant_address,
                       settings.claimant_id_type, settings.claimant_id_number),
        respondent=resp,
        exhibits=refs,
        findings=findings,
        quotes=tuple(quotes),
        # (sorted by their ISO times above, then written as the reader writes them)
        timeline=tuple(replace(e, time=dates(e.time, gregorian=True)) for e in (timeline + undated)[:TIMELINE_MAX]),
        first_contact=dates(min(times).date().isoformat()) if times else "",
        last_contact=dates(max(times).date().isoformat()) if times else "",
        contact_count=len(counted) or None,
        contact_senders=contact_senders,
        kinds=kinds,
        undated_count=len(untimed),
        undated_exhibits=_in_order(exhibits, {contacts[i].source.exhibit for i in untimed}),
        contact_exhibits=_in_order(exhibits, {n for i in counted for n in (contacts[i].source.exhibit,
                                                                            *contacts[i].extra.get("also", ()))}),
        questions=settings.questions,
        negotiation=settings.negotiation,
        # 12321 takes the number itself (its SMS form is 源号码*全文), not the name beside it
        reported_number=_number_of(quotes[0].sender) if quotes and cid.startswith("12321") else "",
        bundle_fingerprint=bundle.fingerprint if bundle is not None else "",
        bundle_note=in_region((_STALE[lang] if bundle is not None and not bundle.current else "") if bundle is not None
                              else _NO_BUNDLE[lang], lang, region),
        date=dates(date or dt.date.today().isoformat()),
        case_title=meta.title,
        ruleset_note=note,
        region_note=region_note,
        acting_for=acting_for,
        principal=principal,
        agents=agents,
        named_field=named_field,
        left_out=left_out,
        legal_documents=_legal_documents(findings, contacts, by_ref, lang),
        impersonated=_impersonated(findings, contacts, by_ref, lang),
        impersonating_numbers=tuple(dict.fromkeys(
            _number_of(contacts[j].counterpart) for f in findings if f.rule_id == "impersonation" for e in f.evidence
            if (j := by_ref.get(e.ref)) is not None and contacts[j].direction is Direction.IN and contacts[j].counterpart)),
        licence_number=_licence_number([i for i in mine if thread.get(i) == who] + mine, contacts),
        # one number once, however the screenshot and the export wrote it ("+852 5432 1098", 54321098)
        respondent_numbers=threat_numbers if ch.kind == "police" and who else
        tuple({number_key(n) or n: n for n in reversed(chosen.numbers)}.values())[::-1] if chosen is not None else (),
        issues=_issues(findings, bool(demands_after)) + (("unidentified_sender",) if unidentified else ()),
        unidentified_numbers=unidentified,
        # what those numbers' messages claimed to be (a forged summons: "“传票”（案号…）")
        unidentified_claimed=_legal_documents([f for f in analysis.findings if _owner(f, thread, by_ref) in unidentified],
                                              contacts, by_ref, lang) if unidentified else (),
        # (a person who owes nothing has no account with them: never one of somebody else's)
        accounts=claimant_accounts(analysis, mine) if not_debtor is None else (),
        not_debtor=not_debtor,
        stop=stop,
        region=region,
        # the brief states the money as the cover does (a complaint asks about its own respondent's)
        amounts=tuple((label, dates(value)) for label, value in summary.amount_lines(
            analysis, s, {ex.number: k for k, ex in enumerate(exhibits)})) if ch.kind == "lawyer" else (),
    )


_HAN = re.compile(r"[\u4e00-\u9fff]")
_LATIN_NAME = re.compile(r"^[A-Za-z][A-Za-z'\-]*(?:\s+[A-Za-z][A-Za-z'\-]*)+$")
_TITLES = frozenset({"mr", "mrs", "ms", "miss", "madam", "dr", "mx"})


def claimant_name(meta: CaseMeta, lang: str, jurisdiction: str) -> str:
    """The person's name as a form takes it: a Chinese name with the Latin full name among the
    other names they are known by, as on a Hong Kong identity card ("CHAN Ka Yan (陳嘉欣)" in
    English; "陳嘉欣（CHAN Ka Yan）" in Chinese for a Hong Kong desk). The identity card's
    spelling (the surname in capitals first) before an English name ("Karen Chan"); a name with
    a title ("Mrs Ho") is no full name. The name alone when no Latin full name is known."""
    name = meta.claimant_name.strip()
    if not _HAN.search(name):
        return name
    full = [n.strip() for n in meta.claimant_other_names
            if _LATIN_NAME.match(n.strip()) and not {w.lower().rstrip(".") for w in n.split()} & _TITLES]
    if not full:
        return name
    latin = max(full, key=lambda n: (n.split()[0].isupper() and len(n.split()[0]) > 1, len(n.split()), -full.index(n)))
    if lang == "en":
        return f"{latin} ({name})"
    return f"{name}（{latin}）" if jurisdiction == "HK" else name


def claimant_phone(phone: str, lang: str, jurisdiction: str) -> str:
    """The person's number as a form takes it: with the country code where the case is in Hong
    Kong ("+852 61234567"), and in an English draft of a Taiwan case ("+886 912345678", the
    trunk 0 dropped; a Taiwanese desk's own form takes 0912345678); as given when it has one."""
    p = phone.strip()
    d = digits(p)
    if not d or p.startswith("+") or d.startswith("00"):
        return p
    if jurisdiction == "HK" and len(d) == 8:
        return f"+852 {d}"
    if jurisdiction == "TW" and lang == "en" and d.startswith("0") and len(d) in (9, 10):
        return f"+886 {d[1:]}"
    return p


#: A loan account number as a lender's notice gives it ("your loan account FC-88213", "on account
#: FC-88213", "贷款编号：HX2026-0012"); not an account to pay into ("转账至账户6222…").
_ACCOUNT = re.compile(
    r"(?:\b(?:loan|your|on|the)\s+(?:account|a/c)(?:\s+(?:no\.?|number))?|\bloan\s+(?:no\.?|number)"
    r"|(?:贷款|貸款|借款|合同|合約|合约)(?:编号|編號|号码|號碼|账号|帳號|賬號))"
    r"\s*[:：#]?\s*([A-Z]{0,4}-?\d[\d-]{2,}\d)(?![\d])", re.I)


def claimant_accounts(analysis: CaseAnalysis, received: Sequence[int]) -> tuple[str, ...]:
    """The person's own loan account numbers as ``received`` messages give them, in order, each
    once: never one in a notice meant for someone else (read as about another's debt)."""
    out: list[str] = []
    for i in received:
        c, r = analysis.contacts[i], analysis.readings.get(i)
        if not c.text or r is None or others_debt(r):
            continue
        out += [m.group(1).upper() for m in _ACCOUNT.finditer(c.text)]
    return tuple(dict.fromkeys(out))


#: The rules whose findings show each issue a specific request answers (model.ISSUES).
_ISSUE_RULES = {"impersonation": ("impersonation",), "third_party": ("third-party-disclosure", "third-party-collection"),
                "legal_claim": ("legal-documents",)}


def _principal(analysis: CaseAnalysis, chosen: Sender | None, who: str) -> Party:
    """The lender a collection agency collects for, as the case ties them ("受易享贷委托", the
    settings' lenders: see figures.acts_for), with its address; empty for a lender itself, a
    sender known by number only, or an agency tied to no lender or to several."""
    settings = analysis.settings
    if chosen is None or not chosen.name or who in settings.lenders:
        return Party()
    owners = acts_for(analysis.contacts, analysis.meta.respondents, settings.lenders, analysis.readings).get(who, set())
    owners = owners - {who}
    if len(owners) != 1:
        return Party()
    owner = next(iter(owners))
    return Party(name=owner, address=respondent_address(settings, owner))


def respondent_address(settings: CaseSettings, name: str) -> str:
    """The address the person gave for a respondent: by its name as given, else by a setting
    naming the same institution otherwise ("華信銀行" for 華信商業銀行, spaces and script aside);
    "" when none fits or several do."""
    given = settings.respondent_addresses
    if not name.strip():
        return ""
    if name in given:
        return given[name]
    fits = [a for k, a in given.items() if _fold(k) == _fold(name) or same_institution(k, name)]
    return fits[0] if len(set(fits)) == 1 else ''


def _issues(findings: Sequence[Finding], demand_after_payment: bool) -> tuple[str, ...]:
    """What the findings about a respondent show that a specific request answers, in
    :data:`~.model.ISSUES` order (``demand_after_payment``: a demand for a sum already paid)."""
    rules = {f.rule_id for f in findings}
    out = ["demand_after_payment"] if demand_after_payment else []
    out += [issue for issue, ids in _ISSUE_RULES.items() if rules & set(ids)]
    return tuple(out)


def _paid_then_demanded(analysis: CaseAnalysis, received: Sequence[int], lender: str) -> list[int]:
    """Those of ``received`` (a respondent's contacts) that demand again, unchanged, a sum owed to
    ``lender`` that was asked before a payment (the case's figures: :attr:`Demand.unreduced`)."""
    mine = set(received)
    return list(dict.fromkeys(i for d in analysis.figures.demanded if d.lender == lender
                              for u in d.unreduced for i in u.contacts if i in mine))


def _kinds(analysis: CaseAnalysis, counted: Sequence[int], exhibits: Sequence[ExhibitInput]) -> ContactKinds:
    """What the counted contacts were, from the case's figures (those the cover counts): calls,
    unanswered, at night, and the day most calls went unanswered."""
    f, cs = analysis.figures, analysis.contacts
    cc = f.call_counts(set(counted))
    calls, missed = cc.calls, cc.unanswered_by_day
    day, most = min(missed.items(), key=lambda kv: (-kv[1], kv[0])) if missed else (None, 0)
    return ContactKinds(len(calls), cc.unanswered, len(set(f.night) & set(counted)), f.night_window.text(),
                        day.isoformat() if day is not None and most > 1 else "", most if most > 1 else 0,
                        _in_order(exhibits, {n for i in calls for n in (cs[i].source.exhibit, *cs[i].extra.get("also", ()))}))


def _key_messages(analysis: CaseAnalysis, among: Sequence[int], *,
                  police: bool = False) -> tuple[list[int], list[int], list[int]]:
    """What a complaint about the senders of ``among`` (indexes of the contacts it covers) turns
    on, each in time order, as the case's findings and figures hold them:

    - the person's requests to stop: the message each after-stop finding rests on, the same words
      sent to another of them, and their own message at the minute the settings give;
    - the payments: the person's message saying they paid and the lender's receipt
      (:attr:`~evidencekit.core.analysis.figures.CaseFigures.paid`);
    - the demands received after the first request to stop or the first payment: each sender's
      first and last (:attr:`~evidencekit.core.analysis.figures.CaseFigures.amounts`).

    A report to the police (``police``) turns on the request to stop alone."""
    contacts, figures = analysis.contacts, analysis.figures
    mine = set(among)
    by_ref = {c.source.ref(): i for i, c in enumerate(contacts)}

    def when(i: int) -> dt.datetime:
        c = contacts[i]
        return c.time if c.timed and c.time is not None else dt.datetime.max

    held = {i for f in analysis.findings if f.rule_id == "after-stop" for e in f.evidence
            if (i := by_ref.get(e.ref)) is not None and contacts[i].direction is Direction.OUT}
    words = {_same_text(contacts[i].text) for i in held if contacts[i].text}
    at = {t.replace(second=0, microsecond=0) for t, _basis, _to in analysis.stops}
    stops = sorted((i for i in mine if contacts[i].direction is Direction.OUT and contacts[i].text
                    and (i in held or _same_text(contacts[i].text) in words
                         or (when(i) != dt.datetime.max and when(i).replace(second=0, microsecond=0) in at
                             and asks_to_stop(contacts[i].text)))), key=when)
    if police:
        return stops, [], []
    paid = sorted(dict.fromkeys(e.contact for e in figures.paid if e.contact is not None and e.contact in mine
                                and contacts[e.contact].text), key=when)
    times = [when(i) for i in (*stops, *paid)] + [t for t, _b, _to in analysis.stops]
    since = min((t for t in times if t != dt.datetime.max), default=None)
    later: dict[str, list[int]] = {}
    if since is not None:
        for e in figures.amounts:
            i = e.contact
            if (e.amount.role is AmountRole.DEMANDED and i is not None and i in mine and i not in paid
                    and contacts[i].direction is Direction.IN and when(i) != dt.datetime.max and when(i) > since):
                later.setdefault(sender_of(contacts[i]), []).append(i)
    after = [i for xs in later.values() for i in dict.fromkeys(sorted(xs, key=when)[:1] + sorted(xs, key=when)[-1:])]
    return stops, paid, sorted(after, key=when)


def _exhibits_note_plain(numbers: Sequence[str], lang: str) -> str:
    return _exhibits_note(numbers, lang)


_BRAND = re.compile(r"[【\[]([^】\]]{2,40})[】\]].")


def _claimed(f: Finding, contacts: Sequence[Contact], by_ref: dict[str, int], lang: str) -> str:
    """What a finding's message claimed, as a request names it: its words ("传票", "小額錢債審裁處
    通知") quoted, with the case number the message gives."""
    said = str(f.facts.get("words", "")).strip()
    # words that run on past a sender's bracketed name ("【臺灣臺北地方法院】林美玲妳積欠…本院"):
    # the name is what the message posed as
    brand = _BRAND.match(said)
    word = _SELF_INTRO.sub("", (brand.group(1) if brand else said).strip("【】[]").strip())
    if not word:
        return ""
    i = by_ref.get(f.evidence[0].ref) if f.evidence else None
    m = _CASE_NO.search(contacts[i].text) if i is not None else None
    no = f"（{_CASE_WORD[lang]}{m.group(1)}）" if m and lang != "en" else f" ({_CASE_WORD[lang]}{m.group(1)})" if m else ""
    return _QUOTED[lang].format(word) + no


def _legal_documents(findings: Sequence[Finding], contacts: Sequence[Contact], by_ref: dict[str, int],
                     lang: str) -> tuple[str, ...]:
    """The legal documents the messages of ``findings`` claim (legal-documents findings), each once."""
    return tuple(dict.fromkeys(x for f in findings if f.rule_id == "legal-documents"
                               if (x := _claimed(f, contacts, by_ref, lang))))


def _impersonated(findings: Sequence[Finding], contacts: Sequence[Contact], by_ref: dict[str, int],
                  lang: str) -> tuple[str, ...]:
    """Whom the messages of ``findings`` posed as (impersonation findings), each once."""
    return tuple(dict.fromkeys(x for f in findings if f.rule_id == "impersonation"
                               if (x := _claimed(f, contacts, by_ref, lang))))


def _licence_number(among: Sequence[int], contacts: Sequence[Contact]) -> str:
    """The money lender's licence number as the first received message of ``among`` stating it
    gives it ("" when none does)."""
    return licence_number(contacts[i].text for i in among if contacts[i].direction is Direction.IN)


def _shown_again(contacts: Sequence[Contact], i: int) -> tuple[str, ...]:
    """The screenshots (other exhibits) showing the very words of message ``i`` again, where the
    case did not link them to it (a screenshot with no date on screen)."""
    c = contacts[i]
    words = _same_text(c.text)
    if c.channel is Channel.CALL or len(words) < 6:
        return ()
    return tuple(dict.fromkeys(o.source.exhibit for k, o in enumerate(contacts)
                               if k != i and o.source.exhibit != c.source.exhibit and o.source.message_index is not None
                               and o.direction is c.direction and _same_text(o.text) == words))


def _in_order(exhibits: Sequence[ExhibitInput], numbers: set[str]) -> tuple[str, ...]:
    return tuple(ex.number for ex in exhibits if ex.number in numbers)


def _norm(text: str) -> str:
    return " ".join(text.split())


def _same_text(text: str) -> str:
    """A message's words as compared for sameness (spaces and script aside)."""
    return to_simplified("".join(text.split()))


def _number_of(sender: str) -> str:
    """The number of a sender line as a form takes it: its digits, with the "+" of a country code
    kept ("+886 2 8751 1313" → "+886287511313")."""
    name, number = split_sender(sender)
    d = digits(number) if number else digits(sender)
    if not d:
        return sender
    return ("+" if (number or sender).lstrip().startswith("+") else "") + d


def _day(ex: ExhibitInput, s: Strings) -> str:
    """An exhibit's 形成时间 as the bundle's evidence list gives it, with what it rests on (a
    screenshot dated by its file's time only says so)."""
    from evidencekit.core.export.pdf.formatting import formed

    return formed(s, ex, short=True)


def draft_for_case(case: Case, channel: str, language: str | None = None, *, respondent: str | None = None,
                   date: str = "", use_saved: bool = True, fit: bool = True) -> Draft:
    """The draft of an open case for one channel: the person's saved edit when there is one
    (``use_saved``), else written from the case now.

    Args:
        case: an open case.
        channel: a channel id or alias.
        language: zh-Hans, zh-Hant or en (the case's language when None).
        respondent: whom the complaint is about.
        date: the date of writing (today when "").
        use_saved: prefer the person's edited text saved in the case.
        fit: fit the channel's length limit (text to paste into a form; False for a PDF or DOCX).

    Raises:
        UsageError: an unknown channel or language, or a respondent that fits no sender.
        RuleSetError: the case's rule set cannot be used.
    """
    written, shown = drafts_for_case(case, channel, language, respondent=respondent, date=date, fit=fit)
    return shown if use_saved else written


@dataclass(frozen=True, slots=True)
class CaseDrafts:
    """A draft of an open case for one channel, with whom it can be about (one analysis for all).

    Attributes:
        written: the draft as written from the case now.
        shown: the person's saved edit of it when there is one for this respondent, else ``written``.
        respondents: whom a complaint can be about, as :func:`senders` orders them (with how many
            findings and contacts each has); empty for a channel about everyone (the lawyer's brief).
        default: the key of the one a draft for the channel is about when none is asked for
            (:func:`chosen_respondent`; "" for the lawyer's brief or a case with no sender).
        other_edit: whom the person's saved edit for the channel and language is about when it is
            not the one shown (another respondent's; "" when not recorded); None when there is no
            such edit. Keeping an edit of this draft replaces it.
    """

    written: Draft
    shown: Draft
    respondents: tuple[Sender, ...] = ()
    default: str = ""
    other_edit: str | None = None


def drafts_for_case(case: Case, channel: str, language: str | None = None, *, respondent: str | None = None,
                    date: str = "", fit: bool = True) -> tuple[Draft, Draft]:
    """The draft as written from the case now, and the one to show: the person's saved edit of
    it when there is one for this respondent, else the written one (one analysis of the case for
    both; arguments and errors as :func:`draft_for_case`)."""
    d = case_drafts(case, channel, language, respondent=respondent, date=date, fit=fit)
    return d.written, d.shown


def case_drafts(case: Case, channel: str, language: str | None = None, *, respondent: str | None = None,
                date: str = "", fit: bool = True) -> CaseDrafts:
    """:func:`drafts_for_case`, with whom the draft can be about and whom it is about by default
    (arguments and errors as :func:`draft_for_case`)."""
    from evidencekit.core.documents.saved import saved_draft

    lang = language or case.meta.language
    cid = resolve_channel(channel)
    exhibits = case_exhibits(case)
    bundle = latest_bundle(case, exhibits)
    a = analyse(exhibits, case.meta, read_settings(case), case_folder=case.path)
    chosen = chosen_respondent(a, cid, respondent)
    about = chosen.key if chosen is not None else ""
    first = chosen if respondent is None or not respondent.strip() else chosen_respondent(a, cid)
    default = first.key if first is not None else ""
    ranked = tuple(senders(a)) if cid not in ALL_RESPONDENTS else ()
    written = replace(render(cid, draft_input(a, exhibits, cid, lang, bundle=bundle, date=date, respondent=respondent),
                             lang, fit=fit), respondent=about)
    saved = saved_draft(case, cid, lang)
    # an edit is of the complaint about one respondent: not used for another's (an edit kept
    # before respondents were recorded is of the one chosen by default then: taken as today's)
    if saved is not None and (saved.respondent == about or (not saved.respondent and about == default)):
        return CaseDrafts(written, saved_as_draft(cid, lang, saved.text, respondent=about, region=written.region),
                          ranked, default)
    return CaseDrafts(written, written, ranked, default, saved.respondent if saved is not None else None)


def saved_as_draft(channel: str, language: str, text: str, *, respondent: str = "", region: str = "") -> Draft:
    """A draft of the person's own text (an edit kept with the case; ``region``: the case's)."""
    ch = channels()[channel]
    lines = text.splitlines()
    return Draft(channel, language, lines[0] if lines else "", text, ch.limit,
                 exhibits_cited=cited_exhibits(text), edited=True, respondent=respondent, region=region)


def channel_names(language: str) -> dict[str, str]:
    """Channel id → its name in ``language``, in file order (for a chooser)."""
    return {c.id: c.name.get(language, c.name.get("en", c.id)) for c in channels().values()}
