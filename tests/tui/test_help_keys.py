"""The help screen lists every key of every screen, under that screen's heading."""

from __future__ import annotations

import re

import pytest
from textual.binding import Binding

from evidencekit.tui.screens.bundle_view import BundleViewScreen
from evidencekit.tui.screens.case import CaseScreen
from evidencekit.tui.screens.chronology import ChronologyScreen
from evidencekit.tui.screens.draft import DraftScreen
from evidencekit.tui.screens.export import ExportScreen
from evidencekit.tui.screens.findings import FindingsScreen
from evidencekit.tui.screens.help import KEYS
from evidencekit.tui.screens.item import ItemScreen
from evidencekit.tui.screens.picture import PictureScreen
from evidencekit.tui.screens.search import SearchScreen
from evidencekit.tui.screens.start import StartScreen
from evidencekit.tui.screens.verify import VerifyScreen
from evidencekit.tui.app import EvidenceKitApp

# How the help writes a key Textual names otherwise.
SHOWN = {
    "question_mark": "?", "slash": "/", "plus": "+", "equals_sign": "+", "minus": "-", "escape": "Esc",
    "enter": "Enter", "tab": "Tab", "up": "↑", "down": "↓", "left": "←", "right": "→",
}
# Keys every screen has, listed once under "Everywhere" (Esc: back, or cancel).
EVERYWHERE = {"Esc"}

SCREENS = [
    ("Everywhere", EvidenceKitApp), ("Start", StartScreen), ("Case", CaseScreen), ("Item", ItemScreen),
    ("Picture", PictureScreen), ("Export", ExportScreen), ("What the bundle will say", BundleViewScreen),
    ("Chronology", ChronologyScreen), ("Search", SearchScreen), ("Possible breaches", FindingsScreen),
    ("Write a complaint", DraftScreen), ("Verify", VerifyScreen),
]


def shown_key(key: str) -> str:
    """``ctrl+t`` → ``Ctrl+T``; ``shift+f8`` → ``Shift+F8``; ``question_mark`` → ``?``."""
    *mods, last = key.split("+")
    last = SHOWN.get(last, last)
    if re.fullmatch(r"f\d+", last) or (mods and len(last) == 1):
        last = last.upper()
    return "+".join([*(m.capitalize() for m in mods), last])


def listed(section: str) -> set[str]:
    keys = dict(KEYS)[section]
    out: set[str] = set()
    for key, _what in keys:
        for piece in key.replace(" / ", " ").split():
            out.add(piece)
    return out


@pytest.mark.parametrize(("section", "screen"), SCREENS, ids=[s for s, _c in SCREENS])
def test_every_key_of_a_screen_is_in_the_help(section: str, screen: type) -> None:
    bindings = [b for b in screen.BINDINGS if isinstance(b, Binding)]
    assert bindings, screen
    missing = []
    for b in bindings:
        for key in b.key.split(","):
            shown = shown_key(key)
            if shown in EVERYWHERE or (section != "Everywhere" and shown in listed("Everywhere")):
                continue
            if shown not in listed(section):
                missing.append(shown)
    assert missing == [], f"{section}: {missing}"


def test_shown_key() -> None:
    assert shown_key("ctrl+t") == "Ctrl+T"
    assert shown_key("shift+f8") == "Shift+F8"
    assert shown_key("question_mark") == "?"
    assert shown_key("g") == "g" and shown_key("Y") == "Y"


@pytest.mark.parametrize("width", [50, 76])
def test_the_help_wraps_each_description_under_itself(width: int) -> None:
    """In a narrow window a long description goes on under itself, never under the keys."""
    from rich.cells import cell_len
    from textual.content import Content

    from evidencekit.tui.screens.help import HelpScreen

    lines = Content.from_markup(HelpScreen().text(width)).plain.split("\n")
    assert all(cell_len(line) <= width for line in lines), [line for line in lines if cell_len(line) > width]
    continued = [line for line in lines if line.startswith(" " * HelpScreen.INDENT)]
    if width == 50:
        assert continued  # some descriptions do not fit beside their key at this width
    assert all(line.strip() for line in continued)
