"""What OCR was unsure of, on the item screen: the reading's warnings above its messages, the
characters read with low confidence marked and reachable with F8 / Shift+F8, a line a second engine
read differently shown beside it (issues 9 and 13)."""

from __future__ import annotations

from pathlib import Path

from evidencekit.core.models import EngineInfo, Message, OcrResult, OcrWarning, ReviewMark
from evidencekit.core.vault.case import Case
from evidencekit.tui.widgets.reading import ReadingArea

from .conftest import settle

ENGINE = EngineInfo("rapidocr", "3", "ch")
FIRST = "以锡产生更多罚息"  # 锡 (2) was read with low confidence
SECOND = "详见htpSs://pay.example\n请勿回复"  # the link's line (0) was read differently by tesseract


def store(case_dir: Path, item_id: int, messages: tuple[Message, ...], warnings: tuple[OcrWarning, ...]) -> None:
    with Case.open(case_dir) as c:
        c.store_ocr(item_id, OcrResult(c.item(item_id).sha256, ENGINE, "zh-Hans", "\n".join(m.text for m in messages),
                                       "95188", messages, warnings), cache_key="t")


def text_of(widget) -> str:  # type: ignore[no-untyped-def]
    return str(widget.render())


async def open_correcting(pilot, app) -> None:  # type: ignore[no-untyped-def]
    await settle(pilot, app, rounds=4)
    await pilot.press("home", "c")
    await settle(pilot, app, rounds=4)
    assert type(app.screen).__name__ == "ItemScreen"


async def test_warnings_unsure_characters_and_second_readings_are_shown(app_factory, case_dir: Path) -> None:
    review = ReviewMark(0, "详见htpSs://pay.example", "详见https://pay.example", "tesseract", 41.0)
    store(case_dir, 1, (Message(FIRST, uncertain=((1, 2),)), Message("正常的一条"), Message(SECOND, review=(review,))),
          (OcrWarning("ocr.low_confidence", "1 of 3 messages read with low confidence"),
           OcrWarning("ocr.review", "a second engine read 1 line differently")))
    app = app_factory(case_dir)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_correcting(pilot, app)
        head = text_of(app.screen.query_one("#item-ocr-head"))
        assert "check reading: low confidence" in head and "check reading: two engines disagree" in head
        areas = list(app.screen.query(ReadingArea))
        assert [a.unsure for a in areas] == [[(1, 2)], [], [(0, len("详见htpSs://pay.example"))]]
        # the screen opens on the first message that needs a look, its cursor on the unsure character
        assert app.focused is areas[0] and areas[0].cursor_location == (0, 1)
        # the marked characters stand out in the rendered line
        styles = {span.style for span in areas[0].get_line(0).spans if span.start <= 1 < span.end}
        assert styles, "the unsure character is not styled"
        reviews = [text_of(w) for w in app.screen.query(".msg-review")]
        assert len(reviews) == 1 and "https://pay.example" in reviews[0]

        await pilot.press("f8")  # on to the next message with a mark
        assert app.focused is areas[2] and areas[2].cursor_location == (0, 0)
        await pilot.press("f8")  # none after it: round to the first
        assert app.focused is areas[0] and areas[0].cursor_location == (0, 1)
        await pilot.press("shift+f8")  # backwards: the last one
        assert app.focused is areas[2]


async def test_a_correction_clears_the_marks_it_replaced(app_factory, case_dir: Path) -> None:
    store(case_dir, 1, (Message(FIRST, uncertain=((1, 2),)),),
          (OcrWarning("ocr.low_confidence", "1 of 1 messages read with low confidence"),))
    app = app_factory(case_dir)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_correcting(pilot, app)
        area = app.screen.query_one(ReadingArea)
        area.text = "以致产生更多罚息"
        await settle(pilot, app)
        await pilot.press("ctrl+s")
        await settle(pilot, app, rounds=4)
        assert app.case.ocr_result(1, corrected=True).messages[0].text == "以致产生更多罚息"
        await pilot.press("escape")
        await settle(pilot, app, rounds=4)
        await pilot.press("home", "c")
        await settle(pilot, app, rounds=4)
        # a saved correction was looked at: its marks are gone, and F8 says there is nothing left
        assert app.screen.query_one(ReadingArea).unsure == []
        app._notifications.clear()
        await pilot.press("f8")
        assert any("No unsure characters left" in n.message for n in app._notifications)


async def test_a_screenshot_read_as_nothing_says_so_on_its_item_screen(app_factory, case_dir: Path) -> None:
    store(case_dir, 1, (), (OcrWarning("ocr.empty", "no text found in the image"),))
    app = app_factory(case_dir)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, app, rounds=4)
        await pilot.press("home", "enter")
        await settle(pilot, app, rounds=4)
        assert "no text found" in text_of(app.screen.query_one("#item-ocr-head"))
        said = " ".join(text_of(w) for w in app.screen.query("#item-messages Static"))
        assert "No message text found" in said and "Ctrl+O" in said
