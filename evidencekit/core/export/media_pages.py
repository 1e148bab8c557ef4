"""What the bundle derives from recordings and videos before the layout (pictures), and the
corroboration links both pages of a pair mention."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from evidencekit.core.analysis.corroboration import CallLink, MessageLink, call_links, message_links
from evidencekit.core.export.model import ExhibitInput
from evidencekit.core.export.strings import Strings
from evidencekit.core.progress import CancelToken


def media_pictures(exhibits: Sequence[ExhibitInput], work: Path, *, redacted: bool,
                   cancel: CancelToken | None = None) -> dict[int, tuple[tuple[str, Path], ...]]:
    """A waveform per playable recording, three keyframes per video (none in a redacted bundle:
    a screen recording shows what the masking cannot reach), in ``work``."""
    from evidencekit.core.media import pictures

    out: dict[int, tuple[tuple[str, Path], ...]] = {}
    for ex in exhibits:
        m = ex.media
        av = m.av if m is not None else None
        if av is None or not av.playable:
            continue
        if cancel is not None:
            cancel.raise_if_cancelled()
        folder = work / f"media-{ex.item.id}"
        folder.mkdir(exist_ok=True)
        if ex.item.kind == "audio":
            p = pictures.waveform(ex.original, folder / "waveform.png")
            if p is not None:
                out[ex.item.id] = (("waveform", p),)
        elif ex.item.kind == "video" and not redacted:
            frames = pictures.keyframes(ex.original, av.duration_s, folder)
            if frames:
                out[ex.item.id] = tuple((f"{t:.1f}", p) for t, p in frames)
    return out


def links(exhibits: Sequence[ExhibitInput]) -> tuple[list[MessageLink], list[CallLink]]:
    """Screenshot messages confirmed by exports, recordings listed by call logs."""
    return message_links(exhibits), call_links(exhibits)


def corroborated(s: Strings, ln: MessageLink, what: str) -> str:
    """What a screenshot's page says of one of its messages an export holds: "经证据5（…）第 9 条印证：
    号码、时间与内容一致。"; for a message shown under the stamp of the one above it, that the minute
    is the record's; for a screenshot whose date nothing says (linked without it,
    :attr:`MessageLink.dated`), that the date is the record's.

    Args:
        s: the bundle's strings.
        ln: the link.
        what: what the export is ("SMS Backup & Restore 短信备份").
    """
    key = ("media.corroborated" if ln.own_stamp else "media.corroborated_grouped") if ln.dated \
        else "media.corroborated_undated"
    return s(key, n=ln.export_exhibit, what=what, row=ln.row + 1)
