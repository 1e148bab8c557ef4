"""Consistency checks for the held-out evaluation data (no EvidenceKit code is imported).

    python benchmarks/data/check_heldout.py
    python benchmarks/data/check_heldout.py --dir benchmarks/data/heldout2

Without ``--dir`` it checks ``heldout_messages.jsonl`` and ``heldout_cases/*.json`` beside this
file; with ``--dir DIR`` it checks ``DIR/messages.jsonl`` and ``DIR/cases/*.json`` (a later
held-out set, whose ids share one letter prefix: ``g001`` …).
Checks the message corpus against its schema and label rules, and recomputes every hand
count in the constructed cases from their events, reporting any difference. It never
changes a file. Exit status 0 when everything agrees.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections import Counter, defaultdict
from decimal import Decimal
from pathlib import Path

HERE = Path(__file__).resolve().parent
LABELS = ["repayment_reminder", "overdue_collection", "marketing", "application_progress",
          "possibly_misdirected", "threat", "threat_third_party", "threat_legal_action",
          "threat_credit_record", "threat_home_visit", "insult", "impersonation"]
SUB_THREATS = {"threat_third_party", "threat_legal_action", "threat_credit_record", "threat_home_visit"}
WHO = ["self", "family", "employer", "contacts", "neighbours"]
THIRD = {"family", "employer", "contacts", "neighbours"}
ROLES = {"demanded", "paid", "third_party_debt", "other"}
KEYS = {"id", "script", "side", "sender", "text", "labels", "who", "amounts", "addressee",
        "recipient", "notes"}
MONEY = re.compile(r"^\d+\.\d{2}$")


def check_message(m: dict, where: str, errors: list[str], keys: set[str] = KEYS) -> None:
    def bad(msg: str) -> None:
        errors.append(f"{where}: {msg}")

    missing = keys - set(m)
    if missing:
        bad(f"missing keys {sorted(missing)}")
    if m.get("side") not in ("in", "out"):
        bad("side")
    labels = m.get("labels", [])
    if len(set(labels)) != len(labels) or any(lab not in LABELS for lab in labels):
        bad(f"labels {labels}")
    if SUB_THREATS & set(labels) and "threat" not in labels:
        bad("a threat_* label without threat")
    who = m.get("who", [])
    if any(w not in WHO for w in who) or len(set(who)) != len(who):
        bad(f"who {who}")
    if bool(who) != ("threat" in labels):
        bad("who must be given exactly when threat is")
    if ("threat_third_party" in labels) != bool(THIRD & set(who)):
        bad("threat_third_party and a third party in who go together")
    if ({"threat_home_visit", "threat_legal_action", "threat_credit_record"} & set(labels)
            and "possibly_misdirected" not in labels and "self" not in who):
        bad("a threat against the recipient needs self in who")
    for a in m.get("amounts", []):
        if not MONEY.match(a.get("value", "")) or a.get("currency") not in ("CNY", "TWD", "HKD") \
                or a.get("role") not in ROLES:
            bad(f"amount {a}")
        if a.get("role") == "third_party_debt" and "possibly_misdirected" not in labels:
            bad("third_party_debt outside a possibly_misdirected message")
    if "sender" in keys and m.get("side") == "out" and m.get("sender") != "self":
        bad("an outgoing message's sender is self")


def check_corpus(errors: list[str], path: Path = HERE / "heldout_messages.jsonl",
                 prefix: str | None = "h") -> list[dict]:
    rows = []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        m = json.loads(line)
        rows.append(m)
        if prefix is None:
            # A later set names its own prefix with its first id (letters before the digits).
            prefix = re.sub(r"\d+$", "", str(m.get("id", "")))
        if m.get("id") != f"{prefix}{n:03d}":
            errors.append(f"line {n}: id {m.get('id')}")
        if set(m) != KEYS:
            errors.append(f"{m.get('id')}: keys {sorted(set(m) ^ KEYS)}")
        if m.get("script") not in ("zh-Hans", "zh-Hant", "en"):
            errors.append(f"{m.get('id')}: script")
        check_message(m, m.get("id", f"line {n}"), errors)
    return rows


def is_night(t: str, start: str, end: str) -> bool:
    hm = t[11:16]
    return hm >= start or hm < end


def recompute(case: dict) -> dict:
    """The figures the README defines, computed from the events."""
    night = case["night"]
    stop = case["stop_request"]["time"]
    incoming = [e for e in case["events"] if e["side"] == "in"]
    per_day = Counter(e["time"][:10] for e in incoming)
    per_num_day: dict[str, Counter] = defaultdict(Counter)
    for e in incoming:
        per_num_day[e["number"]][e["time"][:10]] += 1
    max_per_num = {}
    for num, days in per_num_day.items():
        top = max(days.values())
        max_per_num[num] = {"count": top, "dates": sorted(d for d, c in days.items() if c == top)}
    msgs_in = [e for e in incoming if e["kind"] == "sms"]
    labels_in = Counter(lab for e in msgs_in for lab in e["labels"])
    labels_out = Counter(lab for e in case["events"]
                         if e["side"] == "out" and e["kind"] == "sms" for lab in e["labels"])
    after = [e for e in incoming if e["time"] > stop]
    after_by = Counter(e["respondent"] for e in after)
    night_ids = [e["id"] for e in incoming if is_night(e["time"], night["start"], night["end"])]
    demanded: dict = {}
    paid: dict = {}
    third: dict = {}
    for e in case["events"]:
        for a in e.get("amounts", []):
            if a["role"] == "demanded" and e["side"] == "in":
                slot = demanded.setdefault(a["lender"], {}).setdefault(a["currency"], {"distinct": [], "latest": None, "max": None})
                if a["value"] not in slot["distinct"]:
                    slot["distinct"].append(a["value"])
                slot["latest"] = a["value"]
                if slot["max"] is None or Decimal(a["value"]) > Decimal(slot["max"]):
                    slot["max"] = a["value"]
            elif a["role"] == "paid":
                key = (a["lender"], a["currency"])
                paid.setdefault(a["lender"], {}).setdefault(a["currency"], [])
                paid[key[0]][key[1]].append({"id": e["id"], "side": e["side"], "value": a["value"]})
            elif a["role"] == "third_party_debt":
                lst = third.setdefault(a["lender"], {}).setdefault(a["currency"], [])
                if a["value"] not in lst:
                    lst.append(a["value"])
    return {
        "events_total": len(case["events"]),
        "contacts_total": len(incoming),
        "calls_in": sum(1 for e in incoming if e["kind"] == "call"),
        "messages_in": len(msgs_in),
        "messages_out": sum(1 for e in case["events"] if e["side"] == "out"),
        "contacts_per_day": dict(sorted(per_day.items())),
        "night_contacts": len(night_ids),
        "night_contact_ids": night_ids,
        "messages_per_label": {lab: labels_in[lab] for lab in LABELS if labels_in[lab]},
        "outgoing_messages_per_label": {lab: labels_out[lab] for lab in LABELS if labels_out[lab]},
        "contacts_after_stop": len(after),
        "contacts_after_stop_ids": [e["id"] for e in after],
        "contacts_after_stop_by_respondent": dict(sorted(after_by.items())),
        "contacts_per_number_per_day": {n: dict(sorted(d.items())) for n, d in sorted(per_num_day.items())},
        "max_contacts_per_number_in_one_day": dict(sorted(max_per_num.items())),
        "amounts_demanded": demanded,
        "amounts_paid": paid,
        "third_party_debts": third,
    }


def check_cases(errors: list[str], folder: Path = HERE / "heldout_cases") -> int:
    n = 0
    for path in sorted(folder.glob("*.json")):
        n += 1
        case = json.loads(path.read_text(encoding="utf-8"))
        events = case["events"]
        if not 15 <= len(events) <= 40:
            errors.append(f"{path.name}: {len(events)} events")
        times = [e["time"] for e in events]
        if times != sorted(times) or len(set(times)) != len(times):
            errors.append(f"{path.name}: events not in strictly increasing time")
        ids = [e["id"] for e in events]
        if len(set(ids)) != len(ids):
            errors.append(f"{path.name}: duplicate ids")
        numbers = {num: r["name"] for r in case["respondents"] for num in r["numbers"]}
        stop_ev = [e for e in events if e["id"] == case["stop_request"]["event"]]
        if not stop_ev or stop_ev[0]["time"] != case["stop_request"]["time"] or stop_ev[0]["side"] != "out":
            errors.append(f"{path.name}: stop_request does not match its event")
        for e in events:
            where = f"{path.name} {e['id']}"
            if numbers.get(e["number"]) != e["respondent"]:
                errors.append(f"{where}: number {e['number']} is not {e['respondent']}'s")
            if e["kind"] == "sms":
                check_message(e, where, errors, keys={"id", "kind", "side", "time", "number",
                                                     "respondent", "text", "labels", "who",
                                                     "amounts", "addressee", "notes"})
                for a in e["amounts"]:
                    if "lender" not in a:
                        errors.append(f"{where}: amount without lender")
            elif e["kind"] == "call":
                if "answered" not in e or "duration_s" not in e:
                    errors.append(f"{where}: call without answered/duration_s")
            else:
                errors.append(f"{where}: kind {e['kind']}")
        got = recompute(case)
        exp = case["expected"]
        for key, value in got.items():
            if exp.get(key) != value:
                errors.append(f"{path.name}: expected[{key!r}] = {exp.get(key)!r}, recomputed {value!r}")
        for key in exp:
            if key not in got:
                errors.append(f"{path.name}: expected[{key!r}] is not recomputed")
    return n


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Check held-out messages and cases.")
    parser.add_argument("--dir", type=Path, default=None,
                        help="check DIR/messages.jsonl and DIR/cases/*.json instead of the "
                             "files beside this script")
    # Called without arguments (e.g. from Python), it checks the default files as it always did.
    args = parser.parse_args([] if argv is None else argv)
    errors: list[str] = []
    if args.dir is None:
        rows = check_corpus(errors)
        n_cases = check_cases(errors)
    else:
        rows = check_corpus(errors, args.dir / "messages.jsonl", prefix=None)
        n_cases = check_cases(errors, args.dir / "cases")
    for e in errors:
        print("ERROR", e)
    print(f"{len(rows)} messages, {n_cases} cases, {len(errors)} problems")
    by_script = Counter(m["script"] for m in rows)
    print("script:", dict(sorted(by_script.items())))
    labels = Counter(lab for m in rows for lab in m["labels"])
    print("labels:", {lab: labels[lab] for lab in LABELS})
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
