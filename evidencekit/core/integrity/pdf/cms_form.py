"""The signature's /Contents must be exactly what its signer wrote: canonical hex, canonical DER,
zero padding, and a CMS structure whose unsigned parts are pinned.

No signature can cover its own /Contents, and neither a PDF reader nor pyHanko looks at
everything in there: hex digits are case-insensitive, whitespace inside a hex string is skipped,
a DER parser stops at the end of the structure, and the CMS itself has parts no signature covers
(the certificate set, algorithm parameters, versions). Each of those would let bytes change
unnoticed, so the gap must be exactly what pyHanko (or, for a document timestamp, a TSA) writes.
"""

from __future__ import annotations

import re
from typing import BinaryIO

from asn1crypto import cms, core
from asn1crypto import x509 as asn1_x509
from cryptography.exceptions import InvalidSignature
from cryptography.x509 import ExtensionNotFound, SubjectKeyIdentifier, load_der_x509_certificate

from evidencekit.core.integrity.pdf.status import Problem, SignatureKind

_UPPER_HEX = re.compile(rb"(?:[0-9A-F]{2})*")
_MAX_CONTENTS = 4 << 20
_RSA_PKCS1 = ("rsassa_pkcs1v15", "sha1_rsa", "sha224_rsa", "sha256_rsa", "sha384_rsa", "sha512_rsa")


def check_contents(f: BinaryIO, byte_range: tuple[int, int, int, int], kind: SignatureKind) -> Problem | None:
    """The unsigned gap holds ``<HEX>``: a canonical CMS structure, then zero padding, nothing else.

    Args:
        f: the PDF, open for reading.
        byte_range: the signature's /ByteRange; the gap is between its two ranges.
        kind: whose structure to expect (pyHanko's signature or a TSA's token).

    Returns:
        None when the gap is exactly as written, else what is wrong.
    """
    start, end = byte_range[0] + byte_range[1], byte_range[2]
    if end - start > _MAX_CONTENTS:
        return Problem("pdf.contents.too_large", "signature contents too large", {"bytes": end - start})
    f.seek(start)
    raw = f.read(end - start)
    if not (raw.startswith(b"<") and raw.endswith(b">")):
        return Problem("pdf.contents.not_hex_string", "the signature contents are not a hex string")
    hexpart = raw[1:-1]
    if not _UPPER_HEX.fullmatch(hexpart):
        # pyHanko writes upper-case digits and no whitespace; any other spelling decodes to the
        # same bytes, so it can only come from an edit.
        return Problem("pdf.contents.respelled",
                       "the signature contents were edited (not an even run of upper-case hex digits)")
    der = bytes.fromhex(hexpart.decode("ascii"))
    try:
        length = _der_walk(der, 0, 0)
    except ValueError as e:
        return Problem("pdf.contents.not_der", f"the signature contents are not canonical DER ({e})",
                       {"reason": str(e)})
    if any(der[length:]):
        return Problem("pdf.contents.padding", "bytes changed in the signature's padding")
    return check_cms(der[:length], kind)


def _der_walk(der: bytes, pos: int, depth: int) -> int:
    """Check one TLV at ``pos`` (and everything inside a constructed one) is DER; return its end.

    Definite lengths in their shortest form, minimal INTEGERs, DER BOOLEAN and NULL: the forms
    a DER encoder produces. A BER variant of the same value would be a change no parser reports.
    """
    if depth > 64:
        raise ValueError("nested too deeply")
    if pos + 2 > len(der):
        raise ValueError("truncated")
    tag = der[pos]
    if tag == 0:
        raise ValueError("end-of-contents octets in a definite-length encoding")
    if tag & 0x1F == 0x1F:
        raise ValueError("high tag numbers are not used")
    first = der[pos + 1]
    hdr = pos + 2
    if first < 0x80:
        length = first
    else:
        nb = first & 0x7F
        if nb == 0:
            raise ValueError("indefinite length")
        if nb > 4 or hdr + nb > len(der):
            raise ValueError("bad length")
        length = int.from_bytes(der[hdr : hdr + nb], "big")
        if length < 0x80 or der[hdr] == 0:
            raise ValueError("length not in its shortest form")
        hdr += nb
    end = hdr + length
    if end > len(der):
        raise ValueError("length past the end")
    body = der[hdr:end]
    if tag & 0x20:
        p = hdr
        while p < end:
            p = _der_walk(der, p, depth + 1)
        if p != end:
            raise ValueError("inner lengths disagree")
    elif tag == 0x02 and (not body or (len(body) > 1 and body[0] in (0, 0xFF) and (body[0] >> 7) == (body[1] >> 7))):
        raise ValueError("INTEGER not minimal")
    elif tag == 0x01 and body not in (b"\x00", b"\xff"):
        raise ValueError("BOOLEAN not DER")
    elif tag == 0x05 and body:
        raise ValueError("NULL with contents")
    return end


def check_cms(der: bytes, kind: SignatureKind) -> Problem | None:
    """The parts of the CMS SignedData no signature covers, pinned to what a signer writes.

    Args:
        der: the CMS ContentInfo, exactly (padding removed).
        kind: the claimant's signature (written by pyHanko) or a document timestamp (a TSA's token).

    Returns:
        None when canonical, else what is wrong.
    """
    try:
        ci = cms.ContentInfo.load(der, strict=True)
        if ci["content_type"].native != "signed_data":
            return Problem("pdf.cms.not_signed_data", "the signature is not CMS SignedData")
        sd = ci["content"]
        infos = list(sd["signer_infos"])
        if len(infos) != 1:
            return Problem("pdf.cms.signer_count", "the signature must have exactly one signer", {"signers": len(infos)})
        si = infos[0]
        if not isinstance(sd["crls"], core.Void):
            return Problem("pdf.cms.crls", "the signature carries revocation lists it was not made with")
        if not isinstance(si["unsigned_attrs"], core.Void):
            return Problem("pdf.cms.unsigned_attributes", "unsigned attributes were added to the signature")
        digests = list(sd["digest_algorithms"])
        if len(digests) != 1 or digests[0].dump() != si["digest_algorithm"].dump():
            return Problem("pdf.cms.digest_algorithms", "the signature's digest algorithm list was edited")
        if not isinstance(si["digest_algorithm"]["parameters"], core.Null):
            return Problem("pdf.cms.digest_parameters", "the digest algorithm parameters were edited")
        sid = si["sid"]
        want_si_version = "v1" if sid.name == "issuer_and_serial_number" else "v3"
        if si["version"].native != want_si_version:
            return Problem("pdf.cms.signer_info_version", "the signer info version was edited")
        econtent = sd["encap_content_info"]
        if kind is SignatureKind.SIGNATURE:
            if econtent["content_type"].native != "data" or not isinstance(econtent["content"], core.Void):
                return Problem("pdf.cms.content_type", "the signature's content type was edited", {"kind": kind.value})
        elif econtent["content_type"].native != "tst_info" or isinstance(econtent["content"], core.Void):
            return Problem("pdf.cms.content_type", "the timestamp token's content type was edited", {"kind": kind.value})
        want_version = "v3" if want_si_version == "v3" or econtent["content_type"].native != "data" else "v1"
        if sd["version"].native != want_version:
            return Problem("pdf.cms.signed_data_version", "the SignedData version was edited")
        sig_alg = si["signature_algorithm"]
        params = sig_alg["parameters"]
        algo = sig_alg["algorithm"].native
        if ("ecdsa" in algo and not isinstance(params, core.Void)) or (
                algo in _RSA_PKCS1 and not isinstance(params, core.Null)):
            return Problem("pdf.cms.signature_parameters", "the signature algorithm parameters were edited")
        return _check_certificates(sd, sid, kind)
    except (ValueError, TypeError, KeyError) as e:
        return Problem("pdf.cms.malformed", f"the signature's CMS structure is malformed: {e}", {"error": str(e)})


def _check_certificates(sd: cms.SignedData, sid: cms.SignerIdentifier, kind: SignatureKind) -> Problem | None:
    """Every certificate in the set is the signer's (a byte-identical copy) or one of its issuers.

    pyHanko picks the last certificate matching the signer identifier and ignores the others, so
    an edited extra copy would otherwise pass unnoticed.
    """
    certs: list[bytes] = []
    for choice in sd["certificates"] or ():
        if choice.name != "certificate":
            return Problem("pdf.cms.not_certificate", "the signature carries something other than certificates")
        certs.append(choice.chosen.dump())
    matches = []
    for c in set(certs):
        cert = load_der_x509_certificate(c)
        tbs = asn1_x509.Certificate.load(c)["tbs_certificate"]
        if sid.name == "issuer_and_serial_number":
            ias = sid.chosen
            if ias["issuer"].dump() == tbs["issuer"].dump() and ias["serial_number"].native == tbs["serial_number"].native:
                matches.append((c, cert))
        else:
            try:
                ski: bytes | None = cert.extensions.get_extension_for_class(SubjectKeyIdentifier).value.digest
            except ExtensionNotFound:
                ski = None
            if ski is not None and ski == sid.chosen.native:
                matches.append((c, cert))
    if len(matches) != 1:
        return Problem("pdf.cms.signer_certificate",
                       "the signer's certificate is missing or appears in two different versions")
    signer_der, child = matches[0]
    chain = {signer_der}
    others = {c: load_der_x509_certificate(c) for c in set(certs) if c != signer_der}
    while others:
        parents = []
        for c, cand in others.items():
            # An issuer with the child's own key can only be an edited copy of the child.
            if cand.public_key() == child.public_key():
                continue
            try:
                child.verify_directly_issued_by(cand)
            except (ValueError, TypeError, InvalidSignature):
                continue
            parents.append(c)
        if len(parents) != 1:
            break
        chain.add(parents[0])
        child = others.pop(parents[0])
        # A self-issued issuer is the top of the chain: its own signature must hold as well.
        if child.issuer == child.subject:
            try:
                child.verify_directly_issued_by(child)
            except (ValueError, TypeError, InvalidSignature):
                return Problem("pdf.cms.certificate_edited", "a certificate in the signature was edited")
            break
    if set(certs) - chain:
        return Problem("pdf.cms.foreign_certificate",
                       "the signature carries a certificate that is not the signer's or its issuer's (edited?)")
    # pyHanko lists the signer's certificate twice (as signer and from the registry); a TSA lists
    # each certificate once. Any further copy was added afterwards.
    most = 2 if kind is SignatureKind.SIGNATURE else 1
    if certs.count(signer_der) > most or any(certs.count(c) > 1 for c in chain - {signer_der}):
        return Problem("pdf.cms.certificate_copied", "a certificate in the signature was copied in")
    return None
