"""RFC 3161 timestamps from one or more timestamp authorities (TSAs), over HTTP.

Failures are reported as values, never raised: an export goes on without a timestamp and says so.
With no URL configured nothing here opens a socket. Tokens are kept as complete
``TimeStampResp`` DER (what ``openssl ts -reply -in FILE.tsr`` reads).
"""

from __future__ import annotations

import asyncio
import hashlib
import logging
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from asn1crypto import cms, tsp

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class TsaOutcome:
    """The answer of one TSA for one message imprint."""

    url: str
    ok: bool
    response: bytes = b""  # TimeStampResp DER when ok
    gen_time: str = ""  # ISO 8601 from the token
    error: str = ""
    reused: bool = False  # obtained by an earlier export, not requested now


@dataclass(frozen=True)
class TokenCheck:
    """What :func:`check_token` found: ``code`` (``timestamp.ok``, ``timestamp.imprint``...) and
    ``args`` say it machine-readably, ``detail`` in English."""

    ok: bool
    gen_time: str = ""
    tsa: str = ""
    detail: str = ""
    code: str = ""
    args: Mapping[str, str | int] = field(default_factory=dict)


def stamp(data: bytes, urls: Sequence[str], *, timeout: float = 10.0) -> list[TsaOutcome]:
    """Ask every TSA in ``urls`` for a token over SHA-256(``data``); one outcome per URL."""
    if not urls:
        return []
    digest = hashlib.sha256(data).digest()
    return asyncio.run(_stamp_all(digest, list(urls), timeout))


async def _stamp_all(digest: bytes, urls: list[str], timeout: float) -> list[TsaOutcome]:
    return list(await asyncio.gather(*(_stamp_one(digest, u, timeout) for u in urls)))


async def _stamp_one(digest: bytes, url: str, timeout: float) -> TsaOutcome:
    from evidencekit.core.integrity.pdf.pyhanko_adapter import request_timestamp_token

    try:
        token = await request_timestamp_token(url, digest, timeout=timeout)
        resp = tsp.TimeStampResp({"status": tsp.PKIStatusInfo({"status": "granted"}), "time_stamp_token": token})
        der = resp.dump()
        info = check_token(der, digest=digest)
        if not info.ok:
            return TsaOutcome(url, False, error=f"bad token: {info.detail}")
        return TsaOutcome(url, True, der, info.gen_time)
    except Exception as e:  # noqa: BLE001 - network, HTTP, ASN.1 and pyHanko errors all mean "no token"
        log.warning("timestamp from %s failed: %s", url, e)
        return TsaOutcome(url, False, error=f"{type(e).__name__}: {e}"[:300])


def check_token(response_der: bytes, *, data: bytes | None = None, digest: bytes | None = None) -> TokenCheck:
    """Check a ``.tsr``: status granted, imprint = SHA-256(``data``) (or ``digest``), and the
    TSA's signature over the token intact with the certificate the token carries.

    Trust in the TSA's certificate is not judged here: offline there is nothing to anchor it to;
    the reader checks the TSA certificate against the authority's published one.
    """
    from evidencekit.core.integrity.pdf.pyhanko_adapter import cms_signature_holds

    try:
        resp = tsp.TimeStampResp.load(response_der)
        status = resp["status"]["status"].native
        if status not in ("granted", "granted_with_mods"):
            return TokenCheck(False, detail=f"TSA status {status}", code="timestamp.status", args={"status": str(status)})
        token = resp["time_stamp_token"]
        sd = token["content"]
        eci = sd["encap_content_info"]
        tst_der = eci["content"].parsed.dump() if isinstance(eci["content"], cms.ParsableOctetString) else None
        tst = eci["content"].parsed
        if not isinstance(tst, tsp.TSTInfo) or tst_der is None:
            return TokenCheck(False, detail="no TSTInfo", code="timestamp.no_tst_info")
        mi = tst["message_imprint"]
        algo = mi["hash_algorithm"]["algorithm"].native
        if algo != "sha256":
            return TokenCheck(False, detail=f"unexpected imprint algorithm {algo}", code="timestamp.imprint_algorithm",
                              args={"algorithm": str(algo)})
        want = digest if digest is not None else hashlib.sha256(data or b"").digest()
        gen_time = tst["gen_time"].native.isoformat()
        tsa_name = tst["tsa"].native if tst["tsa"].native is not None else ""
        tsa_str = _name_str(tsa_name)
        if mi["hashed_message"].native != want:
            return TokenCheck(False, gen_time, tsa_str, "the token's imprint does not match the data", "timestamp.imprint",
                              {"time": gen_time, "tsa": tsa_str})
        si = sd["signer_infos"][0]
        sid = si["sid"]
        cert = None
        for c in sd["certificates"] or ():
            if c.name != "certificate":
                continue
            x = c.chosen
            if sid.name == "issuer_and_serial_number":
                if x.issuer == sid.chosen["issuer"] and x.serial_number == sid.chosen["serial_number"].native:
                    cert = x
            elif x.key_identifier == sid.chosen.native:
                cert = x
        if cert is None:
            return TokenCheck(False, gen_time, tsa_str, "the token does not carry the TSA certificate",
                              "timestamp.no_certificate", {"time": gen_time, "tsa": tsa_str})
        md_algo = si["digest_algorithm"]["algorithm"].native
        actual = hashlib.new(md_algo, tst_der).digest()
        intact, valid = cms_signature_holds(si, cert, "tst_info", actual)
        if not (intact and valid):
            return TokenCheck(False, gen_time, tsa_str, "the TSA's signature over the token is broken",
                              "timestamp.signature", {"time": gen_time, "tsa": tsa_str})
        subj = cert.subject.human_friendly
        return TokenCheck(True, gen_time, tsa_str or subj, f"signed by {subj}", "timestamp.ok",
                          {"time": gen_time, "tsa": tsa_str or subj, "signer": subj})
    except Exception as e:  # noqa: BLE001 - hostile DER: report, never raise
        error = f"{type(e).__name__}: {e}"[:280]
        return TokenCheck(False, detail=f"unreadable token: {error}", code="timestamp.unreadable", args={"error": error})


def token_imprint(response_der: bytes) -> str | None:
    """The SHA-256 message imprint (hex) a ``.tsr`` covers, or None when unreadable."""
    try:
        resp = tsp.TimeStampResp.load(response_der)
        tst = resp["time_stamp_token"]["content"]["encap_content_info"]["content"].parsed
        mi = tst["message_imprint"]
        if mi["hash_algorithm"]["algorithm"].native != "sha256":
            return None
        return bytes(mi["hashed_message"].native).hex()
    except Exception:  # noqa: BLE001 - hostile DER: not reusable, never an exception
        return None


def _name_str(v: object) -> str:
    if isinstance(v, dict):
        return ", ".join(f"{k}={val}" for k, val in v.items())
    return str(v) if v else ""
