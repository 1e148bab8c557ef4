"""Entry point of the ``evidencekit`` command.

``evidencekit [CASE_DIR]`` opens the terminal app; the sub-commands are thin wrappers over
``evidencekit.core``. Data goes to stdout, diagnostics to stderr; exit codes come from
``ExitCode``. Every EvidenceKit error is turned into one clean message here, and only here.
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import NoReturn

from evidencekit import __version__
from evidencekit.errors import EvidenceKitError, ExitCode

log = logging.getLogger("evidencekit")

COMMANDS = ("new", "import", "list", "verify", "demo", "withdraw", "purge", "identity", "annotate", "ocr", "export",
            "findings", "settings", "draft")


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:  # usage errors exit 2, as everywhere
        self.print_usage(sys.stderr)
        self.exit(ExitCode.USAGE, f"{self.prog}: error: {message}\n")


def build_parser() -> argparse.ArgumentParser:
    """The ``evidencekit`` command line. Each command's module imports its heavy dependencies
    (reportlab, pyHanko, tesseract) only when it runs, so `evidencekit list` never pays for them."""
    from evidencekit.cli import commands, draft_cmd, export_cmd, findings_cmd, ocr_cmd

    parser = _Parser(
        prog="evidencekit",
        description=(
            "Keep harassment and debt-collection messages as evidence that holds up: import "
            "screenshots and recordings into a case, read them, and export a signed bundle. "
            "Run without a command (or with a case folder) to open the terminal app."
        ),
    )
    parser.add_argument("--version", action="version", version=f"evidencekit {__version__}")
    parser.add_argument("-v", "--verbose", action="count", default=0, help="more diagnostics on stderr")
    parser.add_argument("--no-wait", action="store_true", default=argparse.SUPPRESS,
                        help="when a case is open in another EvidenceKit window or process, stop at once (exit "
                        "status 75) instead of waiting for it to close the case")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    commands.add_parsers(sub)
    ocr_cmd.add_parser(sub)
    export_cmd.add_parser(sub)
    findings_cmd.add_parser(sub)
    draft_cmd.add_parser(sub)
    return parser


@contextmanager
def exception_manager() -> Iterator[list[int]]:
    """Turn EvidenceKit errors into one line on stderr and the error's exit code."""
    code = [0]
    try:
        yield code
    except EvidenceKitError as e:
        print(f"evidencekit: {e.title}: {e.msg}", file=sys.stderr)
        code[0] = int(e.exit_code)
    except KeyboardInterrupt:
        print("evidencekit: interrupted", file=sys.stderr)
        code[0] = int(ExitCode.INTERRUPTED)
    except BrokenPipeError:
        # `evidencekit list | head`: the reader left; not an error of ours.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        code[0] = 0


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line (or the app); returns the exit code."""
    argv = list(sys.argv[1:] if argv is None else argv)
    # `evidencekit` and `evidencekit CASE_DIR` open the terminal app.
    if not argv or (len(argv) == 1 and not argv[0].startswith("-") and argv[0] not in COMMANDS):
        return _run_tui(argv[0] if argv else None)
    parser = build_parser()
    args = parser.parse_args(argv)
    logging.basicConfig(
        level=logging.WARNING - 10 * min(args.verbose, 2),
        format="evidencekit: %(levelname)s: %(message)s",
        stream=sys.stderr,
    )
    if not args.verbose:
        # A tampered PDF makes pyHanko log its own tracebacks; our one line per check says what
        # is wrong. -v shows them.
        for name in ("pyhanko", "pyhanko_certvalidator", "PIL", "fontTools"):
            logging.getLogger(name).setLevel(logging.CRITICAL)
    if args.command is None:
        parser.print_help()
        return int(ExitCode.OK)
    from evidencekit.cli.common import session

    session.wait = not getattr(args, "no_wait", False)
    session.program = f"evidencekit {args.command}"
    with exception_manager() as code:
        code[0] = int(args.func(args))
    return code[0]


def _run_tui(case_dir: str | None) -> int:
    from evidencekit.tui.app import run_tui  # Textual: loaded only for the app

    with exception_manager() as code:
        code[0] = int(run_tui(case_dir))
    return code[0]


if __name__ == "__main__":
    sys.exit(main())
