"""What the app says about one message besides its text: who sent it, the time label as the screen
showed it, the time worked out from it and what that rests on, and what OCR was unsure of.

The reading's newer fields (``review``, ``uncertain``, ``time_basis``; ``OcrResult.warnings``) are
read with ``getattr`` so a reading stored before they existed shows as one with nothing to flag.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any


from evidencekit.core.models import Message, OcrResult
from evidencekit.tui.i18n import N_, _
from evidencekit.tui.markup import escape

RULES = {
    "relative_day": N_("day counted back from {source} ({time})"),
    "weekday": N_("the latest such weekday before {source} ({time})"),
    "no_year": N_("year taken from {source} ({time})"),
    "clock_only": N_("day taken from {source} ({time})"),
}
SOURCES = {
    "exif": N_("the screenshot's own time (EXIF)"),
    "file_name": N_("the time in the phone's file name"),
    "file_mtime": N_("the file's modification time"),
    "given": N_("the time given for the case"),
    "user": N_("the time you entered"),
}
WARNINGS = {
    "ocr.empty": N_("no text found"),
    "layout.no_bubbles": N_("no message bubbles found: read as one block"),
    "ocr.low_confidence": N_("check reading: low confidence"),
    "ocr.review": N_("check reading: two engines disagree"),
}


def side_of(m: Message) -> str:
    return m.side if m.side in ("in", "out") else ""


def who(sender: str | None, m: Message) -> str:
    """Who sent the message, as the bundle says it: the person's own replies are theirs.

    Args:
        sender: who the screenshot's received messages are from (its header).
        m: the message.
    """
    side = side_of(m)
    if side == "out":
        return _("Me (sent)")
    sender = (sender or "").strip()
    if side == "in":
        return _("From {sender}").replace("{sender}", sender) if sender else _("Received (sender not read)")
    return _("From {sender}?").replace("{sender}", sender) if sender else _("Sender unknown")


def when(iso: str | None) -> str:
    return (iso or "").replace("T", " ")[:16]


def time_line(m: Message, *, corrected: bool = False) -> str:
    """``On screen: 今天 上午8:30 → 2026-12-01 08:30 · day counted back from …`` (markup);
    ``corrected``: the person set the time (what it was worked out from no longer matters)."""
    label = (m.time_label or "").strip()
    parts: list[str] = []
    if label:
        parts.append(_("On screen: {label}").replace("{label}", f"[b]{escape(label)}[/b]"))
    if m.sent_at:
        parts.append(("→ " if label else _("Time") + ": ") + escape(when(m.sent_at)))
    elif label:
        parts.append("→ " + _("no date worked out"))
    else:
        parts.append(_("No time shown on screen"))
    if corrected:
        parts.append(f"[i]({_('corrected')})[/i]")
        return " ".join(parts)
    text = " ".join(parts)
    basis = basis_text(getattr(m, "time_basis", None))
    if basis:
        text += f"\n[dim]{escape(basis)}[/dim]"
    return text


def basis_text(basis: Any) -> str:
    """What a worked-out time rests on, in words; "" when the label said it all."""
    if basis is None:
        return ""
    rule = RULES.get(str(getattr(basis, "rule", "")))
    if rule is None:
        return ""
    source = SOURCES.get(str(getattr(basis, "source", "")), N_("the time given for the case"))
    text = _(rule).replace("{source}", _(source)).replace("{time}", when(str(getattr(basis, "reference", ""))))
    if str(getattr(basis, "source", "")) == "file_mtime":
        text += " — " + _("copying a file changes this time: check it")
    return text


def unsure_spans(m: Message) -> list[tuple[int, int]]:
    spans = getattr(m, "uncertain", ()) or ()
    return [(int(a), int(b)) for a, b in spans if int(b) > int(a)]


def review_marks(m: Message) -> Sequence[Any]:
    return tuple(getattr(m, "review", ()) or ())


def review_text(m: Message) -> str:
    """One line per line a second engine read differently (markup)."""
    lines = []
    for r in review_marks(m):
        lines.append("⚠ " + _("Line {n}: another engine read").replace("{n}", str(int(r.line) + 1))
                     + f" [b]{escape(str(r.second))}[/b]")
    return "\n".join(lines)


def needs_look(m: Message) -> bool:
    return bool(unsure_spans(m) or review_marks(m))


def warning_codes(ocr: OcrResult | None) -> list[str]:
    if ocr is None:
        return []
    return [str(getattr(w, "code", "")) for w in getattr(ocr, "warnings", ()) or ()]


def warning_text(code: str) -> str:
    return _(WARNINGS[code]) if code in WARNINGS else code
