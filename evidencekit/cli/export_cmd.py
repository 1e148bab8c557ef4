"""``evidencekit export DIR --out PATH``: the signed PDF bundle (and ZIP) of a case."""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from evidencekit.cli.common import PASSPHRASE_ENV, add_wait_option, open_case
from evidencekit.core.models import LANGUAGES, PURPOSES
from evidencekit.errors import ExitCode, UsageError

if TYPE_CHECKING:
    from evidencekit.core.progress import Step
    from evidencekit.core.vault.case import Case




def add_parser(subparsers: Any) -> None:
    """Register the ``export`` command."""
    p = subparsers.add_parser(
        "export",
        help="export a signed evidence bundle (PDF, and ZIP with the originals)",
        description=(
            "Write one signed PDF: cover, evidence list (证据目录) with real page numbers, chronology "
            "with a per-day chart, one section per exhibit, verification instructions and the custody log. "
            "The originals are embedded as attachments unless --no-attach or --redact. With --zip, also "
            "write a ZIP with the originals, a signed manifest, SHA256SUMS/SM3SUMS and timestamp tokens. "
            "No network traffic unless --tsa is given; a failing TSA never stops the export."
        ),
    )
    p.add_argument("dir", help="the case folder")
    p.add_argument("--out", required=True, metavar="PATH",
                   help="the PDF to write (a folder: bundle-DATE.pdf inside it, bundle-DATE-redacted.pdf with --redact; "
                   "NAME.zip: the ZIP bundle and NAME.pdf beside it)")
    p.add_argument("--zip", action="store_true", help="also write the ZIP bundle next to the PDF")
    p.add_argument("--lang", type=_language, default=None, metavar="|".join(LANGUAGES),
                   help="language of the bundle (default: the case's; zh-CN, zh-TW, zh-HK are understood too)")
    p.add_argument("--purpose", choices=PURPOSES, default=None, help="who the bundle is for (default: the case's)")
    p.add_argument("--redact", action="store_true",
                   help="mask ID numbers, bank card numbers and third parties' phone numbers (text and pixels); "
                   "the unredacted originals are left out")
    p.add_argument("--mask-names", action="store_true",
                   help="with --redact, also mask the names of third parties (whom mis-sent notices address)")
    p.add_argument("--no-findings", action="store_true",
                   help="leave out the section of possible breaches (findings)")
    p.add_argument("--draft", action="append", default=[], metavar="CHANNEL",
                   help="add the complaint or brief for CHANNEL as a section (repeatable; see 'evidencekit draft')")
    p.add_argument("--draft-respondent", default="", metavar="NAME",
                   help="whom the added complaints are about (a name, part of one or a number; "
                        "the sender 'evidencekit draft' would choose when not given)")
    p.add_argument("--no-attach", action="store_true", help="do not embed the originals in the PDF")
    p.add_argument("--tsa", action="append", default=[], metavar="URL", type=_tsa_url,
                   help="an RFC 3161 timestamp authority, http:// or https:// (repeatable); "
                   "none: no timestamps, no network")
    p.add_argument("--tsa-timeout", type=_seconds, default=10.0, metavar="SECONDS", help="timeout per TSA request")
    p.add_argument("--force", action="store_true", help="replace the bundle if --out names an existing file")
    p.add_argument("--passphrase-env", default=PASSPHRASE_ENV, metavar="VAR",
                   help=f"environment variable holding the signing key's passphrase (default {PASSPHRASE_ENV})")
    add_wait_option(p)
    p.set_defaults(func=run)


_LANGUAGE_ALIASES = {
    "zh-hans": "zh-Hans", "zh-cn": "zh-Hans", "zh-sg": "zh-Hans", "zh": "zh-Hans",
    "zh-hant": "zh-Hant", "zh-tw": "zh-Hant", "zh-hk": "zh-Hant", "zh-mo": "zh-Hant",
    "en": "en", "en-us": "en", "en-gb": "en",
}


def _language(value: str) -> str:
    lang = _LANGUAGE_ALIASES.get(value.strip().lower().replace("_", "-"))
    if lang is None:
        raise argparse.ArgumentTypeError(f"unknown language {value!r}; use one of {', '.join(LANGUAGES)}")
    return lang


def _tsa_url(value: str) -> str:
    from urllib.parse import urlsplit

    u = urlsplit(value.strip())
    if u.scheme not in ("http", "https") or not u.netloc:
        raise argparse.ArgumentTypeError(f"{value!r} is not an http:// or https:// address of a timestamp authority")
    return value.strip()


def _seconds(value: str) -> float:
    try:
        n = float(value)
    except ValueError:
        n = float("nan")
    if not n > 0:
        raise argparse.ArgumentTypeError(f"{value!r} is not a positive number of seconds")
    return n


def _out_path(out: str, now: dt.datetime, *, redacted: bool, force: bool = False, make_zip: bool = False) -> Path:
    """The PDF to write. A folder gets the first free bundle name (see
    :func:`~evidencekit.core.export.naming.bundle_path`); ``x.zip`` (with ``make_zip``) means the
    ZIP bundle and the PDF beside it, ``x.pdf``; an existing file is replaced only with --force (a
    bundle already handed over must not silently change)."""
    from evidencekit.core.export.naming import bundle_path, zip_path_for

    p = Path(out)
    if p.is_dir():
        return bundle_path(p, now, redacted=redacted)
    if make_zip and p.suffix.lower() == ".zip":
        p = p.with_suffix(".pdf")  # the ZIP bundle always comes with its PDF
    if p.suffix.lower() != ".pdf":
        raise UsageError(f"--out must name a .pdf or .zip file or a folder, not {out!r}")
    for f in (p, zip_path_for(p)) if make_zip else (p,):
        if f.exists() and not force:
            raise UsageError(f"{f} already exists; give another name, a folder, or --force to replace it")
    return p


def run(args: argparse.Namespace) -> int:
    """Export the case; prints the written paths on stdout, notes on stderr."""
    from evidencekit.core.export.bundle import export_case
    from evidencekit.core.export.model import ExportOptions

    if args.mask_names and not args.redact:
        raise UsageError("--mask-names works with --redact")
    if args.draft:
        from evidencekit.core.documents.render import resolve_channel

        for name in args.draft:
            resolve_channel(name)  # an unknown channel is a usage error before anything is written
    now = dt.datetime.now().astimezone()  # names the file and dates the bundle alike
    # naming a .zip asks for the ZIP bundle (which always comes with its PDF)
    make_zip = args.zip or (Path(args.out).suffix.lower() == ".zip" and not Path(args.out).is_dir())
    out = _out_path(args.out, now, redacted=args.redact, force=args.force, make_zip=make_zip)
    passphrase = os.environ.get(args.passphrase_env) or None
    opts = ExportOptions(
        now=now,
        language=args.lang,
        purpose=args.purpose,
        make_zip=make_zip,
        redact=args.redact,
        attach=not args.no_attach,
        tsa_urls=tuple(args.tsa),
        tsa_timeout=args.tsa_timeout,
        findings=not args.no_findings,
        drafts=tuple(args.draft),
        draft_respondent=args.draft_respondent,
        mask_names=args.mask_names,
    )
    with open_case(args.dir, passphrase=passphrase) as case:
        result = export_case(case, out, opts, passphrase=passphrase, progress=_progress)
    if sys.stderr.isatty():
        print("\r", end="", file=sys.stderr)
    print(str(result.pdf_path.resolve()))
    if result.zip_path is not None:
        print(str(result.zip_path.resolve()))
    print(f"{result.pages} pages, {result.attached} originals attached, fingerprint {result.fingerprint}",
          file=sys.stderr)
    for w in result.warnings:
        print(f"warning: {w}", file=sys.stderr)
    if args.tsa:
        for n in result.timestamp_notes:
            print(f"timestamp: {n}", file=sys.stderr)
    elif not result.timestamped:
        print("not timestamped (no --tsa given)", file=sys.stderr)
    print(f"check it with: evidencekit verify {result.pdf_path}", file=sys.stderr)
    return int(ExitCode.OK)


def _progress(step: Step) -> None:
    if sys.stderr.isatty() and step.total > 1:
        print(f"\r[{step.label} {step.done}/{step.total}]", end="", file=sys.stderr, flush=True)


def export_for_demo(case: Case, lang: str) -> list[str]:
    """Export an open demo case into ``CASE/exports/``; returns the PDF and ZIP paths."""
    from evidencekit.core.export.bundle import export_case
    from evidencekit.core.export.model import ExportOptions
    from evidencekit.core.export.naming import bundle_path

    folder = Path(case.path) / "exports"
    folder.mkdir(exist_ok=True)
    now = dt.datetime.now().astimezone()
    out = bundle_path(folder, now, redacted=False)
    result = export_case(case, out, ExportOptions(language=lang, make_zip=True, now=now))
    return [str(result.pdf_path)] + ([str(result.zip_path)] if result.zip_path else [])
