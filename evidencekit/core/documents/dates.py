"""Dates as a draft's reader writes them: a Taiwan case's Traditional Chinese drafts give the
民國 year (民國115年11月14日), as Taiwanese forms do; a Hong Kong case's Chinese drafts write
2026年11月9日, as a Hong Kong letter does; every other draft keeps ISO dates, as the bundle (and
its tables) does."""

from __future__ import annotations

import re

#: An ISO date, with the time (or the span of times) after it when there is one.
_ISO = re.compile(r"(?<![\d-])(\d{4})-(\d{2})-(\d{2})(?![\d-])(?:\s(\d{2}:\d{2})(?:–(\d{2}:\d{2}))?(?!\d))?")
#: The first year of the Republic of China (民國1年 = 1912).
_ROC_START = 1911


def uses_roc(lang: str, region: str) -> bool:
    """Whether a draft in ``lang`` for a case in ``region`` gives 民國 dates (Taiwan, zh-Hant)."""
    return lang == "zh-Hant" and region.upper() == "TW"


def uses_chinese_dates(lang: str, region: str) -> bool:
    """Whether a draft in ``lang`` for a case in ``region`` writes dates 2026年11月9日 (a Hong
    Kong case's Chinese drafts)."""
    return lang in ("zh-Hant", "zh-Hans") and region.upper() == "HK"


def draft_dates(text: str, lang: str, region: str, *, gregorian: bool = False) -> str:
    """``text`` with each ISO date ("2026-11-14", "2026-11-14 22:35", "2026-11-24 10:00–10:30") as
    the draft's reader writes it: in a Taiwan case's zh-Hant draft "民國115年11月14日 22:35", with
    the ISO date after it when ``gregorian`` (an exhibit's time, which the reader looks up in the
    bundle by its ISO date: "民國115年11月14日 22:35（2026-11-14）"); unchanged otherwise.

    A Hong Kong case's Chinese draft: "2026年11月14日 22:35" (the same calendar as the bundle's
    ISO dates: no ISO date after it).

    The one date formatting of every draft: the date of writing, the period of the facts, the
    quotes' and the timeline's times all go through it.
    """
    if not text:
        return text
    if uses_chinese_dates(lang, region):
        def hk(m: re.Match[str]) -> str:
            year, month, day, at, until = m.groups()
            out = f"{int(year)}年{int(month)}月{int(day)}日"
            return out + (f" {at}" + (f"–{until}" if until else "") if at else "")

        return _ISO.sub(hk, text)
    if not uses_roc(lang, region):
        return text

    def one(m: re.Match[str]) -> str:
        year, month, day, at, until = m.groups()
        if int(year) <= _ROC_START:
            return m.group(0)
        out = f"民國{int(year) - _ROC_START}年{int(month)}月{int(day)}日"
        if at:
            out += f" {at}" + (f"–{until}" if until else "")
        return out + (f"（{year}-{month}-{day}）" if gregorian else "")

    return _ISO.sub(one, text)
