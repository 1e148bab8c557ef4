"""Signed PDFs: signing, document timestamps and inspection (pyHanko underneath).

Where each subject lives:

- :mod:`.sign` — :func:`sign_pdf` embeds the bundle's files (streamed from disk) and signs.
- :mod:`.timestamp` — :func:`add_document_timestamp` appends an RFC 3161 document timestamp.
- :mod:`.inspection` — :func:`inspect_pdf` reports every signature as values;
  :func:`iter_attachments` reads the embedded files; both read through a bounded reader.
- :mod:`.cms_form` — a signature's /Contents must be exactly what its signer wrote.
- :mod:`.revisions` — only a plain document timestamp may follow the claimant's signature.
- :mod:`.status` — the values: :class:`Coverage`, :class:`Modification`, :class:`Problem`...
- :mod:`.pyhanko_adapter` — the one module that imports pyHanko.
"""

from evidencekit.core.integrity.pdf.inspection import inspect_pdf, iter_attachments
from evidencekit.core.integrity.pdf.sign import FIELD_NAME, Attachment, sign_pdf
from evidencekit.core.integrity.pdf.status import (
    Coverage,
    Modification,
    PdfInspection,
    Problem,
    SignatureInfo,
    SignatureKind,
)
from evidencekit.core.integrity.pdf.timestamp import add_document_timestamp

__all__ = [
    "FIELD_NAME",
    "Attachment",
    "Coverage",
    "Modification",
    "PdfInspection",
    "Problem",
    "SignatureInfo",
    "SignatureKind",
    "add_document_timestamp",
    "inspect_pdf",
    "iter_attachments",
    "sign_pdf",
]
