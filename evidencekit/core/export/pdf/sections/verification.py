"""The verification page: how a reader checks the bundle, first with a PDF reader alone, then with
VERIFY.html, then on the command line; the three times, forwarded copies, what the signature
proves and does not, the timestamps, and the terms (the text is :mod:`...guide`'s)."""

from __future__ import annotations

from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Spacer

from evidencekit.core.export.guide import Heading, Steps, Text, Value, verification_guide
from evidencekit.core.export.pdf.flowables import para
from evidencekit.core.export.pdf.input import LayoutInput
from evidencekit.core.export.pdf.styles import Styles


def verification(li: LayoutInput, st: Styles) -> list[Flowable]:
    """The verification page (two or three pages: the routes, then the background)."""
    s = li.s
    # commands: the bundle's font (file names may be Chinese), on grey, broken at spaces only
    # where possible so that a copied command stays whole
    code = ParagraphStyle("code", st.body, fontSize=8.5, leading=11, wordWrap=None, leftIndent=14, rightIndent=4,
                          backColor=colors.HexColor("#f0f0f0"), borderPadding=2, spaceBefore=2, spaceAfter=2)
    step_style = ParagraphStyle("step", st.body, leftIndent=14, firstLineIndent=-14, spaceAfter=2)
    out: list[Flowable] = [para(s("verify_heading"), st.h2)]
    for b in verification_guide(s, li.guide, "pdf"):
        if isinstance(b, Heading):
            out.append(para(b.text, st.h3k))
        elif isinstance(b, Text):
            out += [para(b.text, st.body), Spacer(1, 1.5 * mm)]
        elif isinstance(b, Value):
            out += [KeepTogether([para(b.label, st.body), para(b.value, st.mono)]), Spacer(1, 1.5 * mm)]
        elif isinstance(b, Steps):
            for i, step in enumerate(b.steps, 1):
                parts: list[Flowable] = [para(f"{i}. {step.text}", step_style)]
                parts += [para(c, code) for c in step.commands]
                out += [KeepTogether(parts), Spacer(1, 1 * mm)]
    return out
