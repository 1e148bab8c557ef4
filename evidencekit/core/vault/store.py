"""The object store: originals kept byte for byte under their SHA-256, written durably.

An original is copied into ``tmp/`` while both digests are computed in the same read, fsynced,
made read-only and renamed into ``objects/ab/<sha256>``. A crash leaves at most a file in ``tmp/``
or an object no item refers to: :meth:`ObjectStore.leftovers` finds both (removed at the next
writable open, reported by verification).
"""

from __future__ import annotations

import os
import shutil
import uuid
from pathlib import Path
from typing import BinaryIO

from evidencekit.core.integrity.hashing import digest_chunks, read_chunks
from evidencekit.core.models import Digest
from evidencekit.core.vault.durable import StoreWriter
from evidencekit.core.vault.folder import fsync_dir

DIRECT_FROM = 32 << 20  # recordings and videos skip the page cache; screenshots go through it


class ObjectStore:
    """The ``objects/``, ``derived/`` and ``tmp/`` folders of one case."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.objects = root / "objects"
        self.tmp = root / "tmp"
        self.derived = root / "derived"

    def path_of(self, sha256: str) -> Path:
        """Where the original with this SHA-256 is kept. Never write there."""
        return self.objects / sha256[:2] / sha256

    def derived_dir(self, item_id: int) -> Path:
        """A folder for data derived from an item (rebuildable; created on demand)."""
        d = self.derived / str(item_id)
        d.mkdir(mode=0o700, parents=True, exist_ok=True)
        return d

    def copy_hashing(self, src: BinaryIO) -> tuple[Path, Digest, int]:
        """Copy ``src`` into a new file in ``tmp/`` (fsynced) while computing both digests in one
        read; the writer runs in a thread of its own (see ``durable.StoreWriter``).

        Returns:
            The temporary file, the digests and the number of bytes.

        Raises:
            OSError: reading or writing failed (the temporary file is removed).
        """
        tmp_path = self.tmp / f"{uuid.uuid4().hex}.part"
        size_hint = os.fstat(src.fileno()).st_size
        writer = StoreWriter(tmp_path, direct=size_hint >= DIRECT_FROM)
        try:
            digest, size = digest_chunks(read_chunks(src), sink=writer.write)
            writer.close()
        except BaseException:
            writer.abort()
            force_remove(tmp_path)
            raise
        return tmp_path, digest, size

    def keep(self, tmp_path: Path, sha256: str) -> Path:
        """Make a copied file read-only (owner only) and move it to its place in ``objects/`` (durably)."""
        os.chmod(tmp_path, 0o400)
        dest = self.path_of(sha256)
        dest.parent.mkdir(mode=0o700, exist_ok=True)
        os.replace(tmp_path, dest)
        fsync_dir(dest.parent)
        return dest

    def discard(self, sha256: str, item_id: int) -> None:
        """Delete an original and what was derived from it (a purge)."""
        force_remove(self.path_of(sha256))
        shutil.rmtree(self.derived / str(item_id), ignore_errors=True)

    def leftovers(self, known: set[str]) -> list[Path]:
        """Files an interrupted import left: anything in ``tmp/`` and objects no item refers to."""
        found = sorted(self.tmp.iterdir()) if self.tmp.is_dir() else []
        for sub in sorted(self.objects.iterdir()) if self.objects.is_dir() else ():
            if sub.is_dir():
                found += [obj for obj in sorted(sub.iterdir()) if obj.name not in known]
        return found

    def remove_leftovers(self, known: set[str]) -> list[str]:
        """Remove :meth:`leftovers`; returns their paths relative to the case folder."""
        self.tmp.mkdir(mode=0o700, exist_ok=True)
        removed = []
        for p in self.leftovers(known):
            force_remove(p)
            removed.append(p.relative_to(self.root).as_posix())
        return removed


def force_remove(p: Path) -> None:
    """Remove a file (read-only ones too) or a folder; a missing one is no error."""
    try:
        if p.is_dir() and not p.is_symlink():
            shutil.rmtree(p, ignore_errors=True)
        else:
            os.chmod(p, 0o600)
            p.unlink()
    except FileNotFoundError:
        pass
