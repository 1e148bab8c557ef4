"""One error tree for EvidenceKit, mapped to exit codes and UI titles once, at the edge."""

from __future__ import annotations

from enum import IntEnum


class ExitCode(IntEnum):
    """Process exit codes of the ``evidencekit`` command."""

    OK = 0
    PROBLEMS = 1  # a file rejected, a check failed, an item unreadable
    USAGE = 2  # bad arguments, not a case folder, case already exists
    MISSING_DEPENDENCY = 3  # tesseract or language data missing
    BUSY = 75  # the case is open for writing in another EvidenceKit process (EX_TEMPFAIL: try again)
    INTERRUPTED = 130


class EvidenceKitError(Exception):
    """Base of every error EvidenceKit raises on purpose.

    Args:
        msg: what happened, in words a user understands.
        title: a short heading for a notification or dialog.
    """

    exit_code: ExitCode = ExitCode.PROBLEMS
    default_title = "EvidenceKit error"

    def __init__(self, msg: str, title: str | None = None) -> None:
        super().__init__(msg)
        self.msg = msg
        self.title = title or self.default_title

    def __str__(self) -> str:
        return self.msg


class UsageError(EvidenceKitError):
    exit_code = ExitCode.USAGE
    default_title = "Usage"


class VaultError(EvidenceKitError):
    default_title = "Case folder"


class NotACaseError(VaultError):
    exit_code = ExitCode.USAGE
    default_title = "Not a case folder"


class CaseExistsError(VaultError):
    exit_code = ExitCode.USAGE
    default_title = "Case exists"


class CaseLockedError(VaultError):
    """Another EvidenceKit process has the case open for writing; ``holder`` says who, when known
    (a ``LockHolder`` of the vault: pid, host, program, since)."""

    exit_code = ExitCode.BUSY
    default_title = "Case in use"

    def __init__(self, msg: str, title: str | None = None, *, holder: object = None) -> None:
        super().__init__(msg, title)
        self.holder = holder


class ImportRejected(VaultError):
    """One file could not be imported; the batch goes on."""

    default_title = "File rejected"


class IntegrityError(EvidenceKitError):
    default_title = "Integrity"


class SigningError(IntegrityError):
    default_title = "Signing"


class TimestampError(IntegrityError):
    default_title = "Timestamp"


class OcrError(EvidenceKitError):
    default_title = "OCR"


class MissingDependencyError(EvidenceKitError):
    exit_code = ExitCode.MISSING_DEPENDENCY
    default_title = "Missing program"


class ExportError(EvidenceKitError):
    default_title = "Export"


class BundleError(EvidenceKitError):
    default_title = "Bundle"


class Cancelled(EvidenceKitError):
    exit_code = ExitCode.INTERRUPTED
    default_title = "Cancelled"
