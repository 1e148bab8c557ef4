"""Full screens of the EvidenceKit app."""
