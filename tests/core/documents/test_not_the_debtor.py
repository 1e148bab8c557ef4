"""A person who owes nothing: a recycled number that still gets its previous owner's overdue notices
from a lender and the agency collecting for it (review9 #2, #5, #9). Every complaint asks that all
contact with the number stop and the number come off the debtor's file, never words a debtor's
requests ("本人在贵司的借款", "本人债务", a blank loan account number); the facts say once that the
person is not the borrower and told them so, and that they went on after the request to stop; a
short form keeps both; the call log's row of the call asking them to stop is among the exhibits
cited. A person who owes the lender and also got somebody else's notice from it is still a debtor.

The messages are the phone's SMS export (exhibit 1); the call asking the lender to stop is in a
call-log export of its own (exhibit 2)."""

from __future__ import annotations

import re

import pytest

from evidencekit.core.analysis.case_settings import CaseSettings
from evidencekit.core.analysis.casework import CaseAnalysis, analyse
from evidencekit.core.documents import LANGUAGES, render
from evidencekit.core.documents.fromcase import BundleRef, covered, draft_input, find_respondent, owes_nothing
from evidencekit.core.documents.render import channels
from evidencekit.core.export.model import ExhibitInput
from evidencekit.core.media.model import Record
from evidencekit.core.models import CaseMeta, Respondent
from tests.core.documents.test_lender_and_collector import _export

LENDER, AGENCY = "信达消费金融有限公司", "恒远资产管理有限公司"
LENDER_NO, LENDER_LINE, AGENT_NO, FORGER = "106905551234", "4006665555", "17300001111", "16600009999"
ME, OTHER = "13800002222", "王建华"
META = CaseMeta(title="旧号码的催收", claimant_name="陈静", claimant_phone=ME,
                respondents=(Respondent(LENDER, (LENDER_NO, LENDER_LINE)), Respondent(AGENCY, (AGENT_NO,))))
SETTINGS = CaseSettings(stop_requested_at="2026-11-15 09:40", stop_basis="本人致电信达客服（通话录音）",
                        jurisdiction="CN", lenders=(LENDER,), claimant_address="深圳市南山区某路1号",
                        claimant_id_type="身份证", claimant_id_number="440305199001011234",
                        respondent_addresses={LENDER: "深圳市福田区某大厦20楼", AGENCY: "广州市天河区某路9号"})
SUMMONS = ("【深圳市南山区人民法院】传票：被告王建华拖欠信达消费金融有限公司借款人民币8,600.00元，本院已立案，"
           "限于11月18日前到庭，逾期将强制执行。")
NOT_MINE = [  # (local time, number, in/out, text)
    ("2026-11-08 10:00:00", LENDER_NO, "in", "【信达消费金融】王建华先生，您的借款已逾期10天，欠款¥8,600.00，请尽快还款，以免影响征信。"),
    ("2026-11-08 10:12:00", LENDER_NO, "out", "你好，我不是王建华，这个号码是我新办的，请更正你们的记录。"),
    ("2026-11-10 21:30:00", AGENT_NO, "in", "【恒远资产】王建华，受信达消费金融委托，你的欠款¥8,600.00已转我司处理，请今日结清。"),
    ("2026-11-10 21:41:00", AGENT_NO, "out", "我不是王建华，不认识这个人，请不要再发。"),
    ("2026-11-12 23:10:00", AGENT_NO, "in", "你别装不认识王建华，你不叫他还钱，我们明天就去你家门口等你。"),
    ("2026-11-13 15:00:00", FORGER, "in", SUMMONS),
    ("2026-11-16 22:45:00", AGENT_NO, "in", "王建华欠钱不还，你包庇他，再不处理我们就告诉你单位同事和你家人。"),
    ("2026-11-17 09:00:00", LENDER_NO, "in", "【信达消费金融】王建华先生，您的借款已逾期19天，请立即还款。"),
    ("2026-11-18 23:20:00", AGENT_NO, "in", "王建华一天不还钱，我们就一天找你，半夜也打。"),
]
#: the person's own call to the lender's line asking it to stop (the settings' time)
STOP_CALL = ("2026-11-15 09:40:00", LENDER_LINE, "out", "outgoing")
BUNDLE = BundleRef("ef" * 32, "bundle.pdf", "2026-12-01T10:00:00Z", True)
COMPLAINTS = ("lender", "consumer_association", "12315", "12378")


def exhibits(rows: list[tuple[str, str, str, str]]) -> tuple[ExhibitInput, ...]:
    sms = tuple(Record(k, "sms", no, t.replace(" ", "T"), side, "received" if side == "in" else "sent", text)
                for k, (t, no, side, text) in enumerate(rows))
    t, no, side, status = STOP_CALL
    calls = (Record(0, "call", no, t.replace(" ", "T"), side, status, duration_s=95.0),)
    return (_export("1", "sms-20261128.xml", sms), _export("2", "calls-20261128.xml", calls))


EXS = exhibits(NOT_MINE)


@pytest.fixture(scope="module")
def case() -> CaseAnalysis:
    return analyse(EXS, META, SETTINGS)


def _group(case: CaseAnalysis, who: str) -> frozenset[str]:
    return covered(case, find_respondent(case, who))


def test_owing_nothing_is_decided_from_the_readings(case: CaseAnalysis) -> None:
    unowed = owes_nothing(case, _group(case, LENDER))
    assert unowed is not None
    assert unowed.debtors == (OTHER,) and unowed.lenders == (LENDER,)
    # the person's two replies saying so, to the lender and to its agency, in time order
    assert [case.contacts[i].text[:8] for i in unowed.replies] == ["你好，我不是王建", "我不是王建华，不"]
    # the agency alone (a complaint about it covers the lender it collects for): the same
    assert owes_nothing(case, _group(case, AGENCY)) == unowed


def _with(*rows: tuple[str, str, str, str]) -> CaseAnalysis:
    return analyse(exhibits(NOT_MINE + list(rows)), META, SETTINGS)


@pytest.mark.parametrize("row", [
    # the lender writes to the person by her own name of her own loan: a debtor who also got
    # somebody else's notice
    ("2026-11-09 10:00:00", LENDER_NO, "in", "【信达消费金融】陈静女士，您的借款已逾期5天，应还¥3,200.00，请尽快还款。"),
    # a notice that names nobody, not answered as somebody else's: nothing says it is not hers
    ("2026-11-09 10:00:00", LENDER_NO, "in", "【信达消费金融】您的借款已逾期5天，应还¥3,200.00，请尽快还款。"),
    # her own word that she paid them
    ("2026-11-09 12:00:00", AGENT_NO, "out", "我昨天已经还了3,200元，请核实。"),
], ids=["named-her", "named-nobody", "she-paid"])
def test_a_person_who_may_owe_them_is_a_debtor(row: tuple[str, str, str, str]) -> None:
    case = _with(row)
    assert owes_nothing(case, _group(case, LENDER)) is None
    data = draft_input(case, exhibits(NOT_MINE + [row]), "lender", "zh-Hans", bundle=BUNDLE, date="2026-12-01")
    assert data.not_debtor is None
    text = render("lender", data, "zh-Hans", fit=False).text
    # the requests about the notices meant for someone else, as before; no word that she owes nothing
    assert "停止向本人号码发送他人的催收信息" in text and "借款人，与该笔债务无关" not in text
    assert "无（本人不是借款人）" not in text and f"从{OTHER}的档案中移除" not in text


def test_a_debtor_with_another_persons_notice_keeps_the_debtors_requests() -> None:
    own = ("2026-11-09 10:00:00", LENDER_NO, "in", "【信达消费金融】陈静女士，您的借款已逾期5天，应还¥3,200.00，请尽快还款。")
    case = _with(own)
    for cid in COMPLAINTS:
        data = draft_input(case, exhibits(NOT_MINE + [own]), cid, "zh-Hans", bundle=BUNDLE, date="2026-12-01")
        text = render(cid, data, "zh-Hans", fit=False).text
        assert "停止以任何方式联系本人号码" not in text and f"从{OTHER}的档案中移除" not in text, cid


#: What a complaint for a person who owes nothing never says (a debtor's wording), per language.
DEBTOR_WORDS = {
    "zh-Hans": ("本人在贵司的借款", "本人在该机构的借款", "本人债务", "本人的借款信息", "骚扰、威胁方式", "贷款账户号码（如知道）"),
    "zh-Hant": ("本人在貴公司的借款", "本人在該機構的借款", "本人債務", "本人的借款資訊", "騷擾、威脅方式", "貸款帳戶號碼（如知道）"),
    "en": ("my loan with", "my debt", "my loan details", "harassment or threats", "harassing and threatening",
           "loan account number, if known"),
}
STOP_ALL = {"zh-Hans": "停止以任何方式联系本人号码13800002222", "zh-Hant": "停止以任何方式聯絡本人號碼13800002222",
            "en": "stop all contact with my number 13800002222"}
OFF_FILE = {"zh-Hans": "将本人号码从王建华的档案中移除", "zh-Hant": "將本人號碼從王建华的檔案中移除",
            "en": "take my number off the file of 王建华"}
DELETE = {"zh-Hans": "删除本人号码及任何将本人与该笔债务关联的信息", "zh-Hant": "刪除本人號碼及任何將本人與該筆債務關聯的資料",
          "en": "delete my number and anything linking me to that debt"}
LOOK_INTO = {"zh-Hans": "向非借款人催收的行为", "zh-Hant": "向非借款人催收的行為", "en": "who am not the borrower"}
IN_WRITING = {"zh-Hans": "书面答复处理结果", "zh-Hant": "書面答覆處理結果", "en": "reply in writing"}
NOT_BORROWER = {"zh-Hans": "本人不是王建华，也不是信达消费金融有限公司的借款人，与该笔债务无关，已于2026-11-08、2026-11-10告知对方（证据1）。",
                "zh-Hant": "本人不是王建华，也不是信达消费金融有限公司的借款人，與該筆債務無關，已於2026-11-08、2026-11-10告知對方（證據1）。",
                "en": "I am not 王建华, nor a borrower of 信达消费金融有限公司: the debt is not mine, and I told them so on "
                      "2026-11-08, 2026-11-10 (exhibit 1)."}
ASKED_TO_STOP = {"zh-Hans": "本人于2026-11-15 09:40要求停止联系（证据2），此后仍被联系",
                 "zh-Hant": "本人於2026-11-15 09:40要求停止聯絡（證據2），此後仍被聯絡",
                 "en": "I asked them to stop on 2026-11-15 09:40 (exhibit 2); they contacted me"}
ALL = [(c, lang) for c in COMPLAINTS for lang in LANGUAGES]


@pytest.mark.parametrize(("channel", "lang"), ALL, ids=[f"{c}-{lang}" for c, lang in ALL])
def test_a_complaint_for_a_person_who_owes_nothing(case: CaseAnalysis, channel: str, lang: str) -> None:
    data = draft_input(case, EXS, channel, lang, bundle=BUNDLE, date="2026-12-01")
    assert data.not_debtor is not None and data.accounts == ()
    for fit in (False, True):
        d = render(channel, data, lang, fit=fit)
        text = d.text
        assert len(text) <= channels()[channel].limit or not fit
        low = text.lower()
        assert not [w for w in DEBTOR_WORDS[lang] if w.lower() in low], (channel, fit, text)
        for want in (STOP_ALL, OFF_FILE, DELETE, LOOK_INTO, IN_WRITING):
            assert want[lang].lower() in low, (want[lang], channel, fit, text)
        # said once, in the facts, whatever a short form leaves out; the request to stop with the
        # call log's row that proves it (exhibit 2, cited among the complaint's exhibits)
        assert text.count(NOT_BORROWER[lang]) == 1, (channel, fit, text)
        assert text.count(ASKED_TO_STOP[lang]) == 1, (channel, fit, text)
        assert "2" in d.exhibits_cited and "2" in [e.number for e in data.exhibits]
    # the lender's own desk: no blank for a loan account she does not have
    if "account_number" in channels()[channel].fields:
        assert render(channel, data, lang).fields["account_number"] == {
            "zh-Hans": "无（本人不是借款人）", "zh-Hant": "無（本人不是借款人）", "en": "None (I am not a borrower)"}[lang]


def test_the_count_after_the_stop_is_the_findings(case: CaseAnalysis) -> None:
    data = draft_input(case, EXS, "12378", "zh-Hans", bundle=BUNDLE)
    counted = sum(int(f.facts["count"]) for f in data.findings if f.rule_id == "after-stop")
    assert data.stop is not None and data.stop.after == counted > 0
    assert data.stop.exhibits == ("2",) and data.stop.time == "2026-11-15 09:40"


def test_the_forged_summons_is_asked_about_as_somebody_elses_debt(case: CaseAnalysis) -> None:
    # a number nobody listed sent a "court summons" naming the lender's debtor: the lender is asked
    # whose number it is, in words that never make the debt the person's
    data = draft_input(case, EXS, "lender", "zh-Hans", bundle=BUNDLE)
    assert data.unidentified_numbers == (FORGER,)
    text = render("lender", data, "zh-Hans", fit=False).text
    line = next(ln for ln in text.splitlines() if FORGER in ln and ln[:1].isdigit())
    assert "以他人在贵司的欠款向本人号码催收" in line and "“传票”" in line, line


def test_a_short_form_keeps_the_sentences_before_the_quotes(case: CaseAnalysis) -> None:
    # more threats than a short box holds: quotes give way, the two sentences never
    more = [(f"2026-11-{d} 23:{m:02d}:00", AGENT_NO, "in", f"王建华不还钱，我们第{d}{m}次找你，明天上你家。")
            for d in (19, 20, 21) for m in (5, 25, 45)]
    rows = NOT_MINE + more
    a = analyse(exhibits(rows), META, SETTINGS)
    for cid in ("12315", "12378"):
        for lang in ("zh-Hans", "zh-Hant"):
            data = draft_input(a, exhibits(rows), cid, lang, bundle=BUNDLE)
            d = render(cid, data, lang)
            assert d.shortened and "quotes" in d.shortened and len(d.text) <= channels()[cid].limit
            assert NOT_BORROWER[lang] in d.text and ASKED_TO_STOP[lang] in d.text, d.text
            facts = d.text.split(NOT_BORROWER[lang])[1]
            # (first, before the counts and the quotes)
            assert facts.index(ASKED_TO_STOP[lang]) < facts.index("(1)" if "(1)" in facts else "\n")


def test_the_brief_says_it_and_dates_the_request_to_stop_by_its_exhibit(case: CaseAnalysis) -> None:
    text = render("lawyer", draft_input(case, EXS, "lawyer", "zh-Hans", bundle=BUNDLE), "zh-Hans", fit=False).text
    assert text.count(NOT_BORROWER["zh-Hans"]) == 1
    assert re.search(r"^- 2026-11-15 09:40 证据2：本人要求停止联系$", text, re.M), text


def test_a_debtors_complaint_has_its_request_to_stop_too() -> None:
    # the same case with her own loan notice: a debtor; the request to stop and its proof said all the same
    own = ("2026-11-09 10:00:00", LENDER_NO, "in", "【信达消费金融】陈静女士，您的借款已逾期5天，应还¥3,200.00，请尽快还款。")
    a = _with(own)
    data = draft_input(a, exhibits(NOT_MINE + [own]), "12378", "zh-Hans", bundle=BUNDLE)
    d = render("12378", data, "zh-Hans")
    assert data.not_debtor is None and ASKED_TO_STOP["zh-Hans"] in d.text and "2" in d.exhibits_cited
    assert "借款人，与该笔债务无关" not in d.text and "2" in [e.number for e in data.exhibits]
