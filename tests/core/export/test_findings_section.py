"""The bundle's findings and drafts sections, read back with pdftotext; a redacted bundle keeps the
respondents' numbers and masks third parties' numbers (and, when asked, their names)."""

from __future__ import annotations

import re
import subprocess
from dataclasses import replace
from pathlib import Path

import pytest

from evidencekit.core.export.bundle import export_bundle
from evidencekit.core.export.findingwords import evidence_place
from evidencekit.core.export.model import BundleInput, ExportOptions
from evidencekit.core.export.strings import strings
from evidencekit.core.export.verify_bundle import verify_bundle
from evidencekit.errors import UsageError
from tests.core.analysis import casefixture
from tests.core.export.fixtures import NOW, constructed_case_input


def _flat(pdf: Path, *pages: int) -> str:
    args = ["pdftotext"] + (["-f", str(pages[0]), "-l", str(pages[1])] if pages else []) + [str(pdf), "-"]
    return re.sub(r"\s", "", subprocess.run(args, capture_output=True, text=True, check=True).stdout)


@pytest.fixture(scope="module")
def case_input(tmp_path_factory: pytest.TempPathFactory) -> BundleInput:
    """The constructed case's readings on real screenshot files (their digests are what is signed)."""
    return constructed_case_input(tmp_path_factory.mktemp("case"))


def test_findings_and_drafts_sections(case_input: BundleInput, tmp_path: Path) -> None:
    res = export_bundle(case_input, tmp_path / "b.pdf", ExportOptions(now=NOW, drafts=("cca", "lawyer")))
    flat = _flat(res.pdf_path)
    assert "可能违规之处（需由专业人士判断）" in flat
    assert "按规则集“中国银行业协会个人消费贷款催收工作指引" in flat
    # each finding: its title and statement, its contacts by exhibit and message, the exact words
    assert "1.夜间催收联系" in flat and "2026-11-21夜间至11-22凌晨：5次联系在22:00至次日08:00之间（23:05、23:15、23:25、23:40、23:55）" in flat
    # counted from 1, as a reader counts the messages on the exhibit page; no raw "#0" reference
    assert "证据2第1条" in flat and "证据3第1条" in flat and "#0" not in flat
    assert "依据：中国银行业协会《个人消费贷款催收工作指引》" in flat
    for _label, _side, text in casefixture.E2:
        assert re.sub(r"\s", "", text) in flat
    assert "2026-11-2123:05（按截图EXIF时间2026-11-2123:59推算“今天23:05”）" in flat  # the basis shown, as findings say it
    assert "把握程度：中（其中5次的时间由相对时间推算（截图EXIF时间2026-11-2123:59））" in flat
    # the drafts, pointing at this very bundle
    assert "投诉及咨询文书草稿" in flat and "1.消费者协会" in flat and "2.律师咨询简报" in flat
    assert f"证据包指纹（SHA-256）：{res.fingerprint}" in flat
    assert verify_bundle(res.pdf_path).ok


def test_drafts_in_the_bundle_are_documents_not_cut_to_a_forms_limit(case_input: BundleInput,
                                                                      tmp_path: Path) -> None:
    from evidencekit.core.analysis.casework import analyse
    from evidencekit.core.analysis.case_settings import CaseSettings
    from evidencekit.core.documents import render
    from evidencekit.core.documents.fromcase import draft_input

    data = draft_input(analyse(case_input.exhibits, case_input.meta, CaseSettings()), case_input.exhibits,
                       "12321", "zh-Hans")
    fitted, whole = render("12321", data, "zh-Hans"), render("12321", data, "zh-Hans", fit=False)
    assert fitted.shortened and len(whole.text) > fitted.limit  # the web form's box would cut it
    res = export_bundle(case_input, tmp_path / "b.pdf", ExportOptions(now=NOW, drafts=("12321",)))
    flat = _flat(res.pdf_path)
    dropped = [ln for ln in whole.text.splitlines() if ln.strip() and ln not in fitted.text.splitlines()]
    assert dropped and all(re.sub(r"\s", "", ln) in flat for ln in dropped)


def test_the_cover_says_what_the_case_holds(case_input: BundleInput, tmp_path: Path) -> None:
    res = export_bundle(case_input, tmp_path / "b.pdf", ExportOptions(now=NOW, attach=False, findings=False))
    cover = _flat(res.pdf_path, 1, 2)
    # exhibit 1's "逾期记录将上报征信" may be a lawful notice, exhibit 4's "今天不还就起诉你" a civil legal
    # step stated (their findings rated low): said apart, as the drafts do
    for line in ("含威胁内容的消息4条（证据2）（另有2条把握程度低，需核实）", "疑似发错人1条（证据3）", "夜间联系（22:00–08:00）5次（证据2）",
                 # every contact after the request made to the lender (from any number), and how many each sender made
                 "要求停止后仍有联系（任何号码）2026-11-2009:10（证据1；向恒信消费金融有限公司提出）之后：8次（证据1、2、3、5），"
                 "其中恒信消费金融有限公司3次、融达信息咨询有限公司5次",
                 "联系时间范围2026-11-18至2026-11-23（6天），共10次联系",
                 "对方要求支付的金额恒信消费金融有限公司¥3,200.00（最近一次；先后为¥5,200.00、¥3,200.00）（证据1）；"
                 "恒信消费金融有限公司HK$1,200.00（证据5）",
                 "已付款项（本人所述或对方确认）恒信消费金融有限公司¥2,000.00（证据1）",
                 "称呼他人的通知中的欠款（是否本人的，以本人确认为准）恒信消费金融有限公司¥8,800.00（致张伟）（证据3）",
                 "按发送方统计"):
        assert line in cover, line
    assert "可能违规之处（需由专业人士判断）" not in _flat(res.pdf_path)  # left out when asked
    # every 证明目的 in the evidence list is backed by a label of that exhibit's messages
    toc = _flat(res.pdf_path, 3, 3)
    for proves in ("证明对方提及上报征信", "证明对方以告知第三人相威胁；证明对方威胁上门催收；证明对方发送威胁性内容",
                   "证明该消息称呼或涉及的是他人（是否误发，以本人确认为准）", "证明对方威胁起诉", "证明对方发送还款提醒"):
        assert proves in toc, proves


def test_a_name_the_case_says_the_person_is_addressed_by_is_theirs(case_input: BundleInput, tmp_path: Path) -> None:
    # exhibit 3 calls someone 张伟: once the case says 李明 is also addressed so, it is his own notice,
    # on the cover, in the evidence list and among the findings alike
    also = replace(case_input, meta=replace(case_input.meta, claimant_other_names=("张伟",)))
    res = export_bundle(also, tmp_path / "b.pdf", ExportOptions(now=NOW, attach=False))
    cover, toc, flat = _flat(res.pdf_path, 1, 2), _flat(res.pdf_path, 3, 3), _flat(res.pdf_path)
    assert "李明（亦被称为张伟）" in cover
    assert "疑似发错人" not in cover and "称呼他人的通知中的欠款" not in cover
    assert "称呼的是他人" not in toc
    assert "发给非借款人的催收通知" not in flat and "（致张伟）" not in flat


def test_redaction_keeps_the_respondents_numbers_and_masks_third_parties(case_input: BundleInput,
                                                                        tmp_path: Path) -> None:
    res = export_bundle(case_input, tmp_path / "r.pdf", ExportOptions(now=NOW, redact=True, mask_names=True,
                                                                     drafts=("lender",)))
    flat = _flat(res.pdf_path)
    assert "13912345678" not in flat and "*********78" in flat  # the mother's number
    assert "23456789" in flat  # the lender's callback line
    assert "6222021234567890123" in flat  # the account the collector demands payment to
    assert "张伟" not in flat and "张*" in flat  # the name a mis-sent notice is addressed to
    assert "李明" in flat  # the claimant's own
    assert verify_bundle(res.pdf_path).ok


def test_an_unknown_draft_channel_is_a_usage_error(case_input: BundleInput, tmp_path: Path) -> None:
    with pytest.raises(UsageError):
        export_bundle(case_input, tmp_path / "x.pdf", ExportOptions(now=NOW, drafts=("nobody",)))


@pytest.mark.parametrize(("lang", "ref", "bare", "words"), [
    ("zh-Hans", "3#0", False, "证据3 第1条"), ("zh-Hant", "3#4", False, "證據3 第5則"),
    ("en", "3#0", False, "Exhibit 3, message 1"), ("en", "5@17", True, "5, record 18"),
    ("zh-Hans", "5@0", True, "5 第1条记录"), ("en", "7", False, "Exhibit 7"),
])
def test_a_contact_is_placed_as_a_reader_counts(lang: str, ref: str, bare: bool, words: str) -> None:
    assert evidence_place(strings(lang), ref, exhibit_word=not bare) == words


def test_a_contact_reference_reads_back() -> None:
    from evidencekit.core.analysis.contacts import ContactSource

    for place in (ContactSource("3", message_index=2), ContactSource("5", row=17), ContactSource("1-2")):
        assert ContactSource.from_ref(place.ref()) == place


@pytest.mark.parametrize("lang", ["zh-Hans", "zh-Hant"])
def test_a_findings_time_note_is_in_the_readers_language(lang: str) -> None:
    from evidencekit.core.analysis.findings import Evidence
    from evidencekit.core.export.findingwords import evidence_time
    from evidencekit.core.export.strings import strings

    for cert, basis in (("resolved", "the person's statement 2026-11-27 10:00 + '今天 09:30'"),
                        ("unknown", "file modification time (unreliable) 2026-12-03 08:47 + '今天 08:47'")):
        e = Evidence("8", "8#2", "2026-11-27T09:30:00", cert, basis, "sms")
        when = evidence_time(strings(lang), e)
        assert not re.search(r"[A-Za-z]{3,}", when), when
        if cert == "resolved":
            assert when.startswith("2026-11-27T09:30:00（"), when
        else:  # a file's time dates nothing: the screen's stamp, never a date (review 3, item 4)
            assert when == "今天 08:47（" + ("日期不详" if lang == "zh-Hans" else "日期不詳") + "）", when


def test_the_bundles_complaint_is_about_the_respondent_asked_for(case_input: BundleInput, tmp_path: Path) -> None:
    # the app's draft screen passes the sender the person chose; the command line --draft-respondent
    default = _flat(export_bundle(case_input, tmp_path / "d.pdf", ExportOptions(now=NOW, drafts=("12315",))).pdf_path)
    asked = export_bundle(case_input, tmp_path / "a.pdf",
                          ExportOptions(now=NOW, drafts=("12315",), draft_respondent="恒信")).pdf_path
    assert "本投诉仅涉及一件事项：恒信消费金融有限公司的催收行为" not in default
    assert "本投诉仅涉及一件事项：恒信消费金融有限公司的催收行为" in _flat(asked) and verify_bundle(asked).ok



@pytest.mark.parametrize(("lang", "night", "burst"), [
    ("zh-Hans", "所用参数：起始时间22:00（中国银行业协会《个人消费贷款催收工作指引》，2026年1月，据媒体报道）；结束时间08:00（",
     "所用参数：时间范围60分钟（EvidenceKit阅读辅助（非法定标准））；至少5次联系（"),
    ("zh-Hant", "所用參數：起始時間22:00（", "所用參數：時間範圍60分鐘（EvidenceKit閱讀輔助（非法定標準））；至少5次聯絡（"),
    ("en", "Thresholdsused:quiethoursfrom22:00(", "Thresholdsused:within60minutes(EvidenceKitreadingaid);atleast5contacts("),
])
def test_the_thresholds_are_named_in_the_bundles_language(case_input: BundleInput, tmp_path: Path, lang: str,
                                                          night: str, burst: str) -> None:
    res = export_bundle(case_input, tmp_path / "b.pdf", ExportOptions(now=NOW, attach=False, language=lang))
    flat = _flat(res.pdf_path)
    assert night in flat and burst in flat
    # no parameter's own name ("start = 22:00", "min_contacts = 5") is shown
    assert not re.search(r"(?:start|end|max|channels|count|minutes|min_contacts)=", flat)


def test_the_daily_limits_values_are_words_too() -> None:
    from evidencekit.core.export.pdf.sections.findings import _param

    said = {lang: [_param(strings(lang), n, v) for n, v in (("max", 6), ("channels", ["call"]), ("count", "unanswered"))]
            for lang in ("zh-Hans", "zh-Hant", "en")}
    assert said == {"zh-Hans": ["每日上限 6 次", "渠道：电话", "计数：未接通"],
                    "zh-Hant": ["每日上限 6 次", "管道：電話", "計數：未接通"],
                    "en": ["at most 6 a day", "channels: call", "counted: unanswered attempts"]}
    # a parameter of a person's own rule set the bundle has no words for keeps its name
    assert _param(strings("zh-Hans"), "grace_days", 3) == "grace_days = 3"


def test_a_finding_says_whom_it_is_about_an_unlisted_number_as_unidentified() -> None:
    from evidencekit.core.analysis.findings import Finding
    from evidencekit.core.analysis.findings.model import Certainty
    from evidencekit.core.export.findingwords import finding_about

    def f(respondent: str, sender: str) -> Finding:
        return Finding("threats", "cn-cba-2026", {}, {}, (), {}, (), Certainty.HIGH, "", respondent, {}, sender)

    assert finding_about(strings("zh-Hans"), f("武汉汇达企业管理咨询有限公司", "17786541234")) == "武汉汇达企业管理咨询有限公司"
    assert finding_about(strings("zh-Hans"), f("", "13297461122")) == "13297461122（身份未确认）"
    assert finding_about(strings("zh-Hant", "TW"), f("", "0978654321")) == "0978654321（身分未確認）"
    assert finding_about(strings("en"), f("", "")) == ""


def test_an_exhibit_without_exif_shows_the_time_in_its_file_name(case_input: BundleInput, tmp_path: Path) -> None:
    res = export_bundle(case_input, tmp_path / "b.pdf", ExportOptions(now=NOW, attach=False, findings=False))
    flat = _flat(res.pdf_path)
    # exhibit 1, "Screenshot_20261120-093500.png", has no EXIF time: the phone's stamp in its name is shown
    assert "文件名所示时间（手机本地时间）2026-11-2009:35:00" in flat
    # exhibit 2 has EXIF: no second time beside it
    assert flat.count("文件名所示时间") == sum(1 for ex in case_input.exhibits if not ex.item.exif_time
                                            and "Screenshot_" in ex.item.original_name)
