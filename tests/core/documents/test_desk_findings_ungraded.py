"""A complaint to a desk gives its findings without a grade (a handler reads "[高]" as the
complainant grading their own complaint, review 3 item 14): a sure finding as it is, one that is
not sure marked "to be confirmed" with why; the lawyer's brief keeps each finding's grade."""

from __future__ import annotations

from evidencekit.core.analysis.findings import CaseFacts, find_findings, load_ruleset
from evidencekit.core.documents.render import finding_line
from tests.core.analysis.test_findings import TIMELINE


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
