"""Text cleaning and script detection (no tesseract needed)."""

from __future__ import annotations

import pytest

from evidencekit.core.ocr.engine import OcrWord
from evidencekit.core.ocr.script import detect_script
from evidencekit.core.ocr.text import clean_text, join_lines, join_words

CLEAN = [
    ("cjk-spaces", "张 先 生 你 好", "张先生你好"),
    ("half-comma-to-full", "你好 , 我不是", "你好，我不是"),
    ("full-stop", "请尽快还款 .", "请尽快还款。"),
    ("digits-kept", "金额 1,286.50 元", "金额1,286.50元"),
    ("clock-kept", "请于 20:00 前", "请于20:00前"),
    # the spaces around a link are the message's (the phone shows them; a link runs to a space)
    ("url-kept", "登录 https://a.example/bill 查看", "登录 https://a.example/bill 查看"),
    ("latin-space-kept", "Hello world 你好", "Hello world你好"),
    ("double-mark", "你好，，我", "你好，我"),
    ("comma-before-stop", "请查明，。", "请查明。"),
    ("full-width-kept", "好消息！额度：100万", "好消息！额度：100万"),
    ("colon-after-han", "立即申请:https://x.example", "立即申请：https://x.example"),
]


@pytest.mark.parametrize(("raw", "clean"), [c[1:] for c in CLEAN], ids=[c[0] for c in CLEAN])
def test_clean_text(raw: str, clean: str) -> None:
    assert clean_text(raw) == clean


def test_join_words_spaces_only_between_latin_words_with_a_gap() -> None:
    words = [OcrWord("欠", (0, 0, 20, 20), 90), OcrWord("款", (22, 0, 20, 20), 90),
             OcrWord("APP", (44, 0, 40, 20), 90), OcrWord("now", (100, 0, 40, 20), 90)]
    assert join_words(words) == "欠款APP now"


def test_join_lines_joins_cjk_directly() -> None:
    assert join_lines(["您的借款已", "逾期3天"]) == "您的借款已逾期3天"
    assert join_lines(["please", "pay"]) == "please pay"


SCRIPTS = [
    ("hant", "您尾號3381的信用卡帳款已逾期15天，應繳金額", "zh-Hant"),
    ("hans", "您尾号6217的借款本期应还金额", "zh-Hans"),
    ("common-only", "你好", "zh-Hans"),
    ("latin", "hello 123", "latin"),
]


@pytest.mark.parametrize(("text", "script"), [s[1:] for s in SCRIPTS], ids=[s[0] for s in SCRIPTS])
def test_detect_script(text: str, script: str) -> None:
    assert detect_script(text) == script


FIXES = [
    ("non-word", "您的从款仍未处理", "您的欠款仍未处理"),
    ("yen-as-hash", "欠款合计#12,860元", "欠款合计¥12,860元"),
    ("yen-as-ff", "合计ff12,860.50元", "合计¥12,860.50元"),
    ("hash-kept-without-yuan", "编号#12", "编号#12"),
    ("word-kept", "从事金融工作", "从事金融工作"),
    ("url-slashes", "登录https:/]m.zl.example/b", "登录https://m.zl.example/b"),
    ("url-kept", "https://a.example/x", "https://a.example/x"),
    ("greek-k-in-link", "戳https://u.360jt.example/a8Κ 立即领取", "戳https://u.360jt.example/a8K 立即领取"),
    ("cyrillic-in-word", "Pay nоw at hkpost", "Pay now at hkpost"),
    ("greek-kept-alone", "αβ测试", "αβ测试"),
    # Cantonese (review9 #11): 哋 read as 呲, 佢 as 佤 or 佰; a formal amount and 佤族 kept
    ("cantonese-dei", "我呲查到你同佤一齐住，你帮佰匿埋", "我哋查到你同佢一齐住，你帮佢匿埋"),
    ("formal-hundred-kept", "人民币壹佰元整", "人民币壹佰元整"),
    ("wa-kept", "佤族同胞", "佤族同胞"),
]


@pytest.mark.parametrize(("raw", "fixed"), [f[1:] for f in FIXES], ids=[f[0] for f in FIXES])
def test_fix_confusions(raw: str, fixed: str) -> None:
    from evidencekit.core.ocr.text import fix_confusions

    assert fix_confusions(raw) == fixed


def test_a_link_broken_across_lines_is_joined_whole() -> None:
    from evidencekit.core.ocr.text import join_lines

    assert join_lines(["戳 https://m.repay.example/loan/re", "pay/detail?order=1 领取"]) == \
        "戳 https://m.repay.example/loan/repay/detail?order=1 领取"
    assert join_lines(["Sorry, I'll call", "later in meeting."]) == "Sorry, I'll call later in meeting."
