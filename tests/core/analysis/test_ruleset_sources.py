"""The Hong Kong and Taiwan rule sets cite, for each rule, a source that supports it: no law cited
twice under two names, bursts only on EvidenceKit's own aid, no data-protection opt-out for
collection, no threshold from unnamed summaries."""

from __future__ import annotations

import re

import pytest

from evidencekit.core.analysis.findings import CaseFacts, find_findings, load_ruleset
from tests.core.analysis.test_findings import TIMELINE

SETS = ("hk-hkma", "tw-fsc")


def _document(title: str) -> str:
    """The document a citation names, without its section or note ("Crimes Ordinance (Cap. 200)")."""
    return re.split(r"[,，]|\bs\. |第\d", title)[0].strip()


@pytest.mark.parametrize("rid", SETS)
def test_no_rule_cites_one_document_twice(rid: str) -> None:
    rs = load_ruleset(rid)
    for r in rs.rules:
        docs = [_document(rs.source_title(s)["en"]) for s in r.sources]
        assert len(docs) == len(set(docs)), (r.id, docs)


@pytest.mark.parametrize("rid", SETS)
def test_bursts_rest_on_the_evidencekit_aid_alone(rid: str) -> None:
    rs = load_ruleset(rid)
    bursts = next(r for r in rs.rules if r.id == "bursts")
    assert [rs.source_title(s)["en"] for s in bursts.sources] == ["EvidenceKit reading aid"]


@pytest.mark.parametrize("rid", SETS)
def test_contact_after_a_stop_request_does_not_rest_on_a_data_protection_law(rid: str) -> None:
    # the opt-out of the data-protection laws (PDPO s. 35G, 個資法 §20 II–III) is about marketing
    rs = load_ruleset(rid)
    after = next(r for r in rs.rules if r.id == "after-stop")
    for s in after.sources:
        en = rs.source_title(s)["en"]
        assert "Personal Data" not in en and "Privacy" not in en, en


@pytest.mark.parametrize("rid", SETS)
def test_every_value_and_alternative_names_its_source_and_every_source_is_used(rid: str) -> None:
    rs = load_ruleset(rid)
    used = {s for r in rs.rules for s in r.sources}
    used |= {p.source for r in rs.rules for p in r.params.values()}
    for r in rs.rules:
        for p in r.params.values():
            for _value, src in p.alternatives:
                used.add(src)
                assert not re.match(r"Secondary|Some summaries", rs.source_title(src)["en"]), (r.id, src)
    assert used == set(rs.sources)


def test_hong_kong_findings_cite_criminal_intimidation_once_and_not_for_bursts() -> None:
    found = find_findings(TIMELINE, CaseFacts(claimant_name="李明"), load_ruleset("hk-hkma"))
    by_rule = {f.rule_id: list(f.cited("en")) for f in found}
    assert by_rule["bursts"] == ["EvidenceKit reading aid"]
    assert by_rule["threats"] == [
        "Code of Banking Practice (Hong Kong Association of Banks and DTC Association, endorsed by the HKMA), "
        "December 2021 edition, debt collection provisions (section number to be checked)",
        "Crimes Ordinance (Cap. 200), s. 24 (criminal intimidation)"]
    assert by_rule["third-party-disclosure"][1] == (
        "Personal Data (Privacy) Ordinance (Cap. 486), Schedule 1, Data Protection Principle 3 (use of personal data)")
    night = found[0]
    assert night.rule_id == "quiet-hours"
    # the hours are this rule set's reading of "unreasonable hours", said as such
    assert night.params["start"][0] == "22:00"
    assert night.params["start"][1]["en"].startswith("EvidenceKit reading of the Code's")


def test_taiwan_findings_name_the_documents_and_say_the_point_is_to_be_checked() -> None:
    found = find_findings(TIMELINE, CaseFacts(claimant_name="李明"), load_ruleset("tw-fsc"))
    night = next(f for f in found if f.rule_id == "quiet-hours")
    assert list(night.cited("zh-Hant")) == ["銀行公會「金融機構辦理應收債權催收作業委外處理要點」，催收時間之規定（點次待核對）"]
    threats = next(f for f in found if f.rule_id == "threats")
    assert threats.cited("zh-Hant")[1] == "刑法第305條（恐嚇危害安全罪）"
    assert len(threats.cited("zh-Hant")) == 2
