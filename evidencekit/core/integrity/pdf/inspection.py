"""Reading a signed PDF as values: its signatures, its later revisions, its embedded files.

:func:`inspect_pdf` validates every signature and reports integrity, coverage, whether each
/Contents is exactly what its signer wrote and whether every revision after the first signature
is a document timestamp and nothing else; :func:`iter_attachments` yields the embedded files one
at a time. A malformed or hostile file gives findings, never an exception, and pyHanko reads it
through :class:`_Guarded`, which bounds the reading a crafted file can make it do.
"""

from __future__ import annotations

import io
import os
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO

from evidencekit.core.integrity.pdf.cms_form import check_contents
from evidencekit.core.integrity.pdf.pyhanko_adapter import (
    EmbeddedSignature,
    PdfError,
    PdfFileReader,
    PdfReadError,
    embedded_signatures,
    generic,
)
from evidencekit.core.integrity.pdf.revisions import later_revision_problem
from evidencekit.core.integrity.pdf.status import (
    Coverage,
    Modification,
    PdfInspection,
    Problem,
    SignatureInfo,
    SignatureKind,
)

# What parsing a hostile file can raise before any signature is looked at; each becomes a finding.
_UNREADABLE = (OSError, PdfError, ValueError, KeyError, TypeError, IndexError, AttributeError, RecursionError,
               AssertionError, NotImplementedError)
_MAX_TREE_DEPTH = 16

if TYPE_CHECKING:
    from _typeshed import WriteableBuffer


def inspect_pdf(path: Path) -> PdfInspection:
    """Validate every signature in ``path``.

    Returns:
        The signatures in signing order with what each covers and what followed it; the
        inspection's ``problem`` says why when the file is not a readable PDF. Never raises for a
        malformed file.
    """
    try:
        size = path.stat().st_size
        with _Guarded(io.FileIO(path)) as f:
            # pyHanko looks for the end marker one byte at a time from the end: on a large file
            # without one that takes hours. Every bundle ends with it (the signature covers
            # the file to its last byte), and readers only look in the last 1024 bytes.
            f.seek(max(0, size - 1024))
            if b"%%EOF" not in f.read():
                return PdfInspection(Problem("pdf.no_end_marker",
                                             "not a readable PDF: no %%EOF marker at the end of the file"),
                                     file_size=size)
            f.seek(0)
            return _inspect(f, size)
    except _UNREADABLE as e:
        error = f"{type(e).__name__}: {e}"
        return PdfInspection(Problem("pdf.unreadable", f"not a readable PDF: {error}", {"error": error}))


class _Guarded(io.BufferedReader):
    """The file as pyHanko reads it, with a bound on byte-at-a-time reading.

    pyHanko's tokenizer skips whitespace one byte per call: an xref offset or object reference
    pointing into a few gigabytes of NULs (a sparse file costs nothing) keeps it busy for an
    hour. Our bundles never need more than a few kilobytes read that way in a row (the longest
    run is a signature's hex digits), nor more than a few hundred thousand in all.
    """

    RUN_LIMIT = 256 << 10
    TOTAL_LIMIT = 16 << 20

    def __init__(self, raw: io.RawIOBase) -> None:
        super().__init__(raw)
        self._run = 0
        self._total = 0

    def read(self, size: int | None = -1, /) -> bytes:
        if size == 1:
            self._run += 1
            self._total += 1
            if self._run > self.RUN_LIMIT or self._total > self.TOTAL_LIMIT:
                raise PdfReadError("too much of the file is neither PDF syntax nor data (a run of "
                                   "whitespace or garbage): not a bundle EvidenceKit writes")
        else:
            self._run = 0
        return super().read(size)

    def readinto(self, buffer: WriteableBuffer, /) -> int:
        self._run = 0
        return super().readinto(buffer)

    def seek(self, offset: int, whence: int = os.SEEK_SET, /) -> int:
        if whence == os.SEEK_SET:
            self._run = 0
        return super().seek(offset, whence)


def _inspect(f: BinaryIO, size: int) -> PdfInspection:
    r = PdfFileReader(f, strict=False)
    sigs = embedded_signatures(r)
    try:
        later = later_revision_problem(r, f, sigs)
    except Exception as e:  # noqa: BLE001 - a hostile revision may break the parser anywhere
        error = f"{type(e).__name__}: {e}"
        later = Problem("pdf.revision.unreadable", f"a revision after the signature cannot be read: {error}",
                        {"error": error})
    # What changed after each signature: nothing (the last), document timestamps only, or more.
    after = Modification.DOCUMENT_TIMESTAMPS if later is None else Modification.OTHER
    found = tuple(_signature_info(f, s, Modification.NONE if i == len(sigs) - 1 else after)
                  for i, s in enumerate(sigs))
    return PdfInspection(None, found, size, later)


def _signature_info(f: BinaryIO, s: EmbeddedSignature, modification: Modification) -> SignatureInfo:
    name, kind = s.field, s.kind
    try:
        v = s.validate()
        br = s.byte_range
        problem = check_contents(f, br, kind)
        return SignatureInfo(name, kind, v.intact, v.valid and problem is None, v.coverage, modification,
                             s.signer_fingerprint, s.signer_subject, v.time, br[2] + br[3], problem)
    except Exception as e:  # noqa: BLE001 - a hostile file may break the validator anywhere
        error = f"{type(e).__name__}: {e}"
        code = "pdf.timestamp.unreadable" if kind is SignatureKind.DOC_TIMESTAMP else "pdf.signature.unreadable"
        return SignatureInfo(name, kind, False, False, Coverage.UNKNOWN, modification, "", "",
                             problem=Problem(code, error, {"error": error}))


# ------------------------------------------------------------------ embedded files


def _iter_specs(r: PdfFileReader) -> Iterator[tuple[str, generic.PdfObject]]:
    """(name, file specification) for each entry of the EmbeddedFiles name tree."""
    root = r.root
    if "/Names" not in root:
        return
    names = root["/Names"]
    if "/EmbeddedFiles" not in names:
        return
    tree = names["/EmbeddedFiles"]
    # Our writer makes a flat tree; a nested one is walked with a depth bound.
    stack = [(tree, 0)]
    while stack:
        node, depth = stack.pop()
        if depth > _MAX_TREE_DEPTH:
            raise ValueError("embedded-file name tree nested too deeply")
        if "/Names" in node:
            arr = node["/Names"]
            for i in range(0, len(arr) - 1, 2):
                yield str(arr[i]), arr[i + 1].get_object()
        if "/Kids" in node:
            for kid in node["/Kids"]:
                stack.append((kid.get_object(), depth + 1))


def iter_attachments(path: Path) -> Iterator[tuple[str, bytes | None, str]]:
    """Yield (key, data, error) for every embedded file, one at a time.

    ``data`` is None and ``error`` says why when a file's stream is unreadable.

    Raises:
        ValueError: the name tree is malformed (nested too deeply); pyHanko's own errors when the
            PDF or its tree cannot be parsed.
    """
    with _Guarded(io.FileIO(path)) as f:
        r = PdfFileReader(f, strict=False)
        for key, spec in _iter_specs(r):
            if not isinstance(spec, generic.DictionaryObject):
                yield key, None, "not a file specification"
                continue
            try:
                ef = spec["/EF"]
                stream = (ef.get("/UF") or ef["/F"]).get_object()
                yield key, stream.data, ""
            except Exception as e:  # noqa: BLE001 - hostile stream: report, go on
                yield key, None, f"{type(e).__name__}: {e}"
