"""The ``ocr`` table: the latest reading of each screenshot (derived data: rebuildable), or why
it failed, and the screenshot's labels as the case reads it (``labels``, a JSON list: the reading
with the person's corrections and the claimant's name; NULL for readings stored before migration
``011_ocr_labels`` or in an index made before it, whose OCR labels are shown instead)."""

from __future__ import annotations

import hashlib
import json
import sqlite3
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from evidencekit.core.models import OcrResult, OcrState, OcrSummary
from evidencekit.core.ocr.serialise import basis_from_json
from evidencekit.core.vault.custody import canonical

_NO_RESULT = "{}"  # result_json of an item whose only attempt failed
_CHUNK = 900  # ids per IN (...): well below SQLite's limit on bound parameters


def state_of(error: str, result_json: str) -> OcrState:
    """The one rule for "OCR failed": the last attempt failed and no earlier reading is kept (a
    failed re-run keeps the reading it could not replace)."""
    if error and (not result_json or result_json == _NO_RESULT):
        return OcrState.FAILED
    return OcrState.DONE


def reading_digest(data: object) -> str:
    """The SHA-256 of a reading as JSON data, canonical (sorted keys, no spaces, UTF-8): the digest
    an ``ocr_run`` entry records and verification recomputes from the stored row."""
    return hashlib.sha256(canonical(data)).hexdigest()


@dataclass(frozen=True, slots=True)
class StoredReading:
    """What verification needs of a stored reading: its digest (None when the JSON does not
    parse), the cache key and the number of messages."""

    sha256: str | None
    cache_key: str
    messages: int


class OcrTable:
    """Reads and writes of ``ocr``; the caller owns the transaction."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn
        self._has_labels: bool | None = None

    def _labels(self) -> str:
        """The labels column, or NULL for an index made before it existed (opened read-only)."""
        if self._has_labels is None:
            self._has_labels = any(r[1] == "labels" for r in self.conn.execute("PRAGMA table_info(ocr)"))
        return "labels" if self._has_labels else "NULL"

    def put(self, item_id: int, result: OcrResult, *, cache_key: str, at: str,
            labels: Sequence[str] | None = None) -> str:
        """Keep ``result`` as the item's reading (replacing an earlier one, clearing an error), with
        the screenshot's labels as the case reads it (None: not known, the OCR labels are shown).

        Returns:
            The reading's digest (:func:`reading_digest` of what is stored).
        """
        from evidencekit.core.ocr.pipeline import result_to_json  # numpy and PIL: only when storing

        text = json.dumps(result_to_json(result), ensure_ascii=False)
        self.conn.execute(
            "INSERT INTO ocr(item_id, cache_key, result_json, created_at, error, labels) VALUES (?, ?, ?, ?, '', ?) "
            "ON CONFLICT(item_id) DO UPDATE SET cache_key = excluded.cache_key, "
            "result_json = excluded.result_json, created_at = excluded.created_at, error = '', "
            "labels = excluded.labels",
            (item_id, cache_key, text, at, None if labels is None else json.dumps(list(labels))),
        )
        # the digest of what a reader will parse back, not of the object: the same bytes verify sees
        return reading_digest(json.loads(text))

    def set_labels(self, item_id: int, labels: Sequence[str]) -> None:
        """Keep the screenshot's labels as the case now reads it (after a correction)."""
        self.conn.execute("UPDATE ocr SET labels = ? WHERE item_id = ?", (json.dumps(list(labels)), item_id))

    def stored(self) -> dict[int, StoredReading]:
        """Every stored reading (rows of failed attempts without one are left out)."""
        out: dict[int, StoredReading] = {}
        for item_id, cache_key, result_json in self.conn.execute("SELECT item_id, cache_key, result_json FROM ocr"):
            if not result_json or result_json == _NO_RESULT:
                continue
            try:
                data = json.loads(result_json)
                messages = data.get("messages")
                n = len(messages) if isinstance(messages, list) else 0
                out[int(item_id)] = StoredReading(reading_digest(data), str(cache_key), n)
            except (ValueError, AttributeError):
                out[int(item_id)] = StoredReading(None, str(cache_key), 0)
        return out

    def put_error(self, item_id: int, error: str, *, at: str) -> None:
        """Remember why reading failed; an earlier reading, if any, is kept."""
        self.conn.execute(
            "INSERT INTO ocr(item_id, cache_key, result_json, created_at, error) VALUES (?, '', ?, ?, ?) "
            "ON CONFLICT(item_id) DO UPDATE SET error = excluded.error, created_at = excluded.created_at",
            (item_id, _NO_RESULT, at, error),
        )

    def item_ids(self) -> set[int]:
        """The items that have a row: read, or tried and failed."""
        return {int(r[0]) for r in self.conn.execute("SELECT item_id FROM ocr")}

    def state(self, item_id: int) -> OcrState:
        row = self.conn.execute("SELECT error, result_json FROM ocr WHERE item_id = ?", (item_id,)).fetchone()
        return OcrState.NONE if row is None else state_of(row[0], row[1])

    def result(self, item_id: int) -> OcrResult | None:
        """The stored reading, or None when there is none.

        Raises:
            KeyError, TypeError, ValueError: the stored JSON is not a reading (a damaged index).
        """
        row = self.conn.execute("SELECT result_json FROM ocr WHERE item_id = ?", (item_id,)).fetchone()
        if row is None or not row[0] or row[0] == _NO_RESULT:
            return None
        from evidencekit.core.ocr.pipeline import result_from_json

        return result_from_json(json.loads(row[0]))

    def summaries(self, ids: Sequence[int] | None = None) -> dict[int, OcrSummary]:
        """A summary of every item that has a row (of ``ids`` only, when given): its labels as
        the case reads it when kept, else those OCR gave its messages.

        Plain tuples and ``json.loads`` (C): about 0.1 s for 10,000 readings; SQLite's ``json_each``
        was slower, and building an ``OcrResult`` per row several times slower.
        """
        out: dict[int, OcrSummary] = {}
        loads = json.loads
        for item_id, result_json, error, kept in self._rows(ids):
            state = state_of(error, result_json)
            if state is OcrState.FAILED:
                out[item_id] = OcrSummary(state, error=error)
                continue
            try:
                d = loads(result_json)
                labels: list[str] = []
                messages = d.get("messages") or ()
                stamps = []
                for m in messages:
                    # with how OCR resolved it (the day of a separator above a bare clock time)
                    stamps.append((m.get("time_label"), m.get("sent_at"), basis_from_json(m.get("time_basis"))))
                    for lab in () if kept is not None else m.get("labels") or ():
                        name = lab.get("name")
                        if name and name not in labels:
                            labels.append(name)
                if kept is not None:
                    labels = [str(n) for n in loads(kept)]
                warned = tuple(str(w["code"]) for w in d.get("warnings") or () if isinstance(w, dict) and "code" in w)
                out[item_id] = OcrSummary(state, d.get("sender") or "", tuple(labels), len(messages), error,
                                          warned, tuple(stamps))
            except (ValueError, AttributeError, TypeError):
                out[item_id] = OcrSummary(state, error=error)  # unreadable JSON: read, but nothing to show
        return out

    def _rows(self, ids: Sequence[int] | None) -> Iterator[tuple[int, str, str, str | None]]:
        cols = f"item_id, result_json, error, {self._labels()}"
        if ids is None:
            yield from self.conn.execute(f"SELECT {cols} FROM ocr")
            return
        for k in range(0, len(ids), _CHUNK):
            part = list(ids[k:k + _CHUNK])
            marks = ",".join("?" * len(part))
            yield from self.conn.execute(f"SELECT {cols} FROM ocr WHERE item_id IN ({marks})", part)
