"""The case folder: object store, SQLite index, custody log."""

from evidencekit.core.vault.case import Case

__all__ = ["Case"]
