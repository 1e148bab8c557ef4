"""How the cover's figures and the findings' counts agree with hand counts on held-out cases.

    .venv/bin/python benchmarks/cases_bench.py [--cases DIR] [--model FILE]

Each case file (``benchmarks/data/heldout_cases/*.json``; the tuning cases, written the same way
and open for tuning, are in ``tests/data/tuning_cases``) holds a constructed case: the claimant,
the respondents (names, roles, numbers), the request to stop, the night hours, every event (a
message or a call: id, kind, side, time, number, text) and the hand counts (``expected``). The
events are turned into contacts through the same core functions a case's SMS export and call log
go through (:func:`evidencekit.core.analysis.casework.analyse` with ``MessageRecord`` and
``CallRecord`` rows), read by the same classifier with the claimant's name, and counted by the
same :func:`~evidencekit.core.analysis.figures.case_figures` the bundle's cover is made from. The
case's night hours are given to it the way a person gives their own: a ``rules.toml`` extending
the jurisdiction's rule set.

Each hand count is compared with the figure of the same definition (the held-out cases'
README): contacts after the stop request from any number (``after_stop_any``, split by
respondent), and, where a case gives them, those the request concerns (``…_concerned``:
``after_stop``); the amounts demanded per lender and currency as the distinct amounts in the order
first demanded, the latest and the largest; payments each time stated; other people's debts once
per debt.

Prints, per case and figure, the hand count, ours, and whether they agree; then the total.
Without the folder it says so on stderr and exits with status 2.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
import tempfile
from collections import Counter
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from evidencekit.core.analysis.amounts import AmountRole  # noqa: E402
from evidencekit.core.analysis.case_contacts import CallRecord, MessageRecord  # noqa: E402
from evidencekit.core.analysis.case_settings import CaseSettings  # noqa: E402
from evidencekit.core.analysis.casework import CaseAnalysis, analyse  # noqa: E402
from evidencekit.core.analysis.contacts import Channel, Direction  # noqa: E402
from evidencekit.core.analysis.findings.ruleset import _BY_JURISDICTION  # noqa: E402
from evidencekit.core.analysis.parties import number_key, respondent_by_name, respondent_by_number  # noqa: E402
from evidencekit.core.models import CaseMeta, Respondent  # noqa: E402

CASES = ROOT / "benchmarks" / "data" / "heldout_cases"
_ZONES = {"Asia/Shanghai": "CN", "Asia/Chongqing": "CN", "Asia/Urumqi": "CN", "Asia/Taipei": "TW",
          "Asia/Hong_Kong": "HK", "Asia/Macau": "HK"}
_CHAT = ("wechat", "im", "chat", "line", "whatsapp", "telegram")
_LENDER_WORDS = ("lend", "bank", "credit", "platform", "financ", "loan", "instal", "贷", "银行", "銀行", "金融", "借",
                 "分期", "財務", "财务")
# a collector or guarantor is not the lender, whatever its role says it deals in ("loan collection
# agency", "financing guarantee company")
_COLLECTOR_WORDS = ("collect", "agency", "recover", "guarant", "催收", "追收", "收數", "收数", "資產管理", "资产管理",
                    "担保", "擔保")


def _offset(text: str) -> dt.timezone | None:
    try:
        sign = -1 if text.strip().startswith("-") else 1
        h, m = text.strip().lstrip("+-").split(":")
        return dt.timezone(sign * dt.timedelta(hours=int(h), minutes=int(m)))
    except ValueError:
        return None


def _local(text: str | None, tz: dt.timezone | None) -> dt.datetime | None:
    if not text:
        return None
    t = dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
    if t.tzinfo is not None:
        t = t.astimezone(tz) if tz is not None else t
        t = t.replace(tzinfo=None)
    return t


def _dec(v: Any) -> Decimal | None:
    try:
        return Decimal(str(v)).quantize(Decimal("0.01"))
    except (InvalidOperation, ValueError):
        return None


def build(case: dict[str, Any], folder: Path) -> tuple[CaseAnalysis, list[str]]:
    """The case analysed as EvidenceKit analyses a case; returns it and each contact's event id."""
    tz = _offset(str(case.get("utc_offset", "")))
    respondents = tuple(Respondent(r["name"], tuple(str(n) for n in r.get("numbers", ())))
                        for r in case.get("respondents", ()))
    lenders = tuple(r["name"] for r in case.get("respondents", ())
                    if any(w in str(r.get("role", "")).lower() for w in _LENDER_WORDS)
                    and not any(w in str(r.get("role", "")).lower() for w in _COLLECTOR_WORDS))
    claimant = case.get("claimant", {})
    meta = CaseMeta(case.get("title", case.get("case_id", "")), claimant.get("name", ""), claimant.get("phone", ""),
                    respondents)
    jurisdiction = _ZONES.get(str(case.get("timezone", "")), "CN")
    night = case.get("night") or {}
    if night.get("start") and night.get("end"):
        # the person's own rule set: the jurisdiction's, with the quiet hours the case names
        (folder / "rules.toml").write_text(
            f'extends = "{_BY_JURISDICTION[jurisdiction]}"\n[source.case]\ntitle = "the case\'s night hours"\n'
            f'[params.quiet-hours.start]\nvalue = "{night["start"]}"\nsource = "case"\n'
            f'[params.quiet-hours.end]\nvalue = "{night["end"]}"\nsource = "case"\n', encoding="utf-8")
    stop = case.get("stop_request") or {}
    to = str(stop.get("to", "") or "")
    # whom the request went to, as a person would name it: a respondent's name (or one close to
    # it: "融达信息咨询" for 融达信息咨询有限公司) or one of its numbers, however written
    to = respondent_by_name(to, respondents) or (to if respondent_by_number(to, respondents) else "")
    settings = CaseSettings(
        stop_requested_at=(_local(stop.get("time"), tz) or dt.datetime.min).isoformat() if stop.get("time") else "",
        stop_basis="the case's stop request", jurisdiction=jurisdiction, lenders=lenders,
        stop_to=to)
    calls: list[CallRecord] = []
    messages: list[MessageRecord] = []
    order: list[tuple[str, str]] = []  # ("call" | "msg", event id), in the order the contacts come
    for i, e in enumerate(case.get("events", ())):
        kind = str(e.get("kind", "")).lower()
        when = _local(e.get("time"), tz)
        side = "out" if str(e.get("side", "in")) == "out" else "in"
        if "call" in kind:
            calls.append(CallRecord(str(e["id"]), when, str(e.get("number", "")), side, time_basis="case", row=i,
                                    text=str(e.get("text") or "")))
            order.append(("call", str(e["id"])))
        else:
            channel = Channel.IM if any(w in kind for w in _CHAT) else Channel.SMS
            messages.append(MessageRecord(str(e["id"]), when, str(e.get("number", "")), side,
                                          str(e.get("text") or ""), channel, time_basis="case", row=i))
            order.append(("msg", str(e["id"])))
    a = analyse((), meta, settings, case_folder=folder, calls=calls, messages=messages)
    ids = [eid for k, eid in order if k == "call"] + [eid for k, eid in order if k == "msg"]
    return a, ids


class Report:
    """Each figure compared: (name, hand count, ours, whether they agree); printed unless quiet."""

    def __init__(self, quiet: bool = False) -> None:
        self.agree = 0
        self.total = 0
        self.quiet = quiet
        self.rows: list[tuple[str, Any, Any, bool]] = []

    def row(self, name: str, want: Any, got: Any, ok: bool | None = None) -> None:
        ok = (want == got) if ok is None else ok
        self.total += 1
        self.agree += ok
        self.rows.append((name, want, got, ok))
        if self.quiet:
            return
        print(f"  {'yes' if ok else 'NO ':<4}{name:<58} hand {json.dumps(want, ensure_ascii=False, default=str)}"
              + ("" if ok else f"   ours {json.dumps(got, ensure_ascii=False, default=str)}"))


def compare(case: dict[str, Any], a: CaseAnalysis, ids: list[str], rep: Report) -> None:
    f = a.figures
    exp = case.get("expected", {})
    cs = a.contacts
    received_ids = sorted(ids[i] for i in f.received)
    for key, want in exp.items():
        if key == "events_total":
            rep.row(key, want, len(cs))
        elif key == "contacts_total":
            rep.row(key, want, f.total)
        elif key == "calls_in":
            rep.row(key, want, f.calls_in)
        elif key == "messages_in":
            rep.row(key, want, f.messages_in)
        elif key == "messages_out":
            rep.row(key, want, f.messages_out)
        elif key == "contacts_per_day":
            got = {d.isoformat(): a_ + b for d, a_, b in f.per_day if a_ + b}
            for day in sorted(set(want) | set(got)):
                rep.row(f"{key}[{day}]", want.get(day, 0), got.get(day, 0))
        elif key == "night_contacts":
            rep.row(key, want, len(f.night))
        elif key == "night_contact_ids":
            rep.row(key, sorted(want), sorted(ids[i] for i in f.night))
        elif key in ("messages_per_label", "outgoing_messages_per_label"):
            counts = f.labels if key == "messages_per_label" else f.replies
            got = {k: len(v) for k, v in counts.items() if k != "repayment_confirmed"}
            for label in sorted(set(want) | set(got)):
                rep.row(f"{key}[{label}]", want.get(label, 0), got.get(label, 0))
        # the definition counts contacts after the request from any number (the cover's figure,
        # split by sender, ``after_stop_any``); the ``_concerned`` rows count the part the request
        # concerns (``after_stop``): from whom it was made to and those acting for the same lender
        # (never another lender, nor a sender whose notices are about others' debts)
        elif key.startswith("contacts_after_stop"):
            after = f.after_stop if "_concerned" in key else f.after_stop_any
            if key.endswith("_ids"):
                rep.row(key, sorted(want), sorted(ids[i] for i in after))
            elif key.endswith("_by_respondent"):
                got = Counter(cs[i].respondent or cs[i].counterpart for i in after)
                for name in sorted(set(want) | set(got)):
                    rep.row(f"{key}[{name}]", want.get(name, 0), got.get(name, 0))
            else:
                rep.row(key, want, len(after))
        elif key == "contacts_per_number_per_day":
            for number, days in sorted(want.items()):
                got_days = {d.isoformat(): n for d, n in f.per_number_day.get(number_key(number), {}).items()}
                rep.row(f"{key}[{number}]", days, got_days)
        elif key == "max_contacts_per_number_in_one_day":
            for number, w in sorted(want.items()):
                got_days = f.per_number_day.get(number_key(number), {})
                top = max(got_days.values(), default=0)
                got = {"count": top, "dates": sorted(d.isoformat() for d, n in got_days.items() if n == top)}
                rep.row(f"{key}[{number}]", {"count": w.get("count"), "dates": sorted(w.get("dates", []))}, got)
        elif key == "amounts_demanded":
            ours = {(d.lender, d.currency): d for d in f.demanded}
            for lender, by_cur in sorted(want.items()):
                for cur, w in sorted(by_cur.items()):
                    d = ours.get((lender, cur))
                    # distinct amounts in the order first demanded, as the definition lists them
                    want_v = {"distinct": [str(_dec(x)) for x in w.get("distinct", [])],
                              "latest": str(_dec(w.get("latest"))), "max": str(_dec(w.get("max")))}
                    got_v = ({"distinct": [str(_dec(x)) for x in d.distinct], "latest": str(_dec(d.latest)),
                              "max": str(_dec(d.largest))} if d is not None else None)
                    rep.row(f"{key}[{lender}][{cur}]", want_v, got_v)
            for (lender, cur) in sorted(set(ours) - {(lv, c) for lv, by in want.items() for c in by}, key=str):
                rep.row(f"{key}[{lender}][{cur}] (not in the hand count)", None, str(ours[(lender, cur)].latest))
        elif key in ("amounts_paid", "third_party_debts"):
            role = AmountRole.PAID if key == "amounts_paid" else AmountRole.THIRD_PARTY_DEBT
            got_map: dict[tuple[str, str | None], list[str]] = {}
            for e in f.amounts:
                if e.amount.role is role:
                    got_map.setdefault((e.lender, e.amount.amount.currency), []).append(str(_dec(e.amount.amount.value)))
            # a payment is listed each time it is stated (the person's word and the lender's
            # receipt); another person's debt once per figure, however often a notice repeats it
            once = key == "third_party_debts"
            for lender, by_cur in sorted(want.items()):
                for cur, w in sorted(by_cur.items()):
                    values = sorted(str(_dec(x["value"] if isinstance(x, dict) else x)) for x in w)
                    got = got_map.pop((lender, cur), [])
                    rep.row(f"{key}[{lender}][{cur}]", sorted(set(values)) if once else values,
                            sorted(set(got)) if once else sorted(got))
            for (lender, cur), values in sorted(got_map.items(), key=str):
                rep.row(f"{key}[{lender}][{cur}] (not in the hand count)", [],
                        sorted(set(values)) if once else sorted(values))
        elif not rep.quiet:
            print(f"  --  {key:<58} not checked by this script")
    del received_ids


def check_case(path: Path, quiet: bool = True) -> Report:
    """One case file compared with its hand counts (the rows of the returned report)."""
    case = json.loads(path.read_text(encoding="utf-8"))
    with tempfile.TemporaryDirectory() as td:
        a, ids = build(case, Path(td))
    rep = Report(quiet)
    compare(case, a, ids, rep)
    return rep


def totals(cases: Path = CASES) -> tuple[int, int]:
    """How many figures of the cases in ``cases`` agree with the hand counts, and how many there
    are (totals only; nothing is printed). (0, 0) without case files."""
    agree = total = 0
    for path in sorted(cases.glob("*.json")) if cases.is_dir() else []:
        rep = check_case(path, quiet=True)
        agree += rep.agree
        total += rep.total
    return agree, total


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--cases", type=Path, default=CASES)
    ap.add_argument("--model", type=Path, help="read with this model file instead of the shipped one")
    args = ap.parse_args(argv)
    if args.model:
        sys.path.insert(0, str(ROOT / "benchmarks"))
        from labels_dev import read_with

        read_with(args.model)
    files = sorted(args.cases.glob("*.json")) if args.cases.is_dir() else []
    if not files:
        print(f"no held-out cases in {args.cases}", file=sys.stderr)
        return 2
    total = Report()
    for path in files:
        case = json.loads(path.read_text(encoding="utf-8"))
        with tempfile.TemporaryDirectory() as td:
            a, ids = build(case, Path(td))
        win = a.figures.night_window.text()
        print(f"\n== {path.stem}: rule set {a.ruleset.id} ({a.jurisdiction}), night {win}, "
              f"{len(a.contacts)} events, {len(a.findings)} findings")
        rep = Report()
        compare(case, a, ids, rep)
        print(f"  -> {rep.agree}/{rep.total} figures agree")
        total.agree += rep.agree
        total.total += rep.total
    print(f"\n== all cases: {total.agree}/{total.total} figures agree with the hand counts")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
