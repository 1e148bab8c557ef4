"""A Hong Kong case with a colleague's forwarded screenshot: what the disclosure finding and the
count of contacts become with whose phone it was received on not said (the wording decides, as
before the fact existed), said to be the claimant's own, or said to be the colleague's."""

from __future__ import annotations

from dataclasses import replace

import pytest

from evidencekit.core.analysis.casework import CaseAnalysis, analyse
from evidencekit.core.analysis.figures import DISCLOSED, OWN_PHONE, message_label_names, told_others
from evidencekit.core.export.model import ExhibitInput
from evidencekit.core.models import CaseMeta, Respondent
from tests.core.analysis.casefixture import _exhibit

META = CaseMeta(title="Fortune Credit", claimant_name="陳嘉欣", claimant_other_names=("Karen Chan",),
                claimant_phone="61234567", respondents=(Respondent("Fortune Credit"), Respondent("Swift Recovery")))
OWN = [
    ("11月23日 22:47", "in", "陳嘉欣小姐，你欠富通財務HK$48,600已經逾期，今晚唔覆就聽朝上你公司搵你老細。"),
    ("11月24日 09:10", "in", "Ms Chan, we know you work at Harbour Logistics in Kwun Tong."),
]
# the colleague's phone, forwarded on WhatsApp: worded to her
TOLD = [("11月24日 11:05", "in", "Hi Ms Wong，你同事陳嘉欣欠我哋客戶富通財務HK$48,600一直唔還，麻煩你叫佢盡快還錢。")]
# a notice naming nobody's relation: whose phone it was on says who was told
PLAIN = [("11月24日 11:05", "in", "【富通財務】閣下貸款HK$48,600已逾期，請盡快還款，以免採取進一步行動。")]


def _analyse(msgs: list[tuple[str, str, str]], received_by: str) -> tuple[CaseAnalysis, int]:
    own = _exhibit(1, "IMG_2041.PNG", "+852 5432 1098", OWN, exif="2026:11:24 10:00:00")
    fwd = _exhibit(2, "IMG-20261124-WA0003.jpg", "+852 5432 1098", msgs, exif="2026:11:24 11:06:00")
    fwd = replace(fwd, item=replace(fwd.item, received_by=received_by))
    exhibits: tuple[ExhibitInput, ...] = (own, fwd)
    a = analyse(exhibits, META)
    (i,) = [i for i, c in enumerate(a.contacts) if c.source.exhibit == "2"]
    return a, i


def _disclosed(a: CaseAnalysis) -> bool:
    return any(f.rule_id == "third-party-disclosure" and "2" in f.exhibits and f.facts.get("disclosed")
               for f in a.findings)


def test_without_the_fact_the_message_to_the_colleague_is_the_disclosure_its_words_show() -> None:
    a, i = _analyse(TOLD, "")
    assert told_others(a.readings[i]) and DISCLOSED in message_label_names(a.readings[i])
    assert _disclosed(a)
    assert a.figures.total == 2  # the two on her own phone; the colleague's copy is no contact


@pytest.mark.parametrize("own", [OWN_PHONE])
def test_on_her_own_phone_it_is_a_contact_received_not_a_disclosure(own: str) -> None:
    a, i = _analyse(TOLD, own)
    assert not told_others(a.readings[i])
    assert not _disclosed(a)
    assert a.figures.total == 3


def test_a_notice_naming_no_relation_on_the_colleagues_phone_is_a_disclosure() -> None:
    mine, i = _analyse(PLAIN, "")
    assert not told_others(mine.readings[i]) and mine.figures.total == 3
    a, i = _analyse(PLAIN, "黄小姐 (同事)")
    assert told_others(a.readings[i]) and _disclosed(a)
    assert a.figures.total == 2
