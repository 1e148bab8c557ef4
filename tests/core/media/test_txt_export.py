"""imessage-exporter's text files: each message's time, sender, direction and every line of its text,
replies inside a message read as messages of their own, the exporter's remarks left out."""

from __future__ import annotations

from pathlib import Path

from evidencekit.core.media.exports import open_export
from evidencekit.core.media.exports.txtexport import TxtReader, detect
from evidencekit.core.media.notes import parse

# written the way imessage-exporter's txt exporter writes (exporters/txt.rs): the hour padded with
# a space, a read receipt in brackets, "Me" for the person, a blank line after each message
CHAT = """\
Nov 20, 2026 10:41:03 PM (Read by you after 2 minutes)
+8613812345678
您已逾期，请今晚处理。
否则我们将联系您的紧急联系人。

Nov 20, 2026 10:45:10 PM
Me
我不是借款人，请不要再联系我。
    Nov 20, 2026 10:47:00 PM
    +8613812345678
    那你认识李建国吗？
This message responded to an earlier message.
Reactions:
    Disliked by Me

Nov 20, 2026 10:50:00 PM You renamed the conversation to 催收

Nov 20, 2026  9:05:00 AM
+8613812345678
😆 emoji and English stay intact

"""


def test_messages_times_directions_and_replies(tmp_path: Path) -> None:
    p = tmp_path / "+8613812345678.txt"
    p.write_text(CHAT, encoding="utf-8")
    assert detect(p.read_bytes()[:4096])
    reader = open_export(p, p.read_bytes()[:4096])
    assert isinstance(reader, TxtReader)
    recs = list(reader.records())
    assert [(r.number, r.time, r.direction, r.status) for r in recs] == [
        ("+8613812345678", "2026-11-20T22:41:03", "in", "received"),
        ("+8613812345678", "2026-11-20T22:45:10", "out", "sent"),  # the person's: the chat's other side
        ("+8613812345678", "2026-11-20T22:47:00", "in", "received"),
        ("+8613812345678", "2026-11-20T09:05:00", "in", "received"),
    ]
    assert recs[0].text == "您已逾期，请今晚处理。\n否则我们将联系您的紧急联系人。"
    assert recs[0].extra == {"receipt": "Read by you after 2 minutes"}
    assert recs[1].text == "我不是借款人，请不要再联系我。"
    assert recs[2].text == "那你认识李建国吗？" and recs[2].extra == {"reply": True}
    # the rename announcement is no message, nor part of one
    assert recs[1].text == "我不是借款人，请不要再联系我。" and recs[3].text == "😆 emoji and English stay intact"
    f = reader.facts
    assert (f.format, f.records, dict(f.by_kind), f.offset) == ("imessage-txt", 4, {"sms": 4}, "")
    assert f.notes == () and len(f.digest) == 64


def test_contact_names_lines_outside_messages_and_two_senders(tmp_path: Path) -> None:
    p = tmp_path / "group.txt"
    p.write_text("exported 2026-11-21\n\nNov 21, 2026  8:00:00 AM\n某某金融客服\n请尽快还款\n\n"
                 "Nov 21, 2026  8:01:00 AM\n+85291234567\n最後通知\n\nNov 21, 2026  8:02:00 AM\nMe\n收到\n",
                 encoding="utf-8")
    assert not detect(p.read_bytes())  # the file does not start with a message
    recs = list(TxtReader(p).records())
    assert [(r.number, r.name, r.direction) for r in recs] == [
        ("", "某某金融客服", "in"), ("+85291234567", "", "in"),
        ("", "", "out"),  # two other senders: the person's message names neither
    ]
    reader = TxtReader(p)
    list(reader.records())
    [n] = reader.facts.notes
    assert parse(n) == ("export.txt_unparsed", {"n": "1"})


def test_other_text_files_are_not_taken_for_exports(tmp_path: Path) -> None:
    for text in ("Nov 20, 2026 10:41:03 PM\n\nbody\n", "hello\nworld\n", "Nov 20, 2026 10:41:03 PM\n"):
        assert not detect(text.encode()), text
    assert not detect("您已逾期".encode("gb18030"))
