"""The XML of the Android app "SMS Backup & Restore": messages (``<smses>`` of ``<sms>`` and
``<mms>``) and the call log (``<calls>`` of ``<call>``).

What the format says (the app's own description of its fields, and Android's Telephony and
CallLog providers whose columns it copies):

- ``date`` is milliseconds since 1970 (UTC). ``readable_date`` is the same time written in the
  phone's locale and zone: only used to learn the zone (:mod:`.localtime`), never as the time.
- ``<sms type>``: 1 received, 2 sent, 3 draft, 4 outbox, 5 failed, 6 queued.
- ``<call type>``: 1 incoming, 2 outgoing, 3 missed, 4 voicemail, 5 rejected, 6 blocked.
- ``<mms msg_box>`` as ``sms type``; its ``<addr type>`` 137 is the sender, 151 a recipient;
  its ``<part>`` elements hold text (``text``) or base64 data (``data``), in ``seq`` order.
- Missing values are written as the word ``null``.
- The app writes characters outside the BMP (emoji) as two character references to UTF-16
  surrogates (``&#55357;&#56838;``), which XML forbids: they are joined into one reference
  before parsing (:class:`_Sanitised`).

Parsing streams (``defusedxml``'s ``iterparse``; each record is dropped once read), so a backup
of many gigabytes (MMS pictures as base64) is read with memory bounded by its largest record.
Entity declarations, external references and DTDs are refused (:class:`HostileExport`), as are
absurdly large or deeply nested elements.
"""

from __future__ import annotations

import codecs
import datetime as dt
import io
import logging
import re
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any, Literal

import defusedxml
import defusedxml.ElementTree as DET

from evidencekit.core.media.exports import ExportError, HostileExport
from evidencekit.core.media.exports.localtime import from_epoch_ms, infer_offset, local_iso, offset_text, parse_offset, utc_iso
from evidencekit.core.media.model import (CALL_TYPES, MMS_ADDR_FROM, MMS_ADDR_TO, SMS_TYPES, Direction, ExportFacts, Record,
                                          records_digest)
from evidencekit.core.media.notes import note

log = logging.getLogger(__name__)

Format = Literal["smsbackup-sms", "smsbackup-calls"]
PARSER = "smsbackup/1"

MAX_TAG_BYTES = 64 << 20  # one element: an MMS with a few pictures is a few MB
MAX_DEPTH = 16  # smses > mms > parts > part is 4 deep
SAMPLES_FOR_OFFSET = 200
CHUNK = 1 << 16

# character references to UTF-16 surrogates (decimal 55296–57343, hex D800–DFFF), one or a pair
_SUR = rb"(?:5529[6-9]|55[3-9]\d\d|56\d\d\d|57[0-2]\d\d|573[0-3]\d|5734[0-3]|[xX][dD][89a-fA-F][0-9a-fA-F]{2})"
_SUR_REF = re.compile(rb"&#(" + _SUR + rb");(?:&#(" + _SUR + rb");)?")
# references to characters XML 1.0 forbids (C0 controls but tab, LF, CR; U+FFFE, U+FFFF)
_BAD_REF = re.compile(rb"&#(?:0*(?:[0-8]|1[1-24-9]|2\d|3[01])|[xX]0*(?:[0-8]|[bBcCeEfF]|1[0-9a-fA-F])|6553[45]|[xX][fF]{3}[eEfF]);")
_CTRL = re.compile(rb"[\x00-\x08\x0b\x0c\x0e-\x1f]")
_HIGH = rb"(?:5529[6-9]|55[3-9]\d\d|56[0-2]\d\d|563[01]\d|[xX][dD][89aAbB][0-9a-fA-F]{2})"
# what must wait for the next chunk: a reference cut short (after a high surrogate's, if any), or
# a whole high surrogate's reference whose partner may start the next chunk
_TAIL = re.compile(rb"(?:&#" + _HIGH + rb";)?&[#0-9a-zA-Z]{0,12}\Z|&#" + _HIGH + rb";\Z")
_REPLACEMENT = b"&#65533;"


def detect(head: bytes) -> Format | None:
    """Whether ``head`` starts an SMS Backup & Restore file, and which."""
    text = _head_text(head)
    m = re.search(r"<(smses|calls)[\s>/]", text)
    if not m or not text.lstrip().startswith(("<?xml", "<smses", "<calls", "<!--")):
        return None
    return "smsbackup-sms" if m.group(1) == "smses" else "smsbackup-calls"


def _head_text(head: bytes) -> str:
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return head.decode("utf-16", errors="ignore")
    return head.lstrip(codecs.BOM_UTF8).decode("utf-8", errors="ignore")


class _Sanitised(io.RawIOBase):
    """The file as the XML parser should see it: UTF-8, surrogate pairs joined into one character
    reference, references to characters XML forbids and raw control bytes replaced by U+FFFD
    (counted), and no single element larger than :data:`MAX_TAG_BYTES`."""

    def __init__(self, raw: IO[bytes]) -> None:
        super().__init__()
        self._raw = raw
        self._carry = b""
        self._out = b""
        self._since_tag = 0
        self.replaced = 0  # lone surrogates and forbidden characters replaced
        self.joined = 0  # surrogate pairs joined
        self._decoder: codecs.IncrementalDecoder | None = None
        head = raw.read(4)
        if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
            # a backup re-saved as UTF-16 (by an editor): read as text, give the parser UTF-8
            self._decoder = codecs.getincrementaldecoder("utf-16")()
        self._pending = head
        self._first = True

    def readable(self) -> bool:
        return True

    def readinto(self, b: Any) -> int:
        while not self._out:
            chunk = self._pending + self._raw.read(CHUNK)
            self._pending = b""
            if self._decoder is not None:
                chunk = self._decoder.decode(chunk, final=not chunk).encode("utf-8")
            if self._first:
                self._first = False
                chunk = chunk.removeprefix(codecs.BOM_UTF8)
                if self._decoder is not None:
                    chunk = re.sub(rb"encoding=(['\"])[Uu][Tt][Ff]-?16(?:[LBlb][Ee])?\1", b"encoding='UTF-8'", chunk, count=1)
            if not chunk:
                if not self._carry:
                    return 0
                self._out, self._carry = self._clean(self._carry), b""
                break
            data = self._carry + chunk
            m = _TAIL.search(data, max(0, len(data) - 32))
            cut = m.start() if m else len(data)
            self._carry = data[cut:]
            self._out = self._clean(data[:cut])
            self._check_size(self._out)
        n = min(len(b), len(self._out))
        b[:n] = self._out[:n]
        self._out = self._out[n:]
        return n

    def _check_size(self, data: bytes) -> None:
        last = data.rfind(b"<")
        self._since_tag = len(data) - last if last >= 0 else self._since_tag + len(data)
        if self._since_tag > MAX_TAG_BYTES:
            raise HostileExport(f"one element is larger than {MAX_TAG_BYTES >> 20} MB: not a backup this app writes "
                                "(refused to protect memory)")

    def _clean(self, data: bytes) -> bytes:
        if b"&#" in data:
            data = _SUR_REF.sub(self._join, data)
            data, n = _BAD_REF.subn(_REPLACEMENT, data)
            self.replaced += n
        data, n = _CTRL.subn(b"\xef\xbf\xbd", data)
        self.replaced += n
        return data

    def _join(self, m: re.Match[bytes]) -> bytes:
        a = _ref_value(m.group(1))
        b = _ref_value(m.group(2)) if m.group(2) else None
        if 0xD800 <= a <= 0xDBFF and b is not None and 0xDC00 <= b <= 0xDFFF:
            self.joined += 1
            return b"&#%d;" % (0x10000 + ((a - 0xD800) << 10) + (b - 0xDC00))
        self.replaced += 1 if b is None else 2
        return _REPLACEMENT * (1 if b is None else 2)


def _ref_value(g: bytes) -> int:
    return int(g[1:], 16) if g[:1] in (b"x", b"X") else int(g)


class SmsBackupReader:
    """Reads one SMS Backup & Restore file (see the module)."""

    def __init__(self, path: Path, fmt: Format, *, fallback_offset: str = "") -> None:
        self.path = path
        self.format = fmt
        self.fallback = parse_offset(fallback_offset) or dt.timezone(dt.timedelta(hours=8))
        self.fallback_basis = (f"the importing computer's UTC offset ({fallback_offset})" if parse_offset(fallback_offset)
                               else "China Standard Time (+08:00), as the export gives no zone")
        self._facts = ExportFacts(format=fmt, parser=PARSER)

    @property
    def facts(self) -> ExportFacts:
        return self._facts

    def records(self) -> Iterator[Record]:
        counts: dict[str, int] = {}
        notes: list[str] = []
        digest = _Digest()
        complete = True
        tz: dt.timezone | None = None
        basis = ""
        buffered: list[tuple[int, dict[str, Any]]] = []
        row = 0
        declared: int | None = None
        with open(self.path, "rb") as raw:
            src = _Sanitised(raw)
            try:
                for kind, fields in _elements(io.BufferedReader(src, CHUNK)):
                    if kind == "root":
                        declared = _int(fields.get("count"))
                        continue
                    buffered.append((row, fields))
                    row += 1
                    if tz is None and len(buffered) < SAMPLES_FOR_OFFSET:
                        continue
                    if tz is None:
                        tz, basis = self._offset(buffered)
                    for r, f in buffered:
                        rec = _record(r, f, tz)
                        digest.add(rec)
                        counts[rec.kind] = counts.get(rec.kind, 0) + 1
                        yield rec
                    buffered.clear()
            except HostileExport:
                raise
            except (defusedxml.DTDForbidden, defusedxml.EntitiesForbidden, defusedxml.ExternalReferenceForbidden) as e:
                raise HostileExport(_hostile_reason(e)) from e
            except ET.ParseError as e:
                complete = False
                notes.append(_parse_reason(e, row))
            except OSError as e:
                complete = False
                notes.append(note("export.read_stopped", reason=e.strerror or e, n=row))
            if tz is None:
                tz, basis = self._offset(buffered)
            for r, f in buffered:
                rec = _record(r, f, tz)
                digest.add(rec)
                counts[rec.kind] = counts.get(rec.kind, 0) + 1
                yield rec
            if src.joined:
                notes.append(note("export.emoji_joined", n=src.joined))
            if src.replaced:
                notes.append(note("export.chars_replaced", n=src.replaced))
        if complete and declared is not None and declared != row:
            notes.append(note("export.count_differs", declared=declared, n=row))
        self._facts = ExportFacts(format=self.format, records=row, by_kind=counts, offset=offset_text(tz),
                                  offset_basis=basis, complete=complete, notes=tuple(notes), digest=digest.hexdigest(),
                                  parser=PARSER)

    def _offset(self, buffered: list[tuple[int, dict[str, Any]]]) -> tuple[dt.timezone, str]:
        samples = []
        for _, f in buffered:
            t = from_epoch_ms(_int(f.get("date")) or 0)
            if t is not None and f.get("readable_date"):
                samples.append((t, str(f["readable_date"])))
        tz = infer_offset(samples)
        if tz is not None:
            return tz, f"the export's own readable dates ({offset_text(tz)})"
        return self.fallback, self.fallback_basis


class _Digest:
    def __init__(self) -> None:
        import hashlib

        self._h = hashlib.sha256()

    def add(self, r: Record) -> None:
        from evidencekit.core.media.model import canonical

        self._h.update(canonical(r.to_json()) + b"\n")

    def hexdigest(self) -> str:
        return self._h.hexdigest()


def _elements(stream: IO[bytes]) -> Iterator[tuple[str, dict[str, Any]]]:
    """("root", attributes) once, then (tag, fields) per record, each element dropped once read."""
    depth = 0
    root: ET.Element | None = None
    for event, elem in DET.iterparse(stream, events=("start", "end"), forbid_dtd=True):
        if event == "start":
            depth += 1
            if depth > MAX_DEPTH:
                raise HostileExport(f"elements nested more than {MAX_DEPTH} deep: not a backup this app writes")
            if depth == 1:
                root = elem
                if elem.tag not in ("smses", "calls"):
                    raise ExportError(f"the XML's root is <{elem.tag}>, not <smses> or <calls>")
                yield "root", dict(elem.attrib)
            continue
        depth -= 1
        if depth == 1 and root is not None:
            if elem.tag in ("sms", "mms", "call"):
                yield elem.tag, _fields(elem)
            elem.clear()
            root.remove(elem)  # the only child left: O(1), and memory stays flat


def _fields(elem: ET.Element) -> dict[str, Any]:
    f: dict[str, Any] = {k: v for k, v in elem.attrib.items() if v != "null"}
    f["_tag"] = elem.tag
    if elem.tag == "mms":
        parts = []
        for p in elem.iter("part"):
            a = p.attrib
            data = a.get("data")
            parts.append({"seq": _int(a.get("seq")) or 0, "ct": a.get("ct", ""), "name": _nul(a.get("name")) or _nul(a.get("cl")),
                          "text": _nul(a.get("text")), "size": (len(data) * 3) // 4 if data else 0})
        f["_parts"] = sorted(parts, key=lambda p: p["seq"])
        f["_addrs"] = [(a.attrib.get("address", ""), _int(a.attrib.get("type")) or 0) for a in elem.iter("addr")]
    return f


def _nul(v: str | None) -> str:
    return "" if v is None or v == "null" else v


def _int(v: object) -> int | None:
    try:
        return int(str(v).strip())
    except (TypeError, ValueError):
        return None


def _record(row: int, f: dict[str, Any], tz: dt.timezone) -> Record:
    tag = f["_tag"]
    t = from_epoch_ms(_int(f.get("date")) or 0)
    when = local_iso(t, tz) if t else None
    when_utc = utc_iso(t) if t else None
    name = "" if f.get("contact_name") in (None, "(Unknown)") else str(f["contact_name"])
    extra: dict[str, Any] = {}
    direction: Direction
    if f.get("sub_id") or f.get("subscription_id"):
        extra["sim"] = f.get("sub_id") or f.get("subscription_id")
    if tag == "call":
        code = _int(f.get("type"))
        status = CALL_TYPES.get(code or 0, f"type {f.get('type')}")
        direction = "out" if code == 2 else "in" if code in (1, 3, 4, 5, 6, 7) else ""
        dur = _int(f.get("duration"))
        if f.get("presentation") and f.get("presentation") != "1":
            extra["presentation"] = {"2": "restricted", "3": "unknown", "4": "payphone"}.get(str(f["presentation"]),
                                                                                           str(f["presentation"]))
        return Record(row, "call", str(f.get("number", "")), when, direction, status, "",
                      float(dur) if dur is not None else None, name, when_utc, extra)
    if tag == "sms":
        code = _int(f.get("type"))
        status = SMS_TYPES.get(code or 0, f"type {f.get('type')}")
        direction = "in" if code == 1 else "out" if code in (2, 3, 4, 5, 6) else ""
        if f.get("subject"):
            extra["subject"] = f["subject"]
        if f.get("service_center"):
            extra["service_center"] = f["service_center"]
        sent = from_epoch_ms(_int(f.get("date_sent")) or 0)
        if sent is not None and code == 1:
            extra["sent_at"] = local_iso(sent, tz)
        return Record(row, "sms", str(f.get("address", "")), when, direction, status, str(f.get("body", "")),
                      None, name, when_utc, extra)
    # mms
    box = _int(f.get("msg_box"))
    status = SMS_TYPES.get(box or 0, f"msg_box {f.get('msg_box')}")
    direction = "in" if box == 1 else "out" if box in (2, 3, 4, 5, 6) else ""
    addrs: list[tuple[str, int]] = f.get("_addrs", [])
    senders = [a for a, ty in addrs if ty == MMS_ADDR_FROM and a]
    recipients = [a for a, ty in addrs if ty == MMS_ADDR_TO and a]
    if direction == "in":
        number = senders[0] if senders else str(f.get("address", ""))
    else:
        number = ", ".join(recipients) if recipients else str(f.get("address", ""))
    if len(recipients) > 1:
        extra["to"] = recipients
    parts = f.get("_parts", [])
    text = "\n".join(p["text"] for p in parts if p["ct"].startswith("text/plain") and p["text"])
    media = [{"type": p["ct"], "name": p["name"], "size": p["size"]} for p in parts
             if not p["ct"].startswith(("text/plain", "application/smil"))]
    if media:
        extra["parts"] = media
    if f.get("sub"):
        extra["subject"] = f["sub"]
    return Record(row, "mms", number, when, direction, status, text, None, name, when_utc, extra)


def _hostile_reason(e: Exception) -> str:
    if isinstance(e, defusedxml.EntitiesForbidden):
        return "the XML declares entities (a way to make a reader expand it without end): refused"
    if isinstance(e, defusedxml.ExternalReferenceForbidden):
        return "the XML refers to outside files or addresses: refused"
    return "the XML carries a document type declaration, which no backup of this app has: refused"


def _parse_reason(e: ET.ParseError, rows: int) -> str:
    code = getattr(e, "code", None)
    line, col = getattr(e, "position", (0, 0))
    if code == 3 or "no element found" in str(e) or "unclosed token" in str(e):
        return note("export.truncated", n=rows)
    return note("export.xml_damaged", line=line, column=col, reason=e.msg if hasattr(e, "msg") else e, n=rows)


def read_all(path: Path, fallback_offset: str = "") -> tuple[list[Record], ExportFacts]:
    """Every record of a small file and the facts (tests and tools; import streams instead).

    Raises:
        ExportError: not a backup, or a hostile one.
    """
    with open(path, "rb") as f:
        head = f.read(4096)
    fmt = detect(head)
    if fmt is None:
        raise ExportError("not an SMS Backup & Restore file")
    reader = SmsBackupReader(path, fmt, fallback_offset=fallback_offset)
    recs = list(reader.records())
    assert reader.facts.digest == records_digest(recs)
    return recs, reader.facts
