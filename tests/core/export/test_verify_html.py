"""VERIFY.html as rendered: one self-contained file, pinned by its CSP, readable without
JavaScript, with every string the page can show in each of its three languages."""

from __future__ import annotations

import base64
import hashlib
import json
import re
from importlib import resources

import pytest

from evidencekit.core.export.verifier import VERIFY_HTML, render_verify_html
from evidencekit.core.models import LANGUAGES
from evidencekit.errors import ExportError

SRC = resources.files("evidencekit.core.export.verifier")


def _tables() -> dict[str, dict]:
    return {lang: json.loads(SRC.joinpath("locale", f"{lang}.json").read_text("utf-8")) for lang in LANGUAGES}


def test_member_name() -> None:
    assert VERIFY_HTML == "VERIFY.html"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_page_is_one_file_pinned_by_its_policy(lang: str) -> None:
    page = render_verify_html(lang).decode("utf-8")
    assert page.startswith("<!DOCTYPE html>") and f'<html lang="{lang}">' in page
    assert "{{" not in page.split("<script")[0]
    csp = re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', page).group(1)
    assert csp.startswith("default-src 'none';") and "connect-src" not in csp  # nothing but what is listed
    script = re.search(r"<script>(.*?)</script>", page, re.S).group(1)
    style = re.search(r"<style>(.*?)</style>", page, re.S).group(1)
    for part, directive in ((script, "script-src"), (style, "style-src")):
        h = base64.b64encode(hashlib.sha256(part.encode("utf-8")).digest()).decode("ascii")
        assert f"{directive} 'sha256-{h}'" in csp
    assert not re.search(r"(src|href)\s*=", page.split("<script")[0])  # nothing loaded from elsewhere
    assert "\r" not in page
    assert len(page.encode("utf-8")) < 200_000
    assert render_verify_html(lang) == render_verify_html(lang)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_without_javascript_the_guide_is_there_in_the_bundles_language(lang: str) -> None:
    page = render_verify_html(lang).decode("utf-8")
    guide = _tables()[lang]["guide"]
    body = page.split('<div id="guide-body">')[1].split("</div>")[0]
    import html

    for tag, text in guide:
        for t in text if isinstance(text, list) else [text]:
            assert html.escape(t) in body
    assert '<details id="guide" open>' in page  # open until the script closes it
    assert '<section id="app" hidden>' in page  # the drop area needs the script


def test_an_unknown_language_is_refused() -> None:
    with pytest.raises(ExportError):
        render_verify_html("fr")


def _ui_keys_used() -> set[str]:
    js = SRC.joinpath("js", "ui.js").read_text("utf-8")
    check = SRC.joinpath("js", "check.js").read_text("utf-8")
    keys = set(re.findall(r"\bt\(\"(\w+)\"[,)]", js))
    assert {"title", "cert_compare", "not_checked", "working"} <= keys  # the pattern finds them
    keys |= {"verdict_" + v for v in ("ok", "warn", "fail", "incomplete", "cannot")}
    keys |= {"ex_" + s for s in ("ok", "ok_unsigned", "changed", "missing", "unreadable", "no_inflate",
                                 "not_included", "unlisted")}
    keys |= {"file_" + s for s in ("ok", "changed", "missing", "unreadable", "no_inflate")}
    keys |= {"fatal_" + c for c in ("pdf", "not_bundle", "read_error", "no_manifest", "no_manifest_pdf",
                                    "manifest_bad", "zip_not_zip", "zip_damaged", "zip_no_inflate",
                                    "zip_too_large", "zip_encrypted", "zip_method", "internal")}
    keys |= set(re.findall(r'"(not_checked_\w+)"', js))
    statuses = {"structure": "ok fail", "cert": "ok fail", "archive": "ok fail warn skip na",
                "manifest_sig": "ok fail skip", "merkle": "ok fail", "files": "ok fail skip", "extras": "ok fail",
                "sums": "ok fail"}
    # every check the page adds is in the table above
    assert set(re.findall(r'add\("(\w+)"', check)) == set(statuses)
    keys |= {f"chk_{c}_{s}" for c, ss in statuses.items() for s in ss.split()}
    return keys


def test_every_string_the_page_shows_exists_in_every_language() -> None:
    tables = _tables()
    used = _ui_keys_used()
    base = tables["zh-Hans"]["ui"]
    for lang, table in tables.items():
        ui = table["ui"]
        assert set(ui) == set(base), lang
        assert used <= set(ui), (lang, used - set(ui))
        for key, text in ui.items():
            # a translation keeps every {placeholder}
            assert set(re.findall(r"\{(\w+)\}", text)) == set(re.findall(r"\{(\w+)\}", base[key])), (lang, key)
        assert [e[0] for e in table["guide"]] == [e[0] for e in tables["zh-Hans"]["guide"]], lang


def test_the_page_quotes_the_pdf_covers_labels() -> None:
    # the reader is told to compare with what the PDF's cover prints: the labels must be the same
    for lang, table in _tables().items():
        cover = json.loads(resources.files("evidencekit.core.export").joinpath("locale", f"{lang}.json")
                           .read_text("utf-8"))
        assert table["ui"]["cert_fp"] == cover["cert_fingerprint"], lang
        assert table["ui"]["bundle_fp"] == cover["fingerprint"], lang
