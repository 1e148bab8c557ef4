from __future__ import annotations

from datetime import datetime

import pytest

from evidencekit.core.analysis.timeparse import find_times, looks_like_time_label, resolve_time_label

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
