"""The case screen's preview never shows a time made from a file's copy time as a date (review 3,
item 4): the screen's own label, "date unknown"; a time worked out from EXIF stays a date."""

from __future__ import annotations

import re

from evidencekit.core.models import EngineInfo, Message, OcrResult, ReferenceSource, TimeBasis, TimeRule
from evidencekit.tui.widgets.preview import messages_markup


def _ocr(source: ReferenceSource) -> OcrResult:
    basis = TimeBasis(TimeRule.WEEKDAY, "2026-12-02T15:05:00", source)
    return OcrResult(sha256="0" * 64, engine=EngineInfo("t", "1", ("chi_sim",)), script="zh-Hans", text="", sender="17123456789",
                     messages=(Message("今天必须还款", sent_at="2026-12-02T15:05:00", time_label="星期三 下午3:05",
                                       side="in", time_basis=basis),))


def test_a_copy_time_is_no_date_in_the_preview() -> None:
    shown = messages_markup(_ocr(ReferenceSource.FILE_MTIME), {}, "image")
    assert re.search(r"1\. 星期三 下午3:05 \((date unknown|日期不详|日期不詳)\) · ", shown) and "2026-12-02" not in shown
    assert "2026-12-02 15:05" in messages_markup(_ocr(ReferenceSource.EXIF), {}, "image")
