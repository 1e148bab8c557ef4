"""A redacted bundle: its input masked once, before anything is laid out or listed.

:func:`redact_bundle` turns the bundle's input into the input of a redacted bundle (every text
masked: the case, the items, their readings, the custody entries' details); :func:`redact_shown`
replaces the screenshots by masked copies (or withholds them) and masks the text excerpts. The
layout, the manifest and the ZIP are then made from these alone, so no section can forget to mask
a field: what they are given holds no number to hide.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace
from pathlib import Path
from typing import cast

from evidencekit.core.analysis.case_settings import CaseSettings
from evidencekit.core.analysis.contacts import Direction
from evidencekit.core.analysis.parties import respondent_numbers
from evidencekit.core.export.mask import Redactor
from evidencekit.core.export.model import BundleInput, ExhibitInput
from evidencekit.core.export.redact import ImageRedaction, Outcome, redact_image
from evidencekit.core.export.shown import Shown
from evidencekit.core.export.summary import analysis_of
from evidencekit.core.export.summary import respondent_numbers as respondent_numbers_of
from evidencekit.core.export.timeline import relevant_numbers
from evidencekit.core.media.model import AvFacts, DocFacts, EmailFacts, ExportFacts, ItemMedia, Record
from evidencekit.core.media.numbers import number_key
from evidencekit.core.media.notes import note
from evidencekit.core.models import CaseMeta, Item, JsonValue, LogEntry
from evidencekit.core.ocr.engine import OcrEngine
from evidencekit.core.progress import CancelToken, Progress, Step, no_progress

log = logging.getLogger(__name__)

# Values of custody details that are digests, keys or certificates, never personal numbers.
_NOT_REDACTED = frozenset({"certificate_pem", "sha256", "sm3", "hash", "prev_hash", "imprint_sha256",
                           "token_b64", "fingerprint", "batch"})

# Why a screenshot was withheld, for the export's warnings.
#: why an image is withheld from a redacted bundle: the note saying so (core/media/notes.py)
WITHHELD_BECAUSE = {
    Outcome.NOT_LOCATED: "left_out.withheld_not_located",
    Outcome.UNREADABLE: "left_out.withheld_unreadable",
    Outcome.STILL_LEGIBLE: "left_out.withheld_still_legible",
}


def redactor_for(inp: BundleInput, *, mask_names: bool = False) -> Redactor:
    """The redactor of a case.

    Stay visible: the respondents' numbers, the claimant's own, the senders of the messages, and
    every number a received message gives as the sender's own (a callback or service line, the
    account to pay into: :func:`~evidencekit.core.analysis.parties.respondent_numbers`): the
    other side of the case, which the reader needs to identify it. Masked: ID numbers, bank
    cards and everybody else's phone numbers; with ``mask_names``, also the names of the third
    parties the messages address or name as the debtor (a mis-sent notice's addressee).
    """
    meta = inp.meta
    keep = [n for r in meta.respondents for n in r.numbers]
    if meta.claimant_phone:
        keep.append(meta.claimant_phone)
    keep += [ex.ocr.sender for ex in inp.exhibits if ex.ocr is not None and ex.ocr.sender]
    # a call recorder's file name names the other side of the call, as a sender line does
    keep += [av.from_name.number for ex in inp.exhibits
             if ex.media is not None and (av := ex.media.av) is not None and av.from_name is not None]
    accounts: list[str] = []
    for ex in inp.exhibits:
        for m in ex.ocr.messages if ex.ocr is not None else ():
            if m.side == "out":
                continue
            own = respondent_numbers(m.text)
            keep += own
            accounts += own
    names: list[str] = []
    if mask_names:
        # the names as the bundle reads them, screenshots and exported conversations alike (each
        # read as a thread: a name the person's "我不是…" disowns is somebody else's too)
        a = analysis_of(inp)
        names = [n for i, r in sorted(a.readings.items()) if a.contacts[i].direction is Direction.IN
                 for n in r.names_other]
    return Redactor.for_case(keep, accounts=accounts, names=names)


def exhibit_texts(ex: ExhibitInput) -> list[str]:
    """Every text of an exhibit a redacted bundle masks: what the person wrote about it and its
    reading (for the list of what was masked)."""
    it = ex.item
    out = [it.title, it.original_name, it.proves, it.source, it.received_by, it.extraction_note, it.group_name, *it.tags]
    if ex.ocr is not None:
        out += [ex.ocr.sender or ""]
        for m in ex.ocr.messages:
            out += [m.text, m.time_label or ""]
    return [t for t in out if t]


def redact_bundle(inp: BundleInput, redactor: Redactor) -> BundleInput:
    """The input of a redacted bundle: ``inp`` with every text masked.

    Masked: the case's title and parties, every free-text field of the items (titles, file names
    and paths, notes, sources, whose phone they were received on, 证明目的, tags, groups, hosts,
    users), the OCR readings (text, sender, messages with their time labels, facts and trigger
    words), what was read out of recordings, exports, emails and documents (see :func:`_media`: a
    third party's exported messages lose their words) and the details of the custody entries
    (digests, keys and batch ids left as they are). Digests, sizes, times and numbers are not
    text and stay; the raw custody file is dropped (``log_path`` is None), since
    its entries hold the unmasked details.

    Args:
        inp: the bundle's input as gathered.
        redactor: what to mask and what to keep (see :func:`redactor_for`).

    Returns:
        The masked input; originals, digests, identity and earlier timestamp tokens unchanged.
    """
    log_masked = tuple(_entry(e, redactor) for e in inp.log)
    masked_of = {(e.seq, e.hash): m for e, m in zip(inp.log, log_masked, strict=True)}
    case_numbers = relevant_numbers(inp.exhibits, respondent_numbers_of(inp))

    def exhibit(ex: ExhibitInput) -> ExhibitInput:
        return replace(
            ex,
            item=_item(ex.item, redactor),
            ocr=redactor.ocr(ex.ocr) if ex.ocr is not None else None,
            custody=tuple(masked_of.get((e.seq, e.hash)) or _entry(e, redactor) for e in ex.custody),
            media=_media(ex.media, redactor, case_numbers) if ex.media is not None else None,
        )

    return replace(
        inp,
        meta=_meta(inp.meta, redactor),
        exhibits=tuple(exhibit(ex) for ex in inp.exhibits),
        log=log_masked,
        log_path=None,
        settings=_settings(inp.settings, redactor),
        draft_edits={k: redactor.text(v) for k, v in inp.draft_edits.items()},
    )


def _media(m: ItemMedia, red: Redactor, case_numbers: frozenset[str]) -> ItemMedia:
    """``m`` with its texts masked: an export's numbers, names and texts (a third party's message
    — from a number that is not the case's, or one the redactor masks — keeps its row, time and
    direction but not its words), a recording's tags, file-name facts and transcript, an email's
    headers, body and attachment names, a document's text, and every note."""
    facts = m.facts
    if isinstance(facts, ExportFacts):
        facts = replace(facts, notes=_texts(facts.notes, red), columns=_texts(facts.columns, red))
    elif isinstance(facts, AvFacts):
        nf = facts.from_name
        facts = replace(facts, tags={k: red.text(v) for k, v in facts.tags.items()}, notes=_texts(facts.notes, red),
                        from_name=replace(nf, number=red.text(nf.number), name=red.text(nf.name)) if nf else None)
    elif isinstance(facts, EmailFacts):
        facts = replace(facts, subject=red.text(facts.subject), sender=red.text(facts.sender), to=red.text(facts.to),
                        cc=red.text(facts.cc), message_id=red.text(facts.message_id), body=red.text(facts.body),
                        received=_texts(facts.received, red), notes=_texts(facts.notes, red),
                        attachments=tuple(replace(a, filename=red.text(a.filename)) for a in facts.attachments))
    elif isinstance(facts, DocFacts):
        facts = replace(facts, text_pages=_texts(facts.text_pages, red), title=red.text(facts.title),
                        producer=red.text(facts.producer), notes=_texts(facts.notes, red))
    t = m.transcript
    if t is not None:
        t = replace(t, segments=tuple(replace(g, text=red.text(g.text), speaker=red.text(g.speaker)) for g in t.segments))
    return replace(m, facts=facts, note=red.text(m.note), transcript=t,
                   records=tuple(_record(r, red, case_numbers) for r in m.records))


def _record(r: Record, red: Redactor, case_numbers: frozenset[str]) -> Record:
    number = red.text(r.number)
    third_party = number != r.number or bool(case_numbers) and number_key(r.number) not in case_numbers
    extra = {k: _details(cast(JsonValue, v), red, k) for k, v in r.extra.items()}
    if third_party:
        # the person's exchanges with others are not the case: their words stay in the original
        return replace(r, number=number, name="■" if r.name else "", text="", extra={**extra, "withheld": True})
    return replace(r, number=number, name=red.text(r.name), text=red.text(r.text), extra=extra)


def _texts(values: Sequence[str], red: Redactor) -> tuple[str, ...]:
    return tuple(red.text(v) for v in values)
def _settings(st: CaseSettings, red: Redactor) -> CaseSettings:
    # the person's own details are not shown in a redacted bundle's drafts: blanks are left
    return replace(st, claimant_address="", claimant_id_number="", claimant_id_type="",
                   negotiation=red.text(st.negotiation), questions=tuple(red.text(q) for q in st.questions))


def _meta(meta: CaseMeta, red: Redactor) -> CaseMeta:
    return replace(
        meta,
        title=red.text(meta.title),
        claimant_name=red.text(meta.claimant_name),
        claimant_phone=red.text(meta.claimant_phone),
        claimant_other_names=tuple(red.text(n) for n in meta.claimant_other_names),
        respondents=tuple(replace(r, name=red.text(r.name), numbers=tuple(red.text(n) for n in r.numbers))
                          for r in meta.respondents),
    )


def _item(it: Item, red: Redactor) -> Item:
    return replace(
        it,
        title=red.text(it.title),
        original_name=red.text(it.original_name),
        original_path=red.text(it.original_path),
        host=red.text(it.host),
        user=red.text(it.user),
        extraction_note=red.text(it.extraction_note),
        proves=red.text(it.proves),
        source=red.text(it.source),
        received_by=red.text(it.received_by),  # names a third party (and maybe their number)
        tags=tuple(red.text(t) for t in it.tags),
        group_name=red.text(it.group_name),
        withdrawn_reason=red.text(it.withdrawn_reason),
    )


def _entry(e: LogEntry, red: Redactor) -> LogEntry:
    """``e`` with the numbers in its details masked (its hash and signature as they were: the
    custody file marks such an entry ``"redacted": true``)."""
    details = {k: _details(v, red, k) for k, v in e.details.items()}
    return e if details == e.details else replace(e, details=details)


def _details(value: JsonValue, red: Redactor, key: str) -> JsonValue:
    if key in _NOT_REDACTED:
        return value
    if isinstance(value, str):
        return red.text(value)
    if isinstance(value, dict):
        return {k: _details(v, red, k) for k, v in value.items()}
    if isinstance(value, list):
        return [_details(v, red, key) for v in value]
    return value


def redact_shown(
    shown: Shown,
    exhibits: Sequence[ExhibitInput],
    redactor: Redactor,
    folder: Path,
    *,
    engine: OcrEngine | None,
    cancel: CancelToken | None = None,
    progress: Progress = no_progress,
) -> tuple[Shown, list[str]]:
    """What a redacted bundle shows: masked copies of the screenshots and masked text excerpts.

    Args:
        shown: what the bundle would show unredacted (see :func:`.shown.shown_as_is`).
        exhibits: the exhibits as gathered, their readings not masked (they say where the
            numbers are).
        redactor: what to mask.
        folder: where the masked copies are written (``redacted-<item id>.png``).
        engine: the OCR engine that finds the words of a number (see
            :func:`.redact.word_engine`), or None to repaint whole bubbles.
        cancel: checked between screenshots.
        progress: told of each screenshot ("redact").

    Returns:
        What to show, and a warning for each screenshot withheld.

    Raises:
        Cancelled: ``cancel`` was set.
    """
    images: dict[int, Path] = {}
    masked: set[int] = set()
    warnings: list[str] = []
    shots = [ex for ex in exhibits if ex.item.id in shown.images]
    for ex, result in [] if not shots else _redact_images(shots, redactor, folder, engine, cancel or CancelToken(), progress):
        if result.outcome is Outcome.MASKED:
            images[ex.item.id] = _copy_of(folder, ex)
            masked.add(ex.item.id)
        elif result.outcome is Outcome.NOTHING_TO_MASK:
            images[ex.item.id] = shown.images[ex.item.id]  # its reading holds nothing to mask
        else:
            warnings.append(note(WITHHELD_BECAUSE[result.outcome], n=ex.number))
    excerpts = {i: replace(e, text=redactor.text(e.text)) if e.text else e for i, e in shown.excerpts.items()}
    return Shown(images=images, excerpts=excerpts, masked=frozenset(masked)), warnings


def _copy_of(folder: Path, ex: ExhibitInput) -> Path:
    return folder / f"redacted-{ex.item.id}.png"


def _redact_images(
    exhibits: Sequence[ExhibitInput], redactor: Redactor, folder: Path, engine: OcrEngine | None,
    cancel: CancelToken, progress: Progress,
) -> list[tuple[ExhibitInput, ImageRedaction]]:
    """Redact the screenshots two at a time (tesseract runs as its own process, so two cores
    work); returns each exhibit with its outcome, in order."""

    def one(ex: ExhibitInput) -> ImageRedaction:
        if cancel.cancelled:
            return ImageRedaction(Outcome.UNREADABLE)  # not looked at: the export stops below
        try:
            return redact_image(ex.original, ex.ocr, redactor, _copy_of(folder, ex), engine=engine)
        except OSError as e:
            log.warning("cannot redact exhibit %s: %s", ex.number, e)
            return ImageRedaction(Outcome.UNREADABLE)

    out = []
    with ThreadPoolExecutor(max_workers=min(2, os.cpu_count() or 1)) as pool:
        for i, (ex, result) in enumerate(zip(exhibits, pool.map(one, exhibits), strict=True), 1):
            out.append((ex, result))
            progress(Step(i, len(exhibits), "redact"))
    cancel.raise_if_cancelled()
    return out

