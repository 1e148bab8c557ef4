"""Reusable widgets of the EvidenceKit app."""
