"""Property tests of the time and amount parsers: whatever a phone writes, the parser reads back.

Times: a random date-time written in every label format a phone would use for it (the
generator's own formats, ``samples/phonegen/labels.py``) resolves to that date-time, and says
which rule took something from the reference time. Amounts: a random amount written with every
currency mark and separator style reads back to its value and currency, also when a thousands
separator was misread as the other mark.
"""

from __future__ import annotations

import sys
from datetime import datetime, time, timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from evidencekit.core.analysis.facts import amount_facts, parse_number
from evidencekit.core.analysis.timeparse import looks_like_time_label, resolve_label, resolve_time_label
from evidencekit.core.models import TimeRule

sys.path.insert(0, str(Path(__file__).resolve().parents[3] / "samples"))
from phonegen.labels import FORMATS, LabelFormat, format_label  # noqa: E402

REFS = st.datetimes(min_value=datetime(2020, 1, 1), max_value=datetime(2035, 12, 31)).map(
    lambda d: d.replace(second=0, microsecond=0))


def _rule_for(f: LabelFormat) -> TimeRule | None:
    if f.name.startswith(("ymd", "en-mdy", "en-dmy")):
        return None
    if f.name.startswith(("today", "yesterday", "day-before", "en-today", "en-yesterday")):
        return TimeRule.RELATIVE_DAY
    if f.name.startswith(("weekday", "en-weekday")) and "md" not in f.name:
        return TimeRule.WEEKDAY
    if f.name.startswith("clock"):
        return TimeRule.CLOCK_ONLY
    return TimeRule.NO_YEAR


@pytest.mark.parametrize("fmt", FORMATS, ids=[f.name for f in FORMATS])
@settings(max_examples=60, deadline=None)
@given(ref=REFS, day=st.integers(min_value=0, max_value=3650), minute=st.integers(min_value=0, max_value=1439))
def test_every_label_format_reads_back(fmt: LabelFormat, ref: datetime, day: int, minute: int) -> None:
    lo, hi = fmt.days
    t = datetime.combine(ref.date() - timedelta(days=lo + day % (hi - lo + 1)), time(minute // 60, minute % 60))
    if t > ref:  # today's messages were sent before "now"
        t = ref - timedelta(minutes=minute % (ref.hour * 60 + ref.minute + 1))
    assume(fmt.applies(t, ref))
    label = format_label(t, fmt)
    got = resolve_label(label, ref)
    assert got is not None, label
    assert got.value == t.isoformat(timespec="seconds"), label
    assert got.rule == _rule_for(fmt), label
    assert looks_like_time_label(label), label


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=40), REFS)
def test_the_time_parser_never_fails_on_any_text(text: str, ref: datetime) -> None:
    value = resolve_time_label(text, ref)
    assert value is None or datetime.fromisoformat(value)


#: currency marks before / after the amount, and the code they mean
CURRENCIES = [("¥", "", "CNY"), ("￥", "", "CNY"), ("", "元", "CNY"), ("¥", "元", "CNY"), ("RMB ", "", "CNY"),
              ("人民币", "", "CNY"), ("NT$", "", "TWD"), ("NT$", "元", "TWD"), ("", "新台幣", "TWD"),
              ("HK$", "", "HKD"), ("", "港元", "HKD"), ("港幣", "", "HKD"), ("US$", "", "USD"), ("", "美元", "USD"),
              ("$", "", "$")]


def written(value: Decimal, style: str) -> str:
    """``value`` as written: plain (1058.33), grouped (1,058.33) or European (1.058,33)."""
    whole, _, cents = f"{value:.2f}".partition(".")
    show_cents = cents != "00" or style == "european"
    if style == "plain":
        return whole + ("." + cents if show_cents else "")
    groups = f"{int(whole):,}"
    if style == "grouped":
        return groups + ("." + cents if show_cents else "")
    return groups.replace(",", ".") + "," + cents


AMOUNTS = st.decimals(min_value=Decimal("0.01"), max_value=Decimal("99999999.99"), places=2)
STYLES = st.sampled_from(["plain", "grouped", "european"])


@settings(max_examples=300, deadline=None)
@given(AMOUNTS, STYLES, st.sampled_from(CURRENCIES), st.sampled_from(["", " "]),
       st.sampled_from(["您本期应还{}，请按时还款。", "應繳金額{}，請儘速繳款", "Amount due: {} today", "{}"]))
def test_every_amount_reads_back(value: Decimal, style: str, currency: tuple[str, str, str], space: str,
                                 sentence: str) -> None:
    before, after, code = currency
    shown = f"{before}{written(value, style)}{space if after else ''}{after}"
    facts = amount_facts(sentence.format(shown))
    assert [(f.value, f.text) for f in facts] == [(f"{value:.2f} {code}", shown.strip())]


@settings(max_examples=300, deadline=None)
@given(st.decimals(min_value=Decimal("1000.01"), max_value=Decimal("99999999.99"), places=2),
       st.sampled_from(["元", "¥"]))
def test_a_misread_thousands_mark_never_makes_a_smaller_amount(value: Decimal, mark: str) -> None:
    """1,058.33 read as 1.058.33 (or 1.058,33 as 1,058,33) is still 1058.33, never 33."""
    assume(value % 1 != 0)
    for style, misread in (("grouped", lambda s: s.replace(",", ".")), ("european", lambda s: s.replace(".", ","))):
        text = misread(written(value, style))
        shown = text + "元" if mark == "元" else "¥" + text
        facts = amount_facts(f"应还{shown}，请还款")
        assert [f.value for f in facts] == [f"{value:.2f} CNY"], shown


@settings(max_examples=300, deadline=None)
@given(st.from_regex(r"[0-9]{1,9}([.,][0-9]{1,4}){0,4}", fullmatch=True))
def test_a_number_is_read_whole_or_not_at_all(token: str) -> None:
    """Every digit written is in the value (none dropped: never the part after a misread mark)."""
    v = parse_number(token)
    if v is not None:
        def digits(s: str) -> str:
            return "".join(c for c in s if c.isdigit()).strip("0")

        assert digits(format(v, "f")) == digits(token)
