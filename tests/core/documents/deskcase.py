"""A mainland case as a complaint desk sees it: an app lender (易享贷) and the collection agency it
engaged (鼎诚资产, "受易享贷委托"), a bank card centre, and an unlisted number impersonating a court;
a confirmed payment and a later demand that still includes it, a request to stop, threats to
tell the person's employer and husband at night, a notice meant for someone else. The messages
are in the phone's SMS export (exhibit 1); a screenshot dated by EXIF (exhibit 2) shows two of
them again, so each is one message shown twice."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from evidencekit.core.analysis.case_settings import CaseSettings
from evidencekit.core.export.model import ExhibitInput
from evidencekit.core.media.model import ItemMedia, Record
from evidencekit.core.models import CaseMeta, Item, Respondent
from tests.core.analysis.casefixture import _exhibit

LENDER, AGENCY, BANK = "易享贷", "鼎诚资产", "中信银行信用卡中心"
AGENT_NO, LENDER_NO, BANK_NO, FAKE_COURT = "17055501234", "106908881234", "95558", "17189042267"
META = CaseMeta(title="易享贷及鼎诚资产催收骚扰", claimant_name="王芳", claimant_phone="15921387654",
                respondents=(Respondent(LENDER, ()), Respondent(BANK, ()), Respondent(AGENCY, ())))
SETTINGS = CaseSettings(stop_requested_at="2026-11-16 10:05", stop_to=AGENT_NO, stop_basis="本人短信，见短信导出",
                        jurisdiction="CN", claimant_address="上海市徐汇区漕溪北路88号5号楼602室",
                        claimant_id_type="身份证", claimant_id_number="310104199203152428",
                        respondent_addresses={LENDER: "深圳市南山区科技园南区易享大厦18楼",
                                              AGENCY: "上海市闵行区虹井路120号3楼"},
                        lenders=(LENDER, BANK))
PAID = "【易享贷】王芳您好，您已成功还款2,316.40元（第3期），剩余待还2,316.40元。"
BANK_PAID = "【中信银行】王女士，您的信用卡已于11月15日还款1,280.00元，感谢您的支持。"
DEMAND_AFTER = "【鼎诚资产】收到。请你今天内还清欠款4,632.80元，否则后果自负。"
NIGHT_THREAT = "你不还钱，明天我们就打电话给你公司人事和你老公，把你的事情告诉他们。"
COURT = "我是徐汇区人民法院执行局工作人员，你的借款纠纷已立案，3日内不联系本人将把你列入失信被执行人名单并依法拘留。"
OTHERS = "【易享贷】刘志强先生，您在我司的借款已逾期30天，欠款6,870.00元，请立即还款，否则将影响您的个人征信。"
STOP = "我是王芳。易享贷第3期已于11月14日还清，剩下的我会直接和易享贷协商。请你们立即停止给我打电话发短信。"
SMS = [  # (local time, number, in/out, text)
    ("2026-11-10 10:12:00", AGENT_NO, "in", "【鼎诚资产】王芳，受易享贷委托通知你：你的欠款4,632.80元已逾期，请尽快处理。"),
    ("2026-11-10 22:47:00", AGENT_NO, "in", "【鼎诚资产】王芳，受易享贷委托通知你：你的欠款4,632.80元已严重逾期，"
                                            "今晚不处理，明天我们派人上门核实你的单位地址。"),
    ("2026-11-12 14:22:00", FAKE_COURT, "in", COURT),
    ("2026-11-13 11:05:00", AGENT_NO, "in", "【鼎诚资产】律师函：王芳，你拖欠易享贷借款本息合计4,632.80元，"
                                            "我司法务部已向法院申请立案，请于11月15日前还清。"),
    ("2026-11-14 15:42:10", LENDER_NO, "in", PAID),
    ("2026-11-15 09:18:00", BANK_NO, "in", BANK_PAID),
    ("2026-11-16 10:05:00", AGENT_NO, "out", STOP),
    ("2026-11-16 10:40:03", AGENT_NO, "in", DEMAND_AFTER),
    ("2026-11-17 23:15:20", AGENT_NO, "in", NIGHT_THREAT),
    ("2026-11-19 10:02:00", LENDER_NO, "in", OTHERS),
    ("2026-11-19 10:30:00", LENDER_NO, "out", "我不是刘志强，这个号码是我本人的，你们发错人了。"),
    ("2026-11-21 22:00:00", AGENT_NO, "in", "最后通知：明天上午我们的人到你单位当面找你。"),
]


def export_exhibit(number: str = "1", rows: list[tuple[str, str, str, str]] | None = None) -> ExhibitInput:
    """The phone's SMS export: every message with its exact time."""
    records = tuple(Record(k, "sms", no, t.replace(" ", "T"), side, "received" if side == "in" else "sent", text)
                    for k, (t, no, side, text) in enumerate(rows if rows is not None else SMS))
    item = Item(id=100, sha256="e1" * 32, sm3="b" * 64, size=4000, kind="export", mime="application/xml",
                original_name="sms-20261123103000.xml", original_path="/phone/sms-20261123103000.xml",
                file_mtime="2026-11-23T02:31:00Z", exif_time=None, imported_at="2026-12-01T12:00:00Z",
                import_offset="+08:00", host="h", user="u")
    return ExhibitInput(number, item, Path("/phone/sms-20261123103000.xml"), None,
                        media=ItemMedia("export", records=records))


def screenshot_exhibit(number: str = "2") -> ExhibitInput:
    """The collector's thread photographed 2026-11-18 23:20 (EXIF): the demand and the night threat."""
    ex = _exhibit(int(number), "IMG_2001.PNG", AGENT_NO, [("星期一 10:40", "in", DEMAND_AFTER),
                                                          ("昨天 23:15", "in", NIGHT_THREAT)], exif="2026-11-18T23:20:00")
    # the times the reader works out from the EXIF date ("星期一" = 11-16, "昨天" = 11-17)
    assert ex.ocr is not None
    msgs = tuple(replace(m, sent_at=t) for m, t in zip(ex.ocr.messages, ("2026-11-16T10:40", "2026-11-17T23:15"),
                                                        strict=True))
    return replace(ex, ocr=replace(ex.ocr, messages=msgs))


def exhibits() -> tuple[ExhibitInput, ...]:
    return (export_exhibit(), screenshot_exhibit())

