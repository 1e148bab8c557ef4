"""Findings are one sender's each: a burst, the contacts after the stop request, the nights; the
person's own recordings and calls are never contacts received; a notice calling the person by a
surname and title alone is not sure; a threat to tell third parties says whether a record shows
it happened; quoted words are the message's own. Constructed timelines, findings asserted exactly."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from pathlib import Path

from evidencekit.core.analysis.contacts import (
    CallOutcome, Channel, Contact, ContactSource, Direction, TimeCertainty, message_contact,
)
from evidencekit.core.analysis.findings import CaseFacts, Certainty, find_findings, load_ruleset
from evidencekit.core.analysis.findings.engine import contacts_after_stop
from evidencekit.core.analysis.contacts import CALL_DIRECTION, received
from evidencekit.core.analysis.figures import case_figures
from evidencekit.core.analysis.media_contacts import merge_corroborated
from evidencekit.core.export.model import ExhibitInput
from evidencekit.core.media.model import AvFacts, ItemMedia, NameFacts
from evidencekit.core.models import Item

RULES = load_ruleset("cn-cba-2026")


def sms(ex: str, i: int, when: str, text: str, *, sender: str, respondent: str = "", side: str = "in") -> Contact:
    return message_contact(text, side=side, sent_at=when, exhibit=ex, item_id=int(ex), message_index=i,
                           counterpart=sender, respondent=respondent)


def recording(ex: str, when: str, **extra: object) -> Contact:
    """A recording the person dated, as the exhibits give it (received until something says otherwise)."""
    return Contact(datetime.fromisoformat(when), TimeCertainty.RESOLVED, Channel.CALL, Direction.IN,
                   ContactSource(ex, int(ex), None), time_basis="statement", outcome=CallOutcome.ANSWERED,
                   extra={"recording": True, "item": True, **extra})


def rules_of(found: list, rule: str) -> list:
    return [f for f in found if f.rule_id == rule]


# Five contacts within an hour, from three senders and the person's own recording: no burst.
MIXED = [
    sms("1", 0, "2026-11-20T09:12:00", "【玉山銀行】您的信用卡帳款已逾期15天，請儘速繳款。", sender="玉山銀行 0912-345-678"),
    sms("1", 1, "2026-11-20T09:12:00", "若您已繳款請忽略此通知。", sender="玉山銀行 0912-345-678"),
    sms("2", 0, "2026-11-20T09:12:00", "【安逸花】您的借款已逾期，请尽快还款。", sender="安逸花 95188 8001"),
    recording("3", "2026-11-20T09:25:00"),
    sms("4", 0, "2026-11-20T09:30:00", "【360借条】审核通过！5,000元已放款。", sender="360借条 10690360"),
]


def test_a_burst_is_one_senders() -> None:
    assert rules_of(find_findings(MIXED, CaseFacts(claimant_name="王小红"), RULES), "bursts") == []
    # five from one number (no respondent known), two from another in the same hour: one burst, theirs
    one = [sms("5", i, f"2026-11-21T10:{m:02d}:00", "还钱。", sender="17123456789") for i, m in enumerate((0, 10, 20, 30, 40))]
    other = [sms("6", i, f"2026-11-21T10:{m:02d}:00", "还钱。", sender="0987654321") for i, m in enumerate((5, 15))]
    found = rules_of(find_findings(MIXED + one + other, CaseFacts(claimant_name="王小红"), RULES), "bursts")
    assert [([e.ref for e in f.evidence], f.sender, f.respondent, f.statement["zh-Hans"]) for f in found] == [
        (["5#0", "5#1", "5#2", "5#3", "5#4"], "17123456789", "",
         "2026-11-21 10:00 起60分钟内，17123456789联系5次")]
    assert found[0].statement["en"] == "5 contacts from 17123456789 within 60 minutes from 2026-11-21 10:00"
    assert found[0].to_dict()["sender"] == "17123456789"


def test_contacts_without_a_known_sender_are_never_put_together() -> None:
    # five dated items with no sender shown (the person's dated photos of letters): five senders
    items = [replace(recording(str(i), f"2026-11-22T10:{m:02d}:00"), channel=Channel.SMS, extra={"item": True})
             for i, m in enumerate((0, 5, 10, 15, 20), 1)]
    assert rules_of(find_findings(items, CaseFacts(), RULES), "bursts") == []


def test_after_the_stop_request_each_sender_for_its_own() -> None:
    stop = CaseFacts(claimant_name="王小红", stop_requested_at=datetime(2026, 11, 20, 9, 0), stop_basis="电话录音，证据3")
    found = rules_of(find_findings(MIXED, stop, RULES), "after-stop")
    # in the order of their first contact (at one minute: by name); the recording is none, nor is
    # 360借条's loan advert (a request to stop collecting is not about adverts); what the request
    # rests on is said
    assert [([e.ref for e in f.evidence], f.sender, f.statement["zh-Hans"]) for f in found] == [
        (["2#0"], "安逸花 95188 8001",
         "2026-11-20 09:00要求停止联系（电话录音，证据3）后，安逸花 95188 8001又联系1次（2026-11-20 09:12）"),
        (["1#0", "1#1"], "玉山銀行 0912-345-678",
         "2026-11-20 09:00要求停止联系（电话录音，证据3）后，玉山銀行 0912-345-678又联系2次（2026-11-20 09:12）"),
    ]
    assert found[1].statement["zh-Hant"] == ("2026-11-20 09:00要求停止聯絡（电话录音，证据3）後，玉山銀行 0912-345-678"
                                             "又聯絡2次（2026-11-20 09:12）")
    assert found[1].statement["en"] == ("2 contacts from 玉山銀行 0912-345-678 after the request to stop on "
                                        "2026-11-20 09:00 (电话录音，证据3) (2026-11-20 09:12)")
    # the request names no one: whether it reached each sender is for the person to confirm
    assert all(f.certainty is Certainty.MEDIUM and "names no one" in f.certainty_reason for f in found)
    # the request made to one of them: only theirs
    to_one = rules_of(find_findings(MIXED, replace(stop, stop_to="95188 8001"), RULES), "after-stop")
    assert [([e.ref for e in f.evidence], f.sender) for f in to_one] == [(["2#0"], "安逸花 95188 8001")]


def test_each_sender_is_held_to_the_request_the_person_made_of_it() -> None:
    # asked 安逸花 to stop on the 20th, a collector's number on the 22nd: the collector's contacts
    # of the 21st came before anyone asked it, its 23rd's after; 安逸花's after the 20th's request
    thread = [
        sms("1", 0, "2026-11-20T10:00:00", "【安逸花】您的借款已逾期，请尽快还款。", sender="安逸花 95188 8001"),
        sms("1", 1, "2026-11-20T10:05:00", "请停止发送催收短信", sender="安逸花 95188 8001", side="out"),
        sms("1", 2, "2026-11-21T10:00:00", "【安逸花】您的借款已逾期，请尽快还款。", sender="安逸花 95188 8001"),
        sms("2", 0, "2026-11-21T11:00:00", "今天不还就去你单位", sender="17123456789"),
        sms("2", 1, "2026-11-22T09:00:00", "别再打电话了", sender="17123456789", side="out"),
        sms("2", 2, "2026-11-23T11:00:00", "还钱", sender="17123456789"),
    ]
    found = rules_of(find_findings(thread, CaseFacts(claimant_name="王小红"), RULES), "after-stop")
    assert [([e.ref for e in f.evidence], f.sender) for f in found] == [
        (["1#1", "1#2"], "安逸花 95188 8001"), (["2#1", "2#2"], "17123456789")]
    assert found[1].statement["zh-Hans"].startswith("2026-11-22 09:00要求停止联系（证据2 第2条）后，17123456789又联系1次")
    assert [thread[i].source.ref() for i in contacts_after_stop(thread, CaseFacts())] == ["1#2", "2#2"]
    # a setting that names no one reaches everyone from its time: the messages are not second-guessed
    setting = CaseFacts(stop_requested_at=datetime(2026, 11, 21, 10, 30))
    assert [thread[i].source.ref() for i in contacts_after_stop(thread, setting)] == ["2#0", "2#2"]
    # a setting for 安逸花 alone: the collector is held to the person's own request of the 22nd
    to_one = replace(setting, stop_to="95188 8001")
    assert [thread[i].source.ref() for i in contacts_after_stop(thread, to_one)] == ["2#2"]


def test_the_persons_own_recordings_and_calls_are_not_contacts_received() -> None:
    own_call = Contact(datetime(2026, 11, 20, 23, 30), TimeCertainty.EXACT, Channel.CALL, Direction.OUT,
                       ContactSource("7", 7, None, 0), time_basis="call log", counterpart="17123456789",
                       respondent="", outcome=CallOutcome.ANSWERED)
    night_recording = recording("8", "2026-11-20T23:40:00")
    assert not received(night_recording) and not received(own_call)
    stop = CaseFacts(stop_requested_at=datetime(2026, 11, 20, 9, 0))
    found = find_findings([night_recording, own_call], stop, RULES)
    assert found == []  # no night, no contact after the stop request
    # a recording of a call its recorder's file name says came in is a call received
    incoming = recording("8", "2026-11-20T23:40:00", **{CALL_DIRECTION: "in"})
    assert received(incoming)
    found = find_findings([incoming], stop, RULES)
    assert [(f.rule_id, [e.ref for e in f.evidence]) for f in found] == [("quiet-hours", ["8"]), ("after-stop", ["8"])]


def _audio(number: str, name: str, nf: NameFacts | None, event_time: str | None = "2026-11-20T09:25") -> ExhibitInput:
    it = Item(id=int(number), sha256="a" * 64, sm3="b" * 64, size=1000, kind="audio", mime="audio/mp4",
              original_name=name, original_path=f"/phone/{name}", file_mtime="2026-12-03T00:39:23Z",
              exif_time=None, imported_at="2026-12-03T00:40:00.000Z", import_offset="+08:00", host="h", user="u",
              event_time=event_time)
    media = ItemMedia("recording", AvFacts(True, 4.0, from_name=nf))
    return ExhibitInput(number, it, Path(f"/phone/{name}"), None, media=media)


def test_a_recordings_direction_comes_from_its_file_name() -> None:
    from evidencekit.core.analysis.case_contacts import exhibit_contacts

    out = _audio("1", "Call_out_13800001111_20261120_092500.m4a",
                 NameFacts("x-call", "X", "2026-11-20T09:25:00", "13800001111", "", "out"))
    inc = _audio("2", "Call_in_17123456789_20261120_102500.m4a",
                 NameFacts("x-call", "X", "2026-11-20T10:25:00", "17123456789", "", "in"))
    bare = _audio("3", "call-2026-11-20.m4a", None)
    exs = [out, inc, bare]
    got = merge_corroborated(exhibit_contacts(exs), exs)
    assert [(c.source.exhibit, c.direction.value, c.counterpart, c.extra.get(CALL_DIRECTION), received(c))
            for c in got] == [("1", "out", "13800001111", "out", False), ("2", "in", "17123456789", "in", True),
                              ("3", "in", "", None, False)]


def test_a_surname_and_title_alone_is_for_the_person_to_confirm() -> None:
    notice = "张先生，你在本平台的借款已逾期47天，欠款合计¥12,860元，今天下午6点前必须全额还清。"
    thread = [sms("4", 0, "2026-11-25T15:05:00", notice, sender="17123456789"),
              sms("4", 1, "2026-11-25T15:06:00", "你们这样骚扰我的家人是违法的，我会去投诉。", sender="17123456789", side="out")]
    found = rules_of(find_findings(thread, CaseFacts(claimant_name="王小红"), RULES), "misdirected")
    assert [(f.certainty, [e.quotes for e in f.evidence], f.statement["zh-Hans"]) for f in found] == [
        (Certainty.MEDIUM, [("张先生",)],
         f"通知仅以姓氏加称谓称呼（张先生），与本号码所属的王小红姓氏不同；欠款是否属于本人，需本人确认：“{notice}”")]
    assert "surname and title alone" in found[0].certainty_reason
    assert found[0].statement["zh-Hant"].startswith("通知僅以姓氏加稱謂稱呼（张先生）")
    assert "only the person can confirm the debt is not theirs" in found[0].statement["en"]
    # the person saying in that thread it is not them: sure
    denied = [thread[0], sms("4", 1, "2026-11-25T15:06:00", "我不是张先生，你们发错人了。", sender="17123456789", side="out")]
    found = rules_of(find_findings(denied, CaseFacts(claimant_name="王小红"), RULES), "misdirected")
    assert [(f.certainty, f.statement["zh-Hans"][:13]) for f in found] == [(Certainty.HIGH, "通知称呼他人（张先生），而")]
    # a full name that is not the claimant's: sure without a reply
    full = [sms("2", 0, "2026-11-20T09:12:00", "【安逸花】李建国先生，您在我司的借款已逾期，欠款3,560元。", sender="95188")]
    found = rules_of(find_findings(full, CaseFacts(claimant_name="王小红"), RULES), "misdirected")
    assert [(f.certainty, f.evidence[0].quotes) for f in found] == [(Certainty.HIGH, ("李建国",))]
    # a Latin surname after a title, and a full Latin name
    latin = [sms("9", 0, "2026-11-20T09:00:00", "Dear Mr Wong, your card payment is overdue.", sender="HSBC"),
             sms("9", 1, "2026-11-20T09:01:00", "Dear Mr Wong Chi Keung, your loan is overdue.", sender="HSBC")]
    found = rules_of(find_findings(latin, CaseFacts(claimant_name="陳嘉欣"), RULES), "misdirected")
    assert [(f.certainty, f.evidence[0].quotes) for f in found] == [(Certainty.MEDIUM, ("Mr Wong",)),
                                                                    (Certainty.HIGH, ("Wong Chi Keung",))]


def test_a_threat_to_tell_third_parties_says_whether_it_happened() -> None:
    threat = "再不处理我们将联系你的家人、紧急联系人和你单位领导，让大家都知道你欠钱不还。"
    alone = [sms("4", 0, "2026-11-25T15:05:00", threat, sender="17123456789")]
    found = rules_of(find_findings(alone, CaseFacts(claimant_name="王小红"), RULES), "third-party-disclosure")
    assert [(f.facts["disclosed"], [e.ref for e in f.evidence]) for f in found] == [(False, ["4#0"])]
    assert found[0].statement["zh-Hans"] == f"消息称将联系或告知第三人（家人、单位及同事、通讯录联系人及亲友）：“{threat}”"
    # the person's reply in that thread reports their family was reached
    reported = alone + [sms("4", 1, "2026-11-25T15:06:00", "你们这样骚扰我的家人是违法的，我会去投诉。",
                            sender="17123456789", side="out")]
    found = rules_of(find_findings(reported, CaseFacts(claimant_name="王小红"), RULES), "third-party-disclosure")
    assert [(f.facts["disclosed"], [(e.ref, e.quotes) for e in f.evidence]) for f in found] == [
        (True, [("4#0", ("联系你的家人", "领导，让大家都知道")), ("4#1", ("你们这样骚扰我的家人是违法的",))])]
    # said as the person's own words (the whole clause), never as a record of its own
    assert found[0].statement["zh-Hans"].endswith("；本人回复称第三人已被联系：“你们这样骚扰我的家人是违法的”")
    assert found[0].statement["zh-Hant"].endswith("；本人回覆稱第三人已被聯絡：「你们这样骚扰我的家人是违法的」")
    assert found[0].statement["en"].endswith("; my reply says they were reached: “你们这样骚扰我的家人是违法的”")
    # the person asking them not to contact the family reports nothing: a request is no disclosure
    for asked in ("剩下的我会直接和易享贷协商，请停止联系我，也不要再联系我的家人和单位。", "别找我同事，我会还的。",
                  "请勿骚扰我的家人。"):
        found = rules_of(find_findings(alone + [sms("4", 1, "2026-11-25T15:06:00", asked, sender="17123456789",
                                                    side="out")], CaseFacts(claimant_name="王小红"), RULES),
                         "third-party-disclosure")
        assert [(f.facts["disclosed"], [e.ref for e in f.evidence]) for f in found] == [(False, ["4#0"])], asked
        assert "本人回复称" not in found[0].statement["zh-Hans"]
    # a report after the request in another clause is one
    both = alone + [sms("4", 1, "2026-11-25T15:06:00", "不要再联系我了，你们已经打给我同事了。", sender="17123456789",
                        side="out")]
    found = rules_of(find_findings(both, CaseFacts(claimant_name="王小红"), RULES), "third-party-disclosure")
    assert [e.quotes for e in found[0].evidence][1:] == [("你们已经打给我同事了",)]
    # the sender saying it has done so, in another screenshot of the same number
    done = alone + [sms("5", 0, "2026-11-26T10:00:00", "我们已经通知了你的紧急联系人，你自己看着办。", sender="17123456789")]
    found = rules_of(find_findings(done, CaseFacts(claimant_name="王小红"), RULES), "third-party-disclosure")
    assert [(f.facts["disclosed"], [(e.ref, e.quotes) for e in f.evidence]) for f in found][0] == (
        True, [("4#0", ("联系你的家人", "领导，让大家都知道")), ("5#0", ("已经通知了你的紧急联系人",))])
    assert found[0].statement["zh-Hans"].endswith("；对方消息称已联系第三人：“已经通知了你的紧急联系人”")


def test_cantonese_and_english_say_third_parties_were_reached() -> None:
    """The sender's "we have already told your colleagues" and the person's "you called my boss",
    written in Cantonese or English, are records that the third parties were reached."""
    cases = [
        ("陳嘉欣，你再唔還錢，我哋會聯絡你公司同事。", "我哋已經通知咗你同事，你自己睇住辦。", "已經通知咗你同事", False),
        ("再不还钱我们就联系你单位同事。", "你同事张敏我们已经联系过了，已经跟她说了你欠钱不还的事。", "你同事张敏我们已经联系过了",
         False),
        ("陳嘉欣，你再唔還錢，我哋會聯絡你公司同事。", "我哋已經打咗去你公司，同你同事黃小姐講咗你欠錢唔還。",
         "已經打咗去你公司", False),
        ("Settle today or we will contact your employer and colleagues.",
         "We have already informed your colleagues about the overdue loan.", "have already informed your colleagues", False),
        ("陳嘉欣，你再唔還錢，我哋會聯絡你公司同事。", "你哋打俾我老細做乜？", "你哋打俾我老細做乜", True),
        ("Settle today or we will contact your employer and colleagues.", "Why did you call my boss at the office",
         "Why did you call my boss at the office", True),
    ]
    for threat, after, quote, own in cases:
        contacts = [sms("4", 0, "2026-11-25T15:05:00", threat, sender="51234567"),
                    sms("4", 1, "2026-11-25T15:30:00", after, sender="51234567", side="out" if own else "in")]
        found = rules_of(find_findings(contacts, CaseFacts(claimant_name="陳嘉欣 / CHAN Ka Yan"), RULES),
                         "third-party-disclosure")
        assert found and found[0].facts["disclosed"], after
        assert quote in [q for e in found[0].evidence for q in e.quotes], after
    # asking them not to is no report
    asked = [sms("4", 0, "2026-11-25T15:05:00", cases[1][0], sender="51234567"),
             sms("4", 1, "2026-11-25T15:30:00", "Please stop calling my boss.", sender="51234567", side="out"),
             sms("4", 2, "2026-11-25T15:31:00", "唔好再搵我同事。", sender="51234567", side="out")]
    found = rules_of(find_findings(asked, CaseFacts(claimant_name="陳嘉欣"), RULES), "third-party-disclosure")
    assert [f.facts["disclosed"] for f in found] == [False]


def test_quoted_words_are_the_messages_own() -> None:
    text = "如果不還，我們會聯繫您的家人和公司主管，並到您家裡拜訪。"
    found = find_findings([sms("7", 1, "2026-11-25T15:05:00", text, sender="0987654321")],
                          CaseFacts(claimant_name="王小红"), RULES)
    quotes = {f.rule_id: f.evidence[0].quotes for f in found}
    # each run exactly as shown, nothing left out inside it ("到您家…拜訪…到…您家" was not)
    assert quotes == {"third-party-disclosure": ("聯繫您的家人",), "threats": ("到您家裡拜訪",)}
    for f in found:
        for e in f.evidence:
            assert all(q in e.text for q in e.quotes) and e.quote == "…".join(e.quotes)
    # repeated words are one run: "影響…信用紀錄…影響您的信用" was shown before
    credit = find_findings([sms("1", 1, "2026-11-20T09:12:00", "若您已繳款請忽略此通知，逾期未繳將影響您的信用紀錄。",
                                sender="玉山銀行")], CaseFacts(claimant_name="王小红"), RULES)
    assert [f.evidence[0].quotes for f in credit] == [("影響您的信用紀錄",)]


def test_evidence_json_numbers_messages_from_one() -> None:
    found = find_findings([sms("4", 1, "2026-11-25T15:05:00", "再不还钱就去你家。", sender="17123456789")],
                          CaseFacts(claimant_name="王小红"), RULES)
    ev = found[0].to_dict()["evidence"][0]
    assert (ev["ref"], ev["message_no"], ev["row_no"]) == ("4#1", 2, None)
    row = Contact(datetime(2026, 11, 24, 9), TimeCertainty.EXACT, Channel.CALL, Direction.IN,
                  ContactSource("6", 6, None, 17), counterpart="17088880002", outcome=CallOutcome.MISSED)
    attempts = find_findings([replace(row, source=ContactSource("6", 6, None, r)) for r in range(10, 17)],
                             CaseFacts(), RULES)
    ev = attempts[0].to_dict()["evidence"][0]
    assert (ev["ref"], ev["message_no"], ev["row_no"]) == ("6@10", None, 11)


def test_the_cover_counts_received_contacts_as_the_findings_do() -> None:
    # the person's recording of a call whose direction nothing says is no call received, on the
    # cover as in the findings; one its recorder's file name marks incoming is
    unknown, incoming = recording("3", "2026-11-20T09:25:00"), recording("7", "2026-11-20T11:00:00", **{CALL_DIRECTION: "in"})
    figs = case_figures([*MIXED, unknown, incoming], {})
    assert (figs.calls_in, figs.messages_in, figs.messages_out) == (1, 4, 0)
    assert figs.total == sum(1 for c in [*MIXED, unknown, incoming] if received(c) and c.timed)


def test_a_reply_supports_only_earlier_threats_of_the_kind_it_names() -> None:
    # the person's reply at 15:06 says their family was harassed (review 3, item 8)
    reply = sms("4", 2, "2026-11-25T15:06:00", "你们这样骚扰我的家人是违法的，我会去投诉。", sender="17123456789", side="out")
    family = "最后通牒：明天中午前不还，你全家都会收到你的欠款信息。"
    timeline = [
        sms("4", 0, "2026-11-21T23:18:00", "明天上午10点前不还钱，我们就打电话给你老婆和你公司人事。", sender="17123456789"),
        sms("4", 1, "2026-11-24T22:41:00", "你不接电话是吧？明天我们直接去你单位找你领导谈。", sender="17123456789"),
        reply,
        sms("5", 0, "2026-11-26T00:12:00", family, sender="17123456789"),
    ]
    found = rules_of(find_findings(timeline, CaseFacts(claimant_name="王小红"), RULES), "third-party-disclosure")
    # the earlier threat to tell the wife: supported; the employer alone: not; the later one: not
    assert [(f.evidence[0].ref, f.facts["disclosed"], [e.ref for e in f.evidence[1:]]) for f in found] == [
        ("4#0", True, ["4#2"]), ("4#1", False, []), ("5#0", False, [])]
    assert found[2].statement["zh-Hans"] == f"消息称将联系或告知第三人（家人）：“{family}”"
    # an undated reply supports no threat, not even the one above it on the screen
    undated = replace(reply, time=None, certainty=TimeCertainty.UNKNOWN)
    found = rules_of(find_findings([timeline[0], undated], CaseFacts(claimant_name="王小红"), RULES),
                     "third-party-disclosure")
    assert [(f.facts["disclosed"], len(f.evidence)) for f in found] == [(False, 1)]
    # an undated threat above a dated reply in one screenshot: the screen's order says it came first
    above = replace(timeline[0], time=None, certainty=TimeCertainty.UNKNOWN, source=ContactSource("4", 4, 1))
    found = rules_of(find_findings([above, reply], CaseFacts(claimant_name="王小红"), RULES), "third-party-disclosure")
    assert [(f.facts["disclosed"], [e.ref for e in f.evidence]) for f in found] == [(True, ["4#1", "4#2"])]


def test_night_contacts_are_headed_by_their_night() -> None:
    # review 3, item 11: one finding per night, named by the night, never by the calendar day of 00:12
    timeline = [sms("8", i, t, "还钱。", sender="17123456789") for i, t in enumerate((
        "2026-11-21T23:18:00", "2026-11-22T06:52:00", "2026-11-24T22:41:00", "2026-11-25T07:31:00",
        "2026-11-26T00:12:00"))]
    found = rules_of(find_findings(timeline, CaseFacts(claimant_name="王小红"), RULES), "quiet-hours")
    assert [(f.statement["zh-Hans"], [e.ref for e in f.evidence]) for f in found] == [
        ("2026-11-21夜间至11-22凌晨：2次联系在22:00至次日08:00之间（23:18、06:52）", ["8#0", "8#1"]),
        ("2026-11-24夜间至11-25凌晨：2次联系在22:00至次日08:00之间（22:41、07:31）", ["8#2", "8#3"]),
        ("2026-11-25夜间至11-26凌晨：1次联系在22:00至次日08:00之间（00:12）", ["8#4"]),
    ]
    assert found[2].statement["zh-Hant"] == "2026-11-25夜間至11-26凌晨：1次聯絡在22:00至翌日08:00之間（00:12）"
    assert found[2].statement["en"] == "night of 25–26 Nov 2026: 1 contact between 22:00 and 08:00 (00:12)"
    assert found[2].facts["date"] == "2026-11-25"
