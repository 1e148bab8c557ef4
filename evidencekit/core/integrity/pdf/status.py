"""What an inspection of a signed PDF finds, as values (in the spirit of pyHanko's validation status).

:class:`Coverage` says how much of the file a signature's digest covers, :class:`Modification` what
the file's later revisions changed after it, and :class:`Problem` names one defect by a dotted
code (``pdf.cms.crls``, ``pdf.revision.catalog_changed``) with the values a sentence about it needs.
The English ``detail`` is for logs; readers of other languages get the code and its ``args``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum


class SignatureKind(StrEnum):
    """What a signature field holds."""

    SIGNATURE = "signature"  # a signer's CMS signature (the claimant's, in our bundles)
    DOC_TIMESTAMP = "doc_timestamp"  # an RFC 3161 document timestamp (PAdES B-LTA style)


class Coverage(StrEnum):
    """How much of the file the signed byte range covers (pyHanko's ``SignatureCoverageLevel``)."""

    ENTIRE_FILE = "entire_file"  # every byte of the file except the signature's own /Contents
    ENTIRE_REVISION = "entire_revision"  # its revision whole; later revisions follow it
    PARTIAL = "partial"  # less than a revision, or a byte range with gaps
    UNKNOWN = "unknown"  # the signature could not be validated, so its coverage is not known


class Modification(StrEnum):
    """What the revisions after a signature changed (pyHanko's ``ModificationLevel``, narrowed).

    Only a document timestamp and nothing else may follow the claimant's signature: pyHanko's own
    levels allow form filling, annotations and "LTA updates" that may carry metadata edits.
    """

    NONE = "none"  # the last signature: nothing follows it
    DOCUMENT_TIMESTAMPS = "document_timestamps"  # only document timestamps, each exactly as written
    OTHER = "other"  # anything else: content may have changed after signing


@dataclass(frozen=True)
class Problem:
    """One defect: ``code`` machine-readably, ``detail`` as an English sentence, ``args`` its values."""

    code: str
    detail: str
    args: Mapping[str, str | int] = field(default_factory=dict)

    def within(self, prefix: str, **args: str | int) -> Problem:
        """The same problem with ``prefix`` before its sentence and ``args`` added (for context)."""
        return Problem(self.code, f"{prefix}{self.detail}", {**args, **self.args})


@dataclass(frozen=True)
class SignatureInfo:
    """One signature (or document timestamp) as found in the file."""

    field: str
    kind: SignatureKind
    intact: bool  # the digest matches the signed bytes
    valid: bool  # the cryptographic signature checks out and its /Contents are exactly as written
    coverage: Coverage
    modification: Modification  # what the revisions after this signature changed
    signer_fingerprint: str  # SHA-256 of the signer's certificate
    signer_subject: str
    timestamp: str = ""  # signing time claimed, or the TST time for a document timestamp
    signed_range_end: int = 0  # the offset just past the last signed byte
    problem: Problem | None = None  # why the signature cannot be trusted, beyond intact/valid


@dataclass(frozen=True)
class PdfInspection:
    """Every signature of a PDF and what its later revisions hold; ``problem`` when unreadable."""

    problem: Problem | None = None
    signatures: tuple[SignatureInfo, ...] = ()
    file_size: int = 0
    # The first revision after the claimant's signature that is not a plain document timestamp
    # (the analysis stops there: what follows builds on it).
    revision_problem: Problem | None = None

    @property
    def readable(self) -> bool:
        """The file parsed as a PDF (its signatures may still be bad)."""
        return self.problem is None
