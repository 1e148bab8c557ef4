"""Cases and bundles made before the structure redesign still open, read and verify."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from evidencekit.core.verify import verify_path
from evidencekit.core.vault.case import Case

LEGACY = Path(__file__).parent / "fixtures" / "legacy-300e1e3"


@pytest.fixture
def legacy_case(tmp_path: Path) -> Path:
    dst = tmp_path / "case"
    shutil.copytree(LEGACY / "case", dst)
    for sub in ("tmp", "exports"):  # git keeps no empty folders
        (dst / sub).mkdir(exist_ok=True)
    for obj in (dst / "objects").rglob("*"):
        if obj.is_file():
            os.chmod(obj, 0o444)  # as the vault left them; git keeps only 644/755
    return dst


def test_legacy_case_verifies(legacy_case: Path) -> None:
    report = verify_path(legacy_case)
    assert report.ok, [(c.name, c.subject, c.detail) for c in report.problems]


def test_legacy_case_reads_as_it_was_made(legacy_case: Path) -> None:
    with Case.open(legacy_case, readonly=True) as case:
        numbered = [(no, it.original_name) for no, it in case.exhibits()]
        assert numbered == [
            ("1", "call-2026-11-20.m4a"),
            ("2-1", "ios-light-hans-reminder.png"),
            ("2-2", "android-light-hans-missent.png"),
        ]
        items = {it.id: it for it in case.items(include_withdrawn=True)}
        assert items[4].withdrawn and items[4].withdrawn_reason == "重复"
        assert items[1].title == "催收短信截图" and items[1].proves == "证明对方多次催收"
        ocr = case.ocr_result(1)
        assert ocr is not None and len(ocr.messages) == 3
        fixes = case.corrections(1)
        assert fixes[0] == ocr.messages[0].text + "（更正）"
        assert case.meta.title == "某某金融催收（旧格式样例）"


def test_legacy_case_opens_for_writing_and_still_verifies(legacy_case: Path) -> None:
    with Case.open(legacy_case) as case:  # runs any migration the index needs
        case.update_item(2, title="误发的逾期通知")
    report = verify_path(legacy_case)
    assert report.ok, [(c.name, c.subject, c.detail) for c in report.problems]


@pytest.mark.parametrize("name", ["bundle.pdf", "bundle.zip"])
def test_legacy_bundle_verifies(name: str, tmp_path: Path) -> None:
    copy = tmp_path / name
    shutil.copyfile(LEGACY / name, copy)
    report = verify_path(copy)
    assert report.ok, [(c.name, c.subject, c.detail) for c in report.problems]
    assert len(report.checks) >= 8
