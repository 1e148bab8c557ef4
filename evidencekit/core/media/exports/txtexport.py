"""Plain-text message exports of ``imessage-exporter`` (``--format txt``), the open-source tool most
often suggested to iPhone users who want their messages out of a Mac or a Finder backup.

Its text format, as its source writes it (``exporters/txt.rs``, one file per conversation, named
after the chat's number or address), is a block per message followed by a blank line::

    May 17, 2022  5:29:42 PM (Read by you after 1 hour, 49 seconds)
    +8613812345678
    Hello world

- line 1: the time, ``%b %d, %Y %l:%M:%S %p`` in the exporting computer's local time (English
  month names, the hour padded with a space), optionally followed by a read receipt in brackets;
- line 2: who sent it: ``Me`` for the person, otherwise the other side's number or address (or a
  contact name when the exporter had the address book);
- then the text, as many lines as it has. Replies are written inside their message, indented by
  four spaces, each with its own time and sender; they are read as messages of their own.
  The exporter's own remarks ("This message responded to an earlier message.", a "Reactions:"
  list, "… renamed the conversation to …") are not message text and are left out.

The person's own messages get the conversation's other side as their number when the file names
exactly one. Times are taken as written (local, no zone), like a CSV's written times.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections.abc import Iterator
from pathlib import Path

from evidencekit.core.media.exports import ExportError
from evidencekit.core.media.model import ExportFacts, Record, canonical
from evidencekit.core.media.notes import note

PARSER = "imessage-txt/1"
FORMAT = "imessage-txt"
MAX_TEXT = 1 << 20  # one message's text: a message is never a megabyte
MAX_LINE = 1 << 16
_WHEN = r"(?P<indent> {0,4})(?P<when>[A-Z][a-z]{2} \d{2}, \d{4} +\d{1,2}:\d{2}:\d{2} [AP]M)"
_STAMP = re.compile(_WHEN + r"(?: \((?P<receipt>[^()]*)\))?")
#: "{time} {who} renamed the conversation to {title}": the exporter's line for a renamed group
_ANNOUNCEMENT = re.compile(_WHEN + r" .+ renamed the conversation to .*")
_ME = "Me"
_REMARKS = ("This message responded to an earlier message.",)


def _stamp(line: str) -> re.Match[str] | None:
    return _STAMP.fullmatch(line.rstrip("\r\n"))


def _time(when: str) -> str | None:
    try:
        return dt.datetime.strptime(" ".join(when.split()), "%b %d, %Y %I:%M:%S %p").isoformat(timespec="seconds")
    except ValueError:
        return None


def detect(head: bytes) -> bool:
    """Whether ``head`` (the first bytes of a file) starts like an imessage-exporter TXT file."""
    try:
        text = head.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        if e.start < len(head) - 4:
            return False
        text = head[: e.start].decode("utf-8-sig")
    lines = text.lstrip("\r\n").splitlines()[:2]
    first = _stamp(lines[0]) if lines else None
    return (first is not None and _time(first["when"]) is not None and len(lines) == 2
            and bool(lines[1].strip()) and _stamp(lines[1]) is None)


class TxtReader:
    """Reads an imessage-exporter TXT file (see the module)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._facts = ExportFacts(format=FORMAT, parser=PARSER)

    @property
    def facts(self) -> ExportFacts:
        return self._facts

    def _other_side(self) -> str:
        """The conversation's other side when the file names exactly one sender besides ``Me``."""
        seen: set[str] = set()
        for _, sender, _ in self._blocks():
            if sender != _ME:
                seen.add(sender)
                if len(seen) > 1:
                    return ""
        return next(iter(seen), "")

    def _blocks(self, skipped: list[int] | None = None) -> Iterator[tuple[re.Match[str], str, list[str]]]:
        """(time line, sender, text lines) per message, in file order; ``skipped`` counts lines
        that belong to no message."""
        head: re.Match[str] | None = None
        sender = ""
        body: list[str] = []
        size = 0
        in_reactions = False
        with open(self.path, encoding="utf-8-sig", errors="replace", newline="") as f:
            lines = iter(f)
            pending: str | None = None
            while True:
                line = pending if pending is not None else next(lines, None)
                pending = None
                if line is None:
                    break
                line = line[:MAX_LINE].rstrip("\r\n")
                m = _stamp(line)
                if m is not None:
                    nxt = next(lines, None)
                    if nxt is not None and nxt.strip() and _stamp(nxt.rstrip("\r\n")) is None:
                        if head is not None:
                            yield head, sender, body
                        head, sender, body, size, in_reactions = m, nxt.strip(), [], 0, False
                        continue
                    pending = nxt
                if _ANNOUNCEMENT.fullmatch(line):
                    continue
                if head is None:
                    if line.strip() and skipped is not None:
                        skipped[0] += 1
                    continue
                indent = len(head["indent"])
                text = line[indent:] if line[:indent].isspace() else line
                if text.strip() == "Reactions:":
                    in_reactions = True
                    continue
                if in_reactions and text.strip():
                    continue
                in_reactions = False
                if text.strip() in _REMARKS:
                    continue
                if size < MAX_TEXT:
                    body.append(text)
                    size += len(text) + 1
        if head is not None:
            yield head, sender, body

    def records(self) -> Iterator[Record]:
        other = self._other_side()
        digest = hashlib.sha256()
        skipped = [0]
        row = bad = 0
        try:
            for head, sender, body in self._blocks(skipped):
                while body and not body[-1].strip():
                    body.pop()
                when = _time(head["when"])
                bad += when is None
                out = sender == _ME
                party = other if out else sender  # the other side of the conversation
                address = _looks_like_address(party)
                extra: dict[str, object] = {}
                if head["receipt"]:
                    extra["receipt"] = head["receipt"]
                if head["indent"]:
                    extra["reply"] = True
                rec = Record(row, "sms", party if address else "", when, "out" if out else "in",
                             "sent" if out else "received", "\n".join(body), None, "" if address else party, None,
                             extra)
                digest.update(canonical(rec.to_json()) + b"\n")
                row += 1
                yield rec
        except OSError as e:
            raise ExportError(f"the file could not be read ({e.strerror or e})") from e
        notes = []
        if skipped[0]:
            notes.append(note("export.txt_unparsed", n=skipped[0]))
        if bad:
            notes.append(note("export.bad_times", n=bad))
        self._facts = ExportFacts(format=FORMAT, records=row, by_kind={"sms": row} if row else {}, offset="",
                                  offset_basis="times as written in the file (the phone's local time)",
                                  notes=tuple(notes), digest=digest.hexdigest(), parser=PARSER)


def _looks_like_address(sender: str) -> bool:
    """A number or an e-mail address (what the exporter writes without an address book)."""
    return bool(re.fullmatch(r"\+?[\d\s\-()]{3,20}", sender)) or "@" in sender


__all__ = ["FORMAT", "TxtReader", "detect"]
