"""A complaint says only what the evidence of its respondent shows: a case of several senders (a
nameless number, a lender that signs, a Taiwanese bank, an undated screenshot), each complaint
checked for the others' contacts, exhibits and findings; the brief counted per sender; the
person's own replies quoted; undated times never stated; grounds, shortening, DOCX."""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

import docx
import pytest

from evidencekit.core.analysis.case_settings import CaseSettings
from evidencekit.core.analysis.casework import CaseAnalysis, analyse
from evidencekit.core.documents import BLANK, channels, render, write_docx
from evidencekit.core.documents.fromcase import BundleRef, draft_input, find_respondent, senders
from evidencekit.core.documents.render import requests_for
from evidencekit.core.models import CaseMeta, Respondent
from evidencekit.errors import UsageError
from tests.core.analysis.casefixture import _exhibit

FP = "cd" * 32
BUNDLE = BundleRef(FP, "bundle.pdf", "2026-11-28T10:00:00Z", True)
META = CaseMeta(title="王小红的催收短信", claimant_name="王小红", claimant_phone="13912345678",
                respondents=(Respondent("招联消费金融", ()),))
ANYIHUA, NUMBER, YUSHAN, UNDATED = "安逸花 95188 8001", "17123456789", "玉山銀行 0912-345-678", "17000000000"


def case_exhibits() -> tuple:
    # four screenshots taken 2026-11-20 10:00 (EXIF), the last one undated (its time is the file's only)
    return (
        _exhibit(1, "IMG_1.png", ANYIHUA, [
            ("09:12", "in", "【安逸花】李建国先生，您的借款已逾期，欠款3,560元，请尽快还款以免影响您的个人征信。"),
            ("09:20", "out", "你好，我不是李建国，这个号码是我的，你们发错人了，请停止发送。"),
            ("09:40", "in", "【安逸花】李建国先生，您的欠款仍未处理，我司将通知您的紧急联系人协助还款。"),
        ], exif="2026-11-20T10:00:00"),
        _exhibit(2, "IMG_2.png", NUMBER, [
            ("09:25", "in", "再不处理我们将联系你的家人、紧急联系人和你单位领导，让大家都知道你欠钱不还。"),
            ("09:30", "in", "明天安排催收人员上门走访，到你家里找你。"),
            ("09:45", "in", "法务部已准备起诉材料，将向法院提起诉讼，后果自负。"),
        ], exif="2026-11-20T10:00:00"),
        _exhibit(3, "IMG_3.png", YUSHAN, [
            ("09:35", "in", "【玉山銀行】您尾號3381的信用卡帳款已逾期15天，逾期未繳將影響您的信用紀錄。"),
            ("09:50", "out", "我上週已經繳清了，請查明。"),
        ], exif="2026-11-20T10:00:00"),
        _exhibit(4, "photo.png", UNDATED, [("今天 15:00", "in", "最后通知，今天不还就起诉你，我们会去你单位找你领导。")]),
    )


@pytest.fixture(scope="module")
def case() -> CaseAnalysis:
    settings = CaseSettings(stop_requested_at="2026-11-20 09:15", stop_basis="电话录音，证据1",
                            claimant_address="上海市某路1号")
    return analyse(case_exhibits(), META, settings)


EXHIBIT = {ANYIHUA: "1", NUMBER: "2", YUSHAN: "3", UNDATED: "4"}
COMPLAINTS = ("12315", "12378", "lender", "consumer_association", "tw-fsc-1998", "hk-hkma")


@pytest.mark.parametrize("channel", COMPLAINTS)
@pytest.mark.parametrize("sender", [ANYIHUA, NUMBER, YUSHAN])
def test_a_complaint_holds_only_its_respondents_evidence(case: CaseAnalysis, sender: str, channel: str) -> None:
    data = draft_input(case, case_exhibits(), channel, "zh-Hans", bundle=BUNDLE, respondent=sender)
    ex = EXHIBIT[sender]
    assert [e.number for e in data.exhibits] == [ex]
    assert {q.exhibit for q in data.quotes} == {ex}
    # every finding pasted is this sender's alone: a burst or an after-stop count over several
    # senders is never put on one of them
    for f in data.findings:
        assert set(f.exhibits) == {ex}, (f.rule_id, f.exhibits)
    assert data.contact_exhibits == (ex,) and data.contact_count == {NUMBER: 3, ANYIHUA: 2, YUSHAN: 1}[sender]
    d = render(channel, data, "zh-Hans", fit=False)
    # and the exhibit the stop request rests on ("电话录音，证据1"), said where the request is
    assert set(d.exhibits_cited) - {"1"} == {ex} - {"1"}, d.text


def test_the_brief_counts_each_sender_apart(case: CaseAnalysis) -> None:
    data = draft_input(case, case_exhibits(), "lawyer", "zh-Hans", bundle=BUNDLE)
    d = render("lawyer", data, "zh-Hans")
    facts = d.text.split("一、")[1].splitlines()[1]
    # no one respondent named for all the contacts: each sender's count, with its exhibit
    assert re.fullmatch(r"2026-11-20，共有3个号码或机构联系本人6次：.*。另有1次联系的时间不详（证据4）。", facts), facts
    for sender, n in ((NUMBER, 3), (ANYIHUA, 2), (YUSHAN, 1)):
        assert f"{sender} {n}次（证据{EXHIBIT[sender]}）" in facts
    assert "招联消费金融" not in facts
    en = render("lawyer", draft_input(case, case_exhibits(), "lawyer", "en", bundle=BUNDLE), "en").text
    assert "3 senders contacted me 6 times" in en
    # the request to stop carries the exhibit its basis names
    assert "2026-11-20 09:15 证据1：本人要求停止联系" in d.text
    assert "Exhibit 1: I asked them to stop" in en


def test_the_default_respondent_is_never_a_bare_number(case: CaseAnalysis) -> None:
    first = senders(case)[0]
    assert first.key == NUMBER and first.name == ""  # most findings are about the nameless number alone
    # a desk for lenders and consumers: a respondent the person listed, never a number nobody listed
    # (no lender named in the settings); the number is complained of only when asked for
    for channel, lang in (("12315", "zh-Hans"), ("lender", "zh-Hans"), ("12378", "en"), ("consumer_association", "zh-Hant")):
        assert ANYIHUA.startswith(draft_input(case, case_exhibits(), channel, lang, bundle=BUNDLE).respondent.name)
        data = draft_input(case, case_exhibits(), channel, lang, bundle=BUNDLE, respondent=NUMBER)
        d = render(channel, data, lang)
        blank = BLANK[lang].format(label={"zh-Hans": "被投诉机构名称", "zh-Hant": "被申訴機構名稱",
                                          "en": "name of the institution complained about"}[lang])
        assert blank in d.text and blank.strip("【】[]").split("：")[-1].split(": ")[-1] in " ".join(d.blanks)
        number_line = {"zh-Hans": "发送号码：", "zh-Hant": "發送號碼：", "en": "Sender's number: "}[lang] + NUMBER
        assert number_line in d.text
        for line in d.text.splitlines():  # the number is never the institution
            assert not re.search(rf"(被投诉方|被申訴方|Respondent|致)\s*[：:]?\s*{NUMBER}", line), line
    # the brief names the same sender first
    brief = render("lawyer", draft_input(case, case_exhibits(), "lawyer", "zh-Hans", bundle=BUNDLE), "zh-Hans")
    assert re.search(rf"^对方：{NUMBER}（身份未确认）、", brief.text, re.M), brief.text


@pytest.mark.parametrize(("asked", "key"), [
    ("安逸花", ANYIHUA), ("95188 8001", ANYIHUA), ("951888001", ANYIHUA), (" 安逸花  95188 8001 ", ANYIHUA),
    ("玉山银行", YUSHAN), ("玉山", YUSHAN), ("0912345678", YUSHAN), ("+886 912 345 678", YUSHAN),
    ("171-2345-6789", NUMBER), ("招联消费金融", "招联消费金融"),
])
def test_the_respondent_is_found_by_name_fragment_or_number(case: CaseAnalysis, asked: str, key: str) -> None:
    assert find_respondent(case, asked).key == key
    if key != "招联消费金融":
        data = draft_input(case, case_exhibits(), "12378", "zh-Hans", respondent=asked)
        assert data.contact_count and data.quotes and data.exhibits


def test_an_unknown_respondent_is_an_error_listing_the_known(case: CaseAnalysis) -> None:
    with pytest.raises(UsageError) as e:
        draft_input(case, case_exhibits(), "12378", "zh-Hans", respondent="平安普惠")
    for known in (ANYIHUA, NUMBER, YUSHAN, "招联消费金融"):
        assert known in str(e.value)


def test_a_desk_defaults_to_a_sender_of_its_region(case: CaseAnalysis) -> None:
    from evidencekit.core.analysis.parties import number_region
    from evidencekit.core.documents.fromcase import chosen_respondent

    assert [number_region(n) for n in ("17123456789", "+86 171 2345 6789", "0912-345-678", "+886 2 8751 1313",
                                       "6288 1043", "+852 6288 1043", "95511", "106980095786")] == \
        ["CN", "CN", "TW", "TW", "HK", "HK", "", ""]
    assert chosen_respondent(case, "12315").key == ANYIHUA  # a respondent the person listed, not a bare number
    assert chosen_respondent(case, "12321").key == NUMBER  # the most findings, a mainland mobile
    assert chosen_respondent(case, "tw-fsc-1998").key == YUSHAN  # Taiwan's desk: the Taiwanese bank
    assert chosen_respondent(case, "hk-hkma").key == ANYIHUA  # no Hong Kong sender: a listed respondent
    assert chosen_respondent(case, "lawyer") is None  # the brief is about everyone
    # a Taiwanese bank before a mainland desk: the draft says that desk may not act on it
    d = render("12378", draft_input(case, case_exhibits(), "12378", "zh-Hans", bundle=BUNDLE, respondent=YUSHAN),
               "zh-Hans", fit=False).text
    assert "注意：该发送方的号码属于台湾，中国大陆的投诉渠道未必能处理，请考虑台湾的渠道。" in d
    d = render("tw-fsc-1998", draft_input(case, case_exhibits(), "tw-fsc-1998", "zh-Hant", bundle=BUNDLE,
                                          respondent=YUSHAN), "zh-Hant", fit=False).text
    assert "未必能處理" not in d
    # a number as a form takes it keeps the + of its country code
    from evidencekit.core.documents.fromcase import _number_of
    assert [_number_of(x) for x in ("+886 2 8751 1313", "17123456789", "安逸花 95188 8001")] == \
        ["+886287511313", "17123456789", "951888001"]


def test_a_sender_known_by_number_is_found_by_the_brand_it_signs_with() -> None:
    signed = _exhibit(5, "IMG_5.png", "95511", [("10:05", "in", "【平安普惠】您的借款已逾期3天，请尽快还款。")],
                      exif="2026-11-20T10:30:00")
    a = analyse((*case_exhibits(), signed), META, CaseSettings())
    assert find_respondent(a, "平安普惠").key == "95511"
    assert find_respondent(a, "平安").key == "95511"


def test_the_persons_own_replies_are_quoted(case: CaseAnalysis) -> None:
    data = draft_input(case, case_exhibits(), "12378", "zh-Hans", bundle=BUNDLE, respondent="安逸花")
    d = render("12378", data, "zh-Hans")
    assert re.search(r"^\(2\) 证据1（文字识别，以截图为准），2026-11-20 09:20（[^）]*），本人回复：“你好，我不是李建国，这个号码是我的，你们发错人了，请停止发送。”$",
                     d.text, re.M), d.text
    # in the thread's order: the notice, the reply, the notice after it
    texts = [q.text for q in data.quotes]
    assert texts.index("你好，我不是李建国，这个号码是我的，你们发错人了，请停止发送。") == 1
    tw = render("tw-fsc-1998", draft_input(case, case_exhibits(), "tw-fsc", "zh-Hant", bundle=BUNDLE,
                                           respondent="玉山"), "zh-Hant")
    assert "本人回覆：「我上週已經繳清了，請查明。」" in tw.text
    brief = render("lawyer", draft_input(case, case_exhibits(), "lawyer", "zh-Hans", bundle=BUNDLE), "zh-Hans")
    assert f"本人回复{ANYIHUA}：“你好，我不是李建国" in brief.text


def test_an_undated_time_is_never_stated(case: CaseAnalysis) -> None:
    undated = next(c for c in case.contacts if c.counterpart == UNDATED)
    assert undated.time is not None and not undated.timed  # the file's time only
    when = undated.time.strftime("%Y-%m-%d %H:%M")
    for channel in ("12321", "12315", "lender"):
        for lang in ("zh-Hans", "en"):
            data = draft_input(case, case_exhibits(), channel, lang, bundle=BUNDLE, respondent=UNDATED)
            d = render(channel, data, lang)
            assert when not in d.text and undated.time.date().isoformat() not in d.text, d.text
            if channel != "12321":  # there the time received is a blank to fill in
                assert re.search({"zh-Hans": "时间不详", "en": "time unknown|times not known"}[lang], d.text)
    d = render("12321", draft_input(case, case_exhibits(), "12321", "zh-Hans", respondent=UNDATED), "zh-Hans")
    assert "接收时间：【请填写：收到时间】" in d.text and d.fields["message_time"] is None
    brief = render("lawyer", draft_input(case, case_exhibits(), "lawyer", "zh-Hans"), "zh-Hans").text
    assert when not in brief and "- 时间不详 证据4：" in brief
    times = [m.group(1) for m in re.finditer(r"^- (\S+)", brief, re.M)]
    assert times[-1] == "时间不详" and times.index("时间不详") > max(i for i, t in enumerate(times) if t[0].isdigit())


def test_grounds_are_citations_not_the_reading_aid(case: CaseAnalysis) -> None:
    for lang in ("zh-Hans", "zh-Hant", "en"):
        for who in (ANYIHUA, NUMBER):
            d = render("12378", draft_input(case, case_exhibits(), "12378", lang, respondent=who), lang)
            grounds = d.fields["grounds"] or ""
            assert grounds and "EvidenceKit" not in grounds, grounds
    en = render("12378", draft_input(case, case_exhibits(), "12378", "en", respondent=NUMBER), "en")
    assert "China Banking Association, Guideline on collecting personal consumer loans" in (en.fields["grounds"] or "")
    assert "January 2026" not in (en.fields["grounds"] or "")
    # a guideline known only from the press is said to be so, as the bundle says it
    assert "(as reported in the press)" in (en.fields["grounds"] or "")
    zh = render("12378", draft_input(case, case_exhibits(), "12378", "zh-Hans", respondent=NUMBER), "zh-Hans")
    assert "中国银行业协会《个人消费贷款催收工作指引》（据媒体报道）" in (zh.fields["grounds"] or "")


def test_taiwan_and_hong_kong_drafts_say_which_rules(case: CaseAnalysis) -> None:
    for channel, lang, words in (("tw-fsc", "zh-Hant", ("中國大陸", "臺灣")), ("hk-hkma", "en", ("mainland China", "Hong Kong")),
                                 ("tw-consumers-foundation", "zh-Hans", ("中国大陆", "台湾"))):
        d = render(channel, draft_input(case, case_exhibits(), channel, lang, respondent=NUMBER), lang)
        assert all(w in d.text for w in words), d.text
    d = render("12315", draft_input(case, case_exhibits(), "12315", "zh-Hans", respondent=NUMBER), "zh-Hans")
    assert "规则集" not in d.text  # the mainland's own desk: no note


def test_one_day_reads_as_that_day(case: CaseAnalysis) -> None:
    for lang in ("zh-Hans", "zh-Hant", "en"):
        d = render("tw-fsc", draft_input(case, case_exhibits(), "tw-fsc", lang, respondent=YUSHAN), lang)
        assert "2026-11-20至2026-11-20" not in d.text and "2026-11-20 to 2026-11-20" not in d.text
        assert {"zh-Hans": "2026-11-20，玉山銀行共联系本人1次", "zh-Hant": "2026-11-20，玉山銀行共聯絡本人1次",
                "en": "On 2026-11-20, 玉山銀行 contacted me 1 time"}[lang] in d.text


def test_12321_lists_the_other_messages_under_a_heading(case: CaseAnalysis) -> None:
    for lang, head in (("zh-Hans", "同一发送方的其他短信："), ("zh-Hant", "同一發送方的其他簡訊："),
                       ("en", "Other messages from the same sender:")):
        # (the English reading of the mainland form is longer than its 500 characters allow with
        # the other messages: the whole text is checked there)
        d = render("12321", draft_input(case, case_exhibits(), "12321", lang, respondent=NUMBER), lang, fit=lang != "en")
        lines = d.text.splitlines()
        # the text is the machine's reading: the form says so, to be checked against the screenshot
        assert {"zh-Hans": "（原文系机器识别，请对照截图核对）", "zh-Hant": "（原文係機器辨識，請對照截圖核對）",
                "en": "(machine-read: check against the screenshot)"}[lang] in lines
        numbered = [i for i, ln in enumerate(lines) if re.match(r"\(\d+\) ", ln)]
        assert numbered, d.text
        assert lines[numbered[0] - 1] == head and lines[numbered[0]].startswith("(1) ")
        assert [lines[i][:3] for i in numbered] == [f"({k})" for k in range(1, len(numbered) + 1)]


def test_only_the_text_for_a_form_is_fitted(case: CaseAnalysis) -> None:
    data = draft_input(case, case_exhibits(), "12315", "en", bundle=BUNDLE, respondent=NUMBER)
    fitted, whole = render("12315", data, "en"), render("12315", data, "en", fit=False)
    assert len(fitted.text) <= 1000 and fitted.shortened
    assert "How to submit:" in whole.text and not whole.shortened and len(whole.text) > len(fitted.text)
    assert all(f.text("en") in whole.text for f in data.findings)


def test_docx_language_blanks_and_fingerprint(case: CaseAnalysis, tmp_path: Path) -> None:
    sms = render("12321-sms", draft_input(case, case_exhibits(), "12321-sms", "zh-Hans", bundle=BUNDLE,
                                          respondent=NUMBER), "zh-Hans")
    assert FP not in sms.text  # no room in one SMS…
    doc = docx.Document(str(write_docx(sms, tmp_path / "sms.docx", fingerprint=FP)))
    assert any(FP in p.text for p in doc.paragraphs)  # …the document carries it
    for lang, tag in (("zh-Hans", "zh-CN"), ("zh-Hant", "zh-TW"), ("en", "en-US")):
        d = render("lender", draft_input(case, case_exhibits(), "lender", lang, bundle=BUNDLE, respondent=NUMBER), lang)
        doc = docx.Document(str(write_docx(d, tmp_path / f"l-{lang}.docx", fingerprint=FP)))
        langs = doc.styles["Normal"].element.xpath("./w:rPr/w:lang/@w:val")
        assert langs == [tag]
        # a lender not known by name: the title names the desk, the blank is in the respondent's field
        assert d.title == {"zh-Hans": "致贷款机构的投诉书", "zh-Hant": "致貸款機構的申訴書",
                           "en": "Complaint to the lender"}[lang]
        highlighted = [r.text for p in doc.paragraphs for r in p.runs if r.font.highlight_color is not None]
        shown = re.findall(r"【(?:请填写|請填寫)：[^】]*】|\[FILL IN: [^\]]*\]", d.text)
        assert highlighted == shown and shown


def test_the_draft_knows_its_channels_name(case: CaseAnalysis) -> None:
    d = render("consumer_association", draft_input(case, case_exhibits(), "cca", "zh-Hans"), "zh-Hans")
    assert d.channel_name == "消费者协会"
    d = render("hk-consumer-council", draft_input(case, case_exhibits(), "hkcc", "en"), "en")
    assert d.channel_name == "Hong Kong Consumer Council"


@pytest.mark.parametrize("lang", ["zh-Hans", "zh-Hant", "en"])
def test_headings_run_without_a_gap_however_shortened(case: CaseAnalysis, lang: str) -> None:
    heading = re.compile(r"^([一二三四五])、" if lang != "en" else r"^([IVX]+)\. (?=What|Possible|Evidence)", re.M)
    order = list("一二三四五") if lang != "en" else ["I", "II", "III", "IV", "V"]
    for channel in COMPLAINTS:
        for who in (NUMBER, ANYIHUA, "招联消费金融"):  # the last one has no finding
            data = draft_input(case, case_exhibits(), channel, lang, bundle=BUNDLE, respondent=who)
            for fit in (True, False):
                d = render(channel, data, lang, fit=fit)
                got = heading.findall(d.text)
                assert got == order[:len(got)] and len(got) >= 3, (channel, who, d.text)


def test_a_short_form_keeps_a_quote_before_the_findings_count(case: CaseAnalysis) -> None:
    data = draft_input(case, case_exhibits(), "12315", "en", bundle=BUNDLE, respondent=NUMBER)
    d = render("12315", data, "en")
    assert len(d.text) <= 1000 and "(1) Exhibit 2" in d.text, d.text
    assert "worked out from" in d.text or "EXIF" not in d.text  # the time's basis goes before the quote


def test_the_brief_quotes_every_reply_in_time_order_and_the_dealings_so_far() -> None:
    exs = list(case_exhibits())
    exs[1] = _exhibit(2, "IMG_2.png", NUMBER, [
        ("09:25", "in", "再不处理我们将联系你的家人、紧急联系人和你单位领导，让大家都知道你欠钱不还。"),
        ("09:28", "out", "好的，我今天下午处理。"),  # it tells against the person: quoted all the same
        ("09:45", "in", "法务部已准备起诉材料，将向法院提起诉讼，后果自负。"),
    ], exif="2026-11-20T10:00:00")
    a = analyse(tuple(exs), META, CaseSettings(negotiation="11月21日致电客服，对方称会核实"))
    brief = render("lawyer", draft_input(a, tuple(exs), "lawyer", "zh-Hans", bundle=BUNDLE), "zh-Hans", fit=False).text
    # (each quote read from a screenshot says so: "证据2（文字识别，以截图为准），…")
    quoted = re.findall(r"^\(\d+\) 证据\d+（文字识别，以截图为准），(\S+ \d\d:\d\d|时间不详)", brief, re.M)
    assert "“好的，我今天下午处理。”" in brief and "“我上週已經繳清了，請查明。”" in brief
    dated = [q for q in quoted if q != "时间不详"]
    assert dated == sorted(dated) and quoted[-1] == "时间不详", quoted  # in time order, the undated last
    assert "与对方协商情况：11月21日致电客服，对方称会核实" in brief
    # a complaint about that sender quotes the reply too
    complaint = render("12315", draft_input(a, tuple(exs), "12315", "zh-Hans", bundle=BUNDLE, respondent=NUMBER),
                       "zh-Hans", fit=False).text
    assert "本人回复：“好的，我今天下午处理。”" in complaint


def test_a_draft_says_how_sure_each_finding_is_and_grounds_no_low_one(case: CaseAnalysis) -> None:
    from evidencekit.core.documents.render import grounds

    # a desk's complaint: no grade (read as self-praise), an unsure finding marked and why
    d = render("12378", draft_input(case, case_exhibits(), "12378", "zh-Hans", bundle=BUNDLE, respondent="玉山"),
               "zh-Hans", fit=False)
    lines = [x for x in d.text.splitlines() if re.match(r"^\d+\. .*可能违规", x)]
    assert lines and not any(re.match(r"^\d+\. \[", x) for x in lines), lines
    low = [f for f in case.findings if f.certainty.value == "low"]
    assert low and all(f.exhibits == ("3",) for f in low)  # the bank's credit-record notice
    assert any("（尚待核实：" in x and "可能合法" in x for x in lines)
    assert grounds(low, "zh-Hans") == []  # a lawful-looking notice alone grounds nothing
    # the lawyer's brief: each finding graded
    d = render("lawyer", draft_input(case, case_exhibits(), "lawyer", "zh-Hans", bundle=BUNDLE), "zh-Hans", fit=False)
    lines = [x for x in d.text.splitlines() if re.match(r"^\d+\. \[", x)]
    assert lines and all(re.match(r"^\d+\. \[[高中低]\] ", x) for x in lines), lines
    assert any(x.startswith(tuple(f"{n}. [低]" for n in range(1, 20))) and "可能合法" in x for x in lines)


def test_the_requests_follow_what_the_evidence_shows(case: CaseAnalysis) -> None:
    # 安逸花's notices are meant for 李建国 and the person owes it nothing: ask that all contact with
    # their number stop and the number come off his file, not to stop threatening (review9 #2)
    d = render("12315", draft_input(case, case_exhibits(), "12315", "zh-Hans", bundle=BUNDLE, respondent="安逸花"),
               "zh-Hans", fit=False).text
    assert "1. 责令被投诉方停止以任何方式联系本人号码13912345678\n2. 责令被投诉方将本人号码从李建国的档案中移除" in d
    assert "威胁方式催收" not in d and "本人债务" not in d
    # the threatening number: the channel's usual request
    d = render("12315", draft_input(case, case_exhibits(), "12315", "zh-Hans", bundle=BUNDLE, respondent=NUMBER),
               "zh-Hans", fit=False).text
    assert "责令被投诉方停止以骚扰、威胁方式催收" in d
    # nothing it sent was meant for someone else: no request to correct mis-sent notices
    for cid in ("lender", "consumer_association", "12315"):
        data = draft_input(case, case_exhibits(), cid, "zh-Hans", bundle=BUNDLE, respondent=NUMBER)
        assert "misdirected" not in {f.rule_id for f in data.findings}
        asked = requests_for(channels()[cid], data, "zh-Hans")
        assert asked and not any("误发" in r or "更正" in r for r in asked), (cid, asked)
        # a sender found both threatening and writing to someone else: both asked, each once
        mis = next(f for f in case.findings if f.rule_id == "misdirected")
        both = requests_for(channels()[cid], replace(data, findings=(*data.findings, mis)), "zh-Hans")
        assert both[0] == asked[0] and any("他人的催收信息" in r for r in both) and len(set(both)) == len(both)
    # a sender with nothing found against it: no request is made up; the person is asked for one
    plain = _exhibit(5, "IMG_5.png", "95511", [("10:05", "in", "【平安普惠】您本期应还1,200.00元，还款日为11月25日。")],
                     exif="2026-11-20T10:30:00")
    a = analyse((*case_exhibits(), plain), META, CaseSettings())
    d = render("12378", draft_input(a, (*case_exhibits(), plain), "12378", "zh-Hans", bundle=BUNDLE, respondent="95511"),
               "zh-Hans", fit=False)
    assert "一、投诉请求\n【请填写：投诉请求】" in d.text and "投诉请求" in " ".join(d.blanks)


def test_a_complaint_to_the_lender_prefers_a_respondent_listed_by_name_over_one_listed_by_number() -> None:
    from evidencekit.core.documents.fromcase import chosen_respondent

    # the person listed the mainland mobile as a respondent too, by its number alone
    meta = CaseMeta(title=META.title, claimant_name=META.claimant_name, claimant_phone=META.claimant_phone,
                    respondents=(Respondent(NUMBER, (NUMBER,)), *META.respondents))
    listed = analyse(case_exhibits(), meta, CaseSettings())
    chosen = chosen_respondent(listed, "lender")
    assert chosen is not None and chosen.key != NUMBER and chosen.name and not chosen.name.isdigit()


def test_a_complaint_about_the_lender_leaves_out_its_agencys_notice_of_a_debt_owed_elsewhere() -> None:
    # the agency collects for the bank, and sent the phone a notice of a stranger's telecom bill
    meta = CaseMeta(title="林怡君", claimant_name="林怡君", claimant_phone="0912345678",
                    respondents=(Respondent("永信商業銀行", ("0800088123",)), Respondent("鼎泰資產管理股份有限公司", ("0955123456",))))
    shots = (
        _exhibit(1, "IMG_1.png", "0955-123-456", [
            ("11月5日 22:40", "in", "【鼎泰資產】林怡君，受永信銀行委託，妳的卡債48,600元已轉本公司處理，請於11/8前繳清。"),
            ("11月10日 09:00", "in", "【鼎泰資產】黃建宏先生，您積欠之電信費3,280元已逾期90天，請儘速聯繫本公司。"),
            ("11月10日 09:12", "out", "我不是黃建宏，這個門號是我去年才申辦的，請更正資料。"),
        ], exif="2026-11-22T20:30:00"),
    )
    a = analyse(shots, meta, CaseSettings(lenders=("永信商業銀行",), jurisdiction="TW"))
    assert any(f.rule_id == "misdirected" for f in a.findings)
    bank = draft_input(a, shots, "tw-fsc-1998", "zh-Hant", bundle=BUNDLE, respondent="永信")
    assert "misdirected" not in {f.rule_id for f in bank.findings}
    assert not any("他人的催收" in r for r in requests_for(channels()["tw-fsc-1998"], bank, "zh-Hant"))
    # nor quoted unexplained: the notice and the reply saying it is not hers
    assert "黃建宏" not in render("tw-fsc-1998", bank, "zh-Hant", fit=False).text
    # a complaint about the agency itself asks it to stop
    agency = draft_input(a, shots, "tw-consumers-foundation", "zh-Hant", bundle=BUNDLE, respondent="鼎泰")
    assert "misdirected" in {f.rule_id for f in agency.findings}


def test_the_brief_states_the_money_as_the_cover_does() -> None:
    from evidencekit.core.export import summary
    from evidencekit.core.export.strings import strings
    from tests.core.analysis.casefixture import META as FIXTURE_META, exhibits

    exs = exhibits()
    a = analyse(exs, FIXTURE_META)
    brief = render("lawyer", draft_input(a, exs, "lawyer", "zh-Hans", bundle=BUNDLE), "zh-Hans", fit=False).text
    lines = summary.amount_lines(a, strings("zh-Hans"), {ex.number: k for k, ex in enumerate(exs)})
    assert [label for label, _ in lines] == ["对方要求支付的金额", "要求金额合计（按债权方和币种分列）",
                                            "已付款项（本人所述或对方确认）", "称呼他人的通知中的欠款（是否本人的，以本人确认为准）"]
    section = brief[brief.index("涉及金额"):brief.index("与对方协商情况")]
    assert section.splitlines()[1:] == [f"· {label}：{value}" for label, value in lines]
    assert "· 已付款项（本人所述或对方确认）：恒信消费金融有限公司 ¥2,000.00（证据1）" in section
    # the brief's order of events names whose each message is, and says a threat rated low as such
    assert "- 2026-11-21 23:25（据“今天 23:25”推算） 证据2：融达信息咨询有限公司：威胁上门" in brief
    assert "证据1：恒信消费金融有限公司：威胁上报征信（把握程度低）、逾期催收" in brief
    # a complaint keeps to its own requests: no money section of the whole case
    assert "涉及金额" not in render("12315", draft_input(a, exs, "12315", "zh-Hans", bundle=BUNDLE), "zh-Hans").text


def test_a_report_to_12321_is_of_messages_the_persons_phone_received_from_the_number_asked() -> None:
    agency = Respondent("武汉汇达企业管理咨询有限公司", ("17786541234", "15527893456"))
    meta = CaseMeta(title="周晓雯", claimant_name="周晓雯", claimant_phone="13907125588", respondents=(agency,))
    colleague = _exhibit(3, "IMG_3.png", "15527893456", [
        ("10:20", "in", "王丽娟女士您好，您的同事周晓雯欠款18,640元不还，请转告她尽快处理，否则我们到单位找你们领导。")],
        exif="2026-09-19T10:30:00")
    shots = (
        _exhibit(1, "IMG_1.png", "17786541234", [
            ("18:40", "in", "【汇达】周晓雯，今晚12点前不还18,640元，明天我们就去你单位找你领导。")], exif="2026-09-15T19:00:00"),
        _exhibit(2, "IMG_2.png", "15527893456", [
            ("17:45", "in", "周晓雯，再不还钱就把你的事发到你们公司群里。")], exif="2026-09-18T18:00:00"),
        replace(colleague, item=replace(colleague.item, received_by="王丽娟（同事）")),
    )
    a = analyse(shots, meta, CaseSettings())

    def reported(respondent: str | None = None) -> tuple[str, str]:
        d = render("12321", draft_input(a, shots, "12321", "zh-Hans", bundle=BUNDLE, respondent=respondent), "zh-Hans")
        number = re.search(r"被举报号码：(\S+)", d.text)
        text = re.search(r"短信原文：(\S+)", d.text)
        assert number is not None and text is not None
        return number.group(1), text.group(1)

    # never the message the colleague's phone received: her receipt is hers to report
    assert "王丽娟" not in reported()[1] and "王丽娟" not in reported("15527893456")[1]
    # the number asked for, not another number of the same agency
    assert reported("17786541234") == ("17786541234", "【汇达】周晓雯，今晚12点前不还18,640元，明天我们就去你单位找你领导。")
    assert reported("15527893456") == ("15527893456", "周晓雯，再不还钱就把你的事发到你们公司群里。")


def test_a_complaint_about_the_lender_asks_whose_an_unlisted_number_naming_it_is() -> None:
    lender = Respondent("楚信消费金融有限公司", ("10690573088",))
    meta = CaseMeta(title="周晓雯", claimant_name="周晓雯", claimant_phone="13907125588", respondents=(lender,))
    shots = (
        _exhibit(1, "IMG_1.png", "10690573088", [
            ("22:40", "in", "【楚信消费金融】周晓雯女士，您的借款已逾期，请尽快还款。")], exif="2026-09-07T23:00:00"),
        _exhibit(2, "IMG_2.png", "13297461122", [
            ("23:48", "in", "周晓雯，你欠楚信消费金融的18,640元再不还，明天就发到你们公司群里。")], exif="2026-09-11T23:59:00"),
    )
    a = analyse(shots, meta, CaseSettings(lenders=(lender.name,)))
    for channel, said in (("lender", "核实号码13297461122是否由贵司或贵司委托的催收机构使用"),
                          ("12378", "核实号码13297461122是否由该机构或其委托的催收机构使用")):
        data = draft_input(a, shots, channel, "zh-Hans", bundle=BUNDLE)
        assert any(r.startswith(said) for r in requests_for(channels()[channel], data, "zh-Hans")), channel
    # a complaint about that number itself asks nothing of the kind
    data = draft_input(a, shots, "12321", "zh-Hans", bundle=BUNDLE, respondent="13297461122")
    assert "unidentified_sender" not in data.issues
