"""SHA-256 and SM3 over one streaming read.

On a 2-core machine the two digests run in parallel: the reader thread feeds SHA-256 while a
second thread consumes the same chunks for SM3. OpenSSL releases the GIL for ``update`` on large
buffers, so the import of a large recording costs about what the slower digest (SM3) costs alone.
"""

from __future__ import annotations

import hashlib
import os
import queue
import threading
from collections.abc import Iterable
from typing import BinaryIO

from cryptography.hazmat.primitives import hashes

from evidencekit.core.models import Digest

CHUNK = 1 << 20  # 1 MiB: large enough that update() releases the GIL and amortises overhead
_PARALLEL_THRESHOLD = 8 * CHUNK  # below this, thread hand-off costs more than it saves


def sm3_hex(data: bytes) -> str:
    """SM3 (GM/T 0004-2012) of ``data`` as lower-case hex."""
    h = hashes.Hash(hashes.SM3())
    h.update(data)
    return h.finalize().hex()


def digest_bytes(data: bytes) -> Digest:
    """Both digests of an in-memory byte string."""
    return Digest(hashlib.sha256(data).hexdigest(), sm3_hex(data))


def digest_chunks(chunks: Iterable[bytes], *, parallel: bool = True) -> tuple[Digest, int]:
    """Feed ``chunks`` to SHA-256 and SM3 at once.

    Args:
        chunks: the byte strings, in order.
        parallel: run SM3 in a second thread (worth it for large inputs).

    Returns:
        The digests and the total number of bytes.
    """
    sha = hashlib.sha256()
    sm3 = hashes.Hash(hashes.SM3())
    size = 0
    if not parallel:
        for chunk in chunks:
            sha.update(chunk)
            sm3.update(chunk)
            size += len(chunk)
        return Digest(sha.hexdigest(), sm3.finalize().hex()), size

    # A bounded queue keeps memory flat (at most a few MiB in flight) whatever the file size.
    q: queue.Queue[bytes | None] = queue.Queue(maxsize=8)
    failure: list[BaseException] = []

    def consume() -> None:
        try:
            while (item := q.get()) is not None:
                sm3.update(item)
        except BaseException as e:  # re-raised in the caller's thread below
            failure.append(e)
            while q.get() is not None:
                pass

    worker = threading.Thread(target=consume, name="sm3", daemon=True)
    worker.start()
    try:
        for chunk in chunks:
            q.put(chunk)
            sha.update(chunk)
            size += len(chunk)
    finally:
        q.put(None)
        worker.join()
    if failure:
        raise failure[0]
    return Digest(sha.hexdigest(), sm3.finalize().hex()), size


def read_chunks(f: BinaryIO, chunk_size: int = CHUNK) -> Iterable[bytes]:
    """Yield ``f``'s bytes in chunks until EOF."""
    while chunk := f.read(chunk_size):
        yield chunk


def digest_file(path: str | os.PathLike[str]) -> tuple[Digest, int]:
    """Both digests of a file, read once."""
    with open(path, "rb") as f:
        size = os.fstat(f.fileno()).st_size
        return digest_chunks(read_chunks(f), parallel=size >= _PARALLEL_THRESHOLD)
