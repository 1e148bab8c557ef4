"""The kill trials' short form: every command killed at random moments, nothing inconsistent,
no stuck lock, no half bundle under a final name, no leftover after the next open."""

from __future__ import annotations

import pytest

from trials import kill

pytestmark = pytest.mark.slow


def test_short_kill_trials_find_nothing(capsys: pytest.CaptureFixture[str]) -> None:
    code = kill.main(["--trials", str(2 * len(kill.OPERATIONS)), "--seed", "7"])
    out, err = capsys.readouterr()
    assert code == 0, err
    rows = {line.split()[0]: line.split()[1:] for line in out.splitlines()[1:]}
    assert set(rows) == {*kill.OPERATIONS, "all"}
    trials, killed, *failures = map(int, rows["all"])
    assert trials == 2 * len(kill.OPERATIONS) and failures == [0] * len(kill.FAILURES)
    assert killed >= 1  # at least one command was caught mid-way
