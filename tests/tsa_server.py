"""A real RFC 3161 timestamp server on 127.0.0.1 for tests.

pyHanko's DummyTimeStamper (an RSA key and a certificate with the timeStamping extended key
usage) answers TimeStampReq bodies posted over HTTP by a small ``http.server`` handler: the client
under test does a genuine request/response exchange, nothing is mocked.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from asn1crypto import tsp
from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID
from pyhanko.keys import load_private_key_from_pemder_data
from pyhanko.sign.timestamps.dummy_client import DummyTimeStamper


@dataclass
class TsaServer:
    url: str
    certificate: x509.Certificate
    requests: list[int] = field(default_factory=list)  # body sizes, one per request
    fail: bool = False  # answer 500 instead of a token


def _tsa_identity() -> tuple[x509.Certificate, bytes]:
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "EvidenceKit Test TSA"),
                      x509.NameAttribute(NameOID.ORGANIZATION_NAME, "127.0.0.1")])
    now = dt.datetime.now(dt.timezone.utc)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=1))
        .not_valid_after(now + dt.timedelta(days=365))
        .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.TIME_STAMPING]), critical=True)
        .add_extension(x509.KeyUsage(True, True, False, False, False, False, False, False, False), critical=True)
        .sign(key, hashes.SHA256())
    )
    pem = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                            serialization.NoEncryption())
    return cert, pem


@contextmanager
def running_tsa() -> Iterator[TsaServer]:
    """Start a TSA on an ephemeral 127.0.0.1 port; stops it on exit."""
    cert, key_pem = _tsa_identity()
    a_cert = asn1_x509.Certificate.load(cert.public_bytes(serialization.Encoding.DER))
    stamper = DummyTimeStamper(tsa_cert=a_cert, tsa_key=load_private_key_from_pemder_data(key_pem, None),
                               certs_to_embed=[a_cert])
    state = TsaServer(url="", certificate=cert)
    lock = threading.Lock()

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:  # noqa: N802 - http.server's naming
            n = int(self.headers.get("Content-Length", "0"))
            if n <= 0 or n > 65536:
                self.send_error(400)
                return
            body = self.rfile.read(n)
            state.requests.append(n)
            if state.fail:
                self.send_error(500, "TSA out of order")
                return
            try:
                req = tsp.TimeStampReq.load(body)
                with lock:
                    resp = stamper.request_tsa_response(req)
                der = resp.dump()
            except Exception:  # noqa: BLE001 - a bad request gets a 400, as from a real TSA
                self.send_error(400)
                return
            self.send_response(200)
            self.send_header("Content-Type", "application/timestamp-reply")
            self.send_header("Content-Length", str(len(der)))
            self.end_headers()
            self.wfile.write(der)

        def log_message(self, format: str, *args: object) -> None:  # quiet
            pass

    srv = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    state.url = f"http://127.0.0.1:{srv.server_address[1]}/tsa"
    t = threading.Thread(target=srv.serve_forever, daemon=True)
    t.start()
    try:
        yield state
    finally:
        srv.shutdown()
        srv.server_close()
        t.join(5)
