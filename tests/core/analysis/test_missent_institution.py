"""A third institution's mis-sent notices in a case: its debts are somebody else's and its own,
never the person's nor the person's lender's; a stop request made to the lender's side does not
concern it, yet its contacts after the request are counted among those from any number. Also: a
receipt's words make a sum paid, and a collector that never names its lender collects for the one
lender the person owes."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from evidencekit.core.analysis.amounts import AmountRole
from evidencekit.core.analysis.casework import read_contacts
from evidencekit.core.analysis.contacts import Channel, Contact, ContactSource, Direction, TimeCertainty
from evidencekit.core.analysis.figures import acts_for, case_figures
from evidencekit.core.models import Respondent

LENDER = Respondent("信誠財務有限公司", ("31886020",))
COLLECTOR = Respondent("力達追收有限公司", ("67023391",))
BANK = Respondent("海景銀行", ("28990088",))
ALL = (LENDER, COLLECTOR, BANK)
CLAIMANT = "梁詠詩"


def _c(n: int, number: str, text: str = "", *, respondent: str, day: int, hour: int = 10,
       direction: Direction = Direction.IN) -> Contact:
    channel = Channel.SMS if text else Channel.CALL
    return Contact(dt.datetime(2026, 8, day, hour), TimeCertainty.EXACT, channel, direction,
                   ContactSource(str(n), 0, None, 0), counterpart=number, respondent=respondent, text=text)


CONTACTS = [
    _c(1, "31886020", "【信誠財務】梁小姐，你嘅貸款供款HK$3,650已逾期，請盡快還款。", respondent=LENDER.name, day=17),
    _c(2, "67023391", "今日之內還清HK$2,150，唔係就唔好怪我哋。", respondent=COLLECTOR.name, day=18),
    _c(3, "28990088", "Harbourview Bank: Dear Mr Wong Chi Keung, your card is overdue. The outstanding balance of "
       "HK$26,300.00 must be settled by 25 Aug.", respondent=BANK.name, day=18),
    _c(4, "67023391", "請停止再打俾我。", respondent=COLLECTOR.name, day=19, direction=Direction.OUT),
    _c(5, "28990088", "Harbourview Bank reminder: Mr Wong Chi Keung, HK$26,300.00 remains overdue.",
       respondent=BANK.name, day=20),
    _c(6, "67023391", respondent=COLLECTOR.name, day=20),
    _c(7, "31886020", "【信誠財務】已收到你嘅還款HK$1,500，尚欠HK$2,150，請於8月25日前清還。", respondent=LENDER.name, day=20),
]
STOP = dt.datetime(2026, 8, 19, 10)


def _figures(lenders: tuple[str, ...]):  # type: ignore[no-untyped-def]
    return case_figures(CONTACTS, read_contacts(CONTACTS, CLAIMANT), stop=STOP, after_stop=(5,), respondents=ALL,
                        jurisdiction="HK", lenders=lenders, stop_to=COLLECTOR.name)


def test_an_english_notice_to_another_name_holds_the_senders_debt_not_the_persons() -> None:
    for lenders in ((LENDER.name,), (LENDER.name, BANK.name)):  # the bank listed as a lender or not
        f = _figures(lenders)
        assert [(e.lender, e.amount.amount.value) for e in f.third_party] == [(BANK.name, Decimal("26300.00"))] * 2
        # the collector's demand is the lender's; the bank's balance is nobody's demand of the person
        assert {(d.lender, d.currency): (d.distinct, d.latest) for d in f.demanded} == {
            (LENDER.name, "HKD"): ((Decimal("3650"), Decimal("2150")), Decimal("2150"))}


def test_a_receipt_is_a_payment_not_a_demand() -> None:
    f = _figures((LENDER.name,))
    assert [(e.lender, e.amount.amount.value) for e in f.paid] == [(LENDER.name, Decimal("1500"))]
    assert all(e.amount.role is not AmountRole.DEMANDED or e.amount.amount.value != Decimal("1500") for e in f.amounts)


def test_after_the_stop_request_from_any_number_and_from_those_it_concerns() -> None:
    for lenders in ((LENDER.name,), (LENDER.name, BANK.name)):
        f = _figures(lenders)
        assert list(f.after_stop_any) == [4, 5, 6]  # the bank's reminder too
        assert sorted(f.after_stop) == [5, 6]  # the request to the collector does not concern the bank


def test_a_collector_naming_no_lender_collects_for_the_one_the_person_owes() -> None:
    readings = read_contacts(CONTACTS, CLAIMANT)
    # the bank lends to somebody else: every message of its is about that person's debt
    assert acts_for(CONTACTS, ALL, (LENDER.name, BANK.name), readings)[COLLECTOR.name] == {LENDER.name}
    # a sender of mis-sent notices only, not listed as a lender, acts for itself
    assert acts_for(CONTACTS, ALL, (LENDER.name,), readings)[BANK.name] == {BANK.name}
