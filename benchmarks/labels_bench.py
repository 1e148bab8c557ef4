"""How well the message classifier labels wording it was not written from.

    .venv/bin/python benchmarks/labels_bench.py [--heldout PATH] [--tuning PATH] [--claimant NAME] [--model FILE]

Evaluates on the held-out file (``benchmarks/data/heldout_messages.jsonl``: hand-labelled messages
the rules were never tuned on) and prints, per label, precision and recall, then the overall
micro-averaged figures, then "who" and amount roles. Without the held-out file it says so on
stderr and exits with status 2 (the tuning-set figures may still be printed, marked as such: they
measure fit, not accuracy).

Each line of a file is a JSON object: ``text`` (or ``message``), ``labels`` (names, or objects with
a ``name``), optionally ``side`` (in/out), ``claimant``, ``who`` (list) and ``amounts`` (objects
with ``value``, ``currency`` and ``role``). A line without ``text`` is skipped (a header).
Goal: recall ≥ 0.9 at precision ≥ 0.9 on the held-out messages.

Amounts written with 元 or a bare $ are read in the phone owner's own currency (``recipient``: the
currency most of their marked amounts are in), as the product reads them in the case's currency.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from decimal import Decimal
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from evidencekit.core.analysis.amounts import assign_roles, find_amounts  # noqa: E402
from evidencekit.core.analysis.classify import LABELS, WHO, read_message  # noqa: E402
from evidencekit.core.analysis.figures import others_debt  # noqa: E402

HELDOUT = ROOT / "benchmarks" / "data" / "heldout_messages.jsonl"
TUNING = ROOT / "tests" / "data" / "labels_tuning.jsonl"
#: The claimant when a line names none: a line's own ``claimant``, else the ``recipient`` whose
#: phone received it (a notice addressed to anyone else is misdirected), else this name.
DEFAULT_CLAIMANT = "李明"


def _labels(raw: Any) -> set[str]:
    out = set()
    for x in raw or []:
        out.add(x["name"] if isinstance(x, dict) else str(x))
    return out


def _amount_key(value: Any, currency: Any) -> tuple[Decimal, str]:
    return (Decimal(str(value)).quantize(Decimal("0.01")), str(currency or "").upper())


def _lines(path: Path) -> list[dict[str, Any]]:
    out = []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        d = json.loads(line)
        text = d.get("text", d.get("message"))
        if not isinstance(text, str):
            continue
        d["text"] = text
        d["_line"] = n
        out.append(d)
    return out


def _regions(lines: list[dict[str, Any]]) -> dict[str, str]:
    """Each phone owner's own currency, as a case records it ("元" and a bare "$" are NT$ in a Taiwan
    case, HK$ in a Hong Kong one): the one most of their lines' marked amounts are in."""
    seen: dict[str, Counter[str]] = {}
    for d in lines:
        for a in d.get("amounts") or []:
            cur = str(a.get("currency") or "").upper()
            if cur in ("CNY", "TWD", "HKD"):
                seen.setdefault(str(d.get("recipient") or ""), Counter())[cur] += 1
    return {who: c.most_common(1)[0][0] for who, c in seen.items()}


def evaluate(path: Path, claimant: str, *, title: str, show_errors: bool) -> dict[str, float]:
    """Print the figures for one file; return the overall precision and recall."""
    tp: Counter[str] = Counter()
    fp: Counter[str] = Counter()
    fn: Counter[str] = Counter()
    who_tp = who_fp = who_fn = 0
    amt_total = amt_found = amt_role = amt_cur = 0
    errors: list[str] = []
    lines = _lines(path)
    region = _regions(lines)
    for d in lines:
        side = str(d.get("side") or "")
        reading = read_message(d["text"], side=side, claimant_name=d.get("claimant") or d.get("recipient") or claimant)
        got = set(reading.label_names)
        want = _labels(d.get("labels"))
        for lab in got | want:
            if lab in got and lab in want:
                tp[lab] += 1
            elif lab in got:
                fp[lab] += 1
            else:
                fn[lab] += 1
        if got != want:
            why = "; ".join(h.rule + ":" + "/".join(h.words) for h in reading.hits)
            errors.append(f"  line {d['_line']}: {d['text'][:60]}\n      want {sorted(want)} got {sorted(got)}  ({why})")
        if "who" in d:
            gw, ww = set(reading.who), set(d.get("who") or [])
            who_tp += len(gw & ww)
            who_fp += len(gw - ww)
            who_fn += len(ww - gw)
        if d.get("amounts"):
            cur = region.get(str(d.get("recipient") or ""), "CNY")
            found = find_amounts(d["text"], yuan=cur, dollar=None if cur == "CNY" else cur)
            roled = assign_roles(d["text"], found, from_claimant=reading.from_claimant,
                                 others_debt=others_debt(reading))
            by_value = {(_amount_key(r.amount.value, "")[0]): r for r in roled}
            for a in d["amounts"]:
                amt_total += 1
                key = _amount_key(a.get("value", a.get("amount")), a.get("currency"))
                r = by_value.get(key[0])
                if r is None:
                    errors.append(f"  line {d['_line']}: amount {a} not found")
                    continue
                amt_found += 1
                amt_cur += (r.amount.currency or "") == key[1]
                if r.role.value == a.get("role"):
                    amt_role += 1
                else:
                    errors.append(f"  line {d['_line']}: amount {a.get('text', key)} role {r.role.value} "
                                  f"(want {a.get('role')}, basis {r.basis!r})")
    print(f"\n== {title}: {path} ({len(lines)} messages)")
    print(f"{'label':<24}{'n':>5}{'precision':>11}{'recall':>9}")
    order = [lab for lab in LABELS if tp[lab] + fn[lab] + fp[lab]] + sorted(
        lab for lab in set(tp) | set(fp) | set(fn) if lab not in LABELS)
    for lab in order:
        lp = tp[lab] / (tp[lab] + fp[lab]) if tp[lab] + fp[lab] else float("nan")
        lr = tp[lab] / (tp[lab] + fn[lab]) if tp[lab] + fn[lab] else float("nan")
        print(f"{lab:<24}{tp[lab] + fn[lab]:>5}{lp:>11.3f}{lr:>9.3f}")
    T, F, N = sum(tp.values()), sum(fp.values()), sum(fn.values())
    prec = T / (T + F) if T + F else 0.0
    rec = T / (T + N) if T + N else 0.0
    print(f"{'overall (micro)':<24}{T + N:>5}{prec:>11.3f}{rec:>9.3f}")
    exact = sum(1 for e in errors if "want" in e)
    print(f"messages with every label right: {len(lines) - exact}/{len(lines)}")
    if who_tp + who_fp + who_fn:
        wp = who_tp / (who_tp + who_fp) if who_tp + who_fp else 0.0
        wr = who_tp / (who_tp + who_fn) if who_tp + who_fn else 0.0
        print(f"who ({'/'.join(WHO)}): precision {wp:.3f} recall {wr:.3f}")
    if amt_total:
        print(f"amounts: {amt_found}/{amt_total} found, currency right {amt_cur}/{amt_found}, "
              f"role right {amt_role}/{amt_found}")
    if show_errors and errors:
        print("differences:")
        print("\n".join(errors))
    return {"precision": prec, "recall": rec}


def figures(path: Path = HELDOUT, claimant: str = DEFAULT_CLAIMANT) -> dict[str, float] | None:
    """The overall (micro-averaged) ``precision`` and ``recall`` on ``path``, printing nothing;
    None when the file is missing."""
    import contextlib
    import io

    if not path.exists():
        return None
    with contextlib.redirect_stdout(io.StringIO()):
        return evaluate(path, claimant, title="", show_errors=False)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--heldout", type=Path, default=HELDOUT)
    ap.add_argument("--tuning", type=Path, default=TUNING, help="also print the tuning-set figures")
    ap.add_argument("--no-tuning", action="store_true")
    ap.add_argument("--claimant", default=DEFAULT_CLAIMANT)
    ap.add_argument("--errors", action="store_true", help="list every message labelled differently (tuning set only)")
    ap.add_argument("--model", type=Path,
                    help="read with this model file instead of the shipped one (e.g. one trained with --leave-out)")
    args = ap.parse_args(argv)
    if args.model:
        sys.path.insert(0, str(Path(__file__).resolve().parent))
        from labels_dev import read_with

        read_with(args.model)
    if not args.no_tuning and args.tuning.exists():
        evaluate(args.tuning, args.claimant, title="TUNING SET (the rules were tuned on it: fit, not accuracy)",
                 show_errors=args.errors)
    if not args.heldout.exists():
        print(f"\n!!! NO HELD-OUT FILE at {args.heldout}: the classifier's accuracy on unseen wording "
              "is NOT measured. !!!", file=sys.stderr)
        return 2
    figures = evaluate(args.heldout, args.claimant, title="HELD-OUT", show_errors=False)
    ok = figures["precision"] >= 0.9 and figures["recall"] >= 0.9
    print(f"goal (precision ≥ 0.9 and recall ≥ 0.9): {'met' if ok else 'NOT met'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
