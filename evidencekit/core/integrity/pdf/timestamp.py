"""A document timestamp (PAdES B-LTA style) appended to a signed PDF as one more revision."""

from __future__ import annotations

import os
from pathlib import Path

from evidencekit.core.integrity.pdf.inspection import inspect_pdf
from evidencekit.core.integrity.pdf.pyhanko_adapter import IncrementalPdfFileWriter, timestamp_into
from evidencekit.errors import TimestampError


def add_document_timestamp(path: Path, tsa_url: str, *, timeout: float = 10.0) -> str:
    """Append an RFC 3161 document timestamp from ``tsa_url`` to the signed PDF at ``path``.

    The file is replaced only when the timestamp succeeded.

    Returns:
        The timestamp's time (ISO 8601).

    Raises:
        TimestampError: the TSA failed or answered badly; ``path`` is unchanged.
    """
    tmp = path.with_name(path.name + ".ts.part")
    try:
        with open(path, "rb") as f_in, open(tmp, "w+b") as f_out:
            timestamp_into(IncrementalPdfFileWriter(f_in, strict=False), f_out, tsa_url, timeout=timeout)
            f_out.flush()
            os.fsync(f_out.fileno())
        os.replace(tmp, path)
    except Exception as e:  # noqa: BLE001 - aiohttp, pyHanko and OS errors all mean "not timestamped"
        tmp.unlink(missing_ok=True)
        raise TimestampError(f"document timestamp from {tsa_url} failed: {e}") from e
    info = inspect_pdf(path)
    return info.signatures[-1].timestamp if info.signatures else ""
