"""A complaint to a desk gives its findings without a grade (a handler reads "[高]" as the
complainant grading their own complaint, review 3 item 14): a sure finding as it is, one that is
not sure marked "to be confirmed" with why; the lawyer's brief keeps each finding's grade."""

from __future__ import annotations

from evidencekit.core.analysis.findings import CaseFacts, find_findings, load_ruleset
from evidencekit.core.documents.render import finding_line
from tests.core.analysis.test_findings import TIMELINE, sms


def test_a_desk_reads_no_grade_and_an_unsure_finding_says_so() -> None:
    found = find_findings(TIMELINE, CaseFacts(claimant_name="李明"), load_ruleset("cn-cba-2026"))
    sure = next(f for f in found if f.certainty.value == "high")
    unsure = next(f for f in found if f.certainty.value != "high")
    for lang, mark, bare in (("zh-Hans", "（尚待核实：", "（尚待核实）"), ("zh-Hant", "（尚待核實：", "（尚待核實）"),
                             ("en", " (to be confirmed: ", " (to be confirmed)")):
        assert finding_line(sure, lang, graded=False) == sure.text(lang)
        line = finding_line(unsure, lang, graded=False)
        assert line.startswith(unsure.text(lang) + mark) and unsure.certainty_reason and "[" not in line[:2]
        assert finding_line(unsure, lang, why=False, graded=False) == unsure.text(lang) + bare
    assert finding_line(sure, "zh-Hans").startswith("[高] ")  # the brief's (and the app's) grade


def test_why_a_finding_is_unsure_is_said_in_the_cases_regions_words() -> None:
    # a credit-record warning that may be lawful: Hong Kong reports to a credit reference agency
    # (信貸資料), not to Taiwan's or the mainland's 徵信
    notice = sms("1", 0, "2026-11-20T09:00:00", "【恒信消费金融】李明您好，您的借款已逾期，逾期未还将上报征信，影响您的个人信用记录。")
    found = find_findings([notice], CaseFacts(claimant_name="李明"), load_ruleset("cn-cba-2026"))
    lawful = [f for f in found if "may be lawful" in f.certainty_reason]
    assert lawful, [f.certainty_reason for f in found]
    line = finding_line(lawful[0], "zh-Hant", graded=False, region="HK")
    assert "信貸資料" in line and "徵信" not in line
    assert "徵信" in finding_line(lawful[0], "zh-Hant", graded=False, region="TW")
