"""A case analysed once: its contacts, the reading of each message, the figures the cover states
and the findings, all from the same contacts, so that the cover, the findings, the chronology
and the drafts cannot disagree.

Made from the exhibits (the vault's ``Exhibit`` or the bundle's ``ExhibitInput``), the case's
description, its settings and, when the case holds a call log, its calls (:class:`CallRecord`
rows from the media readers). :func:`analyse_case` does it for an open case, :func:`findings`
returns just the findings.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

from evidencekit.core.analysis.amounts import AmountEntry
from evidencekit.core.analysis.case_contacts import (
    CallRecord, MessageRecord, attribute_by_number, call_contacts, exhibit_contacts, record_contacts, sides_read,
)
from evidencekit.core.analysis.case_settings import CaseSettings, in_effect, read_settings
from evidencekit.core.analysis.chronology import Dated
from evidencekit.core.analysis.classify import Reading
from evidencekit.core.analysis.contacts import Channel, Contact
from evidencekit.core.analysis.figures import CaseFigures, NightWindow, as_received, case_figures, third_party_phone
from evidencekit.core.analysis.findings import (
    CaseFacts, Certainty, Finding, RuleSet, RuleSetError, find_findings, ruleset_for_case, stop_request, unreduced_findings,
)
from evidencekit.core.analysis.findings.engine import contacts_after_stop, stop_requests
from evidencekit.core.analysis.addressing import claimant_forms
from evidencekit.core.analysis.labels import read_contacts
from evidencekit.core.models import CaseMeta

if TYPE_CHECKING:
    from evidencekit.core.vault.case import Case


def counted_apart(findings: Sequence[Finding]) -> tuple[list[Finding], list[Finding]]:
    """The findings a count holds, and those said apart after it: the ones the findings
    themselves rate low (a lender's routine "to avoid further action", a notice that may be
    lawful). A document never calls those threats outright: the drafts' count of a rule's
    findings and the cover's count of messages with threats both leave them out and say them
    apart ("另有1条把握程度低")."""
    sure = [f for f in findings if f.certainty is not Certainty.LOW]
    return sure, [f for f in findings if f.certainty is Certainty.LOW]


def night_window(ruleset: RuleSet) -> NightWindow:
    """The quiet hours of a rule set's quiet-hours rule (22:00–08:00 when it has none)."""
    for rule in ruleset.rules:
        if rule.check == "quiet_hours":
            try:
                start = dt.time.fromisoformat(str(rule.param("start", "22:00")))
                end = dt.time.fromisoformat(str(rule.param("end", "08:00")))
            except ValueError:
                break
            return NightWindow(start, end)
    return NightWindow()


@dataclass(frozen=True)
class CaseAnalysis:
    """A case's contacts, readings, figures and findings.

    Attributes:
        meta: the case's description.
        settings: the person's facts of the case.
        ruleset: the rule set the findings check.
        contacts: every contact (messages of the exhibits, recordings, calls).
        readings: the reading of each message, by index in ``contacts``.
    """

    meta: CaseMeta
    settings: CaseSettings
    ruleset: RuleSet
    contacts: tuple[Contact, ...]
    readings: Mapping[int, Reading] = field(default_factory=dict)

    @property
    def jurisdiction(self) -> str:
        return (self.settings.jurisdiction or self.ruleset.jurisdiction or "CN").upper()

    @property
    def facts(self) -> CaseFacts:
        stop = self.settings.stop_time
        return CaseFacts(self.meta.claimant_name, stop, self.settings.stop_basis if stop else "",
                         self.settings.stop_to if stop else "")

    @cached_property
    def stop(self) -> tuple[dt.datetime, str] | None:
        """When the person asked them to stop and what says so (the setting, or their own message)."""
        return stop_request(self.contacts, self.facts)

    @cached_property
    def stops(self) -> tuple[tuple[dt.datetime, str, str], ...]:
        """Every request to stop, earliest first (the person may have asked each sender in turn):
        (time, what says so, whom it went to)."""
        return tuple(stop_requests(self.contacts, self.facts))

    @cached_property
    def findings(self) -> tuple[Finding, ...]:
        """The findings, in the order of the set's rules: those of the contacts and messages, and
        those the figures answer (a sum demanded again unchanged after a payment)."""
        from_figures = unreduced_findings(self.contacts, self.figures.demanded, self.ruleset)
        order = {r.id: k for k, r in enumerate(self.ruleset.rules)}
        return tuple(sorted((*self._contact_findings, *from_figures), key=lambda f: order.get(f.rule_id, len(order))))

    @cached_property
    def _contact_findings(self) -> tuple[Finding, ...]:
        """The findings of the contacts and messages alone (what the figures' threat counts rest on)."""
        return tuple(find_findings(self.contacts, self.facts, self.ruleset, readings=dict(self.readings)))

    @cached_property
    def figures(self) -> CaseFigures:
        return case_figures(self.contacts, self.readings, night=night_window(self.ruleset),
                            stop=self.stop[0] if self.stop else None,
                            after_stop=contacts_after_stop(self.contacts, self.facts, every_request=False), respondents=self.meta.respondents,
                            jurisdiction=self.jurisdiction, lenders=self.settings.lenders,
                            stop_to=self.facts.stop_to, low_threats=self.low_threats)

    @cached_property
    def low_threats(self) -> frozenset[int]:
        """The messages (indexes in ``contacts``) whose every threat finding is rated low (a
        lender's routine "please settle today to avoid further action", a notice that may be
        lawful): the cover does not count them as threats but says them apart, as the drafts do
        (:func:`counted_apart`). A message with no threat finding (a rule set without a rule for
        its kind) is not one of them."""
        threat_rules = {r.id for r in self.ruleset.rules if r.check == "label"
                        and any(str(lab).startswith("threat") for lab in r.param("labels", []))}
        at = {c.source.ref(): i for i, c in enumerate(self.contacts)}
        held: dict[int, list[Finding]] = {}
        for f in self._contact_findings:
            # a label finding's first evidence is the message itself (then any record it cites)
            if f.rule_id in threat_rules and f.evidence and (i := at.get(f.evidence[0].ref)) is not None:
                held.setdefault(i, []).append(f)
        return frozenset(i for i, fs in held.items() if not counted_apart(fs)[0])

    def reading_at(self, exhibit: str, message_index: int | None) -> Reading | None:
        """The reading of message ``message_index`` of ``exhibit`` (also when a later screenshot
        shows it again: then the first exhibit's contact holds it)."""
        for i, c in enumerate(self.contacts):
            if c.source.message_index == message_index and c.source.exhibit == exhibit:
                return self.readings.get(i)
        return None

    def reading_of(self, e: AmountEntry) -> Reading | None:
        """The reading of the message an amount was found in (an export's rows share one exhibit
        and have no message index: the amount's own contact says which row)."""
        if e.contact is not None:
            return self.readings.get(e.contact)
        return self.reading_at(e.exhibit, e.message_index)

    def messages_of(self, exhibit: str) -> list[tuple[Contact, Reading | None]]:
        """The message contacts an exhibit shows (first shown there or again), in order."""
        return [(c, self.readings.get(i)) for i, c in enumerate(self.contacts)
                if c.channel is not Channel.CALL and (c.source.exhibit == exhibit or exhibit in c.extra.get("also", ()))]


def analyse(exhibits: Sequence[Dated], meta: CaseMeta, settings: CaseSettings | None = None, *,
            case_folder: Path | None = None, ruleset: RuleSet | None = None,
            calls: Iterable[CallRecord] = (), messages: Iterable[MessageRecord] = ()) -> CaseAnalysis:
    """Analyse a case from its exhibits.

    Args:
        exhibits: in exhibit order, their readings with the user's corrections.
        meta: the case's description (claimant, respondents).
        settings: the person's facts (stop date, rule set, jurisdiction).
        case_folder: where the case's own ``rules.toml`` may be.
        ruleset: the rule set, when already chosen (else from ``case_folder`` and ``settings``).
        calls: the calls of the case's call logs, when there are any.
        messages: the messages of the case's SMS or chat exports, when there are any.

    Returns:
        The :class:`CaseAnalysis` (figures and findings computed when first asked for).

    Raises:
        RuleSetError: the case's rule set cannot be used.
    """
    settings = in_effect(settings or CaseSettings(), meta.claimant_phone)
    ruleset = ruleset or ruleset_for_case(case_folder, settings.ruleset or None, settings.jurisdiction)
    from evidencekit.core.analysis.media_contacts import media_contacts, merge_corroborated

    # exports, call logs, recordings and emails read at import are contacts too, each contact once
    contacts = merge_corroborated(
        exhibit_contacts(exhibits, meta.respondents) + call_contacts(calls, meta.respondents)
        + record_contacts(messages, meta.respondents) + media_contacts(exhibits, meta), exhibits)
    # a message whose side was not shown is the person's own when it reads as their reply; a
    # collector that names itself in one message from a number made the other contacts from it
    contacts = received_on(attribute_by_number(sides_read(contacts, meta.respondents)), exhibits)
    return CaseAnalysis(meta, settings, ruleset, tuple(contacts), received_readings(
        contacts, read_contacts(contacts, claimant_forms(meta)), exhibits))


def received_on(contacts: Sequence[Contact], exhibits: Sequence[Dated]) -> list[Contact]:
    """The contacts, each of an item received on a third party's phone carrying whom it was
    received by as the person said it (``extra["received_by"]``: "黄小姐 (同事)"), for a finding
    to name whom the disclosure reached when the message does not greet them."""
    by_item = {ex.item.id: ex.item.received_by for ex in exhibits if third_party_phone(ex.item.received_by)}
    return [replace(c, extra={**c.extra, "received_by": by_item[c.source.item_id]})
            if c.source.item_id in by_item else c for c in contacts]


def received_readings(contacts: Sequence[Contact], readings: Mapping[int, Reading],
                      exhibits: Sequence[Dated]) -> dict[int, Reading]:
    """The readings with whose phone each message was received on (its item's ``received_by``,
    :func:`~.figures.as_received`): whether it reached a third party is that fact, not its wording.
    A contact of no item of ``exhibits`` (a record given alone) is read from its words."""
    by_item = {ex.item.id: ex.item.received_by for ex in exhibits}
    out = {}
    for i, r in readings.items():
        item = contacts[i].source.item_id
        out[i] = r if item not in by_item else as_received(r, by_item[item])
    return out


def analyse_case(case: Case, *, calls: Iterable[CallRecord] = ()) -> CaseAnalysis:
    """:func:`analyse` for an open case (its exhibits with corrections, its settings).

    Raises:
        RuleSetError: the case's rule set cannot be used.
    """
    return analyse(case.exhibits_with_text(), case.meta, read_settings(case), case_folder=case.path, calls=calls)


def case_night(case: Case) -> NightWindow:
    """The quiet hours of an open case's rule set (what its bundle and its findings count by);
    the guideline's when the rule set cannot be used (the findings say why)."""
    settings = in_effect(read_settings(case), case.meta.claimant_phone)
    try:
        return night_window(ruleset_for_case(case.path, settings.ruleset or None, settings.jurisdiction))
    except RuleSetError:
        return NightWindow()


def findings(case: Case) -> list[Finding]:
    """The findings of an open case: possible breaches of its rule set, each with its exhibits,
    exact words and times, and how sure it is.

    Raises:
        RuleSetError: the case's rule set cannot be used.
    """
    return list(analyse_case(case).findings)
