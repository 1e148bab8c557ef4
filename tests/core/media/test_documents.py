"""PDF documents as import sees them: a file that only looks like a PDF is kept as an unknown file
with the reason, a truncated one is refused, a real one has its text read page by page."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from evidencekit.core.media.document import read_pdf
from evidencekit.core.media.sniff import Unsupported, probe, sniff
from tests.core.media.test_mixed_case import _pdf


def test_random_bytes_between_a_pdf_header_and_an_end_marker_are_kept_as_unknown(tmp_path: Path) -> None:
    p = tmp_path / "statement.pdf"
    p.write_bytes(b"%PDF-1.7\n" + random.Random(7).randbytes(4000) + b"\n%%EOF\n")
    sn = sniff(p.read_bytes()[:64])
    assert sn is not None and sn.kind == "pdf"
    pr = probe(p, sn.kind, sn.mime)
    assert pr.kind == "other" and pr.note.startswith("kept as an unknown file: not a readable PDF (")


def test_a_truncated_pdf_is_refused_with_the_reason(tmp_path: Path) -> None:
    whole = _pdf(tmp_path / "whole.pdf", "Repayment statement").read_bytes()
    p = tmp_path / "cut.pdf"
    p.write_bytes(whole[: len(whole) // 2])
    with pytest.raises(Unsupported, match="truncated"):
        probe(p, "pdf", "application/pdf")


def test_a_pdf_with_a_text_layer_is_read_page_by_page(tmp_path: Path) -> None:
    p = _pdf(tmp_path / "s.pdf", "Repayment statement: paid 2026-11-01")
    assert probe(p, "pdf", "application/pdf").kind is None  # kept as a PDF
    doc = read_pdf(p)
    assert doc.pages == 1 and doc.text_pages == ("Repayment statement: paid 2026-11-01",)
    assert doc.scanned == () and doc.ocr_pages == () and doc.notes == ()
