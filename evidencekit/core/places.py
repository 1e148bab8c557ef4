"""Where things go by default: one answer for the command line, the app and the README.

A case made without a folder name goes under ``cases/`` in the platform's user data folder
(``~/.local/share/evidencekit/cases`` on Linux, ``~/Library/Application Support/evidencekit/cases``
on macOS, ``%LOCALAPPDATA%\\evidencekit\\cases`` on Windows).
"""

from __future__ import annotations

import re
from pathlib import Path


def default_cases_dir() -> Path:
    """The folder new cases go in when no folder is given."""
    import platformdirs

    return Path(platformdirs.user_data_dir("evidencekit", appauthor=False)) / "cases"


def slug(title: str) -> str:
    """A folder name for a case title: letters (any script), digits and dashes, at most 60."""
    s = re.sub(r"[^\w\-]+", "-", title, flags=re.UNICODE).strip("-")
    return s[:60] or "case"


def new_case_folder(title: str, base: Path | None = None) -> Path:
    """A folder that does not exist yet for a new case called ``title`` (``-2``, ``-3``... added
    when the name is taken).

    Args:
        title: the case's title.
        base: the parent folder (default: :func:`default_cases_dir`).
    """
    root = (base or default_cases_dir()) / slug(title)
    p, n = root, 2
    while p.exists():
        p = root.with_name(f"{root.name}-{n}")
        n += 1
    return p
