"""Every key, by screen."""

from __future__ import annotations

from rich.cells import cell_len
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from evidencekit.tui.i18n import N_, _
from evidencekit.tui.markup import escape
from evidencekit.tui.toasts import fit

KEYS: list[tuple[str, list[tuple[str, str]]]] = [
    (
        N_("Everywhere"),
        [
            ("?", N_("Help")),
            ("q", N_("Quit")),
            ("F2", N_("Switch language (简体 / 繁體 / English)")),
            ("F3", N_("Light or dark colours")),
            ("Ctrl+P", N_("Command palette: every action by name")),
            ("Esc", N_("Back, or cancel the running task")),
        ],
    ),
    (N_("Start"), [("n", N_("New case")), ("o", N_("Open case")), ("v", N_("Verify a bundle or a case folder")),
                   ("Enter", N_("Open the highlighted recent case"))]),
    (
        N_("Case"),
        [
            ("i", N_("Import (or drag files into the window)")),
            ("Enter", N_("Open the item: picture beside its text")),
            ("a", N_("Edit title, what it proves, source, time, tags, group")),
            ("o", N_("Read text of the screenshots (OCR)")),
            ("c", N_("Correct the OCR text")),
            ("d", N_("Withdraw / restore the item")),
            ("Ctrl+↑ / Ctrl+↓", N_("Move the item up or down in the exhibit list")),
            ("/", N_("Search")),
            ("t", N_("Chronology")),
            ("e", N_("Export a bundle")),
            ("b", N_("What the bundle will say: titles and purposes to check")),
            ("g", N_("Possible breaches of the collection rules")),
            ("r", N_("Write a complaint")),
            ("v", N_("Verify")),
            ("f", N_("Filter the table (kind:image label:… sender:…)")),
            ("s", N_("Sort by the next column (or click a column title)")),
            ("h", N_("Show or hide withdrawn items")),
            ("m", N_("Case details: title, your name and phone, institutions")),
            ("w", N_("Close the case")),
        ],
    ),
    (
        N_("Item"),
        [
            ("Ctrl+S", N_("Save corrections")),
            ("F8 / Shift+F8", N_("Next / previous character OCR was unsure of")),
            ("F4", N_("The picture large (the message being corrected, zoomable)")),
            ("Ctrl+O", N_("Open the original in the system's picture viewer")),
            ("Ctrl+T", N_("Who sent the message and when: check and correct")),
            ("Ctrl+E / a", N_("Edit")),
            ("Esc", N_("Back (asks first when a correction is not saved)")),
        ],
    ),
    (
        N_("Picture"),
        [("+ / -", N_("Zoom in / out")), ("← → ↑ ↓", N_("Move")), ("n / p", N_("Next / previous message")),
         ("0", N_("The whole picture")), ("Ctrl+O", N_("Open the original in the system's picture viewer"))],
    ),
    (N_("Export"), [("Ctrl+S", N_("Export")), ("Ctrl+B", N_("What the bundle will say")),
                    ("F5", N_("Every check of the bundle just made"))]),
    (
        N_("What the bundle will say"),
        [("y", N_("Accept the suggested title and purpose")), ("Y", N_("Accept every suggestion")),
         ("Enter", N_("Edit them")), ("l", N_("Bundle language")), ("r", N_("Redacted version"))],
    ),
    (N_("Chronology"), [("n", N_("Night only")), ("Enter", N_("The whole message"))]),
    (N_("Search"), [("↓ / Enter", N_("Go to the results; Enter shows the item in the case"))]),
    (
        N_("Possible breaches"),
        [("Tab", N_("Findings / their detail / their contacts")), ("o", N_("Open the exhibit")), ("r", N_("Write a complaint")),
         ("s", N_("Stop request, jurisdiction, your details"))],
    ),
    (
        N_("Write a complaint"),
        [("Ctrl+S", N_("Keep my edit")), ("Ctrl+R", N_("Write it anew from the case")),
         ("Ctrl+O", N_("Save as a file")), ("Ctrl+B", N_("Export a bundle with it")),
         ("Ctrl+T", N_("Stop request, jurisdiction, your details"))],
    ),
    (N_("Verify"), [("Ctrl+R", N_("Verify again")), ("Enter", N_("A check in full"))]),
]


class HelpScreen(ModalScreen[None]):
    BINDINGS = [Binding("escape,q,question_mark", "close", "Close")]

    #: Cells before a key's description ("  " and the key column).
    INDENT = 2 + 16 + 1

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="dialog", id="help"):
            yield Static(self.text(0))

    def text(self, width: int) -> str:
        """The help, its descriptions wrapped under themselves in ``width`` cells (0: unwrapped)."""
        def under_key(what: str) -> str:
            room = width - self.INDENT
            if room < 12:
                return escape(what)
            return ("\n" + " " * self.INDENT).join(escape(line) for line in fit(what, room).split("\n"))

        lines = [f"[b]{_('Keys')}[/b]", ""]
        for section, keys in KEYS:
            lines.append(f"[b $accent]{_(section)}[/]")
            for key, what in keys:
                pad = " " * max(1, 16 - cell_len(key) + 1)
                lines.append(f"  [b]{escape(key)}[/b]{pad}{under_key(_(what))}")
            lines.append("")
        drop = _("Drag and drop: drop screenshots, recordings or folders onto the terminal window; "
                 "EvidenceKit asks before importing them.")
        lines.append(escape(fit(drop, width)) if width > 12 else escape(drop))
        return "\n".join(lines)

    def on_mount(self) -> None:
        self.call_after_refresh(self._wrap)

    def on_resize(self) -> None:
        self.call_after_refresh(self._wrap)

    def _wrap(self) -> None:
        static = self.query_one("#help Static", Static)
        if static.size.width:
            static.update(self.text(static.size.width))

    def action_close(self) -> None:
        self.dismiss(None)
