"""A Merkle root over the originals' digests (RFC 6962 style: 0x00 leaf / 0x01 node prefixes)."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence

from cryptography.hazmat.primitives import hashes


def _sha256(b: bytes) -> bytes:
    return hashlib.sha256(b).digest()


def _sm3(b: bytes) -> bytes:
    h = hashes.Hash(hashes.SM3())
    h.update(b)
    return h.finalize()


def merkle_root(leaves_hex: Sequence[str], algo: str = "sha256") -> str:
    """Merkle root (hex) over ``leaves_hex`` (the items' digests, in exhibit order).

    An odd node at the end of a level is promoted unchanged. The empty tree hashes the empty string.
    """
    h: Callable[[bytes], bytes] = _sha256 if algo == "sha256" else _sm3
    if not leaves_hex:
        return h(b"").hex()
    level = [h(b"\x00" + bytes.fromhex(x)) for x in leaves_hex]
    while len(level) > 1:
        nxt = [h(b"\x01" + level[i] + level[i + 1]) for i in range(0, len(level) - 1, 2)]
        if len(level) % 2:
            nxt.append(level[-1])
        level = nxt
    return level[0].hex()
