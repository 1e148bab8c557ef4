"""What the labels of messages are called: one name per label and language, for the app, the
findings and the bundle.

The names are the bundle's ``label.*`` strings (``core/export/locale/<lang>.json``): the case
list, the preview, a finding's sentence and the cover all name a label with the same words.
"""

from __future__ import annotations

from evidencekit.core.export.strings import Strings


def label_name(name: str, s: Strings) -> str:
    """A label as people read it ("威胁告知第三人", "Overdue notice"); an unknown label by its own name.

    Args:
        name: the classifier's label (``threat_third_party``...).
        s: the strings of the language shown (:func:`~evidencekit.core.export.strings.strings`).

    Returns:
        The label's name in that language.
    """
    key = f"label.{name}"
    text = s(key)
    return name if text == key else text
