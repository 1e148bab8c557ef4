"""The checks behind each rule: contacts and their readings in, findings out."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from evidencekit.core.analysis.classify import Reading
from evidencekit.core.analysis.contacts import Contact, Direction, TimeCertainty
from evidencekit.core.analysis.findings.model import LANGS, Certainty, Evidence, Finding
from evidencekit.core.analysis.findings.ruleset import RuleDef, RuleSet
from evidencekit.core.analysis.labels import THREAD_RULE, label_name, read_contacts, thread_of
from evidencekit.core.analysis.parties import same_number
from evidencekit.core.export.strings import strings

_WHO_NAMES: dict[str, dict[str, str]] = {
    "family": {"zh-Hans": "家人", "zh-Hant": "家人", "en": "family"},
    "employer": {"zh-Hans": "单位及同事", "zh-Hant": "公司及同事", "en": "employer and colleagues"},
    "contacts": {"zh-Hans": "通讯录联系人及亲友", "zh-Hant": "通訊錄聯絡人及親友", "en": "contacts and friends"},
    "neighbours": {"zh-Hans": "邻居及社区", "zh-Hant": "鄰居及社區", "en": "neighbours"},
    "self": {"zh-Hans": "本人", "zh-Hant": "本人", "en": "the person"},
}
_CHANNEL_NAMES: dict[str, dict[str, str]] = {
    "call": {"zh-Hans": "电话", "zh-Hant": "電話", "en": "call"},
    "sms": {"zh-Hans": "短信", "zh-Hant": "簡訊", "en": "text message"},
    "im": {"zh-Hans": "即时通讯", "zh-Hant": "即時通訊", "en": "instant message"},
    "email": {"zh-Hans": "电子邮件", "zh-Hant": "電子郵件", "en": "e-mail"},
}
# The person asking them to stop, in the person's own replies.
_STOP = re.compile(r"(?:停止|不要再|别再|別再|勿再|請勿|请勿)(?:发送|發送|发短信|發簡訊|发|發|打电话|打電話|打|联系|聯繫|聯絡|骚扰|騷擾"
                   r"|催收|致电|致電)")


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
    return c.time.isoformat(sep=" ", timespec="minutes") if c.time else ""


def _evidence(c: Contact, quote: str = "") -> Evidence:
    return Evidence(c.source.exhibit, c.source.ref(), _stamp(c), c.certainty.value, c.time_basis, c.channel.value,
                    quote, c.text)


def _time_certainty(cs: Iterable[Contact]) -> tuple[Certainty, str]:
    resolved = [c for c in cs if c.certainty is TimeCertainty.RESOLVED]
    if not resolved:
        return Certainty.HIGH, ""
    bases = "; ".join(dict.fromkeys(c.time_basis for c in resolved if c.time_basis))
    return Certainty.MEDIUM, f"{len(resolved)} time(s) resolved from a relative label" + (f" ({bases})" if bases else "")


def _respondent(cs: Sequence[Contact]) -> str:
    names = {c.respondent for c in cs}
    return names.pop() if len(names) == 1 else ""


def _fmt(rule: RuleDef, facts: dict[str, dict[str, Any]]) -> dict[str, str]:
    out = {}
    for lang in LANGS:
        tpl = rule.says.get(lang) or rule.says.get("en", "")
        try:
            out[lang] = tpl.format_map(facts[lang])
        except (KeyError, IndexError, ValueError):
            out[lang] = tpl  # a user's sentence naming an unknown placeholder: shown as written
    return out


def _same(**kw: Any) -> dict[str, dict[str, Any]]:
    return {lang: dict(kw) for lang in LANGS}


def _finding(rs: RuleSet, rule: RuleDef, facts: dict[str, dict[str, Any]], evidence: Sequence[Evidence],
             certainty: Certainty, reason: str, respondent: str) -> Finding:
    if rule.certainty:
        cap = Certainty(rule.certainty)
        if Certainty.weakest(certainty, cap) is cap and cap is not certainty:
            reason = (reason + "; " if reason else "") + "the rule asks for a check"
        certainty = Certainty.weakest(certainty, cap)
    plain = {k: v for k, v in facts["en"].items() if isinstance(v, (str, int, float))}
    return Finding(rule.id, rs.id, dict(rule.title), _fmt(rule, facts), tuple(rs.source_title(s) for s in rule.sources),
                   {n: (p.value, rs.source_title(p.source)) for n, p in rule.params.items()},
                   tuple(evidence), certainty, reason, respondent, plain)


# ----------------------------------------------------------------------------- checks

def _incoming(ctx: _Ctx) -> list[Contact]:
    return [c for c in ctx.contacts if c.direction is Direction.IN]


def _check_quiet_hours(rs: RuleSet, rule: RuleDef, ctx: _Ctx) -> list[Finding]:
    start, end = _hm(str(rule.param("start", "22:00"))), _hm(str(rule.param("end", "08:00")))

    def night(t: time) -> bool:
        return (t >= start or t < end) if start > end else start <= t < end

    groups: dict[tuple[date, str], list[Contact]] = {}
    for c in _incoming(ctx):
        if c.timed and c.time is not None and night(c.time.time()):
            # a contact after midnight belongs to the night that began the evening before
            day = c.time.date() - timedelta(days=1) if start > end and c.time.time() < end else c.time.date()
            groups.setdefault((day, c.respondent), []).append(c)
    out = []
    for (day, _), cs in sorted(groups.items(), key=lambda kv: (kv[0][0], kv[0][1])):
        cs.sort(key=lambda c: c.time or datetime.min)
        times = "、".join(c.time.strftime("%H:%M") for c in cs if c.time)
        facts = {lang: {"date": day.isoformat(), "count": len(cs), "start": start.strftime("%H:%M"),
                        "end": end.strftime("%H:%M"), "times": times if lang != "en" else times.replace("、", ", ")}
                 for lang in LANGS}
        cert, why = _time_certainty(cs)
        out.append(_finding(rs, rule, facts, [_evidence(c) for c in cs], cert, why, _respondent(cs)))
    return out


def _check_attempts(rs: RuleSet, rule: RuleDef, ctx: _Ctx) -> list[Finding]:
    limit = int(rule.param("max", 6))
    channels = set(rule.param("channels", ["call"]))
    only_unanswered = rule.param("count", "unanswered") == "unanswered"
    groups: dict[tuple[date, str, str], list[Contact]] = {}
    for c in _incoming(ctx):
        if c.channel.value not in channels or not c.timed or c.time is None:
            continue
        if only_unanswered and not c.unanswered:
            continue
        who = c.respondent or c.counterpart
        groups.setdefault((c.time.date(), c.channel.value, who), []).append(c)
    out = []
    for (day, channel, _), cs in sorted(groups.items()):
        if len(cs) <= limit:
            continue
        cs.sort(key=lambda c: c.time or datetime.min)
        facts = {lang: {"date": day.isoformat(), "count": len(cs), "max": limit,
                        "channel": _CHANNEL_NAMES.get(channel, {}).get(lang, channel)} for lang in LANGS}
        cert, why = _time_certainty(cs)
        if any(c.outcome.value == "unknown" for c in cs) and only_unanswered:
            cert, why = Certainty.weakest(cert, Certainty.MEDIUM), why or "some calls' outcome unknown"
        out.append(_finding(rs, rule, facts, [_evidence(c) for c in cs], cert, why, _respondent(cs)))
    return out


def _label_rules(rs: RuleSet) -> set[str]:
    """Labels that some label rule of the set claims by name, other than the bare ``threat``."""
    return {lab for r in rs.rules if r.check == "label" for lab in r.param("labels", []) if lab != "threat"}


def _check_label(rs: RuleSet, rule: RuleDef, ctx: _Ctx) -> list[Finding]:
    wanted = list(rule.param("labels", []))
    hows = set(rule.param("how", []))
    mild = set(rule.param("mild_alone", []))  # kinds that, alone, make a finding doubtful
    claimed = _label_rules(rs)
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
        hits = [h for h in r.hits if (h.label in kinds) or (h.how in hows)]
        if not kinds and not any(h.how in hows for h in r.hits):
            continue
        words = list(dict.fromkeys(w for h in hits for w in h.words))
        who = [w for w in r.who if w != "self"]  # the {who} a rule names are the others a message reaches
        facts = {lang: {
            "quote": c.text,
            "kinds": _kinds(kinds, lang),
            "who": ("、" if lang != "en" else ", ").join(_WHO_NAMES[w][lang] for w in who) if who else "",
            "words": "…".join(words),
        } for lang in LANGS}
        cert, why = Certainty.HIGH, ""
        if c.certainty is TimeCertainty.UNKNOWN:
            why = "the message's time is unknown"
        if kinds and set(kinds) <= mild:
            # e.g. "overdue will be reported to the credit system": a lender may have to say so
            cert, why = Certainty.LOW, (why + "; " if why else "") + "such a notice may be lawful"
        out.append(_finding(rs, rule, facts, [_evidence(c, "…".join(words))], cert, why, c.respondent))
    return out


def _kinds(kinds: Sequence[str], lang: str) -> str:
    """The labels a finding names, as the app and the bundle name them ("威胁起诉或报警、其他威胁";
    in English the later ones in lower case: "Threat of a home visit, other threat")."""
    names = [label_name(k, strings(lang)) for k in kinds]
    if lang != "en":
        return "、".join(names)
    return ", ".join(names[:1] + [n[:1].lower() + n[1:] for n in names[1:]])


def _check_misdirected(rs: RuleSet, rule: RuleDef, ctx: _Ctx) -> list[Finding]:
    out = []
    # threads where the person replied that the notices are not for them (a screenshot, a
    # conversation of an export: not the other conversations the export holds)
    denied: dict[tuple[str, ...], Contact] = {}
    for i, c in enumerate(ctx.contacts):
        r = ctx.readings.get(i)
        if r is not None and r.from_claimant and any(h.rule == "reply-not-me" for h in r.hits):
            denied.setdefault(thread_of(c), c)
    claimant = ctx.facts.claimant_name
    for i, c in enumerate(ctx.contacts):
        r = ctx.readings.get(i)
        if r is None or r.from_claimant or c.direction is Direction.OUT:
            continue
        named = bool(r.names_other)
        reply = denied.get(thread_of(c))
        notice = bool({"overdue_collection", "repayment_reminder"} & set(r.label_names) or
                      any(n.startswith("threat") for n in r.label_names))
        if not named and not (reply is not None and notice):
            continue
        names = "、".join(r.names_other) if named else ""
        facts = {lang: {"quote": c.text, "names": names or {"zh-Hans": "非本人", "zh-Hant": "非本人",
                                                             "en": "not the person"}[lang],
                        "claimant": claimant or {"zh-Hans": "本人", "zh-Hant": "本人", "en": "the person"}[lang]}
                 for lang in LANGS}
        evidence = [_evidence(c, names)]
        if reply is not None:
            evidence.append(_evidence(reply, "…".join(h.words[0] for h in ctx.readings[ctx.contacts.index(reply)].hits
                                                      if h.rule == "reply-not-me")))
        if named and claimant and not any(h.rule == THREAD_RULE for h in r.hits):
            cert, why = Certainty.HIGH, ""
        else:
            cert, why = Certainty.MEDIUM, "rests on the person's reply that the notices are not for them"
        out.append(_finding(rs, rule, facts, evidence, cert, why, c.respondent))
    return out


@dataclass(frozen=True, slots=True)
class _Stop:
    when: datetime
    basis: str
    certainty: Certainty
    ask: Contact | None  # the person's own message asking it, when that is what says so
    to: str  # whom it went to: a respondent's name or a number ("" for everyone)


def _stop_time(ctx: _Ctx) -> _Stop | None:
    if ctx.facts.stop_requested_at is not None:
        return _Stop(ctx.facts.stop_requested_at, ctx.facts.stop_basis or "case setting", Certainty.HIGH, None,
                     ctx.facts.stop_to)
    asks = [c for i, c in enumerate(ctx.contacts) if c.direction is Direction.OUT and c.timed and c.time
            and _STOP.search(c.text)]
    if not asks:
        return None
    first = min(asks, key=lambda c: c.time or datetime.max)
    assert first.time is not None
    cert = Certainty.HIGH if first.certainty is TimeCertainty.EXACT else Certainty.MEDIUM
    return _Stop(first.time, f"exhibit {first.source.exhibit}", cert, first, first.respondent or first.counterpart)


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
    own first message asking it ("请停止发送": "exhibit 3"); None when neither.

    Args:
        contacts: the case's contacts.
        facts: the case's facts (its stop setting).

    Returns:
        (time, basis) or None.
    """
    found = _stop_time(_Ctx(tuple(contacts), {}, facts))
    return (found.when, found.basis) if found is not None else None


def contacts_after_stop(contacts: Sequence[Contact], facts: CaseFacts) -> list[int]:
    """The incoming contacts with a sure time after the stop request, from whom it went to (that
    respondent from any of its numbers), by index, in time order (empty when there was no
    request). What the finding holds against them; the cover counts every respondent's
    (:func:`~..figures.case_figures`)."""
    stop = _stop_time(_Ctx(tuple(contacts), {}, facts))
    if stop is None:
        return []
    whose = _whose(contacts, stop.to)
    got = [i for i, c in enumerate(contacts) if c.direction is Direction.IN and c.timed and c.time is not None
           and c.time > stop.when and _addressed(c, stop.to, whose)]
    return sorted(got, key=lambda i: contacts[i].time or datetime.min)


def _span(first: str, last: str, lang: str) -> str:
    """"first 至 last", or the one time when the contacts are one (or at one minute)."""
    if first == last:
        return first
    return f"{first} to {last}" if lang == "en" else f"{first} 至 {last}"


def _check_after_stop(rs: RuleSet, rule: RuleDef, ctx: _Ctx) -> list[Finding]:
    stop = _stop_time(ctx)
    if stop is None:
        return []
    after = [ctx.contacts[i] for i in contacts_after_stop(ctx.contacts, ctx.facts)]
    if not after:
        return []
    first, last = _stamp(after[0]), _stamp(after[-1])
    facts = {lang: {"stop": stop.when.isoformat(sep=" ", timespec="minutes"), "count": len(after),
                    "first": first, "last": last, "span": _span(first, last, lang), "basis": stop.basis}
             for lang in LANGS}
    cert, why = _time_certainty(after)
    if stop.certainty is not Certainty.HIGH:
        cert, why = Certainty.weakest(cert, stop.certainty), (why + "; " if why else "") + "the request's time was resolved"
    asked = _STOP.search(stop.ask.text) if stop.ask is not None else None
    evidence = ([_evidence(stop.ask, asked.group(0))] if stop.ask is not None and asked is not None else [])
    evidence += [_evidence(c) for c in after]
    return [_finding(rs, rule, facts, evidence, cert, why, _respondent(after))]


def _check_burst(rs: RuleSet, rule: RuleDef, ctx: _Ctx) -> list[Finding]:
    window = timedelta(minutes=int(rule.param("minutes", 60)))
    need = int(rule.param("min_contacts", 5))
    by_resp: dict[str, list[Contact]] = {}
    for c in _incoming(ctx):
        if c.timed and c.time is not None:
            by_resp.setdefault(c.respondent, []).append(c)
    out = []
    for _, cs in sorted(by_resp.items()):
        cs.sort(key=lambda c: c.time or datetime.min)
        i = 0
        while i < len(cs):
            j = i
            while j + 1 < len(cs) and (cs[j + 1].time or datetime.max) - (cs[i].time or datetime.min) <= window:
                j += 1
            if j - i + 1 >= need:
                group = cs[i:j + 1]
                facts = _same(first=_stamp(group[0]), last=_stamp(group[-1]), count=len(group),
                              minutes=int(window.total_seconds() // 60))
                cert, why = _time_certainty(group)
                out.append(_finding(rs, rule, facts, [_evidence(c) for c in group], cert, why, _respondent(group)))
                i = j + 1
            else:
                i += 1
    return out


_CHECKS: dict[str, Callable[[RuleSet, RuleDef, _Ctx], list[Finding]]] = {
    "quiet_hours": _check_quiet_hours,
    "attempts_per_day": _check_attempts,
    "label": _check_label,
    "misdirected": _check_misdirected,
    "after_stop": _check_after_stop,
    "burst": _check_burst,
}


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
