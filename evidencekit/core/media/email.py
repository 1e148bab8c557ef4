"""Emails saved as ``.eml`` (RFC 5322 / MIME): headers as written, the plain-text body (HTML
reduced to text when there is no plain part), and the attachments as bytes for the vault to keep
as items of their own.

Python's ``email`` package with the ``default`` policy decodes encoded words (``=?GB2312?B?…?=``)
and transfer encodings; a header or part it cannot decode is kept as it was and noted. Reads are
bounded: at most :data:`MAX_ATTACHMENTS` attachments and :data:`MAX_BODY` characters of body.
"""

from __future__ import annotations

import datetime as dt
import email
import email.policy
import email.utils
import hashlib
import html
import re
from dataclasses import dataclass
from email.message import EmailMessage, Message
from pathlib import Path

from evidencekit.core.media.model import EmailAttachment, EmailFacts
from evidencekit.core.media.notes import note

MAX_ATTACHMENTS = 50
MAX_BODY = 100_000
MAX_EMAIL_BYTES = 200 << 20


@dataclass(frozen=True, slots=True)
class Part:
    """An attachment's name, type and bytes."""

    filename: str
    content_type: str
    data: bytes

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.data).hexdigest()


def looks_like_email(head: bytes) -> bool:
    """Whether ``head`` starts with RFC 5322 headers that an email has (From and one more)."""
    text = head[:4096].decode("utf-8", errors="replace")
    names = {m.group(1).lower() for m in re.finditer(r"^([A-Za-z][\w-]*):", text, re.M)}
    return "from" in names and bool(names & {"to", "subject", "date", "message-id", "received", "mime-version"})


def read_email(path: Path) -> tuple[EmailFacts, list[Part]]:
    """The email's facts and its attachments.

    Raises:
        ValueError: the file is too large to be an email EvidenceKit reads.
    """
    if path.stat().st_size > MAX_EMAIL_BYTES:
        raise ValueError(f"larger than {MAX_EMAIL_BYTES >> 20} MB: not read as an email")
    with open(path, "rb") as f:
        msg = email.message_from_binary_file(f, policy=email.policy.default)
    notes: list[str] = []

    def header(name: str) -> str:
        try:
            v = msg.get(name)
            return " ".join(str(v).split()) if v is not None else ""
        except (ValueError, TypeError, IndexError, AttributeError) as e:
            notes.append(note("email.header", name=name, reason=type(e).__name__))
            raw = msg.get_all(name, failobj=[]) if isinstance(msg, Message) else []
            return str(raw[0]) if raw else ""

    date = header("Date")
    when = when_utc = None
    try:
        t = email.utils.parsedate_to_datetime(date) if date else None
    except (TypeError, ValueError, IndexError):
        t = None
    if t is not None:
        if t.tzinfo is None:
            when = t.isoformat(timespec="seconds")
        else:
            when = t.replace(tzinfo=None).isoformat(timespec="seconds")  # the sender's local time
            when_utc = t.astimezone(dt.timezone.utc).replace(tzinfo=None).isoformat(timespec="seconds") + "Z"
    body = _body(msg, notes)
    parts: list[Part] = []
    for part in msg.walk() if isinstance(msg, EmailMessage) else ():
        if part.is_multipart() or not _is_attachment(part):
            continue
        if len(parts) >= MAX_ATTACHMENTS:
            notes.append(note("email.attachments_limit", n=MAX_ATTACHMENTS))
            break
        try:
            payload = part.get_payload(decode=True) or b""
        except (ValueError, TypeError, AssertionError) as e:
            notes.append(note("email.attachment_undecodable", reason=type(e).__name__))
            continue
        # decode=True gives bytes for a leaf part; anything else is no attachment's content
        data = payload if isinstance(payload, bytes) else b""
        name = _safe_name(part.get_filename() or f"attachment-{len(parts) + 1}{_ext(part.get_content_type())}")
        parts.append(Part(name, part.get_content_type(), data))
    received = tuple(" ".join(str(r).split())[:300] for r in (msg.get_all("Received") or [])[:20])
    facts = EmailFacts(subject=header("Subject"), sender=header("From"), to=header("To"), cc=header("Cc"), date=date,
                       time=when, time_utc=when_utc, message_id=header("Message-ID"), received=received, body=body,
                       attachments=tuple(EmailAttachment(p.filename, p.content_type, len(p.data), p.sha256)
                                         for p in parts), notes=tuple(notes))
    return facts, parts


def _is_attachment(part: Message) -> bool:
    disposition = (part.get_content_disposition() or "").lower()
    if disposition == "attachment":
        return True
    if part.get_filename():
        return True
    return disposition == "inline" and not part.get_content_type().startswith("text/")


def _body(msg: Message, notes: list[str]) -> str:
    if not isinstance(msg, EmailMessage):
        return ""
    try:
        part = msg.get_body(preferencelist=("plain", "html"))
    except (KeyError, ValueError, TypeError) as e:
        notes.append(f"the body could not be found ({type(e).__name__})")
        return ""
    if part is None:
        return ""
    try:
        text = part.get_content()
    except (LookupError, ValueError, TypeError, AssertionError) as e:
        raw = part.get_payload(decode=True) or b""
        text = raw.decode("utf-8", errors="replace") if isinstance(raw, bytes) else str(raw)
        notes.append(f"the body's character set is unknown; shown as UTF-8 ({type(e).__name__})")
    if not isinstance(text, str):
        return ""
    if part.get_content_type() == "text/html":
        text = _html_text(text)
    return text.strip()[:MAX_BODY]


def _html_text(s: str) -> str:
    s = re.sub(r"(?is)<(script|style)\b.*?</\1>", "", s)
    s = re.sub(r"(?i)<br\s*/?>|</p>|</div>|</tr>", "\n", s)
    s = re.sub(r"<[^>]+>", "", s)
    return re.sub(r"\n{3,}", "\n\n", html.unescape(s))


def _safe_name(name: str) -> str:
    name = name.replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(c for c in name if c.isprintable()).strip(". ") or "attachment"
    return name[:120]


def _ext(content_type: str) -> str:
    import mimetypes

    return mimetypes.guess_extension(content_type) or ".bin"
