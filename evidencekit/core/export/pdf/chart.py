"""The chronology's chart: contacts per day, messages and calls, night-time ones stacked in dark
colours above the day-time ones."""

from __future__ import annotations

from collections.abc import Sequence

from reportlab.graphics.charts.barcharts import VerticalBarChart
from reportlab.graphics.shapes import Drawing, Rect, String
from reportlab.lib import colors
from reportlab.lib.colors import Color
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth

from evidencekit.core.analysis.figures import NightWindow
from evidencekit.core.export.pdf.styles import FONT, FRAME_W
from evidencekit.core.export.strings import Strings
from evidencekit.core.export.timeline import ChannelDayCount, DayCount

DAY = colors.HexColor("#8fb3d9")
NIGHT = colors.HexColor("#7a1f2b")
CALL_DAY = colors.HexColor("#e0b46c")
CALL_NIGHT = colors.HexColor("#4a2a6b")


def per_day_chart(days: Sequence[DayCount] | Sequence[ChannelDayCount], s: Strings,
                  window: NightWindow = NightWindow()) -> Drawing:
    """A bar per day (messages and calls, by day and at night, stacked), about a dozen dates named.

    ``days`` are (day, day-time, night-time) counts, or (day, messages by day, messages at night,
    calls by day, calls at night): with calls, the legend names all four. ``window``: the quiet
    hours the counts were made with (the rule set's), which the title and legend name."""
    by_day = f"{window.end:%H:%M}–{window.start:%H:%M}"
    split = [_five(x) for x in days]
    has_calls = any(x[3] or x[4] for x in split)
    w, h = FRAME_W, 62 * mm
    d = Drawing(w, h)
    d.add(String(0, h - 10, s("chrono_chart_title", window=window.text()), fontName=FONT, fontSize=9))
    bc = VerticalBarChart()
    bc.x, bc.y = 28, 22
    # the stubs say int; reportlab places the plot at any size (the frame's width is fractional)
    # the legend has a line of its own under the title (a long title would run into it)
    bc.width, bc.height = w - 40, h - 52  # type: ignore[assignment]
    bc.data = [[x[1] for x in split], [x[2] for x in split]]
    if has_calls:
        bc.data += [[x[3] for x in split], [x[4] for x in split]]
        bc.bars[2].fillColor = CALL_DAY
        bc.bars[3].fillColor = CALL_NIGHT
    bc.categoryAxis.style = "stacked"
    bc.bars[0].fillColor = DAY
    bc.bars[1].fillColor = NIGHT
    bc.bars.strokeWidth = 0
    n = len(days)
    step = max(1, (n + 11) // 12)
    bc.categoryAxis.categoryNames = [x[0].strftime("%m-%d") if i % step == 0 else "" for i, x in enumerate(split)]
    bc.categoryAxis.labels.fontName = FONT
    bc.categoryAxis.labels.fontSize = 7
    bc.categoryAxis.labels.boxAnchor = "n"
    bc.valueAxis.labels.fontName = FONT
    bc.valueAxis.labels.fontSize = 7
    bc.valueAxis.valueMin = 0
    top = max((x[1] + x[2] + x[3] + x[4] for x in split), default=1)
    bc.valueAxis.valueMax = max(1, top)
    bc.valueAxis.valueStep = max(1, (top + 4) // 5)
    bc.barSpacing = 0.5  # type: ignore[assignment]  # the stubs say int; half a point between bars
    d.add(bc)
    # legend
    if has_calls:
        x0 = 0.0
        for colour, text in ((DAY, f"{s('chart.messages')} {by_day}"), (NIGHT, f"{s('chart.messages')} {s('night')}"),
                             (CALL_DAY, f"{s('chart.calls')} {by_day}"), (CALL_NIGHT, f"{s('chart.calls')} {s('night')}")):
            d.add(_swatch(x0, h - 24, colour))
            d.add(String(x0 + 11, h - 23, text, fontName=FONT, fontSize=7))
            x0 += 11 + stringWidth(text, FONT, 7) + 14
        return d
    d.add(_swatch(0, h - 24, DAY))
    d.add(String(11, h - 23, by_day, fontName=FONT, fontSize=7.5))
    x0 = 11 + stringWidth(by_day, FONT, 7.5) + 14
    d.add(_swatch(x0, h - 24, NIGHT))
    d.add(String(x0 + 11, h - 23, f"{s('night')} {window.text()}", fontName=FONT, fontSize=7.5))
    return d


def _five(x: DayCount | ChannelDayCount) -> ChannelDayCount:
    # a day without calls: no calls by day or at night
    if len(x) == 3:
        return (x[0], x[1], x[2], 0, 0)
    return x


def _swatch(x: float, y: float, colour: Color) -> Rect:
    r = Rect(x, y, 8, 8)
    r.fillColor, r.strokeWidth = colour, 0
    return r
