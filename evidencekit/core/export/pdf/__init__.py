"""The bundle as a PDF (the only package using reportlab's platypus layer).

- :mod:`.document` — the driver: parts, two passes, anchors, putting the parts together;
- :mod:`.sections` — one module per section (cover, evidence list, chronology, exhibit pages,
  verification page, custody appendix);
- :mod:`.tables` — tables of any length made a page at a time;
- :mod:`.flowables`, :mod:`.styles`, :mod:`.formatting`, :mod:`.chart` — the pieces;
- :mod:`.images` — screenshots passed through undecoded; :mod:`.assemble` — the parts into one PDF.

Entry point: :func:`evidencekit.core.export.pdf.document.build_pdf`.
"""
