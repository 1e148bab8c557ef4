from __future__ import annotations

from datetime import datetime

import pytest

from evidencekit.core.analysis.facts import extract_facts

REF = datetime(2026, 11, 27, 10, 0)

# (id, text, kind, value, shown)
FACTS = [
    ("service-95", "详询95786，退订回T", "phone", "95786", "95786"),
    ("sms-gateway-106", "发送方106980095786", "phone", "106980095786", "106980095786"),
    ("hotline-400", "如有疑问请致电4008-123-456。", "phone", "4008123456", "4008-123-456"),
    ("hotline-400-3-3-4", "客服400-820-8820", "phone", "4008208820", "400-820-8820"),
    ("mobile-cn", "联系人13800138000", "phone", "+8613800138000", "13800138000"),
    ("landline-tw", "客服專線02-2182-1313。", "phone", "+886221821313", "02-2182-1313"),
    ("regulator-12378", "可拨打12378投诉", "phone", "12378", "12378"),
    ("yuan", "欠款3,560元", "amount", "3560.00 CNY", "3,560元"),
    ("yen-sign", "合计¥12,860元", "amount", "12860.00 CNY", "¥12,860元"),
    ("full-width-yen", "还款￥500", "amount", "500.00 CNY", "￥500"),
    ("rmb", "RMB 2000", "amount", "2000.00 CNY", "RMB 2000"),
    ("wan", "额度5万元", "amount", "50000.00 CNY", "5万元"),
    ("wan-qian-trad", "欠款共計3萬5千元", "amount", "35000.00 CNY", "3萬5千元"),
    ("ntd", "應繳金額NT$8,420元", "amount", "8420.00 TWD", "NT$8,420元"),
    ("decimal", "金额1,286.50元", "amount", "1286.50 CNY", "1,286.50元"),
    ("european-separators", "应还1.058,33元", "amount", "1058.33 CNY", "1.058,33元"),
    ("misread-thousands-mark", "应还1.058.33元", "amount", "1058.33 CNY", "1.058.33元"),
    ("hkd", "應繳HK$1,058.33", "amount", "1058.33 HKD", "HK$1,058.33"),
    ("hkd-after", "欠款300港元", "amount", "300.00 HKD", "300港元"),
    ("usd", "pay US$ 12.50 now", "amount", "12.50 USD", "US$ 12.50"),
    ("bare-dollar", "應繳$8,420", "amount", "8420.00 $", "$8,420"),
    ("url-https", "登录 https://m.zhaolian.example/bill 。", "url", "https://m.zhaolian.example/bill", "https://m.zhaolian.example/bill"),
    ("url-bare-domain", "戳 t.cn/A6x9k 领取", "url", "http://t.cn/A6x9k", "t.cn/A6x9k"),
    ("institution-bracket", "【招联金融】尊敬的客户", "institution", "招联金融", "【招联金融】"),
    ("institution-bank", "您在中国银行的账户", "institution", "中国银行", "中国银行"),
    ("card-tail", "您尾号6217的借款", "card_tail", "6217", "尾号6217"),
    ("card-tail-trad", "您尾號3381的信用卡", "card_tail", "3381", "尾號3381"),
    ("person-full", "【安逸花】李建国先生，您在我司", "person", "李建国", "李建国"),
    ("person-miss", "陳小姐，您的貸款", "person", "陳", "陳"),
    ("date-month-day", "还款日为11月28日", "date", "2026-11-28", "11月28日"),
    ("date-relative", "今天下午6点前", "date", "2026-11-27T18:00", "今天下午6点"),
]


@pytest.mark.parametrize(("text", "kind", "value", "shown"), [f[1:] for f in FACTS], ids=[f[0] for f in FACTS])
def test_fact_found(text: str, kind: str, value: str, shown: str) -> None:
    facts = [(f.kind, f.value, f.text) for f in extract_facts(text, REF)]
    assert (kind, value, shown) in facts


NOT_FACTS = [
    ("amount-not-phone", "欠款合计¥12,860元", "phone"),
    ("percent-not-amount", "日息低至0.02%", "amount"),
    ("split-number-not-amount", "应还1,05 8.33元", "amount"),
    ("customer-not-person", "尊敬的客户先生", "person"),
    ("url-digits-not-phone", "https://a.example/13800138000", "phone"),
]


@pytest.mark.parametrize(("text", "kind"), [f[1:] for f in NOT_FACTS], ids=[f[0] for f in NOT_FACTS])
def test_no_false_fact(text: str, kind: str) -> None:
    assert not [f for f in extract_facts(text, REF) if f.kind == kind]


@pytest.mark.parametrize(("text", "sent", "value"), [
    # a deadline ahead, in the message's words, is this year's (not last year's, as a phone's stamp would be)
    ("请于11月9日前还款4,250元", "2026-11-07T10:00", "2026-11-09"),
    ("1月5日前还清", "2026-12-20T10:00", "2027-01-05"),
    # a day long ahead is a past one
    ("你3月5日借的钱", "2026-11-07T10:00", "2026-03-05"),
    ("你12月28日借的钱", "2027-01-03T10:00", "2026-12-28"),
])
def test_a_date_without_a_year_in_a_message_is_the_nearest_deadline_or_past_day(text: str, sent: str, value: str) -> None:
    assert [f.value for f in extract_facts(text, datetime.fromisoformat(sent)) if f.kind == "date"] == [value]
