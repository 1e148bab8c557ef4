"""Words from evidence and files shown inside Textual markup exactly as they are."""

from __future__ import annotations


def escape(text: str) -> str:
    """``text`` with every "[" escaped, so that Textual's markup shows it as written.

    Rich's ``escape`` leaves "[Recording]" or "[HSBC]" alone, since no Rich tag starts with a
    capital letter; Textual's markup reads them as style tags and drops them, so an SMS that
    begins "[HSBC]" would lose its sender on screen.
    """
    return text.replace("[", "\\[")
