"""Complaints and the lawyer's brief: required fields, exhibit references, exact quotes, limits, DOCX."""

from __future__ import annotations

from pathlib import Path

import docx
import pytest

from evidencekit.core.analysis.findings import CaseFacts, find_findings, load_ruleset
from evidencekit.core.documents import (
    BLANK, LANGUAGES, DraftInput, ExhibitRef, KeyQuote, Party, TimelineEntry, channels, field_label, render,
    write_docx,
)
from evidencekit.core.documents.render import blank_label
from evidencekit.errors import UsageError
from tests.core.analysis.test_findings import TIMELINE

FINGERPRINT = "3f" * 32
EXHIBITS = (ExhibitRef("1", "短信截图：误发通知及本人回复", "2026-11-20"), ExhibitRef("2", "短信截图：夜间短信"),
            ExhibitRef("3", "通话记录"), ExhibitRef("4", "短信截图：威胁告知同事"))
QUOTES = (KeyQuote("4", TIMELINE[-1].text, "2026-11-23 14:00", "95188"),
          KeyQuote("1", TIMELINE[2].text, "2026-11-20 10:00", "95188"))


@pytest.fixture(scope="module")
def data() -> DraftInput:
    found = find_findings(TIMELINE, CaseFacts(claimant_name="李明"), load_ruleset("cn-cba-2026"))
    return DraftInput(
        claimant=Party("李明", "13800000000"), respondent=Party("安逸花", phone="95188"), exhibits=EXHIBITS,
        findings=tuple(found), quotes=QUOTES,
        timeline=(TimelineEntry("2026-11-20 09:00", "1", "误发的逾期通知"),),
        first_contact="2026-11-20", last_contact="2026-11-23", contact_count=16,
        bundle_fingerprint=FINGERPRINT, date="2026-12-01", case_title="李明 诉 安逸花")


ALL = [(c, lang) for c in channels() for lang in LANGUAGES]


@pytest.mark.parametrize(("channel", "lang"), ALL, ids=[f"{c}-{lang}" for c, lang in ALL])
def test_every_channel_has_its_fields_references_and_quotes(data: DraftInput, channel: str, lang: str) -> None:
    ch = channels()[channel]
    d = render(channel, data, lang)
    assert len(d.text) <= ch.limit
    assert set(d.fields) == set(ch.fields)
    for fid, value in d.fields.items():
        if channel == "12321-sms":
            assert value and value in d.text  # the SMS form has no labels: 源号码*全文
            continue
        assert field_label(fid, lang, ch) in d.text, fid
        if value is None:
            assert BLANK[lang].format(label=blank_label(fid, lang)) in d.text, fid
    # every exhibit the text cites is one of the bundle's
    assert set(d.exhibits_cited) <= {e.number for e in EXHIBITS}
    # the first key message is quoted exactly, word for word
    assert QUOTES[0].text in d.text
    if channel not in ("12321-sms",):
        assert FINGERPRINT in d.text


def test_12321_sms_form(data: DraftInput) -> None:
    assert render("12321-sms", data).text == f"95188*{QUOTES[0].text}\n"


def test_complaint_cites_findings_by_exhibit_and_leaves_blanks(data: DraftInput) -> None:
    d = render("12378", data, "zh-Hans")
    assert "【请填写：证件号码】" in d.text and "【请填写：证件类型】" in d.text
    assert set(d.blanks) == {"证件类型", "证件号码"}
    assert "可能违规——需由专业人士判断" in d.text
    assert "夜间催收联系" in d.text and "证据2" in d.text
    assert "本投诉仅涉及一件事项：安逸花的催收行为。" in d.text  # one matter per complaint


def test_lawyer_brief_has_order_evidence_findings_and_questions(data: DraftInput) -> None:
    from dataclasses import replace

    d = render("lawyer", replace(data, questions=("能否要求对方赔偿？",)), "zh-Hans")
    parts = ["事实经过（按时间顺序）", "证据清单", "可能违规之处", "想咨询的问题"]
    assert [d.text.index(p) for p in parts] == sorted(d.text.index(p) for p in parts)
    for e in EXHIBITS:
        assert f"证据{e.number}：{e.title}" in d.text
    assert "能否要求对方赔偿？" in d.text
    assert "- 2026-11-20 09:00 证据1：误发的逾期通知" in d.text


def test_long_cases_are_fitted_to_the_limit_and_say_what_gave_way(data: DraftInput) -> None:
    from dataclasses import replace

    many = tuple(KeyQuote(str(1 + i % 4), f"第{i}条：" + TIMELINE[2].text, f"2026-11-2{i % 10} 10:00") for i in range(40))
    d = render("12315", replace(data, quotes=(QUOTES[0], *many)), "zh-Hans")
    assert len(d.text) <= channels()["12315"].limit
    assert QUOTES[0].text in d.text
    assert "quotes" in d.shortened and d.shortened.startswith("how to submit")
    assert "text cut" not in d.shortened


def test_docx_opens_with_python_docx(tmp_path: Path, data: DraftInput) -> None:
    d = render("12315", data, "zh-Hans")
    out = write_docx(d, tmp_path / "12315.docx", fingerprint=FINGERPRINT)
    doc = docx.Document(str(out))
    text = "\n".join(p.text for p in doc.paragraphs)
    assert QUOTES[0].text in text and FINGERPRINT in text
    assert doc.core_properties.keywords == f"bundle-sha256:{FINGERPRINT}"
    highlighted = [r.text for p in doc.paragraphs for r in p.runs if r.font.highlight_color is not None]
    assert highlighted and all(h.startswith("【请填写：") for h in highlighted)
    # every line of the draft is in the document
    assert [ln for ln in d.text.splitlines() if ln.strip()] == [p.text for p in doc.paragraphs]


def test_written_documents_say_when_they_were_written_and_by_no_library(tmp_path: Path, data: DraftInput) -> None:
    import datetime as dt
    import subprocess

    from evidencekit.core.export.pdf.draft_doc import write_draft_pdf

    d = render("lawyer", data, "zh-Hans")
    when = dt.datetime(2026, 12, 4, 22, 30, tzinfo=dt.timezone(dt.timedelta(hours=8)))
    props = docx.Document(str(write_docx(d, tmp_path / "brief.docx", created=when))).core_properties
    # python-docx's template would say it wrote the file in 2013
    assert props.author == "" and props.created == when
    info = subprocess.run(["pdfinfo", "-isodates", str(write_draft_pdf(d, tmp_path / "brief.pdf", created=when))],
                          capture_output=True, text=True, check=True).stdout
    assert "2026-12-04T22:30:00+08" in info


def test_unknown_channel_or_language(data: DraftInput) -> None:
    with pytest.raises(UsageError, match="no complaint channel"):
        render("99999", data)
    with pytest.raises(UsageError, match="no language"):
        render("12315", data, "fr")


def test_every_channel_has_a_template_per_language() -> None:
    from importlib import resources

    folder = resources.files("evidencekit.core.documents").joinpath("templates")
    names = {e.name for e in folder.iterdir()}
    for c in channels():
        for lang in LANGUAGES:
            assert f"{c}.{lang}.txt.j2" in names
