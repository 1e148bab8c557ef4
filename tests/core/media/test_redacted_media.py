"""A redacted bundle masks what was read out of exports, recordings, emails and documents: numbers,
and a third party's exported messages, once, in the bundle's input."""

from __future__ import annotations

import datetime as dt
import re
import subprocess
from pathlib import Path

from evidencekit.core.export.bundle import export_case
from evidencekit.core.export.model import ExportOptions, gather
from evidencekit.core.export.redaction import redact_bundle, redactor_for
from evidencekit.core.media.model import Segment
from evidencekit.core.models import CaseMeta, Respondent
from evidencekit.core.vault.case import Case
from tests.core.media.conftest import needs_ffmpeg, tone
from tests.core.media.test_exports import T0, backup, sms
from tests.core.media.test_mixed_case import _pdf

pytestmark = needs_ffmpeg

FRIEND = "13987654321"  # a third party: the person's friend
ID = "110101199003074518"
CARD = "6228480129375516273"


def _case(tmp_path: Path) -> Path:
    d = tmp_path / "drop"
    d.mkdir()
    backup(d / "sms.xml", sms("13812345678", T0, 1, f"您已逾期，请还款到卡{CARD}，否则联系{FRIEND}"),
           sms(FRIEND, T0 + dt.timedelta(minutes=1), 1, "周末一起吃饭吗"),
           sms(FRIEND, T0 + dt.timedelta(minutes=2), 2, "好的，我借了钱还没还"))
    tone(d / "13812345678_20261120224500.m4a", 2.0, ["-c:a", "aac"])
    _pdf(d / "statement.pdf", f"Account {CARD} holder ID {ID}")
    path = tmp_path / "case"
    with Case.create(path, CaseMeta("脱敏", "张三", "13800138000", (Respondent("某某金融", ("13812345678",)),))) as case:
        out = {Path(o.path).name: o.item_id for o in case.import_paths([d])}
        rec = out["13812345678_20261120224500.m4a"]
        assert rec is not None
        case.media.save_transcript(rec, [Segment(0, 2, f"你的身份证{ID}我们都有，你朋友{FRIEND}也会知道", "催收员")])
    return path


def test_the_input_is_masked_once(tmp_path: Path) -> None:
    path = _case(tmp_path)
    with Case.open(path, readonly=True) as case:
        inp = gather(case)
    red = redact_bundle(inp, redactor_for(inp))
    flat = repr(red.exhibits)
    for secret in (FRIEND, ID, CARD, "周末一起吃饭吗", "我借了钱还没还"):
        assert secret not in flat, secret
    export = next(ex.media for ex in red.exhibits if ex.media is not None and ex.media.records)
    rows = {r.row: r for r in export.records}
    assert rows[0].number == "13812345678" and "您已逾期" in rows[0].text  # the case's own, masked inside
    assert rows[1].text == "" and rows[1].extra["withheld"] and rows[1].number != FRIEND


def test_the_redacted_bundle_shows_no_third_party(tmp_path: Path) -> None:
    path = _case(tmp_path)
    with Case.open(path) as case:
        res = export_case(case, tmp_path / "r.pdf", ExportOptions(language="zh-Hans", redact=True, make_zip=True))
    text = subprocess.run(["pdftotext", str(res.pdf_path), "-"], capture_output=True, text=True, check=True).stdout
    flat = re.sub(r"\s", "", text)
    for secret in (FRIEND, ID, CARD, "周末一起吃饭吗", "我借了钱还没还"):
        assert secret not in flat, secret
    assert "您已逾期" in flat and "13812345678" in flat and "我们都有" in flat
