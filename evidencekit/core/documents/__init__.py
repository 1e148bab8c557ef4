"""Documents written from a case: complaints to each channel and a brief for a lawyer.

Input is a plain value (:class:`DraftInput`: case facts, exhibits with their numbers, findings,
key quotes); output is plain text within each channel's limit (:func:`render`) and DOCX
(:func:`write_docx`). Channels and their required fields are data (``channels.toml``); the
wording is in Jinja2 templates, one file per channel and language (``templates/``).
"""

from evidencekit.core.documents.docx_writer import write_docx
from evidencekit.core.documents.model import BLANK, Draft, DraftInput, ExhibitRef, KeyQuote, Party, TimelineEntry
from evidencekit.core.documents.render import LANGUAGES, Channel, channels, field_label, render, resolve_channel

__all__ = ["BLANK", "LANGUAGES", "Channel", "Draft", "DraftInput", "ExhibitRef", "KeyQuote", "Party",
           "TimelineEntry", "channels", "field_label", "render", "resolve_channel", "write_docx"]
