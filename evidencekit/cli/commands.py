"""The vault commands: new, import, list, verify, withdraw, purge, identity, demo."""

from __future__ import annotations

import argparse
import os
import re
import shlex
import sys
from dataclasses import asdict
from pathlib import Path
from typing import TypeVar

from evidencekit.cli.common import (PASSPHRASE_ENV, add_wait_option, default_cases_dir, json_text, ocr_items, open_case,
                                    print_report, shown)
from evidencekit.cli.demo import run_demo
from evidencekit.core.models import LANGUAGES, PURPOSES, CaseMeta, Item, Respondent, VerifyReport
from evidencekit.core.vault.actions import VerificationRun
from evidencekit.core.vault.case import Case, is_case
from evidencekit.errors import EvidenceKitError, ExitCode, UsageError

P = TypeVar("P", bound=argparse.ArgumentParser)


def add_parsers(sub: argparse._SubParsersAction[P]) -> None:
    """Register the vault's commands and ``demo``."""
    p = sub.add_parser(
        "new",
        help="create a case folder",
        description="Create a case folder (and the claimant's signing identity).",
    )
    p.add_argument("dir", nargs="?", help="the case folder to create (default: a new folder under the user data directory)")
    p.add_argument("--title", required=True, help="the case title, e.g. '某某金融催收短信'")
    p.add_argument("--claimant", default="", help="the claimant's name (subject of the signing certificate)")
    p.add_argument("--phone", default="", help="the claimant's phone number")
    p.add_argument("--also-known-as", action="append", default=[], metavar="NAME",
                   help="another name the claimant is addressed by (a married name such as 何太 or "
                        "'Mrs Ho', an English name; repeatable): notices so addressed are not mis-sent")
    p.add_argument("--respondent", action="append", default=[], metavar="NAME[=NUMBER,…]",
                   help="an institution the messages come from, with the numbers you know are its own "
                        "(repeatable), e.g. '鼎诚资产=021 8000 1234,10690000': those numbers' messages and calls are "
                        "its, whatever their wording says")
    p.add_argument("--purpose", choices=PURPOSES, default="consumer_association", help="who the bundle is for")
    p.add_argument("--lang", choices=LANGUAGES, default="zh-Hans", help="language of the bundle")
    p.set_defaults(func=cmd_new)

    p = sub.add_parser(
        "import",
        help="import files and folders into a case",
        description="Import files and folders (recursively). One line per file: imported, duplicate or rejected with the reason. "
        "Exit 0 when every file was imported or already there, 1 when any was rejected.",
    )
    p.add_argument("dir", help="the case folder")
    p.add_argument("paths", nargs="+", metavar="PATH", help="files or folders to import")
    p.add_argument("--no-ocr", action="store_true", help="do not read screenshots after import")
    p.add_argument("--follow-links", action="store_true",
                   help="also import what symbolic links lead to outside the folder they are in, whether found "
                   "inside the folders given or named themselves (without it such links are reported and skipped)")
    p.add_argument("--json", action="store_true", help="print one JSON object per line instead")
    p.add_argument("--received-by", metavar="WHO", default="",
                   help="whose phone or account the files were received on: 'self' (or me, 本人, 本人手機) for your own, "
                   "or the person, e.g. '黄小姐 (同事)', whose messages about your debt are then disclosures to them, "
                   "not contacts you received; left out, each message's wording decides")
    add_wait_option(p)
    p.set_defaults(func=cmd_import)

    p = sub.add_parser("list", help="list the items of a case", description="List the items of a case in exhibit order.")
    p.add_argument("dir", help="the case folder")
    p.add_argument("--json", action="store_true", help="print a JSON array")
    p.add_argument("--all", action="store_true", help="include withdrawn items")
    p.set_defaults(func=cmd_list)

    p = sub.add_parser(
        "verify",
        help="verify a case folder or a bundle",
        description="Re-hash every original, check the index against the store, the readings and corrections, "
        "the custody chain and the signatures. One line per check. Verification only reads: it changes nothing "
        "in the case and needs no key. Afterwards an intact case that no other EvidenceKit window has open is "
        "told so in its custody log (a verification_run entry; --no-record leaves the case untouched); stderr "
        "says whether it was recorded. Exit 0 when everything holds, 1 when any problem is found.",
    )
    p.add_argument("path", help="a case folder, or a bundle (.pdf or .zip)")
    p.add_argument("--json", action="store_true", help="print the report as JSON (codes, values, English details)")
    p.add_argument("--lang", choices=LANGUAGES, default=None,
                   help="the language of the report: zh-Hans, zh-Hant or en (default: a bundle's own language; "
                   "for a case, the interface language)")
    p.add_argument("--no-record", action="store_true",
                   help="do not record the verification in the case's custody log (a copy you were given, say)")
    p.set_defaults(func=cmd_verify)

    p = sub.add_parser("withdraw", help="hide an item from exports (the original is kept)", description="Withdraw an item: it no longer appears in exports; its original stays in the case and the withdrawal is logged.")
    p.add_argument("dir", help="the case folder")
    p.add_argument("item", type=int, help="the item id (see 'evidencekit list')")
    p.add_argument("--reason", default="", help="why it is withdrawn")
    p.add_argument("--restore", action="store_true", help="undo a withdrawal")
    add_wait_option(p)
    p.set_defaults(func=cmd_withdraw)

    p = sub.add_parser(
        "annotate",
        help="say what an item is and what it proves",
        description="Set an item's title, what it proves (证明目的), source, event time, tags, group or extraction note "
        "(device, app, how it was captured). Every change is a custody-log entry.",
    )
    p.add_argument("dir", help="the case folder")
    p.add_argument("item", type=int, help="the item id (see 'evidencekit list')")
    p.add_argument("--title", help="the evidence name shown in the evidence list")
    p.add_argument("--proves", help="what the item proves (证明目的)")
    p.add_argument("--source", help="where it comes from (证据来源), e.g. '本人手机短信截图'")
    p.add_argument("--event-time", help="when it happened, e.g. 2026-11-20T22:15")
    p.add_argument("--tag", action="append", dest="tags", metavar="TAG", help="a tag (repeatable; replaces the tags)")
    p.add_argument("--group", dest="group_name", help="a group name: grouped items are numbered 证据N-1, N-2…")
    p.add_argument("--note", dest="extraction_note", help="how it was obtained: device, app, screenshot or export")
    p.add_argument("--received-by", metavar="WHO",
                   help="whose phone or account it was received on: 'self' (or me, 本人, 本人手機) for your own, else "
                   "the person, e.g. '黄小姐 (同事)'. A message on a third party's phone about your debt is a disclosure "
                   "to them; one on yours is a contact you received, whatever its wording (one worded to a colleague "
                   "was sent to the wrong number); '' (not said) lets each message's wording decide")
    add_wait_option(p)
    p.set_defaults(func=cmd_annotate)

    p = sub.add_parser("purge", help="delete an item and its original for good", description="Delete an item and its original permanently. Needs --confirm with the item's 12-character digest; logged.")
    p.add_argument("dir", help="the case folder")
    p.add_argument("item", type=int, help="the item id")
    p.add_argument("--confirm", required=True, metavar="DIGEST", help="the first 12 characters of the item's SHA-256")
    p.add_argument("--reason", default="", help="why it is purged")
    add_wait_option(p)
    p.set_defaults(func=cmd_purge)

    p = sub.add_parser("identity", help="show or import the signing identity", description="Show the case's signing certificate, or replace it with a PKCS#12 (.p12/.pfx) certificate.")
    p.add_argument("dir", help="the case folder")
    p.add_argument("--import-p12", metavar="FILE", help="a PKCS#12 file to sign with from now on (password from EVIDENCEKIT_P12_PASSWORD)")
    add_wait_option(p)
    p.set_defaults(func=cmd_identity)

    p = sub.add_parser("demo", help="build a demo case from the samples", description="Build a case from the bundled samples, read the screenshots, export a signed bundle, and print where it is.")
    p.add_argument("--out", help="the folder for the demo case (replaced if it is an earlier demo)")
    p.add_argument("--samples", help="the samples folder (default: the one shipped with EvidenceKit)")
    p.add_argument("--lang", choices=LANGUAGES, default="zh-Hans", help="bundle language")
    p.set_defaults(func=cmd_demo)


def _slug(title: str) -> str:
    s = re.sub(r"[^\w\-]+", "-", title, flags=re.UNICODE).strip("-")
    return s[:60] or "case"


def cmd_new(args: argparse.Namespace) -> int:
    target = Path(args.dir) if args.dir else _unique(default_cases_dir() / _slug(args.title))
    meta = CaseMeta(
        title=args.title,
        claimant_name=args.claimant,
        claimant_phone=args.phone,
        claimant_other_names=tuple(n.strip() for n in args.also_known_as if n.strip()),
        respondents=_respondents(args.respondent),
        purpose=args.purpose,
        language=args.lang,
    )
    with Case.create(target, meta, passphrase=os.environ.get(PASSPHRASE_ENV)) as case:
        print(case.path.resolve())
        cert = case.certificate()
        if cert is not None:
            print(f"signing certificate: {cert.subject.rfc4514_string()}", file=sys.stderr)
    return 0


def _respondents(specs: list[str]) -> tuple[Respondent, ...]:
    """``--respondent`` values as respondents (each name once, its numbers together)."""
    from evidencekit.core.analysis.parties import parse_respondent, with_numbers

    out: tuple[Respondent, ...] = ()
    for spec in specs:
        try:
            r = parse_respondent(spec)
        except ValueError as e:
            raise UsageError(f"--respondent: {e}") from None
        if all(x.name != r.name for x in out):
            out += (Respondent(r.name),)
        out = with_numbers(out, r.name, add=r.numbers)
    return out


def _unique(p: Path) -> Path:
    if not p.exists():
        return p
    n = 2
    while (p.parent / f"{p.name}-{n}").exists():
        n += 1
    return p.parent / f"{p.name}-{n}"


def cmd_import(args: argparse.Namespace) -> int:
    from evidencekit.core.analysis.figures import received_by_value
    from evidencekit.core.progress import Step

    rejected = 0
    imported: list[int] = []
    received_by = received_by_value(args.received_by)

    def progress(step: Step) -> None:
        if sys.stderr.isatty() and step.total > 1:
            print(f"\r[{step.done}/{step.total}]", end="", file=sys.stderr, flush=True)

    with open_case(args.dir) as case:
        for o in case.import_paths(args.paths, progress=progress, follow_links=args.follow_links):
            if sys.stderr.isatty():
                print("\r", end="", file=sys.stderr)
            if args.json:
                print(json_text(asdict(o)), flush=True)
            elif o.status == "imported":
                note = f"  — {o.reason}" if o.reason else ""  # what was read: an export's messages, a probe's verdict
                print(f"imported   item {o.item_id}  {o.path}  sha256:{(o.sha256 or '')[:16]}{note}", flush=True)
            elif o.status == "duplicate":
                print(f"duplicate  item {o.item_id}  {o.path}  ({o.reason})", flush=True)
            else:
                print(f"rejected   {o.path}: {o.reason}", flush=True)
            if o.status == "rejected":
                rejected += 1
            elif o.status == "imported" and o.item_id is not None:
                imported.append(o.item_id)
                if received_by:
                    case.update_item(o.item_id, received_by=received_by)
        if not args.no_ocr:
            # with what an earlier, interrupted run left unread (its files are duplicates now)
            left = [i for i in case.unread_items() if i not in imported]
            if left:
                print(f"reading {len(left)} screenshots an earlier run left unread", file=sys.stderr)
            if imported or left:
                ocr_items(case, imported + left)
        if imported and not args.json:
            _say_undated(case, args.dir, set(imported))
    print(f"{len(imported)} imported, {rejected} rejected", file=sys.stderr)
    return int(ExitCode.PROBLEMS if rejected else ExitCode.OK)


def _say_undated(case: Case, folder: str, items: set[int]) -> None:
    """One line when screenshots just imported have no date basis (no EXIF, no date in the file
    name): their times are then unknown, never counted; the person's date for each would date them."""
    from evidencekit.core.analysis.chronology import undated_screenshots

    undated = [i for i in undated_screenshots(case.exhibits_with_text()) if i in items]
    if undated:
        ids = ", ".join(str(i) for i in undated)
        many = len(undated) > 1
        print(f"{len(undated)} screenshot{'s' if many else ''} (item{'s' if many else ''} {ids}) "
              f"{'have' if many else 'has'} no date (no EXIF time, no date in the file name), so "
              f"{'their' if many else 'its'} messages are not counted; say when each was taken: "
              f"evidencekit annotate {shlex.quote(folder)} ITEM --event-time YYYY-MM-DDTHH:MM", file=sys.stderr)


def _item_dict(number: str | None, it: Item) -> dict[str, object]:
    d = asdict(it)
    d["exhibit"] = number
    d["tags"] = list(it.tags)
    return d


def cmd_list(args: argparse.Namespace) -> int:
    with open_case(args.dir, readonly=True) as case:
        numbers = {it.id: n for n, it in case.exhibits()}
        items = case.items(include_withdrawn=args.all)
    if args.json:
        print(json_text([_item_dict(numbers.get(it.id), it) for it in items], indent=2))
        return 0
    if not items:
        print("(no items)", file=sys.stderr)
    for it in items:
        no = numbers.get(it.id, "—")
        flag = "  [withdrawn]" if it.withdrawn else ""
        print(f"{no:>5}  item {it.id:<5} {it.kind:<6} {it.short_digest}  {shown(it.display_title)}{flag}")
    return 0


def cmd_verify(args: argparse.Namespace) -> int:
    from evidencekit.core.verify import verify_path

    if not os.path.exists(args.path):
        raise UsageError(f"{args.path}: no such file or folder")
    report = verify_path(args.path)
    print_report(report, args.json, args.lang)
    if os.path.isdir(args.path) and is_case(args.path) and not args.no_record:
        print(f"evidencekit: {_record_verification(args.path, report)}", file=sys.stderr)
    return int(ExitCode.OK if report.ok else ExitCode.PROBLEMS)


def _record_verification(path: str, report: VerifyReport) -> str:
    """Log a verification run in an intact case that can be opened for writing at once; returns
    what happened, in words. The verification itself never writes (``verify_case``): this is a
    separate, ordinary write, skipped rather than waited for."""
    if not report.ok:
        return "the verification was not recorded in the case's custody log: problems were found"
    try:
        with open_case(path, readonly=True) as case:
            if not case.has_key():  # a writable open would lock and repair for nothing
                return ("the verification was not recorded in the case's custody log: the case's signing key is "
                        "missing (keys/signing-key.pem)")
        with open_case(path, wait=False) as case:
            entry = case.record(VerificationRun(report.summary()))
    except EvidenceKitError as e:
        return f"the verification was not recorded in the case's custody log: {e.msg}"
    return f"the verification was recorded in the case's custody log (entry {entry.seq})"


def cmd_withdraw(args: argparse.Namespace) -> int:
    with open_case(args.dir) as case:
        it = case.restore(args.item) if args.restore else case.withdraw(args.item, args.reason)
    print(f"item {it.id} {'restored' if args.restore else 'withdrawn'}: {shown(it.display_title)}")
    return 0


def cmd_annotate(args: argparse.Namespace) -> int:
    fields = {
        k: getattr(args, k)
        for k in ("title", "proves", "source", "event_time", "tags", "group_name", "extraction_note", "received_by")
        if getattr(args, k) is not None
    }
    if not fields:
        raise UsageError("nothing to change: give at least one of --title, --proves, --source, --event-time, --tag, --group, --note, "
                         "--received-by")
    if "received_by" in fields:
        from evidencekit.core.analysis.figures import received_by_value

        fields["received_by"] = received_by_value(str(fields["received_by"]))
    with open_case(args.dir) as case:
        it = case.update_item(args.item, **fields)
    print(f"item {it.id}: {shown(it.display_title)}")
    if "received_by" in fields:
        print(f"  received on: {received_on(it.received_by)}")
    return 0


def received_on(received_by: str) -> str:
    """Whose phone an item was received on, as the person said it (``Item.received_by``)."""
    from evidencekit.core.analysis.figures import own_phone

    if own_phone(received_by):
        return "your own phone (self)"
    return shown(received_by) if received_by else "not said (each message's wording decides)"


def cmd_purge(args: argparse.Namespace) -> int:
    with open_case(args.dir) as case:
        it = case.item(args.item)
        case.purge(args.item, confirm=args.confirm, reason=args.reason)
    print(f"item {it.id} purged: {shown(it.display_title)}")
    return 0


def cmd_identity(args: argparse.Namespace) -> int:
    with open_case(args.dir) as case:
        if args.import_p12:
            data = Path(args.import_p12).read_bytes()
            case.import_identity(data, os.environ.get("EVIDENCEKIT_P12_PASSWORD"))
        ident = case.identity()
    print(f"subject:     {ident.subject}")
    print(f"sha256:      {ident.fingerprint}")
    print(f"valid until: {ident.certificate.not_valid_after_utc.isoformat()}")
    return 0


def cmd_demo(args: argparse.Namespace) -> int:
    return run_demo(args)
