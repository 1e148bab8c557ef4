"""The preview pane: the selected item's image, OCR messages, metadata, digests, custody."""

from __future__ import annotations

import datetime as dt
import logging
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from textual.app import ComposeResult
from textual.containers import Container, VerticalScroll
from textual.widgets import Static

from evidencekit.core.analysis.chronology import is_night_iso
from evidencekit.core.analysis.addressing import claimant_forms
from evidencekit.core.analysis.labels import label_name as core_label_name, thread_labels
from evidencekit.core.analysis.timebasis import MessageTime, reading_times
from evidencekit.core.export.strings import strings
from evidencekit.core.models import Corrections, Item, LogEntry, OcrResult
from evidencekit.core.units import human_size
from evidencekit.core.vault.actions import Action
from evidencekit.core.vault.case import Case
from evidencekit.tui.i18n import N_, _, current_language
from evidencekit.tui.markup import escape

log = logging.getLogger(__name__)

THUMB_NAME = "tui-thumb-480.png"


@dataclass
class PreviewData:
    """Everything slow about an item, gathered in a worker thread."""

    item_id: int
    image: Any = None  # a loaded PIL image (small), or None
    ocr: OcrResult | None = None
    corrections: dict[int, str] = field(default_factory=dict)
    fixes: Corrections = field(default_factory=Corrections)  # every correction: texts, times, sides, sender
    custody: list[LogEntry] = field(default_factory=list)
    problem: str = ""
    media: str = ""  # corroboration of the messages, or what the media screen holds (markup)
    labels: dict[int, tuple[str, ...]] = field(default_factory=dict)  # per message: the bundle's labels
    times: list[MessageTime] = field(default_factory=list)  # per message: its time as the case reads it


def thumbnail_path(case: Case, item: Item) -> Path:
    return case.derived_dir(item.id) / THUMB_NAME


def load_thumbnail(case: Case, item: Item, max_size: tuple[int, int] = (480, 960)) -> Any:
    """A small copy of the image, cached in the item's derived folder (rebuildable)."""
    from PIL import Image, ImageOps

    cached = thumbnail_path(case, item)
    if cached.exists():
        try:
            loaded: Any = Image.open(cached)
            loaded.load()
            return loaded
        except OSError:
            cached.unlink(missing_ok=True)
    with Image.open(case.original_path(item)) as src:
        src.draft("RGB", max_size)  # JPEG: decode at reduced size, much faster
        img: Any = ImageOps.exif_transpose(src) or src
        img = img.convert("RGB")
        img.thumbnail(max_size)
    # a name of its own: two workers may make the same thumbnail when the cursor comes back
    tmp = cached.with_name(f".{uuid.uuid4().hex}.part")
    img.save(tmp, "PNG")
    tmp.replace(cached)
    return img


def gather(case: Case, item: Item) -> PreviewData:
    """Read what the preview needs (call in a worker: it touches disk and the database)."""
    data = PreviewData(item.id)
    try:
        if item.kind == "image":
            data.image = load_thumbnail(case, item)
    except Exception as e:  # noqa: BLE001 - a broken image must not break the pane
        data.problem = f"{_('The image cannot be shown')}: {e}"
    data.ocr = case.ocr_result(item.id)  # as read: the corrections are shown as such
    if data.ocr is not None:
        data.fixes = case.message_corrections(item.id)
        data.corrections = dict(data.fixes.text)
        # the messages as the case reads them (corrected text and side), as one thread: the labels
        # the bundle gives each
        said = [(data.corrections.get(i, m.text), data.fixes.side.get(i, m.side)) for i, m in enumerate(data.ocr.messages)]
        data.labels = dict(enumerate(thread_labels(said, claimant_forms(case.meta))))
        data.times = reading_times(item, case.ocr_result(item.id, corrected=True))
    data.custody = case.log_entries(item.id)
    from evidencekit.tui.widgets.media_note import media_note

    data.media = media_note(case, item)
    return data


def local_time(iso: str | None) -> str:
    """``2026-11-20T13:03:00Z`` → ``2026-11-20 21:03`` in this machine's zone; naive stays."""
    if not iso:
        return ""
    try:
        t = dt.datetime.fromisoformat(iso.replace("Z", "+00:00"))
    except ValueError:
        return iso
    if t.tzinfo is not None:
        t = t.astimezone()
    return t.strftime("%Y-%m-%d %H:%M")


KIND_NAMES = {
    "image": N_("Image"),
    "audio": N_("Recording"),
    "video": N_("Video"),
    "pdf": N_("PDF"),
    "text": N_("Text"),
    "other": N_("Other"),
}


def label_name(name: str) -> str:
    """A classification label in the app's language, as the bundle and the findings name it."""
    return core_label_name(name, strings(current_language()))


def short_time(iso: str) -> str:
    """``2026-11-27T15:05:00`` → ``11-27 15:05`` (the table is narrow; the preview has it all)."""
    t = iso.replace("T", " ")
    return t[5:16] if len(t) >= 16 and t[4] == "-" else t[:16]


def kind_name(kind: str) -> str:
    return _(KIND_NAMES.get(kind, kind))


def duration_text(seconds: float | None) -> str:
    if seconds is None:
        return ""
    s = int(round(seconds))
    return f"{s // 3600:d}:{s // 60 % 60:02d}:{s % 60:02d}" if s >= 3600 else f"{s // 60:d}:{s % 60:02d}"


def messages_markup(ocr: OcrResult | None, corrections: dict[int, str], kind: str,
                    fixes: Corrections | None = None, labels: dict[int, tuple[str, ...]] | None = None,
                    times: Sequence[MessageTime] = ()) -> str:
    if ocr is None:
        if kind in ("audio", "video"):
            return f"[dim]{_('No transcript yet. Enter opens the editor.')}[/dim]"
        if kind != "image":
            return ""
        return f"[dim]{_('Not read yet (OCR).')}[/dim]"
    lines = [f"[b]{_('Messages')}[/b]" + (f" — {escape(ocr.sender)}" if ocr.sender else "")]
    if not ocr.messages:
        lines.append(f"[dim]{_('No message text found.')}[/dim]")
    fx = fixes or Corrections()
    sender = fx.sender if fx.sender is not None else ocr.sender
    for i, m in enumerate(ocr.messages):
        from evidencekit.tui.widgets.message_info import who

        m = replace(m, side=fx.side.get(i, m.side), sent_at=fx.sent_at[i] if i in fx.sent_at else m.sent_at)
        text = corrections.get(i, m.text)
        # the time as the case reads it (the chronology's rule); one made from the file's copy
        # time is no date: the screen's label, "date unknown"
        mt = times[i] if i < len(times) else None
        dateless = mt is not None and mt.dateless
        when = (f"{m.time_label or ''} ({_('date unknown')})".strip() if dateless
                else mt.time.isoformat() if mt is not None and mt.time is not None
                else m.sent_at or m.time_label or "")
        night = f" [b $warning]{_('night')}[/]" if (mt is None or mt.counted) and is_night_iso(when) else ""
        fixed = f" [i]({_('corrected')})[/i]" if i in fx.messages else ""
        low = f" [$error]{_('low confidence')}[/]" if m.confidence and m.confidence < 60 else ""
        names = (labels or {}).get(i, ())
        shown_labels = "".join(f" [reverse] {escape(label_name(n))} [/reverse]" for n in names)
        lines.append(f"[dim]{i + 1}. {escape(when if dateless else when.replace('T', ' ')[:16])} · {escape(who(sender, m))}[/dim]"
                     f"{night}{fixed}{low}{shown_labels}")
        lines.append(escape(text))
    return "\n".join(lines)


def metadata_markup(item: Item, exhibit: str) -> str:
    rows: list[tuple[str, str]] = [
        (_("Exhibit"), exhibit or _("withdrawn")),
        (_("Kind"), f"{kind_name(item.kind)} ({item.mime})"),
        (_("File"), item.original_name),
        (_("Size"), human_size(item.size)),
    ]
    if item.width and item.height:
        rows.append((_("Pixels"), f"{item.width}×{item.height}"))
    if item.duration_s is not None:
        rows.append((_("Duration"), duration_text(item.duration_s)))
    if item.proves:
        rows.append((_("Proves"), item.proves))
    if item.source:
        rows.append((_("Source"), item.source))
    if item.event_time:
        rows.append((_("Event time"), item.event_time))
    if item.tags:
        rows.append((_("Tags"), "、".join(item.tags)))
    if item.group_name:
        rows.append((_("Group"), item.group_name))
    if item.exif_time:
        rows.append((_("Taken (EXIF)"), item.exif_time))
    rows.append((_("File time"), local_time(item.file_mtime)))
    rows.append((_("Imported"), local_time(item.imported_at)))
    if item.extraction_note:
        rows.append((_("How obtained"), item.extraction_note))
    if item.withdrawn:
        rows.append((_("Withdrawn"), item.withdrawn_reason or "—"))
    rows.append(("SHA-256", item.sha256))
    rows.append(("SM3", item.sm3))
    return "\n".join(f"[b]{escape(k)}[/b]  {escape(v)}" for k, v in rows)


ACTION_NAMES: dict[str, str] = {
    Action.ITEM_IMPORTED: N_("imported"),
    Action.DUPLICATE_SEEN: N_("same file dropped again"),
    Action.ANNOTATION_CHANGED: N_("annotation changed"),
    Action.ITEM_WITHDRAWN: N_("withdrawn"),
    Action.ITEM_RESTORED: N_("restored"),
    Action.OCR_RUN: N_("OCR"),
    Action.TEXT_CORRECTED: N_("OCR corrected"),
    Action.EXPORT_MADE: N_("exported"),
}


def custody_markup(entries: list[LogEntry]) -> str:
    if not entries:
        return ""
    lines = [f"[b]{_('Custody log')}[/b]"]
    for e in entries[-12:]:
        name = _(ACTION_NAMES.get(e.action, e.action))
        lines.append(f"[dim]#{e.seq} {escape(local_time(e.time))}[/dim] {escape(name)} [dim]{escape(e.actor)}[/dim]")
    return "\n".join(lines)


class Preview(VerticalScroll):
    """Shows one item; the cheap parts at once, the rest when a worker has gathered it."""

    can_focus = True

    def compose(self) -> ComposeResult:
        yield Static(id="pv-head")
        yield Container(id="pv-image")
        yield Static(id="pv-messages")
        yield Static(id="pv-meta")
        yield Static(id="pv-custody")

    item_id: int | None = None

    def clear(self, text: str = "") -> None:
        self.item_id = None
        self.query_one("#pv-head", Static).update("")
        self.query_one("#pv-image", Container).remove_children()
        for w in ("#pv-meta", "#pv-custody"):
            self.query_one(w, Static).update("")
        self.query_one("#pv-messages", Static).update(text)  # wraps, unlike the one-line head

    def show_item(self, item: Item, exhibit: str) -> None:
        """The part we know without I/O."""
        self.item_id = item.id
        head = f"[b]{escape(exhibit or '—')}[/b]  {escape(item.display_title)}"
        if item.kind == "audio" and item.duration_s is not None:
            head += f"\n{_('Recording')} · {duration_text(item.duration_s)}"
        self.query_one("#pv-head", Static).update(head)
        if item.kind != "image":
            self.query_one("#pv-image", Container).remove_children()
        self.query_one("#pv-messages", Static).update(f"[dim]{_('Loading…')}[/dim]" if item.kind == "image" else "")
        self.query_one("#pv-meta", Static).update(metadata_markup(item, exhibit))
        self.query_one("#pv-custody", Static).update("")
        self.scroll_home(animate=False)

    def show_details(self, item: Item, data: PreviewData) -> None:
        if getattr(self, "item_id", None) != data.item_id:
            return
        box = self.query_one("#pv-image", Container)
        current = box.query(".pv-img")
        if data.image is not None and current:
            current.first().image = data.image  # type: ignore[attr-defined]  # swap: no remount
        else:
            box.remove_children()
            if data.image is not None:
                box.mount(make_image(self.app, data.image))
            elif data.problem:
                box.mount(Static(f"[$error]{escape(data.problem)}[/]"))
        shown = messages_markup(data.ocr, data.corrections, item.kind, data.fixes, data.labels, data.times)
        if data.media:
            shown = data.media if item.kind != "image" else f"{shown}\n\n{data.media}"
        self.query_one("#pv-messages", Static).update(shown)
        self.query_one("#pv-custody", Static).update(custody_markup(data.custody))


def make_image(app: Any, image: Any) -> Any:
    """The image widget: the terminal's best protocol in a real run, half-cells in tests."""
    cls: Any = getattr(app, "image_class", None)
    if cls is None:
        from textual_image.widget import HalfcellImage

        cls = HalfcellImage
    return cls(image, classes="pv-img")
