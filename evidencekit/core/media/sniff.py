"""Type detection from content (never from the extension) and a sanity probe per kind."""

from __future__ import annotations

import datetime as dt
import logging
import warnings
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

log = logging.getLogger(__name__)

if TYPE_CHECKING:
    from evidencekit.core.media.model import AvFacts


@dataclass(frozen=True, slots=True)
class Sniffed:
    kind: str  # image, audio, video, pdf, text, other
    mime: str


@dataclass(frozen=True, slots=True)
class Probe:
    """What reading the file's content told us."""

    width: int | None = None
    height: int | None = None
    exif_time: str | None = None
    duration_s: float | None = None
    kind: str | None = None  # what the content proved to be, when not what the first bytes said
    mime: str | None = None
    note: str = ""  # what the reader should know ("kept as an unknown file: …")
    av: AvFacts | None = None  # a recording's or video's facts


class Unsupported(ValueError):
    """The content is of no type EvidenceKit keeps, or it is broken; the message says which."""


_FTYP_VIDEO = {b"isom", b"iso2", b"mp41", b"mp42", b"avc1", b"qt  ", b"3gp4", b"3gp5", b"3gp6", b"3g2a"}
_FTYP_AUDIO = {b"M4A ", b"M4B ", b"M4P "}
_FTYP_HEIF = {b"heic", b"heix", b"hevc", b"heim", b"heis", b"mif1", b"msf1", b"avif"}


def sniff(head: bytes) -> Sniffed | None:
    """Detect the type from the first bytes (at least 64 are best). None when unknown."""
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return Sniffed("image", "image/png")
    if head.startswith(b"\xff\xd8\xff"):
        return Sniffed("image", "image/jpeg")
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return Sniffed("image", "image/webp")
    if head[:6] in (b"GIF87a", b"GIF89a"):
        return Sniffed("image", "image/gif")
    if head[:2] == b"BM" and len(head) > 14:
        return Sniffed("image", "image/bmp")
    if head[:4] in (b"II*\x00", b"MM\x00*"):
        return Sniffed("image", "image/tiff")
    if head[4:8] == b"ftyp":
        brand = head[8:12]
        if brand in _FTYP_HEIF:
            return Sniffed("image", "image/heic" if brand != b"avif" else "image/avif")
        if brand in _FTYP_AUDIO:
            return Sniffed("audio", "audio/mp4")
        if brand.startswith(b"3g"):
            return Sniffed("video", "video/3gpp")
        if brand in _FTYP_VIDEO or brand.startswith(b"qt"):
            return Sniffed("video", "video/mp4")
        return Sniffed("video", "video/mp4")
    if head.startswith(b"%PDF-"):
        return Sniffed("pdf", "application/pdf")
    if head[:4] == b"RIFF" and head[8:12] == b"WAVE":
        return Sniffed("audio", "audio/wav")
    if head.startswith(b"#!AMR"):
        return Sniffed("audio", "audio/amr")
    if head.startswith(b"ID3") or (len(head) > 1 and head[0] == 0xFF and head[1] & 0xE0 == 0xE0 and head[1] & 0x06):
        return Sniffed("audio", "audio/mpeg")
    if len(head) > 1 and head[0] == 0xFF and head[1] & 0xF6 == 0xF0:  # ADTS: a raw AAC stream (.aac)
        return Sniffed("audio", "audio/aac")
    if head.startswith(b"OggS"):
        return Sniffed("audio", "audio/ogg")
    if head.startswith(b"fLaC"):
        return Sniffed("audio", "audio/flac")
    if head[:4] == b"\x1a\x45\xdf\xa3":
        return Sniffed("video", "video/webm")
    if head.startswith(b"SQLite format 3\x00"):
        return Sniffed("other", "application/vnd.sqlite3")  # an iPhone's sms.db, read as an export
    if _looks_like_text(head):
        return Sniffed("text", _text_mime(head))
    return None


_MAIL_HEADERS = (b"received:", b"return-path:", b"from:", b"date:", b"message-id:", b"mime-version:",
                 b"delivered-to:", b"subject:", b"to:", b"x-", b"dkim-signature:", b"authentication-results:",
                 b"arc-")


def _text_mime(head: bytes) -> str:
    """A text file's type: an email (RFC 5322 headers), XML, CSV, or plain text."""
    start = head.lstrip(b"\xef\xbb\xbf").lstrip()
    lower = start[:40].lower()
    if lower.startswith(b"<?xml") or lower.startswith(b"<smses") or lower.startswith(b"<calls"):
        return "application/xml"
    first = start.split(b"\n", 1)[0].lower()
    if any(first.startswith(h) for h in _MAIL_HEADERS) and b": " in first:
        return "message/rfc822"
    if first.count(b",") >= 2 and b"\n" in start:
        return "text/csv"
    return "text/plain"


def _looks_like_text(head: bytes) -> bool:
    if not head or b"\x00" in head:
        return False
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as e:
        # A multi-byte character cut at the end of the sample is still text.
        if e.start < len(head) - 4:
            return False
    return True


def probe(path: Path, kind: str, mime: str = "") -> Probe:
    """Read the file as its kind to prove it is usable and gather metadata.

    Raises:
        Unsupported: the file is truncated, corrupt, or a decompression bomb.
    """
    if kind == "image":
        return _probe_image(path)
    if kind in ("audio", "video"):
        return probe_media(path, kind, mime)
    if kind == "pdf":
        data_tail = _tail(path, 2048)
        if b"%%EOF" not in data_tail:
            raise Unsupported("the PDF is truncated (no end-of-file marker)")
        return _probe_pdf(path)
    return Probe()


def _probe_pdf(path: Path) -> Probe:
    from evidencekit.core.media.document import pdf_problem

    problem = pdf_problem(path)
    if problem:
        return Probe(kind="other", mime="application/octet-stream",
                     note=f"kept as an unknown file: not a readable PDF ({problem})")
    return Probe()


def _tail(path: Path, n: int) -> bytes:
    with open(path, "rb") as f:
        f.seek(0, 2)
        size = f.tell()
        f.seek(max(0, size - n))
        return f.read()


def _probe_image(path: Path) -> Probe:
    from evidencekit.core.media.imagecheck import Undecodable, check_image

    try:
        facts = check_image(path, with_exif=True)
    except Undecodable as e:
        raise Unsupported(str(e)) from e
    return Probe(width=facts.width, height=facts.height, exif_time=facts.exif_time)


def exif_time_of(im: object) -> str | None:
    """The capture time in an image's EXIF data (DateTimeOriginal, else DateTime), as an ISO
    local date-time without zone (phones write their local time), or None."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", UserWarning)  # "Corrupt EXIF data": no time, not stderr
            exif = im.getexif()  # type: ignore[attr-defined]
    except Exception:  # noqa: BLE001 — broken EXIF must not reject a readable image
        log.debug("unreadable EXIF", exc_info=True)
        return None
    raw = None
    try:
        raw = exif.get_ifd(0x8769).get(36867)  # DateTimeOriginal
    except Exception:  # noqa: BLE001
        raw = None
    raw = raw or exif.get(306)  # DateTime
    if not isinstance(raw, str):
        return None
    try:
        return dt.datetime.strptime(raw.strip("\x00 "), "%Y:%m:%d %H:%M:%S").isoformat()
    except ValueError:
        return None


def probe_media(path: Path, kind: str, mime: str) -> Probe:
    """Probe a recording or video for real (:mod:`.av`): a file from which nothing plays is kept
    as an unknown file (kind "other") with the reason in ``note``."""
    from evidencekit.core.media.av import probe_av

    pr = probe_av(path, kind, mime)
    if pr.kind == "other":
        return Probe(kind="other", mime=pr.mime, note=f"kept as an unknown file: {pr.reason}", av=pr.facts)
    note = "; ".join(pr.facts.notes)
    return Probe(duration_s=pr.facts.duration_s, width=pr.facts.width, height=pr.facts.height,
                 kind=pr.kind if pr.kind != kind else None, mime=pr.mime if pr.mime != mime else None,
                 note=note, av=pr.facts)
