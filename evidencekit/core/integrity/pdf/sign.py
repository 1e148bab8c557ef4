"""Signing the bundle PDF: its files embedded (streamed from disk at write time, never held in
memory) and a PAdES baseline signature over the result, in one incremental update."""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from evidencekit.core.integrity.identity import SigningIdentity
from evidencekit.core.integrity.pdf.pyhanko_adapter import (
    IncrementalPdfFileWriter,
    PdfError,
    embed_file_from_disk,
    sign_into,
)
from evidencekit.errors import SigningError

FIELD_NAME = "EvidenceKitSignature"


@dataclass(frozen=True)
class Attachment:
    """A file to embed: ``key`` is the ASCII name in the PDF's EmbeddedFiles tree."""

    key: str
    path: Path
    display_name: str
    mime: str = "application/octet-stream"
    description: str = ""


def sign_pdf(
    src: Path,
    out: Path,
    identity: SigningIdentity,
    *,
    attachments: Sequence[Attachment] = (),
    reason: str = "",
    location: str = "",
    name: str = "",
) -> None:
    """Embed ``attachments`` into ``src`` and sign it (PAdES baseline B-B) into ``out``.

    Args:
        src: the unsigned PDF.
        out: where the signed PDF goes; replaced only once it is complete and on disk.
        identity: the claimant's key and certificate.
        attachments: the files to embed, read from disk while the PDF is written.
        reason, location, name: the signature dictionary's optional entries.

    Raises:
        SigningError: pyHanko could not sign (unreadable input, bad key, a file that changed).
    """
    tmp = out.with_name(out.name + ".part")
    try:
        with open(src, "rb") as f_in:
            w = IncrementalPdfFileWriter(f_in, strict=False)
            # Name trees must be sorted by key; the keys are ASCII and zero-padded.
            for a in sorted(attachments, key=lambda a: a.key):
                embed_file_from_disk(w, key=a.key, path=a.path, display_name=a.display_name, mime=a.mime,
                                     description=a.description)
            with open(tmp, "w+b") as f_out:
                sign_into(w, f_out, identity, field_name=FIELD_NAME, reason=reason, location=location, name=name)
                f_out.flush()
                os.fsync(f_out.fileno())
        os.replace(tmp, out)
    except SigningError:
        tmp.unlink(missing_ok=True)
        raise
    except (OSError, ValueError, PdfError) as e:
        tmp.unlink(missing_ok=True)
        raise SigningError(f"could not sign the PDF: {e}") from e
