"""EvidenceKit: keep harassment and debt-collection messages as evidence that holds up."""

__version__ = "0.1.0"
