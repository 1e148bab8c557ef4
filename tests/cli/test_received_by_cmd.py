"""`import --received-by` and `annotate --received-by`: the person's own phone however they say
it ("self", "me", "本人", "本人手機") is stored as one value and said back; a third party as written;
'' leaves it unsaid (each message's wording decides)."""

from __future__ import annotations

import json
from pathlib import Path

from evidencekit.core.vault.case import Case
from tests.cli.test_cli import run
from tests.conftest import make_png


def test_the_own_phone_however_said_is_stored_as_self(tmp_path: Path) -> None:
    case = tmp_path / "c"
    run("new", str(case), "--title", "t", "--claimant", "陳嘉欣")
    r = run("import", str(case), str(make_png(tmp_path / "a.png")), "--no-ocr", "--received-by", "本人手機")
    assert r.returncode == 0, r.stderr
    with Case.open(case, readonly=True) as c:
        assert c.item(1).received_by == "self"
    r = run("annotate", str(case), "1", "--received-by", "黄小姐 (同事)")
    assert r.returncode == 0, r.stderr
    assert r.stdout.splitlines()[-1] == "  received on: 黄小姐 (同事)"
    r = run("annotate", str(case), "1", "--received-by", "Me")
    assert r.stdout.splitlines()[-1] == "  received on: your own phone (self)"
    r = run("annotate", str(case), "1", "--received-by", "")
    assert r.stdout.splitlines()[-1] == "  received on: not said (each message's wording decides)"
    [item] = json.loads(run("list", str(case), "--json").stdout)
    assert item["received_by"] == ""
    assert run("verify", str(case)).returncode == 0


def test_the_help_says_how_to_name_the_own_phone() -> None:
    for command in ("import", "annotate"):
        out = " ".join(run(command, "--help").stdout.split())
        assert "'self' (or me, 本人, 本人手機) for your own" in out
