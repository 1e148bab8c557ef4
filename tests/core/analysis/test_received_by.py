"""Whose phone an item was received on, as a fact of the item (``Item.received_by``): a message on
a third party's phone about the claimant's debt is a disclosure, never a contact the claimant
received; one the person says was on their own phone is a contact received, whatever its wording;
when the person said nothing, the wording decides as it always did."""

from __future__ import annotations

from dataclasses import replace

import pytest

from evidencekit.core.analysis.casework import analyse
from evidencekit.core.analysis.chronology import events, third_party_events
from evidencekit.core.analysis.figures import DISCLOSED, message_label_names, received_by_value, told_others
from tests.core.analysis import casefixture

# worded to a colleague: "你同事李明欠我们…"
TOLD = "王先生您好，你同事李明欠我们恒信消费金融8,000元一直不还，麻烦转告他尽快处理。"
# a notice that names nobody: whose phone it was on says who was told
PLAIN = "【恒信消费金融】您的借款已逾期，欠款¥8,800.00元，请尽快处理。"


def _case(text: str, received_by: str):  # type: ignore[no-untyped-def]
    ex = casefixture._exhibit(6, "IMG_20261124_110500.jpg", "17088880001", [("今天 11:05", "in", text)],
                              exif="2026:11:24 11:06:00")
    ex = replace(ex, item=replace(ex.item, received_by=received_by))
    exhibits = (*casefixture.exhibits(), ex)
    a = analyse(exhibits, casefixture.META)
    (i,) = [i for i, c in enumerate(a.contacts) if c.source.exhibit == "6"]
    return a, i, exhibits


def test_a_message_worded_to_a_colleague_with_nothing_said_is_the_disclosure_its_words_show() -> None:
    # the person did not say whose phone it was on (every case made before the fact existed)
    a, i, exhibits = _case(TOLD, "")
    assert told_others(a.readings[i]) and DISCLOSED in message_label_names(a.readings[i])
    assert a.figures.total == analyse(casefixture.exhibits(), casefixture.META).figures.total
    assert [f for f in a.findings if f.rule_id == "third-party-disclosure" and "6" in f.exhibits
            and f.facts.get("disclosed")]
    evs = events(exhibits)
    (e,) = [e for e in third_party_events(evs, evs, casefixture.CLAIMANT) if e.exhibit == "6"]
    assert e.to_third_party and not e.counts


@pytest.mark.parametrize("own", ["self", "本人", "本人手機", "me"])
def test_a_message_worded_to_a_colleague_on_the_claimants_own_phone_is_a_contact_received(own: str) -> None:
    a, i, exhibits = _case(TOLD, received_by_value(own))
    r = a.readings[i]
    assert not told_others(r)
    assert DISCLOSED not in message_label_names(r)
    assert "told-third-party" not in {h.rule for h in r.hits}  # its other readings stay as its words give them
    base = analyse(casefixture.exhibits(), casefixture.META).figures.total
    assert a.figures.total == base + 1
    # not a disclosure that happened (its words may still read as a threat to tell)
    assert not [f for f in a.findings if f.rule_id == "third-party-disclosure" and "6" in f.exhibits
                and f.facts.get("disclosed")]
    evs = events(exhibits)
    (e,) = [e for e in third_party_events(evs, evs, casefixture.CLAIMANT) if e.exhibit == "6"]
    assert not e.to_third_party and e.counts


def test_the_same_message_on_the_colleagues_phone_is_a_disclosure() -> None:
    a, i, exhibits = _case(TOLD, "王先生 (同事)")
    assert told_others(a.readings[i]) and DISCLOSED in message_label_names(a.readings[i])
    assert a.figures.total == analyse(casefixture.exhibits(), casefixture.META).figures.total
    assert [f for f in a.findings if f.rule_id == "third-party-disclosure" and "6" in f.exhibits
            and f.facts.get("disclosed")]


def test_a_notice_that_names_nobody_on_a_colleagues_phone_is_a_disclosure() -> None:
    own, i, _ = _case(PLAIN, "")
    assert not told_others(own.readings[i])
    a, i, exhibits = _case(PLAIN, "王先生 (同事)")
    assert told_others(a.readings[i])
    assert a.figures.total == own.figures.total - 1
    # the chronology lists it, marked, and says whose phone it was on
    evs = events(exhibits)
    (e,) = [e for e in third_party_events(evs, evs, casefixture.CLAIMANT) if e.exhibit == "6"]
    assert e.received_by == "王先生 (同事)" and e.to_third_party and not e.counts
    assert sum(x.counts for x in third_party_events(evs, evs, casefixture.CLAIMANT)) == a.figures.total
    # the finding names whom it reached as the person said it, the message greeting no one
    (f,) = [f for f in a.findings if f.rule_id == "third-party-disclosure" and "6" in f.exhibits]
    assert f.statement["zh-Hans"].startswith("对方发给第三人（王先生 (同事)：单位及同事）的消息")
    assert f.statement["en"].startswith("A message sent to a third party (王先生 (同事): employer")
    # a message that greets them names them as it greets them
    (f,) = [f for f in _case(TOLD, "王先生 (同事)")[0].findings
            if f.rule_id == "third-party-disclosure" and "6" in f.exhibits]
    assert f.statement["zh-Hans"].startswith("对方发给第三人（王先生：单位及同事）的消息")


def test_how_the_person_says_whose_phone_it_was() -> None:
    assert [received_by_value(x) for x in ("", "  ", "self", "Me", "本人", "本人手機", "本人手机", "自己")] == \
        ["", "", "self", "self", "self", "self", "self", "self"]
    assert received_by_value(" 黄小姐  (同事) ") == "黄小姐 (同事)"
