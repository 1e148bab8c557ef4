"""Rule sets as data: the built-in TOML files (``../rulesets``) and the case's own ``rules.toml``."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field, replace
from importlib import resources
from pathlib import Path
from typing import Any

from evidencekit.core.analysis.findings.model import LANGS, in_language
from evidencekit.errors import UsageError

#: The file in a case folder that holds the user's own rule set.
CASE_RULES_FILE = "rules.toml"
#: The checks the engine implements.
CHECKS = ("quiet_hours", "attempts_per_day", "label", "misdirected", "after_stop", "burst", "unreduced")
DEFAULT_RULESET = "cn-cba-2026"
_BY_JURISDICTION = {"CN": "cn-cba-2026", "TW": "tw-fsc", "HK": "hk-hkma"}


class RuleSetError(UsageError):
    """A rule set file that cannot be used (named with its path and the reason)."""

    default_title = "Rule set"


@dataclass(frozen=True, slots=True)
class Param:
    """A threshold and where its value comes from; ``alternatives`` are other sources' values."""

    value: Any
    source: str
    alternatives: tuple[tuple[Any, str], ...] = ()


@dataclass(frozen=True, slots=True)
class RuleDef:
    """One rule of a set (see ``rulesets/README.md``)."""

    id: str
    check: str
    sources: tuple[str, ...]
    title: dict[str, str]
    says: dict[str, str]
    params: dict[str, Param] = field(default_factory=dict)
    certainty: str = ""  # a cap: "low" or "medium"
    # other sentences for particular cases ("title_only", "disclosed"), per language: ``says_<case>``
    says_as: dict[str, dict[str, str]] = field(default_factory=dict)

    def param(self, name: str, default: Any = None) -> Any:
        p = self.params.get(name)
        return p.value if p is not None else default


@dataclass(frozen=True, slots=True)
class RuleSet:
    """A rule set: its jurisdiction and date, its citations (name → (title, note)), its rules."""

    id: str
    jurisdiction: str
    date: str
    title: dict[str, str]
    sources: dict[str, tuple[dict[str, str], str]]
    rules: tuple[RuleDef, ...]
    origin: str = ""  # the file it was read from
    #: whom a source does not bind, as its ``[source.<name>.not_binding]`` table says (name → table)
    not_binding: dict[str, dict[str, Any]] = field(default_factory=dict)

    def source_title(self, name: str) -> dict[str, str]:
        """A citation's title in each language (its name when the set does not cite it)."""
        return dict(self.sources.get(name, ({lang: name for lang in LANGS}, ""))[0])


def _titles(raw: Any, default: str) -> dict[str, str]:
    """A title given once (a citation's name as published, shown in every language) or per language
    (a language missing from the table is shown in English, else the first given)."""
    if isinstance(raw, dict) and raw:
        given = {str(k): str(v) for k, v in raw.items()}
        return {lang: in_language(given, lang) for lang in LANGS}
    return {lang: str(raw if raw is not None and not isinstance(raw, dict) else default) for lang in LANGS}


def _sources(data: dict[str, Any]) -> dict[str, tuple[dict[str, str], str]]:
    return {k: (_titles(v.get("title"), k), str(v.get("note", ""))) for k, v in data.get("source", {}).items()}


def _not_binding(data: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {k: dict(v["not_binding"]) for k, v in data.get("source", {}).items()
            if isinstance(v, dict) and isinstance(v.get("not_binding"), dict)}


def _err(origin: str, msg: str) -> RuleSetError:
    return RuleSetError(f"{origin}: {msg}")


def _param(origin: str, rule: str, name: str, raw: Any, sources: dict[str, tuple[dict[str, str], str]]) -> Param:
    if not isinstance(raw, dict) or "value" not in raw or "source" not in raw:
        raise _err(origin, f"rule {rule}: parameter {name} needs a value and a source")
    if raw["source"] not in sources:
        raise _err(origin, f"rule {rule}: parameter {name} cites unknown source {raw['source']}")
    alts = tuple((a["value"], a["source"]) for a in raw.get("alternatives", []))
    return Param(raw["value"], raw["source"], alts)


def parse_ruleset(data: dict[str, Any], origin: str) -> RuleSet:
    """A rule set from its TOML data.

    Raises:
        RuleSetError: a missing field, an unknown check, or a citation to an unknown source.
    """
    for key in ("id", "jurisdiction", "date", "rule"):
        if key not in data:
            raise _err(origin, f"missing '{key}'")
    sources = _sources(data)
    rules = []
    for r in data["rule"]:
        rid = r.get("id", "?")
        if r.get("check") not in CHECKS:
            raise _err(origin, f"rule {rid}: unknown check {r.get('check')!r} (known: {', '.join(CHECKS)})")
        cited = tuple(r.get("sources", []))
        if not cited:
            raise _err(origin, f"rule {rid}: cites no source")
        for s in cited:
            if s not in sources:
                raise _err(origin, f"rule {rid}: cites unknown source {s}")
        params = {n: _param(origin, rid, n, p, sources) for n, p in r.get("params", {}).items()}
        says_as = {k.removeprefix("says_"): dict(v) for k, v in r.items() if k.startswith("says_") and isinstance(v, dict)}
        rules.append(RuleDef(rid, r["check"], cited, dict(r.get("title", {})), dict(r.get("says", {})), params,
                             str(r.get("certainty", "")), says_as))
    title = data.get("title", {})
    return RuleSet(str(data["id"]), str(data["jurisdiction"]), str(data["date"]),
                   title if isinstance(title, dict) else {"en": str(title)}, sources, tuple(rules), origin,
                   _not_binding(data))


def builtin_rulesets() -> dict[str, RuleSet]:
    """The rule sets shipped with EvidenceKit, by id."""
    folder = resources.files("evidencekit.core.analysis").joinpath("rulesets")
    out = {}
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if entry.name.endswith(".toml"):
            rs = parse_ruleset(tomllib.loads(entry.read_text(encoding="utf-8")), entry.name)
            out[rs.id] = rs
    return out


def _extend(base: RuleSet, data: dict[str, Any], origin: str) -> RuleSet:
    sources = dict(base.sources)
    sources.update(_sources(data))
    disabled = set(data.get("disable", []))
    known = {r.id for r in base.rules}
    for rid in disabled | set(data.get("params", {})):
        if rid not in known:
            raise _err(origin, f"no rule {rid} in {base.id}")
    rules = []
    for r in base.rules:
        if r.id in disabled:
            continue
        changes = data.get("params", {}).get(r.id, {})
        params = dict(r.params)
        for name, raw in changes.items():
            params[name] = _param(origin, r.id, name, raw, sources)
        rules.append(replace(r, params=params))
    extra = parse_ruleset({"id": "x", "jurisdiction": "x", "date": "x", "rule": data.get("rule", []),
                           "source": {k: {"title": t, "note": n} for k, (t, n) in sources.items()}}, origin)
    return RuleSet(str(data.get("id", base.id + "+own")), str(data.get("jurisdiction", base.jurisdiction)),
                   str(data.get("date", base.date)), dict(data.get("title", base.title)), sources,
                   tuple(rules) + extra.rules, origin, {**base.not_binding, **_not_binding(data)})


def load_ruleset(name_or_path: str | Path) -> RuleSet:
    """A built-in rule set by id ("cn-cba-2026", "tw-fsc", "hk-hkma") or a rule set file.

    A file may ``extends = "<id>"`` a built-in set, change its parameters (``[params.<rule>.<name>]``),
    ``disable`` rules and add its own.

    Raises:
        RuleSetError: no such set, or a file that does not parse or validate.
    """
    builtins = builtin_rulesets()
    if isinstance(name_or_path, str) and name_or_path in builtins:
        return builtins[name_or_path]
    path = Path(name_or_path)
    if not path.is_file():
        raise RuleSetError(f"no rule set {name_or_path!s} (built in: {', '.join(builtins)})")
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as e:
        raise RuleSetError(f"{path}: {e}") from e
    if "extends" in data:
        base = builtins.get(str(data["extends"]))
        if base is None:
            raise _err(str(path), f"extends unknown rule set {data['extends']}")
        return _extend(base, data, str(path))
    return parse_ruleset(data, str(path))


def ruleset_for_case(case_folder: Path | None, chosen: str | None = None, jurisdiction: str = "") -> RuleSet:
    """The rule set a case uses: its own ``rules.toml`` when present, else the set the case chose,
    else the one for its jurisdiction, else :data:`DEFAULT_RULESET`.

    Raises:
        RuleSetError: the case's file or the chosen set cannot be used.
    """
    if case_folder is not None and (case_folder / CASE_RULES_FILE).is_file():
        return load_ruleset(case_folder / CASE_RULES_FILE)
    if chosen:
        return load_ruleset(chosen)
    return load_ruleset(_BY_JURISDICTION.get(jurisdiction.upper(), DEFAULT_RULESET))
