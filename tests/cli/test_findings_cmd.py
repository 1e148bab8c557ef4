"""evidencekit findings, settings and draft on a case built from a constructed timeline."""

from __future__ import annotations

import json
import re
import subprocess
from dataclasses import replace
from pathlib import Path

import docx
import pytest

from evidencekit.cli.main import main
from evidencekit.core.models import CaseMeta
from evidencekit.core.vault.case import Case
from tests.conftest import make_clock, make_png
from tests.core.analysis import casefixture


@pytest.fixture
def case_dir(tmp_path: Path) -> Path:
    """The constructed case's readings stored on imported screenshots."""
    src = tmp_path / "src"
    ours = casefixture.exhibits()
    files = [make_png(src / ex.item.original_name, color=(30 * i, 20, 20)) for i, ex in enumerate(ours, 1)]
    path = tmp_path / "case"
    meta = replace(casefixture.META, language="zh-Hans")
    with Case.create(path, CaseMeta(meta.title, meta.claimant_name, meta.claimant_phone, meta.respondents),
                     clock=make_clock()) as case:
        ids = [o.item_id for o in case.import_paths(files)]
        for item_id, ex in zip(ids, ours, strict=True):
            assert item_id is not None and ex.ocr is not None
            case.store_ocr(item_id, replace(ex.ocr, sha256=case.item(item_id).sha256), cache_key="t")
    return path


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out = capsys.readouterr()
    return code, out.out, out.err


def test_findings_as_json_and_text(case_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "findings", str(case_dir), "--json")
    assert code == 0
    data = json.loads(out)
    assert data["ruleset"]["id"] == "cn-cba-2026"
    assert data["caveat"]["zh-Hans"] == "可能违规——需由专业人士判断"
    rules = [f["rule"] for f in data["findings"]]
    # no EXIF in these imported copies: the file names still date exhibits 1 and 3 ("今天" on exhibits 2,
    # 4 and 5 rests on nothing sure, so their contacts are listed, not counted: no night, no burst)
    assert rules == ["third-party-disclosure", "third-party-disclosure", "threats",
                     "threats", "threats", "threats", "misdirected", "after-stop"]
    misdirected = data["findings"][6]
    assert misdirected["exhibits"] == ["3"] and misdirected["evidence"][0]["ref"] == "3#0"
    assert misdirected["evidence"][0]["text"] == casefixture.E3[0][2]
    code, out, _ = run(capsys, "findings", str(case_dir), "--lang", "en")
    assert code == 0
    assert "Possible breach — for a professional to assess" in out
    assert "[HIGH] Collection notices sent to someone who is not the debtor" in out


def test_settings_change_the_findings(case_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "settings", str(case_dir), "--stop-requested", "2026-11-20 09:00",
                         "--stop-basis", "电话", "--jurisdiction", "CN", "--address", "成都市某路1号",
                         "--respondent-address", f"{casefixture.COLLECTOR}=深圳市某大厦", "--question", "能否索赔？")
    assert code == 0 and "saved" in err
    saved = json.loads(out)
    assert saved["stop_requested_at"] == "2026-11-20 09:00" and saved["questions"] == ["能否索赔？"]
    code, out, _ = run(capsys, "findings", str(case_dir), "--json")
    after = [f for f in json.loads(out)["findings"] if f["rule"] == "after-stop"][0]
    assert after["facts"]["stop"] == "2026-11-20 09:00" and after["facts"]["basis"] == "电话"
    with pytest.raises(SystemExit) as e:
        main(["settings", str(case_dir), "--jurisdiction", "JP"])
    assert e.value.code == 2
    assert run(capsys, "settings", str(case_dir), "--stop-requested", "上周三")[0] == 2
    assert run(capsys, "settings", str(case_dir), "--rules", "no-such-set")[0] == 2
    assert run(capsys, "settings", str(case_dir), "--respondent-address", "no equals sign")[0] == 2
    # whom the request went to: found as --respondent finds it (part of a name, a number), kept as
    # the case names them; one the case does not know is an error naming those it does
    code, out, _ = run(capsys, "settings", str(case_dir), "--stop-to", "恒信")
    assert code == 0 and json.loads(out)["stop_to"] == casefixture.LENDER
    code, out, _ = run(capsys, "findings", str(case_dir), "--json")
    assert {f["sender"] for f in json.loads(out)["findings"] if f["rule"] == "after-stop"} == {casefixture.LENDER}
    code, out, err = run(capsys, "settings", str(case_dir), "--stop-to", "安逸花")
    assert code == 2 and "--stop-to:" in err and "'安逸花'" in err and casefixture.COLLECTOR in err
    assert json.loads(run(capsys, "settings", str(case_dir))[1])["stop_to"] == casefixture.LENDER  # unchanged


def test_draft_in_every_format(case_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    run(capsys, "settings", str(case_dir), "--address", "成都市某路1号")
    code, out, err = run(capsys, "draft", str(case_dir), "--to", "12315")
    assert code == 0
    assert out.startswith("致全国12315平台（市场监督管理部门）的投诉书")
    assert "联系地址：成都市某路1号" in out and "【请填写：被投诉方地址】" in out
    assert "尚未生成签名证据包" in out  # no export yet
    assert "to fill in: 被投诉方地址" in err and "no signed bundle yet" in err
    # after an export the draft carries that bundle's fingerprint
    code, out, _ = run(capsys, "export", str(case_dir), "--out", str(tmp_path))
    assert code == 0
    with Case.open(case_dir, readonly=True) as case:
        fp = [e.details["fingerprint"] for e in case.log_entries() if e.action == "export_made"][-1]
    code, out, _ = run(capsys, "draft", str(case_dir), "--to", "cca", "--format", "pdf", "--out", str(tmp_path))
    assert code == 0
    pdf = Path(out.strip())
    assert pdf.name == "draft-consumer_association-zh-Hans.pdf"
    text = re.sub(r"\s", "", subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True).stdout)
    assert f"证据包指纹（SHA-256）：{fp}" in text and "致消费者协会的投诉书" in text
    code, out, _ = run(capsys, "draft", str(case_dir), "--to", "lawyer", "--format", "docx", "--lang", "en",
                       "--out", str(tmp_path / "brief.docx"))
    assert code == 0
    d = docx.Document(out.strip())
    assert d.paragraphs[0].text.startswith("Brief for a lawyer consultation")
    assert d.core_properties.keywords == f"bundle-sha256:{fp}"
    # an existing file is not replaced without --force; an unknown channel is a usage error
    assert run(capsys, "draft", str(case_dir), "--to", "lawyer", "--format", "docx", "--out",
               str(tmp_path / "brief.docx"))[0] == 2
    assert run(capsys, "draft", str(case_dir), "--to", "nobody")[0] == 2
    code, out, _ = run(capsys, "draft", str(case_dir), "--to", "12321-sms")
    # the collector's number and its most serious message (the threat to call the person's mother), unedited (源号码*全文)
    assert out == f"17088880001*{casefixture.E2[0][2]}\n"


def test_export_with_a_draft_section(case_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "export", str(case_dir), "--out", str(tmp_path), "--draft", "cca", "--no-attach")
    assert code == 0
    text = re.sub(r"\s", "", subprocess.run(["pdftotext", out.splitlines()[0], "-"], capture_output=True,
                                            text=True).stdout)
    assert "投诉及咨询文书草稿" in text and "可能违规之处（需由专业人士判断）" in text
    assert run(capsys, "export", str(case_dir), "--out", str(tmp_path), "--mask-names")[0] == 2
    assert run(capsys, "export", str(case_dir), "--out", str(tmp_path), "--draft", "nobody")[0] == 2


def test_findings_text_in_the_readers_language(case_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """No English channel or level in a Chinese listing; zh-Hant quotes in 「」 as its other text;
    the quoted words exactly the message's; the JSON numbers messages from 1 beside its ref."""
    code, out, _ = run(capsys, "findings", str(case_dir), "--lang", "zh-Hant")
    assert code == 0
    rows = [ln for ln in out.splitlines() if ln.startswith("     證據")]
    assert rows and all(" sms " not in ln and " call " not in ln for ln in rows)
    assert any("  簡訊  「" in ln for ln in rows)
    assert "“" not in out and "”" not in out and "[HIGH]" not in out and "[高]" in out
    code, out, _ = run(capsys, "findings", str(case_dir), "--lang", "zh-Hans")
    assert "  短信  “" in out and " sms " not in out and "[高]" in out
    texts = {m[2] for ex in (casefixture.E1, casefixture.E2, casefixture.E3, casefixture.E4, casefixture.E5) for m in ex}
    # (a time note quotes the stamp the screen shows, "按…推算“今天 23:05”": not the message's words)
    for quoted in re.findall(r"(?<!推算)“([^”]*)”", "\n".join(ln for ln in out.splitlines() if ln.startswith("     证据"))):
        assert any(quoted in t for t in texts), quoted
    code, out, _ = run(capsys, "findings", str(case_dir), "--json")
    evidence = [e for f in json.loads(out)["findings"] for e in f["evidence"]]
    assert evidence and all(e["message_no"] == int(e["ref"].split("#")[1]) + 1 for e in evidence if "#" in e["ref"])
    assert all(all(q in e["text"] for q in e["quotes"]) for e in evidence)
