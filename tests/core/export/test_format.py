"""The bundle's file format: one typed manifest for writer and verifier, the same bytes as ever."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest

from evidencekit.core.export.format import (
    MANIFEST,
    ItemRecord,
    Manifest,
    ManifestError,
    original_key,
    redacted_key,
    zip_signed_message,
)
from evidencekit.core.integrity.pdf import iter_attachments

LEGACY = Path(__file__).parents[2] / "fixtures" / "legacy-300e1e3"

# The keys of a manifest as bundles have had them since the first format.
TOP = {"format", "created_at", "language", "purpose", "redacted", "case", "certificate_sha256",
       "merkle_root_sha256", "merkle_root_sm3", "merkle_scheme", "custody_head", "items", "timestamps"}
ITEM = {"exhibit", "id", "title", "original_name", "kind", "mime", "size", "sha256", "sm3", "file_mtime",
        "exif_time", "imported_at", "import_offset", "host", "user", "extraction_note", "source", "proves",
        "event_time", "group", "batch", "file", "pdf_attachment"}


def _embedded_manifest(pdf: Path) -> bytes:
    [data] = [d for key, d, _ in iter_attachments(pdf) if key == MANIFEST]
    assert data is not None
    return data


@pytest.mark.parametrize("where", ["zip", "pdf"])
def test_a_legacy_manifest_reads_and_writes_back_byte_for_byte(where: str) -> None:
    data = (zipfile.ZipFile(LEGACY / "bundle.zip").read(MANIFEST) if where == "zip"
            else _embedded_manifest(LEGACY / "bundle.pdf"))
    m = Manifest.from_json(data)
    assert m.to_json() == data
    assert [r.exhibit for r in m.items] == ["1", "2-1", "2-2"]
    assert (m.files is not None) == (where == "zip")


def test_a_new_manifest_has_the_keys_bundles_always_had(zh_bundle) -> None:
    res, _ = zh_bundle
    for data, files in ((zipfile.ZipFile(res.zip_path).read(MANIFEST), True), (_embedded_manifest(res.pdf_path), False)):
        doc = json.loads(data)
        assert set(doc) == TOP | ({"files"} if files else set())
        assert all(set(item) == ITEM for item in doc["items"])
        assert set(doc["case"]) == {"title", "claimant_name", "respondents"}
        if files:
            assert all(set(f) == {"path", "size", "sha256", "sm3"} for f in doc["files"])
        assert Manifest.from_json(data).to_json() == data


def _legacy() -> dict:
    return json.loads(zipfile.ZipFile(LEGACY / "bundle.zip").read(MANIFEST))


def _broken(change) -> bytes:
    doc = _legacy()
    change(doc)
    return json.dumps(doc).encode()


@pytest.mark.parametrize(("data", "why"), [
    (b"{not json", "not JSON"),
    (b"[1, 2]", "manifest is not an object"),
    (_broken(lambda d: d.pop("items")), "has no 'items'"),
    (_broken(lambda d: d.__setitem__("items", {})), "items is not list"),
    (_broken(lambda d: d["items"].__setitem__(0, "x")), "items[0] is not an object"),
    (_broken(lambda d: d["items"][0].__setitem__("id", "3")), "items[0].id is not int"),
    (_broken(lambda d: d["items"][0].__setitem__("size", True)), "items[0].size is not int"),
    (_broken(lambda d: d["items"][1].pop("sha256")), "items[1] has no 'sha256'"),
    (_broken(lambda d: d["files"][0].__setitem__("path", None)), "files[0].path is not str"),
    (_broken(lambda d: d.__setitem__("redacted", "yes")), "redacted is not bool"),
    (_broken(lambda d: d["case"]["respondents"][0].__setitem__("numbers", [1])), "holds a non-string"),
], ids=["json", "array", "no-items", "items-object", "item-string", "id-string", "size-bool", "no-digest",
        "path-null", "redacted-string", "number-int"])
def test_a_malformed_manifest_is_a_manifest_error(data: bytes, why: str) -> None:
    with pytest.raises(ManifestError, match=why.replace("[", r"\[").replace("]", r"\]")):
        Manifest.from_json(data)


def test_names_and_signed_messages() -> None:
    assert original_key(3, "2-1", "ab" * 32, "IMG_0042.PNG", "image/png") == "originals/0003_E2-1_abababababab.png"
    assert original_key(1, "1", "cd" * 32, "录音", "audio/mp4") == "originals/0001_E1_cdcdcdcdcdcd.m4a"
    assert original_key(1, "1", "cd" * 32, "x.tar~1", "application/x-foo") == "originals/0001_E1_cdcdcdcdcdcd.bin"
    assert redacted_key("originals/0003_E2-1_abababababab.jpg") == "redacted/0003_E2-1_abababababab.png"
    assert zip_signed_message("00ff") == b"evidencekit-zip-v1:00ff"
    # optional fields keep their meaning when absent
    assert ItemRecord("1", 1, "a", "b", 2).file is None
