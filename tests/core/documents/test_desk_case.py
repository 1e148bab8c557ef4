"""Drafts as a complaint desk reads them (deskcase: a lender, the agency it engaged, a bank, a
number posing as a court; a demand after a confirmed payment; a screenshot of two exported SMS)."""

from __future__ import annotations

import re

import pytest

from evidencekit.core.analysis.casework import CaseAnalysis, analyse
from evidencekit.core.documents.fromcase import BundleRef, draft_input
from evidencekit.core.documents.render import render
from tests.core.documents.deskcase import (
    AGENCY, AGENT_NO, BANK, COURT, DEMAND_AFTER, FAKE_COURT, LENDER, META, NIGHT_THREAT, PAID, SETTINGS, exhibits,
)
from tests.core.analysis.casefixture import _exhibit

FP = "ef" * 32
BUNDLE = BundleRef(FP, "bundle.pdf", "2026-12-01T10:00:00Z", True)
# the number posing as a court, on a screenshot dated by nothing but its file's time (copied 11-28)
UNDATED = _exhibit(3, "IMG_4471.PNG", FAKE_COURT, [("昨天 下午2:22", "in", COURT)])
EXS = (*exhibits(), UNDATED)


@pytest.fixture(scope="module")
def case() -> CaseAnalysis:
    return analyse(EXS, META, SETTINGS)


def draft(case: CaseAnalysis, channel: str, *, fit: bool = True, respondent: str | None = None) -> str:
    data = draft_input(case, EXS, channel, "zh-Hans", bundle=BUNDLE, date="2026-12-04", respondent=respondent)
    return render(channel, data, "zh-Hans", fit=fit).text


@pytest.mark.parametrize("channel", ["12378", "lender"])
def test_a_desk_for_lenders_is_told_of_the_lender_with_its_agency_beside_it(case: CaseAnalysis, channel: str) -> None:
    text = draft(case, channel, fit=False)
    assert f"：{LENDER}（委托催收机构：{AGENCY}，{AGENT_NO}）\n" in text
    if channel == "12378":
        assert f"被投诉机构：{LENDER}（" in text and f"本投诉仅涉及一件事项：{LENDER}及其委托的催收机构{AGENCY}的催收行为。" in text
    else:
        assert text.startswith(f"致{LENDER}的投诉书\n")
    # what happened is the agency's doing and the lender's own (its notice meant for someone else),
    # each counted apart
    assert f"共有2个号码或机构联系本人8次：{AGENCY} 6次（证据1–2）；{LENDER} 2次（证据1）。" in text
    assert "“【易享贷】刘志强先生，您在我司的借款已逾期30天" in text


@pytest.mark.parametrize("channel", ["12315", "consumer_association"])
def test_a_consumer_desk_is_told_of_the_agency_with_the_lender_it_collects_for(case: CaseAnalysis, channel: str) -> None:
    # by default the case's lender, its agency named as acting for it (never an unlisted number);
    # before market regulation (12315), the agency, a company it registers, the lender named as
    # whom it acts for (the licensed lender answers to the financial regulator)
    text = draft(case, channel, fit=False)
    if channel == "12315":
        assert f"被投诉方：{AGENCY}（委托方：{LENDER}）\n被投诉方地址：上海市闵行区虹井路120号3楼\n" in text
    else:
        assert f"被投诉方：{LENDER}（委托催收机构：{AGENCY}）\n被投诉方地址：深圳市南山区科技园南区易享大厦18楼\n" in text
    assert "据本人了解" not in text and FAKE_COURT not in text.split("二、事实经过")[1].split("(1)")[0].split("另有")[0]
    # the number posing as a court is no respondent here: said as left out, as the evidence shows it
    assert f"另有发送号码{FAKE_COURT}的一方（该号码身份未确认）联系本人1次" in text
    assert COURT not in text  # and none of its messages is quoted as this complaint's facts
    text = draft(case, channel, fit=False, respondent=AGENCY)
    assert f"被投诉方：{AGENCY}（委托方：{LENDER}）\n被投诉方地址：上海市闵行区虹井路120号3楼\n" in text


def test_the_requests_answer_what_was_found(case: CaseAnalysis) -> None:
    # the agency and the lender it collects for: a demand for the sum after part of it was paid,
    # threats to tell the person's husband and employer, a claimed lawsuit; the lender's notice
    # meant for someone else
    text = draft(case, "consumer_association", fit=False)
    requests = text.split("一、投诉请求\n")[1].split("\n\n")[0].splitlines()
    assert requests == ["1. 督促被投诉方停止骚扰、威胁等不当催收行为",
                        "2. 核实并更正欠款金额：已确认收到的还款不得再计入催收金额",
                        "3. 不得联系本人的家人、同事等第三人，并删除所掌握的第三人联系方式",
                        "4. 核实消息中所称的“律师函”是否属实，不得以不实的法律后果相威胁",
                        "5. 督促被投诉方停止向本人号码发送他人的催收信息",
                        "6. 督促被投诉方不再将本人号码登记为他人的联系方式，并删除这一错误登记"]
    assert f"“{DEMAND_AFTER}”" in text  # the demand the first request rests on is quoted
    # the number posing as a court: who it is, and that it stop
    court = draft(case, "12315", fit=False, respondent=FAKE_COURT)
    # (named as the message names itself, with its number: never a document no message names)
    assert "2. 查明以“徐汇区人民法院执行局”名义发送信息的号码17189042267及其使用者，责令停止冒充行为" in court
    # the lender: its agency's conduct and its own notice meant for someone else; the reply in writing last
    own = draft(case, "lender", fit=False, respondent=LENDER)
    assert own.split("一、投诉请求\n")[1].split("\n\n")[0].splitlines() == [
        "1. 立即停止以骚扰、威胁方式联系本人",  # (third parties: request 3, as the findings show them)
        "2. 核实并更正欠款金额：已确认收到的还款不得再计入催收金额",
        "3. 不得联系本人的家人、同事等第三人，并删除所掌握的第三人联系方式",
        "4. 核实消息中所称的“律师函”是否属实，不得以不实的法律后果相威胁",
        "5. 停止向本人号码发送他人的催收信息", "6. 不再将本人号码登记为他人的联系方式，删除这一错误登记", "7. 书面答复处理结果"]
    # the bank, a lender of its own that no collector acts for: its own conduct only
    bank = draft(case, "lender", fit=False, respondent=BANK)
    assert "鼎诚资产" not in bank.split("二、事实经过")[1].split("三、")[0]


def test_a_shortened_text_says_so_and_keeps_the_worst(case: CaseAnalysis) -> None:
    full, short = draft(case, "12315", fit=False), draft(case, "12315")
    assert len(short) <= 1000 < len(full)
    assert "（因字数限制，另有1条消息从略，详见证据包。）" in short or "条消息因字数限制从略），详见证据包" in short
    assert f"“{NIGHT_THREAT}”" in short and f"“{DEMAND_AFTER}”" in short
    # each message once: the screenshot's copy is the export's record, cited with it
    assert short.count(NIGHT_THREAT) == 1 and "证据1（截图见证据2），2026-11-17 23:15" in short


def test_a_12321_report_quotes_the_export_and_cites_the_screenshot(case: CaseAnalysis) -> None:
    text = draft(case, "12321")
    assert len(text) <= 500
    assert f"被举报号码：{AGENT_NO}\n短信原文：{NIGHT_THREAT}\n接收时间：2026-11-17 23:15\n截图：证据2\n" in text
    assert "（原文取自手机导出的短信记录（证据1），未经改动）" in text and "推算" not in text
    assert "同一发送方的其他短信：\n(1) 证据1，2026-11-21 22:00" in text  # the others, the worst first
    # the rest said as left out (how many: as many as the reader holds serious beyond the two shown)
    left = re.search(r"\n（因字数限制，另有(\d+)条消息从略，详见证据包。）\n", text)
    assert left is not None and int(left.group(1)) >= 2
    # the other sender of threats is said to be left out of this report of one number
    assert f"以下号码也发送了威胁信息，本举报未包括，需另行举报：发送号码{FAKE_COURT}的一方（该号码身份未确认）" in text


def test_the_brief_counts_as_the_cover_and_names_everyone_and_the_payments(case: CaseAnalysis) -> None:
    text = draft(case, "lawyer", fit=False)
    assert f"共有4个号码或机构联系本人{case.figures.total}次" in text  # the cover's figure
    assert BANK in text.split("\n\n")[1]  # the bank among those named, though nothing is found against it
    assert f"- 2026-11-14 15:42 证据1：{LENDER}：还款成功通知：“{PAID}”" in text
    # the undated screenshot: its 形成时间 as the bundle's evidence list gives it, never a bare copy date
    line = next(x for x in text.splitlines() if x.startswith("证据3："))
    assert line.endswith("；形成时间：2026-11-28 14:33（依据文件时间，可能是复制时间）") or "不详" in line, line
