"""The message classifier on the hand-labelled tuning sets, with a validation part kept aside.

    .venv/bin/python benchmarks/labels_dev.py [--part train|valid|fresh|all] [--errors] [--set b|c|…|z|old|all|spent|spent-cases]

``tests/data/labels_tuning_b.jsonl`` is split by a fixed hash of each message's id: about 70 % for
training (rules and the statistical model may be changed by looking at it), 30 % for validation
(only its figures are looked at). The older sets (``labels_tuning.jsonl``, ``labels_fresh.jsonl``)
and set C (``labels_tuning_c.jsonl``, written from the domain notes to widen the wording) are all
training material (``--set old`` takes them all, ``--set c`` set C on its own). Set D
(``labels_tuning_d.jsonl``) was written in three batches: the first (d001–d110) is training material
(its ``train`` part); the second (d111–d160, its ``valid`` part) and the third (d161–d200, its
``fresh`` part, written after the tuning on the first two) were each kept out of the rules' tuning
and of the model's training until they had been measured once. Set E (``labels_tuning_e.jsonl``) has two
batches: e001–e120 (``train``) and e121–e220 (``valid``, kept out until measured once); sets F–J
(``labels_tuning_f.jsonl`` … ``labels_tuning_j.jsonl``) are training material, each measured once first;
sets K–N (``labels_tuning_k.jsonl`` … ``labels_tuning_n.jsonl``, four writers at once) and O–R (four more)
are training material from the start;
so are the held-out sets of ``benchmarks/data`` once measured (``--set spent``), and the messages of
their constructed cases (``--set spent-cases``: a case's timeline, short collectors' lines the message
lists have fewer of, each read with its case's claimant). Each message is read with its phone owner as the claimant (tuning set
B's ``recipient``, the older sets' ``claimant``), so a notice addressed to someone else can be
recognised as possibly misdirected.

Prints, per label, precision and recall; the micro-averaged figures; "who"; amount roles and
currencies; with ``--errors``, every difference (training part only unless ``--part`` says
otherwise).
"""

from __future__ import annotations

import argparse
import hashlib
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

DATA = ROOT / "tests" / "data"
SET_B = DATA / "labels_tuning_b.jsonl"
SET_C = DATA / "labels_tuning_c.jsonl"
SET_D = DATA / "labels_tuning_d.jsonl"
#: The last id of each of set D's batches, and the part it is.
SET_D_BATCHES = (("d110", "train"), ("d160", "valid"), ("d999", "fresh"))
SET_E = DATA / "labels_tuning_e.jsonl"
#: Set E's two batches: the first is training material, the second its "valid" part.
SET_E_BATCHES = (("e120", "train"), ("e999", "valid"))
#: Sets F (mainland wording) and G (Taiwan, Hong Kong, English): training material once measured.
SET_F = DATA / "labels_tuning_f.jsonl"
SET_G = DATA / "labels_tuning_g.jsonl"
SET_H = DATA / "labels_tuning_h.jsonl"
SET_I = DATA / "labels_tuning_i.jsonl"
SET_J = DATA / "labels_tuning_j.jsonl"
#: Sets K–N: four writers at once, each on what the reader missed most on fresh writers (people
#: around the person and in-person presence; insults, menace and impersonation; whose message it
#: is; the kinds of notice and the harmless); training material from the start.
SET_K = DATA / "labels_tuning_k.jsonl"
SET_L = DATA / "labels_tuning_l.jsonl"
SET_M = DATA / "labels_tuning_m.jsonl"
SET_N = DATA / "labels_tuning_n.jsonl"
#: Sets O–R: four more writers, on what heldout11 showed weakest (who is writing, and money that is no
#: debt; whose message and whose debt; regional and personal wording; notices that look like
#: collection and are not); training material from the start.
SET_O = DATA / "labels_tuning_o.jsonl"
SET_P = DATA / "labels_tuning_p.jsonl"
SET_Q = DATA / "labels_tuning_q.jsonl"
SET_R = DATA / "labels_tuning_r.jsonl"
#: Sets S–V: four more writers, on what heldout14–17 read worst (presence shown by a detail of the
#: place; people around the person named by their role; whose message it is, married and English
#: names among them; menace said sideways, and insults); training material from the start.
SET_S = DATA / "labels_tuning_s.jsonl"
SET_T = DATA / "labels_tuning_t.jsonl"
SET_U = DATA / "labels_tuning_u.jsonl"
SET_V = DATA / "labels_tuning_v.jsonl"
#: Sets W–Z: four more writers, on what heldout40–59 read worst (messages about someone else in new
#: words; presence at the person's places; people around the person; collection said softly);
#: training material from the start.
SET_W = DATA / "labels_tuning_w.jsonl"
SET_X = DATA / "labels_tuning_x.jsonl"
SET_Y = DATA / "labels_tuning_y.jsonl"
SET_Z = DATA / "labels_tuning_z.jsonl"
OLD = (DATA / "labels_tuning.jsonl", DATA / "labels_fresh.jsonl")
BENCH = ROOT / "benchmarks" / "data"
#: The held-out sets already measured once (each README records its figures): training material
#: from then on, never again a measurement. The set still to be measured is not among them.
SPENT = (BENCH / "heldout_messages.jsonl", BENCH / "heldout2" / "messages.jsonl",
         BENCH / "heldout3" / "messages.jsonl", BENCH / "heldout4" / "messages.jsonl",
         BENCH / "heldout5" / "messages.jsonl", BENCH / "heldout6" / "messages.jsonl",
         BENCH / "heldout7" / "messages.jsonl", BENCH / "heldout8" / "messages.jsonl",
         BENCH / "heldout9" / "messages.jsonl", BENCH / "heldout10" / "messages.jsonl",
         BENCH / "heldout11" / "messages.jsonl", BENCH / "heldout12" / "messages.jsonl",
         BENCH / "heldout13" / "messages.jsonl", BENCH / "heldout14" / "messages.jsonl",
         BENCH / "heldout15" / "messages.jsonl", BENCH / "heldout16" / "messages.jsonl",
         BENCH / "heldout17" / "messages.jsonl", BENCH / "heldout18" / "messages.jsonl",
         BENCH / "heldout19" / "messages.jsonl", BENCH / "heldout20" / "messages.jsonl",
         BENCH / "heldout21" / "messages.jsonl", BENCH / "heldout22" / "messages.jsonl",
         BENCH / "heldout23" / "messages.jsonl", BENCH / "heldout24" / "messages.jsonl",
         BENCH / "heldout25" / "messages.jsonl", BENCH / "heldout26" / "messages.jsonl",
         BENCH / "heldout27" / "messages.jsonl", BENCH / "heldout28" / "messages.jsonl",
         BENCH / "heldout29" / "messages.jsonl", BENCH / "heldout30" / "messages.jsonl",
         BENCH / "heldout31" / "messages.jsonl", BENCH / "heldout32" / "messages.jsonl",
         BENCH / "heldout33" / "messages.jsonl", BENCH / "heldout34" / "messages.jsonl",
         BENCH / "heldout35" / "messages.jsonl", BENCH / "heldout36" / "messages.jsonl",
         BENCH / "heldout37" / "messages.jsonl", BENCH / "heldout38" / "messages.jsonl",
         BENCH / "heldout39" / "messages.jsonl", BENCH / "heldout40" / "messages.jsonl",
         BENCH / "heldout41" / "messages.jsonl", BENCH / "heldout42" / "messages.jsonl",
         BENCH / "heldout43" / "messages.jsonl", BENCH / "heldout44" / "messages.jsonl",
         BENCH / "heldout45" / "messages.jsonl", BENCH / "heldout46" / "messages.jsonl",
         BENCH / "heldout47" / "messages.jsonl", BENCH / "heldout48" / "messages.jsonl",
         BENCH / "heldout49" / "messages.jsonl", BENCH / "heldout50" / "messages.jsonl",
         BENCH / "heldout51" / "messages.jsonl", BENCH / "heldout52" / "messages.jsonl",
         BENCH / "heldout53" / "messages.jsonl", BENCH / "heldout54" / "messages.jsonl",
         BENCH / "heldout55" / "messages.jsonl", BENCH / "heldout56" / "messages.jsonl",
         BENCH / "heldout57" / "messages.jsonl", BENCH / "heldout58" / "messages.jsonl",
         BENCH / "heldout59" / "messages.jsonl", BENCH / "heldout60" / "messages.jsonl",
         BENCH / "heldout61" / "messages.jsonl", BENCH / "heldout62" / "messages.jsonl",
         BENCH / "heldout63" / "messages.jsonl", BENCH / "heldout64" / "messages.jsonl",
         BENCH / "heldout65" / "messages.jsonl", BENCH / "heldout66" / "messages.jsonl",
         BENCH / "heldout67" / "messages.jsonl", BENCH / "heldout68" / "messages.jsonl",
         BENCH / "heldout69" / "messages.jsonl", BENCH / "heldout70" / "messages.jsonl",
         BENCH / "heldout71" / "messages.jsonl", BENCH / "heldout72" / "messages.jsonl",
         BENCH / "heldout73" / "messages.jsonl", BENCH / "heldout74" / "messages.jsonl",
         BENCH / "heldout75" / "messages.jsonl", BENCH / "heldout76" / "messages.jsonl",
         BENCH / "heldout77" / "messages.jsonl", BENCH / "heldout78" / "messages.jsonl",
         BENCH / "heldout79" / "messages.jsonl", BENCH / "heldout80" / "messages.jsonl",
         BENCH / "heldout81" / "messages.jsonl", BENCH / "heldout82" / "messages.jsonl",
         BENCH / "heldout83" / "messages.jsonl", BENCH / "heldout84" / "messages.jsonl",
         BENCH / "heldout85" / "messages.jsonl", BENCH / "heldout86" / "messages.jsonl",
         BENCH / "heldout87" / "messages.jsonl", BENCH / "heldout88" / "messages.jsonl",
         BENCH / "heldout89" / "messages.jsonl", BENCH / "heldout90" / "messages.jsonl",
         BENCH / "heldout91" / "messages.jsonl", BENCH / "heldout92" / "messages.jsonl",
         BENCH / "heldout93" / "messages.jsonl", BENCH / "heldout94" / "messages.jsonl",
         BENCH / "heldout95" / "messages.jsonl", BENCH / "heldout96" / "messages.jsonl",
         BENCH / "heldout97" / "messages.jsonl", BENCH / "heldout98" / "messages.jsonl",
         BENCH / "heldout99" / "messages.jsonl", BENCH / "heldout100" / "messages.jsonl",
         BENCH / "heldout101" / "messages.jsonl", BENCH / "heldout102" / "messages.jsonl",
         BENCH / "heldout103" / "messages.jsonl", BENCH / "heldout104" / "messages.jsonl",
         BENCH / "heldout105" / "messages.jsonl", BENCH / "heldout106" / "messages.jsonl",
         BENCH / "heldout107" / "messages.jsonl", BENCH / "heldout108" / "messages.jsonl",
         BENCH / "heldout109" / "messages.jsonl", BENCH / "heldout110" / "messages.jsonl",
         BENCH / "heldout111" / "messages.jsonl")
#: Spent sets written before convention 13 of ``benchmarks/data/README.md`` and labelled otherwise:
#: read by it (a notice that merely reached the wrong phone carries no collection label).
BEFORE_CONVENTION_13 = (BENCH / "heldout5" / "messages.jsonl", BENCH / "heldout6" / "messages.jsonl",
                        BENCH / "heldout7" / "messages.jsonl")
#: Tuning set B's phone owners and the currency their region's 元 and $ mean.
REGION = {"陈晓雯": ("CNY", None), "林建宏": ("TWD", "TWD"), "何嘉欣": ("HKD", "HKD")}
VALID_SHARE = 30  # percent of set B kept aside


def read_with(model: Path | None) -> None:
    """Read with this model file instead of the shipped one (None: the rules alone)."""
    import evidencekit.core.analysis.classify as classify
    from evidencekit.core.analysis.textmodel import model_from_json

    other = model_from_json(json.loads(model.read_text(encoding="utf-8"))) if model else None
    classify.load_model = lambda: other  # type: ignore[assignment]


def part_of(message_id: str) -> str:
    """"valid" for about 30 % of ids (a fixed hash: the same split on every machine), else "train"."""
    h = int.from_bytes(hashlib.sha256(message_id.encode("utf-8")).digest()[:4], "big")
    return "valid" if h % 100 < VALID_SHARE else "train"


def load(path: Path) -> list[dict[str, Any]]:
    """The messages of one file (header lines without ``text`` skipped), with ``claimant`` set."""
    out = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        d = json.loads(line)
        if not isinstance(d.get("text"), str):
            continue
        d["claimant"] = d.get("recipient") or d.get("claimant") or ""
        d["side"] = d.get("side") or ""
        if path == SET_B:
            d["part"] = part_of(d["id"])
        elif path == SET_D:
            d["part"] = next(part for last, part in SET_D_BATCHES if d["id"] <= last)
        elif path == SET_E:
            d["part"] = next(part for last, part in SET_E_BATCHES if d["id"] <= last)
        else:
            d["part"] = "train"
        d["source"] = path.name if path.parent in (DATA, BENCH) else f"{path.parent.name}/{path.name}"
        if path in BEFORE_CONVENTION_13:
            convention_13(d)
        out.append(d)
    return out


def convention_13(d: dict[str, Any]) -> None:
    """A received notice about someone else's debt that asks the reader for nothing: no collection
    label; addressed to them by name, no threat label either (its threats are aimed at them)."""
    labels = d.get("labels") or []
    if d["side"] == "in" and "possibly_misdirected" in labels and "threat_third_party" not in labels:
        drop = {"overdue_collection", "repayment_reminder"}
        if d.get("addressee"):
            drop |= {x for x in labels if x.startswith("threat")}
            d["who"] = []
        d["labels"] = [x for x in labels if x not in drop]


def case_events(paths: tuple[Path, ...] = SPENT) -> list[dict[str, Any]]:
    """The messages of the constructed cases beside these held-out sets (calls left out), each read
    with its case's claimant: short collectors' lines written as a case's timeline, not as a message
    list, and labelled by the same conventions (``check_heldout.py`` holds them to it)."""
    out = []
    for path in paths:
        folder = path.parent / "cases" if path.parent != BENCH else BENCH / "heldout_cases"
        source = f"{folder.parent.name}/cases" if folder.name == "cases" else folder.name
        for case_file in sorted(folder.glob("*.json")):
            case = json.loads(case_file.read_text(encoding="utf-8"))
            for e in case.get("events", ()):
                if "call" in str(e.get("kind", "")).lower() or not isinstance(e.get("text"), str) or not e["text"]:
                    continue
                d = dict(e, id=f"{source}/{case_file.stem}/{e['id']}", source=source, part="train",
                         claimant=(case.get("claimant") or {}).get("name", ""),
                         side="out" if e.get("side") == "out" else "in")
                if path in BEFORE_CONVENTION_13:
                    convention_13(d)
                out.append(d)
    return out


def messages(which: str, part: str) -> list[dict[str, Any]]:
    """The messages of set B, C, D …, the older sets, all of those, or the spent held-out sets, in the part asked for."""
    # "old": every set other than B, sets C, D and E included (D's later batches are its "valid"
    # and "fresh" parts, E's second its "valid" part)
    later = [p for p in (SET_C, SET_D, SET_E, SET_F, SET_G, SET_H, SET_I, SET_J, SET_K, SET_L, SET_M, SET_N,
                               SET_O, SET_P, SET_Q, SET_R, SET_S, SET_T, SET_U, SET_V,
                               SET_W, SET_X, SET_Y, SET_Z)
             if p.exists()]
    paths = {"b": [SET_B], "c": [SET_C], "d": [SET_D], "e": [SET_E], "f": [SET_F], "g": [SET_G], "h": [SET_H], "i": [SET_I], "j": [SET_J],
             "k": [SET_K], "l": [SET_L], "m": [SET_M], "n": [SET_N],
             "o": [SET_O], "p": [SET_P], "q": [SET_Q], "r": [SET_R],
             "s": [SET_S], "t": [SET_T], "u": [SET_U], "v": [SET_V],
             "w": [SET_W], "x": [SET_X], "y": [SET_Y], "z": [SET_Z],
             "old": [*OLD, *later], "all": [SET_B, *OLD, *later], "spent": list(SPENT), "spent-cases": []}[which]
    ds = [d for p in paths for d in load(p)] + (case_events() if which == "spent-cases" else [])
    return [d for d in ds if part == "all" or d["part"] == part]


def evaluate(ds: list[dict[str, Any]], *, show_errors: bool, title: str) -> dict[str, float]:
    """Print the figures for these messages; return precision, recall, who and amount figures."""
    tp: Counter[str] = Counter()
    fp: Counter[str] = Counter()
    fn: Counter[str] = Counter()
    who_tp = who_fp = who_fn = 0
    amt_total = amt_found = amt_role = amt_cur = 0
    roles: Counter[tuple[str, str]] = Counter()
    errors: list[str] = []
    for d in ds:
        r = read_message(d["text"], side=d["side"], claimant_name=d["claimant"] or None)
        got, want = set(r.label_names), set(d.get("labels") or [])
        for lab in got | want:
            if lab in got and lab in want:
                tp[lab] += 1
            elif lab in got:
                fp[lab] += 1
            else:
                fn[lab] += 1
        gw, ww = set(r.who), set(d.get("who") or [])
        who_tp += len(gw & ww)
        who_fp += len(gw - ww)
        who_fn += len(ww - gw)
        if got != want or gw != ww:
            why = "; ".join(h.rule + ":" + "/".join(h.words) for h in r.hits)
            errors.append(f"  {d['id']} [{d['side']}] {d['text'][:90]}\n      missing {sorted(want - got)} "
                          f"extra {sorted(got - want)} who {sorted(gw)}≠{sorted(ww)}  ({why})"
                          + (f"\n      note: {d['notes']}" if d.get("notes") else ""))
        if d.get("amounts"):
            yuan, dollar = REGION.get(d["claimant"], ("CNY", None))
            roled = assign_roles(d["text"], find_amounts(d["text"], yuan=yuan, dollar=dollar),
                                 from_claimant=r.from_claimant, others_debt=others_debt(r))
            by_value = {r_.amount.value.quantize(Decimal("0.01")): r_ for r_ in roled}
            for a in d["amounts"]:
                amt_total += 1
                value = Decimal(str(a["value"])).quantize(Decimal("0.01"))
                hit = by_value.get(value)
                if hit is None:
                    errors.append(f"  {d['id']}: amount {a['value']} not found in {d['text'][:60]}")
                    continue
                amt_found += 1
                amt_cur += (hit.amount.currency or "") == a["currency"]
                roles[(a["role"], hit.role.value)] += 1
                if hit.role.value == a["role"]:
                    amt_role += 1
                else:
                    errors.append(f"  {d['id']}: amount {hit.amount.text} role {hit.role.value} want {a['role']} "
                                  f"(basis {hit.basis!r}) in {d['text'][:70]}")
    print(f"\n== {title} ({len(ds)} messages)")
    print(f"{'label':<24}{'n':>5}{'precision':>11}{'recall':>9}")
    for lab in LABELS:
        if not tp[lab] + fn[lab] + fp[lab]:
            continue
        lp = tp[lab] / (tp[lab] + fp[lab]) if tp[lab] + fp[lab] else float("nan")
        lr = tp[lab] / (tp[lab] + fn[lab]) if tp[lab] + fn[lab] else float("nan")
        print(f"{lab:<24}{tp[lab] + fn[lab]:>5}{lp:>11.3f}{lr:>9.3f}")
    t, f, n = sum(tp.values()), sum(fp.values()), sum(fn.values())
    prec = t / (t + f) if t + f else 0.0
    rec = t / (t + n) if t + n else 0.0
    print(f"{'overall (micro)':<24}{t + n:>5}{prec:>11.3f}{rec:>9.3f}")
    exact = sum(1 for e in errors if "missing" in e)
    print(f"messages with every label and who right: {len(ds) - exact}/{len(ds)}")
    wp = who_tp / (who_tp + who_fp) if who_tp + who_fp else 0.0
    wr = who_tp / (who_tp + who_fn) if who_tp + who_fn else 0.0
    print(f"who ({'/'.join(WHO)}): precision {wp:.3f} recall {wr:.3f}")
    if amt_total:
        print(f"amounts: {amt_found}/{amt_total} found, currency right {amt_cur}/{amt_found}, "
              f"role right {amt_role}/{amt_found}")
        print("  roles (want → got): " + ", ".join(f"{w}→{g} {c}" for (w, g), c in sorted(roles.items())))
    if show_errors and errors:
        print("differences:")
        print("\n".join(errors))
    return {"precision": prec, "recall": rec, "who_p": wp, "who_r": wr,
            "roles": amt_role / amt_found if amt_found else 0.0}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--part", choices=("train", "valid", "fresh", "all"), default="valid")
    ap.add_argument("--set", choices=("b", "c", "d", "e", "f", "g", "h", "i", "j", "k", "l", "m", "n", "o", "p", "q", "r",
                                          "s", "t", "u", "v", "w", "x", "y", "z", "old", "all", "spent", "spent-cases"),
                    default="b")
    ap.add_argument("--errors", action="store_true", help="list every difference")
    ap.add_argument("--rules-only", action="store_true", help="the rules without the statistical reader")
    ap.add_argument("--model", type=Path, help="read with this model file instead of the shipped one")
    args = ap.parse_args(argv)
    if args.rules_only or args.model:
        read_with(args.model)
    if args.errors and args.part != "train" and args.set != "old":
        print("(listing the differences of the validation part defeats keeping it aside)", file=sys.stderr)
    evaluate(messages(args.set, args.part), show_errors=args.errors,
             title=f"set {args.set}, part {args.part}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
