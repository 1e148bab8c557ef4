"""A case built from a timeline we construct: screenshots (their readings as OCR gives them: time
stamps as the phone shows them, sides, senders) dated by EXIF, by the phone's file name, by a file
time only; a lender and its collector; a payment, a mis-sent notice, a night-time burst, threats to
tell third parties, a request to stop. Used by the findings, figures, cover and draft tests."""

from __future__ import annotations

from pathlib import Path

from evidencekit.core.export.model import BundleInput, ExhibitInput
from evidencekit.core.models import CaseMeta, EngineInfo, Item, Message, OcrResult, Respondent

ENGINE = EngineInfo("fake", "1.0", "chi_sim")
CLAIMANT = "李明"
LENDER = "恒信消费金融有限公司"
COLLECTOR = "融达信息咨询有限公司"
META = CaseMeta(title="李明诉恒信消费金融催收", claimant_name=CLAIMANT, claimant_phone="13800001111",
                respondents=(Respondent(LENDER, ("95566",)), Respondent(COLLECTOR, ("17088880001", "17088880002"))))

# exhibit 1: taken 2026-11-20 09:35 (the phone's file name); the lender's notices, the person's payment
# and request to stop, then a lower demand
E1 = [
    ("11月18日 10:00", "in", "【恒信消费金融】李明先生，您的借款已逾期3天，应还金额¥5,200.00元，请尽快还款。"),
    ("昨天 21:00", "in", "【恒信消费金融】您的借款仍未还款，逾期记录将上报征信。"),
    ("今天 09:10", "out", "我已经还了2000元，请停止发短信骚扰我。"),
    ("今天 09:30", "in", "【恒信消费金融】剩余应还¥3,200.00元，请于今日还清。如有疑问请致电2345 6789。"),
]
# exhibit 2: EXIF 2026-11-21 23:59; the collector at night, five messages in an hour
E2 = [
    ("今天 23:05", "in", "你妈的手机号13912345678我们这边也有，再不还钱就打给她。"),
    ("今天 23:15", "in", "睡了吗？我们可没睡。"),
    ("今天 23:25", "in", "明天我们就去你公司门口等你。"),
    ("今天 23:40", "in", "你欠恒信消费金融的钱，请转账至账户6222 0212 3456 7890 123，开户行建设银行。"),
    ("今天 23:55", "in", "再不处理，我们就把你欠钱的事告诉你所有同事。"),
]
# exhibit 3: file name 2026-11-22 10:00; a notice for somebody else, signed by the lender
E3 = [("10:00", "in", "【恒信消费金融】张伟先生，您的借款已逾期，欠款¥8,800.00元，请尽快处理。")]
# exhibit 4: no EXIF, a name the phone did not give: "今天" rests on the file time only
E4 = [("今天 15:00", "in", "最后通知，今天不还就起诉你。")]
# exhibit 5: EXIF 2026-11-23 12:00; an instalment in Hong Kong dollars
E5 = [("今天 11:00", "in", "【恒信消费金融】您的分期应还HK$1,200.00，请按时还款。")]


def _item(i: int, name: str, exif: str | None = None) -> Item:
    return Item(id=i, sha256=f"{i:02d}" * 32, sm3="b" * 64, size=100, kind="image", mime="image/png",
                original_name=name, original_path=f"/phone/{name}",
                file_mtime="2026-11-28T06:33:29Z",  # copied to the computer on the 28th
                exif_time=exif, imported_at="2026-11-28T06:40:00Z", import_offset="+08:00", host="h", user="u")


def _exhibit(i: int, name: str, sender: str, msgs: list[tuple[str, str, str]], exif: str | None = None) -> ExhibitInput:
    # sent_at as a reader without a sure basis would have it: the stored value is not what counts
    messages = tuple(Message(text, time_label=label, sent_at=None, side=side) for label, side, text in msgs)
    ocr = OcrResult(f"{i:02d}" * 32, ENGINE, "zh-Hans", "\n".join(m.text for m in messages), sender, messages)
    return ExhibitInput(str(i), _item(i, name, exif), Path(f"/phone/{name}"), ocr)


def exhibits() -> tuple[ExhibitInput, ...]:
    return (
        _exhibit(1, "Screenshot_20261120-093500.png", "恒信消费金融 95566", E1),
        _exhibit(2, "IMG_5521.png", "17088880001", E2, exif="2026-11-21T23:59:00"),
        _exhibit(3, "Screenshot_2026-11-22-10-00-00.png", "1069012345678", E3),
        _exhibit(4, "photo.png", "17088880002", E4),
        _exhibit(5, "IMG_5530.png", "95566", E5, exif="2026-11-23T12:00:00"),
    )


def bundle() -> BundleInput:
    return BundleInput(meta=META, exhibits=exhibits(), log=(), identity=None)  # type: ignore[arg-type]
