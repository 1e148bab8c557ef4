"""What the person tells EvidenceKit about their case beyond the evidence: when they asked the
lender to stop, which rules apply, and their own details for complaints. Kept in the case's
settings table (one JSON value under :data:`SETTINGS_KEY`), through the vault's ``setting`` and
``set_setting``.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import asdict, dataclass, field, fields, replace
from typing import Any, Protocol

import phonenumbers
from phonenumbers import PhoneNumberType

from evidencekit.core.models import JsonValue
from evidencekit.core.vault import actions
from evidencekit.errors import UsageError

SETTINGS_KEY = "case_action"
JURISDICTIONS = ("CN", "TW", "HK")


class HasSettings(Protocol):
    """An open case (the vault's ``Case``), as far as settings go."""

    def setting(self, key: str, default: JsonValue = None) -> JsonValue: ...

    def set_setting(self, key: str, value: JsonValue, *, logged: actions.Details | None = None) -> None: ...


#: The settings the findings rest on: what the person states as fact about the case (logged with
#: their values); the others (their address and ID, questions…) are logged as changed, by name.
FACTS = ("stop_requested_at", "stop_basis", "stop_to", "lenders", "jurisdiction", "ruleset")


@dataclass(frozen=True)
class CaseSettings:
    """The person's own facts of the case.

    Attributes:
        stop_requested_at: when they asked the lender or collector to stop (ISO local time,
            "" when not given: their own first reply asking it is used, if any).
        stop_basis: what that rests on ("电话录音 2026-11-20", "letter").
        stop_to: whom they asked (a respondent's name or number; "" for all of them).
        ruleset: a built-in rule set id ("cn-cba-2026", "tw-fsc", "hk-hkma"), "" for the one of
            the jurisdiction.
        jurisdiction: CN, TW or HK ("" not said: where the person's phone number is, else mainland
            China's rules and currency; :func:`in_effect`).
        claimant_address, claimant_id_type, claimant_id_number: for complaints that ask for them
            (blank in a draft when not given).
        respondent_addresses: respondent name → address.
        lenders: the respondents that lent the money (the others collect for them).
        questions: the person's own questions for a lawyer.
        negotiation: what passed between them and the respondent so far.
    """

    stop_requested_at: str = ""
    stop_basis: str = ""
    stop_to: str = ""
    ruleset: str = ""
    jurisdiction: str = ""
    claimant_address: str = ""
    claimant_id_type: str = ""
    claimant_id_number: str = ""
    respondent_addresses: dict[str, str] = field(default_factory=dict)
    lenders: tuple[str, ...] = ()
    questions: tuple[str, ...] = ()
    negotiation: str = ""

    @property
    def stop_time(self) -> dt.datetime | None:
        """:attr:`stop_requested_at` as a naive local time (None when not given or not a time)."""
        return parse_local(self.stop_requested_at)

    def to_json(self) -> dict[str, JsonValue]:
        d = asdict(self)
        return {k: (list(v) if isinstance(v, tuple) else v) for k, v in d.items()}

    @classmethod
    def from_json(cls, raw: object) -> CaseSettings:
        """Settings from their stored value; unknown keys and ill-typed values are ignored."""
        if not isinstance(raw, dict):
            return cls()
        kw: dict[str, Any] = {}
        for f in fields(cls):
            v = raw.get(f.name)
            if v is None:
                continue
            if f.name == "respondent_addresses" and isinstance(v, dict):
                kw[f.name] = {str(k): str(x) for k, x in v.items()}
            elif f.name in ("lenders", "questions") and isinstance(v, list):
                kw[f.name] = tuple(str(x) for x in v)
            elif isinstance(v, str) and f.name not in ("respondent_addresses", "lenders", "questions"):
                kw[f.name] = v
        return cls(**kw)


def parse_local(value: str) -> dt.datetime | None:
    """"2026-11-20 09:30", "2026-11-20T09:30" or "2026-11-20" as a naive local time (zone dropped)."""
    v = value.strip()
    if not v:
        return None
    try:
        t = dt.datetime.fromisoformat(v.replace("Z", "+00:00"))
    except ValueError:
        return None
    return t.replace(tzinfo=None)


def read_settings(case: HasSettings) -> CaseSettings:
    """The case's settings as saved (defaults when none were): what the person set, for editing
    them. What the case is read by is :func:`in_effect`."""
    return CaseSettings.from_json(case.setting(SETTINGS_KEY))


_MOBILE = (PhoneNumberType.MOBILE, PhoneNumberType.FIXED_LINE_OR_MOBILE)


def phone_jurisdiction(phone: str) -> str:
    """Where a phone number is: CN, TW or HK when the number says so alone ("+852 6123 4567";
    "0912 345 678", a number only Taiwan has; "6123 4567", only Hong Kong's; "139 1234 5678",
    only the mainland's), else "" (another country, or a number valid in two of them)."""
    text = phone.strip()
    if not text:
        return ""
    valid: set[str] = set()
    mobile: set[str] = set()
    for region in (("",) if text.startswith("+") else JURISDICTIONS):
        try:
            n = phonenumbers.parse(text, region or None)
        except phonenumbers.NumberParseException:
            continue
        if phonenumbers.is_valid_number(n):
            where = phonenumbers.region_code_for_number(n) or ""
            valid.add(where)
            if phonenumbers.number_type(n) in _MOBILE:
                mobile.add(where)
    # a person's own number is a mobile's: "6123 4567" is Hong Kong's mobile, though Taiwan has
    # such a landline too
    for found in (mobile, valid):
        if len(found) == 1:
            return found.pop() if found <= set(JURISDICTIONS) else ""
    return ""


def in_effect(settings: CaseSettings, claimant_phone: str) -> CaseSettings:
    """The settings a case is read by: as set, with the jurisdiction the person's own phone number
    gives when they set none (a Hong Kong number: Hong Kong's rules, its HK$ for 元 and 蚊, its
    desks), so one who never opens the case's facts is not read by the mainland's."""
    if settings.jurisdiction:
        return settings
    where = phone_jurisdiction(claimant_phone)
    return replace(settings, jurisdiction=where) if where else settings


def save_settings(case: HasSettings, settings: CaseSettings) -> None:
    """Save the case's settings.

    Raises:
        UsageError: a stop time that is not a date or time, or an unknown jurisdiction.
    """
    if settings.stop_requested_at and parse_local(settings.stop_requested_at) is None:
        raise UsageError(f"not a date or time: {settings.stop_requested_at!r} (write 2026-11-20 09:30)")
    if settings.jurisdiction and settings.jurisdiction.upper() not in JURISDICTIONS:
        raise UsageError(f"unknown jurisdiction {settings.jurisdiction!r}; use one of {', '.join(JURISDICTIONS)}")
    settings = replace(settings, jurisdiction=settings.jurisdiction.upper())
    before, after = read_settings(case).to_json(), settings.to_json()
    changed = tuple(k for k in after if after[k] != before.get(k))
    if not changed:
        return
    facts = {k: "、".join(map(str, v)) if isinstance(v := after[k], list) else str(v) for k in changed if k in FACTS}
    stored = json.dumps(after, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode("utf-8")
    case.set_setting(SETTINGS_KEY, after, logged=actions.SettingsChanged(
        tuple(k for k in changed if k not in FACTS), facts, hashlib.sha256(stored).hexdigest()))
