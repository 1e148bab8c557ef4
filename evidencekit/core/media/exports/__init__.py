"""Readers of message and call-log exports: SMS Backup & Restore XML (``smsbackup``), CSV files of
common exporters (``csvexport``), the text files of imessage-exporter (``txtexport``) and the
``sms.db`` of an unencrypted iPhone backup (``iossms``).

Each reader is an :class:`ExportReader`: :meth:`~ExportReader.records` yields the records in file
order with bounded memory, and :attr:`~ExportReader.facts` says afterwards what was read and how.
:func:`open_export` chooses the reader from the content, never from the file name.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Protocol

from evidencekit.core.media.model import ExportFacts, Record


class ExportError(ValueError):
    """The export cannot be read; ``str()`` says why in the user's words."""


class HostileExport(ExportError):
    """The file is built to hurt a reader (entity expansion, external entities, absurd sizes):
    nothing of it is used."""


class ExportReader(Protocol):
    def records(self) -> Iterator[Record]:
        """The records in file order. Raises ExportError when the file stops being readable
        (the records yielded so far stand; ``facts.complete`` is then False)."""
        ...

    @property
    def facts(self) -> ExportFacts: ...


def open_export(path: Path, head: bytes, *, fallback_offset: str = "") -> ExportReader | None:
    """The reader for the export at ``path`` (``head``: its first bytes), or None when it is none.

    Args:
        path: the file (read-only; never changed).
        head: at least its first 4 KiB.
        fallback_offset: the UTC offset ("+08:00") to put UTC times in local time when the
            export itself does not tell (the importing machine's).
    """
    from evidencekit.core.media.exports import csvexport, iossms, smsbackup, txtexport

    if head.startswith(b"SQLite format 3\x00"):
        return iossms.IosSmsReader(path, fallback_offset) if iossms.is_sms_db(path) else None
    fmt = smsbackup.detect(head)
    if fmt is not None:
        return smsbackup.SmsBackupReader(path, fmt, fallback_offset=fallback_offset)
    if txtexport.detect(head):
        return txtexport.TxtReader(path)
    if csvexport.detect(head) is not None:
        return csvexport.CsvReader(path, fallback_offset=fallback_offset)
    return None
