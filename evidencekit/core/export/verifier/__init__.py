"""VERIFY.html: the bundle's offline verifier for a web browser, as one self-contained file."""

from evidencekit.core.export.verifier.page import VERIFY_HTML, render_verify_html

__all__ = ["VERIFY_HTML", "render_verify_html"]
