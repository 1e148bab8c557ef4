"""``evidencekit draft``'s notes on stderr: each on a line of its own, ending in a newline, however
many there are and whatever is printed on stdout (review 2, item 14: "…point at itto fill in: …")."""

from __future__ import annotations

from pathlib import Path

import pytest

from evidencekit.cli.draft_cmd import _notes
from tests.cli.test_findings_cmd import case_dir, run

__all__ = ["case_dir"]  # the fixture, used by name

NO_BUNDLE = "no signed bundle yet: run 'evidencekit export' so the draft can point at it"


def test_every_note_is_a_line_of_its_own(capsys: pytest.CaptureFixture[str]) -> None:
    _notes(("收到时间", "联系地址"), "quotes 2–5", True, True, False)
    err = capsys.readouterr().err
    assert err.endswith("\n")
    assert err.splitlines() == [
        "your saved edit of this draft (--fresh writes it anew from the case)",
        "to fill in: 收到时间, 联系地址",
        "shortened to fit the channel's limit: quotes 2–5",
        NO_BUNDLE,
    ]


@pytest.mark.parametrize("fmt", ["txt", "pdf", "docx"])
def test_the_notes_of_a_draft_with_no_bundle(case_dir: Path, tmp_path: Path, fmt: str,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    out_args = [] if fmt == "txt" else ["--out", str(tmp_path)]
    code, out, err = run(capsys, "draft", str(case_dir), "--to", "12315", "--lang", "en", "--format", fmt, *out_args)
    assert code == 0 and out.endswith("\n")
    assert err.endswith(NO_BUNDLE + "\n")
    lines = err.splitlines()
    assert NO_BUNDLE in lines and any(line.startswith("to fill in: ") for line in lines)
    for line in lines:  # no note runs into another
        assert line.count("to fill in") <= 1 and (line == NO_BUNDLE or "point at it" not in line)
    # two drafts one after the other: their notes, run together, are still whole lines
    _, _, err2 = run(capsys, "draft", str(case_dir), "--to", "12321", "--lang", "en")
    assert "point at itto" not in err + err2


def test_an_edit_saved_without_a_final_newline_ends_its_line(case_dir: Path,
                                                             capsys: pytest.CaptureFixture[str]) -> None:
    """In a terminal stdout and stderr share the screen: the first note must not run on from the text."""
    from evidencekit.cli.common import open_case
    from evidencekit.core.documents.fromcase import draft_for_case
    from evidencekit.core.documents.saved import save_draft

    with open_case(str(case_dir)) as case:
        written = draft_for_case(case, "12321", "zh-Hans", use_saved=False)
        save_draft(case, "12321", "zh-Hans", "我改过的举报稿", based_on=written.text, respondent=written.respondent)
    code, out, err = run(capsys, "draft", str(case_dir), "--to", "12321")
    assert code == 0 and out == "我改过的举报稿\n"
    screen = (out + err).splitlines()
    assert screen[0] == "我改过的举报稿" and screen[1].startswith("your saved edit of this draft")


def test_a_desk_of_another_region_than_the_case_s_is_said(case_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "draft", str(case_dir), "--to", "12378")
    assert code == 0 and "is a desk in" not in err  # the case is not set to a region: nothing to say
    assert run(capsys, "settings", str(case_dir), "--jurisdiction", "HK")[0] == 0
    code, _, err = run(capsys, "draft", str(case_dir), "--to", "12378")
    assert code == 0 and "12378 is a desk in CN, but the case is set to HK" in err
    code, _, err = run(capsys, "draft", str(case_dir), "--to", "hkma")
    assert code == 0 and "is a desk in" not in err
    code, _, err = run(capsys, "draft", str(case_dir), "--to", "lender")  # any region's
    assert code == 0 and "is a desk in" not in err
