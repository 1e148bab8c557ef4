"""The signed evidence bundle: indexed PDF, ZIP with originals, manifest, verification.

Public entry points (imported lazily by callers):

- :func:`evidencekit.core.export.model.gather` — a :class:`BundleInput` from an open case.
- :func:`evidencekit.core.export.bundle.export_bundle` — write the signed PDF (and ZIP);
  :func:`~evidencekit.core.export.bundle.export_case` also records the export in the case.
- :func:`evidencekit.core.export.naming.bundle_path` — what a new bundle file is called.
- :func:`evidencekit.core.export.verify_bundle.verify_bundle` — check a PDF or ZIP bundle offline.

Where things are:

- ``model`` — the input (``BundleInput``), the options (``ExportOptions``), the result;
- ``bundle`` — the export's stages, run in order on one ``context.ExportContext``;
- ``format`` — the file format shared by writer and verifier: member names, what is signed,
  the typed manifest;
- ``redaction`` — a redacted bundle's input, masked once before anything is laid out; ``mask``
  masks numbers in text, ``redact`` in the pixels of a screenshot; ``shown`` — what the pages
  show of each original;
- ``timestamps`` — RFC 3161 tokens over the import batches; ``zipbundle`` — the ZIP;
- ``pdf`` — the PDF layout (document driver, one module per section);
- ``summary`` — titles, 证明目的 and the cover's summary derived from the readings;
  ``timeline`` — the chronology as the bundle reads it; ``strings`` — the bundle's languages.
"""
