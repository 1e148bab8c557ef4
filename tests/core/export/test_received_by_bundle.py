"""The bundle says what the person said: whose phone an exhibit was received on beside its source
(证据来源, in the evidence list and on its page) and, on the cover, that the respondents'
numbers are the person's word."""

from __future__ import annotations

import subprocess
from dataclasses import replace
from pathlib import Path

import pytest

from evidencekit.core.analysis.figures import OWN_PHONE
from evidencekit.core.export.bundle import export_bundle
from evidencekit.core.export.model import ExportOptions
from evidencekit.core.export.strings import strings
from evidencekit.core.export.summary import exhibit_source, respondents_line
from evidencekit.core.models import CaseMeta, Respondent
from tests.core.export.fixtures import NOW, make_input

META = CaseMeta("t", "陳嘉欣", respondents=(Respondent("Fortune Credit", ("30012345",)), Respondent("Swift Recovery")))


@pytest.mark.parametrize(("lang", "theirs", "own", "none"), [
    ("zh-Hans", "WhatsApp 转发（接收人：黄小姐 (同事)）", "提交人提供（接收人：本人）", "提交人提供"),
    ("zh-Hant", "WhatsApp 转发（接收人：黄小姐 (同事)）", "提交人提供（接收人：本人）", "提交人提供"),
    ("en", "WhatsApp 转发 (received by 黄小姐 (同事))", "Provided by the claimant (received by the claimant)",
     "Provided by the claimant"),
])
def test_the_source_says_whose_phone_it_was_received_on(tmp_path: Path, lang: str, theirs: str, own: str,
                                                          none: str) -> None:
    ex = make_input(tmp_path, 1).exhibits[0]
    s = strings(lang)
    assert exhibit_source(replace(ex, item=replace(ex.item, source="WhatsApp 转发", received_by="黄小姐 (同事)")), s) == theirs
    assert exhibit_source(replace(ex, item=replace(ex.item, received_by=OWN_PHONE)), s) == own
    assert exhibit_source(ex, s) == none


def test_the_respondents_numbers_are_the_persons_word() -> None:
    assert respondents_line(META, strings("zh-Hans")) == "Fortune Credit（30012345，号码由当事人提供）；Swift Recovery"
    assert respondents_line(META, strings("zh-Hant")) == "Fortune Credit（30012345，號碼由當事人提供）；Swift Recovery"
    assert respondents_line(META, strings("en")) == \
        "Fortune Credit (30012345; numbers given by the claimant); Swift Recovery"


def test_the_bundle_shows_them(tmp_path: Path) -> None:
    inp = make_input(tmp_path, 2)
    first = inp.exhibits[0]
    exhibits = (replace(first, item=replace(first.item, source="同事转发", received_by="黄小姐 (同事)")), *inp.exhibits[1:])
    inp = replace(inp, meta=replace(inp.meta, respondents=META.respondents), exhibits=exhibits)
    res = export_bundle(inp, tmp_path / "bundle.pdf", ExportOptions(now=NOW))
    def pages(first: int, last: int) -> str:
        out = subprocess.run(["pdftotext", "-f", str(first), "-l", str(last), str(res.pdf_path), "-"],
                             capture_output=True, text=True, check=True).stdout
        return "".join(out.split())

    assert "FortuneCredit（30012345，号码由当事人提供）；SwiftRecovery" in pages(1, 1)
    assert "同事转发（接收人：黄小姐(同事)）" in pages(2, 2)  # the evidence list
    assert pages(3, res.pages).count("同事转发（接收人：黄小姐(同事)）") == 1  # the exhibit's page


@pytest.mark.parametrize(("received_by", "proves"), [
    ("", "证明对方向第三人披露了本人的欠款"),
    (OWN_PHONE, None),  # on the claimant's own phone: no disclosure claimed
])
def test_the_purpose_follows_whose_phone_it_was(received_by: str, proves: str | None) -> None:
    from evidencekit.core.export.summary import analysis_of, exhibit_proves
    from tests.core.analysis import casefixture

    told = "王先生您好，你同事李明欠我们恒信消费金融8,000元一直不还，麻烦转告他尽快处理。"
    ex = casefixture._exhibit(6, "IMG_20261124_110500.jpg", "17088880001", [("今天 11:05", "in", told)],
                              exif="2026:11:24 11:06:00")
    ex = replace(ex, item=replace(ex.item, received_by=received_by))
    from evidencekit.core.export.model import BundleInput

    b = BundleInput(meta=casefixture.META, exhibits=(*casefixture.exhibits(), ex), log=(), identity=None)  # type: ignore[arg-type]
    got = exhibit_proves(ex, strings("zh-Hans"), analysis=analysis_of(b))
    if proves is not None:
        assert proves in got
    else:
        assert "披露" not in got and got
