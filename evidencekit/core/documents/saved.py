"""The person's own edits of a draft, kept with the case and logged in its custody log.

The text is kept in the case's settings table (one value under :data:`SETTINGS_KEY`, by channel
and language, with the respondent the complaint is about, so that it is never used for another's);
each save is a ``draft_edited`` custody entry holding the text's SHA-256 and
length, the digest of the draft as written from the case when the edit began, and the digest of
the edit it replaces, so that what was handed over can be matched to the log.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass
from typing import Protocol

from evidencekit.core.export.model import DRAFT_EDITS_KEY
from evidencekit.core.models import JsonValue
from evidencekit.core.vault import actions

SETTINGS_KEY = DRAFT_EDITS_KEY


class EditableCase(Protocol):
    """An open case, as far as saved drafts go (the vault's ``Case``)."""

    def setting(self, key: str, default: JsonValue = None) -> JsonValue: ...

    def set_setting(self, key: str, value: JsonValue, *, logged: actions.Details | None = None) -> None: ...


@dataclass(frozen=True, slots=True)
class SavedDraft:
    """An edited draft: its channel and language, the text, when it was saved, its SHA-256, and
    whom it is about ("" when not recorded, or for the lawyer's brief)."""

    channel: str
    language: str
    text: str
    saved_at: str
    sha256: str
    respondent: str = ""


def digest(text: str) -> str:
    """The SHA-256 of a draft's text (UTF-8)."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _all(case: EditableCase) -> dict[str, JsonValue]:
    raw = case.setting(SETTINGS_KEY)
    return dict(raw) if isinstance(raw, dict) else {}


def saved_draft(case: EditableCase, channel: str, language: str) -> SavedDraft | None:
    """The person's saved text for a channel and language (None when they kept the written one)."""
    v = _all(case).get(f"{channel}:{language}")
    if not isinstance(v, dict) or not isinstance(v.get("text"), str):
        return None
    text = str(v["text"])
    return SavedDraft(channel, language, text, str(v.get("saved_at", "")), digest(text), str(v.get("respondent", "")))


def save_draft(case: EditableCase, channel: str, language: str, text: str, *, based_on: str = "",
               respondent: str = "", now: dt.datetime | None = None) -> SavedDraft:
    """Keep the person's edit of a draft and log it.

    Args:
        case: an open, writable case.
        channel: the channel id.
        language: the draft's language.
        text: the edited text.
        based_on: the draft as written from the case when the edit began (its digest is logged).
        respondent: whom the complaint is about (:attr:`Draft.respondent`).
        now: the time saved (tests pass a fixed one).

    Returns:
        What was saved.

    Raises:
        VaultError: the case is read-only.
    """
    previous = saved_draft(case, channel, language)
    when = (now or dt.datetime.now().astimezone()).isoformat(timespec="seconds")
    saved = SavedDraft(channel, language, text, when, digest(text), respondent)
    edits = _all(case)
    edits[f"{channel}:{language}"] = {"text": text, "saved_at": when, "respondent": respondent}
    # the edit and its custody entry in one transaction: a crash leaves both or neither
    case.set_setting(SETTINGS_KEY, edits, logged=actions.DraftEdited(
        channel, language, saved.sha256, len(text), digest(based_on) if based_on else "",
        previous.sha256 if previous is not None else ""))
    return saved


def revert_draft(case: EditableCase, channel: str, language: str, written: str) -> None:
    """Drop the person's edit: the draft is written from the case again. Logged (``reverted``).

    Args:
        case: an open, writable case.
        channel, language: which draft.
        written: the text as written from the case now (its digest is logged).
    """
    previous = saved_draft(case, channel, language)
    if previous is None:
        return
    edits = _all(case)
    edits.pop(f"{channel}:{language}", None)
    case.set_setting(SETTINGS_KEY, edits, logged=actions.DraftEdited(
        channel, language, digest(written), len(written), digest(written), previous.sha256, reverted=True))
