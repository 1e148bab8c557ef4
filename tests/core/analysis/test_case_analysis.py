"""A case built from a constructed timeline, analysed the way the bundle, the app and the drafts
analyse it: the times and what they rest on, the contacts and whom they are from, the figures the
cover states and the findings, all asserted exactly."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from decimal import Decimal

import pytest

from evidencekit.core.analysis.amounts import AmountRole
from evidencekit.core.analysis.case_settings import (
    CaseSettings, in_effect, phone_jurisdiction, read_settings, save_settings,
)
from evidencekit.core.analysis.casework import CaseAnalysis, analyse
from evidencekit.core.analysis.contacts import Channel, Direction, TimeCertainty
from evidencekit.core.analysis.findings.model import CAVEAT
from evidencekit.core.analysis.parties import attribute, institutions, respondent_numbers
from evidencekit.core.models import JsonValue
from evidencekit.core.vault import actions
from evidencekit.errors import UsageError
from tests.core.analysis.casefixture import CLAIMANT, COLLECTOR, E1, E2, LENDER, META, exhibits


@pytest.fixture(scope="module")
def case() -> CaseAnalysis:
    return analyse(exhibits(), META)


def test_times_rest_on_the_best_basis(case: CaseAnalysis) -> None:
    got = {c.source.ref(): (c.time.isoformat(sep=" ", timespec="minutes") if c.time else None, c.certainty.value,
                            c.time_basis) for c in case.contacts}
    assert got == {
        # a full stamp: the day is on the screen
        "1#0": ("2026-11-18 10:00", "exact", ""),
        # "昨天", "今天": from the time in the phone's file name, not the file time (the 28th)
        "1#1": ("2026-11-19 21:00", "resolved", "file name 2026-11-20 09:35 + '昨天 21:00'"),
        "1#2": ("2026-11-20 09:10", "resolved", "file name 2026-11-20 09:35 + '今天 09:10'"),
        "1#3": ("2026-11-20 09:30", "resolved", "file name 2026-11-20 09:35 + '今天 09:30'"),
        # from EXIF
        "2#0": ("2026-11-21 23:05", "resolved", "EXIF 2026-11-21 23:59 + '今天 23:05'"),
        "2#1": ("2026-11-21 23:15", "resolved", "EXIF 2026-11-21 23:59 + '今天 23:15'"),
        "2#2": ("2026-11-21 23:25", "resolved", "EXIF 2026-11-21 23:59 + '今天 23:25'"),
        "2#3": ("2026-11-21 23:40", "resolved", "EXIF 2026-11-21 23:59 + '今天 23:40'"),
        "2#4": ("2026-11-21 23:55", "resolved", "EXIF 2026-11-21 23:59 + '今天 23:55'"),
        # a bare clock time: the day of the file name
        "3#0": ("2026-11-22 10:00", "resolved", "file name 2026-11-22 10:00 + '10:00'"),
        # only the file time (copied on the 28th) to go by: shown, never counted
        "4#0": ("2026-11-28 15:00", "unknown",
                "file modification time (unreliable) 2026-11-28 14:33 + '今天 15:00'"),
        "5#0": ("2026-11-23 11:00", "resolved", "EXIF 2026-11-23 12:00 + '今天 11:00'"),
    }


def test_contacts_are_attributed_by_number_name_and_signature(case: CaseAnalysis) -> None:
    who = {c.source.ref(): c.respondent for c in case.contacts}
    assert who == {"1#0": LENDER, "1#1": LENDER, "1#2": LENDER, "1#3": LENDER,  # "恒信消费金融 95566"
                   **{f"2#{i}": COLLECTOR for i in range(5)},  # 17088880001
                   "3#0": LENDER,  # an unknown number, signed 【恒信消费金融】
                   "4#0": COLLECTOR, "5#0": LENDER}
    assert [c.direction for c in case.contacts].count(Direction.OUT) == 1
    assert all(c.channel is Channel.SMS for c in case.contacts)
    # the payee's bank is no party; the words before a name are not part of it
    found = institutions(E2[3][2])
    assert [(m.name, m.payee) for m in found] == [("恒信消费金融", False), ("建设银行", True)]
    assert attribute("95566", "", META.respondents) == LENDER
    assert attribute("+86 170 8888 0002", "", META.respondents) == COLLECTOR
    assert attribute("10690000", "【建设银行】您的账户…", META.respondents) == ""


def test_whose_numbers(case: CaseAnalysis) -> None:
    """A lender's callback number and the account a collector demands payment to are theirs; a
    relative's number is not."""
    assert respondent_numbers(E1[3][2]) == ["23456789"]
    assert respondent_numbers(E2[3][2]) == ["6222021234567890123"]
    assert respondent_numbers(E2[0][2]) == []


def test_figures(case: CaseAnalysis) -> None:
    f = case.figures
    d = dt.date.fromisoformat
    assert f.per_day == ((d("2026-11-18"), 1, 0), (d("2026-11-19"), 1, 0), (d("2026-11-20"), 1, 0),
                         (d("2026-11-21"), 0, 5), (d("2026-11-22"), 1, 0), (d("2026-11-23"), 1, 0))
    assert (f.total, f.messages_in, f.messages_out, f.calls_in) == (10, 11, 1, 0)
    refs = lambda idx: [case.contacts[i].source.ref() for i in idx]  # noqa: E731
    assert refs(f.night) == ["2#0", "2#1", "2#2", "2#3", "2#4"]
    assert refs(f.untimed) == ["4#0"]
    # the request to stop went to the lender's thread: the cover counts every respondent's later
    # contacts (the collector's too), the finding holds only the lender's against it
    assert case.stop == (dt.datetime(2026, 11, 20, 9, 10), "exhibit 1")
    assert refs(f.after_stop) == ["1#3", "2#0", "2#1", "2#2", "2#3", "2#4", "3#0", "5#0"]
    assert f.after_stop_everyone and refs(f.after_stop_addressed) == ["1#3", "3#0", "5#0"]
    # 2#2 waits at the person's own workplace: a home visit, nobody else named there
    assert refs(f.labels["threat_third_party"]) == ["2#0", "2#4"]
    assert "2#2" in refs(f.labels["threat_home_visit"])
    assert refs(f.labels["possibly_misdirected"]) == ["3#0"]
    assert len(f.labels["threat"]) == 6 and refs(f.labels["threat_legal_action"]) == ["4#0"]
    assert f.busiest_number() == ("17088880001", 5, (d("2026-11-21"),))
    assert set(f.per_number_day) == {"95566", "17088880001", "1069012345678"}  # "恒信消费金融 95566" is 95566
    per = {r.name: (r.contacts, r.night, r.threats, r.after_stop, r.exhibits) for r in f.respondents}
    # the lender's "逾期记录将上报征信" is a notice that may be lawful (its finding rated low): no threat
    # counted; nor the collector's "今天不还就起诉你", a civil legal step stated (lawful unless untrue)
    assert per == {LENDER: (5, 0, 0, 3, ("1", "3", "5")), COLLECTOR: (5, 5, 4, 5, ("2", "4"))}


def test_amounts_have_roles_lenders_and_currencies(case: CaseAnalysis) -> None:
    f = case.figures
    got = [(e.lender, e.amount.role, e.amount.amount.value, e.amount.amount.currency, e.exhibit) for e in f.amounts]
    assert got == [
        (LENDER, AmountRole.DEMANDED, Decimal("5200.00"), "CNY", "1"),
        (LENDER, AmountRole.PAID, Decimal("2000"), "CNY", "1"),  # "我已经还了2000元": not demanded
        (LENDER, AmountRole.DEMANDED, Decimal("3200.00"), "CNY", "1"),
        (LENDER, AmountRole.THIRD_PARTY_DEBT, Decimal("8800.00"), "CNY", "3"),  # 张伟's, not 李明's
        (LENDER, AmountRole.DEMANDED, Decimal("1200.00"), "HKD", "5"),
    ]
    demands = [(x.lender, x.currency, x.distinct, x.latest, x.largest, x.exhibits) for x in f.demanded]
    assert demands == [(LENDER, "CNY", (Decimal("5200.00"), Decimal("3200.00")), Decimal("3200.00"),
                        Decimal("5200.00"), ("1",)),
                       (LENDER, "HKD", (Decimal("1200.00"),), Decimal("1200.00"), Decimal("1200.00"), ("5",))]


FINDINGS = [
    ("quiet-hours", ("2",), ["2#0", "2#1", "2#2", "2#3", "2#4"], "medium",
     "2026-11-21夜间至11-22凌晨：5次联系在22:00至次日08:00之间（23:05、23:15、23:25、23:40、23:55）"),
    ("third-party-disclosure", ("2",), ["2#0"], "high",
     f"消息称将联系或告知第三人（家人）：“{E2[0][2]}”"),
    # waiting at the person's own workplace (2#2) is a visit, below; telling the colleagues is this
    ("third-party-disclosure", ("2",), ["2#4"], "high",
     f"消息称将联系或告知第三人（单位及同事）：“{E2[4][2]}”"),
    # the credit record alone: saying arrears are reported may be lawful, so low, with that reason
    ("threats", ("1",), ["1#1"], "low", f"消息含威胁上报征信：“{E1[1][2]}”"),
    ("threats", ("2",), ["2#1"], "high", "消息含其他威胁：“睡了吗？我们可没睡。”"),
    ("threats", ("2",), ["2#2"], "high", f"消息含威胁上门：“{E2[2][2]}”"),
    # a civil legal step stated ("起诉你") is lawful unless untrue or meant to frighten: low
    ("threats", ("4",), ["4#0"], "low", "消息含威胁起诉或报警：“最后通知，今天不还就起诉你。”"),
    ("misdirected", ("3",), ["3#0"], "high",
     "通知称呼他人（张伟），而本号码属于李明：“【恒信消费金融】张伟先生，您的借款已逾期，欠款¥8,800.00元，请尽快处理。”"),
    ("after-stop", ("1", "3", "5"), ["1#2", "1#3", "3#0", "5#0"], "medium",
     f"2026-11-20 09:10要求停止联系（证据1 第3条）后，{LENDER}又联系3次（2026-11-20 09:30 至 2026-11-23 11:00）"),
    ("bursts", ("2",), ["2#0", "2#1", "2#2", "2#3", "2#4"], "medium", f"2026-11-21 23:05 起60分钟内，{COLLECTOR}联系5次"),
]


def test_findings_on_the_constructed_case(case: CaseAnalysis) -> None:
    got = [(f.rule_id, f.exhibits, [e.ref for e in f.evidence], f.certainty.value, f.statement["zh-Hans"])
           for f in case.findings]
    assert got == FINDINGS
    assert "may be lawful" in case.findings[3].certainty_reason
    assert all("lawful" not in f.certainty_reason for f in case.findings[4:6])  # other threats stay sure
    by_ref = {c.source.ref(): c for c in case.contacts}
    for f in case.findings:
        for e in f.evidence:
            c = by_ref[e.ref]
            assert e.exhibit == c.source.exhibit and e.text == c.text  # every reference and quote exact
            for w in e.quote.split("…"):
                assert w in c.text
        assert CAVEAT["zh-Hans"] in f.text("zh-Hans")
    night = case.findings[0]
    assert "EXIF" in night.certainty_reason  # times resolved from EXIF: medium, and why
    # the untimed message says its time is not known, and that it states a lawful step
    assert case.findings[6].certainty_reason == "the message's time is unknown; a lawful legal step stated"
    assert {f.respondent for f in case.findings[:3]} == {COLLECTOR}


def test_a_stop_request_set_in_the_case_covers_everyone() -> None:
    settings = CaseSettings(stop_requested_at="2026-11-20 09:00", stop_basis="电话录音")
    a = analyse(exhibits(), META, settings)
    after = [f for f in a.findings if f.rule_id == "after-stop"]
    # held against each sender for its own contacts: the lender's, then the collector's, never one for all
    assert [[e.ref for e in f.evidence] for f in after] == [["1#3", "3#0", "5#0"],
                                                             ["2#0", "2#1", "2#2", "2#3", "2#4"]]
    assert [(f.sender, f.respondent) for f in after] == [(LENDER, LENDER), (COLLECTOR, COLLECTOR)]
    assert after[0].statement["zh-Hans"].startswith(f"2026-11-20 09:00要求停止联系（电话录音）后，{LENDER}又联系3次")
    assert after[1].statement["zh-Hans"].startswith(f"2026-11-20 09:00要求停止联系（电话录音）后，{COLLECTOR}又联系5次")
    assert all(f.certainty.value == "medium" for f in after)  # the contacts' times are resolved; the request names no one
    assert all("names no one" in f.certainty_reason for f in after)
    # to one respondent only (the collector, by the setting): the cover's figures count after that
    # request; the person's own "请停止发短信骚扰我" to the lender at 09:10 (1#2) is a request too,
    # and the findings hold the lender to that one
    lender_after = ["1#3", "3#0", "5#0"]
    collector_after = ["2#0", "2#1", "2#2", "2#3", "2#4"]
    a = analyse(exhibits(), META, replace(settings, stop_to=COLLECTOR))
    assert [a.contacts[i].source.ref() for i in a.figures.after_stop_addressed] == collector_after
    after = [f for f in a.findings if f.rule_id == "after-stop"]
    assert [[e.ref for e in f.evidence] for f in after] == [["1#2", *lender_after], collector_after]
    assert after[0].statement["zh-Hans"].startswith(f"2026-11-20 09:10要求停止联系（证据1 第3条）后，{LENDER}又联系3次")
    assert after[1].statement["zh-Hans"].startswith(f"2026-11-20 09:00要求停止联系（电话录音）后，{COLLECTOR}又联系5次")
    assert [(t.isoformat(), to) for t, _b, to in a.stops] == [("2026-11-20T09:00:00", COLLECTOR),
                                                              ("2026-11-20T09:10:00", LENDER)]
    # to one of its numbers: the collector from all of them (4#0 is untimed, never counted)
    a = analyse(exhibits(), META, replace(settings, stop_to="+86 170 8888 0001"))
    assert [a.contacts[i].source.ref() for i in a.figures.after_stop_addressed] == collector_after
    # the cover counts every contact after it, from any number, whomever it was made to; those
    # the request concerns are the collector's alone while nobody is known to act for the same
    # lender
    assert len(a.figures.after_stop_any) == 8
    assert [a.contacts[i].source.ref() for i in a.figures.after_stop] == collector_after


def test_taiwan_rules_and_currency() -> None:
    a = analyse(exhibits(), META, CaseSettings(jurisdiction="TW"))
    assert a.ruleset.id == "tw-fsc" and a.figures.night_window.text() == "22:00–07:00"
    # a bare 元 is TWD in a Taiwan case; ¥ stays CNY and HK$ HKD
    assert {(x.currency, x.latest) for x in a.figures.demanded} == {("CNY", Decimal("3200.00")),
                                                                   ("HKD", Decimal("1200.00"))}
    assert [(e.amount.amount.currency, e.amount.amount.value) for e in a.figures.paid] == [("TWD", Decimal("2000"))]


@pytest.mark.parametrize(("phone", "where"), [
    ("+852 6123 4567", "HK"), ("6123 4567", "HK"), ("0912-345-678", "TW"), ("+886 912 345 678", "TW"),
    ("138 0000 1111", "CN"), ("+86 13800001111", "CN"), ("+1 415 555 0100", ""), ("", ""), ("12345", "")])
def test_a_phone_number_says_where_it_is_only_when_it_alone_can(phone: str, where: str) -> None:
    assert phone_jurisdiction(phone) == where


def test_a_person_who_never_says_where_is_read_by_their_phone_numbers_region() -> None:
    # a Hong Kong number, nothing set: Hong Kong's rules and its dollar for a bare 元, as if set
    hk = replace(META, claimant_phone="+852 6123 4567")
    a = analyse(exhibits(), hk, CaseSettings())
    assert a.jurisdiction == "HK" and a.ruleset.id == analyse(exhibits(), hk, CaseSettings(jurisdiction="HK")).ruleset.id
    assert a.ruleset.id != analyse(exhibits(), META, CaseSettings()).ruleset.id
    assert [e.amount.amount.currency for e in a.figures.paid] == ["HKD"]
    # what the person set wins over the number
    assert analyse(exhibits(), hk, CaseSettings(jurisdiction="CN")).jurisdiction == "CN"
    assert in_effect(CaseSettings(), "0912345678").jurisdiction == "TW"
    assert in_effect(CaseSettings(), "+44 20 7946 0000") == CaseSettings()


class _Settings:
    def __init__(self) -> None:
        self.values: dict[str, JsonValue] = {}
        self.logged: list[object] = []

    def setting(self, key: str, default: JsonValue = None) -> JsonValue:
        return self.values.get(key, default)

    def set_setting(self, key: str, value: JsonValue, *, logged: object = None) -> None:
        self.values[key] = value
        self.logged.append(logged)


def test_settings_round_trip_and_validate() -> None:
    store = _Settings()
    assert read_settings(store) == CaseSettings()
    st = CaseSettings(stop_requested_at="2026-11-20 09:30", jurisdiction="hk", lenders=(LENDER,),
                      respondent_addresses={LENDER: "深圳市…"}, questions=("能否要求赔偿？",))
    save_settings(store, st)
    back = read_settings(store)
    assert back == replace(st, jurisdiction="HK") and back.stop_time == dt.datetime(2026, 11, 20, 9, 30)
    # the change is logged with it: the facts the findings rest on with their values, the rest by name
    (entry,) = store.logged
    assert isinstance(entry, actions.SettingsChanged)
    assert entry.facts == {"stop_requested_at": "2026-11-20 09:30", "jurisdiction": "HK", "lenders": LENDER}
    assert entry.changed == ("respondent_addresses", "questions") and len(entry.sha256) == 64
    save_settings(store, back)  # nothing changed: nothing logged
    assert len(store.logged) == 1
    with pytest.raises(UsageError):
        save_settings(store, CaseSettings(stop_requested_at="上周三"))
    with pytest.raises(UsageError):
        save_settings(store, CaseSettings(jurisdiction="JP"))


def test_the_claimant_decides_what_is_misdirected() -> None:
    """On 张伟's phone the notice to 张伟 is his own, and the one to 李明 is for someone else."""
    a = analyse(exhibits(), replace(META, claimant_name="张伟"))
    assert [[e.ref for e in f.evidence] for f in a.findings if f.rule_id == "misdirected"] == [["1#0"]]
    assert [a.contacts[i].source.ref() for i in a.figures.labels["possibly_misdirected"]] == ["1#0"]
    roles = {(e.exhibit, e.amount.amount.value): e.amount.role for e in a.figures.amounts}
    assert roles[("3", Decimal("8800.00"))] is AmountRole.DEMANDED
    assert roles[("1", Decimal("5200.00"))] is AmountRole.THIRD_PARTY_DEBT
    assert CLAIMANT != a.meta.claimant_name
    assert all(c.certainty is not TimeCertainty.EXACT or c.time_basis == "" for c in a.contacts)


def test_calls_and_exported_messages_plug_in() -> None:
    """A call log's rows and an SMS export's rows are contacts like the screenshots' messages."""
    from evidencekit.core.analysis.case_contacts import CallRecord, MessageRecord
    from evidencekit.core.analysis.contacts import CallOutcome

    calls = [CallRecord("6", dt.datetime(2026, 11, 24, h, 0), "+86 170 8888 0002", outcome=CallOutcome.MISSED,
                        duration_s=0, time_basis="call log", item_id=6, row=r) for r, h in enumerate(range(9, 16))]
    calls.append(CallRecord("6", dt.datetime(2026, 11, 24, 16, 0), "17088880002", outcome=CallOutcome.ANSWERED,
                            duration_s=95, time_basis="call log", item_id=6, row=7))
    sms = [MessageRecord("7", dt.datetime(2026, 11, 24, 22, 30), "17088880002", text="你再不接电话，我们就去你家。",
                         time_basis="SMS export", item_id=7, row=0)]
    a = analyse(exhibits(), META, calls=calls, messages=sms)
    f = a.figures
    assert (f.calls_in, f.messages_in, f.total) == (8, 12, 19)
    assert {c.respondent for c in a.contacts if c.source.exhibit in ("6", "7")} == {COLLECTOR}
    attempts = [x for x in a.findings if x.rule_id == "unanswered-attempts"]
    assert [(x.exhibits, len(x.evidence), x.certainty.value, x.statement["zh-Hans"]) for x in attempts] == [
        (("6",), 7, "high", "2026-11-24：经电话联系7次未接通，超过每日6次")]
    night = [x for x in a.findings if x.rule_id == "quiet-hours"]
    assert [[e.ref for e in x.evidence] for x in night] == [["2#0", "2#1", "2#2", "2#3", "2#4"], ["7@0"]]
    # one number however written: the seven missed calls, the answered one and the message
    assert f.per_number_day["17088880002"] == {dt.date(2026, 11, 24): 9}


def test_a_collectors_demand_is_the_lenders() -> None:
    """What a collector demands is owed to the lender it collects for: the one it names, even
    short ("聚富"), else the case's one lender."""
    from evidencekit.core.analysis.case_contacts import MessageRecord
    from evidencekit.core.analysis.parties import lender_named
    from evidencekit.core.models import Respondent

    t = dt.datetime(2026, 11, 21, 10, 0)
    msgs = [MessageRecord("1", t, "17088880001", "in", "你欠的3,000元今天必须还清，否则后果自负。"),
            MessageRecord("1", t + dt.timedelta(hours=1), "17088880002", "out", "我昨天已经还了500元，剩下的下个月还。")]
    a = analyse((), META, CaseSettings(lenders=(LENDER,)), messages=msgs)
    assert [(e.lender, e.amount.role, e.amount.amount.value) for e in a.figures.amounts] == [
        (LENDER, AmountRole.DEMANDED, Decimal("3000")), (LENDER, AmountRole.PAID, Decimal("500"))]
    # without knowing who lent, the sender keeps them
    a = analyse((), META, CaseSettings(), messages=msgs)
    assert {e.lender for e in a.figures.amounts} == {COLLECTOR}
    rs = (Respondent("聚富信貸股份有限公司"), Respondent("立誠資產管理股份有限公司"))
    assert lender_named("明天去你家樓下聊聊你欠聚富的7,500元。", rs, ["聚富信貸股份有限公司"]) == "聚富信貸股份有限公司"
    assert lender_named("明天去你家樓下聊聊你欠的7,500元。", rs, ["聚富信貸股份有限公司"]) == ""


def test_someone_elses_debt_is_listed_once_per_message() -> None:
    from evidencekit.core.analysis.case_contacts import MessageRecord

    t = dt.datetime(2026, 11, 21, 10, 0)
    msgs = [MessageRecord("1", t, "95566", "in", "【恒信消费金融】张伟先生，您的借款8,800元已逾期，请尽快归还这8,800元。")]
    a = analyse((), META, CaseSettings(lenders=(LENDER,)), messages=msgs)
    assert [(e.lender, e.amount.amount.value) for e in a.figures.third_party] == [(LENDER, Decimal("8800"))]
    assert a.figures.demanded == ()


def test_the_latest_demand_of_a_schedule_is_the_instalment_due_first() -> None:
    """A plan sets out the balance, the first instalment and the later ones: what the person is
    asked to pay now is the first instalment, not the last sum written."""
    from evidencekit.core.analysis.case_contacts import MessageRecord

    t = dt.datetime(2026, 11, 21, 10, 0)
    plan = "【恒信消费金融】李先生，您申请的分期还款方案已通过：剩余2,218.60元分3期，首期818.60元于12月20日前还款，后两期每期700.00元。"
    a = analyse((), META, CaseSettings(lenders=(LENDER,)), messages=[MessageRecord("1", t, "95566", "in", plan)])
    [d] = a.figures.demanded
    assert d.distinct == (Decimal("2218.60"), Decimal("818.60"), Decimal("700.00"))
    assert d.latest == Decimal("818.60") and d.largest == Decimal("2218.60")
    # the next message presses the same instalment, named by it alone and with no unit
    later = MessageRecord("1", t + dt.timedelta(days=1), "17088880001", "in", "分期是分期，首期818.60晚一天，我们就去你老家。")
    a = analyse((), META, CaseSettings(lenders=(LENDER,)),
                messages=[MessageRecord("1", t, "95566", "in", plan.replace("首期", "第一期")), later])
    [d] = a.figures.demanded
    assert d.latest == Decimal("818.60") and a.figures.amounts[-1].amount.role is AmountRole.DEMANDED
