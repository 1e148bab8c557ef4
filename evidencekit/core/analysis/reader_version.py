"""Which reader labelled a case's screenshots: a fingerprint of the rules, the statistical model
and the analysis code that read them.

A screenshot's labels are kept in the case when it is read (the case list shows them without
running the classifier). A case remembers the reader that read them, and reads them again at a
writable open when the installed reader differs (:func:`evidencekit.core.vault.texts.refresh_labels`),
so the list never shows an older reader's labels beside a bundle that reads anew. Only files are
hashed here: opening a case does not load the classifier unless the labels must be read again.
"""

from __future__ import annotations

import hashlib
from functools import lru_cache
from importlib import resources
from importlib.resources.abc import Traversable


@lru_cache(maxsize=1)
def reader_version() -> str:
    """The fingerprint (SHA-256, hex) of the installed reader: every analysis module and rule file."""
    h = hashlib.sha256()
    for name, f in sorted(_files(resources.files("evidencekit.core.analysis"), "")):
        h.update(name.encode("utf-8") + b"\0" + f.read_bytes() + b"\0")
    return h.hexdigest()


def _files(folder: Traversable, prefix: str) -> list[tuple[str, Traversable]]:
    out: list[tuple[str, Traversable]] = []
    for f in folder.iterdir():
        if f.is_dir():
            if f.name != "__pycache__":
                out += _files(f, f"{prefix}{f.name}/")
        elif f.name.endswith((".py", ".toml", ".json")):
            out.append((prefix + f.name, f))
    return out
