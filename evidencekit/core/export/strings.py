"""Bundle strings in zh-Hans, zh-Hant and en, kept as JSON data next to this module."""

from __future__ import annotations

import json
from functools import lru_cache
from importlib import resources
from evidencekit.core.models import LANGUAGES
from evidencekit.errors import ExportError


#: The regions whose readers write their own words for a few of a language's strings
#: (``region.zh-Hant.TW.json``: 申訴人, 被申訴人, 證據清單, 待證事實 in Taiwan; 投訴人, 被投訴機構
#: in Hong Kong). A region is a rule set's jurisdiction; any other (CN, none) takes the
#: language's own table as it is.
REGIONS = ("TW", "HK")


class Strings:
    """Lookup of one language's bundle strings, as read in one region; ``s("key", n=1)`` formats
    the template."""

    def __init__(self, lang: str, table: dict[str, str], region: str = "") -> None:
        self.lang = lang
        self.region = region
        self._t = table

    def __call__(self, key: str, **kw: object) -> str:
        text = self._t.get(key, key)
        return text.format(**kw) if kw else text

    def get(self, key: str, default: str) -> str:
        """The string of ``key``, ``default`` when this language and region have none (a word
        only some regions change: a draft's field label that channels.toml gives otherwise)."""
        return self._t.get(key, default)

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


def strings(lang: str, region: str = "") -> Strings:
    """The strings of ``lang`` (one of zh-Hans, zh-Hant, en) as a reader in ``region`` reads
    them: the language's table, with the region's own words for the few keys that differ
    (``region.<lang>.<REGION>.json``). The one lookup of the bundle's and the drafts' words.

    Args:
        lang: zh-Hans, zh-Hant or en.
        region: the case's rule set's jurisdiction ("TW", "HK"; "" or "CN": the table as it is).

    Raises:
        ExportError: unknown language.
    """
    return _strings(lang, region.upper() if region.upper() in REGIONS else "")


@lru_cache(maxsize=None)
def _strings(lang: str, region: str) -> Strings:
    if lang not in LANGUAGES:
        raise ExportError(f"unknown bundle language {lang!r}; use one of {', '.join(LANGUAGES)}")
    folder = resources.files("evidencekit.core.export").joinpath("locale")
    table = json.loads(folder.joinpath(f"{lang}.json").read_text("utf-8"))
    # tables of one area each ("media.zh-Hans.json": recordings, exports, emails, documents)
    for extra in sorted(p.name for p in folder.iterdir() if p.name.endswith(f".{lang}.json")):
        table.update(json.loads(folder.joinpath(extra).read_text("utf-8")))
    own = folder.joinpath(f"region.{lang}.{region}.json")
    if region and own.is_file():
        theirs = json.loads(own.read_text("utf-8"))
        table.update({k: v for k, v in theirs.items() if not k.startswith("@")})
        # a word the region says otherwise everywhere, its own strings too (a key it rewrote may
        # still hold the shared word)
        table = {k: in_region(v, lang, region) for k, v in table.items()}
    return Strings(lang, table, region)


@lru_cache(maxsize=None)
def _region_words(lang: str, region: str) -> tuple[tuple[str, str], ...]:
    own = resources.files("evidencekit.core.export").joinpath("locale").joinpath(f"region.{lang}.{region}.json")
    if not region or not own.is_file():
        return ()
    return tuple(json.loads(own.read_text("utf-8")).get("@words", {}).items())


def in_region(text: str, lang: str, region: str = "") -> str:
    """Text shared by several regions, in the words of one ("@words" of its region file, in
    order: Hong Kong's 短訊 for 簡訊, 收數 for 催收): the bundle's strings and the words a complaint
    channel shares across regions (its hint, its requests). Never for quoted evidence."""
    r = region.upper() if region.upper() in REGIONS else ""
    for word, said in _region_words(lang, r):
        text = text.replace(word, said)
    return text


#: A document's language tag (BCP 47, as Word and PDF readers take it) by its language and region.
_TAGS = {("zh-Hans", ""): "zh-CN", ("zh-Hant", ""): "zh-TW", ("zh-Hant", "TW"): "zh-TW", ("zh-Hant", "HK"): "zh-HK",
         ("en", ""): "en-US", ("en", "HK"): "en-HK", ("en", "TW"): "en-US"}
#: The East Asian text in a document of each region (an English draft quotes Chinese messages).
_EAST_ASIAN = {"": "zh-CN", "TW": "zh-TW", "HK": "zh-HK"}


def language_tag(lang: str, region: str = "") -> tuple[str, str]:
    """The language tags of a document in ``lang`` for a case in ``region``: its own (zh-CN,
    zh-TW, zh-HK, en-US, en-HK) and that of the Chinese text in it (a Hong Kong case's English
    draft quotes Cantonese messages: zh-HK, not zh-CN). A Simplified Chinese document is zh-CN
    wherever its case is."""
    r = region.upper() if region.upper() in REGIONS else ""
    own = _TAGS.get((lang, r)) or _TAGS.get((lang, ""), "en-US")
    return own, own if lang.startswith("zh") else _EAST_ASIAN[r]
