"""What a stressed person must be able to trust, one test per problem found when trying the app as
a new user (issue 13): nothing dropped or typed is lost without a word, the picture can be checked
against its reading, who sent what and when is shown and correctable, the bundle's words are seen
before they are signed, one language at a time, export options that make sense, small windows.

These drive the app through its keys and look at what it shows; screens are named by class name
so that each test fails by its assertion, not by an import, on a version without the feature.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from rich.cells import cell_len
from textual import events
from textual.widgets import Button, Checkbox, Static

from evidencekit.core.vault import ocr_runner
from evidencekit.core.vault.case import Case

from .conftest import SIZE, settle
from tests.fakes.ocr import FakeEngine


def notes(app) -> list[str]:  # type: ignore[no-untyped-def]
    return [f"{n.title}: {n.message}" for n in app._notifications]


def screen_name(app) -> str:  # type: ignore[no-untyped-def]
    return type(app.screen).__name__


def names(app) -> list[str]:  # type: ignore[no-untyped-def]
    return [type(s).__name__ for s in app.screen_stack]


def read_all(case_dir: Path) -> None:
    """The screenshots of the case read (with the fake engine), as after a finished OCR."""
    with Case.open(case_dir) as c:
        list(ocr_runner.ocr_case_items(c, None, engine=FakeEngine()))


def rendered(widget) -> str:  # type: ignore[no-untyped-def]
    return str(widget.render())


async def open_item(pilot, app, key: str = "enter") -> None:  # type: ignore[no-untyped-def]
    await settle(pilot, app, rounds=4)
    await pilot.press("home", key)
    await settle(pilot, app)
    assert screen_name(app) == "ItemScreen"


# ---------------------------------------------------------------------- 1. drops from every screen


@pytest.mark.parametrize("where", ["item", "chronology"])
async def test_1_a_drop_on_another_screen_is_imported(app_factory, case_dir: Path, samples: Path, where: str) -> None:
    read_all(case_dir)
    app = app_factory(case_dir)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app, rounds=4)
        await pilot.press("enter" if where == "item" else "t")
        await settle(pilot, app)
        shown = screen_name(app)
        app.screen.post_message(events.Paste(f"{samples}/ios-light-hant-threat.png"))
        await settle(pilot, app)
        assert screen_name(app) == "ConfirmImportDialog"
        await pilot.press("enter")
        await settle(pilot, app, rounds=6)
        assert app.case.count() == 4
        assert screen_name(app) == "ImportResultDialog"
        await pilot.press("escape")
        assert screen_name(app) == shown  # the person is where they were


async def test_1_a_drop_while_a_form_is_open_says_why_not(app_factory, case_dir: Path, samples: Path) -> None:
    app = app_factory(case_dir)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app, rounds=4)
        await pilot.press("m")  # the case details form
        await settle(pilot, app)
        form = app.screen
        form.query_one("Button").focus()
        app.post_message(events.Paste(f"{samples}/ios-light-hant-threat.png"))
        await settle(pilot, app)
        assert app.screen is form
        assert any("drop the files again" in n for n in notes(app))
        assert app.case.count() == 3


# ---------------------------------------------------------------------- 2. corrections never dropped silently


async def type_correction(pilot, app) -> None:  # type: ignore[no-untyped-def]
    await open_item(pilot, app, "c")
    area = app.focused
    assert area is not None and area.id == "msg-0"
    area.text = "您的借款已逾期（改过）"
    await pilot.pause()


async def test_2_escape_with_an_unsaved_correction_asks_and_saves(app_factory, case_dir: Path) -> None:
    read_all(case_dir)
    app = app_factory(case_dir)
    async with app.run_test(size=SIZE) as pilot:
        await type_correction(pilot, app)
        await pilot.press("escape")
        await settle(pilot, app)
        assert screen_name(app) == "UnsavedDialog"
        app.screen.query_one("#save", Button).press()
        await settle(pilot, app, rounds=4)
        assert screen_name(app) == "CaseScreen"
        assert app.case.corrections(1) == {0: "您的借款已逾期（改过）"}


async def test_2_stay_keeps_the_text_and_discard_drops_it(app_factory, case_dir: Path) -> None:
    read_all(case_dir)
    app = app_factory(case_dir)
    async with app.run_test(size=SIZE) as pilot:
        await type_correction(pilot, app)
        await pilot.press("escape")
        await settle(pilot, app)
        await pilot.press("escape")  # stay
        await settle(pilot, app)
        assert screen_name(app) == "ItemScreen"
        assert app.screen.query_one("#msg-0").text == "您的借款已逾期（改过）"
        await pilot.press("escape")
        await settle(pilot, app)
        app.screen.query_one("#discard", Button).press()
        await settle(pilot, app)
        assert screen_name(app) == "CaseScreen"
        assert app.case.corrections(1) == {}


async def test_2_switching_language_keeps_the_correction_and_the_screens(app_factory, case_dir: Path) -> None:
    read_all(case_dir)
    app = app_factory(case_dir)
    async with app.run_test(size=SIZE) as pilot:
        await type_correction(pilot, app)
        await pilot.press("f2")
        await settle(pilot, app, rounds=4)
        assert names(app)[-2:] == ["CaseScreen", "ItemScreen"]
        assert app.screen.query_one("#msg-0").text == "您的借款已逾期（改过）"
        await pilot.press("escape")
        await settle(pilot, app)
        assert screen_name(app) == "UnsavedDialog"  # still not saved, still asked about


async def test_2_quitting_with_an_unsaved_correction_asks(app_factory, case_dir: Path) -> None:
    read_all(case_dir)
    app = app_factory(case_dir)
    async with app.run_test(size=SIZE) as pilot:
        await type_correction(pilot, app)
        await pilot.press("ctrl+q")
        await settle(pilot, app)
        assert app.is_running
        assert screen_name(app) == "UnsavedDialog"
        app.screen.query_one("#save", Button).press()
        await settle(pilot, app, rounds=4)
    assert not app.is_running
    with Case.open(case_dir) as c:
        assert c.corrections(1) == {0: "您的借款已逾期（改过）"}


async def test_2_chronology_stays_open_across_a_language_switch(app_factory, case_dir: Path) -> None:
    app = app_factory(case_dir)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app, rounds=4)
        await pilot.press("t")
        await settle(pilot, app)
        await pilot.press("f2")
        await settle(pilot, app, rounds=4)
        assert names(app)[-1] == "ChronologyScreen"


# ---------------------------------------------------------------------- 3. the picture beside its reading


async def test_3_the_picture_large_and_the_original_in_a_viewer(app_factory, case_dir: Path,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    read_all(case_dir)
    monkeypatch.delenv("DISPLAY", raising=False)
    monkeypatch.delenv("WAYLAND_DISPLAY", raising=False)
    app = app_factory(case_dir)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_item(pilot, app, "c")
        await pilot.press("f4")
        await settle(pilot, app)
        assert screen_name(app) == "PictureScreen"
        view = app.screen.query_one("#picture")
        # the crop of the message being corrected, drawn larger than the thumbnail: a readable size
        assert view.scale > 0.5
        before = view.scale
        await pilot.press("plus")
        assert view.scale > before
        await pilot.press("escape")
        await pilot.press("ctrl+o")
        await settle(pilot, app)
        said = "\n".join(notes(app))
        assert "No picture viewer" in said
        copy = Path(said.rsplit("\n", 1)[-1].strip())
        assert copy.name == "ios-light-hans-reminder.png" and copy.exists()
        assert copy.read_bytes() == app.case.original_path(app.case.item(1)).read_bytes()


async def test_3_the_original_opens_in_the_system_viewer(app_factory, case_dir: Path, tmp_path: Path,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    calls = tmp_path / "opened"
    viewer = tmp_path / "bin" / "xdg-open"
    viewer.parent.mkdir()
    viewer.write_text(f"#!/bin/sh\necho \"$1\" > {calls}\n")
    viewer.chmod(0o755)
    monkeypatch.setenv("PATH", f"{viewer.parent}:{os.environ['PATH']}")
    monkeypatch.setenv("DISPLAY", ":0")
    read_all(case_dir)
    app = app_factory(case_dir)
    async with app.run_test(size=SIZE) as pilot:
        await open_item(pilot, app)
        await pilot.press("ctrl+o")
        await settle(pilot, app)
        for _ in range(50):
            if calls.exists():
                break
            await pilot.pause(0.05)
        assert calls.read_text().strip().endswith("ios-light-hans-reminder.png")
        assert any("system viewer" in n for n in notes(app))


# ---------------------------------------------------------------------- 4. who sent each message


async def test_4_the_item_screen_says_who_sent_each_message(app_factory, case_dir: Path) -> None:
    read_all(case_dir)
    app = app_factory(case_dir)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_item(pilot, app)
        who = [rendered(w) for w in app.screen.query(".msg-who")]
        sides = [m.side for m in app.case.ocr_result(1).messages]
        assert len(who) == len(sides) and "out" in sides and "in" in sides
        for line, side in zip(who, sides):  # the right-hand bubbles are the person's own replies
            assert ("Me (sent)" in line) == (side == "out"), (line, side)


async def test_4_the_chronology_marks_the_persons_own_replies(app_factory, case_dir: Path) -> None:
    read_all(case_dir)
    with Case.open(case_dir) as c:
        sides = [m.side for m in c.ocr_result(1).messages]
        chosen = [sides.index("in"), sides.index("out")]  # one message received, one the person's own
        for i, when in zip(chosen, ("2026-11-19T23:40", "2026-11-19T23:45")):
            c.correct_message(1, i, sent_at=when)
    app = app_factory(case_dir)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, app, rounds=4)
        await pilot.press("t")
        await settle(pilot, app)
        table = app.screen.query_one("#events")
        senders = [str(table._cells(e)[3]) for e in table.rows]
        assert "Me (sent)" in senders


@pytest.mark.parametrize("lang", ["zh-Hans", "en"])
async def test_6_the_chronology_shows_the_highlighted_event_whole_with_its_basis(app_factory, case_dir: Path,
                                                                                 lang: str) -> None:
    """At 60×20 the columns cut a message to a few characters: the line under the table shows the
    highlighted one whole, with its exhibit, and what a worked-out time rests on."""
    from dataclasses import replace as _replace

    from evidencekit.tui.screens.chronology import detail_of

    read_all(case_dir)
    app = app_factory(case_dir, language=lang)
    async with app.run_test(size=(60, 20)) as pilot:
        await settle(pilot, app, rounds=4)
        await pilot.press("t")
        await settle(pilot, app)
        table = app.screen.query_one("#events")
        await pilot.press("down")
        await settle(pilot, app)
        e = table.current
        detail = rendered(app.screen.query_one("#event-detail"))
        assert " ".join(e.text.split()) in detail.replace("\n", "")
        assert ("证据" if lang == "zh-Hans" else "Exhibit ") + e.exhibit in detail
        said = detail_of(_replace(e, file_time=False, basis="EXIF 2026-11-27 10:00 + '今天 08:47'"))
        want = "推算依据：截图EXIF时间 2026-11-27 10:00 + '今天 08:47'" if lang == "zh-Hans" else \
            "worked out: EXIF"
        assert want in said and "'今天 08:47'" in said


async def test_words_in_square_brackets_are_shown_as_sent(app_factory, case_dir: Path) -> None:
    """"[HSBC]" begins many Hong Kong SMS; Textual's markup would read it as a style and drop it."""
    from textual.content import Content

    from evidencekit.tui.screens.chronology import detail_of

    read_all(case_dir)
    words = "[HSBC] Your card ending 1234 is overdue. [Reply STOP]"
    with Case.open(case_dir) as c:
        c.correct_message(1, 0, words, sent_at="2026-11-19T10:00")
    app = app_factory(case_dir, language="en")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, app, rounds=4)
        await pilot.press("t")
        await settle(pilot, app)
        rows = app.screen.query_one("#events").rows
        event = next(e for e in rows if e.text == words)
        assert words in Content.from_markup(detail_of(event)).plain
        await pilot.press("home", *["down"] * rows.index(event), "enter")  # the event in a notification
        await pilot.pause()
        assert words in Content.from_markup(list(app._notifications)[-1].message).plain
        await pilot.press("escape")
        await open_item(pilot, app)
        assert app.screen.query_one("#msg-0").text == words  # the message's editor holds it as sent


# ---------------------------------------------------------------------- 5. what the bundle will say


async def test_5_the_bundle_view_shows_derived_texts_as_suggestions_and_accepts_them(app_factory, case_dir: Path) -> None:
    from evidencekit.core.export import summary
    from evidencekit.core.export.model import gather
    from evidencekit.core.export.strings import strings

    read_all(case_dir)
    app = app_factory(case_dir)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, app, rounds=4)
        await pilot.press("b")
        await settle(pilot, app)
        assert screen_name(app) == "BundleViewScreen"
        bundle = gather(app.case)
        s = strings(app.case.meta.language)
        derived = summary.exhibit_proves(bundle.exhibits[2], s)  # exhibit 3 has no 证明目的 of its own
        rows = [str(o.prompt) for o in app.screen.query_one("#bundle-exhibits").options]
        assert derived in rows[2] and "suggested" in rows[2]
        assert "催收方在夜间发送短信" in rows[0] and "suggested" not in rows[0].split("\n")[1]  # the person's own
        cover = rendered(app.screen.query_one("#bundle-cover"))
        for line in summary.case_summary(bundle, s).lines:
            assert line.value in cover
        await pilot.press("down", "down", "y")
        await settle(pilot, app, rounds=4)
        assert app.case.item(3).proves == derived
        assert any(e.action == "annotation_changed" for e in app.case.log_entries(3))


# ---------------------------------------------------------------------- 6. times: label, resolved, correctable


async def test_6_the_time_on_screen_is_shown_and_sender_time_side_are_correctable(app_factory, case_dir: Path) -> None:
    read_all(case_dir)
    app = app_factory(case_dir)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_item(pilot, app, "c")
        assert "No time shown on screen" in rendered(app.screen.query(".msg-time").first())
        await pilot.press("ctrl+t")
        await settle(pilot, app)
        assert screen_name(app) == "MessageDetailsDialog"
        dialog = app.screen
        dialog.query_one("#side").value = "out"
        dialog.query_one("#sent_at").value = "2026-11-19 23:40"
        dialog.query_one("#sender").value = "95188"
        await pilot.press("ctrl+s")
        await settle(pilot, app, rounds=4)
        fixes = app.case.message_corrections(1)
        assert fixes.side == {0: "out"} and fixes.sent_at == {0: "2026-11-19T23:40"} and fixes.sender == "95188"
        fields = {e.details.get("field") for e in app.case.log_entries(1) if e.action == "text_corrected"}
        assert {"side", "sent_at", "sender"} <= fields
        who = rendered(app.screen.query(".msg-who").first())
        assert "Me (sent)" in who and "corrected" in who
        assert "2026-11-19 23:40" in rendered(app.screen.query(".msg-time").first())


# ---------------------------------------------------------------------- 7. one language at a time


async def test_7_help_follows_the_language_switch(app_factory, case_dir: Path) -> None:
    app = app_factory(case_dir, language="zh-Hans")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app, rounds=4)
        await pilot.press("question_mark")
        await pilot.press("escape")
        await pilot.press("f2")  # → 繁體
        await settle(pilot, app, rounds=4)
        await pilot.press("question_mark")
        await settle(pilot, app)
        text = rendered(app.screen.query_one("#help Static"))
        assert "匯出" in text and "导出" not in text


async def test_7_the_quit_prompt_speaks_the_ui_language(app_factory, case_dir: Path) -> None:
    app = app_factory(case_dir, language="zh-Hans")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app, rounds=4)
        await pilot.press("ctrl+c")
        await pilot.pause()
        said = "\n".join(notes(app))
        assert "退出" in said and "Do you want" not in said and "Press" not in said


async def test_7_a_case_in_use_is_said_once_in_the_ui_language(app_factory, case_dir: Path) -> None:
    holder = Case.open(case_dir)
    try:
        app = app_factory(None, language="zh-Hans")
        async with app.run_test(size=SIZE) as pilot:
            app.open_case(case_dir)
            await settle(pilot, app)
            said = "\n".join(notes(app))
            assert "另一个" in said
            assert not re.search(r"[A-Za-z]{4,}", said.replace("EvidenceKit", "").replace(str(case_dir), ""))
    finally:
        holder.close()


# ---------------------------------------------------------------------- 8. export options


async def test_8_export_options_read_as_text_and_contradictions_are_disabled(app_factory, case_dir: Path) -> None:
    app = app_factory(case_dir)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, app, rounds=4)
        await pilot.press("e")
        await settle(pilot, app)
        screen = app.screen
        attach, redact = screen.query_one("#attachments", Checkbox), screen.query_one("#redact", Checkbox)
        assert "✓" in rendered(attach) and "✓" not in rendered(redact)  # the state is in the text
        assert "redacted" not in rendered(screen.query_one("#export-name"))
        redact.value = True
        await settle(pilot, app)
        assert attach.disabled and not attach.value and "✓" not in rendered(attach)
        assert "no originals" in rendered(screen.query_one("#attach-why")).lower()
        assert "no originals" in rendered(screen.query_one("#make_zip")).lower()
        assert "bundle-2026-11-20-redacted.pdf" in rendered(screen.query_one("#export-name"))
        redact.value = False
        await settle(pilot, app)
        assert not attach.disabled and attach.value


async def test_8_a_redacted_export_lists_what_is_masked(app_factory, case_dir: Path) -> None:
    with Case.open(case_dir) as c:
        c.update_item(2, proves="对方致电并提到我的同事 13912345678")
    app = app_factory(case_dir)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, app, rounds=4)
        await pilot.press("e")
        await settle(pilot, app)
        app.screen.query_one("#redact", Checkbox).value = True
        await settle(pilot, app)
        said = rendered(app.screen.query_one("#export-preview"))
        assert "Exhibit 2" in said and "*********78" in said


async def test_8_one_check_count_after_export_and_on_f5(app_factory, case_dir: Path) -> None:
    app = app_factory(case_dir)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, app, rounds=4)
        await pilot.press("e")
        await settle(pilot, app)
        await pilot.press("ctrl+s")
        for _ in range(200):
            await pilot.pause(0.1)
            if "Saved" in rendered(app.screen.query_one("#export-result")):
                break
        after = re.search(r"all (\d+) checks", rendered(app.screen.query_one("#export-result")))
        await pilot.press("f5")
        await settle(pilot, app, rounds=4)
        on_f5 = re.search(r"all (\d+) checks", rendered(app.screen.query_one("#verify-summary")))
        assert after and on_f5 and after.group(1) == on_f5.group(1)


# ---------------------------------------------------------------------- 9. small windows


async def test_9_at_80_columns_the_sender_column_is_readable(app_factory, case_dir: Path) -> None:
    read_all(case_dir)
    with Case.open(case_dir) as c:
        c.correct_sender(1, "安逸花 95188")
    app = app_factory(case_dir, language="zh-Hans")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app, rounds=4)
        table = app.screen.query_one("#items")
        sender = next(c for c in table.columns if c.key == "sender")
        assert sender.width >= 9


async def test_9_at_60_by_20_time_and_sender_are_still_shown(app_factory, case_dir: Path) -> None:
    read_all(case_dir)
    with Case.open(case_dir) as c:
        c.correct_sender(1, "95188")
    app = app_factory(case_dir, language="zh-Hans")
    async with app.run_test(size=(60, 20)) as pilot:
        await settle(pilot, app, rounds=4)
        await pilot.press("home")
        await settle(pilot, app)
        table = app.screen.query_one("#items")
        keys = [c.key for c in table.columns]
        line = " ".join(str(c) for c in table._cells(table.rows[0]))
        detail = rendered(app.screen.query_one("#row-detail"))
        assert "11-20" in line + detail or "2026" in line + detail
        assert "95188" in line + detail
        assert "time" in keys


@pytest.mark.parametrize("lang", ["zh-Hans", "zh-Hant", "en"])
async def test_9_the_new_case_form_reaches_its_button_at_60_by_20(app_factory, lang: str) -> None:
    app = app_factory(None, language=lang)
    async with app.run_test(size=(60, 20)) as pilot:
        await pilot.press("n")
        await settle(pilot, app)
        ok = app.screen.query_one("#ok", Button)
        # the form opens at its top, the title's label in sight
        assert app.screen.query_one("FormScroll").scroll_y == 0
        stops = []
        for _ in range(12):
            if app.focused is ok:
                break
            await pilot.press("tab")
            stops.append(type(app.focused).__name__)
        assert app.focused is ok
        await pilot.pause()
        region = ok.region
        assert region.height > 0 and 0 <= region.y and region.bottom <= 20
        # every Tab stops where something can be typed or chosen, never on the form's body: after
        # Cancel it comes round to the title again
        await pilot.press("tab", "tab")
        assert app.focused is not None and app.focused.id == "title", type(app.focused).__name__
        assert set(stops) <= {"Field", "Select", "Button"}, stops


@pytest.mark.parametrize("lang", ["zh-Hans", "en"])
async def test_9_every_form_reaches_its_buttons_at_60_by_20(app_factory, case_dir: Path, lang: str) -> None:
    """The item's details (a), the findings' facts (g, s): Tab from the first field reaches Save and
    Cancel, each wholly on screen when it has the focus, and never stops on the form's body."""
    read_all(case_dir)
    app = app_factory(case_dir, language=lang)
    async with app.run_test(size=(60, 20)) as pilot:
        await settle(pilot, app, rounds=4)
        for opening in (["home", "a"], ["g", "s"]):
            await pilot.press(*opening)
            await settle(pilot, app)
            dialog = app.screen
            assert dialog.query_one("FormScroll").scroll_y == 0, type(dialog).__name__
            seen = set()
            for _ in range(20):
                await pilot.press("tab")
                await pilot.pause()
                f = app.focused
                assert f is not None and type(f).__name__ in {"Field", "Select", "Button", "Area"}, type(f).__name__
                if isinstance(f, Button):
                    assert 0 <= f.region.y and f.region.bottom <= 20, (type(dialog).__name__, f.id, f.region)
                    seen.add(f.id)
                if {"ok", "cancel"} <= seen:
                    break
            assert {"ok", "cancel"} <= seen, type(dialog).__name__
            await pilot.press("escape")
            await settle(pilot, app)
            if opening[0] == "g":
                await pilot.press("escape")
                await settle(pilot, app)


@pytest.mark.parametrize("lang", ["zh-Hans", "en"])
async def test_9_the_footer_shows_whole_keys_at_60_columns(app_factory, case_dir: Path, lang: str) -> None:
    read_all(case_dir)
    app = app_factory(case_dir, language=lang)
    async with app.run_test(size=(60, 20)) as pilot:
        await settle(pilot, app, rounds=4)
        for keys in ([], ["enter"], ["escape", "e"]):
            await pilot.press(*keys)
            await settle(pilot, app)
            footer = app.screen.query_one("Footer")
            shown = list(footer.query("FooterKey"))
            assert shown, "no key shown"
            for k in shown:
                text = f"{k.key_display} {k.description}"
                assert k.region.right <= 60 and k.region.width >= cell_len(text), text
            assert any(k.action in ("help", "app.help") for k in shown)


@pytest.mark.parametrize("lang", ["zh-Hant", "en"])
async def test_9_the_footer_shows_every_key_of_the_screen_at_60_columns(app_factory, case_dir: Path,
                                                                           lang: str) -> None:
    """Item, findings, chronology, search, export: each key the screen offers is in its footer
    (a second row when one is too narrow); only the app-wide language and quit keys may give way."""
    from evidencekit.tui.widgets.footer import YIELD_FIRST

    read_all(case_dir)
    app = app_factory(case_dir, language=lang)
    seen = []
    async with app.run_test(size=(60, 20)) as pilot:
        await settle(pilot, app, rounds=4)
        for keys in ([], ["home", "enter"], ["escape", "g"], ["escape", "t"], ["escape", "slash"],
                     ["escape", "e"]):
            await pilot.press(*keys)
            await settle(pilot, app)
            screen = app.screen
            seen.append(type(screen).__name__)
            offered = {b.action for _n, b, _e, _t in screen.active_bindings.values()
                       if b.show and b.action not in YIELD_FIRST}
            footer = screen.query_one("Footer")
            shown = list(footer.query("FooterKey"))
            assert offered <= {k.action for k in shown}, (type(screen).__name__, offered)
            for k in shown:
                text = f"{k.key_display} {k.description}"
                assert 0 <= k.region.x and k.region.right <= 60 and k.region.width >= cell_len(text), text
                assert footer.region.contains_region(k.region), text
            assert footer.region.bottom == 20 and footer.region.height <= 2
    assert seen == ["CaseScreen", "ItemScreen", "FindingsScreen", "ChronologyScreen", "SearchScreen",
                    "ExportScreen"]


# ---------------------------------------------------------------------- 10. messages that point somewhere


async def test_10_a_recording_points_to_a_field_that_exists(app_factory, case_dir: Path) -> None:
    app = app_factory(case_dir, language="zh-Hans")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, app, rounds=4)
        await pilot.press("home", "down")
        await pilot.pause(0.3)
        await settle(pilot, app)
        text = rendered(app.screen.query_one("#pv-messages"))
        # a recording's transcript has an editor of its own now (the media screen, opened with Enter)
        assert "文字稿" in text and "Enter" in text and "说明" not in text


async def test_10_reopening_after_an_interrupted_ocr_reads_the_rest(app_factory, case_dir: Path) -> None:
    with Case.open(case_dir) as c:
        list(ocr_runner.ocr_case_items(c, [1], engine=FakeEngine()))  # stopped after the first
    app = app_factory(case_dir)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app, rounds=6)
        assert app.case.ocr_result(3) is not None
        assert any("1 screenshots were not read yet" in n for n in notes(app))


async def test_10_an_empty_folder_offers_nothing_to_import(app_factory, case_dir: Path, tmp_path: Path) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    app = app_factory(case_dir)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app, rounds=4)
        app.screen.post_message(events.Paste(str(empty)))
        await settle(pilot, app)
        assert screen_name(app) == "ConfirmImportDialog"
        assert app.screen.query_one("#ok", Button).disabled
        assert not app.screen.query_one("#ok", Button).display  # no "Import" offered at all
        assert "empty" in rendered(app.screen.query_one(".dialog-title", Static))
        await pilot.press("enter")  # closes: nothing imported
        await settle(pilot, app)
        assert screen_name(app) == "CaseScreen" and len(app.case.items()) == 3


async def test_10_the_app_creates_cases_where_the_cli_does(app_factory, tmp_path: Path,
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    from evidencekit.cli.common import default_cases_dir

    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    app = app_factory(None)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("n")
        await settle(pilot, app)
        app.screen.query_one("#title").value = "Lender A"
        await pilot.press("ctrl+s")
        await settle(pilot, app, rounds=4)
        assert app.case is not None
        assert app.case.path.parent == default_cases_dir()
    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text("utf-8")
    assert "~/.local/share/evidencekit/cases" in readme
