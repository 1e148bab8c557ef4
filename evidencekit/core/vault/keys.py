"""The case's signing identity: the key in ``keys/`` that signs every custody entry.

Loaded on first use; a case whose key went missing gets a new one (and the log says so, see
``Case.identity``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

from cryptography import x509

from evidencekit.core.clock import Clock
from evidencekit.core.integrity import identity as ident


class Keys:
    """The ``keys/`` folder of a case.

    Args:
        folder: ``CASE/keys``.
        passphrase: unlocks a protected key (None: the key is not protected).
        clock: the start of a new certificate's validity.
        subject: the name a new certificate is made out to (the claimant, else the case title).
    """

    def __init__(self, folder: Path, passphrase: str | None, *, clock: Clock, subject: Callable[[], str]) -> None:
        self.folder = folder
        self._passphrase = passphrase
        self._clock = clock
        self._subject = subject
        self.current: ident.SigningIdentity | None = None

    def certificate(self) -> x509.Certificate | None:
        return ident.load_certificate(self.folder)

    def load_or_create(self, passphrase: str | None = None) -> tuple[ident.SigningIdentity, bool]:
        """The identity, and whether it was just created because none was found.

        Raises:
            SigningError: the key is passphrase-protected and the passphrase is missing or wrong.
        """
        if self.current is not None:
            return self.current, False
        pw = passphrase or self._passphrase
        loaded = ident.load_identity(self.folder, pw)
        created = loaded is None
        if loaded is None:
            loaded = ident.create_identity(self._subject(), now=self._clock())
            ident.save_identity(loaded, self.folder, pw)
        self.current = loaded
        return loaded, created

    def create(self, subject: str, *, now: dt.datetime) -> ident.SigningIdentity:
        """A new identity for a new case (valid from ``now``), saved."""
        self.current = ident.create_identity(subject, now=now)
        ident.save_identity(self.current, self.folder, self._passphrase)
        return self.current

    def replace(self, new: ident.SigningIdentity) -> None:
        """Save ``new`` in place of the current identity."""
        ident.save_identity(new, self.folder, self._passphrase)
        self.current = new
