"""What the commands share: opening a case, where new cases go, reading screenshots after an
import, printing a verification report."""

from __future__ import annotations

import json
import os
import sys
from dataclasses import asdict
from pathlib import Path

from evidencekit.core.models import VerifyReport
from evidencekit.core.vault.case import Case
from evidencekit.errors import EvidenceKitError

PASSPHRASE_ENV = "EVIDENCEKIT_PASSPHRASE"


def open_case(path: str, *, readonly: bool = False) -> Case:
    """Open a case, the signing key's passphrase taken from ``EVIDENCEKIT_PASSPHRASE``."""
    return Case.open(path, readonly=readonly, passphrase=os.environ.get(PASSPHRASE_ENV))


def default_cases_dir() -> Path:
    """Where a case made without a folder name goes: ``cases/`` in the user's data folder."""
    import platformdirs

    return Path(platformdirs.user_data_dir("evidencekit", appauthor=False)) / "cases"


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
        print(json.dumps({"target": report.target, "ok": report.ok, "summary": report.summary(),
                          "language": lang, "summary_text": summary_text(report, lang), "checks": checks},
                         ensure_ascii=False, indent=2))
        return
    for line in report_lines(report, lang):
        print(line)
