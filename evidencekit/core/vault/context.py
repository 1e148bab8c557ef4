"""What every operation on an open case works with: its folder, index, tables, store and custody
writer, and who is acting when. The facade (``Case``) holds one; the operation modules (import,
edits, texts) take it."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from evidencekit.core.clock import Clock, utc_iso
from evidencekit.core.models import Item
from evidencekit.core.vault.index import Index
from evidencekit.core.vault.store import ObjectStore
from evidencekit.core.vault.tables import Tables
from evidencekit.core.vault.writer import CustodyWriter
from evidencekit.errors import VaultError


@dataclass(frozen=True, slots=True)
class VaultContext:
    path: Path
    index: Index
    tables: Tables
    store: ObjectStore
    custody: CustodyWriter
    clock: Clock
    host: str
    user: str
    readonly: bool

    @property
    def actor(self) -> str:
        return f"{self.user}@{self.host}"

    def now(self) -> str:
        """The clock's time as the case records it (ISO 8601, UTC)."""
        return utc_iso(self.clock())

    def writable(self) -> None:
        """Raises VaultError when the case is open read-only."""
        if self.readonly:
            raise VaultError("the case is open read-only")

    def item(self, item_id: int) -> Item:
        """Raises: VaultError when there is no such item."""
        it = self.tables.items.get(item_id)
        if it is None:
            raise VaultError(f"no item {item_id} in this case")
        return it

    def index_notes(self, item: Item) -> None:
        """Make what the user says about an item (and its file name) searchable."""
        text = "\n".join(
            x for x in (item.title, item.proves, item.source, item.extraction_note, " ".join(item.tags),
                        item.original_name) if x
        )
        self.tables.search.put(item.id, "notes", text)
