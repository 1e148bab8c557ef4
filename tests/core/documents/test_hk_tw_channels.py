"""Hong Kong and Taiwan desks beyond the financial regulators: the police, the privacy regulator, the
registrar of money lenders, Taiwan's financial ombudsman and consumer protection officers; and an
HKMA complaint about a respondent not known as a bank says where a money lender's case goes."""

from __future__ import annotations

from dataclasses import replace

import pytest

from evidencekit.core.analysis.findings import CaseFacts, find_findings, load_ruleset
from evidencekit.core.documents import DraftInput, ExhibitRef, KeyQuote, Party, channels, render
from evidencekit.core.documents.render import resolve_channel
from tests.core.analysis.test_findings import TIMELINE

THREAT = "陳嘉欣，再唔還錢我哋就去你屋企同公司貼街招，俾你啲鄰居同同事知你係老賴。"


@pytest.fixture(scope="module")
def hk() -> DraftInput:
    found = find_findings(TIMELINE, CaseFacts(claimant_name="陳嘉欣"), load_ruleset("hk-hkma"))
    return DraftInput(
        claimant=Party("陳嘉欣", "61234567", "Flat 12B, Lok Fu Garden, Kowloon", "Hong Kong Identity Card", "Y123456(7)"),
        respondent=Party("Fortune Credit Limited", "30012345"), exhibits=(ExhibitRef("5", "SMS export"),),
        findings=tuple(found), quotes=(KeyQuote("5", THREAT, "2026-11-26 23:10", "54321098"),),
        first_contact="2026-11-23", last_contact="2026-11-27", contact_count=25, bundle_fingerprint="ab" * 32,
        date="2026-12-04")


@pytest.mark.parametrize(("alias", "channel", "where"), [
    ("hkpf", "hk-police", "HK"), ("pcpd", "hk-pcpd", "HK"), ("money-lenders", "hk-money-lenders", "HK"),
    ("foi", "tw-foi", "TW"), ("165", "tw-165", "TW"), ("1950", "tw-1950", "TW"),
])
def test_the_desks_are_channels_of_their_place(alias: str, channel: str, where: str) -> None:
    assert resolve_channel(alias) == channel
    assert channels()[channel].jurisdiction == where


@pytest.mark.parametrize(("channel", "cites"), [
    ("hk-police", "Crimes Ordinance (Cap. 200), s. 24"),
    ("hk-pcpd", "s. 37 of the Personal Data (Privacy) Ordinance (Cap. 486)"),
    ("hk-money-lenders", "Money Lenders Ordinance (Cap. 163)"),
    ("tw-foi", "金融消費者保護法第13條第2項"),
    ("tw-165", "165全民防騙網"),
    ("tw-1950", "消費者保護法第43條"),
])
def test_each_desk_names_the_source_of_what_it_asks(channel: str, cites: str) -> None:
    assert cites in channels()[channel].basis


def test_an_hkma_complaint_about_a_money_lender_says_where_it_belongs(hk: DraftInput) -> None:
    d = render("hk-hkma", hk, "en", fit=False)
    assert ("Note: the HKMA handles complaints about authorized institutions (banks) and the debt collection agencies "
            "they appoint. If the respondent (Fortune Credit Limited) is not a bank or acting for one but a money lender licensed under "
            "the Money Lenders Ordinance (Cap. 163) or its collector, complain to the Registrar of Money Lenders "
            "(Companies Registry), and report threats to the Police.") in d.text
    zh = render("hk-hkma", hk, "zh-Hant", fit=False)
    assert "請向公司註冊處的放債人註冊處處長投訴，恐嚇則向警方報案" in zh.text
    # a bank is the HKMA's own: no note
    bank = render("hk-hkma", replace(hk, respondent=Party("Harbour Bank Limited")), "en", fit=False)
    assert "Registrar of Money Lenders" not in bank.text
    assert "Registrar of Money Lenders" not in render("hk-hkma", replace(hk, respondent=Party("港灣銀行")), "zh-Hant").text


def test_a_report_to_the_hong_kong_police_asks_about_criminal_intimidation(hk: DraftInput) -> None:
    d = render("hk-police", hk, "en")
    assert d.title == "Report to Hong Kong Police Force"
    assert "1. Open an investigation into the threats in these messages as possible criminal intimidation " \
        "(Crimes Ordinance, s. 24)" in d.text
    assert THREAT in d.text and len(d.text) <= channels()["hk-police"].limit


def test_a_privacy_complaint_asks_about_the_disclosure_and_reminds_of_the_consent_question(hk: DraftInput) -> None:
    d = render("hk-pcpd", hk, "zh-Hant")
    assert "1. 調查被投訴方有否未經本人同意，向本人的同事、家人或鄰居披露本人欠債及個人資料（保障資料第3原則）" in d.text
    assert "是否同意公署向被投訴者披露本人身份" in d.text
    assert d.blanks == ("被申訴方地址",)


def test_the_ombudsman_application_says_the_bank_is_complained_to_first(hk: DraftInput) -> None:
    tw = replace(hk, respondent=Party("華信商業銀行"), claimant=Party("林美玲", "0912345678", id_number="A223456789"),
                 negotiation="115年11月28日向華信銀行客服申訴，尚未回覆。")
    d = render("tw-foi", tw, "zh-Hant", fit=False)
    assert d.title == "向財團法人金融消費評議中心申請評議"
    assert "得於60日內向評議中心申請評議" in d.text and "0800-789-885" in d.text
    assert "相對人應為銀行等金融機構本身（本件所涉：華信商業銀行）" in d.text
    assert "與對方協商情形：115年11月28日向華信銀行客服申訴，尚未回覆。" in d.text
