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
from evidencekit.core.export import summary, timeline
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
