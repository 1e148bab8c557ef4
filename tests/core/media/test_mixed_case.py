"""A case mixing every kind: imported in one go, read, corroborated, in the chronology and summary,
exported to a bundle that verify passes."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from pathlib import Path

import pytest

from evidencekit.core.media.model import Segment
from evidencekit.core.models import CaseMeta, EngineInfo, Message, OcrResult, Respondent
from evidencekit.core.vault.case import Case
from evidencekit.core.verify import verify_case, verify_path
from tests.core.media.conftest import needs_ffmpeg, screen_recording, tone
from tests.core.media.test_exports import T0, backup, ms, sms

pytestmark = needs_ffmpeg


def _email(path: Path, pdf: bytes) -> Path:
    from email.message import EmailMessage

    m = EmailMessage()
    m["From"] = "某某金融催收部 <collect@lender.example>"
    m["To"] = "zhang@example.com"
    m["Subject"] = "逾期还款最后通知"
    m["Date"] = "Fri, 20 Nov 2026 22:50:00 +0800"
    m["Message-ID"] = "<abc@lender.example>"
    m.set_content("张先生：您的借款已逾期，请于今日还款，否则将通知您的家人。")
    m.add_attachment(pdf, maintype="application", subtype="pdf", filename="催收函.pdf")
    path.write_bytes(bytes(m))
    return path


def _pdf(path: Path, text: str) -> Path:
    from reportlab.pdfgen import canvas

    c = canvas.Canvas(str(path))
    c.drawString(72, 720, text)
    c.showPage()
    c.save()
    return path


@pytest.fixture()
def mixed(tmp_path: Path) -> Path:
    d = tmp_path / "drop"
    d.mkdir()
    tone(d / "13812345678_20261120224500.m4a", 3.0, ["-c:a", "aac"])  # Huawei's naming, the collector's number
    tone(d / "Recording_20261121_093000.mp3", 1.0, ["-c:a", "libmp3lame"])
    backup(d / "sms-20261121.xml", sms("+86 138-1234-5678", T0, 1, "您已逾期，今晚再不还款就通知您的家人"),
           sms("13812345678", T0 + dt.timedelta(minutes=2), 2, "我会处理"), sms("10086", T0, 1, "流量提醒"))
    backup(d / "calls-20261121.xml", *(
        f'<call number="13812345678" duration="{dur}" date="{ms(T0 + dt.timedelta(minutes=4 + 3 * i))}" type="{ty}" '
        f'presentation="1" readable_date="{(T0 + dt.timedelta(hours=8, minutes=4 + 3 * i)):%d %b %Y %H:%M:%S}" '
        'contact_name="(Unknown)" />' for i, (ty, dur) in
        enumerate([(3, 0), (3, 0), (1, 180), (5, 0)])), root="calls")
    _pdf(d / "statement.pdf", "Repayment statement: paid 2026-11-01")
    _email(d / "notice.eml", _pdf(tmp_path / "letter.pdf", "Collection letter").read_bytes())
    screen_recording(d / "Screenrecorder-2026-11-20-22-41-03.mp4")
    (d / "broken.m4a").write_bytes(b"\x00\x00\x00\x18ftypM4A " + b"\x00" * 40)
    (d / "+8613812345678.txt").write_text(  # imessage-exporter's text file of the conversation
        "Nov 21, 2026  7:58:00 AM\n+8613812345678\n李明，再不还款我们就去你单位找你。\n\n"
        "Nov 21, 2026  8:02:00 AM\nMe\n请停止骚扰。\n\n", encoding="utf-8")
    (d / "truncated.xml").write_text("<?xml version='1.0'?><smses count='2'>" + sms("13812345678", T0, 1, "半"))
    from PIL import Image

    Image.new("RGB", (360, 640), "white").save(d / "Screenshot_20261120-224500.png")
    return d


def test_mixed_folder_in_one_go(tmp_path: Path, mixed: Path) -> None:
    case = Case.create(tmp_path / "case", CaseMeta("混合证据", "张三", respondents=(Respondent("某某金融", ("13812345678",)),)))
    out = {Path(o.path).name.split(" › ")[-1]: o for o in case.import_paths([mixed])}
    assert all(o.status == "imported" for o in out.values()), {k: o.reason for k, o in out.items() if o.status != "imported"}
    kinds = {name: case.item(o.item_id).kind for name, o in out.items() if o.item_id}
    assert kinds["13812345678_20261120224500.m4a"] == "audio"
    assert kinds["Screenrecorder-2026-11-20-22-41-03.mp4"] == "video"
    assert kinds["broken.m4a"] == "other" and "unknown file" in out["broken.m4a"].reason
    assert "2 SMS messages" in out["sms-20261121.xml"].reason or "3 SMS messages" in out["sms-20261121.xml"].reason
    assert "incomplete" in out["truncated.xml"].reason
    chat = case.media.of(out["+8613812345678.txt"].item_id)
    assert chat is not None and chat.export is not None and (chat.export.format, chat.export.records) == ("imessage-txt", 2)
    assert kinds["催收函.pdf"] == "pdf" and "attachment of item" in out["催收函.pdf"].reason
    letter = case.media.of(out["notice.eml"].item_id)
    assert letter is not None and letter.email is not None and letter.email.attachments[0].item_id == out["催收函.pdf"].item_id
    doc = case.media.of(out["statement.pdf"].item_id)
    assert doc is not None and doc.document is not None and "Repayment statement" in doc.document.text
    # a screenshot read (as OCR would) showing the exported message
    shot = out["Screenshot_20261120-224500.png"].item_id
    case.store_ocr(shot, OcrResult("x" * 64, EngineInfo("test", "1", "chi_sim"), "zh-Hans",
                                   "您已逾期", "138 1234 5678",
                                   (Message("您已逾期，今晚再不还款就通知您的家人。", "22:41", "2026-11-20T22:41:00"),)),
                   cache_key="test")
    rec = out["13812345678_20261120224500.m4a"].item_id
    case.media.save_transcript(rec, [Segment(0, 1.5, "喂，你今天必须还钱", "催收员"), Segment(1.5, 3.0, "我已经还了", "本人")])
    assert any(h.item_id == rec for h in case.search("必须还钱"))
    assert any(e.action == "transcript_saved" for e in case.log_entries(rec))

    from evidencekit.core.analysis.chronology import call_stats, events
    from evidencekit.core.analysis.corroboration import call_links, message_links

    exs = case.exhibits_with_text()
    [link] = message_links(exs)
    assert link.screenshot_item == shot and link.row == 0
    [clink] = call_links(exs)
    assert clink.recording_item == rec
    evs = events(exs, numbers=("13812345678",), limit=None)
    assert not any("流量提醒" in e.text for e in evs)  # 10086 is not the case's number
    msg = [e for e in evs if "通知您的家人" in e.text]
    assert len(msg) == 1 and msg[0].row == 0 and exhibit_of(exs, shot) in msg[0].also
    stats = call_stats(evs)
    assert stats is not None and stats.total == 4 and stats.unanswered == 3 and stats.peak_count == 4
    assert stats.night == 4

    from evidencekit.core.export.bundle import export_case
    from evidencekit.core.export.model import ExportOptions

    res = export_case(case, tmp_path / "bundle.pdf", ExportOptions(language="zh-Hans", make_zip=True))
    case.close()
    assert verify_case(tmp_path / "case").ok
    assert verify_path(res.pdf_path).ok and verify_path(res.zip_path).ok
    import subprocess

    text = subprocess.run(["pdftotext", "-layout", str(res.pdf_path), "-"], capture_output=True, text=True).stdout
    for words in ("经证据", "印证", "未接来电", "录音文字稿", "喂，你今天必须还钱", "逾期还款最后通知", "Repayment statement",
                  "关键帧", "波形图", "无法作为录音", "imessage-exporter", "去你单位找你",
                  "文件不完整：在 1 条完整记录之后中断"):  # a reader's note in the bundle's language
        assert words in text, words


def exhibit_of(exs: list, item_id: int) -> str:
    return next(e.number for e in exs if e.item.id == item_id)


def test_threats_in_an_export_count_like_a_screenshots(tmp_path: Path) -> None:
    """An exported SMS is read by the classifier a screenshot's messages go through: its threat
    counts on the cover; the same message on a screenshot too counts once."""
    from evidencekit.core.export.model import gather
    from evidencekit.core.export.strings import strings
    from evidencekit.core.export.summary import case_summary

    d = tmp_path / "drop"
    d.mkdir()
    backup(d / "sms.xml", sms("13812345678", T0, 1, "再不还款就上门找你家人，通知你单位"),
           sms("13812345678", T0 + dt.timedelta(minutes=5), 1, "您的借款已逾期3天，请今日还款2000元"),
           sms("13812345678", T0 + dt.timedelta(minutes=6), 2, "我会还的"),
           sms("10086", T0, 1, "再不缴费将停机并通知你家人"))  # not the case's number: not counted
    from PIL import Image

    Image.new("RGB", (360, 640), "white").save(d / "shot.png")
    case = Case.create(tmp_path / "case", CaseMeta("短信", "张三", respondents=(Respondent("某某金融", ("13812345678",)),)))
    out = {Path(o.path).name: o for o in case.import_paths([d])}
    shot = out["shot.png"].item_id
    m = Message("再不还款就上门找你家人，通知你单位。", "22:41", "2026-11-20T22:41:00", side="in")
    case.store_ocr(shot, OcrResult("x" * 64, EngineInfo("test", "1", "chi_sim"), "zh-Hans", m.text, "138 1234 5678",
                                   (m,)), cache_key="test")
    summary = case_summary(gather(case), strings("en"))
    case.close()
    by = {ln.key: ln for ln in summary.lines}
    threat = [k for k in by if k.startswith("threat")]
    assert threat, by
    for k in threat:  # once, though the screenshot shows the exported message too; both exhibits named
        assert by[k].value.startswith("1 message") and set(by[k].exhibits) == {"1", "2"}, by[k]
    # both received messages speak of the overdue debt; the screenshot's copy adds none
    assert by["overdue_collection"].value.startswith("2 messages")
    assert "2 contacts in total" in by["period"].value
    assert "2,000" in by["amounts"].value and "某某金融" in by["amounts"].value  # attributed by its number
    assert "10086" not in " ".join(ln.text for ln in summary.lines)


def test_the_persons_not_me_in_an_export_marks_that_conversations_notices(tmp_path: Path) -> None:
    """An exported conversation is read as a thread, as a screenshot is: the person's "我不是张伟"
    marks the notices naming 张伟 from that number; another conversation in the same export is
    not answered by it. The cover, the findings and each message's reading agree."""
    from evidencekit.core.analysis.labels import THREAD_RULE
    from evidencekit.core.export.model import gather
    from evidencekit.core.export.strings import strings
    from evidencekit.core.export.summary import analysis_of, case_summary

    d = tmp_path / "drop"
    d.mkdir()
    a_notice = "张伟，您的借款已逾期3天，请今日内还款。"
    b_notice = "李强，您的借款已逾期，请尽快还款。"
    b_threat = "再不还钱就去你单位找你领导。"
    # the export lists the reply before the notice it answers: the conversation is read in time order
    backup(d / "sms.xml", sms("13812345678", T0 + dt.timedelta(minutes=5), 2, "我不是张伟，你们发错了"),
           sms("13812345678", T0, 1, a_notice),
           sms("13900001111", T0 + dt.timedelta(minutes=1), 1, b_notice),
           sms("13900001111", T0 + dt.timedelta(minutes=2), 1, b_threat))
    case = Case.create(tmp_path / "case", CaseMeta("短信", "", respondents=(
        Respondent("某某金融", ("13812345678", "13900001111")),)))
    assert [o.status for o in case.import_paths([d])] == ["imported"]
    b = gather(case)
    case.close()
    a = analysis_of(b)
    read = {c.text: a.readings.get(i) for i, c in enumerate(a.contacts)}
    marked = read[a_notice]
    assert marked is not None and "possibly_misdirected" in marked.label_names
    assert any(h.rule == THREAD_RULE for h in marked.hits) and "张伟" in marked.names_other
    for other in (b_notice, b_threat):  # nobody in that conversation said they are not theirs
        r = read[other]
        assert r is not None and "possibly_misdirected" not in r.label_names
    lines = {ln.key: ln.text for ln in case_summary(b, strings("zh-Hans"), a).lines}
    assert lines["possibly_misdirected"] == "疑似发错人：1 条（证据1）"
    assert lines["reply_not_me"] == "本人回复称非本人或发错：1 条（证据1）"
    missent = [f for f in a.findings if f.rule_id == "misdirected"]
    assert [[e.text for e in f.evidence] for f in missent] == [[a_notice, "我不是张伟，你们发错了"]]


def test_a_redacted_bundle_masks_the_names_an_exported_conversation_disowns(tmp_path: Path) -> None:
    """With names masked, the name a mis-sent notice in an SMS export gives (disowned by the
    person's reply in that conversation) is masked as a screenshot's would be."""
    from evidencekit.core.export.model import gather
    from evidencekit.core.export.redaction import redactor_for

    d = tmp_path / "drop"
    d.mkdir()
    backup(d / "sms.xml", sms("13812345678", T0, 1, "张伟，您的借款已逾期3天，请今日内还款。"),
           sms("13812345678", T0 + dt.timedelta(minutes=5), 2, "我不是张伟，你们发错了"))
    case = Case.create(tmp_path / "case", CaseMeta("短信", "", respondents=(Respondent("某某金融", ("13812345678",)),)))
    assert [o.status for o in case.import_paths([d])] == ["imported"]
    b = gather(case)
    case.close()
    masked = redactor_for(b, mask_names=True).text("张伟，您的借款已逾期3天")
    assert "张伟" not in masked
    assert "张伟" in redactor_for(b).text("张伟，您的借款已逾期3天")


def test_an_exported_message_of_unknown_direction_is_read_like_a_screenshots(tmp_path: Path) -> None:
    """A row whose box the export did not record (an unknown `type`) is read with its side
    unknown: reading as the person's reply, it is theirs on the cover and in the chronology, and
    it marks the notice it answers."""
    from evidencekit.core.analysis.chronology import events
    from evidencekit.core.analysis.contacts import Direction
    from evidencekit.core.export.model import gather
    from evidencekit.core.export.summary import analysis_of

    d = tmp_path / "drop"
    d.mkdir()
    notice, reply = "张伟，您的借款已逾期3天，请今日内还款。", "我不是张伟，你们发错了"
    backup(d / "sms.xml", sms("13812345678", T0, 1, notice), sms("13812345678", T0 + dt.timedelta(minutes=5), 0, reply))
    case = Case.create(tmp_path / "case", CaseMeta("短信", "", respondents=(Respondent("某某金融", ("13812345678",)),)))
    assert [o.status for o in case.import_paths([d])] == ["imported"]
    b = gather(case)
    case.close()
    a = analysis_of(b)
    by_text = {c.text: (i, c) for i, c in enumerate(a.contacts)}
    assert by_text[reply][1].direction is Direction.OUT and by_text[notice][1].direction is Direction.IN
    r = a.readings[by_text[notice][0]]
    assert "possibly_misdirected" in r.label_names
    assert [(e.text[:4], e.outgoing) for e in events(b.exhibits) if e.text] == [("张伟，您", False), ("我不是张", True)]
