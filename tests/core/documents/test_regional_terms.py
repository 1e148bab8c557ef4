"""A Taiwan case's and a Hong Kong case's drafts and bundle in their own words: Taiwan's 申訴人 /
被申訴人 / 證據清單 / 待證事實 and 民國 dates, Hong Kong's 投訴人 / 被投訴機構; a report to the police
worded as a report (報案人, the numbers that sent the threats, 立案); a count of threats that
leaves out those the findings rate low; the DOCX tagged with the case's region. A mainland
case in Traditional Chinese keeps the wording it had."""

from __future__ import annotations

import json
import re
from dataclasses import replace
from importlib import resources
from pathlib import Path

import pytest

from evidencekit.core.analysis.case_settings import CaseSettings
from evidencekit.core.analysis.casework import CaseAnalysis, analyse
from evidencekit.core.analysis.findings import ruleset_for_case
from evidencekit.core.documents import render, write_docx
from evidencekit.core.documents.fromcase import draft_input
from evidencekit.core.documents.render import field_label, rule_count
from evidencekit.core.export.strings import REGIONS, language_tag, strings
from evidencekit.core.media.model import Record
from tests.core.documents import deskcase
from tests.core.documents import test_lender_and_collector as hk
from tests.core.documents import test_tw_bank_and_collector as tw

ROUTINE = "【華信銀行】林美玲君您好，請於今日繳納最低應繳金額，以免影響您的信用紀錄。"


@pytest.fixture(scope="module")
def tw_case() -> CaseAnalysis:
    return analyse(tw.EXS, tw.META, tw.SETTINGS)


@pytest.fixture(scope="module")
def hk_case() -> CaseAnalysis:
    return analyse(hk.EXS, hk.META, hk.SETTINGS)


@pytest.fixture(scope="module")
def cn_case() -> CaseAnalysis:
    return analyse(deskcase.exhibits(), deskcase.META, deskcase.SETTINGS)


def _text(case: CaseAnalysis, exs: object, channel: str, lang: str, *, fit: bool = False,
          respondent: str | None = None) -> str:
    data = draft_input(case, exs, channel, lang, bundle=tw.BUNDLE, date="2026-12-04",  # type: ignore[arg-type]
                       respondent=respondent)
    return render(channel, data, lang, fit=fit).text


# ------------------------------------------------------------------ the one lookup


def test_each_regional_word_replaces_a_word_the_language_has() -> None:
    folder = resources.files("evidencekit.core.export").joinpath("locale")
    base = json.loads(folder.joinpath("zh-Hant.json").read_text("utf-8"))
    for region in REGIONS:
        own = json.loads(folder.joinpath(f"region.zh-Hant.{region}.json").read_text("utf-8"))
        stray = [k for k in own if not k.startswith(("@", "draft.")) and k not in base]
        assert not stray, f"{region}: keys the bundle has no string for: {stray}"


def test_the_cover_and_evidence_list_words_by_region() -> None:
    assert strings("zh-Hant", "TW")("respondents") == "被申訴人（相對人）"
    assert strings("zh-Hant", "TW")("toc_heading") == "證據清單"
    assert strings("zh-Hant", "TW")("col_proves") == "待證事實"
    assert strings("zh-Hant", "HK")("respondents") == "被投訴機構"
    assert strings("zh-Hant", "HK")("claimant") == "提交人（投訴人）"
    for s in (strings("zh-Hant", "TW"), strings("zh-Hant", "HK")):
        assert s("col_time") == "日期"
    # a sender the drafts cannot identify: 身分 in Taiwan, 身份 in Hong Kong (and the mainland)
    assert strings("zh-Hant", "TW")("draft.no_name") == "（身分未確認）"
    assert field_label("id_number", "zh-Hant", region="TW") == "身分證統一編號"
    assert field_label("id_number", "zh-Hant", region="HK") == "證件號碼"
    assert strings("zh-Hant", "HK")("draft.unidentified_only", number="1") == "發送號碼1的一方（該號碼身份未確認）"
    assert strings("zh-Hans", "")("draft.acting_for", number="1", lender="甲") == "发送号码1的一方（该号码身份未确认，消息中提及甲）"
    # a mainland case (or none) in Traditional Chinese keeps today's words
    for region in ("CN", ""):
        s = strings("zh-Hant", region)
        assert (s("respondents"), s("toc_heading"), s("col_time")) == ("被投訴方（被申請人）", "證據目錄", "形成時間")


# ------------------------------------------------------------------ drafts


def test_a_taiwan_complaint_names_the_respondent_as_taiwan_does(tw_case: CaseAnalysis) -> None:
    # asked for, the collector known by number only, whose messages do not name the bank: a blank
    # for the institution, never the person's supposed account that it collects for the bank
    text = _text(tw_case, tw.EXS, "tw-consumers-foundation", "zh-Hant", respondent=tw.AGENT_NO)
    assert "被申訴人：【請填寫：被申訴機構名稱】\n" in text and "據本人了解" not in text
    # by default, the lender the person set (as every desk for a lender's collection does); the
    # number nobody listed left out, and said so
    bank = _text(tw_case, tw.EXS, "tw-consumers-foundation", "zh-Hant")
    assert f"被申訴人：{tw.BANK}\n" in bank and "被申訴人地址：臺北市松山區敦化北路200號\n" in bank
    assert f"另有發送號碼{tw.AGENT_NO}的一方（該號碼身分未確認" in bank
    assert "被申訴方" not in text + bank


def test_a_hong_kong_complaint_in_chinese_is_a_complaint_as_hong_kong_words_it(hk_case: CaseAnalysis) -> None:
    text = _text(hk_case, hk.EXS, "hk-consumer-council", "zh-Hant")
    assert text.startswith("致香港消費者委員會的投訴書\n")
    assert "投訴人姓名：陳嘉欣（CHAN Ka Yan）\n" in text
    assert "\n被投訴機構：Fortune" in text  # the case's lender, by default
    assert "\n一、投訴要求\n" in text and "\n投訴人（簽名）：________\n" in text
    assert "申訴" not in text


def test_a_mainland_case_in_traditional_chinese_keeps_its_wording(cn_case: CaseAnalysis) -> None:
    text = _text(cn_case, deskcase.exhibits(), "consumer_association", "zh-Hant")
    assert "\n申訴人姓名：王芳\n" in text and "\n被申訴方：" in text and "\n申訴人（簽名）：________\n" in text
    assert "日期：2026-12-04" in text


@pytest.mark.parametrize(("case_name", "channel", "lang", "reporter", "who", "asked", "signer"), [
    ("hk", "hk-police", "zh-Hant", "報案人姓名", "涉嫌人士", "一、報案請求", "報案人（簽名）"),
    ("hk", "hk-police", "zh-Hans", "报案人姓名", "涉嫌人士", "一、报案请求", "报案人（签名）"),
    ("hk", "hk-police", "en", "Name of the person reporting", "Suspected sender", "I. What I ask the Police to do",
     "Person reporting (signature)"),
    ("tw", "tw-165", "zh-Hant", "報案人姓名", "被檢舉人", "一、報案請求", "報案人（簽名）"),
    ("tw", "tw-165", "zh-Hans", "报案人姓名", "被检举人", "一、报案请求", "报案人（签名）"),
    ("tw", "tw-165", "en", "Name of the person reporting", "Reported sender", "I. What I ask the police to do",
     "Person reporting (signature)"),
])
def test_a_police_report_is_worded_as_a_report(request: pytest.FixtureRequest, case_name: str, channel: str,
                                                lang: str, reporter: str, who: str, asked: str, signer: str) -> None:
    case = request.getfixturevalue(f"{case_name}_case")
    exs = hk.EXS if case_name == "hk" else tw.EXS
    text = _text(case, exs, channel, lang)
    assert f"\n{reporter}" in text and f"\n{who}" in text and f"\n{asked}\n" in text and f"\n{signer}" in text
    for complaint_word in ("申訴人", "申诉人", "被申訴", "投訴人", "投诉人", "Complainant", "Respondent"):
        assert complaint_word not in text
    # the numbers that sent the threats, and an investigation asked for
    number = hk.AGENT_MOBILE if case_name == "hk" else tw.AGENT_NO
    numbers_line = next(line for line in text.splitlines() if line.startswith(
        ("發送恐嚇訊息的號碼", "发送威胁信息的号码", "Number(s) the threats came from")))
    assert number in numbers_line
    assert any(w in text for w in ("立案", "open an investigation", "Open an investigation"))
    # a collection desk's request is not the police's
    assert "刪除所掌握的第三人" not in text and "delete their numbers" not in text


def test_the_financial_ombudsman_is_asked_for_a_decision_by_an_applicant(tw_case: CaseAnalysis) -> None:
    text = _text(tw_case, tw.EXS, "tw-foi", "zh-Hant")
    assert "\n申請人姓名：林美玲\n" in text and "\n相對人（金融機構）：" in text and "\n申請人（簽名）" in text
    assert "申訴人" not in text


# ------------------------------------------------------------------ 民國 dates


def test_a_taiwan_draft_in_chinese_gives_minguo_dates_and_the_bundles_date_beside_a_quote(tw_case: CaseAnalysis) -> None:
    text = _text(tw_case, tw.EXS, "tw-fsc-1998", "zh-Hant", respondent=tw.AGENT_NO)
    assert text.endswith("日期：民國115年12月4日\n")
    assert "自民國115年11月23日至民國115年11月26日，" in text
    # a quote's time as Taiwan writes it, with the ISO date the bundle lists the message under
    assert f"民國115年11月26日 10:15（2026-11-26），{tw.AGENT_NO}：「{tw.LIE}」" in text
    brief = _text(tw_case, tw.EXS, "lawyer", "zh-Hant")
    assert f"- 民國115年11月25日 11:00（2026-11-25） 證據1：{tw.BANK}：還款成功通知：「{tw.PAID}」\n" in brief


@pytest.mark.parametrize("lang", ["en", "zh-Hans"])
def test_a_taiwan_draft_in_another_language_keeps_iso_dates(tw_case: CaseAnalysis, lang: str) -> None:
    text = _text(tw_case, tw.EXS, "tw-fsc-1998", lang)
    assert "民國" not in text and "2026-12-04" in text


def test_a_hong_kong_draft_in_chinese_writes_dates_as_a_hong_kong_letter(hk_case: CaseAnalysis) -> None:
    text = _text(hk_case, hk.EXS, "hk-consumer-council", "zh-Hant")
    assert "民國" not in text and text.endswith("日期：2026年12月4日\n")
    assert not re.search(r"(?<![\d-])20\d\d-\d\d-\d\d(?![\d-])", text.split("四、")[0].replace("SHA-256", "")), text
    # English keeps ISO dates, as the bundle's tables do
    assert _text(hk_case, hk.EXS, "hk-consumer-council", "en").endswith("Date: 2026-12-04\n")


# ------------------------------------------------------------------ counts


def test_a_count_of_threats_leaves_out_those_rated_low() -> None:
    sms = [*tw.SMS, ("2026-11-24 09:00:00", tw.BANK_NO, "in", ROUTINE)]
    exs = (replace(tw.EXS[0], media=replace(tw.EXS[0].media, records=tuple(  # type: ignore[arg-type]
        Record(k, "sms", no, t.replace(" ", "T"), side, "received", text)
        for k, (t, no, side, text) in enumerate(sms)))), tw.EXS[1])
    case = analyse(exs, tw.META, tw.SETTINGS)
    threats = [f for f in case.findings if f.rule_id == "threats"]
    low = [f for f in threats if f.certainty.value == "low"]
    assert len(low) == 1 and ROUTINE in low[0].text("zh-Hant")
    sure = len(threats) - 1
    assert rule_count(threats, "zh-Hant") == f"{sure}則訊息（另有1則把握程度低，需核實）"
    assert rule_count(threats, "en") == f"{sure} message{'' if sure == 1 else 's'} (and 1 more of low certainty)"
    assert rule_count(low, "zh-Hans") == "1条消息（把握程度低，需核实）"
    # the same words where a shortened complaint gives kinds and counts only
    title = threats[0].title["zh-Hant"]
    data = draft_input(case, exs, "lender", "zh-Hant", bundle=tw.BUNDLE, date="2026-12-04", respondent=tw.AGENT_NO)
    # (the bank's routine notice and the collector's threats: one draft's findings, whoever it is about)
    cut = render("lender", replace(data, quotes=data.quotes * 30, findings=tuple(threats)), "zh-Hant").text
    assert f"{title}：{sure}則訊息（另有1則把握程度低，需核實）" in cut


# ------------------------------------------------------------------ the DOCX's language


def _docx_tags(path: Path) -> set[tuple[str, str]]:
    """The language tags of the styles a draft's text takes (python-docx reading the file)."""
    import docx
    from docx.oxml.ns import qn

    doc = docx.Document(str(path))
    out = set()
    for name in ("Normal", "Title", "Heading 1", "Heading 2", "Heading 3"):
        lang = doc.styles[name].element.rPr.find(qn("w:lang"))
        out.add((lang.get(qn("w:val")), lang.get(qn("w:eastAsia"))))
    return out


@pytest.mark.parametrize(("case_name", "lang", "tags"), [
    ("hk", "en", ("en-HK", "zh-HK")), ("hk", "zh-Hant", ("zh-HK", "zh-HK")),
    ("tw", "zh-Hant", ("zh-TW", "zh-TW")), ("tw", "en", ("en-US", "zh-TW")),
    ("cn", "zh-Hans", ("zh-CN", "zh-CN")), ("cn", "en", ("en-US", "zh-CN")),
])
def test_the_docx_is_tagged_with_the_drafts_language_and_the_cases_region(
        request: pytest.FixtureRequest, tmp_path: Path, case_name: str, lang: str, tags: tuple[str, str]) -> None:
    case = request.getfixturevalue(f"{case_name}_case")
    exs = {"hk": hk.EXS, "tw": tw.EXS, "cn": deskcase.exhibits()}[case_name]
    channel = {"hk": "hk-consumer-council", "tw": "tw-fsc-1998", "cn": "12315"}[case_name]
    d = render(channel, draft_input(case, exs, channel, lang, bundle=tw.BUNDLE), lang, fit=False)
    assert _docx_tags(write_docx(d, tmp_path / "d.docx")) == {tags}
    assert language_tag(lang, case.ruleset.jurisdiction) == tags


# ------------------------------------------------------------------ the bundle


@pytest.mark.parametrize(("region", "words", "lang_tag"), [
    ("TW", ("被申訴人（相對人）", "證據清單", "待證事實"), "zh-TW"),
    ("HK", ("被投訴機構", "證據清單", "證明事項"), "zh-HK"),
    ("CN", ("被投訴方（被申請人）", "證據目錄", "證明目的", "形成時間"), "zh-TW"),
])
def test_the_bundle_reads_the_cases_region(tmp_path: Path, region: str, words: tuple[str, ...], lang_tag: str) -> None:
    from pypdf import PdfReader

    from evidencekit.core.export.bundle import export_bundle
    from evidencekit.core.export.model import ExportOptions
    from tests.core.export.fixtures import NOW, make_input

    inp = make_input(tmp_path, 1)
    inp = replace(inp, ruleset=ruleset_for_case(None, None, region), settings=CaseSettings(jurisdiction=region))
    export_bundle(inp, tmp_path / "b.pdf", ExportOptions(language="zh-Hant", now=NOW, findings=False))
    reader = PdfReader(str(tmp_path / "b.pdf"))
    text = "".join((p.extract_text() or "") for p in reader.pages[:3]).replace(" ", "").replace("\n", "")
    for w in words:
        assert w in text, w
    assert reader.trailer["/Root"]["/Lang"] == lang_tag


@pytest.mark.parametrize(("case_name", "channel"), [("tw", "tw-fsc-1998"), ("hk", "hk-consumer-council")])
def test_a_complaint_points_at_the_evidence_list_by_the_bundles_own_heading(
        request: pytest.FixtureRequest, case_name: str, channel: str) -> None:
    case = request.getfixturevalue(f"{case_name}_case")
    text = _text(case, hk.EXS if case_name == "hk" else tw.EXS, channel, "zh-Hant")
    # (and Hong Kong signs 數碼簽署, Taiwan 電子簽章)
    assert ("證據清單見簽署證據包：" if case_name == "hk" else "證據清單見簽章證據包：") in text and "證據目錄" not in text


def test_hong_kong_says_sms_its_own_way_everywhere(hk_case: CaseAnalysis) -> None:
    """短訊 in every Hong Kong string that says 簡訊 elsewhere (labels, channels, exhibit kinds, a
    finding's channel); Taiwan and a mainland case in zh-Hant keep 簡訊."""
    hk_words = strings("zh-Hant", "HK")
    folder = resources.files("evidencekit.core.export").joinpath("locale")
    base = json.loads(folder.joinpath("zh-Hant.json").read_text("utf-8"))
    said = [k for k, v in base.items() if "簡訊" in v]
    assert said and all("簡訊" not in hk_words(k) and "短訊" in hk_words(k) for k in said)
    assert strings("zh-Hant", "TW")("channel.sms") == strings("zh-Hant")("channel.sms") == "簡訊"
    from evidencekit.core.analysis.findings.engine import _channel_name

    assert (_channel_name("sms", "zh-Hant", "HK"), _channel_name("sms", "zh-Hant", "TW")) == ("短訊", "簡訊")
    assert _channel_name("call", "en", "HK") == "call"


# ------------------------------------------------------------------ Taiwan's 165: posing as a court only when a message did


def test_a_report_to_165_speaks_of_posing_as_a_court_only_when_a_message_did(tw_case: CaseAnalysis) -> None:
    for lang, posed in (("zh-Hant", "以法院等機關名義"), ("zh-Hans", "以法院等机关名义"), ("en", "in the name of a court")):
        text = _text(tw_case, tw.EXS, "tw-165", lang)
        assert posed not in text, (lang, text)  # the collector threatened; nobody posed as a court
    court = "【臺灣臺北地方法院】林美玲妳積欠華信銀行卡債，本院已受理強制執行，限三日內清償，否則查封妳的薪資。"
    sms = [*tw.SMS, ("2026-11-27 09:00:00", tw.AGENT_NO, "in", court)]
    exs = (tw._export("1", "sms-20261128.xml", tuple(
        Record(k, "sms", no, t.replace(" ", "T"), side, "received", text) for k, (t, no, side, text) in enumerate(sms))),
        *tw.EXS[1:])
    text = _text(analyse(exs, tw.META, tw.SETTINGS), exs, "tw-165", "zh-Hant")
    assert "以法院等機關名義發出的訊息及恐嚇" in text
    # the request names whom the message posed as and the number it came from
    assert re.search(rf"查明以[^，。\n]*臺北地方法院[^，。\n]*名義發送訊息的號碼{tw.AGENT_NO}", text), text
