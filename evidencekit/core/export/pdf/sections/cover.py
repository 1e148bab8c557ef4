"""The cover: the parties, the purpose, the fingerprints and the case in a few lines."""

from __future__ import annotations

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Spacer, Table, TableStyle

from evidencekit.core.analysis.casework import CaseAnalysis
from evidencekit.core.export import summary, timeline
from evidencekit.core.export.pdf.flowables import para
from evidencekit.core.export.pdf.input import LayoutInput
from evidencekit.core.export.pdf.styles import ALERT, FRAME_W, GRID, KV, Styles

def cover(li: LayoutInput, st: Styles) -> list[Flowable]:
    """The first page."""
    s, meta = li.s, li.bundle.meta
    resp = summary.respondents_line(meta, s)
    claimant = meta.claimant_name
    if meta.claimant_other_names:  # why notices to these names are read as the person's own
        also = s("claimant_also", names=("、" if s.is_cjk else ", ").join(meta.claimant_other_names))
        claimant += f"（{also}）" if s.is_cjk else f" ({also})"
    claimant += f"  {meta.claimant_phone}" if meta.claimant_phone else ""
    rows = [
        (s("claimant"), claimant or s("unknown")),
        (s("respondents"), resp or s("unknown")),
        (s("purpose"), s(f"purpose.{li.purpose}")),
        (s("date"), li.now.strftime("%Y-%m-%d")),
        (s("item_count"), f"{len(li.bundle.exhibits)} {s('items_unit')}".strip()),
    ]
    analysis = li.case_analysis()
    facts = summary.case_summary(li.bundle, s, analysis)
    window = analysis.figures.night_window  # the rule set's quiet hours
    days = timeline.per_day(summary.case_events(li.bundle, li.s, night=(window.start, window.end))) if facts.empty else []
    if days:
        rows.append((s("period"), s("period_value", start=days[0][0].isoformat(), end=days[-1][0].isoformat(),
                                    window=window.text(),
                                    total=sum(d[1] + d[2] for d in days), night=sum(d[2] for d in days))))
    t = Table(
        [[para(k, st.body), para(v, st.body)] for k, v in rows]
        + [
            [para(s("fingerprint"), st.body), para(li.fingerprint, st.mono)],
            [para(s("cert_fingerprint"), st.body), para(li.bundle.identity.fingerprint, st.mono)],
        ],
        colWidths=[55 * mm, FRAME_W - 55 * mm],
    )
    t.setStyle(KV)
    out: list[Flowable] = [
        Spacer(1, 14 * mm),
        para(s("cover_heading"), st.h1),
        para(meta.title, st.title),
        Spacer(1, 4 * mm),
        t,
    ]
    if not facts.empty:
        # what happened, in a few lines, before any exhibit: conduct complained of in red; what
        # each sender did in a table of its own
        lines = [ln for ln in facts.lines if ln.key != "respondent"]
        ft = Table([[para(ln.label, st.body), para(ln.value, st.body)] for ln in lines],
                   colWidths=[55 * mm, FRAME_W - 55 * mm])
        ft.setStyle(KV)
        for i, ln in enumerate(lines):
            if ln.alert:
                ft.setStyle(TableStyle([("BACKGROUND", (0, i), (-1, i), ALERT)]))
        out += [Spacer(1, 5 * mm), para(facts.heading, st.h3), ft]
        out += _by_respondent(li, st, analysis)
    out += [Spacer(1, 6 * mm), para(s("cover_note"), st.body)]
    if li.redacted:
        out += [Spacer(1, 4 * mm), para(s("redacted_note"), st.body)]
    return out


def _by_respondent(li: LayoutInput, st: Styles, analysis: CaseAnalysis) -> list[Flowable]:
    """Who did what: per sender (a respondent, else the sender line), the contacts counted, at
    night, with threats, after the stop request, and the exhibits. Every sender has its row (a
    sender whose contacts are all of unsure time too, with that said: none left off unsaid)."""
    s = li.s
    f = analysis.figures
    rows = summary.sender_rows(f)
    if len(rows) < 2:
        return []
    keys = ["r_col_name", "r_col_contacts", "r_col_night", "r_col_threats"]
    keys += ["r_col_after"] if f.stop is not None else []
    keys.append("r_col_exhibits")
    sep = "、" if s.is_cjk else ", "
    data = [[para(s(k), st.cellc) for k in keys]]
    for r, untimed in rows:
        count = str(r.contacts) + (s("r_untimed", n=untimed) if untimed else "")
        cells = [r.name or s("sum.unknown_sender"), count, str(r.night), str(r.threats)]
        cells += [str(r.after_stop)] if f.stop is not None else []
        cells.append(sep.join(r.exhibits))
        data.append([para(c, st.cell) for c in cells])
    widths = [60 * mm] + [18 * mm] * (len(keys) - 2)
    widths.append(FRAME_W - sum(widths))
    t = Table(data, colWidths=widths, repeatRows=1)
    t.setStyle(GRID)
    for i, (r, _) in enumerate(rows, 1):
        if r.threats or r.after_stop or r.night:
            t.setStyle(TableStyle([("BACKGROUND", (0, i), (-1, i), ALERT)]))
    return [Spacer(1, 3 * mm), para(s("sum.by_respondent"), st.h3), t]
