"""A screenshot nothing dates: its 形成时间 is unknown (the file time said for what it is), and the
page's corroboration line does not claim the date was compared."""

from __future__ import annotations

from dataclasses import replace

import pytest

from evidencekit.core.analysis.corroboration import message_links
from evidencekit.core.export.media_pages import corroborated
from evidencekit.core.export.model import ExhibitInput
from evidencekit.core.export.pdf.formatting import formed
from evidencekit.core.export.strings import strings
from evidencekit.core.media.model import ItemMedia, Record
from evidencekit.core.models import EngineInfo, Message, OcrResult, ReferenceSource, TimeBasis, TimeRule
from tests.core.export.test_summary import SAMPLES, item

INSULT = "王芳你个老赖，不要脸的东西，躲得了初一躲不了十五。"


def undated() -> ExhibitInput:
    basis = TimeBasis(TimeRule.RELATIVE_DAY, "2026-12-01T20:14:00", ReferenceSource.FILE_MTIME)
    msg = Message(INSULT, time_label="昨天 下午2:20", sent_at="2026-11-30T14:20:00", side="in", time_basis=basis)
    ocr = OcrResult("a" * 64, EngineInfo("e", "1", "ch"), "zh-Hans", INSULT, "17189042267", (msg,))
    it = item("IMG_4471.PNG", file_mtime="2026-12-01T12:14:00Z")
    return ExhibitInput(number="2", item=it, original=SAMPLES / "IMG_4471.PNG", ocr=ocr)


def sms_export() -> ExhibitInput:
    rec = Record(4, "sms", "17189042267", "2026-11-12T14:20:08", "in", "received", INSULT)
    it = item("sms-20261123103000.xml", kind="export", mime="text/xml")
    return ExhibitInput(number="5", item=it, original=SAMPLES / "sms.xml", media=ItemMedia("export", records=(rec,)))


@pytest.mark.parametrize(("lang", "want"), [
    ("zh-Hans", "不详（仅有文件时间 2026-12-01 20:14 UTC+08:00，可能是复制时间）"),
    ("zh-Hant", "不詳（僅有檔案時間 2026-12-01 20:14 UTC+08:00，可能是複製時間）"),
    ("en", "unknown (only the file time 2026-12-01 20:14 UTC+08:00, which may be when it was copied)"),
])
def test_a_screenshot_with_only_its_file_time_is_formed_at_an_unknown_time(lang: str, want: str) -> None:
    assert formed(strings(lang), undated()) == want
    assert formed(strings(lang), undated(), short=True) == want


@pytest.mark.parametrize(("lang", "want"), [
    ("zh-Hans", "经证据5（短信备份）第 5 条印证：号码与内容一致；截图上的日期无法确定，以该条记录的时间为准。"),
    ("zh-Hant", "經證據5（短信备份）第 5 筆印證：號碼與內容一致；截圖上的日期無法確定，以該筆紀錄的時間為準。"),
    ("en", "Corroborated by exhibit 5 (短信备份), row 5: same number and text; the screenshot's date is unknown, "
           "so the record's time is the one used."),
])
def test_the_link_of_an_undated_screenshot_does_not_claim_the_date(lang: str, want: str) -> None:
    [link] = message_links([sms_export(), undated()])
    assert not link.dated
    assert corroborated(strings(lang), link, "短信备份") == want
    # a dated screenshot's link says the time was compared too
    assert "号码、时间与内容一致" in corroborated(strings("zh-Hans"), replace(link, dated=True), "短信备份")
