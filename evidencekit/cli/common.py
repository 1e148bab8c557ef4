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
    """Where a case made without a folder name goes (the app's default too)."""
    from evidencekit.core.places import default_cases_dir as cases_dir

    return cases_dir()


def ocr_items(case: Case, item_ids: list[int]) -> None:
    """Read imported screenshots, one line each on stderr; a failure is reported, never fatal to
    the import (the originals are already safe)."""
    try:
        for res in case.ocr(item_ids):
            if res.error:
                print(f"ocr        item {res.item_id}: not read: {res.error}", file=sys.stderr)
            else:
                print(f"ocr        item {res.item_id}: {res.messages} messages", file=sys.stderr)
    except EvidenceKitError as e:
        print(f"evidencekit: screenshots were imported but not read: {e.msg}", file=sys.stderr)


def print_report(report: VerifyReport, as_json: bool) -> None:
    """A verification report on stdout: one line per check and the summary, or JSON."""
    if as_json:
        print(json.dumps({"target": report.target, "ok": report.ok, "summary": report.summary(),
                          "checks": [asdict(c) for c in report.checks]}, ensure_ascii=False, indent=2))
        return
    for c in report.checks:
        print(f"{'OK  ' if c.ok else 'FAIL'}  {c.name:<15} {c.subject}: {c.detail}")
    print(report.summary())
