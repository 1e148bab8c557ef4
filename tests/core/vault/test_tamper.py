"""Tamper tests: every change to a case behind EvidenceKit's back is found and named."""

from __future__ import annotations

import json
import os
import sqlite3
from pathlib import Path

import pytest

from evidencekit.core.models import Check
from evidencekit.core.vault.actions import OcrRun
from evidencekit.core.vault.case import Case
from evidencekit.core.verify import verify_case
from tests.conftest import make_png


@pytest.fixture
def built(case: Case, tmp_path: Path) -> Path:
    files = [make_png(tmp_path / "src" / f"shot{i}.png", color=(10 * i, 0, 0)) for i in range(4)]
    ids = [o.item_id for o in case.import_paths(files)]
    case.update_item(ids[1], title="催收威胁", proves="证明对方威胁联系家人")
    case.withdraw(ids[3], "重复")
    case.record(OcrRun(messages=2), item_id=ids[0])
    path = case.path
    case.close()
    assert verify_case(path).ok
    return path


def problems(path: Path) -> list[Check]:
    r = verify_case(path)
    assert not r.ok
    return list(r.problems)


def codes(path: Path) -> set[str]:
    return {c.code for c in problems(path)}


def _flip(p: Path, offset: int) -> None:
    os.chmod(p, 0o644)
    data = bytearray(p.read_bytes())
    data[offset] ^= 0x01
    p.write_bytes(bytes(data))


def test_flipped_byte_in_original(built: Path) -> None:
    obj = sorted((built / "objects").rglob("*"))[-1]
    _flip(obj, 40)
    [p] = problems(built)
    assert p.code == "case.original.mismatch" and p.subject.startswith(f"item {p.args['item']} (exhibit ")
    assert "SHA-256 is" in p.detail and "SM3 is" in p.detail  # both digests are named


def test_missing_original(built: Path) -> None:
    obj = next(f for f in (built / "objects").rglob("*") if f.is_file())
    obj.unlink()
    assert "case.original.missing" in codes(built)


@pytest.mark.parametrize(
    "sql,code,args",
    [
        pytest.param("UPDATE items SET original_name = 'other.png' WHERE id = 1", "case.index.edited",
                     {"item": 1, "fields": "original_name"}, id="name"),
        pytest.param("UPDATE items SET title = '改过' WHERE id = 2", "case.index.edited",
                     {"item": 2, "fields": "title"}, id="title"),
        pytest.param("UPDATE items SET withdrawn = 0 WHERE id = 4", "case.index.edited",
                     {"item": 4, "fields": "withdrawn"}, id="unwithdraw"),
        pytest.param("UPDATE items SET position = 9 WHERE id = 1", "case.index.order", {"item": 2}, id="reorder"),
        pytest.param("UPDATE items SET sm3 = '00' WHERE id = 3", "case.index.edited", {"item": 3, "fields": "sm3"},
                     id="sm3"),
        pytest.param("DELETE FROM items WHERE id = 2", "case.index.deleted", {"item": 2}, id="delete-row"),
        pytest.param(
            "INSERT INTO items(sha256, sm3, size, kind, mime, original_name, original_path, imported_at, import_offset, host, user, position) "
            "SELECT 'ab' || substr(sha256, 3), sm3, size, kind, mime, 'fake.png', original_path, imported_at, import_offset, host, user, 99 FROM items WHERE id = 1",
            "case.index.inserted",
            {"item": 5},
            id="insert-row",
        ),
    ],
)
def test_index_edits(built: Path, sql: str, code: str, args: dict[str, object]) -> None:
    con = sqlite3.connect(built / "index.sqlite")
    con.execute(sql)
    con.commit()
    con.close()
    # the values the test names (the check also names the item's exhibit and file, for its sentence)
    found = [(c.code, {k: c.args.get(k) for k in args}) for c in problems(built)]
    assert (code, args) in found, found


def _lines(built: Path) -> list[str]:
    return (built / "custody.jsonl").read_text("utf-8").splitlines()


def _write(built: Path, lines: list[str]) -> None:
    (built / "custody.jsonl").write_text("".join(l + "\n" for l in lines), "utf-8")


@pytest.mark.parametrize("mutation", ["delete", "swap", "edit", "insert", "truncate"])
def test_log_file_mutations(built: Path, mutation: str) -> None:
    lines = _lines(built)
    if mutation == "delete":
        del lines[2]
    elif mutation == "swap":
        lines[2], lines[3] = lines[3], lines[2]
    elif mutation == "edit":
        lines[3] = lines[3].replace("shot", "shoot")
    elif mutation == "insert":
        lines.insert(1, lines[1])
    elif mutation == "truncate":
        lines = lines[:-2]
    _write(built, lines)
    if mutation == "truncate":
        # The file may lag the index after a crash; the index copy still holds every entry.
        r = verify_case(built)
        assert r.ok and any(c.code == "custody.file.lagging" and c.args == {"missing": 2} for c in r.checks)
        return
    assert codes(built) == {"custody.file.differs"}


@pytest.mark.parametrize("mutation", ["delete", "swap", "edit-with-rehash", "resign-with-other-key"])
def test_log_mutations_in_both_copies(built: Path, mutation: str) -> None:
    """An attacker who edits the index copy and the file alike still breaks the chain."""
    from dataclasses import asdict, replace

    from evidencekit.core.integrity.identity import create_identity
    from evidencekit.core.vault import custody

    lines = _lines(built)
    if mutation == "delete":
        del lines[2]
    elif mutation == "swap":
        lines[2], lines[3] = lines[3], lines[2]
    elif mutation == "edit-with-rehash":
        e = custody.from_line(lines[2])
        e2 = replace(e, details={**e.details, "original_name": "forged.png"})
        e2 = replace(e2, hash=custody.entry_hash(asdict(e2)))
        lines[2] = custody.to_line(e2)
    elif mutation == "resign-with-other-key":
        mallory = create_identity("Mallory")
        e = custody.from_line(lines[2])
        body = {**asdict(e), "details": {**e.details, "original_name": "forged.png"}}
        forged = custody.make_entry(**{k: body[k] for k in ("seq", "time", "actor", "action", "item_id", "sha256", "details", "prev_hash")}, identity=mallory)
        lines[2] = custody.to_line(forged)
    _write(built, lines)
    con = sqlite3.connect(built / "index.sqlite")
    con.execute("DELETE FROM custody")
    con.executemany("INSERT INTO custody(seq, line, hash) VALUES (?, ?, ?)", [(i + 1, l, json.loads(l)["hash"] + str(i)) for i, l in enumerate(lines)])
    con.commit()
    con.close()
    expected = {
        "delete": {"custody.chain.broken"},
        "swap": {"custody.chain.broken"},
        "edit-with-rehash": {"custody.signature.invalid"},
        "resign-with-other-key": {"custody.signature.invalid"},
    }[mutation]
    found = {c.code for c in problems(built) if c.name == "custody_chain"}
    assert expected <= found, found


def test_replaced_certificate(built: Path) -> None:
    from cryptography.hazmat.primitives.serialization import Encoding

    from evidencekit.core.integrity.identity import create_identity

    (built / "keys" / "signing-cert.pem").write_bytes(create_identity("Mallory").certificate.public_bytes(Encoding.PEM))
    assert "case.certificate.replaced" in codes(built)


def test_not_a_case(tmp_path: Path) -> None:
    r = verify_case(tmp_path)
    assert not r.ok and [c.code for c in r.problems] == ["case.not_a_case"]


def test_log_cut_short_in_both_copies(built: Path) -> None:
    lines = _lines(built)[:-2]
    _write(built, lines)
    con = sqlite3.connect(built / "index.sqlite")
    con.execute("DELETE FROM custody WHERE seq > ?", (len(lines),))
    con.commit()
    con.close()
    [cut] = [c for c in problems(built) if c.code == "custody.head.cut"]
    assert cut.args == {"seq": len(lines) + 2, "entries": len(lines)}


def test_head_deleted_or_forged(built: Path) -> None:
    head = built / "custody.head"
    data = json.loads(head.read_text())
    head.write_text(json.dumps({**data, "seq": data["seq"] - 1}))
    assert "custody.head.signature" in codes(built)
    head.unlink()
    assert "custody.head.missing" in codes(built)


def test_a_certificate_whose_key_does_not_parse_is_no_signature() -> None:
    """A log may declare a certificate whose public key was tampered with: checking against it
    is a failed check, not a crash."""
    from cryptography import x509
    from cryptography.hazmat.primitives.serialization import Encoding

    from evidencekit.core.integrity.identity import create_identity, verify_signature

    ident = create_identity("张三")
    der = bytearray(ident.certificate.public_bytes(Encoding.DER))
    point = der.index(b"\x03\x42\x00\x04") + 3  # the uncompressed EC point in the key's BIT STRING
    der[point + 5] ^= 0xFF  # the point is no longer on the curve
    broken = x509.load_der_x509_certificate(bytes(der))
    sig = ident.sign(b"data")
    assert verify_signature(ident.certificate, b"data", sig)
    assert verify_signature(broken, b"data", sig) is False


def test_a_replaced_private_key_is_named(built: Path) -> None:
    from evidencekit.core.integrity.identity import KEY_FILE, create_identity, save_identity

    other = built.parent / "other-keys"
    save_identity(create_identity("Mallory"), other)
    os.chmod(built / "keys" / KEY_FILE, 0o600)
    (built / "keys" / KEY_FILE).write_bytes((other / KEY_FILE).read_bytes())
    assert "case.key.mismatch" in codes(built)
    (built / "keys" / KEY_FILE).write_bytes(b"-----BEGIN PRIVATE KEY-----\ngarbage\n-----END PRIVATE KEY-----\n")
    assert "case.key.mismatch" in codes(built)


def test_the_genuine_key_is_no_finding(built: Path) -> None:
    from evidencekit.core.vault.case import Case

    with Case.open(built, readonly=True) as c:
        assert c.key_matches_certificate() is True
    assert not any(c.code == "case.key.mismatch" for c in verify_case(built).checks)
