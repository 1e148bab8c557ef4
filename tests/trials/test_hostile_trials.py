"""The hostile-input trial's short form: every kind of hostile file but the three very
large images, each imported in its own process (no crash, no hang, a reason for each rejection,
nothing unsafe on the terminal), then exported and verified."""

from __future__ import annotations

import pytest

from trials import hostile

pytestmark = pytest.mark.slow


def test_short_hostile_trial_finds_nothing(capsys: pytest.CaptureFixture[str]) -> None:
    code = hostile.main(["--files", "0", "--no-ocr", "--without", "tall-", "--without", "huge-",
                         "--without", "near-limit-", "--timeout", "180", "--max-rss-mb", "600"])
    out, err = capsys.readouterr()
    assert code == 0, out + err
    assert "without a reason 0, crashes 0, hangs 0, unsafe on the terminal 0, over 600 MB 0" in out
    assert "export ok, verify case ok, verify bundles ok" in out
    files = int(out.split()[1].rstrip(":"))
    assert files == len(hostile.KINDS) - 3 + len(hostile.BYTE_NAMES) + 3  # and the pipe and two links
