"""Findings: a case's contacts and messages checked against a rule set kept as data.

Each finding names its rule and the rule's sources, the exhibits and the exact words or times
behind it, and how sure it is; it is worded as a possible breach for a professional to assess,
never as a legal conclusion.
"""

from evidencekit.core.analysis.findings.engine import CaseFacts, find_findings, stop_request, unreduced_findings
from evidencekit.core.analysis.findings.model import Certainty, Evidence, Finding
from evidencekit.core.analysis.findings.ruleset import (
    CASE_RULES_FILE, Param, RuleDef, RuleSet, RuleSetError, builtin_rulesets, load_ruleset, ruleset_for_case,
)

__all__ = [
    "CASE_RULES_FILE", "CaseFacts", "Certainty", "Evidence", "Finding", "Param", "RuleDef", "RuleSet",
    "RuleSetError", "builtin_rulesets", "find_findings", "load_ruleset", "ruleset_for_case", "stop_request",
    "unreduced_findings",
]
