"""The bundle is laid out in parts and put together as it is written: the result reads as one
document (continuous pages, a true evidence list, bookmarks), and nothing is held whole."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest
from pyhanko.pdf_utils.reader import PdfFileReader
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas

from evidencekit.core.export.pdf import document, flowables, styles, tables
from evidencekit.core.export.pdf.assemble import Assembler, Bookmark
from evidencekit.core.export.bundle import export_bundle
from evidencekit.core.export.model import ExportOptions
from evidencekit.errors import ExportError
from tests.core.export.fixtures import NOW, make_input


def run(*cmd: str | Path) -> str:
    return subprocess.run([str(c) for c in cmd], capture_output=True, text=True, check=True).stdout


def reportlab_pdf(path: Path, texts: list[str]) -> Path:
    styles.register_fonts()
    c = canvas.Canvas(str(path), pagesize=A4, invariant=1)
    for t in texts:
        c.setFont(styles.FONT, 14)
        c.drawString(72, 700, t)
        c.showPage()
    c.save()
    return path


def outline(pdf: Path) -> list[tuple[int, str, int]]:
    """(depth, title, 1-based page) of every bookmark, in order."""
    with open(pdf, "rb") as f:
        r = PdfFileReader(f)
        kids = r.root["/Pages"].raw_get("/Kids")
        pages = [kids.raw_get(i).idnum for i in range(len(kids))]
        out: list[tuple[int, str, int]] = []

        def walk(node, depth: int) -> None:
            it = node["/First"] if "/First" in node else None
            while it is not None:
                out.append((depth, str(it["/Title"]), pages.index(it["/Dest"].raw_get(0).idnum) + 1))
                if "/First" in it:
                    walk(it, depth + 1)
                it = it["/Next"] if "/Next" in it else None

        if "/Outlines" in r.root:
            walk(r.root["/Outlines"], 0)
        return out


def test_parts_become_one_document_in_order_with_distinct_font_subsets(tmp_path: Path) -> None:
    a = reportlab_pdf(tmp_path / "a.pdf", ["第一部分 甲", "第一部分 乙"])
    b = reportlab_pdf(tmp_path / "b.pdf", ["第二部分 丙"])
    out = tmp_path / "out.pdf"
    with Assembler(out) as asm:
        assert asm.add(a) == 2
        assert asm.add(b) == 1
        asm.finish(info={"Title": "案件 标题", "CreationDate": NOW},
                   bookmarks=[Bookmark("甲", 0), Bookmark("第二", 2, (Bookmark("丙", 2),))], lang="zh-Hans")
    info = run("pdfinfo", out)
    assert re.search(r"Pages:\s+3", info)
    assert "案件 标题" in info
    for page, word in ((1, "甲"), (2, "乙"), (3, "丙")):
        assert word in run("pdftotext", "-f", page, "-l", page, out, "-"), page
    fonts = [ln.split()[0] for ln in run("pdffonts", out).splitlines()[2:] if "+" in ln.split()[0]]
    assert len(fonts) >= 2
    assert len(fonts) == len(set(fonts)), fonts  # each part restarts at AAAAAA+; the bundle must not
    assert outline(out) == [(0, "甲", 1), (0, "第二", 3), (1, "丙", 3)]


def test_inherited_page_attributes_are_kept(tmp_path: Path) -> None:
    """A part whose pages take MediaBox and Resources from the page tree keeps them."""
    content = b"BT /F1 12 Tf 20 100 Td (inherited) Tj ET"
    objs = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 /MediaBox [0 0 300 200] /Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Type /Page /Parent 2 0 R /Contents 4 0 R >>",
        b"<< /Length %d >>\nstream\n%s\nendstream" % (len(content), content),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    data = bytearray(b"%PDF-1.4\n")
    offsets = []
    for i, o in enumerate(objs, 1):
        offsets.append(len(data))
        data += b"%d 0 obj\n" % i + o + b"\nendobj\n"
    xref = len(data)
    data += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1)
    data += b"".join(b"%010d 00000 n \n" % off for off in offsets)
    data += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objs) + 1, xref)
    part = tmp_path / "inherit.pdf"
    part.write_bytes(bytes(data))
    out = tmp_path / "out.pdf"
    with Assembler(out) as asm:
        asm.add(part)
        asm.finish(info={"Title": "t"})
    assert "300 x 200 pts" in run("pdfinfo", out)
    assert "inherited" in run("pdftotext", out, "-")


def test_a_bad_part_is_an_export_error_and_leaves_no_file(tmp_path: Path) -> None:
    bad = tmp_path / "bad.pdf"
    bad.write_bytes(b"not a pdf at all")
    out = tmp_path / "out.pdf"
    with pytest.raises(ExportError, match="bad.pdf"), Assembler(out) as asm:
        asm.add(bad)
    assert not out.exists()


@pytest.fixture(scope="module")
def many_parts(tmp_path_factory: pytest.TempPathFactory):
    """Nine exhibits laid out two to a part (five exhibit parts), with the story buffer watched."""
    d: Path = tmp_path_factory.mktemp("parts")
    inp = make_input(d, 9)
    seen: list[int] = []
    mp = pytest.MonkeyPatch()
    mp.setattr(document, "PART_EXHIBITS", 2)
    real = document.PartDoc.filterFlowables

    def watch(self, flowables):
        real(self, flowables)
        if flowables is self._story:
            seen.append(len(flowables))

    mp.setattr(document.PartDoc, "filterFlowables", watch)
    try:
        res = export_bundle(inp, d / "bundle.pdf", ExportOptions(now=NOW))
    finally:
        mp.undo()
    return res, inp, seen


def test_parts_make_continuous_pages_and_a_true_evidence_list(many_parts) -> None:
    res, inp, _ = many_parts
    for p in range(1, res.pages + 1):
        t = run("pdftotext", "-layout", "-f", p, "-l", p, res.pdf_path, "-").replace(" ", "")
        assert f"第{p}页/共{res.pages}页" in t, p
    toc = run("pdftotext", "-layout", "-f", 2, "-l", 2, res.pdf_path, "-")
    rows = re.findall(r"(证据[\d-]+)\s.*?\s(\d+)\s+([0-9a-f]{12})\s*$", toc, re.M)
    assert len(rows) == len(inp.exhibits)
    for label, page, _digest in rows:
        body = run("pdftotext", "-f", page, "-l", page, res.pdf_path, "-").replace(" ", "")
        assert f"{label}：" in body, (label, page)
    assert "Signature is Valid" in run("pdfsig", res.pdf_path)


def test_bookmarks_open_every_exhibit_at_its_page(many_parts) -> None:
    res, inp, _ = many_parts
    marks = outline(res.pdf_path)
    exhibits = [(title, page) for depth, title, page in marks if depth == 1]
    assert len(exhibits) == len(inp.exhibits)
    for (title, page), ex in zip(exhibits, inp.exhibits, strict=True):
        assert title.startswith(f"证据{ex.number}：")
        assert f"证据{ex.number}：" in run("pdftotext", "-f", page, "-l", page, res.pdf_path, "-").replace(" ", "")
    top = [title for depth, title, _ in marks if depth == 0]
    assert top[:3] == ["电子证据材料汇编", "证据目录", "时间线"]
    assert top[-2:] == ["校验说明", "附录：保管记录"]


def test_the_story_is_made_as_it_is_laid_out(many_parts) -> None:
    """reportlab sees a few flowables ahead, never a whole section (the memory does not grow
    with the number of rows or exhibits)."""
    _, _, seen = many_parts
    assert seen
    assert max(seen) <= document.STORY_BUFFER + 4


def test_a_long_table_fills_its_pages_and_ends_a_document_every_part_pages(tmp_path: Path,
                                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    """The evidence list, chronology and appendix are made a page at a time and cut into
    documents of PART_PAGES full pages: every row once, in order, none lost at a cut."""
    from itertools import chain

    from reportlab.lib.units import mm

    monkeypatch.setattr(tables, "PART_PAGES", 2)
    styles.register_fonts()
    st = styles.Styles(True)
    made: list[int] = []

    def rows():
        for i in range(300):
            made.append(i)
            yield [flowables.para(f"行{i:04d}", st.cell), flowables.para("内容" * (i % 9 + 1), st.cell)]

    header = [flowables.para("序号", st.cellc), flowables.para("内容", st.cellc)]
    story = iter([flowables.para("标题", st.h2), tables.LongTable(header, rows(), [30 * mm, 100 * mm]),
                  flowables.para("表后的文字", st.body)])
    files: list[Path] = []
    carry: list = []
    while True:
        files.append(tmp_path / f"d{len(files)}.pdf")
        doc = document.PartDoc(str(files[-1]), lambda canv, page: None)
        doc.build_lazily(chain(carry, story))
        if doc.carry is None:
            break
        carry = doc.carry
        # a document holds only its pages' rows: the rest are not made yet
        assert len(made) < 300
    text = "".join(run("pdftotext", f, "-") for f in files)
    assert re.findall(r"行(\d{4})", text) == [f"{i:04d}" for i in range(300)]
    assert len(files) >= 3
    for f in files[:-1]:
        assert re.search(r"Pages:\s+2\n", run("pdfinfo", f))
    assert "表后的文字" in run("pdftotext", files[-1], "-")


def test_chunked_tables_are_made_a_chunk_at_a_time() -> None:
    """An exhibit's own custody entries: tables of TABLE_CHUNK rows, each made when needed."""
    made: list[int] = []

    def rows():
        for i in range(1000):
            made.append(i)
            yield [str(i)]

    made_tables = tables.chunked(["#"], rows(), [100])
    next(made_tables)
    assert len(made) <= tables.TABLE_CHUNK + 1
    assert sum(1 for _ in made_tables) == 1000 // tables.TABLE_CHUNK - 1


def links_on(pdf: Path, page: int) -> list[int]:
    """The 1-based pages that the link annotations on ``page`` go to."""
    with open(pdf, "rb") as f:
        r = PdfFileReader(f)
        kids = r.root["/Pages"].raw_get("/Kids")
        pages = [kids.raw_get(i).idnum for i in range(len(kids))]
        p = kids[page - 1]
        out = []
        annots = p["/Annots"] if "/Annots" in p else []
        for i in range(len(annots)):
            action = annots[i]["/A"]
            assert action["/S"] == "/GoTo"  # no URI left for a reader to open
            out.append(pages.index(action["/D"].raw_get(0).idnum) + 1)
        return out


def test_the_evidence_list_links_each_row_to_its_exhibit(many_parts) -> None:
    res, inp, _ = many_parts
    targets = links_on(res.pdf_path, 2)
    assert set(targets) == {page for depth, _, page in outline(res.pdf_path) if depth == 1}
    assert len(targets) == 2 * len(inp.exhibits)  # the number and the page of every row
