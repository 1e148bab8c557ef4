"""The case folder: object store, SQLite index, custody log.

Outside the vault, a case is reached through its facade, :class:`evidencekit.core.vault.case.Case`,
and the custody vocabulary through :mod:`evidencekit.core.vault.actions`; the other modules are the
vault's own (the app and the CLI may not import them: see the import-linter contracts).
"""

from evidencekit.core.vault.case import Case

__all__ = ["Case"]
