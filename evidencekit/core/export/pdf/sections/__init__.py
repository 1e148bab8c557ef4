"""One module per section of the bundle, in the order they appear: the cover, the evidence list
(证据目录), the chronology, the exhibits, the verification page, the custody appendix.

Each turns the :class:`~evidencekit.core.export.pdf.input.LayoutInput` into flowables; the
document driver (:mod:`..document`) places them.
"""
