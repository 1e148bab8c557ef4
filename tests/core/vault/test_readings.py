"""What an item reads is under the custody log: each reading's digest and each correction (text,
time, side, sender) are logged, applied, and replayed by verification, which names every forgery."""

from __future__ import annotations

import json
import shutil
import sqlite3
from pathlib import Path

import pytest

from evidencekit.core.models import EngineInfo, Message, OcrResult
from evidencekit.core.vault.case import Case
from evidencekit.core.verify import verify_case
from evidencekit.errors import VaultError
from tests.conftest import SAMPLES, make_png

LEGACY = Path(__file__).parents[2] / "fixtures" / "legacy-300e1e3"


def reading(sha256: str) -> OcrResult:
    """A reading as OCR would give it (stored directly: these tests are about the vault)."""
    return OcrResult(
        sha256=sha256,
        engine=EngineInfo("tesseract", "5.3.0", "chi_sim+chi_tra"),
        script="zh-Hans",
        text="您的借款已逾期\n我不是李建国",
        sender="95188",
        messages=(
            Message("您的借款已逾期，请于今日还款", time_label="昨天 8:30", sent_at="2026-11-19T08:30", side="in"),
            Message("我不是李建国", time_label=None, sent_at=None, side="out"),
        ),
    )


@pytest.fixture
def read(case: Case, tmp_path: Path) -> tuple[Case, list[int]]:
    files = [make_png(tmp_path / "src" / f"s{i}.png", color=(i * 40, 0, 0)) for i in range(3)]
    ids = [o.item_id for o in case.import_paths(files)]
    for iid in ids[:2]:
        case.store_ocr(iid, reading(case.item(iid).sha256), cache_key=f"key{iid}")
    return case, ids


def codes(path: Path) -> list[tuple[str, dict[str, object]]]:
    r = verify_case(path)
    return [(c.code, dict(c.args)) for c in r.problems]


def sql(path: Path, statement: str) -> None:
    con = sqlite3.connect(path / "index.sqlite")
    con.execute(statement)
    con.commit()
    con.close()


def test_every_reading_is_logged_with_its_digest(read: tuple[Case, list[int]]) -> None:
    case, ids = read
    runs = [e for e in case.log_entries() if e.action == "ocr_run"]
    assert len(runs) == 2 and all(len(str(e.details["result_sha256"])) == 64 for e in runs)
    report = verify_case(case.path)
    assert report.ok, report.problems
    assert any(c.code == "case.ocr.ok" and c.args == {"readings": 2} for c in report.checks)


def test_corrections_of_text_time_side_and_sender(read: tuple[Case, list[int]]) -> None:
    case, ids = read
    iid = ids[0]
    assert case.correct_message(iid, 0, "您的借款已逾期，请于今日20:00前还款", sent_at="2026-11-20T08:30", side="in")
    assert case.correct_message(iid, 1, side="in", sent_at="")  # side changed; no time: unchanged
    assert case.correct_sender(iid, "95511")
    assert not case.correct_message(iid, 1, side="in")  # the same value again is no correction

    fixed = case.ocr_result(iid, corrected=True)
    assert fixed is not None and fixed.sender == "95511"
    assert fixed.messages[0].text.endswith("20:00前还款") and fixed.messages[0].sent_at == "2026-11-20T08:30"
    assert fixed.messages[1].side == "in" and fixed.messages[1].sent_at is None
    as_read = case.ocr_result(iid)
    assert as_read is not None and as_read.sender == "95188" and as_read.messages[1].side == "out"

    fixes = case.message_corrections(iid)
    assert fixes.sender == "95511" and fixes.messages == {0, 1}
    assert fixes.sent_at == {0: "2026-11-20T08:30"} and fixes.side == {1: "in"}
    assert case.corrections(iid) == {0: "您的借款已逾期，请于今日20:00前还款"}
    [ex] = [e for e in case.exhibits_with_text() if e.item.id == iid]
    assert ex.corrected == {0, 1} and ex.ocr is not None and ex.ocr.sender == "95511"

    entries = [e.details for e in case.log_entries(iid) if e.action == "text_corrected"]
    assert [(d.get("field", "text"), d.get("message"), d["old"], d["new"]) for d in entries] == [
        ("text", 0, "您的借款已逾期，请于今日还款", "您的借款已逾期，请于今日20:00前还款"),
        ("sent_at", 0, "2026-11-19T08:30", "2026-11-20T08:30"),
        ("side", 1, "out", "in"),
        ("sender", None, "95188", "95511"),
    ]
    assert [h.item_id for h in case.search("95511")] == [iid]
    report = verify_case(case.path)
    assert report.ok, report.problems
    assert any(c.code == "case.corrections.ok" and c.args == {"corrections": 4} for c in report.checks)


def test_bad_values_are_refused(read: tuple[Case, list[int]]) -> None:
    case, ids = read
    with pytest.raises(VaultError):
        case.correct_message(ids[0], 0, side="sideways")
    with pytest.raises(VaultError):
        case.correct_message(ids[0], 0, sent_at="yesterday")
    with pytest.raises(VaultError):
        case.correct_message(ids[0], 5, "x")
    with pytest.raises(VaultError):
        case.correct_sender(ids[2], "x")  # not read
    assert not [e for e in case.log_entries() if e.action == "text_corrected"]


@pytest.mark.parametrize(
    "statement,code,item",
    [
        pytest.param("UPDATE ocr SET result_json = replace(result_json, '今日还款', '明日还款') WHERE item_id = 1",
                     "case.ocr.edited", 1, id="forged-text"),
        pytest.param("UPDATE ocr SET result_json = replace(result_json, '\"in\"', '\"out\"') WHERE item_id = 2",
                     "case.ocr.edited", 2, id="forged-side"),
        pytest.param("DELETE FROM ocr WHERE item_id = 1", "case.ocr.deleted", 1, id="deleted-reading"),
        pytest.param("INSERT INTO ocr(item_id, cache_key, result_json, created_at) "
                     "SELECT 3, cache_key, result_json, created_at FROM ocr WHERE item_id = 1",
                     "case.ocr.unlogged", 3, id="inserted-reading"),
        pytest.param("INSERT INTO corrections(item_id, message_index, original_text, corrected_text, corrected_at, actor) "
                     "VALUES (1, 0, 'x', '伪造的更正', '2026-11-20T01:00:00Z', 'm@h')",
                     "case.corrections.unlogged", 1, id="inserted-correction"),
        pytest.param("INSERT INTO corrections(item_id, message_index, field, original_text, corrected_text, corrected_at, actor) "
                     "VALUES (2, -1, 'sender', '95188', '110', '2026-11-20T01:00:00Z', 'm@h')",
                     "case.corrections.unlogged", 2, id="inserted-sender"),
        pytest.param("UPDATE corrections SET corrected_text = '改过' WHERE id = 1", "case.corrections.edited", 1,
                     id="edited-correction"),
        pytest.param("DELETE FROM corrections WHERE id = 1", "case.corrections.deleted", 1, id="deleted-correction"),
    ],
)
def test_forged_readings_and_corrections_are_named(read: tuple[Case, list[int]], statement: str, code: str,
                                                   item: int) -> None:
    case, ids = read
    case.correct_message(ids[0], 1, "我不是李建国，请勿再发")
    path = case.path
    case.close()
    assert verify_case(path).ok
    sql(path, statement)
    found = codes(path)
    assert any(c == code and a.get("item") == item for c, a in found), found


def test_old_readings_are_reported_as_unchecked_not_as_tampered(tmp_path: Path) -> None:
    case_dir = tmp_path / "case"
    shutil.copytree(LEGACY / "case", case_dir)
    report = verify_case(case_dir)
    assert report.ok, report.problems
    [note] = [c for c in report.checks if c.code == "case.ocr.undigested"]
    assert note.ok and note.args == {"readings": 3}
    assert any(c.code == "case.corrections.ok" for c in report.checks)
    # what such a log does record (the number of messages) is still compared
    sql(case_dir, "UPDATE ocr SET result_json = json_remove(result_json, '$.messages[0]') WHERE item_id = 1")
    assert ("case.ocr.edited", {"item": 1}) in codes(case_dir)


@pytest.mark.tesseract
def test_an_edited_cache_file_is_named_and_never_trusted(case: Case, tmp_path: Path) -> None:
    shot = tmp_path / "shot.png"
    shutil.copy(SAMPLES / "ios-light-hans-reminder.png", shot)
    [o] = list(case.import_paths([shot]))
    assert o.item_id is not None
    [r] = list(case.ocr([o.item_id]))
    assert r.messages > 0
    [run] = [e for e in case.log_entries(o.item_id) if e.action == "ocr_run"]
    [cache_file] = list((case.path / "derived" / "ocr-cache").glob("*.json"))
    assert cache_file.stem == run.details["cache_key"] and len(str(run.details["cache_sha256"])) == 64
    assert verify_case(case.path).ok

    data = json.loads(cache_file.read_text("utf-8"))
    data["messages"][0]["text"] = "伪造：请立即转账到个人账户"
    cache_file.write_text(json.dumps(data, ensure_ascii=False), "utf-8")
    assert ("case.ocr_cache.edited", {"file": cache_file.name}) in codes(case.path)

    # Reading again does not take the forged text: the file is removed (logged) and re-read.
    list(case.ocr([o.item_id], force=True))
    result = case.ocr_result(o.item_id)
    assert result is not None and "伪造" not in result.text and all("伪造" not in m.text for m in result.messages)
    recovered = [e for e in case.log_entries() if e.action == "recovered"]
    assert recovered and recovered[-1].details["reason"] == "ocr_cache_unlogged"
    assert verify_case(case.path).ok


@pytest.mark.parametrize("lang", ["zh-Hans", "zh-Hant", "en"])
def test_the_custody_appendix_names_each_corrected_field(lang: str) -> None:
    from evidencekit.core.export.pdf.sections.custody import _entry_note
    from evidencekit.core.export.strings import strings
    from evidencekit.core.models import LogEntry
    from evidencekit.core.vault.actions import TextCorrected, encode

    class _Li:
        s = strings(lang)

    def note(d: TextCorrected) -> str:
        return _entry_note(_Li(), LogEntry(1, "t", "a", "text_corrected", 1, None, encode(d), "0" * 64, "h"))  # type: ignore[arg-type]

    side = note(TextCorrected(1, "out", "out", "in", "side"))
    assert "2" in side and {"en": "received", "zh-Hans": "收到", "zh-Hant": "收到"}[lang] in side
    sender = note(TextCorrected(None, "95188", "95188", "95511", "sender"))
    assert "95188" in sender and "95511" in sender and {"en": "sender", "zh-Hans": "发送方", "zh-Hant": "發送方"}[lang] in sender
    when = note(TextCorrected(0, "", "", "2026-11-20T08:30", "sent_at"))
    assert "2026-11-20T08:30" in when


def test_unread_items_are_the_screenshots_never_read(read: tuple[Case, list[int]], tmp_path: Path) -> None:
    case, ids = read
    [wav] = list(case.import_paths([SAMPLES / "call-2026-11-20.m4a"]))
    assert case.unread_items() == [ids[2]]  # not the recording, not those read
    case.store_ocr_error(ids[2], "unreadable")
    assert case.unread_items() == []  # a failed attempt is not "left unread"


@pytest.mark.tesseract
def test_an_import_run_again_after_a_kill_reads_what_was_left_unread(tmp_path: Path) -> None:
    """Finding #12: the re-run's files are duplicates now; their screenshots are read all the same."""
    import subprocess
    import sys

    shot = tmp_path / "shot.png"
    shutil.copy(SAMPLES / "ios-light-hans-reminder.png", shot)
    case_dir = tmp_path / "c"

    def cli(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, "-m", "evidencekit.cli.main", *args], capture_output=True, text=True,
                              timeout=300)

    assert cli("new", str(case_dir), "--title", "t").returncode == 0
    assert cli("import", "--no-ocr", str(case_dir), str(shot)).returncode == 0  # as if killed before OCR
    r = cli("import", str(case_dir), str(shot))
    assert r.returncode == 0 and r.stdout.startswith("duplicate"), r.stderr
    assert "1 screenshots an earlier run left unread" in r.stderr and "ocr        item 1:" in r.stderr
    with Case.open(case_dir, readonly=True) as c:
        assert c.unread_items() == [] and c.ocr_result(1) is not None
