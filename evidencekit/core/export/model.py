"""The bundle's input as a plain value, gathered from a case by one function.

Everything the builder needs is here; nothing holds decoded images, only paths, so a case of
thousands of screenshots costs a few kilobytes per item until the page that shows it is drawn.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

from evidencekit.core.analysis.case_settings import CaseSettings, in_effect, read_settings
from evidencekit.core.analysis.findings import RuleSet, ruleset_for_case
from evidencekit.core.integrity.identity import SigningIdentity
from evidencekit.core.media.model import ItemMedia
from evidencekit.core.models import CaseMeta, Item, LogEntry, OcrResult
from evidencekit.core.vault import actions

# the settings key of the person's edits of drafts (see evidencekit.core.documents.saved)
DRAFT_EDITS_KEY = "draft_edits"

if TYPE_CHECKING:  # the vault is only needed by gather()
    from evidencekit.core.vault.case import Case


@dataclass(frozen=True)
class ExhibitInput:
    """One exhibit: its number (``"1"`` or ``"1-2"``), the item, where its original bytes are,
    its OCR reading (None when not read yet) and its custody entries."""

    number: str
    item: Item
    original: Path
    ocr: OcrResult | None = None
    custody: tuple[LogEntry, ...] = ()
    batch: str = ""  # the import batch (from the item's "item_imported" custody entry)
    corrected: frozenset[int] = frozenset()  # indexes of messages whose text the user corrected
    media: ItemMedia | None = None  # what was read out of a recording, export, email or document


@dataclass(frozen=True)
class BundleInput:
    """Everything an export needs, independent of the vault."""

    meta: CaseMeta
    exhibits: tuple[ExhibitInput, ...]
    log: tuple[LogEntry, ...]
    identity: SigningIdentity
    log_path: Path | None = None  # the raw JSON Lines file, copied byte for byte into the ZIP
    # RFC 3161 replies obtained by earlier exports, as (tsa url, TimeStampResp DER): reused when
    # they still cover a batch, so a bundle carries the earliest proof that the batch existed
    prior_tokens: tuple[tuple[str, bytes], ...] = ()
    # the person's facts of the case (stop request, jurisdiction, own details) and the rule set
    # the findings check (None: the one of the jurisdiction)
    settings: CaseSettings = field(default_factory=CaseSettings)
    ruleset: RuleSet | None = None
    # the person's own edits of drafts, "channel:language" -> text (a bundle section uses them),
    # and whom each is about ("" when not recorded)
    draft_edits: Mapping[str, str] = field(default_factory=dict)
    draft_edits_about: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class ExportOptions:
    """How to export.

    Args:
        language: zh-Hans, zh-Hant or en (None: the case's language).
        purpose: one of models.PURPOSES (None: the case's purpose).
        make_zip: also write the ZIP bundle next to the PDF (or to ``zip_path``).
        redact: mask ID numbers, bank cards and third parties' phone numbers; the originals are
            then left out of the PDF and the ZIP.
        redact_word_boxes: black out just the words of a number (needs the OCR engine); else the
            bubbles holding one are repainted.
        attach: embed the originals in the PDF (skipped past ``attach_limit`` bytes in total).
        tsa_urls: RFC 3161 timestamp authorities; empty means no network traffic at all.
        tsa_timeout: seconds per TSA request.
        now: the export time (tests pass a fixed one).
        findings: add the section of possible breaches (for a professional to assess).
        drafts: channels (ids or aliases) whose complaint or brief to add as a section, in the
            bundle's language (the person's saved edit when there is one).
        mask_names: in a redacted bundle, mask the names of third parties (people a mis-sent
            notice is addressed to) as well as their numbers.
        draft_respondent: whom the added complaints are about (a name, part of one or a number,
            as ``evidencekit draft --respondent``); "" for the sender the draft would choose.

    This is the one set of export options: the command line and the app both fill it.
    """

    language: str | None = None
    purpose: str | None = None
    make_zip: bool = False
    zip_path: Path | None = None
    redact: bool = False
    redact_word_boxes: bool = True
    attach: bool = True
    attach_limit: int = 200 * 1024 * 1024
    tsa_urls: tuple[str, ...] = ()
    tsa_timeout: float = 10.0
    now: dt.datetime | None = None
    findings: bool = True
    drafts: tuple[str, ...] = ()
    mask_names: bool = False
    draft_respondent: str = ""


@dataclass(frozen=True)
class BatchToken:
    """An RFC 3161 token over an import batch's document, obtained by an export (the custody
    log keeps it as a "timestamp_added" entry, so later exports reuse it)."""

    batch: str
    tsa: str
    gen_time: str
    imprint_sha256: str  # SHA-256 of the batch document the token covers
    token_b64: str  # the TimeStampResp DER, base64


@dataclass(frozen=True)
class ExportResult:
    """What an export wrote.

    Attributes:
        pdf_path: the signed PDF.
        zip_path: the ZIP bundle, when one was asked for.
        fingerprint: the bundle fingerprint (SHA-256 Merkle root of the originals).
        pages: the PDF's pages.
        attached: originals embedded in the PDF.
        timestamped: the PDF carries a document timestamp.
        timestamp_notes: what each TSA answered, for the person exporting.
        warnings: what the bundle leaves out and why (originals over the size limit, withheld
            screenshots).
        batch_tokens: the batch tokens obtained now.
    """

    pdf_path: Path
    zip_path: Path | None
    fingerprint: str
    pages: int
    attached: int
    timestamped: bool
    timestamp_notes: tuple[str, ...] = ()
    warnings: tuple[str, ...] = ()
    batch_tokens: tuple[BatchToken, ...] = ()


def gather(case: Case, passphrase: str | None = None) -> BundleInput:
    """Collect a :class:`BundleInput` from an open case.

    Args:
        case: an open case.
        passphrase: unlocks the signing key when it is protected.

    Raises:
        SigningError: the key cannot be unlocked.
    """
    identity = case.identity(passphrase)  # may log the creation of a missing key: read the log after
    entries = tuple(case.log_entries())
    by_item: dict[int, list[LogEntry]] = {}
    batches: dict[int, str] = {}
    prior: list[tuple[str, bytes]] = []
    for e in entries:
        d = actions.decode(e)
        if e.item_id is not None:
            by_item.setdefault(e.item_id, []).append(e)
            if isinstance(d, actions.ItemImported):
                batches[e.item_id] = d.batch
        # a damaged token is just not reused (the custody check reports a damaged log)
        if isinstance(d, actions.TimestampAdded) and d.token is not None:
            prior.append((d.tsa, d.token))
    # The user's corrections replace the OCR text; the page marks them as corrected and the
    # custody log (their text_corrected entries) holds what was changed and when.
    # pictures of recordings and videos (waveform, keyframes) are derived copies, made once
    exhibits = tuple(
        ExhibitInput(
            number=ex.number,
            item=ex.item,
            original=case.original_path(ex.item),
            ocr=ex.ocr,
            custody=tuple(by_item.get(ex.item.id, ())),
            batch=batches.get(ex.item.id, ""),
            corrected=ex.corrected,
            media=ex.media,
        )
        for ex in case.exhibits_with_text()
    )
    settings = in_effect(read_settings(case), case.meta.claimant_phone)
    edits = case.setting(DRAFT_EDITS_KEY)
    return BundleInput(
        meta=case.meta,
        exhibits=exhibits,
        log=entries,
        identity=identity,
        log_path=case.log_path,
        prior_tokens=tuple(prior),
        settings=settings,
        ruleset=ruleset_for_case(case.path, settings.ruleset or None, settings.jurisdiction),
        draft_edits={str(k): str(v["text"]) for k, v in (edits.items() if isinstance(edits, dict) else ())
                     if isinstance(v, dict) and isinstance(v.get("text"), str)},
        draft_edits_about={str(k): str(v.get("respondent", "")) for k, v in (edits.items() if isinstance(edits, dict)
                                                                            else ()) if isinstance(v, dict)},
    )
