"""Quantities as people read them (the app and the bundle show sizes the same way)."""

from __future__ import annotations


def human_size(n: int) -> str:
    """``532 B``, ``12.3 KB``, ``4.0 MB``, ``1.2 GB`` (powers of 1024)."""
    size = float(n)
    for unit in ("B", "KB", "MB"):
        if size < 1024:
            return f"{n} B" if unit == "B" else f"{size:.1f} {unit}"
        size /= 1024
    return f"{size:.1f} GB"
