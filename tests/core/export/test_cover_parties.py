"""The cover says who demanded each sum (review 6: the agency's HK$9,800 and an unknown mobile's
HK$12,000 were printed as the lender's), counts an unlisted collector as its own sender, and says a
demand not reduced after a payment once per party."""

from __future__ import annotations

from dataclasses import replace

import pytest

from evidencekit.core.analysis.case_settings import CaseSettings
from evidencekit.core.analysis.classify import classify
from evidencekit.core.export import summary
from evidencekit.core.export.model import BundleInput, ExhibitInput
from evidencekit.core.export.strings import strings
from evidencekit.core.models import CaseMeta, Message, OcrResult, Respondent
from tests.core.export.test_summary import ENGINE, SAMPLES, bundle, item

LENDER = Respondent("富信財務有限公司", ("64528801",))
AGENCY = Respondent("卓越信貸管理有限公司", ("51302247",))
UNLISTED = "+852 6789 0123"
THREADS = {  # sender -> (sent at, text)
    "64528801": [("2026-11-03T10:05:00", "【富信財務】陳小姐，你嘅欠款連逾期費共HK$6,000，請盡快還款。"),
                 ("2026-11-12T16:05:00", "【富信財務】已收到閣下還款HK$2,850，尚欠HK$3,150，請於月底前繳清。")],
    "51302247": [("2026-11-09T11:20:00", "陳小姐，本公司受富信財務委託追收你嘅欠款HK$9,800，請即處理。"),
                 ("2026-11-14T21:15:00", "李志強先生：閣下於本公司之欠款已逾期，請即致電3157 6620處理。"),
                 ("2026-11-17T07:40:00", "陳小姐，你嘅欠款HK$9,800一日未還，我哋一日都會打。")],
    UNLISTED: [("2026-11-11T14:15:00", "陳小姐，你欠富信HK$12,000，今個禮拜唔清就等住。"),
               ("2026-11-14T10:30:00", "你欠富信HK$12,000，唔還就上你屋企。")],
}


def _case() -> BundleInput:
    exs = []
    for n, (sender, msgs) in enumerate(THREADS.items(), 1):
        messages = tuple(Message(t, sent_at=at, side="in", labels=tuple(classify(t))) for at, t in msgs)
        ocr = OcrResult(sha256="0" * 64, engine=ENGINE, script="zh-Hant", text="", sender=sender, messages=messages)
        exs.append(ExhibitInput(number=str(n), item=item(f"s{n}.png", id=n), original=SAMPLES / "p.png", ocr=ocr))
    b = bundle(*exs)
    meta = CaseMeta(title="富信財務收數", claimant_name="陳嘉欣", respondents=(LENDER, AGENCY))
    return replace(b, meta=meta, settings=CaseSettings(jurisdiction="HK", lenders=(LENDER.name,)))


@pytest.mark.parametrize("lang", ["zh-Hant", "en"])
def test_the_cover_names_who_demanded_each_sum(lang: str) -> None:
    s = strings(lang)
    lines = {ln.key: ln.value for ln in summary.case_summary(_case(), s).lines}
    amounts = lines["amounts"]
    agency_at = amounts.index(s("sum.item_sep") + s("sum.party_for", by=AGENCY.name, lender=LENDER.name))
    unlisted_at = amounts.index(s("sum.item_sep") + s("sum.party_for", by="67890123", lender=LENDER.name))
    lender_part, agency_part, unlisted_part = amounts[:agency_at], amounts[agency_at:unlisted_at], amounts[unlisted_at:]
    # the lender's own demand: its own figures only
    assert lender_part.startswith(LENDER.name + " ") and "HK$3,150.00" in lender_part
    assert "9,800" not in lender_part and "12,000" not in lender_part
    assert "HK$9,800.00" in agency_part and "12,000" not in agency_part
    assert "HK$12,000.00" in unlisted_part
    # the phone number in the mis-sent notice is no debt of anybody's
    assert "6,620" not in " ".join(lines.values())
    # not reduced after the payment: the agency's and the unlisted number's, once each, not the lender's
    unreduced = lines["unreduced"]
    for by in (AGENCY.name, "67890123"):
        assert unreduced.count(s("sum.party_for", by=by, lender=LENDER.name)) == 1
    assert unreduced.count("2026-11-12") == 2  # the payment, once per party
    assert not unreduced.startswith(LENDER.name) and s("sum.item_sep") + LENDER.name not in unreduced
    # beside each collector's unchanged sum, the lower balance the lender's own receipt gave
    owner = s("sum.unreduced_owner", lender=LENDER.name, value="HK$3,150.00", refs="{refs}").split("{refs}")[0]
    assert unreduced.count(owner) == 2, unreduced


def test_the_sender_table_counts_the_unlisted_number_apart_from_the_lender() -> None:
    a = summary.analysis_of(_case())
    rows = {r.name: r.contacts for r in a.figures.respondents}
    assert rows == {LENDER.name: 2, AGENCY.name: 3, "67890123": 2}


def test_the_institutions_named_are_each_once_and_one_posed_as_is_said_to_be() -> None:
    texts = [("2026-11-03T10:05:00", "【富信財務】陳小姐，你嘅欠款連逾期費共HK$6,000，請盡快還款。"),
             ("2026-11-05T10:05:00", "陳小姐，本公司受富信財務有限公司委託追收你嘅欠款HK$9,800，請即處理。"),
             ("2026-11-06T10:05:00", "【香港特別行政區東區裁判法院】陳嘉欣，你拖欠富信財務款項，已被起訴，請即致電處理。")]
    messages = tuple(Message(t, sent_at=at, side="in", labels=tuple(classify(t))) for at, t in texts)
    ocr = OcrResult(sha256="0" * 64, engine=ENGINE, script="zh-Hant", text="", sender="51302247", messages=messages)
    b = bundle(ExhibitInput(number="1", item=item("s1.png", id=1), original=SAMPLES / "p.png", ocr=ocr))
    b = replace(b, meta=CaseMeta(title="x", claimant_name="陳嘉欣", respondents=(LENDER, AGENCY)),
                settings=CaseSettings(jurisdiction="HK", lenders=(LENDER.name,)))
    lines = {ln.key: ln.value for ln in summary.case_summary(b, strings("zh-Hant")).lines}
    # 富信財務 and 富信財務有限公司 are one; the court is named only by the message posing as it
    assert lines["institutions"] == "富信財務有限公司、香港特別行政區東區裁判法院（僅見於冒用其名義的訊息）"
