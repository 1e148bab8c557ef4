"""Drafts from templates: one Jinja2 file per channel and language, fitted to the channel's limit."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field, replace
from functools import lru_cache
from importlib import resources
from typing import TYPE_CHECKING, Any

from evidencekit.core.documents.model import BLANK, ContactKinds, Draft, DraftInput, KeyQuote
from evidencekit.errors import UsageError

if TYPE_CHECKING:
    from collections.abc import Sequence

    import jinja2

    from evidencekit.core.analysis.findings.model import Finding

LANGUAGES = ("zh-Hans", "zh-Hant", "en")
#: The quotes a shortened draft keeps beside its findings' kinds and counts before it gives up
#: the counts for more quotes.
QUOTES_KEPT = 3
_NUM = r"\d{1,3}(?:-\d{1,3})?(?!\d)"
_CITE = re.compile(rf"(?:证据|證據|[Ee]xhibits?)\s*({_NUM}(?:\s*(?:、|,\s*|and\s+|–)\s*{_NUM})*)")


@dataclass(frozen=True, slots=True)
class Channel:
    """A complaint channel (``channels.toml``)."""

    id: str
    jurisdiction: str
    kind: str
    name: dict[str, str]
    how: dict[str, str]
    basis: str
    fields: tuple[str, ...]
    limit: int
    limit_source: str
    requests: dict[str, tuple[str, ...]]
    aliases: tuple[str, ...] = ()
    requests_misdirected: dict[str, tuple[str, ...]] = field(default_factory=dict)
    requests_closing: dict[str, tuple[str, ...]] = field(default_factory=dict)
    about_lender: bool = False
    labels: dict[str, dict[str, str]] = field(default_factory=dict)
    covers: frozenset[str] = frozenset()
    #: whom a draft is about when none is asked for: "lender" (the case's lender, its agency named
    #: beside it; else a respondent the person listed, never an unlisted number), "disclosure"
    #: (the sender who told others of the debt); "" the sender most findings are about
    default_respondent: str = ""
    #: asked, in place of :attr:`requests` and :attr:`requests_misdirected`, where the person owes
    #: nothing to the respondent (:attr:`~.model.DraftInput.not_debtor`): before the specific
    #: requests, and after them (``requests_not_debtor_after``)
    requests_not_debtor: dict[str, tuple[str, ...]] = field(default_factory=dict)
    requests_not_debtor_after: dict[str, tuple[str, ...]] = field(default_factory=dict)


@lru_cache(maxsize=1)
def _data() -> dict[str, Any]:
    return tomllib.loads(resources.files("evidencekit.core.documents").joinpath("channels.toml")
                         .read_text(encoding="utf-8"))


def field_label(field_id: str, language: str, channel: Channel | None = None, region: str = "") -> str:
    """A required field's label in a language: the channel's own word for it when it has one
    (12378's "被投诉机构", the police's "報案人姓名"), else the case's region's (a Hong Kong case's
    "投訴人姓名", a Taiwan case's "被申訴人": :func:`~evidencekit.core.export.strings.strings`),
    else the language's."""
    from evidencekit.core.export.strings import in_region, strings

    own = channel.labels.get(field_id, {}).get(language) if channel is not None else None
    return in_region(own, language, region) if own else strings(language, region).get(
        f"draft.field.{field_id}", in_region(str(_data()["field"][field_id]["label"][language]), language, region))


def issue_request(issue: str, language: str, d: DraftInput | None = None, kind: str = "") -> str:
    """The specific request that answers an issue (:data:`~.model.ISSUES`) in a language: with
    what the messages claimed where ``d`` knows it (the documents they name, whom they posed as
    and from which numbers), never a document no message names; in the words for a channel of
    ``kind`` where the issue has them (``request_lender``: to the lender itself, "贵司"); in the
    words of ``d``'s region."""
    from evidencekit.core.export.strings import in_region

    return in_region(_issue_request(issue, language, d, kind), language, d.region if d is not None else "")


def _issue_request(issue: str, language: str, d: DraftInput | None, kind: str) -> str:
    issue_data = _data()["issue"][issue]
    if d is not None and issue == "unidentified_sender":
        sep = "、" if language != "en" else ", "
        if d.not_debtor is not None:
            # the debt its messages press is somebody else's: never "my loan with you"
            said = issue_data.get(f"request_{kind}_not_debtor", issue_data["request_not_debtor"])
            claimed = str(issue_data["claimed"][language]).format(documents=sep.join(d.unidentified_claimed)) \
                if d.unidentified_claimed else ""
            return str(said[language]).format(numbers=sep.join(d.unidentified_numbers), claimed=claimed)
        said = issue_data.get(f"request_{kind}", issue_data["request"])
        return str(said[language]).format(numbers=sep.join(d.unidentified_numbers))
    sep = "、" if language != "en" else ", "
    if d is not None and issue == "legal_claim" and d.legal_documents:
        return str(issue_data["named"][language]).format(documents=sep.join(d.legal_documents))
    if d is not None and issue == "impersonation" and d.impersonated:
        return str(issue_data["named"][language]).format(bodies=sep.join(d.impersonated),
                                                         numbers=sep.join(d.impersonating_numbers))
    return str(issue_data["request"][language])


def blank_label(field_id: str, language: str, channel: Channel | None = None, region: str = "") -> str:
    """What a blank left in a field asks for ("被投诉机构名称" where the field reads "被投诉方"), in
    the words of the channel and the case's region as :func:`field_label`."""
    from evidencekit.core.export.strings import in_region, strings

    f = _data()["field"][field_id]
    if "blank" not in f:
        return field_label(field_id, language, channel, region)
    return strings(language, region).get(f"draft.field.{field_id}.blank", in_region(str(f["blank"][language]), language, region))


def _in_region(ch: Channel, lang: str, region: str) -> Channel:
    """A channel several regions share (the lender's own desk, a lawyer), its words in ``lang``
    as ``region`` says them (Hong Kong's 投訴 and 收數, not Taiwan's 申訴 and 催收)."""
    from evidencekit.core.export.strings import in_region

    def one(d: dict[str, str]) -> dict[str, str]:
        return {k: in_region(v, lang, region) if k == lang else v for k, v in d.items()}

    def many(d: dict[str, tuple[str, ...]]) -> dict[str, tuple[str, ...]]:
        return {k: tuple(in_region(x, lang, region) for x in v) if k == lang else v for k, v in d.items()}

    return replace(ch, name=one(ch.name), how=one(ch.how), requests=many(ch.requests),
                   requests_misdirected=many(ch.requests_misdirected), requests_closing=many(ch.requests_closing),
                   labels={f: one(v) for f, v in ch.labels.items()},
                   requests_not_debtor=many(ch.requests_not_debtor),
                   requests_not_debtor_after=many(ch.requests_not_debtor_after))


@lru_cache(maxsize=1)
def channels() -> dict[str, Channel]:
    """The channels, by id, in file order."""
    out = {}
    for c in _data()["channel"]:
        out[c["id"]] = Channel(c["id"], c["jurisdiction"], c["kind"], dict(c["name"]), dict(c["how"]), c["basis"],
                               tuple(c["fields"]), int(c["limit"]), c["limit_source"],
                               {k: tuple(v) for k, v in c.get("requests", {}).items()}, tuple(c.get("aliases", ())),
                               {k: tuple(v) for k, v in c.get("requests_misdirected", {}).items()},
                               {k: tuple(v) for k, v in c.get("requests_closing", {}).items()},
                               bool(c.get("about_lender", False)),
                               {k: dict(v) for k, v in c.get("labels", {}).items()}, frozenset(c.get("covers", ())),
                               str(c.get("default_respondent", "")),
                               {k: tuple(v) for k, v in c.get("requests_not_debtor", {}).items()},
                               {k: tuple(v) for k, v in c.get("requests_not_debtor_after", {}).items()})
    return out


def resolve_channel(name: str) -> str:
    """A channel's id from its id or one of its aliases ("cca" → "consumer_association").

    Raises:
        UsageError: no channel is called so.
    """
    key = name.strip().lower()
    for c in channels().values():
        if key == c.id.lower() or key in c.aliases:
            return c.id
    known = ", ".join(f"{c.id} ({'/'.join(c.aliases)})" if c.aliases else c.id for c in channels().values())
    raise UsageError(f"no complaint channel {name!r} (known: {known})")


@lru_cache(maxsize=1)
def _env() -> jinja2.Environment:
    import jinja2  # only when a draft is written: the command line lists channels without it

    return jinja2.Environment(
        loader=jinja2.PackageLoader("evidencekit.core.documents", "templates"),
        autoescape=False,  # plain text for pasting into forms; DOCX escapes on its own
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=False,
    )


#: Findings of harassment, threats or disclosure: a complaint that has one asks for collection to stop
_PRESSING_RULES = frozenset({"threats", "third-party-disclosure", "third-party-collection", "insults", "impersonation",
                             "legal-documents"})


def requests_for(ch: Channel, d: DraftInput, lang: str) -> tuple[str, ...]:
    """What a complaint asks for: the person's own words, else what the findings about the
    respondent support: none when there are none (a blank for the person: the evidence shows no
    possible breach to ask a desk to act on); the channel's usual requests when harassment, threats
    or disclosure are found; then a specific request for each issue the findings show
    (``d.issues``: a demand for a sum already paid, impersonation, third parties, a claimed
    lawsuit; none to a telecom desk); then the requests about notices meant for someone else when
    those are found; the channel's closing request ("书面答复") last. Each once. Where the person
    owes nothing to the respondent (``d.not_debtor``), the channel's requests for that instead of
    its usual ones and those about mis-sent notices (:func:`_not_debtor_requests`)."""
    if d.requests:
        return d.requests
    if ch.kind == "lawyer":
        return ch.requests.get(lang, ())
    if not d.findings:
        return ()
    if d.not_debtor is not None and ch.requests_not_debtor.get(lang):
        return _not_debtor_requests(ch, d, lang)
    rules = {f.rule_id for f in d.findings}
    usual = ch.requests.get(lang, ()) if rules & _PRESSING_RULES or "misdirected" not in rules else ()
    specific = tuple(issue_request(i, lang, d, ch.kind) for i in d.issues if i not in ch.covers) \
        if ch.kind not in ("telecom", "lawyer") else ()
    misdirected = ch.requests_misdirected.get(lang, ()) if "misdirected" in rules else ()
    return tuple(dict.fromkeys((*usual, *specific, *misdirected, *ch.requests_closing.get(lang, ()))))


def _not_debtor_requests(ch: Channel, d: DraftInput, lang: str) -> tuple[str, ...]:
    """What a complaint asks for where the person owes nothing to the respondent: all contact
    with their number to stop, the number off the debtor's file (the agencies told), their data
    deleted (:attr:`Channel.requests_not_debtor`); the specific requests the findings support
    (third parties, a forged legal notice, a number nobody listed: the usual requests that
    ``covers`` speaks for are not asked here); their conduct looked into and a reply in writing."""
    sep = "、" if lang != "en" else ", "
    assert d.not_debtor is not None
    debtor = sep.join(d.not_debtor.debtors) or str(_data()["debtor_word"]["word"][lang])
    phone = d.claimant.phone.strip()
    phone = (" " + phone if lang == "en" else phone) if phone else ""
    first = tuple(r.format(phone=phone, debtor=debtor) for r in ch.requests_not_debtor.get(lang, ()))
    specific = tuple(issue_request(i, lang, d, ch.kind) for i in d.issues) if ch.kind not in ("telecom", "lawyer") else ()
    return tuple(dict.fromkeys((*first, *specific, *ch.requests_not_debtor_after.get(lang, ()),
                                *ch.requests_closing.get(lang, ()))))


def respondent_field(ch: Channel, d: DraftInput, lang: str) -> str:
    """The respondent as the complaint's field names them ("" when not known): an agency that
    collects for a lender the case knows is named with it, the lender first where the channel
    deals with lenders (:attr:`Channel.about_lender`); a sender known by number only, with the
    lender the person says it collects for."""
    from evidencekit.core.export.strings import strings

    r, p = d.respondent, d.principal
    sep = "、" if lang != "en" else ", "
    # a collection agency and the lender it collects for: the lender first before a desk for
    # licensed lenders (12378, the lender's own desk), else the agency with the lender beside it
    words = strings(lang, d.region)
    if d.named_field:  # several senders (a report to the police of every sender of threats)
        return d.named_field
    if r.name and d.agents:  # a lender, with the agencies collecting for it
        numbers = [n for a in d.agents for n in a.phone.split(sep) if n] if ch.about_lender else []
        return words("draft.lender_and_agent", lender=r.name, agent=sep.join(a.name for a in d.agents),
                                              numbers=(("，" if lang != "en" else ", ") + sep.join(numbers)) if numbers else "")
    if r.name and p.name:
        if ch.about_lender:
            listed = ("，" if lang != "en" else ", ") + ("、" if lang != "en" else ", ").join(d.respondent_numbers) \
                if d.respondent_numbers else ""
            return words("draft.lender_and_agent", lender=p.name, agent=r.name, numbers=listed)
        return words("draft.agent_and_lender", agent=r.name, lender=p.name)
    return r.name or (words("draft.acting_for", lender=d.acting_for, number=r.phone)
                      if d.acting_for else "")


def _fields(ch: Channel, d: DraftInput, lang: str, findings: list[str]) -> dict[str, str | None]:
    first = d.quotes[0] if d.quotes else None
    sep = "、" if lang != "en" else ", "
    lender_first = bool(ch.about_lender and d.respondent.name and d.principal.name)
    values: dict[str, str] = {
        "complainant_name": d.claimant.name,
        "complainant_phone": d.claimant.phone,
        "complainant_address": d.claimant.address,
        "id_type": d.claimant.id_type,
        "id_number": d.claimant.id_number,
        "respondent_name": respondent_field(ch, d, lang),
        "respondent_address": d.principal.address if lender_first else d.respondent.address,
        "reporter_phone": d.claimant.phone,
        "reported_number": d.reported_number or (first.sender if first else "") or d.respondent.phone,
        # a report to the police names every number the sender used, each once
        "sender_numbers": sep.join(d.respondent_numbers) or d.respondent.phone,
        "message_text": first.text if first else "",
        "message_time": first.time if first else "",
        # a screenshot of the message reported (the export's record's own, when one shows it),
        # else of another from the same sender (an export is no screenshot)
        "screenshots": _screenshots(d, first, lang),
        "negotiation": d.negotiation,
        # a person who owes the respondent nothing has no account with it (no blank to fill in)
        "account_number": sep.join(d.accounts) or (str(_data()["field"]["account_number"]["not_debtor"][lang])
                                                   if d.not_debtor is not None else ""),
        "licence_number": d.licence_number,
        "questions": "\n".join(d.questions),
        "request": sep.join(requests_for(ch, d, lang)),
        "evidence": sep.join(e.number for e in d.exhibits),
        "findings": "\n".join(findings),
        "facts": facts_sentence(d, lang),
        "grounds": sep.join(grounds(d.findings, lang)),
    }
    if first is not None and first.undated:
        values["message_time"] = ""  # a time that rests on nothing sure is for the person to give
    return {k: (values.get(k) or None) for k in ch.fields}


def _screenshots(d: DraftInput, first: KeyQuote | None, lang: str) -> str:
    word = {"zh-Hans": "证据", "zh-Hant": "證據", "en": "exhibit "}[lang]
    if first is not None and (first.also or first.machine_read):
        return word + ("、" if lang != "en" else ", ").join(first.also or (first.exhibit,))
    other = next((q.also[0] if q.also else q.exhibit for q in d.quotes
                  if q is not first and not q.own and (q.machine_read or q.also)), "")
    if not other:
        return ""
    from evidencekit.core.export.strings import strings

    return word + other + strings(lang, d.region)("draft.other_screenshot")


#: A citation that is no ground to complain on: EvidenceKit's own reading aid, press about press.
_NOT_GROUND = re.compile(r"^(?:EvidenceKit|Secondary|同一指引的其他|其他摘要|其他媒体|其他媒體)")
#: The parts of a citation after its title: the date, "as reported in the press".
_AFTER_TITLE = re.compile(r"^(?:(?:January|February|March|April|May|June|July|August|September|October|November|"
                          r"December)\s+)?\d{4}(?:年\d{1,2}月)?$|^as reported|^据媒体报道|^據媒體報道")


def finding_line(f: Finding, lang: str, *, why: bool = True, graded: bool = True, region: str = "") -> str:
    """A finding as a draft gives it: how sure it is first, as the app and the CLI tag it ("[中]
    威胁：…"), and why when it is not sure, after it ("（…此类通知可能合法…）").

    ``graded=False`` (a complaint to a desk, which reads a grade as the complainant grading their
    own complaint): a sure finding untagged, one that is not sure marked as such after it
    ("…（尚待核实：时间按…推算）"). In the words of the case's ``region`` (Hong Kong's 信貸資料)."""
    from evidencekit.core.export.findingwords import certainty_reasons
    from evidencekit.core.export.strings import strings

    s = strings(lang, region)
    because = certainty_reasons(s, f) if why else []
    if not graded:
        if f.certainty.value == "high":
            return f.text(lang)
        note = (s("finding.to_confirm_why", reasons=s("finding.reason_sep").join(because)) if because
                else s("finding.to_confirm"))
        return f.text(lang) + (note if lang != "en" else " " + note)
    tag = " ".join(s("finding.tag." + f.certainty.value).split()).replace(" ]", "]")
    reasons = s("finding.reasons", reasons=s("finding.reason_sep").join(because)) if because else ""
    return f"{tag} {f.text(lang)}" + (reasons if lang != "en" or not reasons else " " + reasons)


def grounds(findings: Sequence[Finding], lang: str) -> list[str]:
    """The citations a complaint gives as its grounds, each once: a law's or a guideline's title
    without the date after it, a text known only from the press said to be so ("中国银行业协会《个人
    消费贷款催收工作指引》（据媒体报道）"; "China Banking Association, Guideline on collecting personal
    consumer loans (…) (as reported in the press)"), never EvidenceKit's own
    reading aid (no legal standard) nor secondary reports; and not those of a finding of low
    certainty alone (a credit-record warning a lender may lawfully give is no ground for a
    complaint citing the criminal law)."""
    out: list[str] = []
    for f in findings:
        if f.certainty.value == "low":
            continue
        for src, title in zip(f.sources, f.cited(lang), strict=True):
            if any(_NOT_GROUND.match(t) for t in src.values()):
                continue
            parts = re.split(r"[，,]\s*", title)
            keep: list[str] = []
            for part in parts:
                if keep and _AFTER_TITLE.match(part.strip()):
                    break
                keep.append(part)
            cited = ("，" if lang != "en" else ", ").join(keep).strip()
            # a text known only from the press is said to be so, as the bundle says it
            if any(_PRESS.search(part) for part in parts[len(keep):]):
                cited += _PRESS_NOTE[lang]
            out.append(cited)
    return list(dict.fromkeys(g for g in out if g))


_PRESS = re.compile(r"据媒体报道|據媒體報道|as reported in the press")
_PRESS_NOTE = {"zh-Hans": "（据媒体报道）", "zh-Hant": "（據媒體報道）", "en": " (as reported in the press)"}


def _who(ch: Channel, d: DraftInput, lang: str) -> str:
    """Whose conduct a complaint is about, in a sentence: a lender and its agency when the
    complaint tells of both ("易享贷及其委托的催收机构鼎诚资产"), else an agency with the lender it
    collects for before a desk for lenders ("易享贷委托的催收机构鼎诚资产")."""
    from evidencekit.core.export.strings import strings

    if d.named_field:
        return d.named_field
    words = strings(lang, d.region)
    if d.respondent.name and d.agents:
        agents = ("、" if lang != "en" else ", ").join(a.name for a in d.agents)
        if any(name == d.respondent.name for name, _n, _exs in d.contact_senders):
            return words("draft.who_both", lender=d.respondent.name, agent=agents)
        return words("draft.who_agent", lender=d.respondent.name, agent=agents)
    if d.respondent.name and d.principal.name:
        if any(name == d.principal.name for name, _n, _exs in d.contact_senders):
            return words("draft.who_both", lender=d.principal.name, agent=d.respondent.name)
        if ch.about_lender:
            return words("draft.who_agent", lender=d.principal.name, agent=d.respondent.name)
    return respondent_display(d, lang)


def facts_sentence(d: DraftInput, lang: str, *, brief: bool = False) -> str:
    """The account of the contacts the evidence covers ("" when nothing is known): how many, when,
    from whom (each sender's count apart when there are several), what they were (calls, at
    night: :func:`kinds_sentence`), and apart those whose time is not known; opened, where the
    person owes nothing to the respondent, by the sentence saying they are not the borrower
    (:func:`not_debtor_sentence`), then their request to stop (:func:`stop_sentence`).
    ``brief``: without what they were and each sender's exhibits (a draft short of room): those
    two sentences stay."""
    who = respondent_display(d, lang) or {"zh-Hans": "对方", "zh-Hant": "對方", "en": "the respondent"}[lang]
    if len(d.contact_senders) == 1:
        who = d.contact_senders[0][0]
    verb = {"zh-Hans": "联系本人", "zh-Hant": "聯絡本人", "en": "contacted me"}[lang]
    out = ""
    if d.first_contact and d.contact_count:
        last = d.last_contact or d.first_contact
        if lang == "en":
            when = f"On {d.first_contact}" if last == d.first_contact else f"From {d.first_contact} to {last}"
        else:
            when = d.first_contact if last == d.first_contact else f"自{d.first_contact}至{last}"
        if len(d.contact_senders) > 1:  # never one respondent named for everyone's contacts
            each = ("；" if lang != "en" else "; ").join(
                f"{name} {n}{'次' if lang != 'en' else (' time' if n == 1 else ' times')}"
                f"{'' if brief else _exhibits_note(exs, lang)}"
                for name, n, exs in d.contact_senders)
            if lang == "en":
                out = f"{when}, {len(d.contact_senders)} senders contacted me {d.contact_count} times: {each}."
            else:
                unit = "个号码或机构" if lang == "zh-Hans" else "個號碼或機構"
                out = f"{when}，共有{len(d.contact_senders)}{unit}{verb}{d.contact_count}次：{each}。"
        else:
            ex = _exhibits_note(list(d.contact_exhibits) or [e.number for e in d.exhibits], lang)
            if lang == "en":
                out = f"{when}, {who} {verb} {d.contact_count} time{'' if d.contact_count == 1 else 's'}{ex}."
            else:
                out = f"{when}，{who}共{verb}{d.contact_count}次{ex}。"
    if out and not brief:
        out += kinds_sentence(d.kinds, lang)
    n = d.undated_count
    if n:
        ex = _exhibits_note(d.undated_exhibits, lang)
        times = "time" if n == 1 else "times"
        if out:
            out += {"zh-Hans": f"另有{n}次联系的时间不详{ex}。", "zh-Hant": f"另有{n}次聯絡的時間不詳{ex}。",
                    "en": f" {n} more contact{'' if n == 1 else 's'} at times not known{ex}."}[lang]
        else:
            out = {"zh-Hans": f"{who}共{verb}{n}次，时间不详{ex}。", "zh-Hant": f"{who}共{verb}{n}次，時間不詳{ex}。",
                   "en": f"{who[:1].upper() + who[1:]} {verb} {n} {times}, at times not known{ex}."}[lang]
    # that the person is not the borrower, then their request to stop, then the counts: each said
    # once, and first, so that even a text cut at a form's limit keeps them
    return (" " if lang == "en" else "").join(x for x in (not_debtor_sentence(d, lang), stop_sentence(d, lang), out) if x)


def not_debtor_sentence(d: DraftInput, lang: str) -> str:
    """The one sentence saying, where the person owes nothing to the respondent, that they are
    not the borrower and told them so (when, which exhibits): "本人不是黄志坚，也不是融信消费金融
    有限公司的借款人，与该笔债务无关，已于2026-11-10、2026-11-15告知对方（证据7）。" ("" for a
    debtor). It opens the facts, which a draft short of room keeps whole."""
    nd = d.not_debtor
    if nd is None:
        return ""
    sep = "、" if lang != "en" else ", "
    names = sep.join(nd.debtors)
    ex = _exhibits_note(nd.told_exhibits, lang)
    told = sep.join(nd.told)
    if lang == "en":
        lender = f"a borrower of {nd.lender}" if nd.lender else "the borrower"
        out = (f"I am not {names}, nor {lender}" if names else f"I am not {lender}") + ": the debt is not mine"
        return out + (f", and I told them so on {told}{ex}." if told else ".")
    lender = f"{nd.lender}的借款人" if nd.lender else "借款人"
    if lang == "zh-Hans":
        out = (f"本人不是{names}，也不是{lender}" if names else f"本人不是{lender}") + "，与该笔债务无关"
        return out + (f"，已于{told}告知对方{ex}。" if told else "。")
    out = (f"本人不是{names}，也不是{lender}" if names else f"本人不是{lender}") + "，與該筆債務無關"
    return out + (f"，已於{told}告知對方{ex}。" if told else "。")


def stop_sentence(d: DraftInput, lang: str) -> str:
    """The person's request to stop, among the facts: when, to whom, the exhibits proving it, and
    how many contacts followed ("本人于2026-11-15 09:40要求停止联系（证据2、6），此后仍被联系15次。"; ""
    when there was none). A draft short of room keeps it (the facts are never left out)."""
    st = d.stop
    if st is None:
        return ""
    ex = _exhibits_note(st.exhibits, lang)
    n = st.after
    if lang == "en":
        out = f"I asked {st.to or 'them'} to stop on {st.time}{ex}"
        return out + (f"; they contacted me {n} more time{'' if n == 1 else 's'} after that." if n else ".")
    if lang == "zh-Hans":
        out = f"本人于{st.time}要求{st.to}停止联系{ex}"
        return out + (f"，此后仍被联系{n}次。" if n else "。")
    out = f"本人於{st.time}要求{st.to}停止聯絡{ex}"
    return out + (f"，此後仍被聯絡{n}次。" if n else "。")


def kinds_sentence(k: ContactKinds, lang: str) -> str:
    """What the contacts counted were, after their count ("" when neither calls nor night-time
    contacts are among them): the calls, how many were not answered and the day most were, the
    contacts at night."""
    parts: list[str] = []
    ex = _exhibits_note(k.call_exhibits, lang)
    if k.calls:
        peak = {"zh-Hans": f"（{k.peak_day}一天即有{k.peak_unanswered}次）", "zh-Hant": f"（{k.peak_day}一天即有{k.peak_unanswered}次）",
                "en": f" ({k.peak_unanswered} on {k.peak_day} alone)"}[lang] if k.peak_day else ""
        if lang == "en":
            parts.append(f"{k.calls} {'was a call' if k.calls == 1 else 'were calls'}{ex}"
                         + (f", {k.unanswered} not answered{peak}" if k.unanswered else ""))
        else:
            unit = "来电" if lang == "zh-Hans" else "來電"
            parts.append(f"{unit}{k.calls}次{ex}" + (f"，未接通{k.unanswered}次{peak}" if k.unanswered else ""))
    if k.night:
        parts.append({"zh-Hans": f"夜间（{k.night_hours}）联系{k.night}次", "zh-Hant": f"夜間（{k.night_hours}）聯絡{k.night}次",
                      "en": f"{k.night} came at night ({k.night_hours})"}[lang])
    if not parts:
        return ""
    if lang == "en":
        return " Of these, " + (", and " if len(parts) > 1 and not k.unanswered else "; ").join(parts) + "."
    return "其中" + "；".join(parts) + "。"


def _exhibits_note(numbers: Sequence[str], lang: str) -> str:
    span = exhibit_span(list(numbers), lang)
    if not span:
        return ""
    if lang == "en":
        one = span.isdigit() or "-" in span and "," not in span and "–" not in span
        return f" (exhibit {span})" if one else f" (exhibits {span})"
    return f"（证据{span}）" if lang == "zh-Hans" else f"（證據{span}）"


def respondent_display(d: DraftInput, lang: str) -> str:
    """The respondent as a sentence names them: the name, else "the sender of 17123456789" (a
    number is never given as an institution's name), "" when neither is known."""
    if d.respondent.name:
        return d.respondent.name
    if d.respondent.phone:
        return {"zh-Hans": f"发送号码{d.respondent.phone}的一方", "zh-Hant": f"發送號碼{d.respondent.phone}的一方",
                "en": f"the sender of {d.respondent.phone}"}[lang]
    return ""


def exhibit_span(numbers: list[str], lang: str) -> str:
    """Exhibit numbers as a reader takes them in: "1–12" when they run without a gap, else each
    named ("3、6、10"; "3, 6, 10")."""
    if not numbers:
        return ""
    if len(numbers) == 1:
        return numbers[0]
    ints = [int(n) for n in numbers if n.isdigit()]
    if len(ints) == len(numbers) and ints == list(range(ints[0], ints[0] + len(ints))):
        return f"{numbers[0]}–{numbers[-1]}"
    return ("、" if lang != "en" else ", ").join(numbers)


def rule_count(findings: Sequence[Finding], lang: str) -> str:
    """How much the findings of one rule hold, as a shortened list gives it beside the rule's
    title: the contacts they count ("8 contacts on 3 nights" for night-time contact, each night
    one finding), else the messages (one finding each). Those the findings themselves rate low
    (a lender's routine "to avoid further action") are not in the count but said after it
    ("4 messages (and 1 more of low certainty)"): a draft never calls them threats outright
    (:func:`~evidencekit.core.analysis.casework.counted_apart`, as the cover counts its threats)."""
    from evidencekit.core.analysis.casework import counted_apart

    sure, apart = counted_apart(findings)
    low = len(apart)
    more = ""
    if low:
        more = {"zh-Hans": f"（另有{low}条把握程度低，需核实）", "zh-Hant": f"（另有{low}則把握程度低，需核實）",
                "en": f" (and {low} more of low certainty)"}[lang] if sure else \
            {"zh-Hans": "（把握程度低，需核实）", "zh-Hant": "（把握程度低，需核實）", "en": " (low certainty)"}[lang]
    counted = sure or list(findings)
    counts = [f.facts.get("count") for f in counted]
    if counts and all(isinstance(n, int) for n in counts):
        n = sum(int(x) for x in counts if isinstance(x, int))
        nights = len({f.facts.get("date") for f in counted}) if counted[0].rule_id == "quiet-hours" else 0
        if nights > 1:
            return {"zh-Hans": f"{nights}个夜间共{n}次联系", "zh-Hant": f"{nights}個夜間共{n}次聯絡",
                    "en": f"{n} contacts on {nights} nights"}[lang] + more
        return {"zh-Hans": f"{n}次联系", "zh-Hant": f"{n}次聯絡", "en": f"{n} contact{'' if n == 1 else 's'}"}[lang] + more
    n = len(counted)
    return {"zh-Hans": f"{n}条消息", "zh-Hant": f"{n}則訊息", "en": f"{n} message{'' if n == 1 else 's'}"}[lang] + more


#: A quotation inside a finding's sentence: its words are the message's, never rewritten.
_QUOTATION = re.compile(r"(“[^”]*”|「[^」]*」)")


def _dated(line: str, lang: str, region: str) -> str:
    """A finding's sentence with its dates as the draft writes them (a Hong Kong case's Chinese
    draft: 2026年11月9日; :func:`~.dates.draft_dates`), the messages it quotes left as they are."""
    from evidencekit.core.documents.dates import draft_dates, uses_chinese_dates

    if not uses_chinese_dates(lang, region):
        return line
    return "".join(part if _QUOTATION.fullmatch(part) else draft_dates(part, lang, region)
                   for part in _QUOTATION.split(line))


#: One way of writing a draft short of room: the quotes shown, the findings' lines, whether the
#: submission hint is shown, what was left out (said in :attr:`Draft.shortened`), the facts in brief.
_Attempt = tuple[tuple[KeyQuote, ...], list[str], bool, str, bool]


def render(channel_id: str, data: DraftInput, language: str = "zh-Hans", *, fit: bool = True) -> Draft:
    """Write a complaint or brief for one channel as plain text within the channel's limit.

    The submission hint goes first, then the findings are shortened to their titles, then quotes
    are dropped whole from the end, until the text fits; what was left out is said in
    :attr:`Draft.shortened` (the full list stays in the bundle).

    Args:
        channel_id: a channel of ``channels.toml`` ("12315", "lender", "lawyer"…).
        data: what to write from.
        language: zh-Hans, zh-Hant or en.
        fit: fit the channel's limit (a text to paste into a form); False for a document (PDF,
            DOCX), which no form box limits: everything is kept.

    Returns:
        The :class:`Draft`.

    Raises:
        UsageError: an unknown channel or language.
    """
    chs = channels()
    if channel_id not in chs:
        channel_id = resolve_channel(channel_id)
    if language not in LANGUAGES:
        raise UsageError(f"no language {language!r} (known: {', '.join(LANGUAGES)})")
    ch = _in_region(chs[channel_id], language, data.region)
    tpl = _env().get_template(f"{channel_id}.{language}.txt.j2")
    from evidencekit.core.export.strings import strings

    words = strings(language, data.region)
    graded = ch.kind == "lawyer"  # a lawyer weighs each finding; a desk reads a grade as self-praise
    full_findings = [_dated(finding_line(f, language, graded=graded, region=data.region), language, data.region)
                     for f in data.findings]
    plain_findings = [_dated(finding_line(f, language, why=False, graded=graded, region=data.region), language, data.region)
                      for f in data.findings]
    ex_word = {"zh-Hans": "证据", "zh-Hant": "證據"}
    by_rule: dict[str, tuple[str, list[str], list[Finding]]] = {}
    for f in data.findings:  # one line per rule, with how many and every exhibit behind it
        title, exs, fs = by_rule.setdefault(f.rule_id, (f.title.get(language, f.rule_id), [], []))
        exs += [e for e in f.exhibits if e not in exs]
        fs.append(f)
    short_findings = [f"{t}：{rule_count(fs, language)}（{ex_word[language]}{'、'.join(exs)}）" if language != "en"
                      else f"{t}: {rule_count(fs, language)} (exhibit{'s' if len(exs) > 1 else ''} {', '.join(exs)})"
                      for t, exs, fs in by_rule.values()]
    n_found = {"zh-Hans": f"共{len(by_rule)}类可能违规之处，详见证据包", "zh-Hant": f"共{len(by_rule)}類可能違規之處，詳見證據包",
               "en": f"{len(by_rule)} kinds of possible breach, listed in the bundle"}[language]
    fields = _fields(ch, data, language, full_findings)

    def blank(fid: str) -> str:
        return BLANK[language].format(label=blank_label(fid, language, ch, data.region))

    def value(fid: str) -> str:
        v = fields.get(fid)
        return v if v else blank(fid)

    # what gives way first: the submission hint, then why the findings are not sure, then the
    # findings' full sentences (their titles, how many each and their exhibits stay, on one line
    # at last), then the quotes that matter least down to the few most serious, then how many
    # each finding holds, then the other quotes; the most serious quote's exact words are what
    # a reader checks, so they go last
    nq = len(data.quotes)
    sep = "；" if language != "en" else "; "
    one_line = [sep.join(short_findings)] if short_findings else []
    quotes = data.quotes
    # the quotes' times with less of what they were worked out from (still saying they were)
    brief = tuple(replace(q, time=q.short_time) if q.short_time else q for q in quotes)
    bases = "; bases of times" if brief != quotes else ""
    count_only = [n_found] if short_findings else []
    attempts: list[tuple[tuple[KeyQuote, ...], list[str], bool, str]] = [
        (quotes, full_findings, True, ""),
        (quotes, full_findings, False, "how to submit"),
        (brief, full_findings, False, "how to submit" + bases),
        (brief, plain_findings, False, "how to submit" + bases + "; why findings are not sure"),
        (brief, short_findings, False, "how to submit" + bases + "; findings in full"),
        (brief, one_line, False, "how to submit" + bases + "; findings in full"),
    ]
    # then the quotes that matter least (shown in time order, so not always the last ones; of
    # equal rank, the later first), each kind of finding kept on its line with how many it
    # holds ("8 contacts on 3 nights"), down to the few most serious quotes
    order = sorted(range(nq), key=lambda n: (brief[n].rank, n))
    for k in range(nq - 1, min(QUOTES_KEPT, nq) - 1, -1):
        kept = tuple(q for n, q in enumerate(brief) if n in order[:k])
        left = [str(n + 1) for n in sorted(order[k:])]
        attempts.append((kept, short_findings, False, "how to submit" + bases + "; findings in full; quotes "
                         + ", ".join(left)))
    # then the facts told in brief (the count and the senders, without what the contacts were and
    # each sender's exhibits) before each kind of finding's line goes: a desk reads what was found
    # and the worst words before the breakdown of the contacts
    in_brief = [(*a[:3], a[3] + "; facts in brief") for a in attempts if a[1] is short_findings]
    full_facts = len(attempts)  # (the attempts that keep each kind of finding's line)
    attempts.append((brief, count_only, False, "how to submit" + bases + "; findings listed"))
    # then those quotes too, the findings' count kept (one line: a complaint that drops its
    # section of possible breaches says less than one that drops a quote)
    for k in range(nq - 1, 0, -1):
        kept = tuple(q for n, q in enumerate(brief) if n in order[:k])
        left = [str(n + 1) for n in sorted(order[k:])]
        attempts.append((kept, count_only, False, "how to submit; findings listed; quotes " + ", ".join(left)))
    # at last the count too, before the one quote left
    last: list[tuple[tuple[KeyQuote, ...], list[str], bool, str]] = []
    if nq:
        kept = tuple(q for n, q in enumerate(brief) if n == order[0])
        left = [str(n + 1) for n in sorted(order[1:])]
        last.append((kept, [], False, "how to submit; findings left to the bundle"
                     + (f"; quotes {', '.join(left)}" if left else "")))
    last.append(((), count_only, False, f"how to submit; findings listed; quotes 1–{nq}" if nq else
                 "how to submit; findings listed"))
    # each with the facts told in brief too (the count and the senders, without what the contacts
    # were and each sender's exhibits) before the one quote left goes
    # (and the count of the findings kept with the facts in brief, before the count goes: the
    # breakdown of the contacts matters less than what was found)
    tried = ([(*a, False) for a in attempts[:full_facts]] + [(*a, True) for a in in_brief]
             + [(*a, False) for a in attempts[full_facts:]]
             + [(*a[:3], a[3] + "; facts in brief", True) for a in attempts[full_facts:]]
             + [x for a in last for x in ((*a, False), (*a[:3], a[3] + "; facts in brief", True))])
    if not fit:
        tried = tried[:1]
    # the sender's number beside a respondent whose name is left blank (a number is no institution)
    sender_number = data.respondent.phone if not data.respondent.name else ""

    def write(attempt: _Attempt) -> str:
        shown_quotes, shown, how, _why, facts_brief = attempt
        omitted = len(data.quotes) - len(shown_quotes)
        if omitted and shown is count_only and ch.kind != "telecom":  # (a report to 12321 lists no findings)
            # the line that says the possible breaches are in the bundle says so of the messages left out
            shown = [{"zh-Hans": f"共{len(by_rule)}类可能违规之处（另有{omitted}条消息因字数限制从略），详见证据包",
                      "zh-Hant": f"共{len(by_rule)}類可能違規之處（另有{omitted}則訊息因字數限制從略），詳見證據包",
                      "en": f"{len(by_rule)} kinds of possible breach, {omitted} more messages: see the bundle"}[language]]
            omitted = 0
        return tpl.render(
            ch=ch, d=data, lang=language, value=value, word=words.get, blank=blank, label=lambda f: field_label(f, language, ch, data.region),
            fields=fields, quotes=shown_quotes, findings=shown, show_how=how,
            requests=list(requests_for(ch, data, language)), short=shown is not full_findings,
            facts_text=facts_sentence(data, language, brief=facts_brief), who=_who(ch, data, language) or value("respondent_name"),
            sender_number=sender_number, ruleset_note=data.ruleset_note,
            omitted=omitted, findings_cut=shown is short_findings or shown is one_line,
            exhibit_list=exhibit_span([e.number for e in data.exhibits], language),
        ).strip() + "\n"

    text = ""
    shortened = ""
    for attempt in tried:
        text, shortened = write(attempt), attempt[3]
        if len(text) <= ch.limit:
            break
    if fit and len(text) > ch.limit:
        cut = {"zh-Hans": "……（篇幅所限，余见证据包）\n", "zh-Hant": "……（篇幅所限，其餘見證據包）\n",
               "en": "… (cut to fit; the rest is in the bundle)\n"}[language]
        if last and last[0][0]:
            # nothing fits: the text cut at the limit keeps the facts (the person's request to
            # stop, that they are not the borrower), the most serious quote whole and the count of
            # the findings where that cut leaves the quote whole (its end, the evidence list, is
            # what goes); else the last text tried
            keep: _Attempt = (last[0][0], count_only, False, "how to submit; findings listed"
                             + last[0][3].partition("findings left to the bundle")[2] + "; facts in brief", True)
            kept_text = write(keep)
            if all(q.text in kept_text[:ch.limit - len(cut)] for q in keep[0]):
                text, shortened = kept_text, keep[3]
        text = text[:ch.limit - len(cut)] + cut
        shortened = (shortened + "; " if shortened else "") + "text cut at the limit"
    cited = cited_exhibits(text)
    title_line = text.splitlines()[0] if text else ""
    return Draft(channel_id, language, title_line, text, ch.limit, fields,
                 tuple(blank_label(f, language, ch, data.region) for f, v in fields.items() if not v), shortened, cited,
                 findings=len(data.findings), region=data.region)


def cited_exhibits(text: str) -> tuple[str, ...]:
    """The exhibit numbers a text cites ("证据3、6", "exhibits 2, 5"), in order, each once."""
    return tuple(dict.fromkeys(x for m in _CITE.finditer(text) for x in re.findall(_NUM, m.group(1))))
