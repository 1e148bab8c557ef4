"""What a complaint or a brief is written from: plain values, no case folder needed."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from evidencekit.core.analysis.findings.model import Finding

#: A section heading of a draft: "一、" in Chinese, a Roman numeral in English ("II. Facts"), so that
#: a numbered item ("1. Order the respondent …") is never taken for one. The PDF and the DOCX
#: writers style these lines as headings.
HEADING = re.compile(r"^(?:[一二三四五六七八九十]+、|[IVX]+\. )")

BLANK = {"zh-Hans": "【请填写：{label}】", "zh-Hant": "【請填寫：{label}】", "en": "[FILL IN: {label}]"}
#: A marked blank as :data:`BLANK` writes it, in any of the languages (the writers highlight it).
BLANK_MARK = re.compile(r"(【(?:请填写|請填寫)：[^】]*】|\[FILL IN: [^\]]*\])")


#: What a specific request can answer, most serious first: a demand for a sum already paid
#: (``demand_after_payment``), a sender posing as a court or the police (``impersonation``), a
#: threat to tell (or telling) third parties (``third_party``), a claimed lawsuit or lawyer's
#: letter (``legal_claim``). (A notice meant for someone else has the channel's own requests.)
ISSUES = ("demand_after_payment", "impersonation", "third_party", "legal_claim", "unidentified_sender")


@dataclass(frozen=True, slots=True)
class Party:
    """A person or institution as a complaint names them; empty fields become marked blanks."""

    name: str = ""
    phone: str = ""
    address: str = ""
    id_type: str = ""
    id_number: str = ""


@dataclass(frozen=True, slots=True)
class ExhibitRef:
    """One exhibit of the bundle: its number ("3", "1-2"), title, and date shown in the list."""

    number: str
    title: str
    date: str = ""


@dataclass(frozen=True, slots=True)
class KeyQuote:
    """A message to quote exactly, with its exhibit, time and sender as shown.

    ``undated``: its time rests on nothing sure (the file's time only, or none): ``time`` then says
    so in words ("时间不详") and no form's time field is filled from it. ``own``: the person's own
    reply ("我不是李建国…", "已经还清了"), quoted beside the messages it answers. ``short_time``:
    the time without all it was worked out from (a draft short of room uses it). ``rank``: how
    much it matters (0 the most): quotes are shown in time order, and a draft short of room leaves
    out the highest ranks first (a reply goes with what it answers). ``machine_read``: its text is
    what OCR read off a screenshot (not an export's exact text). ``also``: other exhibits
    showing the same message (a screenshot of an exported message), cited beside ``exhibit``.
    """

    exhibit: str
    text: str
    time: str = ""
    sender: str = ""
    undated: bool = False
    own: bool = False
    short_time: str = ""
    rank: int = 0
    machine_read: bool = True
    also: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class TimelineEntry:
    """One line of "what happened, in order": a time, the exhibit, what it shows."""

    time: str
    exhibit: str
    what: str


@dataclass(frozen=True, slots=True)
class ContactKinds:
    """What the counted contacts were, taken from the case's figures (the cover's counts): how
    many were calls and how many of those were not answered, how many came at night (the rule
    set's quiet hours), and the day with most unanswered calls.

    Attributes:
        calls: calls received; unanswered: those missed or rejected.
        night: contacts in the quiet hours ``night_hours`` ("22:00–07:00").
        peak_day, peak_unanswered: the day most calls went unanswered and how many ("" and 0
            when no day had more than one).
        call_exhibits: the exhibits the calls are in.
    """

    calls: int = 0
    unanswered: int = 0
    night: int = 0
    night_hours: str = ""
    peak_day: str = ""
    peak_unanswered: int = 0
    call_exhibits: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class NotTheDebtor:
    """The person owes nothing to the respondent: every collection message from it and from the
    agencies collecting for it is about somebody else's debt, and none names the person as the
    debtor (:func:`~.fromcase.owes_nothing` decides it). A complaint then asks that all contact
    with their number stop and the number be taken off that debtor's file, and says once, in
    plain words, that they are not the borrower.

    Attributes:
        debtors: whose debt the notices are about, as they name them ("黄志坚"); empty when
            they name nobody.
        lender: the lender that debt is owed to, as the case names it ("" when not known).
        told: when the person told them the debt is not theirs (the days of their replies, as
            the draft writes dates), earliest first.
        told_exhibits: the exhibits showing those replies.
    """

    debtors: tuple[str, ...] = ()
    lender: str = ""
    told: tuple[str, ...] = ()
    told_exhibits: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class StopRequest:
    """The person's request to stop, as a complaint states it among its facts (kept whatever a
    short form leaves out).

    Attributes:
        time: when ("2026-11-15 09:40", as the draft writes dates).
        to: whom it was made to, when the person said so ("" for all of them).
        exhibits: the exhibits proving it: the recording of the call, the call log's row, the
            message itself, an exhibit the person's own note names.
        after: how many contacts the findings count after it from those the draft is about
            (0 when none or not known).
    """

    time: str
    to: str = ""
    exhibits: tuple[str, ...] = ()
    after: int = 0


@dataclass(frozen=True, slots=True)
class DraftInput:
    """Everything a draft is written from.

    Attributes:
        claimant: the person (name, phone; address and ID only if they give them).
        respondent: the lender or collector (name; address if known).
        exhibits: the bundle's exhibits, in order.
        findings: the findings to cite (see :func:`~evidencekit.core.analysis.findings.find_findings`).
        quotes: the key messages, quoted exactly.
        timeline: what happened, in order (the lawyer's brief).
        first_contact, last_contact: the period the evidence covers ("2026-11-18").
        contact_count: how many contacts the case holds from the respondent.
        contact_senders: per sender, when the count is of more than one (the lawyer's brief, a
            complaint about a lender and its collectors): (the sender as named, its count, its
            exhibits), most first; a count is never put on one respondent when others sent the
            contacts.
        kinds: what those contacts were (calls, unanswered, at night), from the case's figures.
        undated_count, undated_exhibits: the contacts from them whose time is not known (only
            the file's time, or none): not counted above, said apart, and their exhibits.
        contact_exhibits: the exhibits those contacts are in (the account of the facts cites
            them; all of ``exhibits`` when empty).
        requests: what the person asks for; the channel's usual requests when empty.
        questions: the person's own questions (the lawyer's brief).
        negotiation: what passed between the person and the respondent so far.
        reported_number: the number reported to 12321 (the first quote's sender when empty).
        bundle_fingerprint: the signed bundle's SHA-256, so the draft points at the evidence.
        bundle_note: said instead when there is no fingerprint to give ("no signed bundle yet").
        date: the date of writing.
        case_title: the case's title.
        ruleset_note: which rule set the findings come from, said where it is not the channel's
            own place's ("" when it is, or when there are no findings).
        acting_for: the lender the messages of a respondent known only by number name (what
            the evidence shows: never said to collect for it); "" when none or several.
        region_note: said where the respondent's number is of another region than the channel's
            (a Taiwanese number before a mainland desk): that desk may not act on it.
        principal: the lender the respondent (a collection agency) collects for, as the case
            ties them (its messages' "受易享贷委托", the settings' lenders); empty when the
            respondent is a lender itself or that is not known. A desk for licensed lenders
            complains of it, its agency named beside it.
        respondent_numbers: every number the respondent wrote or called from.
        issues: what the findings and figures about the respondent show that a specific request
            answers (see :data:`ISSUES`), in that order.
        accounts: the person's own loan account numbers as the respondents' messages give them
            ("FC-88213"; never one of a notice meant for someone else).
        region: the case's region (its rule set's jurisdiction: "TW", "HK", "CN"; "" when not
            known): a Taiwan or Hong Kong case's draft takes its region's words and dates.
        agents: the collection agencies acting for the respondent (a lender), as the complaint
            covers them: each named (``phone``: its numbers, joined) beside the lender.
        named_field: the respondent's field as written where the draft is about several senders
            (a report to the police of every sender of threats); "" otherwise.
        left_out: said after the facts: the senders whose contacts the draft leaves out (an
            unlisted number, its identity not confirmed; a sender of threats not reported), so a
            reader knows they are not covered ("" when none).
        legal_documents: the legal documents the messages claim ("“传票”（案号…）"), as the request
            to check them names them (never one no message names).
        impersonated: whom the messages posed as ("上海市浦东新区人民法院"); impersonating_numbers:
            the numbers those messages came from.
        licence_number: the money lender's licence number as a message of theirs states it.
        unidentified_numbers: numbers nobody listed whose messages name the respondent (a lender)
            as owed: a complaint about it asks whose they are (issue ``unidentified_sender``).
        amounts: the lawyer's brief: the money as the bundle's cover states it, (label, value)
            each (demanded, their total, demanded again after a payment, paid, others' debts).
        unidentified_claimed: what the messages of ``unidentified_numbers`` claimed to be (the
            legal documents they name: "“传票”（案号…）"), for the request about them.
        not_debtor: the person owes nothing to the respondent (:class:`NotTheDebtor`); None
            when they may (a debtor, or not known).
        stop: the person's request to stop those the draft is about (None when there is none).
    """

    claimant: Party
    respondent: Party
    exhibits: tuple[ExhibitRef, ...] = ()
    findings: tuple[Finding, ...] = ()
    quotes: tuple[KeyQuote, ...] = ()
    timeline: tuple[TimelineEntry, ...] = ()
    first_contact: str = ""
    last_contact: str = ""
    contact_count: int | None = None
    contact_senders: tuple[tuple[str, int, tuple[str, ...]], ...] = ()
    kinds: ContactKinds = ContactKinds()
    undated_count: int = 0
    undated_exhibits: tuple[str, ...] = ()
    contact_exhibits: tuple[str, ...] = ()
    requests: tuple[str, ...] = ()
    questions: tuple[str, ...] = ()
    negotiation: str = ""
    reported_number: str = ""
    bundle_fingerprint: str = ""
    bundle_note: str = ""
    date: str = ""
    case_title: str = ""
    ruleset_note: str = ""
    region_note: str = ""
    acting_for: str = ""
    principal: Party = Party()
    respondent_numbers: tuple[str, ...] = ()
    issues: tuple[str, ...] = ()
    accounts: tuple[str, ...] = ()
    region: str = ""
    agents: tuple[Party, ...] = ()
    named_field: str = ""
    left_out: str = ""
    legal_documents: tuple[str, ...] = ()
    impersonated: tuple[str, ...] = ()
    impersonating_numbers: tuple[str, ...] = ()
    licence_number: str = ""
    amounts: tuple[tuple[str, str], ...] = ()
    unidentified_numbers: tuple[str, ...] = ()
    unidentified_claimed: tuple[str, ...] = ()
    not_debtor: NotTheDebtor | None = None
    stop: StopRequest | None = None


@dataclass(frozen=True, slots=True)
class Draft:
    """A rendered draft.

    Attributes:
        channel: the channel's id.
        language: zh-Hans, zh-Hant or en.
        title: the document's heading.
        text: the plain text, within the channel's limit.
        limit: the channel's limit in characters.
        fields: each required field and the value written (None where a blank was left).
        blanks: the labels of the fields left for the person to fill in.
        shortened: what was left out to fit the limit ("" when nothing).
        exhibits_cited: the exhibit numbers the text cites.
        edited: the text is the person's own edit of the draft.
        respondent: whom it is about, as the case names them ("" for the lawyer's brief, about
            everyone): an edit is kept for that respondent.
        findings: how many possible breaches it rests on (-1: not known, the person's own edit).
        region: the case's region ("TW", "HK", "CN"; "" when not known): the DOCX's language tag.
    """

    channel: str
    language: str
    title: str
    text: str
    limit: int
    fields: dict[str, str | None] = field(default_factory=dict)
    blanks: tuple[str, ...] = ()
    shortened: str = ""
    exhibits_cited: tuple[str, ...] = ()
    edited: bool = False
    respondent: str = ""
    findings: int = -1
    region: str = ""

    @property
    def channel_name(self) -> str:
        """The channel's name in the draft's language (for a footer or a heading), its id when unknown."""
        from evidencekit.core.documents.render import channels

        ch = channels().get(self.channel)
        return ch.name.get(self.language, ch.name.get("en", self.channel)) if ch is not None else self.channel
