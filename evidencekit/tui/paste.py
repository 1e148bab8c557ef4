"""What a terminal pastes when files are dropped on it, turned back into paths.

Terminals differ: GNOME Terminal/VTE pastes ``'/a b.png' '/c.png'`` (shell-quoted), iTerm2 and
kitty paste ``/a\\ b.png /c.png`` (backslash-escaped), Konsole and some file managers paste
``file:///a%20b.png`` URIs (one per line), Windows Terminal pastes ``"C:\\a b.png"``. A paste
can hold several of these, separated by spaces or newlines. This module is pure: it parses
text, and ``split_existing`` only asks the file system whether each candidate exists.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from urllib.parse import unquote, urlsplit


def _tokens(text: str) -> list[str]:
    """Shell-like words: quotes group, backslash escapes the next character, whitespace splits.

    Unlike ``shlex`` this never raises: an unterminated quote runs to the end of the text (a
    half-pasted name is still worth trying).
    """
    out: list[str] = []
    buf: list[str] = []
    in_word = False
    quote = ""
    i = 0
    n = len(text)
    while i < n:
        c = text[i]
        if quote:
            if c == quote:
                quote = ""
            elif c == "\\" and quote == '"' and i + 1 < n and text[i + 1] in '"\\$`':
                i += 1
                buf.append(text[i])
            else:
                buf.append(c)
        elif c in "'\"":
            quote = c
            in_word = True
        elif c == "\\" and i + 1 < n:
            nxt = text[i + 1]
            if nxt in "\r\n":
                i += 1  # line continuation
            else:
                # Windows paths (C:\Users\x) keep their backslashes when the next character is
                # not one a shell would need escaped.
                if nxt in " \t'\"\\()[]{}&;!$`#*?<>|~=,":
                    i += 1
                    buf.append(nxt)
                else:
                    buf.append(c)
            in_word = True
        elif c.isspace():
            if in_word:
                out.append("".join(buf))
                buf = []
                in_word = False
        else:
            buf.append(c)
            in_word = True
        i += 1
    if in_word:
        out.append("".join(buf))
    return out


def _from_uri(token: str) -> str:
    """``file:///tmp/a%20b.png`` → ``/tmp/a b.png``; ``file://localhost/x`` → ``/x``."""
    parts = urlsplit(token)
    host = parts.netloc
    path = unquote(parts.path, errors="surrogateescape")
    if host and host not in ("localhost",) and not path:
        path = "/" + host
    return path


def parse_pasted_paths(text: str) -> list[str]:
    """Candidate file paths in pasted text, in order, without duplicates.

    Args:
        text: what the terminal pasted.

    Returns:
        The paths as given (``~`` expanded, ``file://`` URIs decoded); nothing is checked
        against the file system.
    """
    text = text.replace("\x00", "").strip()
    if not text:
        return []
    seen: set[str] = set()
    out: list[str] = []
    lines = [ln for ln in text.splitlines() if ln.strip()]
    # A paste of one path per line where a line holds an unquoted path with spaces (some file
    # managers) would split wrongly as words; when every line is a whole existing-looking path
    # (absolute or a URI) and has no quoting, take lines as they are.
    if len(lines) > 1 and all(_whole_line_path(ln) for ln in lines):
        candidates = [ln.strip() for ln in lines]
    else:
        candidates = _tokens(text)
    for tok in candidates:
        tok = tok.strip()
        if not tok:
            continue
        if tok.lower().startswith("file:"):
            tok = _from_uri(tok)
        elif tok.startswith("~"):
            tok = os.path.expanduser(tok)
        if tok and tok not in seen:
            seen.add(tok)
            out.append(tok)
    return out


def _whole_line_path(line: str) -> bool:
    s = line.strip()
    if any(c in s for c in "'\"\\"):
        return False
    return (s.startswith("/") or s.lower().startswith("file:")) and " /" not in s and " file:" not in s


@dataclass(frozen=True, slots=True)
class PastedPaths:
    existing: list[str]
    missing: list[str]


def split_existing(candidates: list[str]) -> PastedPaths:
    """Sort candidates into those that exist (files or folders) and those that do not."""
    have: list[str] = []
    missing: list[str] = []
    for c in candidates:
        try:
            (have if os.path.lexists(os.fsencode(c)) else missing).append(c)
        except (ValueError, OSError):
            missing.append(c)
    return PastedPaths(have, missing)


def quote_paths(paths: list[str]) -> str:
    """Paths as one line that :func:`parse_pasted_paths` reads back (quoted when they need it)."""
    import shlex

    return " ".join(p if p and all(c.isalnum() or c in "/._-~+:," for c in p) else shlex.quote(p) for p in paths)


def looks_like_paths(text: str) -> bool:
    """Whether a paste is worth checking for paths at all (cheap: no file system access).

    Typing a search term or a title must not trigger an import, so only absolute, home or
    ``file:`` forms count.
    """
    t = text.strip().lstrip("'\"")
    return t.startswith(("/", "~", "file:")) or (len(t) > 2 and t[1] == ":" and t[2] in "\\/")


__all__ = ["PastedPaths", "looks_like_paths", "parse_pasted_paths", "quote_paths", "split_existing"]
