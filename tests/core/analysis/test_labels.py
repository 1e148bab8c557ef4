"""Each label has one name per language, and everything that names a label uses it."""

from __future__ import annotations

import pytest

from evidencekit.core.analysis.classify import LABELS
from evidencekit.core.analysis.labels import label_name
from evidencekit.core.export.strings import strings
from evidencekit.core.models import LANGUAGES

NAMED = (*LABELS, "repayment_confirmed")


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_label_has_a_name(lang: str) -> None:
    s = strings(lang)
    names = {n: label_name(n, s) for n in NAMED}
    assert [n for n, text in names.items() if text == n] == []
    assert len(set(names.values())) == len(names)  # no two labels read the same


def test_an_unknown_label_is_shown_by_its_identifier() -> None:
    assert label_name("new_rule", strings("en")) == "new_rule"


def test_a_finding_names_the_kinds_as_the_bundle_does() -> None:
    from evidencekit.core.analysis.findings.engine import _kinds

    assert _kinds(["threat_legal_action", "threat"], "zh-Hans") == "威胁起诉或报警、其他威胁"
    assert _kinds(["threat_legal_action", "threat"], "zh-Hant") == "威脅起訴或報警、其他威脅"
    assert _kinds(["threat_home_visit", "threat"], "en") == "Threat of a visit (home or work), other threat"
