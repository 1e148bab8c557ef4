"""A draft written from a case holds what the case's SMS and call-log exports show, as the bundle
and ``findings`` do (review 3, item 1: the drafts counted screenshots only)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from evidencekit.core.documents.fromcase import draft_for_case
from evidencekit.core.models import CaseMeta, Respondent
from evidencekit.core.vault.case import Case
from tests.core.media.test_exports import T0, backup, sms

THREAT = "你不接电话是吧？明天我们就去你公司找你领导"


def test_a_draft_quotes_and_counts_an_exports_messages(tmp_path: Path) -> None:
    drop = tmp_path / "drop"
    drop.mkdir()
    backup(drop / "sms-20261121.xml",
           sms("17123456789", T0, 1, "您已逾期，请今天还款"),  # 22:41 in China
           sms("17123456789", T0 + dt.timedelta(minutes=30), 1, THREAT),
           sms("17123456789", T0 + dt.timedelta(hours=12), 1, "再不还款就上门"))
    case = Case.create(tmp_path / "case", CaseMeta("催收", "张伟", respondents=(Respondent("众安金融", ()),)))
    out = case.import_paths([drop])
    assert [o.status for o in out] == ["imported"]
    d = draft_for_case(case, "12378", "zh-Hans", date="2026-12-01", fit=False)
    assert "17123456789" in d.text and THREAT in d.text
    assert "共联系本人3次" in d.text and d.findings >= 2  # two at night, the threat to go to the employer
    assert d.exhibits_cited == ("1",)
