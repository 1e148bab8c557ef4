"""Chinese line breaking in the PDFs (drafts and bundle): no line starts with a closing mark
(，。、；：？！”」）》) or ends with an opening one (“「（《), and no —— or …… is cut in two."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from reportlab.platypus import Paragraph as ReportlabParagraph

from evidencekit.core.documents.model import Draft
from evidencekit.core.export.pdf.draft_doc import write_draft_pdf
from evidencekit.core.export.pdf.flowables import CANNOT_END, CANNOT_START, Paragraph, kinsoku_break, para
from evidencekit.core.export.pdf.styles import FRAME_W, Styles, register_fonts

QUOTE = ("本人收到短信：“张先生，你在本平台的借款已逾期47天，欠款合计¥12,860元，今天下午6点前必须全额还清。”"
         "（证据4）。")
CLOSING = "，。、；：？！”」』）》"
OPENING = "“「『（《"


def _bad(line: str) -> bool:
    s = line.strip()
    return bool(s) and (s[0] in CLOSING or s[-1] in OPENING)


def _lines(p: ReportlabParagraph, width: float) -> list[str]:
    p.wrap(width, 10_000)
    out = []
    for line in getattr(p, "blPara").lines:
        words = getattr(line, "words", None)
        out.append("".join(f.text for f in words) if words is not None else "".join(line[1]))
    return out


def test_the_marks_reportlab_lacks_are_added() -> None:
    for c in "，；：？！”’》":
        assert c in CANNOT_START
    for c in "“‘（《「":
        assert c in CANNOT_END


@pytest.mark.parametrize(("text", "end", "cut"), [
    ("张先生，你在", 3, 2),  # "，" would start the line: "生" goes down with it
    ("后果自负。”好的", 5, 3),  # "。”" both closing: two go down
    ("对方说：“我们", 5, 4),  # "“" would end the line: it goes down
    ("可能违规——需由", 5, 4),  # —— stays whole
    ("你好，世界", 3, 3),  # nothing to move
    ("”，。", 1, 1),  # nothing but marks: broken where it must be
])
def test_kinsoku_break(text: str, end: int, cut: int) -> None:
    assert kinsoku_break(text, 0, end) == cut


def test_no_line_starts_with_a_closing_mark_at_any_width() -> None:
    register_fonts()
    st = Styles(True)
    plain_bad = 0
    for width in range(60, 400, 3):
        plain_bad += any(_bad(s) for s in _lines(ReportlabParagraph(QUOTE, st.body), width))
        ours = _lines(Paragraph(QUOTE, st.body), width)
        assert not any(_bad(s) for s in ours), (width, ours)
        assert "".join(ours) == QUOTE  # nothing lost or doubled
    assert plain_bad  # reportlab alone does break before "，" here: the test tests something


def test_an_english_bundle_quoting_chinese_breaks_by_the_same_rules() -> None:
    register_fonts()
    st = Styles(False)
    text = "Exhibit 4, my reply to 17123456789: " + QUOTE
    for width in range(80, 400, 5):
        assert not any(_bad(s) for s in _lines(para(text, st.body), width))


def test_the_draft_pdf_breaks_no_line_before_a_comma(tmp_path: Path) -> None:
    # "张先生，" placed at every position of a full line: one of them falls where reportlab breaks
    lines = ["全国12315平台 投诉书", "二、事实经过"]
    lines += [f"({k}) 证据4，" + "本" * k + QUOTE for k in range(40)]
    draft = Draft("12315", "zh-Hans", lines[0], "\n".join(lines), 10_000)
    pdf = write_draft_pdf(draft, tmp_path / "d.pdf")
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    assert "张先生，你在本平台" in text.replace("\n", "")
    bad = [s for s in text.splitlines() if _bad(s)]
    assert not bad, bad
    # reportlab's own wrapping of the same lines at the frame's width would have
    st = Styles(True)
    assert any(_bad(s) for line in lines[2:] for s in _lines(ReportlabParagraph(line, st.body), FRAME_W))


def test_a_number_before_a_closing_mark_is_not_cut() -> None:
    register_fonts()
    st = Styles(True)
    text = "(5) 证据6，2026-11-25 15:05（按截图EXIF时间推算），本人回复17123456789：“你们这样骚扰我的家人是违法的。”"
    for width in range(80, 420, 3):
        lines = _lines(Paragraph(text, st.body), width)
        assert not any(_bad(s) for s in lines), (width, lines)
        # kept whole where it fits in the line's second half (reportlab's measure, kept)
        assert any("17123456789" in s for s in lines) or width < 160, (width, lines)
