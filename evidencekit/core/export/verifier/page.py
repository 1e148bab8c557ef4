"""Render VERIFY.html: the page's HTML, CSS, scripts and strings (kept as files beside this
module) inlined into one file that works offline from ``file://``.

The scripts and the style are pinned by their SHA-256 in the page's Content-Security-Policy, with
``default-src 'none'``: the page can fetch nothing and send nothing, whatever a bundle contains.
Without JavaScript the reader still sees the guide (how to check the PDF in a PDF reader, what a
fingerprint is) in the bundle's language.
"""

from __future__ import annotations

import base64
import hashlib
import html
import json
import re
from functools import lru_cache
from importlib import resources
from typing import Any, Final

from evidencekit.core.export import format as fmt
from evidencekit.core.export.format import VERIFY_HTML
from evidencekit.core.models import LANGUAGES
from evidencekit.errors import ExportError


# Order matters: each script uses what the ones before it put on EKV.
_SCRIPTS: Final = ("bytes.js", "hashes.js", "asn1.js", "zip.js", "check.js", "ui.js")
_PKG: Final = "evidencekit.core.export.verifier"


def _source(*parts: str) -> str:
    # One line ending whatever the checkout did: the CSP hashes must match what the browser
    # hashes, and an HTML parser turns CRLF into LF before it does.
    text = resources.files(_PKG).joinpath(*parts).read_text("utf-8")
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _csp_hash(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii") + "'"


def _guide_html(guide: list[Any]) -> str:
    out = []
    for tag, body in guide:
        if isinstance(body, list):
            items = "".join(f"<li>{html.escape(s)}</li>" for s in body)
            out.append(f"<{tag}>{items}</{tag}>")
        else:
            out.append(f"<{tag}>{html.escape(body)}</{tag}>")
    return "\n".join(out)


def _tables() -> dict[str, dict[str, Any]]:
    return {lang: json.loads(_source("locale", f"{lang}.json")) for lang in LANGUAGES}


def _format() -> dict[str, str | int]:
    """What the page must know of the bundle's format, from :mod:`..format` (its one home)."""
    return {
        "manifest": fmt.MANIFEST, "manifest_sig": fmt.MANIFEST_SIG, "cert": fmt.CERT, "pdf": fmt.PDF_NAME,
        "sha256sums": fmt.SHA256SUMS, "sm3sums": fmt.SM3SUMS, "zip_sig_magic": fmt.ZIP_SIG_MAGIC.decode("ascii"),
        "zip_sig_len": fmt.ZIP_SIG_LEN, "zip_signed_prefix": fmt.zip_signed_message("").decode("ascii"),
    }


def _data(value: object) -> str:
    """JSON for a data block of the page; "<" escaped so that no string can close the element."""
    return json.dumps(value, ensure_ascii=False, separators=(",", ":")).replace("<", "\\u003c")


@lru_cache(maxsize=None)
def render_verify_html(lang: str) -> bytes:
    """VERIFY.html for a bundle in ``lang``: one UTF-8 HTML file, the same bytes for the same
    language and EvidenceKit version (it is listed and signed in the manifest like any file).

    The page opens in ``lang`` and switches to the language of the bundle dropped on it; the
    reader can switch between zh-Hans, zh-Hant and en.

    Args:
        lang: the bundle's language, one of zh-Hans, zh-Hant, en.

    Returns:
        The page, to be written into the ZIP as :data:`VERIFY_HTML`.

    Raises:
        ExportError: unknown language.
    """
    if lang not in LANGUAGES:
        raise ExportError(f"unknown bundle language {lang!r}; use one of {', '.join(LANGUAGES)}")
    tables = _tables()
    js = '\n(function () {\n"use strict";\nvar EKV = window.EKV = {};\n'
    js += "\n".join(_source("js", name) for name in _SCRIPTS) + "\n})();\n"
    css = _source("page.css")
    # Nothing may end the inline elements early.
    for text, end in ((js, "</script"), (js, "<!--"), (css, "</style")):
        if end in text.lower():
            raise RuntimeError(f"the verifier's sources contain {end!r}")
    strings = _data(tables)
    ui = tables[lang]["ui"]
    csp = (f"default-src 'none'; script-src {_csp_hash(js)}; style-src {_csp_hash(css)}; "
           "img-src data: blob:; base-uri 'none'; form-action 'none'")
    values = {
        "LANG": lang,
        "CSP": csp,
        "TITLE": html.escape(ui["title"]),
        "CSS": css,
        "GUIDE_SUMMARY": html.escape(ui["guide_summary"]),
        "GUIDE": _guide_html(tables[lang]["guide"]),
        "STRINGS": strings,
        "FORMAT": _data(_format()),
        "JS": js,
    }
    # One pass, so that nothing inserted is read as a placeholder again.
    page = re.sub(r"\{\{(\w+)\}\}", lambda m: values[m.group(1)], _source("page.html"))
    return page.encode("utf-8")


__all__ = ["VERIFY_HTML", "render_verify_html"]
