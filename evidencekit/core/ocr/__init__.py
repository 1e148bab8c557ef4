"""OCR of message screenshots: engine interface, stages and the pipeline.

Nothing heavy is imported here; import the submodules (``pipeline``, ``tesseract``...) directly.
"""
