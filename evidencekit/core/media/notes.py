"""What a reader says about a file it read, and what an export says it left out: one template
per kind of note.

A note is stored as English text (it is part of the facts whose digest the custody log holds, so
its words never change); the bundle and the app show it in their language by recognising the
template it was made from (:func:`parse`) and looking up ``note.<key>`` in their strings. A note
from an older version that matches no template is shown as it was stored.

Values in a note (a page number, a decoder's message) are kept as written; only the words around
them are translated.
"""

from __future__ import annotations

import re
import string
from functools import lru_cache
from typing import Final

#: key → the English template, exactly as readers have always written it.
TEMPLATES: Final[dict[str, str]] = {
    # PDF documents (document.py)
    "doc.no_pypdf": "pypdf is not installed: the text was not read",
    "doc.encrypted": "the PDF is encrypted; its text was not read ({reason})",
    "doc.page_unreadable": "page {page}: text unreadable ({reason})",
    "doc.ocr_limit": "scanned pages after the first {n} not read by OCR",
    "doc.page_ocr_failed": "page {page}: OCR failed ({reason})",
    "doc.text_cut": "text after {n} characters not kept (the original has it all)",
    "doc.pages_limit": "text read from the first {n} of {total} pages",
    "doc.unreadable": "the PDF cannot be read ({reason})",
    "doc.scanned_unread": "{n} scanned page(s) without a text layer; not read by OCR",
    # emails (email.py)
    "email.header": "the {name} header could not be decoded ({reason})",
    "email.attachments_limit": "more than {n} attachments: the rest stay inside the email",
    "email.attachment_undecodable": "an attachment could not be decoded ({reason})",
    # message and call-log exports (exports/)
    "export.csv_damaged": "the CSV is damaged after {n} rows ({reason})",
    "export.bad_times": "{n} rows have a time that could not be read",
    "export.db_damaged": "the database is damaged after {n} messages ({reason})",
    "export.truncated": "the file is truncated: it ends inside a record after {n} complete records",
    "export.xml_damaged": "the XML is damaged at line {line}, column {column} ({reason}); {n} records read before",
    "export.read_stopped": "the file could not be read to its end ({reason}); {n} records read before",
    "export.emoji_joined": "{n} emoji written as surrogate pairs were joined",
    "export.chars_replaced": "{n} characters XML does not allow were shown as \ufffd",
    "export.count_differs": "the file says it holds {declared} records; {n} were found",
    "export.txt_unparsed": "{n} lines belong to no message and were not read",
    # recordings and videos (av.py)
    "av.no_ffmpeg": ("ffmpeg is not installed: the recording was not decoded; its length and codec are what the "
                     "file's header says (install ffmpeg for a full check)"),
    "av.not_playable": "not a playable recording or video: {reason}",
    "av.no_frame": "not a playable video: no frame decodes ({reason})",
    "av.sound_short": "truncated or damaged: the sound decodes for {seconds} s of the {declared} s the file claims",
    "av.no_audio": "not a playable recording: no audio stream",
    "av.no_sound": "not a playable recording: {reason}",
    "av.decoding_stops": ("truncated or damaged: decoding stops at {seconds} s of the {declared} s the file claims; "
                          "the length shown is what plays"),
    "av.decoder_damage": "the decoder reported damage: {reason}",
    "av.no_reader": "not a playable recording: no reader understands its header",
    "av.header_claims": "not a playable recording: the header claims {declared} s in {size} bytes",
    "av.mutagen": "mutagen cannot read the header ({reason})",
    # what an export left out of a bundle (export/bundle.py, export/redaction.py)
    "left_out.over_limit": "{n} originals over the attachment size limit: see the ZIP bundle",
    "left_out.undecodable": "exhibit {n}: the picture cannot be decoded ({reason}); its page says so",
    "left_out.withheld_not_located": ("exhibit {n}: image withheld from the redacted bundle (no OCR reading to find "
                                    "the numbers in)"),
    "left_out.withheld_unreadable": "exhibit {n}: image withheld from the redacted bundle (the image could not be read)",
    "left_out.withheld_still_legible": ("exhibit {n}: image withheld from the redacted bundle (a masked number stayed "
                                      "legible after masking)"),
}


def note(key: str, **fields: object) -> str:
    """The stored text of note ``key`` with its values filled in.

    Raises:
        KeyError: an unknown key (a programming error).
    """
    return TEMPLATES[key].format(**fields)


@lru_cache(maxsize=1)
def _patterns() -> tuple[tuple[str, re.Pattern[str]], ...]:
    out = []
    for key, template in TEMPLATES.items():
        rx = ""
        for literal, name, _spec, _conv in string.Formatter().parse(template):
            rx += re.escape(literal)
            if name:
                rx += f"(?P<{name}>.+?)"
        out.append((key, re.compile(rx + r"\Z", re.S)))
    # longer templates first: "not a playable recording: no audio stream" before "…: {reason}"
    out.sort(key=lambda kp: -len(TEMPLATES[kp[0]]))
    return tuple(out)


def parse(text: str) -> tuple[str, dict[str, str]] | None:
    """Which template ``text`` was made from and its values, or None (an older or foreign note)."""
    for key, rx in _patterns():
        m = rx.match(text)
        if m is not None:
            return key, m.groupdict()
    return None


__all__ = ["TEMPLATES", "note", "parse"]
