"""A Hong Kong complaint about a money lender and the agency collecting for it, as a desk reads it:
the agency's threats by SMS and its calls (a burst of seven unanswered calls from its landline,
ten unanswered in one day, one at night), the lender's own notice meant for someone else; the
person known by an English name and the name on their identity card, a loan account number in
the lender's notice. The SMS and the calls are the phone's exports (exhibits 1 and 2)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from evidencekit.core.analysis.case_settings import CaseSettings
from evidencekit.core.analysis.casework import CaseAnalysis, analyse
from evidencekit.core.documents import render
from evidencekit.core.documents.fromcase import BundleRef, draft_input
from evidencekit.core.documents.render import channels
from evidencekit.core.export.model import ExhibitInput
from evidencekit.core.media.model import ItemMedia, Record
from evidencekit.core.models import CaseMeta, Item, Respondent

LENDER, AGENCY = "Fortune Credit", "Swift Recovery"
LENDER_NO, AGENT_MOBILE, AGENT_LINE = "30012345", "54321098", "34567890"
META = CaseMeta(title="Fortune Credit / Swift Recovery", claimant_name="陳嘉欣", claimant_phone="61234567",
                respondents=(Respondent(LENDER, (LENDER_NO,)), Respondent(AGENCY, (AGENT_MOBILE, AGENT_LINE))),
                language="en", claimant_other_names=("Karen Chan", "CHAN Ka Yan"))
SETTINGS = CaseSettings(jurisdiction="HK", lenders=(LENDER,), claimant_address="Flat 12B, 88 Junction Road",
                        respondent_addresses={"Swift Recovery Services": "Unit 5, 9/F, 448 Kwun Tong Road"})
OWN_NOTICE = "[Fortune Credit] Dear Ms CHAN Ka Yan, your loan account FC-88213 is overdue. Outstanding HK$48,600.00."
MIS_SENT = "[Fortune Credit] Dear Mr LEE Chi Keung, your loan account FC-90117 is overdue. Outstanding HK$12,300.00."
POSTERS = "陳嘉欣，再唔還錢我哋就去你屋企同公司貼街招，俾你啲鄰居同同事知你係老賴。"
SMS = [  # (local time, number, in/out, text)
    ("2026-11-23 10:05:00", LENDER_NO, "in", OWN_NOTICE),
    ("2026-11-23 22:47:30", AGENT_MOBILE, "in", "陳嘉欣小姐，你欠富通財務HK$48,600已經逾期，今晚唔覆就聽朝上你公司搵你老細。"),
    ("2026-11-24 07:15:00", AGENT_MOBILE, "in", "Reply now or we will tell your family and your employer about your debt."),
    ("2026-11-26 09:30:00", LENDER_NO, "in", MIS_SENT),
    ("2026-11-26 10:02:00", LENDER_NO, "out", "I am not Lee Chi Keung. This number belongs to me."),
    ("2026-11-26 23:10:20", AGENT_MOBILE, "in", POSTERS),
]
CALLS = [  # (local time, number, status)
    *((f"2026-11-24 09:{m:02d}:00", AGENT_LINE, "missed") for m in range(0, 60, 10)),
    ("2026-11-24 10:00:00", AGENT_LINE, "missed"),
    ("2026-11-24 13:00:00", AGENT_MOBILE, "missed"),
    ("2026-11-24 14:00:00", AGENT_LINE, "missed"),
    ("2026-11-24 15:00:00", AGENT_LINE, "missed"),
    ("2026-11-25 22:15:00", AGENT_MOBILE, "missed"),
    ("2026-11-27 11:00:00", LENDER_NO, "incoming"),
]
BUNDLE = BundleRef("cd" * 32, "bundle.pdf", "2026-12-01T10:00:00Z", True)


def _export(number: str, name: str, records: tuple[Record, ...]) -> ExhibitInput:
    item = Item(id=int(number), sha256=f"{int(number):02d}" * 32, sm3="b" * 64, size=4000, kind="export",
                mime="application/xml", original_name=name, original_path=f"/phone/{name}",
                file_mtime="2026-11-28T12:00:00Z", exif_time=None, imported_at="2026-12-01T12:00:00Z",
                import_offset="+08:00", host="h", user="u")
    return ExhibitInput(number, item, Path(f"/phone/{name}"), None, media=ItemMedia("export", records=records))


def exhibits() -> tuple[ExhibitInput, ...]:
    sms = tuple(Record(k, "sms", no, t.replace(" ", "T"), side, "received" if side == "in" else "sent", text)
                for k, (t, no, side, text) in enumerate(SMS))
    calls = tuple(Record(k, "call", no, t.replace(" ", "T"), "in", status, duration_s=60.0 if status == "incoming" else 0.0)
                  for k, (t, no, status) in enumerate(CALLS))
    return (_export("1", "sms-20261128.xml", sms), _export("2", "calls-20261128.xml", calls))


EXS = exhibits()


@pytest.fixture(scope="module")
def case() -> CaseAnalysis:
    return analyse(EXS, META, SETTINGS)


def _draft(case: CaseAnalysis, channel: str, *, fit: bool = False, respondent: str | None = None) -> str:
    data = draft_input(case, EXS, channel, "en", bundle=BUNDLE, date="2026-12-04", respondent=respondent)
    return render(channel, data, "en", fit=fit).text


@pytest.mark.parametrize("channel", ["hk-hkma", "hk-consumer-council", "lender"])
def test_a_complaint_tells_of_the_lender_and_its_agency_with_their_calls(case: CaseAnalysis, channel: str) -> None:
    text = _draft(case, channel)
    facts = text.split("II. What happened\n")[1].split("\n")[0]
    # both senders counted apart; the calls and the night as the cover counts them (the figures)
    assert facts == ("From 2026-11-23 to 2026-11-27, 2 senders contacted me 17 times: Swift Recovery 14 times "
                     "(exhibits 1–2); Fortune Credit 3 times (exhibits 1–2). Of these, 12 were calls (exhibit 2), "
                     "11 not answered (10 on 2026-11-24 alone); 3 came at night (22:00–07:00).")
    # the lender's own notice meant for someone else, and the agency's threat, each quoted
    assert f"“{MIS_SENT}”" in text and f"“{POSTERS}”" in text
    assert "Bursts of contact: 7 contacts from Swift Recovery within 60 minutes" in text
    # every exhibit a finding rests on is in the evidence list
    assert "The evidence list is in the signed bundle: Exhibit 1 " in text and "; Exhibit 2 " in text


def test_asked_for_by_name_the_lender_is_complained_of_with_its_agency(case: CaseAnalysis) -> None:
    text = _draft(case, "lender", respondent=LENDER)
    assert text.startswith("Complaint to Fortune Credit\n")
    assert f"“{MIS_SENT}”" in text and f"“{POSTERS}”" in text
    assert "Stop sending someone else's collection notices to my number" in text


def test_a_shortened_complaint_keeps_a_count_per_finding(case: CaseAnalysis) -> None:
    # the form's box: the findings kept on a line each, with how many each holds
    short = _draft(case, "hk-hkma", fit=True)
    assert len(short) <= channels()["hk-hkma"].limit < len(_draft(case, "hk-hkma"))
    findings = short.split("III. Possible breaches\n")[1].split("\n(Kinds and counts only")[0]
    # (on a line each, or on one line when that is what fits)
    assert re.sub(r"\n\d\. ", "; ", findings) == (
        "1. Collection contact at night: 3 contacts on 3 nights (exhibits 1, 2); Threat to contact third parties or "
        "disclose the debt to them: 3 messages (exhibit 1); Threats: 2 messages (exhibit 1); Insults: 1 message "
        "(exhibit 1); Collection notices sent to someone who is not the debtor: 1 message (exhibit 1); Bursts of "
        "contact: 7 contacts (exhibit 2)")
    # the most serious quotes stay, and the count of the contacts and calls
    assert f"“{POSTERS}”" in short and f"“{MIS_SENT}”" in short
    assert "12 were calls (exhibit 2), 11 not answered (10 on 2026-11-24 alone)" in short


def test_the_name_and_number_as_a_hong_kong_form_takes_them(case: CaseAnalysis) -> None:
    text = _draft(case, "hk-hkma")
    assert "\nComplainant's name: CHAN Ka Yan (陳嘉欣)\n" in text
    assert "\nTelephone: +852 61234567\n" in text
    # the account of the person's own notice, not that of the notice meant for someone else
    assert "\nLoan account number: FC-88213\n" in text and "FC-90117\n" not in text
    data = draft_input(case, EXS, "hk-consumer-council", "zh-Hant", bundle=BUNDLE)
    assert render("hk-consumer-council", data, "zh-Hant").fields["complainant_name"] == "陳嘉欣（CHAN Ka Yan）"


def test_the_address_given_under_another_form_of_the_name_is_used(case: CaseAnalysis) -> None:
    # the setting says "Swift Recovery Services"; the respondent is "Swift Recovery"
    data = draft_input(case, EXS, "hk-consumer-council", "en", bundle=BUNDLE, respondent=AGENCY)
    assert data.respondent.address == "Unit 5, 9/F, 448 Kwun Tong Road"


def test_the_message_that_reached_a_colleague_is_kept_and_a_number_is_named_once() -> None:
    # the colleague's screenshot, forwarded: the agency's mobile as her phone shows it (+852 …)
    from evidencekit.core.models import EngineInfo, Message, OcrResult

    told = ("Hi Ms Wong, 你同事陳嘉欣 (Karen Chan) 欠我哋客戶富通財務 HK$48,600 一直唔還，"
            "叫佢即刻覆電話，唔係我哋會上你哋公司搵佢。")
    item = Item(id=3, sha256="03" * 32, sm3="b" * 64, size=100, kind="image", mime="image/jpeg",
                original_name="IMG-20261124-WA0003.jpg", original_path="/phone/IMG-20261124-WA0003.jpg",
                file_mtime="2026-11-28T12:00:00Z", exif_time="2026:11:24 11:06:00", imported_at="2026-12-01T12:00:00Z",
                import_offset="+08:00", host="h", user="u")
    ocr = OcrResult("03" * 32, EngineInfo("fake", "1", "chi_tra"), "zh-Hant", told, "+852 5432 1098",
                    (Message(told, time_label="11:05", side="in"),))
    exs = (*EXS, ExhibitInput("3", item, Path("/phone/IMG-20261124-WA0003.jpg"), ocr))
    case = analyse(exs, META, SETTINGS)
    data = draft_input(case, exs, "hk-pcpd", "en", bundle=BUNDLE, date="2026-12-04")
    short = render("hk-pcpd", data, "en", fit=True).text
    assert len(short) <= channels()["hk-pcpd"].limit
    assert "Hi Ms Wong" in short  # what the complaint is about, kept when others are left out
    lender = render("lender", draft_input(case, exs, "lender", "en", bundle=BUNDLE, date="2026-12-04"), "en").text
    line = next(ln for ln in lender.splitlines() if ln.startswith("Respondent:"))
    assert len(re.findall(r"5432 ?1098", line)) == 1, line
