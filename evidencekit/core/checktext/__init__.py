"""A verification's checks in the reader's language: each :class:`~evidencekit.core.models.Check`
rendered from its ``code`` and ``args`` in zh-Hans, zh-Hant or en, for the command line and the app.

The sentences live in ``catalog/<lang>.json``, one entry per code (``checks``), with the names of
what was checked (``names``) and the words around them (``ui``). Every code the core can produce
has an entry in every language with the same placeholders (``tests/core/test_checktext.py``; the
codes are collected from the source by :mod:`.codes`). A template may also use ``{subject}``, the
check's own subject. A code without an entry (a newer core) falls back to the English detail.

Values come from the file checked and are not trusted: control characters in them are shown
escaped, never sent to the terminal.
"""

from __future__ import annotations

import json
import string
import unicodedata
from collections.abc import Mapping
from functools import lru_cache
from importlib import resources
from typing import Any

from evidencekit.core.models import LANGUAGES, Check, VerifyReport

__all__ = ["check_name", "check_text", "has_text", "report_lines", "status_text", "summary_text"]


@lru_cache(maxsize=None)
def _catalog(lang: str) -> dict[str, dict[str, str]]:
    if lang not in LANGUAGES:
        raise ValueError(f"unknown language {lang!r}; use one of {', '.join(LANGUAGES)}")
    data = resources.files(__name__).joinpath("catalog", f"{lang}.json").read_text("utf-8")
    table: dict[str, dict[str, str]] = json.loads(data)
    return table


def has_text(code: str, lang: str) -> bool:
    """Whether ``code`` has a sentence in ``lang``."""
    return code in _catalog(lang)["checks"]


def check_text(check: Check, lang: str) -> str:
    """The sentence saying what ``check`` found, in ``lang``.

    Args:
        check: a check from any verification of the core.
        lang: zh-Hans, zh-Hant or en.

    Returns:
        The sentence, its values filled in (and made safe to print); for a code without an entry,
        the subject and the English detail.

    Raises:
        ValueError: unknown language.
    """
    template = _catalog(lang)["checks"].get(check.code)
    if template is None:
        return _safe(f"{check.subject}: {check.detail}" if check.detail else check.subject)
    return _Formatter().vformat(template, (), _Values(check.args, check.subject))


def check_name(check: Check, lang: str) -> str:
    """What ``check`` looked at ("original", "manifest signature"...), in ``lang``."""
    return _catalog(lang)["names"].get(check.name, check.name)


def status_text(ok: bool, lang: str) -> str:
    """The word a line starts with: OK / FAIL, 通过 / 失败, 通過 / 失敗."""
    return _catalog(lang)["ui"]["ok" if ok else "fail"]


def summary_text(report: VerifyReport, lang: str) -> str:
    """The report in one sentence: "完好：8 项检查全部通过。", "Problems: 2 of 9 checks failed."."""
    ui = _catalog(lang)["ui"]
    n, k = len(report.checks), len(report.problems)
    if not n:
        return ui["summary_empty"]
    if report.ok:
        return ui["summary_ok_one" if n == 1 else "summary_ok"].format(n=n)
    return ui["summary_problems"].format(n=n, k=k)


def report_lines(report: VerifyReport, lang: str) -> list[str]:
    """The report as the command line prints it: one line per check, then the summary."""
    ok, fail = status_text(True, lang), status_text(False, lang)
    width = max(_width(ok), _width(fail))
    lines = []
    for c in report.checks:
        word = ok if c.ok else fail
        lines.append(f"{word}{' ' * (width - _width(word))}  {check_text(c, lang)}")
    lines.append(summary_text(report, lang))
    return lines


def _width(text: str) -> int:
    """Columns ``text`` takes in a terminal (a Chinese character takes two)."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _safe(value: str) -> str:
    """``value`` with control and format characters (escape sequences, BEL, bidi overrides)
    written out as ``\\x1b``, ``\\u202e``: a hostile file name must not drive the terminal."""
    if all(unicodedata.category(ch)[0] != "C" for ch in value):
        return value
    return "".join(ch if unicodedata.category(ch)[0] != "C" else ascii(ch)[1:-1] for ch in value)


class _Values(Mapping[str, object]):
    """The check's args (made safe to print) and its subject; a value a template names but the
    check does not carry shows as "?" rather than failing."""

    def __init__(self, args: Mapping[str, str | int], subject: str) -> None:
        self._d: dict[str, object] = {k: _safe(v) if isinstance(v, str) else v for k, v in args.items()}
        self._d.setdefault("subject", _safe(subject))

    def __getitem__(self, key: str) -> object:
        return self._d.get(key, "?")

    def __iter__(self) -> Any:
        return iter(self._d)

    def __len__(self) -> int:
        return len(self._d)


class _Formatter(string.Formatter):
    """str.format, but a value of the wrong kind for its format spec (a hostile bundle's number
    where a digest was expected) is shown as it is."""

    def format_field(self, value: object, format_spec: str) -> str:
        try:
            return str(super().format_field(value, format_spec))
        except (ValueError, TypeError):
            return str(value)

    def get_value(self, key: int | str, args: Any, kwargs: Mapping[str, Any]) -> Any:
        return kwargs[key] if isinstance(key, str) else "?"
