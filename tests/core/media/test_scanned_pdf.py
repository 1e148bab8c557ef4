"""Scanned PDF pages (no text layer) read by the engine screenshots are read with, through
``Case.ocr``: the page's text stored with the document's reading, logged, searchable, replayed by
verify; a page that fails, a missing renderer, a page whose size would make a bomb."""

from __future__ import annotations

import json
import re
import sqlite3
import subprocess
from collections.abc import Sequence
from pathlib import Path

import pytest
from PIL import Image, ImageDraw, ImageFont

from evidencekit.core.media import document
from evidencekit.core.media.document import OCR_MAX_SIDE, page_image, read_pdf
from evidencekit.core.models import CaseMeta
from evidencekit.core.ocr.engine import OcrLine, OcrWord, Recognition
from evidencekit.core.ocr.pages import rows_text
from evidencekit.core.vault.case import Case
from evidencekit.core.verify import verify_case
from evidencekit.errors import Cancelled, OcrError
from tests.fakes.ocr import FakeEngine

FONT = "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc"

needs_renderer = pytest.mark.skipif(document.renderer() is None, reason="pdftoppm (poppler-utils) is not installed")


def _scan(lines: Sequence[str], size: tuple[int, int] = (1240, 600)) -> Image.Image:
    """A page as a scanner gives it: text drawn on white, no text layer."""
    img = Image.new("RGB", size, (255, 255, 255))
    draw = ImageDraw.Draw(img)
    font = ImageFont.truetype(FONT, 40, index=0)
    for i, line in enumerate(lines):
        draw.text((80, 80 + i * 90), line, font=font, fill=(0, 0, 0))
    return img


def statement(path: Path) -> Path:
    """A two-page statement: page 1 with a text layer, page 2 a scanned image."""
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen import canvas

    c = canvas.Canvas(str(path), pagesize=(595, 842))
    c.drawString(72, 760, "Repayment statement, account ending 4321, all instalments paid on time")
    c.showPage()
    c.drawImage(ImageReader(_scan(["还款明细", "应还金额 2,000.00元"])), 40, 400, width=515, height=250)
    c.showPage()
    c.save()
    return path


@pytest.fixture()
def case_with_statement(tmp_path: Path) -> tuple[Path, int]:
    drop = tmp_path / "drop"
    drop.mkdir()
    statement(drop / "statement.pdf")
    path = tmp_path / "case"
    with Case.create(path, CaseMeta("账单", "张三")) as case:
        [out] = case.import_paths([drop])
        assert out.status == "imported" and out.item_id is not None
        return path, out.item_id


@needs_renderer
def test_a_scanned_page_is_read_by_the_screenshot_engine_logged_and_verified(case_with_statement: tuple[Path, int]
                                                                              ) -> None:
    path, item_id = case_with_statement
    with Case.open(path) as case:
        before = case.media.of(item_id)
        assert before is not None and before.document is not None
        assert before.document.scanned == (1,) and before.document.ocr_pages == ()
        assert "Repayment statement" in before.document.text_pages[0]
        assert before.document.text_pages[1] == ""

        [res] = list(case.ocr([item_id]))  # the default engine (PP-OCR), as for screenshots
        assert res.error == "" and res.pages == 1 and res.messages == 0

        doc = case.media.of(item_id).document  # type: ignore[union-attr]
        assert doc is not None and doc.ocr_pages == (1,)
        assert doc.text_pages[0] == before.document.text_pages[0]  # the text layer is kept as it was
        rows = doc.text_pages[1].splitlines()
        assert rows[0] == "还款明细"
        assert "应还金额" in rows[1] and "2,000.00" in rows[1]
        assert item_id in [h.item_id for h in case.search("应还金额")]
        entry = [e for e in case.log_entries() if e.item_id == item_id and e.action == "media_read"][-1]
        assert entry.details["reader"].startswith("pypdf, OCR rapidocr")

        assert list(case.ocr([item_id])) == []  # read already: nothing to do
    report = verify_case(path)
    assert report.ok, [c for c in report.checks if not c.ok]
    assert {c.code for c in report.checks} >= {"case.media.ok"}

    # the exhibit page prints the page's text, marked as read by OCR
    from evidencekit.core.export.bundle import export_case
    from evidencekit.core.export.model import ExportOptions

    with Case.open(path) as case:
        res = export_case(case, path.parent / "b.pdf", ExportOptions(language="zh-Hans"))
    text = subprocess.run(["pdftotext", str(res.pdf_path), "-"], capture_output=True, text=True, check=True).stdout
    flat = re.sub(r"\s", "", text)
    assert "第2页（扫描页，文字由OCR识别）" in flat
    assert "应还金额" in flat and "2,000.00" in flat


@needs_renderer
def test_an_edited_ocr_text_of_a_page_is_named_by_verify(case_with_statement: tuple[Path, int]) -> None:
    path, item_id = case_with_statement
    with Case.open(path) as case:
        list(case.ocr([item_id], engine=FakeEngine("应还金额 200.00元")))
    with sqlite3.connect(path / "index.sqlite") as conn:
        facts = json.loads(conn.execute("SELECT facts_json FROM media WHERE item_id = ?", (item_id,)).fetchone()[0])
        assert "200.00" in json.dumps(facts, ensure_ascii=False)
        forged = json.dumps(facts, ensure_ascii=False).replace("200.00", "20.00")
        conn.execute("UPDATE media SET facts_json = ? WHERE item_id = ?", (forged, item_id))
    failed = {c.code for c in verify_case(path).checks if not c.ok}
    assert "case.media.edited" in failed


class _FailingSecondPage(FakeEngine):
    """Reads the first page it is given; the engine fails on the next."""

    def read_many(self, images: Sequence[Image.Image], *, script: str | None = None) -> list[Recognition]:
        if self.calls:
            raise OcrError("the engine failed on this page")
        return super().read_many(images, script=script)


@needs_renderer
def test_a_page_that_fails_is_named_and_the_others_are_read(tmp_path: Path) -> None:
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen import canvas

    pdf = tmp_path / "two-scans.pdf"
    c = canvas.Canvas(str(pdf), pagesize=(595, 842))
    for _ in range(2):
        c.drawImage(ImageReader(_scan(["第一页"])), 40, 400, width=515, height=250)
        c.showPage()
    c.save()
    drop = tmp_path / "drop"
    drop.mkdir()
    pdf.rename(drop / pdf.name)
    with Case.create(tmp_path / "case", CaseMeta("账单", "张三")) as case:
        [out] = case.import_paths([drop])
        assert out.item_id is not None
        engine = _FailingSecondPage("逾期通知")
        [res] = list(case.ocr([out.item_id], engine=engine))
        assert res.pages == 1
        doc = case.media.of(out.item_id).document  # type: ignore[union-attr]
        assert doc is not None and doc.ocr_pages == (0,) and doc.scanned == (0, 1)
        assert "逾期通知" in doc.text_pages[0] and doc.text_pages[1] == ""
        assert any("page 2: OCR failed (the engine failed on this page)" in n for n in doc.notes)
        # the page left unread is read on the next run
        [again] = list(case.ocr([out.item_id], engine=FakeEngine("逾期通知")))
        assert again.pages == 2
    assert verify_case(tmp_path / "case").ok


def test_without_a_renderer_the_reason_is_given_and_nothing_changes(case_with_statement: tuple[Path, int],
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    path, item_id = case_with_statement
    monkeypatch.setattr(document, "renderer", lambda: None)
    with Case.open(path) as case:
        entries = len(case.log_entries())
        [res] = list(case.ocr([item_id], engine=FakeEngine()))
        assert res.pages == 0 and "poppler-utils" in res.error
        assert case.media.of(item_id).document.ocr_pages == ()  # type: ignore[union-attr]
        assert len(case.log_entries()) == entries


def test_cancelling_keeps_the_earlier_reading(case_with_statement: tuple[Path, int]) -> None:
    from evidencekit.core.progress import CancelToken

    path, item_id = case_with_statement
    token = CancelToken()
    token.cancel()
    with Case.open(path) as case:
        entries = len(case.log_entries())
        with pytest.raises(Cancelled):
            list(case.ocr([item_id], engine=FakeEngine(), cancel=token))
        assert case.media.of(item_id).document.ocr_pages == ()  # type: ignore[union-attr]
        assert len(case.log_entries()) == entries


@needs_renderer
def test_a_page_as_large_as_a_wall_is_rendered_within_bounds(tmp_path: Path) -> None:
    """A page whose media box says 600 × 300 inches is rendered at a lower resolution, never as
    a 120,000-pixel-wide image."""
    pdf = tmp_path / "wall.pdf"
    _scan(["大"], (600, 300)).save(pdf, resolution=1.0)  # 1 pixel per inch: 600 × 300 inches
    img = page_image(pdf, 0)
    assert max(img.size) <= OCR_MAX_SIDE and img.size[0] > img.size[1]
    doc = read_pdf(pdf, ocr_page=lambda p, i: f"{page_image(p, i).width} px")
    assert doc.ocr_pages == (0,) and doc.text_pages[0] == f"{img.width} px"


def test_rows_of_a_page_read_left_to_right_top_to_bottom() -> None:
    def line(text: str, x: int, y: int, h: int = 40) -> OcrLine:
        return OcrLine((OcrWord(text, (x, y, 20 * len(text), h), 95.0),), (x, y, 20 * len(text), h), text)

    lines = [line("2,000.00", 600, 204), line("应还金额", 80, 200), line("还款明细", 80, 100),
             line("", 300, 300), line("2026-11-20", 80, 300), line("到期日", 600, 305, 30)]
    assert rows_text(lines) == "还款明细\n应还金额  2,000.00\n2026-11-20  到期日"
    assert rows_text([]) == ""


@needs_renderer
def test_import_on_the_command_line_reads_scanned_pages(tmp_path: Path) -> None:
    from tests.cli.test_cli import run

    case = tmp_path / "case"
    assert run("new", str(case), "--title", "账单", "--claimant", "张三").returncode == 0
    r = run("import", str(case), str(statement(tmp_path / "statement.pdf")))
    assert r.returncode == 0, r.stderr
    assert "ocr        item 1: 1 scanned pages read" in r.stderr
    with Case.open(case, readonly=True) as c:
        doc = c.media.of(1).document  # type: ignore[union-attr]
        assert doc is not None and doc.ocr_pages == (1,) and "应还金额" in doc.text_pages[1]
