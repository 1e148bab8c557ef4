"""``evidencekit demo``: a case built from the samples, read, and exported as a signed bundle."""

from __future__ import annotations

import argparse
import datetime as dt
import shutil
import sys
from pathlib import Path
from typing import Any

from evidencekit.core.models import CaseMeta, Respondent
from evidencekit.errors import ExitCode, UsageError

DEMO_SETTING = "demo"
# The samples folder also holds ground truth (JSON) and the script that made the images: the
# demo imports only what a user would bring, the screenshots and recordings.
EVIDENCE_SUFFIXES = {".png", ".jpg", ".jpeg", ".webp", ".heic", ".m4a", ".mp3", ".amr", ".wav", ".aac", ".ogg"}


def samples_dir() -> Path:
    """The samples folder next to the package (a source checkout or an editable install)."""
    here = Path(__file__).resolve().parents[2] / "samples"
    return here


def run_demo(args: argparse.Namespace) -> int:
    from evidencekit.cli.commands import _ocr_items, default_cases_dir
    from evidencekit.core.vault.case import Case, is_case

    samples = Path(args.samples) if args.samples else samples_dir()
    if not samples.is_dir():
        raise UsageError(f"no samples folder at {samples}; give one with --samples")
    if args.out:
        out = Path(args.out)
    else:
        out = default_cases_dir() / f"demo-{dt.datetime.now():%Y%m%d-%H%M%S}"
    if out.exists():
        _remove_previous_demo(out)
    meta = CaseMeta(
        title="某某消费金融催收短信投诉" if args.lang != "en" else "Collection messages from a consumer-finance lender",
        claimant_name="张三",
        claimant_phone="13800138000",
        respondents=(Respondent("某某消费金融有限公司", ("95188", "10690000123")),),
        purpose="consumer_association",
        language=args.lang,
    )
    case = Case.create(out, meta)
    try:
        case.set_setting(DEMO_SETTING, True)
        imported = []
        evidence = sorted(p for p in samples.rglob("*") if p.is_file() and p.suffix.lower() in EVIDENCE_SUFFIXES)
        for o in case.import_paths(evidence):
            if o.status == "imported" and o.item_id is not None:
                imported.append(o.item_id)
            elif o.status == "rejected":
                print(f"rejected   {o.path}: {o.reason}", file=sys.stderr)
        print(f"imported {len(imported)} items from {samples}", file=sys.stderr)
        _ocr_items(case, imported)
        bundle = _export(case, args.lang)
    finally:
        case.close()
    print(f"case:   {out.resolve()}")
    if bundle is not None:
        for p in bundle:
            print(f"bundle: {Path(p).resolve()}")
        print(f"check it with: evidencekit verify {Path(bundle[0]).resolve()}")
    return int(ExitCode.OK)


def _remove_previous_demo(out: Path) -> None:
    from evidencekit.core.vault.case import Case, is_case

    if not is_case(out):
        if out.is_dir() and not any(out.iterdir()):
            out.rmdir()
            return
        raise UsageError(f"{out} exists and is not a demo case; choose another --out")
    with Case.open(out, readonly=True) as c:
        is_demo = bool(c.setting(DEMO_SETTING, False))
    if not is_demo:
        raise UsageError(f"{out} is a real case, not a demo; choose another --out")
    # Only ever a demo case made by this command: originals in it are copies of the samples.
    for p in out.rglob("*"):
        if p.is_file():
            p.chmod(0o644)
    shutil.rmtree(out)


def _export(case: Any, lang: str) -> list[str] | None:
    try:
        from evidencekit.cli.export_cmd import export_for_demo
    except ImportError:
        print("(bundle export is not available in this build: the demo stops after import)", file=sys.stderr)
        return None
    return export_for_demo(case, lang)
