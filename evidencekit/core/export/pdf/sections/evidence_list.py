"""The evidence list (证据目录): one row per exhibit with its page, then the signature line."""

from __future__ import annotations

from collections.abc import Iterator, Mapping

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Spacer

from evidencekit.core.export import summary
from evidencekit.core.export.pdf.flowables import linked, para
from evidencekit.core.export.pdf.formatting import exhibit_label, formed
from evidencekit.core.export.formed import case_offset
from evidencekit.core.export.pdf.input import LayoutInput
from evidencekit.core.export.pdf.styles import FRAME_W, Styles
from evidencekit.core.export.pdf.tables import LongTable, Row


def evidence_list(li: LayoutInput, st: Styles, pages: Mapping[str, int]) -> Iterator[Flowable]:
    """The list; ``pages`` maps exhibit numbers (and ``@verify``, ``@appendix``) to pages,
    empty in the first pass."""
    s, meta = li.s, li.bundle.meta
    widths = [m * mm for m in (15, 38, 24, 25, 38, 13, 0)]
    widths[-1] = FRAME_W - sum(widths)
    header: Row = [para(s(k), st.cellc) for k in ("col_no", "col_name", "col_source", "col_time", "col_proves",
                                                  "col_page", "col_digest")]

    analysis = li.case_analysis()
    offset = case_offset(li.bundle.exhibits)  # a file time in the phone's zone, as the chronology has it

    def rows() -> Iterator[Row]:
        for ex in li.bundle.exhibits:
            it = ex.item
            title = summary.exhibit_title(ex, s)
            proves = summary.exhibit_proves(ex, s, claimant_name=meta.claimant_name, analysis=analysis)
            source = summary.exhibit_source(ex, s)
            page = pages.get(ex.number)
            yield [
                linked(exhibit_label(s, ex.number) if s.is_cjk else ex.number, page, st.cell),
                para(title, st.cell),
                para(source, st.cell),
                para(formed(s, ex, short=True, offset=offset), st.cell),
                para(proves, st.cell),
                linked(str(page) if page else "", page, st.cellc, blue=True),
                para(it.short_digest, st.mono),
            ]

    yield para(s("toc_heading"), st.h1)
    yield para(f"{s('toc_case')}：{meta.title}" if s.is_cjk else f"{s('toc_case')}: {meta.title}", st.body)
    yield Spacer(1, 3 * mm)
    yield LongTable(header, rows(), widths)
    yield Spacer(1, 3 * mm)
    yield para(s("toc_note"), st.small)
    # in the first pass the pages are not known yet: a placeholder of the same length keeps the layout
    yield para(s("toc_back_pages", verify=pages.get("@verify", "  "), appendix=pages.get("@appendix", "  ")),
               st.small)
    yield Spacer(1, 10 * mm)
    yield KeepTogether([para(s("signature_line"), st.body), Spacer(1, 4 * mm),
                        para(s("date_line", date=li.now.strftime("%Y-%m-%d")), st.body)])
