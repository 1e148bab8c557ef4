"""The app labels a screenshot's messages as the bundle does: read as one thread, the person's
corrections applied. The case list, the preview and the bundle name the same labels."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from evidencekit.core.analysis.classify import classify
from evidencekit.core.analysis.figures import message_label_names
from evidencekit.core.analysis.labels import display_labels
from evidencekit.core.export.model import gather as gather_bundle
from evidencekit.core.export.summary import analysis_of
from evidencekit.core.models import CaseMeta, EngineInfo, Message, OcrResult
from evidencekit.core.vault.case import Case
from evidencekit.tui.widgets.preview import gather
from tests.conftest import make_clock, make_png

ENGINE = EngineInfo("fake", "1.0", "chi_sim")
# no claimant known: only the person's reply says the notice is somebody else's
NOTICE = Message("张伟，您的借款已逾期3天，请今日内还款。", sent_at="2026-11-20T10:00:00", side="in")
REPLY = Message("我不是张伟，你们发错了", sent_at="2026-11-20T10:05:00", side="out")


@pytest.fixture
def thread_case(tmp_path: Path) -> tuple[Path, int]:
    shot = make_png(tmp_path / "src" / "shot.png")
    path = tmp_path / "case"
    with Case.create(path, CaseMeta("催收", ""), clock=make_clock()) as case:
        (out,) = case.import_paths([shot])
        assert out.item_id is not None
        case.store_ocr(out.item_id, OcrResult(case.item(out.item_id).sha256, ENGINE, "zh-Hans", "", "95188",
                                              (NOTICE, REPLY)), cache_key="t")
    return path, out.item_id


def bundle_labels(case: Case, messages: int = 2) -> list[tuple[str, ...]]:
    a = analysis_of(gather_bundle(case))
    return [display_labels(message_label_names(r)) if (r := a.reading_at("1", i)) is not None else ()
            for i in range(messages)]


def test_the_preview_labels_a_thread_as_the_bundle(thread_case: tuple[Path, int]) -> None:
    path, item_id = thread_case
    with Case.open(path, readonly=True) as case:
        shown = gather(case, case.item(item_id)).labels
        assert shown[0] == ("possibly_misdirected", "overdue_collection")
        assert [shown[0], shown[1]] == bundle_labels(case)


def list_labels(case: Case, item_id: int) -> tuple[str, ...]:
    """The labels the evidence list shows for an item (what its rows are made of)."""
    from evidencekit.tui.screens.case_rows import shown_labels

    return shown_labels(case.ocr_summaries([item_id])[item_id].labels)


def labelled(m: Message) -> Message:
    """A message with the labels OCR gives it (read with its side)."""
    return replace(m, labels=tuple(classify(m.text, side=m.side)))


def test_the_list_follows_a_correction_of_text_or_side(tmp_path: Path) -> None:
    shots = [make_png(tmp_path / "src" / f"{i}.png", color=(40 * i, 0, 0)) for i in (1, 2)]
    with Case.create(tmp_path / "case", CaseMeta("催收", ""), clock=make_clock()) as case:
        one, two = (o.item_id for o in case.import_paths(shots))
        assert one is not None and two is not None
        # the reply's bubble was read as received: nothing marks the notice before it
        case.store_ocr(one, OcrResult(case.item(one).sha256, ENGINE, "zh-Hans", "", "95188",
                                      (labelled(NOTICE), labelled(replace(REPLY, side="in")))), cache_key="t")
        # a smudge OCR read as a friendly question
        case.store_ocr(two, OcrResult(case.item(two).sha256, ENGINE, "zh-Hans", "", "17100000000",
                                      (labelled(Message("你好，请问是哪位？", sent_at="2026-11-21T10:00:00", side="in")),)),
                       cache_key="t")
        assert list_labels(case, one) == ("overdue_collection",)
        assert list_labels(case, two) == ()

        case.correct_message(one, 1, side="out")
        case.correct_message(two, 0, "再不还钱就去你单位找你领导。")
        assert list_labels(case, one) == ("possibly_misdirected", "overdue_collection")
        assert list_labels(case, two) == ("threat_third_party", "threat_home_visit", "overdue_collection")
        # the list names what the preview shows on the messages
        for item_id in (one, two):
            shown = gather(case, case.item(item_id)).labels
            assert set(list_labels(case, item_id)) <= {n for names in shown.values() for n in names}

        case.correct_message(two, 0, side="out")  # it was the person's own message, quoting them
        assert list_labels(case, two) == ()


def test_an_index_made_before_labels_were_kept_shows_the_ocr_labels(thread_case: tuple[Path, int]) -> None:
    import sqlite3

    path, item_id = thread_case
    db = next(p for p in path.iterdir() if p.suffix in (".db", ".sqlite", ".sqlite3"))
    conn = sqlite3.connect(db)
    with conn:
        conn.execute("ALTER TABLE ocr DROP COLUMN labels")
        conn.execute("DELETE FROM _migrations WHERE name = '011_ocr_labels'")
    conn.close()
    with Case.open(path, readonly=True) as case:  # read-only: nothing is migrated
        assert case.ocr_summaries()[item_id].labels == ()  # the stored reading's own (none here)
    with Case.open(path) as case:  # writable: migrated, kept from the next reading or correction on
        assert case.ocr_summaries()[item_id].labels == ()
        case.correct_message(item_id, 0, NOTICE.text + " ")
        assert case.ocr_summaries()[item_id].labels == ("possibly_misdirected", "overdue_collection")


def test_the_list_follows_a_change_of_the_claimants_name(tmp_path: Path) -> None:
    # addressed to 张伟: on 张三's phone it is somebody else's notice, on 张伟's it is his own
    notice = Message("张伟，您的借款已逾期3天，请今日内还款。", sent_at="2026-11-20T10:00:00", side="in")
    shots = [make_png(tmp_path / "src" / f"{i}.png", color=(40 * i, 0, 0)) for i in (1, 2)]
    with Case.create(tmp_path / "case", CaseMeta("催收", "张三"), clock=make_clock()) as case:
        one, two = (o.item_id for o in case.import_paths(shots))
        assert one is not None and two is not None
        for item_id in (one, two):
            case.store_ocr(item_id, OcrResult(case.item(item_id).sha256, ENGINE, "zh-Hans", "", "95188",
                                              (labelled(notice),)), cache_key="t")
        case.correct_message(two, 0, notice.text.replace("张伟", "张三"))  # the person's correction
        assert list_labels(case, one) == ("possibly_misdirected",)
        assert list_labels(case, two) == ("overdue_collection",)

        case.update_meta(claimant_name="张伟")
        assert list_labels(case, one) == ("overdue_collection",)
        assert list_labels(case, two) == ("possibly_misdirected",)
        for item_id in (one, two):  # the list names what the preview shows
            shown = gather(case, case.item(item_id)).labels
            assert set(list_labels(case, item_id)) == {n for names in shown.values() for n in names}

        case.update_meta(title="催收短信")  # the name unchanged: nothing to read again
        assert list_labels(case, one) == ("overdue_collection",)


def test_the_list_follows_the_other_names_the_person_is_addressed_by(tmp_path: Path) -> None:
    # 梁詠詩: a notice to 何太 may be hers (a married title names the husband's surname) until the
    # case gives her own married name, 陳太: then it is someone else's
    notice = Message("何太，你好，你嘅貸款已逾期，請盡快還款HK$3,200。", sent_at="2026-11-20T10:00:00", side="in")
    with Case.create(tmp_path / "case", CaseMeta("催收", "梁詠詩"), clock=make_clock()) as case:
        (out,) = case.import_paths([make_png(tmp_path / "src" / "1.png")])
        assert out.item_id is not None
        case.store_ocr(out.item_id, OcrResult(case.item(out.item_id).sha256, ENGINE, "zh-Hant", "", "95188",
                                              (labelled(notice),)), cache_key="t")
        assert list_labels(case, out.item_id) == ("overdue_collection",)
        assert bundle_labels(case, 1) == [("overdue_collection",)]

        case.update_meta(claimant_other_names=["陳太", " Mrs Chan ", ""])
        assert case.meta.claimant_other_names == ("陳太", "Mrs Chan")
        assert list_labels(case, out.item_id) == ("possibly_misdirected",)
        assert bundle_labels(case, 1) == [("possibly_misdirected",)]
        assert gather(case, case.item(out.item_id)).labels[0] == ("possibly_misdirected",)
        entry = case.log_entries()[-1]
        assert entry.details["meta"]["claimant_other_names"] == ["陳太", "Mrs Chan"]  # type: ignore[index]  # logged
    with Case.open(tmp_path / "case", readonly=True) as case:  # and kept
        assert case.meta.claimant_other_names == ("陳太", "Mrs Chan")


def test_a_change_of_name_that_fails_half_way_leaves_the_case_as_it_was(tmp_path: Path,
                                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    from evidencekit.core.vault.tables.ocr import OcrTable

    notice = Message("张伟，您的借款已逾期3天，请今日内还款。", sent_at="2026-11-20T10:00:00", side="in")
    shots = [make_png(tmp_path / "src" / f"{i}.png", color=(40 * i, 0, 0)) for i in (1, 2)]
    path = tmp_path / "case"
    with Case.create(path, CaseMeta("催收", "张三"), clock=make_clock()) as case:
        ids = [o.item_id for o in case.import_paths(shots)]
        for item_id in ids:
            assert item_id is not None
            case.store_ocr(item_id, OcrResult(case.item(item_id).sha256, ENGINE, "zh-Hans", "", "95188",
                                              (labelled(notice),)), cache_key="t")
        entries = len(case.log_entries())
        real = OcrTable.set_labels
        calls = []

        def second_fails(self: OcrTable, item_id: int, labels: tuple[str, ...]) -> None:
            calls.append(item_id)
            if len(calls) == 2:
                raise OSError("disk gone")
            real(self, item_id, labels)

        monkeypatch.setattr(OcrTable, "set_labels", second_fails)
        with pytest.raises(OSError):
            case.update_meta(claimant_name="张伟")
        monkeypatch.undo()
        assert calls == ids  # the first screenshot's labels were written, then rolled back
    with Case.open(path, readonly=True) as case:
        assert case.meta.claimant_name == "张三"
        assert [list_labels(case, i) for i in ids] == [("possibly_misdirected",)] * 2
        assert len(case.log_entries()) == entries


def test_a_message_of_unknown_side_is_read_alike_by_the_cover_the_proves_and_the_list(tmp_path: Path) -> None:
    from evidencekit.core.analysis.labels import ORDER
    from evidencekit.core.export.strings import strings
    from evidencekit.core.export.summary import case_summary, exhibit_labels, exhibit_proves

    # OCR could not tell whose bubbles the reply and the threat are: the wording says so
    reply = replace(REPLY, side="")
    threat = Message("再不还钱就去你单位找你领导。", sent_at="2026-11-20T10:10:00", side="")
    shot = make_png(tmp_path / "src" / "shot.png")
    with Case.create(tmp_path / "case", CaseMeta("催收", ""), clock=make_clock()) as case:
        (out,) = case.import_paths([shot])
        assert out.item_id is not None
        case.store_ocr(out.item_id, OcrResult(case.item(out.item_id).sha256, ENGINE, "zh-Hans", "", "95188",
                                              (NOTICE, reply, threat)), cache_key="t")
        listed = list_labels(case, out.item_id)
        assert listed == ("possibly_misdirected", "threat_third_party", "threat_home_visit", "overdue_collection")
        shown = gather(case, case.item(out.item_id)).labels
        assert [shown[i] for i in range(3)] == bundle_labels(case, 3)  # each message, preview and bundle

        b = gather_bundle(case)
        a = analysis_of(b)
        s = strings("zh-Hans")
        [ex] = b.exhibits
        assert exhibit_labels(ex) == listed
        lines = {ln.key: ln.text for ln in case_summary(b, s, a).lines}
        assert tuple(k for k in ORDER if k in lines) == listed
        assert lines["possibly_misdirected"] == "疑似发错人：1 条（证据1）"
        assert lines["reply_not_me"] == "本人回复称非本人或发错：1 条（证据1）"
        assert lines["threat_third_party"] == "威胁告知第三人：1 条（证据1）"

        # the cover, the 证明目的 and the findings say what they say when the sides were seen
        assert ex.ocr is not None
        seen = replace(ex, ocr=replace(ex.ocr, messages=(NOTICE, REPLY, replace(threat, side="in"))))
        b_seen = replace(b, exhibits=(seen,))
        a_seen = analysis_of(b_seen)
        assert exhibit_proves(ex, s) == exhibit_proves(seen, s)
        assert case_summary(b, s, a).lines == case_summary(b_seen, s, a_seen).lines
        assert [(f.rule_id, [e.ref for e in f.evidence]) for f in a.findings] == \
            [(f.rule_id, [e.ref for e in f.evidence]) for f in a_seen.findings]


def test_the_chronology_puts_an_unknown_sides_reply_where_the_cover_does(tmp_path: Path) -> None:
    from evidencekit.core.analysis.chronology import events

    reply = replace(REPLY, side="")
    shot = make_png(tmp_path / "src" / "shot.png")
    with Case.create(tmp_path / "case", CaseMeta("催收", ""), clock=make_clock()) as case:
        (out,) = case.import_paths([shot])
        assert out.item_id is not None
        case.store_ocr(out.item_id, OcrResult(case.item(out.item_id).sha256, ENGINE, "zh-Hans", "", "95188",
                                              (NOTICE, reply)), cache_key="t")
        b = gather_bundle(case)
        listed = events(b.exhibits)
        assert [(e.text[:4], e.outgoing) for e in listed] == [("张伟，您", False), ("我不是张", True)]
        a = analysis_of(b)
        assert a.figures.messages_out == 1 and a.figures.messages_in == 1


def test_a_message_two_screenshots_show_is_one_contact_whether_or_not_its_side_was_seen(tmp_path: Path) -> None:
    from evidencekit.core.analysis.case_contacts import exhibit_contacts

    shots = [make_png(tmp_path / "src" / f"shot{k}.png", color=(k, k, k)) for k in (1, 2)]
    with Case.create(tmp_path / "case", CaseMeta("催收", ""), clock=make_clock()) as case:
        outs = case.import_paths(shots)
        for out, reply in zip(outs, (REPLY, replace(REPLY, side="")), strict=True):
            assert out.item_id is not None
            case.store_ocr(out.item_id, OcrResult(case.item(out.item_id).sha256, ENGINE, "zh-Hans", "", "95188",
                                                  (NOTICE, reply)), cache_key="t")
        b = gather_bundle(case)
    contacts = exhibit_contacts(b.exhibits)
    assert [c.text for c in contacts] == [NOTICE.text, REPLY.text]
    assert contacts[1].extra.get("also") == (b.exhibits[1].number,)
