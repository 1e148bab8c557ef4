"""What was read out of an item other than a screenshot, shown as that kind needs: an export's
messages and calls as a list, a recording's transcript in an editor (typed or corrected by the
person, every save in the custody log; a machine draft marked until confirmed), a video's keyframes,
an email's headers and body, a document's text, and why a file is kept as unknown.

Opened from the case screen for such items (:func:`open_item`); the item screen (metadata,
custody, editing the item's fields) is one key away."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from collections.abc import Callable
from pathlib import Path
from typing import Any

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.message import Message
from textual.screen import Screen
from textual.widgets import DataTable, Static
from textual.worker import Worker, WorkerState, get_current_worker

from evidencekit.core.analysis.chronology import record_counts, relevant_numbers
from evidencekit.core.analysis.corroboration import call_links, message_links
from evidencekit.core.analysis.media_contacts import case_numbers
from evidencekit.core.export import summary
from evidencekit.core.export.strings import strings
from evidencekit.core.media.model import DocFacts, ItemMedia, Record, Segment, Transcript
from evidencekit.core.models import Item
from evidencekit.core.vault.case import Case
from evidencekit.tui.i18n import N_, _, current_language
from evidencekit.tui.markup import escape
from evidencekit.tui.messages import CaseChanged
from evidencekit.tui.screens.base import AppScreen, WorkerErrors, ek
from evidencekit.tui.widgets.fields import Area
from evidencekit.tui.widgets.footer import LocalFooter
from evidencekit.tui.widgets.preview import duration_text, kind_name, make_image

#: The recorders whose file names the core reads (core/media/data/recorders.json), by the
#: convention's id, named in the UI language (the data names them in English).
RECORDERS = {
    "miui-call": N_("Xiaomi / Redmi call recorder"),
    "samsung-call": N_("Samsung call recorder"),
    "huawei-call": N_("Huawei / Honor call recorder"),
    "oppo-vivo-call": N_("OPPO / OnePlus / realme / vivo call recorder"),
    "acr-call": N_("ACR call recorder"),
    "generic-call-number-date": N_("call recorder: number and date in the name"),
    "android-voice-recorder": N_("Android voice recorder"),
    "ios-voice-memo": N_("iPhone Voice Memos"),
    "ios-call-recording": N_("iPhone call recording"),
    "android-screen-recorder": N_("Android screen recorder"),
    "date-in-name": N_("a date in the name, the day only"),
}

#: The environment variable naming a faster-whisper model folder: speech recognition is off without it.
MODEL_ENV = "EVIDENCEKIT_WHISPER_MODEL"
MAX_ROWS = 5000  # rows listed at once (the export itself keeps them all)


def open_item(screen: Screen[Any], case: Case, item: Item, exhibit: str) -> None:
    """Open ``item``: the media screen for recordings, videos, exports, emails, documents and
    unknown files, the item screen for screenshots."""
    if item.kind == "image":
        from evidencekit.tui.screens.item import ItemScreen

        screen.app.push_screen(ItemScreen(case, item, exhibit))
    else:
        screen.app.push_screen(MediaScreen(case, item, exhibit))


# ------------------------------------------------------------------ transcript lines

_LINE = re.compile(r"^\s*(?P<a>[\d:.]+)\s*[-–—~]\s*(?P<b>[\d:.]+)\s+(?:\[(?P<who>[^\]]*)\]\s*)?(?P<text>.*)$")


def seconds(text: str) -> float:
    """``1:02.5`` → 62.5; ``62.5`` → 62.5. Raises ValueError."""
    parts = text.split(":")
    if len(parts) > 3 or not all(parts):
        raise ValueError(text)
    total = 0.0
    for p in parts:
        total = total * 60 + float(p)
    return total


def stamp(t: float) -> str:
    m, s = divmod(t, 60)
    return f"{int(m)}:{s:04.1f}"


def transcript_text(t: Transcript | None) -> str:
    """The editor's text: one line per segment, ``0:00.0–0:03.5 [speaker] words``."""
    if t is None:
        return ""
    return "\n".join(f"{stamp(g.start)}–{stamp(g.end)} " + (f"[{g.speaker}] " if g.speaker else "") + g.text
                     for g in t.segments)


def parse_transcript(text: str) -> list[Segment]:
    """The editor's lines as segments; blank lines are skipped.

    Raises:
        ValueError: a line that is not ``start–end [speaker] words`` (its number in the message).
    """
    out: list[Segment] = []
    for n, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        m = _LINE.match(line)
        try:
            if m is None:
                raise ValueError(line)
            a, b = seconds(m["a"]), seconds(m["b"])
        except ValueError:
            raise ValueError(str(n)) from None
        out.append(Segment(a, b, m["text"].strip(), (m["who"] or "").strip()))
    return out


# ------------------------------------------------------------------ data


@dataclass
class MediaData:
    media: ItemMedia | None
    shown: list[Record] = field(default_factory=list)  # the export's rows of the case's numbers
    others: int = 0  # rows of other numbers
    linked: dict[int, list[str]] = field(default_factory=dict)  # row → screenshot exhibits
    calls_of: list[tuple[str, int]] = field(default_factory=list)  # call log (exhibit, row) of a recording
    pictures: list[tuple[str, Any]] = field(default_factory=list)  # (label, image)
    children: list[str] = field(default_factory=list)  # exhibits extracted from this one


def gather(case: Case, item: Item, *, show_all: bool) -> MediaData:
    """What the screen shows (call in a worker: it reads the index and decodes pictures)."""
    m = case.media.of(item.id)
    data = MediaData(m)
    if m is None:
        return data
    exhibits = case.exhibits_with_text()
    number_of = {ex.item.id: ex.number for ex in exhibits}
    if m.records:
        # the records the bundle's page lists (the case's numbers as the bundle reads them)
        keep = relevant_numbers(exhibits, case_numbers(exhibits, case.meta.respondents))
        data.shown = [r for r in m.records if show_all or record_counts(r, keep)]
        data.others = len(m.records) - len(data.shown)
        for ln in message_links(exhibits):
            if ln.export_item == item.id:
                data.linked.setdefault(ln.row, []).append(number_of.get(ln.screenshot_item, "?"))
    for cl in call_links(exhibits):
        if cl.recording_item == item.id:
            data.calls_of.append((number_of.get(cl.export_item, "?"), cl.row))
    data.children = [number_of[c] for c in case.media.children(item.id) if c in number_of]
    av = m.av
    if av is not None and av.playable:
        data.pictures = _pictures(case, item, av.duration_s)
    return data


def _pictures(case: Case, item: Item, duration: float | None) -> list[tuple[str, Any]]:
    """A recording's waveform, a video's keyframes: made once into the item's derived folder."""
    from PIL import Image

    from evidencekit.core.media import pictures

    folder = case.derived_dir(item.id)
    folder.mkdir(parents=True, exist_ok=True)
    original = case.original_path(item)
    found: list[tuple[str, Path]] = []
    if item.kind == "audio":
        p = folder / "waveform.png"
        made = p if p.exists() else pictures.waveform(original, p)
        if made is not None:
            found.append(("", made))
    elif item.kind == "video":
        have = sorted(folder.glob("keyframe-*.png"))
        if have:
            found = [(p.stem.removeprefix("keyframe-"), p) for p in have]
        else:
            for t, p in pictures.keyframes(original, duration, folder):
                kept = p.replace(folder / f"keyframe-{t:06.1f}.png")
                found.append((f"{t:06.1f}", kept))
    out: list[tuple[str, Any]] = []
    for label, p in found:
        try:
            with Image.open(p) as im:
                im.load()
                out.append((f"{float(label):.1f}" if label else "", im.convert("RGB")))
        except OSError:
            continue
    return out


class MediaLoaded(Message):
    def __init__(self, data: MediaData) -> None:
        super().__init__()
        self.data = data


class TranscriptChanged(Message):
    def __init__(self, transcript: Transcript, note: str) -> None:
        super().__init__()
        self.transcript = transcript
        self.note = note


# ------------------------------------------------------------------ the screen


class MediaScreen(WorkerErrors, AppScreen):
    CSS_PATH = "media.tcss"
    BINDINGS = [
        Binding("escape", "back", "Back"),
        # above the editor's own keys (Ctrl+K deletes to the line's end there): a screen's key wins
        Binding("ctrl+s", "save", "Save transcript", priority=True),
        Binding("ctrl+k", "confirm", "Confirm draft", priority=True),
        Binding("ctrl+r", "recognise", "Recognise speech", priority=True),
        Binding("ctrl+a", "all_rows", "All numbers"),
        Binding("ctrl+o", "details", "Details", priority=True),
    ]

    def __init__(self, case: Case, item: Item, exhibit: str, *, typed: str | None = None) -> None:
        super().__init__()
        self.case = case
        self.item = item
        self.exhibit = exhibit
        self.data: MediaData | None = None
        self.show_all = False
        self._typed = typed  # a transcript typed before a language switch, put back once loaded
        self._then: Callable[[], object] | None = None  # what to do once the transcript is saved

    def remake(self) -> Screen[None]:
        return MediaScreen(self.case, self.item, self.exhibit, typed=self.typed_text() if self.has_drafts() else None)

    def compose(self) -> ComposeResult:
        yield Static(f"[b]{escape(self.exhibit or '—')}[/b]  {escape(self.item.display_title)}"
                     f"  [dim]{escape(kind_name(self.item.kind))}[/dim]", id="media-bar")
        with VerticalScroll(id="media-body"):
            yield Static(f"[dim]{_('Loading…')}[/dim]", id="media-facts")
            yield Horizontal(id="media-pictures")
            yield Vertical(id="media-main")
        yield LocalFooter()

    def on_mount(self) -> None:
        self.load()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # each kind's keys only (the footer lists what applies)
        recording = self.item.kind in ("audio", "video")
        export = self.data is not None and self.data.media is not None and bool(self.data.media.records)
        if action in ("save", "recognise"):
            return recording
        if action == "confirm":
            t = self.data.media.transcript if self.data is not None and self.data.media is not None else None
            return recording and t is not None and t.status == "draft"
        if action == "all_rows":
            return export
        return True

    @work(thread=True, exclusive=True, exit_on_error=False, group="media")
    def load(self) -> None:
        data = gather(self.case, self.item, show_all=self.show_all)
        if not get_current_worker().is_cancelled:
            self.post_message(MediaLoaded(data))

    async def on_media_loaded(self, message: MediaLoaded) -> None:
        self.data = data = message.data
        self.query_one("#media-facts", Static).update(self._facts(data))
        pics = self.query_one("#media-pictures", Horizontal)
        await pics.remove_children()
        for label, image in data.pictures:
            box = Vertical(classes="media-picture" + (" wave" if self.item.kind == "audio" else ""))
            await pics.mount(box)
            await box.mount(make_image(self.app, image))
            if label:
                await box.mount(Static(f"[dim]{label} s[/dim]", classes="media-picture-label"))
        pics.display = bool(data.pictures)
        main = self.query_one("#media-main", Vertical)
        await main.remove_children()
        m = data.media
        if m is not None and m.records:
            await main.mount(self._records_table(data))
        elif self.item.kind in ("audio", "video"):
            await main.mount_all(self._editor(m.transcript if m is not None else None))
            if self._typed is not None:
                self.query_one("#transcript", Area).load_text(self._typed)
                self._typed = None
        elif m is not None and m.email is not None:
            e = m.email
            await main.mount(Static(escape(e.body or "—"), id="media-text"))
        elif m is not None and m.document is not None:
            d = m.document
            pages = [f"[b]— {_('Page {n}').replace('{n}', str(i + 1))} —[/b]" + self._page_mark(d, i) + "\n"
                     + escape(t or f"({_('no text')})") for i, t in enumerate(d.text_pages[:50])]
            await main.mount(Static("\n\n".join(pages) or "—", id="media-text"))
        self.refresh_bindings()

    def _facts(self, data: MediaData) -> str:
        m = data.media
        it = self.item
        lines: list[str] = []
        if m is None:
            return f"[dim]{_('Nothing was read out of this file.')}[/dim]"
        if m.parent is not None:
            parent = next((n for n, x in self.case.exhibits() if x.id == m.parent), "?")
            lines.append(_("Attachment of exhibit {n}").replace("{n}", parent))
        if m.kind == "unknown" or (m.av is not None and not m.av.playable):
            why = m.note.removeprefix("kept as an unknown file: ") or "—"
            lines.append(f"[b $warning]{_('Kept as an unknown file')}[/]: {escape(why)}")
            return "\n".join(lines)
        av = m.av
        if av is not None:
            bits = [duration_text(av.duration_s), av.codec, f"{av.sample_rate} Hz" if av.sample_rate else "",
                    f"{av.channels} ch" if av.channels else "",
                    f"{av.width}×{av.height}" if av.width and av.height else ""]
            lines.append(" · ".join(b for b in bits if b))
            nf = av.from_name
            if nf is not None and (nf.time or nf.number):
                said = " ".join(x for x in ((nf.time or "").replace("T", " "), nf.number, nf.name) if x)
                lines.append(_("File name ({app}): {said}").replace("{app}", escape(_(RECORDERS[nf.convention]) if nf.convention in RECORDERS else nf.app)).replace("{said}", escape(said)))
            for n, row in data.calls_of:
                lines.append(f"[b $success]✓[/] " + _("The call log (exhibit {n}, row {row}) lists this call.")
                             .replace("{n}", n).replace("{row}", str(row + 1)))
        e = m.export
        if e is not None:
            say = strings(current_language())
            kinds = say("sum.list_sep").join(f"{say('media.kind.' + k)} {n}" for k, n in sorted(e.by_kind.items()))
            fmt = say(f"media.format.{e.format}")
            lines.append(f"{escape(fmt)}: {e.records} ({kinds})" + (f" · UTC{e.offset}" if e.offset else ""))
            if not e.complete:
                lines.append(f"[b $warning]{_('Incomplete: the file ended early or a record could not be read.')}[/]")
            linked = sum(len(v) for v in data.linked.values())
            if linked:
                lines.append(f"[b $success]✓[/] " + _("{k} messages are the ones screenshots show (exhibits {list}).")
                             .replace("{k}", str(linked))
                             .replace("{list}", ", ".join(dict.fromkeys(x for v in data.linked.values() for x in v))))
            if data.others:
                lines.append(f"[dim]{_('{n} records of other numbers hidden (Ctrl+A shows all).').replace('{n}', str(data.others))}[/dim]")
        em = m.email
        if em is not None:
            lines += [f"[b]{escape(em.subject)}[/b]", f"{_('From')}: {escape(em.sender)}", f"{_('To')}: {escape(em.to)}",
                      f"{_('Date')}: {escape(em.date)}"]
            if em.attachments:
                lines.append(_("Attachments") + ": " + ", ".join(
                    escape(a.filename) + (f" → {n}" if (n := self._exhibit_of(a.item_id)) else "") for a in em.attachments))
        d = m.document
        if d is not None:
            lines.append(_("{n} pages").replace("{n}", str(d.pages))
                         + (" · " + _("{n} scanned").replace("{n}", str(len(d.scanned))) if d.scanned else "")
                         + (" · " + _("{n} read by OCR").replace("{n}", str(len(d.ocr_pages))) if d.ocr_pages else ""))
            if set(d.scanned) - set(d.ocr_pages):
                lines.append(f"[b $warning]{_('Scanned pages not read yet: press o on the evidence list to read them.')}[/]")
        # what the reader noted, in the app's language (stored in English: core/media/notes.py)
        noted = [n for f in (m.av, m.export, m.email, m.document) if f is not None for n in f.notes]
        say = strings(current_language())
        lines += [f"[dim]{escape(say.note(n))}[/dim]" for n in noted[:3]]
        if m.note and not noted:
            lines.append(f"[dim]{escape(m.note)}[/dim]")
        return "\n".join(lines) or "—"

    @staticmethod
    def _page_mark(d: DocFacts, page: int) -> str:
        """After a page's heading: whether its text came from OCR, or it is a scan not read yet."""
        if page in d.ocr_pages:
            return f" [dim]{_('(scanned, read by OCR)')}[/dim]"
        if page in d.scanned:
            return f" [dim]{_('(scanned, not read)')}[/dim]"
        return ""

    def _exhibit_of(self, item_id: int | None) -> str:
        if item_id is None:
            return ""
        return next((n for n, x in self.case.exhibits() if x.id == item_id), "")

    def _records_table(self, data: MediaData) -> DataTable[str | Text]:
        table: DataTable[str | Text] = DataTable(id="media-records", cursor_type="row", zebra_stripes=True)
        # the screenshots showing a row before its text: the text is the long column
        table.add_columns("#", _("Time"), _("Number"), "", "✓", _("Message"))
        call_words = summary.call_text(strings(current_language()))
        from evidencekit.core.analysis.chronology import Event
        from evidencekit.core.analysis.timeparse import parse_time

        for r in data.shown[:MAX_ROWS]:
            if r.is_call:
                t = parse_time(r.time)
                text = call_words(Event(t, "", "", "", outgoing=r.direction == "out", channel="call",
                                        duration_s=r.duration_s, outcome=r.status)) if t else r.status
            else:
                text = " ".join(r.text.split())
                if r.status not in ("received", "sent"):
                    text = f"[{r.status}] {text}"
            arrow = "→" if r.direction == "out" else "←" if r.direction == "in" else ""
            # Text, not str: a str cell is read as markup, and a record's words are shown as sent
            table.add_row(str(r.row + 1), (r.time or "—").replace("T", " ")[:16], Text(r.number), arrow,
                          ", ".join(data.linked.get(r.row, ())), Text(text[:200]), key=str(r.row))
        return table

    def _editor(self, t: Transcript | None) -> list[Any]:
        return [Static(self._status(t), id="transcript-status"),
                Area(transcript_text(t), id="transcript", soft_wrap=True, show_line_numbers=False)]

    def _status(self, t: Transcript | None) -> str:
        hint = _("One line per stretch: 0:00–0:05 [speaker] words. Ctrl+S saves (logged).")
        if t is None or not t.segments:
            return f"[b]{_('Transcript')}[/b] — {_('none yet')}\n[dim]{hint}[/dim]"
        if t.status == "draft":
            state = f"[b $warning]{_('Machine-made draft ({engine}): check it, then Ctrl+K to confirm').replace('{engine}', escape(t.engine))}[/]"
        elif t.status == "confirmed":
            state = _("Checked and confirmed by you (recognised by {engine})").replace("{engine}", escape(t.engine))
        else:
            state = _("Typed by you")
        return f"[b]{_('Transcript')}[/b] — {state}\n[dim]{hint}[/dim]"

    # ------------------------------------------------------------------ the transcript typed

    def typed_text(self) -> str | None:
        """The editor's text; None when there is no editor (yet)."""
        area = next(iter(self.query("#transcript").results(Area)), None)
        return area.text if area is not None else self._typed

    def saved_segments(self) -> list[Segment]:
        m = self.data.media if self.data is not None else None
        return list(m.transcript.segments) if m is not None and m.transcript is not None else []

    def has_drafts(self) -> bool:
        """Whether the editor holds a transcript other than the saved one (the same lines written
        another way, ``0:05`` for ``0:05.0``, are not an edit)."""
        text = self.typed_text()
        if text is None or self.data is None and self._typed is None:
            return False
        try:
            return parse_transcript(text) != self.saved_segments()
        except ValueError:
            return True  # a line that does not read yet is typed work all the same

    def discard_drafts(self) -> None:
        m = self.data.media if self.data is not None else None
        for area in self.query("#transcript").results(Area):
            area.load_text(transcript_text(m.transcript if m is not None else None))

    def save_drafts(self, then: Callable[[], object]) -> None:
        if not self.has_drafts():
            then()
            return
        segments = self._parsed()
        if segments is None:
            self._leaving = False  # a line did not read (and it said which): stay and fix it
            return
        self._then = then
        self.save(segments)

    def _parsed(self) -> list[Segment] | None:
        """The editor's lines as segments, or None after saying which line does not read."""
        try:
            return parse_transcript(self.typed_text() or "")
        except ValueError as e:
            self.notify(_("Line {n} is not 'start–end [speaker] words'.").replace("{n}", str(e)), severity="error")
            return None

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        # (WorkerErrors' handler runs too and says why)
        if event.state == WorkerState.ERROR and event.worker.group == "edit":
            self._leaving, self._then = False, None  # saving failed: stay here

    # ------------------------------------------------------------------ actions

    def action_save(self) -> None:
        if next(iter(self.query("#transcript")), None) is None:
            return
        segments = self._parsed()
        if segments is not None:
            self.save(segments)

    @work(thread=True, exit_on_error=False, group="edit")
    def save(self, segments: list[Segment]) -> None:
        with ek(self).tasks.running():  # each save is fsynced and signed: not on the UI thread
            t = self.case.media.edit_transcript(self.item.id, segments)
        self.post_message(TranscriptChanged(t, _("Transcript saved. Every change is in the custody log.")))

    def action_confirm(self) -> None:
        self.confirm()

    @work(thread=True, exit_on_error=False, group="edit")
    def confirm(self) -> None:
        with ek(self).tasks.running():
            t = self.case.media.confirm_transcript(self.item.id)
        self.post_message(TranscriptChanged(t, _("Draft confirmed: the bundle no longer marks it machine-made.")))

    def action_recognise(self) -> None:
        folder = os.environ.get(MODEL_ENV, "")
        if not folder:
            self.notify(_("Speech recognition is off. To turn it on, set {env} to a faster-whisper model folder.")
                        .replace("{env}", MODEL_ENV), timeout=10)
            return
        self.notify(_("Recognising speech (on this computer)…"))
        self.recognise(Path(folder))

    @work(thread=True, exclusive=True, exit_on_error=False, group="speech")
    def recognise(self, folder: Path) -> None:
        from evidencekit.core.media.whisper import WhisperEngine
        from evidencekit.core.progress import CancelToken

        worker = get_current_worker()
        engine = WhisperEngine(folder)
        with ek(self).tasks.running():
            t = self.case.media.transcribe(self.item.id, engine, cancel=CancelToken(worker.cancelled_event))
        self.post_message(TranscriptChanged(t, _("A draft transcript was made: check it, then Ctrl+K to confirm.")))

    def on_transcript_changed(self, message: TranscriptChanged) -> None:
        t = message.transcript
        if self.data is not None and self.data.media is not None:
            from dataclasses import replace

            self.data.media = replace(self.data.media, transcript=t)
        self.query_one("#transcript-status", Static).update(self._status(t))
        area = self.query_one("#transcript", Area)
        if parse_transcript(area.text) != list(t.segments):
            area.load_text(transcript_text(t))
        self.notify(message.note)
        self.refresh_bindings()
        from evidencekit.tui.screens.case import CaseScreen

        for screen in self.app.screen_stack:
            if isinstance(screen, CaseScreen):
                screen.post_message(CaseChanged([self.item.id], select=self.item.id))
        then, self._then = self._then, None
        if then is not None:
            then()

    def action_all_rows(self) -> None:
        self.show_all = not self.show_all
        self.load()

    def action_details(self) -> None:
        from evidencekit.tui.screens.item import ItemScreen

        self.app.push_screen(ItemScreen(self.case, self.item, self.exhibit))

    def action_back(self) -> None:
        self.back_asking(_("You changed the transcript and did not save it. Save it before going back?"))

    @on(DataTable.RowSelected, "#media-records")
    def _row(self, event: DataTable.RowSelected) -> None:
        data = self.data
        if data is None or event.row_key.value is None:
            return
        row = int(event.row_key.value)
        r = next((x for x in data.shown if x.row == row), None)
        if r is not None:
            self.notify(escape(r.text or r.status), title=f"{row + 1} · {(r.time or '').replace('T', ' ')} · {r.number}",
                        timeout=10)
