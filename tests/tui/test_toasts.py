"""Notifications that fit: lines broken for Chinese as well as English, no phrase broken when a
clause end does as well, and no character lost where a notification lies over another widget."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from rich.cells import cell_len

from evidencekit.tui.toasts import NO_LINE_END, NO_LINE_START, fit, fit_markup, text_width

from .conftest import settle

TUI = Path(__file__).resolve().parents[2] / "evidencekit" / "tui"
LOCALE = TUI.parent / "locale"


def notification_texts() -> list[str]:
    """Every notification text the app writes, in each language (msgids found in the source)."""
    src = "".join(p.read_text(encoding="utf-8") for p in TUI.rglob("*.py"))
    ids = {"".join(re.findall(r'"([^"]*)"', m.group(1)))
           for m in re.finditer(r'notify\(\s*(?:escape\()?_\(\s*((?:"[^"]*"\s*)+)\)', src)}
    ids |= set(re.findall(r'title=_\("([^"]*)"\)', src))
    assert len(ids) > 30  # the pattern still finds them
    out = sorted(ids)
    for name in ("zh_Hans", "zh_Hant"):
        catalog = json.loads((LOCALE / f"{name}.json").read_text(encoding="utf-8"))
        out += [catalog[i] for i in sorted(ids) if i in catalog]
    return out


def test_a_phrase_stays_on_its_line() -> None:
    assert fit("已保存 1 处校正。原识别结果保留在日志中。", 36).split("\n") == ["已保存 1 处校正。", "原识别结果保留在日志中。"]
    assert fit("已儲存 1 處校正。原識別結果保留在日誌中。", 36).split("\n") == ["已儲存 1 處校正。", "原識別結果保留在日誌中。"]
    # English by words, sentences kept whole when that costs no extra line
    assert fit("Corrections saved (1). The original reading is kept in the log.", 36).split("\n") == \
        ["Corrections saved (1). The original", "reading is kept in the log."]


def test_chinese_breaks_between_characters_never_before_a_closing_mark() -> None:
    text = "这是一段很长的中文文字，没有空格，用来测试换行时标点符号不会出现在一行的开头。"
    for width in range(8, 40):
        lines = fit(text, width).split("\n")
        assert "".join(lines) == text  # nothing lost, nothing added
        for line in lines:
            assert cell_len(line) <= width
            assert line[0] not in NO_LINE_START
            assert line[-1] not in NO_LINE_END


def test_markup_kept_across_lines() -> None:
    out = fit_markup("已保存 [b]1 处校正[/b]。原识别结果保留在日志中。", 36)
    assert out.split("\n")[0] == "已保存 [b]1 处校正[/b]。"


@pytest.mark.parametrize("screen", [60, 80, 120])
def test_every_notification_fits_its_width(screen: int) -> None:
    width = text_width(screen)
    assert width % 2 == 0 and width <= screen // 2
    for text in notification_texts():
        lines = fit(text, width).split("\n")
        assert all(cell_len(line) <= width for line in lines), text
        assert all(not line or line[0] not in NO_LINE_START for line in lines), text
        assert len(lines) <= 4, (text, lines)  # short enough to be read before it goes


async def test_notification_over_the_case_screen_keeps_every_character(app_factory, read_case: Path) -> None:
    """At 80×24 the notification lies over the table and the preview's border: each of its lines
    is on screen whole (Textual's compositor used to drop the characters across that border)."""
    app = app_factory(read_case, language="zh-Hans")
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await settle(pilot, app, rounds=4)
        app.notify("已保存 1 处校正。原识别结果保留在日志中。这一句很长，用来让通知盖过预览的边线。", timeout=30)
        await settle(pilot, app)
        await pilot.pause(0.2)
        screen = ["".join(s.text for s in strip) for strip in app.screen._compositor.render_strips()]
        shown = [line.split("▌", 1)[1].strip() for line in screen if "▌" in line]
        assert shown[:2] == ["", "已保存 1 处校正。"] or shown[:1] == ["已保存 1 处校正。"], shown
        text = "".join(shown)
        assert text == "已保存 1 处校正。原识别结果保留在日志中。这一句很长，用来让通知盖过预览的边线。", screen
