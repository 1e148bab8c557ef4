"""A message's reading as an editable field, with the characters OCR was unsure of marked.

The marks come from the reading (``Message.uncertain``: character spans; ``Message.review``: lines
a second engine read differently). As the person corrects the text the marks follow the
characters they were on; a character that is replaced loses its mark — it has been looked at.
"""

from __future__ import annotations

import difflib
from collections.abc import Sequence

from rich.style import Style
from rich.text import Text
from textual.widgets import TextArea

from evidencekit.tui.widgets.fields import Area

Span = tuple[int, int]


def remap_spans(old: str, new: str, spans: Sequence[Span]) -> list[Span]:
    """Where ``spans`` of ``old`` are in ``new``: characters kept as they were keep their mark,
    characters replaced or removed lose it.

    >>> remap_spans("以锡产生", "以致产生", [(1, 2), (2, 4)])
    [(2, 4)]
    """
    if old == new or not spans:
        return [s for s in spans if s[0] < s[1]]
    marked = [False] * len(old)
    for a, b in spans:
        for i in range(max(0, a), min(len(old), b)):
            marked[i] = True
    kept = [False] * len(new)
    for tag, i1, i2, j1, _j2 in difflib.SequenceMatcher(None, old, new, autojunk=False).get_opcodes():
        if tag == "equal":
            for k in range(i2 - i1):
                kept[j1 + k] = marked[i1 + k]
    out: list[Span] = []
    start = None
    for j, on in enumerate([*kept, False]):
        if on and start is None:
            start = j
        elif not on and start is not None:
            out.append((start, j))
            start = None
    return out


def location(text: str, index: int) -> tuple[int, int]:
    """(row, column) of character ``index`` of ``text`` in a text area."""
    before = text[:index]
    return before.count("\n"), len(before) - (before.rfind("\n") + 1)


def line_spans(text: str, line: int) -> Span | None:
    """The character span of line ``line`` (0-based) of ``text``, or None past the end."""
    lines = text.split("\n")
    if not 0 <= line < len(lines):
        return None
    start = sum(len(x) + 1 for x in lines[:line])
    return start, start + len(lines[line])


class ReadingArea(Area):
    """The text of one message; unsure characters underlined on the warning colour, reachable with F8."""

    COMPONENT_CLASSES = Area.COMPONENT_CLASSES | {"reading-area--unsure"}
    DEFAULT_CSS = """
    ReadingArea > .reading-area--unsure {
        background: $warning 70%;
        color: $text;
        text-style: bold underline;
    }
    """

    def __init__(self, text: str, *, unsure: Sequence[Span] = (), review_lines: Sequence[int] = (),
                 id: str | None = None, classes: str | None = None) -> None:  # noqa: A002 - Textual's name
        super().__init__(text, id=id, classes=classes, soft_wrap=True, show_line_numbers=False)
        self._base = text
        spans = list(unsure)
        for line in review_lines:
            span = line_spans(text, line)
            if span is not None and span[0] < span[1]:
                spans.append(span)
        self._unsure = sorted(set(spans))
        self._marks_of_base = list(self._unsure)

    @property
    def unsure(self) -> list[Span]:
        """The spans still marked in the text as it reads now."""
        return list(self._unsure)

    def on_text_area_changed(self, event: TextArea.Changed) -> None:
        self._unsure = remap_spans(self._base, self.text, self._marks_of_base)

    def get_line(self, line_index: int) -> Text:
        line = super().get_line(line_index)
        if not self._unsure:
            return line
        lines = self.text.split("\n")
        if line_index >= len(lines):
            return line
        start = sum(len(x) + 1 for x in lines[:line_index])
        end = start + len(lines[line_index])
        style: Style = self.get_component_rich_style("reading-area--unsure")
        for a, b in self._unsure:
            if b > start and a < end:
                line.stylize(style, max(a, start) - start, min(b, end) - start)
        return line

    def jump(self, direction: int = 1) -> bool:
        """Put the cursor on the next (or previous) unsure span; False when there is none that way."""
        text = self.text
        row, col = self.cursor_location
        lines = text.split("\n")
        here = sum(len(x) + 1 for x in lines[:row]) + col
        if direction > 0:
            ahead = [a for a, _b in self._unsure if a > here]
            target = ahead[0] if ahead else None
        else:
            behind = [a for a, _b in self._unsure if a < here]
            target = behind[-1] if behind else None
        if target is None:
            return False
        self.move_cursor(location(text, target))
        return True

    def jump_first(self, last: bool = False) -> bool:
        if not self._unsure:
            return False
        a = self._unsure[-1][0] if last else self._unsure[0][0]
        self.move_cursor(location(self.text, a))
        return True

