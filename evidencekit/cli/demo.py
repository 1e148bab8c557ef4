"""``evidencekit demo``: a case built from the samples, read, and exported as a signed bundle."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import re
import shutil
import sys
import tempfile
from pathlib import Path

from evidencekit.cli.common import default_cases_dir, ocr_items
from evidencekit.cli.export_cmd import export_for_demo
from evidencekit.core.models import CaseMeta, Respondent
from evidencekit.core.vault.case import Case, is_case
from evidencekit.errors import ExitCode, UsageError

DEMO_SETTING = "demo"
# The samples folder also holds ground truth (JSON) and the script that made the images: the
# demo imports only what a user would bring, the screenshots and recordings.
EVIDENCE_SUFFIXES = {".png", ".jpg", ".jpeg", ".webp", ".heic", ".m4a", ".mp3", ".amr", ".wav", ".aac", ".ogg"}


# The samples' screenshots were "taken" in mainland China / Taiwan time; their ground truth says when.
SAMPLES_TZ = dt.timezone(dt.timedelta(hours=8))
TITLES = {
    "zh-Hans": "网贷及银行催收短信投诉（演示案例）",
    "zh-Hant": "網貸及銀行催收簡訊投訴（示範案例）",
    "en": "Collection messages from lenders and banks (demo case)",
}


def samples_dir() -> Path:
    """The samples folder next to the package (a source checkout or an editable install)."""
    here = Path(__file__).resolve().parents[2] / "samples"
    return here


def run_demo(args: argparse.Namespace) -> int:
    """Build the demo case, read it, export it; prints where the case and the bundle are."""
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
        title=TITLES.get(args.lang, TITLES["zh-Hans"]),
        claimant_name="张三",
        claimant_phone="13800138000",
        respondents=_respondents(samples),
        purpose="consumer_association",
        language=args.lang,
    )
    case = Case.create(out, meta)
    try:
        case.set_setting(DEMO_SETTING, True)
        imported = []
        evidence = sorted(p for p in samples.rglob("*") if p.is_file() and p.suffix.lower() in EVIDENCE_SUFFIXES)
        with tempfile.TemporaryDirectory(prefix="evidencekit-demo-") as phone:
            for o in case.import_paths(_as_from_a_phone(evidence, Path(phone))):
                if o.status == "imported" and o.item_id is not None:
                    imported.append(o.item_id)
                elif o.status == "rejected":
                    print(f"rejected   {o.path}: {o.reason}", file=sys.stderr)
        print(f"imported {len(imported)} items from {samples}", file=sys.stderr)
        ocr_items(case, imported)
        bundle = export_for_demo(case, args.lang)
    finally:
        case.close()
    print(f"case:   {out.resolve()}")
    for p in bundle:
        print(f"bundle: {Path(p).resolve()}")
    print(f"check it with: evidencekit verify {Path(bundle[0]).resolve()}")
    return int(ExitCode.OK)


def _truth(path: Path) -> dict[str, object]:
    try:
        data = json.loads(path.with_suffix(".json").read_text("utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def _as_from_a_phone(evidence: list[Path], folder: Path) -> list[Path]:
    """Copies of the samples as a phone would have made them: a screenshot carries the moment it
    was taken in its EXIF data, and every file the modification time it had on the phone (a
    transfer that keeps times). So "昨天 15:05" on a screenshot reads as the day before it was
    taken, from the basis the bundle trusts (EXIF), not from the day the demo ran. The samples
    themselves are left untouched."""
    out = []
    for p in evidence:
        dst = folder / p.name
        taken = _taken(p)
        if taken is None or not _with_exif(p, dst, taken):
            shutil.copyfile(p, dst)
        if taken is not None:
            os.utime(dst, (taken.timestamp(), taken.timestamp()))
        out.append(dst)
    return out


def _with_exif(src: Path, dst: Path, taken: dt.datetime) -> bool:
    """Write ``src`` to ``dst`` with ``taken`` (the phone's local time) as its EXIF capture time;
    False when it is not an image PIL can write so."""
    from PIL import Image, UnidentifiedImageError

    try:
        with Image.open(src) as im:
            fmt = im.format
            if fmt not in ("PNG", "JPEG"):
                return False
            exif = im.getexif()
            stamp = taken.strftime("%Y:%m:%d %H:%M:%S")
            exif[306] = stamp  # DateTime
            exif.get_ifd(0x8769)[36867] = stamp  # DateTimeOriginal
            extra = {"quality": 95} if fmt == "JPEG" else {}
            im.save(dst, format=fmt, exif=exif, **extra)
    except (OSError, UnidentifiedImageError):
        return False
    return True


def _taken(p: Path) -> dt.datetime | None:
    ref = _truth(p).get("reference_time")
    if isinstance(ref, str):
        try:
            t = dt.datetime.fromisoformat(ref)
        except ValueError:
            return None
        return t if t.tzinfo else t.replace(tzinfo=SAMPLES_TZ)
    m = re.search(r"(\d{4}-\d{2}-\d{2})", p.stem)  # call-2026-11-20.m4a
    if m:
        return dt.datetime.fromisoformat(m.group(1) + "T12:00:00").replace(tzinfo=SAMPLES_TZ)
    return None


def _respondents(samples: Path) -> tuple[Respondent, ...]:
    """The senders the sample screenshots show, as the parties complained about."""
    by_name: dict[str, list[str]] = {}
    for truth in sorted(samples.glob("*.json")):
        sender = _truth(truth).get("sender")
        if not isinstance(sender, str) or not sender.strip():
            continue
        tokens = sender.split()
        k = len(tokens)
        while k > 0 and re.fullmatch(r"[+\d][\d\-]*", tokens[k - 1]):
            k -= 1  # "安逸花 95188 8001": the name, then the number in groups
        name, number = " ".join(tokens[:k]), " ".join(tokens[k:])
        name = name or number
        numbers = by_name.setdefault(name, [])
        if number and number != name and number not in numbers:
            numbers.append(number)
    return tuple(Respondent(name, tuple(nums)) for name, nums in by_name.items())


def _remove_previous_demo(out: Path) -> None:
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
