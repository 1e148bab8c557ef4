"""The ``case_meta`` table: the case's description (one JSON value under the key ``meta``)."""

from __future__ import annotations

import json
import sqlite3

from evidencekit.core.models import CaseMeta
from evidencekit.core.vault.actions import meta_dict, meta_from


class CaseMetaTable:
    """Reads and writes of ``case_meta``; the caller owns the transaction."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn

    def get(self) -> CaseMeta:
        row = self.conn.execute("SELECT value FROM case_meta WHERE key = 'meta'").fetchone()
        return meta_from(json.loads(row[0]) if row else {}) or CaseMeta("")

    def put(self, meta: CaseMeta) -> None:
        self.conn.execute(
            "INSERT INTO case_meta(key, value) VALUES ('meta', ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
            (json.dumps(meta_dict(meta), ensure_ascii=False),),
        )
