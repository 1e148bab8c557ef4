"""A Taiwan case as a desk and a lawyer read it: a bank's card centre (its notices, a payment it
confirmed, "已入帳") and a collector's mobile the case knows by number only; the address the
person gave for the bank."""

from __future__ import annotations

import pytest

from evidencekit.core.analysis.case_settings import CaseSettings
from evidencekit.core.analysis.casework import CaseAnalysis, analyse
from evidencekit.core.documents import render
from evidencekit.core.documents.fromcase import BundleRef, draft_input
from evidencekit.core.media.model import Record
from evidencekit.core.models import CaseMeta, Respondent
from tests.core.analysis.casefixture import _exhibit
from tests.core.documents.test_lender_and_collector import _export

BANK, BANK_NO, AGENT_NO = "華信商業銀行", "0911510888", "0987111222"
META = CaseMeta(title="華信銀行催收", claimant_name="林美玲", claimant_phone="0912345678",
                respondents=(Respondent(BANK, (BANK_NO,)),), language="zh-Hant")
SETTINGS = CaseSettings(jurisdiction="TW", lenders=(BANK,), respondent_addresses={BANK: "臺北市松山區敦化北路200號"})
PAID = "【華信銀行】林美玲君您好，您於115年11月25日繳款新臺幣10,000元已入帳，目前尚欠新臺幣76,420元。"
LIE = "妳一毛錢都沒還，再不還我們就移送臺北地檢署告妳詐欺。"
SMS = [
    ("2026-11-23 09:30:00", BANK_NO, "in", "【華信銀行】林美玲君您好，您的信用卡帳款新臺幣86,420元已逾期，請於115年11月26日前繳納。"),
    ("2026-11-23 22:35:10", AGENT_NO, "in", "林小姐，妳的卡債NT$86,420再不處理，明天直接去妳公司找主管。"),
    ("2026-11-25 11:00:00", BANK_NO, "in", PAID),
    ("2026-11-26 10:15:00", AGENT_NO, "in", LIE),
]
BUNDLE = BundleRef("ef" * 32, "bundle.pdf", "2026-12-01T10:00:00Z", True)
EXS = (_export("1", "sms-20261128.xml", tuple(
    Record(k, "sms", no, t.replace(" ", "T"), side, "received", text) for k, (t, no, side, text) in enumerate(SMS))),
       # the collector's thread photographed on the phone (the export's two messages again)
       _exhibit(2, "Screenshot_20261126-103000.png", AGENT_NO, [("11月23日 22:35", "in", SMS[1][3]), ("10:15", "in", LIE)]))


@pytest.fixture(scope="module")
def case() -> CaseAnalysis:
    return analyse(EXS, META, SETTINGS)


def test_the_brief_sets_the_confirmed_payment_beside_the_claim_nothing_was_paid(case: CaseAnalysis) -> None:
    data = draft_input(case, EXS, "lawyer", "zh-Hant", bundle=BUNDLE, date="2026-12-04")
    text = render("lawyer", data, "zh-Hant").text
    # the receipt in the timeline, before the message saying nothing was paid (民國 dates, with the
    # bundle's ISO date beside them)
    assert f"- 民國115年11月25日 11:00（2026-11-25） 證據1：{BANK}：還款成功通知：「{PAID}」\n" in text
    timeline = text.split("一、")[1].split("主要訊息")[0]
    assert timeline.index(PAID) < timeline.index("- 民國115年11月26日 10:15（2026-11-26） 證據")


@pytest.mark.parametrize("channel", ["tw-consumers-foundation", "tw-1950"])
def test_the_banks_address_is_given_where_the_bank_is_named(case: CaseAnalysis, channel: str) -> None:
    # the collector known by number only is never said to collect for the bank (the person did not
    # say so); a complaint about the bank (the lender the person set: the default) names it, with
    # its address, and leaves the number out, saying so
    d = render(channel, draft_input(case, EXS, channel, "zh-Hant", bundle=BUNDLE, respondent=AGENT_NO), "zh-Hant",
               fit=False)
    assert "據本人了解" not in d.text and f"被申訴人：{BANK}" not in d.text
    d = render(channel, draft_input(case, EXS, channel, "zh-Hant", bundle=BUNDLE), "zh-Hant", fit=False)
    assert f"被申訴人：{BANK}\n" in d.text and "據本人了解" not in d.text
    assert f"另有發送號碼{AGENT_NO}的一方（該號碼身分未確認" in d.text
    assert d.fields["respondent_address"] == "臺北市松山區敦化北路200號"
    assert "被申訴人地址：臺北市松山區敦化北路200號\n" in d.text


def test_a_police_report_is_about_the_sender_of_the_threats_alone(case: CaseAnalysis) -> None:
    # the collector's threat is reported; the bank's notices and its receipt are no part of it
    text = render("tw-165", draft_input(case, EXS, "tw-165", "zh-Hant", bundle=BUNDLE, date="2026-12-04"),
                  "zh-Hant").text
    assert LIE in text
    # two messages, each both in the export and on the screenshot ("10:15" under "11月23日 22:35" is
    # the screenshot's own day, 11-26, not 11-23: review9 #4; it counted a third, phantom contact)
    assert f"發送號碼{AGENT_NO}的一方共聯絡本人2次" in text and f"{BANK} 2次" not in text


def test_an_application_to_the_ombudsman_asks_for_the_complaint_made_to_the_bank_first(case: CaseAnalysis) -> None:
    # 金融消費者保護法第13條: the complaint to the bank comes first; only the person knows its date and answer
    text = render("tw-foi", draft_input(case, EXS, "tw-foi", "zh-Hant", bundle=BUNDLE), "zh-Hant", fit=False).text
    assert "已向金融機構申訴的日期及處理結果：【請填寫：已向金融機構申訴的日期及處理結果】\n" in text
    assert "請於「已向金融機構申訴的日期及處理結果」一欄填寫" in text
