"""A complaint or a brief written from a case: the :class:`DraftInput` filled in from the case's
analysis (the same counts, findings and exhibit numbers as the bundle), and the fingerprint of
the bundle it points at.

Which respondent a complaint is about: the one asked for, else the one most findings are
attributed to. A complaint cites only that respondent's exhibits and findings; the lawyer's brief
and the telecom report name everything.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from evidencekit.core.analysis.casework import CaseAnalysis, analyse
from evidencekit.core.analysis.case_settings import read_settings
from evidencekit.core.analysis.contacts import Contact, Direction
from evidencekit.core.analysis.findings import Finding
from evidencekit.core.analysis.labels import SERIOUS, display_labels, label_name
from evidencekit.core.analysis.parties import digits, split_sender
from evidencekit.core.analysis.timebasis import localize_basis
from evidencekit.core.documents.model import Draft, DraftInput, ExhibitRef, KeyQuote, Party, TimelineEntry
from evidencekit.core.documents.render import channels, cited_exhibits, render, resolve_channel
from evidencekit.core.export import summary, timeline
from evidencekit.core.export.merkle import merkle_root
from evidencekit.core.export.model import ExhibitInput
from evidencekit.core.export.strings import strings
from evidencekit.core.vault import actions

if TYPE_CHECKING:
    from evidencekit.core.vault.case import Case

#: Rules whose quotes a complaint cites first, most serious first.
QUOTE_ORDER = ("impersonation", "threats", "third-party-disclosure", "insults", "third-party-collection",
               "misdirected", "legal-documents")
QUOTES_MAX = 5
TIMELINE_MAX = 40
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
    return tuple(ExhibitInput(ex.number, ex.item, case.original_path(ex.item), ex.ocr, corrected=ex.corrected)
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


def _respondent_of(analysis: CaseAnalysis) -> str:
    """The respondent most findings are attributed to (then most contacts), "" when none."""
    counts = Counter(f.respondent for f in analysis.findings if f.respondent)
    if counts:
        return counts.most_common(1)[0][0]
    shown = [r for r in analysis.figures.respondents if r.name and r.contacts]
    return shown[0].name if shown else (analysis.meta.respondents[0].name if analysis.meta.respondents else "")


def _theirs(c: Contact, respondent: str) -> bool:
    return not respondent or (c.respondent or " ".join(c.counterpart.split())) == respondent


def _finding_about(f: Finding, respondent: str, exhibits: set[str]) -> bool:
    if not respondent or f.respondent == respondent:
        return True
    return not f.respondent and any(e.exhibit in exhibits for e in f.evidence)


def _stamp(c: Contact, lang: str, *, short: bool = False) -> str:
    """A contact's time for a document; a time worked out from a relative stamp says so: in full
    (the basis and the stamp, for a quote), or ``short`` (the stamp only, for a timeline)."""
    if c.time is None:
        return ""
    t = c.time.strftime("%Y-%m-%d %H:%M")
    if c.time_basis and c.certainty.value == "resolved":
        if short:
            label = c.time_label.strip()
            note = {"zh-Hans": f"据“{label}”推算", "zh-Hant": f"據「{label}」推算",
                    "en": f"worked out from “{label}”"}[lang] if label else localize_basis(c.time_basis, lang)
        else:
            note = localize_basis(c.time_basis, lang)
        t += ("（" if lang != "en" else " (") + note + ("）" if lang != "en" else ")")
    return t


def draft_input(analysis: CaseAnalysis, exhibits: Sequence[ExhibitInput], channel: str, language: str, *,
                bundle: BundleRef | None = None, date: str = "", respondent: str | None = None) -> DraftInput:
    """What a draft for ``channel`` is written from, filled in from the case.

    Args:
        analysis: the case's analysis (:func:`~evidencekit.core.analysis.casework.analyse`).
        exhibits: the exhibits, as the bundle numbers them (for their titles).
        channel: a channel id or alias.
        language: zh-Hans, zh-Hant or en.
        bundle: the signed bundle to point at (None: the draft says none was made yet).
        date: the date of writing (today when "").
        respondent: whom the complaint is about (default: the one most findings are attributed to).

    Returns:
        The :class:`DraftInput`.

    Raises:
        UsageError: an unknown channel.
    """
    cid = resolve_channel(channel)
    meta, settings, lang = analysis.meta, analysis.settings, language
    who = "" if cid in ALL_RESPONDENTS else (respondent if respondent is not None else _respondent_of(analysis))
    contacts = analysis.contacts
    by_ref = {c.source.ref(): c for c in contacts}
    mine = [i for i, c in enumerate(contacts) if c.direction is Direction.IN and _theirs(c, who)]
    their_exhibits = {n for i in mine for n in (contacts[i].source.exhibit, *contacts[i].extra.get("also", ()))}
    findings = tuple(f for f in analysis.findings if _finding_about(f, who, their_exhibits))

    s = strings(lang)
    refs = tuple(ExhibitRef(ex.number, summary.exhibit_title(ex, s), _day(ex)) for ex in exhibits
                 if not who or ex.number in their_exhibits)

    quotes: list[KeyQuote] = []
    seen: set[str] = set()
    ranked = sorted(findings, key=lambda f: QUOTE_ORDER.index(f.rule_id) if f.rule_id in QUOTE_ORDER else len(QUOTE_ORDER))
    for f in ranked:
        if f.rule_id not in QUOTE_ORDER:
            continue
        for e in f.evidence:
            c = by_ref.get(e.ref)
            if c is None or not c.text or c.text in seen or c.direction is Direction.OUT:
                continue
            seen.add(c.text)
            quotes.append(KeyQuote(e.exhibit, c.text, _stamp(c, lang), " ".join(c.counterpart.split())))
    if not quotes:  # no finding quotes anything: the first message received from them
        for i in mine:
            c = contacts[i]
            if c.text:
                quotes.append(KeyQuote(c.source.exhibit, c.text, _stamp(c, lang), " ".join(c.counterpart.split())))
                break

    timeline: list[TimelineEntry] = []
    for i in sorted(mine, key=lambda i: (contacts[i].time or dt.datetime.max, i)):
        r = analysis.readings.get(i)
        c = contacts[i]
        if r is None or c.time is None:
            continue
        names = [n for n in display_labels(r.label_names) if n in SERIOUS + ("overdue_collection",)]
        if names:
            what = ("、" if lang != "en" else ", ").join(label_name(n, s) for n in names)
            timeline.append(TimelineEntry(_stamp(c, lang, short=True), c.source.exhibit, what))
    stop = analysis.stop
    if stop is not None and cid in ALL_RESPONDENTS:
        said = {"zh-Hans": "本人要求停止联系", "zh-Hant": "本人要求停止聯絡", "en": "I asked them to stop"}[lang]
        ex = stop[1].removeprefix("exhibit ") if stop[1].startswith("exhibit ") else ""
        timeline.append(TimelineEntry(stop[0].strftime("%Y-%m-%d %H:%M"), ex, said))
        timeline.sort(key=lambda e: e.time)

    # the brief names those the findings are about (a lender that only advertised is no respondent)
    involved = list(dict.fromkeys(f.respondent for f in findings if f.respondent))
    counted = [i for i in analysis.figures.received if _theirs(contacts[i], who)
               and (who or not involved or (contacts[i].respondent or _norm(contacts[i].counterpart)) in involved)]
    times = [t for i in counted if (t := contacts[i].time) is not None]
    names = [who] if who else (involved or [r.name for r in meta.respondents])
    first_number = next((" ".join(contacts[i].counterpart.split()) for i in mine if contacts[i].counterpart), "")
    resp = Party(name=("、" if lang != "en" else ", ").join(n for n in names if n),
                 phone=first_number, address=settings.respondent_addresses.get(who, "") if who else "")
    return DraftInput(
        claimant=Party(meta.claimant_name, meta.claimant_phone, settings.claimant_address, settings.claimant_id_type,
                       settings.claimant_id_number),
        respondent=resp,
        exhibits=refs,
        findings=findings,
        quotes=tuple(quotes[:QUOTES_MAX]),
        timeline=tuple(timeline[:TIMELINE_MAX]),
        first_contact=min(times).date().isoformat() if times else "",
        last_contact=max(times).date().isoformat() if times else "",
        contact_count=len(counted) or None,
        contact_exhibits=_in_order(exhibits, {n for i in counted for n in (contacts[i].source.exhibit,
                                                                            *contacts[i].extra.get("also", ()))}),
        questions=settings.questions,
        negotiation=settings.negotiation,
        # 12321 takes the number itself (its SMS form is 源号码*全文), not the name beside it
        reported_number=_number_of(quotes[0].sender) if quotes and cid.startswith("12321") else "",
        bundle_fingerprint=bundle.fingerprint if bundle is not None else "",
        bundle_note=(_STALE[lang] if bundle is not None and not bundle.current else "") if bundle is not None
        else _NO_BUNDLE[lang],
        date=date or dt.date.today().isoformat(),
        case_title=meta.title,
    )


def _in_order(exhibits: Sequence[ExhibitInput], numbers: set[str]) -> tuple[str, ...]:
    return tuple(ex.number for ex in exhibits if ex.number in numbers)


def _norm(text: str) -> str:
    return " ".join(text.split())


def _number_of(sender: str) -> str:
    name, number = split_sender(sender)
    return digits(number) if number else (digits(sender) or sender)


def _day(ex: ExhibitInput) -> str:
    t = timeline.item_time(ex)
    return t.date().isoformat() if t is not None else ""


def draft_for_case(case: Case, channel: str, language: str | None = None, *, respondent: str | None = None,
                   date: str = "", use_saved: bool = True) -> Draft:
    """The draft of an open case for one channel: the person's saved edit when there is one
    (``use_saved``), else written from the case now.

    Args:
        case: an open case.
        channel: a channel id or alias.
        language: zh-Hans, zh-Hant or en (the case's language when None).
        respondent: whom the complaint is about.
        date: the date of writing (today when "").
        use_saved: prefer the person's edited text saved in the case.

    Raises:
        UsageError: an unknown channel or language.
        RuleSetError: the case's rule set cannot be used.
    """
    from evidencekit.core.documents.saved import saved_draft

    lang = language or case.meta.language
    cid = resolve_channel(channel)
    exhibits = case_exhibits(case)
    bundle = latest_bundle(case, exhibits)
    if use_saved:
        saved = saved_draft(case, cid, lang)
        if saved is not None:
            return saved_as_draft(cid, lang, saved.text)
    a = analyse(exhibits, case.meta, read_settings(case), case_folder=case.path)
    return render(cid, draft_input(a, exhibits, cid, lang, bundle=bundle, date=date, respondent=respondent), lang)


def saved_as_draft(channel: str, language: str, text: str) -> Draft:
    """A draft of the person's own text (an edit kept with the case)."""
    ch = channels()[channel]
    lines = text.splitlines()
    return Draft(channel, language, lines[0] if lines else "", text, ch.limit,
                 exhibits_cited=cited_exhibits(text), edited=True)


def channel_names(language: str) -> dict[str, str]:
    """Channel id → its name in ``language``, in file order (for a chooser)."""
    return {c.id: c.name.get(language, c.name.get("en", c.id)) for c in channels().values()}
