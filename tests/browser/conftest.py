"""Debian's chromium, headless and offline, driven by Playwright through its own executable
(Playwright's browser download is never used), and the bundles the page is tried on."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from evidencekit.core.export.bundle import export_bundle
from evidencekit.core.export.model import BundleInput, ExportOptions
from evidencekit.core.export.verifier import VERIFY_HTML, render_verify_html
from evidencekit.core.export.verify_bundle import verify_bundle
from evidencekit.core.integrity.identity import SigningIdentity
from tests.core.export.fixtures import NOW, make_input

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--no-first-run"]


def _missing() -> str:
    if not os.path.exists(CHROMIUM):
        return "Debian's chromium is not installed (scripts/setup.sh installs it)"
    try:
        import playwright  # noqa: F401
    except ImportError:
        return "playwright is not installed (pip install -e '.[test]')"
    return ""


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    """Chromium for one test module.

    Playwright's sync API keeps an asyncio loop running in this thread while it is open, so
    nothing that calls ``asyncio.run`` (pyHanko's signing, hence ``export_bundle``) can run
    meanwhile: bundles are made before the browser starts, and it closes with the module.
    """
    why = _missing()
    if why:
        if os.environ.get("CI"):
            pytest.fail(why)  # CI installs both: a skip there would hide a broken setup
        pytest.skip(why)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        # launch() gives the browser a new, empty user-data-dir of its own
        b = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
        try:
            yield b
        finally:
            b.close()


LEGACY_ZIP = Path(__file__).parents[1] / "fixtures" / "legacy-300e1e3" / "bundle.zip"


@dataclass(frozen=True)
class Bundles:
    folder: Path
    good: Path  # the ZIP exactly as the exporter writes it (VERIFY.html inside, every member stored)
    redacted: Path  # a redacted bundle's ZIP as exported (no originals)
    legacy: Path  # a ZIP made by an earlier version: no VERIFY.html, text members deflated
    page: Path  # VERIFY.html on its own (zh-Hans)
    inp: BundleInput

    @property
    def identity(self) -> SigningIdentity:
        return self.inp.identity


@pytest.fixture(scope="session")
def bundles(tmp_path_factory: pytest.TempPathFactory) -> Bundles:
    d = tmp_path_factory.mktemp("vb")
    inp = make_input(d, 4)
    res = export_bundle(inp, d / "bundle.pdf", ExportOptions(make_zip=True, now=NOW))
    assert res.zip_path is not None
    red = make_input(d / "red", 2)
    rres = export_bundle(red, d / "redacted.pdf",
                         ExportOptions(make_zip=True, now=NOW, redact=True, redact_word_boxes=False))
    assert rres.zip_path == d / "redacted.zip"
    rep = verify_bundle(res.zip_path)
    assert rep.ok, rep.problems
    legacy = shutil.copyfile(LEGACY_ZIP, d / "legacy.zip")
    page = d / VERIFY_HTML
    page.write_bytes(render_verify_html("zh-Hans"))
    return Bundles(d, res.zip_path, rres.zip_path, legacy, page, inp)


class Verifier:
    """One page of VERIFY.html in the browser."""

    def __init__(self, page: Any) -> None:
        self.page = page

    def check(self, path: Path, *, folder: bool = False) -> dict[str, Any]:
        """Give the page a ZIP (or a folder) through its file pickers; the result as shown."""
        self.page.set_input_files("#pick-dir" if folder else "#pick-zip", str(path))
        return self.result()

    def result(self) -> dict[str, Any]:
        self.page.wait_for_selector("#verdict", timeout=30_000)
        return self.page.evaluate(
            """() => {
              const q = (s) => Array.from(document.querySelectorAll(s));
              const fp = document.getElementById('fingerprint');
              return {
                verdict: document.getElementById('verdict').dataset.verdict,
                headline: document.querySelector('#verdict h2').textContent,
                verdictText: document.getElementById('verdict').innerText,
                fingerprint: fp ? fp.textContent : null,
                exhibits: q('#exhibits li').map((li) => ({exhibit: li.dataset.exhibit, status: li.dataset.status,
                                                          text: li.querySelector('.line').textContent})),
                checks: Object.fromEntries(q('#checks li').map((li) => [li.dataset.check, li.dataset.status])),
                checkText: Object.fromEntries(q('#checks li').map((li) => [li.dataset.check, li.textContent])),
                text: document.body.innerText,
                lang: document.documentElement.lang,
                chunked: window.EKV.last.chunked,
              };
            }"""
        )


@pytest.fixture
def open_page(browser: Any) -> Iterator[Any]:
    """open_page(path, **context options) -> Verifier on a fresh browser context."""
    contexts: list[Any] = []

    def _open(path: Path, *, init_script: str | None = None, **opts: Any) -> Verifier:
        ctx = browser.new_context(**opts)
        contexts.append(ctx)
        if init_script:
            ctx.add_init_script(init_script)
        page = ctx.new_page()
        errors: list[str] = []
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.goto(path.resolve().as_uri())
        v = Verifier(page)
        v.errors = errors  # type: ignore[attr-defined]
        return v

    yield _open
    for ctx in contexts:
        ctx.close()
