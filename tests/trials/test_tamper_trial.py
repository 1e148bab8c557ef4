"""The tamper trial's short form: every change to a built case (index rows, readings, corrections,
the custody log, the OCR cache, originals, keys, heads) is named by the check it must fail."""

from __future__ import annotations

import pytest

from trials import tamper

pytestmark = pytest.mark.slow


def test_every_tamper_of_a_case_is_named(capsys: pytest.CaptureFixture[str]) -> None:
    code = tamper.main(["--quick"])
    out, err = capsys.readouterr()
    assert code == 0, out + err
    assert "misnamed 0, missed 0, crashes 0, false alarms 0" in out
    total = int(out.split()[1].rstrip(":"))
    assert total == len(tamper.tampers(quick=True)) >= 50
