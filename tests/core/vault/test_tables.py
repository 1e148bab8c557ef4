"""The table classes on an in-memory index: each owns its SQL and returns typed values."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from evidencekit.core.models import (CaseMeta, EngineInfo, Item, Label, Message, OcrResult, OcrState, OcrSummary,
                                    OcrWarning, ReferenceSource, Respondent, TimeBasis, TimeRule)
from evidencekit.core.vault.case import Case
from evidencekit.core.vault.exhibits import number_exhibits
from evidencekit.core.vault.index import Index
from evidencekit.core.vault.tables import NewItem, Tables
from evidencekit.core.verify import verify_case
from tests.conftest import make_png

ENGINE = EngineInfo("fake", "1.0", "chi_sim")


@pytest.fixture
def tables() -> Tables:
    index = Index(":memory:")
    index.migrate()
    return Tables.on(index.conn)


def new_item(n: int, **kw: object) -> NewItem:
    base = NewItem(sha256=f"{n:064x}", sm3="0" * 64, size=n, kind="image", mime="image/png",
                   original_name=f"{n}.png", original_path=f"/p/{n}.png", original_path_raw=f"/p/{n}.png".encode(),
                   file_mtime="2026-11-20T01:00:00.000Z", exif_time=None, imported_at="2026-11-20T01:00:01.000Z",
                   import_offset="+08:00", host="h", user="u", position=n, duration_s=None, width=1, height=2,
                   batch="b")
    return replace(base, **kw)  # type: ignore[arg-type]


def reading(*messages: Message, sender: str | None = "95188") -> OcrResult:
    return OcrResult("a" * 64, ENGINE, "zh-Hans", "", sender, messages)


def test_items_are_typed_and_ordered(tables: Tables) -> None:
    ids = [tables.items.insert(new_item(n, position=p)) for n, p in ((1, 3), (2, 1), (3, 2))]
    tables.items.update(ids[0], {"title": "标题", "tags": ("催收", "夜间"), "event_time": None})
    items = tables.items.all()
    assert [it.id for it in items] == [ids[1], ids[2], ids[0]]
    first = tables.items.get(ids[0])
    assert isinstance(first, Item) and first.tags == ("催收", "夜间") and first.title == "标题"
    assert first.kind == "image" and first.withdrawn is False and first.width == 1
    assert tables.items.all(limit=2) == items[:2]
    tables.items.set_withdrawn(ids[1], True, "重复")
    assert [it.id for it in tables.items.all()] == [ids[2], ids[0]]
    assert tables.items.count(include_withdrawn=True) == 3 and tables.items.count() == 2
    assert tables.items.id_of(f"{2:064x}") == ids[1] and tables.items.id_of("f" * 64) is None
    with pytest.raises(ValueError):
        tables.items.update(ids[0], {"position": "1"})


def test_ocr_state_and_the_one_failed_rule(tables: Tables) -> None:
    a, b, c = (tables.items.insert(new_item(n)) for n in (1, 2, 3))
    tables.ocr.put(a, reading(Message("你好", sent_at="2026-11-20T23:00:00")), cache_key="k", at="t")
    tables.ocr.put_error(b, "unreadable image", at="t")
    assert [tables.ocr.state(i) for i in (a, b, c)] == [OcrState.DONE, OcrState.FAILED, OcrState.NONE]
    # a failed re-run keeps the reading it could not replace: still read
    tables.ocr.put_error(a, "engine crashed", at="t2")
    assert tables.ocr.state(a) is OcrState.DONE and tables.ocr.result(a) is not None
    assert tables.ocr.result(b) is None and tables.ocr.result(c) is None
    # a later success clears the error
    tables.ocr.put(b, reading(), cache_key="k", at="t3")
    assert tables.ocr.state(b) is OcrState.DONE


def test_ocr_summaries_are_typed(tables: Tables) -> None:
    a, b, c = (tables.items.insert(new_item(n)) for n in (1, 2, 3))
    labels = (Label("threat", ("家人",)), Label("threat_third_party", ("家人",)))
    # a bare clock time under a separator keeps how OCR resolved it (the separator's day)
    basis = TimeBasis(TimeRule.RELATIVE_DAY, "2026-11-21T10:00:00", ReferenceSource.EXIF)
    tables.ocr.put(a, reading(Message("一", time_label="昨天"),
                              Message("二", sent_at="2026-11-20T23:00:00", labels=labels),
                              Message("三", time_label="08:00", sent_at="2026-11-21T08:00:00", labels=labels[:1],
                                      time_basis=basis)), cache_key="k", at="t")
    tables.ocr.put_error(b, "unreadable image", at="t")
    summaries = tables.ocr.summaries()
    assert summaries == {
        a: OcrSummary(OcrState.DONE, "95188", ("threat", "threat_third_party"), 3,
                      stamps=(("昨天", None, None), (None, "2026-11-20T23:00:00", None),
                              ("08:00", "2026-11-21T08:00:00", basis))),
        b: OcrSummary(OcrState.FAILED, error="unreadable image"),
    }
    assert tables.ocr.summaries([b, c]) == {b: summaries[b]}
    assert tables.ocr.summaries(list(range(1, 2000))) == summaries  # more ids than one query binds
    # a reading that needs a look says why, by code
    warned = replace(reading(), warnings=(OcrWarning("layout.no_bubbles", "…"), OcrWarning("ocr.empty", "…")))
    tables.ocr.put(c, warned, cache_key="k", at="t")
    assert tables.ocr.summaries([c])[c].warnings == ("layout.no_bubbles", "ocr.empty")


def test_meta_settings_and_corrections(tables: Tables) -> None:
    meta = CaseMeta("标题", "张三", "138", (Respondent("某某", ("95188",)),), "regulator", "zh-Hant", "2026")
    tables.meta.put(meta)
    assert tables.meta.get() == meta
    tables.settings.put("demo", True)
    assert tables.settings.get("demo") is True and tables.settings.get("none", 3) == 3
    item = tables.items.insert(new_item(1))
    tables.corrections.add(item, 0, original="a", text="b", at="t", actor="u@h")
    tables.corrections.add(item, 0, original="a", text="c", at="t", actor="u@h")
    assert tables.corrections.latest(item) == {0: "c"}


def test_exhibit_numbers_in_one_place(case: Case, tmp_path: Path) -> None:
    files = [make_png(tmp_path / f"{i}.png", color=(i, 0, 0)) for i in range(5)]
    ids = [o.item_id for o in case.import_paths(files)]
    case.update_item(ids[1], group_name="夜间")
    case.update_item(ids[3], group_name="夜间")
    case.withdraw(ids[2])
    numbered = [(no, it.id) for no, it in case.exhibits()]
    assert numbered == [("1", ids[0]), ("2-1", ids[1]), ("2-2", ids[3]), ("3", ids[4])]
    # the same numbers from a list already read (withdrawn items included, as the app reads them)
    everything = case.items(include_withdrawn=True)
    assert [(no, it.id) for no, it in case.exhibits(everything)] == numbered
    assert number_exhibits(everything) == case.exhibits()


def test_readings_with_and_without_corrections(case: Case, tmp_path: Path) -> None:
    [o] = list(case.import_paths([make_png(tmp_path / "a.png")]))
    assert o.item_id is not None
    case.store_ocr(o.item_id, reading(Message("原文一"), Message("原文二")), cache_key="k")
    case.correct_message(o.item_id, 1, "更正二")
    assert [m.text for m in case.ocr_result(o.item_id).messages] == ["原文一", "原文二"]  # type: ignore[union-attr]
    corrected = case.ocr_result(o.item_id, corrected=True)
    assert corrected is not None and [m.text for m in corrected.messages] == ["原文一", "更正二"]
    [ex] = case.exhibits_with_text()
    assert ex.number == "1" and ex.ocr == corrected and ex.corrected == frozenset({1})
    assert case.ocr_summaries()[o.item_id].messages == 2
    assert [h.item_id for h in case.search("更正二")] == [o.item_id]


def test_a_damaged_index_is_a_finding(case: Case) -> None:
    path = case.path
    case.close()
    (path / "index.sqlite").write_bytes(b"not a database at all" * 100)
    for wal in path.glob("index.sqlite-*"):
        wal.unlink()
    report = verify_case(path)
    assert not report.ok and [c.code for c in report.problems] == ["case.index.damaged"]


def test_purge_removes_the_item_from_search(case: Case, tmp_path: Path) -> None:
    [o] = list(case.import_paths([make_png(tmp_path / "逾期通知.png")]))
    assert o.item_id is not None
    assert [h.item_id for h in case.search("逾期通知")] == [o.item_id]
    case.purge(o.item_id, confirm=case.item(o.item_id).short_digest)
    assert case.search("逾期通知") == []


def test_writes_from_two_threads_keep_the_log_file_identical_to_the_index(case: Case, tmp_path: Path) -> None:
    """The app writes from several workers at once (import, OCR, an edit): every entry reaches
    custody.jsonl once, in order, and only after its transaction committed."""
    import threading

    [first] = list(case.import_paths([make_png(tmp_path / "first.png")]))
    assert first.item_id is not None
    files = [make_png(tmp_path / "in" / f"{i}.png", color=(i, 1, 2)) for i in range(12)]
    errors: list[BaseException] = []

    def edits() -> None:
        try:
            for k in range(12):
                case.update_item(first.item_id, title=f"标题 {k}")  # type: ignore[arg-type]
        except BaseException as e:  # noqa: BLE001 - reported by the assertion below
            errors.append(e)

    t = threading.Thread(target=edits)
    t.start()
    outcomes = list(case.import_paths(files))
    t.join()
    assert not errors and all(o.status == "imported" for o in outcomes)
    from evidencekit.core.vault import custody

    assert custody.read_lines(case.log_path) == case.custody_lines()
    assert verify_case(case.path).ok
