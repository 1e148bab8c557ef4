from __future__ import annotations

from datetime import datetime

import pytest

from evidencekit.core.analysis.timeparse import (
    basis_of,
    find_times,
    looks_like_time_label,
    reference_of,
    resolve_label,
    resolve_time_label,
)
from evidencekit.core.models import ReferenceSource, ReferenceTime, TimeBasis, TimeRule

REF = datetime(2026, 11, 27, 10, 0)  # a Friday

LABELS = [
    ("yesterday-pm", "昨天 下午3:05", "2026-11-26T15:05:00"),
    ("today-am", "今天 上午9:12", "2026-11-27T09:12:00"),
    ("today-24h", "今天 08:47", "2026-11-27T08:47:00"),
    ("weekday", "星期三 下午3:05", "2026-11-25T15:05:00"),
    ("weekday-zhou", "周五 10:00", "2026-11-20T10:00:00"),
    ("weekday-trad", "週一 晚上9:30", "2026-11-23T21:30:00"),
    ("month-day", "11月20日 09:12", "2026-11-20T09:12:00"),
    ("future-month-is-last-year", "12月30日 10:00", "2025-12-30T10:00:00"),
    ("full-date-slash", "2026/11/18 下午2:14", "2026-11-18T14:14:00"),
    ("full-date-cn", "2026年11月18日", "2026-11-18"),
    ("bare-clock", "9:41", "2026-11-27T09:41:00"),
    ("noon", "中午12:10", "2026-11-27T12:10:00"),
    ("midnight-am", "凌晨12:30", "2026-11-27T00:30:00"),
    ("english", "Yesterday 3:05 PM", "2026-11-26T15:05:00"),
    ("ios-header", "短信/彩信 今天 上午9:12", "2026-11-27T09:12:00"),
    ("ymd-slash-24h", "2026/11/19 03:44", "2026-11-19T03:44:00"),
    ("md-weekday-24h", "11月19日 周四 03:44", "2026-11-19T03:44:00"),
    ("md-weekday-trad", "11月19日 週三 凌晨3:44", "2025-11-19T03:44:00"),  # 2026-11-19 is a Thursday
    ("weekday-trad-night", "週三 凌晨3:44", "2026-11-25T03:44:00"),
    ("trad-evening", "昨天 晚上11:58", "2026-11-26T23:58:00"),
    ("english-md", "Nov 19, 3:44 AM", "2026-11-19T03:44:00"),
    ("english-mdy-at", "Nov 19, 2026 at 3:44 PM", "2026-11-19T15:44:00"),
    ("english-weekday-md", "Wed, Nov 19 15:44", "2025-11-19T15:44:00"),  # 2026-11-19 is a Thursday
    ("english-dmy", "19 Nov 2026 15:44", "2026-11-19T15:44:00"),
    ("english-midnight", "Today 12:05 AM", "2026-11-27T00:05:00"),
    ("english-noon", "Yesterday 12:30 PM", "2026-11-26T12:30:00"),
    ("english-weekday-full", "Wednesday 3:05 p.m.", "2026-11-25T15:05:00"),
    ("ymd-dot", "2026.11.19 03:44", "2026-11-19T03:44:00"),
    ("ymd-cn-12h", "2026年11月19日 下午3:44", "2026-11-19T15:44:00"),
    ("android-noon-one", "中午1:05", "2026-11-27T13:05:00"),
    ("cn-hour-half", "今天 下午3点半", "2026-11-27T15:30:00"),
]


@pytest.mark.parametrize(("label", "iso"), [c[1:] for c in LABELS], ids=[c[0] for c in LABELS])
def test_resolve_time_label(label: str, iso: str) -> None:
    assert resolve_time_label(label, REF) == iso
    assert looks_like_time_label(label)


def test_relative_label_needs_a_reference() -> None:
    assert resolve_time_label("昨天 下午3:05", None) is None
    assert resolve_time_label("2026/11/18 下午2:14", None) == "2026-11-18T14:14:00"


@pytest.mark.parametrize("text", ["你好，我不是李建国", "【招联金融】您的借款已成功还款1,286.50元", ""])
def test_message_text_is_no_time_label(text: str) -> None:
    assert not looks_like_time_label(text)


def test_find_times_in_message() -> None:
    found = find_times("还款日为11月28日，请于当日20:00前确保，今天下午6点前", REF)
    assert [(t.text, t.value) for t in found] == [
        ("11月28日", "2026-11-28"), ("20:00", "20:00"), ("今天下午6点", "2026-11-27T18:00")]


RULES = [
    ("2026/11/19 03:44", None),
    ("今天 上午9:12", TimeRule.RELATIVE_DAY),
    ("Yesterday 3:05 PM", TimeRule.RELATIVE_DAY),
    ("週三 凌晨3:44", TimeRule.WEEKDAY),
    ("11月19日 周四 03:44", TimeRule.NO_YEAR),
    ("Nov 19, 3:44 AM", TimeRule.NO_YEAR),
    ("09:41", TimeRule.CLOCK_ONLY),
]


@pytest.mark.parametrize(("label", "rule"), RULES, ids=[r[0] for r in RULES])
def test_resolution_says_what_it_took_from_the_reference(label: str, rule: TimeRule | None) -> None:
    got = resolve_label(label, REF)
    assert got is not None and got.rule == rule


@pytest.mark.parametrize("label", ["2月30日 10:00", "2026/13/01 10:00", "25:61", "下午13:99"])
def test_impossible_dates_and_times_resolve_to_nothing(label: str) -> None:
    assert resolve_time_label(label, REF) is None


def test_basis_records_reference_and_source() -> None:
    ref = ReferenceTime(REF, ReferenceSource.EXIF)
    assert basis_of(resolve_label("昨天 下午3:05", REF), ref) == TimeBasis(
        TimeRule.RELATIVE_DAY, "2026-11-27T10:00:00", ReferenceSource.EXIF)
    assert basis_of(resolve_label("2026/11/19 03:44", REF), ref) is None
    assert reference_of(REF) == ReferenceTime(REF, ReferenceSource.GIVEN)
