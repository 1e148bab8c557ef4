"""settings --stop-to naming a respondent the case holds nothing from: an error naming the senders
it does hold, not a request that silently concerns no contact."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest

from evidencekit.cli.main import main
from evidencekit.core.models import CaseMeta, Respondent
from evidencekit.core.vault.case import Case
from tests.conftest import make_clock, make_png
from tests.core.analysis import casefixture

SILENT = "鼎诚资产管理有限公司"  # named at `new`, never wrote or called


@pytest.fixture
def case_dir(tmp_path: Path) -> Path:
    ours = casefixture.exhibits()
    files = [make_png(tmp_path / "src" / ex.item.original_name, color=(30 * i, 20, 20)) for i, ex in enumerate(ours, 1)]
    meta = casefixture.META
    path = tmp_path / "case"
    with Case.create(path, CaseMeta(meta.title, meta.claimant_name, meta.claimant_phone,
                                    (*meta.respondents, Respondent(SILENT))), clock=make_clock()) as case:
        ids = [o.item_id for o in case.import_paths(files)]
        for item_id, ex in zip(ids, ours, strict=True):
            assert item_id is not None and ex.ocr is not None
            case.store_ocr(item_id, replace(ex.ocr, sha256=case.item(item_id).sha256), cache_key="t")
    return path


def test_a_respondent_that_sent_nothing_is_an_error_listing_the_senders(case_dir: Path,
                                                                       capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["settings", str(case_dir), "--stop-to", "鼎诚"]) == 2
    err = capsys.readouterr().err
    assert "--stop-to: no contact of this case is from 鼎诚资产管理有限公司" in err
    assert casefixture.COLLECTOR in err and casefixture.LENDER in err
    assert json.loads((main(["settings", str(case_dir)]), capsys.readouterr().out)[1])["stop_to"] == ""  # unchanged
    # one that did write is taken as the case names it
    assert main(["settings", str(case_dir), "--stop-to", "融达"]) == 0
    assert json.loads(capsys.readouterr().out)["stop_to"] == casefixture.COLLECTOR
