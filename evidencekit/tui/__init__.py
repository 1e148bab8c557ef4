"""The terminal app (Textual). Entry point: ``evidencekit.tui.app.run_tui``."""
