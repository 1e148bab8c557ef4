"""Import: content typing, dedup, metadata, and every kind of hostile input."""

from __future__ import annotations

import os
import stat
import threading
import time
from pathlib import Path

import pytest

from evidencekit.core.models import CaseMeta
from evidencekit.core.vault.actions import CaseUpdated
from evidencekit.core.vault.case import Case
from evidencekit.core.verify import verify_case
from evidencekit.errors import CaseExistsError, CaseLockedError, NotACaseError, VaultError
from tests.conftest import make_png


def outcomes(case: Case, *paths) -> dict[str, tuple[str, str]]:
    return {os.path.basename(o.path): (o.status, o.reason) for o in case.import_paths(list(paths))}


def test_import_records_metadata_and_keeps_bytes(case: Case, tmp_path: Path) -> None:
    from PIL import Image

    p = tmp_path / "in" / "shot.jpg"
    p.parent.mkdir()
    img = Image.new("RGB", (90, 160), "white")
    exif = Image.Exif()
    exif[306] = "2026:11:20 21:15:03"
    img.save(p, exif=exif)
    os.utime(p, (1_763_600_000, 1_763_600_000))
    [o] = list(case.import_paths([p]))
    assert o.status == "imported"
    it = case.item(o.item_id)
    assert it.kind == "image" and it.mime == "image/jpeg"
    assert (it.width, it.height) == (90, 160)
    assert it.exif_time == "2026-11-20T21:15:03"
    assert it.file_mtime == "2025-11-20T00:53:20.000Z"
    assert it.imported_at.endswith("Z") and it.import_offset == "+08:00"
    assert it.original_name == "shot.jpg" and it.original_path == str(p)
    stored = case.original_path(it)
    assert stored.read_bytes() == p.read_bytes()
    assert not stored.stat().st_mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH)
    assert stored.name == it.sha256


def test_type_from_content_not_extension(case: Case, tmp_path: Path) -> None:
    png = make_png(tmp_path / "looks-like.txt")
    fake = tmp_path / "fake.png"
    fake.write_bytes(b"\x00\x01garbage" * 20)
    res = outcomes(case, png, fake)
    assert res["looks-like.txt"][0] == "imported"
    assert case.items()[0].mime == "image/png"
    assert res["fake.png"] == ("rejected", "unsupported type: not an image, recording, video, PDF or text file")


def test_reimport_is_duplicate_and_logged(case: Case, tmp_path: Path) -> None:
    a = make_png(tmp_path / "a.png")
    b = tmp_path / "copy of a.png"
    b.write_bytes(a.read_bytes())
    res = list(case.import_paths([a, b, a]))
    assert [o.status for o in res] == ["imported", "duplicate", "duplicate"]
    assert case.count() == 1
    dup = [e for e in case.log_entries() if e.action == "duplicate_seen"]
    assert len(dup) == 2 and dup[0].details["path"] == str(b)


def test_hostile_batch_never_aborts(case: Case, tmp_path: Path) -> None:
    d = tmp_path / "mixed"
    d.mkdir()
    make_png(d / "good one.png")
    make_png(d / "it's \"quoted\".png", color="red")
    make_png(d / "new\nline.png", color="blue")
    bad_name = os.fsencode(str(d)) + b"/caf\xe9-latin1.png"
    with open(bad_name, "wb") as f:
        f.write(make_png(tmp_path / "x.png", color="green").read_bytes())
    (d / "empty.png").write_bytes(b"")
    truncated = make_png(tmp_path / "t.png", (400, 400), "yellow").read_bytes()
    (d / "truncated.png").write_bytes(truncated[: len(truncated) // 2])
    (d / "corrupt.jpg").write_bytes(b"\xff\xd8\xff\xe0" + b"\x00" * 100)
    (d / "program.exe").write_bytes(b"MZ\x90\x00" + b"\x00" * 60)
    unreadable = make_png(d / "secret.png", color="gray")
    unreadable.chmod(0)
    os.symlink(d, d / "loop")
    os.symlink(d / "missing", d / "dangling")
    sub = d / "sub" / "deeper"
    sub.mkdir(parents=True)
    make_png(sub / "nested.png", color="purple")

    res = {o.path: o for o in case.import_paths([d, tmp_path / "does-not-exist"])}
    by_name = {os.path.basename(k): v for k, v in res.items()}
    assert by_name["good one.png"].status == "imported"
    assert by_name["it's \"quoted\".png"].status == "imported"
    assert by_name["new\\nline.png"].status == "imported"  # shown escaped, never raw
    assert by_name["caf\\xe9-latin1.png"].status == "imported"
    assert by_name["nested.png"].status == "imported"
    assert "empty" in by_name["empty.png"].reason
    assert "truncated or corrupt" in by_name["truncated.png"].reason
    assert by_name["corrupt.jpg"].status == "rejected"
    assert "unsupported type" in by_name["program.exe"].reason
    if os.geteuid() != 0:  # root reads anything
        assert "permission denied" in by_name["secret.png"].reason
    assert "not followed" in by_name["loop"].reason
    assert "link" in by_name["dangling"].reason
    assert by_name["does-not-exist"].reason == "no such file or folder"
    assert case.count() == 5 + (1 if os.geteuid() == 0 else 0)
    # Every rejection is on the record too.
    assert sum(e.action == "import_rejected" for e in case.log_entries()) == sum(o.status == "rejected" for o in res.values())
    assert verify_case(case.path).ok


def test_decompression_bomb_rejected(case: Case, tmp_path: Path) -> None:
    from PIL import Image

    bomb = tmp_path / "bomb.png"
    Image.new("1", (12000, 12000)).save(bomb)  # tiny file, 144 megapixels
    assert bomb.stat().st_size < 100_000
    [o] = list(case.import_paths([bomb]))
    assert o.status == "rejected" and "decompression bomb" in o.reason


def test_thousands_of_files(case: Case, tmp_path: Path) -> None:
    d = tmp_path / "many"
    d.mkdir()
    for i in range(1500):
        (d / f"note-{i:04d}.txt").write_text(f"短信 {i}", encoding="utf-8")
    res = list(case.import_paths([d]))
    assert len(res) == 1500 and all(o.status == "imported" for o in res)
    assert [it.original_name for it in case.items()][:3] == ["note-0000.txt", "note-0001.txt", "note-0002.txt"]


def test_file_changing_while_read_is_rejected(case: Case, tmp_path: Path) -> None:
    p = tmp_path / "growing.txt"
    p.write_bytes(b"a" * (20 << 20))
    stop = threading.Event()

    def grow() -> None:
        with open(p, "ab") as f:
            while not stop.is_set():
                f.write(b"b" * 4096)
                f.flush()
                time.sleep(0.001)

    t = threading.Thread(target=grow)
    t.start()
    try:
        [o] = list(case.import_paths([p]))
    finally:
        stop.set()
        t.join()
    assert o.status == "rejected" and "changed while it was being read" in o.reason
    assert case.count() == 0
    assert list((case.path / "tmp").iterdir()) == []


def test_full_disk_is_a_clear_rejection(case: Case, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import errno

    a = make_png(tmp_path / "a.png")
    b = make_png(tmp_path / "b.png", color="red")
    from evidencekit.core.vault.durable import StoreWriter

    real = StoreWriter.close
    calls = {"n": 0}

    def full(self: StoreWriter) -> None:
        # the bytes are written into tmp/; making them durable fails as on a full disk
        calls["n"] += 1
        if calls["n"] == 1:
            self.abort()
            raise OSError(errno.ENOSPC, "No space left on device")
        real(self)

    monkeypatch.setattr(StoreWriter, "close", full)
    res = list(case.import_paths([a, b]))
    assert res[0].status == "rejected" and "disk is full" in res[0].reason
    assert res[1].status == "imported"
    assert list((case.path / "tmp").iterdir()) == []
    assert verify_case(case.path).ok


def test_not_a_case_and_existing_case(tmp_path: Path) -> None:
    with pytest.raises(NotACaseError):
        Case.open(tmp_path)
    with pytest.raises(NotACaseError):
        Case.open(tmp_path / "nope")
    (tmp_path / "full").mkdir()
    (tmp_path / "full" / "x").write_text("x")
    with pytest.raises(CaseExistsError):
        Case.create(tmp_path / "full", CaseMeta("t"))
    Case.create(tmp_path / "c", CaseMeta("t")).close()
    with pytest.raises(CaseExistsError):
        Case.create(tmp_path / "c", CaseMeta("t"))


def test_second_writer_is_refused(case: Case) -> None:
    with pytest.raises(CaseLockedError):
        Case.open(case.path)
    # Readers are fine while the case is open for writing.
    with Case.open(case.path, readonly=True) as r:
        assert r.meta.title == case.meta.title


def test_withdraw_restore_purge(case: Case, tmp_path: Path) -> None:
    a = make_png(tmp_path / "a.png")
    b = make_png(tmp_path / "b.png", color="red")
    ids = [o.item_id for o in case.import_paths([a, b])]
    case.withdraw(ids[0], "sent to the wrong person")
    assert [it.id for it in case.items()] == [ids[1]]
    assert case.original_path(case.item(ids[0])).exists()  # withdrawn, not deleted
    case.restore(ids[0])
    assert case.count() == 2
    with pytest.raises(VaultError):
        case.purge(ids[0], confirm="wrong")
    it = case.item(ids[0])
    case.purge(ids[0], confirm=it.short_digest, reason="asked by the user")
    assert not case.original_path(it).exists()
    assert case.count(include_withdrawn=True) == 1
    assert [e.action for e in case.log_entries()][-3:] == ["item_withdrawn", "item_restored", "item_purged"]
    assert verify_case(case.path).ok


def test_annotations_groups_and_order(case: Case, tmp_path: Path) -> None:
    ids = [o.item_id for o in case.import_paths([make_png(tmp_path / f"{i}.png", color=(i, i, i)) for i in range(4)])]
    case.update_item(ids[1], group_name="同一号码", title="逾期通知")
    case.update_item(ids[2], group_name="同一号码", tags=["threat"])
    case.move_item(ids[3], 0)
    numbers = [(n, it.id) for n, it in case.exhibits()]
    assert numbers == [("1", ids[3]), ("2", ids[0]), ("3-1", ids[1]), ("3-2", ids[2])]
    # a group's members follow each other, where its first member is
    case.update_item(ids[1], group_name="")
    case.update_item(ids[0], group_name="同一号码")  # ids[0], ids[1] (alone), ids[2]: the group is split
    numbers = [(n, it.id) for n, it in case.exhibits()]
    assert numbers == [("1", ids[3]), ("2-1", ids[0]), ("2-2", ids[2]), ("3", ids[1])]
    assert case.item(ids[2]).tags == ("threat",)
    changes = [e for e in case.log_entries(ids[1]) if e.action == "annotation_changed"]
    assert changes[0].details["changes"]["title"] == {"old": "", "new": "逾期通知"}
    with pytest.raises(VaultError):
        case.update_item(ids[0], sha256="0" * 64)
    assert verify_case(case.path).ok


def test_passphrase_protected_identity(tmp_path: Path) -> None:
    from evidencekit.errors import SigningError

    c = Case.create(tmp_path / "c", CaseMeta("t", "李四"), passphrase="s3cret")
    c.close()
    assert b"ENCRYPTED" in (tmp_path / "c" / "keys" / "signing-key.pem").read_bytes()
    with Case.open(tmp_path / "c") as c2:
        with pytest.raises(SigningError):
            c2.record(CaseUpdated())
    with Case.open(tmp_path / "c", passphrase="s3cret") as c3:
        c3.record(CaseUpdated())
    assert verify_case(tmp_path / "c").ok


def test_pkcs12_identity_import(case: Case, tmp_path: Path) -> None:
    from cryptography.hazmat.primitives.serialization import BestAvailableEncryption, pkcs12

    from evidencekit.core.integrity.identity import create_identity

    other = create_identity("王五")
    p12 = pkcs12.serialize_key_and_certificates(b"wangwu", other.private_key, other.certificate, None, BestAvailableEncryption(b"pw"))
    case.import_identity(p12, "pw")
    assert case.identity().fingerprint == other.fingerprint
    case.record(CaseUpdated())
    assert verify_case(case.path).ok


def test_large_recording_written_direct_and_intact(case: Case, tmp_path: Path) -> None:
    import struct

    body = os.urandom((40 << 20) + 1234)  # not a whole number of disk blocks
    p = tmp_path / "long call.wav"
    p.write_bytes(b"RIFF" + struct.pack("<I", 36 + len(body)) + b"WAVEfmt " + struct.pack("<IHHIIHH", 16, 1, 1, 8000, 16000, 2, 16) + b"data" + struct.pack("<I", len(body)) + body)
    [o] = list(case.import_paths([p]))
    assert o.status == "imported", o.reason
    it = case.item(o.item_id)
    assert it.kind == "audio" and it.duration_s and it.duration_s > 1000
    assert case.original_path(it).read_bytes() == p.read_bytes()
    assert verify_case(case.path).ok


def test_many_moves_replay_exactly(case: Case, tmp_path: Path) -> None:
    import random

    ids = [o.item_id for o in case.import_paths([make_png(tmp_path / f"m{i}.png", color=(i, 9, 9)) for i in range(8)])]
    rng = random.Random(5)
    case.withdraw(ids[2])
    for _ in range(12):
        case.move_item(rng.choice(ids), rng.randrange(0, 8))
    case.purge(ids[5], confirm=case.item(ids[5]).short_digest)
    case.move_item(ids[0], 99)
    assert [it.id for it in case.items(include_withdrawn=True)][-1] == ids[0]
    assert verify_case(case.path).ok


def test_links_leading_outside_a_dropped_folder_are_reported_and_skipped(case: Case, tmp_path: Path) -> None:
    """Finding #9: a dropped folder holding a link to /etc/shadow (here: to a file elsewhere)."""
    secret = make_png(tmp_path / "elsewhere" / "private.png", color="red")
    outside_dir = tmp_path / "elsewhere"
    d = tmp_path / "dropped"
    make_png(d / "shot.png")
    make_png(d / "sub" / "inner.png", color="blue")
    os.symlink(secret, d / "link-out.png")
    os.symlink(d / "sub" / "inner.png", d / "link-in.png")  # inside the folder: fine
    os.symlink(outside_dir, d / "dir-out")
    os.symlink("/etc/passwd", d / "passwd")

    res = {os.path.basename(o.path): o for o in case.import_paths([d])}
    assert res["shot.png"].status == "imported"
    # a link inside the folder is followed: the same bytes as inner.png (met first, in name order)
    assert (res["link-in.png"].status, res["inner.png"].status) == ("imported", "duplicate")
    for name in ("link-out.png", "dir-out", "passwd"):
        assert res[name].status == "rejected" and "outside the folder" in res[name].reason, res[name]
        assert "--follow-links" in res[name].reason
    assert str(secret) in res["link-out.png"].reason
    assert not any(it.original_name == "private.png" for it in case.items())

    # Confirmed: what the links lead to is imported.
    res = {os.path.basename(o.path): o for o in case.import_paths([d], follow_links=True)}
    # (dir-out is walked first, in name order: its private.png is imported, link-out.png is the same bytes)
    assert (res["private.png"].status, res["link-out.png"].status) == ("imported", "duplicate")
    assert res["passwd"].status == "imported"  # a text file
    assert verify_case(case.path).ok


def test_a_file_swapped_for_a_link_during_the_walk_is_not_followed(case: Case, tmp_path: Path) -> None:
    from evidencekit.core.vault import importer

    d = tmp_path / "d"
    shot = make_png(d / "shot.png")
    found = list(importer.expand([d]))
    assert found == [(os.fsencode(shot), "", False)]
    shot.unlink()
    os.symlink("/etc/passwd", shot)
    [o] = list(case.import_paths([d]))  # walked again: a link outside, reported
    assert o.status == "rejected" and "outside the folder" in o.reason
    with pytest.raises(Exception) as e:  # and opened by what the walk found: not followed
        importer.import_one(case._v, os.fsencode(shot), "b", nofollow=True)
    assert "link" in str(e.value)


def test_a_link_named_itself_is_treated_as_one_in_a_dropped_folder(case: Case, tmp_path: Path) -> None:
    """A link given by name (on the command line, or dropped alone) leading out of its own folder is
    reported and skipped unless confirmed; one leading to a file beside it is imported."""
    secret = make_png(tmp_path / "elsewhere" / "private.png", color="red")
    d = tmp_path / "downloads"
    beside = make_png(d / "real" / "shot.png", color="blue")
    os.symlink(secret, d / "out.png")
    os.symlink("/etc/passwd", d / "passwd.png")
    os.symlink(beside, d / "in.png")
    os.symlink(tmp_path / "elsewhere", d / "dir-out")
    named = [d / "out.png", d / "passwd.png", d / "in.png", d / "dir-out"]
    res = {os.path.basename(o.path): o for o in case.import_paths(named)}
    assert res["in.png"].status == "imported"
    for name in ("out.png", "passwd.png", "dir-out"):
        assert res[name].status == "rejected" and "outside the folder" in res[name].reason, res[name]
        assert "--follow-links" in res[name].reason
    assert str(secret) in res["out.png"].reason
    assert not any(it.original_name in ("private.png", "passwd.png") for it in case.items())
    res = {os.path.basename(o.path): o for o in case.import_paths(named, follow_links=True)}
    assert res["out.png"].status == "imported" and res["passwd.png"].status == "imported"
    assert verify_case(case.path).ok


def test_a_named_file_is_opened_without_following_a_link_swapped_in(tmp_path: Path) -> None:
    from evidencekit.core.vault import importer

    shot = make_png(tmp_path / "shot.png")
    assert list(importer.expand([shot])) == [(os.fsencode(shot), "", False)]
