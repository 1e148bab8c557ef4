"""The signed evidence bundle: indexed PDF, ZIP with originals, manifest, verification.

Public entry points (imported lazily by callers):

- :func:`evidencekit.core.export.model.gather` — a :class:`BundleInput` from an open case.
- :func:`evidencekit.core.export.bundle.export_bundle` — write the signed PDF (and ZIP).
- :func:`evidencekit.core.export.verify_bundle.verify_bundle` — check a PDF or ZIP bundle offline.
"""
