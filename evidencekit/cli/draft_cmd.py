"""``evidencekit draft CASE --to CHANNEL``: a complaint (or a brief for a lawyer) written from the
case, as plain text, PDF or DOCX, pointing at the latest signed bundle by its fingerprint."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path
from typing import TypeVar

from evidencekit.cli.common import open_case
from evidencekit.cli.export_cmd import _language
from evidencekit.core.models import LANGUAGES
from evidencekit.errors import ExitCode, UsageError

P = TypeVar("P", bound=argparse.ArgumentParser)
FORMATS = ("txt", "pdf", "docx")


def add_parser(sub: argparse._SubParsersAction[P]) -> None:
    """Register ``draft``."""
    from evidencekit.core.documents.render import channels

    chs = channels()
    names = ", ".join(f"{c.id} ({'/'.join(c.aliases)})" if c.aliases else c.id for c in chs.values())
    p = sub.add_parser(
        "draft",
        help="write a complaint or a lawyer's brief from the case (txt, pdf or docx)",
        description=(
            "Write a complaint to a channel (the lender's complaint desk, a consumer association, 12315, 12378, "
            "12321, Taiwan's and Hong Kong's desks) or a brief for a lawyer, from the case: it cites exhibits by "
            "their bundle numbers, quotes the key messages exactly, fills in counts and dates from the findings, "
            "and leaves marked blanks for what only you know (see 'evidencekit settings'). It carries the "
            "fingerprint of the latest signed bundle (or says none was made yet). Your own edit of the draft, "
            "made in the app, is used when there is one (--fresh: written anew). Plain text is printed unless "
            "--out is given; PDF and DOCX go to --out, or to the case's exports folder."
        ),
    )
    p.add_argument("dir", help="the case folder")
    p.add_argument("--to", required=True, metavar="CHANNEL", help=f"where it goes: {names}")
    p.add_argument("--format", choices=FORMATS, default="txt", help="plain text (for pasting into a web form, "
                   "within the channel's length limit), PDF, or DOCX (for a lawyer who edits in Word)")
    p.add_argument("--out", metavar="PATH", help="the file to write (default: stdout for txt, the case's exports "
                   "folder for pdf and docx)")
    p.add_argument("--lang", type=_language, default=None, metavar="|".join(LANGUAGES),
                   help="language of the draft (default: the case's)")
    p.add_argument("--respondent", metavar="NAME", help="whom the complaint is about: a sender's or respondent's "
                   "name, part of it, or one of its numbers (default: the one most findings are about alone; an "
                   "unknown one is an error listing those the case knows)")
    p.add_argument("--fresh", action="store_true", help="write it from the case even if you saved an edit")
    p.add_argument("--force", action="store_true", help="replace --out if it exists")
    p.set_defaults(func=cmd_draft)


def cmd_draft(args: argparse.Namespace) -> int:
    """Write the draft; the text or the path written on stdout, what to fill in on stderr."""
    from evidencekit.core.analysis.case_settings import in_effect, read_settings
    from evidencekit.core.documents.docx_writer import write_docx
    from evidencekit.core.documents.fromcase import draft_for_case, latest_bundle
    from evidencekit.core.documents.render import channels, resolve_channel
    from evidencekit.core.documents.saved import saved_draft

    cid = resolve_channel(args.to)
    with open_case(args.dir, readonly=True) as case:
        lang = args.lang or case.meta.language
        # a PDF or DOCX is a document, not a form's box: only the pasted text is fitted to the limit
        draft = draft_for_case(case, cid, lang, respondent=args.respondent, use_saved=not args.fresh,
                               fit=args.format == "txt")
        bundle = latest_bundle(case)
        exports = Path(case.path) / "exports"
        saved = saved_draft(case, cid, lang) if not args.fresh else None
        where = in_effect(read_settings(case), case.meta.claimant_phone).jurisdiction
    if saved is not None and not draft.edited:
        whom = saved.respondent or "the respondent chosen by default"
        print(f"your saved edit of this draft is of the complaint about {whom}; this one, about "
              f"{draft.respondent or 'everyone'}, is written from the case", file=sys.stderr)
    out = _out(args, exports, cid, lang)
    fingerprint = bundle.fingerprint if bundle is not None else ""
    if args.format == "txt":
        if out is None:
            # the notes follow on stderr: the text ends its own last line (an edit saved without a final
            # newline too), or in a terminal the first note runs on from it
            sys.stdout.write(draft.text if draft.text.endswith("\n") else draft.text + "\n")
        else:
            out.write_text(draft.text, encoding="utf-8")
    elif args.format == "pdf":
        from evidencekit.core.export.pdf.draft_doc import write_draft_pdf

        assert out is not None
        write_draft_pdf(draft, out, fingerprint=fingerprint, created=dt.datetime.now().astimezone())
    else:
        assert out is not None
        write_docx(draft, out, fingerprint=fingerprint, created=dt.datetime.now().astimezone())
    if out is not None:
        print(str(out.resolve()))
    sys.stdout.flush()  # what goes to stdout first: with 2>&1 the notes follow it, not inside it
    about = []
    region = channels()[cid].jurisdiction
    if where and region not in ("*", where):
        # a desk acts on its own region's cases: 12378 is no place for a Hong Kong case
        about.append(f"{cid} is a desk in {region}, but the case is set to {where} ('evidencekit settings "
                     "--jurisdiction'): it may not act on this case")
    if draft.respondent and args.respondent is None:
        why = {"lender": "the case's lender when one is set ('evidencekit settings --lender'), else a respondent "
                         "the person listed, of the channel's region first (the sender most findings are about "
                         "when nothing was found about that one)",
               "disclosure": "the sender of the most disclosures to others"}.get(
            channels()[cid].default_respondent,
            "the sender of the most threats" if channels()[cid].kind == "police"
            else "the sender most findings are about, of the channel's region first")
        about.append(f"about: {draft.respondent} (chosen as {why}; --respondent to choose another)")
    if draft.respondent and draft.findings == 0:
        about.append(f"nothing in the evidence was found as a possible breach by {draft.respondent}: the request is "
                     "left blank; check that there is something to complain of before you send it")
    _notes(draft.blanks, draft.shortened, draft.edited, bundle is None, bundle is not None and not bundle.current,
           about)
    return int(ExitCode.OK)


def _out(args: argparse.Namespace, exports: Path, channel: str, lang: str) -> Path | None:
    if args.out is None:
        if args.format == "txt":
            return None
        exports.mkdir(exist_ok=True)
        stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
        return exports / f"draft-{channel}-{lang}-{stamp}.{args.format}"
    p = Path(args.out)
    if p.is_dir():
        return p / f"draft-{channel}-{lang}.{args.format}"
    if p.suffix.lower() != f".{args.format}":
        raise UsageError(f"--out must name a .{args.format} file or a folder, not {args.out!r}")
    if p.exists() and not args.force:
        raise UsageError(f"{p} already exists; give another name, a folder, or --force to replace it")
    if not p.parent.is_dir():
        raise UsageError(f"folder {p.parent} does not exist")
    return p


def _notes(blanks: tuple[str, ...], shortened: str, edited: bool, no_bundle: bool, stale: bool,
           about: list[str] | None = None) -> None:
    """What the person should know about the draft, on stderr: one note a line, each ending in a
    newline (``about``: whom it is about and why, said after the edit note)."""
    notes = []
    if edited:
        notes.append("your saved edit of this draft (--fresh writes it anew from the case)")
    notes += about or []
    if blanks:
        notes.append(f"to fill in: {', '.join(blanks)}")
    if shortened:
        notes.append(f"shortened to fit the channel's limit: {shortened}")
    if no_bundle:
        notes.append("no signed bundle yet: run 'evidencekit export' so the draft can point at it")
    elif stale:
        notes.append("the case changed since the last export: export again so the exhibit numbers match")
    sys.stderr.write("".join(f"{note}\n" for note in notes))
    sys.stderr.flush()
