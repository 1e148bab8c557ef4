"""The app names labels as the bundle does, in each of its languages."""

from __future__ import annotations

import pytest

from evidencekit.core.analysis.classify import LABELS
from evidencekit.core.analysis.labels import label_name as bundle_name
from evidencekit.core.export.strings import strings
from evidencekit.core.models import LANGUAGES
from evidencekit.tui.i18n import current_language, set_language
from evidencekit.tui.widgets.preview import label_name


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_app_names_labels_as_the_bundle(lang: str) -> None:
    before = current_language()
    set_language(lang)
    try:
        for name in (*LABELS, "repayment_confirmed"):
            assert label_name(name) == bundle_name(name, strings(lang)), name
    finally:
        set_language(before)
