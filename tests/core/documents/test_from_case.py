"""Complaints and the brief written from a constructed case: every channel's required fields, every
exhibit reference the bundle's, quotes exact, the bundle's fingerprint (or a note that none was
made); the PDF read back with pdftotext, the DOCX with python-docx."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import docx
import pytest

from evidencekit.core.analysis.case_settings import CaseSettings
from evidencekit.core.analysis.casework import CaseAnalysis, analyse
from evidencekit.core.documents import BLANK, LANGUAGES, channels, field_label, render, write_docx
from evidencekit.core.documents.fromcase import BundleRef, draft_input, saved_as_draft
from evidencekit.core.documents.render import blank_label
from evidencekit.core.export.pdf.draft_doc import write_draft_pdf
from tests.core.analysis.casefixture import COLLECTOR, E2, LENDER, META, exhibits

FP = "ab" * 32
BUNDLE = BundleRef(FP, "bundle-2026-11-28.pdf", "2026-11-28T10:00:00Z", True)


@pytest.fixture(scope="module")
def case() -> CaseAnalysis:
    settings = CaseSettings(claimant_address="成都市武侯区某路1号", claimant_id_type="居民身份证",
                            respondent_addresses={COLLECTOR: "深圳市南山区某大厦"}, lenders=(LENDER,),
                            questions=("能否要求对方赔偿？",))
    return analyse(exhibits(), META, settings)


ALL = [(c, lang) for c in channels() for lang in LANGUAGES]


@pytest.mark.parametrize(("channel", "lang"), ALL, ids=[f"{c}-{lang}" for c, lang in ALL])
def test_every_channel_from_the_case(case: CaseAnalysis, channel: str, lang: str) -> None:
    ch = channels()[channel]
    data = draft_input(case, exhibits(), channel, lang, bundle=BUNDLE, date="2026-11-28")
    d = render(channel, data, lang)
    assert len(d.text) <= ch.limit
    assert set(d.fields) == set(ch.fields)
    for fid, value in d.fields.items():
        if channel == "12321-sms":
            assert value and value in d.text
            continue
        assert field_label(fid, lang, ch) in d.text, fid
        if value is None:
            assert BLANK[lang].format(label=blank_label(fid, lang)) in d.text, fid
    # the complaint is about the collector (most findings are its) and the lender it collects for;
    # a report to a telecom desk, of the collector's numbers alone; words exactly
    numbers = {ex.number for ex in exhibits()}
    assert set(d.exhibits_cited) <= numbers
    if channel != "lawyer":
        # a desk for lenders and consumers: the lender, its collector named beside it
        assert data.respondent.name == (LENDER if ch.default_respondent == "lender" else COLLECTOR)
        if ch.kind == "telecom":
            assert set(d.exhibits_cited) <= {"2", "4"}
            assert {q.exhibit for q in data.quotes} <= {"2", "4"}
        # the worst message first, after the person's request to stop (what the case turns on)
        top = min(data.quotes, key=lambda q: q.rank)
        assert top.own or top.text in {m[2] for m in E2} | {"最后通知，今天不还就起诉你。"}
    # the most serious quote survives any shortening, but in English to a mainland desk's short
    # box, where a complaint about a lender and its collector (their requests, the grounds) fills
    # it without any quote: that text is cut at the limit, and says so
    cut = "text cut at the limit" in d.shortened
    assert not cut or (lang == "en" and ch.jurisdiction == "CN" and d.text.endswith("the rest is in the bundle)\n"))
    assert data.quotes and (cut or min(data.quotes, key=lambda q: q.rank).text in d.text)
    texts = {c.text for c in case.contacts}
    assert all(q.text in texts for q in data.quotes)  # every quote a message, word for word
    if channel != "12321-sms" and not cut:
        assert FP in d.text
    # what the person gave is filled in, what they did not is a marked blank
    if "complainant_address" in ch.fields:
        assert d.fields["complainant_address"] == "成都市武侯区某路1号"
    if "id_number" in ch.fields:
        assert d.fields["id_number"] is None


def test_counts_and_dates_come_from_the_case(case: CaseAnalysis) -> None:
    # (12315's own default is the agency: here the lender, asked for, and its agency with it)
    data = draft_input(case, exhibits(), "12315", "zh-Hans", bundle=BUNDLE, date="2026-11-28", respondent=LENDER)
    assert draft_input(case, exhibits(), "12315", "zh-Hans").respondent.name == COLLECTOR
    # the collector's contacts whose time is sure (the five at night; the undated one is not
    # counted) and those of the lender it collects for, each sender's apart
    assert (data.first_contact, data.last_contact, data.contact_count, data.contact_exhibits) == (
        "2026-11-18", "2026-11-23", 10, ("1", "2", "3", "5"))
    d = render("12315", data, "zh-Hans")
    # the undated contact is said apart, its time not given; the night-time ones as the cover counts them
    assert ("自2026-11-18至2026-11-23，共有2个号码或机构联系本人10次：恒信消费金融有限公司 5次（证据1、3、5）；"
            "融达信息咨询有限公司 5次（证据2）。其中夜间（22:00–08:00）联系5次。另有1次联系的时间不详（证据4）。") in d.text
    assert "本投诉仅涉及一件事项：恒信消费金融有限公司及其委托的催收机构融达信息咨询有限公司的催收行为。" in d.text
    assert data.respondent.name == LENDER and [a.name for a in data.agents] == [COLLECTOR]
    assert draft_input(case, exhibits(), "12315", "zh-Hans", respondent=COLLECTOR).respondent.address == "深圳市南山区某大厦"
    # the lender's complaint, asked for by name: the same conduct, its collector's with it
    lender = draft_input(case, exhibits(), "lender", "zh-Hans", bundle=BUNDLE, respondent=LENDER)
    assert {f.respondent for f in lender.findings} == {LENDER, COLLECTOR}
    assert [e.number for e in lender.exhibits] == ["1", "2", "3", "4", "5"]
    assert lender.contact_count == 10


def test_the_brief_names_everything_and_the_persons_questions(case: CaseAnalysis) -> None:
    data = draft_input(case, exhibits(), "lawyer", "zh-Hans", bundle=BUNDLE, date="2026-11-28")
    d = render("lawyer", data, "zh-Hans")
    assert [e.number for e in data.exhibits] == ["1", "2", "3", "4", "5"]
    assert len(data.findings) == len(case.findings)
    assert "能否要求对方赔偿？" in d.text
    # the timeline in order, the request to stop in it, relative times marked as worked out
    assert "2026-11-20 09:10 证据1：本人要求停止联系" in d.text
    assert "2026-11-21 23:05（据“今天 23:05”推算） 证据2：融达信息咨询有限公司：威胁告知第三人、逾期催收" in d.text
    times = [m.group(1) for m in re.finditer(r"^- (\d{4}-\d\d-\d\d \d\d:\d\d)", d.text, re.M)]
    assert times == sorted(times)


def test_without_a_bundle_the_draft_says_so() -> None:
    a = analyse(exhibits(), META)
    for lang, note in (("zh-Hans", "尚未生成签名证据包"), ("en", "No signed bundle has been made yet")):
        d = render("lender", draft_input(a, exhibits(), "lender", lang, bundle=None), lang)
        assert note in d.text and "SHA-256" not in d.text
    stale = BundleRef(FP, "b.pdf", "t", current=False)
    d = render("lender", draft_input(a, exhibits(), "lender", "zh-Hans", bundle=stale), "zh-Hans")
    assert FP in d.text and "请重新导出" not in d.text  # the fingerprint given; the stale note only without one
    assert draft_input(a, exhibits(), "lender", "zh-Hans", bundle=stale).bundle_note.startswith("（注意")


def test_pdf_and_docx_read_back(case: CaseAnalysis, tmp_path: Path) -> None:
    d = render("consumer_association", draft_input(case, exhibits(), "cca", "zh-Hans", bundle=BUNDLE),
               "zh-Hans")
    pdf = write_draft_pdf(d, tmp_path / "d.pdf", fingerprint=FP)
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    flat = re.sub(r"\s", "", text)
    for line in d.text.splitlines():
        assert re.sub(r"\s", "", line) in flat, line  # every line, the Chinese given back
    assert "Subject:" in (info := subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True).stdout)
    assert FP in info
    # the footer names the channel in the draft's language, not by its id
    assert f"{d.channel_name} · 1" in text and "consumer_association" not in text
    fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True).stdout
    cjk = [ln.split() for ln in fonts.splitlines()[2:] if "WenQuanYi" in ln]
    assert cjk and all(f[-5] == "yes" for f in cjk)  # the CJK font embedded (as a subset)
    path = write_docx(d, tmp_path / "d.docx", fingerprint=FP)
    doc = docx.Document(str(path))
    paras = [p.text for p in doc.paragraphs]
    assert paras[0] == d.text.splitlines()[0]
    assert [ln for ln in d.text.splitlines()[1:] if ln.strip()] == [p for p in paras[1:]]
    assert doc.core_properties.keywords == f"bundle-sha256:{FP}"
    blanks = [r.text for p in doc.paragraphs for r in p.runs if r.font.highlight_color is not None]
    assert blanks == [BLANK["zh-Hans"].format(label=b) for b in d.blanks]  # d.blanks: what each blank asks


def test_an_edited_draft_is_the_persons_text() -> None:
    d = saved_as_draft("12315", "en", "My complaint\nSee exhibit 2 and exhibits 3, 5.\n")
    assert d.edited and d.title == "My complaint" and d.exhibits_cited == ("2", "3", "5") and d.limit == 1000


def test_no_request_presumes_a_disclosure_happened() -> None:
    # a threat to tell others is not a disclosure: the standing requests ask that it not happen
    # ("不得向第三人披露"), never to "stop" what the evidence may not show was done
    for cid, ch in channels().items():
        for lang, reqs in ch.requests.items():
            for r in reqs:
                assert not re.search(r"停止[^，。]*(披露|揭露)|stop disclos|stop[^,.]*disclosing", r), (cid, lang, r)


def test_english_headings_are_not_its_numbered_items(case: CaseAnalysis, tmp_path: Path) -> None:
    # "I. Requests" is a heading; "1. Order the respondent …" under it is an item, styled as text
    d = render("12315", draft_input(case, exhibits(), "12315", "en", bundle=BUNDLE), "en", fit=False)
    doc = docx.Document(str(write_docx(d, tmp_path / "d.docx", fingerprint=FP)))
    headings = [p.text for p in doc.paragraphs if p.style.name.startswith("Heading")]
    items = [p.text for p in doc.paragraphs if re.match(r"\d+\. ", p.text)]
    assert [h.split(". ")[0] for h in headings[1:]] == ["I", "II", "III", "IV"]  # after the title
    assert items and not any(re.match(r"\d+\. ", h) for h in headings)


@pytest.mark.parametrize("channel", ["lender", "12315", "12378", "consumer_association"])
def test_a_complaints_facts_are_in_time_order_the_worst_kept_longest(case: CaseAnalysis, channel: str) -> None:
    data = draft_input(case, exhibits(), channel, "zh-Hans", bundle=BUNDLE, date="2026-11-28")
    dated = [q.time[:16] for q in data.quotes if not q.undated]
    assert len(dated) >= 2 and dated == sorted(dated)
    assert all(q.undated for q in data.quotes[len(dated):])  # the undated last
    # the quote chosen first (the most serious) is kept the longest
    worst = min(data.quotes, key=lambda q: q.rank)
    assert worst.text in render(channel, data, "zh-Hans").text


# (12315 in English is left out: its 1,000 characters hold the agency and the lender it collects
# for, the requests and one quote with the line saying what was left out, not the findings' count too;
# a quote is kept before that count: test_one_respondent.test_a_short_form_keeps_a_quote_before_the_findings_count)
@pytest.mark.parametrize(("channel", "lang"), [(c, lang) for c in ("12315", "12378", "consumer_association")
                                               for lang in LANGUAGES if (c, lang) != ("12315", "en")])
def test_a_fitted_complaint_keeps_its_section_of_possible_breaches(case: CaseAnalysis, channel: str, lang: str) -> None:
    data = draft_input(case, exhibits(), channel, lang, bundle=BUNDLE, date="2026-11-28")
    d = render(channel, data, lang)
    assert data.findings and len(d.text) <= channels()[channel].limit
    assert field_label("findings", lang) in d.text, d.shortened
