"""The concurrency trial's short form: verification during imports, edits and exports by other
processes gives no false alarm."""

from __future__ import annotations

import pytest

from trials import concurrent

pytestmark = pytest.mark.slow


def test_short_concurrency_trial_finds_no_false_alarm(capsys: pytest.CaptureFixture[str]) -> None:
    code = concurrent.main(["--writers", "8", "--seed", "5"])
    out, err = capsys.readouterr()
    assert code == 0, out + err
    assert "false alarms 0, final verify ok" in out and "failed 0)" in out
    runs = int(out.split("verifications ")[1].split(",")[0])
    assert runs >= 3
