"""Bundle files are named in one place: by date, redacted ones as such, never over an earlier one."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from evidencekit.core.export.naming import bundle_path, zip_path_for

NOW = dt.datetime(2026, 12, 1, 23, 59, tzinfo=dt.timezone(dt.timedelta(hours=8)))


def test_a_bundle_is_named_by_its_local_day(tmp_path: Path) -> None:
    assert bundle_path(tmp_path, NOW, redacted=False) == tmp_path / "bundle-2026-12-01.pdf"
    assert bundle_path(tmp_path, NOW.date(), redacted=False) == tmp_path / "bundle-2026-12-01.pdf"
    assert zip_path_for(tmp_path / "bundle-2026-12-01.pdf") == tmp_path / "bundle-2026-12-01.zip"


def test_a_redacted_bundle_is_named_as_such(tmp_path: Path) -> None:
    assert bundle_path(tmp_path, NOW, redacted=True) == tmp_path / "bundle-2026-12-01-redacted.pdf"
    # a full bundle of the same day does not push the redacted one to "-2", nor the other way round
    (tmp_path / "bundle-2026-12-01.pdf").write_bytes(b"%PDF")
    assert bundle_path(tmp_path, NOW, redacted=True) == tmp_path / "bundle-2026-12-01-redacted.pdf"


def test_an_earlier_bundle_of_the_day_is_never_reused(tmp_path: Path) -> None:
    (tmp_path / "bundle-2026-12-01.pdf").write_bytes(b"%PDF")
    assert bundle_path(tmp_path, NOW, redacted=False).name == "bundle-2026-12-01-2.pdf"
    (tmp_path / "bundle-2026-12-01-2.zip").write_bytes(b"PK")  # its ZIP alone counts too
    assert bundle_path(tmp_path, NOW, redacted=False).name == "bundle-2026-12-01-3.pdf"
    (tmp_path / "bundle-2026-12-01-redacted.pdf").write_bytes(b"%PDF")
    assert bundle_path(tmp_path, NOW, redacted=True).name == "bundle-2026-12-01-redacted-2.pdf"
