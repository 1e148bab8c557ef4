"""What the layout is given, and what it reports back."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from evidencekit.core.export.model import BundleInput
from evidencekit.core.export.redact import Redactor
from evidencekit.core.export.strings import Strings


@dataclass(frozen=True)
class LayoutInput:
    """What the layout needs beyond the bundle input."""

    bundle: BundleInput
    s: Strings
    purpose: str
    now: dt.datetime
    fingerprint: str  # the bundle fingerprint (SHA-256 Merkle root of the originals)
    images: dict[int, Path]  # item id -> image to show (a redacted copy when redacting)
    attachments: dict[int, str]  # item id -> attachment name inside the PDF
    timestamp_lines: tuple[str, ...] = ()
    redactor: Redactor | None = None
    redaction_notes: dict[int, str] = field(default_factory=dict)


@dataclass(frozen=True)
class LayoutResult:
    """The laid-out bundle: its pages, and the page each exhibit starts on."""

    pages: int
    exhibit_pages: dict[str, int]  # exhibit number -> first page
