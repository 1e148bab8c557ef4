"""The case's signing identity: the key in ``keys/`` that signs every custody entry.

Made with the case and loaded on first use. A case whose key went missing is never given a new one
behind the user's back: an entry signed by a key the log never declared would break the chain, and
a reader (verification, above all) must not change the case. Writing refuses with a message that
says to restore the keys from a backup; reading and verifying work without the key. A certificate
imported from PKCS#12 replaces the key with an entry signed by the key it replaces.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

from cryptography import x509

from evidencekit.core.integrity import identity as ident
from evidencekit.core.vault import actions
from evidencekit.core.vault.custody import certificate_pem
from evidencekit.core.vault.writer import CustodyWriter
from evidencekit.errors import SigningError


class Keys:
    """The ``keys/`` folder of a case.

    Args:
        folder: ``CASE/keys``.
        passphrase: unlocks a protected key (None: the key is not protected).
        custody: the log that records a change of key (late-bound: the writer signs with these keys).
    """

    def __init__(self, folder: Path, passphrase: str | None, *, custody: Callable[[], CustodyWriter]) -> None:
        self.folder = folder
        self._passphrase = passphrase
        self._custody = custody
        self.current: ident.SigningIdentity | None = None

    def certificate(self) -> x509.Certificate | None:
        return ident.load_certificate(self.folder)

    def key_present(self) -> bool:
        return (self.folder / ident.KEY_FILE).is_file()

    def key_matches(self) -> bool | None:
        """Whether the key is the certificate's (None: cannot be told unlocked)."""
        return ident.key_matches_certificate(self.folder)

    def identity(self, passphrase: str | None = None) -> ident.SigningIdentity:
        """The identity, loaded on first use.

        Raises:
            SigningError: the key or its certificate is missing (nothing is created), or the key
                is passphrase-protected and the passphrase is missing or wrong.
        """
        if self.current is not None:
            return self.current
        pw = passphrase or self._passphrase
        loaded = ident.load_identity(self.folder, pw)
        if loaded is None:
            missing = [f"keys/{n}" for n in (ident.KEY_FILE, ident.CERT_FILE) if not (self.folder / n).is_file()]
            raise SigningError(
                f"the case's signing {'key' if missing == [f'keys/{ident.KEY_FILE}'] else 'identity'} is missing "
                f"({', '.join(missing) or 'keys/'}): nothing can be added to the case without it, and nothing was "
                "changed. Restore the keys folder from a backup of the case. The case can still be read and verified.",
                title="Signing key missing",
            )
        self.current = loaded
        return loaded

    def create(self, subject: str, *, now: dt.datetime) -> ident.SigningIdentity:
        """A new identity for a new case (valid from ``now``), saved; the case's first entry
        records it."""
        self.current = ident.create_identity(subject, now=now)
        ident.save_identity(self.current, self.folder, self._passphrase)
        return self.current

    def import_pkcs12(self, p12: bytes, password: str | None) -> ident.SigningIdentity:
        """Sign with the identity in a PKCS#12 file from now on. The hand-over entry is signed by
        the old key (the identity it replaces authorises it); the new head by the new one.

        Raises:
            SigningError: the file or its password is wrong.
        """
        new = ident.import_pkcs12(p12, password)
        old = self.identity()
        writer = self._custody()
        with writer.index.atomic():
            writer.append(actions.IdentityImported(new.fingerprint, certificate_pem(new.certificate), old.fingerprint,
                                                   new.subject))
            ident.save_identity(new, self.folder, self._passphrase)
            self.current = new
        writer.sync()
        return new
