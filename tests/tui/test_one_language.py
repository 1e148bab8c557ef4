"""One language at a time: every screen, dialog and message of the app, walked in each UI language,
holds no words of another (names, numbers, file names and quoted evidence aside).

Chinese screens may not show English words (beyond key names and a few proper terms: OCR, PDF,
SHA-256...) nor characters of the other script; English screens may not show Chinese characters
beyond the case's own data and the names of the languages.
"""

from __future__ import annotations

import html
import pprint
import re
from collections.abc import Callable
from pathlib import Path

import pytest
from textual import events

from evidencekit.core.models import Item
from evidencekit.core.ocr.script import to_simplified, to_traditional
from evidencekit.core.vault.case import Case
from evidencekit.locale import LANGUAGE_NAMES

from .conftest import settle
from tests.fakes.ocr import TEXT

SIZE = (100, 32)
# Rule sets are named by their ids ("cn-cba-2026") in every language, like file names.
RULESET_IDS = ["cn-cba-2026", "tw-fsc", "hk-hkma"]

# English words a Chinese screen may show: key names, formats and proper terms kept as they are.
ALLOWED_WORDS = {
    "evidencekit", "ocr", "pdf", "zip", "sha", "exif", "ctrl", "shift", "esc", "enter", "tab", "rfc", "http",
    "url", "image", "label", "sender", "yyyy", "png", "jpg", "wav", "kind", "tag", "from", "app",
}


def screen_text(app) -> str:  # type: ignore[no-untyped-def]
    """What the screen shows (the exported SVG's text), with the notifications' titles and texts."""
    svg = app.export_screenshot()
    lines = [html.unescape(t) for t in re.findall(r"<text class=\"terminal-[^\"]*\"[^>]*>([^<]*)</text>", svg)]
    said = [f"{n.title} {n.message}" for n in app._notifications]
    return "\n".join(lines + said)


def data_strings(case: Case, extra: list[str]) -> list[str]:
    """Texts that come from the case or the files, not from the app (allowed in any language)."""
    meta = case.meta
    out = [*RULESET_IDS, meta.title, meta.claimant_name, meta.claimant_phone, *(r.name for r in meta.respondents), TEXT,
           *LANGUAGE_NAMES.values(), "简体", "繁體", "English", "证明目的", *extra]
    # digests the screens show (an item's, the custody log's), which a narrow column may cut to a
    # few letters ("dcc"): data, in no language
    out += [d for e in case.log_entries() for d in (e.hash, e.prev_hash, e.sha256 or "")]
    cert = case.path / "keys" / "signing-cert.pem"
    if cert.exists():  # the signing certificate's fingerprint, which verify shows
        from cryptography import x509
        from cryptography.hazmat.primitives import hashes

        out.append(x509.load_pem_x509_certificate(cert.read_bytes()).fingerprint(hashes.SHA256()).hex())
    for it in case.items(include_withdrawn=True):
        out += [it.sha256, it.sm3]
        out += _item_strings(it)
        reading = case.ocr_result(it.id, corrected=True)
        if reading is not None:
            out += [reading.sender or "", *(m.text for m in reading.messages)]
    return sorted((s for s in out if s), key=len, reverse=True)


def _item_strings(it: Item) -> list[str]:
    return [it.title, it.proves, it.source, it.original_name, it.original_path, it.host, it.user, *it.tags,
            it.extraction_note, it.group_name]


def foreign(text: str, lang: str, allowed: list[str]) -> list[str]:
    """The words or characters of ``text`` in another language than ``lang``; ``allowed``: the
    case's data, which may be cut or wrapped on screen (any piece of it is allowed)."""
    for a in allowed:
        text = text.replace(a, " ")
    data = "\n".join(allowed)
    text = re.sub(r"[0-9a-f]{6,}", " ", text)  # digests
    text = re.sub(r"\S+\.(png|jpg|wav|pdf|zip|jsonl|json|log)\b", " ", text)  # file names
    text = re.sub(r"[A-Za-z0-9_.\-~]*(/[\w.\-~]+)+/?", " ", text)  # paths (an input may show a path cut at its start)
    if lang == "en":
        runs = re.findall(r"[\u3400-\u9fff]+", text)
        return [r for r in runs if r not in data]
    lowered = data.lower()
    bad = [w for w in re.findall(r"[A-Za-z]{3,}", text) if w.lower() not in ALLOWED_WORDS and w.lower() not in lowered]
    convert = to_simplified if lang == "zh-Hans" else to_traditional
    bad += [c for c in re.findall(r"[\u3400-\u9fff]", text) if convert(c) != c and c not in data]
    return bad


class Walk:
    """Visits a screen, records what it shows, comes back."""

    def __init__(self, pilot, app, lang: str, allowed: Callable[[], list[str]]) -> None:  # type: ignore[no-untyped-def]
        self.pilot, self.app, self.lang, self.allowed = pilot, app, lang, allowed
        self.problems: dict[str, list[str]] = {}

    async def look(self, where: str) -> None:
        if "DirectoryTree" in {type(w).__name__ for w in self.app.screen.walk_children()} or any(
                "DirectoryTree" in [c.__name__ for c in type(w).__mro__] for w in self.app.screen.walk_children()):
            await self.pilot.pause(0.5)  # a directory tree's loader never completes: no settling
        else:
            await settle(self.pilot, self.app)
        bad = foreign(screen_text(self.app), self.lang, self.allowed())
        if bad:
            self.problems[where] = sorted(set(bad))
        self.app._notifications.clear()
        self.app._refresh_notifications()

    async def visit(self, where: str, *keys: str, back: tuple[str, ...] = ("escape",)) -> None:
        await self.pilot.press(*keys)
        await self.look(where)
        if back:
            await self.pilot.press(*back)
            await self.pilot.pause(0.2)


@pytest.mark.parametrize("lang", ["zh-Hans", "zh-Hant", "en"])
async def test_every_screen_speaks_one_language(app_factory, read_case: Path, samples: Path, lang: str,
                                               tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HOME", str(samples))  # the import browser starts there
    with Case.open(read_case) as c:
        c.update_meta(language=lang)  # the bundle's language too: its preview quotes it
    app = app_factory(None, language=lang)
    async with app.run_test(size=SIZE) as pilot:
        extra = [str(read_case), str(samples), str(app.config.path.parent), "改过", "abc", "简体", "繁體", "English",
                 *(p.name for p in samples.rglob("*"))]
        walk = Walk(pilot, app, lang, lambda: data_strings(app.case, extra) if app.case else extra)
        await walk.look("start")
        await walk.visit("new case form", "n")
        await walk.visit("verify (start)", "v")
        await walk.visit("help", "question_mark")
        assert app.open_case(read_case)
        await settle(pilot, app, rounds=4)
        await walk.look("case")
        await walk.visit("case details", "m")
        await walk.visit("edit item", "home", "a")
        await walk.visit("withdraw", "d")
        await walk.visit("import browser", "i")
        await walk.visit("read again?", "o")
        await walk.visit("search", "slash", *"abc")
        await walk.visit("chronology", "t")
        await walk.visit("bundle view", "b")
        await walk.visit("possible breaches", "g")
        await walk.visit("complaint draft", "r")
        await walk.visit("export", "e", back=())
        app.screen.query_one("#redact").value = True
        await walk.look("export, redacted")
        await pilot.press("escape")
        await walk.visit("verify (case)", "v")
        await walk.visit("item", "home", "c", back=())
        await walk.visit("message details", "ctrl+t")
        await walk.visit("picture", "f4")
        app.focused.text = "改过"
        await walk.visit("unsaved question", "escape", back=("escape",))
        await pilot.press("ctrl+s")
        await walk.look("correction saved")
        await pilot.press("escape")
        await settle(pilot, app)
        await walk.visit("quit prompt", "ctrl+c", back=())
        await walk.visit("command palette", "ctrl+p")
        app.screen.post_message(events.Paste(f"{samples}/ios-light-hant-threat.png {samples}/notes.bin"))
        await walk.look("import question")
        await pilot.press("enter")
        await settle(pilot, app, rounds=6)
        await walk.look("import result")
        await pilot.press("escape")
    assert not walk.problems, pprint.pformat(walk.problems, width=150)
