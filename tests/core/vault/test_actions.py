"""The custody vocabulary: one details class per action, encoded and decoded in one place."""

from __future__ import annotations

import base64
from pathlib import Path

import pytest

from evidencekit.core.models import CaseMeta, LogEntry, Respondent
from evidencekit.core.vault import actions, custody
from evidencekit.core.vault.actions import Action, decode, decode_details, encode
from evidencekit.core.vault.case import Case
from evidencekit.errors import VaultError

LEGACY_LOG = Path(__file__).parents[2] / "fixtures" / "legacy-300e1e3" / "case" / "custody.jsonl"

EXAMPLES: list[actions.Details] = [
    actions.CaseCreated(CaseMeta("标题", "张三", "138", (Respondent("某某", ("95188",)),)), "ab" * 32, "PEM"),
    actions.CaseUpdated(CaseMeta("新标题")),
    actions.CaseUpdated(),
    actions.ItemImported(sm3="cd" * 32, size=3, kind="image", mime="image/png", original_name="a.png",
                         original_path="/x/a.png", file_mtime="2026-11-20T01:00:00.000Z", exif_time=None,
                         import_offset="+08:00", host="h", user="u", batch="b1", position=1),
    actions.DuplicateSeen("/x/a.png", "a.png"),
    actions.ImportRejected("/x/b.bin", "unsupported type"),
    actions.OcrRun("tesseract", "5.3.0", "chi_sim", "zh-Hans", 3, "key"),
    actions.OcrRun("tesseract", "5.3.0", "chi_sim", "zh-Hans", 3, "key", "8" * 64, "9" * 64),
    actions.TextCorrected(0, "原文", "原文", "新文"),
    actions.TextCorrected(1, "2026-11-19T08:30", "", "2026-11-20T08:30", "sent_at"),
    actions.TextCorrected(None, "95188", "95188", "95511", "sender"),
    actions.AnnotationChanged({"title": actions.Change("", "标题"), "tags": actions.Change((), ("催收", "夜间"))}),
    actions.AnnotationChanged(moved_from=2, moved_to=0),
    actions.ItemWithdrawn("重复"),
    actions.ItemRestored(),
    actions.ItemPurged("a.png", "误导入"),
    actions.ExportMade("b.pdf", "1" * 64, "2" * 64, "3" * 64, 10, 3, False, True),
    actions.ExportMade("b.pdf", "1" * 64, "2" * 64, "3" * 64, 10, 3, True, False, "b.zip", "4" * 64),
    actions.VerificationRun("INTACT checks=8"),
    actions.TimestampAdded("b1", "http://tsa", "2026-11-20T01:00:00+00:00", "5" * 64, b"\x30\x03\x02\x01\x00"),
    actions.IdentityCreated("6" * 64, "PEM"),
    actions.IdentityImported("7" * 64, "PEM2", "6" * 64, "CN=张三"),
    actions.Recovered(("tmp/x.part",), 1),
    actions.MediaRead("export", "8" * 64, 12, "9" * 64, "smsbackup/1", "1 emoji joined"),
    actions.AttachmentExtracted(3, "a" * 64, "账单.pdf", "application/pdf"),
    actions.TranscriptSaved("typed", "", 1, "b" * 64,
                            ({"index": 0, "old": None, "new": {"start": 0.0, "end": 2.0, "speaker": "", "text": "喂"}},)),
    actions.Recovered(("derived/ocr-cache/k.json",), 1, "ocr_cache_unlogged"),
    actions.RollbackSeen(12, "a" * 64, "2026-11-20T01:00:00.000Z", "/home/u/case"),
    actions.AccessRestricted((".", "index.sqlite"), 2),
    actions.DraftEdited("12315", "zh-Hans", "8" * 64, 420, "9" * 64, "a" * 64),
    actions.DraftEdited("lender", "en", "9" * 64, 300, "9" * 64, "8" * 64, reverted=True),
    actions.SettingsChanged(("claimant_address",), {"stop_requested_at": "2026-11-19 09:15", "lenders": "快易花"}, "7" * 64),
]


def test_every_action_has_a_details_class() -> None:
    assert {d.action for d in EXAMPLES} == set(Action)


@pytest.mark.parametrize("details", EXAMPLES, ids=lambda d: type(d).__name__)
def test_encode_then_decode_gives_the_value_back(details: actions.Details) -> None:
    assert decode_details(details.action, encode(details)) == details


def test_encoded_shapes_are_the_case_format() -> None:
    assert encode(actions.AnnotationChanged(moved_from=2, moved_to=0)) == {"moved_from": 2, "moved_to": 0}
    assert encode(actions.AnnotationChanged({"tags": actions.Change((), ("a",))})) == {
        "changes": {"tags": {"old": [], "new": ["a"]}}}
    exports = [d for d in EXAMPLES if isinstance(d, actions.ExportMade)]
    assert "zip" not in encode(exports[0]) and encode(exports[1])["zip"] == "b.zip"
    [ts] = [d for d in EXAMPLES if isinstance(d, actions.TimestampAdded)]
    token = encode(ts)
    assert token["token_b64"] == base64.b64encode(b"\x30\x03\x02\x01\x00").decode() and "token" not in token
    assert encode(actions.CaseUpdated()) == {}
    # a text correction keeps the shape earlier versions wrote; other fields name themselves
    assert encode(actions.TextCorrected(0, "a", "a", "b")) == {"message": 0, "ocr_text": "a", "old": "a", "new": "b"}
    assert encode(actions.TextCorrected(0, "in", "in", "out", "side"))["field"] == "side"
    assert "result_sha256" not in encode(actions.OcrRun(messages=1))
    assert "reason" not in encode(actions.Recovered(("tmp/x",), 1))


def test_the_legacy_log_decodes_and_encodes_to_the_same_details() -> None:
    """Every entry written at 300e1e3 decodes to its action's class, and the writer of today
    would write exactly the same details."""
    entries = [custody.from_line(line) for line in custody.read_lines(LEGACY_LOG)]
    assert len(entries) == 15
    for e in entries:
        d = decode(e)
        assert not isinstance(d, actions.Unknown)
        assert d.action == e.action
        assert encode(d) == e.details, e.action


def test_decoding_is_tolerant() -> None:
    def entry(action: str, details: dict) -> LogEntry:
        return LogEntry(1, "t", "a", action, None, None, details, "0" * 64, "h")

    assert decode(entry("item_imported", {"size": "12", "batch": 5, "exif_time": 3})) == actions.ItemImported()
    assert decode(entry("annotation_changed", {"changes": {"title": "x", "tags": {"new": [1, "b"]}}})) == \
        actions.AnnotationChanged({"tags": actions.Change(None, ("1", "b"))})
    assert decode(entry("timestamp_added", {"token_b64": "not base64!"})).token is None  # type: ignore[union-attr]
    assert decode(entry("case_created", {"title": "测试"})) == actions.CaseCreated(None)
    assert decode(entry("future_action", {"x": 1})) == actions.Unknown("future_action", {"x": 1})


def test_record_takes_a_details_value_or_an_action_name(case: Case) -> None:
    e = case.record(actions.VerificationRun("INTACT checks=3"))
    assert e.action == "verification_run" and e.details == {"summary": "INTACT checks=3"}
    # the name-and-dict form (for callers outside the vault) takes the action's shape
    e = case.record("export_made", details={"pdf": "b.pdf", "pages": 2})
    assert decode(e) == actions.ExportMade(pdf="b.pdf", pages=2)
    with pytest.raises(VaultError):
        case.record("no_such_action")
