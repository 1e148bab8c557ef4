"""SMS Backup & Restore XML, CSV and iPhone sms.db: the edge cases of the issue, hostile XML, and
memory bounded on a large backup."""

from __future__ import annotations

import datetime as dt
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from evidencekit.core.media.exports import ExportError, HostileExport, open_export
from evidencekit.core.media.exports import csvexport, smsbackup
from evidencekit.core.media.exports.iossms import IosSmsReader, attributed_text

T0 = dt.datetime(2026, 11, 20, 14, 41, 3, tzinfo=dt.timezone.utc)  # 22:41:03 in China


def ms(t: dt.datetime) -> int:
    return int(t.timestamp() * 1000)


def sms(address: str, t: dt.datetime, type_: int, body: str, readable: str = "") -> str:
    readable = readable or (t + dt.timedelta(hours=8)).strftime("%b %d, %Y %I:%M:%S %p")
    return (f'<sms protocol="0" address="{address}" date="{ms(t)}" type="{type_}" subject="null" body="{body}" '
            f'toa="null" sc_toa="null" service_center="null" read="1" status="-1" locked="0" date_sent="0" '
            f'sub_id="1" readable_date="{readable}" contact_name="(Unknown)" />')


def backup(path: Path, *entries: str, root: str = "smses") -> Path:
    path.write_text("<?xml version='1.0' encoding='UTF-8' standalone='yes' ?>\n"
                    f'<{root} count="{len(entries)}">\n' + "\n".join(entries) + f"\n</{root}>\n", encoding="utf-8")
    return path


def test_sms_types_dates_and_zone_from_readable_date(tmp_path: Path) -> None:
    p = backup(tmp_path / "sms.xml", *(sms("95188", T0 + dt.timedelta(minutes=i), i, f"消息{i}") for i in range(1, 7)))
    recs, facts = smsbackup.read_all(p, fallback_offset="+00:00")
    assert [r.status for r in recs] == ["received", "sent", "draft", "outbox", "failed", "queued"]
    assert [r.direction for r in recs] == ["in", "out", "out", "out", "out", "out"]
    # the instant from `date`; the zone learnt from readable_date, not the importing machine's +00:00
    assert recs[0].time == "2026-11-20T22:42:03" and recs[0].time_utc == "2026-11-20T14:42:03Z"
    assert facts.offset == "+08:00" and "readable" in facts.offset_basis
    assert facts.complete and facts.records == 6 and facts.by_kind == {"sms": 6}


def test_emoji_surrogate_pairs_controls_and_odd_text_survive(tmp_path: Path) -> None:
    body = "逾期&#55357;&#56838;通知 &#xD83D;&#xDE00; 孤&#55357;单 &#27;控制 &amp; &lt;tag&gt; 繁體 عربى"
    p = backup(tmp_path / "sms.xml", sms("+86 138 1234 5678", T0, 1, body))
    [r], facts = smsbackup.read_all(p)
    assert r.text == "逾期😆通知 😀 孤�单 �控制 & <tag> 繁體 عربى"
    assert any("2 emoji" in n for n in facts.notes) and any("�" in n for n in facts.notes)


def test_surrogate_pair_split_across_read_chunks(tmp_path: Path) -> None:
    pad = "x" * (smsbackup.CHUNK - 300)
    entries = [sms("95188", T0, 1, pad + "&#55357;&#56838;" * 40)]
    p = backup(tmp_path / "sms.xml", *entries)
    [r], _ = smsbackup.read_all(p)
    assert r.text.endswith("😆" * 40)


def test_mms_text_parts_joined_and_addresses_by_type(tmp_path: Path) -> None:
    mms = (f'<mms date="{ms(T0)}" msg_box="1" address="13812345678~13900000000" m_type="132" sub="null" '
           'readable_date="Nov 20, 2026 10:41:03 PM" contact_name="(Unknown)"><parts>'
           '<part seq="-1" ct="application/smil" text="&lt;smil/&gt;" />'
           '<part seq="1" ct="text/plain" text="第二段" />'
           '<part seq="0" ct="text/plain" text="第一段" />'
           '<part seq="2" ct="image/jpeg" name="欠款通知.jpg" data="' + "A" * 4000 + '" />'
           '</parts><addrs><addr address="13900000000" type="151" charset="106" />'
           '<addr address="13812345678" type="137" charset="106" /></addrs></mms>')
    [r], _ = smsbackup.read_all(backup(tmp_path / "m.xml", mms))
    assert r.kind == "mms" and r.number == "13812345678" and r.direction == "in"
    assert r.text == "第一段\n第二段"
    assert r.extra["parts"] == [{"type": "image/jpeg", "name": "欠款通知.jpg", "size": 3000}]


def test_call_types(tmp_path: Path) -> None:
    calls = [f'<call number="95188" duration="{d}" date="{ms(T0 + dt.timedelta(hours=i))}" type="{i + 1}" '
             f'presentation="1" readable_date="x" contact_name="某金融" />' for i, d in enumerate([45, 12, 0, 30, 0, 0])]
    recs, facts = smsbackup.read_all(backup(tmp_path / "calls.xml", *calls, root="calls"))
    assert facts.format == "smsbackup-calls"
    assert [r.status for r in recs] == ["incoming", "outgoing", "missed", "voicemail", "rejected", "blocked"]
    assert recs[0].duration_s == 45 and recs[0].name == "某金融" and recs[2].answered is False


@pytest.mark.parametrize(("xml", "why"), [
    ('<?xml version="1.0"?><!DOCTYPE smses [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;">]>'
     '<smses><sms address="&b;" date="1" type="1" body="x"/></smses>', "document type"),
    ('<?xml version="1.0"?><!DOCTYPE smses [<!ENTITY x SYSTEM "file:///etc/passwd">]><smses><sms body="&x;"/></smses>',
     "document type"),
    ('<?xml version="1.0"?><!DOCTYPE smses SYSTEM "http://127.0.0.1:9/x.dtd"><smses></smses>', "document type"),
    ("<?xml version='1.0'?><smses>" + "<a>" * 40 + "</a>" * 40 + "</smses>", "nested"),
])
def test_hostile_xml_refused_with_a_reason(tmp_path: Path, xml: str, why: str) -> None:
    p = tmp_path / "evil.xml"
    p.write_text(xml)
    reader = open_export(p, p.read_bytes()[:4096])
    assert reader is not None
    with pytest.raises(HostileExport, match=why):
        list(reader.records())


def test_huge_element_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(smsbackup, "MAX_TAG_BYTES", 1 << 20)
    p = backup(tmp_path / "big.xml", sms("95188", T0, 1, "x" * (2 << 20)))
    with pytest.raises(HostileExport, match="larger than"):
        smsbackup.read_all(p)


def test_truncated_backup_keeps_what_was_read(tmp_path: Path) -> None:
    p = backup(tmp_path / "sms.xml", *(sms("95188", T0, 1, f"第{i}条") for i in range(5)))
    data = p.read_bytes()
    p.write_bytes(data[: data.rfind(b"<sms") + 40])
    recs, facts = smsbackup.read_all(p)
    assert len(recs) == 4 and not facts.complete
    assert "truncated" in facts.notes[0] and "4 complete records" in facts.notes[0]


def test_utf16_backup(tmp_path: Path) -> None:
    p = tmp_path / "u16.xml"
    p.write_bytes(("<?xml version='1.0' encoding='UTF-16' standalone='yes' ?>\n<smses count=\"1\">"
                   + sms("95188", T0, 1, "还款&#55357;&#56838;") + "</smses>").encode("utf-16"))
    reader = open_export(p, p.read_bytes()[:4096])
    assert reader is not None
    [r] = list(reader.records())
    assert r.text == "还款😆"


def test_large_backup_streams_in_bounded_memory(tmp_path: Path) -> None:
    """~60 MB of MMS pictures and messages read in a separate process whose peak memory is measured."""
    p = tmp_path / "big.xml"
    pic = "Q" * 400_000
    with open(p, "w", encoding="utf-8") as f:
        f.write("<?xml version='1.0' encoding='UTF-8'?>\n<smses count=\"0\">\n")
        for i in range(150):
            f.write(f'<mms date="{ms(T0) + i}" msg_box="1" address="95188"><parts><part seq="0" ct="text/plain" '
                    f'text="第{i}条" /><part seq="1" ct="image/jpeg" data="{pic}" /></parts>'
                    '<addrs><addr address="95188" type="137" /></addrs></mms>\n')
            for k in range(200):
                f.write(sms("95188", T0 + dt.timedelta(seconds=k), 1, "催收短信" * 5) + "\n")
        f.write("</smses>\n")
    assert p.stat().st_size > 60 << 20
    # VmHWM (not ru_maxrss, which Linux keeps across exec from the large test process)
    code = ("import re,sys;from pathlib import Path;from evidencekit.core.media.exports.smsbackup import "
            "SmsBackupReader;r=SmsBackupReader(Path(sys.argv[1]),'smsbackup-sms');n=sum(1 for _ in r.records());"
            "print(n, re.search(r'VmHWM:\\s+(\\d+)', open('/proc/self/status').read()).group(1))")
    out = subprocess.run([sys.executable, "-c", code, str(p)], capture_output=True, text=True, check=True).stdout.split()
    assert int(out[0]) == 150 * 201
    assert int(out[1]) < 160_000, f"peak {int(out[1]) // 1024} MB"  # KiB: the interpreter alone is ~40 MB


def test_csv_plain_chinese_and_calls(tmp_path: Path) -> None:
    p = tmp_path / "msgs.csv"
    p.write_text("号码,时间,类型,内容\n95188,2026-11-20 22:41:03,接收,\"您已逾期,请还款\"\n95188,2026/11/20 22:45,发送,我不是本人\n",
                 encoding="gb18030")
    recs, facts = csvexport.read_all(p)
    assert [(r.number, r.time, r.direction, r.text) for r in recs] == [
        ("95188", "2026-11-20T22:41:03", "in", "您已逾期,请还款"), ("95188", "2026-11-20T22:45:00", "out", "我不是本人")]
    c = tmp_path / "calls.csv"
    c.write_text("number,date,duration,type\n95188,1795010463000,0,3\n95188,1795010563000,1:05,1\n")
    recs, facts = csvexport.read_all(c, "+08:00")
    assert [(r.kind, r.status, r.duration_s) for r in recs] == [("call", "missed", 0.0), ("call", "incoming", 65.0)]
    assert recs[0].time_utc is not None and facts.columns == ("number", "date", "duration", "type")


def test_imazing_csv(tmp_path: Path) -> None:
    p = tmp_path / "imazing.csv"
    p.write_text("\ufeffChat Session,Message Date,Delivered Date,Read Date,Service,Type,Sender ID,Sender Name,Status,"
                 "Subject,Text,Attachment\n+86 95188,2026-11-20 22:41:03,,,SMS,Incoming,+86 95188,,Read,,逾期通知,\n",
                 encoding="utf-8")
    assert csvexport.detect(p.read_bytes()) is not None
    [r], _ = csvexport.read_all(p)
    assert (r.number, r.direction, r.text, r.time) == ("+86 95188", "in", "逾期通知", "2026-11-20T22:41:03")


def test_ios_sms_db_read_only(tmp_path: Path) -> None:
    p = tmp_path / "sms.db"
    conn = sqlite3.connect(p)
    conn.executescript("""
        CREATE TABLE handle (ROWID INTEGER PRIMARY KEY, id TEXT);
        CREATE TABLE message (ROWID INTEGER PRIMARY KEY, text TEXT, attributedBody BLOB, handle_id INTEGER,
                              date INTEGER, is_from_me INTEGER, service TEXT);
        CREATE TABLE chat (ROWID INTEGER PRIMARY KEY, chat_identifier TEXT);
        CREATE TABLE chat_message_join (chat_id INTEGER, message_id INTEGER);
        INSERT INTO handle VALUES (1, '+8695188');
    """)
    secs = (T0 - dt.datetime(2001, 1, 1, tzinfo=dt.timezone.utc)).total_seconds()
    text = "新版本的消息😆".encode()
    blob = b"\x04\x0bstreamtyped\x81\xe8\x03\x84\x01@\x84\x84\x84\x12NSAttributedString\x00\x84\x84\x08NSObject\x00\x85\x92\x84\x84\x84\x08NSString\x01\x94\x84\x01+" + bytes([len(text)]) + text + b"\x86\x84"
    conn.execute("INSERT INTO message VALUES (1, '旧消息', NULL, 1, ?, 0, 'SMS')", (int(secs),))
    conn.execute("INSERT INTO message VALUES (2, NULL, ?, 1, ?, 1, 'iMessage')", (blob, int(secs * 1e9) + 60 * 10**9))
    conn.commit()
    conn.close()
    p.chmod(0o444)
    before = sorted(x.name for x in tmp_path.iterdir())
    assert attributed_text(blob) == "新版本的消息😆"
    reader = open_export(p, p.read_bytes()[:100], fallback_offset="+08:00")
    assert isinstance(reader, IosSmsReader)
    recs = list(reader.records())
    assert [(r.time, r.direction, r.text, r.number) for r in recs] == [
        ("2026-11-20T22:41:03", "in", "旧消息", "+8695188"), ("2026-11-20T22:42:03", "out", "新版本的消息😆", "+8695188")]
    assert sorted(x.name for x in tmp_path.iterdir()) == before  # no journal, no WAL: read-only


def test_not_an_export(tmp_path: Path) -> None:
    p = tmp_path / "note.txt"
    p.write_text("这是一段备注，没有逗号")
    assert open_export(p, p.read_bytes()) is None
    x = tmp_path / "other.xml"
    x.write_text("<?xml version='1.0'?><rss></rss>")
    assert open_export(x, x.read_bytes()) is None
    with pytest.raises(ExportError):
        smsbackup.read_all(x)
