"""What the layout is given, and what it reports back."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from evidencekit.core.analysis.casework import CaseAnalysis
from evidencekit.core.documents.model import Draft
from evidencekit.core.export.guide import GuideFacts
from evidencekit.core.export.model import BundleInput
from evidencekit.core.export.shown import TextExcerpt
from evidencekit.core.export.strings import Strings


@dataclass(frozen=True)
class LayoutInput:
    """What the layout shows: all of it safe to show as it is (masked already in a redacted bundle).

    Attributes:
        bundle: the bundle's input as the bundle shows it (see :func:`.redaction.redact_bundle`).
        s: the bundle's strings.
        purpose: who the bundle is for (models.PURPOSES).
        now: the export time.
        fingerprint: the bundle fingerprint (SHA-256 Merkle root of the originals).
        images: item id -> the image shown (a masked copy in a redacted bundle); an image item
            not in it is withheld.
        excerpts: item id -> the start of a text item.
        attachments: item id -> the original's attachment name inside the PDF.
        timestamp_lines: what the verification page says about the timestamps.
        guide: what the verification page needs to know of the bundle (names, attachments, ZIP,
            timestamps).
        redacted: a redacted bundle (the pages say what that means).
        masked_images: the items whose image is a masked copy (a note says so under it).
        undecodable: the items whose image cannot be decoded (its page says so instead).
        pictures: a recording's waveform, a video's keyframes (none of a video in a redacted bundle).
        analysis: the case's analysis, from ``bundle`` (the cover's figures, 证明目的, findings).
        findings: lay out the findings section.
        drafts: complaints and briefs to lay out as a section of the bundle.
    """

    bundle: BundleInput
    s: Strings
    purpose: str
    now: dt.datetime
    fingerprint: str
    images: Mapping[int, Path]
    attachments: Mapping[int, str]
    guide: GuideFacts
    excerpts: Mapping[int, TextExcerpt] = field(default_factory=dict)
    timestamp_lines: tuple[str, ...] = ()
    redacted: bool = False
    masked_images: frozenset[int] = frozenset()
    undecodable: frozenset[int] = frozenset()
    # item id -> pictures derived from a recording or video: ("waveform", path) or ("t=12.5", path)
    pictures: Mapping[int, tuple[tuple[str, Path], ...]] = field(default_factory=dict)
    analysis: CaseAnalysis | None = None
    findings: bool = True
    drafts: tuple[Draft, ...] = ()

    def case_analysis(self) -> CaseAnalysis:
        """:attr:`analysis`, or one made from the bundle when none was given."""
        if self.analysis is not None:
            return self.analysis
        from evidencekit.core.export.summary import analysis_of

        return analysis_of(self.bundle)


@dataclass(frozen=True)
class LayoutResult:
    """The laid-out bundle: its pages, and the page each exhibit starts on."""

    pages: int
    exhibit_pages: dict[str, int]  # exhibit number -> first page
