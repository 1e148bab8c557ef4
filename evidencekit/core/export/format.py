"""The bundle's file format, shared by the writer (:mod:`.bundle`) and the verifier
(:mod:`.verify_bundle`): the names of the files inside the ZIP and the PDF, what the signatures
sign, and the manifest as a typed value.

The manifest is written as JSON with sorted keys, one space of indent, UTF-8 (``to_json``); a
bundle made by an earlier version parses with ``from_json`` and is written back byte for byte.
``from_json`` reads a hostile file without trusting it: anything malformed is a
:class:`ManifestError`, never another exception.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar, overload

FORMAT = "evidencekit-bundle/1"  # the manifest's "format"
BATCH_FORMAT = "evidencekit-batch/1"  # the document a batch timestamp token covers

# Files of the ZIP (the PDF embeds MANIFEST, CERT, CUSTODY and the timestamps too).
PDF_NAME = "bundle.pdf"
MANIFEST = "manifest.json"
MANIFEST_SIG = "manifest.json.sig"  # base64 signature over MANIFEST's bytes
CERT = "certificate.pem"
CUSTODY = "custody.jsonl"
README = "VERIFY.txt"  # how to verify, in plain text
VERIFY_HTML = "VERIFY.html"  # the offline verifier for a web browser (:mod:`.verifier`)
SHA256SUMS = "SHA256SUMS"
SM3SUMS = "SM3SUMS"
ORIGINALS = "originals/"  # the originals, in an unredacted bundle
REDACTED = "redacted/"  # the masked copies of screenshots, in a redacted bundle
TIMESTAMPS = "timestamps/"  # the batch documents and their RFC 3161 tokens
#: ZIP members the manifest does not list (it cannot list itself, its signature or what checks it).
UNLISTED = frozenset({MANIFEST, MANIFEST_SIG, CERT, SHA256SUMS, SM3SUMS})

# The archive signature: the ZIP comment is ZIP_SIG_MAGIC and a base64 signature over
# zip_signed_message(SHA-256 of every byte before the comment), padded with spaces to ZIP_SIG_LEN.
ZIP_SIG_MAGIC = b"EKZIPSIG1 "
ZIP_SIG_LEN = 200

MERKLE_SCHEME = ("RFC 6962 style over the items' digests in exhibit order: "
                 "leaf = H(0x00 || digest), node = H(0x01 || left || right), odd node promoted")

_MIME_EXT = {
    "image/png": ".png",
    "image/jpeg": ".jpg",
    "image/webp": ".webp",
    "image/heic": ".heic",
    "image/gif": ".gif",
    "audio/mpeg": ".mp3",
    "audio/mp4": ".m4a",
    "audio/amr": ".amr",
    "audio/wav": ".wav",
    "video/mp4": ".mp4",
    "application/pdf": ".pdf",
    "text/plain": ".txt",
}


def zip_signed_message(sha256_hex: str) -> bytes:
    """What the archive signature signs: the SHA-256 (hex) of every byte before the ZIP comment."""
    return b"evidencekit-zip-v1:" + sha256_hex.encode("ascii")


def pdf_signature_reason(fingerprint: str) -> str:
    """The reason the PDF signature states: the bundle fingerprint it was made for."""
    return f"EvidenceKit bundle {fingerprint[:16]}"


def original_key(seq: int, exhibit: str, sha256: str, original_name: str, mime: str) -> str:
    """The ASCII name of an original inside the bundle: ``originals/0003_E2-1_<sha12>.png``.

    Args:
        seq: the exhibit's place in the bundle (1-based).
        exhibit: its number ("2-1").
        sha256: the original's digest.
        original_name: its file name (for the extension, when it has a plain one).
        mime: its type (for the extension otherwise).
    """
    ext = Path(original_name).suffix.lower()
    if not ext or not ext[1:].isalnum() or len(ext) > 6:
        ext = _MIME_EXT.get(mime, ".bin")
    return f"{ORIGINALS}{seq:04d}_E{exhibit}_{sha256[:12]}{ext}"


def redacted_key(original: str) -> str:
    """The name of the masked copy of the screenshot named ``original`` (always a PNG)."""
    return REDACTED + original.removeprefix(ORIGINALS).rsplit(".", 1)[0] + ".png"


def batch_data_name(batch: int) -> str:
    """The name of the ``batch``-th (1-based) batch document."""
    return f"{TIMESTAMPS}batch-{batch:03d}.json"


def batch_token_name(batch: int, tsa: int) -> str:
    """The name of the token of the ``tsa``-th authority (1-based) over the ``batch``-th batch."""
    return f"{TIMESTAMPS}batch-{batch:03d}-tsa{tsa}.tsr"


def pretty(obj: object) -> bytes:
    """JSON as the bundle writes it for people: sorted keys, indented, UTF-8, a final newline."""
    return (json.dumps(obj, sort_keys=True, indent=1, ensure_ascii=False) + "\n").encode("utf-8")


# ------------------------------------------------------------------ the manifest


Field = tuple[str | int, ...]  # where in the manifest: ("items", 0, "sha256"); () the whole


class ManifestError(ValueError):
    """A manifest that is not JSON or not shaped as the format says.

    ``field`` says where: the path of the value that is missing or of the wrong type
    (``("items", 0, "sha256")``, ``()`` for the document itself), None when it is not JSON at all.
    """

    def __init__(self, message: str, field: Field | None) -> None:
        super().__init__(message)
        self.field = field


@dataclass(frozen=True)
class RespondentRecord:
    name: str
    numbers: tuple[str, ...] = ()


@dataclass(frozen=True)
class CaseRecord:
    """The case the bundle is about, as the cover names it."""

    title: str
    claimant_name: str = ""
    respondents: tuple[RespondentRecord, ...] = ()


@dataclass(frozen=True)
class ItemRecord:
    """One exhibit: the item's metadata, digests, and where its original is in the bundle.

    ``file`` is the original's (or masked copy's) name in the ZIP, ``pdf_attachment`` its
    attachment name in the PDF; None when the bundle does not carry it.
    """

    exhibit: str
    id: int
    sha256: str
    sm3: str
    size: int
    title: str = ""
    original_name: str = ""
    kind: str = ""
    mime: str = ""
    file_mtime: str | None = None
    exif_time: str | None = None
    imported_at: str = ""
    import_offset: str = ""
    host: str = ""
    user: str = ""
    extraction_note: str = ""
    source: str = ""
    proves: str = ""
    event_time: str | None = None
    group: str = ""
    batch: str = ""
    file: str | None = None
    pdf_attachment: str | None = None


@dataclass(frozen=True)
class FileRecord:
    """A file of the ZIP and its digests."""

    path: str
    size: int
    sha256: str
    sm3: str


@dataclass(frozen=True)
class TimestampRecord:
    """An RFC 3161 token (``token``) over a batch document (``data``), both files of the bundle."""

    data: str
    token: str
    batch: str = ""
    tsa: str = ""
    gen_time: str = ""


@dataclass(frozen=True)
class Manifest:
    """The signed list of what the bundle holds (``manifest.json``).

    The PDF embeds one without ``files`` (it lists no ZIP members); the ZIP's lists every member
    but those in :data:`UNLISTED`. ``timestamps`` is None only in a manifest that has no such key.
    """

    created_at: str
    language: str
    purpose: str
    redacted: bool
    case: CaseRecord
    certificate_sha256: str | None
    merkle_root_sha256: str | None
    merkle_root_sm3: str | None
    custody_head: str | None
    items: tuple[ItemRecord, ...]
    files: tuple[FileRecord, ...] | None = None
    timestamps: tuple[TimestampRecord, ...] | None = None
    format: str = FORMAT
    merkle_scheme: str = MERKLE_SCHEME

    def to_json(self) -> bytes:
        """The manifest's bytes, as signed."""
        m: dict[str, object] = {
            "format": self.format,
            "created_at": self.created_at,
            "language": self.language,
            "purpose": self.purpose,
            "redacted": self.redacted,
            "case": {
                "title": self.case.title,
                "claimant_name": self.case.claimant_name,
                "respondents": [{"name": r.name, "numbers": list(r.numbers)} for r in self.case.respondents],
            },
            "certificate_sha256": self.certificate_sha256,
            "merkle_root_sha256": self.merkle_root_sha256,
            "merkle_root_sm3": self.merkle_root_sm3,
            "merkle_scheme": self.merkle_scheme,
            "custody_head": self.custody_head,
            "items": [_item_json(r) for r in self.items],
        }
        if self.files is not None:
            m["files"] = [{"path": f.path, "size": f.size, "sha256": f.sha256, "sm3": f.sm3} for f in self.files]
        if self.timestamps is not None:
            m["timestamps"] = [{"batch": t.batch, "data": t.data, "token": t.token, "tsa": t.tsa,
                                "gen_time": t.gen_time} for t in self.timestamps]
        return pretty(m)

    @classmethod
    def from_json(cls, data: bytes) -> Manifest:
        """Read a manifest (of this version or an earlier one).

        Raises:
            ManifestError: not JSON, or a field missing or of the wrong type.
        """
        try:
            doc = json.loads(data)
        except (ValueError, RecursionError) as e:
            raise ManifestError(f"not JSON: {e}", None) from e
        m = _Fields(doc, ())
        case = m.object("case")
        return cls(
            format=m.get("format", str, FORMAT),
            created_at=m.get("created_at", str, ""),
            language=m.get("language", str, ""),
            purpose=m.get("purpose", str, ""),
            redacted=m.get("redacted", bool, False),
            case=CaseRecord(
                title=case.get("title", str, ""),
                claimant_name=case.get("claimant_name", str, ""),
                respondents=tuple(case.records("respondents", lambda r: RespondentRecord(
                    r.get("name", str, ""), tuple(r.strings("numbers"))))),
            ),
            certificate_sha256=m.optional("certificate_sha256", str),
            merkle_root_sha256=m.optional("merkle_root_sha256", str),
            merkle_root_sm3=m.optional("merkle_root_sm3", str),
            merkle_scheme=m.get("merkle_scheme", str, MERKLE_SCHEME),
            custody_head=m.optional("custody_head", str),
            items=tuple(m.records("items", _item_record, required=True)),
            files=tuple(m.records("files", lambda f: FileRecord(
                f.get("path", str), f.get("size", int), f.get("sha256", str), f.get("sm3", str)))) if "files" in m else None,
            timestamps=tuple(m.records("timestamps", lambda t: TimestampRecord(
                data=t.get("data", str), token=t.get("token", str), batch=t.get("batch", str, ""),
                tsa=t.get("tsa", str, ""), gen_time=t.get("gen_time", str, "")))) if "timestamps" in m else None,
        )


def _item_json(r: ItemRecord) -> dict[str, str | int | None]:
    return {
        "exhibit": r.exhibit, "id": r.id, "title": r.title, "original_name": r.original_name, "kind": r.kind,
        "mime": r.mime, "size": r.size, "sha256": r.sha256, "sm3": r.sm3, "file_mtime": r.file_mtime,
        "exif_time": r.exif_time, "imported_at": r.imported_at, "import_offset": r.import_offset, "host": r.host,
        "user": r.user, "extraction_note": r.extraction_note, "source": r.source, "proves": r.proves,
        "event_time": r.event_time, "group": r.group, "batch": r.batch, "file": r.file,
        "pdf_attachment": r.pdf_attachment,
    }


def _item_record(f: _Fields) -> ItemRecord:
    return ItemRecord(
        exhibit=f.get("exhibit", str), id=f.get("id", int), sha256=f.get("sha256", str), sm3=f.get("sm3", str),
        size=f.get("size", int), title=f.get("title", str, ""), original_name=f.get("original_name", str, ""),
        kind=f.get("kind", str, ""), mime=f.get("mime", str, ""), file_mtime=f.optional("file_mtime", str),
        exif_time=f.optional("exif_time", str), imported_at=f.get("imported_at", str, ""),
        import_offset=f.get("import_offset", str, ""), host=f.get("host", str, ""), user=f.get("user", str, ""),
        extraction_note=f.get("extraction_note", str, ""), source=f.get("source", str, ""),
        proves=f.get("proves", str, ""), event_time=f.optional("event_time", str), group=f.get("group", str, ""),
        batch=f.get("batch", str, ""), file=f.optional("file", str), pdf_attachment=f.optional("pdf_attachment", str),
    )


T = TypeVar("T")
D = TypeVar("D")
R = TypeVar("R")
_REQUIRED = object()  # no default: the field must be there


class _Fields:
    """The fields of one JSON object (at ``path`` in the manifest), each checked for its type as
    it is read."""

    def __init__(self, obj: object, path: Field) -> None:
        if not isinstance(obj, dict):
            raise ManifestError(f"malformed manifest: {field_name(path)} is not an object", path)
        self._d: Mapping[str, object] = obj
        self._path = path

    def _error(self, key: str | int, why: str) -> ManifestError:
        return ManifestError(f"malformed manifest: {field_name(self._path + (key,))} {why}", self._path + (key,))

    def __contains__(self, key: str) -> bool:
        return key in self._d

    @overload
    def get(self, key: str, kind: type[T]) -> T: ...
    @overload
    def get(self, key: str, kind: type[T], default: D) -> T | D: ...

    def get(self, key: str, kind: type[T], default: object = _REQUIRED) -> object:
        """The field ``key``, which must be a ``kind``; ``default`` when it is absent (an error
        when no default is given)."""
        if key not in self._d:
            if default is _REQUIRED:
                raise ManifestError(f"malformed manifest: {field_name(self._path)} has no {key!r}", self._path + (key,))
            return default
        value = self._d[key]
        # JSON true is not a number here, nor is a number a truth value
        if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
            raise self._error(key, f"is not {kind.__name__}")
        return value

    def optional(self, key: str, kind: type[T]) -> T | None:
        return None if self._d.get(key) is None else self.get(key, kind)

    def strings(self, key: str) -> list[str]:
        values: list[object] = self.get(key, list, [])
        out = [v for v in values if isinstance(v, str)]
        if len(out) != len(values):
            raise self._error(key, "holds a non-string")
        return out

    def object(self, key: str) -> _Fields:
        """The object ``key`` (an empty one when it is absent)."""
        return _Fields(self.get(key, dict, {}), self._path + (key,))

    def records(self, key: str, make: Callable[[_Fields], R], *, required: bool = False) -> Sequence[R]:
        values: list[object] = self.get(key, list) if required else self.get(key, list, [])
        return [make(_Fields(v, self._path + (key, i))) for i, v in enumerate(values)]


def field_name(path: Field) -> str:
    """The field at ``path`` as a reader would write it: ``items[0].sha256``; ``()`` is "manifest"."""
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else part)
    return out or "manifest"
