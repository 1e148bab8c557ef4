"""Which records of a phone's exports are the case's, and whom a message is from.

A Taiwanese case: the bank's notices (signed 【華信銀行】, its card centre's number printed in
them), a collection firm's mobile (it introduces itself once, then writes as a court), the firm's
landline that only calls (seven missed calls in half an hour, one at night), and a full backup's
ordinary life: the person's mother and a friend (saved in the phone), a parcel notice. A Hong Kong
collector signs off in English, and a screenshot shows its number with the country code.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from evidencekit.core.analysis.case_contacts import MessageRecord, attribute_by_number, record_contacts
from evidencekit.core.analysis.case_settings import CaseSettings
from evidencekit.core.analysis.casework import analyse
from evidencekit.core.analysis.chronology import relevant_numbers
from evidencekit.core.analysis.contacts import Direction
from evidencekit.core.analysis.media_contacts import case_numbers, media_contacts
from evidencekit.core.analysis.parties import sender_label
from evidencekit.core.export.model import ExhibitInput
from evidencekit.core.media.model import ExportFacts, ItemMedia, Record
from evidencekit.core.models import CaseMeta, Respondent
from tests.core.export.test_summary import item

BANK, FIRM = "華信商業銀行", "正達資產管理"
MOBILE, LANDLINE, CARD_CENTRE, BANK_SMS = "0987111222", "0223456789", "0227123456", "0911510888"
MOTHER, FRIEND, PARCEL, AGENT = "0922000333", "0933000111", "0800123123", "0955000444"

SMS = [  # (time, number, direction, saved name, text)
    ("2026-11-23T09:30:00", BANK_SMS, "in", "華信銀行",
     "【華信銀行】林美玲君您好，您的信用卡帳款新臺幣86,420元已逾期，請於115年11月26日前繳納。客服(02)2712-3456"),
    ("2026-11-23T18:00:00", MOTHER, "in", "媽媽", "今晚回家吃飯嗎？"),
    ("2026-11-23T18:05:00", MOTHER, "out", "媽媽", "好，七點到。"),
    ("2026-11-23T20:00:00", FRIEND, "in", "陳大明", "明天去你家拿書，順便吃宵夜？"),
    ("2026-11-23T21:00:00", PARCEL, "in", "", "您的包裹已送達社區管理室，請憑取件碼5521領取。"),
    ("2026-11-23T22:35:00", MOBILE, "in", "",
     "林小姐，我是正達資產管理的專員，華信銀行已委託本公司處理妳的卡債NT$86,420，今天不處理明天直接去妳公司找主管。"),
    ("2026-11-24T06:20:00", MOBILE, "in", "", "再不接電話，我們就通知妳家人和公司同事，讓大家知道妳欠錢不還。"),
    ("2026-11-25T22:50:00", MOBILE, "in", "",
     "臺灣臺北地方法院民事執行處通知：林美玲積欠華信銀行債務，本院已核發支付命令，將於115年12月1日查封薪資。"),
]
CALLS = [  # (time, number, status, saved name)
    ("2026-11-23T15:00:00", CARD_CENTRE, "incoming", "華信銀行信用卡中心"),
    *((f"2026-11-24T10:{m:02d}:00", LANDLINE, "missed", "") for m in range(0, 35, 5)),
    ("2026-11-24T22:10:00", LANDLINE, "missed", ""),
    ("2026-11-24T19:00:00", MOTHER, "incoming", "媽媽"),
    ("2026-11-24T19:30:00", FRIEND, "missed", "陳大明"),
    ("2026-11-25T12:00:00", AGENT, "missed", "王先生"),
]


def _export(number: str, records: Sequence[Record], fmt: str) -> ExhibitInput:
    it = item(f"export-{number}.xml", kind="text", mime="application/xml")
    facts = ExportFacts(format=fmt, records=len(records), by_kind={records[0].kind: len(records)}, offset="+08:00")
    return ExhibitInput(number=number, item=it, original=it.original_path,  # type: ignore[arg-type]
                        media=ItemMedia("export", facts, records=tuple(records)))


def exhibits() -> tuple[ExhibitInput, ExhibitInput]:
    sms = [Record(i, "sms", n, t, d, "received" if d == "in" else "sent", text, name=name)  # type: ignore[arg-type]
           for i, (t, n, d, name, text) in enumerate(SMS)]
    calls = [Record(i, "call", n, t, "in", status, duration_s=0 if status == "missed" else 60, name=name)
             for i, (t, n, status, name) in enumerate(CALLS)]
    return _export("1", sms, "smsbackup-sms"), _export("2", calls, "smsbackup-calls")


# the collection firm's agent's mobile given at `new` as a respondent, by its number alone
META = CaseMeta(title="華信銀行及正達資產管理催收", claimant_name="林美玲", claimant_phone="0912345678",
                respondents=(Respondent(BANK), Respondent(FIRM), Respondent(AGENT)))


def test_every_number_of_the_exports_is_the_case_s_but_the_person_s_own_life() -> None:
    keys = relevant_numbers(exhibits(), (), META.respondents)
    # the landline that only called; the card centre the bank's notice prints; a number given as a respondent
    assert {LANDLINE, CARD_CENTRE, AGENT, MOBILE, BANK_SMS} <= keys
    # the mother and the friend saved in the phone, a parcel notice: not the case's
    assert not keys & {MOTHER, FRIEND, PARCEL}
    assert set(case_numbers(exhibits(), META.respondents)) == keys
    # a number a notice prints as its own is the case's even when the phone saves it (under any name)
    assert CARD_CENTRE in relevant_numbers(exhibits())


def test_a_friend_threatening_to_come_round_saved_in_the_phone_is_not_a_collector() -> None:
    # "明天去你家" reads as a home-visit threat; from a saved friend who writes nothing about a debt it is no contact
    assert FRIEND not in relevant_numbers(exhibits(), (), META.respondents)


def test_the_landline_s_calls_count_burst_and_night() -> None:
    contacts = media_contacts(exhibits(), META)
    assert sorted(c.counterpart for c in contacts if c.counterpart == LANDLINE) == [LANDLINE] * 8
    assert not {c.counterpart for c in contacts} & {MOTHER, FRIEND, PARCEL}
    a = analyse(exhibits(), META, CaseSettings(jurisdiction="TW"))
    bursts = [f for f in a.findings if f.rule_id == "bursts"]
    assert [(f.sender, len(f.evidence)) for f in bursts] == [(LANDLINE, 7)]
    night = [f for f in a.findings if f.rule_id == "quiet-hours"]
    # one night's two messages from the firm's mobile are one finding; the landline's 22:10 call another
    assert sorted((f.sender, len(f.evidence)) for f in night) == [(LANDLINE, 1), (FIRM, 1), (FIRM, 2)]


def test_a_message_is_the_sending_number_s_not_the_creditor_s_it_names() -> None:
    a = analyse(exhibits(), META, CaseSettings(jurisdiction="TW"))
    by_text = {c.text[:6]: c.respondent for c in a.contacts if c.direction is Direction.IN and c.text}
    assert by_text["臺灣臺北地方"] == FIRM  # writes as a court about the bank's debt: the firm's mobile sent it
    assert by_text["林小姐，我是"] == FIRM and by_text["【華信銀行】"] == BANK
    assert {c.respondent for c in a.contacts if c.counterpart == MOBILE} == {FIRM}
    impersonation = [f for f in a.findings if f.rule_id == "impersonation"]
    assert [f.sender for f in impersonation] == [FIRM]


def _m(number: str, text: str, hour: int) -> MessageRecord:
    return MessageRecord("5", dt.datetime(2026, 11, 23, hour), number, "in", text, item_id=5, row=hour)


def test_an_english_sign_off_links_the_number_and_its_other_ways_of_writing() -> None:
    respondents = (Respondent("Fortune Credit"), Respondent("Swift Recovery"))
    cs = record_contacts([
        _m("54321098", "陳嘉欣小姐，你欠富通財務HK$48,600已經逾期，今晚唔覆就聽朝上你公司搵你老細。", 22),
        _m("54321098", "Ms Chan, we know you work at Harbour Logistics. Our field officers will visit your office "
                       "tomorrow. Swift Recovery Services", 23),
        _m("+852 5432 1098", "Hi Ms Wong, 你同事陳嘉欣欠我哋客戶富通財務 HK$48,600 一直唔還。", 11),
        _m("30012345", "[Fortune Credit] Dear Karen CHAN, your loan account FC-88213 of HK$48,600.00 is overdue.", 10),
        # a sentence about the lender at the end is no signature
        _m("61110000", "We act for our client. Fortune Credit will sue you.", 9),
    ], respondents)
    got = [c.respondent for c in attribute_by_number(cs)]
    assert got == ["Swift Recovery", "Swift Recovery", "Swift Recovery", "Fortune Credit", ""]
    assert sender_label("+852 5432 1098", "") == sender_label("54321098", "") == "54321098"
    assert sender_label("0987-111-222", "") == "0987111222"
    assert sender_label("安逸花 95188 8001", "") == "安逸花 95188 8001"


def test_a_line_a_respondent_s_notice_gives_as_its_own_is_that_respondent_s() -> None:
    a = analyse(exhibits(), META, CaseSettings(jurisdiction="TW"))
    assert {c.respondent for c in a.contacts if c.counterpart == CARD_CENTRE} == {BANK}
    assert {c.respondent for c in a.contacts if c.counterpart == LANDLINE} == {""}  # nothing links it


def test_a_service_line_writing_about_its_own_business_is_not_the_case_s() -> None:
    sms = [Record(0, "sms", "10086", "2026-11-20T09:00:00", "in", "received", "再不缴费将停机并通知你家人"),
           Record(1, "sms", "13912340000", "2026-11-20T22:00:00", "in", "received", "再不接电话就通知你家人")]
    keys = relevant_numbers([_export("1", sms, "smsbackup-sms")])
    assert keys == {"13912340000"}  # the unknown mobile's threat counts, the carrier's notice does not
