"""The verification page: who signed, what the signature proves and does not, the timestamps,
and the steps a recipient follows to check the bundle with standard tools."""

from __future__ import annotations

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Spacer

from evidencekit.core.export.pdf.flowables import para
from evidencekit.core.export.pdf.input import LayoutInput
from evidencekit.core.export.pdf.styles import Styles


def verification(li: LayoutInput, st: Styles) -> list[Flowable]:
    """The verification page."""
    s = li.s
    ident = li.bundle.identity
    out: list[Flowable] = [
        para(s("verify_heading"), st.h2),
        para(s("verify_what") if li.attachments else s("verify_what_noattach"), st.body),
        Spacer(1, 2 * mm),
        para(s("verify_signer", subject=ident.common_name), st.body),
        para(s("verify_cert", fp=""), st.body),
        para(ident.fingerprint, st.mono),
        para(s("fingerprint"), st.body),
        para(li.fingerprint, st.mono),
        Spacer(1, 2 * mm),
        para(s("verify_selfsigned"), st.body),
        para(s("verify_proves_heading"), st.h3),
        para(s("verify_proves"), st.body),
        para(s("verify_not_proves"), st.body),
    ]
    if li.redacted:
        out.append(para(s("redacted_note"), st.body))
    out.append(para(s("ts_heading"), st.h3))
    for line in li.timestamp_lines or (s("ts_none"),):
        out.append(para(line, st.body))
    out.append(para(s("steps_heading"), st.h3))
    steps = [s(f"step{i}") for i in range(1, 8)] + [s("zip_sig_step")]
    for i, text in enumerate(steps, 1):
        out.append(para(f"{i}. {text}", st.body))
        out.append(Spacer(1, 1 * mm))
    if li.redacted:
        out.append(para(s("steps_redacted"), st.body))
    elif not li.attachments:
        out.append(para(s("steps_noattach"), st.body))
    return out
