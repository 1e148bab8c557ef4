"""Whom a complaint is about, chosen on the draft screen: the case's senders listed as the core
ranks them, the default chosen; another one chosen writes the draft about them (as `evidencekit
draft --respondent` does), the file written and the edit kept are theirs, and an edit kept for one
is never shown for another."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from textual.widgets import Select, Static

from evidencekit.core.documents.fromcase import draft_for_case
from evidencekit.core.documents.saved import save_draft, saved_draft
from evidencekit.core.models import CaseMeta, EngineInfo, Message, OcrResult, Respondent
from evidencekit.core.vault.case import Case
from evidencekit.tui.screens.draft import DraftScreen
from evidencekit.tui.widgets.fields import Area
from tests.conftest import make_clock

from .conftest import FIXED_MTIME, SIZE, make_screenshot, settle

ENGINE = EngineInfo("fake", "1.0", "chi_sim")
LENDER = "安逸花"
NUMBER = "17123456789"  # a nameless number with the most findings; a complaint to the lender is about the lender
NOTICE = Message("【安逸花】张伟先生，您的借款已逾期，欠款3,560元，请尽快还款。", sent_at="2026-11-20T09:00:00", side="in")
REPLY = Message("我不是张伟，你们发错人了，请停止发送。", sent_at="2026-11-20T09:30:00", side="out")
THREAT = Message("再不还款我们就联系你的家人和单位领导。", sent_at="2026-11-21T23:40:00", side="in")


@pytest.fixture
def two_senders(tmp_path: Path) -> Path:
    """A lender's mis-sent notice (exhibit 1) and a number's threat at night (exhibit 2)."""
    src = tmp_path / "src"
    src.mkdir()
    shots = [make_screenshot(src / f"s{i}.png", dark=False, seed=i) for i in (1, 2)]
    for p in shots:
        os.utime(p, (FIXED_MTIME, FIXED_MTIME))
    path = tmp_path / "case"
    with Case.create(path, CaseMeta("催收", "李明", "13800138000", (Respondent(LENDER, ("95188",)),)),
                     clock=make_clock()) as case:
        one, two = (o.item_id for o in case.import_paths(shots))
        assert one is not None and two is not None
        case.store_ocr(one, OcrResult(case.item(one).sha256, ENGINE, "zh-Hans", "", "95188", (NOTICE, REPLY)),
                       cache_key="t")
        case.store_ocr(two, OcrResult(case.item(two).sha256, ENGINE, "zh-Hans", "", NUMBER, (THREAT,)),
                       cache_key="t")
    return path


async def _open_draft(pilot, app) -> DraftScreen:  # type: ignore[no-untyped-def]
    await settle(pilot, app)
    await pilot.press("r")
    await settle(pilot, app)
    assert isinstance(app.screen, DraftScreen)
    return app.screen


async def _choose(pilot, app, screen: DraftScreen, move: str) -> None:  # type: ignore[no-untyped-def]
    """Choose from the respondent list with the keys: open it (on the one chosen), move, Enter."""
    screen.query_one("#draft-respondent", Select).focus()
    await pilot.press("enter", move, "enter")
    await settle(pilot, app)


async def test_the_default_is_chosen_and_the_others_listed(app_factory, two_senders: Path) -> None:
    app = app_factory(two_senders, language="en")
    async with app.run_test(size=SIZE) as pilot:
        screen = await _open_draft(pilot, app)
        select = screen.query_one("#draft-respondent", Select)
        assert select.value == LENDER and not select.disabled
        labels = [str(label) for label, _value in select._options]
        assert labels == [f"{NUMBER} · possible breaches: 2", f"{LENDER} (95188) · possible breaches: 1 · default"]
        assert screen.written is not None and screen.written.respondent == LENDER
        # the lawyer's brief is about everyone: nothing to choose
        screen.query_one("#draft-channel", Select).value = "lawyer"
        await settle(pilot, app)
        assert select.disabled and select.value == ""
        assert screen.written.respondent == ""


async def test_another_respondent_rewrites_the_draft_and_is_what_is_saved(app_factory, two_senders: Path) -> None:
    app = app_factory(two_senders, language="zh-Hans")
    async with app.run_test(size=SIZE) as pilot:
        screen = await _open_draft(pilot, app)
        area = screen.query_one("#draft-text", Area)
        before = area.text
        assert NOTICE.text in before and THREAT.text not in before
        await _choose(pilot, app, screen, "up")
        assert screen.query_one("#draft-respondent", Select).value == NUMBER
        assert screen.written is not None and screen.written.respondent == NUMBER
        after = area.text
        assert THREAT.text in after and NOTICE.text not in after
        with Case.open(two_senders, readonly=True) as case:  # the same text the command line writes
            assert after == draft_for_case(case, "lender", "zh-Hans", respondent=NUMBER, use_saved=False,
                                           fit=False).text
            fitted = draft_for_case(case, "lender", "zh-Hans", respondent=NUMBER, use_saved=False).text
        # the TXT written is the complaint about them
        screen.query_one("#draft-format", Select).value = "txt"
        await pilot.press("ctrl+o")
        await settle(pilot, app)
        [txt] = (two_senders / "exports").glob("draft-lender-zh-Hans-*.txt")
        assert txt.read_text(encoding="utf-8") == fitted
        # the edit kept is theirs
        area.load_text(after + "\n补充：这个号码我不认识。\n")
        await pilot.press("ctrl+s")
        await settle(pilot, app)
        # a channel changed keeps whom the person chose
        screen.query_one("#draft-channel", Select).value = "12315"
        await settle(pilot, app)
        assert screen.written.respondent == NUMBER
        assert screen.query_one("#draft-respondent", Select).value == NUMBER
        # the bundle made from here holds the complaint about them too
        from evidencekit.tui.screens.export import ExportScreen

        await pilot.press("ctrl+b")
        await settle(pilot, app)
        assert isinstance(app.screen, ExportScreen) and app.screen.options().draft_respondent == NUMBER
    with Case.open(two_senders, readonly=True) as case:
        saved = saved_draft(case, "lender", "zh-Hans")
        assert saved is not None and saved.respondent == NUMBER and saved.text.endswith("补充：这个号码我不认识。\n")


async def test_an_edit_kept_for_one_respondent_is_not_shown_for_another(app_factory, two_senders: Path) -> None:
    with Case.open(two_senders) as case:
        written = draft_for_case(case, "lender", "zh-Hans", respondent=NUMBER, use_saved=False)
        save_draft(case, "lender", "zh-Hans", "My own complaint about the number.\n", based_on=written.text,
                   respondent=NUMBER)
    app = app_factory(two_senders, language="en")
    async with app.run_test(size=SIZE) as pilot:
        screen = await _open_draft(pilot, app)
        area = screen.query_one("#draft-text", Area)
        # the default respondent's draft, written from the case: the lender's edit is not it
        assert screen.query_one("#draft-respondent", Select).value == LENDER
        assert "My own complaint" not in area.text and NOTICE.text in area.text
        assert screen.shown is not None and not screen.shown.edited
        status = str(screen.query_one("#draft-status", Static).render())
        assert f"your kept edit is of the complaint about {NUMBER}" in status
        # the number chosen: its edit
        await _choose(pilot, app, screen, "up")
        assert area.text == "My own complaint about the number.\n" and screen.shown.edited
        assert "your edit" in str(screen.query_one("#draft-status", Static).render())
        # and back: written from the case again
        await _choose(pilot, app, screen, "down")
        assert screen.query_one("#draft-respondent", Select).value == LENDER
        assert "My own complaint" not in area.text and not screen.shown.edited
