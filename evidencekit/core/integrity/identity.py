"""The claimant's signing identity: an ECDSA P-256 key and an X.509 certificate.

Created on first use with a self-signed certificate whose subject is the claimant's name, or
imported from an existing PKCS#12 (.p12/.pfx) file. The private key is stored encrypted when the
user sets a passphrase. The same identity signs the custody log and the PDF bundles.
"""

from __future__ import annotations

import base64
import datetime as dt
import os
from dataclasses import dataclass
from pathlib import Path

from cryptography import x509
from cryptography.exceptions import InvalidSignature, UnsupportedAlgorithm
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

from evidencekit.errors import SigningError

KEY_FILE = "signing-key.pem"
CERT_FILE = "signing-cert.pem"
CHAIN_FILE = "signing-chain.pem"

SignKey = ec.EllipticCurvePrivateKey | rsa.RSAPrivateKey


@dataclass(frozen=True)
class SigningIdentity:
    private_key: SignKey
    certificate: x509.Certificate
    chain: tuple[x509.Certificate, ...] = ()

    @property
    def fingerprint(self) -> str:
        """SHA-256 fingerprint of the certificate (hex)."""
        return self.certificate.fingerprint(hashes.SHA256()).hex()

    @property
    def subject(self) -> str:
        """The certificate's subject as an RFC 4514 string."""
        return self.certificate.subject.rfc4514_string()

    @property
    def common_name(self) -> str:
        """The certificate's CN (the claimant's name for our own identities), else the subject."""
        names = self.certificate.subject.get_attributes_for_oid(NameOID.COMMON_NAME)
        value = names[0].value if names else ""
        return value if isinstance(value, str) and value else self.subject

    def sign(self, data: bytes) -> str:
        """Sign ``data``; returns base64 DER signature (ECDSA-SHA256 or RSA-PKCS1v15-SHA256)."""
        return base64.b64encode(_sign(self.private_key, data)).decode("ascii")


def _sign(key: SignKey, data: bytes) -> bytes:
    if isinstance(key, ec.EllipticCurvePrivateKey):
        return key.sign(data, ec.ECDSA(hashes.SHA256()))
    from cryptography.hazmat.primitives.asymmetric import padding

    return key.sign(data, padding.PKCS1v15(), hashes.SHA256())


def verify_signature(cert: x509.Certificate, data: bytes, signature_b64: str) -> bool:
    """True when ``signature_b64`` is a valid signature of ``data`` by ``cert``'s key."""
    try:
        sig = base64.b64decode(signature_b64, validate=True)
    except ValueError:
        return False
    try:
        pub = cert.public_key()
    except ValueError:  # a certificate whose key does not parse (a tampered log): not a signature
        return False
    try:
        if isinstance(pub, ec.EllipticCurvePublicKey):
            pub.verify(sig, data, ec.ECDSA(hashes.SHA256()))
        elif isinstance(pub, rsa.RSAPublicKey):
            from cryptography.hazmat.primitives.asymmetric import padding

            pub.verify(sig, data, padding.PKCS1v15(), hashes.SHA256())
        else:
            return False
    except InvalidSignature:
        return False
    return True


def create_identity(name: str, *, now: dt.datetime | None = None, years: int = 10) -> SigningIdentity:
    """A new P-256 key and a self-signed certificate with subject CN=``name``."""
    key = ec.generate_private_key(ec.SECP256R1())
    now = now or dt.datetime.now(dt.timezone.utc)
    subject = x509.Name(
        [
            x509.NameAttribute(NameOID.COMMON_NAME, name or "EvidenceKit user"),
            x509.NameAttribute(NameOID.ORGANIZATIONAL_UNIT_NAME, "EvidenceKit self-signed"),
        ]
    )
    pub = key.public_key()
    cert = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(subject)
        .public_key(pub)
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(minutes=5))
        .not_valid_after(now + dt.timedelta(days=365 * years))
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=True,
                content_commitment=True,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=False,
                crl_sign=False,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(
            x509.ExtendedKeyUsage(
                [ExtendedKeyUsageOID.EMAIL_PROTECTION, ExtendedKeyUsageOID.CODE_SIGNING]
            ),
            critical=False,
        )
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(pub), critical=False)
        .sign(key, hashes.SHA256())
    )
    return SigningIdentity(key, cert)


def save_identity(identity: SigningIdentity, folder: Path, passphrase: str | None = None) -> None:
    """Write the key (encrypted when ``passphrase`` is given, mode 0600) and certificate(s)."""
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    enc: serialization.KeySerializationEncryption = (
        serialization.BestAvailableEncryption(passphrase.encode("utf-8"))
        if passphrase
        else serialization.NoEncryption()
    )
    key_pem = identity.private_key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, enc
    )
    _write_private(folder / KEY_FILE, key_pem)
    # the certificate names the claimant: owner-only like everything in a case
    _write_private(folder / CERT_FILE, identity.certificate.public_bytes(serialization.Encoding.PEM))
    if identity.chain:
        _write_private(folder / CHAIN_FILE,
                       b"".join(c.public_bytes(serialization.Encoding.PEM) for c in identity.chain))


def _write_private(path: Path, data: bytes) -> None:
    tmp = path.with_suffix(".tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "wb") as f:
        f.write(data)
        f.flush()
        os.fsync(f.fileno())
    os.replace(tmp, path)


def load_certificate(folder: Path) -> x509.Certificate | None:
    """The stored certificate, or None when no identity exists yet."""
    p = folder / CERT_FILE
    if not p.exists():
        return None
    return x509.load_pem_x509_certificate(p.read_bytes())


def key_is_encrypted(folder: Path) -> bool:
    """True when the stored key needs a passphrase."""
    p = folder / KEY_FILE
    return p.exists() and b"ENCRYPTED" in p.read_bytes()[:64]


def key_matches_certificate(folder: Path) -> bool | None:
    """Whether the stored key is the private half of the stored certificate's public key.

    Returns:
        True or False; None when it cannot be told without unlocking anything (no key or no
        certificate, or a key protected by a passphrase). A key file that does not parse is False.
    """
    kp = folder / KEY_FILE
    cert = load_certificate(folder)
    if cert is None or not kp.is_file() or key_is_encrypted(folder):
        return None
    try:
        key = serialization.load_pem_private_key(kp.read_bytes(), None)
    except TypeError:  # protected after all
        return None
    except (ValueError, UnsupportedAlgorithm):
        return False
    der = serialization.Encoding.DER
    spki = serialization.PublicFormat.SubjectPublicKeyInfo
    return bool(key.public_key().public_bytes(der, spki) == cert.public_key().public_bytes(der, spki))


def load_identity(folder: Path, passphrase: str | None = None) -> SigningIdentity | None:
    """Load the stored identity; None when there is none.

    Raises:
        SigningError: wrong or missing passphrase, or unreadable files.
    """
    kp, cp = folder / KEY_FILE, folder / CERT_FILE
    if not kp.exists() or not cp.exists():
        return None
    try:
        key = serialization.load_pem_private_key(
            kp.read_bytes(), passphrase.encode("utf-8") if passphrase else None
        )
    except TypeError as e:
        raise SigningError(
            "the signing key is protected by a passphrase: give it in the EVIDENCEKIT_PASSPHRASE "
            "environment variable"
        ) from e
    except ValueError as e:
        raise SigningError("could not unlock the signing key: wrong passphrase?") from e
    if not isinstance(key, (ec.EllipticCurvePrivateKey, rsa.RSAPrivateKey)):
        raise SigningError("the signing key must be an EC or RSA key")
    cert = x509.load_pem_x509_certificate(cp.read_bytes())
    chain: tuple[x509.Certificate, ...] = ()
    if (folder / CHAIN_FILE).exists():
        chain = tuple(x509.load_pem_x509_certificates((folder / CHAIN_FILE).read_bytes()))
    return SigningIdentity(key, cert, chain)


def import_pkcs12(data: bytes, password: str | None) -> SigningIdentity:
    """An identity from a PKCS#12 (.p12/.pfx) file's bytes.

    Raises:
        SigningError: wrong password, or no key/certificate inside.
    """
    try:
        key, cert, extra = pkcs12.load_key_and_certificates(
            data, password.encode("utf-8") if password else None
        )
    except ValueError as e:
        raise SigningError(f"could not open the PKCS#12 file: {e}") from e
    if key is None or cert is None:
        raise SigningError("the PKCS#12 file holds no private key and certificate")
    if not isinstance(key, (ec.EllipticCurvePrivateKey, rsa.RSAPrivateKey)):
        raise SigningError("only EC and RSA keys can sign")
    return SigningIdentity(key, cert, tuple(extra or ()))


