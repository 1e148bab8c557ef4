"""The recorders a file name is recognised by are named in the UI's language (the core's data
names them in English): every convention the core knows has its name in each catalog."""

from __future__ import annotations

import json
from pathlib import Path

from evidencekit.tui.i18n import _, set_language
from evidencekit.tui.screens.media import RECORDERS

DATA = Path(__file__).resolve().parents[2] / "evidencekit" / "core" / "media" / "data" / "recorders.json"


def test_every_recorder_convention_has_a_name_in_each_language() -> None:
    ids = {c["id"] for c in json.loads(DATA.read_text(encoding="utf-8"))["conventions"]}
    assert ids <= set(RECORDERS), ids - set(RECORDERS)
    try:
        set_language("zh-Hans")
        assert _(RECORDERS["date-in-name"]) == "含日期，只到日"
        set_language("zh-Hant")
        assert _(RECORDERS["android-screen-recorder"]) == "Android 螢幕錄影"
    finally:
        set_language("en")
