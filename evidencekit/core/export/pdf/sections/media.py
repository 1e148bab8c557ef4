"""The parts of an exhibit page for kinds other than screenshots: an export's messages and calls,
a recording's facts, waveform and transcript, a video's keyframes, an email's headers, body and
attachments, a document's text, why a file is kept as unknown — and, on a screenshot's page and an
export's, the corroboration that links them."""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Spacer, Table

from evidencekit.core.analysis.corroboration import CallLink, MessageLink
from evidencekit.core.export import summary
from evidencekit.core.export.timeline import Event, parse_time, record_counts, relevant_numbers
from evidencekit.core.export.media_pages import corroborated, links
from evidencekit.core.export.model import ExhibitInput
from evidencekit.core.export.pdf.flowables import para, picture
from evidencekit.core.export.pdf.input import LayoutInput
from evidencekit.core.export.pdf.styles import FRAME_W, KV, Styles
from evidencekit.core.export.pdf.tables import LongTable, Row
from evidencekit.core.export.strings import Strings
from evidencekit.core.media.model import AvFacts, DocFacts, EmailFacts, ExportFacts, ItemMedia, Record, Transcript
from evidencekit.core.units import human_size

MAX_ROWS = 2000  # records listed on an export's page (the original holds them all)
DOC_CHARS = 6000  # characters of a document's text shown


def media_section(li: LayoutInput, st: Styles, ex: ExhibitInput, placeholders: bool) -> list[Flowable]:
    """What the page shows of ``ex``'s reading ([] when it has none)."""
    m = ex.media
    out: list[Flowable] = []
    out += _corroboration(li, st, ex)
    if m is None:
        return out
    s = li.s
    if m.parent is not None:
        parent = next((e.number for e in li.bundle.exhibits if e.item.id == m.parent), "")
        if parent:
            out.append(para(s("media.attachment_of", n=parent), st.small))
    if m.kind == "unknown" or (m.av is not None and not m.av.playable):
        out.append(para(s("media.unknown", why=m.note.removeprefix("kept as an unknown file: ") or "—"), st.body))
        return out
    if m.export is not None:
        out += _export(li, st, ex, m.export, m.records)
    elif m.av is not None:
        out += _av(li, st, ex, m.av, placeholders)
        if m.transcript is not None and m.transcript.segments:
            out += _transcript(s, st, m.transcript)
    elif m.email is not None:
        out += _email(li, st, m.email)
    elif m.document is not None:
        out += _document(s, st, m.document)
    elif m.transcript is not None and m.transcript.segments:
        out += _transcript(s, st, m.transcript)
    return out


_cache: list[tuple[object, tuple[list[MessageLink], list[CallLink]]]] = []


def _links(li: LayoutInput) -> tuple[list[MessageLink], list[CallLink]]:
    """The bundle's links, computed once per layout (every exhibit page asks, in both passes)."""
    exhibits = li.bundle.exhibits
    if _cache and _cache[0][0] is exhibits:
        return _cache[0][1]
    found = links(exhibits)
    _cache[:] = [(exhibits, found)]
    return found


def _corroboration(li: LayoutInput, st: Styles, ex: ExhibitInput) -> list[Flowable]:
    s = li.s
    msg_links, call_lnks = _links(li)
    out: list[Flowable] = []
    what = {e.item.id: _export_what(s, e) for e in li.bundle.exhibits if e.media is not None and e.media.records}
    mine = [ln for ln in msg_links if ln.screenshot_item == ex.item.id]
    for ln in mine[:20]:
        out.append(para(f"{ln.message_index + 1}. " + corroborated(s, ln, what.get(ln.export_item, "")), st.small))
    theirs = [ln for ln in msg_links if ln.export_item == ex.item.id]
    if theirs:
        shots = list(dict.fromkeys(ln.screenshot_exhibit for ln in theirs))
        out.append(para(s("media.corroborates", k=len(theirs), list=s("sum.list_sep").join(shots)), st.small))
    for cl in call_lnks:
        if cl.recording_item == ex.item.id:
            out.append(para(s("media.call_corroborated", n=cl.export_exhibit, row=cl.row + 1), st.small))
    return out


def _export_what(s: Strings, ex: ExhibitInput) -> str:
    e = ex.media.export if ex.media is not None else None
    return s(f"media.format.{e.format}") if e is not None else ""


def _export(li: LayoutInput, st: Styles, ex: ExhibitInput, e: ExportFacts, records: Sequence[Record]) -> list[Flowable]:
    s = li.s
    kinds = s("sum.list_sep").join(f"{s('media.kind.' + k)} {n}" for k, n in sorted(e.by_kind.items())) or "0"
    out: list[Flowable] = [para(s("media.export_heading"), st.h3),
                           para(s("media.export_facts", format=s(f"media.format.{e.format}"), total=e.records, kinds=kinds,
                                  offset=e.offset, basis=_basis(s, e.offset_basis)) if e.offset else
                                s("media.export_facts_local", format=s(f"media.format.{e.format}"), total=e.records,
                                  kinds=kinds), st.small)]
    if not e.complete:
        out.append(para(s("media.incomplete"), st.body))
    for note in e.notes[:4]:
        out.append(para("· " + s.note(note), st.small))
    keep = relevant_numbers(li.bundle.exhibits, summary.respondent_numbers(li.bundle))
    shown = [r for r in records if record_counts(r, keep)] if keep else list(records)
    if keep and len(shown) < len(records):
        nums = s("sum.list_sep").join(sorted(keep)[:6])
        # a screenshot's sender may be a name (微众银行): the list then holds institutions too
        key = "media.rows_case" if all(re.search(r"\d", k) for k in keep) else "media.rows_case_names"
        out.append(para(s(key, n=len(shown), numbers=nums, other=len(records) - len(shown)), st.small))
    out.append(Spacer(1, 2 * mm))
    widths = [12 * mm, 30 * mm, 30 * mm, 12 * mm, 0]
    widths[-1] = FRAME_W - sum(widths)
    header: Row = [para(s(k), st.cellc) for k in ("media.col_row", "col_msg_time", "col_sender", "media.col_dir", "col_text")]
    call_words = summary.call_text(s)

    def rows() -> Iterator[Row]:
        for r in shown[:MAX_ROWS]:
            text = r.text
            if r.is_call:
                t = parse_time(r.time)
                text = call_words(Event(t, "", "", "", outgoing=r.direction == "out", channel="call",
                                        duration_s=r.duration_s, outcome=r.status)) if t else r.status
            elif r.extra.get("withheld"):
                text = s("media.withheld")
            elif r.status not in ("received", "sent"):
                text = f"[{r.status}] {text}"
            parts = r.extra.get("parts") if isinstance(r.extra, dict) else None
            if parts:
                text += " " + " ".join(f"[{p.get('type', '')} {p.get('name', '')}]".replace(" ]", "]") for p in parts[:5])
            yield [para(str(r.row + 1), st.cellc), para((r.time or "—").replace("T", " "), st.cell),
                   para(r.number + (f" {r.name}" if r.name else ""), st.cell),
                   para(s("media.out") if r.direction == "out" else s("media.in") if r.direction == "in" else "", st.cellc),
                   para(text, st.cell)]

    out.append(LongTable(header, rows(), widths, marked=lambda i: shown[i].is_call and shown[i].status == "missed"))
    if len(shown) > MAX_ROWS:
        out.append(para(s("media.rows_more", n=len(shown) - MAX_ROWS), st.small))
    return out


# what the readers write of where an export's UTC offset comes from, in the bundle's language
_BASES = (("the export's own readable dates", "media.basis.readable"), ("times as written in the file", "media.basis.written"),
          ("the importing computer's", "media.basis.computer"))


def _basis(s: Strings, basis: str) -> str:
    key = next((k for start, k in _BASES if start in basis), None)
    return s(key) if key is not None else basis


def _kv(st: Styles, rows: list[tuple[str, str]]) -> Table:
    t = Table([[para(k, st.cell), para(v, st.cell)] for k, v in rows], colWidths=[45 * mm, FRAME_W - 45 * mm])
    t.setStyle(KV)
    return t


def _av(li: LayoutInput, st: Styles, ex: ExhibitInput, a: AvFacts, placeholders: bool) -> list[Flowable]:
    s = li.s
    video = ex.item.kind == "video"
    out: list[Flowable] = [para(s("media.video_heading" if video else "media.recording_heading"), st.h3)]
    rows: list[tuple[str, str]] = []
    if a.duration_s is not None:
        dur = f"{a.duration_s:.1f} s"
        if a.declared_s:
            dur += f" ({a.declared_s:.1f} s)"
        rows.append((s("media.m_duration"), dur))
    rows.append((s("media.m_codec"), " / ".join(x for x in (a.codec, a.container) if x) or s("unknown")))
    if a.sample_rate or a.channels:
        rows.append((s("media.m_audio"), " / ".join(x for x in (f"{a.sample_rate} Hz" if a.sample_rate else "",
                                                                f"{a.channels}" if a.channels else "") if x)))
    if video and a.width:
        rows.append((s("media.m_video"), f"{a.width} × {a.height}" + (f", {a.fps:g} fps" if a.fps else "")))
    if a.tags:
        rows.append((s("media.m_tags"), "; ".join(f"{k}: {v}" for k, v in list(a.tags.items())[:8])))
    if a.from_name is not None and (a.from_name.time or a.from_name.number or a.from_name.name):
        what = " ".join(x for x in ((a.from_name.time or "").replace("T", " "), a.from_name.number, a.from_name.name) if x)
        rows.append((s("media.m_name"), _name_says(s, a.from_name.convention, a.from_name.app, what)))
    if a.tools:
        rows.append((s("media.m_tools"), ", ".join(a.tools)))
    if a.notes:
        rows.append((s("media.notes"), "; ".join(s.note(n) for n in a.notes)))
    out.append(_kv(st, rows))
    pics = li.pictures.get(ex.item.id, ())
    if not video:
        for label, path in pics:
            if label == "waveform":
                end = f"{a.duration_s:.1f} s" if a.duration_s else ""
                out += [Spacer(1, 2 * mm), para(s("media.waveform", end=end), st.small),
                        picture(path, FRAME_W, FRAME_W * 220 / 1600, placeholder=placeholders)]
    elif li.redacted:
        out.append(para(s("media.keyframes_redacted"), st.small))
    elif pics:
        w = (FRAME_W - 8 * mm) / 3
        h = w * ((a.height or 16) / (a.width or 9))
        h = min(h, 90 * mm)
        cells = [picture(p, h * (a.width or 9) / (a.height or 16), h, placeholder=placeholders) for _, p in pics]
        out += [Spacer(1, 2 * mm), para(s("media.keyframes", times=", ".join(f"{t} s" for t, _ in pics)), st.small),
                Table([cells], colWidths=[w + 2 * mm] * len(cells))]
    return out


def _name_says(s: Strings, convention: str, app: str, what: str) -> str:
    """What a recorder's file name says, and whose naming it follows, in the bundle's language
    (the conventions' own descriptions, ``recorders.json``, are English)."""
    if convention == "date-in-name":
        return s("media.m_name_date", what=what)
    key = f"media.recorder.{convention}"
    shown = s(key)
    return s("media.m_name_value", what=what, app=app if shown == key else shown)


def _span(t: float) -> str:
    m, sec = divmod(t, 60)
    return f"{int(m)}:{sec:04.1f}"


def _transcript(s: Strings, st: Styles, t: Transcript) -> list[Flowable]:
    note = {"typed": s("media.transcript_typed"), "draft": s("media.transcript_draft", engine=t.engine),
            "confirmed": s("media.transcript_confirmed", engine=t.engine)}[t.status]
    out: list[Flowable] = [para(s("media.transcript_heading"), st.h3), para(note, st.small)]
    widths = [26 * mm, 22 * mm, 0]
    widths[-1] = FRAME_W - sum(widths)
    header: Row = [para(s(k), st.cellc) for k in ("media.col_span", "media.col_speaker", "col_text")]
    rows: Iterator[Row] = iter([[para(f"{_span(g.start)}–{_span(g.end)}", st.cell), para(g.speaker, st.cell),
                                 para(g.text, st.cell)] for g in t.segments])
    out.append(LongTable(header, rows, widths, marked=(lambda i: True) if t.status == "draft" else None))
    return out


def _email(li: LayoutInput, st: Styles, e: EmailFacts) -> list[Flowable]:
    s = li.s
    out: list[Flowable] = [para(s("media.email_heading"), st.h3)]
    rows = [(s("media.e_from"), e.sender), (s("media.e_to"), e.to)]
    if e.cc:
        rows.append((s("media.e_cc"), e.cc))
    rows += [(s("media.e_subject"), e.subject), (s("media.e_date"), e.date), (s("media.e_id"), e.message_id)]
    if e.received:
        rows.append((s("media.e_received"), "\n".join(e.received[:6])))
    number = {ex.item.id: ex.number for ex in li.bundle.exhibits}
    if e.attachments:
        rows.append((s("media.e_attachments"), "\n".join(
            s("media.e_attachment", name=a.filename, type=a.content_type, size=human_size(a.size),
              n=number.get(a.item_id or -1, "—")) + f"  SHA-256 {a.sha256[:16]}…" for a in e.attachments)))
    if e.notes:
        rows.append((s("media.notes"), "; ".join(s.note(n) for n in e.notes)))
    out.append(_kv(st, rows))
    if e.body:
        out.append(Spacer(1, 2 * mm))
        body = e.body[:DOC_CHARS]
        out += [para(line, st.small) for line in body.splitlines() if line.strip()][:200]
        if len(e.body) > DOC_CHARS:
            out.append(para(s("media.doc_more"), st.small))
    return out


def _document(s: Strings, st: Styles, d: DocFacts) -> list[Flowable]:
    out: list[Flowable] = [para(s("media.doc_heading", pages=d.pages), st.h3)]
    for note in d.notes[:3]:
        out.append(para("· " + s.note(note), st.small))
    left = DOC_CHARS
    for i, text in enumerate(d.text_pages):
        mark = s("media.doc_ocr") if i in d.ocr_pages else s("media.doc_scanned") if i in d.scanned else ""
        out.append(para(s("media.doc_page", n=i + 1) + mark, st.h3k if hasattr(st, "h3k") else st.small))
        shown = text[:left]
        out += [para(line, st.small) for line in shown.splitlines() if line.strip()][:120]
        left -= len(shown)
        if left <= 0:
            out.append(para(s("media.doc_more"), st.small))
            break
    return out


__all__ = ["ItemMedia", "media_section"]
