"""evidencekit draft --respondent (by name, part of it or a number; an unknown one an error naming
those the case knows) and the PDF, a document, not fitted to the web form's limit."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest

from tests.cli.test_findings_cmd import case_dir, run
from tests.core.analysis import casefixture

__all__ = ["case_dir"]  # the fixture, used by name


def test_the_respondent_by_name_part_or_number(case_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    for asked in ("95566", "恒信", "恒信消费金融有限公司"):
        code, out, _ = run(capsys, "draft", str(case_dir), "--to", "12378", "--respondent", asked, "--fresh")
        assert code == 0
        assert f"被投诉机构：{casefixture.LENDER}" in out and "本投诉仅涉及一件事项：恒信消费金融有限公司的催收行为" in out
        assert "【请填写：事实经过】" not in out and "证据3" in out
    code, out, _ = run(capsys, "draft", str(case_dir), "--to", "12321-sms", "--respondent", "17088880001")
    assert out == f"17088880001*{casefixture.E2[0][2]}\n"  # its most serious message
    code, out, err = run(capsys, "draft", str(case_dir), "--to", "12378", "--respondent", "安逸花")
    assert code == 2 and out == ""
    assert "安逸花" in err and casefixture.LENDER in err and casefixture.COLLECTOR in err and "95566" in err


def test_a_pdf_is_not_cut_to_the_forms_limit(case_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, text, err = run(capsys, "draft", str(case_dir), "--to", "12315", "--lang", "en")
    assert code == 0 and "shortened to fit" in err and "How to submit" not in text and len(text) <= 1000
    code, out, err = run(capsys, "draft", str(case_dir), "--to", "12315", "--lang", "en", "--format", "pdf",
                         "--out", str(tmp_path))
    assert code == 0 and "shortened" not in err
    pdf = subprocess.run(["pdftotext", out.strip(), "-"], capture_output=True, text=True, check=True).stdout
    assert "How to submit" in pdf
    assert len(re.sub(r"\s", "", pdf)) > len(re.sub(r"\s", "", text))


def test_a_saved_edit_is_only_for_the_respondent_it_was_written_about(
        case_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from evidencekit.cli.common import open_case
    from evidencekit.core.documents.fromcase import draft_for_case
    from evidencekit.core.documents.saved import save_draft, saved_draft

    with open_case(str(case_dir)) as case:
        written = draft_for_case(case, "12378", "zh-Hans", use_saved=False)
        assert written.respondent == casefixture.COLLECTOR  # the one most findings are about alone
        save_draft(case, "12378", "zh-Hans", "我改过的投诉稿", based_on=written.text, respondent=written.respondent)
        saved = saved_draft(case, "12378", "zh-Hans")
        assert saved is not None and saved.respondent == casefixture.COLLECTOR
    # the default respondent, and the same one asked for by number: the edit
    for extra in ((), ("--respondent", "17088880001")):
        code, out, err = run(capsys, "draft", str(case_dir), "--to", "12378", *extra)
        assert code == 0 and out == "我改过的投诉稿\n" and "your saved edit" in err  # its line ended on stdout
    # another respondent: written from the case, and the person is told why their edit is not it
    code, out, err = run(capsys, "draft", str(case_dir), "--to", "12378", "--respondent", "95566")
    assert code == 0 and "我改过的投诉稿" not in out and f"被投诉机构：{casefixture.LENDER}" in out
    assert f"is of the complaint about {casefixture.COLLECTOR}" in err


def test_the_person_is_told_whom_a_draft_is_about(case_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "draft", str(case_dir), "--to", "12378")
    assert code == 0 and f"about: {casefixture.COLLECTOR} (chosen as" in err
    code, _, err = run(capsys, "draft", str(case_dir), "--to", "12378", "--respondent", "95566")
    assert code == 0 and "about:" not in err  # asked for: nothing to say


def test_an_edit_kept_before_respondents_were_recorded_is_the_default_ones(
        case_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Such an edit was of the complaint about the one chosen by default: it is that one's, asked
    for or not (the app asks by name once the person chose), and never another's."""
    from evidencekit.cli.common import open_case
    from evidencekit.core.documents.saved import save_draft

    with open_case(str(case_dir)) as case:
        save_draft(case, "12378", "zh-Hans", "我以前改过的投诉稿")  # no respondent recorded
    for extra in ((), ("--respondent", "17088880001")):
        code, out, _ = run(capsys, "draft", str(case_dir), "--to", "12378", *extra)
        assert code == 0 and out == "我以前改过的投诉稿\n"
    code, out, _ = run(capsys, "draft", str(case_dir), "--to", "12378", "--respondent", "95566")
    assert code == 0 and "我以前改过的投诉稿" not in out
