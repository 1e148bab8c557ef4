"""CSV exports of messages and call logs.

A CSV is read when its header names at least a number (or sender) column and a time column.
Columns are matched by name, case and spaces ignored, from :data:`COLUMNS`:

- plain exports made by hand or by spreadsheet tools, in English or Chinese
  (``number``/``号码``/``電話``, ``time``/``date``/``时间``, ``type``/``direction``/``类型``,
  ``body``/``text``/``内容``, ``duration``/``通话时长``);
- the message CSV of iMazing (iPhone): ``Chat Session``, ``Message Date``, ``Type``
  (Incoming/Outgoing), ``Sender ID``, ``Sender Name``, ``Text``, as its export writes them;
- Android call-log CSVs that copy the CallLog provider's columns (``number``, ``date`` in
  milliseconds, ``duration``, ``type`` 1–6 as in SMS Backup & Restore).

Times: milliseconds or seconds since 1970 (UTC, put in local time with the fallback offset), or
local date-times written in the usual ways (``2026-11-20 22:41:03``, ``2026/11/20 22:41``,
``2026年11月20日 22:41``, ``20/11/2026 22:41``) taken as the phone's local time. Encodings: UTF-8
(with or without BOM), UTF-16 with BOM, and GB18030 (Excel in mainland China) as a fallback.
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import re
from collections.abc import Iterator
from pathlib import Path

from evidencekit.core.media.exports import ExportError
from evidencekit.core.media.exports.localtime import from_epoch_ms, local_iso, offset_text, parse_offset, utc_iso
from evidencekit.core.media.model import CALL_TYPES, SMS_TYPES, Direction, ExportFacts, Record, RecordKind, canonical
from evidencekit.core.media.notes import note

PARSER = "csv/1"
MAX_FIELD = 1 << 20  # one cell: a message is never a megabyte

#: Column roles and the header names that mean them (lower case, spaces and underscores removed).
COLUMNS: dict[str, tuple[str, ...]] = {
    "number": ("number", "phonenumber", "phone", "address", "senderid", "from", "contact", "号码", "电话号码",
               "电话", "手机号", "手机号码", "对方号码", "號碼", "電話號碼", "電話", "手機號碼", "發送者", "发送者"),
    "name": ("name", "contactname", "sendername", "联系人", "姓名", "聯絡人"),
    "time": ("time", "date", "datetime", "messagedate", "calldate", "timestamp", "sentdate", "时间", "日期", "時間",
             "发送时间", "發送時間", "通话时间", "通話時間", "接收时间"),
    "direction": ("direction", "type", "calltype", "messagetype", "类型", "方向", "類型", "收发", "收發", "呼叫类型"),
    "text": ("text", "body", "message", "content", "内容", "短信内容", "內容", "簡訊內容", "信息内容"),
    "duration": ("duration", "durationseconds", "durations", "时长", "通话时长", "通話時長", "秒数"),
    "chat": ("chatsession", "conversation", "会话"),
}
_DIR_IN = ("in", "incoming", "received", "inbox", "来电", "接收", "收到", "收", "已接来电", "來電", "接收的", "1")
_DIR_OUT = ("out", "outgoing", "sent", "outbox", "去电", "发送", "已发送", "发", "撥出", "去電", "發送", "2")
_MISSED = ("missed", "未接", "未接来电", "未接來電", "3")
_REJECTED = ("rejected", "declined", "拒接", "已拒接", "5")
_BLOCKED = ("blocked", "拦截", "已拦截", "封鎖", "6")
_TIME_FORMATS = ("%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M", "%Y/%m/%d %H:%M:%S", "%Y/%m/%d %H:%M", "%Y-%m-%dT%H:%M:%S",
                 "%Y-%m-%dT%H:%M", "%Y年%m月%d日 %H:%M:%S", "%Y年%m月%d日 %H:%M", "%Y年%m月%d日%H:%M", "%d/%m/%Y %H:%M:%S",
                 "%d/%m/%Y %H:%M", "%Y.%m.%d %H:%M:%S", "%Y.%m.%d %H:%M", "%b %d, %Y %I:%M:%S %p", "%b %d, %Y %I:%M %p")


def _key(h: str) -> str:
    return re.sub(r"[\s_\-()（）]+", "", h.strip().lower())


def roles(header: list[str]) -> dict[str, int]:
    """Which column holds what (role → index), from the header's names."""
    out: dict[str, int] = {}
    for i, h in enumerate(header):
        k = _key(h)
        for role, names in COLUMNS.items():
            if role not in out and k in names:
                out[role] = i
                break
    return out


def _decode_head(head: bytes) -> str:
    for enc in ("utf-8-sig", "utf-16", "gb18030"):
        if enc == "utf-16" and not head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
            continue
        try:
            return head.decode(enc)
        except UnicodeDecodeError as e:
            if enc != "gb18030" and e.start >= len(head) - 4:
                return head[: e.start].decode(enc)
            continue
    return ""


def detect(head: bytes) -> list[str] | None:
    """The header of a CSV export of messages or calls in ``head``, or None."""
    text = _decode_head(head)
    first = text.splitlines()[0] if text else ""
    if "," not in first and "\t" not in first and ";" not in first:
        return None
    try:
        dialect = csv.Sniffer().sniff(first, delimiters=",\t;")
    except csv.Error:
        return None
    header = next(csv.reader([first], dialect))
    r = roles(header)
    if "time" in r and ("number" in r or "chat" in r):
        return header
    return None


def _encoding(path: Path) -> str:
    with open(path, "rb") as f:
        head = f.read(1 << 16)
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    try:
        head.decode("utf-8-sig")
        return "utf-8-sig"
    except UnicodeDecodeError as e:
        if e.start >= len(head) - 4:
            return "utf-8-sig"
        return "gb18030"


class CsvReader:
    """Reads a CSV export (see the module)."""

    def __init__(self, path: Path, *, fallback_offset: str = "") -> None:
        self.path = path
        self.tz = parse_offset(fallback_offset) or dt.timezone(dt.timedelta(hours=8))
        self._facts = ExportFacts(format="csv", parser=PARSER)

    @property
    def facts(self) -> ExportFacts:
        return self._facts

    def records(self) -> Iterator[Record]:
        import hashlib

        enc = _encoding(self.path)
        h = hashlib.sha256()
        counts: dict[str, int] = {}
        notes: list[str] = []
        complete = True
        row = 0
        header: list[str] = []
        epoch_used = False
        bad = 0
        csv.field_size_limit(MAX_FIELD)
        with open(self.path, encoding=enc, errors="replace", newline="") as f:
            first = f.readline()
            try:
                dialect = csv.Sniffer().sniff(first, delimiters=",\t;")
            except csv.Error as e:
                raise ExportError("the CSV's first line is no header") from e
            header = next(csv.reader([first], dialect))
            r = roles(header)
            if "time" not in r or ("number" not in r and "chat" not in r):
                raise ExportError("the CSV has no column of numbers and times that EvidenceKit knows")
            is_calls = "duration" in r and "text" not in r
            try:
                for cells in csv.reader(f, dialect):
                    if not any(c.strip() for c in cells):
                        continue
                    rec, epoch = _record(row, cells, r, is_calls, self.tz)
                    epoch_used |= epoch
                    if rec.time is None:
                        bad += 1
                    h.update(canonical(rec.to_json()) + b"\n")
                    counts[rec.kind] = counts.get(rec.kind, 0) + 1
                    row += 1
                    yield rec
            except csv.Error as e:
                complete = False
                notes.append(note("export.csv_damaged", n=row, reason=e))
        if bad:
            notes.append(note("export.bad_times", n=bad))
        basis = (f"times as written in the file (the phone's local time)" if not epoch_used
                 else f"UTC times in the file put in {offset_text(self.tz)} (the importing computer's offset)")
        self._facts = ExportFacts(format="csv", records=row, by_kind=counts, offset=offset_text(self.tz),
                                  offset_basis=basis, complete=complete, notes=tuple(notes), digest=h.hexdigest(),
                                  parser=PARSER, columns=tuple(header))


def _cell(cells: list[str], r: dict[str, int], role: str) -> str:
    i = r.get(role)
    return cells[i].strip() if i is not None and i < len(cells) else ""


def parse_time(s: str, tz: dt.timezone) -> tuple[str | None, str | None, bool]:
    """(local ISO, UTC ISO or None, whether it was an epoch number)."""
    s = s.strip()
    if re.fullmatch(r"\d{10}(\d{3})?", s):
        ms = int(s) * (1 if len(s) == 13 else 1000)
        t = from_epoch_ms(ms)
        return (local_iso(t, tz), utc_iso(t), True) if t else (None, None, True)
    for fmt in _TIME_FORMATS:
        try:
            return dt.datetime.strptime(s, fmt).isoformat(timespec="seconds"), None, False
        except ValueError:
            continue
    return None, None, False


def _duration(s: str) -> float | None:
    s = s.strip()
    if not s:
        return None
    m = re.fullmatch(r"(?:(\d+):)?(\d+):(\d{2})", s)
    if m:
        return float(int(m.group(1) or 0) * 3600 + int(m.group(2)) * 60 + int(m.group(3)))
    m = re.fullmatch(r"(?:(\d+)\s*(?:分|分钟|分鐘|min|m))?\s*(?:(\d+)\s*(?:秒|s|sec)?)?", s)
    if m and (m.group(1) or m.group(2)):
        return float(int(m.group(1) or 0) * 60 + int(m.group(2) or 0))
    try:
        return float(s)
    except ValueError:
        return None


def _record(row: int, cells: list[str], r: dict[str, int], is_calls: bool,
            tz: dt.timezone) -> tuple[Record, bool]:
    when, when_utc, epoch = parse_time(_cell(cells, r, "time"), tz)
    raw_dir = _cell(cells, r, "direction")
    d = raw_dir.lower()
    number = _cell(cells, r, "number") or _cell(cells, r, "chat")
    name = _cell(cells, r, "name")
    duration = _duration(_cell(cells, r, "duration")) if "duration" in r else None
    kind: RecordKind = "call" if is_calls else "sms"
    direction: Direction
    if kind == "call":
        if d in _MISSED:
            status, direction = "missed", "in"
        elif d in _REJECTED:
            status, direction = "rejected", "in"
        elif d in _BLOCKED:
            status, direction = "blocked", "in"
        elif d in _DIR_OUT:
            status, direction = "outgoing", "out"
        elif d in _DIR_IN:
            status, direction = "incoming", "in"
        else:
            code = int(d) if d.isdigit() else 0
            status, direction = CALL_TYPES.get(code, raw_dir or "unknown"), ""
    else:
        if d in _DIR_OUT:
            status, direction = "sent", "out"
        elif d in _DIR_IN:
            status, direction = "received", "in"
        else:
            code = int(d) if d.isdigit() else 0
            status = SMS_TYPES.get(code, raw_dir or "unknown")
            direction = "in" if status == "received" else "out" if status in SMS_TYPES.values() else ""
    return Record(row, kind, number, when, direction, status, _cell(cells, r, "text"), duration, name, when_utc,
                  {}), epoch


def read_all(path: Path, fallback_offset: str = "") -> tuple[list[Record], ExportFacts]:
    """Every record of a small CSV and the facts (tests and tools)."""
    reader = CsvReader(path, fallback_offset=fallback_offset)
    recs = list(reader.records())
    return recs, reader.facts


__all__ = ["COLUMNS", "CsvReader", "detect", "read_all", "roles"]
