"""What the pages show of each original: the screenshot (the original itself, or a masked copy in
a redacted bundle) and the start of a text file.

Decided before the layout, which shows what it is given and never decides what is safe to show
(:mod:`.redaction` makes the masked version).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from evidencekit.core.export.model import ExhibitInput

TEXT_SHOWN = 6000  # characters of a text item shown on its page (the whole file is attached)


@dataclass(frozen=True)
class TextExcerpt:
    """The start of a text item (an SMS export, a note).

    Attributes:
        text: up to :data:`TEXT_SHOWN` characters.
        more: the file goes on past them.
        error: why the file could not be read ("" when it could).
    """

    text: str
    more: bool = False
    error: str = ""


@dataclass(frozen=True)
class Shown:
    """What the pages show of the originals, by item id.

    Attributes:
        images: the image shown for an image item; an image item not in it is withheld.
        excerpts: the start of each text item.
        masked: the items whose shown image is a masked copy (the page says so).
    """

    images: Mapping[int, Path]
    excerpts: Mapping[int, TextExcerpt]
    masked: frozenset[int] = frozenset()


def read_excerpt(path: Path, size: int) -> TextExcerpt:
    """The start of the text file ``path`` of ``size`` bytes (bytes that are not UTF-8 shown as �)."""
    try:
        with open(path, "rb") as f:
            raw = f.read(TEXT_SHOWN * 4)
    except OSError as e:
        return TextExcerpt("", error=str(e))
    text = raw.decode("utf-8", errors="replace")[:TEXT_SHOWN]
    return TextExcerpt(text, more=size > len(raw) or len(text) >= TEXT_SHOWN)


def shown_as_is(exhibits: Sequence[ExhibitInput]) -> Shown:
    """The originals as they are: every screenshot, the start of every text file."""
    return Shown(
        images={ex.item.id: ex.original for ex in exhibits if ex.item.kind == "image"},
        excerpts={ex.item.id: read_excerpt(ex.original, ex.item.size) for ex in exhibits if ex.item.kind == "text"},
    )
