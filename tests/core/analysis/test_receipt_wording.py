"""A payment confirmed in Taiwan's and Hong Kong's wording ("已入帳", "已於…還款") is a receipt; a
reminder to pay by a date is not."""

from __future__ import annotations

import pytest

from evidencekit.core.analysis.figures import is_receipt

PAID = "【華信銀行】林美玲君您好，您於115年11月25日繳款新臺幣10,000元已入帳，目前尚欠新臺幣76,420元。"


@pytest.mark.parametrize(("text", "paid"), [
    (PAID, True),
    ("您已於11月25日還款新臺幣5,000元，謝謝。", True),
    ("已收到您的繳款新臺幣3,000元。", True),
    ("【中信银行】王女士，您的信用卡已于11月15日还款1,280.00元，感谢您的支持。", True),
    ("請於115年11月26日前繳納新臺幣86,420元。", False),
    ("您的帳款已於11月20日未繳款，請儘速處理。", False),
    ("您的借款已于11月1日到期，请还款。", False),
    # "您于…成功还款": a repayment made on a day; not a request to succeed before one
    ("【宜信消费】刘女士，您于2026年10月08日09:12成功还款1,500.00元，剩余应还6,200.00元。", True),
    ("请您于10月8日前成功还款，以免影响征信。", False),
])
def test_a_payment_confirmed_in_taiwan_wording_is_a_receipt(text: str, paid: bool) -> None:
    assert is_receipt(text) is paid
