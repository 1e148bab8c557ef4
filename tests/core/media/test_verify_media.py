"""Verification replays what recordings, exports, emails and documents read, and transcripts, from
the custody log: a row edited, inserted or deleted in the index is a named failure."""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from pathlib import Path

import pytest

from evidencekit.core.media.model import Segment
from evidencekit.core.models import CaseMeta, Respondent
from evidencekit.core.vault.case import Case
from evidencekit.core.verify import verify_case
from tests.core.media.conftest import needs_ffmpeg, tone
from tests.core.media.test_exports import T0, backup, sms
from tests.core.media.test_mixed_case import _email, _pdf

pytestmark = needs_ffmpeg


@pytest.fixture()
def case_dir(tmp_path: Path) -> Path:
    d = tmp_path / "drop"
    d.mkdir()
    tone(d / "13812345678_20261120224500.m4a", 3.0, ["-c:a", "aac"])
    backup(d / "sms.xml", sms("13812345678", T0, 1, "您已逾期，今晚再不还款就通知您的家人"),
           sms("13812345678", T0 + dt.timedelta(minutes=2), 2, "我会处理"))
    _pdf(d / "statement.pdf", "Repayment statement: paid 2026-11-01")
    _email(d / "notice.eml", _pdf(tmp_path / "letter.pdf", "Collection letter").read_bytes())
    (d / "broken.m4a").write_bytes(b"\x00\x00\x00\x18ftypM4A " + b"\x00" * 40)
    path = tmp_path / "case"
    with Case.create(path, CaseMeta("混合", "张三", respondents=(Respondent("某某", ("13812345678",)),))) as case:
        out = {Path(o.path).name: o for o in case.import_paths([d])}
        assert all(o.status == "imported" for o in out.values())
        rec = out["13812345678_20261120224500.m4a"].item_id
        assert rec is not None
        case.media.save_transcript(rec, [Segment(0, 1.5, "喂，你今天必须还钱", "催收员")])
        case.media.save_transcript(rec, [Segment(0, 1.5, "喂，你今天必须还钱", "催收员"), Segment(1.5, 3, "我还了", "本人")])
        case.media.save_transcript(rec, [Segment(1.5, 3, "我已经还了", "本人")])
    return path


def codes(path: Path) -> dict[str, bool]:
    return {c.code: c.ok for c in verify_case(path).checks}


def sql(path: Path, stmt: str, *args: object) -> None:
    with sqlite3.connect(path / "index.sqlite") as conn:
        assert conn.execute(stmt, args).rowcount >= 1, stmt


def item_of(path: Path, name: str) -> int:
    with sqlite3.connect(path / "index.sqlite") as conn:
        return int(conn.execute("SELECT id FROM items WHERE original_name = ?", (name,)).fetchone()[0])


def test_an_untouched_case_holds(case_dir: Path) -> None:
    report = verify_case(case_dir)
    assert report.ok, [c for c in report.checks if not c.ok]
    by = {c.code: c for c in report.checks}
    # the recording, the video-less rest: export, document, email, its attachment, the broken file
    assert by["case.media.ok"].args["readings"] >= 5 and by["case.media.ok"].args["records"] == 2
    assert by["case.transcript.ok"].args == {"transcripts": 1, "cut": 0}


@pytest.mark.parametrize("stmt, code", [
    ("UPDATE records SET text = '请按时还款' WHERE row = 0", "case.records.edited"),
    ("UPDATE records SET number = '10086' WHERE row = 1", "case.records.edited"),
    ("DELETE FROM records WHERE row = 1", "case.records.edited"),
    ("UPDATE media SET facts_json = replace(facts_json, 'Repayment', 'Overdue') WHERE kind = 'document'", "case.media.edited"),
    ("UPDATE media SET kind = 'recording' WHERE kind = 'unknown'", "case.media.edited"),
    ("UPDATE media SET note = '' WHERE kind = 'unknown'", "case.media.edited"),
    ("UPDATE media SET parent_id = NULL WHERE parent_id IS NOT NULL", "case.media.edited"),
    ("DELETE FROM media WHERE kind = 'email'", "case.media.deleted"),
    ("UPDATE transcripts SET segments_json = replace(segments_json, '已经', '没有')", "case.transcript.edited"),
    ("UPDATE transcripts SET status = 'confirmed'", "case.transcript.edited"),
    ("DELETE FROM transcripts", "case.transcript.deleted"),
])
def test_an_edited_row_is_named(case_dir: Path, stmt: str, code: str) -> None:
    sql(case_dir, stmt)
    got = codes(case_dir)
    assert got.get(code) is False, got


def test_inserted_rows_are_named(case_dir: Path) -> None:
    shot = item_of(case_dir, "statement.pdf")
    sql(case_dir, "INSERT INTO records SELECT ?, 99, kind, number, number_key, time, direction, status, '伪造', duration_s, "
                  "name, time_utc, extra_json FROM records WHERE row = 0", shot)
    sql(case_dir, "INSERT INTO transcripts VALUES (?, 'typed', '', '[]', '2026-01-01')", shot)
    got = codes(case_dir)
    assert got["case.records.edited"] is False and got["case.transcript.unlogged"] is False


def test_an_inserted_reading_is_named(case_dir: Path) -> None:
    from PIL import Image

    shot = case_dir.parent / "shot.png"
    Image.new("RGB", (60, 90), "white").save(shot)
    with Case.open(case_dir) as case:  # a screenshot: no reading of this kind
        [extra] = [o.item_id for o in case.import_paths([shot])]
    sql(case_dir, "INSERT INTO media VALUES (?, 'document', '{}', '', NULL)", extra)
    assert codes(case_dir).get("case.media.unlogged") is False


def test_a_transcripts_history_is_replayed(case_dir: Path) -> None:
    """An edit removed from the log (the chain re-signed by whoever holds the key) breaks the replay
    even when the latest entry still matches the index."""
    from evidencekit.core.verify_media import check_media
    from evidencekit.core.vault.tables.media import media_digests

    with Case.open(case_dir, readonly=True) as case:
        entries = list(case.log_entries())
        with sqlite3.connect(case_dir / "index.sqlite") as conn:
            stored = media_digests(conn)
    saved = [e for e in entries if e.action == "transcript_saved"]
    assert len(saved) == 3
    names = {e.item_id: "rec" for e in saved if e.item_id is not None}
    whole = {c.code: c.ok for c in check_media(entries, stored, names)}
    assert whole["case.transcript.ok"]
    without_second = [e for e in entries if e is not saved[1]]
    got = {c.code: c for c in check_media(without_second, stored, names)}
    assert not got["case.transcript.history"].ok and got["case.transcript.history"].args["seq"] == saved[2].seq
    # a change whose "old" segment was altered
    from dataclasses import replace

    d = json.loads(json.dumps(saved[2].details))
    d["changes"][0]["old"]["text"] = "别的话"
    forged = [replace(e, details=d) if e is saved[2] else e for e in entries]
    got = {c.code: c for c in check_media(forged, stored, names)}
    assert not got["case.transcript.history"].ok
