"""The evidence table's rows: one per item, what it shows, how it sorts and filters."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from rich.cells import cell_len
from rich.text import Text

from evidencekit.core.analysis.chronology import is_night_iso
from evidencekit.core.models import Item, OcrState
from evidencekit.tui.i18n import N_, _
from evidencekit.tui.widgets.preview import kind_name, label_name, short_time

COLUMNS: tuple[tuple[str, str], ...] = (
    ("no", N_("No.")),
    ("kind", N_("Kind")),
    ("title", N_("Title")),
    ("time", N_("Time")),
    ("sender", N_("Sender")),
    ("labels", N_("Labels")),
    ("ocr", N_("OCR")),
    ("digest", N_("Digest")),
)
TITLE_WIDTH = 16


# The OCR column: its mark, and its sort order (not read, read, failed, not a screenshot); a
# reading with warnings is marked CHECK_MARK and sorts between "not read" and "read".
OCR_MARKS: dict[OcrState | None, tuple[str, int]] = {
    OcrState.NONE: ("…", 0), OcrState.DONE: ("✓", 2), OcrState.FAILED: ("✗", 3), None: ("·", 4),
}
CHECK_MARK = ("!", 1)


@dataclass(slots=True)
class Row:
    item: Item
    no: str
    time: str
    sender: str
    labels: tuple[str, ...]
    ocr: OcrState | None  # None: not a screenshot
    dated: bool = False  # time is when a message came (OCR or the user's event time), not a file's
    warnings: tuple[str, ...] = ()  # codes of the reading's warnings: it needs a look

    @property
    def ocr_mark(self) -> tuple[str, int]:
        """The OCR column's mark and sort order."""
        return CHECK_MARK if self.ocr is OcrState.DONE and self.warnings else OCR_MARKS[self.ocr]

    @property
    def check_flag(self) -> str:
        """What the row says about a reading that needs a look ("" when none is needed)."""
        if self.ocr is not OcrState.DONE or not self.warnings:
            return ""
        return _("no text found") if "ocr.empty" in self.warnings else _("check reading")

    def sort_key(self, col: str) -> Any:
        if col == "no":
            if not self.no:
                return (1, 0, 0)
            a, _sep, b = self.no.partition("-")
            return (0, int(a), int(b or 0))
        if col == "kind":
            return self.item.kind
        if col == "title":
            return self.item.display_title.lower()
        if col == "time":
            return self.time
        if col == "sender":
            return self.sender
        if col == "labels":
            return ",".join(self.labels)
        if col == "digest":
            return self.item.sha256
        return self.ocr_mark[1]

    def matches(self, terms: list[tuple[str, str]]) -> bool:
        for field_name, value in terms:
            if field_name == "kind":
                ok = value in self.item.kind or value in kind_name(self.item.kind).lower()
            elif field_name == "label":
                ok = (
                    any(value in lab.lower() or value in label_name(lab).lower() for lab in self.labels)
                    or any(value in t.lower() for t in self.item.tags)
                )
            elif field_name == "sender":
                ok = value in self.sender.lower()
            else:
                hay = " ".join(
                    (self.no, self.item.display_title, self.item.original_name, self.sender, " ".join(self.labels),
                     " ".join(self.item.tags), self.item.sha256[:12], self.time, self.check_flag)
                ).lower()
                ok = value in hay
            if not ok:
                return False
        return True


def parse_filter(text: str) -> list[tuple[str, str]]:
    """``kind:image label:威胁 sender:95 bank`` → [(kind,image), (label,威胁), (sender,95), ("",bank)]."""
    out: list[tuple[str, str]] = []
    aliases = {"kind": "kind", "类型": "kind", "類型": "kind", "label": "label", "标签": "label", "標籤": "label",
               "tag": "label", "sender": "sender", "发送者": "sender", "發送者": "sender", "from": "sender"}
    for word in text.split():
        key, sep, value = word.partition(":")
        if not sep:
            key, sep, value = word.partition("：")
        if sep and key.lower() in aliases and value:
            out.append((aliases[key.lower()], value.lower()))
        else:
            out.append(("", word.lower()))
    return out


def shown_labels(labels: tuple[str, ...]) -> tuple[str, ...]:
    """Drop a parent label ("threat") when a specific one ("threat_legal_action") is there."""
    return tuple(lab for lab in labels if not any(o != lab and o.startswith(lab + "_") for o in labels))


def fit(text: str, cells: int) -> str:
    """Cut ``text`` to ``cells`` terminal cells (CJK characters take two), marking the cut."""
    if cell_len(text) <= cells:
        return text
    out, used = [], 0
    for ch in text:
        w = cell_len(ch)
        if used + w > cells - 1:
            break
        out.append(ch)
        used += w
    return "".join(out) + "…"


def row_cells(r: Row) -> tuple[Text, ...]:
    """The cells of one row of the evidence table."""
    it = r.item
    title = fit(it.display_title, TITLE_WIDTH)
    style = "dim strike" if it.withdrawn else ""
    flags = [label_name(lab) for lab in r.labels]
    if it.withdrawn:
        flags.insert(0, _("withdrawn"))
    if r.dated and is_night_iso(r.time):
        flags.append(_("night"))
    if r.check_flag:
        flags.insert(0, r.check_flag)
    ocr = r.ocr_mark[0]
    return (
        Text(r.no or "—", style=style, justify="right"),
        Text(kind_name(it.kind), style=style),
        Text(title, style=style),
        Text(short_time(r.time), style=style),
        Text(fit(r.sender, 14), style=style),
        Text(fit(" ".join(flags), 24), style="bold" if r.labels or r.check_flag else style),
        Text(ocr, style="bold yellow" if r.check_flag else "", justify="center"),
        Text(it.sha256[:8], style="dim"),
    )
