"""Export: the signed PDF bundle and the ZIP bundle, from a :class:`BundleInput`.

Order of work: check the originals still match their digests, redact (derived copies only),
timestamp the import batches, lay out the PDF, embed the originals and sign, add a document
timestamp, then write the ZIP around the signed PDF with a signed manifest.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import json
import logging
import os
import tempfile
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from cryptography.hazmat.primitives import serialization

from evidencekit.core.export.merkle import merkle_root
from evidencekit.core.export.model import (
    BundleInput,
    ExhibitInput,
    ExportOptions,
    ExportResult,
    gather,
)
from evidencekit.core.export import redact
from evidencekit.core.export.redaction import redact_bundle, redact_shown, redactor_for
from evidencekit.core.export.shown import shown_as_is
from evidencekit.core.export.strings import Strings, strings
from evidencekit.core.export.format import (
    CERT,
    CUSTODY,
    FORMAT,
    MANIFEST,
    MANIFEST_SIG,
    MERKLE_SCHEME,
    PDF_NAME,
    README,
    ZIP_SIG_LEN,
    ZIP_SIG_MAGIC,
    original_key,
    pretty,
    zip_signed_message,
)
from evidencekit.core.integrity import tsa
from evidencekit.core.integrity.hashing import digest_file
from evidencekit.core.models import PURPOSES, Item
from evidencekit.core.progress import CancelToken, Progress, Step, no_progress
from evidencekit.core.vault.custody import canonical
from evidencekit.errors import ExportError, TimestampError

if TYPE_CHECKING:
    from evidencekit.core.vault.case import Case

log = logging.getLogger(__name__)

def bundle_fingerprint(exhibits: Sequence[ExhibitInput]) -> str:
    """The bundle fingerprint: the SHA-256 Merkle root over the originals in exhibit order."""
    return merkle_root([ex.item.sha256 for ex in exhibits], "sha256")


def _item_record(ex: ExhibitInput, key: str | None, attached: str | None) -> dict[str, Any]:
    it = ex.item
    return {
        "exhibit": ex.number,
        "id": it.id,
        "title": it.title,
        "original_name": it.original_name,
        "kind": it.kind,
        "mime": it.mime,
        "size": it.size,
        "sha256": it.sha256,
        "sm3": it.sm3,
        "file_mtime": it.file_mtime,
        "exif_time": it.exif_time,
        "imported_at": it.imported_at,
        "import_offset": it.import_offset,
        "host": it.host,
        "user": it.user,
        "extraction_note": it.extraction_note,
        "source": it.source,
        "proves": it.proves,
        "event_time": it.event_time,
        "group": it.group_name,
        "batch": ex.batch,
        "file": key,
        "pdf_attachment": attached,
    }


@dataclass(frozen=True)
class _Batch:
    batch: str
    doc: bytes  # canonical JSON the tokens are over
    outcomes: tuple[tsa.TsaOutcome, ...]
    count: int


def _batches(inp: BundleInput, urls: Sequence[str], timeout: float) -> list[_Batch]:
    """One document per import batch (its items' digests) and the tokens over it.

    Tokens from earlier exports that still cover the batch are reused; the configured TSAs are
    asked only for batches no earlier token covers (so a re-export does not cost a request, and
    the bundle shows the earliest time). With no TSA configured, nothing touches the network.
    """
    groups: dict[str, list[Item]] = {}
    for ex in inp.exhibits:
        groups.setdefault(ex.batch or "unbatched", []).append(ex.item)
    prior: dict[str, list[tsa.TsaOutcome]] = {}
    for url, der in inp.prior_tokens:
        imprint = tsa.token_imprint(der)
        if imprint is None:
            continue
        check = tsa.check_token(der, digest=bytes.fromhex(imprint))
        if check.ok:
            prior.setdefault(imprint, []).append(tsa.TsaOutcome(url, True, der, check.gen_time, reused=True))
    out = []
    for b, items in groups.items():
        doc = canonical(
            {
                "format": "evidencekit-batch/1",
                "batch": b,
                "items": [{"id": i.id, "sha256": i.sha256, "sm3": i.sm3} for i in items],
            }
        )
        old = [o for o in prior.get(hashlib.sha256(doc).hexdigest(), []) if o.gen_time]
        new = tsa.stamp(doc, urls, timeout=timeout) if urls and not old else []
        if old or new:
            out.append(_Batch(b, doc, tuple(old + new), len(items)))
    return out


def export_bundle(
    inp: BundleInput,
    out: Path,
    opts: ExportOptions | None = None,
    *,
    progress: Progress = no_progress,
    cancel: CancelToken | None = None,
) -> ExportResult:
    """Write the signed PDF bundle to ``out`` (and the ZIP bundle when ``opts.make_zip``).

    Args:
        inp: what to export (see :func:`gather`).
        out: the PDF to write; its folder must exist.
        opts: language, purpose, redaction, attachments, TSAs, ZIP.

    Returns:
        What was written, the fingerprint, and whether it is timestamped.

    Raises:
        ExportError: an original no longer matches its digest, a bad option, a write failure.
        SigningError: the signature could not be made.
        Cancelled: ``cancel`` was set.
    """
    from evidencekit.core.export.pdf.document import build_pdf
    from evidencekit.core.export.pdf.input import LayoutInput
    from evidencekit.core.integrity import pdfsign

    cancel = cancel or CancelToken()
    opts = opts or ExportOptions()
    meta = inp.meta
    lang = opts.language or meta.language or "zh-Hans"
    s = strings(lang)
    purpose = opts.purpose or meta.purpose or "consumer_association"
    if purpose not in PURPOSES:
        raise ExportError(f"unknown purpose {purpose!r}; use one of {', '.join(PURPOSES)}")
    now = opts.now or dt.datetime.now().astimezone()
    out = Path(out)
    if not out.parent.is_dir():
        raise ExportError(f"folder {out.parent} does not exist")
    warnings: list[str] = []
    fingerprint = bundle_fingerprint(inp.exhibits)
    total = len(inp.exhibits)

    if not os.access(out.parent, os.W_OK | os.X_OK):
        raise ExportError(f"cannot write in {out.parent}: permission denied; choose another place with --out")
    try:
        workdir = tempfile.TemporaryDirectory(prefix="ek-export-", dir=out.parent)
    except OSError as e:
        raise ExportError(f"cannot write in {out.parent}: {e.strerror or e}") from e
    with workdir as tmp_s:
        tmp = Path(tmp_s)
        # 1. the originals must still be what the vault says they are
        for i, ex in enumerate(inp.exhibits, 1):
            cancel.raise_if_cancelled()
            _check_original(ex)
            progress(Step(i, total, "check"))

        # 2. redaction: once, of the input, before anything is laid out or listed (derived copies only)
        shown = shown_as_is(inp.exhibits)
        bundle = inp
        if opts.redact:
            redactor = redactor_for(inp)
            bundle = redact_bundle(inp, redactor)
            engine = redact.word_engine() if opts.redact_word_boxes else None
            shown, withheld = redact_shown(shown, inp.exhibits, redactor, tmp, engine=engine, cancel=cancel,
                                           progress=progress)
            warnings += withheld
        # 3. batch timestamps
        batches = _batches(inp, opts.tsa_urls, opts.tsa_timeout)
        ts_lines = _timestamp_lines(s, batches, opts.tsa_urls)

        # 4. attachments
        keys = {ex.item.id: original_key(i, ex.number, ex.item.sha256, ex.item.original_name, ex.item.mime)
                for i, ex in enumerate(inp.exhibits, 1)}
        attach: dict[int, str] = {}
        if opts.attach and not opts.redact:
            budget = opts.attach_limit
            for ex in inp.exhibits:
                if ex.item.size <= budget:
                    attach[ex.item.id] = keys[ex.item.id]
                    budget -= ex.item.size
            if len(attach) < total:
                warnings.append(f"{total - len(attach)} originals over the attachment size limit: see the ZIP bundle")
        cert_pem = inp.identity.certificate.public_bytes(serialization.Encoding.PEM)
        # the batch tokens travel in the PDF too, so that the PDF alone is complete
        pdf_tokens, pdf_ts_meta = _token_files(batches, tmp)
        pdf_manifest = _manifest(bundle, fingerprint, lang, purpose, now, opts.redact,
                                 items=[_item_record(ex, None if opts.redact else keys[ex.item.id],
                                                     attach.get(ex.item.id)) for ex in bundle.exhibits],
                                 timestamps=pdf_ts_meta)
        (tmp / MANIFEST).write_bytes(pretty(pdf_manifest))
        (tmp / CERT).write_bytes(cert_pem)
        custody_file = _custody_file(inp, bundle, tmp)
        atts = [
            # Shown (and saved by pdfdetach) under the bundle name, unique even when two originals
            # share a file name; the original name is in the description and the manifest.
            pdfsign.Attachment(keys[ex.item.id], ex.original, keys[ex.item.id].split("/")[-1], ex.item.mime,
                               f"{s('exhibit', n=ex.number)}: {ex.item.original_name}")
            for ex in inp.exhibits
            if ex.item.id in attach
        ]
        atts += [
            pdfsign.Attachment(MANIFEST, tmp / MANIFEST, MANIFEST, "application/json"),
            pdfsign.Attachment(CERT, tmp / CERT, CERT, "application/x-pem-file"),
            pdfsign.Attachment(CUSTODY, custody_file, CUSTODY, "application/jsonl"),
        ]
        atts += [pdfsign.Attachment(name, p, name.split("/")[-1],
                                    "application/json" if name.endswith(".json") else "application/timestamp-reply")
                 for name, p in pdf_tokens]

        # 5. layout
        li = LayoutInput(
            bundle=bundle,
            s=s,
            purpose=purpose,
            now=now,
            fingerprint=fingerprint,
            images=shown.images,
            excerpts=shown.excerpts,
            attachments=attach,
            timestamp_lines=ts_lines,
            redacted=opts.redact,
            masked_images=shown.masked,
        )
        unsigned = tmp / "unsigned.pdf"
        lr = build_pdf(li, unsigned, progress=progress, cancel=cancel)
        cancel.raise_if_cancelled()

        # 6. sign (embedding the originals in the same incremental update)
        pdfsign.sign_pdf(
            unsigned,
            out,
            inp.identity,
            attachments=atts,
            reason=f"EvidenceKit bundle {fingerprint[:16]}",
            location="",
            name=meta.claimant_name,
        )
        # 7. document timestamp from the first TSA that answered (or, with none answering, each)
        timestamped = False
        notes_out: list[str] = []
        if opts.tsa_urls:
            # only the TSAs configured now, first those that just answered (a token reused from an
            # earlier export names a TSA the user may no longer want contacted)
            good = [o.url for b in batches for o in b.outcomes if o.ok and not o.reused and o.url in opts.tsa_urls]
            order = list(dict.fromkeys(good + list(opts.tsa_urls)))
            for url in order:
                try:
                    when = pdfsign.add_document_timestamp(out, url, timeout=opts.tsa_timeout)
                    timestamped = True
                    notes_out.append(f"document timestamp {when} from {url}")
                    break
                except TimestampError as e:
                    notes_out.append(str(e))
            for b in batches:
                for o in b.outcomes:
                    state = (o.gen_time + (" (from an earlier export)" if o.reused else "")) if o.ok else f"failed ({o.error})"
                    notes_out.append(f"batch {b.batch}: {o.url}: {state}")
        if not timestamped:
            notes_out.insert(0, "not timestamped")

        # 8. ZIP
        zip_path: Path | None = None
        if opts.make_zip:
            zip_path = opts.zip_path or out.with_suffix(".zip")
            _write_zip(zip_path, out, bundle, keys, opts.redact, shown.masked, batches, fingerprint, lang, purpose,
                       now, s, custody_file, cert_pem, tmp)
    token_records = tuple(
        {"batch": b.batch, "tsa": o.url, "gen_time": o.gen_time,
         "imprint_sha256": hashlib.sha256(b.doc).hexdigest(),
         "token_b64": base64.b64encode(o.response).decode("ascii")}
        for b in batches for o in b.outcomes if o.ok and not o.reused
    )
    return ExportResult(
        pdf_path=out,
        zip_path=zip_path,
        fingerprint=fingerprint,
        pages=lr.pages,
        attached=len(attach),
        timestamped=timestamped,
        timestamp_notes=tuple(notes_out),
        warnings=tuple(warnings),
        batch_tokens=token_records,
    )


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


def _custody_file(inp: BundleInput, bundle: BundleInput, tmp: Path) -> Path:
    """The custody log to ship: the vault's file as it is, or, in a redacted bundle, a copy whose
    entries have the numbers masked in their details (file names, annotations, corrected text).

    A masked entry keeps its hash, link and signature and is marked ``"redacted": true``: the
    chain and every signature can still be checked, the masked contents cannot (they would not
    hash to the entry's hash); verify says how many entries that is.
    """
    if bundle.log_path is not None and bundle.log_path.exists():
        return bundle.log_path
    from dataclasses import asdict

    p = tmp / CUSTODY
    with open(p, "wb") as f:
        for e, shown in zip(inp.log, bundle.log, strict=True):
            d = asdict(e)
            if shown.details != e.details:
                d["details"] = shown.details
                d["redacted"] = True
            f.write(canonical(d) + b"\n")
    return p


def _manifest(
    inp: BundleInput,
    fingerprint: str,
    lang: str,
    purpose: str,
    now: dt.datetime,
    redacted: bool,
    *,
    items: list[dict[str, Any]],
    files: list[dict[str, Any]] | None = None,
    timestamps: list[dict[str, Any]] | None = None,
) -> dict[str, Any]:
    meta = inp.meta
    m: dict[str, Any] = {
        "format": FORMAT,
        "created_at": now.isoformat(timespec="seconds"),
        "language": lang,
        "purpose": purpose,
        "redacted": redacted,
        "case": {
            "title": meta.title,
            "claimant_name": meta.claimant_name,
            "respondents": [{"name": r.name, "numbers": list(r.numbers)} for r in meta.respondents],
        },
        "certificate_sha256": inp.identity.fingerprint,
        "merkle_root_sha256": fingerprint,
        "merkle_root_sm3": merkle_root([ex.item.sm3 for ex in inp.exhibits], "sm3"),
        "merkle_scheme": MERKLE_SCHEME,
        "custody_head": inp.log[-1].hash if inp.log else None,
        "items": items,
    }
    if files is not None:
        m["files"] = files
    if timestamps is not None:
        m["timestamps"] = timestamps
    return m


def _token_files(batches: list[_Batch], tmp: Path) -> tuple[list[tuple[str, Path]], list[dict[str, Any]]]:
    """The batch documents and their tokens as files, and their manifest records."""
    entries: list[tuple[str, Path]] = []
    meta: list[dict[str, Any]] = []
    for bi, b in enumerate(batches, 1):
        data_name = f"timestamps/batch-{bi:03d}.json"
        p = tmp / f"batch-{bi:03d}.json"
        p.write_bytes(b.doc)
        if not any(o.ok for o in b.outcomes):
            continue
        entries.append((data_name, p))
        for ti, o in enumerate(b.outcomes, 1):
            if not o.ok:
                continue
            tname = f"timestamps/batch-{bi:03d}-tsa{ti}.tsr"
            tp = tmp / f"batch-{bi:03d}-tsa{ti}.tsr"
            tp.write_bytes(o.response)
            entries.append((tname, tp))
            meta.append({"batch": b.batch, "data": data_name, "token": tname, "tsa": o.url, "gen_time": o.gen_time})
    return entries, meta


def _timestamp_lines(s: Strings, batches: list[_Batch], urls: Sequence[str]) -> tuple[str, ...]:
    if not urls and not batches:
        return (s("ts_none"),)
    lines = []
    for b in batches:
        for o in b.outcomes:
            if o.ok:
                lines.append(s("ts_batch", batch=b.batch, count=b.count, tsa=o.url, time=o.gen_time))
    if not lines:
        errs = "; ".join(sorted({o.error for b in batches for o in b.outcomes if not o.ok}))[:200]
        return (s("ts_failed", reason=errs or "?"),)
    return (*lines, s("ts_doc")) if urls else tuple(lines)


def _write_zip(
    zip_path: Path,
    pdf: Path,
    inp: BundleInput,
    keys: dict[int, str],
    redacted: bool,
    masked: frozenset[int],
    batches: list[_Batch],
    fingerprint: str,
    lang: str,
    purpose: str,
    now: dt.datetime,
    s: Strings,
    custody_file: Path,
    cert_pem: bytes,
    tmp: Path,
) -> None:
    """Write the ZIP: every file streamed from disk, digests computed as listed."""
    entries: list[tuple[str, Path]] = [(PDF_NAME, pdf), (CUSTODY, custody_file)]
    items = []
    for ex in inp.exhibits:
        key = keys[ex.item.id]
        if not redacted:
            entries.append((key, ex.original))
            items.append(_item_record(ex, key, None))
        else:
            if ex.item.id in masked:
                rkey = key.replace("originals/", "redacted/").rsplit(".", 1)[0] + ".png"
                entries.append((rkey, tmp / f"redacted-{ex.item.id}.png"))
            items.append(_item_record(ex, None, None))
    token_entries, ts_meta = _token_files(batches, tmp)
    entries += token_entries
    readme = tmp / README
    readme.write_bytes(_readme(s, inp, fingerprint, [n for n, _ in entries] + [MANIFEST, MANIFEST_SIG, "SHA256SUMS"],
                               redacted).encode("utf-8"))
    entries.append((README, readme))
    files = []
    sha_lines, sm3_lines = [], []
    for name, path in entries:
        d, size = digest_file(path)
        files.append({"path": name, "size": size, "sha256": d.sha256, "sm3": d.sm3})
        sha_lines.append(f"{d.sha256}  {name}\n")
        sm3_lines.append(f"{d.sm3}  {name}\n")
    manifest = _manifest(inp, fingerprint, lang, purpose, now, redacted, items=items, files=files,
                         timestamps=ts_meta)
    mbytes = pretty(manifest)
    sig = inp.identity.sign(mbytes)
    part = zip_path.with_name(zip_path.name + ".part")
    try:
        with zipfile.ZipFile(part, "w", allowZip64=True) as z:
            for name, path in entries:
                ctype = zipfile.ZIP_DEFLATED if name.endswith((".json", ".jsonl", ".txt")) else zipfile.ZIP_STORED
                z.write(path, name, compress_type=ctype)
            z.writestr(MANIFEST, mbytes, compress_type=zipfile.ZIP_DEFLATED)
            z.writestr(MANIFEST_SIG, sig + "\n")
            z.writestr(CERT, cert_pem)
            z.writestr("SHA256SUMS", "".join(sha_lines))
            z.writestr("SM3SUMS", "".join(sm3_lines))
            z.comment = b" " * ZIP_SIG_LEN
        _sign_zip(part, inp)
        os.replace(part, zip_path)
    except OSError as e:
        part.unlink(missing_ok=True)
        raise ExportError(f"could not write {zip_path}: {e}") from e


def _sign_zip(path: Path, inp: BundleInput) -> None:
    """Write the archive signature into the ZIP comment: it covers every byte before it, so a
    change anywhere in the archive (headers, dates, padding, comment) is caught."""
    size = path.stat().st_size
    h = hashlib.sha256()
    with open(path, "r+b") as f:
        left = size - ZIP_SIG_LEN
        while left > 0:
            chunk = f.read(min(left, 1 << 20))
            h.update(chunk)
            left -= len(chunk)
        sig = inp.identity.sign(zip_signed_message(h.hexdigest())).encode("ascii")
        comment = ZIP_SIG_MAGIC + sig
        if len(comment) > ZIP_SIG_LEN:
            raise ExportError("archive signature too long for the ZIP comment")
        f.seek(size - ZIP_SIG_LEN)
        f.write(comment.ljust(ZIP_SIG_LEN, b" "))
        f.flush()
        os.fsync(f.fileno())


def _readme(s: Strings, inp: BundleInput, fingerprint: str, names: Sequence[str] = (), redacted: bool = False) -> str:
    """VERIFY.txt: what the ZIP holds (as written, so a redacted one does not promise originals)
    and how to check it with standard tools."""
    present: list[str] = []
    for name in names:
        top = name.split("/")[0] + "/" if "/" in name else name
        key = f"zip_file.{top}"
        if s(key) != key and key not in present:
            present.append(key)
    lines = [
        s("zip_readme_title"),
        "=" * 40,
        "",
        inp.meta.title,
        f"{s('fingerprint')}: {fingerprint}",
        f"{s('cert_fingerprint')}: {inp.identity.fingerprint}",
        "",
        s("zip_files") + ("；" if s.is_cjk else "; ").join(s(k) for k in present),
        "",
        s("verify_proves"),
        s("verify_not_proves"),
        s("verify_selfsigned"),
    ]
    if redacted:
        lines.append(s("redacted_note"))
    lines += ["", s("steps_heading")]
    lines += [f"{i}. {s(f'step{i}')}" for i in range(1, 8)]
    lines += [f"8. {s('zip_sig_step')}", ""]
    if redacted:
        lines += [s("steps_redacted"), ""]
    return "\n".join(lines)


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

    Raises:
        ExportError, SigningError, Cancelled: see :func:`export_bundle`.
    """
    opts = opts or ExportOptions()
    inp = gather(case, passphrase)
    result = export_bundle(inp, out, opts, progress=progress, cancel=cancel)
    for t in result.batch_tokens:
        case.record("timestamp_added", details=dict(t))
    d, size = digest_file(result.pdf_path)
    details: dict[str, Any] = {
        "pdf": result.pdf_path.name,
        "pdf_sha256": d.sha256,
        "pdf_sm3": d.sm3,
        "fingerprint": result.fingerprint,
        "pages": result.pages,
        "items": len(inp.exhibits),
        "redacted": opts.redact,
        "timestamped": result.timestamped,
    }
    if result.zip_path is not None:
        zd, _ = digest_file(result.zip_path)
        details["zip"] = result.zip_path.name
        details["zip_sha256"] = zd.sha256
    case.record("export_made", details=details)
    return result

