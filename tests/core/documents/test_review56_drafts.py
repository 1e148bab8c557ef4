"""Desk reviews 5 and 6: whom a draft is about by default, what it quotes first, what its requests
name, the 12321 screenshot field, and a Hong Kong money-lenders draft (the lender's address, its
licence number, dates as a Hong Kong letter writes them)."""

from __future__ import annotations

from dataclasses import replace

import pytest

from evidencekit.core.analysis.casework import CaseAnalysis, analyse
from evidencekit.core.documents.fromcase import _licence_number, _shown_again, draft_input
from evidencekit.core.documents.render import render
from tests.core.documents import deskcase as cn
from tests.core.documents import test_lender_and_collector as hk

LICENSED = "[Fortune Credit] Reminder: HK$48,600.00 is overdue. 放債人牌照號碼：0123/2026"
SUMMONS = ("【上海市浦东新区人民法院】传票：王芳因借款合同纠纷被起诉，案号(2026)沪0115民初88888号，"
           "请于11月20日前到庭应诉，逾期将强制执行并拘留15日。")


@pytest.fixture(scope="module")
def case() -> CaseAnalysis:
    return analyse(cn.exhibits(), cn.META, cn.SETTINGS)


@pytest.fixture(scope="module")
def hk_case() -> CaseAnalysis:
    return analyse(hk.EXS, hk.META, hk.SETTINGS)


def _draft(case: CaseAnalysis, channel: str, lang: str = "zh-Hans", *, fit: bool = False, **kw: object) -> str:
    data = draft_input(case, cn.exhibits(), channel, lang, bundle=hk.BUNDLE, date="2026-12-04", **kw)  # type: ignore[arg-type]
    return render(channel, data, lang, fit=fit).text


# ------------------------------------------------------------------ 1. whom a draft is about


@pytest.mark.parametrize("channel", ["lender", "12378", "12315", "consumer_association"])
def test_a_desk_draft_is_about_the_lender_with_its_agency_never_an_unlisted_number(case: CaseAnalysis,
                                                                                  channel: str) -> None:
    text = _draft(case, channel)
    field = next(line for line in text.splitlines() if line.startswith(("被投诉方：", "被投诉机构：")))
    # (market regulation, 12315: the agency it registers, with the lender it acts for)
    assert field.split("：", 1)[1].startswith(f"{cn.AGENCY}（委托方：{cn.LENDER}" if channel == "12315"
                                             else f"{cn.LENDER}（委托催收机构：{cn.AGENCY}")
    assert "据本人了解" not in text and "为其催收" not in text
    # it quotes only the lender's and its agency's messages as its facts; the unlisted number is
    # said to be left out, as the evidence shows it
    facts = text.split("二、事实经过")[1].split("三、")[0]
    assert cn.COURT not in facts and f"另有发送号码{cn.FAKE_COURT}的一方（该号码身份未确认）" in facts
    if channel in ("12378", "12315"):
        assert f"本投诉仅涉及一件事项：{cn.LENDER}及其委托的催收机构{cn.AGENCY}的催收行为。" in text


def test_a_report_to_the_police_covers_every_sender_of_threats(case: CaseAnalysis) -> None:
    text = _draft(case, "hk-police", "zh-Hant")
    field = next(line for line in text.splitlines() if line.startswith("涉嫌人士："))
    assert cn.AGENCY in field and cn.FAKE_COURT in field and "身分未確認" in field
    numbers = next(line for line in text.splitlines() if line.startswith("發送恐嚇訊息的號碼："))
    # only numbers that sent threatening messages: not the lender's, nor a call line
    assert cn.AGENT_NO in numbers and cn.FAKE_COURT in numbers and cn.LENDER_NO not in numbers
    assert cn.COURT in text and cn.NIGHT_THREAT in text
    # one sender asked for: the others that threatened are said to be left out
    one = _draft(case, "hk-police", "zh-Hant", respondent=cn.AGENT_NO)
    assert f"本報案未包括以下發送方的恐嚇：發送號碼{cn.FAKE_COURT}的一方（該號碼身分未確認）" in one


# ------------------------------------------------------------------ 2. what is quoted first


def test_the_stop_request_payment_and_later_demand_come_before_lesser_items(case: CaseAnalysis) -> None:
    data = draft_input(case, cn.exhibits(), "12315", "zh-Hans", bundle=hk.BUNDLE)
    by_rank = [q.text for q in sorted(data.quotes, key=lambda q: q.rank)]
    assert by_rank[0] == cn.STOP and by_rank[1] == cn.DEMAND_AFTER
    assert cn.PAID in by_rank[:5]
    # labelled as the person's request, not as a reply
    stop = next(q for q in data.quotes if q.text == cn.STOP)
    assert stop.sender.startswith("本人要求停止联系")
    # the short form keeps them
    short = render("12315", data, "zh-Hans").text
    assert len(short) <= 1000 and cn.STOP in short and cn.DEMAND_AFTER in short
    for channel in ("consumer_association", "12378", "lender"):
        assert cn.STOP in _draft(case, channel, fit=True), channel


# ------------------------------------------------------------------ 3. requests name what was claimed


def test_the_requests_name_the_documents_and_bodies_the_messages_claimed() -> None:
    rows = [*cn.SMS[:2], ("2026-11-12 14:22:00", cn.FAKE_COURT, "in", SUMMONS), *cn.SMS[3:]]
    exs = (cn.export_exhibit(rows=rows), *cn.exhibits()[1:])
    case = analyse(exs, cn.META, cn.SETTINGS)
    data = draft_input(case, exs, "12315", "zh-Hans", respondent=cn.FAKE_COURT)
    text = render("12315", data, "zh-Hans", fit=False).text
    assert "（案号(2026)沪0115民初88888号）" in text
    assert "律师函" not in text.split("一、投诉请求")[1].split("二、")[0]  # no message of it names one
    assert f"查明以“上海市浦东新区人民法院”（案号(2026)沪0115民初88888号）名义发送信息的号码{cn.FAKE_COURT}" in text


# ------------------------------------------------------------------ 4. the 12321 screenshot field


def test_a_screenshot_showing_the_quoted_message_is_cited_though_not_linked(case: CaseAnalysis) -> None:
    i = next(k for k, c in enumerate(case.contacts) if c.text == cn.NIGHT_THREAT)
    c = replace(case.contacts[i], extra={})
    shot = replace(c, source=replace(c.source, exhibit="9", message_index=0))
    assert _shown_again([c, shot], 0) == ("9",)
    assert _shown_again([c, replace(shot, text="好")], 0) == ()


# ------------------------------------------------------------------ 5. Hong Kong money lenders


def test_the_money_lenders_draft_is_about_the_lender_with_its_licence_number(hk_case: CaseAnalysis) -> None:
    data = draft_input(hk_case, hk.EXS, "hk-money-lenders", "zh-Hant", bundle=hk.BUNDLE, date="2026-12-04")
    assert data.respondent.name == hk.LENDER and [a.name for a in data.agents] == [hk.AGENCY]
    text = render("hk-money-lenders", data, "zh-Hant", fit=False).text
    assert f"被投訴機構：{hk.LENDER}（委託收數公司：{hk.AGENCY}）" in text  # Hong Kong says 收數公司
    # no message states the licence: a marked blank for it
    assert "放債人牌照號碼：【請填寫：放債人牌照號碼（如知道）】" in text
    assert "日期：2026年12月4日" in text
    # one that does: the number filled in
    i = next(k for k, c in enumerate(hk_case.contacts) if c.text == hk.OWN_NOTICE)
    contacts = list(hk_case.contacts)
    contacts[i] = replace(contacts[i], text=LICENSED)
    assert _licence_number([i], contacts) == "0123/2026"
    filled = render("hk-money-lenders", replace(data, licence_number="0123/2026"), "zh-Hant", fit=False).text
    assert "放債人牌照號碼：0123/2026\n" in filled


def test_a_hong_kong_lenders_desk_gets_a_complaint_in_hong_kongs_words(hk_case: CaseAnalysis) -> None:
    # the title names the document as its fields do (投訴書 beside 投訴人, not Taiwan's 申訴書)
    data = draft_input(hk_case, hk.EXS, "lender", "zh-Hant", bundle=hk.BUNDLE, date="2026-12-04")
    text = render("lender", data, "zh-Hant", fit=False).text
    assert text.startswith(f"致{hk.LENDER}的投訴書\n")
    assert "申訴" not in text and "催收機構" not in text


def test_the_lawyers_brief_calls_the_person_the_client(case: CaseAnalysis) -> None:
    for lang, word in (("zh-Hans", "当事人姓名："), ("zh-Hant", "當事人姓名："), ("en", "Client's name: ")):
        text = _draft(case, "lawyer", lang)
        assert word in text and "投诉人" not in text and "投訴人" not in text and "申訴人" not in text
