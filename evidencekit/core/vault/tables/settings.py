"""The ``settings`` table: small values the app keeps with the case (JSON, by key)."""

from __future__ import annotations

import json
import sqlite3

from evidencekit.core.models import JsonValue


class SettingsTable:
    """Reads and writes of ``settings``; the caller owns the transaction."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn

    def get(self, key: str, default: JsonValue = None) -> JsonValue:
        row = self.conn.execute("SELECT value FROM settings WHERE key = ?", (key,)).fetchone()
        if row is None:
            return default
        value: JsonValue = json.loads(row[0])
        return value

    def put(self, key: str, value: JsonValue) -> None:
        self.conn.execute(
            "INSERT INTO settings(key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
            (key, json.dumps(value, ensure_ascii=False)),
        )
