"""The UI's current language: one ``_()`` every screen imports, switched by the app."""

from __future__ import annotations

from dataclasses import dataclass

from evidencekit.core.models import Language
from evidencekit.locale import DEFAULT_LANGUAGE, LANGUAGES, Translator, gettext_for


@dataclass(slots=True)
class _State:
    lang: Language
    translate: Translator


_state = _State(DEFAULT_LANGUAGE, gettext_for(DEFAULT_LANGUAGE))


def set_language(lang: str) -> Language:
    """Make ``lang`` the UI language; returns the language actually set."""
    _state.lang = next((known for known in LANGUAGES if known == lang), DEFAULT_LANGUAGE)
    _state.translate = gettext_for(_state.lang)
    return _state.lang


def current_language() -> Language:
    return _state.lang


def _(msgid: str) -> str:
    """Translate ``msgid`` (an English text) into the current language."""
    return _state.translate(msgid)


def next_language(lang: str) -> str:
    i = LANGUAGES.index(lang) if lang in LANGUAGES else -1
    return LANGUAGES[(i + 1) % len(LANGUAGES)]


def N_(msgid: str) -> str:  # noqa: N802 - the gettext convention
    """Mark a string for the catalogs without translating it yet (tables of names)."""
    return msgid


# Error titles come from evidencekit.errors (English); listed here so the catalogs hold them.
ERROR_TITLES = (
    N_("EvidenceKit error"), N_("Usage"), N_("Case folder"), N_("Not a case folder"), N_("Case exists"),
    N_("Case in use"), N_("File rejected"), N_("Integrity"), N_("Signing"), N_("Timestamp"), N_("OCR"),
    N_("Missing program"), N_("Export"), N_("Bundle"), N_("Cancelled"),
)
