"""Whose contact it is when the number is not the case's: a collector that introduces itself, one
that writes about the debt to a named respondent, the other contacts from that number; and whom a
stop request concerns when the case has several lenders."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from decimal import Decimal

from evidencekit.core.analysis.case_contacts import attribute_by_number
from evidencekit.core.analysis.contacts import Channel, Contact, ContactSource, Direction, TimeCertainty
from evidencekit.core.analysis.figures import acts_for, case_figures
from evidencekit.core.analysis.parties import acts_for_named, attribute, institutions, respondent_introduced
from evidencekit.core.models import Respondent

LENDER_A = Respondent("诚汇消费金融有限公司", ("95566",))
LENDER_B = Respondent("易速贷网络小额贷款有限公司", ("10690555",))
AGENCY = Respondent("鸿远信息咨询有限公司", ("17200001111",))
ALL = (LENDER_A, LENDER_B, AGENCY)


def _c(n: int, number: str, text: str = "", *, respondent: str = "", day: int = 14, hour: int = 10,
       direction: Direction = Direction.IN) -> Contact:
    channel = Channel.SMS if text else Channel.CALL
    return Contact(dt.datetime(2026, 11, day, hour), TimeCertainty.EXACT, channel, direction,
                   ContactSource(str(n), n, None, 0), counterpart=number, respondent=respondent, text=text)


def test_a_collector_introducing_itself_is_that_respondent_not_the_lender_it_names() -> None:
    text = "我是鸿远信息咨询的催收专员，受诚汇消费金融委托，你的欠款2400元今天必须处理。"
    assert respondent_introduced(text, ALL) == AGENCY.name
    assert attribute("16600002222", text, ALL) == AGENCY.name


def test_a_name_only_owed_is_not_an_introduction() -> None:
    assert respondent_introduced("你在诚汇的2400元再不还，我们明天就打给你老婆。", ALL) == ""


def test_an_unlisted_number_naming_a_respondent_as_owed_is_not_that_respondent_but_acts_for_it() -> None:
    # the lender is not answerable for what an unknown mobile says about its debt: the number stays
    # its own sender; whom it collects for is kept apart
    assert attribute("18900003333", "你在诚汇的2400元到底还不还？", ALL) == ""
    assert acts_for_named("你在诚汇的2400元到底还不还？", ALL, (LENDER_A.name, LENDER_B.name)) == LENDER_A.name
    assert attribute("18900003333", "【丰巢】您的快递已存入丰巢柜，取件码 556712。", ALL) == ""
    assert acts_for_named("【丰巢】您的快递已存入丰巢柜，取件码 556712。", ALL) == ""


def test_an_unlisted_collector_s_acts_are_its_own_in_every_count_and_its_sums_the_lender_s_debt() -> None:
    from evidencekit.core.analysis.labels import read_contacts

    lender = Respondent("富信財務有限公司", ("64528801",))
    agency = Respondent("卓越信貸管理有限公司", ("51302247",))
    cs = [
        _c(0, "64528801", "【富信財務】陳小姐，你嘅欠款HK$6,000已逾期，請盡快還款。", day=3),
        _c(1, "67890123", "陳小姐，你欠富信HK$12,000，今個禮拜唔清就等住。", day=11),
        _c(2, "67890123", day=14, hour=23),  # a call at night from the same number
        _c(3, "67890123", "陳小姐，你欠富信HK$12,000，再唔還就上你屋企。", day=17, hour=23),
        _c(4, "64528801", "請停止聯絡我。", day=16, hour=9, direction=Direction.OUT),
    ]
    cs = attribute_by_number(record_like(cs, (lender, agency)))
    assert [c.respondent for c in cs] == [lender.name, "", "", "", ""]
    f = case_figures(cs, read_contacts(cs, "陳嘉欣"), respondents=(lender, agency), lenders=(lender.name,),
                     jurisdiction="HK", stop=dt.datetime(2026, 11, 16, 10), after_stop=(), stop_to=lender.name)
    rows = {r.name: r for r in f.respondents}
    assert rows[lender.name].contacts == 1 and rows[lender.name].night == 0 and rows[lender.name].after_stop == 0
    assert rows["67890123"].contacts == 3 and rows["67890123"].night == 2 and rows["67890123"].after_stop == 1
    # it collects for the lender: the request to the lender reaches it, and its sums are of the lender's debt
    assert acts_for(cs, (lender, agency), (lender.name,))["67890123"] == {lender.name}
    assert 3 in f.after_stop
    (d,) = f.demanded
    assert d.lender == lender.name
    assert [(p.by, p.latest) for p in d.parties] == [("", Decimal("6000")), ("67890123", Decimal("12000"))]


def record_like(cs: list[Contact], respondents: tuple[Respondent, ...]) -> list[Contact]:
    """The contacts attributed one by one as the case's readers attribute them."""
    return [replace(c, respondent=attribute(c.counterpart, c.text, respondents) if c.direction is Direction.IN else "")
            for c in cs]


def test_a_listed_number_wins_over_the_words() -> None:
    assert attribute("17200001111", "我是诚汇消费金融的客服", ALL) == AGENCY.name


def test_the_other_contacts_from_a_number_follow_its_attributed_message() -> None:
    cs = [_c(1, "16600002222"), _c(2, "16600002222", "x", respondent=AGENCY.name), _c(3, "13800004444"),
          _c(4, "16600002222", "y", direction=Direction.OUT)]
    got = attribute_by_number(cs)
    assert [c.respondent for c in got] == [AGENCY.name, AGENCY.name, "", ""]


def test_a_number_two_respondents_used_is_left_unattributed() -> None:
    cs = [_c(1, "16600002222"), _c(2, "16600002222", "x", respondent=AGENCY.name),
          _c(3, "16600002222", "y", respondent=LENDER_A.name)]
    assert attribute_by_number(cs)[0].respondent == ""


def test_a_stop_request_to_one_lender_concerns_its_collector_not_the_other_lender() -> None:
    cs = [
        _c(0, "17200001111", "赵磊，你在诚汇的2400元再不还，我们明天就打给你老婆。", respondent=AGENCY.name, day=14),
        _c(1, "95566", respondent=LENDER_A.name, day=17),
        _c(2, "10690555", respondent=LENDER_B.name, day=17),
        _c(3, "17200001111", respondent=AGENCY.name, day=17),
        _c(4, "13800004444", day=17),
    ]
    lenders = (LENDER_A.name, LENDER_B.name)
    assert acts_for(cs, ALL, lenders)[AGENCY.name] == {LENDER_A.name}
    f = case_figures(cs, {}, stop=dt.datetime(2026, 11, 16, 12), after_stop=(1,), respondents=ALL,
                     lenders=lenders, stop_to=LENDER_A.name)
    assert sorted(f.after_stop) == [1, 3]


def test_with_one_lender_a_stop_request_concerns_every_respondent() -> None:
    cs = [_c(1, "95566", respondent=LENDER_A.name, day=17), _c(2, "17200001111", respondent=AGENCY.name, day=17),
          _c(3, "13800004444", day=17)]
    f = case_figures(cs, {}, stop=dt.datetime(2026, 11, 16, 12), after_stop=(0,), respondents=(LENDER_A, AGENCY),
                     lenders=(LENDER_A.name,), stop_to=LENDER_A.name)
    assert sorted(f.after_stop) == [0, 1]


def test_cantonese_words_before_an_institution_are_not_its_name() -> None:
    assert [m.name for m in institutions("黃美玲小姐，你喺富盈財務嘅欠款HK$12,000")] == ["富盈財務"]
    assert [m.name for m in institutions("如持續拖欠，會影響你嘅信貸評級。")] == []
    assert [m.name for m in institutions("我哋係恒達追收，代表富盈財務")] == ["富盈財務"]


def test_the_word_for_a_loan_is_no_lenders_name() -> None:
    # "贷款" is a loan; a name ends in 贷 ("楚信贷")
    assert [m.name for m in institutions("你和你子女以后贷款、买房、坐高铁都会受影响")] == []
    assert [m.name for m in institutions("【楚信消费金融】您的楚信贷借款已逾期")] == ["楚信消费金融", "楚信贷"]


def test_the_lender_an_agency_acts_for_is_named_without_the_word_before_it() -> None:
    text = "【鼎诚资产】王芳，受易享贷委托通知你：你的欠款4,632.80元已严重逾期。"
    assert [m.name for m in institutions(text)] == ["鼎诚资产", "易享贷"]
    assert [m.name for m in institutions("本公司受恒信消费金融有限公司委托催收")] == ["恒信消费金融有限公司"]


def test_a_stop_request_that_keeps_the_lender_for_itself_does_not_concern_it() -> None:
    # made to the lender's agency: "剩下的我会直接和诚汇协商" — the lender's own notices after it
    # are not contacts the request concerns (nor are they with one lender and no such words)
    stop = dt.datetime(2026, 11, 16, 12)
    request = _c(5, "17200001111", "请你们停止联系我，剩下的我会直接和诚汇消费金融协商。", respondent=AGENCY.name, day=16,
                 hour=12, direction=Direction.OUT)
    cs = [_c(1, "95566", respondent=LENDER_A.name, day=17),
          _c(2, "17200001111", "你在诚汇的2400元再不还，我们明天就打给你老婆。", respondent=AGENCY.name, day=17), request]
    common = dict(stop=stop, after_stop=(1,), respondents=(LENDER_A, AGENCY), lenders=(LENDER_A.name,),
                  stop_to=AGENCY.name)
    assert sorted(case_figures(cs, {}, **common).after_stop) == [1]  # type: ignore[arg-type]
    plain = replace(request, text="请你们停止联系我。")
    assert sorted(case_figures([*cs[:2], plain], {}, **common).after_stop) == [0, 1]  # type: ignore[arg-type]
    english = replace(request, text="Please stop contacting me. I am dealing with 诚汇消费金融 directly.")
    assert sorted(case_figures([*cs[:2], english], {}, **common).after_stop) == [1]  # type: ignore[arg-type]


def test_a_sum_the_agency_says_is_owed_to_itself_is_its_own_not_the_lenders() -> None:
    from evidencekit.core.analysis.labels import read_contacts
    from evidencekit.core.analysis.parties import owed_to_sender

    lender, agency = Respondent("全盈分期股份有限公司", ("0800661234",)), Respondent("達豐資產管理股份有限公司", ("0958112094",))
    own = "分期歸分期，妳欠達豐的那NT$500不要想賴掉。"
    lenders = "妳在全盈的NT$7,040今天匯款。"
    assert owed_to_sender(own, agency.name) and not owed_to_sender(lenders, agency.name)
    cs = [_c(1, "0958112094", own, respondent=agency.name), _c(2, "0958112094", lenders, respondent=agency.name)]
    figures = case_figures(cs, read_contacts(cs, "鄭美華"), respondents=(lender, agency), lenders=(lender.name,))
    got = {(e.lender, str(e.amount.amount.value)) for e in figures.amounts}
    assert got == {(agency.name, "500"), (lender.name, "7040")}


def test_someone_naming_the_lender_without_collecting_does_not_act_for_it() -> None:
    """Review9 #3: the debtor's sister writing that her brother told the lender of his new number
    collects nothing: she is no agency of the lender, unlike a number that collects in its name."""
    from evidencekit.core.analysis.labels import read_contacts

    cs = [_c(0, "13600004444", "叶小姐，我细佬话佢已经同诚汇讲咗换号，唔好意思连累你。", day=20),
          _c(1, "18900003333", "你在诚汇的2400元到底还不还？", day=21)]
    readings = read_contacts(cs, "叶慧敏")
    found = acts_for(cs, ALL, (LENDER_A.name, LENDER_B.name), readings)
    assert "13600004444" not in found and found["18900003333"] == {LENDER_A.name}
