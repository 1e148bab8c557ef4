"""Every JSON string file of the project names each key once: with two, the last silently wins
(a message time once took the custody log's "Time (UTC)" heading that way)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent / "evidencekit"
FILES = sorted(p for p in ROOT.rglob("*.json") if "locale" in p.parts)


def _pairs(pairs: list[tuple[str, object]]) -> dict[str, object]:
    keys = [k for k, _ in pairs]
    twice = sorted({k for k in keys if keys.count(k) > 1})
    assert not twice, f"keys given twice: {twice}"
    return dict(pairs)


def test_there_are_string_files() -> None:
    assert len(FILES) >= 6


@pytest.mark.parametrize("path", FILES, ids=lambda p: str(p.relative_to(ROOT)))
def test_no_key_is_given_twice(path: Path) -> None:
    json.loads(path.read_text(encoding="utf-8"), object_pairs_hook=_pairs)
