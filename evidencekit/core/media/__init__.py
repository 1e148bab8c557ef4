"""Readers for the kinds of originals people bring: images, recordings, documents."""
