"""Reviews 5 and 6: Hong Kong words (zh-Hant and en), the Code of Banking Practice said not to bind a
licensed money lender, quotes read off screenshots marked machine-read, a file or screenshot time in
one zone in the evidence list and the chronology, the custody log's field names in words."""

from __future__ import annotations

import re
import subprocess
from dataclasses import replace
from pathlib import Path
from types import SimpleNamespace
from typing import cast

import pytest

from evidencekit.core.analysis.case_settings import CaseSettings
from evidencekit.core.analysis.findings.ruleset import load_ruleset
from evidencekit.core.export.bundle import export_bundle
from evidencekit.core.export.formed import case_offset
from evidencekit.core.export.model import BundleInput, ExhibitInput, ExportOptions
from evidencekit.core.export.pdf.formatting import formed, item_time
from evidencekit.core.export.pdf.input import LayoutInput
from evidencekit.core.export.pdf.sections.custody import _entry_note
from evidencekit.core.export.scope import not_binding
from evidencekit.core.export.strings import strings
from evidencekit.core.media.model import ExportFacts, ItemMedia
from evidencekit.core.models import EngineInfo, LogEntry, Message, OcrResult
from evidencekit.core.vault import actions
from tests.core.analysis import casefixture
from tests.core.export.fixtures import NOW, constructed_case_input
from tests.core.export.test_summary import SAMPLES, item

TAIWAN = ("軟體", "電子簽章", "國家機關", "開放原始碼", "憑證", "使用者", "螢幕", "點選", "身分", "電子郵件", "迴紋針")


def _flat(pdf: Path, *pages: int) -> str:
    args = ["pdftotext"] + (["-f", str(pages[0]), "-l", str(pages[1])] if pages else []) + [str(pdf), "-"]
    return re.sub(r"\s", "", subprocess.run(args, capture_output=True, text=True, check=True).stdout)


# ------------------------------------------------------------------ 1, 2: Hong Kong's words


def test_hong_kong_zh_hant_has_no_taiwan_words() -> None:
    hk = strings("zh-Hant", "HK")
    keys = [k for k in hk._t if not k.startswith("@")]
    said = {w: [k for k in keys if w in hk(k) and "{" not in w] for w in TAIWAN}
    assert {w: ks for w, ks in said.items() if ks} == {}
    assert "軟件" in hk("guide.pdf.open") and "數碼簽署" in hk("guide.pdf.open")
    assert "數碼簽署" in hk("cover_note") and "證書" in hk("guide.fp_note") and "電郵" in hk("guide.fp_note")
    assert hk("label.impersonation") == "冒充司法或政府部門"
    assert "開放源碼" in "".join(hk(k) for k in keys)


@pytest.mark.parametrize("region", ["TW", ""])
def test_taiwan_and_mainland_zh_hant_keep_their_words(region: str) -> None:
    s = strings("zh-Hant", region)
    assert "軟體" in s("guide.pdf.open") and "電子簽章" in s("guide.pdf.open")
    assert s("label.impersonation") == "冒充司法或國家機關"
    assert "以截圖為準" in s("findings_ocr", refs="證據3")


def test_hong_kong_english_names_the_consumer_council() -> None:
    assert strings("en", "HK")("purpose.consumer_association") == "Complaint to the Consumer Council"
    assert strings("en")("purpose.consumer_association") == "Complaint to a consumer association"
    assert "state bod" not in strings("en", "HK")("label.impersonation")


# ------------------------------------------------------------------ 3: the Code and a money lender


@pytest.mark.parametrize(("lang", "words"), [
    ("zh-Hant", ("不約束《放債人條例》（第163章）下的持牌放債人", "富信財務有限公司為持牌放債人", "僅作參考")),
    ("en", ("does not bind money lenders licensed under the Money Lenders Ordinance (Cap. 163)",
            "富信財務有限公司 is a licensed money lender", "for reference only")),
])
def test_the_code_is_said_not_to_bind_a_licensed_money_lender(lang: str, words: tuple[str, ...]) -> None:
    rs = load_ruleset("hk-hkma")
    [nb] = not_binding(rs, ("富信財務有限公司",), lang, ["【富信財務】…放債人牌照號碼：0123/2026"])
    assert all(w in nb.intro for w in words)
    assert "163" in nb.short
    # without a licence number in the messages: said as a condition
    [maybe] = not_binding(rs, ("富信財務有限公司",), lang, ["請還款"])
    assert ("如為持牌放債人" if lang == "zh-Hant" else "If 富信財務有限公司 is a licensed") in maybe.intro


def test_a_bank_or_another_rule_set_gets_no_such_note() -> None:
    assert not_binding(load_ruleset("hk-hkma"), ("南洋商業銀行",), "zh-Hant", ()) == []
    assert not_binding(load_ruleset("hk-hkma"), (), "zh-Hant", ()) == []
    assert not_binding(load_ruleset("cn-cba-2026"), ("恒信消费金融有限公司",), "zh-Hans", ()) == []


# ------------------------------------------------------------------ 3, 4: in the bundle


@pytest.fixture(scope="module")
def hk_input(tmp_path_factory: pytest.TempPathFactory) -> BundleInput:
    """The constructed case's screenshots, as a Hong Kong case whose lender is a money lender."""
    settings = CaseSettings(jurisdiction="HK", lenders=(casefixture.LENDER,))
    return replace(constructed_case_input(tmp_path_factory.mktemp("hk")), settings=settings,
                   ruleset=load_ruleset("hk-hkma"))


def test_hk_findings_say_the_code_is_for_reference_and_mark_ocr_quotes(hk_input: BundleInput, tmp_path: Path) -> None:
    res = export_bundle(hk_input, tmp_path / "b.pdf", ExportOptions(now=NOW, language="zh-Hant", attach=False))
    flat = _flat(res.pdf_path)
    assert "不約束《放債人條例》（第163章）下的持牌放債人" in flat
    assert f"{casefixture.LENDER}如為持牌放債人" in flat
    assert "（《守則》不約束持牌放債人（第163章），僅作參考）" in flat
    # every quote here was read off a screenshot: said in the intro, per finding and on the exhibit page
    # (Hong Kong says 文字識別 where Taiwan says 文字辨識)
    assert "取自截圖的引文由文字識別讀出" in flat
    assert "截圖引文：證據2第1則" in flat and "（文字識別，以截圖為準）" in flat
    assert "以下文字由文字識別讀出（文字識別，以截圖為準）。" in flat
    assert not any(w in flat for w in ("軟體", "電子簽章", "國家機關"))


def test_a_corrected_message_is_no_longer_machine_read(hk_input: BundleInput) -> None:
    from evidencekit.core.export.pdf.sections.findings import machine_read

    ex = hk_input.exhibits[1]
    fixed = replace(hk_input, exhibits=(hk_input.exhibits[0], replace(ex, corrected=frozenset({0})),
                                        *hk_input.exhibits[2:]))
    read = machine_read(fixed.exhibits)
    assert ("2", 0) not in read and ("2", 1) in read


# ------------------------------------------------------------------ 5: one zone for a file or screenshot time


def _undated_shot(name: str, mtime: str) -> ExhibitInput:
    msg = Message("你这种老赖，明天就去你公司找你领导。", side="in")
    ocr = OcrResult("a" * 64, EngineInfo("e", "1", "ch"), "zh-Hans", msg.text, "", (msg,))
    it = item(name, file_mtime=mtime, import_offset="+00:00")  # imported on a computer set to UTC
    return ExhibitInput(number="4", item=it, original=SAMPLES / "IMG_4471.PNG", ocr=ocr)


def _sms_export() -> ExhibitInput:
    it = item("sms-20261122224500.xml", kind="export", mime="text/xml")
    return ExhibitInput(number="1", item=it, original=SAMPLES / "sms.xml",
                        media=ItemMedia("export", facts=ExportFacts("smsbackup-sms", offset="+08:00")))


def test_case_offset_is_the_exports() -> None:
    assert case_offset([_undated_shot("a.png", "2026-11-22T12:08:30Z"), _sms_export()]) == "+08:00"
    assert case_offset([_undated_shot("a.png", "2026-11-22T12:08:30Z")]) == ""


def test_an_undated_screenshot_is_shown_at_its_taking_in_one_zone() -> None:
    ex = _undated_shot("IMG_20261122_200830.png", "2026-11-22T12:08:30Z")
    s = strings("zh-Hans")
    # the evidence list and the chronology: the same moment, the same zone, labelled
    assert formed(s, ex, short=True, offset="+08:00") == "2026-11-22 20:08 UTC+08:00（截图时间，依据文件名；消息日期不详）"
    assert item_time(s, ex, "+08:00") == "2026-11-22 20:08 UTC+08:00（截图时间）"
    assert "消息日期不详" in formed(strings("zh-Hans"), ex)


def test_a_file_time_only_is_in_the_phones_zone_not_the_computers() -> None:
    ex = _undated_shot("photo.png", "2026-11-22T12:08:30Z")
    s = strings("zh-Hans")
    assert formed(s, ex, offset="+08:00") == "不详（仅有文件时间 2026-11-22 20:08 UTC+08:00，可能是复制时间）"
    assert item_time(s, ex, "+08:00") == "时间不详（文件时间 2026-11-22 20:08 UTC+08:00）"
    # no export to say the phone's zone: the importing computer's, named
    assert formed(s, ex) == "不详（仅有文件时间 2026-11-22 12:08 UTC+00:00，可能是复制时间）"


# ------------------------------------------------------------------ 6: the custody log in words


def _entry(old: str, new: str) -> LogEntry:
    details = actions.encode(actions.AnnotationChanged(changes={"received_by": actions.Change(old, new)}))
    return LogEntry(1, "2026-11-28T06:40:00Z", "me@laptop", "annotation_changed", 1, None, details, "", "h" * 64)


@pytest.mark.parametrize(("lang", "want"), [
    ("zh-Hans", "接收人：（空） → 本人"),
    ("zh-Hant", "接收人：（空） → 本人"),
    ("en", "received by: (empty) → the claimant"),
])
def test_custody_says_received_by_in_words(lang: str, want: str) -> None:
    li = cast(LayoutInput, SimpleNamespace(s=strings(lang)))  # the note reads the strings only
    assert _entry_note(li, _entry("", "self")) == want
    assert "received_by" not in _entry_note(li, _entry("", "母亲 (13600002222)"))
    assert _entry_note(li, _entry("", "母亲 (13600002222)")).endswith("母亲 (13600002222)")


def test_the_paid_purpose_strings_exist_for_summary() -> None:
    for lang in ("zh-Hans", "zh-Hant", "en"):
        s = strings(lang)
        assert s("sum.proves.paid_on_settled", date="2026-11-18", amount="3,860.00元") != "sum.proves.paid_on_settled"
    assert strings("zh-Hans")("sum.proves.paid_settled") == "证明本人已还款、对方确认结清"
