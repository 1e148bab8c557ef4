"""A person who owes nothing, in Taiwan and in Hong Kong: a recycled number that still gets its
previous owner's overdue notices from a lender and the agency collecting for it (as
test_not_the_debtor.py for the mainland desks). Every Taiwan and Hong Kong desk that takes a
complaint about a lender asks, in its own words and the region's (簡訊 and 委外催收機構 in Taiwan;
短訊, 收數公司 and 個人資料 in Hong Kong), that all contact with the number stop, that the number
come off the debtor's records and that the data linking the person to the debt be deleted, then
that it be looked into and answered in writing; never a debtor's words ("本人欠債", "my debt", a
blank loan account number), nor the desk's usual requests. The police state the facts and ask as
before. A person who also got a notice of their own is a debtor: the usual requests stay.

The messages are the phone's SMS export (exhibit 1); the call asking the lender to stop is in a
call-log export of its own (exhibit 2)."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Literal

import pytest

from evidencekit.core.analysis.case_settings import CaseSettings
from evidencekit.core.analysis.casework import CaseAnalysis, analyse
from evidencekit.core.documents import LANGUAGES, KeyQuote, render
from evidencekit.core.documents.fromcase import BundleRef, covered, draft_input, find_respondent, owes_nothing
from evidencekit.core.documents.render import channels
from evidencekit.core.export.model import ExhibitInput
from evidencekit.core.export.strings import in_region
from evidencekit.core.media.model import Record
from evidencekit.core.models import CaseMeta, Respondent
from tests.core.documents.test_lender_and_collector import _export

Row = tuple[str, str, Literal["in", "out"], str]  # (local time, number, in/out, text)


@dataclass(frozen=True)
class Region:
    """One region's case: the lender, its agency, the person, the messages and the call asking
    the lender to stop; ``own``: a notice of the person's own debt (which makes them a debtor)."""

    meta: CaseMeta
    settings: CaseSettings
    lender: str
    other: str
    rows: tuple[Row, ...]
    stop_line: str
    own: Row


BANK, TW_AGENCY, BANK_NO, BANK_LINE, TW_AGENT_NO = (
    "華信商業銀行", "恆遠資產管理股份有限公司", "0911510888", "0227180000", "0987111222")
LENDER, HK_AGENCY, LENDER_NO, LENDER_LINE, HK_AGENT_NO = (
    "富通財務有限公司", "迅達信貸管理有限公司", "30012345", "23456789", "54321098")
REGIONS = {
    "TW": Region(
        CaseMeta(title="舊號碼的催收", claimant_name="林美玲", claimant_phone="0912345678",
                 respondents=(Respondent(BANK, (BANK_NO, BANK_LINE)), Respondent(TW_AGENCY, (TW_AGENT_NO,))),
                 language="zh-Hant"),
        CaseSettings(stop_requested_at="2026-11-15 09:40", stop_basis="本人致電華信銀行客服（通話錄音）",
                     jurisdiction="TW", lenders=(BANK,), claimant_address="臺北市大安區某路1號",
                     respondent_addresses={BANK: "臺北市松山區敦化北路200號", TW_AGENCY: "新北市板橋區某路9號"}),
        BANK, "王建華", (
            ("2026-11-08 10:00:00", BANK_NO, "in", "【華信銀行】王建華先生您好，您的信用卡帳款新臺幣28,600元已逾期，請儘速繳納。"),
            ("2026-11-08 10:12:00", BANK_NO, "out", "您好，我不是王建華，這個號碼是我新辦的，請更正你們的資料。"),
            ("2026-11-10 21:30:00", TW_AGENT_NO, "in", "王建華，受華信銀行委託，你的欠款NT$28,600已轉本公司處理，請今日結清。"),
            ("2026-11-10 21:41:00", TW_AGENT_NO, "out", "我不是王建華，不認識這個人，請不要再傳了。"),
            ("2026-11-12 23:10:00", TW_AGENT_NO, "in", "你別裝不認識王建華，你不叫他還錢，我們明天就去你家門口等你。"),
            ("2026-11-16 22:45:00", TW_AGENT_NO, "in", "王建華欠錢不還，你包庇他，再不處理我們就告訴你公司同事和你家人。"),
            ("2026-11-17 09:00:00", BANK_NO, "in", "【華信銀行】王建華先生您好，您的信用卡帳款已逾期，請立即繳納。"),
        ), BANK_LINE,
        ("2026-11-09 10:00:00", BANK_NO, "in", "【華信銀行】林美玲君您好，您的信用卡帳款新臺幣12,000元已逾期，請儘速繳納。")),
    "HK": Region(
        CaseMeta(title="舊號碼的收數", claimant_name="陳嘉欣", claimant_phone="61234567",
                 respondents=(Respondent(LENDER, (LENDER_NO, LENDER_LINE)), Respondent(HK_AGENCY, (HK_AGENT_NO,))),
                 language="zh-Hant"),
        CaseSettings(stop_requested_at="2026-11-15 09:40", stop_basis="本人致電富通財務客服（通話錄音）",
                     jurisdiction="HK", lenders=(LENDER,), claimant_address="九龍樂富某邨12樓B室",
                     respondent_addresses={LENDER: "中環某大廈20樓", HK_AGENCY: "觀塘道448號9樓"}),
        LENDER, "李志強", (
            ("2026-11-08 10:00:00", LENDER_NO, "in", "【富通財務】李志強先生，閣下貸款已逾期10日，欠款HK$8,600，請盡快還款。"),
            ("2026-11-08 10:12:00", LENDER_NO, "out", "我唔係李志強，呢個號碼係我新申請嘅，唔該更正你哋嘅紀錄。"),
            ("2026-11-10 21:30:00", HK_AGENT_NO, "in", "李志強，受富通財務委託，你嘅欠款HK$8,600已交由本公司跟進，請今日還清。"),
            ("2026-11-10 21:41:00", HK_AGENT_NO, "out", "我唔係李志強，唔識呢個人，唔好再send嚟。"),
            ("2026-11-12 23:10:00", HK_AGENT_NO, "in", "你唔好扮唔識李志強，你唔叫佢還錢，我哋聽日上你屋企門口等你。"),
            ("2026-11-16 22:45:00", HK_AGENT_NO, "in", "李志強欠錢唔還，你包庇佢，再唔處理我哋就話俾你公司同事同屋企人知。"),
            ("2026-11-17 09:00:00", LENDER_NO, "in", "【富通財務】李志強先生，閣下貸款已逾期19日，請立即還款。"),
        ), LENDER_LINE,
        ("2026-11-09 10:00:00", LENDER_NO, "in", "【富通財務】陳嘉欣小姐，閣下貸款已逾期5日，欠款HK$3,200，請盡快還款。")),
}
#: the desks of each region that take a complaint about a lender (the lender's own desk is everywhere's)
DESKS = {"TW": ("lender", "tw-fsc-1998", "tw-consumers-foundation", "tw-foi", "tw-1950"),
         "HK": ("lender", "hk-consumer-council", "hk-hkma", "hk-money-lenders", "hk-pcpd")}
POLICE = {"TW": "tw-165", "HK": "hk-police"}
BUNDLE = BundleRef("ef" * 32, "bundle.pdf", "2026-12-01T10:00:00Z", True)


def exhibits(r: Region, *, owes: bool = False) -> tuple[ExhibitInput, ...]:
    rows = (*r.rows, r.own) if owes else r.rows
    sms = tuple(Record(k, "sms", no, t.replace(" ", "T"), side, "received" if side == "in" else "sent", text)
                for k, (t, no, side, text) in enumerate(rows))
    calls = (Record(0, "call", r.stop_line, "2026-11-15T09:40:00", "out", "outgoing", duration_s=95.0),)
    return (_export("1", "sms-20261128.xml", sms), _export("2", "calls-20261128.xml", calls))


@pytest.fixture(scope="module")
def cases() -> dict[tuple[str, bool], CaseAnalysis]:
    return {(where, owes): analyse(exhibits(r, owes=owes), r.meta, r.settings)
            for where, r in REGIONS.items() for owes in (False, True)}


def _draft(cases: dict[tuple[str, bool], CaseAnalysis], where: str, channel: str, lang: str, *,
           owes: bool = False, fit: bool = False) -> tuple[str, tuple[str, ...]]:
    """The draft's text and its numbered requests."""
    data = draft_input(cases[where, owes], exhibits(REGIONS[where], owes=owes), channel, lang, bundle=BUNDLE,
                       date="2026-12-01")
    assert (data.not_debtor is None) is owes, (where, channel, lang)
    text = render(channel, data, lang, fit=fit).text
    head = {"zh-Hans": ("一、", "二、"), "zh-Hant": ("一、", "二、"), "en": ("I. ", "II. ")}[lang]
    section = text.split("\n" + head[0], 1)[1].split("\n" + head[1], 1)[0]
    return text, tuple(ln.split(". ", 1)[1] for ln in section.splitlines() if ln[:1].isdigit())


def test_owing_nothing_is_decided_in_either_region(cases: dict[tuple[str, bool], CaseAnalysis]) -> None:
    for where, r in REGIONS.items():
        case = cases[where, False]
        unowed = owes_nothing(case, covered(case, find_respondent(case, r.lender)))
        assert unowed is not None and unowed.debtors == (r.other,) and unowed.lenders == (r.lender,), where
        own = cases[where, True]
        assert owes_nothing(own, covered(own, find_respondent(own, r.lender))) is None, where


def test_every_desk_for_a_lender_in_taiwan_and_hong_kong_has_them() -> None:
    # each in every language the desk offers; the police state facts (no request set of this kind)
    for c in channels().values():
        if c.jurisdiction in REGIONS and c.kind != "police":
            assert c.id in DESKS[c.jurisdiction], c.id
            assert set(c.requests_not_debtor) == set(c.requests_not_debtor_after) == set(c.requests) == set(LANGUAGES)


#: What a complaint for a person who owes nothing never says (a debtor's wording), per language.
DEBTOR_WORDS = {
    "zh-Hans": ("本人欠债", "本人债务", "本人的债务", "本人在贵司的借款", "本人在该机构的借款", "本人的借款信息",
                "贷款账户号码（如知道）"),
    "zh-Hant": ("本人欠債", "本人債務", "本人的債務", "本人在貴公司的借款", "本人在該機構的借款", "本人的借款資訊",
                "貸款帳戶號碼（如知道）"),
    "en": ("my debt", "my loan", "loan account number, if known"),
}
NOT_BORROWER = {
    ("TW", "zh-Hant"): "本人不是王建華，也不是華信商業銀行的借款人，與該筆債務無關，已於民國115年11月8日、民國115年11月10日告知對方（證據1）。",
    ("TW", "zh-Hans"): "本人不是王建華，也不是華信商業銀行的借款人，与该笔债务无关，已于2026-11-08、2026-11-10告知对方（证据1）。",
    ("TW", "en"): "I am not 王建華, nor a borrower of 華信商業銀行: the debt is not mine, and I told them so on "
                  "2026-11-08, 2026-11-10 (exhibit 1).",
    ("HK", "zh-Hant"): "本人不是李志強，也不是富通財務有限公司的借款人，與該筆債務無關，已於2026年11月8日、2026年11月10日告知對方（證據1）。",
    ("HK", "zh-Hans"): "本人不是李志強，也不是富通財務有限公司的借款人，与该笔债务无关，已于2026年11月8日、2026年11月10日告知对方（证据1）。",
    ("HK", "en"): "I am not 李志強, nor a borrower of 富通財務有限公司: the debt is not mine, and I told them so on "
                  "2026-11-08, 2026-11-10 (exhibit 1).",
}
#: the region's words for a text message in the requests to stop (the lender's own desk says "任何方式")
SMS_WORD = {("TW", "zh-Hant"): "簡訊", ("TW", "zh-Hans"): "简讯", ("TW", "en"): "text message",
            ("HK", "zh-Hant"): "短訊", ("HK", "zh-Hans"): "短讯", ("HK", "en"): "SMS"}
PHONE = {("TW", "zh-Hant"): "0912345678", ("TW", "zh-Hans"): "0912345678", ("TW", "en"): "+886 912345678",
         ("HK", "zh-Hant"): "+852 61234567", ("HK", "zh-Hans"): "+852 61234567", ("HK", "en"): "+852 61234567"}
ALL = [(where, c, lang) for where, desks in DESKS.items() for c in desks for lang in LANGUAGES]


@pytest.mark.parametrize(("where", "channel", "lang"), ALL, ids=[f"{w}-{c}-{lang}" for w, c, lang in ALL])
def test_a_complaint_for_a_person_who_owes_nothing(cases: dict[tuple[str, bool], CaseAnalysis], where: str,
                                                   channel: str, lang: str) -> None:
    ch = channels()[channel]
    sep = "、" if lang != "en" else ", "
    other = REGIONS[where].other
    for fit in (False, True):
        text, asked = _draft(cases, where, channel, lang, fit=fit)
        assert len(text) <= ch.limit or not fit
        low = text.lower()
        assert not [w for w in DEBTOR_WORDS[lang] if w.lower() in low], (channel, fit, text)
        # the desk's requests for a person who owes nothing, first and after the specific ones
        # (here: not to contact her family); never its usual ones nor those about a mis-sent notice
        phone = (" " if lang == "en" else "") + PHONE[where, lang]
        # (a desk several regions share, in the case's region's words: Hong Kong's 收數公司)
        first = [in_region(r.format(phone=phone, debtor=other), lang, where) for r in ch.requests_not_debtor[lang]]
        after = [in_region(r, lang, where) for r in (*ch.requests_not_debtor_after[lang], *ch.requests_closing.get(lang, ()))]
        assert list(asked[:len(first)]) == first and list(asked[-len(after):]) == after, (channel, fit, asked)
        assert not set(asked) & {in_region(r, lang, where) for r in (*ch.requests.get(lang, ()),
                                                                        *ch.requests_misdirected.get(lang, ()))}, asked
        assert PHONE[where, lang] in asked[0] and other in sep.join(asked), asked
        if channel not in ("lender", "hk-pcpd"):  # (the privacy desk is asked about her data, not the calls)
            assert SMS_WORD[where, lang] in asked[0], asked
        # said once, in the facts, whatever a short form leaves out
        assert text.count(NOT_BORROWER[where, lang]) == 1, (channel, fit, text)
    if "account_number" in ch.fields:
        data = draft_input(cases[where, False], exhibits(REGIONS[where]), channel, lang, bundle=BUNDLE)
        assert render(channel, data, lang).fields["account_number"] == {
            "zh-Hans": "无（本人不是借款人）", "zh-Hant": "無（本人不是借款人）", "en": "None (I am not a borrower)"}[lang]


def test_the_regions_words(cases: dict[tuple[str, bool], CaseAnalysis]) -> None:
    # Taiwan: 委外催收機構, 簡訊, 債務人; Hong Kong: 收數公司, 短訊, 借款人, 個人資料 (never the other's)
    _, tw = _draft(cases, "TW", "tw-fsc-1998", "zh-Hant")
    assert tw == (
        "請督促該金融機構及其委外催收機構立即停止以電話、簡訊或任何其他方式聯絡本人號碼0912345678",
        "請督促該金融機構將本人號碼自王建華的資料中移除，不再將其列為他人的聯絡電話，並通知其委外催收機構",
        "請督促該金融機構刪除本人號碼及任何將本人與該筆債務關聯的資料",
        "不得聯絡本人的家人、同事等第三人，並刪除所掌握的第三人聯絡方式",
        "請查明該金融機構及其委外催收機構向非債務人催收的情形",
        "請督促該金融機構以書面回覆處理結果",
    )
    _, hk = _draft(cases, "HK", "hk-pcpd", "zh-Hant")
    assert hk == (
        "調查被投訴方如何取得本人的電話號碼+852 61234567，以及有否使用本人的個人資料追收與本人無關的債務",
        "要求被投訴方停止使用本人的個人資料（包括電話號碼）追收李志強的欠款，並從其記錄中刪除本人的電話號碼及任何把本人與該筆債務關連的個人資料",
        "要求被投訴方不得向第三者聲稱本人與該筆債務有關，亦不得向第三者披露本人的個人資料",
        "不得聯絡本人的家人、同事等第三人，並刪除所掌握的第三人聯絡方式",
        "將調查結果以書面通知本人",
    )
    for c in DESKS["TW"][1:]:
        assert "短訊" not in "".join(channels()[c].requests_not_debtor["zh-Hant"]), c
    for c in DESKS["HK"][1:]:
        said = "".join(channels()[c].requests_not_debtor["zh-Hant"])
        assert "簡訊" not in said and "催收" not in said, c


def test_the_privacy_commissioner_is_never_told_she_owes(cases: dict[tuple[str, bool], CaseAnalysis]) -> None:
    # the desk's note (what the complaint concerns) says her number was used for someone else's debt
    notes = {"zh-Hant": ("向第三者披露本人欠債", "使用本人個人資料的方式：以本人的電話號碼追收他人的欠款。"),
             "zh-Hans": ("向第三者披露本人欠债", "使用本人个人资料的方式：以本人的电话号码追收他人的欠款。"),
             "en": ("telling third parties about my debt", "used my personal data: pressing someone else's debt on my phone number.")}
    for lang, (debtors, hers) in notes.items():
        text, _ = _draft(cases, "HK", "hk-pcpd", lang)
        assert debtors not in text and hers in text, text
        # a debtor's complaint keeps the note as it is
        text, _ = _draft(cases, "HK", "hk-pcpd", lang, owes=True)
        assert debtors in text and hers not in text, text
    # the messages quoted keep their own words, whatever they say
    case = cases["HK", False]
    data = draft_input(case, exhibits(REGIONS["HK"]), "hk-pcpd", "en", bundle=BUNDLE)
    said = "We are telling third parties about my debt collection job, 李志強."
    data = replace(data, quotes=(KeyQuote("1", said, "2026-11-16 22:45", HK_AGENT_NO),))
    assert f"“{said}”" in render("hk-pcpd", data, "en", fit=False).text


@pytest.mark.parametrize("where", sorted(REGIONS))
def test_the_police_state_the_facts_and_ask_as_before(cases: dict[tuple[str, bool], CaseAnalysis], where: str) -> None:
    ch = channels()[POLICE[where]]
    for lang in LANGUAGES:
        text, asked = _draft(cases, where, ch.id, lang)
        assert asked == ch.requests[lang], asked
        assert text.count(NOT_BORROWER[where, lang]) == 1, text
        low = text.lower()
        assert not [w for w in DEBTOR_WORDS[lang] if w.lower() in low], text


@pytest.mark.parametrize("where", sorted(REGIONS))
def test_a_debtor_keeps_the_debtors_requests(cases: dict[tuple[str, bool], CaseAnalysis], where: str) -> None:
    # the same case with a notice of her own debt: the usual requests (and those about the other
    # person's notices), no word that she owes nothing
    for channel in DESKS[where]:
        ch = channels()[channel]
        for lang in LANGUAGES:
            text, asked = _draft(cases, where, channel, lang, owes=True)
            assert set(ch.requests[lang]) <= set(asked), (channel, lang, asked)
            not_debtors = {*ch.requests_not_debtor[lang], *ch.requests_not_debtor_after[lang]}
            assert not [a for a in asked if a in not_debtors or "{" in a], (channel, lang, asked)
            assert NOT_BORROWER[where, lang] not in text and "I am not a borrower" not in text
            assert "本人不是借款人" not in text, (channel, lang)
