"""Notifications laid out for the width they get, Chinese included (:func:`install`).

Textual wraps a notification at spaces only, so a Chinese sentence with one space in it ("已保存
1 处校正") broke at that space and then anywhere its width ran out. Here the text is broken into
lines before it is shown: between any two Chinese characters (never before a closing mark such
as "。" or after an opening one), at spaces in other scripts, and at the end of a sentence or
clause whenever that does not cost an extra line, so that a short phrase stays on one line.
"""

from __future__ import annotations

from rich.cells import cell_len
from textual.content import Content

#: A line may end after these (the end of a sentence or a clause).
CLAUSE_ENDS = frozenset("。！？；，：、）」』”")
#: A line never starts with these ...
NO_LINE_START = frozenset("。，、；：！？）」』”’》〉】…%,.;:!?)]}")
#: ... and never ends with these.
NO_LINE_END = frozenset("（「『“‘《〈【([{")

Span = tuple[int, int]


def text_width(screen_width: int) -> int:
    """How many cells wide a notification's text is on a screen ``screen_width`` wide: half
    the screen less the notification's edge and padding, an even number (a line of Chinese
    fills it exactly), between 24 and 56."""
    width = max(24, min(56, screen_width // 2 - 4))
    return width - width % 2


def _wide(ch: str) -> bool:
    return cell_len(ch) == 2


def _can_break(text: str, i: int) -> bool:
    """Whether a line may end just before ``text[i]``."""
    prev, cur = text[i - 1], text[i]
    if cur.isspace() or cur in NO_LINE_START or prev in NO_LINE_END:
        return False
    if prev.isspace():
        return True
    return _wide(prev) or _wide(cur)


def _is_clause_end(text: str, i: int) -> bool:
    prev = text[i - 1]
    if prev in CLAUSE_ENDS:
        return True
    return prev.isspace() and i >= 2 and text[i - 2] in ".,;:!?"


def _layout(text: str, start: int, end: int, width: int, clauses: bool) -> list[Span]:
    """Lines of ``text[start:end]`` (no newline inside) at most ``width`` cells, greedy; with
    ``clauses``, a line ends at the last clause end that fits when that fills a third of it."""
    lines: list[Span] = []
    pos = start
    while pos < end and cell_len(text[pos:end]) > width:
        fits: list[int] = []
        last_fit = pos + 1  # a word longer than the line is cut where the width runs out
        used = 0
        for i in range(pos, end):
            used += cell_len(text[i])
            if used > width:
                break
            if i + 1 < end and _can_break(text, i + 1):
                fits.append(i + 1)
            last_fit = i + 1
        cut = fits[-1] if fits else last_fit
        if clauses:
            ends = [b for b in fits if _is_clause_end(text, b) and cell_len(text[pos:b].rstrip()) * 3 >= width]
            if ends:
                cut = ends[-1]
        line_end = cut
        while line_end > pos and text[line_end - 1].isspace():
            line_end -= 1
        lines.append((pos, line_end))
        pos = cut
        while pos < end and text[pos].isspace():
            pos += 1
    if pos < end:
        lines.append((pos, end))
    return lines


def line_spans(text: str, width: int) -> list[Span]:
    """Where each line of ``text`` laid out ``width`` cells wide begins and ends (offsets into
    ``text``; the spaces at a break are left out)."""
    spans: list[Span] = []
    start = 0
    for paragraph in text.split("\n"):
        end = start + len(paragraph)
        greedy = _layout(text, start, end, width, clauses=False)
        by_clause = _layout(text, start, end, width, clauses=True)
        spans.extend(by_clause if len(by_clause) <= len(greedy) else greedy)
        if start == end:
            spans.append((start, end))
        start = end + 1
    return spans


def fit(text: str, width: int) -> str:
    """``text`` broken into lines of at most ``width`` cells."""
    return "\n".join(text[a:b] for a, b in line_spans(text, width))


def fit_content(content: Content, width: int) -> Content:
    """``content`` broken into lines of at most ``width`` cells, its styles kept."""
    return Content("\n").join(content[a:b] for a, b in line_spans(content.plain, width))


def fit_markup(markup: str, width: int) -> str:
    """Content markup broken into lines of at most ``width`` cells of what it shows."""
    return fit_content(Content.from_markup(markup), width).markup


_installed = False


def install() -> None:
    """Have every notification lay its lines out as above (once per process): its text stays
    as it was given (what the app said is kept whole), only the drawing breaks it."""
    global _installed
    if _installed:
        return
    from textual.widgets._toast import Toast

    original = Toast.render

    def render(self: Toast) -> Content:
        return fit_content(original(self), text_width(self.app.size.width))

    Toast.render = render  # type: ignore[method-assign]
    _installed = True
