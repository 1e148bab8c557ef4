"""A virtual table: only the rows on screen are ever turned into text.

Textual's DataTable measures and stores every cell of every row as it is added — for 10,000
items that is seconds of work on the UI thread. Here the rows are plain objects; ``render_line``
asks ``cells(row)`` for the handful that are visible (cached), so filling, sorting and filtering
10,000 rows costs a list assignment, and a cursor move redraws two lines.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, ClassVar, Generic, TypeVar

from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual import events
from textual.binding import Binding, BindingType
from textual.geometry import Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

R = TypeVar("R")

GAP = 2


@dataclass(frozen=True, slots=True)
class Column:
    key: str
    label: str
    width: int
    justify: str = "left"


class EvidenceTable(ScrollView, Generic[R], can_focus=True):
    """Rows of type ``R``, drawn by a ``cells`` function; keys identify rows across reloads."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("up", "cursor(-1)", "Up", show=False),
        Binding("down", "cursor(1)", "Down", show=False),
        Binding("pageup", "page(-1)", "Page up", show=False),
        Binding("pagedown", "page(1)", "Page down", show=False),
        Binding("home", "jump(0)", "First", show=False),
        Binding("end", "jump(-1)", "Last", show=False),
        Binding("left", "scroll_left", "Left", show=False),
        Binding("right", "scroll_right", "Right", show=False),
    ]
    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "evidence-table--header",
        "evidence-table--cursor",
        "evidence-table--even",
    }
    DEFAULT_CSS = """
    EvidenceTable {
        background: $surface;
        scrollbar-gutter: stable;
    }
    EvidenceTable > .evidence-table--header {
        text-style: bold;
        background: $panel;
        color: $foreground;
    }
    EvidenceTable > .evidence-table--cursor {
        background: $block-cursor-blurred-background;
        color: $block-cursor-blurred-foreground;
    }
    EvidenceTable:focus > .evidence-table--cursor {
        background: $block-cursor-background;
        color: $block-cursor-foreground;
        text-style: $block-cursor-text-style;
    }
    EvidenceTable > .evidence-table--even {
        background: $surface-lighten-1 40%;
    }
    """

    cursor_row: reactive[int] = reactive(0, always_update=True, init=False)

    @dataclass
    class _RowMessage(Message):
        table: EvidenceTable[Any]
        index: int
        key: Any

        @property
        def control(self) -> EvidenceTable[Any]:
            return self.table

    class RowHighlighted(_RowMessage):
        """The cursor moved to a row."""

    class RowSelected(_RowMessage):
        """A row was chosen (Enter or a click)."""

    @dataclass
    class HeaderSelected(Message):
        table: EvidenceTable[Any]
        column: str

        @property
        def control(self) -> EvidenceTable[Any]:
            return self.table

    def __init__(
        self,
        cells: Callable[[R], Sequence[Text]],
        key: Callable[[R], Any],
        *,
        id: str | None = None,  # noqa: A002 - Textual's name
        classes: str | None = None,
    ) -> None:
        super().__init__(id=id, classes=classes)
        self._cells = cells
        self._key = key
        self.columns: list[Column] = []
        self.rows: Sequence[R] = []
        self._index: dict[Any, int] | None = None
        self._cache: dict[int, list[Segment]] = {}

    # ------------------------------------------------------------------ data

    def set_columns(self, columns: list[Column]) -> None:
        self.columns = columns
        self._cache.clear()
        self._resize()

    def set_rows(self, rows: Sequence[R], *, cursor_key: Any = None) -> None:
        """Show ``rows`` (no copy is made); keep the cursor on ``cursor_key`` when given."""
        self.rows = rows
        self._index = None
        self._cache.clear()
        self._resize()
        index = self.index_of(cursor_key) if cursor_key is not None else None
        self.move_cursor(index if index is not None else 0, force=True)

    def refresh_rows(self) -> None:
        """Redraw after the rows' content changed in place."""
        self._cache.clear()
        self.refresh()

    @property
    def row_count(self) -> int:
        return len(self.rows)

    @property
    def total_width(self) -> int:
        return sum(c.width for c in self.columns) + GAP * len(self.columns) + 1

    def index_of(self, key: Any) -> int | None:
        if self._index is None:
            self._index = {self._key(r): i for i, r in enumerate(self.rows)}
        return self._index.get(key)

    @property
    def current(self) -> R | None:
        if 0 <= self.cursor_row < len(self.rows):
            return self.rows[self.cursor_row]
        return None

    @property
    def current_key(self) -> Any:
        row = self.current
        return None if row is None else self._key(row)

    def _resize(self) -> None:
        self.virtual_size = Size(self.total_width, len(self.rows) + 1)
        self.refresh()

    # ------------------------------------------------------------------ cursor

    def move_cursor(self, index: int, *, force: bool = False) -> None:
        if not self.rows:
            self.cursor_row = 0
            return
        index = max(0, min(len(self.rows) - 1, index))
        if index != self.cursor_row or force:
            self.cursor_row = index

    def watch_cursor_row(self, old: int, new: int) -> None:
        self._cache.pop(old, None)
        self._cache.pop(new, None)
        self._scroll_to_cursor()
        self.refresh()
        if self.rows:
            self.post_message(self.RowHighlighted(self, new, self._key(self.rows[new])))

    def _visible_rows(self) -> int:
        return max(1, self.scrollable_content_region.height - 1)

    def _scroll_to_cursor(self) -> None:
        top = int(self.scroll_y)
        visible = self._visible_rows()
        if self.cursor_row < top:
            self.scroll_to(y=self.cursor_row, animate=False, immediate=True)
        elif self.cursor_row >= top + visible:
            self.scroll_to(y=self.cursor_row - visible + 1, animate=False, immediate=True)

    def action_cursor(self, delta: int) -> None:
        self.move_cursor(self.cursor_row + delta)

    def action_page(self, direction: int) -> None:
        self.move_cursor(self.cursor_row + direction * self._visible_rows())

    def action_jump(self, where: int) -> None:
        self.move_cursor(len(self.rows) - 1 if where < 0 else where)

    def action_select(self) -> None:
        if self.rows:
            self.post_message(self.RowSelected(self, self.cursor_row, self.current_key))

    async def _on_key(self, event: events.Key) -> None:
        if event.key == "enter" and self.rows:
            event.stop()
            self.action_select()

    def on_click(self, event: events.Click) -> None:
        y = event.y
        if y == 0:
            x = event.x + int(self.scroll_x)
            edge = 0
            for col in self.columns:
                edge += col.width + GAP
                if x < edge:
                    self.post_message(self.HeaderSelected(self, col.key))
                    break
            return
        index = int(self.scroll_y) + y - 1
        if 0 <= index < len(self.rows):
            if index == self.cursor_row and event.chain >= 2:
                self.action_select()
            self.move_cursor(index)

    def on_resize(self) -> None:
        self._scroll_to_cursor()

    def on_focus(self) -> None:
        self._cache.pop(self.cursor_row, None)
        self.refresh()

    def on_blur(self) -> None:
        self._cache.pop(self.cursor_row, None)
        self.refresh()

    # ------------------------------------------------------------------ drawing

    def _line(self, cells: Sequence[Text], style: Style) -> list[Segment]:
        text = Text(no_wrap=True, overflow="crop", end="")
        text.append(" ")
        for col, cell in zip(self.columns, cells, strict=False):
            c = cell.copy()
            c.truncate(col.width, overflow="ellipsis")
            pad = col.width - c.cell_len
            if col.justify == "right":
                text.append(" " * pad)
                text.append_text(c)
            elif col.justify == "center":
                text.append(" " * (pad // 2))
                text.append_text(c)
                text.append(" " * (pad - pad // 2))
            else:
                text.append_text(c)
                text.append(" " * pad)
            text.append(" " * GAP)
        text.stylize(style)
        segs = list(text.render(self.app.console))
        # the row style is the base; each cell's own style (dim, bold, colours) stays on top
        return [Segment(s.text, style + s.style if s.style else style) for s in segs if s.text != "\n"]

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        scroll_x = int(self.scroll_x)
        base = self.rich_style
        if y == 0:
            header = self.get_component_rich_style("evidence-table--header")
            segs = self._line([Text(c.label) for c in self.columns], base + header)
            return Strip(segs).crop_extend(scroll_x, scroll_x + width, base + header)
        index = int(self.scroll_y) + y - 1
        if index >= len(self.rows):
            return Strip.blank(width, base)
        cached = self._cache.get(index)
        if cached is not None:
            segs = cached
        else:
            if index == self.cursor_row:
                style = base + self.get_component_rich_style("evidence-table--cursor")
            elif index % 2:
                style = base + self.get_component_rich_style("evidence-table--even")
            else:
                style = base
            segs = self._line(self._cells(self.rows[index]), style)
            if len(self._cache) > 400:
                self._cache.clear()
            self._cache[index] = segs
        style = base + self.get_component_rich_style("evidence-table--cursor") if index == self.cursor_row else base
        return Strip(segs).crop_extend(scroll_x, scroll_x + width, style)

    def watch_scroll_y(self, old: float, new: float) -> None:
        super().watch_scroll_y(old, new)
        self.refresh()

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._cache.clear()
