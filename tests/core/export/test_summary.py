"""Derived exhibit titles, 证明目的 and the case summary, from the samples' ground truth read the
way the OCR pipeline reads it (times resolved, facts extracted, messages classified)."""

from __future__ import annotations

import datetime as dt
import json
import re
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pytest

from evidencekit.core.analysis.classify import classify, mark_misdirected
from evidencekit.core.analysis.labels import apply_claimant
from evidencekit.core.analysis.facts import extract_facts
from evidencekit.core.analysis.timeparse import resolve_time_label
from evidencekit.core.export.model import BundleInput, ExhibitInput
from evidencekit.core.export.mask import Redactor
from evidencekit.core.export.strings import strings
from evidencekit.core.analysis.labels import display_labels, thread_labels
from evidencekit.core.export.summary import analysis_of, case_summary, exhibit_proves, exhibit_title
from evidencekit.core.models import CaseMeta, EngineInfo, Item, Label, Message, OcrResult
from tests.core.export.fixtures import make_input

SAMPLES = Path(__file__).resolve().parents[3] / "samples"
CLAIMANT = "张三"
ENGINE = EngineInfo("tesseract", "5.3.0", "chi_sim")


def sample_ocr(name: str) -> OcrResult:
    """The reading of ``samples/<name>`` as its ground truth says, analysed like the pipeline does."""
    truth = json.loads((SAMPLES / name).with_suffix(".json").read_text(encoding="utf-8"))
    ref = dt.datetime.fromisoformat(truth["reference_time"])
    msgs = []
    for m in truth["messages"]:
        sent_at = resolve_time_label(m["time_label"], ref)
        msgs.append(Message(text=m["text"], time_label=m["time_label"], sent_at=sent_at, side=m["side"],
                            facts=tuple(extract_facts(m["text"], dt.datetime.fromisoformat(sent_at) if sent_at else ref)),
                            labels=tuple(classify(m["text"]))))
    relabelled = mark_misdirected([m.text for m in msgs], [m.side for m in msgs], [list(m.labels) for m in msgs])
    msgs = [replace(m, labels=tuple(ls)) for m, ls in zip(msgs, relabelled, strict=True)]
    res = OcrResult(sha256="0" * 64, engine=ENGINE, script=truth["script"], text="\n".join(m.text for m in msgs),
                    sender=truth["sender"], messages=tuple(msgs))
    return apply_claimant(res, CLAIMANT)


def item(name: str, **kw: object) -> Item:
    kind = str(kw.pop("kind", "image"))
    base: dict[str, object] = {
        "id": abs(hash(name)) % 10_000, "sha256": "a" * 64, "sm3": "b" * 64, "size": 1000, "kind": kind,
        "mime": "audio/mp4" if kind == "audio" else "image/png", "original_name": name,
        "original_path": f"/phone/{name}",
        # a file copied today: its modification time says nothing about the evidence
        "file_mtime": "2026-11-28T06:33:29Z", "exif_time": None, "imported_at": "2026-11-28T06:40:00.000Z",
        "import_offset": "+08:00", "host": "laptop", "user": "zhang",
    }
    base.update(kw)
    return Item(**base)  # type: ignore[arg-type]


def exhibit(number: str, name: str, **kw: object) -> ExhibitInput:
    truth = (SAMPLES / name).with_suffix(".json")
    if truth.exists() and "exif_time" not in kw:
        # the phone wrote the moment it took the screenshot into it: "今天" and "昨天" rest on that
        kw["exif_time"] = json.loads(truth.read_text(encoding="utf-8"))["reference_time"]
    it = item(name, **kw)
    ocr = sample_ocr(name) if it.kind == "image" and (SAMPLES / name).with_suffix(".json").exists() else None
    return ExhibitInput(number=number, item=it, original=SAMPLES / name, ocr=ocr)


def recording(number: str = "5", name: str = "call-2026-11-20.m4a", **kw: object) -> ExhibitInput:
    kw.setdefault("duration_s", 4.064)
    return ExhibitInput(number=number, item=item(name, kind="audio", **kw), original=SAMPLES / name)


def bundle(*exhibits: ExhibitInput) -> BundleInput:
    return BundleInput(meta=CaseMeta(title="某某消费金融催收短信投诉", claimant_name=CLAIMANT), exhibits=exhibits,
                       log=(), identity=None)  # type: ignore[arg-type]  # (the summary never signs)


# The demo case: every sample, numbered in the order the demo imports them.
DEMO_FILES = sorted(p.name for p in SAMPLES.iterdir() if p.suffix in (".png", ".jpg", ".m4a"))


@pytest.fixture(scope="module")
def demo() -> BundleInput:
    exs = []
    for i, name in enumerate(DEMO_FILES, 1):
        exs.append(recording(str(i), name) if name.endswith(".m4a") else exhibit(str(i), name))
    return bundle(*exs)


def by_name(b: BundleInput, name: str) -> ExhibitInput:
    return next(ex for ex in b.exhibits if ex.item.original_name == name)


# ------------------------------------------------------------------ titles

TITLES = [
    ("ios-dark-hans-threat.png", {
        "zh-Hans": "短信截图：17123456789，11-25 至 11-27，5 条",
        "zh-Hant": "簡訊截圖：17123456789，11-25 至 11-27，5 則",
        "en": "SMS screenshot: 17123456789, 25–27 Nov, 5 messages"}),
    ("android-light-hans-missent.png", {
        "zh-Hans": "短信截图：安逸花 95188 8001，11-20 至 11-25，3 条",
        "zh-Hant": "簡訊截圖：安逸花 95188 8001，11-20 至 11-25，3 則",
        "en": "SMS screenshot: 安逸花 95188 8001, 20–25 Nov, 3 messages"}),
    ("miui-light-hant-marketing.png", {
        "zh-Hans": "短信截图：富邦金控 +886 2 8751 1313，11-18 至 11-26，2 条",
        "zh-Hant": "簡訊截圖：富邦金控 +886 2 8751 1313，11-18 至 11-26，2 則",
        "en": "SMS screenshot: 富邦金控 +886 2 8751 1313, 18–26 Nov, 2 messages"}),
    # bare clock stamps under the bubbles: one day
    ("android-light-hans-stamps.png", {
        "zh-Hans": "短信截图：95511，11-27，4 条",
        "zh-Hant": "簡訊截圖：95511，11-27，4 則",
        "en": "SMS screenshot: 95511, 27 Nov, 4 messages"}),
    # the day in the file name: the file's modification time (the 28th, when it was copied) is never used
    ("call-2026-11-20.m4a", {
        "zh-Hans": "通话录音 2026-11-20，4.1 秒",
        "zh-Hant": "通話錄音 2026-11-20，4.1 秒",
        "en": "Call recording, 20 Nov 2026, 4.1 s"}),
]


@pytest.mark.parametrize(("name", "want"), TITLES, ids=[t[0] for t in TITLES])
@pytest.mark.parametrize("lang", ["zh-Hans", "zh-Hant", "en"])
def test_title_from_the_reading(demo: BundleInput, name: str, want: dict[str, str], lang: str) -> None:
    assert exhibit_title(by_name(demo, name), strings(lang)) == want[lang]


def test_the_users_title_wins(demo: BundleInput) -> None:
    ex = by_name(demo, "ios-dark-hans-threat.png")
    ex = replace(ex, item=replace(ex.item, title="催收人员威胁联系家人"))
    assert exhibit_title(ex, strings("en")) == "催收人员威胁联系家人"


def test_title_falls_back_to_the_file_name() -> None:
    s = strings("zh-Hans")
    # a screenshot not read yet, a recording with nothing known, a text export
    assert exhibit_title(exhibit("1", "IMG_0042.png"), s) == "IMG_0042.png"
    assert exhibit_title(recording(name="rec.m4a", duration_s=None), s) == "rec.m4a"
    assert exhibit_title(exhibit("3", "sms-export.txt", kind="text"), s) == "sms-export.txt"


def test_recording_title_sources() -> None:
    # the user's date or EXIF beats the file name; minutes past a minute
    ex = recording(name="call-2026-11-20.m4a", event_time="2026-11-19T22:40:00+08:00", duration_s=192.4)
    assert exhibit_title(ex, strings("zh-Hans")) == "通话录音 2026-11-19，3 分 12 秒"
    assert exhibit_title(ex, strings("en")) == "Call recording, 19 Nov 2026, 3 min 12 s"
    # no day known (only the file time): the duration alone
    assert exhibit_title(recording(name="rec.m4a", duration_s=65), strings("zh-Hant")) == "通話錄音，1 分 5 秒"
    # compact dates in file names
    assert exhibit_title(recording(name="Call_13812345678_20261118_101500.amr"), strings("en")) \
        == "Call recording, 18 Nov 2026, 4.1 s"


def test_sms_title_without_sender_and_across_years() -> None:
    ocr = OcrResult(sha256="0" * 64, engine=ENGINE, script="zh-Hans", text="", sender=None, messages=(
        Message("【某某消费金融】您的借款已逾期3天。", sent_at="2025-12-30T10:00:00", side="in",
                facts=tuple(extract_facts("【某某消费金融】您的借款已逾期3天。"))),
        Message("请尽快还款。", sent_at="2026-01-02T09:00:00", side="in"),
    ))
    ex = ExhibitInput(number="1", item=item("x.png"), original=SAMPLES / "x.png", ocr=ocr)
    assert exhibit_title(ex, strings("zh-Hans")) == "短信截图：某某消费金融，2025-12-30 至 2026-01-02，2 条"
    assert exhibit_title(ex, strings("en")) == "SMS screenshot: 某某消费金融, 30 Dec 2025–2 Jan 2026, 2 messages"
    one = replace(ex, ocr=replace(ocr, messages=ocr.messages[1:]))
    assert exhibit_title(one, strings("en")) == "SMS screenshot: 2 Jan, 1 message"


def test_sms_title_of_undated_messages_never_takes_the_file_names_day() -> None:
    # a screenshot cropped to its bubbles: the day in its name is when it was taken, not when they came
    ocr = OcrResult(sha256="0" * 64, engine=ENGINE, script="zh-Hans", text="", sender=None, messages=(
        Message("李文静，欠钱不还还装死？", side="in"), Message("你是哪里？", side="out"),
    ))
    ex = ExhibitInput(number="4", item=item("IMG_20261122_200830.png"), original=SAMPLES / "x.png", ocr=ocr)
    assert exhibit_title(ex, strings("zh-Hans")) == "短信截图：日期不详，2 条"
    assert exhibit_title(ex, strings("en")) == "SMS screenshot: date unknown, 2 messages"


def test_a_chat_apps_screenshot_is_titled_by_its_app_and_its_messages_are_no_sms() -> None:
    """Review9 #10: MIUI names the app's package in the screenshot's file name."""
    from evidencekit.core.analysis.case_contacts import exhibit_contacts
    from evidencekit.core.analysis.contacts import Channel

    ocr = OcrResult(sha256="0" * 64, engine=ENGINE, script="zh-Hans", text="", sender="黄丽萍", messages=(
        Message("你好，我是黄志坚的家姐。", sent_at="2026-11-12T14:10:00", side="in"),))
    name = "Screenshot_2026-11-20-21-15-03-227_com.tencent.mm.png"
    ex = ExhibitInput(number="5", item=item(name), original=SAMPLES / "x.png", ocr=ocr)
    assert exhibit_title(ex, strings("zh-Hans")) == "微信聊天截图：黄丽萍，11-12，1 条"
    assert exhibit_title(ex, strings("en")).startswith("WeChat screenshot: 黄丽萍")
    assert [c.channel for c in exhibit_contacts([ex])] == [Channel.IM]
    sms = replace(ex, item=item("Screenshot_2026-11-13-07-40-12-345_com.android.mms.png"))
    assert exhibit_title(sms, strings("zh-Hans")).startswith("短信截图：")
    assert [c.channel for c in exhibit_contacts([sms])] == [Channel.SMS]
    # an image WeChat saved may be a screenshot of anything (an SMS one forwarded to oneself)
    saved = replace(ex, item=item("微信图片_20261120211503.jpg"))
    assert exhibit_title(saved, strings("zh-Hans")).startswith("短信截图：")


# ------------------------------------------------------------------ 证明目的

PROVES = [
    ("ios-dark-hans-threat.png", {
        "zh-Hans": "证明对方以告知第三人相威胁；证明对方威胁起诉；证明对方威胁上门催收；证明对方提及上报征信",
        "en": "Shows the sender threatened to tell third parties; shows the sender threatened legal action; "
              "shows the sender threatened to visit the person (at home or at work); shows the sender spoke of reporting to the credit record"}),
    # "请尽快还款以免影响您的个人征信" is a credit-record threat by the labels' written conventions
    # (tests/data/README_tuning_b.md: "will or may affect credit counts, even inside a polite reminder")
    ("android-light-hans-missent.png", {
        "zh-Hans": "证明该消息称呼或涉及的是他人（是否误发，以本人确认为准）；证明对方以告知第三人相威胁；证明对方提及上报征信",
        "zh-Hant": "證明該訊息稱呼或涉及的是他人（是否誤發，以本人確認為準）；證明對方以告知第三人相威脅；證明對方提及通報信用紀錄",
        "en": "Shows the message addresses or concerns someone else (whether it was sent in error is for the person to confirm); "
              "shows the sender threatened to tell third parties; "
              "shows the sender spoke of reporting to the credit record"}),
    ("android-light-hans-forwarded.jpg", {"zh-Hans": "证明对方以告知第三人相威胁"}),
    # "逾期未繳將影響您的信用紀錄": a credit-record threat by the labels' written conventions
    ("android-dark-hant-overdue.png", {
        "zh-Hans": "证明对方提及上报征信", "zh-Hant": "證明對方提及通報信用紀錄",
        "en": "Shows the sender spoke of reporting to the credit record"}),
    ("miui-dark-hans-marketing.png", {
        "zh-Hans": "证明对方发送营销短信；证明对方发送借款申请进度通知",
        "zh-Hant": "證明對方發送行銷簡訊；證明對方發送借款申請進度通知",
        "en": "Shows the sender sent marketing messages; shows the sender sent loan application updates"}),
    # a reminder, then "已成功还款": the payment confirmation is named, not taken for a demand
    ("ios-light-hans-reminder.png", {
        "zh-Hans": "证明对方发送还款提醒；证明对方确认已收到还款",
        "en": "Shows the sender sent a repayment reminder; shows the sender confirmed the repayment was received"}),
    ("ios-dark-hant-forwarded.jpg", {"zh-Hant": "證明對方發送還款提醒"}),
    # a recording claims nothing its (not yet transcribed) words cannot show
    ("call-2026-11-20.m4a", {
        "zh-Hans": "证明通话的内容（见本录音）", "zh-Hant": "證明通話的內容（見本錄音）",
        "en": "Shows what was said in the call (see this recording)"}),
]


@pytest.mark.parametrize(("name", "want"), PROVES, ids=[p[0] for p in PROVES])
def test_proves_from_the_labels(demo: BundleInput, name: str, want: dict[str, str]) -> None:
    ex = by_name(demo, name)
    for lang, text in want.items():
        assert exhibit_proves(ex, strings(lang)) == text, lang


def test_a_receipt_beside_other_messages_proves_the_payment(demo: BundleInput) -> None:
    # read with the case: the receipt the cover lists as paid is named with its day and sum
    a = analysis_of(demo)
    ex = by_name(demo, "ios-light-hans-reminder.png")
    assert exhibit_proves(ex, strings("zh-Hans"), analysis=a) == \
        "证明对方发送还款提醒；证明本人已于2026-11-27还款¥1,286.50、对方确认收到"
    assert exhibit_proves(ex, strings("en"), analysis=a).endswith(
        "; shows the claimant paid ¥1,286.50 on 2026-11-27 and the other side acknowledged it")
    # an exhibit without the receipt says nothing of it
    assert "还款¥" not in exhibit_proves(by_name(demo, "ios-dark-hans-threat.png"), strings("zh-Hans"), analysis=a)


def test_the_users_proves_wins(demo: BundleInput) -> None:
    ex = by_name(demo, "miui-dark-hans-marketing.png")
    ex = replace(ex, item=replace(ex.item, proves="证明对方在本人拒收后仍发送"))
    assert exhibit_proves(ex, strings("zh-Hans")) == "证明对方在本人拒收后仍发送"


def test_misdirected_said_only_by_the_claimants_reply() -> None:
    ocr = OcrResult(sha256="0" * 64, engine=ENGINE, script="zh-Hans", text="", sender="95188", messages=(
        Message("您的借款已逾期，请尽快还款。", side="in", labels=(Label("overdue_collection", ("逾期",)),)),
        Message("你们发错人了", side="out", labels=(Label("possibly_misdirected", ("发错",)),)),
    ))
    ex = ExhibitInput(number="1", item=item("x.png"), original=SAMPLES / "x.png", ocr=ocr)
    assert exhibit_proves(ex, strings("zh-Hans")) == "证明该消息称呼或涉及的是他人（是否误发，以本人确认为准）"


@pytest.mark.parametrize(("names", "want"), [
    (("threat", "threat_legal_action"), ("threat_legal_action",)),
    (("threat",), ("threat",)),
    (("repayment_reminder", "overdue_collection"), ("overdue_collection",)),
    (("marketing", "new_rule"), ("marketing", "new_rule")),
    (("insult", "threat", "impersonation"), ("threat", "insult", "impersonation")),
], ids=["threat-kind", "threat-alone", "overdue-subsumes", "unknown", "insult-impersonation"])
def test_display_labels(names: tuple[str, ...], want: tuple[str, ...]) -> None:
    assert display_labels(names) == want


@pytest.mark.parametrize(("text", "side", "want"), [
    ("【招联金融】您的借款已成功還款1,286.50元。", "in", ("repayment_confirmed",)),
    ("【某某】本期应还金额1,286.50元，还款日为11月28日；上期已还款成功。", "in",
     ("repayment_reminder", "repayment_confirmed")),
    # addressed to somebody else on 张三's phone: his notice, not a collection from 张三
    ("【安逸花】李建国先生，您的借款已逾期，请尽快还款。", "in", ("possibly_misdirected",)),
    # the person's own reply
    ("好的，我今天下午处理。", "out", ()),
], ids=["receipt-hant", "reminder-and-receipt", "misdirected", "reply"])
def test_message_labels_read_the_text(text: str, side: str, want: tuple[str, ...]) -> None:
    assert thread_labels([(text, side)], CLAIMANT) == (want,)


# ------------------------------------------------------------------ the case summary

DEMO_SUMMARY_ZH = [
    # notices that open to somebody else (李建国, 王女士, 陳小姐) are theirs: possibly misdirected only
    # 1: "逾期未繳將影響您的信用紀錄" may be a lawful notice (its finding rated low): said apart, as the drafts do
    "含威胁内容的消息：6 条（证据2、6、10）（另有1条把握程度低，需核实）",
    "疑似发错人：5 条（证据3、4、10）",
    "威胁告知第三人：3 条（证据2、6、10）",  # "核实你的居住地址和工作单位" tells no one
    "威胁起诉或报警：2 条（证据6、10）",
    "威胁上门：2 条（证据6、10）",
    "威胁上报征信：1 条（证据6）（另有1条把握程度低，需核实）",  # 1: "逾期未繳將影響您的信用紀錄"
    "逾期催收：8 条（证据1、2、6）",
    "还款提醒：3 条（证据7、8、9）",
    "还款成功通知：1 条（证据9）",
    "营销短信：2 条（证据11、12）",
    "借款申请进度通知：3 条（证据11、12）",
    "本人回复称非本人或发错：1 条（证据3）",
    "夜间联系（22:00–08:00）：0 次",
    # "请停止发送" in the person's reply to 安逸花: only 安逸花's later notice is after it
    "要求停止后仍联系：2026-11-20 09:12（证据3）之后，来自安逸花 95188 8001：1 次（证据3）",
    "联系时间范围：2026-11-18 至 2026-11-27（10 天），共 25 次联系",
    "单日最多：8 次（2026-11-27）",
    "同一号码单日最多：2 次（玉山銀行 0912-345-678，2026-11-20）",
    "17123456789：4 次，其中夜间 0 次、含威胁 3 条（证据6）",
    "0987654321：3 次，其中夜间 0 次、含威胁 2 条（证据10）",
    "360借条 10690360：3 次，其中夜间 0 次、含威胁 0 条（证据11）",
    "玉山銀行 0912-345-678：2 次，其中夜间 0 次、含威胁 0 条（证据1）",
    "众安金融 95069：2 次，其中夜间 0 次、含威胁 1 条（证据2）",
    "安逸花 95188 8001：2 次，其中夜间 0 次、含威胁 0 条、要求停止后 1 次（证据3）",
    # every sender, not the first six
    "95511：2 次，其中夜间 0 次、含威胁 0 条（证据4）",
    "中國信託：2 次，其中夜间 0 次、含威胁 0 条（证据7）",
    "106980095786：2 次，其中夜间 0 次、含威胁 0 条（证据9）",
    "富邦金控 +886 2 8751 1313：2 次，其中夜间 0 次、含威胁 0 条（证据12）",
    "微众银行：1 次，其中夜间 0 次、含威胁 0 条（证据8）",
    "相对时间的推算：19 条的“今天”“昨天”等时间按以下依据推算：截图EXIF时间（证据2、4、6、7、8、9、10、11、12）",
    # the recording is dated by its file time only (the day in its name has no clock time)
    # per lender and currency, HK$/NT$ as such; the receipt's payment and mis-sent notices' debts apart
    ("对方要求支付的金额：玉山銀行 0912-345-678 NT$8,420（证据1）；众安金融 95069 ¥2,150.00（证据2）；"
     "17123456789 ¥12,860.00（证据6）；中國信託 NT$12,300（证据7）；微众银行 ¥1,050.00（证据8）；"
     "106980095786 ¥1,286.50（证据9）"),
    # one figure per creditor and currency, never summed across them; the instalment the receipt
    # confirms as paid is left out (it was "¥17,346.50", which added 106980095786's paid ¥1,286.50
    # to four other creditors' demands)
    ("要求金额合计（按债权方和币种分列）：玉山銀行 0912-345-678 NT$8,420；众安金融 95069 ¥2,150.00；"
     "17123456789 ¥12,860.00；中國信託 NT$12,300；微众银行 ¥1,050.00。每项为该债权方最近一次要求的金额，"
     "不同债权方的金额不相加；不含已列为已付的：106980095786 ¥1,286.50"),
    "已付款项（本人所述或对方确认）：106980095786 ¥1,286.50，2026-11-27（证据9）",
    ("称呼他人的通知中的欠款（是否本人的，以本人确认为准）：安逸花 95188 8001 ¥3,560.00（致李建国）（证据3）；"
     "95511 ¥2,408.33（致王）（证据4）；0987654321 ¥35,000.00（致陳）（证据10）"),
    "发送方：11 个：玉山銀行 0912-345-678、众安金融 95069、安逸花 95188 8001、95511、17123456789、中國信託等",
    "消息中的机构：玉山銀行、众安金融、安逸花、平安普惠、中國信託、微众银行等",
]


def test_summary_of_the_demo_case(demo: BundleInput) -> None:
    got = case_summary(demo, strings("zh-Hans"))
    assert got.heading == "案情摘要"
    assert [ln.text for ln in got.lines] == DEMO_SUMMARY_ZH
    alert = [ln.key for ln in got.lines if ln.alert]
    assert alert == ["threats", "possibly_misdirected", "threat_third_party", "threat_legal_action",
                     "threat_home_visit", "threat_credit_record", "reply_not_me", "after_stop"]
    third = got.lines[2]
    assert (third.label, third.value, third.exhibits) == ("威胁告知第三人", "3 条（证据2、6、10）", ("2", "6", "10"))
    assert got.rows()[2] == ("威胁告知第三人", "3 条（证据2、6、10）")


def test_summary_in_traditional_and_english(demo: BundleInput) -> None:
    hant = [ln.text for ln in case_summary(demo, strings("zh-Hant")).lines]
    assert hant[2] == "威脅告知第三人：3 則（證據2、6、10）"
    assert "聯絡時間範圍：2026-11-18 至 2026-11-27（10 天），共 25 次聯絡" in hant
    assert any(x.startswith("要求金額合計（按債權方和幣別分列）：玉山銀行 0912-345-678 NT$8,420；") for x in hant)
    assert not any("¥17,346.50" in x or "NT$20,720" in x for x in hant)
    en = case_summary(demo, strings("en"))
    texts = [ln.text for ln in en.lines]
    assert en.heading == "Summary of the case"
    assert texts[2] == "Threat to tell third parties: 3 messages (exhibits 2, 6, 10)"
    assert texts[5] == "Threat to report to the credit record: 1 message (exhibit 6) (and 1 more of low certainty)"
    assert "Period of contact: 2026-11-18 to 2026-11-27 (10 days), 25 contacts in total" in texts
    assert "Contacts at night (22:00–08:00): 0 contacts" in texts
    assert ("Contacts after the request to stop: after 2026-11-20 09:12 (exhibit 3) from 安逸花 95188 8001: "
            "1 contact (exhibit 3)") in texts
    assert texts[-2] == ("Senders: 11 (玉山銀行 0912-345-678, 众安金融 95069, 安逸花 95188 8001, 95511, 17123456789, "
                         "中國信託, etc.)")


def test_summary_counts_a_message_once_and_night_contacts() -> None:
    threat = exhibit("1", "ios-dark-hans-threat.png")
    # the same screenshot again (overlapping screenshots), and two night-time messages
    again = replace(threat, number="2")
    night_ocr = OcrResult(sha256="0" * 64, engine=ENGINE, script="zh-Hans", text="", sender="95188", messages=(
        Message("再不还款将通知你的家人。", sent_at="2026-11-26T23:10:00", side="in",
                labels=tuple(classify("再不还款将通知你的家人。"))),
        Message("欠款请于今日结清。", sent_at="2026-11-27T06:30:00", side="in",
                labels=tuple(classify("欠款请于今日结清。"))),
    ))
    night = ExhibitInput(number="3", item=item("n.png"), original=SAMPLES / "n.png", ocr=night_ocr)
    lines = {ln.key: ln for ln in case_summary(bundle(threat, again, night), strings("zh-Hans")).lines}
    assert lines["threat_third_party"].text == "威胁告知第三人：2 条（证据1、2、3）"
    assert lines["threat_legal_action"].text == "威胁起诉或报警：1 条（证据1、2）"
    assert lines["night"].text == "夜间联系（22:00–08:00）：2 次（证据3）"
    assert lines["night"].alert
    # the threat screenshot's 4 received messages (counted once) and the 2 at night
    assert lines["period"].text == "联系时间范围：2026-11-25 至 2026-11-27（3 天），共 6 次联系"
    assert lines["amounts"].text == "对方要求支付的金额：17123456789 ¥12,860.00（证据1、2）"
    assert lines["senders"].text == "发送方：2 个：17123456789、95188"
    en = {ln.key: ln.text for ln in case_summary(bundle(threat, again, night), strings("en")).lines}
    assert en["night"] == "Contacts at night (22:00–08:00): 2 contacts (exhibit 3)"
    assert en["peak"] == "Most in one day: 3 contacts (2026-11-27)"


def test_summary_of_an_empty_or_unread_case() -> None:
    s = strings("zh-Hans")
    assert case_summary(bundle(), s).empty
    # a screenshot not read yet is dated by its file time only: no contact to count
    got = case_summary(bundle(exhibit("1", "IMG_0042.png")), s)
    assert got.empty


# ------------------------------------------------------------------ redaction


def test_no_third_party_number_gets_in(tmp_path: Path) -> None:
    """The fixture's messages hold an ID number, a card number and a third party's phone: none
    of them appears in what is derived, and a Redactor keeping the senders changes nothing."""
    inp = make_input(tmp_path, 3)
    exs = tuple(
        replace(ex, item=replace(ex.item, title=""), ocr=replace(ex.ocr, messages=tuple(
            replace(m, labels=tuple(classify(m.text)), facts=tuple(extract_facts(m.text))) for m in ex.ocr.messages)))
        for ex in inp.exhibits if ex.ocr is not None
    )
    inp = replace(inp, exhibits=exs)
    red = Redactor.for_case([ex.ocr.sender or "" for ex in exs if ex.ocr])
    for lang in ("zh-Hans", "zh-Hant", "en"):
        s = strings(lang)
        out = [exhibit_title(ex, s) for ex in exs] + [exhibit_proves(ex, s) for ex in exs]
        out += [ln.text for ln in case_summary(inp, s).lines]
        joined = "\n".join(out)
        for secret in ("13812345678", "110101199003078515", "6222021234567890128"):
            assert secret not in joined
        assert [red.text(x) for x in out] == out
    assert exhibit_title(exs[0], strings("zh-Hans")).startswith("短信截图：95188，")
    assert "某某消费金融" in case_summary(inp, strings("zh-Hans")).lines[-1].text


def test_module_is_pure_data() -> None:
    """The layout calls these; they must not pull reportlab in themselves."""
    code = ("import sys, evidencekit.core.export.summary\n"
            "print(sorted(k for k in sys.modules if k.split('.')[0] == 'reportlab'))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


# ------------------------------------------------------------------ a thread read as one

# The person's reply on their own phone disowns the notice before it. The notice names someone the
# claimant's name alone does not rule out: no claimant is known, or the notice calls them only by a
# surname the claimant shares.
NOT_ME_THREADS = {
    "no-claimant": ("", "张伟，您的借款已逾期3天，请今日内还款。", "我不是张伟，你们发错了", "张伟"),
    "same-surname": ("陈明", "陈先生您好，您的借款已逾期，请尽快还款。", "我不是你们说的陈先生，你们发错了", "陈"),
}


@pytest.mark.parametrize("thread", NOT_ME_THREADS.values(), ids=NOT_ME_THREADS.keys())
def test_the_persons_not_me_marks_the_notice_before_it_in_the_bundle(thread: tuple[str, str, str, str]) -> None:
    from evidencekit.core.analysis.figures import message_label_names
    from evidencekit.core.export.summary import analysis_of

    claimant, notice, reply, name = thread
    # read as the OCR reads a screenshot: each message with its side, then the thread's mark
    msgs = [Message(notice, sent_at="2026-11-20T10:00:00", side="in", labels=tuple(classify(notice, side="in"))),
            Message(reply, sent_at="2026-11-20T10:05:00", side="out", labels=tuple(classify(reply, side="out")))]
    marked = mark_misdirected([notice, reply], ["in", "out"], [list(m.labels) for m in msgs])
    msgs = [replace(m, labels=tuple(ls)) for m, ls in zip(msgs, marked, strict=True)]
    ocr = apply_claimant(OcrResult(sha256="0" * 64, engine=ENGINE, script="zh-Hans", text="", sender="95188",
                                   messages=tuple(msgs)), claimant)
    # what the app's OCR gives the notice, the bundle gives it too
    assert "possibly_misdirected" in [lb.name for lb in ocr.messages[0].labels]
    ex = ExhibitInput(number="1", item=item("x.png"), original=SAMPLES / "x.png", ocr=ocr)
    b = BundleInput(meta=CaseMeta(title="催收", claimant_name=claimant), exhibits=(ex,), log=(),
                    identity=None)  # type: ignore[arg-type]

    assert thread_labels([(notice, "in"), (reply, "out")], claimant)[0] == ("possibly_misdirected", "overdue_collection")
    a = analysis_of(b)
    r = a.reading_at("1", 0)
    assert r is not None and "possibly_misdirected" in message_label_names(r) and name in r.names_other
    lines = {ln.key: ln.text for ln in case_summary(b, strings("zh-Hans"), a).lines}
    assert lines["possibly_misdirected"] == "疑似发错人：1 条（证据1）"
    assert lines["reply_not_me"] == "本人回复称非本人或发错：1 条（证据1）"
    missent = [f for f in a.findings if f.rule_id == "misdirected"]
    assert [(f.evidence[0].ref, f.certainty.value) for f in missent] == [("1#0", "medium")]
    # the notice's own words for whom it calls: the surname with its title, as shown
    called = {"张伟": "张伟", "陈": "陈先生"}[name]
    assert f"通知称呼他人（{called}）" in missent[0].statement["zh-Hans"]
    assert missent[0].evidence[0].quotes == (called,)


def test_a_recording_the_person_dated_is_named_so_on_the_cover() -> None:
    """The cover names what a time rests on in the bundle's language: never the basis's id
    ("statement（证据12）"). (A recording of a call not known to have come in is no contact the cover
    counts: a screenshot the person dated stands in for it here.)"""
    ex = exhibit("1", "ios-dark-hans-threat.png")
    rec = exhibit("2", "android-light-hans-stamps.png", exif_time=None, event_time="2026-11-20T09:25")
    want = {"zh-Hans": "本人陈述的日期（证据2）", "zh-Hant": "本人陳述的日期（證據2）", "en": "the person's statement (exhibit 2)"}
    for lang, named in want.items():
        times = next(ln for ln in case_summary(bundle(ex, rec), strings(lang)).lines if ln.key == "times")
        assert named in times.value and not re.search(r"(^|[：:；;\s])statement[（(]", times.value)
