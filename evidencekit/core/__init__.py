"""The UI-free core of EvidenceKit. Never imports textual, rich or the cli/tui packages."""
