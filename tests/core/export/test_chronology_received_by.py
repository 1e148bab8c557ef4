"""The bundle's chronology marks what the cover and the findings count as told to a third party,
by one decision: whose phone the item was received on when the person said so, else its words."""

from __future__ import annotations

from dataclasses import replace

import pytest

from evidencekit.core.export import summary
from evidencekit.core.export.model import BundleInput
from evidencekit.core.export.strings import strings
from tests.core.analysis import casefixture

TOLD = "王先生您好，你同事李明欠我们恒信消费金融8,000元一直不还，麻烦转告他尽快处理。"
PLAIN = "【恒信消费金融】您的借款已逾期，欠款¥8,800.00元，请尽快处理。"


@pytest.mark.parametrize(("text", "received_by", "told"), [
    (TOLD, "", True),  # not said: its words tell a colleague
    (TOLD, "self", False),  # on the claimant's own phone: a contact received (possibly mis-sent)
    (PLAIN, "王先生 (同事)", True),  # on the colleague's phone: told him, though it names no relation
    (PLAIN, "", False),
])
def test_the_chronology_marks_as_the_cover_counts(text: str, received_by: str, told: bool) -> None:
    ex = casefixture._exhibit(6, "IMG_20261124_110500.jpg", "17088880001", [("今天 11:05", "in", text)],
                              exif="2026:11:24 11:06:00")
    ex = replace(ex, item=replace(ex.item, received_by=received_by))
    b = BundleInput(meta=casefixture.META, exhibits=(*casefixture.exhibits(), ex), log=(), identity=None)  # type: ignore[arg-type]
    evs = summary.case_events(b, strings("zh-Hans"))
    (e,) = [e for e in evs if e.exhibit == "6"]
    assert (e.to_third_party, e.counts) == (told, not told)
    assert sum(x.counts for x in evs) == summary.analysis_of(b).figures.total
