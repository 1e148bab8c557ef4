"""The findings view (each finding opening its exhibits) and the draft screen (choose, see, edit:
the edit kept and logged, then written as a file or added to a bundle)."""

from __future__ import annotations

import os
from pathlib import Path

import docx
import pytest

from evidencekit.core.documents.fromcase import draft_for_case
from evidencekit.core.documents.saved import saved_draft
from evidencekit.core.models import CaseMeta, EngineInfo, Message, OcrResult, Respondent
from evidencekit.core.vault import actions
from evidencekit.core.vault.case import Case
from evidencekit.tui.screens.draft import DraftScreen
from evidencekit.tui.screens.findings import FindingsScreen
from evidencekit.tui.screens.item import ItemScreen
from evidencekit.tui.widgets.evidence_table import EvidenceTable
from evidencekit.tui.widgets.fields import Area
from tests.conftest import make_clock

from .conftest import FIXED_MTIME, SIZE, make_screenshot, settle

ENGINE = EngineInfo("fake", "1.0", "chi_sim")
NOTICE = Message("【安逸花】张伟先生，您的借款已逾期，欠款3,560元，请尽快还款。", sent_at="2026-11-20T09:00:00", side="in")
REPLY = Message("我不是张伟，你们发错人了，请停止发送。", sent_at="2026-11-20T09:30:00", side="out")
THREAT = Message("再不还款我们就联系你的家人和单位领导。", sent_at="2026-11-21T23:40:00", side="in")


@pytest.fixture
def findings_case(tmp_path: Path) -> Path:
    src = tmp_path / "src"
    src.mkdir()
    shots = [make_screenshot(src / f"s{i}.png", dark=False, seed=i) for i in (1, 2)]
    for p in shots:
        os.utime(p, (FIXED_MTIME, FIXED_MTIME))
    path = tmp_path / "case"
    with Case.create(path, CaseMeta("催收", "李明", "13800138000", (Respondent("安逸花", ("95188",)),)),
                     clock=make_clock()) as case:
        one, two = (o.item_id for o in case.import_paths(shots))
        assert one is not None and two is not None
        case.store_ocr(one, OcrResult(case.item(one).sha256, ENGINE, "zh-Hans", "", "95188", (NOTICE, REPLY)),
                       cache_key="t")
        case.store_ocr(two, OcrResult(case.item(two).sha256, ENGINE, "zh-Hans", "", "95188", (THREAT,)),
                       cache_key="t")
    return path


async def test_findings_view_opens_the_exhibits(app_factory, findings_case: Path) -> None:
    app = app_factory(findings_case, language="zh-Hans")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, app)
        await pilot.press("g")
        await settle(pilot, app)
        screen = app.screen
        assert isinstance(screen, FindingsScreen)
        assert screen.analysis is not None
        rules = [r.finding.rule_id for r in screen.rows]
        assert rules == ["quiet-hours", "third-party-disclosure", "misdirected", "after-stop"]
        # the first finding's contacts are listed under it, with the exact words
        evidence = screen.query_one("#finding-evidence", EvidenceTable)
        assert [e.ref for e in evidence.rows] == ["2#0"]
        # the misdirected notice: Enter on the finding goes to its contacts, Enter on one opens the exhibit
        await pilot.press("down", "down", "enter")
        await settle(pilot, app)
        assert evidence.has_focus and [e.ref for e in evidence.rows] == ["1#0", "1#1"]
        assert evidence.rows[0].text == NOTICE.text
        await pilot.press("enter")
        await settle(pilot, app)
        assert isinstance(app.screen, ItemScreen) and app.screen.exhibit == "1"
        await pilot.press("escape")
        await settle(pilot, app)
        assert isinstance(app.screen, FindingsScreen)


@pytest.mark.parametrize("lang", ["zh-Hant", "en"])
async def test_findings_view_at_60x20_keeps_both_lists_in_sight(app_factory, findings_case: Path, lang: str) -> None:
    """A long finding's detail scrolls instead of pushing the findings and their contacts off a
    60×20 window; Tab reaches the detail to scroll it."""
    app = app_factory(findings_case, language=lang)
    async with app.run_test(size=(60, 20)) as pilot:
        await settle(pilot, app)
        await pilot.press("g")
        await settle(pilot, app)
        screen = app.screen
        assert isinstance(screen, FindingsScreen)
        await pilot.press("down", "down")  # the misdirected notice: the longest detail
        await settle(pilot, app)
        findings = screen.query_one("#findings", EvidenceTable)
        evidence = screen.query_one("#finding-evidence", EvidenceTable)
        box = screen.query_one("#finding-detail-box")
        for table in (findings, evidence):
            assert table.region.height >= 3, table.id  # a header and at least two rows in sight
            assert table.region.bottom <= screen.query_one("Footer").region.y
        assert screen.query_one("Footer").region.width == 60  # nothing overflows the screen
        if box.max_scroll_y > 0:  # the detail does not fit: Tab stops on it and the keys scroll it
            await pilot.press("tab")
            assert box.has_focus
            await pilot.press("end")
            await pilot.pause()
            assert box.scroll_y == box.max_scroll_y
            await pilot.press("tab")
        else:
            await pilot.press("tab")
        assert evidence.has_focus
        await pilot.press("tab")
        assert findings.has_focus


async def test_draft_is_written_edited_logged_and_saved(app_factory, findings_case: Path) -> None:
    app = app_factory(findings_case, language="zh-Hans")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, app)
        await pilot.press("r")
        await settle(pilot, app)
        screen = app.screen
        assert isinstance(screen, DraftScreen)
        area = screen.query_one("#draft-text", Area)
        written = area.text
        assert written.startswith("致安逸花的投诉书")
        assert NOTICE.text in written or THREAT.text in written  # a key message quoted exactly
        assert "尚未生成签名证据包" in written  # no bundle was exported yet
        # edit: the person adds a sentence; Ctrl+S keeps it with the case and logs it
        area.load_text(written + "\n补充：我从未在安逸花借款。\n")
        await pilot.press("ctrl+s")
        await settle(pilot, app)
        assert screen.shown is not None and screen.shown.edited
        about = screen.written.respondent if screen.written is not None else ""
    with Case.open(findings_case, readonly=True) as case:
        saved = saved_draft(case, "lender", "zh-Hans")
        assert saved is not None and saved.text.endswith("补充：我从未在安逸花借款。\n")
        assert about and saved.respondent == about  # kept for the respondent it is about
        logged = [actions.decode(e) for e in case.log_entries() if e.action == "draft_edited"]
        assert len(logged) == 1
        d = logged[0]
        assert isinstance(d, actions.DraftEdited)
        assert (d.channel, d.language, d.sha256, d.chars) == ("lender", "zh-Hans", saved.sha256, len(saved.text))

    # opened again, the edit is shown; written as DOCX; then back to the text written from the case
    app = app_factory(findings_case, language="zh-Hans")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, app)
        await pilot.press("r")
        await settle(pilot, app)
        screen = app.screen
        assert isinstance(screen, DraftScreen)
        assert screen.query_one("#draft-text", Area).text.endswith("补充：我从未在安逸花借款。\n")
        screen.query_one("#draft-format").value = "docx"
        await pilot.press("ctrl+o")
        await settle(pilot, app)
        [out] = (findings_case / "exports").glob("draft-lender-zh-Hans-*.docx")
        paragraphs = "\n".join(p.text for p in docx.Document(str(out)).paragraphs)
        assert "补充：我从未在安逸花借款。" in paragraphs
        await pilot.press("ctrl+r")
        await settle(pilot, app)
        assert screen.query_one("#draft-text", Area).text == written
        # the screen shows the whole draft; a TXT of it unedited is the one fitted to the web form
        screen.query_one("#draft-format").value = "txt"
        await pilot.press("ctrl+o")
        await settle(pilot, app)
        [txt] = (findings_case / "exports").glob("draft-lender-zh-Hans-*.txt")
    with Case.open(findings_case, readonly=True) as case:
        assert written == draft_for_case(case, "lender", "zh-Hans", use_saved=False, fit=False).text
        assert txt.read_text(encoding="utf-8") == draft_for_case(case, "lender", "zh-Hans", use_saved=False).text
    with Case.open(findings_case, readonly=True) as case:
        assert saved_draft(case, "lender", "zh-Hans") is None
        last = actions.decode([e for e in case.log_entries() if e.action == "draft_edited"][-1])
        assert isinstance(last, actions.DraftEdited) and last.reverted


async def test_a_draft_goes_into_the_bundle(app_factory, findings_case: Path) -> None:
    app = app_factory(findings_case, language="zh-Hans")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, app)
        await pilot.press("r")
        await settle(pilot, app)
        await pilot.press("ctrl+b")
        await settle(pilot, app)
        from evidencekit.tui.screens.export import ExportScreen

        assert isinstance(app.screen, ExportScreen)
        assert app.screen.options().drafts == ("lender",)


async def test_the_persons_facts_change_the_findings(app_factory, findings_case: Path) -> None:
    from evidencekit.core.analysis.case_settings import read_settings
    from evidencekit.tui.dialogs.case_facts import CaseFactsDialog
    from evidencekit.tui.widgets.fields import Field

    app = app_factory(findings_case, language="en")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, app)
        await pilot.press("g")
        await settle(pilot, app)
        await pilot.press("s")
        await settle(pilot, app)
        dialog = app.screen
        assert isinstance(dialog, CaseFactsDialog)
        dialog.query_one("#stop", Field).value = "yesterday"
        await pilot.press("ctrl+s")
        await settle(pilot, app)
        assert app.screen is dialog  # not a time: the form stays open
        dialog.query_one("#stop", Field).value = "2026-11-20 08:00"
        dialog.query_one("#address", Field).value = "成都市某路1号"
        await pilot.press("ctrl+s")
        await settle(pilot, app)
        screen = app.screen
        assert isinstance(screen, FindingsScreen)
        after = [r.finding for r in screen.rows if r.finding.rule_id == "after-stop"]
        assert after and after[0].facts["stop"] == "2026-11-20 08:00"
        assert [e.ref for e in after[0].evidence] == ["1#0", "2#0"]  # from the set time, for everyone
    with Case.open(findings_case, readonly=True) as case:
        st = read_settings(case)
        assert (st.stop_requested_at, st.claimant_address) == ("2026-11-20 08:00", "成都市某路1号")


async def test_what_was_found_is_said_whole_on_a_small_screen(app_factory, findings_case: Path) -> None:
    """At 60×20 the table's last column is cut: the finding's sentence is whole under the table."""
    from textual.widgets import Static

    app = app_factory(findings_case, language="zh-Hans")
    async with app.run_test(size=(60, 20)) as pilot:
        await settle(pilot, app)
        await pilot.press("g")
        await settle(pilot, app)
        screen = app.screen
        assert isinstance(screen, FindingsScreen) and screen.rows
        statement = " ".join(screen.rows[0].finding.statement["zh-Hans"].split())
        detail = str(screen.query_one("#finding-detail", Static).render())
        assert statement and statement in detail.replace("\n", "")
