"""Bundle strings in zh-Hans, zh-Hant and en, kept as JSON data next to this module."""

from __future__ import annotations

import json
from functools import lru_cache
from importlib import resources
from evidencekit.core.models import LANGUAGES
from evidencekit.errors import ExportError


class Strings:
    """Lookup of one language's bundle strings; ``s("key", n=1)`` formats the template."""

    def __init__(self, lang: str, table: dict[str, str]) -> None:
        self.lang = lang
        self._t = table

    def __call__(self, key: str, **kw: object) -> str:
        text = self._t.get(key, key)
        return text.format(**kw) if kw else text

    def note(self, text: str) -> str:
        """A reader's note (:mod:`evidencekit.core.media.notes`) in this language; as stored
        (English) when it matches no template or this language has no ``note.<key>``."""
        from evidencekit.core.media.notes import parse

        found = parse(text)
        if found is None or f"note.{found[0]}" not in self._t:
            return text
        key, fields = found
        return self(f"note.{key}", **fields)

    @property
    def is_cjk(self) -> bool:
        return self.lang.startswith("zh")


@lru_cache(maxsize=None)
def strings(lang: str) -> Strings:
    """The strings of ``lang`` (one of zh-Hans, zh-Hant, en).

    Raises:
        ExportError: unknown language.
    """
    if lang not in LANGUAGES:
        raise ExportError(f"unknown bundle language {lang!r}; use one of {', '.join(LANGUAGES)}")
    folder = resources.files("evidencekit.core.export").joinpath("locale")
    table = json.loads(folder.joinpath(f"{lang}.json").read_text("utf-8"))
    # tables of one area each ("media.zh-Hans.json": recordings, exports, emails, documents)
    for extra in sorted(p.name for p in folder.iterdir() if p.name.endswith(f".{lang}.json")):
        table.update(json.loads(folder.joinpath(extra).read_text("utf-8")))
    return Strings(lang, table)
