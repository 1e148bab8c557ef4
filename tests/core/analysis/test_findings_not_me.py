"""The person's "not me" reply counts for the notices it answers, never for those naming them."""

from __future__ import annotations

from evidencekit.core.analysis.contacts import Contact, message_contact
from evidencekit.core.analysis.findings import CaseFacts, find_findings, load_ruleset
from evidencekit.core.analysis.labels import read_contacts

LENDER = "易享贷"
NOTICE_1 = "【易享贷】王芳您好，您的借款第3期应还2,316.40元已逾期2天，请尽快登录APP还款，以免产生罚息。退订回T"
NOTICE_2 = "【易享贷】王芳您好，您剩余待还2,316.40元已逾期，请尽快登录APP还款。退订回T"
LIU = "【易享贷】刘志强先生，您在我司的借款已逾期30天，欠款6,870.00元，请立即还款，否则将影响您的个人征信。"
REPLY = "我不是刘志强，这个号码是我本人的，你们发错人了。"


def sms(i: int, when: str, text: str, side: str = "in", ex: str = "1") -> Contact:
    return message_contact(text, side=side, sent_at=when, exhibit=ex, item_id=int(ex), message_index=i,
                           counterpart="106908881234", respondent=LENDER)


def misdirected(contacts: list[Contact], claimant: str = "王芳", forms: str = "") -> list[tuple[str, str]]:
    readings = read_contacts(contacts, forms or claimant)
    found = find_findings(contacts, CaseFacts(claimant_name=claimant), load_ruleset("cn-cba-2026"),
                          readings=readings)
    return [(f.statement["zh-Hans"], "；".join(e.quote for e in f.evidence)) for f in found if f.rule_id == "misdirected"]


def test_a_reply_to_one_notice_leaves_the_claimants_own_notices_hers() -> None:
    thread = [sms(0, "2026-11-09T09:30:00", NOTICE_1), sms(1, "2026-11-18T08:30:00", NOTICE_2),
              sms(2, "2026-11-19T10:02:00", LIU), sms(3, "2026-11-19T10:30:00", REPLY, side="out")]
    assert misdirected(thread) == [(f"通知称呼他人（刘志强），而本号码属于王芳：“{LIU}”", "刘志强；我不是")]


def test_a_reply_naming_someone_answers_no_nameless_notice() -> None:
    nameless = "【易享贷】您的借款已逾期，请尽快登录APP还款。"
    thread = [sms(0, "2026-11-18T08:30:00", nameless), sms(1, "2026-11-19T10:02:00", LIU),
              sms(2, "2026-11-19T10:30:00", REPLY, side="out")]
    assert [s for s, _ in misdirected(thread)] == [f"通知称呼他人（刘志强），而本号码属于王芳：“{LIU}”"]
    # a reply naming nobody still answers it: the person says the thread's notices are not theirs
    generic = [sms(0, "2026-11-18T08:30:00", nameless), sms(1, "2026-11-19T10:30:00", "你们发错人了。", side="out")]
    assert misdirected(generic) == [(f"通知称呼他人（非本人），而本号码属于王芳：“{nameless}”", "；发错")]


def test_a_reply_naming_nobody_leaves_a_notice_to_the_claimants_other_name_hers() -> None:
    other = "【易享贷】王小芳您好，您剩余待还2,316.40元已逾期，请尽快登录APP还款。"
    thread = [sms(0, "2026-11-18T08:30:00", other), sms(1, "2026-11-19T10:30:00", "你们发错人了。", side="out")]
    assert misdirected(thread, "王芳", "王芳 / 王小芳") == []


def test_a_notice_speaking_to_the_person_of_someone_elses_debt_says_whom_it_names_not_whom_it_addresses() -> None:
    """Review9 #7: "黄志坚欠钱不还，机主不配合就是包庇" addresses the number's owner; it names 黄志坚 as
    the one who owes. "黄志坚，…你的逾期欠款" addresses him."""
    spoken_of = "黄志坚欠钱不还，机主不配合就是包庇，明天我们的人去档案地址。"
    addressed = "【鹏程资产】黄志坚，你的逾期欠款¥12,860.40已转我司处理，请于11月12日前结清。"
    thread = [sms(0, "2026-11-10T21:40:00", addressed), sms(1, "2026-11-14T22:15:00", spoken_of)]
    assert [s for s, _ in misdirected(thread, "叶慧敏")] == [
        f"通知称呼他人（黄志坚），而本号码属于叶慧敏：“{addressed}”",
        f"通知所述欠款人为他人（黄志坚），而本号码属于叶慧敏：“{spoken_of}”"]
