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
from collections.abc import Callable, Iterable
from typing import BinaryIO, Protocol

from cryptography.hazmat.primitives import hashes

from evidencekit.core.models import Digest

CHUNK = 1 << 20  # 1 MiB: large enough that update() releases the GIL and amortises overhead
_PARALLEL_THRESHOLD = 8 * CHUNK  # below this, thread hand-off costs more than it saves


class _Sm3(Protocol):
    def update(self, data: bytes, /) -> None: ...
    def hexdigest(self) -> str: ...


class _CryptographySm3:
    """SM3 through ``cryptography``, for a Python whose OpenSSL build lacks it in hashlib."""

    def __init__(self) -> None:
        self._h = hashes.Hash(hashes.SM3())

    def update(self, data: bytes, /) -> None:
        self._h.update(data)

    def hexdigest(self) -> str:
        return self._h.finalize().hex()


def new_sm3() -> _Sm3:
    """A new SM3 (GM/T 0004-2012) hash object.

    hashlib's OpenSSL SM3 is preferred: it releases the GIL on large updates, so it truly runs
    beside SHA-256 and the disk writer on a second core.
    """
    try:
        return hashlib.new("sm3")
    except ValueError:
        return _CryptographySm3()


def sm3_hex(data: bytes) -> str:
    """SM3 of ``data`` as lower-case hex."""
    h = new_sm3()
    h.update(data)
    return h.hexdigest()


def digest_bytes(data: bytes) -> Digest:
    """Both digests of an in-memory byte string."""
    return Digest(hashlib.sha256(data).hexdigest(), sm3_hex(data))


def digest_chunks(
    chunks: Iterable[bytes],
    *,
    parallel: bool = True,
    sink: Callable[[bytes], object] | None = None,
) -> tuple[Digest, int]:
    """Feed ``chunks`` to SHA-256 and SM3 at once (and to ``sink``, e.g. a file's ``write``).

    Args:
        chunks: the byte strings, in order.
        parallel: run SM3 and the sink each in a thread of its own. SM3 is the slowest stage; the
            reader keeps SHA-256, and disk writes overlap both. OpenSSL and file writes release
            the GIL, so on two cores the whole costs about what SM3 alone costs.
        sink: called with every chunk, in order.

    Returns:
        The digests and the total number of bytes.
    """
    sha = hashlib.sha256()
    sm3 = new_sm3()
    size = 0
    if not parallel:
        for chunk in chunks:
            sha.update(chunk)
            sm3.update(chunk)
            if sink is not None:
                sink(chunk)
            size += len(chunk)
        return Digest(sha.hexdigest(), sm3.hexdigest()), size

    stages = [_Stage("sm3", sm3.update)]
    if sink is not None:
        stages.append(_Stage("sink", sink))
    try:
        for chunk in chunks:
            for st in stages:
                st.put(chunk)
            sha.update(chunk)
            size += len(chunk)
    finally:
        for st in stages:
            st.close()
    for st in stages:
        st.raise_failure()
    return Digest(sha.hexdigest(), sm3.hexdigest()), size


class _Stage:
    """A consumer thread fed through a bounded queue: memory stays flat (a few MiB in flight)
    whatever the file size."""

    def __init__(self, name: str, fn: Callable[[bytes], object]) -> None:
        self.q: queue.Queue[bytes | None] = queue.Queue(maxsize=8)
        self.fn = fn
        self.failure: BaseException | None = None
        self.thread = threading.Thread(target=self._run, name=name, daemon=True)
        self.thread.start()

    def _run(self) -> None:
        try:
            while (item := self.q.get()) is not None:
                self.fn(item)
        except BaseException as e:  # re-raised in the caller's thread by raise_failure()
            self.failure = e
            while self.q.get() is not None:  # drain so the producer never blocks
                pass

    def put(self, chunk: bytes) -> None:
        if self.failure is not None:
            raise self.failure
        self.q.put(chunk)

    def close(self) -> None:
        self.q.put(None)
        self.thread.join()

    def raise_failure(self) -> None:
        if self.failure is not None:
            raise self.failure


def read_chunks(f: BinaryIO, chunk_size: int = CHUNK) -> Iterable[bytes]:
    """Yield ``f``'s bytes in chunks until EOF."""
    while chunk := f.read(chunk_size):
        yield chunk


def digest_file(path: str | os.PathLike[str]) -> tuple[Digest, int]:
    """Both digests of a file, read once."""
    with open(path, "rb") as f:
        size = os.fstat(f.fileno()).st_size
        return digest_chunks(read_chunks(f), parallel=size >= _PARALLEL_THRESHOLD)
