"""The paste parser: what terminals paste when files are dropped on them."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from evidencekit.tui.paste import looks_like_paths, parse_pasted_paths, split_existing

HOME = os.path.expanduser("~")

CASES = [
    ("empty", "", []),
    ("blank", "  \n\t ", []),
    ("one plain", "/tmp/a.png", ["/tmp/a.png"]),
    ("two spaced", "/tmp/a.png /tmp/b.png", ["/tmp/a.png", "/tmp/b.png"]),
    ("trailing space (GNOME)", "'/tmp/a b.png' ", ["/tmp/a b.png"]),
    ("single quoted pair", "'/tmp/a b.png' '/tmp/c.png'", ["/tmp/a b.png", "/tmp/c.png"]),
    ("double quoted (Windows Terminal)", '"/tmp/x y/z.png"', ["/tmp/x y/z.png"]),
    ("backslash spaces (iTerm2, kitty)", r"/tmp/a\ b.png /tmp/c\ d.png", ["/tmp/a b.png", "/tmp/c d.png"]),
    ("backslash parens", r"/tmp/shot\ \(1\).png", ["/tmp/shot (1).png"]),
    ("file uri", "file:///tmp/a%20b.png", ["/tmp/a b.png"]),
    ("file uri localhost", "file://localhost/tmp/x.png", ["/tmp/x.png"]),
    ("file uris per line (Konsole)", "file:///tmp/a.png\nfile:///tmp/b%E6%88%AA%E5%9B%BE.png\n",
     ["/tmp/a.png", "/tmp/b截图.png"]),
    ("CRLF lines", "/tmp/a.png\r\n/tmp/b.png\r\n", ["/tmp/a.png", "/tmp/b.png"]),
    ("unquoted spaces one per line", "/tmp/my shots/a 1.png\n/tmp/b.png", ["/tmp/my shots/a 1.png", "/tmp/b.png"]),
    ("chinese names", "/tmp/催收 短信.png", ["/tmp/催收", "短信.png"]),
    ("chinese quoted", "'/tmp/催收 短信.png'", ["/tmp/催收 短信.png"]),
    ("home", "~/a.png", [os.path.join(HOME, "a.png")]),
    ("duplicates removed", "/tmp/a.png /tmp/a.png", ["/tmp/a.png"]),
    ("folder", "/tmp/shots/", ["/tmp/shots/"]),
    ("unterminated quote", "'/tmp/a b.png", ["/tmp/a b.png"]),
    ("mixed forms", "'/tmp/a b.png' /tmp/c\\ d.png file:///tmp/e%20f.png",
     ["/tmp/a b.png", "/tmp/c d.png", "/tmp/e f.png"]),
    ("windows path keeps backslashes", r"C:\Users\me\a.png", [r"C:\Users\me\a.png"]),
    ("nul bytes dropped", "/tmp/a\x00.png", ["/tmp/a.png"]),
    ("quote inside double quotes", '"/tmp/it\'s.png"', ["/tmp/it's.png"]),
    ("escaped quote", r"/tmp/it\'s.png", ["/tmp/it's.png"]),
]


@pytest.mark.parametrize(("text", "expected"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_parse_pasted_paths(text: str, expected: list[str]) -> None:
    assert parse_pasted_paths(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("/tmp/a.png", True),
        ("'/tmp/a.png'", True),
        ("~/x", True),
        ("file:///x", True),
        (r"C:\x.png", True),
        ("hello world", False),
        ("催收", False),
        ("", False),
        ("kind:image", False),
    ],
)
def test_looks_like_paths(text: str, expected: bool) -> None:
    assert looks_like_paths(text) is expected


def test_split_existing(tmp_path: Path) -> None:
    (tmp_path / "a b.png").write_bytes(b"x")
    (tmp_path / "dir").mkdir()
    text = f"'{tmp_path}/a b.png' {tmp_path}/dir {tmp_path}/nope.png"
    found = split_existing(parse_pasted_paths(text))
    assert found.existing == [f"{tmp_path}/a b.png", f"{tmp_path}/dir"]
    assert found.missing == [f"{tmp_path}/nope.png"]


def test_parse_never_raises_on_arbitrary_text() -> None:
    from hypothesis import given, settings
    from hypothesis import strategies as st

    @settings(max_examples=300, deadline=None)
    @given(st.text())
    def check(text: str) -> None:
        out = parse_pasted_paths(text)
        assert all(isinstance(p, str) and p for p in out)
        assert len(out) == len(set(out))

    check()
