"""``evidencekit findings CASE``: possible breaches of the case's rule set, for a professional to
assess; and ``evidencekit settings CASE``: the person's facts of the case the findings and the
drafts use (when they asked them to stop, which rules apply, their own details)."""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import replace
from typing import TYPE_CHECKING, Any, TypeVar

from evidencekit.cli.common import open_case
from evidencekit.cli.export_cmd import _language
from evidencekit.core.export.findingwords import (
    certainty_reasons, channel_name, evidence_place, evidence_time, finding_about, quoted_words,
)
from evidencekit.core.export.strings import strings
from evidencekit.core.models import LANGUAGES
from evidencekit.errors import ExitCode, UsageError

if TYPE_CHECKING:
    from evidencekit.core.analysis.case_settings import CaseSettings
    from evidencekit.core.vault.case import Case

P = TypeVar("P", bound=argparse.ArgumentParser)

def add_parser(sub: argparse._SubParsersAction[P]) -> None:
    """Register ``findings`` and ``settings``."""
    p = sub.add_parser(
        "findings",
        help="list possible breaches of the case's rule set (for a professional to assess)",
        description=(
            "Check every contact of the case (messages read from screenshots; calls once a call log is imported) "
            "against the case's rule set: night-time contact, too many unanswered attempts a day, threats, "
            "telling third parties, impersonation, notices meant for someone else, contact after the request to "
            "stop, bursts. Each finding names its rule and sources, the exhibits by bundle number, the exact words "
            "and times, and how sure it is. None is a legal conclusion. The rule set is the case's own rules.toml, "
            "else the one chosen with 'evidencekit settings', else the one of its jurisdiction."
        ),
    )
    p.add_argument("dir", help="the case folder")
    p.add_argument("--json", action="store_true", help="print the findings as JSON")
    p.add_argument("--lang", type=_language, default=None, metavar="|".join(LANGUAGES),
                   help="language of the text (default: the case's)")
    p.set_defaults(func=cmd_findings)

    p = sub.add_parser(
        "settings",
        help="the person's facts of the case: stop request, rules, own details for complaints",
        description=(
            "Show or change what the findings and the drafts use beyond the evidence: when you asked them to stop "
            "(and whom), the jurisdiction and rule set, your address and ID details for complaints that ask for "
            "them, the respondents' addresses, which respondents lent the money, your questions for a lawyer, "
            "what passed between you so far. Without options it prints the current settings as JSON."
        ),
    )
    p.add_argument("dir", help="the case folder")
    p.add_argument("--stop-requested", metavar="TIME", help="when you asked them to stop, e.g. '2026-11-20 09:30' "
                   "('' to forget it)")
    p.add_argument("--stop-to", metavar="NAME", help="whom you asked (a respondent's name or number; '' for all)")
    p.add_argument("--stop-basis", metavar="TEXT", help="what shows it, e.g. '电话录音，证据5'")
    p.add_argument("--jurisdiction", choices=("CN", "TW", "HK", ""),
                   help="where the case is (rules and currency; empty: where your phone number is, else mainland China)")
    p.add_argument("--rules", metavar="ID", help="a built-in rule set: cn-cba-2026, tw-fsc, hk-hkma ('' for the "
                   "jurisdiction's); a rules.toml in the case folder always wins")
    p.add_argument("--address", help="your address, for complaints that ask for it")
    p.add_argument("--id-type", help="your ID document type (身份证, 國民身分證, 香港身份證…)")
    p.add_argument("--id-number", help="your ID number (kept in the case; never in a redacted bundle)")
    p.add_argument("--respondent-address", action="append", default=[], metavar="NAME=ADDRESS",
                   help="a respondent's address (repeatable)")
    p.add_argument("--lender", action="append", default=None, metavar="NAME",
                   help="a respondent that lent the money (repeatable; the others collect for it)")
    p.add_argument("--question", action="append", default=None, metavar="TEXT",
                   help="a question for the lawyer (repeatable; replaces the list)")
    p.add_argument("--negotiation", help="what passed between you and the respondent so far")
    p.add_argument("--respondent-number", action="append", default=[], metavar="NAME=NUMBER[,NUMBER]",
                   help="a number you know is a respondent's own, e.g. '鼎诚资产=021 8000 1234' (repeatable): its "
                   "messages and calls are that respondent's, whatever their wording says")
    p.add_argument("--no-respondent-number", action="append", default=[], metavar="NAME=NUMBER[,NUMBER]",
                   help="take a number away from a respondent (repeatable)")
    p.set_defaults(func=cmd_settings)


def cmd_findings(args: argparse.Namespace) -> int:
    """Print the case's findings (text or JSON)."""
    from evidencekit.core.analysis.casework import analyse_case
    from evidencekit.core.analysis.findings.model import CAVEAT

    with open_case(args.dir, readonly=True) as case:
        lang = args.lang or case.meta.language
        a = analyse_case(case)
        found = a.findings
    rs = a.ruleset
    if args.json:
        print(json.dumps({
            "ruleset": {"id": rs.id, "jurisdiction": rs.jurisdiction, "date": rs.date, "title": rs.title,
                        "origin": rs.origin},
            "caveat": CAVEAT, "contacts": a.figures.total, "findings": [f.to_dict() for f in found],
        }, ensure_ascii=False, indent=2))
        return int(ExitCode.OK)
    print(f"{rs.title.get(lang, rs.id)} ({rs.id}, {rs.jurisdiction}, {rs.date})")
    print(CAVEAT.get(lang, CAVEAT["en"]))
    if not found:
        print({"zh-Hans": "按该规则集未发现可能违规之处。", "zh-Hant": "按該規則集未發現可能違規之處。",
               "en": "Nothing found against this rule set."}.get(lang, "Nothing found."))
    say = strings(lang, rs.jurisdiction)  # in the words of the rule set's region, as the bundle
    for n, f in enumerate(found, 1):
        ex = ", ".join(f.exhibits)
        print(f"\n{n}. {say('finding.tag.' + f.certainty.value)} {f.title.get(lang, f.rule_id)} — "
              f"{f.statement.get(lang, '')}  [{ex}]")
        about = finding_about(say, f)
        if about:
            print(f"     {say('findings_respondent')}{'：' if say.is_cjk else ': '}{about}")
        for e in f.evidence[:12]:
            words = quoted_words(say, e)
            print(f"     {evidence_place(say, e.ref)}  {evidence_time(say, e)}  {channel_name(say, e.channel)}"
                  + (f"  {words}" if words else ""))
        if len(f.evidence) > 12:
            print(f"     {say('finding.more', n=len(f.evidence) - 12)}")
        why = certainty_reasons(say, f)
        if why:
            print(f"     {say('finding.reasons', reasons=say('finding.reason_sep').join(why))}")
    return int(ExitCode.OK)


def _sender_asked(case: Case, settings: CaseSettings, asked: str, option: str) -> str:
    """The sender or respondent ``asked`` names, as the case names it (by name, part of it or a
    number, as ``draft --respondent`` finds it); a usage error listing those the case knows when
    it fits none or several, or only a respondent that sent nothing the case holds (a request to
    stop made to it would concern no contact: nothing would be counted after it)."""
    from evidencekit.core.analysis.casework import analyse
    from evidencekit.core.analysis.contacts import Direction
    from evidencekit.core.documents.fromcase import case_exhibits, find_respondent, sender_of, senders

    a = analyse(case_exhibits(case), case.meta, replace(settings, stop_requested_at="", stop_to=""),
                case_folder=case.path)
    try:
        found = find_respondent(a, asked)
    except UsageError as e:
        raise UsageError(f"{option}: " + str(e).replace(f"--respondent {asked!r} ", "it ")) from None
    sent = {sender_of(c) for c in a.contacts if c.direction is Direction.IN}
    if found.key not in sent:
        known = "; ".join(x.label() for x in senders(a) if x.key in sent) or "none"
        raise UsageError(f"{option}: no contact of this case is from {found.label()} (senders: {known}); "
                         f"give the number or sender the request went to")
    return found.key


def cmd_settings(args: argparse.Namespace) -> int:
    """Change the case's settings from the options given; print them."""
    from evidencekit.core.analysis.case_settings import read_settings, save_settings
    from evidencekit.core.analysis.findings import load_ruleset

    changes: dict[str, Any] = {}  # CaseSettings field -> new value
    for opt, key in (("stop_requested", "stop_requested_at"), ("stop_to", "stop_to"), ("stop_basis", "stop_basis"),
                     ("jurisdiction", "jurisdiction"), ("rules", "ruleset"), ("address", "claimant_address"),
                     ("id_type", "claimant_id_type"), ("id_number", "claimant_id_number"),
                     ("negotiation", "negotiation")):
        v = getattr(args, opt)
        if v is not None:
            changes[key] = v.strip()
    if args.lender is not None:
        changes["lenders"] = tuple(x.strip() for x in args.lender if x.strip())
    if args.question is not None:
        changes["questions"] = tuple(x.strip() for x in args.question if x.strip())
    if changes.get("ruleset"):
        load_ruleset(str(changes["ruleset"]))  # an unknown id is a usage error now, not at export
    numbers = args.respondent_number or args.no_respondent_number
    with open_case(args.dir, readonly=not (changes or args.respondent_address or numbers)) as case:
        st = read_settings(case)
        if numbers:
            _respondent_numbers(case, args.respondent_number, args.no_respondent_number)
        if args.respondent_address:
            addresses = dict(st.respondent_addresses)
            for pair in args.respondent_address:
                name, sep, address = pair.partition("=")
                if not sep or not name.strip():
                    raise UsageError(f"--respondent-address takes NAME=ADDRESS, not {pair!r}")
                addresses[name.strip()] = address.strip()
            changes["respondent_addresses"] = addresses
        if changes.get("stop_to"):
            changes["stop_to"] = _sender_asked(case, st, str(changes["stop_to"]), "--stop-to")
        if changes:
            st = replace(st, **changes)
            save_settings(case, st)
            print("saved", file=sys.stderr)
        respondents = [{"name": r.name, "numbers": list(r.numbers)} for r in case.meta.respondents]
    print(json.dumps({**st.to_json(), "respondents": respondents}, ensure_ascii=False, indent=2))
    return int(ExitCode.OK)


def _respondent_numbers(case: Case, add: list[str], remove: list[str]) -> None:
    """Add and take away the numbers the person says are a respondent's (``NAME=NUMBER,…``)."""
    from evidencekit.core.analysis.parties import given_numbers, with_numbers

    respondents = case.meta.respondents
    for pairs, option, adding in ((add, "--respondent-number", True), (remove, "--no-respondent-number", False)):
        for pair in pairs:
            name, sep, nums = pair.partition("=")
            if not sep or not name.strip() or not given_numbers(nums):
                raise UsageError(f"{option} takes NAME=NUMBER[,NUMBER], not {pair!r}")
            try:
                respondents = with_numbers(respondents, name, **{"add" if adding else "remove": [nums]})
            except ValueError as e:
                raise UsageError(f"{option}: {e}") from None
    if respondents != case.meta.respondents:
        case.update_meta(respondents=respondents)
