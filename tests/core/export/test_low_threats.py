"""A lender's routine "please settle today to avoid further action" is a threat finding rated low:
the cover's count of messages with threats leaves it out and says it apart, as the drafts' count
of the threats rule does, from one decision (casework.counted_apart)."""

from __future__ import annotations

from dataclasses import replace

import pytest

from evidencekit.core.analysis.case_settings import CaseSettings
from evidencekit.core.analysis.casework import counted_apart
from evidencekit.core.documents.render import rule_count
from evidencekit.core.export.model import BundleInput
from evidencekit.core.export.strings import strings
from evidencekit.core.export.summary import analysis_of, case_summary
from evidencekit.core.models import CaseMeta, Respondent
from tests.core.analysis.casefixture import _exhibit

META = CaseMeta(title="Fortune Credit", claimant_name="陳嘉欣", claimant_other_names=("Karen Chan", "CHAN Ka Yan"),
                claimant_phone="61234567", respondents=(Respondent("Fortune Credit"), Respondent("Swift Recovery")))
MSGS = [
    ("11月23日 22:47", "in", "陳嘉欣小姐，你欠富通財務HK$48,600已經逾期，今晚唔覆就聽朝上你公司搵你老細。"),
    ("11月24日 09:10", "in", "Ignore us again and our field team will come to Harbour Logistics tomorrow at 10am."),
]
# (the reader holds such a warning a threat where it says the account is overdue, as the labelling
# mostly does; without that, mostly not)
ROUTINE = [("11月26日 10:00", "in",
            "[Fortune Credit] Dear Ms CHAN Ka Yan, your account FC-88213 is overdue. Please settle HK$48,600.00 "
            "today to avoid further action.")]


def _bundle() -> BundleInput:
    exhibits = (_exhibit(1, "IMG_2041.PNG", "+852 5432 1098", MSGS, exif="2026:11:24 10:00:00"),
                _exhibit(2, "IMG_2042.PNG", "Fortune Credit", ROUTINE, exif="2026:11:26 10:05:00"))
    return BundleInput(meta=META, exhibits=exhibits, log=(), identity=None,  # type: ignore[arg-type]
                       settings=CaseSettings(jurisdiction="HK"))


@pytest.mark.parametrize(("lang", "line", "kind"), [
    ("zh-Hans", "含威胁内容的消息：2 条（证据1）（另有1条把握程度低，需核实）", "其他威胁：1 条（证据2）（把握程度低，需核实）"),
    ("zh-Hant", "含威脅內容的訊息：2 則（證據1）（另有1則把握程度低，需核實）", "其他威脅：1 則（證據2）（把握程度低，需核實）"),
    ("en", "Messages with threats: 2 messages (exhibit 1) (and 1 more of low certainty)",
     "Other threat: 1 message (exhibit 2) (low certainty)"),
])
def test_the_cover_counts_threats_as_the_drafts_do(lang: str, line: str, kind: str) -> None:
    b = _bundle()
    a = analysis_of(b)
    threats = [f for f in a.findings if f.rule_id == "threats"]
    sure, low = counted_apart(threats)
    assert (len(sure), len(low)) == (2, 1) and low[0].exhibits == ("2",)
    texts = [ln.text for ln in case_summary(b, strings(lang)).lines]
    assert texts[0] == line
    assert kind in texts
    # the drafts' count of the same rule says the same
    assert rule_count(threats, lang) == {"zh-Hans": "2条消息（另有1条把握程度低，需核实）",
                                         "zh-Hant": "2則訊息（另有1則把握程度低，需核實）",
                                         "en": "2 messages (and 1 more of low certainty)"}[lang]
    # and a sender's row counts no threat of its routine warning
    assert {r.name: r.threats for r in a.figures.respondents}["Fortune Credit"] == 0


def test_only_a_routine_warning_is_said_as_low_and_not_flagged() -> None:
    b = _bundle()
    b = replace(b, exhibits=b.exhibits[1:])
    (first,) = [ln for ln in case_summary(b, strings("en")).lines if ln.key == "threats"]
    assert first.text == "Messages with threats: 1 message (exhibit 2) (low certainty)" and not first.alert
