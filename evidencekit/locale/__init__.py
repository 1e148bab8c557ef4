"""UI message catalogs (zh-Hans, zh-Hant, en) and the system-locale language guess.

Catalogs are JSON files next to this module (``zh_Hans.json``...), each mapping the English
message id to its translation. English needs no catalog: the id is the text. A missing entry
falls back to the English id, so an untranslated string is visible but never breaks the UI.

Only user-interface strings live here; the bundle/PDF text has its own tables in
``evidencekit.core.export``.
"""

from __future__ import annotations

import json
import logging
import os
from collections.abc import Callable, Mapping
from functools import lru_cache
from importlib import resources

from evidencekit.core.models import LANGUAGES, Language  # defined once: the UI's languages are the bundle's

log = logging.getLogger(__name__)

LANGUAGE_NAMES: dict[str, str] = {"zh-Hans": "简体中文", "zh-Hant": "繁體中文", "en": "English"}
DEFAULT_LANGUAGE: Language = "zh-Hans"

Translator = Callable[[str], str]

# Regions that write Traditional Chinese.
_HANT_REGIONS = ("tw", "hk", "mo", "hant")


@lru_cache(maxsize=None)
def catalog(lang: str) -> Mapping[str, str]:
    """The message table of ``lang`` (empty for English)."""
    lang = normalize_language(lang) or "en"
    if lang == "en":
        return {}
    name = lang.replace("-", "_") + ".json"
    try:
        data = resources.files(__name__).joinpath(name).read_text("utf-8")
        table = json.loads(data)
    except (OSError, ValueError) as e:  # a broken catalog shows English, it never stops the app
        log.warning("message catalog %s unusable: %s", name, e)
        return {}
    return {k: v for k, v in table.items() if not k.startswith("@") and v}


def gettext_for(lang: str) -> Translator:
    """A ``_()`` function for ``lang``: the translation, or the English id when missing."""
    table = catalog(lang)

    def _(msgid: str) -> str:
        return table.get(msgid, msgid)

    return _


def normalize_language(tag: str | None) -> str | None:
    """``zh_CN.UTF-8`` → ``zh-Hans``, ``zh_TW`` → ``zh-Hant``, ``en_US`` → ``en``; None when
    the tag names no language we have (``C``, ``POSIX``, ``fr_FR``)."""
    if not tag:
        return None
    t = tag.split(".")[0].split("@")[0].replace("_", "-").strip().lower()
    if t in ("", "c", "posix"):
        return None
    if t.startswith("zh"):
        parts = t.split("-")[1:]
        return "zh-Hant" if any(p in _HANT_REGIONS for p in parts) else "zh-Hans"
    if t.startswith("en"):
        return "en"
    return None


def detect_language(environ: Mapping[str, str] | None = None) -> str:
    """The UI language from the environment: ``EVIDENCEKIT_LANG``, then ``LANGUAGE`` (first of
    its list), ``LC_ALL``, ``LC_MESSAGES``, ``LANG`` — the first that names a language we have.
    A locale that names another language means English; no locale at all means Simplified
    Chinese (most of our users)."""
    env = os.environ if environ is None else environ
    for var in ("EVIDENCEKIT_LANG", "LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        value = env.get(var, "")
        if not value:
            continue
        for tag in value.split(":"):
            lang = normalize_language(tag)
            if lang:
                return lang
        if var != "LANGUAGE" and value.split(".")[0].upper() not in ("C", "POSIX"):
            return "en"  # a real locale in a language we lack: English is the better guess
    return DEFAULT_LANGUAGE


__all__ = [
    "DEFAULT_LANGUAGE",
    "LANGUAGES",
    "LANGUAGE_NAMES",
    "catalog",
    "detect_language",
    "gettext_for",
    "normalize_language",
]
