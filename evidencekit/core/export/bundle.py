"""Export: the signed PDF bundle and the ZIP bundle, from a :class:`BundleInput`.

:func:`export_bundle` runs the stages below in order on one :class:`.context.ExportContext`:

1. check that the originals still match their digests;
2. decide what the bundle shows: when redacting, the input masked once and masked copies of the
   screenshots (derived copies only; :mod:`.redaction`);
3. timestamp the import batches (:mod:`.timestamps`);
4. choose the originals to embed and write the custody log to ship;
5. lay out the PDF (:mod:`.pdf`);
6. embed the originals, manifest, certificate, custody log and tokens, and sign;
7. add a document timestamp;
8. write the ZIP around the signed PDF, with a signed manifest (:mod:`.zipbundle`).
"""

from __future__ import annotations

import base64
import contextlib
import datetime as dt
import hashlib
import logging
import os
import re
import tempfile
from collections.abc import Callable
from dataclasses import asdict, replace
from pathlib import Path
from typing import TYPE_CHECKING

from cryptography.hazmat.primitives import serialization

from evidencekit.core.export import redact
from evidencekit.core.export.context import ExportContext, item_record
from evidencekit.core.export.guide import GuideFacts
from evidencekit.core.export.format import CERT, CUSTODY, MANIFEST, original_key, pdf_signature_reason
from evidencekit.core.export.merkle import merkle_root
from evidencekit.core.export.model import BundleInput, ExhibitInput, ExportOptions, ExportResult, gather
from evidencekit.core.export.media_pages import media_pictures
from evidencekit.core.export.naming import zip_path_for
from evidencekit.core.export.redaction import redact_bundle, redact_shown, redactor_for
from evidencekit.core.export.shown import shown_as_is
from evidencekit.core.export.strings import strings
from evidencekit.core.export.timestamps import (
    batch_files,
    batch_notes,
    new_tokens,
    stamp_batches,
    timestamp_lines,
)
from evidencekit.core.export.zipbundle import write_zip
from evidencekit.core.integrity.hashing import digest_file
from evidencekit.core.media.notes import note
from evidencekit.core.models import PURPOSES
from evidencekit.core.progress import CancelToken, Progress, Step, no_progress
from evidencekit.core.vault.custody import canonical
from evidencekit.core.vault import actions
from evidencekit.errors import ExportError, TimestampError

if TYPE_CHECKING:
    from evidencekit.core.analysis.casework import CaseAnalysis
    from evidencekit.core.documents.model import Draft
    from evidencekit.core.vault.case import Case

# a fingerprint written in a saved draft: made the bundle's own when the draft is laid out in it
_FINGERPRINT = re.compile(r"(?<![0-9a-f])[0-9a-f]{64}(?![0-9a-f])")

log = logging.getLogger(__name__)


def bundle_fingerprint(exhibits: tuple[ExhibitInput, ...]) -> str:
    """The bundle fingerprint: the SHA-256 Merkle root over the originals in exhibit order."""
    return merkle_root([ex.item.sha256 for ex in exhibits], "sha256")


def export_bundle(
    inp: BundleInput,
    out: Path,
    opts: ExportOptions | None = None,
    *,
    progress: Progress = no_progress,
    cancel: CancelToken | None = None,
) -> ExportResult:
    """Write the signed PDF bundle to ``out`` (and the ZIP bundle when ``opts.make_zip``).

    Every file is built in a work folder beside ``out`` and renamed into place only when all are
    complete: an interrupted export leaves nothing under a bundle's name. (A case's export,
    :func:`export_case`, also records the bundle as it puts it in place.)

    Args:
        inp: what to export (see :func:`gather`).
        out: the PDF to write; its folder must exist.
        opts: language, purpose, redaction, attachments, TSAs, ZIP.
        progress: told of each stage's steps ("check", "redact", "layout", "pdf").
        cancel: checked between steps.

    Returns:
        What was written, the fingerprint, and whether it is timestamped.

    Raises:
        ExportError: an original no longer matches its digest, a bad option, a write failure.
        UsageError: a draft for a channel that does not exist.
        SigningError: the signature could not be made.
        Cancelled: ``cancel`` was set.
    """
    out = Path(out)
    _check_destination(out, opts)
    try:
        workdir = tempfile.TemporaryDirectory(prefix="ek-export-", dir=out.parent)
    except OSError as e:
        raise ExportError(f"cannot write in {out.parent}: {e.strerror or e}") from e
    with workdir as work:
        result, moves = build_bundle(inp, out, opts, Path(work), progress=progress, cancel=cancel)
        try:
            for src, dst in moves:
                os.replace(src, dst)
        except OSError as e:
            raise ExportError(f"cannot write {out}: {e.strerror or e}") from e
    return result


def _check_destination(out: Path, opts: ExportOptions | None) -> None:
    """Refuse before anything is written: a folder that is not there, a draft for a channel that
    does not exist (``UsageError``), a folder that cannot be written."""
    if not out.parent.is_dir():
        raise ExportError(f"folder {out.parent} does not exist")
    if opts is not None and opts.drafts:
        from evidencekit.core.documents.render import resolve_channel

        for name in opts.drafts:
            resolve_channel(name)  # an unknown channel stops the export before anything is written
    if not os.access(out.parent, os.W_OK | os.X_OK):
        raise ExportError(f"cannot write in {out.parent}: permission denied; choose another place with --out")


def build_bundle(
    inp: BundleInput,
    out: Path,
    opts: ExportOptions | None,
    work: Path,
    *,
    progress: Progress = no_progress,
    cancel: CancelToken | None = None,
) -> tuple[ExportResult, list[tuple[Path, Path]]]:
    """Run the stages in ``work``; the files are built there under their final names.

    Returns:
        The result (naming the final paths) and the moves that put the files in place, PDF first.
    """
    opts = opts or ExportOptions()
    # a Taiwan or Hong Kong case reads its region's own words (申訴人, 證據清單; 投訴人)
    s = strings(opts.language or inp.meta.language or "zh-Hans", inp.ruleset.jurisdiction if inp.ruleset else "")
    purpose = opts.purpose or inp.meta.purpose or "consumer_association"
    if purpose not in PURPOSES:
        raise ExportError(f"unknown purpose {purpose!r}; use one of {', '.join(PURPOSES)}")
    staged = work / "final"
    staged.mkdir()
    final_zip = (opts.zip_path or zip_path_for(out)) if opts.make_zip else None
    built_opts = replace(opts, zip_path=staged / final_zip.name) if final_zip is not None else opts
    ctx = ExportContext(inp=inp, out=staged / out.name, opts=built_opts, s=s, purpose=purpose,
                        now=opts.now or dt.datetime.now().astimezone(), fingerprint=bundle_fingerprint(inp.exhibits),
                        work=work, progress=progress, cancel=cancel or CancelToken())
    for stage in STAGES:
        stage(ctx)
    moves = [(ctx.out, out)]
    if ctx.zip_path is not None and final_zip is not None:
        moves.append((ctx.zip_path, final_zip))
    result = ExportResult(
        pdf_path=out,
        zip_path=final_zip if ctx.zip_path is not None else None,
        fingerprint=ctx.fingerprint,
        pages=ctx.pages,
        attached=len(ctx.attached),
        timestamped=ctx.timestamped,
        timestamp_notes=tuple(ctx.notes),
        warnings=tuple(ctx.warnings),
        batch_tokens=new_tokens(ctx.batches),
    )
    return result, moves


# ------------------------------------------------------------------ the stages


def check_originals(ctx: ExportContext) -> None:
    """1. The originals must still be what the vault says they are.

    Raises:
        ExportError: one is missing or changed.
    """
    total = len(ctx.inp.exhibits)
    for i, ex in enumerate(ctx.inp.exhibits, 1):
        ctx.cancel.raise_if_cancelled()
        _check_original(ex)
        ctx.progress(Step(i, total, "check"))


def _check_original(ex: ExhibitInput) -> None:
    try:
        st = ex.original.stat()
    except OSError as e:
        raise ExportError(f"the original of exhibit {ex.number} is missing: {e}") from e
    if st.st_size != ex.item.size:
        raise ExportError(f"the original of exhibit {ex.number} changed size since import; run evidencekit verify")
    h = hashlib.sha256()
    with open(ex.original, "rb") as f:
        while chunk := f.read(1 << 20):
            h.update(chunk)
    if h.hexdigest() != ex.item.sha256:
        raise ExportError(f"the original of exhibit {ex.number} no longer matches its SHA-256; run evidencekit verify")


def decide_what_is_shown(ctx: ExportContext) -> None:
    """2. What the bundle shows: the input and the originals as they are, or, when redacting,
    the input masked once and masked copies of the screenshots (some perhaps withheld)."""
    ctx.shown = shown_as_is(ctx.inp.exhibits)
    if not ctx.redacted:
        return
    redactor = redactor_for(ctx.inp, mask_names=ctx.opts.mask_names)
    ctx.bundle = redact_bundle(ctx.inp, redactor)
    engine = redact.word_engine() if ctx.opts.redact_word_boxes else None
    # the readings as gathered say where the numbers are: the masked ones no longer can
    ctx.shown, withheld = redact_shown(ctx.shown, ctx.inp.exhibits, redactor, ctx.work, engine=engine,
                                       cancel=ctx.cancel, progress=ctx.progress)
    ctx.warnings += withheld


def stamp_import_batches(ctx: ExportContext) -> None:
    """3. Timestamp tokens over the import batches (reused, or asked of the TSAs)."""
    ctx.batches = stamp_batches(ctx.inp, ctx.opts.tsa_urls, ctx.opts.tsa_timeout)
    ctx.batch_files = batch_files(ctx.batches, ctx.work)


def choose_attachments(ctx: ExportContext) -> None:
    """4. Every original's name in the bundle, those embedded in the PDF (none when redacting;
    up to ``attach_limit`` bytes in all), and the custody log to ship."""
    exhibits = ctx.inp.exhibits
    ctx.keys = {ex.item.id: original_key(i, ex.number, ex.item.sha256, ex.item.original_name, ex.item.mime)
                for i, ex in enumerate(exhibits, 1)}
    if ctx.opts.attach and not ctx.redacted:
        budget = ctx.opts.attach_limit
        for ex in exhibits:
            if ex.item.size <= budget:
                ctx.attached[ex.item.id] = ctx.keys[ex.item.id]
                budget -= ex.item.size
        if len(ctx.attached) < len(exhibits):
            ctx.warnings.append(note("left_out.over_limit", n=len(exhibits) - len(ctx.attached)))
    ctx.custody_file = _custody_file(ctx)


def _custody_file(ctx: ExportContext) -> Path:
    """The custody log to ship: the vault's file as it is, or, in a redacted bundle, a copy whose
    entries have the numbers masked in their details (file names, annotations, corrected text).

    A masked entry keeps its hash, link and signature and is marked ``"redacted": true``: the
    chain and every signature can still be checked, the masked contents cannot (they would not
    hash to the entry's hash); verify says how many entries that is.
    """
    log_path = ctx.bundle.log_path  # None in a redacted bundle: the vault's file is not masked
    if log_path is not None and log_path.exists():
        return log_path
    p = ctx.work / CUSTODY
    with open(p, "wb") as f:
        for e, shown in zip(ctx.inp.log, ctx.bundle.log, strict=True):
            d = asdict(e)
            if shown.details != e.details:
                d["details"] = shown.details
                d["redacted"] = True
            f.write(canonical(d) + b"\n")
    return p


def _drafts(ctx: ExportContext, analysis: CaseAnalysis) -> tuple[Draft, ...]:
    """The drafts asked for, in the bundle's language, pointing at this bundle: the person's
    saved edit of one when there is one (the fingerprint in it made this bundle's)."""
    from evidencekit.core.documents.fromcase import BundleRef, chosen_respondent, draft_input, saved_as_draft
    from evidencekit.core.documents.render import render, resolve_channel

    out = []
    ref = BundleRef(ctx.fingerprint, ctx.out.name, ctx.now.isoformat(timespec="seconds"), True)
    for name in dict.fromkeys(ctx.opts.drafts):
        cid = resolve_channel(name)
        edited = ctx.bundle.draft_edits.get(f"{cid}:{ctx.lang}")
        asked = ctx.opts.draft_respondent or None
        chosen = chosen_respondent(analysis, cid, asked)
        about = chosen.key if chosen is not None else ""
        # an edit of the complaint about another respondent than the one chosen now is not this one
        if edited is not None and ctx.bundle.draft_edits_about.get(f"{cid}:{ctx.lang}", "") in ("", about):
            out.append(saved_as_draft(cid, ctx.lang, _FINGERPRINT.sub(ctx.fingerprint, edited), respondent=about,
                                      region=ctx.s.region))
            continue
        data = draft_input(analysis, ctx.bundle.exhibits, cid, ctx.lang, bundle=ref, date=ctx.now.date().isoformat(),
                           respondent=asked)
        # a section of the bundle is a document, not a web form's box: not cut to the channel's limit
        out.append(render(cid, data, ctx.lang, fit=False))
    return tuple(out)


def lay_out(ctx: ExportContext) -> None:
    """5. The unsigned PDF."""
    from evidencekit.core.export.page_images import page_images
    from evidencekit.core.export.pdf.document import build_pdf
    from evidencekit.core.export.pdf.input import LayoutInput
    from evidencekit.core.export.summary import analysis_of

    analysis = analysis_of(ctx.bundle)  # the bundle as shown: masked when redacting

    lines = timestamp_lines(ctx.s, ctx.batches, ctx.opts.tsa_urls)
    ctx.guide = guide_facts(ctx, lines)
    # large images drawn from reduced copies: memory bounded per image (originals untouched);
    # an image that cannot be decoded gets a note on its page instead of stopping the export
    shown = page_images(ctx.shown.images, ctx.work, cancel=ctx.cancel)
    ctx.warnings += [note("left_out.undecodable", n=ex.number, reason=shown.undecodable[ex.item.id])
                     for ex in ctx.bundle.exhibits if ex.item.id in shown.undecodable]
    li = LayoutInput(
        bundle=ctx.bundle,
        s=ctx.s,
        purpose=ctx.purpose,
        now=ctx.now,
        fingerprint=ctx.fingerprint,
        images=shown.paths,
        undecodable=frozenset(shown.undecodable),
        excerpts=ctx.shown.excerpts,
        attachments=ctx.attached,
        guide=ctx.guide,
        timestamp_lines=lines,
        redacted=ctx.redacted,
        masked_images=ctx.shown.masked,
        pictures=media_pictures(ctx.bundle.exhibits, ctx.work, redacted=ctx.redacted, cancel=ctx.cancel),
        analysis=analysis,
        findings=ctx.opts.findings,
        drafts=_drafts(ctx, analysis) if ctx.opts.drafts else (),
    )
    ctx.pages = build_pdf(li, _unsigned(ctx), progress=ctx.progress, cancel=ctx.cancel).pages
    ctx.cancel.raise_if_cancelled()  # the last chance: once signed, the bundle is finished


def guide_facts(ctx: ExportContext, lines: tuple[str, ...]) -> GuideFacts:
    """What the verification guide (the PDF's page, VERIFY.txt) says of this bundle."""
    records = ctx.batch_files.records
    return GuideFacts(
        pdf_name=ctx.out.name,
        zip_name=(ctx.opts.zip_path or zip_path_for(ctx.out)).name if ctx.opts.make_zip else None,
        signer=ctx.bundle.identity.common_name,
        cert_fingerprint=ctx.bundle.identity.fingerprint,
        bundle_fingerprint=ctx.fingerprint,
        exhibits=len(ctx.bundle.exhibits),
        # as a PDF reader saves them: the name of the attachment's file, not its key
        attached=tuple(ctx.attached[ex.item.id].rsplit("/", 1)[-1] for ex in ctx.bundle.exhibits
                       if ex.item.id in ctx.attached),
        redacted=ctx.redacted,
        timestamp_files=tuple((r.data, r.token) for r in records),
        timestamp_lines=lines,
        doc_timestamp=bool(ctx.opts.tsa_urls),
    )


def _unsigned(ctx: ExportContext) -> Path:
    return ctx.work / "unsigned.pdf"


def sign(ctx: ExportContext) -> None:
    """6. Embed the originals chosen, the manifest, the certificate, the custody log and the batch
    tokens (so that the PDF alone is complete) in one incremental update, and sign it into ``out``."""
    from evidencekit.core.integrity import pdf as pdfsign

    assert ctx.custody_file is not None, "choose_attachments runs before sign"
    bundle, s = ctx.bundle, ctx.s
    manifest = ctx.work / MANIFEST
    manifest.write_bytes(ctx.manifest([item_record(ex, None if ctx.redacted else ctx.keys[ex.item.id],
                                                   ctx.attached.get(ex.item.id)) for ex in bundle.exhibits]).to_json())
    cert = ctx.work / CERT
    cert.write_bytes(bundle.identity.certificate.public_bytes(serialization.Encoding.PEM))
    files = [
        # Shown (and saved by pdfdetach) under the bundle name, unique even when two originals
        # share a file name; the original name is in the description and the manifest.
        pdfsign.Attachment(key, ex.original, key.rsplit("/", 1)[-1], ex.item.mime,
                           f"{s('exhibit', n=ex.number)}: {ex.item.original_name}")
        for ex in bundle.exhibits
        if (key := ctx.attached.get(ex.item.id)) is not None
    ]
    files += [
        pdfsign.Attachment(MANIFEST, manifest, MANIFEST, "application/json"),
        pdfsign.Attachment(CERT, cert, CERT, "application/x-pem-file"),
        pdfsign.Attachment(CUSTODY, ctx.custody_file, CUSTODY, "application/jsonl"),
    ]
    files += [pdfsign.Attachment(name, p, name.rsplit("/", 1)[-1],
                                 "application/json" if name.endswith(".json") else "application/timestamp-reply")
              for name, p in ctx.batch_files.files]
    pdfsign.sign_pdf(_unsigned(ctx), ctx.out, bundle.identity, attachments=files,
                     reason=pdf_signature_reason(ctx.fingerprint), location="", name=bundle.meta.claimant_name)


def stamp_document(ctx: ExportContext) -> None:
    """7. A document timestamp from the first TSA that answers (none configured: none asked)."""
    from evidencekit.core.integrity import pdf as pdfsign

    urls = ctx.opts.tsa_urls
    if urls:
        # only the TSAs configured now, first those that just answered (a token reused from an
        # earlier export names a TSA the user may no longer want contacted)
        good = [o.url for b in ctx.batches for o in b.outcomes if o.ok and not o.reused and o.url in urls]
        for url in dict.fromkeys(good + list(urls)):
            try:
                when = pdfsign.add_document_timestamp(ctx.out, url, timeout=ctx.opts.tsa_timeout)
            except TimestampError as e:
                ctx.notes.append(str(e))
                continue
            ctx.timestamped = True
            ctx.notes.append(f"document timestamp {when} from {url}")
            break
        ctx.notes += batch_notes(ctx.batches)
    if not ctx.timestamped:
        ctx.notes.insert(0, "not timestamped")


def write_zip_bundle(ctx: ExportContext) -> None:
    """8. The ZIP bundle around the signed PDF, when asked for."""
    if ctx.opts.make_zip:
        ctx.zip_path = ctx.opts.zip_path or zip_path_for(ctx.out)
        write_zip(ctx, ctx.zip_path)


#: The stages of an export, in order.
STAGES: tuple[Callable[[ExportContext], None], ...] = (
    check_originals,
    decide_what_is_shown,
    stamp_import_batches,
    choose_attachments,
    lay_out,
    sign,
    stamp_document,
    write_zip_bundle,
)


def export_case(
    case: Case,
    out: Path,
    opts: ExportOptions | None = None,
    *,
    passphrase: str | None = None,
    progress: Progress = no_progress,
    cancel: CancelToken | None = None,
) -> ExportResult:
    """Export an open case and record the export (and its timestamp tokens) in the custody log.

    The bundle is built in a work folder the case keeps a journal of, then put in place and
    recorded as one recoverable step (``Case.place_export``): a bundle under its final name always
    has its ``export_made`` entry, and an export killed half way leaves nothing the next writable
    open of the case does not finish or remove (and log).

    Raises:
        ExportError, SigningError, Cancelled: see :func:`export_bundle`.
    """
    opts = opts or ExportOptions()
    out = Path(out)
    _check_destination(out, opts)
    inp = gather(case, passphrase)
    with contextlib.ExitStack() as stack:
        try:
            job = stack.enter_context(case.export_workdir(out.parent))
        except OSError as e:
            raise ExportError(f"cannot write in {out.parent}: {e.strerror or e}") from e
        result, moves = build_bundle(inp, out, opts, job.work, progress=progress, cancel=cancel)
        for t in result.batch_tokens:
            case.record(actions.TimestampAdded(batch=t.batch, tsa=t.tsa, gen_time=t.gen_time,
                                               imprint_sha256=t.imprint_sha256, token=base64.b64decode(t.token_b64)))
        d, _ = digest_file(moves[0][0])
        zd = digest_file(moves[1][0])[0] if len(moves) > 1 else None
        made = actions.ExportMade(
            pdf=out.name, pdf_sha256=d.sha256, pdf_sm3=d.sm3, fingerprint=result.fingerprint,
            pages=result.pages, items=len(inp.exhibits), redacted=opts.redact, timestamped=result.timestamped,
            zip=result.zip_path.name if result.zip_path is not None else None,
            zip_sha256=zd.sha256 if zd is not None else None,
        )
        try:
            case.place_export(job, moves, made)
        except OSError as e:
            raise ExportError(f"cannot write {out}: {e.strerror or e}") from e
    return result
