"""Catalogs cover every UI string; the language comes from the locale."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from evidencekit.locale import LANGUAGES, catalog, detect_language, gettext_for, normalize_language
from evidencekit.locale.msgids import collect_msgids

LOCALE_DIR = Path(__file__).resolve().parents[2] / "evidencekit" / "locale"


@pytest.mark.parametrize(
    ("env", "expected"),
    [
        ({}, "zh-Hans"),
        ({"LANG": "C.UTF-8"}, "zh-Hans"),
        ({"LANG": "zh_CN.UTF-8"}, "zh-Hans"),
        ({"LANG": "zh_TW.UTF-8"}, "zh-Hant"),
        ({"LANG": "zh_HK.UTF-8"}, "zh-Hant"),
        ({"LANG": "zh_SG.UTF-8"}, "zh-Hans"),
        ({"LANG": "en_US.UTF-8"}, "en"),
        ({"LANG": "fr_FR.UTF-8"}, "en"),
        ({"LANG": "en_US.UTF-8", "LC_ALL": "zh_TW.UTF-8"}, "zh-Hant"),
        ({"LANG": "zh_CN.UTF-8", "LC_MESSAGES": "en_GB.UTF-8"}, "en"),
        ({"LANGUAGE": "zh_TW:en", "LANG": "en_US.UTF-8"}, "zh-Hant"),
        ({"EVIDENCEKIT_LANG": "en", "LANG": "zh_CN.UTF-8"}, "en"),
        ({"LANG": "zh-Hant"}, "zh-Hant"),
    ],
)
def test_detect_language(env: dict[str, str], expected: str) -> None:
    assert detect_language(env) == expected


def test_normalize_language() -> None:
    assert normalize_language("POSIX") is None
    assert normalize_language("zh_MO") == "zh-Hant"


@pytest.mark.parametrize("lang", [lang for lang in LANGUAGES if lang != "en"])
def test_catalog_covers_every_ui_string(lang: str) -> None:
    table = json.loads((LOCALE_DIR / f"{lang.replace('-', '_')}.json").read_text("utf-8"))
    missing = sorted(i for i in collect_msgids() if not table.get(i))
    assert missing == []


@pytest.mark.parametrize("lang", [lang for lang in LANGUAGES if lang != "en"])
def test_placeholders_survive_translation(lang: str) -> None:
    for msgid, text in catalog(lang).items():
        assert set(re.findall(r"\{\w+\}", msgid)) == set(re.findall(r"\{\w+\}", text)), msgid


def test_scripts_differ() -> None:
    hans, hant = gettext_for("zh-Hans"), gettext_for("zh-Hant")
    assert hans("Export") == "导出"
    assert hant("Export") == "匯出"
    assert gettext_for("en")("Export") == "Export"
    assert hans("a string nobody translated") == "a string nobody translated"


@pytest.mark.parametrize("lang", [lang for lang in LANGUAGES if lang != "en"])
def test_no_stale_catalog_entries(lang: str) -> None:
    table = json.loads((LOCALE_DIR / f"{lang.replace('-', '_')}.json").read_text("utf-8"))
    ids = collect_msgids()
    assert sorted(k for k in table if not k.startswith("@") and k not in ids) == []
