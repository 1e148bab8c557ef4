#!/usr/bin/env python3
"""Check the mechanical rules of labels_tuning_b.jsonl (stand-alone: imports nothing from EvidenceKit).

    python tests/data/check_tuning_b.py            # check, print counts, exit 1 on any error
    python tests/data/check_tuning_b.py FILE.jsonl # check another file written to the same conventions

Rules enforced (the conventions themselves are described in README_tuning_b.md):
  * every line is one JSON object with exactly the documented keys and types;
  * ids look like b001 (letters b-h and k-z) and are unique;
  * script, side, labels, who, currency and role come from the closed vocabularies,
    labels and who are free of duplicates and in the canonical order;
  * every threat_* label comes with "threat";
  * "who" is non-empty exactly when "threat" is present, and names a third party
    (family, employer, contacts, neighbours) exactly when threat_third_party is present;
  * amount values are plain decimal strings: digits, optional "." and one or two decimals,
    no separators, signs or leading zeros;
  * the recipient is one of the three people named in the README's header comment,
    and an outgoing message is sent by its recipient (the phone's owner);
  * script sanity: "en" texts hold no Han characters; a zh-Hans text holds none of a short list
    of Traditional-only characters, and a zh-Hant text none of their Simplified counterparts.
"""
import json
import re
import sys
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
DEFAULT = HERE / "labels_tuning_b.jsonl"
README = HERE / "README_tuning_b.md"

LABELS = [
    "repayment_reminder", "overdue_collection", "marketing", "application_progress",
    "possibly_misdirected", "threat", "threat_third_party", "threat_legal_action",
    "threat_credit_record", "threat_home_visit", "insult", "impersonation",
]
WHO = ["self", "family", "employer", "contacts", "neighbours"]
THIRD = {"family", "employer", "contacts", "neighbours"}
SCRIPTS = {"zh-Hans", "zh-Hant", "en"}
SIDES = {"in", "out"}
CURRENCIES = {"CNY", "TWD", "HKD", "USD"}
ROLES = {"demanded", "paid", "third_party_debt", "other"}
KEYS = {"id", "script", "side", "sender", "text", "labels", "who", "amounts",
        "addressee", "recipient", "notes"}
VALUE = re.compile(r"(?:0|[1-9][0-9]*)(?:\.[0-9]{1,2})?")
ID = re.compile(r"[b-hk-z][0-9]{3,4}")
HAN = re.compile(r"[\u3400-\u9fff]")
# pairs of characters that differ between the scripts (Traditional, Simplified)
# (characters such as 后 or 系 that also occur in Traditional text are left out on purpose)
PAIRS = list(zip("這們個說還錢對會經將時過與為當從點樣讓認識關債務聯絡話開門問題見電單號",
                 "这们个说还钱对会经将时过与为当从点样让认识关债务联络话开门问题见电单号"))
HANT_ONLY = {t for t, s in PAIRS if t != s}
HANS_ONLY = {s for t, s in PAIRS if t != s}


def recipients_from_readme(path=README):
    """The header comment line: <!-- recipients: 陈晓雯 (mainland); 林建宏 (Taiwan); 何嘉欣 (Hong Kong) -->"""
    for line in path.read_text(encoding="utf-8").splitlines():
        m = re.match(r"\s*<!--\s*recipients:(.*?)-->", line)
        if m:
            return {re.sub(r"\(.*?\)", "", part).strip() for part in m.group(1).split(";") if part.strip()}
    raise SystemExit(f"{path}: no '<!-- recipients: ... -->' header line")


def check_row(r, recipients):
    err = []
    if set(r) != KEYS:
        return [f"keys differ: missing {sorted(KEYS - set(r))}, extra {sorted(set(r) - KEYS)}"]
    if not isinstance(r["id"], str) or not ID.fullmatch(r["id"]):
        err.append(f"bad id {r['id']!r}")
    if r["script"] not in SCRIPTS:
        err.append(f"bad script {r['script']!r}")
    if r["side"] not in SIDES:
        err.append(f"bad side {r['side']!r}")
    for k in ("sender", "text", "recipient"):
        if not isinstance(r[k], str) or not r[k].strip():
            err.append(f"{k} must be a non-empty string")
    if not isinstance(r["notes"], str):
        err.append("notes must be a string")
    if r["addressee"] is not None and (not isinstance(r["addressee"], str) or not r["addressee"].strip()):
        err.append("addressee must be a non-empty string or null")
    if r["recipient"] not in recipients:
        err.append(f"recipient {r['recipient']!r} is not one of {sorted(recipients)}")
    if r["side"] == "out" and r["sender"] != r["recipient"]:
        err.append("an outgoing message must be sent by its recipient (the phone's owner)")

    labels, who = r["labels"], r["who"]
    if not isinstance(labels, list) or any(x not in LABELS for x in labels):
        err.append(f"unknown label in {labels!r}")
        labels = [x for x in labels if x in LABELS] if isinstance(labels, list) else []
    elif len(set(labels)) != len(labels) or labels != sorted(labels, key=LABELS.index):
        err.append(f"labels duplicated or out of order: {labels}")
    if not isinstance(who, list) or any(x not in WHO for x in who):
        err.append(f"unknown who in {who!r}")
        who = [x for x in who if x in WHO] if isinstance(who, list) else []
    elif len(set(who)) != len(who) or who != sorted(who, key=WHO.index):
        err.append(f"who duplicated or out of order: {who}")
    if any(x.startswith("threat_") for x in labels) and "threat" not in labels:
        err.append("a threat_* label without threat")
    if bool(who) != ("threat" in labels):
        err.append("who must be given exactly when threat is labelled")
    if bool(THIRD & set(who)) != ("threat_third_party" in labels):
        err.append("a third party in who exactly when threat_third_party is labelled")

    if not isinstance(r["amounts"], list):
        err.append("amounts must be a list")
    else:
        for a in r["amounts"]:
            if not isinstance(a, dict) or set(a) != {"value", "currency", "role"}:
                err.append(f"bad amount object {a!r}")
                continue
            if not isinstance(a["value"], str) or not VALUE.fullmatch(a["value"]):
                err.append(f"bad amount value {a['value']!r}")
            if a["currency"] not in CURRENCIES:
                err.append(f"bad currency {a['currency']!r}")
            if a["role"] not in ROLES:
                err.append(f"bad role {a['role']!r}")

    text = r["text"] if isinstance(r["text"], str) else ""
    if r["script"] == "en" and HAN.search(text):
        err.append("en text contains Han characters")
    if r["script"] == "zh-Hans" and (bad := sorted(HANT_ONLY & set(text))):
        err.append(f"zh-Hans text contains Traditional-only characters {bad}")
    if r["script"] == "zh-Hant" and (bad := sorted(HANS_ONLY & set(text))):
        err.append(f"zh-Hant text contains Simplified-only characters {bad}")
    return err


def main(argv):
    path = Path(argv[1]) if len(argv) > 1 else DEFAULT
    recipients = recipients_from_readme()
    errors, rows, ids = [], [], Counter()
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            errors.append(f"line {n}: empty line")
            continue
        try:
            r = json.loads(line)
        except json.JSONDecodeError as e:
            errors.append(f"line {n}: not JSON ({e})")
            continue
        if not isinstance(r, dict):
            errors.append(f"line {n}: not an object")
            continue
        rows.append(r)
        ids[r.get("id")] += 1
        errors += [f"line {n} ({r.get('id')}): {e}" for e in check_row(r, recipients)]
    errors += [f"duplicate id {i!r} ({c} times)" for i, c in ids.items() if c > 1]

    labels = Counter(x for r in rows for x in r.get("labels", []))
    print(f"{len(rows)} messages in {path.name}")
    print("labels:  " + ", ".join(f"{k} {labels[k]}" for k in LABELS) + f", none {sum(1 for r in rows if not r.get('labels'))}")
    print("scripts: " + ", ".join(f"{k} {v}" for k, v in sorted(Counter(r.get('script') for r in rows).items())))
    print("sides:   " + ", ".join(f"{k} {v}" for k, v in sorted(Counter(r.get('side') for r in rows).items())))
    print("recipients: " + ", ".join(f"{k} {v}" for k, v in Counter(r.get('recipient') for r in rows).items()))
    for e in errors:
        print("ERROR", e)
    print("OK" if not errors else f"{len(errors)} error(s)")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
