"""The ``evidencekit`` command: thin commands over the core."""
