"""The custody log's vocabulary: every action a case records, in one place.

The values are the strings written into ``custody.jsonl``; they are part of the case format and
never change. Each action's ``details`` shape is described next to it.
"""

from __future__ import annotations

from enum import StrEnum


class Action(StrEnum):
    CASE_CREATED = "case_created"
    CASE_UPDATED = "case_updated"
    ITEM_IMPORTED = "item_imported"
    DUPLICATE_SEEN = "duplicate_seen"
    IMPORT_REJECTED = "import_rejected"
    OCR_RUN = "ocr_run"
    TEXT_CORRECTED = "text_corrected"
    ANNOTATION_CHANGED = "annotation_changed"
    ITEM_WITHDRAWN = "item_withdrawn"
    ITEM_RESTORED = "item_restored"
    ITEM_PURGED = "item_purged"
    EXPORT_MADE = "export_made"
    VERIFICATION_RUN = "verification_run"
    TIMESTAMP_ADDED = "timestamp_added"
    IDENTITY_CREATED = "identity_created"
    IDENTITY_IMPORTED = "identity_imported"
    RECOVERED = "recovered"
