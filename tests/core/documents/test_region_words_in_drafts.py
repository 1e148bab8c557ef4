"""A Hong Kong complaint in Hong Kong's words where EvidenceKit speaks (not in quoted evidence), and
a sender whose messages are all of unknown time said so, never "contacted me 0 times"."""

from __future__ import annotations

from evidencekit.core.analysis.casework import analyse
from evidencekit.core.documents.fromcase import draft_input
from evidencekit.core.documents.render import render
from tests.core.analysis.casefixture import _exhibit
from tests.core.documents import test_lender_and_collector as hk

UNKNOWN = "0987654321"
THREAT = "如果不還，我們會聯繫您的家人和公司主管，並到您家裡拜訪。"


def _text(lang: str) -> str:
    # a screenshot with no date anywhere: its sender's messages are of unknown time
    exs = (*hk.EXS, _exhibit(3, "photo.png", UNKNOWN, [("星期三 下午3:05", "in", THREAT)]))
    case = analyse(exs, hk.META, hk.SETTINGS)
    data = draft_input(case, exs, "lender", lang, bundle=None, date="2026-12-05")
    return render("lender", data, lang, fit=False).text


def test_a_sender_of_undated_messages_only_is_not_said_to_have_made_no_contact() -> None:
    for lang, said in (("zh-Hant", "的訊息（時間不詳）（證據3）"), ("zh-Hans", "的消息（时间不详）（证据3）"),
                       ("en", "messages of unknown time")):
        text = _text(lang)
        assert said in text, text
        assert "聯絡本人0次" not in text and "联系本人0次" not in text and ": 0 contacts" not in text


def test_what_evidencekit_says_in_a_hong_kong_draft_is_in_hong_kongs_words() -> None:
    text = _text("zh-Hant")
    # the note on the missing bundle (數碼簽署) and the certainty reasons (信貸資料), not Taiwan's
    assert "簽署證據包" in text and "簽章" not in text
    assert "徵信" not in text and "收數公司" in text
