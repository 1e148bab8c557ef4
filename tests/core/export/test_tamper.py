"""Every format we write has a tamper test: change it, and verify must fail and name what broke."""

from __future__ import annotations

import io
import json
import os
import random
import shutil
import zipfile
from pathlib import Path

import pytest

from evidencekit.core.export.verify_bundle import verify_bundle


def copy(src: Path, dst: Path) -> Path:
    shutil.copyfile(src, dst)
    return dst


def flip(path: Path, pos: int) -> None:
    with open(path, "r+b") as f:
        f.seek(pos)
        b = f.read(1)
        f.seek(pos)
        f.write(bytes([b[0] ^ 0x01]))


def test_untouched_bundles_verify(zh_bundle) -> None:
    res, inp = zh_bundle
    for p in (res.pdf_path, res.zip_path):
        rep = verify_bundle(p)
        assert rep.ok, [c for c in rep.checks if not c.ok]
        originals = [c for c in rep.checks if c.name == "original"]
        # one check per exhibit, naming it
        assert {c.subject.split(" (")[0] for c in originals} >= {f"exhibit {ex.number}" for ex in inp.exhibits}


@pytest.mark.parametrize("target", ["pdf", "zip"])
def test_random_byte_flips_are_caught(zh_bundle, tmp_path: Path, target: str) -> None:
    res, _ = zh_bundle
    src = res.pdf_path if target == "pdf" else res.zip_path
    size = src.stat().st_size
    rng = random.Random(20261128)
    # spread over the file, plus the last bytes (trailer, ZIP comment) and the first
    positions = sorted({0, size - 1, size - 30, *(rng.randrange(size) for _ in range(14))})
    for pos in positions:
        p = copy(src, tmp_path / f"t.{target}")
        flip(p, pos)
        rep = verify_bundle(p)
        assert not rep.ok, f"flip at {pos} of {size} not detected"
        assert rep.problems[0].subject  # names the file, signature or exhibit


def test_appended_bytes_are_caught(zh_bundle, tmp_path: Path) -> None:
    res, _ = zh_bundle
    p = copy(res.pdf_path, tmp_path / "a.pdf")
    with open(p, "ab") as f:
        f.write(b"\n% appended\n")
    rep = verify_bundle(p)
    assert not rep.ok
    assert any(c.name == "pdf_coverage" and "after the signed range" in c.detail for c in rep.problems)


def _incremental(src: Path, dst: Path, change) -> None:
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter

    with open(src, "rb") as f:
        w = IncrementalPdfFileWriter(f, strict=False)
        change(w)
        out = io.BytesIO()
        w.write(out)
    dst.write_bytes(out.getvalue())


def test_an_incremental_update_is_caught(zh_bundle, tmp_path: Path) -> None:
    from pyhanko.pdf_utils import generic

    res, _ = zh_bundle

    def retitle(w) -> None:
        info = w.trailer["/Info"].get_object()
        info[generic.NameObject("/Title")] = generic.TextStringObject("edited")
        w.update_container(info)

    p = tmp_path / "inc.pdf"
    _incremental(res.pdf_path, p, retitle)
    rep = verify_bundle(p)
    assert not rep.ok
    assert any(c.name == "pdf_coverage" for c in rep.problems)


def test_a_swapped_attachment_is_caught_and_named(zh_bundle, tmp_path: Path) -> None:
    from pyhanko.pdf_utils import embed, generic

    res, inp = zh_bundle
    first = inp.exhibits[0]

    def swap(w) -> None:
        names = w.root["/Names"]["/EmbeddedFiles"]["/Names"]
        for i in range(0, len(names), 2):
            if str(names[i]).startswith("originals/0001_"):
                spec = names[i + 1].get_object()
                ef = embed.EmbeddedFileObject.from_file_data(w, data=b"not the screenshot", compress=False)
                spec["/EF"] = generic.DictionaryObject({generic.NameObject("/F"): ef.ef_stream_ref,
                                                        generic.NameObject("/UF"): ef.ef_stream_ref})
                w.update_container(spec)

    p = tmp_path / "swap.pdf"
    _incremental(res.pdf_path, p, swap)
    rep = verify_bundle(p)
    assert not rep.ok
    bad = [c for c in rep.problems if c.name == "original"]
    assert bad and bad[0].subject.startswith(f"exhibit {first.number} (originals/0001_")


def _rewrite_zip(src: Path, dst: Path, edit) -> None:
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w") as zout:
        for zi in zin.infolist():
            data = edit(zi.filename, zin.read(zi))
            if data is not None:
                zout.writestr(zi, data)
        zout.comment = zin.comment


def test_a_swapped_original_in_the_zip_is_named(zh_bundle, tmp_path: Path) -> None:
    res, inp = zh_bundle
    p = tmp_path / "swap.zip"
    target = next(n for n in zipfile.ZipFile(res.zip_path).namelist() if n.startswith("originals/0002_"))
    _rewrite_zip(res.zip_path, p, lambda n, d: d[:-1] + b"x" if n == target else d)
    rep = verify_bundle(p)
    assert not rep.ok
    assert any(c.name == "original" and target in c.subject and c.subject.startswith("exhibit 2-1") for c in rep.problems)
    assert any(c.name == "zip_signature" for c in rep.problems)


def test_an_edited_manifest_is_caught(zh_bundle, tmp_path: Path) -> None:
    res, _ = zh_bundle
    p = tmp_path / "m.zip"

    def edit(name: str, data: bytes) -> bytes:
        if name != "manifest.json":
            return data
        m = json.loads(data)
        m["items"][0]["proves"] = "something else"
        return json.dumps(m).encode()

    _rewrite_zip(res.zip_path, p, edit)
    rep = verify_bundle(p)
    assert any(c.name == "manifest_signature" and c.subject == "manifest.json" for c in rep.problems)


def test_a_removed_custody_line_is_caught(zh_bundle, tmp_path: Path) -> None:
    res, _ = zh_bundle
    p = tmp_path / "c.zip"
    _rewrite_zip(res.zip_path, p, lambda n, d: b"\n".join(d.split(b"\n")[:2] + d.split(b"\n")[3:]) if n == "custody.jsonl" else d)
    rep = verify_bundle(p)
    assert any(c.subject.startswith("custody.jsonl") for c in rep.problems)


# ------------------------------------------------------------------ hostile bundles


def _zip(tmp: Path, name: str, entries: list[tuple[zipfile.ZipInfo | str, bytes]]) -> Path:
    p = tmp / name
    with zipfile.ZipFile(p, "w", zipfile.ZIP_DEFLATED) as z:
        for info, data in entries:
            z.writestr(info, data)
    return p


def _symlink_info(name: str) -> zipfile.ZipInfo:
    zi = zipfile.ZipInfo(name)
    zi.external_attr = (0o120777 << 16)
    return zi


@pytest.mark.parametrize(
    "entries,why",
    [
        ([("../evil.txt", b"x"), ("manifest.json", b"{}")], ".."),
        ([("/etc/passwd", b"x")], "absolute"),
        ([("C:/windows/x", b"x")], "absolute"),
        ([(_symlink_info("originals/link"), b"/etc/passwd")], "link"),
        ([("/".join(["d"] * 30) + "/f", b"x")], "nested"),
        ([("bomb.bin", b"\0" * (64 << 20))], "zip bomb"),
        ([("a", b"1"), ("a", b"2")], "duplicate"),
    ],
    ids=["dotdot", "absolute", "drive", "symlink", "deep", "bomb", "duplicate"],
)
def test_hostile_zips_are_rejected_cleanly(tmp_path: Path, entries, why: str) -> None:
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # zipfile warns about the duplicate name
        p = _zip(tmp_path, "h.zip", entries)
    rep = verify_bundle(p)
    assert not rep.ok
    assert any(why in c.detail for c in rep.problems), rep.problems


@pytest.mark.parametrize(
    "content",
    [b"%PDF-1.7\n" + os.urandom(2000), b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF",
     b"PK\x03\x04" + os.urandom(500), b"hello", b""],
    ids=["pdf-noise", "pdf-unsigned", "zip-noise", "text", "empty"],
)
def test_malformed_files_give_a_check_not_a_traceback(tmp_path: Path, content: bytes) -> None:
    p = tmp_path / "x.bin"
    p.write_bytes(content)
    rep = verify_bundle(p)
    assert not rep.ok
    assert rep.problems[0].detail


def test_a_truncated_pdf_is_rejected(zh_bundle, tmp_path: Path) -> None:
    res, _ = zh_bundle
    p = tmp_path / "t.pdf"
    p.write_bytes(res.pdf_path.read_bytes()[: res.pdf_path.stat().st_size // 2])
    assert not verify_bundle(p).ok
