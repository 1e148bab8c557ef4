"""Hashing, keys and certificates, signing and trusted timestamps."""
