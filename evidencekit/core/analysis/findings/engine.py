"""The checks behind each rule: contacts and their readings in, findings out.

The checks that count contacts (night, unanswered attempts, after the stop request, bursts) count
one sender's each (the respondent, else the number), and only contacts received
(:func:`~..media_contacts.received`: never the person's own messages, calls, or recordings of
calls not known to have come in). Quoted words are runs of the message exactly as shown."""

from __future__ import annotations

import re
from dataclasses import replace
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any

from evidencekit.core.analysis.addressing import answers, disowned, names_anyone, opens_to
from evidencekit.core.analysis.chronology import night_name, night_of
from evidencekit.core.analysis.classify import TOLD_THIRD_PARTY, Hit, Reading
from evidencekit.core.analysis.contacts import Channel, Contact, Direction, TimeCertainty
from evidencekit.core.analysis.amounts import find_amounts, format_amount
from evidencekit.core.analysis.figures import Demand, acknowledges_complaint, is_receipt, told_others
from evidencekit.core.analysis.findings.model import LANGS, Certainty, Evidence, Finding
from evidencekit.core.analysis.findings.ruleset import RuleDef, RuleSet
from evidencekit.core.analysis.labels import THREAD_RULE, label_name, read_contacts, thread_of
from evidencekit.core.analysis.contacts import received
from evidencekit.core.analysis.parties import number_key, same_number, sender_label
from evidencekit.core.analysis.timebasis import dateless
from evidencekit.core.export.strings import strings

_WHO_NAMES: dict[str, dict[str, str]] = {
    "family": {"zh-Hans": "家人", "zh-Hant": "家人", "en": "family"},
    "employer": {"zh-Hans": "单位及同事", "zh-Hant": "公司及同事", "en": "employer and colleagues"},
    "contacts": {"zh-Hans": "通讯录联系人及亲友", "zh-Hant": "通訊錄聯絡人及親友", "en": "contacts and friends"},
    "neighbours": {"zh-Hans": "邻居及社区", "zh-Hant": "鄰居及社區", "en": "neighbours"},
    "self": {"zh-Hans": "本人", "zh-Hant": "本人", "en": "the person"},
}
# The person asking them to stop, in the person's own replies.
_STOP = re.compile(r"(?:停止|不要再|别再|別再|勿再|請勿|请勿)(?P<gap>(?:给|給|对|對)[^，。,.!?！？；;]{1,8}?)?(?:发送|發送|发短信|發簡訊|发|發|打电话|打電話|打|联系|聯繫|聯絡|骚扰|騷擾"
                   r"|催收|致电|致電)")
# Third parties reached, as a record says it: the person's own report ("你们这样骚扰我的家人", "打到我
#单位去了", "我同事都接到你们的电话"), or the sender saying it has done so ("已通知你的紧急联系人").
_OTHERS = (r"(?:家人|家里人?|家裡人?|屋企人|父母|爸妈|爸媽|爸爸|妈妈|媽媽|老爸|老妈|老媽|老豆|阿媽|老婆|老公|妻子|丈夫|孩子|亲戚|親戚|亲属|親屬"
           r"|同事|领导|領導|老板|老闆|老細|上司|主管|单位|單位|公司|朋友|紧急联系人|緊急聯絡人|緊急聯繫人|通讯录|通訊錄|邻居|鄰居"
           r"|family|relatives|parents|mother|father|mum|mom|dad|wife|husband|colleagues?|boss|employer|manager|company"
           r"|office|friends?|emergency contacts?|contacts|neighbou?rs?)")
_REACH = (r"(?:骚扰|騷擾|打电话给|打電話給|打给|打給|打俾|打畀|打到|打去|打咗去|打咗俾|打咗畀|打咗到|打了去|打过去|打過去|联系|聯繫|聯絡|通知|告诉|告訴|告知|話俾|話畀|找|搵"
          r"|发给|發給|发短信给|發簡訊給|发信息给|發訊息給|上门找|上門找)")
# A verb's completion: 了, 过, and Cantonese 咗 / 過.
_DONE_ASPECT = r"(?:了|过|過|咗)?"
_EN_REACH = (r"(?:call(?:ed|ing)?|phon(?:ed?|ing)|contact(?:ed|ing)?|harass(?:ed|ing)?|messag(?:ed?|ing)|text(?:ed|ing)?|told"
             r"|tell(?:ing)?|inform(?:ed|ing)?|notif(?:ied|ying|y)|visit(?:ed|ing)?|reach(?:ed|ing)?)")
_REPORTED = re.compile(rf"{_REACH}{_DONE_ASPECT}(?:我的?|我们的?|我們的?|我哋(?:嘅)?|我嘅)?{_OTHERS}"
                       rf"|{_OTHERS}(?:都|也)?(?:接到|收到)(?:了|咗)?(?:你们|你們|你哋)?(?:的|嘅)?(?:电话|電話|短信|簡訊|短訊|信息|訊息)"
                       rf"|\b{_EN_REACH}\s+(?:all\s+)?(?:of\s+)?my\s+{_OTHERS}\b"
                       rf"|\bmy\s+{_OTHERS}\s+(?:also\s+|even\s+)?(?:got|received|had|has\s+had|have\s+had)\s+(?:your\s+|a\s+|the\s+)?"
                       r"(?:calls?|messages?|texts?|visits?)\b", re.IGNORECASE)
# A request or a prohibition before those words in the person's clause: "也不要再联系我的家人和单位",
# "别找我同事", "请勿骚扰我家人" ask that it not happen, and report nothing.
_ASKED_NOT = re.compile(r"不要|不准|不許|不许|不能|不可以|不得|別|别|勿|停止|禁止|唔好|咪再|don'?t|do not|stop", re.IGNORECASE)
# Where a clause of a message ends (the person's report is quoted as the whole clause).
_CLAUSE_END = "，,。.！!？?；;\n"
# The kinds of third party those words name (the keys of _WHO_NAMES).
_OTHERS_KINDS = {
    "family": r"(?i:家|父母|爸|妈|媽|老豆|老婆|老公|妻子|丈夫|孩子|亲戚|親戚|亲属|親屬|family|relatives|parents|mother|father|mum|mom|dad|wife|husband)",
    "employer": r"(?i:同事|领导|領導|老板|老闆|老細|上司|主管|单位|單位|公司|colleague|boss|employer|manager|company|office)",
    "contacts": r"(?i:朋友|紧急联系人|緊急聯絡人|緊急聯繫人|通讯录|通訊錄|friend|contacts)",
    "neighbours": r"(?i:邻居|鄰居|neighbou?r)",
}
_DONE = re.compile(rf"(?:已经|已經|已)(?:{_REACH}){_DONE_ASPECT}(?:你的?|妳的?|您的?|你嘅|你哋嘅)?{_OTHERS}"
                   # the third party named first: "你同事张敏我们已经联系过了", "你屋企人我哋已經通知咗"
                   rf"|(?:你的?|妳的?|您的?|你嘅|你哋嘅){_OTHERS}[^，,。！!？?]{{0,8}}?(?:已经|已經|已)(?:{_REACH}|跟(?:他|她|佢)说|跟(?:他|她|佢)說|同(?:佢|他|她)講)"
                   rf"(?:过|過)?(?:了|咗)"
                   # "同你同事黃小姐講咗", "跟你家人说了": told them, in the sender's own words
                   rf"|(?:同|跟|和)(?:你的?|妳的?|您的?|你嘅){_OTHERS}[^，,。！!？?]{{0,6}}?(?:講|讲|说|說|話|话)(?:咗|了|過|过)"
                   rf"|\b(?:have|has|had|'ve)\s+(?:already\s+)?{_EN_REACH}\s+(?:all\s+)?(?:of\s+)?your\s+{_OTHERS}\b"
                   rf"|\balready\s+{_EN_REACH}\s+(?:all\s+)?(?:of\s+)?your\s+{_OTHERS}\b", re.IGNORECASE)
# How a notice calls someone by surname alone: a title after a Chinese surname, before a Latin one.
_TITLE_AFTER = r"(?:先生|女士|小姐|太太|生|太|君|姐|哥|姨|叔|总|總)"
_TITLE_BEFORE = r"(?:(?:Mr|Mrs|Ms|Miss|Mdm|Madam|Dr)\.?\s+)"
_UNKNOWN_SENDER = {"zh-Hans": "发送方不明", "zh-Hant": "發送方不明", "en": "an unknown sender"}


@dataclass(frozen=True, slots=True)
class CaseFacts:
    """What the case knows that the findings need.

    Attributes:
        claimant_name: the phone owner's name (notices naming somebody else are mis-sent).
        stop_requested_at: when the person asked them to stop (a case setting); when None, the
            person's own first reply asking it ("请停止发送") is used, if any.
        stop_basis: what the stop date rests on ("case setting", "letter of 2026-11-20").
        stop_to: whom the request went to (a respondent's name or number); "" for all of them.
            A request read from the person's own reply went to that thread's sender only.
    """

    claimant_name: str = ""
    stop_requested_at: datetime | None = None
    stop_basis: str = ""
    stop_to: str = ""


@dataclass(frozen=True, slots=True)
class _Ctx:
    contacts: tuple[Contact, ...]
    readings: dict[int, Reading]  # by index in contacts
    facts: CaseFacts


def _hm(value: str) -> time:
    h, m = value.split(":")
    return time(int(h), int(m))


def _stamp(c: Contact) -> str:
    """A contact's time as text; "" for one made up from the file's time (:func:`.timebasis.dateless`:
    never given as a date)."""
    if c.time is None or dateless(c.certainty, c.time_basis):
        return ""
    return c.time.isoformat(sep=" ", timespec="minutes")


def _evidence(c: Contact, quotes: Sequence[str] = ()) -> Evidence:
    """The evidence of one contact; ``quotes`` are runs of its text exactly as shown."""
    parts = tuple(q for q in quotes if q)
    return Evidence(c.source.exhibit, c.source.ref(), _stamp(c), c.certainty.value, c.time_basis, c.channel.value,
                    "…".join(parts), c.text, parts)


def _quoted(text: str, hits: Iterable[Hit]) -> list[str]:
    """The words behind ``hits`` as runs of ``text`` exactly as shown, in text order: each hit's
    words from its first to its last (a rule's words lie close together), overlapping runs as one.
    A reader may put each in quote marks: they are the message's own words, nothing left out."""
    runs: list[tuple[int, int]] = []
    for h in hits:
        at = []
        for w, (a, b) in zip(h.words, h.spans, strict=False):
            if text[a:b] != w:  # a span on another form of the text: the word where it is
                a = text.find(w)
                b = a + len(w)
            if w and a >= 0:
                at.append((a, b))
        if at:
            runs.append((min(a for a, _ in at), max(b for _, b in at)))
    merged: list[list[int]] = []
    for a, b in sorted(runs):
        if merged and a <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], b)
        else:
            merged.append([a, b])
    return [text[a:b] for a, b in merged]


def _sender_key(c: Contact) -> tuple[str, str]:
    """One key per sender: the respondent when known, else the number however written (its
    name as shown when it has none); a contact whose sender nothing shows is a sender of its own,
    never counted with another's."""
    if c.respondent:
        return ("respondent", c.respondent)
    key = number_key(c.counterpart)
    return ("number", key) if key else ("contact", c.source.ref())


def _sender(cs: Sequence[Contact]) -> str:
    """How the sender of one sender's contacts is named: the respondent, else the number as shown."""
    return sender_label(cs[0].counterpart, cs[0].respondent) if cs else ""


def _by_sender(cs: Iterable[Contact]) -> list[list[Contact]]:
    """``cs`` by sender (:func:`_sender_key`), each sender's in time order, senders in the order of
    their first contact."""
    groups: dict[tuple[str, str], list[Contact]] = {}
    for c in cs:
        groups.setdefault(_sender_key(c), []).append(c)
    out = [sorted(g, key=lambda c: c.time or datetime.min) for g in groups.values()]
    return sorted(out, key=lambda g: (g[0].time or datetime.min, _sender(g)))


def _sender_facts(cs: Sequence[Contact]) -> dict[str, str]:
    name = _sender(cs)
    return {lang: name or _UNKNOWN_SENDER[lang] for lang in LANGS}


def _time_certainty(cs: Iterable[Contact]) -> tuple[Certainty, str]:
    resolved = [c for c in cs if c.certainty is TimeCertainty.RESOLVED]
    if not resolved:
        return Certainty.HIGH, ""
    bases = "; ".join(dict.fromkeys(c.time_basis for c in resolved if c.time_basis))
    return Certainty.MEDIUM, f"{len(resolved)} time(s) resolved from a relative label" + (f" ({bases})" if bases else "")


def _respondent(cs: Sequence[Contact]) -> str:
    names = {c.respondent for c in cs}
    return names.pop() if len(names) == 1 else ""


def _fmt(rule: RuleDef, facts: dict[str, dict[str, Any]], case: str = "") -> dict[str, str]:
    """The rule's sentence filled in, per language: its sentence for ``case`` (``says_<case>``)
    when it has one, else its sentence."""
    says = (rule.says_as.get(case) or rule.says) if case else rule.says
    out = {}
    for lang in LANGS:
        tpl = says.get(lang) or says.get("en", "")
        try:
            out[lang] = tpl.format_map(facts[lang])
        except (KeyError, IndexError, ValueError):
            out[lang] = tpl  # a user's sentence naming an unknown placeholder: shown as written
    return out


def _same(**kw: Any) -> dict[str, dict[str, Any]]:
    return {lang: dict(kw) for lang in LANGS}


def _finding(rs: RuleSet, rule: RuleDef, facts: dict[str, dict[str, Any]], evidence: Sequence[Evidence],
             certainty: Certainty, reason: str, respondent: str, sender: str = "", case: str = "") -> Finding:
    if rule.certainty:
        cap = Certainty(rule.certainty)
        if Certainty.weakest(certainty, cap) is cap and cap is not certainty:
            reason = (reason + "; " if reason else "") + "the rule asks for a check"
        certainty = Certainty.weakest(certainty, cap)
    for lang, f in facts.items():
        if isinstance(f.get("count"), int) and lang == "en":  # "1 contact", "3 contacts"
            f.setdefault("contacts", f"{f['count']} contact" + ("" if f["count"] == 1 else "s"))
    plain = {k: v for k, v in facts["en"].items() if isinstance(v, (str, int, float))}
    return Finding(rule.id, rs.id, dict(rule.title), _fmt(rule, facts, case),
                   tuple(rs.source_title(s) for s in rule.sources),
                   {n: (p.value, rs.source_title(p.source)) for n, p in rule.params.items()},
                   tuple(evidence), certainty, reason, respondent, plain, sender)


# ----------------------------------------------------------------------------- checks

def _incoming(ctx: _Ctx) -> list[Contact]:
    """The contacts received (never the person's own messages, calls or recordings of their own
    calls: :func:`~..media_contacts.received`), nor a message the sender sent to someone else
    (:func:`~..figures.told_others`: a relative's or colleague's copy)."""
    return [c for i, c in enumerate(ctx.contacts) if received(c) and not told_others(ctx.readings.get(i))]


def _check_quiet_hours(rs: RuleSet, rule: RuleDef, ctx: _Ctx) -> list[Finding]:
    start, end = _hm(str(rule.param("start", "22:00"))), _hm(str(rule.param("end", "08:00")))

    def night(t: time) -> bool:
        return (t >= start or t < end) if start > end else start <= t < end

    groups: dict[tuple[date, tuple[str, str]], list[Contact]] = {}
    for c in _incoming(ctx):
        if c.timed and c.time is not None and night(c.time.time()):
            # a contact after midnight belongs to the night that began the evening before
            day = night_of(c.time, (start, end))
            groups.setdefault((day, _sender_key(c)), []).append(c)  # one sender's night each
    out = []
    for (day, _), cs in sorted(groups.items(), key=lambda kv: (kv[0][0], kv[0][1])):
        cs.sort(key=lambda c: c.time or datetime.min)
        times = "、".join(c.time.strftime("%H:%M") for c in cs if c.time)
        sender = _sender_facts(cs)
        # {night} names the night ("2026-11-25夜间至11-26凌晨"), {date} the day it began
        facts = {lang: {"date": day.isoformat(), "night": night_name(day, lang, over_midnight=start > end),
                        "count": len(cs), "start": start.strftime("%H:%M"),
                        "end": end.strftime("%H:%M"), "times": times if lang != "en" else times.replace("、", ", "),
                        "sender": sender[lang]}
                 for lang in LANGS}
        cert, why = _time_certainty(cs)
        out.append(_finding(rs, rule, facts, [_evidence(c) for c in cs], cert, why, _respondent(cs), _sender(cs)))
    return out


def _check_attempts(rs: RuleSet, rule: RuleDef, ctx: _Ctx) -> list[Finding]:
    limit = int(rule.param("max", 6))
    channels = set(rule.param("channels", ["call"]))
    only_unanswered = rule.param("count", "unanswered") == "unanswered"
    groups: dict[tuple[date, str, tuple[str, str]], list[Contact]] = {}
    for c in _incoming(ctx):
        if c.channel.value not in channels or not c.timed or c.time is None:
            continue
        if only_unanswered and not c.unanswered:
            continue
        groups.setdefault((c.time.date(), c.channel.value, _sender_key(c)), []).append(c)
    # a lower limit other sources give ("3 a day" in some press reports): a day above it only is
    # said too, as low certainty, naming both limits, so a desk that holds the lower one need not recount
    p = rule.params.get("max")
    lower = min((int(v) for v, _ in (p.alternatives if p is not None else ()) if int(v) < limit), default=None)
    rule_says = rule
    if lower is not None and "lower" not in rule.says_as:
        rule_says = replace(rule, says_as={**rule.says_as, "lower": _LOWER_SAYS})
    out = []
    for (day, channel, _), cs in sorted(groups.items()):
        if len(cs) <= (limit if lower is None else lower):
            continue
        above = len(cs) > limit
        cs.sort(key=lambda c: c.time or datetime.min)
        sender = _sender_facts(cs)
        facts = {lang: {"date": day.isoformat(), "count": len(cs), "max": limit if above else lower, "main": limit,
                        "channel": _channel_name(channel, lang, rs.jurisdiction), "sender": sender[lang]}
                 for lang in LANGS}
        cert, why = _time_certainty(cs)
        if any(c.outcome.value == "unknown" for c in cs) and only_unanswered:
            cert, why = Certainty.weakest(cert, Certainty.MEDIUM), why or "some calls' outcome unknown"
        if not above:
            cert, why = Certainty.LOW, (why + "; " if why else "") + "above only a lower limit some sources give"
        out.append(_finding(rs, rule_says, facts, [_evidence(c) for c in cs], cert, why, _respondent(cs), _sender(cs),
                            "" if above else "lower"))
    return out


# What a day above only the lower limit some sources give says, when the rule set gives no
# ``says_lower``.
_LOWER_SAYS = {
    "zh-Hans": "{date}：经{channel}联系{count}次未接通，超过部分报道所称的每日{max}次（本规则集采用每日{main}次）",
    "zh-Hant": "{date}：經{channel}聯絡{count}次未接通，超過部分報道所稱的每日{max}次（本規則集採用每日{main}次）",
    "en": "{date}: {count} unanswered {channel} attempts, more than the {max} a day some reports give "
          "(this rule set uses {main})",
}


def _label_rules(rs: RuleSet) -> set[str]:
    """Labels that some label rule of the set claims by name, other than the bare ``threat``."""
    return {lab for r in rs.rules if r.check == "label" for lab in r.param("labels", []) if lab != "threat"}


def _check_label(rs: RuleSet, rule: RuleDef, ctx: _Ctx) -> list[Finding]:
    wanted = list(rule.param("labels", []))
    hows = set(rule.param("how", []))
    mild = set(rule.param("mild_alone", []))  # kinds that, alone, make a finding doubtful
    claimed = _label_rules(rs)
    # the kinds of words another label rule of the set reports ("请机主转告…": collection through
    # a third party)
    others_hows = {h for x in rs.rules if x.check == "label" and x is not rule for h in x.param("how", [])}
    out = []
    for i, c in enumerate(ctx.contacts):
        r = ctx.readings.get(i)
        if r is None or r.from_claimant or c.direction is Direction.OUT:
            continue
        names = set(r.label_names)
        kinds = [lab for lab in wanted if lab in names]
        if "threat" in kinds and any(n.startswith("threat_") for n in names):
            # the bare parent adds nothing when a sub-kind is there; a sub-kind another rule of
            # the set reports is left to that rule
            kinds.remove("threat")
            subs = [n for n in names if n.startswith("threat_") and n not in wanted and n not in claimed]
            kinds += subs
        # a third party "reached" only by the words that ask the reader to pass the debt on ("你不让
        # 他还钱"): the reader is that third party, which the rule on such words reports, not a
        # threat to tell others (review9 #7)
        passed_on = [span for h in r.hits if h.how in others_hows for span in h.spans]
        relayed = [h for h in r.hits if h.label == "threat_third_party" and h.how not in hows
                   and any(a < y and x < b for x, y in h.spans[:1] for a, b in passed_on)]
        if "threat_third_party" in kinds and relayed \
                and all(h in relayed for h in r.hits if h.label == "threat_third_party"):
            kinds.remove("threat_third_party")
        hits = [h for h in r.hits if ((h.label in kinds) or (h.how in hows)) and h not in relayed]
        if not kinds and not any(h.how in hows for h in r.hits):
            continue
        if not kinds and not any(n == "overdue_collection" or n.startswith("threat") for n in names):
            continue  # words of the kind, in a message that collects nothing ("我是他家姐…你是他朋友吗？")
        quotes = _quoted(c.text, hits)
        who = [w for w in r.who if w != "self"]  # the {who} a rule names are the others a message reaches
        # a message sent to a third party telling them of the person's debt ("Hi Ms Wong, 你同事陳嘉欣
        # 欠我哋…"): the disclosure itself, said as done, not as a threat
        sent = "threat_third_party" in wanted and told_others(r)
        to = ""
        if sent:
            told = [h for h in r.hits if h.how == TOLD_THIRD_PARTY]
            who = [w for h in told for w in h.who]
            to = opens_to(c.text)
            quotes = _quoted(c.text, [*told, *(h for h in hits if h.label == "threat_third_party")])
            quotes = ([_called(c.text, to)] if to and _called(c.text, to) in c.text else []) + quotes
        # whom it reached: as the message greets them, else as the person said whose phone it was
        whom = [_called(c.text, to)] if to else [str(c.extra["received_by"])] if sent and c.extra.get("received_by") else []
        # a threat to reach third parties: whether a record shows they were reached (the facts'
        # "disclosed", for a complaint to ask to stop disclosing only when it happened)
        reached = _reached(ctx, c, who) if "threat_third_party" in wanted and not sent else []
        facts = {lang: {
            "quote": c.text,
            "kinds": _kinds(kinds, lang),
            "who": ("、" if lang != "en" else ", ").join(_WHO_NAMES[w][lang] for w in who) if who else "",
            "words": "…".join(quotes),
            "done": _done_words(reached, lang),
            **({"disclosed": bool(reached) or sent} if "threat_third_party" in wanted else {}),
            **(_sent_facts(ctx, c, lang, whom, who) if sent else {}),
        } for lang in LANGS}
        cert, why = Certainty.HIGH, ""
        if c.certainty is TimeCertainty.UNKNOWN:
            why = "the message's time is unknown"
        if kinds and set(kinds) <= mild and not any(h.how == "credit_overreach" for h in r.hits):
            # e.g. "overdue will be reported to the credit system": a lender may have to say so
            # (not "你和你子女以后坐高铁都会受影响": harms no credit record does)
            cert, why = Certainty.LOW, (why + "; " if why else "") + "such a notice may be lawful"
        elif kinds == ["threat"] and _rests_only_on(r, "routine_warning", ("threat",)):
            # "please settle today to avoid further action": a lender's routine warning, no menace named
            cert, why = Certainty.LOW, (why + "; " if why else "") + "a lender's routine warning; it names no menace"
        elif kinds == ["threat_legal_action"] and _rests_only_on(r, "lawful_step", ("threat", "threat_legal_action")):
            # "本公司将依法声请支付命令": a creditor's lawful step, unless untrue or meant to frighten
            cert, why = Certainty.LOW, (why + "; " if why else "") + "a lawful legal step stated"
        # the message itself may say it is done ("已通知你的家人"): its words among its own
        evidence = [_evidence(c, quotes + [q for x, q, _ in reached if x is c and q not in quotes])]
        evidence += [_evidence(x, [q]) for x, q, _ in reached if x is not c]
        says = replace(rule, says_as={**rule.says_as, "sent": _SENT_SAYS}) if sent and "sent" not in rule.says_as else rule
        out.append(_finding(rs, says, facts, evidence, cert, why, c.respondent, _sender([c]),
                            "sent" if sent else "disclosed" if reached else ""))
    return out


# What a rule reading ``threat_third_party`` says of a message sent to a third party, when its
# rule set gives no ``says_sent``.
_SENT_SAYS = {
    "zh-Hans": "对方发给第三人（{whom}）的消息向其披露{claimant}的欠款：“{quote}”{after_stop}",
    "zh-Hant": "對方發給第三人（{whom}）的訊息向其披露{claimant}的欠款：「{quote}」{after_stop}",
    "en": "A message sent to a third party ({whom}) tells them of {claimant}'s debt: “{quote}”{after_stop}",
}


def _sent_facts(ctx: _Ctx, c: Contact, lang: str, to: Sequence[str], who: Sequence[str]) -> dict[str, str]:
    """The facts of a message sent to a third party: whom it went to ("Ms Wong: employer and
    colleagues"), whose debt it tells, and when it came after a request to stop that reached
    its sender ("sent after the request to stop of 2026-11-24 12:30")."""
    kinds = ("、" if lang != "en" else ", ").join(_WHO_NAMES[w][lang] for w in who)
    whom = ("：" if lang != "en" else ": ").join(x for x in ("、".join(to), kinds) if x)
    claimant = ctx.facts.claimant_name.split("/")[0].strip() or _WHO_NAMES["self"][lang]
    after = ""
    stop = _stop_for(c, _reach(_stops(ctx.contacts, ctx.facts), ctx.contacts))
    if stop is not None and c.timed and c.time is not None and c.time > stop.when:
        when = stop.when.isoformat(sep=" ", timespec="minutes")
        after = {"zh-Hans": f"；发于{when}要求停止联系之后", "zh-Hant": f"；發於{when}要求停止聯絡之後",
                 "en": f"; sent after the request to stop of {when}"}[lang]
    return {"whom": whom or _WHO_NAMES["contacts"][lang], "claimant": claimant, "after_stop": after}


def _channel_name(channel: str, lang: str, jurisdiction: str) -> str:
    """A channel as the bundle names it in ``lang``, in the rule set's region (Hong Kong's 短訊)."""
    key = f"channel.{channel}"
    name = strings(lang, jurisdiction)(key)
    return channel if name == key else name


def _rests_only_on(r: Reading, how: str, labels: Sequence[str]) -> bool:
    """Whether every word a message's threats of ``labels`` rest on is within words of kind
    ``how`` of ``rules/labels.toml``: a lender's routine warning ("to avoid further action":
    ``routine_warning``), a civil legal step stated ("依法声请支付命令": ``lawful_step``). A label
    no rule's words support (the model's alone) rests on nothing shown: never."""
    within = [span for h in r.hits if h.how == how for span in h.spans]
    spans = [span for h in r.hits if h.label in labels for span in h.spans]
    return bool(within) and bool(spans) and all(any(a <= x and y <= b for a, b in within) for x, y in spans)


def _done_words(reached: Sequence[tuple[Contact, str, bool]], lang: str) -> str:
    """Who says third parties were reached, and their words: the person's own reply ("本人回复称第三
    人已被联系：“骚扰我的家人”"), the sender's message ("对方消息称已联系第三人：“已通知你的紧急联系
    人”"); never stated as a fact of its own."""
    ours = [q for _, q, own in reached if own]
    theirs = [q for _, q, own in reached if not own]
    said = {"zh-Hans": ("本人回复称第三人已被联系：“{q}”", "对方消息称已联系第三人：“{q}”"),
            "zh-Hant": ("本人回覆稱第三人已被聯絡：「{q}」", "對方訊息稱已聯絡第三人：「{q}」"),
            "en": ("my reply says they were reached: “{q}”", "their message says they were reached: “{q}”")}[lang]
    parts = [said[0].format(q="…".join(ours))] if ours else []
    parts += [said[1].format(q="…".join(theirs))] if theirs else []
    return ("；" if lang != "en" else "; ").join(parts)


def _others_named(words: str) -> set[str]:
    """The kinds of third party (:data:`_WHO_NAMES`) a record of their being reached names
    ("骚扰我的家人": family; "打到我单位去了": employer)."""
    return {kind for kind, pattern in _OTHERS_KINDS.items() if re.search(pattern, words)}


def _before(x: Contact, c: Contact) -> bool:
    """Whether the person's report ``x`` came after the threat ``c`` (a report can only support a
    threat already made): ``x`` dated, and ``c`` dated no later, or above ``x`` in one screenshot
    (the screen's order, when ``c``'s date is not known)."""
    if not x.timed or x.time is None:
        return False  # an undated reply may have come before the threat: it supports none
    if c.timed and c.time is not None:
        return c.time <= x.time
    return (c.source.message_index is not None and x.source.message_index is not None
            and thread_of(c) == thread_of(x) and c.source.message_index < x.source.message_index)


def _reached(ctx: _Ctx, c: Contact, who: Sequence[str]) -> list[tuple[Contact, str, bool]]:
    """The records that third parties of the kinds ``c`` threatens (``who``) were reached, in the
    thread of ``c`` or from its sender: the person's own report ("你们这样骚扰我的家人") made after
    the threat (:func:`_before`), the sender saying it has done so ("已通知你的紧急联系人"); each
    with its words exactly as shown and whether it is the person's own. A threat alone ("我们将联系
    你的家人") is none; nor is a report of family reached for a threat to go to the employer."""
    thread, sender = thread_of(c), _sender_key(c)
    out = []
    for i, x in enumerate(ctx.contacts):
        if thread_of(x) != thread and _sender_key(x) != sender:
            continue
        r = ctx.readings.get(i)
        own = x.direction is Direction.OUT or (r is not None and r.from_claimant)
        if own and not _before(x, c):
            continue
        for m in (_REPORTED if own else _DONE).finditer(x.text):
            if x is not c and not _others_named(m.group(0)) & set(who):
                continue
            words = m.group(0)
            if own:
                start, end = _clause(x.text, m.start(), m.end())
                if _ASKED_NOT.search(x.text[start:m.start()]):
                    continue  # a request that they not be contacted is no report that they were
                words = x.text[start:end]
            out.append((x, words, own))
            break
    return out


def _clause(text: str, start: int, end: int) -> tuple[int, int]:
    """The clause of ``text`` that holds ``text[start:end]``, between the punctuation around it."""
    before = max(text.rfind(p, 0, start) for p in _CLAUSE_END)
    after = [at for p in _CLAUSE_END if (at := text.find(p, end)) >= 0]
    return before + 1, min(after, default=len(text))


def _kinds(kinds: Sequence[str], lang: str) -> str:
    """The labels a finding names, as the app and the bundle name them ("威胁起诉或报警、其他威胁";
    in English the later ones in lower case: "Threat of a visit (home or work), other threat")."""
    names = [label_name(k, strings(lang)) for k in kinds]
    if lang != "en":
        return "、".join(names)
    return ", ".join(names[:1] + [n[:1].lower() + n[1:] for n in names[1:]])


def _surname_only(name: str) -> bool:
    """Whether a name a notice calls someone by is a surname alone ("张" of "张先生", "陈姐",
    "Wong" of "Mr Wong"), not a full name ("李建国", "Wong Chi Keung")."""
    n = name.strip()
    if re.search(r"[A-Za-z]", n):
        return len(n.split()) == 1
    return len(n) == 1 or (len(n) == 2 and n[1] in "姐哥姨叔总總")


def _called(text: str, name: str) -> str:
    """How ``text`` calls the person named ``name``, exactly as shown: the surname with its title
    ("张先生", "Mr Wong"), else the name."""
    m = (re.search(_TITLE_BEFORE + re.escape(name), text) if re.search(r"[A-Za-z]", name)
         else re.search(re.escape(name) + _TITLE_AFTER, text))
    return m.group(0) if m is not None and _surname_only(name) else name


def _check_misdirected(rs: RuleSet, rule: RuleDef, ctx: _Ctx) -> list[Finding]:
    """Notices meant for someone else. Sure (high) when the notice calls someone who cannot be the
    claimant by their full name ("李建国先生"), or by a surname and title ("张先生") and the person
    replied in that thread that it is not them. A surname and title alone may still be the
    person's own debt under a mistaken surname: medium, and the finding says the person must
    confirm it is not theirs. A notice whose addressee only the person's reply disowns (no
    claimant name known, a name the claimant's does not rule out, no name): medium, resting on
    that reply."""
    out = []
    # threads where the person replied that the notices are not for them (a screenshot, a
    # conversation of an export: not the other conversations the export holds)
    denied: dict[tuple[str, ...], list[Contact]] = {}
    for i, c in enumerate(ctx.contacts):
        r = ctx.readings.get(i)
        if r is not None and r.from_claimant and any(h.rule == "reply-not-me" for h in r.hits):
            denied.setdefault(thread_of(c), []).append(c)
    claimant = ctx.facts.claimant_name
    for i, c in enumerate(ctx.contacts):
        r = ctx.readings.get(i)
        if r is None or r.from_claimant or c.direction is Direction.OUT or told_others(r):
            continue  # (a message telling a third party of the person's debt is no notice mis-sent)
        named = bool(r.names_other)
        reply = _answering(denied.get(thread_of(c), ()), c.text, r.names_other, claimant)
        notice = bool({"overdue_collection", "repayment_reminder"} & set(r.label_names) or
                      any(n.startswith("threat") for n in r.label_names))
        if not named and not (reply is not None and notice):
            continue
        called = list(dict.fromkeys(_called(c.text, n) for n in r.names_other))
        # whom the notice itself calls by a name that cannot be the claimant's (not the names the
        # person's reply disowns: those the claimant's name alone did not rule out)
        direct = [w for h in r.hits if h.how == "addressed_to_other" and h.rule != THREAD_RULE for w in h.words]
        full = [n for n in direct if not _surname_only(n)]
        names = "、".join(called)
        facts = {lang: {"quote": c.text, "names": names or {"zh-Hans": "非本人", "zh-Hant": "非本人",
                                                             "en": "not the person"}[lang],
                        "claimant": claimant or {"zh-Hans": "本人", "zh-Hant": "本人", "en": "the person"}[lang]}
                 for lang in LANGS}
        evidence = [_evidence(c, [w for w in called if w in c.text])]
        if reply is not None:
            evidence.append(_evidence(reply, [h.words[0] for h in ctx.readings[ctx.contacts.index(reply)].hits
                                              if h.rule == "reply-not-me"]))
        # a notice that only names someone else as the one who owes, speaking to the person
        # ("黄志坚欠钱不还，机主不配合就是包庇"): said so, not as addressing them (review9 #7)
        case = "" if any(h.rule == "addressed-to-other" for h in r.hits) or not direct else "named"
        if direct and claimant and (full or reply is not None):
            cert, why = Certainty.HIGH, ""
        elif direct and claimant:
            cert, why, case = (Certainty.MEDIUM, "a surname and title alone: the person must confirm the debt is "
                               "not theirs", "title_only")
        else:
            cert, why = Certainty.MEDIUM, "rests on the person's reply that the notices are not for them"
        out.append(_finding(rs, rule, facts, evidence, cert, why, c.respondent, _sender([c]), case))
    return out


def _answering(replies: Sequence[Contact], text: str, names: Sequence[str], claimant: str) -> Contact | None:
    """The person's reply of a thread that answers a notice of it: one disowning a name the notice
    calls someone by ("我不是刘志强" for "刘志强先生，…"), or one naming nobody ("你们发错人了") for a
    notice calling someone not the claimant or nobody by name. A notice calling the claimant
    ("王芳您好，…") is hers: no reply to another notice of the thread answers it (the thread's
    reading, :func:`~.labels.thread_readings`, leaves every name it does not answer out of
    ``names``)."""
    for reply in replies:
        gone = disowned(reply.text, claimant)
        if gone and any(answers(gone, n) for n in names):
            return reply
        if not gone and (names or not names_anyone(text)):
            return reply
    return None


@dataclass(frozen=True, slots=True)
class _Stop:
    when: datetime
    basis: str
    certainty: Certainty
    ask: Contact | None  # the person's own message asking it, when the case holds it
    to: str  # whom it went to: a respondent's name or a number ("" for everyone)
    setting: bool = False  # given by the case's settings (not read from the person's message)


def _ask_at(contacts: Sequence[Contact], when: datetime, to: str) -> Contact | None:
    """The person's own message sent in the minute ``when`` names (the request the case's setting
    dates): one asking them to stop ("请停止发送") first, then one to whom it went (``to``); None
    when they sent none then."""
    minute = when.replace(second=0, microsecond=0)
    mine = [c for c in contacts if c.direction is Direction.OUT and c.channel is not Channel.CALL and c.timed
            and c.time is not None and c.time.replace(second=0, microsecond=0) == minute]
    whose = _whose(contacts, to)
    mine.sort(key=lambda c: (_STOP.search(c.text) is None, not _addressed(c, to, whose)))
    return mine[0] if mine else None


# A request about others only ("请不要再打我同事电话", "别再打电话给我家人"): not to stop contacting
# the person ("别再骚扰我和我家人" is).
_ABOUT_OTHERS = re.compile(rf"(?:电话|電話)?(?:给|給|到|找)?(?:我的?|我们的?|我們的?){_OTHERS}")


def asks_to_stop(text: str) -> bool:
    """Whether the person's own message asks them to stop contacting them ("请停止发送",
    "别再打了"), not only to leave others alone ("请不要再打我同事电话")."""
    return any(_ABOUT_OTHERS.match(text, m.end()) is None
               and _ABOUT_OTHERS.fullmatch(m["gap"] or "", 1) is None for m in _STOP.finditer(text))


def _stops(contacts: Sequence[Contact], facts: CaseFacts) -> list[_Stop]:
    """Every request to stop the case knows of, earliest first: the case setting's, and the
    person's own first message asking it of each sender the setting does not reach ("请停止发送" to
    安逸花 on 11-20, "别再打了" to a collector on 11-24: each sender is held to its own request).
    A setting that names no one reaches everyone; it is the person's word and is not second-guessed
    by a message of theirs to a sender it reaches."""
    out: list[_Stop] = []
    setting: _Stop | None = None
    if facts.stop_requested_at is not None:
        # the person's own message at that minute, when the case holds it, is what shows it
        ask = _ask_at(contacts, facts.stop_requested_at, facts.stop_to)
        basis = f"exhibit {ask.source.exhibit}" if ask is not None else facts.stop_basis or "case setting"
        setting = _Stop(facts.stop_requested_at, basis, Certainty.HIGH, ask, facts.stop_to, setting=True)
        out.append(setting)
        if not facts.stop_to.strip():
            return out
    asks = sorted((c for c in contacts if c.direction is Direction.OUT and c.timed and c.time
                   and asks_to_stop(c.text)), key=lambda c: c.time or datetime.max)
    reached: list[tuple[str, frozenset[str]]] = []
    by_setting = _whose(contacts, setting.to) if setting is not None else frozenset()
    for c in asks:
        to = c.respondent or c.counterpart
        if setting is not None and (c is setting.ask or _addressed(c, setting.to, by_setting)):
            continue
        if any(_addressed(c, t, whose) for t, whose in reached) or (reached and not to.strip()):
            continue
        assert c.time is not None
        cert = Certainty.HIGH if c.certainty is TimeCertainty.EXACT else Certainty.MEDIUM
        out.append(_Stop(c.time, f"exhibit {c.source.exhibit}", cert, c, to))
        if not to.strip():
            break  # a request to no one in particular reaches everyone after it
        reached.append((to, _whose(contacts, to)))
    return sorted(out, key=lambda st: st.when)


def _stop_time(ctx: _Ctx) -> _Stop | None:
    """The request the case's cover dates and counts after: the setting's (the person's word for
    when they asked), else their first."""
    stops = _stops(ctx.contacts, ctx.facts)
    return next((st for st in stops if st.setting), stops[0] if stops else None)


def _reach(stops: Sequence[_Stop], contacts: Sequence[Contact]) -> list[tuple[_Stop, frozenset[str]]]:
    """Each request with the respondents it reached (:func:`_whose`, once per request: a case
    may hold tens of thousands of contacts)."""
    return [(st, _whose(contacts, st.to)) for st in stops]


def _stop_for(c: Contact, reach: Sequence[tuple[_Stop, frozenset[str]]]) -> _Stop | None:
    """The earliest request that reached a contact's sender (None when none did)."""
    return next((st for st, whose in reach if _addressed(c, st.to, whose)), None)


def _addressed(c: Contact, to: str, whose: frozenset[str] = frozenset()) -> bool:
    """Whether a contact comes from whom a stop request went to (everyone when ``to`` is ""):
    that respondent from any of its numbers (``whose``: the respondents ``to`` names or whose
    number it is), or that very number."""
    if not to.strip():
        return True
    if c.respondent and (c.respondent == to or c.respondent in whose):
        return True
    return bool(c.counterpart) and (same_number(c.counterpart, to) or " ".join(c.counterpart.split()) == " ".join(to.split()))


def _whose(contacts: Sequence[Contact], to: str) -> frozenset[str]:
    """The respondents a stop request went to: the one ``to`` names, or the one whose number
    ``to`` is (the request to one number of a lender is a request to the lender)."""
    if not to.strip():
        return frozenset()
    return frozenset(c.respondent for c in contacts if c.respondent and (
        c.respondent == to or (bool(c.counterpart) and (same_number(c.counterpart, to)
                                                        or " ".join(c.counterpart.split()) == " ".join(to.split())))))


def stop_request(contacts: Sequence[Contact], facts: CaseFacts) -> tuple[datetime, str] | None:
    """When the person asked them to stop, and what says so: the case setting, else the person's
    own first message asking it ("请停止发送": "exhibit 3"); None when neither. The request the
    cover dates; :func:`stop_requests` has them all.

    Args:
        contacts: the case's contacts.
        facts: the case's facts (its stop setting).

    Returns:
        (time, basis) or None.
    """
    found = _stop_time(_Ctx(tuple(contacts), {}, facts))
    return (found.when, found.basis) if found is not None else None


def stop_requests(contacts: Sequence[Contact], facts: CaseFacts) -> list[tuple[datetime, str, str]]:
    """Every request to stop the case knows of (:func:`_stops`), earliest first: (time, basis,
    whom it went to: a respondent's name or a number, "" for everyone)."""
    return [(st.when, st.basis, st.to) for st in _stops(contacts, facts)]


def contacts_after_stop(contacts: Sequence[Contact], facts: CaseFacts, *, every_request: bool = True) -> list[int]:
    """The contacts received (:func:`~..media_contacts.received`) with a sure time after a stop
    request that reached their sender (that respondent from any of its numbers; everyone when it
    names no one), by index, in time order (empty when there was no request).

    Args:
        contacts: the case's contacts.
        facts: the case's facts (its stop setting).
        every_request: each sender held to the request the person made of it when they asked
            several (:func:`_stops`): what the findings hold against each sender. False: the one
            request the cover dates (:func:`stop_request`) only, as the cover's figures count
            (:func:`~..figures.case_figures`).
    """
    stops = _stops(contacts, facts)
    if not every_request:
        first = _stop_time(_Ctx(tuple(contacts), {}, facts))
        stops = [first] if first is not None else []
    if not stops:
        return []
    reach = _reach(stops, contacts)
    got = []
    for i, c in enumerate(contacts):
        if not (received(c) and c.timed and c.time is not None):
            continue
        st = _stop_for(c, reach)
        if st is not None and c.time > st.when:
            got.append(i)
    return sorted(got, key=lambda i: contacts[i].time or datetime.min)


def _span(first: str, last: str, lang: str) -> str:
    """"first 至 last", or the one time when the contacts are one (or at one minute)."""
    if first == last:
        return first
    return f"{first} to {last}" if lang == "en" else f"{first} 至 {last}"


# an advert or an application's progress is not what a request to stop collecting is about
_NOT_PRESSING = frozenset({"marketing", "application_progress"})


def _presses(ctx: _Ctx, i: int) -> bool:
    """Whether a contact after the stop request is one to hold against its sender: a call, or a
    message other than an advert, an application's progress or a receipt of the person's own
    payment ("您的借款已成功还款1,286.50元")."""
    c = ctx.contacts[i]
    if c.channel is Channel.CALL:
        return True
    r = ctx.readings.get(i)
    if told_others(r):
        return False  # sent to someone else: the disclosure's own finding says when it came
    labels = set(r.label_names) if r is not None else set()
    if labels and labels <= _NOT_PRESSING:
        return False
    # (nor the sender's acknowledgement of the person's complaint: "您反馈的号码问题已登记，工单号…")
    return bool(labels) or not (is_receipt(c.text) or acknowledges_complaint(c.text))


def _basis_shown(basis: str, lang: str, ask: Contact | None = None) -> str:
    """What the stop request rests on, as a finding says it: the person's message by its exhibit
    and place ("证据8 第3条记录"), their own words for it ("电话录音，证据12"), or their statement."""
    if ask is not None:
        say = strings(lang)
        place = head = say("exhibit", n=ask.source.exhibit)
        if ask.source.message_index is not None:
            place = say("ref.message", head=head, n=ask.source.message_index + 1)
        elif ask.source.row is not None:
            place = say("ref.row", head=head, n=ask.source.row + 1)
        return place if lang != "en" else place[:1].lower() + place[1:]  # inside a sentence
    if basis.startswith("exhibit "):
        n = basis.removeprefix("exhibit ")
        return {"zh-Hans": f"证据{n}", "zh-Hant": f"證據{n}", "en": f"exhibit {n}"}[lang]
    if basis in ("", "case setting"):
        return {"zh-Hans": "本人陈述", "zh-Hant": "本人陳述", "en": "the person's statement"}[lang]
    return basis


def _check_after_stop(rs: RuleSet, rule: RuleDef, ctx: _Ctx) -> list[Finding]:
    """Contacts after the stop request from whom it went to: one finding per sender (a request
    to everyone is held against each sender for its own contacts, never one sender for all), of
    the contacts that press (:func:`_presses`). A request the case's settings give without saying
    whom it went to is held against every sender at MEDIUM: that it reached this one is for the
    person to confirm."""
    stops = _stops(ctx.contacts, ctx.facts)
    if not stops:
        return []
    after = [ctx.contacts[i] for i in contacts_after_stop(ctx.contacts, ctx.facts) if _presses(ctx, i)]
    reach = _reach(stops, ctx.contacts)
    out = []
    for cs in _by_sender(after):
        stop = _stop_for(cs[0], reach)
        assert stop is not None  # contacts_after_stop kept only contacts a request reached
        asked = _STOP.search(stop.ask.text) if stop.ask is not None else None
        first, last = _stamp(cs[0]), _stamp(cs[-1])
        sender = _sender_facts(cs)
        facts = {lang: {"stop": stop.when.isoformat(sep=" ", timespec="minutes"), "count": len(cs),
                        "first": first, "last": last, "span": _span(first, last, lang), "basis": stop.basis,
                        "basis_shown": _basis_shown(stop.basis, lang, stop.ask), "sender": sender[lang]}
                 for lang in LANGS}
        cert, why = _time_certainty(cs)
        if stop.certainty is not Certainty.HIGH:
            cert = Certainty.weakest(cert, stop.certainty)
            why = (why + "; " if why else "") + "the request's time was resolved"
        if not stop.to.strip() and (stop.ask is None or stop.setting):
            cert = Certainty.weakest(cert, Certainty.MEDIUM)
            why = (why + "; " if why else "") + "the request names no one: whether it went to this sender is for the person to confirm"
        evidence = [_evidence(stop.ask, [asked.group(0)] if asked is not None else [])] if stop.ask is not None else []
        evidence += [_evidence(c) for c in cs]
        out.append(_finding(rs, rule, facts, evidence, cert, why, _respondent(cs), _sender(cs)))
    return out


def _check_burst(rs: RuleSet, rule: RuleDef, ctx: _Ctx) -> list[Finding]:
    """N contacts or more from ONE sender within the window (contacts of several senders are no
    burst; a contact whose sender is not known is counted with none)."""
    window = timedelta(minutes=int(rule.param("minutes", 60)))
    need = int(rule.param("min_contacts", 5))
    out = []
    for cs in _by_sender(c for c in _incoming(ctx) if c.timed and c.time is not None):
        i = 0
        while i < len(cs):
            j = i
            while j + 1 < len(cs) and (cs[j + 1].time or datetime.max) - (cs[i].time or datetime.min) <= window:
                j += 1
            if j - i + 1 >= need:
                group = cs[i:j + 1]
                sender = _sender_facts(group)
                facts = {lang: {"first": _stamp(group[0]), "last": _stamp(group[-1]), "count": len(group),
                                "minutes": int(window.total_seconds() // 60), "sender": sender[lang]}
                         for lang in LANGS}
                cert, why = _time_certainty(group)
                out.append(_finding(rs, rule, facts, [_evidence(c) for c in group], cert, why, _respondent(group),
                                    _sender(group)))
                i = j + 1
            else:
                i += 1
    out.sort(key=lambda f: (f.evidence[0].time, f.sender))
    return out


def _from_figures(rs: RuleSet, rule: RuleDef, ctx: _Ctx) -> list[Finding]:
    """A check the case's figures answer (:func:`unreduced_findings`): none from the contacts alone."""
    return []


_CHECKS: dict[str, Callable[[RuleSet, RuleDef, _Ctx], list[Finding]]] = {
    "quiet_hours": _check_quiet_hours,
    "attempts_per_day": _check_attempts,
    "label": _check_label,
    "misdirected": _check_misdirected,
    "after_stop": _check_after_stop,
    "burst": _check_burst,
    "unreduced": _from_figures,
}


def unreduced_findings(contacts: Sequence[Contact], demands: Sequence[Demand], ruleset: RuleSet) -> list[Finding]:
    """Findings of the set's ``unreduced`` rules: each sum a party demanded again, unchanged, after
    a payment (:attr:`~..figures.Demand.unreduced`, as the cover states it), with the payment's
    records and the demand's as evidence. Facts for a professional: the payment may have been for
    something else, and the finding says so.

    Args:
        contacts: the case's contacts (the indexes the demands name).
        demands: the case's figures' demands.
        ruleset: the rule set.
    """
    out: list[Finding] = []
    for rule in ruleset.rules:
        if rule.check != "unreduced":
            continue
        for d in demands:
            for u in d.unreduced:
                paid = [contacts[i] for i in u.paid_contacts if 0 <= i < len(contacts)]
                asked = [contacts[i] for i in u.contacts if 0 <= i < len(contacts)]
                if not asked:
                    continue
                facts = {}
                for lang in LANGS:
                    s = strings(lang, ruleset.jurisdiction)
                    owed = d.lender or s("sum.unknown_sender")
                    facts[lang] = {"paid_at": u.paid_at.date().isoformat(), "paid": format_amount(u.paid, d.currency),
                                   "at": u.at.strftime("%Y-%m-%d %H:%M"), "value": format_amount(u.value, d.currency),
                                   "by": s("sum.party_for", by=u.by, lender=owed) if u.by else owed,
                                   "quote": asked[0].text}
                cert, why = _time_certainty([*paid[:1], *asked])
                # which debt a payment went to only the person's records say: never sure
                cert = Certainty.weakest(cert, Certainty.MEDIUM)
                why = (why + "; " if why else "") + "the payment may have been for another debt"
                # each record once, with the sums it shows: the payment's first records, then the demand
                words: dict[int, list[str]] = {}
                for c, value in [*((c, u.paid) for c in paid[:2]), *((c, u.value) for c in asked)]:
                    w = _amount_words(c.text, value)
                    got = words.setdefault(id(c), [])
                    if w and w not in got:
                        got.append(w)
                shown = list({id(c): c for c in [*paid[:2], *asked]}.values())
                evidence = [_evidence(c, words[id(c)]) for c in shown]
                out.append(_finding(ruleset, rule, facts, evidence, cert, why, asked[0].respondent, _sender(asked)))
    return out


def _amount_words(text: str, value: Decimal) -> str:
    """How ``text`` writes the sum ``value`` ("18,640元", "两千"), as shown; "" when it does not."""
    return next((a.text for a in find_amounts(text) if a.value == value), "")


def find_findings(contacts: Sequence[Contact], facts: CaseFacts, ruleset: RuleSet, *,
                  readings: dict[int, Reading] | None = None) -> list[Finding]:
    """Check a case's contacts against a rule set.

    Args:
        contacts: every contact the case holds (messages read from screenshots, calls, exported
            messages), in any order.
        facts: the claimant's name, the stop date.
        ruleset: the rule set (:func:`load_ruleset`, :func:`ruleset_for_case`).
        readings: the reading of each message by its index in ``contacts``; read here when not
            given, as the case reads them (:func:`~..labels.read_contacts`: a screenshot's messages
            as a thread), so this only saves time.

    Returns:
        Findings in the order of the set's rules, each rule's in time order.
    """
    cs = tuple(contacts)
    got = dict(readings) if readings is not None else read_contacts(cs, facts.claimant_name)
    ctx = _Ctx(cs, got, facts)
    out: list[Finding] = []
    for rule in ruleset.rules:
        out += _CHECKS[rule.check](ruleset, rule, ctx)
    return out
