"""The cover's sender line names the respondent of a number the person gave as its own, and says
the number is their word."""

from __future__ import annotations

from dataclasses import replace

from evidencekit.core.export.strings import strings
from evidencekit.core.export.summary import case_summary
from evidencekit.core.models import Respondent
from tests.core.analysis import casefixture


def _senders(lang: str, respondents: tuple[Respondent, ...]) -> str:
    b = casefixture.bundle()
    b = replace(b, meta=replace(b.meta, respondents=respondents))
    return next(line.value for line in case_summary(b, strings(lang)).lines if line.key == "senders")


def test_the_sender_line_names_whose_number_the_person_says_it_is() -> None:
    given = (Respondent(casefixture.LENDER, ("95566",)), Respondent(casefixture.COLLECTOR, ("170 8888 0002",)))
    assert _senders("zh-Hans", given) == (
        "4 个：恒信消费金融 95566、17088880001、1069012345678、"
        f"17088880002（{casefixture.COLLECTOR}，号码由当事人提供）")
    assert _senders("en", given).endswith(f"17088880002 ({casefixture.COLLECTOR}, number given by the claimant))")
    assert "號碼由當事人提供" in _senders("zh-Hant", given)
    # without numbers given, the line names the numbers alone
    assert _senders("zh-Hans", tuple(Respondent(r.name) for r in given)) == (
        "4 个：恒信消费金融 95566、17088880001、1069012345678、17088880002")
