"""How a reader checks this bundle: the verification page of the PDF and VERIFY.txt in the ZIP,
written once as blocks for both.

The reader first meets the routes that need no installation (the PDF reader's signature panel,
then VERIFY.html when there is a ZIP), then the command line for experts. Only the steps that
apply to this bundle are given: no timestamp step without timestamps, no ZIP step without a ZIP,
no digest of originals the bundle does not carry. Every command is written so that it runs as it
stands in a terminal opened where the files are (``tests/core/export/test_guide.py`` runs them).
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Literal

from evidencekit import __version__
from evidencekit.core.export.format import (
    CERT,
    MANIFEST,
    MANIFEST_SIG,
    ORIGINALS,
    PDF_NAME,
    SHA256SUMS,
    SM3SUMS,
    VERIFY_HTML,
)
from evidencekit.core.export.strings import Strings
from evidencekit.core.integrity.pdf.sign import FIELD_NAME

Reader = Literal["pdf", "zip"]  # who reads the guide: the PDF's page, or VERIFY.txt beside the files

ATTACHMENTS = "attachments"  # the folder the command-line route extracts the PDF's attachments to
TSA_ROOT = "tsa-root.pem"  # the timestamp authority's root certificate, which the reader gets from it


@dataclass(frozen=True)
class GuideFacts:
    """What the guide needs to know of the bundle.

    Attributes:
        pdf_name: the PDF's file name as exported (inside the ZIP it is ``bundle.pdf``).
        zip_name: the ZIP's file name, None when no ZIP was made.
        signer: the name on the signing certificate.
        cert_fingerprint: the certificate's SHA-256 fingerprint.
        bundle_fingerprint: the SHA-256 Merkle root of the originals.
        exhibits: how many exhibits the bundle has.
        attached: the names of the originals embedded in the PDF (as a PDF reader saves them).
        redacted: a redacted bundle (no originals at all).
        timestamp_files: (batch document, token) names in the ZIP of each batch timestamp.
        timestamp_lines: what the bundle says about its timestamps (``timestamps.timestamp_lines``).
        doc_timestamp: a timestamp authority was asked: a document timestamp follows the signature.
    """

    pdf_name: str
    zip_name: str | None
    signer: str
    cert_fingerprint: str
    bundle_fingerprint: str
    exhibits: int
    attached: tuple[str, ...] = ()
    redacted: bool = False
    timestamp_files: tuple[tuple[str, str], ...] = ()
    timestamp_lines: tuple[str, ...] = ()
    doc_timestamp: bool = False

    @property
    def originals_in_zip(self) -> bool:
        return self.zip_name is not None and not self.redacted


@dataclass(frozen=True)
class Heading:
    text: str


@dataclass(frozen=True)
class Text:
    text: str


@dataclass(frozen=True)
class Value:
    """A value shown in full on a line of its own (a fingerprint), after its label."""

    label: str
    value: str


@dataclass(frozen=True)
class Step:
    """One numbered step; ``commands`` are typed as they stand, one per line."""

    text: str
    commands: tuple[str, ...] = ()


@dataclass(frozen=True)
class Steps:
    steps: tuple[Step, ...]


Block = Heading | Text | Value | Steps


def verification_guide(s: Strings, f: GuideFacts, reader: Reader) -> tuple[Block, ...]:
    """The guide, in the bundle's language ``s``, for the PDF's page or for VERIFY.txt.

    Args:
        s: the bundle's strings.
        f: what the bundle holds.
        reader: "pdf" (the verification page; the reader has the PDF, perhaps the ZIP) or "zip"
            (VERIFY.txt; the reader has the unzipped folder).

    Returns:
        The blocks, in reading order.
    """
    out: list[Block] = [
        Text(s("guide.intro_redacted" if f.redacted else "guide.intro")),
        Text(s("guide.signer", name=f.signer)),
        Value(s("cert_fingerprint"), f.cert_fingerprint),
        Value(s("fingerprint"), f.bundle_fingerprint),
        Text(s("guide.fp_note")),
    ]
    routes = [_pdf_reader(s, f, reader)]
    if f.zip_name is not None:
        html = _browser(s, f, reader)
        routes = [html] + routes if reader == "zip" else routes + [html]
    for n, (heading, steps) in enumerate(routes, 1):
        out += [Heading(s("guide.route", n=s(f"guide.n{n}"), name=heading)), Steps(tuple(steps))]
    out += [Heading(s("guide.times_heading")), Steps(tuple(Step(t) for t in _times(s))),
            Text(s("guide.times_why")), Text(s("guide.copies_redacted" if f.redacted else "guide.copies"))]
    out += [Heading(s("verify_proves_heading")), Text(s("verify_proves")), Text(s("verify_not_proves"))]
    if f.redacted:
        out.append(Text(s("redacted_note")))
    out.append(Heading(s("ts_heading")))
    out += [Text(line) for line in f.timestamp_lines or (s("ts_none"),)]
    out += [Heading(s("guide.route", n=s(f"guide.n{len(routes) + 1}"), name=s("guide.cli_heading"))),
            Text(s("guide.cli_intro")),
            Steps(tuple(_command_line(s, f, reader)))]
    out += [Heading(s("guide.terms_heading"))]
    out += [Text(s(f"guide.term.{t}")) for t in _terms(f)]
    return tuple(out)


def as_text(blocks: Sequence[Block]) -> str:
    """The guide as plain text (VERIFY.txt): headings underlined, commands indented."""
    lines: list[str] = []
    for b in blocks:
        if isinstance(b, Heading):
            lines += ["", b.text, "-" * min(60, 2 * len(b.text))]
        elif isinstance(b, Text):
            lines += [b.text, ""]
        elif isinstance(b, Value):
            lines += [f"{b.label}:", f"    {b.value}", ""]
        else:
            for i, st in enumerate(b.steps, 1):
                lines.append(f"{i}. {st.text}")
                lines += [f"       {c}" for c in st.commands]
            lines.append("")
    return "\n".join(lines).strip("\n") + "\n"


def commands(blocks: Sequence[Block]) -> Iterator[str]:
    """Every command of the guide, in order."""
    for b in blocks:
        if isinstance(b, Steps):
            for st in b.steps:
                yield from st.commands


# ------------------------------------------------------------------ the routes


def _pdf_reader(s: Strings, f: GuideFacts, reader: Reader) -> tuple[str, list[Step]]:
    """Route 1 (or 2 in VERIFY.txt): the signature panel of a common PDF reader."""
    pdf = f.pdf_name if reader == "pdf" else PDF_NAME
    steps = [
        Step(s("guide.pdf.open", pdf=pdf) if reader == "pdf" else s("guide.pdf.open_zip", pdf=pdf)),
        Step(s("guide.pdf.panel", field=FIELD_NAME)),
        Step(_join(s, s("guide.pdf.unmodified"), s("guide.pdf.unmodified_ts") if f.doc_timestamp else "")),
        Step(s("guide.pdf.unknown")),
        Step(s("guide.pdf.cert")),
    ]
    if f.attached and reader == "pdf":
        steps.append(Step(s("guide.pdf.one_file", name=f.attached[0])))
    elif f.originals_in_zip:
        steps.append(Step(s("guide.pdf.one_file_zip", folder=ORIGINALS)))
    return s("guide.pdf_heading"), steps


def _browser(s: Strings, f: GuideFacts, reader: Reader) -> tuple[str, list[Step]]:
    """VERIFY.html, in the ZIP: no installation, the originals checked in the browser."""
    steps = [
        Step(s("guide.html.copy", zip=f.zip_name or "", page=VERIFY_HTML) if reader == "pdf"
             else s("guide.html.find", page=VERIFY_HTML)),
        Step(s("guide.html.open", page=VERIFY_HTML)),
        Step(s("guide.html.drop_redacted" if f.redacted else "guide.html.drop")),
        Step(s("guide.html.fingerprint", page=VERIFY_HTML)),
    ]
    return s("guide.html_heading", page=VERIFY_HTML), steps


def _times(s: Strings) -> list[str]:
    return [s("guide.time.screen"),
            s("guide.time.file", file_time=s("m_file_time"), exif_time=s("m_exif_time")),
            s("guide.time.import", imported=s("m_imported"))]


def _terms(f: GuideFacts) -> list[str]:
    terms = ["sha256", "sm3", "merkle", "pades", "selfsigned"]
    if f.timestamp_files or f.doc_timestamp:
        terms.append("rfc3161")
    return terms


def _command_line(s: Strings, f: GuideFacts, reader: Reader) -> Iterator[Step]:
    """The expert's route: each command runs as written in the folder holding the files (the
    PDF and the ZIP; for VERIFY.txt, the unzipped folder)."""
    in_zip = reader == "zip"
    pdf = _arg(PDF_NAME if in_zip else f.pdf_name)
    yield Step(s("guide.cli.get", version=__version__))
    if in_zip:
        yield Step(s("guide.cli.verify_folder", zip=f.zip_name or ""), (f"evidencekit verify {pdf}",))
    else:
        targets = [pdf] + ([_arg(f.zip_name)] if f.zip_name is not None else [])
        yield Step(s("guide.cli.verify"), tuple(f"evidencekit verify {t}" for t in targets))
    yield Step(_join(s, s("guide.cli.pdfsig"), s("guide.cli.pdfsig_ts" if f.doc_timestamp else "guide.cli.pdfsig_whole")),
               (f"pdfsig {pdf}",))
    where = "" if in_zip else f"{ATTACHMENTS}/"
    if in_zip:
        yield Step(s("guide.cli.sha256sums", sums=SHA256SUMS), (f"sha256sum -c {SHA256SUMS}",))
        if f.originals_in_zip:
            yield Step(s("guide.cli.sm3sums", sums=SM3SUMS), (f"openssl dgst -sm3 {ORIGINALS}*",))
    else:
        yield Step(s("guide.cli.detach"), (f"mkdir {ATTACHMENTS}", f"pdfdetach -saveall -o {ATTACHMENTS} {pdf}"))
        if f.attached:
            yield Step(s("guide.cli.sha256"), (f"sha256sum {where}[0-9]*",))
            yield Step(s("guide.cli.sm3"), (f"openssl dgst -sm3 {where}[0-9]*",))
        if f.originals_in_zip and len(f.attached) < f.exhibits:
            yield Step(s("guide.cli.zip_originals", folder=ORIGINALS, sums=SHA256SUMS, sm3sums=SM3SUMS))
    if f.redacted:
        yield Step(s("guide.cli.redacted"))
    elif not f.attached and not f.originals_in_zip:
        yield Step(s("guide.cli.no_originals"))
    yield Step(s("guide.cli.cert"), (f"openssl x509 -in {where}{CERT} -noout -fingerprint -sha256",))
    if in_zip:
        yield Step(s("guide.cli.manifest", manifest=MANIFEST),
                   (f"openssl x509 -in {CERT} -pubkey -noout -out pub.pem",
                    f"openssl base64 -d -A -in {MANIFEST_SIG} -out manifest.sig",
                    f"openssl dgst -sha256 -verify pub.pem -signature manifest.sig {MANIFEST}"))
    if f.timestamp_files:
        data, token = f.timestamp_files[0]
        if not in_zip:  # pdfdetach saves them without their folder
            data, token = f"{where}{data.rsplit('/', 1)[-1]}", f"{where}{token.rsplit('/', 1)[-1]}"
        yield Step(s("guide.cli.ts", token=token, data=data, root=TSA_ROOT),
                   (f"openssl ts -reply -in {token} -text",
                    f"openssl ts -verify -data {data} -in {token} -CAfile {TSA_ROOT}"))


def _join(s: Strings, *sentences: str) -> str:
    """Sentences one after another: with a space in English, none in Chinese."""
    return ("" if s.is_cjk else " ").join(x for x in sentences if x)


_PLAIN = re.compile(r"[A-Za-z0-9._/+=@:-]+")


def _arg(name: str) -> str:
    """A file name as a shell argument: as it is when plain, else in double quotes (read the same
    by bash, zsh, PowerShell and cmd) or, holding what double quotes would expand, single ones."""
    if _PLAIN.fullmatch(name):
        return name
    if not re.search(r'["$`\\!]', name):
        return f'"{name}"'
    return "'" + name.replace("'", "'\"'\"'") + "'"
