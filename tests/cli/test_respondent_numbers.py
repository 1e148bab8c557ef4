"""A respondent's own numbers, given by the person: ``new --respondent NAME=NUMBER,…`` and
``settings --respondent-number`` / ``--no-respondent-number``. A number given for a respondent is
its own: that number's messages and calls are counted as that respondent's, over any wording."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest

from evidencekit.cli.main import main
from evidencekit.core.analysis.casework import analyse_case
from evidencekit.core.vault.case import Case
from tests.conftest import make_png
from tests.core.analysis import casefixture


def _case(tmp_path: Path, *respondents: str) -> Path:
    path = tmp_path / "case"
    args = ["new", str(path), "--title", "t", "--claimant", casefixture.CLAIMANT]
    for r in respondents:
        args += ["--respondent", r]
    assert main(args) == 0
    ours = casefixture.exhibits()
    files = [make_png(tmp_path / "src" / ex.item.original_name, color=(30 * i, 20, 20)) for i, ex in enumerate(ours, 1)]
    with Case.open(path) as case:
        ids = [o.item_id for o in case.import_paths(files)]
        for item_id, ex in zip(ids, ours, strict=True):
            assert item_id is not None and ex.ocr is not None
            case.store_ocr(item_id, replace(ex.ocr, sha256=case.item(item_id).sha256), cache_key="t")
    return path


def _sender_of_exhibit_3(path: Path) -> set[str]:
    with Case.open(path, readonly=True) as case:
        a = analyse_case(case)
    return {c.respondent for c in a.contacts if c.source.exhibit == "3"}


def test_new_takes_a_respondents_numbers_written_as_people_write_them(tmp_path: Path) -> None:
    path = _case(tmp_path, f"{casefixture.LENDER}=95566", f"{casefixture.COLLECTOR}=170 8888 0001, +86 170-8888-0002")
    with Case.open(path, readonly=True) as case:
        assert [(r.name, r.numbers) for r in case.meta.respondents] == [
            (casefixture.LENDER, ("95566",)), (casefixture.COLLECTOR, ("17088880001", "17088880002"))]


def test_a_number_the_person_gives_wins_over_the_signature(tmp_path: Path,
                                                           capsys: pytest.CaptureFixture[str]) -> None:
    path = _case(tmp_path, f"{casefixture.LENDER}=95566", casefixture.COLLECTOR)
    # exhibit 3 comes from 1069012345678 and signs 【恒信消费金融】: read as the lender's
    assert _sender_of_exhibit_3(path) == {casefixture.LENDER}
    capsys.readouterr()
    assert main(["settings", str(path), "--respondent-number", "融达=106 9012 345678"]) == 0
    shown = json.loads(capsys.readouterr().out)["respondents"]
    assert shown[1] == {"name": casefixture.COLLECTOR, "numbers": ["1069012345678"]}
    assert _sender_of_exhibit_3(path) == {casefixture.COLLECTOR}
    # taken away again, however written
    assert main(["settings", str(path), "--no-respondent-number", f"{casefixture.COLLECTOR}=1069012345678"]) == 0
    assert _sender_of_exhibit_3(path) == {casefixture.LENDER}


def test_a_number_for_a_respondent_the_case_does_not_have_is_an_error(tmp_path: Path,
                                                                      capsys: pytest.CaptureFixture[str]) -> None:
    path = _case(tmp_path, casefixture.LENDER)
    assert main(["settings", str(path), "--respondent-number", "鼎诚资产=02180001234"]) == 2
    assert f"no respondent '鼎诚资产' in this case (respondents: {casefixture.LENDER})" in capsys.readouterr().err
    assert main(["settings", str(path), "--respondent-number", "鼎诚资产"]) == 2
