"""What is still asked after a payment: a receipt settles the demand it answers, not the next one
of the same size; a sum asked again unchanged after a payment is said, with its exhibits."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from evidencekit.core.analysis.classify import read_message
from evidencekit.core.analysis.contacts import Channel, Contact, ContactSource, Direction, TimeCertainty
from evidencekit.core.analysis.figures import CaseFigures, case_figures
from evidencekit.core.models import Respondent

LENDER = Respondent("易享贷", ("106908881234",))
AGENCY = Respondent("鼎诚资产", ("17055501234",))


def _sms(n: int, number: str, text: str, day: int, hour: int, *, respondent: str,
         direction: Direction = Direction.IN, export_row: bool = True) -> Contact:
    # rows of one SMS export share an exhibit and have no message index
    source = ContactSource("5", 5, None, n) if export_row else ContactSource(str(n), n, 0)
    return Contact(dt.datetime(2026, 11, day, hour), TimeCertainty.EXACT, Channel.SMS, direction, source,
                   counterpart=number, respondent=respondent, text=text)


def _figures(cs: list[Contact]) -> CaseFigures:
    readings = {i: read_message(c.text, side=c.direction.value, claimant_name="王芳") for i, c in enumerate(cs)}
    return case_figures(cs, readings, respondents=(LENDER, AGENCY), lenders=(LENDER.name,))


CASE = [
    _sms(1, "106908881234", "【易享贷】王芳您好，您的借款第3期应还2,316.40元已逾期2天，请尽快登录APP还款。", 9, 10,
         respondent=LENDER.name),
    _sms(2, "17055501234", "【鼎诚资产】王芳，受易享贷委托通知你：你的欠款4,632.80元已严重逾期，请今天处理。", 10, 11,
         respondent=AGENCY.name),
    _sms(3, "106908881234", "【易享贷】王芳您好，您已成功还款2,316.40元（第3期），剩余待还2,316.40元，感谢您的支持。",
         14, 15, respondent=LENDER.name),
    _sms(4, "17055501234", "【鼎诚资产】请你今天内还清欠款4,632.80元，否则后果自负。", 16, 10, respondent=AGENCY.name),
    _sms(5, "106908881234", "【易享贷】王芳您好，您剩余待还2,316.40元已逾期，请尽快登录APP还款。", 18, 8,
         respondent=LENDER.name),
]


def test_a_receipt_does_not_settle_a_later_demand_of_the_same_size() -> None:
    f = _figures(CASE)
    (d,) = f.demanded
    assert d.lender == LENDER.name
    assert d.latest == Decimal("2316.40") and d.latest_at == dt.datetime(2026, 11, 18, 8)
    assert not d.settled  # paid on the 14th; the same sum asked again on the 18th is still owed


def test_a_receipt_after_the_latest_demand_settles_it() -> None:
    f = _figures(CASE[:3])
    (d,) = f.demanded
    assert d.latest == Decimal("2316.40") and d.settled


def test_a_sum_asked_again_unchanged_after_a_payment_is_said() -> None:
    (d,) = _figures(CASE).demanded
    (u,) = d.unreduced
    assert (u.paid, u.paid_at, u.value, u.at) == (Decimal("2316.40"), dt.datetime(2026, 11, 14, 15),
                                                  Decimal("4632.80"), dt.datetime(2026, 11, 16, 10))
    assert u.paid_exhibits == ("5",) and u.exhibits == ("5",)
    # the agency's unchanged sum, beside the lower balance the lender's own receipt gave
    assert (u.by, u.owner_after, u.owner_after_exhibits) == (AGENCY.name, Decimal("2316.40"), ("5",))


def test_the_next_instalment_of_the_same_size_is_no_unreduced_demand() -> None:
    # 2,316.40 asked, paid, then asked again: a new instalment, not a total that failed to go down
    (d,) = _figures([CASE[0], CASE[2], CASE[4]]).demanded
    assert d.unreduced == () and not d.settled


def test_the_persons_own_words_quoting_a_sum_in_an_export_demand_nothing() -> None:
    own = _sms(6, "17055501234", "你们要的9,999.00元我不认。", 19, 9, respondent=AGENCY.name, direction=Direction.OUT)
    (d,) = _figures([*CASE, own]).demanded
    assert Decimal("9999.00") not in d.distinct


def test_a_demand_in_the_message_that_scorns_the_payment_is_the_first_after_it() -> None:
    # the receipt, then the agency naming the payment and asking the full sum in one message, then
    # the person's word about the payment: one payment, and the agency's demand of the same message
    cs = [CASE[1], CASE[2],
          _sms(4, "17055501234", "【鼎诚资产】王芳，你仅还2,316.40元无效，全额4,632.80元须于今天内还清。", 15, 9,
               respondent=AGENCY.name),
          _sms(5, "17055501234", "我已经还了2,316.40元，请核实。", 16, 9, respondent=AGENCY.name, direction=Direction.OUT),
          CASE[3]]
    f = _figures(cs)
    (d,) = f.demanded
    assert [(u.by, u.paid_at.day, u.value, u.at.day) for u in d.unreduced] == [
        (AGENCY.name, 14, Decimal("4632.80"), 15)]
    assert len(f.payments()) == 1


def test_a_payment_is_recorded_by_the_persons_first_word_and_the_receipts() -> None:
    # the person says they paid, the lender's receipt, the agency scorning it, then the person's
    # request to stop saying it again: the payment is listed as said and confirmed, once each
    cs = [CASE[1],
          _sms(2, "17055501234", "我已经还了2,316.40元，剩下的下个月还。", 14, 14, respondent=AGENCY.name,
               direction=Direction.OUT),
          CASE[2],
          _sms(4, "17055501234", "【鼎诚资产】两千三百一十六块四就想了事？剩下的今天还。", 15, 9,
               respondent=AGENCY.name),
          _sms(5, "17055501234", "别再给我打电话了，我已经还了2,316.40元。", 16, 9, respondent=AGENCY.name,
               direction=Direction.OUT)]
    f = _figures(cs)
    assert [(e.contact, e.amount.amount.value) for e in f.paid] == [(1, Decimal("2316.40")), (2, Decimal("2316.40"))]
    (p,) = f.payments()
    assert p.shown == ("5",) and p.receipts == ("5",)


def test_a_first_part_said_and_then_received_was_the_payment() -> None:
    # "今天先还…" alone is a part the person means to pay (convention 16); the lender's receipt of
    # that sum within three days shows it was paid, and the person's message is their word of it
    said = _sms(2, "17055501234", "今天先还2,316.40，其余下周五前还清", 14, 14, respondent=AGENCY.name,
                direction=Direction.OUT)
    f = _figures([CASE[1], said, CASE[2]])
    assert [(e.contact, e.amount.amount.value) for e in f.paid] == [(1, Decimal("2316.40")), (2, Decimal("2316.40"))]
    # no receipt, or one a week later: still only meant
    assert [e.contact for e in _figures([CASE[1], said]).paid] == []
    late = _sms(3, "106908881234", CASE[2].text, 24, 15, respondent=LENDER.name)
    assert [e.contact for e in _figures([CASE[1], said, late]).paid] == [2]


def test_an_agencys_notice_of_a_strangers_debt_elsewhere_is_not_put_on_the_lender_it_acts_for() -> None:
    stranger = _sms(7, "17055501234", "【鼎诚资产】张建国先生，您在易借花平台的借款6,500元已逾期，请尽快处理。", 11, 9,
                    respondent=AGENCY.name)
    f = _figures([CASE[1], stranger])
    assert [(e.lender, e.amount.amount.value) for e in f.third_party] == [(AGENCY.name, Decimal("6500"))]
    # a notice naming the lender it is owed to stays the lender's
    named = _sms(8, "17055501234", "【鼎诚资产】张建国先生，您在易享贷的借款6,500元已逾期，请尽快处理。", 11, 10,
                 respondent=AGENCY.name)
    assert [e.lender for e in _figures([CASE[1], named]).third_party] == [LENDER.name]


def test_a_sum_asked_again_unchanged_after_a_payment_is_a_finding_of_medium_certainty() -> None:
    from evidencekit.core.analysis.findings import load_ruleset, unreduced_findings

    f = _figures(CASE)
    (found,) = unreduced_findings(CASE, f.demanded, load_ruleset("cn-cba-2026"))
    assert (found.rule_id, found.certainty.value, found.respondent) == ("demand-after-payment", "medium", AGENCY.name)
    assert found.statement["zh-Hans"] == (
        f"2026-11-14已付¥2,316.40后，{AGENCY.name}（催收{LENDER.name}的欠款）于2026-11-16 10:00仍要求¥4,632.80，"
        f"与付款前所要求的相同（该笔付款所还的是哪一项，以本人确认为准）：“{CASE[3].text}”")
    # the lender's receipt, then the agency's demand, each with the sum as it is written
    assert [(e.ref, e.quotes) for e in found.evidence] == [("5@3", ("2,316.40元",)), ("5@4", ("4,632.80元",))]
    assert "another debt" in found.certainty_reason
    # Taiwan's and Hong Kong's sets say it too, each with its own source
    assert [x.rule_id for x in unreduced_findings(CASE, f.demanded, load_ruleset("hk-hkma"))] == ["demand-after-payment"]
