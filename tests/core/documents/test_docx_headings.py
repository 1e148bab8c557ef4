"""Only real headings are headings: in every channel's DOCX (and PDF, laid out from the same
line kinds) the title, the sections "一、…"/"I. …" and a line that introduces numbered quotes are
headings; the SMS to 12321 ("源号码*全文") and every other line are normal paragraphs."""

from __future__ import annotations

from pathlib import Path

import docx
import pytest

from evidencekit.core.documents import LANGUAGES, DraftInput, channels, render, write_docx
from evidencekit.core.documents.docx_writer import line_kinds, starts_quotes_after_events
from evidencekit.core.documents.model import HEADING, Draft
from tests.core.documents.test_drafts import FINGERPRINT, data

__all__ = ["data"]  # the fixture, used by name

ALL = [(c, lang) for c in channels() for lang in LANGUAGES]
LAWYER_INTRO = {"zh-Hans": "主要消息及本人回复原文：", "zh-Hant": "主要訊息及本人回覆原文：",
                "en": "The key messages and my replies, word for word:"}
INTRO = ("同一发送方的其他短信：", "同一發送方的其他簡訊：", "Other messages from the same sender:", *LAWYER_INTRO.values())


@pytest.mark.parametrize(("channel", "lang"), ALL, ids=[f"{c}-{lang}" for c, lang in ALL])
def test_only_headings_are_styled_as_headings(data: DraftInput, channel: str, lang: str, tmp_path: Path) -> None:
    d = render(channel, data, lang)
    doc = docx.Document(str(write_docx(d, tmp_path / "d.docx", fingerprint=FINGERPRINT)))
    lines = [line for line in d.text.splitlines() if line.strip()]
    styles = [(p.style.name if p.style is not None else "", p.text) for p in doc.paragraphs]
    for name, text in styles:
        if text == lines[0] and channel != "12321-sms":
            assert name == "Heading 1", text
        elif HEADING.match(text):
            assert name == "Heading 2", text
        elif text in INTRO:
            assert name == "Heading 3", text
        else:
            assert name == "Normal", (name, text)
    if channel == "12321-sms":
        assert [name for name, _ in styles] == ["Normal", "Normal"]  # the SMS, and the fingerprint
        assert styles[0][1] == d.text.strip()
        assert doc.core_properties.title == d.channel_name
    else:
        assert styles[0] == ("Heading 1", lines[0])


def test_the_sms_to_12321_has_no_title_even_when_edited() -> None:
    sms = Draft("12321-sms", "zh-Hans", "", "17123456789*法务部已准备起诉材料，后果自负。", 350)
    assert [k for _, k in line_kinds(sms)] == ["body"]
    edited = Draft("12321-sms", "zh-Hans", "", "17123456789*法务部已准备起诉材料，\n后果自负。", 350, edited=True)
    assert [k for _, k in line_kinds(edited)] == ["body", "body"]
    one_line = Draft("12315", "zh-Hans", "", "一句话", 1000)
    assert [k for _, k in line_kinds(one_line)] == ["body"]


def test_a_line_introducing_quotes_is_a_subheading_and_quotes_after_events_stand_apart() -> None:
    text = "\n".join(["12321 举报", "被举报号码：95188", "", "同一发送方的其他短信：", "(1) 证据3，“请还款”",
                      "一、事实经过", "- 2026-11-20 09:12 证据1：逾期催收", "(1) 证据1：“逾期”", "(2) 证据2：“还款”",
                      "举报人手机号：13800000000"])
    kinds = line_kinds(Draft("12321", "zh-Hans", "12321 举报", text, 2000))
    assert [k for _, k in kinds] == ["title", "body", "gap", "subheading", "body", "heading", "body", "body", "body",
                                     "body"]
    assert [n for n in range(len(kinds)) if starts_quotes_after_events(kinds, n)] == [7]


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_lawyers_quotes_have_their_subheading(data: DraftInput, lang: str, tmp_path: Path) -> None:
    """Review 2, item 14: the brief's events and its numbered quotes ran into each other."""
    d = render("lawyer", data, lang)
    paras = docx.Document(str(write_docx(d, tmp_path / "d.docx"))).paragraphs
    first = next(i for i, p in enumerate(paras) if p.text.startswith("(1) "))
    intro = paras[first - 1]
    assert intro.style is not None and intro.style.name == "Heading 3", intro.text
    assert intro.text in LAWYER_INTRO[lang]
