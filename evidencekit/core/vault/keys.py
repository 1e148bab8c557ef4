"""The case's signing identity: the key in ``keys/`` that signs every custody entry.

Loaded on first use; a case whose key went missing gets a new one, and the log says so. A
certificate imported from PKCS#12 replaces the key with an entry signed by the key it replaces.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

from cryptography import x509

from evidencekit.core.clock import Clock
from evidencekit.core.integrity import identity as ident
from evidencekit.core.vault import actions
from evidencekit.core.vault.custody import certificate_pem
from evidencekit.core.vault.writer import CustodyWriter


class Keys:
    """The ``keys/`` folder of a case.

    Args:
        folder: ``CASE/keys``.
        passphrase: unlocks a protected key (None: the key is not protected).
        clock: the start of a new certificate's validity.
        subject: the name a new certificate is made out to (the claimant, else the case title).
        custody: the log that records a new key (late-bound: the writer signs with these keys).
    """

    def __init__(self, folder: Path, passphrase: str | None, *, clock: Clock, subject: Callable[[], str],
                 custody: Callable[[], CustodyWriter]) -> None:
        self.folder = folder
        self._passphrase = passphrase
        self._clock = clock
        self._subject = subject
        self._custody = custody
        self.current: ident.SigningIdentity | None = None

    def certificate(self) -> x509.Certificate | None:
        return ident.load_certificate(self.folder)

    def identity(self, passphrase: str | None = None) -> ident.SigningIdentity:
        """The identity, loaded on first use; created (and logged) when the key is missing.

        Raises:
            SigningError: the key is passphrase-protected and the passphrase is missing or wrong.
        """
        if self.current is not None:
            return self.current
        pw = passphrase or self._passphrase
        loaded = ident.load_identity(self.folder, pw)
        if loaded is not None:
            self.current = loaded
            return loaded
        self.current = ident.create_identity(self._subject(), now=self._clock())
        ident.save_identity(self.current, self.folder, pw)
        self._custody().record(actions.IdentityCreated(self.current.fingerprint,
                                                       certificate_pem(self.current.certificate)))
        return self.current

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
