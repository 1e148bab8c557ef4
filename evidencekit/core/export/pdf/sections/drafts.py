"""Draft complaints and the lawyer's brief, as a section of the bundle (chosen at export)."""

from __future__ import annotations

from collections.abc import Iterator

from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, Flowable, Spacer

from evidencekit.core.documents.render import channels
from evidencekit.core.export.pdf.flowables import para
from evidencekit.core.export.pdf.input import LayoutInput
from evidencekit.core.export.pdf.styles import Styles


def drafts_section(li: LayoutInput, st: Styles) -> Iterator[Flowable]:
    """Each draft under the name of its channel, line for line as the person would send it."""
    s = li.s
    yield para(s("drafts_heading"), st.h2)
    yield para(s("drafts_intro"), st.body)
    chs = channels()
    for n, d in enumerate(li.drafts, 1):
        ch = chs.get(d.channel)
        name = ch.name.get(s.lang, ch.name.get("en", d.channel)) if ch is not None else d.channel
        yield CondPageBreak(40 * mm)
        yield para(s("draft_item", n=n, name=name) + (s("draft_edited") if d.edited else ""), st.h3k)
        for line in d.text.splitlines():
            yield para(line, st.body) if line.strip() else Spacer(1, 2 * mm)
        yield Spacer(1, 4 * mm)
