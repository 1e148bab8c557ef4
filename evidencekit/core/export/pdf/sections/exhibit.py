"""An exhibit's pages: the screenshot beside (or above) its reading, the start of a text file or
a note for a recording, the metadata table and the exhibit's own custody entries."""

from __future__ import annotations

import logging
from pathlib import Path

from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, Flowable, Paragraph, Table, TableStyle

from evidencekit.core.analysis.timebasis import file_name_time, message_times
from evidencekit.core.export import summary
from evidencekit.core.export.formed import case_offset
from evidencekit.core.export.model import ExhibitInput
from evidencekit.core.export.pdf.flowables import para, picture
from evidencekit.core.export.pdf.formatting import exhibit_label, formed, named, paren, when
from evidencekit.core.units import human_size
from evidencekit.core.export.pdf.input import LayoutInput
from evidencekit.core.export.pdf.sections.custody import log_table
from evidencekit.core.export.pdf.sections.media import media_section
from evidencekit.core.export.pdf.styles import FRAME_H, FRAME_W, KV, Styles
from evidencekit.core.export.shown import TextExcerpt
from evidencekit.core.models import OcrResult

log = logging.getLogger(__name__)

def exhibit(li: LayoutInput, st: Styles, ex: ExhibitInput, placeholders: bool) -> list[Flowable]:
    """The pages of one exhibit; ``placeholders``: empty boxes for the images (first pass)."""
    s, it = li.s, ex.item
    out: list[Flowable] = [para(s("exhibit_heading", n=ex.number, title=summary.exhibit_title(ex, s)), st.h2)]
    img = li.images.get(it.id)
    msgs = _messages(li, st, ex)
    # recordings, videos, exports, emails, documents (and corroboration links): sections/media.py
    read = media_section(li, st, ex, placeholders)
    if img is not None:
        size = None if it.id in li.undecodable else _image_size(ex, img)
        if size is None:
            out.append(para(s("image_undecodable"), st.body))
            out += msgs
        else:
            iw, ih = size
            max_h = FRAME_H - 16 * mm
            # Side by side when the messages fit beside the screenshot (phone screenshots are
            # tall and narrow); otherwise the image gets the full width and the text follows.
            side_w = FRAME_W * 0.44
            img_w = FRAME_W - side_w - 4 * mm
            msg_h = sum(f.wrap(side_w - 6, max_h)[1] + f.style.spaceAfter for f in msgs)
            # A phone screen's own height: the metadata then fits on the same page.
            side_h = min(max_h, 138 * mm)
            scale_side = min(img_w / iw, side_h / ih, 1.5)
            if iw / ih < 0.9 and msg_h <= max(side_h, ih * scale_side):
                pic = picture(img, iw * scale_side, ih * scale_side, placeholder=placeholders,
                              fallback=s("image_undecodable_short"))
                t = Table([[pic, msgs]], colWidths=[img_w + 4 * mm, side_w])
                t.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (-1, -1), 0),
                                       ("RIGHTPADDING", (0, 0), (-1, -1), 3)]))
                out.append(t)
            else:
                scale = min(FRAME_W / iw, min(max_h, 150 * mm) / ih, 1.5)
                out.append(picture(img, iw * scale, ih * scale, placeholder=placeholders,
                                   fallback=s("image_undecodable_short")))
                out += msgs
            if it.id in li.masked_images:
                out.append(para(s("redacted_image_note"), st.small))
        out += read
    else:
        if it.kind in ("audio", "video"):
            key = ("recording_redacted" if li.redacted
                   else "recording_attached" if it.id in li.attachments else "recording_in_zip")
            out.append(para(s(key), st.body))
        elif it.kind == "text" and it.id in li.excerpts and not read:
            out += _text_content(li, st, li.excerpts[it.id])
        elif it.kind == "image" and li.redacted:
            out.append(para(s("image_withheld"), st.body))
        has_transcript = ex.media is not None and ex.media.transcript is not None and bool(ex.media.transcript.segments)
        out += read
        if it.kind == "image" or not read or (it.kind in ("audio", "video") and not has_transcript and ex.ocr is None):
            out += msgs
    out += _metadata(li, st, ex)
    return out


def _name_time(name: str) -> str:
    """The moment a phone wrote into a file's name ("2026-09-28 20:10:15"; the day alone when
    that is all it holds); "" when the name holds none."""
    found = file_name_time(name)
    if found is None:
        return ""
    moment, day_only = found
    return moment.date().isoformat() if day_only else moment.isoformat(sep=" ")


def _metadata(li: LayoutInput, st: Styles, ex: ExhibitInput) -> list[Flowable]:
    """The exhibit's metadata table and its custody entries."""
    s, it = li.s, ex.item
    out: list[Flowable] = [CondPageBreak(30 * mm)]
    label = exhibit_label(s, ex.number)
    out.append(para(s("meta_heading") + paren(s, label), st.h3k))
    kv: list[tuple[str, str, bool]] = [
        (s("m_original_name"), it.original_name, False),
        (s("m_size"), f"{human_size(it.size)} ({it.size} B)", False),
        (s("m_type"), f"{named(s, 'kind.', it.kind)} · {it.mime}", False),
    ]
    if it.width and it.height:
        kv.append((s("m_dimensions"), f"{it.width} × {it.height}", False))
    if it.duration_s is not None:
        kv.append((s("m_duration"), f"{it.duration_s:.1f} s", False))
    kv += [
        (s("m_event_time"), formed(s, ex, offset=case_offset(li.bundle.exhibits)), False),
        (s("m_exif_time"), when(it.exif_time) or s("unknown"), False),
        # the phone's own stamp in the file name ("Screenshot_20260928-201015"), when EXIF has none
        *([(s("m_name_time"), named_at, False)] if not it.exif_time and (named_at := _name_time(it.original_name))
          else []),
        (s("m_file_time"), when(it.file_mtime, it.import_offset) or s("unknown"), False),
        (s("m_imported"), when(it.imported_at, it.import_offset), False),
        (s("m_host"), f"{it.host} / {it.user}", False),
        (s("m_extraction"), it.extraction_note or s("unknown"), False),
        (s("m_source"), summary.exhibit_source(ex, s), False),
        (s("m_proves"), summary.exhibit_proves(ex, s, claimant_name=li.bundle.meta.claimant_name,
                                                     analysis=li.case_analysis()), False),
        (s("m_sha256"), it.sha256, True),
        (s("m_sm3"), it.sm3, True),
    ]
    if li.redacted:
        kv.append((s("m_attached"), s("attached_redacted"), False))
    elif it.id in li.attachments:
        kv.append((s("m_attached"), s("attached_yes", name=li.attachments[it.id].split("/")[-1]), False))
    else:
        kv.append((s("m_attached"), s("attached_no"), False))
    t = Table([[para(k, st.cell), para(v, st.mono if mono else st.cell)] for k, v, mono in kv],
              colWidths=[45 * mm, FRAME_W - 45 * mm])
    t.setStyle(KV)
    out.append(t)
    if ex.custody:
        out.append(para(s("custody_heading") + paren(s, label), st.h3k))
        out += log_table(li, st, ex.custody, with_item=False)
    return out


def _image_size(ex: ExhibitInput, path: Path) -> tuple[int, int] | None:
    it = ex.item
    if it.width and it.height and path == ex.original:
        return it.width, it.height
    try:
        from PIL import Image as PILImage

        with PILImage.open(path) as im:  # reads the header only
            return im.size
    except (OSError, ValueError) as e:
        log.info("cannot read image size of %s: %s", path, e)
        return None


def _text_content(li: LayoutInput, st: Styles, excerpt: TextExcerpt) -> list[Flowable]:
    """The start of a text item (an SMS export, a note)."""
    if excerpt.error:
        return [para(li.s("image_missing", reason=excerpt.error), st.small)]
    out: list[Flowable] = [para(li.s("text_heading"), st.h3)]
    out += [para(line, st.small) for line in excerpt.text.splitlines() if line.strip()]
    if excerpt.more:
        out.append(para(li.s("text_more"), st.small))
    return out


def _messages(li: LayoutInput, st: Styles, ex: ExhibitInput) -> list[Paragraph]:
    s, it, ocr = li.s, ex.item, ex.ocr
    # a recording without messages: what it lacks is a transcript, not an OCR reading
    recording = it.kind in ("audio", "video")
    heading = "media.transcript_heading" if recording and (ocr is None or not ocr.messages) else "ocr_heading"
    out: list[Paragraph] = [para(s(heading), st.h3)]
    if ocr is None or (recording and not ocr.messages):
        out.append(para(s("ocr_none") if it.kind == "image" else s("no_transcript"), st.small))
        return out
    out.extend(_warnings(li, st, ocr))
    if not ocr.messages:
        # read, and nothing found: never the quiet "not read yet" (issue: no silent empty reading)
        out.append(para(s("ocr_empty_read"), st.small))
        return out
    if it.kind == "image" and len(ex.corrected) < len(ocr.messages):
        # read by OCR (a 冇 may come out 有): the screenshot beside it is the evidence
        out.append(para(s("ocr_machine_read"), st.small))
    if ocr.sender:
        out.append(para(f"{s('col_sender')}：{ocr.sender}" if s.is_cjk else f"{s('col_sender')}: {ocr.sender}",
                        st.sender))
    # times as the chronology and the findings have them (a stamp only a file time dates shows as read)
    times = message_times(ex)
    for i, m in enumerate(ocr.messages):
        mt = times[i]
        # not dated: the stamp as the screen shows it, with the day of the separator above it
        label = (mt.time.strftime("%Y-%m-%d %H:%M") if mt.time is not None and mt.counted
                 else (mt.label or m.time_label or ""))
        text = (f"[{label}] " if label else "") + m.text
        if i in ex.corrected:
            text += " " + s("corrected_mark")
        else:
            text += "".join(" " + s("review_mark", second=r.second) for r in m.review)
        out.append(para(text, st.msg_out if m.side == "out" else st.msg_in))
    out.append(para(s("ocr_engine", engine=f"{ocr.engine.name} {ocr.engine.version} ({ocr.engine.languages})"),
                    st.small))
    return out


def _warnings(li: LayoutInput, st: Styles, ocr: OcrResult) -> list[Paragraph]:
    """Why this reading needs a look, in the bundle's language: one line, or nothing."""
    s = li.s
    said: list[str] = []
    for w in ocr.warnings:
        if w.code == "ocr.empty" and not ocr.messages:
            continue  # said in full by the line that follows
        key = f"ocr_warn.{w.code}"
        text = s(key) if s(key) != key else s("ocr_warn.other")
        if text not in said:
            said.append(text)
    if not said:
        return []
    sep = "；" if s.is_cjk else "; "
    return [para(s("ocr_warn_heading") + (" " if not s.is_cjk else "") + sep.join(said), st.small)]
