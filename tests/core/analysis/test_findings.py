"""Findings on timelines we construct, asserted exactly; rule sets as data."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from pathlib import Path

import pytest

from evidencekit.core.analysis.contacts import (
    CallOutcome, Channel, Contact, ContactSource, Direction, TimeCertainty, message_contact,
)
from evidencekit.core.analysis.findings import (
    CaseFacts, Certainty, RuleSetError, builtin_rulesets, find_findings, load_ruleset, ruleset_for_case,
)
from evidencekit.core.analysis.findings.model import CAVEAT

LENDER = "安逸花"


def sms(ex: str, i: int, when: str, text: str, side: str = "in", cert: TimeCertainty | None = None,
        basis: str = "") -> Contact:
    return message_contact(text, side=side, sent_at=when, exhibit=ex, item_id=int(ex), message_index=i,
                           certainty=cert, time_basis=basis, counterpart="95188", respondent=LENDER)


def call(ex: str, row: int, when: str, outcome: CallOutcome) -> Contact:
    return Contact(datetime.fromisoformat(when), TimeCertainty.EXACT, Channel.CALL, Direction.IN,
                   ContactSource(ex, int(ex), None, row), time_basis="call log", counterpart="95188",
                   respondent=LENDER, duration_s=0 if outcome is not CallOutcome.ANSWERED else 95, outcome=outcome)


NIGHT = ["你什么时候还钱？", "还不回？", "今晚到底还不还？", "你今晚必须给个答复。", "我们一直在等你回复。"]

TIMELINE = [
    # exhibit 1: a notice for somebody else, the person's reply asking them to stop, then a threat
    sms("1", 0, "2026-11-20T09:00:00", "【安逸花】张伟先生，您在我司的借款已逾期，欠款3,560元，请尽快还款。"),
    sms("1", 1, "2026-11-20T09:30:00", "我不是张伟，你们发错人了，请停止发送。", side="out"),
    sms("1", 2, "2026-11-20T10:00:00", "【安逸花】张伟先生，再不还款我们将联系你的家人和单位领导。"),
    # exhibit 2: a night-time burst; the last message's time resolved from the screenshot's EXIF time
    *[sms("2", i, f"2026-11-21T23:{m:02d}:00", NIGHT[i]) for i, m in enumerate((5, 15, 25, 40, 55))],
    sms("2", 5, "2026-11-22T00:20:00", "睡了吗？我们可没睡。", cert=TimeCertainty.RESOLVED,
        basis="EXIF 2026-11-22 00:31 + '今天'"),
    # exhibit 3: a call log, seven unanswered calls and one answered on one day
    *[call("3", r, f"2026-11-22T{h:02d}:00:00", CallOutcome.MISSED) for r, h in enumerate(range(10, 17))],
    call("3", 7, "2026-11-22T17:00:00", CallOutcome.ANSWERED),
    # exhibit 4: a threat to tell colleagues and friends
    sms("4", 0, "2026-11-23T14:00:00", "我们会把你的欠款情况告诉你所有的同事和朋友。"),
]


def test_findings_on_the_constructed_timeline() -> None:
    found = find_findings(TIMELINE, CaseFacts(claimant_name="李明"), load_ruleset("cn-cba-2026"))
    got = [(f.rule_id, f.exhibits, f.certainty.value, f.statement["zh-Hans"]) for f in found]
    assert got == [
        ("quiet-hours", ("2",), "medium",
         "2026-11-21夜间至11-22凌晨：6次联系在22:00至次日08:00之间（23:05、23:15、23:25、23:40、23:55、00:20）"),
        ("unanswered-attempts", ("3",), "high", "2026-11-22：经电话联系7次未接通，超过每日6次"),
        # the notice to 张伟 threatens 张伟's family: it is his, not the person's (misdirected, below)
        ("third-party-disclosure", ("4",), "high",
         "消息称将联系或告知第三人（单位及同事、通讯录联系人及亲友）：“我们会把你的欠款情况告诉你所有的同事和朋友。”"),
        ("threats", ("2",), "high", "消息含其他威胁：“睡了吗？我们可没睡。”"),
        ("misdirected", ("1",), "high",
         "通知称呼他人（张伟），而本号码属于李明：“【安逸花】张伟先生，您在我司的借款已逾期，欠款3,560元，请尽快还款。”"),
        ("misdirected", ("1",), "high",
         "通知称呼他人（张伟），而本号码属于李明：“【安逸花】张伟先生，再不还款我们将联系你的家人和单位领导。”"),
        # each names the one sender whose contacts it counts
        ("after-stop", ("1", "2", "3", "4"), "medium",
         "2026-11-20 09:30要求停止联系（证据1 第2条）后，安逸花又联系16次（2026-11-20 10:00 至 2026-11-23 14:00）"),
        ("bursts", ("2",), "high", "2026-11-21 23:05 起60分钟内，安逸花联系5次"),
    ]
    night = found[0]
    assert [e.time for e in night.evidence][-1] == "2026-11-22 00:20"
    assert "EXIF" in night.certainty_reason
    assert night.params["start"] == ("22:00", night.sources[0])
    assert all(f.respondent == LENDER for f in found)
    after = found[6]
    assert after.evidence[0].quote == "停止发送" and after.evidence[0].ref == "1#1"
    # quotes are the messages exactly as shown
    texts = {c.text for c in TIMELINE}
    assert all(e.text in texts for f in found for e in f.evidence if e.text)


def test_the_case_stop_date_wins_over_the_reply() -> None:
    facts = CaseFacts(claimant_name="李明", stop_requested_at=datetime(2026, 11, 23, 0, 0), stop_basis="letter",
                      stop_to="安逸花")
    found = [f for f in find_findings(TIMELINE, facts, load_ruleset("cn-cba-2026")) if f.rule_id == "after-stop"]
    assert len(found) == 1
    assert found[0].facts["count"] == 1 and found[0].exhibits == ("4",) and found[0].certainty is Certainty.HIGH
    # one contact: its time, not a span from a time to itself; what the request rests on
    assert found[0].statement["zh-Hans"] == "2026-11-23 00:00要求停止联系（letter）后，安逸花又联系1次（2026-11-23 14:00）"
    assert found[0].statement["en"] == ("1 contact from 安逸花 after the request to stop on 2026-11-23 00:00 (letter) "
                                        "(2026-11-23 14:00)")
    # the same request naming no one: whether it reached 安逸花 is for the person to confirm
    anyone = [f for f in find_findings(TIMELINE, replace(facts, stop_to=""), load_ruleset("cn-cba-2026"))
              if f.rule_id == "after-stop"]
    assert [f.certainty for f in anyone] == [Certainty.MEDIUM]


def test_the_stop_setting_cites_the_persons_own_message_at_that_minute() -> None:
    # review 3, item 12: the setting dates the request; the person's SMS of that minute shows it
    ask = Contact(datetime(2026, 11, 23, 14, 5, 31), TimeCertainty.EXACT, Channel.SMS, Direction.OUT,
                  ContactSource("8", 8, None, 2), time_basis="SMS export", counterpart="95188",
                  text="请停止给我打电话，不要再打电话了。")
    later = sms("4", 1, "2026-11-23T15:00:00", "还钱。")
    facts = CaseFacts(claimant_name="李明", stop_requested_at=datetime(2026, 11, 23, 14, 5),
                      stop_basis="本人短信，见短信导出", stop_to="安逸花")

    def after(contacts: list[Contact]) -> list[tuple[str, str, list[tuple[str, tuple[str, ...]]]]]:
        found = find_findings(contacts, facts, load_ruleset("cn-cba-2026"))
        return [(f.statement["zh-Hans"], f.statement["en"], [(e.ref, e.quotes) for e in f.evidence])
                for f in found if f.rule_id == "after-stop"]

    assert after([*TIMELINE, ask, later]) == [(
        "2026-11-23 14:05要求停止联系（证据8 第3条记录）后，安逸花又联系1次（2026-11-23 15:00）",
        "1 contact from 安逸花 after the request to stop on 2026-11-23 14:05 (exhibit 8, record 3) (2026-11-23 15:00)",
        [("8@2", ("停止给我打电话",)), ("4#1", ())])]
    # no message of the person's at that minute: the basis they typed
    assert after([*TIMELINE, replace(ask, time=datetime(2026, 11, 23, 14, 6)), later])[0][0] == (
        "2026-11-23 14:05要求停止联系（本人短信，见短信导出）后，安逸花又联系1次（2026-11-23 15:00）")


def test_a_finding_is_never_a_legal_conclusion() -> None:
    found = find_findings(TIMELINE, CaseFacts(claimant_name="李明"), load_ruleset("cn-cba-2026"))
    for f in found:
        for lang in ("zh-Hans", "zh-Hant", "en"):
            assert f.text(lang).endswith(CAVEAT[lang])
            assert "违法" not in f.text(lang) and "illegal" not in f.text(lang).lower()
        assert f.to_dict()["exhibits"] == list(f.exhibits)


def test_thresholds_are_parameters_with_sources(tmp_path: Path) -> None:
    (tmp_path / "rules.toml").write_text(
        'extends = "cn-cba-2026"\nid = "mine"\ndisable = ["bursts"]\n'
        '[source.reports]\ntitle = "Reports of 3 calls a day"\n'
        '[params.unanswered-attempts.max]\nvalue = 3\nsource = "reports"\n'
        '[params.quiet-hours.start]\nvalue = "23:30"\nsource = "reports"\n', encoding="utf-8")
    rs = ruleset_for_case(tmp_path)
    assert rs.id == "mine" and rs.jurisdiction == "CN"
    found = find_findings(TIMELINE, CaseFacts(claimant_name="李明"), rs)
    ids = [f.rule_id for f in found]
    assert "bursts" not in ids
    attempts = next(f for f in found if f.rule_id == "unanswered-attempts")
    # a citation titled once reads the same in every language
    assert attempts.params["max"] == (3, {"zh-Hans": "Reports of 3 calls a day", "zh-Hant": "Reports of 3 calls a day",
                                          "en": "Reports of 3 calls a day"})
    night = next(f for f in found if f.rule_id == "quiet-hours")
    assert night.facts["count"] == 3  # 23:40, 23:55, 00:20


def test_a_citation_reads_in_the_finding_language() -> None:
    found = find_findings(TIMELINE, CaseFacts(claimant_name="李明"), load_ruleset("cn-cba-2026"))
    night = found[0]
    assert night.cited("zh-Hans")[0].startswith("中国银行业协会《个人消费贷款催收工作指引》")
    assert night.cited("zh-Hant")[0].startswith("中國銀行業協會《個人消費貸款催收工作指引》")
    assert night.cited("en")[0].startswith("China Banking Association, Guideline on collecting personal consumer")
    assert night.to_dict()["sources"][0]["en"] == night.cited("en")[0]


def test_builtin_sets_name_jurisdiction_date_and_sources() -> None:
    sets = builtin_rulesets()
    assert {"cn-cba-2026", "tw-fsc", "hk-hkma"} <= set(sets)
    for rs in sets.values():
        assert rs.jurisdiction and rs.date and rs.title.get("en")
        for r in rs.rules:
            assert r.sources and all(s in rs.sources for s in r.sources)
            assert all(p.source in rs.sources for p in r.params.values())
            assert set(r.says) == {"zh-Hans", "zh-Hant", "en"}
        # every citation has a title in each language, and the English one is no Chinese-only title
        for titles, _note in rs.sources.values():
            assert set(titles) == {"zh-Hans", "zh-Hant", "en"}
            assert any("a" <= ch.lower() <= "z" for ch in titles["en"]), titles["en"]
    cn = sets["cn-cba-2026"].rules
    qh = next(r for r in cn if r.id == "quiet-hours")
    assert qh.params["start"].value == "22:00"
    assert {v for v, _ in qh.params["start"].alternatives} == {"21:00", "20:00"}
    assert next(r for r in cn if r.id == "unanswered-attempts").params["max"].alternatives == ((3, "press-secondary"),)
    assert ruleset_for_case(None, jurisdiction="HK").id == "hk-hkma"


@pytest.mark.parametrize(("content", "says"), [
    ('id = "x"\njurisdiction = "CN"\ndate = "2026"\n[[rule]]\nid = "a"\ncheck = "nope"\nsources = []\n', "unknown check"),
    ('id = "x"\njurisdiction = "CN"\ndate = "2026"\n[[rule]]\nid = "a"\ncheck = "burst"\nsources = ["s"]\n', "unknown source"),
    ('extends = "cn-cba-2026"\ndisable = ["no-such-rule"]\n', "no rule no-such-rule"),
    ('extends = "cn-cba-2026"\n[params.bursts.minutes]\nvalue = 5\n', "needs a value and a source"),
    ("not toml [", "rules.toml"),
], ids=["unknown-check", "unknown-source", "unknown-rule", "param-without-source", "bad-toml"])
def test_bad_rule_files_are_named(tmp_path: Path, content: str, says: str) -> None:
    (tmp_path / "rules.toml").write_text(content, encoding="utf-8")
    with pytest.raises(RuleSetError, match=says):
        ruleset_for_case(tmp_path)


def test_a_day_above_only_the_lower_limit_some_reports_give_is_said_at_low_certainty() -> None:
    # four unanswered calls in a day: not above the guideline's six, above the three some reports give
    four = [call("3", r, f"2026-11-22T{h:02d}:00:00", CallOutcome.MISSED) for r, h in enumerate(range(10, 14))]
    found = [f for f in find_findings(four, CaseFacts(claimant_name="李明"), load_ruleset("cn-cba-2026"))
             if f.rule_id == "unanswered-attempts"]
    assert [(f.certainty.value, f.statement["zh-Hans"]) for f in found] == [
        ("low", "2026-11-22：经电话联系4次未接通，超过部分报道所称的每日3次（本规则集采用每日6次）")]
    assert found[0].statement["en"].startswith("2026-11-22: 4 unanswered call attempts, more than the 3 a day")
    # three are above neither
    assert not [f for f in find_findings(four[:3], CaseFacts(claimant_name="李明"), load_ruleset("cn-cba-2026"))
                if f.rule_id == "unanswered-attempts"]


def test_the_lenders_acknowledgement_of_the_persons_complaint_is_no_contact_held_against_it() -> None:
    """Review9 #8: "您反馈的号码问题已登记，工单号…" answers the person; a contact after the stop
    request to hold against the lender is one that presses."""
    facts = CaseFacts(claimant_name="李明", stop_requested_at=datetime(2026, 11, 23, 0, 0), stop_basis="letter",
                      stop_to="安逸花")
    ack = sms("5", 0, "2026-11-23T10:30:00", "【安逸花】尊敬的客户，您反馈的号码问题已登记，工单号RX20261123-0932，我们将在3个工作日内核实处理。")
    (found,) = [f for f in find_findings([*TIMELINE, ack], facts, load_ruleset("cn-cba-2026")) if f.rule_id == "after-stop"]
    assert found.facts["count"] == 1 and found.exhibits == ("4",)
