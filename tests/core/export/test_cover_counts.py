"""The cover, the chronology and its chart count the same contacts; the cover's sender table
lists every sender; the demand total leaves out what the cover lists as paid and never adds up
different creditors' debts; a salutation to someone else is not stated as a mis-sent notice."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import replace
from decimal import Decimal
from pathlib import Path
from types import SimpleNamespace

import pytest
from reportlab.graphics.charts.barcharts import VerticalBarChart
from reportlab.graphics.shapes import Drawing
from reportlab.platypus import Flowable, Paragraph, Table

from evidencekit.core.analysis.amounts import find_amounts
from evidencekit.core.analysis.contacts import received
from evidencekit.core.export import summary
from evidencekit.core.export.model import BundleInput
from evidencekit.core.export.pdf.input import LayoutInput
from evidencekit.core.export.pdf.sections.chronology import chronology
from evidencekit.core.export.pdf.sections.cover import cover
from evidencekit.core.export.pdf.styles import Styles, register_fonts
from evidencekit.core.export.strings import strings
from tests.core.export.test_summary import DEMO_FILES, bundle, exhibit, recording

NOW = dt.datetime(2026, 12, 3, 10, 0)


def demo_exhibits(**recording_kw: object) -> list:
    return [recording(str(i), name, **recording_kw) if name.endswith(".m4a") else exhibit(str(i), name)
            for i, name in enumerate(DEMO_FILES, 1)]


@pytest.fixture(scope="module")
def dated_recording() -> BundleInput:
    """The demo case with its call recording dated by the person (the review's exhibit 12): a
    recording of a call not known to have come in, listed in the chronology, never a contact."""
    return bundle(*demo_exhibits(event_time="2026-11-20T09:30"))


def layout(b: BundleInput, lang: str = "zh-Hans") -> LayoutInput:
    register_fonts()
    s = strings(lang)
    return LayoutInput(bundle=replace(b, identity=SimpleNamespace(fingerprint="f" * 64)), s=s,  # type: ignore[arg-type]
                       purpose="consumer_association", now=NOW, fingerprint="0" * 64, images={}, attachments={},
                       guide=None)  # type: ignore[arg-type]  # (neither section reads it)


def texts(flowables: Iterable[Flowable]) -> list[str]:
    return [f.getPlainText() for f in flowables if isinstance(f, Paragraph)]


def chart_of(flowables: Iterable[Flowable]) -> VerticalBarChart:
    drawing = next(f for f in flowables if isinstance(f, Drawing))
    return next(x for x in drawing.contents if isinstance(x, VerticalBarChart))


def cell_texts(t: Table) -> list[list[str]]:
    return [[c.getPlainText() if isinstance(c, Paragraph) else str(c) for c in row] for row in t._cellvalues]


# ------------------------------------------------------------------ one count of contacts


@pytest.mark.parametrize("lang", ["zh-Hans", "en"])
def test_the_chronology_and_its_chart_count_what_the_cover_counts(dated_recording: BundleInput, lang: str) -> None:
    li = layout(dated_recording, lang)
    a = li.case_analysis()
    rec = next(c for c in a.contacts if c.extra.get("recording"))
    assert rec.time == dt.datetime(2026, 11, 20, 9, 30) and rec.timed  # dated: the old count took it as a call
    total = a.figures.total
    cover_period = next(ln for ln in summary.case_summary(li.bundle, li.s, a).lines if ln.key == "period")
    assert (f"共 {total} 次联系" if lang == "zh-Hans" else f"{total} contacts in total") in cover_period.value

    out = list(chronology(li, Styles(li.s.is_cjk), {}))
    head = texts(out)[1]
    assert head.startswith(f"共 {total} 次联系" if lang == "zh-Hans" else f"{total} contacts in total"), head
    # the recording is listed (its row is there) and said not to count
    assert any("录音" in t or "recording" in t for t in texts(out)[2:3])
    bc = chart_of(out)
    assert sum(sum(series) for series in bc.data) == total
    # no call received in this case: no call segment in any bar (the person's recording is none)
    assert len(bc.data) == 2
    per_day = [(d, x + y) for d, x, y in a.figures.per_day]
    assert [sum(col) for col in zip(*bc.data, strict=True)] == [n for _, n in per_day]


def test_counted_events_follow_the_received_rule(dated_recording: BundleInput) -> None:
    s = strings("zh-Hans")
    a = summary.analysis_of(dated_recording)
    evs = summary.case_events(dated_recording, s)
    flags = [e.counts for e in evs]  # the one rule the app's chronology and the bundle's use
    rec = next(c for c in a.contacts if c.extra.get("recording"))
    recorded = [e for e in evs if e.item_id == rec.source.item_id]
    assert len(recorded) == 1 and not received(rec)
    assert not flags[evs.index(recorded[0])]
    assert not any(f for e, f in zip(evs, flags, strict=True) if e.outgoing)
    assert sum(flags) == a.figures.total


# ------------------------------------------------------------------ every sender


def test_the_sender_table_lists_every_sender(dated_recording: BundleInput) -> None:
    li = layout(dated_recording)
    out = cover(li, Styles(True))
    heading = next(i for i, f in enumerate(out) if isinstance(f, Paragraph) and f.getPlainText() == "按发送方统计")
    table = next(f for f in out[heading:] if isinstance(f, Table))
    rows = cell_texts(table)[1:]
    senders = next(ln for ln in summary.case_summary(li.bundle, li.s).lines if ln.key == "senders")
    n = int(re.match(r"(\d+) 个", senders.value).group(1))  # type: ignore[union-attr]
    assert n > summary.NAMES_MAX and len(rows) == n  # 11, not the first 6
    names = [r[0] for r in rows]
    for name in ("众安金融 95069", "中國信託", "微众银行", "360借条 10690360", "富邦金控 +886 2 8751 1313"):
        assert name in names
    # every counted contact is in some row, once
    assert sum(int(re.match(r"\d+", r[1]).group(0)) for r in rows) == li.case_analysis().figures.total  # type: ignore[union-attr]


def test_a_sender_whose_contacts_are_all_undated_has_its_row() -> None:
    # no EXIF, no date from the person: "今天" rests on the file time only, so none is counted
    undated = exhibit("2", "ios-light-hans-delivered.png", exif_time=None)
    b = bundle(exhibit("1", "ios-dark-hans-threat.png"), exhibit("3", "android-light-hans-missent.png"), undated)
    a = summary.analysis_of(b)
    rows = summary.sender_rows(a.figures)
    lone = [(r, n) for r, n in rows if r.exhibits == ("2",)]
    received = [m for m in undated.ocr.messages if m.side != "out"]  # type: ignore[union-attr]
    assert len(lone) == 1 and lone[0][0].contacts == 0 and lone[0][1] == len(received) > 0
    cells = cell_texts(next(f for f in cover(layout(b), Styles(True)) if isinstance(f, Table)
                            and cell_texts(f)[0][0] == "发送方"))
    assert any(r[1] == f"0（另 {lone[0][1]} 次时间不详）" for r in cells[1:])
    lines = [ln.text for ln in summary.case_summary(b, strings("en"), a).lines if ln.key == "respondent"]
    assert any(f"0 contacts (+{lone[0][1]} of unsure time)" in t for t in lines)


# ------------------------------------------------------------------ amounts


def _amounts(text: str) -> list[Decimal]:
    return [a.value for a in find_amounts(text)]


@pytest.mark.parametrize("lang", ["zh-Hans", "zh-Hant", "en"])
def test_the_demand_total_leaves_out_what_is_paid_and_adds_no_creditors_up(dated_recording: BundleInput,
                                                                             lang: str) -> None:
    s = strings(lang)
    a = summary.analysis_of(dated_recording)
    f = a.figures
    lines = {ln.key: ln for ln in summary.case_summary(dated_recording, s, a).lines}
    total = lines["amounts_total"].value
    settled = [d for d in f.demanded if d.settled]
    assert settled and settled[0].latest == Decimal("1286.50")  # 招联's instalment, then its receipt
    head, _, tail = total.partition("。" if lang != "en" else ". ")
    # what is asked: each creditor's latest, none of them the paid one, nothing summed
    still = [d for d in f.demanded if d not in settled]
    assert sorted(_amounts(head)) == sorted(d.latest for d in still)
    assert Decimal("1286.50") not in _amounts(head)
    for cur in {d.currency for d in still}:
        same = [d.latest for d in still if d.currency == cur]
        if len(same) > 1:
            assert sum(same) not in _amounts(total)  # the old "¥17,346.50"
    # and it says what it is and what it leaves out
    assert {"zh-Hans": "不同债权方的金额不相加", "zh-Hant": "不同債權方的金額不相加",
            "en": "different creditors' amounts are not added up"}[lang] in tail
    assert "1,286.50" in tail
    assert "1,286.50" in lines["paid"].value


def test_a_partial_payment_is_not_taken_off_a_demand() -> None:
    """Only the figure the cover lists as paid is left out: a different payment does not settle a
    demand, and nothing is subtracted."""
    from evidencekit.core.analysis.classify import classify
    from evidencekit.core.export.model import ExhibitInput
    from evidencekit.core.models import Message, OcrResult
    from tests.core.export.test_summary import ENGINE, SAMPLES, item

    texts_ = ["【某某金融】您的借款已逾期，应还金额2,000.00元，请今日内还款。",
              "【某某金融】您的借款已成功还款500.00元，感谢您的支持。"]
    msgs = tuple(Message(t, sent_at=f"2026-11-2{i}T10:00:00", side="in", labels=tuple(classify(t)))
                 for i, t in enumerate(texts_, 1))
    ocr = OcrResult(sha256="0" * 64, engine=ENGINE, script="zh-Hans", text="", sender="95500", messages=msgs)
    b = bundle(ExhibitInput(number="1", item=item("p.png"), original=SAMPLES / "p.png", ocr=ocr))
    lines = {ln.key: ln.value for ln in summary.case_summary(b, strings("zh-Hans")).lines}
    assert "¥500.00" in lines["paid"] and "¥2,000.00" in lines["amounts"]
    assert "amounts_total" not in lines  # one demand, nothing paid of it: its own line says it all


# ------------------------------------------------------------------ other people's debts


def test_debts_in_notices_to_someone_else_are_not_stated_as_misdirected(dated_recording: BundleInput) -> None:
    want = {"zh-Hans": "称呼他人的通知中的欠款（是否本人的，以本人确认为准）",
            "zh-Hant": "稱呼他人的通知中的欠款（是否本人的，以本人確認為準）",
            "en": "Debts in notices addressed to someone else (whether they are the person's is for the person "
                  "to confirm)"}
    for lang, label in want.items():
        lines = {ln.key: ln for ln in summary.case_summary(dated_recording, strings(lang)).lines}
        assert lines["third_party"].label == label
        joined = "\n".join(ln.text for ln in lines.values())
        for fact in ("发错的通知", "發錯的通知", "不是本人的", "mis-sent notices", "not the person's"):
            assert fact not in joined
