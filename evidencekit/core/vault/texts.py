"""The text read from screenshots: storing a reading, the user's corrections, and what search
indexes of both. The OCR output is kept as it was read; a correction is stored beside it and
logged with the old and new text."""

from __future__ import annotations

from dataclasses import replace

from evidencekit.core.models import OcrResult
from evidencekit.core.vault import actions
from evidencekit.core.vault.context import VaultContext
from evidencekit.errors import VaultError


def store_ocr(v: VaultContext, item_id: int, result: OcrResult, *, cache_key: str) -> None:
    """Keep a reading, index its text, log the run; see ``Case.store_ocr``."""
    it = v.item(item_id)
    with v.index.atomic():
        v.tables.ocr.put(item_id, result, cache_key=cache_key, at=v.now())
        v.tables.search.put(item_id, "ocr", searchable(result, v.tables.corrections.latest(item_id)))
        v.custody.append(
            actions.OcrRun(engine=result.engine.name, version=result.engine.version,
                           languages=result.engine.languages, script=result.script,
                           messages=len(result.messages), cache_key=cache_key),
            item_id=item_id,
            sha256=it.sha256,
        )
    v.custody.sync()


def store_ocr_error(v: VaultContext, item_id: int, error: str) -> None:
    with v.index.atomic():
        v.tables.ocr.put_error(item_id, error, at=v.now())


def reading(v: VaultContext, item_id: int, *, corrected: bool) -> tuple[OcrResult | None, frozenset[int]]:
    """An item's reading (the user's corrections applied when ``corrected``), and the indexes of
    the messages whose text a correction replaced."""
    result = v.tables.ocr.result(item_id)
    if result is None or not corrected:
        return result, frozenset()
    fixes = {i: t for i, t in v.tables.corrections.latest(item_id).items() if 0 <= i < len(result.messages)}
    if not fixes:
        return result, frozenset()
    messages = tuple(replace(m, text=fixes[i]) if i in fixes else m for i, m in enumerate(result.messages))
    return replace(result, messages=messages), frozenset(fixes)


def correct_message(v: VaultContext, item_id: int, message_index: int, text: str) -> None:
    """Correct one message's text; see ``Case.correct_message``."""
    it = v.item(item_id)
    result = v.tables.ocr.result(item_id)
    if result is None:
        raise VaultError(f"item {item_id} has not been read yet; nothing to correct")
    if not 0 <= message_index < len(result.messages):
        raise VaultError(f"item {item_id} has no message {message_index + 1}")
    original = result.messages[message_index].text
    before = v.tables.corrections.latest(item_id).get(message_index, original)
    if before == text:
        return
    with v.index.atomic():
        v.tables.corrections.add(item_id, message_index, original=original, text=text, at=v.now(), actor=v.actor)
        v.tables.search.put(item_id, "ocr", searchable(result, v.tables.corrections.latest(item_id)))
        v.custody.append(actions.TextCorrected(message_index, original, before, text), item_id=item_id,
                         sha256=it.sha256)
    v.custody.sync()


def searchable(result: OcrResult, fixes: dict[int, str]) -> str:
    """What search sees of a reading: the sender, then each message (corrected where corrected)."""
    parts = [result.sender or ""] + [fixes.get(i, m.text) for i, m in enumerate(result.messages)]
    return "\n".join(p for p in parts if p)
