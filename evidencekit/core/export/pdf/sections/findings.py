"""Possible breaches, for a professional to assess: each finding with its rule and sources, the
exhibits by bundle number (linked to their pages), the exact words and times behind it, and how
sure it is. Made from the same analysis as the cover (:mod:`evidencekit.core.analysis.casework`)."""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping, Sequence
from xml.sax.saxutils import escape

from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, Flowable, Spacer

from evidencekit.core.analysis.casework import CaseAnalysis
from evidencekit.core.analysis.contacts import ContactSource
from evidencekit.core.analysis.findings import Finding
from evidencekit.core.analysis.findings.model import in_language
from evidencekit.core.analysis.timebasis import shown_time
from evidencekit.core.export.findingwords import certainty_reasons, evidence_place, finding_about
from evidencekit.core.export.pdf.flowables import Paragraph
from evidencekit.core.export.pdf.flowables import linked, para, style_for
from evidencekit.core.export.pdf.formatting import paren
from evidencekit.core.export.pdf.input import LayoutInput
from evidencekit.core.export.pdf.styles import FRAME_W, Styles
from evidencekit.core.export.pdf.tables import Row, chunked
from evidencekit.core.export.model import ExhibitInput
from evidencekit.core.export.scope import NotBinding, not_binding
from evidencekit.core.export.strings import Strings

#: The contacts listed under one finding before "and N more" (the chronology lists them all).
EVIDENCE_MAX = 40


def findings_section(li: LayoutInput, st: Styles, analysis: CaseAnalysis,
                     pages: Mapping[str, int]) -> Iterator[Flowable]:
    """The findings section; ``pages`` maps exhibit numbers to pages (empty in the first pass)."""
    s = li.s
    rs = analysis.ruleset
    yield para(s("findings_heading"), st.h2)
    found = analysis.findings
    read = machine_read(li.bundle.exhibits)
    intro = s("findings_intro", ruleset=rs.title.get(s.lang, rs.title.get("en", rs.id)), jurisdiction=rs.jurisdiction,
              date=rs.date, contacts=analysis.figures.total)
    if any(_read_refs(f, read) for f in found):
        intro += ("" if s.is_cjk else " ") + s("findings_intro_ocr")
    yield para(intro, st.body)
    # a source the case's lender is not bound by (Hong Kong's Code and a licensed money lender)
    scopes = not_binding(rs, analysis.settings.lenders, s.lang, (c.text for c in analysis.contacts))
    for nb in scopes:
        yield para(nb.intro, st.body)
    yield Spacer(1, 3 * mm)
    if not found:
        yield para(s("findings_none"), st.body)
        return
    for n, f in enumerate(found, 1):
        yield from _finding(li, st, n, f, pages, read=read, scopes=scopes)


def machine_read(exhibits: Sequence[ExhibitInput]) -> frozenset[tuple[str, int]]:
    """The messages whose words were read by OCR off a screenshot, as (exhibit, message index):
    not an export's verbatim text, and not corrected by the person since."""
    return frozenset((ex.number, i) for ex in exhibits
                     if ex.item.kind == "image" and ex.ocr is not None
                     for i in range(len(ex.ocr.messages)) if i not in ex.corrected)


def _read_refs(f: Finding, read: frozenset[tuple[str, int]]) -> list[str]:
    """The references of ``f``'s quoted messages read off a screenshot ("3#0"), in order."""
    out = []
    for e in f.evidence:
        place = ContactSource.from_ref(e.ref)
        if (e.quote or e.text) and place.message_index is not None and (place.exhibit, place.message_index) in read:
            out.append(e.ref)
    return list(dict.fromkeys(out))


def _finding(li: LayoutInput, st: Styles, n: int, f: Finding, pages: Mapping[str, int], *,
             read: frozenset[tuple[str, int]] = frozenset(), scopes: Sequence[NotBinding] = ()) -> Iterator[Flowable]:
    s, lang = li.s, li.s.lang
    yield CondPageBreak(40 * mm)  # the heading, the statement and the first rows together
    yield para(s("findings_item", n=n, title=f.title.get(lang, f.rule_id)), st.h3k)
    yield para(f.statement.get(lang, ""), st.body)
    kv = [(s("findings_certainty"), _certainty(s, f))]
    about = finding_about(s, f)
    if about:
        kv.append((s("findings_respondent"), about))
    cited = [t + "".join(nb.short for nb in scopes if in_language(nb.title, lang) == t) for t in f.cited(lang)]
    kv.append((s("findings_sources"), ("；" if s.is_cjk else "; ").join(cited)))
    refs = _read_refs(f, read)
    if refs:  # OCR may misread a word (冇 as 有): the screenshot, not this text, is the evidence
        places = s("sum.list_sep").join(evidence_place(s, r) for r in refs)
        kv.append((s("findings_ocr_label"), s("findings_ocr", refs=places)))
    # thresholds, with where each value comes from (which labels a rule reads is no threshold)
    limits = {name: vs for name, vs in f.params.items() if name not in ("labels", "how", "mild_alone")}
    if limits:
        kv.append((s("findings_params"), ("；" if s.is_cjk else "; ").join(
            _param(s, name, v) + paren(s, in_language(src, lang)) for name, (v, src) in limits.items())))
    yield para("\n".join(f"{k}{'：' if s.is_cjk else ': '}{v}" for k, v in kv), st.small)
    widths = [18 * mm, 44 * mm, 14 * mm, 0.0]
    widths[3] = FRAME_W - sum(widths)
    header: Row = [para(s(k), st.cellc) for k in ("col_exhibit", "f_col_time", "f_col_channel", "f_col_words")]
    rows: list[Row] = []
    for e in f.evidence[:EVIDENCE_MAX]:
        ref = evidence_place(s, e.ref, exhibit_word=s.is_cjk)
        when = e.time or s("time_unknown")
        if e.time_certainty != "exact" and (e.time or e.time_basis):
            when = shown_time(e.time, e.time_certainty, e.time_basis, lang)
        rows.append([linked(ref, pages.get(e.exhibit), st.cellc), para(when, st.cell),
                     para(_named(s, "channel.", e.channel), st.cell), _words(e.text or e.quote, e.quote, st)])
    yield from chunked(header, rows, widths)
    if len(f.evidence) > EVIDENCE_MAX:
        yield para(s("findings_more", n=len(f.evidence) - EVIDENCE_MAX), st.small)
    yield Spacer(1, 4 * mm)


def _words(text: str, quote: str, st: Styles) -> Paragraph:
    """The message exactly as shown, the words behind the finding shaded (the font has no bold)."""
    marked = escape(text)
    for w in sorted({w for w in quote.split("…") if w.strip()}, key=len, reverse=True):
        marked = re.sub(re.escape(escape(w)), lambda m: f'<font backColor="#ffe08a">{m.group(0)}</font>', marked,
                        count=1)
    return Paragraph(marked.replace("\n", "<br/>"), style_for(text, st.cell))


def _certainty(s: Strings, f: Finding) -> str:
    level = s(f"certainty.{f.certainty.value}")
    reasons = certainty_reasons(s, f)
    return level + (paren(s, ("；" if s.is_cjk else "; ").join(reasons)) if reasons else "")


def _named(s: Strings, prefix: str, key: str) -> str:
    name = s(prefix + key)
    return key if name == prefix + key else name


def _param(s: Strings, name: str, v: object) -> str:
    """A threshold as the bundle's language says it ("每日上限 6 次", "渠道：电话"); a parameter a
    person's own rule set adds, which the strings do not know, as ``name = value``."""
    values = v if isinstance(v, list | tuple) else [v]
    shown = s("sum.list_sep").join(_param_value(s, name, x) for x in values)
    said = s(f"param.{name}", value=shown)
    return f"{name} = {shown}" if said == f"param.{name}" else said


def _param_value(s: Strings, name: str, x: object) -> str:
    """One value of a parameter in words: a channel ("call": 电话), a way of counting ("unanswered": 未接通)."""
    for key in (f"param.{name}.{x}", f"channel.{x}" if name == "channels" else ""):
        if key and s(key) != key:
            return s(key)
    return str(x)
