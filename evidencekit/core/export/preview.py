"""What a bundle will say, before it is made: the cover's summary, each exhibit's title and
证明目的, and (redacted) every number that will be masked.

Built by the very functions the bundle's pages call (:mod:`.summary`, :mod:`.redaction`) on the
exhibits as an export gathers them, so what the person reads here is what the signed PDF says.
A title or 证明目的 the person did not write is derived: it is marked as a suggestion, to be
accepted (written to the item through the vault) or replaced.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from evidencekit.core.export import summary
from evidencekit.core.export.model import gather
from evidencekit.core.export.redaction import exhibit_texts, redact_bundle, redactor_for
from evidencekit.core.export.strings import strings
from evidencekit.core.export.summary import CaseSummary

if TYPE_CHECKING:
    from evidencekit.core.vault.case import Case


@dataclass(frozen=True)
class ExhibitPreview:
    """One row of the evidence list as the bundle will print it.

    Attributes:
        number: "3", "2-1".
        item_id: the item.
        title: 证据名称 as printed.
        title_suggested: derived from the reading (the person wrote none).
        proves: 证明目的 as printed.
        proves_suggested: derived from the labels (the person wrote none).
    """

    number: str
    item_id: int
    title: str
    title_suggested: bool
    proves: str
    proves_suggested: bool


@dataclass(frozen=True)
class MaskedNumber:
    """A number a redacted bundle masks: where (an exhibit number, "" for the case's own
    details), what kind (``id``, ``card``, ``phone``) and how it will read (``*********78``)."""

    exhibit: str
    kind: str
    shown_as: str


@dataclass(frozen=True)
class BundlePreview:
    language: str
    redacted: bool
    summary: CaseSummary
    exhibits: tuple[ExhibitPreview, ...]
    masked: tuple[MaskedNumber, ...] = ()


def preview_bundle(case: Case, *, language: str | None = None, redact: bool = False,
                   mask_names: bool = False) -> BundlePreview:
    """What a bundle of ``case`` exported now would say.

    Args:
        case: an open case.
        language: the bundle's language (None: the case's).
        redact: preview a redacted bundle (titles derived from masked readings, as the export
            derives them, and the list of masked numbers).
        mask_names: with ``redact``, the names of third parties masked too.

    Returns:
        The preview.

    Raises:
        ExportError: unknown language.
        SigningError: the case's signing key cannot be unlocked (an export could not sign either).
    """
    bundle = gather(case)  # the export's own input
    lang = language or bundle.meta.language or "zh-Hans"
    s = strings(lang)
    masked: list[MaskedNumber] = []
    if redact:
        red = redactor_for(bundle, mask_names=mask_names)
        meta = bundle.meta
        for text in (meta.title, meta.claimant_name, *(r.name for r in meta.respondents)):
            masked += [MaskedNumber("", kind, shown) for kind, shown in red.found(text)]
        for ex in bundle.exhibits:
            seen: set[tuple[str, str]] = set()
            for text in exhibit_texts(ex):
                for kind, shown in red.found(text):
                    if (kind, shown) not in seen:
                        seen.add((kind, shown))
                        masked.append(MaskedNumber(ex.number, kind, shown))
        bundle = redact_bundle(bundle, red)
    claimant = bundle.meta.claimant_name
    analysis = summary.analysis_of(bundle)
    rows = tuple(
        ExhibitPreview(ex.number, ex.item.id, summary.exhibit_title(ex, s), not ex.item.title.strip(),
                       summary.exhibit_proves(ex, s, claimant_name=claimant, analysis=analysis),
                       not ex.item.proves.strip())
        for ex in bundle.exhibits
    )
    return BundlePreview(lang, redact, summary.case_summary(bundle, s, analysis), rows, tuple(masked))
