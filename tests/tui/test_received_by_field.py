"""The item dialog's "received by" field: the person's own phone is said as they would say it
("本人" in Chinese, "me" in English) and stored as the core's own-phone value; a third party as
written; empty leaves it unsaid (the wording decides)."""

from __future__ import annotations

from pathlib import Path

from evidencekit.core.analysis.figures import OWN_PHONE
from evidencekit.tui.dialogs.edit_item import EditItemDialog, received_by_shown
from evidencekit.tui.i18n import set_language
from evidencekit.tui.widgets.fields import Field

from .conftest import SIZE, settle


async def test_the_own_phone_is_said_in_the_ui_language_and_stored_as_self(app_factory, case_dir: Path) -> None:
    app = app_factory(case_dir)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        await pilot.press("a")
        dialog = app.screen
        assert isinstance(dialog, EditItemDialog)
        assert dialog.query_one("#received_by", Field).value == ""
        dialog.query_one("#received_by", Field).value = "本人手機"
        await pilot.press("ctrl+s")
        await settle(pilot, app)
        assert app.case.item(1).received_by == OWN_PHONE
        await pilot.press("a")
        dialog = app.screen
        assert isinstance(dialog, EditItemDialog)
        assert dialog.query_one("#received_by", Field).value == "me"  # shown back as the person says it
        before = len(app.case.log_entries(1))
        await pilot.press("ctrl+s")  # unchanged: no custody entry
        await settle(pilot, app)
        assert len(app.case.log_entries(1)) == before
        await pilot.press("a")
        app.screen.query_one("#received_by", Field).value = "黄小姐 (同事)"
        await pilot.press("ctrl+s")
        await settle(pilot, app)
        assert app.case.item(1).received_by == "黄小姐 (同事)"


def test_the_own_phone_in_each_language() -> None:
    try:
        for lang, words in (("zh-Hans", "本人"), ("zh-Hant", "本人"), ("en", "me")):
            set_language(lang)
            assert received_by_shown(OWN_PHONE) == words
            assert received_by_shown("黄小姐 (同事)") == "黄小姐 (同事)"
    finally:
        set_language("en")
