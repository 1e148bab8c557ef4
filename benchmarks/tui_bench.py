"""How the terminal app feels with 10,000 items, beside an empty case measured in the same run.

    python benchmarks/tui_bench.py [--items 10000] [--size 80x24]

Measures, headless (Textual's Pilot, the real app and screens):

* launch → evidence table drawn (App start, case open, rows loaded in a worker, table filled);
* cursor move latency (one key press of ``down`` until the screen has processed it; the
  preview of the new row is read in a background worker, so the key never waits on it);
* search as you type: from each keystroke's search starting to its results shown in the table
  (the 120 ms debounce is not counted: it is a pause we choose, not work), and the core search
  alone.

The empty-case baseline has no rows: its cursor and search figures are the bare cost of a key
and a screen refresh on this machine.

Building 10,000 items through ``Case.import_paths`` costs ~20 ms a file (fsync, signed custody
entry per file): over three minutes. So the case is built in bulk: 20 items are real imports, the
other rows are written straight into the index (with objects, OCR results and search text) in one
transaction. Those bulk rows have no custody entries, so such a case does not verify — it exists
only to measure the UI.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import io
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from evidencekit.core.models import CaseMeta, Respondent  # noqa: E402
from evidencekit.core.vault.case import Case  # noqa: E402

SENDERS = ["95188", "106980095786", "中國信託", "某某消费金融", "10690000123"]
TEXTS = [
    "您的借款已逾期{n}天，请于今日还款，否则将联系您的紧急联系人。",
    "【某某金融】尊敬的客户，您本期应还款金额{n}元，请按时还款。",
    "您好，您尾號{n}的帳戶本期應繳金額已逾期，請盡速繳款以免影響信用紀錄。",
    "限时优惠！最高可借{n}万元，点击链接立即申请。",
    "我们将于明天上门拜访，并向法院提起诉讼，案件编号{n}。",
]
LABELS = [["overdue_collection", "threat_third_party"], ["repayment_reminder"], ["overdue_collection", "threat_credit_record"],
          ["marketing"], ["threat_home_visit", "threat_legal_action"]]


def _png(i: int) -> bytes:
    from PIL import Image

    img = Image.new("RGB", (18, 32), ((i * 37) % 256, (i * 91) % 256, (i // 256) % 256))
    img.putpixel((0, 0), (i % 256, (i >> 8) % 256, (i >> 16) % 256))
    buf = io.BytesIO()
    img.save(buf, format="PNG")
    return buf.getvalue()


def build_case(path: Path, n: int) -> float:
    """A case of ``n`` items (20 real imports, the rest bulk rows); returns seconds taken."""
    from evidencekit.core.integrity.hashing import digest_bytes
    from evidencekit.core.vault.tables.search import SearchIndex

    t0 = time.perf_counter()
    case = Case.create(path, CaseMeta("基准测试 benchmark", "张三", "13800138000", (Respondent("某某消费金融"),)))
    with case:
        real = min(20, n)
        src = path.parent / (path.name + "-src")
        src.mkdir()
        for i in range(real):
            (src / f"shot-{i:05d}.png").write_bytes(_png(i))
        list(case.import_paths([src]))
        now = "2026-11-20T01:00:00.000Z"
        with case.index.atomic() as conn:
            search = SearchIndex(conn)
            for i in range(real, n):
                data = _png(i)
                d = digest_bytes(data)
                obj = case.original_path(d.sha256)
                obj.parent.mkdir(exist_ok=True)
                obj.write_bytes(data)
                day, minute = 1 + i % 28, (i * 7) % (24 * 60)
                cur = conn.execute(
                    "INSERT INTO items(sha256, sm3, size, kind, mime, original_name, original_path, file_mtime, "
                    "imported_at, import_offset, host, user, position, width, height, title) "
                    "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                    (d.sha256, d.sm3, len(data), "image", "image/png", f"Screenshot_{i:05d}.png",
                     f"/home/me/Pictures/Screenshot_{i:05d}.png", now, now, "+08:00", "host", "user", i + 1, 18, 32,
                     f"短信截图 {i}" if i % 3 == 0 else ""),
                )
                item_id = int(cur.lastrowid or 0)
                k = i % len(TEXTS)
                text = TEXTS[k].format(n=i)
                result = {
                    "sha256": d.sha256, "engine": {"name": "bench", "version": "0", "languages": "chi_sim", "params": {}},
                    "script": "zh-Hans", "text": text, "sender": SENDERS[k],
                    "messages": [{"text": text, "time_label": None,
                                  "sent_at": f"2026-11-{day:02d}T{minute // 60:02d}:{minute % 60:02d}:00",
                                  "bbox": [0, 0, 1, 1], "confidence": 90.0, "side": "in", "facts": [],
                                  "labels": [{"name": lab, "triggers": []} for lab in LABELS[k]]}],
                }
                conn.execute("INSERT INTO ocr(item_id, cache_key, result_json, created_at) VALUES (?,?,?,?)",
                             (item_id, "bench", json.dumps(result, ensure_ascii=False), now))
                search.put(item_id, "ocr", f"{SENDERS[k]}\n{text}")
                search.put(item_id, "notes", f"Screenshot_{i:05d}.png")
    return time.perf_counter() - t0


async def _settled(app) -> None:  # type: ignore[no-untyped-def]
    """Until the app's workers are done; a worker the app cancelled (an exclusive one replaced by
    a newer one, as a fast key repeat does) is done too."""
    from textual.worker import WorkerCancelled

    while True:
        try:
            await app.workers.wait_for_complete()
            return
        except WorkerCancelled:
            continue


async def measure(case_dir: Path, size: tuple[int, int], query: str, moves: int) -> dict[str, object]:
    from evidencekit.tui.app import make_app
    from evidencekit.tui.screens.case import CaseScreen
    from evidencekit.tui.screens.search import SearchScreen

    cfg = Path(tempfile.mkdtemp())
    out: dict[str, object] = {}
    t0 = time.perf_counter()
    app = make_app(case_dir, language="zh-Hans", config_dir=cfg)
    async with app.run_test(size=size) as pilot:
        while True:
            screen = app.screen
            if isinstance(screen, CaseScreen) and screen.drawn:
                break
            await asyncio.sleep(0.001)
        await _refreshed(screen)  # the rows are on screen
        out["launch_s"] = time.perf_counter() - t0
        while not screen.loaded:
            await asyncio.sleep(0.001)
        await _refreshed(screen)
        out["all_rows_s"] = time.perf_counter() - t0
        out["rows"] = screen.query_one("#items").row_count
        out["load_worker_s"] = screen.load_seconds
        await _settled(app)
        await pilot.pause()

        # A cursor move as the UI thread sees it: the key's action, then the next screen
        # refresh. The preview's disk/database work happens later in a worker.
        table = screen.query_one("#items")
        ui: list[float] = []
        for _ in range(moves):
            t = time.perf_counter()
            table.action_cursor(1)
            await _refreshed(table)
            ui.append(time.perf_counter() - t)
            await asyncio.sleep(0.02)  # a fast key repeat rate: 50 keys a second
        out["move_ms"] = [x * 1000 for x in ui]
        await _settled(app)
        await pilot.pause()
        # The same through Pilot: a real key event, and Pilot waits until the app is idle
        # (that includes the preview worker's result being shown).
        full: list[float] = []
        for _ in range(20):
            t = time.perf_counter()
            await pilot.press("down")
            full.append(time.perf_counter() - t)
        out["press_ms"] = [x * 1000 for x in full]
        await _settled(app)
        await pilot.pause()

        await pilot.press("slash")
        search = app.screen
        assert isinstance(search, SearchScreen)
        per_key: list[float] = []
        for i in range(1, len(query) + 1):
            prefix = query[:i]
            await pilot.press(query[i - 1])
            deadline = time.perf_counter() + 10
            while search.last_query != prefix:
                if time.perf_counter() > deadline:
                    raise RuntimeError(f"no search results for {prefix!r} within 10 s: {app._notifications}")
                await asyncio.sleep(0.001)
            await _refreshed(search)
            per_key.append(search.last_latency)
        out["search_ms"] = [x * 1000 for x in per_key]
        out["search_hits"] = search.query_one("#hits").row_count
    # the core search alone, per prefix (what a keystroke costs without the UI)
    with Case.open(case_dir, readonly=True) as case:
        core: list[float] = []
        for i in range(1, len(query) + 1):
            t = time.perf_counter()
            case.search(query[:i])
            core.append((time.perf_counter() - t) * 1000)
        out["core_search_ms"] = core
    return out


async def _refreshed(widget) -> None:  # type: ignore[no-untyped-def]
    done = asyncio.Event()
    widget.call_after_refresh(done.set)
    await done.wait()


def _fmt(ms: list[float]) -> str:
    if not ms:
        return "-"
    s = sorted(ms)
    p95 = s[min(len(s) - 1, int(len(s) * 0.95))]
    return f"median {statistics.median(s):7.1f} ms  p95 {p95:7.1f} ms  max {s[-1]:7.1f} ms"


def figures(items: int, size: tuple[int, int] = (80, 24), moves: int = 100, query: str = "借款已逾期", *,
            work: Path | None = None, big: Path | None = None) -> tuple[float, dict[str, object], dict[str, object]]:
    """Build a case of ``items`` items (unless ``big`` exists) and measure it and an empty case.

    Returns:
        Seconds to build the case, the empty case's figures (the baseline) and the big case's
        (``launch_s``, ``all_rows_s``, ``move_ms``, ``press_ms``, ``search_ms``, ``core_search_ms``, ...).
    """
    os.environ.setdefault("TZ", "Asia/Shanghai")
    work = work or Path(tempfile.mkdtemp(prefix="tui-bench-"))
    empty = work / "empty"
    Case.create(empty, CaseMeta("empty")).close()
    big = big or work / "big"
    build_s = 0.0
    if not big.exists():
        big.parent.mkdir(parents=True, exist_ok=True)
        build_s = build_case(big, items)
    base = asyncio.run(measure(empty, size, query, moves))
    res = asyncio.run(measure(big, size, query, moves))
    return build_s, base, res


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--items", type=int, default=10_000)
    ap.add_argument("--size", default="80x24")
    ap.add_argument("--moves", type=int, default=100)
    ap.add_argument("--query", default="借款已逾期")
    ap.add_argument("--keep", type=Path, default=None, help="build the big case here and keep it")
    args = ap.parse_args()
    w, h = (int(x) for x in args.size.split("x"))
    work = Path(tempfile.mkdtemp(prefix="tui-bench-"))
    big = (args.keep or work) / "big"
    if big.exists():
        print(f"reusing {big}")
    build_s, base, res = figures(args.items, (w, h), args.moves, args.query, work=work, big=big)
    print(f"built a case of {args.items} items in {build_s:.1f} s ({big})")

    print(f"\nterminal {w}x{h}; empty case vs {res['rows']} rows")
    print(f"launch → table drawn   empty {base['launch_s'] * 1000:7.1f} ms   {args.items} items "
          f"{res['launch_s'] * 1000:7.1f} ms   ratio {res['launch_s'] / base['launch_s']:.2f}x")
    print(f"launch → all rows in   empty {base['all_rows_s'] * 1000:7.1f} ms   {args.items} items "
          f"{res['all_rows_s'] * 1000:7.1f} ms   ratio {res['all_rows_s'] / base['all_rows_s']:.2f}x   "
          f"(worker read {res['load_worker_s'] * 1000:.0f} ms)")
    print(f"cursor move, UI thread empty {_fmt(base['move_ms'])}")
    print(f"                       big   {_fmt(res['move_ms'])}   "
          f"ratio {statistics.median(res['move_ms']) / statistics.median(base['move_ms']):.2f}x (median)")
    print(f"key press via Pilot    empty {_fmt(base['press_ms'])}")
    print(f"  (waits for preview)  big   {_fmt(res['press_ms'])}   "
          f"ratio {statistics.median(res['press_ms']) / statistics.median(base['press_ms']):.2f}x (median)")
    print(f"search per keystroke   empty {_fmt(base['search_ms'])}")
    print(f"  (typed {args.query!r})  big   {_fmt(res['search_ms'])}   "
          f"ratio {statistics.median(res['search_ms']) / max(statistics.median(base['search_ms']), 0.001):.2f}x (median); "
          f"{res['search_hits']} hits shown")
    print(f"core search alone      empty {_fmt(base['core_search_ms'])}")
    print(f"                       big   {_fmt(res['core_search_ms'])}")
    ok = res["launch_s"] < 1.0 and statistics.median(res["search_ms"]) < 50  # type: ignore[arg-type,operator]
    print("\ntargets: launch < 1 s, search < 50 ms per keystroke (median):", "met" if ok else "NOT met")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
