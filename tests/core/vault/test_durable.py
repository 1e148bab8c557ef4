import os
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from evidencekit.core.vault.durable import StoreWriter


@pytest.mark.parametrize("direct", [True, False])
@given(sizes=st.lists(st.integers(min_value=0, max_value=3 << 20), max_size=6))
@settings(max_examples=25, deadline=None)
def test_bytes_written_exactly(tmp_path_factory: pytest.TempPathFactory, direct: bool, sizes: list[int]) -> None:
    d = tmp_path_factory.mktemp("w")
    chunks = [os.urandom(n) for n in sizes]
    w = StoreWriter(d / "out", direct=direct)
    for c in chunks:
        w.write(c)
    w.close()
    assert (d / "out").read_bytes() == b"".join(chunks)


def test_refuses_existing_file(tmp_path: Path) -> None:
    (tmp_path / "x").write_bytes(b"keep")
    with pytest.raises(FileExistsError):
        StoreWriter(tmp_path / "x", direct=True)
    assert (tmp_path / "x").read_bytes() == b"keep"
