"""OCR in the app: reading after import, the preview's messages, correcting side by side.

The fake engine stands in for tesseract here (these test the UI around OCR); the
tesseract-marked test at the end runs the real engine on a real sample.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from textual import events
from textual.widgets import Static

from evidencekit.core.models import OcrState
from evidencekit.core.vault.case import Case
from evidencekit.tui.dialogs.confirm import ConfirmDialog
from evidencekit.tui.dialogs.import_confirm import ConfirmImportDialog
from evidencekit.tui.screens.case import CaseScreen
from evidencekit.tui.screens.chronology import ChronologyScreen
from evidencekit.tui.screens.item import ItemScreen
from evidencekit.tui.widgets.fields import Area

from .conftest import SAMPLES, SIZE, settle
from tests.fakes.ocr import TEXT


def _told(app) -> list[str]:  # type: ignore[no-untyped-def]
    """Every notification the app gives, kept: on a slow machine a toast can time out before the
    test looks at the live ones."""
    said: list[str] = []
    notify = app.notify

    def keep(message, *args, **kwargs):  # type: ignore[no-untyped-def]
        said.append(str(message))
        return notify(message, *args, **kwargs)

    app.notify = keep
    return said


async def test_unread_screenshots_are_read_on_open_and_the_preview_shows_messages(app_factory, case_dir: Path) -> None:
    with Case.open(case_dir) as c:  # the case as an interrupted run left it: imported, not read
        assert [c.ocr_state(i) for i in (1, 3)] == [OcrState.NONE, OcrState.NONE]
    app = app_factory(case_dir)
    said = _told(app)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app, rounds=5)
        screen = app.screen
        assert isinstance(screen, CaseScreen)
        assert [r.ocr for r in screen.rows] == [OcrState.DONE, None, OcrState.DONE]  # None: a recording
        assert any("2 screenshots were not read yet" in m for m in said)
        assert app.case.ocr_result(1) is not None
        await pilot.press("home")
        await pilot.pause(0.2)
        await settle(pilot, app)
        messages = str(screen.query_one("#pv-messages", Static).render())
        assert TEXT[:6] in messages
        assert any("Text read from 2" in m for m in said)


async def test_o_on_screenshots_already_read_asks_before_reading_again(app_factory, case_dir: Path) -> None:
    app = app_factory(case_dir)
    said = _told(app)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app, rounds=5)
        before = len([e for e in app.case.log_entries(1) if e.action == "ocr_run"])
        said.clear()
        await pilot.press("o")
        await settle(pilot, app)
        assert isinstance(app.screen, ConfirmDialog)  # not "read 0 screenshots"
        app.screen.query_one("#ok").press()
        await settle(pilot, app, rounds=5)
        assert len([e for e in app.case.log_entries(1) if e.action == "ocr_run"]) == before + 1
        assert any("Text read from 1" in m for m in said)
        assert not any("from 0" in m for m in said)


async def test_correct_ocr_text_side_by_side(app_factory, case_dir: Path) -> None:
    app = app_factory(case_dir)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app, rounds=5)
        await pilot.press("c")
        await settle(pilot, app)
        item_screen = app.screen
        assert isinstance(item_screen, ItemScreen)
        assert item_screen.data is not None and item_screen.data.image is not None  # the picture, beside
        field = item_screen.query_one("#msg-0", Area)
        assert app.focused is field
        field.text = "您的借款已逾期，请于今日还款（已校正）"
        await pilot.press("ctrl+s")
        await settle(pilot, app)
        assert app.case.corrections(1) == {0: "您的借款已逾期，请于今日还款（已校正）"}
        assert any(e.action == "text_corrected" for e in app.case.log_entries(1))
        await pilot.press("escape")
        await settle(pilot, app)
        assert isinstance(app.screen, CaseScreen)
        assert "已校正" in str(app.screen.query_one("#pv-messages", Static).render())


async def test_import_then_ocr_runs_by_itself(app_factory, case_dir: Path, samples: Path) -> None:
    app = app_factory(case_dir)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        app.screen.post_message(events.Paste(f"{samples}/ios-light-hant-threat.png"))
        await pilot.pause()
        assert isinstance(app.screen, ConfirmImportDialog)
        await pilot.press("enter")
        await settle(pilot, app, rounds=6)
        assert app.case.ocr_result(4) is not None


async def test_chronology_uses_message_times(app_factory, case_dir: Path) -> None:
    app = app_factory(case_dir)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app, rounds=5)
        await pilot.press("t")
        await settle(pilot, app)
        assert isinstance(app.screen, ChronologyScreen)


@pytest.mark.tesseract
@pytest.mark.skipif(shutil.which("tesseract") is None, reason="tesseract is not installed")
async def test_real_ocr_of_a_sample_shows_its_sender(app_factory, tmp_path: Path) -> None:
    from evidencekit.core.models import CaseMeta
    from evidencekit.core.vault.case import Case

    with Case.create(tmp_path / "real", CaseMeta("real")) as c:
        list(c.import_paths([SAMPLES / "ios-dark-hant-forwarded.jpg"]))
    app = app_factory(tmp_path / "real", fake_ocr=False)
    async with app.run_test(size=SIZE) as pilot:
        for _ in range(300):  # unread on open: read by itself
            await pilot.pause(0.1)
            if app.screen.rows and app.screen.rows[0].ocr == "done":
                break
        await settle(pilot, app)
        assert app.screen.rows[0].ocr == "done"
        result = app.case.ocr_result(1)
        assert result is not None and result.messages


@pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="pdftoppm (poppler-utils) is not installed")
async def test_an_imported_scanned_pdf_has_its_pages_read(app_factory, case_dir: Path, tmp_path: Path) -> None:
    from tests.core.media.test_scanned_pdf import statement

    pdf = statement(tmp_path / "statement.pdf")
    app = app_factory(case_dir)
    said = _told(app)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        app.screen.post_message(events.Paste(str(pdf)))
        await pilot.pause()
        assert isinstance(app.screen, ConfirmImportDialog)
        await pilot.press("enter")
        await settle(pilot, app, rounds=6)
        [item] = [it for it in app.case.items() if it.original_name == "statement.pdf"]
        doc = app.case.media.of(item.id).document
        assert doc is not None and doc.ocr_pages == (1,) and TEXT in doc.text_pages[1]
        assert any("Scanned pages of 1 documents read" in m for m in said)
        assert not any("Text read from 0" in m for m in said)


@pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="pdftoppm (poppler-utils) is not installed")
async def test_o_reads_scanned_pages_and_the_media_screen_marks_them(app_factory, case_dir: Path,
                                                                     tmp_path: Path) -> None:
    from evidencekit.core.vault.case import Case
    from evidencekit.tui.screens.media import MediaScreen, open_item
    from tests.core.media.test_scanned_pdf import statement

    with Case.open(case_dir) as c:  # imported without reading, as `import --no-ocr` leaves it
        [out] = c.import_paths([statement(tmp_path / "statement.pdf")])
    app = app_factory(case_dir)

    async def media_text() -> tuple[str, str]:
        no, item = next((n, it) for n, it in app.case.exhibits() if it.id == out.item_id)
        open_item(app.screen, app.case, item, no)
        await settle(pilot, app)
        assert isinstance(app.screen, MediaScreen)
        facts = str(app.screen.query_one("#media-facts", Static).render())
        text = str(app.screen.query_one("#media-text", Static).render())
        await pilot.press("escape")
        await settle(pilot, app)
        return facts, text

    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        facts, text = await media_text()
        assert "2 pages · 1 scanned" in facts and "Scanned pages not read yet" in facts
        assert "(scanned, not read)" in text and "Repayment statement" in text
        await pilot.press("o")
        await settle(pilot, app, rounds=6)
        doc = app.case.media.of(out.item_id).document
        assert doc is not None and doc.ocr_pages == (1,)
        facts, text = await media_text()
        assert "1 read by OCR" in facts and "not read yet" not in facts
        assert "(scanned, read by OCR)" in text and TEXT in text
