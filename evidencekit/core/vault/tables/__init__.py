"""One class per table of the index, each owning its SQL (in the spirit of sqlite-utils' Table).

Every class takes the connection and leaves transactions to the caller (``Index.atomic()``).
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass

from evidencekit.core.vault.tables.corrections import CorrectionsTable
from evidencekit.core.vault.tables.custody import CustodyTable
from evidencekit.core.vault.tables.items import EDITABLE_FIELDS, ItemsTable, NewItem
from evidencekit.core.vault.tables.meta import CaseMetaTable
from evidencekit.core.vault.tables.ocr import OcrTable
from evidencekit.core.vault.tables.search import SearchIndex
from evidencekit.core.vault.tables.settings import SettingsTable


@dataclass(frozen=True, slots=True)
class Tables:
    """Every table of one index."""

    items: ItemsTable
    ocr: OcrTable
    corrections: CorrectionsTable
    custody: CustodyTable
    meta: CaseMetaTable
    settings: SettingsTable
    search: SearchIndex

    @classmethod
    def on(cls, conn: sqlite3.Connection) -> Tables:
        return cls(ItemsTable(conn), OcrTable(conn), CorrectionsTable(conn), CustodyTable(conn),
                   CaseMetaTable(conn), SettingsTable(conn), SearchIndex(conn))


__all__ = ["EDITABLE_FIELDS", "NewItem", "Tables"]
