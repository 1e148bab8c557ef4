"""The evidence table's rows: one per item, what it shows, how it sorts and filters."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from rich.cells import cell_len
from rich.text import Text

from evidencekit.core.analysis.chronology import is_night_iso
from evidencekit.core.models import Item, OcrState
from evidencekit.tui.i18n import N_, _, current_language
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

# Columns by how much they matter when the window is narrow (the first ones stay), with their
# narrowest and preferred widths; what does not fit is on the detail line under the table.
PRIORITY = ("no", "title", "time", "sender", "ocr", "labels", "kind", "digest")
MIN_WIDTH = {"no": 3, "kind": 4, "title": 10, "time": 11, "sender": 9, "labels": 12, "ocr": 3, "digest": 8}
PREFERRED = {"no": 6, "kind": 4, "title": TITLE_WIDTH, "time": 11, "sender": 14, "labels": 24, "ocr": 3, "digest": 8}
GROWS = ("title", "sender", "labels")  # where room left over goes, in this order
GAP = 2


def column_widths(available: int, minimum: dict[str, int] | None = None) -> dict[str, int]:
    """The columns shown in ``available`` cells and their widths, in table order.

    Args:
        available: the table's width in cells.
        minimum: narrowest widths (default :data:`MIN_WIDTH`; a translated header may need more).
    """
    mins = {**MIN_WIDTH, **(minimum or {})}
    chosen: list[str] = []
    used = 1
    for key in PRIORITY:
        if used + mins[key] + GAP <= available:
            chosen.append(key)
            used += mins[key] + GAP
    widths = {k: mins[k] for k in chosen}
    spare = available - used
    for key in [*GROWS, *chosen]:
        if key in widths and spare > 0:
            grow = min(spare, max(0, max(PREFERRED[key], mins[key]) - widths[key]))
            widths[key] += grow
            spare -= grow
    if "title" in widths and spare > 0:
        widths["title"] += min(spare, 30 - widths["title"]) if widths["title"] < 30 else 0
    order = [k for k, _l in COLUMNS]
    return {k: widths[k] for k in order if k in widths}


# The OCR column: its mark, and its sort order (not read, read, failed, not a screenshot); a
# reading with warnings is marked CHECK_MARK and sorts between "not read" and "read".
OCR_MARKS: dict[OcrState | None, tuple[str, int]] = {
    OcrState.NONE: ("…", 0), OcrState.DONE: ("✓", 2), OcrState.FAILED: ("✗", 3), None: ("·", 4),
}
CHECK_MARK = ("!", 1)
OCR_STATE_NAMES: dict[OcrState | None, str] = {
    OcrState.NONE: N_("not read yet"), OcrState.DONE: N_("read"), OcrState.FAILED: N_("could not be read"), None: "",
}


def reading_warnings(state: OcrState | None, messages: int, warnings: tuple[str, ...]) -> tuple[str, ...]:
    """The warning codes a row shows: the reading's own, and ``ocr.empty`` for a screenshot read
    as nothing by an older reader that did not say so."""
    if state is OcrState.DONE and messages == 0 and "ocr.empty" not in warnings:
        return ("ocr.empty", *warnings)
    return warnings


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
    undated: bool = False  # a screenshot whose messages' times rest on the file's copy time alone

    @property
    def shown_time(self) -> str:
        """The time column: "date unknown" for an undated screenshot (its ``time``, the file's,
        only sorts it), else the time in short."""
        return _("date unknown") if self.undated else short_time(self.time)

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


def flags_of(r: Row) -> list[str]:
    """What the labels column says: withdrawn, a reading to check, the labels, night."""
    flags = [label_name(lab) for lab in r.labels]
    if r.check_flag:
        flags.insert(0, r.check_flag)
    if r.item.withdrawn:
        flags.insert(0, _("withdrawn"))
    if r.dated and is_night_iso(r.time):
        flags.append(_("night"))
    return flags


def row_cells(r: Row, widths: dict[str, int] | None = None) -> dict[str, Text]:
    """The cells of one row of the evidence table, by column (cut to ``widths`` when given)."""
    w = {**PREFERRED, **(widths or {})}
    it = r.item
    style = "dim strike" if it.withdrawn else ""
    ocr = r.ocr_mark[0]
    return {
        "no": Text(r.no or "—", style=style, justify="right"),
        "kind": Text(kind_name(it.kind), style=style),
        "title": Text(fit(it.display_title, w["title"]), style=style),
        "time": Text(r.shown_time, style=style or ("dim" if r.undated else "")),
        "sender": Text(fit(r.sender, w["sender"]), style=style),
        "labels": Text(fit(" ".join(flags_of(r)), w["labels"]), style="bold" if r.labels or r.check_flag else style),
        "ocr": Text(ocr, justify="center", style="bold reverse" if r.check_flag else ""),
        "digest": Text(it.sha256[:8], style="dim"),
    }


def detail_line(r: Row, shown: set[str]) -> str:
    """What the table does not show of the current row, in words (the detail line under it)."""
    parts: list[str] = []
    if "title" not in shown or cell_len(r.item.display_title) > 10:
        parts.append(r.item.display_title)
    if "sender" not in shown and r.sender:
        parts.append(f"{_('Sender')} {r.sender}")
    if "time" not in shown and r.time:
        parts.append(f"{_('Time')} {r.shown_time}")
    flags = flags_of(r)
    if flags and "labels" not in shown:
        parts.append(("、" if current_language() != "en" else ", ").join(flags))
    elif r.check_flag:
        parts.append(r.check_flag)
    if "ocr" not in shown and r.ocr is not None:
        parts.append(f"OCR: {_(OCR_STATE_NAMES[r.ocr])}")
    if "kind" not in shown:
        parts.append(kind_name(r.item.kind))
    return " · ".join(p for p in parts if p)
