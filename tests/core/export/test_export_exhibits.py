"""SMS and call-log exports in the bundle: their titles and 证明目的, their 形成时间 (the span of
their records, never the copy time), which of their records are the case's (a respondent's
signature counts as well as a number), and the cover's count of contacts after a stop request
made to a number no respondent is known by. A recording's day from its file name, in words of
the bundle's language."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pytest

from evidencekit.core.analysis.case_settings import CaseSettings
from evidencekit.core.export import summary
from evidencekit.core.export.model import BundleInput, ExhibitInput
from evidencekit.core.export.pdf.formatting import formed
from evidencekit.core.export.pdf.sections.media import _name_says
from evidencekit.core.export.strings import strings
from evidencekit.core.media.model import AvFacts, ExportFacts, ItemMedia, NameFacts, Record
from evidencekit.core.media.recorders import from_name
from evidencekit.core.models import CaseMeta, Respondent
from tests.core.export.test_summary import exhibit, item, recording

COLLECTOR = "17123456789"
CALL_TIMES = ["2026-11-20T10:15:00", *(f"2026-11-24T19:{m:02d}:00" for m in (2, 7, 11, 16, 22, 28, 35, 41, 50)),
              "2026-11-24T23:05:00", "2026-11-25T07:31:00", "2026-11-25T12:00:00"]
SMS = [
    ("2026-11-21T23:18:05", COLLECTOR, "in", "张伟，别装死，明天上午10点前不还钱，我们就打电话给你老婆和你公司人事。"),
    ("2026-11-22T06:52:40", COLLECTOR, "in", "起床了吗？欠款12860元今天必须处理，否则后果自负。"),
    ("2026-11-23T14:05:00", COLLECTOR, "out", "我已经说过了，请不要再打电话和发短信骚扰我，有事请书面联系。"),
    ("2026-11-24T22:41:10", COLLECTOR, "in", "你不接电话是吧？明天我们直接去你单位找你领导谈。"),
    ("2026-11-26T00:12:33", COLLECTOR, "in", "最后通牒：明天中午前不还，你全家都会收到你的欠款信息。"),
    ("2026-11-26T10:20:00", "95188", "in", "【安逸花】李建国先生，您的欠款3,560元已逾期，请尽快处理，详询95188。"),
    ("2026-11-26T11:00:00", "10086", "in", "您本月话费账单已出，详情请登录APP查询。"),
]


def _export(number: str, name: str, fmt: str, records: tuple[Record, ...]) -> ExhibitInput:
    kinds: dict[str, int] = {}
    for r in records:
        kinds[r.kind] = kinds.get(r.kind, 0) + 1
    facts = ExportFacts(format=fmt, records=len(records), by_kind=kinds, offset="+08:00")
    it = item(name, kind="text", mime="application/xml", file_mtime="2026-12-03T12:12:12Z")
    return ExhibitInput(number=number, item=it, original=it.original_path,  # type: ignore[arg-type]
                        media=ItemMedia("export", facts, records=records))


def calls_export(number: str = "6") -> ExhibitInput:
    rows = tuple(Record(i, "call", COLLECTOR, t, "in", "missed" if 1 <= i <= 11 else "rejected" if i == 11 else
                        "incoming", duration_s=0 if 1 <= i <= 11 else 4)
                 for i, t in enumerate(CALL_TIMES))
    return _export(number, "calls-20261127.xml", "smsbackup-calls", rows)


def sms_export(number: str = "8") -> ExhibitInput:
    rows = tuple(Record(i, "sms", n, t, d, "received" if d == "in" else "sent", text)  # type: ignore[arg-type]
                 for i, (t, n, d, text) in enumerate(SMS))
    return _export(number, "sms-20261127.xml", "smsbackup-sms", rows)


def recorded(number: str = "5") -> ExhibitInput:
    ex = recording(number, "call-2026-11-20.m4a", file_mtime="2026-12-03T12:13:18Z")
    name = from_name(ex.item.original_name)
    assert name is not None and name.time == "2026-11-20"  # the recorders' reading of names: the day only
    av = AvFacts(True, 4.1, tags={"©day": "2026-11-20", "title": "催收来电"}, from_name=name)
    return replace(ex, media=ItemMedia("recording", av))


@pytest.fixture(scope="module")
def case() -> BundleInput:
    """The review's case: the collector's and the 安逸花 screenshots (the header "安逸花 95188 8001"),
    a recording, the call log and the SMS export; the stop request made to the collector's mobile."""
    threat, shot = exhibit("1", "ios-dark-hans-threat.png"), exhibit("4", "android-light-hans-missent.png")
    meta = CaseMeta(title="众安金融及第三方催收骚扰", claimant_name="张伟", claimant_phone="13912345678",
                    respondents=(Respondent("众安金融"), Respondent("安逸花")))
    settings = CaseSettings(stop_requested_at="2026-11-23T14:05", stop_basis="本人短信，见短信导出", stop_to=COLLECTOR)
    return BundleInput(meta=meta, exhibits=(threat, shot, recorded(), calls_export(), sms_export()), log=(),
                       identity=None, settings=settings)  # type: ignore[arg-type]  # (never signed)


# ------------------------------------------------------------------ item 2: after the stop request


def test_the_contacts_the_stop_request_concerns_are_those_of_the_number_it_went_to(case: BundleInput) -> None:
    a = summary.analysis_of(case)
    after = [c for c in a.contacts if c.counterpart == COLLECTOR and c.direction.value == "in" and c.time
             and c.time > dt.datetime(2026, 11, 23, 14, 5)]
    line = next(ln for ln in summary.case_summary(case, strings("zh-Hans"), a).lines if ln.key == "after_stop")
    assert f"其中该要求涉及的（{COLLECTOR}）{len(after)} 次" in line.value, line.value
    assert len(after) == 18  # 12 calls and 2 SMS of the exports, 4 messages of the dated screenshot
    # the person's own earlier request to 安逸花 (its screenshot) is said too: the findings hold
    # 安逸花 to that one
    assert line.value.endswith("；本人另于2026-11-20 09:12向安逸花提出停止要求（证据4）"), line.value


# ------------------------------------------------------------------ item 3: which records are the case's


def test_a_record_signed_by_a_respondent_is_the_case_s(case: BundleInput) -> None:
    numbers = summary.respondent_numbers(case)
    assert "95188" in numbers and "10086" not in numbers
    texts = [e.text for e in summary.case_events(case, strings("zh-Hans"))]
    assert any(t.startswith("【安逸花】李建国先生，您的欠款3,560元") for t in texts)
    assert not any("话费账单" in t for t in texts)
    # the header "安逸花 95188 8001" is the line 95188, not 951888001; the mis-sent notice is counted
    a = summary.analysis_of(case)
    notice = next(c for c in a.contacts if c.source.exhibit == "8" and c.counterpart == "95188")
    assert notice.respondent == "安逸花"
    senders = next(ln for ln in summary.case_summary(case, strings("zh-Hans"), a).lines if ln.key == "senders")
    assert "95188、" not in senders.value + "、" and "安逸花 95188 8001" in senders.value


def test_the_list_of_case_numbers_says_institutions_when_it_holds_names() -> None:
    from reportlab.platypus import Paragraph

    from evidencekit.core.export.pdf.sections.media import _export
    from evidencekit.core.export.pdf.styles import Styles, register_fonts
    from tests.core.export.test_cover_counts import layout

    register_fonts()
    # a screenshot whose header names the sender (微众银行), no number: one of the case's senders
    b = BundleInput(meta=CaseMeta(title="t", claimant_name="张伟"),
                    exhibits=(exhibit("3", "ios-light-hans-delivered.png"), sms_export()), log=(),
                    identity=None)  # type: ignore[arg-type]  # (never signed)
    li = layout(b)
    ex = b.exhibits[1]
    assert ex.media is not None and ex.media.export is not None
    out = _export(li, Styles(True), ex, ex.media.export, ex.media.records)
    said = " ".join(f.getPlainText() for f in out if isinstance(f, Paragraph))
    assert "与本案号码或机构（" in said and "微众银行" in said, said


# ------------------------------------------------------------------ item 5: 形成时间


@pytest.mark.parametrize(("lang", "want"), [
    ("zh-Hans", "2026-11-20 10:15 至 2026-11-25 12:00（依据导出记录的时间）"),
    ("en", "2026-11-20 10:15–2026-11-25 12:00 (from the times of the exported records)"),
])
def test_an_export_is_formed_over_the_span_of_its_records(lang: str, want: str) -> None:
    assert formed(strings(lang), calls_export()) == want
    assert formed(strings("zh-Hans"), calls_export(), short=True) == "2026-11-20 至 2026-11-25（依据导出记录的时间）"


def test_a_recording_is_formed_on_the_day_its_file_name_gives() -> None:
    assert formed(strings("zh-Hans"), recorded()) == "2026-11-20（依据文件名中的日期）"
    # the date tag when the name says nothing
    ex = recorded()
    assert ex.media is not None and ex.media.av is not None
    tagged = replace(ex, media=replace(ex.media, facts=replace(ex.media.av, from_name=None)))
    assert formed(strings("zh-Hans"), tagged) == "2026-11-20（依据文件内标签的日期）"


# ------------------------------------------------------------------ item 13: titles and 证明目的


@pytest.mark.parametrize(("lang", "calls", "sms"), [
    ("zh-Hans", "通话记录导出：17123456789，13 条，11-20 至 11-25", "短信导出：17123456789 等，7 条，11-21 至 11-26"),
    ("zh-Hant", "通話紀錄匯出：17123456789，13 筆，11-20 至 11-25", "簡訊匯出：17123456789 等，7 則，11-21 至 11-26"),
    ("en", "Call log export: 17123456789, 13 calls, 20–25 Nov", "SMS export: 17123456789 and others, 7 messages, 21–26 Nov"),
])
def test_an_export_is_titled_by_what_it_holds(lang: str, calls: str, sms: str) -> None:
    assert summary.exhibit_title(calls_export(), strings(lang)) == calls
    assert summary.exhibit_title(sms_export(), strings(lang)) == sms


def test_an_export_s_purpose_describes_its_records(case: BundleInput) -> None:
    a = summary.analysis_of(case)
    calls, sms = case.exhibits[3], case.exhibits[4]
    said = summary.exhibit_proves(calls, strings("zh-Hans"), analysis=a)
    assert said == ("证明来电的时间及接听情况：来电 13 次，其中未接或拒接 11 次、夜间（22:00–08:00）2 次、"
                    "2026-11-24 一日 10 次"), said
    en = summary.exhibit_proves(calls, strings("en"), analysis=a)
    assert en.startswith("Shows when calls came in and whether they were answered: 13 calls received, of them "), en
    words = summary.exhibit_proves(sms, strings("zh-Hans"), claimant_name="张伟", analysis=a)
    assert "证明对方以告知第三人相威胁" in words and "证明该消息称呼或涉及的是他人" in words, words
    assert "违" not in said + words  # descriptive, never a legal conclusion


# ------------------------------------------------------------------ item 15: the recording page's words


def test_a_date_in_a_recording_s_name_is_said_in_the_bundle_s_language() -> None:
    nf = NameFacts("date-in-name", "any recording whose name carries a date (call-2026-11-20): the day only",
                   "2026-11-20")
    for lang in ("zh-Hans", "zh-Hant"):
        shown = _name_says(strings(lang), nf.convention, nf.app, "2026-11-20")
        assert shown.startswith("2026-11-20（") and "any recording" not in shown and "day only" not in shown
    miui = _name_says(strings("zh-Hans"), "miui-call", "Xiaomi / Redmi (MIUI, HyperOS) call recorder", "x")
    assert miui == "x（小米/红米（MIUI、HyperOS）通话录音的命名规则）"


def test_a_number_that_only_called_is_among_the_cover_s_senders() -> None:
    # a respondent's landline that only ever called (the case lists it as that respondent's)
    landline = "02180001234"
    calls = calls_export()
    assert calls.media is not None
    rows = (*calls.media.records, Record(99, "call", landline, "2026-11-24T10:00:00", "in", "missed", duration_s=0))
    only_calls = _export("6", "calls-20261127.xml", "smsbackup-calls", rows)
    meta = CaseMeta(title="t", claimant_name="张伟", claimant_phone="13912345678", respondents=(Respondent("众安金融", (landline,)),))
    b = BundleInput(meta=meta, exhibits=(exhibit("1", "ios-dark-hans-threat.png"), only_calls), log=(),
                    identity=None, settings=CaseSettings())  # type: ignore[arg-type]  # (never signed)
    a = summary.analysis_of(b)
    lines = {ln.key: ln for ln in summary.case_summary(b, strings("zh-Hans"), a).lines}
    assert lines["senders"].label == "发送方及来电号码"
    assert landline in lines["senders"].value


def test_a_debt_in_an_exported_notice_names_whom_the_notice_addresses(case: BundleInput) -> None:
    # the export alone (no screenshot of the notice): its rows share one exhibit and have no
    # message index, and the row's own reading names 李建国, not another row's
    b = replace(case, exhibits=(exhibit("1", "ios-dark-hans-threat.png"), sms_export()))
    a = summary.analysis_of(b)
    first = next(c for c in a.contacts if c.source.exhibit == "8")
    assert first.source.row != 5  # the collector's rows come first
    line = next(ln for ln in summary.case_summary(b, strings("zh-Hans"), a).lines if ln.key == "third_party")
    assert "3,560.00（致李建国）" in line.value, line.value
    assert "?" not in line.value
