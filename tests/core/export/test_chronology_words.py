"""The chronology page's count line in each language, English with its singulars ("1 night")."""

from __future__ import annotations

from dataclasses import replace

from evidencekit.core.export.pdf.sections.chronology import night_total
from evidencekit.core.export.strings import strings


def test_the_count_line_says_one_night_in_english() -> None:
    en = strings("en")
    assert night_total(en, 1, 1, 1, 1, "22:00–08:00") == \
        "1 contact in total, on 1 day; 1 of them at night (22:00–08:00) over 1 night."
    assert night_total(en, 19, 6, 6, 3, "22:00–08:00") == \
        "19 contacts in total, on 6 days; 6 of them at night (22:00–08:00) over 3 nights."
    assert night_total(strings("zh-Hans"), 19, 6, 6, 3, "22:00–08:00") == \
        "共 19 次联系，分布在 6 天，其中夜间（22:00–08:00）6 次，涉及 3 个夜晚。"


def test_the_chart_names_the_rule_sets_quiet_hours() -> None:
    import datetime as dt

    from reportlab.graphics.shapes import String

    from evidencekit.core.analysis.figures import NightWindow
    from evidencekit.core.export.pdf.chart import per_day_chart
    from evidencekit.core.export.pdf.styles import register_fonts

    register_fonts()  # the chart measures its legend in the bundle's font
    days = [(dt.date(2026, 11, 23), 1, 2, 3, 0), (dt.date(2026, 11, 24), 0, 1, 7, 1)]
    for lang, title in (("en", "Contacts per day (dark = night-time 22:00–07:00)"),
                        ("zh-Hant", "每日聯絡次數（深色 = 夜間 22:00–07:00）")):
        d = per_day_chart(days, strings(lang), NightWindow(dt.time(22), dt.time(7)))
        texts = [c.text for c in d.contents if isinstance(c, String)]
        assert texts[0] == title
        assert any(t.endswith("07:00–22:00") for t in texts[1:])  # the day-time legend, not 08:00
        assert not any("08:00" in t for t in texts)


def test_a_message_sent_to_a_third_party_is_listed_not_counted() -> None:
    # a colleague's screenshot: the collector tells him of 李明's debt; the chronology lists it
    # but counts it as the cover does, as no contact 李明 received
    from evidencekit.core.export import summary
    from evidencekit.core.export.model import BundleInput
    from tests.core.analysis import casefixture

    told = "王先生您好，你同事李明欠我们恒信消费金融8,000元一直不还，麻烦转告他尽快处理。"
    ex = casefixture._exhibit(6, "IMG_20261124_110500.jpg", "17088880001", [("今天 11:05", "in", told)],
                              exif="2026:11:24 11:06:00")
    ex = replace(ex, item=replace(ex.item, received_by="王先生 (同事)"))  # on his phone, as the person says
    b = BundleInput(meta=casefixture.META, exhibits=(*casefixture.exhibits(), ex), log=(), identity=None)  # type: ignore[arg-type]
    evs = summary.case_events(b, strings("zh-Hans"))
    (e,) = [e for e in evs if e.exhibit == "6"]
    assert e.to_third_party and not e.counts
    assert sum(x.counts for x in evs) == summary.analysis_of(b).figures.total
