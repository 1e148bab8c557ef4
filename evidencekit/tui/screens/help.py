"""Every key, by screen."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from evidencekit.tui.i18n import _

KEYS: list[tuple[str, list[tuple[str, str]]]] = [
    (
        "Everywhere",
        [
            ("?", "Help"),
            ("q", "Quit"),
            ("F2", "Switch language (简体 / 繁體 / English)"),
            ("Ctrl+P", "Command palette: every action by name"),
            ("Esc", "Back, or cancel the running task"),
        ],
    ),
    ("Start", [("n", "New case"), ("o", "Open case"), ("Enter", "Open the highlighted recent case")]),
    (
        "Case",
        [
            ("i", "Import (or drag files into the window)"),
            ("Enter", "Open the item: picture beside its text"),
            ("a", "Edit title, what it proves, source, time, tags, group"),
            ("o", "Read text of the screenshots (OCR)"),
            ("c", "Correct the OCR text"),
            ("d", "Withdraw / restore the item"),
            ("Ctrl+↑ / Ctrl+↓", "Move the item up or down in the exhibit list"),
            ("/", "Search"),
            ("t", "Chronology"),
            ("e", "Export a bundle"),
            ("v", "Verify"),
            ("f", "Filter the table (kind:image label:… sender:…)"),
            ("s", "Sort by the next column (or click a column title)"),
            ("h", "Show or hide withdrawn items"),
            ("w", "Close the case"),
        ],
    ),
    ("Item", [("Ctrl+S", "Save corrections"), ("a", "Edit")]),
    ("Chronology", [("n", "Night only")]),
]


class HelpScreen(ModalScreen[None]):
    BINDINGS = [Binding("escape,q,question_mark", "close", "Close")]

    def compose(self) -> ComposeResult:
        lines = [f"[b]{_('Keys')}[/b]", ""]
        for section, keys in KEYS:
            lines.append(f"[b $accent]{_(section)}[/]")
            for key, what in keys:
                lines.append(f"  [b]{key:<16}[/b] {_(what)}")
            lines.append("")
        lines.append(
            _("Drag and drop: drop screenshots, recordings or folders onto the terminal window; "
              "EvidenceKit asks before importing them.")
        )
        with VerticalScroll(classes="dialog", id="help"):
            yield Static("\n".join(lines))

    def action_close(self) -> None:
        self.dismiss(None)
