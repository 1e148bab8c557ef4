"""Tamper trials: change a built case, and the bundles made from it, behind EvidenceKit's back in
every way the trial knows, each on a fresh copy, and count whether verification names it.

The case is built once through the core, as a person would build it: screenshots read by the
default OCR engine (so the readings, the OCR cache and their log entries are real), a message and
a sender corrected, an item retitled, one withdrawn, a recording, a PDF and a ZIP bundle exported,
then one more screenshot imported (so that an older genuine head and an older copy of the whole
folder exist). Then each tamper is applied to a fresh copy and ``verify_case`` / ``verify_bundle``
(the core functions behind ``evidencekit verify``) is run. Counted per area:

- **named**: a check with one of the codes the tamper must produce (a specific failed check; for
  the changes a crash or a lost file also makes, which are no failures — a missing key, a log
  file behind its index copy, a cache file no entry recorded — the check that says so);
- **misnamed**: verification failed, but not with the expected check (listed);
- **missed**: verification found nothing;
- **crash**: verification raised.

An untouched copy must verify (a false alarm otherwise). It prints the counts and exits 1 unless
every tamper was named.

    python -m trials.tamper            # every tamper
    python -m trials.tamper --quick    # the case tampers only (no bundles): the test suite's form
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sqlite3
import sys
import tempfile
import traceback
from collections import Counter
from collections.abc import Callable
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import Any

from evidencekit.core.export.verify_bundle import verify_bundle
from evidencekit.core.models import CaseMeta, Respondent, VerifyReport
from evidencekit.core.vault import custody
from evidencekit.core.vault.case import Case
from evidencekit.core.verify import verify_case

REPO = Path(__file__).resolve().parents[1]
SAMPLES = REPO / "samples"
#: the expected outcome of a change that is no failure, but must be said
NOTED = frozenset({"case.key.missing", "custody.file.lagging", "case.ocr_cache.unrecorded"})


@dataclass
class Built:
    """The built case, what it was before its last import, and its bundles."""

    case: Path
    before_last: Path  # a copy of the whole folder before the last import (a genuine backup)
    old_head: bytes  # custody.head as it was then
    last_item: int
    pdf: Path
    zip: Path
    item_ids: dict[str, int]  # role -> item id ("read", "unread", "withdrawn", "recording", ...)


@dataclass(frozen=True)
class Tamper:
    area: str
    name: str
    change: Callable[[Path, Built], None]  # applied to the copy (a case folder, or a bundle file)
    expect: frozenset[str]  # any of these codes names it; empty: any failing check with a code
    target: str = "case"  # or "pdf", "zip"


@dataclass
class Tally:
    named: Counter[str] = field(default_factory=Counter)
    misnamed: list[str] = field(default_factory=list)
    missed: list[str] = field(default_factory=list)
    crashes: list[str] = field(default_factory=list)
    false_alarms: list[str] = field(default_factory=list)
    areas: Counter[str] = field(default_factory=Counter)

    def ok(self) -> bool:
        return not (self.misnamed or self.missed or self.crashes or self.false_alarms)


# ------------------------------------------------------------------------------------ building


def build(root: Path) -> Built:
    """The case the trials tamper with (see the module), and its bundles."""
    from PIL import Image

    from evidencekit.core.export.bundle import export_case
    from evidencekit.core.export.model import ExportOptions

    src = root / "inputs"
    src.mkdir(parents=True)
    shots = [shutil.copy(SAMPLES / n, src / n) for n in ("ios-light-hans-reminder.png", "android-dark-hant-overdue.png")]
    plain = []
    for i in range(3):
        p = src / f"plain-{i}.png"
        Image.new("RGB", (60, 120), (40 * i, 90, 200)).save(p)
        plain.append(p)
    recording = shutil.copy(SAMPLES / "call-2026-11-20.m4a", src / "call-2026-11-20.m4a")
    case_dir = root / "case"
    meta = CaseMeta("tamper trials", "张三", "13800138000", (Respondent("某某消费金融", ("95188",)),))
    with Case.create(case_dir, meta) as case:
        ids = [o.item_id for o in case.import_paths([Path(p) for p in (*shots, *plain, recording)])]
        assert all(i is not None for i in ids), "the trial's inputs must import"
        read, read2, unread, titled, withdrawn, rec = (int(i) for i in ids if i is not None)
        list(case.ocr([read, read2], workers=1))
        result = case.ocr_result(read)
        assert result is not None and result.messages, "the sample must read as messages"
        case.correct_message(read, 0, result.messages[0].text + "（已核对）")
        case.correct_sender(read2, "95511")
        case.update_item(titled, title="催收威胁", proves="证明对方威胁联系家人")
        case.withdraw(withdrawn, "重复")
        bundles = root / "bundles"
        bundles.mkdir()
        res = export_case(case, bundles / "b.pdf", ExportOptions(language="en", make_zip=True))
        assert res.zip_path is not None
    before = root / "before-last"
    shutil.copytree(case_dir, before, symlinks=True)
    old_head = (case_dir / "custody.head").read_bytes()
    late = src / "late.png"
    Image.new("RGB", (60, 120), (7, 7, 7)).save(late)
    with Case.open(case_dir) as case:
        [o] = list(case.import_paths([late]))
        assert o.item_id is not None
        last = o.item_id
    report = verify_case(case_dir)
    assert report.ok, report.problems
    return Built(case_dir, before, old_head, last, res.pdf_path, res.zip_path,
                 {"read": read, "read2": read2, "unread": unread, "titled": titled, "withdrawn": withdrawn,
                  "recording": rec})


# ------------------------------------------------------------------------------------ changes


def sql(statement: str) -> Callable[[Path, Built], None]:
    """A change that runs ``statement`` on the index (``{read}`` and the like: the items' ids)."""

    def change(case: Path, b: Built) -> None:
        con = sqlite3.connect(case / "index.sqlite")
        try:
            con.execute(statement.format(**b.item_ids, last=b.last_item))
            con.commit()
        finally:
            con.close()

    return change


def _log_lines(case: Path) -> list[str]:
    return (case / "custody.jsonl").read_text("utf-8").splitlines()


def _write_log(case: Path, lines: list[str], *, index_too: bool) -> None:
    (case / "custody.jsonl").write_text("".join(line + "\n" for line in lines), "utf-8")
    if index_too:  # the index's copy of the log, rewritten alike (as an attacker who knows both would)
        con = sqlite3.connect(case / "index.sqlite")
        con.execute("DELETE FROM custody")
        con.executemany("INSERT INTO custody(seq, line, hash) VALUES (?, ?, ?)",
                        [(i + 1, line, json.loads(line)["hash"]) for i, line in enumerate(lines)])
        con.commit()
        con.close()


def log_edit(edit: Callable[[list[str]], list[str]], *, index_too: bool) -> Callable[[Path, Built], None]:
    def change(case: Path, b: Built) -> None:
        _write_log(case, edit(_log_lines(case)), index_too=index_too)

    return change


def _rehash(lines: list[str]) -> list[str]:
    e = custody.from_line(lines[2])
    forged = replace(e, details={**e.details, "original_name": "forged.png"})
    lines[2] = custody.to_line(replace(forged, hash=custody.entry_hash(asdict(forged))))
    return lines


def _resign(lines: list[str]) -> list[str]:
    from evidencekit.core.integrity.identity import create_identity

    e = custody.from_line(lines[2])
    body = {**asdict(e), "details": {**e.details, "original_name": "forged.png"}}
    keys = ("seq", "time", "actor", "action", "item_id", "sha256", "details", "prev_hash")
    lines[2] = custody.to_line(custody.make_entry(**{k: body[k] for k in keys}, identity=create_identity("Mallory")))
    return lines


def _swap(lines: list[str]) -> list[str]:
    lines[2], lines[3] = lines[3], lines[2]
    return lines


def _cache_files(case: Path) -> list[Path]:
    return sorted((case / "derived" / "ocr-cache").glob("*.json"))


def cache_forged(case: Path, b: Built) -> None:
    f = _cache_files(case)[0]
    data = json.loads(f.read_text("utf-8"))
    data["messages"][0]["text"] = "伪造：请立即转账到个人账户"
    f.write_text(json.dumps(data, ensure_ascii=False), "utf-8")


def cache_added(case: Path, b: Built) -> None:
    f = _cache_files(case)[0]
    shutil.copy(f, f.with_name("0" * 64 + ".json"))


def cache_swapped(case: Path, b: Built) -> None:
    one, two = _cache_files(case)[:2]
    a, c = one.read_bytes(), two.read_bytes()
    one.write_bytes(c)
    two.write_bytes(a)


def _writable(p: Path) -> Path:
    os.chmod(p, 0o600)
    return p


def original_flipped(case: Path, b: Built) -> None:
    obj = _writable(sorted(p for p in (case / "objects").rglob("*") if p.is_file())[-1])
    data = bytearray(obj.read_bytes())
    data[len(data) // 2] ^= 1
    obj.write_bytes(bytes(data))


def original_deleted(case: Path, b: Built) -> None:
    next(p for p in (case / "objects").rglob("*") if p.is_file()).unlink()


def original_replaced(case: Path, b: Built) -> None:
    objs = sorted(p for p in (case / "objects").rglob("*") if p.is_file())
    _writable(objs[0]).write_bytes(objs[1].read_bytes())


def _other_identity(case: Path) -> Path:
    from evidencekit.core.integrity.identity import create_identity, save_identity

    other = case.parent / "mallory-keys"
    if not other.exists():
        save_identity(create_identity("Mallory"), other)
    return other


def key_missing(case: Path, b: Built) -> None:
    (case / "keys" / "signing-key.pem").unlink()


def key_replaced(case: Path, b: Built) -> None:
    _writable(case / "keys" / "signing-key.pem").write_bytes((_other_identity(case) / "signing-key.pem").read_bytes())


def key_garbage(case: Path, b: Built) -> None:
    _writable(case / "keys" / "signing-key.pem").write_bytes(b"-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n")


def cert_replaced(case: Path, b: Built) -> None:
    _writable(case / "keys" / "signing-cert.pem").write_bytes((_other_identity(case) / "signing-cert.pem").read_bytes())


def cert_and_key_replaced(case: Path, b: Built) -> None:
    other = _other_identity(case)
    for name in ("signing-key.pem", "signing-cert.pem"):
        _writable(case / "keys" / name).write_bytes((other / name).read_bytes())


def cert_missing(case: Path, b: Built) -> None:
    (case / "keys" / "signing-cert.pem").unlink()


def cert_garbage(case: Path, b: Built) -> None:
    _writable(case / "keys" / "signing-cert.pem").write_bytes(b"-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n")


def head_edited(case: Path, b: Built) -> None:
    head = case / "custody.head"
    data = json.loads(head.read_text())
    _writable(head).write_text(json.dumps({**data, "seq": data["seq"] - 1}))


def head_deleted(case: Path, b: Built) -> None:
    (case / "custody.head").unlink()


def head_older_restored(case: Path, b: Built) -> None:
    """The newest item and its log entries deleted from both copies, and the head saved before
    them put back: every remaining file is genuine."""
    lines = _log_lines(case)
    keep = int(json.loads(b.old_head)["seq"])
    sql("DELETE FROM items WHERE id = {last}")(case, b)
    _write_log(case, lines[:keep], index_too=True)
    _writable(case / "custody.head").write_bytes(b.old_head)


def folder_rolled_back(case: Path, b: Built) -> None:
    """The whole folder put back as a backup had it."""
    shutil.rmtree(case)
    shutil.copytree(b.before_last, case, symlinks=True)


def _bundle_flip(fraction: float) -> Callable[[Path, Built], None]:
    def change(bundle: Path, b: Built) -> None:
        data = bytearray(bundle.read_bytes())
        data[min(len(data) - 1, int(len(data) * fraction))] ^= 1
        bundle.write_bytes(bytes(data))

    return change


def _zip_edit(edit: Callable[[str, bytes], bytes | None]) -> Callable[[Path, Built], None]:
    import zipfile

    def change(bundle: Path, b: Built) -> None:
        out = bundle.with_name("rewritten.zip")
        with zipfile.ZipFile(bundle) as zin, zipfile.ZipFile(out, "w") as zout:
            for zi in zin.infolist():
                data = edit(zi.filename, zin.read(zi))
                if data is not None:
                    zout.writestr(zi, data)
            zout.comment = zin.comment
        out.replace(bundle)

    return change


def _swap_original(name: str, data: bytes) -> bytes | None:
    return b"not the screenshot" if name.startswith("originals/0001_") else data


def _edit_manifest(name: str, data: bytes) -> bytes | None:
    return data.replace(b'"language"', b'"languagE"', 1) if name == "manifest.json" else data


def _drop_custody_line(name: str, data: bytes) -> bytes | None:
    if name != "custody.jsonl":
        return data
    lines = data.splitlines(keepends=True)
    return b"".join(lines[:2] + lines[3:])


def _pdf_incremental(change: Callable[[object], None]) -> Callable[[Path, Built], None]:
    """A change made as an incremental update of the PDF (the tamper tests' own writer)."""
    from tests.core.export.test_tamper import _incremental

    def apply(bundle: Path, b: Built) -> None:
        out = bundle.with_name("updated.pdf")
        _incremental(bundle, out, change)
        out.replace(bundle)

    return apply


def _retitle(w: object) -> None:
    from pyhanko.pdf_utils import generic

    writer: Any = w
    info = writer.trailer["/Info"].get_object()
    info[generic.NameObject("/Title")] = generic.TextStringObject("edited")
    writer.update_container(info)


def _swap_attachment(w: object) -> None:
    from pyhanko.pdf_utils import embed, generic

    writer: Any = w
    names = writer.root["/Names"]["/EmbeddedFiles"]["/Names"]
    for i in range(0, len(names), 2):
        if str(names[i]).startswith("originals/0001_"):
            spec = names[i + 1].get_object()
            ef = embed.EmbeddedFileObject.from_file_data(writer, data=b"not the screenshot", compress=False)
            spec["/EF"] = generic.DictionaryObject({generic.NameObject("/F"): ef.ef_stream_ref,
                                                    generic.NameObject("/UF"): ef.ef_stream_ref})
            writer.update_container(spec)


def _append(bundle: Path, b: Built) -> None:
    with open(bundle, "ab") as f:
        f.write(b"\n% appended\n")


def tampers(quick: bool) -> list[Tamper]:
    """Every tamper the trial makes (``quick``: those of the case folder only)."""
    f = frozenset
    edited, deleted, inserted = f({"case.index.edited"}), f({"case.index.deleted"}), f({"case.index.inserted"})
    out = [
        # index rows: items
        Tamper("items", "name", sql("UPDATE items SET original_name = 'other.png' WHERE id = {read}"), edited),
        Tamper("items", "title", sql("UPDATE items SET title = '改过' WHERE id = {titled}"), edited),
        Tamper("items", "proves", sql("UPDATE items SET proves = '改过' WHERE id = {titled}"), edited),
        Tamper("items", "withdrawn undone", sql("UPDATE items SET withdrawn = 0 WHERE id = {withdrawn}"), edited),
        Tamper("items", "withdrawn", sql("UPDATE items SET withdrawn = 1 WHERE id = {read}"), edited),
        Tamper("items", "order", sql("UPDATE items SET position = 99 WHERE id = {read}"), f({"case.index.order"})),
        Tamper("items", "sm3", sql("UPDATE items SET sm3 = '00' WHERE id = {unread}"), edited),
        Tamper("items", "sha256", sql("UPDATE items SET sha256 = 'ab' || substr(sha256, 3) WHERE id = {unread}"),
               f({"case.index.edited", "case.original.missing", "case.original.mismatch"})),
        Tamper("items", "size", sql("UPDATE items SET size = size + 1 WHERE id = {unread}"), edited),
        Tamper("items", "exif time", sql("UPDATE items SET exif_time = '2020-01-01T00:00:00' WHERE id = {read}"), edited),
        Tamper("items", "row deleted", sql("DELETE FROM items WHERE id = {titled}"), deleted),
        Tamper("items", "row inserted", sql(
            "INSERT INTO items(sha256, sm3, size, kind, mime, original_name, original_path, imported_at, "
            "import_offset, host, user, position) SELECT 'ab' || substr(sha256, 3), sm3, size, kind, mime, 'fake.png', "
            "original_path, imported_at, import_offset, host, user, 99 FROM items WHERE id = {read}"), inserted),
        # readings
        Tamper("ocr", "text", sql("UPDATE ocr SET result_json = json_set(result_json, '$.messages[0].text', '已结清') "
                                  "WHERE item_id = {read}"),
               f({"case.ocr.edited"})),
        Tamper("ocr", "side", sql("UPDATE ocr SET result_json = replace(result_json, '\"in\"', '\"out\"') "
                                  "WHERE item_id = {read}"), f({"case.ocr.edited"})),
        Tamper("ocr", "sender", sql("UPDATE ocr SET result_json = json_set(result_json, '$.sender', '110') "
                                    "WHERE item_id = {read2}"), f({"case.ocr.edited"})),
        Tamper("ocr", "message removed", sql("UPDATE ocr SET result_json = json_remove(result_json, '$.messages[0]') "
                                             "WHERE item_id = {read}"), f({"case.ocr.edited"})),
        Tamper("ocr", "reading deleted", sql("DELETE FROM ocr WHERE item_id = {read}"), f({"case.ocr.deleted"})),
        Tamper("ocr", "reading inserted", sql("INSERT INTO ocr(item_id, cache_key, result_json, created_at) "
                                              "SELECT {unread}, cache_key, result_json, created_at FROM ocr "
                                              "WHERE item_id = {read}"), f({"case.ocr.unlogged"})),
        Tamper("ocr", "reading copied from another item", sql("UPDATE ocr SET result_json = (SELECT group_concat(result_json, '') "
                                              "FROM ocr o WHERE o.item_id = {read2}) WHERE item_id = {read}"),
               f({"case.ocr.edited"})),
        # corrections
        Tamper("corrections", "inserted", sql(
            "INSERT INTO corrections(item_id, message_index, original_text, corrected_text, corrected_at, actor) "
            "VALUES ({read2}, 0, 'x', '伪造的更正', '2026-11-20T01:00:00Z', 'm@h')"), f({"case.corrections.unlogged"})),
        Tamper("corrections", "sender inserted", sql(
            "INSERT INTO corrections(item_id, message_index, field, original_text, corrected_text, corrected_at, actor) "
            "VALUES ({read}, -1, 'sender', '95188', '110', '2026-11-20T01:00:00Z', 'm@h')"),
               f({"case.corrections.unlogged"})),
        Tamper("corrections", "edited", sql("UPDATE corrections SET corrected_text = '改过' WHERE item_id = {read}"),
               f({"case.corrections.edited"})),
        Tamper("corrections", "deleted", sql("DELETE FROM corrections WHERE item_id = {read2}"),
               f({"case.corrections.deleted"})),
        # recordings' facts
        Tamper("media", "facts edited", sql("UPDATE media SET facts_json = json_set(facts_json, '$.duration_s', 9999) "
                                            "WHERE item_id = {recording}"), f({"case.media.edited"})),
        Tamper("media", "row deleted", sql("DELETE FROM media WHERE item_id = {recording}"), f({"case.media.deleted"})),
        # the custody log: the index's copy, the file, both
        Tamper("custody", "index copy: row deleted", sql("DELETE FROM custody WHERE seq = 3"),
               f({"custody.file.differs", "custody.chain.broken"})),
        Tamper("custody", "index copy: line edited", sql("UPDATE custody SET line = replace(line, 'plain-0', 'plain-9') "
                                                         "WHERE line LIKE '%plain-0%'"),
               f({"custody.file.differs", "custody.entry.edited", "custody.chain.broken"})),
        Tamper("custody", "file: line deleted", log_edit(lambda ls: ls[:2] + ls[3:], index_too=False),
               f({"custody.file.differs"})),
        Tamper("custody", "file: lines swapped", log_edit(_swap, index_too=False), f({"custody.file.differs"})),
        Tamper("custody", "file: line edited", log_edit(lambda ls: [ls[0], ls[1].replace("tamper", "tamp3r"), *ls[2:]],
                                                       index_too=False), f({"custody.file.differs"})),
        Tamper("custody", "file: line repeated", log_edit(lambda ls: [ls[0], ls[1], *ls[1:]], index_too=False),
               f({"custody.file.differs"})),
        Tamper("custody", "file: last lines cut (as a crash leaves it)", log_edit(lambda ls: ls[:-2], index_too=False),
               f({"custody.file.lagging"})),
        Tamper("custody", "both: line deleted", log_edit(lambda ls: ls[:2] + ls[3:], index_too=True),
               f({"custody.chain.broken"})),
        Tamper("custody", "both: lines swapped", log_edit(_swap, index_too=True), f({"custody.chain.broken"})),
        Tamper("custody", "both: edited and rehashed", log_edit(_rehash, index_too=True), f({"custody.signature.invalid"})),
        Tamper("custody", "both: edited and signed by another key", log_edit(_resign, index_too=True),
               f({"custody.signature.invalid"})),
        Tamper("custody", "both: last lines cut", log_edit(lambda ls: ls[:-2], index_too=True), f({"custody.head.cut"})),
        # the OCR cache
        Tamper("cache", "file edited", cache_forged, f({"case.ocr_cache.edited"})),
        Tamper("cache", "file added", cache_added, f({"case.ocr_cache.unrecorded"})),
        Tamper("cache", "files swapped", cache_swapped, f({"case.ocr_cache.edited"})),
        # originals
        Tamper("originals", "byte flipped", original_flipped, f({"case.original.mismatch"})),
        Tamper("originals", "deleted", original_deleted, f({"case.original.missing"})),
        Tamper("originals", "replaced", original_replaced, f({"case.original.mismatch"})),
        # keys
        Tamper("keys", "private key missing", key_missing, f({"case.key.missing"})),
        Tamper("keys", "private key replaced", key_replaced, f({"case.key.mismatch"})),
        Tamper("keys", "private key garbage", key_garbage, f({"case.key.mismatch"})),
        Tamper("keys", "certificate replaced", cert_replaced, f({"case.certificate.replaced"})),
        Tamper("keys", "certificate and key replaced", cert_and_key_replaced, f({"case.certificate.replaced"})),
        Tamper("keys", "certificate missing", cert_missing, f({"case.certificate.missing"})),
        Tamper("keys", "certificate garbage", cert_garbage, f({"case.certificate.unreadable"})),
        # heads
        Tamper("heads", "head edited", head_edited, f({"custody.head.signature"})),
        Tamper("heads", "head deleted", head_deleted, f({"custody.head.missing"})),
        Tamper("heads", "older genuine head restored, newer entries removed", head_older_restored,
               f({"case.rollback.detected"})),
        Tamper("heads", "whole folder put back as a backup had it", folder_rolled_back, f({"case.rollback.detected"})),
    ]
    if quick:
        return out
    for target in ("pdf", "zip"):
        for frac in (0.0, 0.1, 0.37, 0.5, 0.81, 0.999):
            out.append(Tamper(target, f"byte flipped at {frac:.0%}", _bundle_flip(frac), f(), target))
        out.append(Tamper(target, "bytes appended", _append, f(), target))
    out += [
        Tamper("pdf", "title changed in an incremental update", _pdf_incremental(_retitle), f(), "pdf"),
        Tamper("pdf", "original swapped in an incremental update", _pdf_incremental(_swap_attachment),
               f({"pdf.original.mismatch"}), "pdf"),
        Tamper("zip", "original swapped", _zip_edit(_swap_original), f({"zip.original.mismatch"}), "zip"),
        Tamper("zip", "manifest edited", _zip_edit(_edit_manifest), f(), "zip"),
        Tamper("zip", "custody line removed", _zip_edit(_drop_custody_line), f(), "zip"),
    ]
    return out


# ------------------------------------------------------------------------------------ the trial


def _judge(t: Tamper, report: VerifyReport, tally: Tally) -> None:
    label = f"{t.area}: {t.name}"
    codes = {c.code for c in report.checks if not c.ok or c.code in NOTED}
    failing = [c for c in report.checks if not c.ok]
    if t.expect and codes & t.expect:
        tally.named[t.area] += 1
    elif not t.expect and failing and all(c.code for c in failing if c.name != "custody_chain"):
        tally.named[t.area] += 1
    elif report.ok and not (codes & t.expect):
        tally.missed.append(label)
    else:
        tally.misnamed.append(f"{label}: {sorted(c.code for c in failing)} (expected one of {sorted(t.expect)})")


def trial(root: Path, quick: bool) -> Tally:
    """Build the case, make every tamper on a fresh copy, verify each; the tally."""
    b = build(root / "built")
    tally = Tally()
    control = root / "control"
    shutil.copytree(b.case, control, symlinks=True)
    if not verify_case(control).ok:
        tally.false_alarms.append("untouched case copy")
    for target, src in (("pdf", b.pdf), ("zip", b.zip)):
        if not quick and not verify_bundle(src).ok:
            tally.false_alarms.append(f"untouched {target} bundle")
    for i, t in enumerate(tampers(quick)):
        tally.areas[t.area] += 1
        work = root / f"t{i:03d}"
        work.mkdir()
        if t.target == "case":
            subject = work / "case"
            shutil.copytree(b.case, subject, symlinks=True)
        else:
            subject = work / f"b.{t.target}"
            shutil.copyfile(b.pdf if t.target == "pdf" else b.zip, subject)
        try:
            t.change(subject, b)
            report = verify_case(subject) if t.target == "case" else verify_bundle(subject)
        except Exception:  # noqa: BLE001 — a crash is what the trial counts
            tally.crashes.append(f"{t.area}: {t.name}: {traceback.format_exc(limit=3)}")
            continue
        _judge(t, report, tally)
        shutil.rmtree(work, ignore_errors=True)
    return tally


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    ap.add_argument("--quick", action="store_true", help="the case's tampers only (no bundles)")
    ap.add_argument("--keep", metavar="DIR", help="work in DIR and keep it")
    args = ap.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="evidencekit-tamper-") as td:
        root = Path(args.keep) if args.keep else Path(td)
        # this computer's record of each case's newest entry, kept apart from the person's own
        saved = os.environ.get("XDG_DATA_HOME")
        os.environ["XDG_DATA_HOME"] = str(root / "xdg-data")
        try:
            t = trial(root, args.quick)
        finally:
            if saved is None:
                os.environ.pop("XDG_DATA_HOME", None)
            else:
                os.environ["XDG_DATA_HOME"] = saved
    total = sum(t.areas.values())
    print(f"tampers {total}: named {sum(t.named.values())}, misnamed {len(t.misnamed)}, missed {len(t.missed)}, "
          f"crashes {len(t.crashes)}, false alarms {len(t.false_alarms)}")
    print("by area: " + ", ".join(f"{a} {t.named[a]}/{n}" for a, n in t.areas.items()))
    for kind, items in (("misnamed", t.misnamed), ("missed", t.missed), ("crash", t.crashes),
                        ("false alarm", t.false_alarms)):
        for i in items:
            print(f"{kind}: {i}", file=sys.stderr)
    return 0 if t.ok() else 1


if __name__ == "__main__":
    sys.exit(main())
