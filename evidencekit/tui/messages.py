"""App-wide messages: workers post them, screens and the app react."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from textual.message import Message

from evidencekit.core.models import ImportOutcome, Item, VerifyReport


@dataclass
class TaskProgress(Message):
    """Progress of one kind of background work; frequent, so a newer one replaces an older one."""

    task: str  # "import", "ocr", "export", "verify", "load"
    done: int
    total: int
    label: str = ""

    def can_replace(self, message: Message) -> bool:
        return isinstance(message, TaskProgress) and message.task == self.task


@dataclass
class ImportFinished(Message):
    outcomes: list[ImportOutcome]
    cancelled: bool = False


@dataclass
class OcrFinished(Message):
    item_ids: list[int]
    cancelled: bool = False
    failed: list[tuple[int, str]] = field(default_factory=list)


@dataclass
class ExportFinished(Message):
    paths: list[Path]
    report: VerifyReport | None = None
    cancelled: bool = False
    redacted: bool = False
    warnings: list[str] = field(default_factory=list)  # what the bundle leaves out (English, from the core)


@dataclass
class CaseChanged(Message):
    """Items changed (edit, withdraw, reorder, import): tables reload what they show."""

    item_ids: list[int] = field(default_factory=list)
    select: int | None = None


@dataclass
class CaseEdited(Message):
    """A change to the case was written (by a worker: it fsyncs and signs): say so and reload."""

    note: str
    item_ids: list[int] = field(default_factory=list)
    select: int | None = None


@dataclass
class ItemEdited(Message):
    """What the user says about an item was saved; ``item`` is how it reads now."""

    item: Item
