"""A draft written from a case holds what the case's SMS and call-log exports show, as the bundle
and ``findings`` do (review 3, item 1: the drafts counted screenshots only)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from evidencekit.core.documents.fromcase import draft_for_case
from evidencekit.core.models import CaseMeta, Respondent
from evidencekit.core.vault.case import Case
from tests.core.media.test_exports import T0, backup, sms

THREAT = "你不接电话是吧？明天我们就去你公司找你领导"


def _sms_case(tmp_path: Path, *records: str, respondents: tuple[Respondent, ...] = ()) -> Case:
    """A case of 张伟's with one SMS backup of ``records`` imported."""
    drop = tmp_path / "drop"
    drop.mkdir()
    backup(drop / "sms-20261121.xml", *records)
    case = Case.create(tmp_path / "case", CaseMeta("催收", "张伟", "13912345678", respondents=respondents))
    assert [o.status for o in case.import_paths([drop])] == ["imported"]
    return case


def _one_threat(tmp_path: Path) -> Case:
    """A case of one exported threat from a number nobody listed; the person listed 众安金融."""
    return _sms_case(tmp_path, sms("17123456789", T0 + dt.timedelta(minutes=30), 1, THREAT),
                     respondents=(Respondent("众安金融", ()),))


def test_a_draft_quotes_and_counts_an_exports_messages(tmp_path: Path) -> None:
    drop = tmp_path / "drop"
    drop.mkdir()
    backup(drop / "sms-20261121.xml",
           sms("17123456789", T0, 1, "您已逾期，请今天还款"),  # 22:41 in China
           sms("17123456789", T0 + dt.timedelta(minutes=30), 1, THREAT),
           sms("17123456789", T0 + dt.timedelta(hours=12), 1, "再不还款就上门"))
    case = Case.create(tmp_path / "case", CaseMeta("催收", "张伟", respondents=(Respondent("众安金融", ()),)))
    out = case.import_paths([drop])
    assert [o.status for o in out] == ["imported"]
    d = draft_for_case(case, "12378", "zh-Hans", date="2026-12-01", fit=False, respondent="17123456789")
    assert "17123456789" in d.text and THREAT in d.text
    assert "共联系本人3次" in d.text and d.findings >= 2  # two at night, the threat to go to the employer
    assert d.exhibits_cited == ("1",)
    assert "文字识别" not in d.text  # an export's words are the phone's own, not machine-read


def test_a_12321_report_takes_an_exported_message_with_its_exact_time(tmp_path: Path) -> None:
    case = _one_threat(tmp_path)
    d = draft_for_case(case, "12321", "zh-Hans", date="2026-12-01")
    assert f"短信原文：{THREAT}" in d.text and "接收时间：2026-11-20 23:11" in d.text
    assert "原文取自手机导出的短信记录" in d.text and "机器识别" not in d.text
    assert "截图：【请填写" in d.text  # an export is no screenshot: the person adds one


def test_a_sender_known_by_number_is_complained_of_with_the_lender_the_person_named(tmp_path: Path) -> None:
    from evidencekit.core.analysis.case_settings import CaseSettings, save_settings

    case = _one_threat(tmp_path)
    before = draft_for_case(case, "12378", "zh-Hans", date="2026-12-01", respondent="17123456789")
    assert "被投诉机构：【请填写：被投诉机构名称】" in before.text  # 12378's own word for the field
    save_settings(case, CaseSettings(lenders=("众安金融",)))
    # by default the lender the person named: the number, never listed, is left out and said so,
    # as the evidence shows it (never "as far as I know it collects for it")
    d = draft_for_case(case, "12378", "zh-Hans", date="2026-12-01")
    assert "被投诉机构：众安金融\n" in d.text and "据本人了解" not in d.text and THREAT not in d.text
    assert "另有发送号码17123456789的一方（该号码身份未确认" in d.text
    # asked for, the number: its own conduct, the lender its messages name (if any) said as such
    d = draft_for_case(case, "12378", "zh-Hans", date="2026-12-01", respondent="17123456789")
    assert "据本人了解" not in d.text and THREAT in d.text
    assert draft_for_case(case, "lender", "zh-Hans", date="2026-12-01").title == "致众安金融的投诉书"


def test_a_number_whose_messages_name_the_lender_is_said_to_name_it(tmp_path: Path) -> None:
    # a number nobody listed, asked for: the field says what the evidence shows (its messages name
    # the lender), never that it collects for it
    case = _sms_case(tmp_path, sms("17123456789", T0 + dt.timedelta(minutes=30), 1, "众安金融的欠款再不还，" + THREAT),
                     respondents=(Respondent("众安金融", ()),))
    d = draft_for_case(case, "12378", "zh-Hans", date="2026-12-01", respondent="17123456789")
    assert "被投诉机构：发送号码17123456789的一方（该号码身份未确认，消息中提及众安金融）\n" in d.text


def test_the_brief_tells_calls_and_quotes_replies_with_what_they_answer(tmp_path: Path) -> None:
    from tests.core.media.test_exports import ms

    drop = tmp_path / "drop"
    drop.mkdir()
    backup(drop / "sms-20261121.xml",
           sms("95588", T0 - dt.timedelta(hours=10), 1, "【某银行】您已成功还款500.00元。"),
           sms("95588", T0 - dt.timedelta(hours=9), 2, "好"),
           sms("17123456789", T0 - dt.timedelta(hours=8), 1, "再不还钱就把你欠款的事告诉你老婆和你公司人事"),
           sms("17123456789", T0 + dt.timedelta(minutes=30), 1, THREAT),
           sms("17123456789", T0 + dt.timedelta(minutes=40), 2, "请不要再骚扰我"))
    backup(drop / "calls-20261121.xml", *(
        f'<call number="17123456789" duration="0" date="{ms(T0 + dt.timedelta(minutes=3 * k))}" type="3" '
        'presentation="1" contact_name="(Unknown)" />' for k in range(4)), root="calls")
    case = Case.create(tmp_path / "case", CaseMeta("催收", "张伟", "13912345678"))
    assert [o.status for o in case.import_paths([drop])] == ["imported", "imported"]
    text = draft_for_case(case, "lawyer", "zh-Hans", date="2026-12-01").text
    assert "本人回复95588" not in text  # a reply to a bank's receipt is no part of the case
    # the reply, and the threat it answers (the latest before it), both quoted, in that order
    # (a request to stop: said as the person's request, not as a reply)
    assert text.index(f"“{THREAT}”") < text.index("本人要求停止联系（致17123456789）：“请不要再骚扰我”")
    assert "- 2026-11-20 14:41–14:50 证据1：17123456789来电4次（未接通4次）" in text  # a log without local times: UTC


def test_a_reply_is_kept_as_long_as_what_it_answers(tmp_path: Path) -> None:
    from evidencekit.core.analysis.case_settings import read_settings
    from evidencekit.core.analysis.casework import analyse
    from evidencekit.core.documents.fromcase import case_exhibits, draft_input

    drop = tmp_path / "drop"
    drop.mkdir()
    backup(drop / "sms-20261121.xml",
           sms("17123456789", T0 - dt.timedelta(hours=8), 1, THREAT),
           sms("17123456789", T0 - dt.timedelta(hours=7), 2, "我已经在处理了"),
           sms("17123456789", T0 + dt.timedelta(minutes=30), 1, "再不还钱就把你欠款的事告诉你老婆和你公司人事"))
    case = Case.create(tmp_path / "case", CaseMeta("催收", "张伟", "13912345678"))
    assert [o.status for o in case.import_paths([drop])] == ["imported"]
    exs = case_exhibits(case)
    data = draft_input(analyse(exs, case.meta, read_settings(case)), exs, "12315", "zh-Hans")
    by_text = {q.text: q for q in data.quotes}
    reply = by_text["我已经在处理了"]
    # kept as long as the threat it answers (the threat to tell the person's wife and employer, on
    # the same export, weighs more and is kept longer still)
    assert reply.own and reply.rank == by_text[THREAT].rank > by_text["再不还钱就把你欠款的事告诉你老婆和你公司人事"].rank


def test_the_persons_word_that_they_paid_is_quoted_as_such(tmp_path: Path) -> None:
    case = _sms_case(tmp_path,
                     sms("17123456789", T0 - dt.timedelta(hours=8), 1, "你欠的3,000元今天必须还清，不然上门"),
                     sms("17123456789", T0 - dt.timedelta(hours=6), 2, "我已经通过支付宝还了3,000元，请查收"),
                     sms("17123456789", T0 + dt.timedelta(minutes=30), 1, "还有3,000元没还，" + THREAT))
    text = draft_for_case(case, "lawyer", "zh-Hans", date="2026-12-01").text
    # a payment is no reply to the threat before it: said as the person's notice of payment
    assert "本人告知已付款（致17123456789）：“我已经通过支付宝还了3,000元，请查收”" in text
    assert "本人回复17123456789：“我已经通过支付宝还了3,000元" not in text


def test_with_no_lender_set_a_listed_respondent_with_nothing_found_gives_way_to_the_sender_found(tmp_path: Path) -> None:
    from evidencekit.core.analysis.case_settings import CaseSettings, save_settings

    case = _one_threat(tmp_path)
    # the listed company sent nothing: a complaint about it would be empty, the threat's sender is chosen
    d = draft_for_case(case, "12378", "zh-Hans", date="2026-12-01")
    assert THREAT in d.text and d.findings >= 1 and "据本人了解" not in d.text
    # the person's own lender, once set, is theirs to complain of (the number said to be left out)
    save_settings(case, CaseSettings(lenders=("众安金融",)))
    assert THREAT not in draft_for_case(case, "12378", "zh-Hans", date="2026-12-01").text


def test_the_brief_names_each_number_a_party_called_from_in_one_day(tmp_path: Path) -> None:
    from tests.core.media.test_exports import ms

    drop = tmp_path / "drop"
    drop.mkdir()
    backup(drop / "sms-20261121.xml", sms("17123456789", T0 + dt.timedelta(minutes=30), 1, THREAT))
    backup(drop / "calls-20261121.xml", *(
        f'<call number="{n}" duration="0" date="{ms(T0 + dt.timedelta(minutes=3 * k))}" type="3" '
        'presentation="1" contact_name="(Unknown)" />' for k, n in enumerate(("17123456789", "02787654321", "17123456789"))),
        root="calls")
    case = Case.create(tmp_path / "case", CaseMeta("催收", "张伟", "13912345678", respondents=(
        Respondent("汇达催收", ("17123456789", "02787654321")),)))
    assert [o.status for o in case.import_paths([drop])] == ["imported", "imported"]
    text = draft_for_case(case, "lawyer", "zh-Hans", date="2026-12-01").text
    assert "汇达催收来电3次（未接通3次）（号码：17123456789、02787654321）" in text
    # one number alone is named by the party's line as before
    assert "号码：17123456789）" not in text.replace("号码：17123456789、", "")
