"""One export as its stages see it: what was asked, and what each stage has made so far.

The stages of :func:`.bundle.export_bundle` each take the :class:`ExportContext`, read what
earlier stages made and add their own part; the manifest is built from it for the PDF and the ZIP.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from evidencekit.core.export.guide import GuideFacts
from evidencekit.core.export.format import CaseRecord, FileRecord, ItemRecord, Manifest, RespondentRecord
from evidencekit.core.export.merkle import merkle_root
from evidencekit.core.export.model import BundleInput, ExhibitInput, ExportOptions
from evidencekit.core.export.shown import Shown
from evidencekit.core.export.strings import Strings
from evidencekit.core.export.timestamps import Batch, BatchFiles
from evidencekit.core.progress import CancelToken, Progress


@dataclass
class ExportContext:
    """An export in progress.

    Given: ``inp`` (the input as gathered: originals, readings, custody), ``out`` (the PDF to
    write), ``opts``, the strings ``s`` of the bundle's language, ``purpose``, ``now``, the
    bundle ``fingerprint``, the ``work`` folder (temporary, beside ``out``), progress and cancel.

    Made by the stages, in order: ``bundle`` and ``shown`` (what the bundle shows: masked when
    redacting), ``batches`` and their ``batch_files``, ``keys`` (every original's name in the
    bundle) and ``attached`` (those embedded in the PDF), ``custody_file``, ``guide`` (what the
    verification guide says of the bundle), ``pages``, ``timestamped``, ``zip_path``; ``warnings``
    and ``notes`` for the person exporting.
    """

    inp: BundleInput
    out: Path
    opts: ExportOptions
    s: Strings
    purpose: str
    now: dt.datetime
    fingerprint: str
    work: Path
    progress: Progress
    cancel: CancelToken
    bundle: BundleInput = field(init=False)
    shown: Shown = field(init=False)
    batches: list[Batch] = field(default_factory=list)
    batch_files: BatchFiles = field(default_factory=lambda: BatchFiles((), ()))
    keys: dict[int, str] = field(default_factory=dict)
    attached: dict[int, str] = field(default_factory=dict)
    custody_file: Path | None = None
    guide: GuideFacts | None = None
    pages: int = 0
    timestamped: bool = False
    zip_path: Path | None = None
    warnings: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        # until the redaction stage says otherwise, the bundle shows the input as it is
        self.bundle = self.inp
        self.shown = Shown(images={}, excerpts={})

    @property
    def lang(self) -> str:
        return self.s.lang

    @property
    def redacted(self) -> bool:
        return self.opts.redact

    def manifest(self, items: list[ItemRecord], files: list[FileRecord] | None = None) -> Manifest:
        """The manifest of this bundle with ``items`` (and, for the ZIP, ``files``)."""
        meta = self.bundle.meta
        return Manifest(
            created_at=self.now.isoformat(timespec="seconds"),
            language=self.lang,
            purpose=self.purpose,
            redacted=self.redacted,
            case=CaseRecord(meta.title, meta.claimant_name,
                            tuple(RespondentRecord(r.name, tuple(r.numbers)) for r in meta.respondents)),
            certificate_sha256=self.bundle.identity.fingerprint,
            merkle_root_sha256=self.fingerprint,
            merkle_root_sm3=merkle_root([ex.item.sm3 for ex in self.bundle.exhibits], "sm3"),
            custody_head=self.bundle.log[-1].hash if self.bundle.log else None,
            items=tuple(items),
            files=tuple(files) if files is not None else None,
            timestamps=self.batch_files.records,
        )


def item_record(ex: ExhibitInput, file: str | None, pdf_attachment: str | None) -> ItemRecord:
    """The manifest's record of exhibit ``ex`` (as the bundle shows it)."""
    it = ex.item
    return ItemRecord(
        exhibit=ex.number, id=it.id, title=it.title, original_name=it.original_name, kind=it.kind, mime=it.mime,
        size=it.size, sha256=it.sha256, sm3=it.sm3, file_mtime=it.file_mtime, exif_time=it.exif_time,
        imported_at=it.imported_at, import_offset=it.import_offset, host=it.host, user=it.user,
        extraction_note=it.extraction_note, source=it.source, proves=it.proves, event_time=it.event_time,
        group=it.group_name, batch=ex.batch, file=file, pdf_attachment=pdf_attachment,
    )


