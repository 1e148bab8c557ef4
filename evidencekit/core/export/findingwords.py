"""A finding's words in a reader's language: why it is not sure, and where its evidence is.

The engine states a finding's reasons in English and its contacts by reference ("3#0"); the bundle,
the app and the CLI all show them through these functions, so the three say the same thing.
"""

from __future__ import annotations

from evidencekit.core.analysis.contacts import ContactSource
from evidencekit.core.analysis.findings import Evidence, Finding
from evidencekit.core.analysis.timebasis import localize_basis, shown_time
from evidencekit.core.export.strings import Strings

#: The engine's reasons (a marker in its English text) and their string keys.
_WHY = (("asks for a check", "why.check"), ("outcome unknown", "why.outcome"), ("person's reply", "why.reply"),
        ("time is unknown", "why.untimed"), ("request's time", "why.stop"), ("may be lawful", "why.lawful"),
        ("surname and title alone", "why.salutation"), ("routine warning", "why.routine"),
        ("lawful legal step", "why.lawful_step"), ("another debt", "why.payment"))


def certainty_reasons(s: Strings, f: Finding) -> list[str]:
    """Why ``f`` is not sure, each reason a phrase in ``s``'s language (empty when it is sure).

    Args:
        s: the reader's strings.
        f: the finding.

    Returns:
        The phrases, times resolved from a basis first.
    """
    out = []
    resolved = [e for e in f.evidence if e.time_certainty == "resolved"]
    if resolved:
        bases = list(dict.fromkeys(localize_basis(e.time_basis.split(" + ")[0], s.lang)
                                   for e in resolved if e.time_basis))
        out.append(s("why.resolved", n=len(resolved), bases=("；" if s.is_cjk else "; ").join(bases)))
    for marker, key in _WHY:
        if marker in f.certainty_reason:
            out.append(s(key))
    return out


def finding_about(s: Strings, f: Finding) -> str:
    """Whom a finding is about, for a reader: its respondent, else the number (or name) its
    contacts came from, said to be unidentified ("13297461122（身份未确认）"); "" when unknown."""
    if f.respondent:
        return f.respondent
    return f.sender + s("draft.no_name") if f.sender else ""


def evidence_place(s: Strings, ref: str, *, exhibit_word: bool = True) -> str:
    """Where a contact is, for a reader: "证据3 第1条", "Exhibit 5, row 18".

    References count messages and export rows from 0 ("3#0", "5@17"); a reader counts from 1, as
    the exhibit pages and the app number them.

    Args:
        s: the reader's strings.
        ref: the contact's reference.
        exhibit_word: False for the bare number ("3 第1条"), in a column headed "exhibit".
    """
    place = ContactSource.from_ref(ref)
    head = s("exhibit", n=place.exhibit) if exhibit_word else place.exhibit
    if place.message_index is not None:
        return s("ref.message", head=head, n=place.message_index + 1)
    if place.row is not None:
        return s("ref.row", head=head, n=place.row + 1)
    return head


def quoted_words(s: Strings, e: Evidence) -> str:
    """The words behind a finding in ``e``, each run in the language's quote marks ("“联系你的家人”、
    “让大家都知道”"; zh-Hant 「」): every run is the message's own words, exactly as shown."""
    parts = e.quotes or ((e.quote,) if e.quote else ())
    return s("finding.quote_sep").join(s("finding.quote", text=p) for p in parts)


def channel_name(s: Strings, channel: str) -> str:
    """A contact's channel in ``s``'s language ("短信", "電話", "SMS"); the key when not known."""
    name = s("channel." + channel)
    return channel if name == "channel." + channel else name


def evidence_time(s: Strings, e: Evidence) -> str:
    """When the contact in ``e`` was, for a reader: its time, and what a time that is not exact
    rests on; "?" when it has none."""
    if e.time_certainty != "exact" and (e.time_basis or not e.time):
        return shown_time(e.time, e.time_certainty, e.time_basis, s.lang)
    return e.time or "?"
