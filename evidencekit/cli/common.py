"""What the commands share: opening a case, where new cases go, reading screenshots after an
import, printing a verification report."""

from __future__ import annotations

import argparse
import json
import math
import os
import re
import sys
from dataclasses import asdict, dataclass
from pathlib import Path

from evidencekit.core.models import VerifyReport
from evidencekit.core.vault.case import Case, LockHolder, display_path
from evidencekit.errors import EvidenceKitError

PASSPHRASE_ENV = "EVIDENCEKIT_PASSPHRASE"


@dataclass(slots=True)
class Session:
    """What ``main`` learnt from the command line that every command's open of a case obeys."""

    wait: bool = True  # wait for another EvidenceKit process to close the case (--no-wait: do not)
    program: str = "evidencekit"  # what this process is, for whoever waits for it


session = Session()

_C1 = re.compile("[\x7f-\x9f]")


def shown(text: str) -> str:
    """Text a person or a file typed (a title, a note, a name) as it may reach a terminal: control
    and escape characters shown escaped (``\\x1b``, ``\\n``), as file names are."""
    return display_path(text)


def json_text(obj: object, *, indent: int | None = None) -> str:
    """``obj`` as JSON, non-ASCII text kept readable, and the C1 control characters (one of them
    starts an escape sequence in some terminals) written as ``\\u`` escapes: the same data, safe
    to print."""
    text = json.dumps(obj, ensure_ascii=False, indent=indent)
    return _C1.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def add_wait_option(p: argparse.ArgumentParser) -> None:
    """``--no-wait`` on a command that writes to a case (also accepted before the command)."""
    p.add_argument("--no-wait", action="store_true", default=argparse.SUPPRESS,
                   help="when the case is open in another EvidenceKit window or process, stop at once "
                   "(exit status 75) instead of waiting for it to close the case")


def open_case(path: str, *, readonly: bool = False, wait: bool | None = None, passphrase: str | None = None) -> Case:
    """Open a case, the signing key's passphrase taken from ``EVIDENCEKIT_PASSPHRASE`` unless given.

    A writable open waits, saying so once on stderr, while another EvidenceKit process has the
    case open for writing (``wait`` False, or ``--no-wait``: a :class:`CaseLockedError` at once).
    """
    def told(holder: LockHolder) -> None:
        print(f"evidencekit: the case is open in {holder.describe()}; waiting until it is closed there "
              "(Ctrl+C to stop; --no-wait not to wait)", file=sys.stderr, flush=True)

    patient = session.wait if wait is None else wait
    return Case.open(path, readonly=readonly, passphrase=passphrase or os.environ.get(PASSPHRASE_ENV),
                     wait=math.inf if patient else 0.0, on_wait=told, program=session.program)


def default_cases_dir() -> Path:
    """Where a case made without a folder name goes (the app's default too)."""
    from evidencekit.core.places import default_cases_dir as cases_dir

    return cases_dir()


def ocr_items(case: Case, item_ids: list[int]) -> None:
    """Read imported screenshots and scanned PDF pages, one line each on stderr; a failure is reported, never fatal to
    the import (the originals are already safe)."""
    try:
        for res in case.ocr(item_ids):
            if res.error:
                print(f"ocr        item {res.item_id}: not read: {res.error}", file=sys.stderr)
            elif res.pages:
                print(f"ocr        item {res.item_id}: {res.pages} scanned pages read", file=sys.stderr)
            else:
                print(f"ocr        item {res.item_id}: {res.messages} messages", file=sys.stderr)
    except EvidenceKitError as e:
        print(f"evidencekit: screenshots were imported but not read: {e.msg}", file=sys.stderr)


def report_language(report: VerifyReport, lang: str | None) -> str:
    """The language to show ``report`` in: ``lang`` when given, else the bundle's own language,
    else (a case, or a bundle whose manifest could not be read) the interface language."""
    from evidencekit.locale import detect_language

    return lang or report.language or detect_language()


def print_report(report: VerifyReport, as_json: bool, lang: str | None = None) -> None:
    """A verification report on stdout, in the reader's language (see :func:`report_language`):
    one line per check and the summary, or JSON (codes, args and English details as they are,
    with each check's sentence and the summary in that language beside them)."""
    from evidencekit.core.checktext import check_text, report_lines, summary_text

    lang = report_language(report, lang)
    if as_json:
        checks = [{**asdict(c), "text": check_text(c, lang)} for c in report.checks]
        print(json_text({"target": report.target, "ok": report.ok, "summary": report.summary(),
                         "language": lang, "summary_text": summary_text(report, lang), "checks": checks}, indent=2))
        return
    for line in report_lines(report, lang):
        print(shown(line))  # a check names files and titles: nothing of theirs acts on the terminal
