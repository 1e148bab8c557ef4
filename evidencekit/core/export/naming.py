"""What bundle files are called: one place for the command line, the app and the writer.

A bundle is ``bundle-<date>.pdf`` (``bundle-<date>-redacted.pdf`` when redacted, so that the two
are never mistaken for each other), its ZIP the same name with ``.zip``; a second bundle of the
same day in the same folder gets ``-2``, ``-3``... A bundle already handed over is never replaced.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

STEM = "bundle"
REDACTED = "redacted"


def zip_path_for(pdf: Path) -> Path:
    """The ZIP bundle written next to the PDF ``pdf``."""
    return pdf.with_suffix(".zip")


def bundle_path(out_dir: Path, now: dt.date, *, redacted: bool) -> Path:
    """The PDF to write for a bundle exported on ``now``'s day into ``out_dir``.

    Args:
        out_dir: the folder (not created here).
        now: the export's date or time (its local day names the file).
        redacted: a redacted bundle.

    Returns:
        The first ``bundle-2026-12-01[-redacted][-N].pdf`` for which neither the PDF nor its ZIP
        exists.
    """
    stem = f"{STEM}-{now.isoformat()[:10]}" + (f"-{REDACTED}" if redacted else "")
    n = 1
    while True:
        pdf = out_dir / (f"{stem}.pdf" if n == 1 else f"{stem}-{n}.pdf")
        if not pdf.exists() and not zip_path_for(pdf).exists():
            return pdf
        n += 1
