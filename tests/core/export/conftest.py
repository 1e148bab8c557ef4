from __future__ import annotations

from pathlib import Path

import pytest

from evidencekit.core.export.bundle import export_bundle
from evidencekit.core.export.model import BundleInput, ExportOptions, ExportResult
from tests.core.export.fixtures import NOW, make_input


@pytest.fixture(scope="session")
def zh_bundle(tmp_path_factory: pytest.TempPathFactory) -> tuple[ExportResult, BundleInput]:
    """One zh-Hans bundle (PDF + ZIP) of 5 OCR'd screenshots, shared by the read-only tests."""
    d: Path = tmp_path_factory.mktemp("zh")
    inp = make_input(d, 5)
    return export_bundle(inp, d / "bundle.pdf", ExportOptions(make_zip=True, now=NOW)), inp
