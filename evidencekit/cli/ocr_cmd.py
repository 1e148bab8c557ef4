"""``evidencekit ocr FILE... [--json]``: read message screenshots, no case needed."""

from __future__ import annotations

import argparse
import errno
import json
import os
import stat
import sys
from datetime import datetime
from pathlib import Path
from typing import Any

from evidencekit.core.export.strings import Strings, strings
from evidencekit.core.media.files import what_it_is
from evidencekit.core.models import LANGUAGES
from evidencekit.core.ocr.read import DEFAULT_ENGINE, ENGINE_ENV, ENGINES
from evidencekit.core.vault.case import display_path, is_case
from evidencekit.errors import ExitCode, UsageError

TESSERACT_ENV = "EVIDENCEKIT_TESSERACT"


def add_parser(subparsers: Any) -> None:
    """Register the ``ocr`` command."""
    p = subparsers.add_parser(
        "ocr",
        help="read SMS screenshots into messages (text, time, facts, labels)",
        description=(
            "Read screenshots of message threads (PNG, JPEG, WebP, HEIC): split them into messages, "
            "recognise the text with the right Chinese model (Simplified or Traditional), resolve the "
            "time labels, extract phone numbers, amounts, dates, URLs, institutions and card tails, and "
            "label each message (repayment reminder, overdue notice, marketing, threat...). "
            "Files are read, never changed. A reading that found no text, no message bubbles or read "
            "with low confidence carries warnings (\"warnings\" in --json). Exit status: 0 all read, "
            "1 some could not be read, 3 the OCR engine (or tesseract's Chinese language data) is missing."
        ),
    )
    p.add_argument("files", nargs="+", metavar="FILE", help="screenshot files")
    p.add_argument("--json", action="store_true",
                   help="print a JSON array, one object per file, instead of a summary")
    p.add_argument("--workers", type=int, default=2, metavar="N",
                   help="parallel OCR processes (default 2; one thread each)")
    p.add_argument("--engine", choices=ENGINES, default=None,
                   help=f"the OCR engine (default: ${ENGINE_ENV} or {DEFAULT_ENGINE}: PP-OCR through rapidocr)")
    p.add_argument("--reference-time", metavar="ISO",
                   help="when the screenshots were taken, e.g. 2026-11-27T10:00 (resolves 今天/昨天/星期三); "
                   "default: each file's EXIF time, else its modification time")
    p.add_argument("--script", choices=("auto", "zh-Hans", "zh-Hant"), default="auto",
                   help="the Chinese script of the screenshots (default: detect)")
    p.add_argument("--cache", metavar="DIR", help="cache results in DIR (keyed by file digest and engine)")
    p.add_argument("--tesseract", metavar="PROGRAM", default=None,
                   help=f"the tesseract program (default: ${TESSERACT_ENV} or 'tesseract' on PATH)")
    p.add_argument("--lang", choices=LANGUAGES, default=None,
                   help="the language the summary names labels in: zh-Hans, zh-Hant or en (default: the "
                   "interface language); --json gives the labels' identifiers")
    p.set_defaults(func=run)


def _json_text(path: str) -> str:
    """A file name as JSON can carry it: bytes that are not UTF-8 as ``\\xNN`` (JSON strings are
    Unicode; control characters are escaped by JSON itself)."""
    return path.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")


def _error_object(path: str, msg: str) -> dict[str, Any]:
    sha = None
    try:
        from evidencekit.core.ocr.pipeline import file_sha256

        sha = file_sha256(path)  # a named pipe or a device is refused, never read
    except OSError:
        pass
    return {"file": path, "sha256": sha, "engine": None, "script": None, "text": "", "sender": None,
            "messages": [], "warnings": [], "error": msg}


def run(args: argparse.Namespace) -> int:
    """Run the command; returns the exit code.

    Raises:
        MissingDependencyError: tesseract or its language data is missing (exit code 3).
        UsageError: bad arguments.
    """
    from evidencekit.core.ocr.pipeline import engine_by_name, recognise_files, result_to_json

    ref: datetime | None = None
    if args.reference_time:
        try:
            ref = datetime.fromisoformat(args.reference_time)
        except ValueError as e:
            raise UsageError(f"--reference-time: not an ISO date-time: {args.reference_time}") from e
    if args.workers < 1:
        raise UsageError("--workers must be at least 1")
    name = args.engine or os.environ.get(ENGINE_ENV) or DEFAULT_ENGINE
    if name not in ENGINES:
        raise UsageError(f"{ENGINE_ENV}: unknown OCR engine {name!r} (one of {', '.join(ENGINES)})")
    if name == "tesseract":
        engine = engine_by_name(name, cmd=args.tesseract or os.environ.get(TESSERACT_ENV) or "tesseract")
    else:
        engine = engine_by_name(name)
    hint = None if args.script == "auto" else args.script
    # MissingDependencyError before any work: exit 3 with what to install
    engine.check()

    paths = [str(p) for p in args.files]
    readable: list[str] = []
    early: dict[str, str] = {}
    for p in paths:
        try:
            mode = os.stat(p).st_mode
        except OSError as e:
            early[p] = f"{display_path(p)}: no such file" if e.errno == errno.ENOENT else \
                f"{display_path(p)}: {e.strerror or e}"
            continue
        if stat.S_ISREG(mode):
            readable.append(p)
        elif stat.S_ISDIR(mode) and is_case(p):
            # a case's screenshots are read when they are imported, and their readings are kept there
            early[p] = (f"{display_path(p)}: a case folder: its screenshots were read when imported; "
                        f"see them with `evidencekit list {display_path(p)}` (this command reads screenshot files)")
        else:  # never opened: a named pipe would wait for a writer forever
            early[p] = f"{display_path(p)}: not a regular file: {what_it_is(mode)}"
    from evidencekit.core.models import ReferenceSource, ReferenceTime

    # the user's "now" for relative labels; recorded as theirs in each message it resolves
    refs = {p: ReferenceTime(ref, ReferenceSource.USER) for p in readable} if ref else None
    show_progress = not args.json and sys.stderr.isatty()

    def progress(step: Any) -> None:
        if show_progress:
            print(f"[{step.done}/{step.total}] {step.label}", file=sys.stderr)

    results: dict[str, dict[str, Any]] = {}
    for item in recognise_files(readable, engine=engine, workers=args.workers, reference_times=refs,
                                cache_dir=args.cache, progress=progress, script_hint=hint):
        key = str(item.path)
        if item.result is None:
            results[key] = _error_object(key, item.error.msg if item.error else "unreadable")
        else:
            obj = {"file": key, **result_to_json(item.result)}
            results[key] = obj
    out: list[dict[str, Any]] = []
    failed = 0
    for p in paths:
        obj = results.get(p) or _error_object(p, early.get(p, "not read"))
        if "error" in obj:
            failed += 1
            print(f"evidencekit: cannot read {display_path(p)}: {display_path(obj['error'])}", file=sys.stderr)
        out.append(obj)
    for obj in out:
        obj["file"] = _json_text(obj["file"])
        if "error" in obj:
            obj["error"] = _json_text(obj["error"])
    if args.json:
        json.dump(out, sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
    else:
        from evidencekit.locale import detect_language

        s = strings(args.lang or detect_language())
        for obj in out:
            _print_summary(obj, s)
    return int(ExitCode.PROBLEMS if failed else ExitCode.OK)


def _print_summary(obj: dict[str, Any], s: Strings) -> None:
    from evidencekit.core.analysis.labels import label_name, thread_labels

    print(f"== {display_path(obj['file'])}")  # no escape codes from a file's name reach the terminal
    if "error" in obj:
        print(f"   error: {display_path(obj['error'])}")
        return
    print(f"   sender: {obj['sender'] or '?'}   script: {obj['script']}   messages: {len(obj['messages'])}")
    for w in obj.get("warnings", []):
        print(f"   warning [{w['code']}]: {w['text']}")
    # each message's labels as the app's preview names them: the screenshot read as one thread
    # (no claimant: no case), by the names the case list and the bundle use, in ``s``'s language
    named = thread_labels([(m["text"], m["side"]) for m in obj["messages"]])
    for i, (m, names) in enumerate(zip(obj["messages"], named, strict=True), 1):
        when = m["sent_at"] or m["time_label"] or ""
        side = {"in": "<", "out": ">"}.get(m["side"], " ")
        print(f"   {i:2d} {side} [{when}] {m['text']}")
        for r in m.get("review", []):
            print(f"        check line {r['line'] + 1}: {r['engine']} read {r['second']!r}")
        if names:
            words = {lb["name"]: lb["triggers"] for lb in m["labels"]}
            labels = ", ".join(label_name(n, s) + (f"({'/'.join(words[n])})" if words.get(n) else "") for n in names)
            print(f"        labels: {labels}")
        if m["facts"]:
            facts = ", ".join(f"{f['kind']}={f['value']}" for f in m["facts"])
            print(f"        facts: {facts}")
    print()
