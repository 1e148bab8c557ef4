"""Redaction is applied once, to the bundle's input: everything laid out or listed afterwards is
made from the masked input, so no section can forget a field."""

from __future__ import annotations

import dataclasses
from dataclasses import replace
from pathlib import Path
from typing import Any

from evidencekit.core.export.mask import Redactor
from evidencekit.core.export.redaction import redact_bundle, redact_shown, redactor_for
from evidencekit.core.export.shown import TextExcerpt, shown_as_is
from evidencekit.core.models import Fact, Item, Label, ReviewMark
from tests.core.export.fixtures import SENDER, make_input

SECRET = "13829476153"  # a third party's mobile number
# Item fields that are not free text: digests, codes and recorded times.
NOT_TEXT = {"sha256", "sm3", "kind", "mime", "file_mtime", "exif_time", "imported_at", "import_offset", "event_time"}


def _strings(value: Any) -> list[str]:
    """Every string inside ``value`` (dataclasses, mappings, sequences)."""
    if isinstance(value, str):
        return [value]
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return [s for f in dataclasses.fields(value) for s in _strings(getattr(value, f.name))]
    if isinstance(value, dict):
        return [s for k, v in value.items() for s in _strings(k) + _strings(v)]
    if isinstance(value, list | tuple | frozenset | set):
        return [s for v in value for s in _strings(v)]
    return []


def _with_secrets(it: Item) -> Item:
    """``it`` with the secret in every free-text field (a field added later is covered too)."""
    changes: dict[str, Any] = {}
    for f in dataclasses.fields(it):
        value = getattr(it, f.name)
        if f.name in NOT_TEXT:
            continue
        if isinstance(value, str):
            changes[f.name] = f"{value} 联系人{SECRET}"
        elif isinstance(value, tuple) and all(isinstance(v, str) for v in value):
            changes[f.name] = (*value, f"标签{SECRET}")
    return replace(it, **changes)


def test_every_text_of_the_input_is_masked_and_nothing_else(tmp_path: Path) -> None:
    inp = make_input(tmp_path, 2)
    exhibits = []
    for ex in inp.exhibits:
        assert ex.ocr is not None
        msgs = tuple(replace(m, time_label=f"{m.time_label} {SECRET}", facts=(Fact("phone", SECRET, SECRET),),
                             labels=(Label("threat_third_party", (f"告诉{SECRET}",)),),
                             review=(ReviewMark(0, f"请致电{SECRET}", f"请致电{SECRET}", "tesseract", 40.0),))
                     for m in ex.ocr.messages)
        exhibits.append(replace(ex, item=_with_secrets(ex.item), ocr=replace(ex.ocr, messages=msgs)))
    log = tuple(replace(e, details={**e.details, "note": f"改为{SECRET}", "nested": [{"old": SECRET}]})
                for e in inp.log)
    exhibits = [replace(ex, custody=tuple(e for e in log if e.item_id == ex.item.id)) for ex in exhibits]
    meta = replace(inp.meta, title=f"{inp.meta.title} {SECRET}")
    inp = replace(inp, meta=meta, exhibits=tuple(exhibits), log=log, log_path=tmp_path / "custody.jsonl")
    assert any(SECRET in s for s in _strings(inp))

    red = redactor_for(inp)
    out = redact_bundle(inp, red)
    leaked = [s for s in _strings(replace(out, identity=None)) if SECRET in s]
    assert not leaked
    assert out.log_path is None  # the raw log holds the unmasked details
    # masked in place, not dropped; what is not text is as it was
    assert "*********53" in out.meta.title
    for a, b in zip(inp.exhibits, out.exhibits, strict=True):
        assert (b.item.id, b.item.sha256, b.item.sm3, b.item.size, b.original) == (
            a.item.id, a.item.sha256, a.item.sm3, a.item.size, a.original)
        assert b.ocr is not None and b.ocr.sender == SENDER  # the other side stays visible
        assert [e.hash for e in b.custody] == [e.hash for e in a.custody]
        assert all(e.details["note"].endswith("*********53") for e in b.custody)
    assert [e.hash for e in out.log] == [e.hash for e in inp.log]


def test_an_input_without_numbers_comes_back_equal(tmp_path: Path) -> None:
    inp = make_input(tmp_path, 1)
    inp = replace(inp, exhibits=tuple(replace(ex, ocr=None) for ex in inp.exhibits))
    out = redact_bundle(inp, redactor_for(inp))  # the claimant's own number is kept
    assert out == replace(inp, log_path=None)


def test_text_excerpts_are_masked_and_images_withheld_without_a_reading(tmp_path: Path) -> None:
    inp = make_input(tmp_path, 1, ocr=False)
    note = tmp_path / "note.txt"
    note.write_text(f"短信导出\n李四 {SECRET}\n", "utf-8")
    ex = inp.exhibits[0]
    text_ex = replace(ex, item=replace(ex.item, id=99, kind="text", mime="text/plain", size=note.stat().st_size),
                      original=note, number="2")
    exhibits = [ex, text_ex]
    shown = shown_as_is(exhibits)
    assert shown.excerpts[99] == TextExcerpt(f"短信导出\n李四 {SECRET}\n", more=False)
    masked, warnings = redact_shown(shown, exhibits, Redactor.for_case([]), tmp_path, engine=None)
    assert masked.excerpts[99].text == "短信导出\n李四 *********53\n"
    assert ex.item.id not in masked.images  # no reading to find its numbers by: withheld
    assert warnings == ["exhibit 1: image withheld from the redacted bundle (no OCR reading to find the numbers in)"]
