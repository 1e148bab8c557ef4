"""Who contacted the person and who demanded which sum (reviews 5 and 6): a header line with the
phone's location is a number; a phone number written in groups is no amount; the person's own
bank notices are no contacts and their payment debit no demand; the sums of one lender's debt
are kept per demanding party, and "not reduced after a payment" compares each party with itself,
each once."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from decimal import Decimal

from evidencekit.core.analysis.amounts import AmountRole, assign_roles, find_amounts
from evidencekit.core.analysis.chronology import one_time_code, own_account_notice, relevant_numbers
from evidencekit.core.analysis.contacts import Channel, Contact, ContactSource, Direction, TimeCertainty
from evidencekit.core.analysis.figures import case_figures
from evidencekit.core.analysis.labels import read_contacts
from evidencekit.core.analysis.parties import attribute, number_key, sender_label, split_sender
from evidencekit.core.export.model import ExhibitInput
from evidencekit.core.media.model import ExportFacts, ItemMedia, Record
from evidencekit.core.models import Respondent
from tests.core.export.test_summary import item

# ------------------------------------------------------------------ a header with the phone's location


def test_a_number_with_the_phone_s_location_line_is_that_number() -> None:
    for line in ("171 5678 1234 江苏苏州", "171 5678 1234 江苏 苏州", "17156781234 广东深圳 移动"):
        assert split_sender(line)[0] == ""
        assert number_key(line) == sender_label(line, "") == "17156781234"
    # a name before the number is still a name; a name alone too
    assert split_sender("安逸花 95188 8001") == ("安逸花", "95188 8001")
    assert split_sender("中國信託") == ("中國信託", "")


# ------------------------------------------------------------------ amounts


def _roles(text: str, yuan: str = "CNY") -> list[tuple[Decimal, AmountRole]]:
    return [(r.amount.value, r.role) for r in assign_roles(text, find_amounts(text, yuan=yuan, dollar="HKD"))]


def test_a_phone_number_written_in_groups_is_no_amount() -> None:
    assert _roles("李志強先生：閣下於本公司之欠款已逾期，請即致電3157 6620處理。卓越信貸管理", "HKD") == []
    assert _roles("请回电138-1234-5678处理") == []
    assert _roles("你欠的3860今天还") == [(Decimal("3860"), AmountRole.DEMANDED)]


def test_the_person_s_own_payment_debit_is_a_payment() -> None:
    text = "【南湖银行】您尾号5521的储蓄卡11月18日14:04快捷支付支出3,860.00元，余额8,120.33元。"
    assert (Decimal("3860.00"), AmountRole.PAID) in _roles(text)
    assert all(role is not AmountRole.DEMANDED for _, role in _roles(text))


# ------------------------------------------------------------------ the person's own banking


BANK_SMS, BANK_LINE, COLLECTOR_LINE, AGENCY = "106955660001", "4006695566", "4001112222", "106905556789"
BANK_NOTICES = (
    "【南湖银行】您尾号5521的储蓄卡11月05日12:00工资收入8,500.00元，余额12,340.56元。",
    "【南湖银行】您尾号5521的储蓄卡11月18日14:04快捷支付支出3,860.00元，余额8,120.33元。",
    "【南湖银行】尊敬的客户，您尾号8803的信用卡本期账单金额1,256.00元，最后还款日12月08日。",
)


def test_an_ordinary_notice_of_the_person_s_own_account_is_told_from_a_collection() -> None:
    assert all(own_account_notice(t) for t in BANK_NOTICES)
    assert not own_account_notice("【南湖银行】您尾号8803的信用卡已逾期30天，欠款1,256.00元，请立即还款。")
    assert not own_account_notice("【恒诺资产】李文静，你名下欠款4,250.00元已转我司处理。")


def _export(number: str, records: Sequence[Record]) -> ExhibitInput:
    it = item(f"export-{number}.xml", kind="text", mime="application/xml")
    facts = ExportFacts(format="smsbackup", records=len(records), by_kind={records[0].kind: len(records)},
                        offset="+08:00")
    return ExhibitInput(number=number, item=it, original=it.original_path,  # type: ignore[arg-type]
                        media=ItemMedia("export", facts, records=tuple(records)))


def test_the_person_s_bank_and_a_service_line_they_talked_to_are_not_the_case_s() -> None:
    sms = [Record(i, "sms", BANK_SMS, f"2026-11-0{i + 1}T12:00:00", "in", "received", t)  # type: ignore[arg-type]
           for i, t in enumerate(BANK_NOTICES)]
    sms.append(Record(3, "sms", AGENCY, "2026-11-07T23:15:00", "in", "received",  # type: ignore[arg-type]
                      "【恒诺资产】李文静，受快易花委托，你名下欠款4,250.00元已转我司处理。"))
    calls = [Record(0, "call", BANK_LINE, "2026-11-12T15:00:00", "in", "incoming", duration_s=45),  # type: ignore[arg-type]
             Record(1, "call", COLLECTOR_LINE, "2026-11-12T16:00:00", "in", "missed", duration_s=0),  # type: ignore[arg-type]
             Record(2, "call", COLLECTOR_LINE, "2026-11-12T16:05:00", "in", "missed", duration_s=0)]  # type: ignore[arg-type]
    keys = relevant_numbers((_export("1", sms), _export("2", calls)), (AGENCY,), (Respondent("恒诺资产", (AGENCY,)),))
    assert AGENCY in keys and COLLECTOR_LINE in keys  # an unknown 400 line calling unanswered stays the case's
    assert BANK_SMS not in keys and BANK_LINE not in keys
    # a line the person names for a respondent is the case's whatever its calls were
    assert BANK_LINE in relevant_numbers((_export("2", calls),), (BANK_LINE,))


def test_the_person_s_bank_sending_a_login_code_beside_its_notices_is_still_theirs() -> None:
    """Review9 #1: one login code from the person's own bank made its bill and its receipt the
    case's (a sum demanded, a payment, a party)."""
    texts = ("【南湖银行】验证码482913，您正在进行网上银行登录，5分钟内有效，切勿告知他人。",
             "【南湖银行】您尾号8803的信用卡本期账单金额1,256.00元，最低还款额125.60元，到期还款日11月20日。",
             "【南湖银行】您尾号8803信用卡11月18日还款1,256.00元已入账，感谢您的使用。")
    sms = [Record(i, "sms", BANK_SMS, f"2026-11-1{i}T09:00:00", "in", "received", t)  # type: ignore[arg-type]
           for i, t in enumerate(texts)]
    assert BANK_SMS not in relevant_numbers((_export("1", sms),), (AGENCY,), (Respondent("恒诺资产", (AGENCY,)),))
    # codes alone are no notice of the person's account: nothing says whose they are
    assert not own_account_notice(texts[0]) and one_time_code(texts[0])
    assert not one_time_code("【恒诺资产】验证码已发送，你名下欠款4,250.00元今天必须处理。")


# ------------------------------------------------------------------ who demanded what


LENDER = Respondent("富信財務有限公司", ("64528801",))
AGENCY_HK = Respondent("卓越信貸管理有限公司", ("51302247",))


def _c(n: int, number: str, text: str, day: int, hour: int = 10, out: bool = False) -> Contact:
    return Contact(dt.datetime(2026, 11, day, hour), TimeCertainty.EXACT, Channel.SMS,
                   Direction.OUT if out else Direction.IN, ContactSource("1", 1, None, n), counterpart=number,
                   respondent="" if out else attribute(number, text, (LENDER, AGENCY_HK)), text=text)


def test_each_party_s_demands_are_its_own_and_an_unreduced_demand_is_said_once() -> None:
    cs = [
        _c(0, "64528801", "【富信財務】陳小姐，你嘅欠款連逾期費共HK$6,000，請盡快還款。", 3),
        _c(1, "51302247", "陳小姐，本公司受富信財務委託追收你嘅欠款HK$9,800，請即處理。", 9),
        _c(2, "67890123", "陳小姐，你欠富信HK$12,000，今個禮拜唔清就等住。", 11),
        _c(3, "64528801", "已經轉咗HK$2,850入你哋戶口", 12, 15, out=True),
        _c(4, "64528801", "【富信財務】已收到閣下還款HK$2,850，尚欠HK$3,150，請於月底前繳清。", 12, 16),
        _c(5, "67890123", "你欠富信HK$12,000，唔還就上門。", 14),
        _c(6, "51302247", "陳小姐，你嘅欠款HK$9,800一日未還，我哋一日都會打。", 17),
        _c(7, "51302247", "Final reminder: HK$9,800 outstanding.", 23),
    ]
    f = case_figures(cs, read_contacts(cs, "陳嘉欣"), respondents=(LENDER, AGENCY_HK), lenders=(LENDER.name,),
                     jurisdiction="HK")
    (d,) = f.demanded
    assert d.lender == LENDER.name  # one lender's debt (the held-out cases' convention)
    got = {p.by: (p.distinct, p.latest) for p in d.parties}
    assert got == {"": ((Decimal("6000"), Decimal("3150")), Decimal("3150")),
                   AGENCY_HK.name: ((Decimal("9800"),), Decimal("9800")),
                   "67890123": ((Decimal("12000"),), Decimal("12000"))}
    assert d.parties[0].by == ""  # the lender's own first
    # the lender lowered its own demand; the agency and the unlisted number did not: each once,
    # though the payment is stated twice (the person's word and the receipt)
    assert sorted((u.by, u.value, u.at.day) for u in d.unreduced) == [
        ("67890123", Decimal("12000"), 14), (AGENCY_HK.name, Decimal("9800"), 17)]
