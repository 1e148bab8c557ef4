"""The CLI contract: help everywhere, exit codes, stdout for data and stderr for diagnostics."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from evidencekit.cli.main import build_parser, main
from evidencekit.core.vault.case import Case
from tests.conftest import make_png

COMMANDS = ["new", "import", "list", "verify", "withdraw", "purge", "identity", "annotate", "demo", "ocr", "export",
            "findings", "settings", "draft"]


def run(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    return subprocess.run([sys.executable, "-m", "evidencekit.cli.main", *args], capture_output=True, text=True, cwd=cwd, env=env)


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_has_help(command: str, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as e:
        main([command, "--help"])
    assert e.value.code == 0
    out = capsys.readouterr().out
    assert out.startswith(f"usage: evidencekit {command}")
    sub = build_parser()._subparsers._group_actions[0].choices[command]  # type: ignore[union-attr]
    assert sub.description or sub.format_help()
    for action in sub._actions:
        if action.dest != "help":
            assert action.help, f"{command}: option {action.dest} has no help text"


def test_every_command_is_known_to_the_dispatch() -> None:
    """`evidencekit WORD` opens the app unless WORD is a command: the list must be complete."""
    from evidencekit.cli.main import COMMANDS as KNOWN

    choices = build_parser()._subparsers._group_actions[0].choices  # type: ignore[union-attr]
    assert sorted(KNOWN) == sorted(choices) == sorted(COMMANDS)


def test_version() -> None:
    from evidencekit import __version__

    r = run("--version")
    assert r.returncode == 0 and r.stdout.strip() == f"evidencekit {__version__}"


def test_new_import_list_verify_roundtrip(tmp_path: Path) -> None:
    case = tmp_path / "case"
    r = run("new", str(case), "--title", "某某金融", "--claimant", "张三", "--respondent", "某某消费金融")
    assert r.returncode == 0, r.stderr
    assert r.stdout.strip() == str(case.resolve())
    assert run("new", str(case), "--title", "again").returncode == 2
    married = tmp_path / "married"
    assert run("new", str(married), "--title", "t", "--claimant", "梁詠詩", "--also-known-as", "何太",
               "--also-known-as", "Mrs Ho").returncode == 0
    with Case.open(married, readonly=True) as c:
        assert c.meta.claimant_other_names == ("何太", "Mrs Ho")

    good = make_png(tmp_path / "in" / "a b.png")
    (tmp_path / "in" / "bad.bin").write_bytes(b"\x00" * 10)
    r = run("import", str(case), str(tmp_path / "in"), "--no-ocr")
    assert r.returncode == 1
    lines = r.stdout.splitlines()
    assert lines[0].startswith("imported   item 1  ") and str(good) in lines[0]
    assert lines[1].startswith("rejected   ") and "unsupported type" in lines[1]
    assert "1 imported, 1 rejected" in r.stderr

    r = run("import", str(case), str(good), "--no-ocr")
    assert r.returncode == 0 and r.stdout.startswith("duplicate  item 1")

    r = run("list", str(case), "--json")
    assert r.returncode == 0
    [item] = json.loads(r.stdout)
    assert item["exhibit"] == "1" and item["original_name"] == "a b.png" and len(item["sm3"]) == 64

    r = run("verify", str(case), "--lang", "en")
    assert r.returncode == 0 and r.stdout.splitlines()[-1].startswith("Intact: all ")
    r = run("verify", str(case), "--json")
    report = json.loads(r.stdout)
    assert report["ok"] is True
    assert {"case.original.ok", "custody.chain.intact", "custody.head.intact"} <= {c["code"] for c in report["checks"]}

    obj = next(p for p in (case / "objects").rglob("*") if p.is_file())
    obj.chmod(0o644)
    obj.write_bytes(obj.read_bytes() + b"x")
    r = run("verify", str(case), "--lang", "en")
    assert r.returncode == 1
    assert any(l.startswith("FAIL") and "item 1" in l for l in r.stdout.splitlines())


def test_import_says_which_screenshots_have_no_date(tmp_path: Path) -> None:
    # review 3, item 4: a screenshot without EXIF or a dated file name has no date basis
    case = tmp_path / "case"
    assert run("new", str(case), "--title", "t", "--claimant", "张三").returncode == 0
    make_png(tmp_path / "in" / "IMG_0412.PNG")
    make_png(tmp_path / "in" / "Screenshot_20261127-100212.png", color="black")
    r = run("import", str(case), str(tmp_path / "in"), "--no-ocr")
    assert r.returncode == 0, r.stderr
    ids = {line.split()[3]: line.split()[2] for line in r.stdout.splitlines()}
    undated = [line for line in r.stderr.splitlines() if "no date" in line]
    assert undated == [f"1 screenshot (item {ids[str(tmp_path / 'in' / 'IMG_0412.PNG')]}) has no date (no EXIF time, "
                       "no date in the file name), so its messages are not counted; say when each was taken: "
                       f"evidencekit annotate {case} ITEM --event-time YYYY-MM-DDTHH:MM"]
    assert "no date" not in r.stdout  # a diagnostic, not data


def test_usage_errors_exit_2(tmp_path: Path) -> None:
    assert run("import").returncode == 2
    r = run("import", str(tmp_path), str(tmp_path))
    assert r.returncode == 2 and "not an EvidenceKit case" in r.stderr and "Traceback" not in r.stderr
    r = run("verify", str(tmp_path / "nothing"))
    assert r.returncode == 2 and "Traceback" not in r.stderr


def test_locked_case_is_clear(tmp_path: Path) -> None:
    from evidencekit.core.models import CaseMeta
    from evidencekit.core.vault.case import Case

    with Case.create(tmp_path / "c", CaseMeta("t")):
        r = run("import", "--no-wait", str(tmp_path / "c"), str(make_png(tmp_path / "a.png")))
    # its own exit status (75, "try again"), not 1 ("a file was rejected"); without --no-wait
    # the command waits (tests/core/vault/test_lock.py)
    assert r.returncode == 75 and "open in another EvidenceKit" in r.stderr and "Traceback" not in r.stderr


def test_withdraw_and_purge(tmp_path: Path) -> None:
    case = tmp_path / "c"
    run("new", str(case), "--title", "t")
    run("import", str(case), str(make_png(tmp_path / "a.png")), "--no-ocr")
    assert run("withdraw", str(case), "1", "--reason", "误发").returncode == 0
    assert run("list", str(case)).stdout == ""
    assert "[withdrawn]" in run("list", str(case), "--all").stdout
    r = run("purge", str(case), "1", "--confirm", "nope")
    assert r.returncode == 1 and "confirm with its digest" in r.stderr
    digest = json.loads(run("list", str(case), "--all", "--json").stdout)[0]["sha256"][:12]
    assert run("purge", str(case), "1", "--confirm", digest).returncode == 0
    assert run("verify", str(case)).returncode == 0


def test_annotate(tmp_path: Path) -> None:
    case = tmp_path / "c"
    run("new", str(case), "--title", "t")
    run("import", str(case), str(make_png(tmp_path / "a.png")), "--no-ocr")
    r = run("annotate", str(case), "1", "--title", "逾期通知", "--proves", "对方深夜催收", "--note", "华为 P40 短信应用截图", "--tag", "night")
    assert r.returncode == 0, r.stderr
    [item] = json.loads(run("list", str(case), "--json").stdout)
    assert (item["title"], item["proves"], item["extraction_note"], item["tags"]) == ("逾期通知", "对方深夜催收", "华为 P40 短信应用截图", ["night"])
    assert run("annotate", str(case), "1").returncode == 2
    assert run("verify", str(case)).returncode == 0


def test_titles_typed_through_annotate_are_shown_escaped(tmp_path: Path) -> None:
    """A title is text a person (or a script) typed: its escape codes, BEL, line breaks and C1
    controls never reach the terminal as they are, in any command's output."""
    from tests.conftest import make_png

    case = tmp_path / "case"
    assert run("new", str(case), "--title", "t").returncode == 0
    assert run("import", "--no-ocr", str(case), str(make_png(tmp_path / "s.png"))).returncode == 0
    title = "\x1b[2J\x1b]0;owned\x07red\nline\x9b31m"
    outputs = []
    r = run("annotate", str(case), "1", "--title", title)
    assert r.returncode == 0, r.stderr
    outputs.append(r.stdout)
    for args in (("list", str(case)), ("withdraw", str(case), "1", "--reason", "dup"), ("list", "--all", str(case))):
        r = run(*args)
        assert r.returncode == 0, r.stderr
        outputs.append(r.stdout)
    for out in outputs:
        assert not any(c in out for c in "\x1b\x07\x9b"), repr(out)
        assert "\\x1b[2J" in out and "\\x07" in out and "red\\nline" in out
    r = run("list", "--json", "--all", str(case))
    assert not any(c in r.stdout for c in "\x1b\x07\x9b"), repr(r.stdout)
    assert json.loads(r.stdout)[0]["title"] == title  # the same data, escaped the JSON way
