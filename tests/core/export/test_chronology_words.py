"""The chronology page's count line in each language, English with its singulars ("1 night")."""

from __future__ import annotations

from evidencekit.core.export.pdf.sections.chronology import night_total
from evidencekit.core.export.strings import strings


def test_the_count_line_says_one_night_in_english() -> None:
    en = strings("en")
    assert night_total(en, 1, 1, 1, 1, "22:00–08:00") == \
        "1 contact in total over 1 day, 1 of them at night (22:00–08:00) over 1 night."
    assert night_total(en, 19, 6, 6, 3, "22:00–08:00") == \
        "19 contacts in total over 6 days, 6 of them at night (22:00–08:00) over 3 nights."
    assert night_total(strings("zh-Hans"), 19, 6, 6, 3, "22:00–08:00") == \
        "共 19 次联系（6 天），其中夜间（22:00–08:00）6 次，涉及 3 个夜晚。"
