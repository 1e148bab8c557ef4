import hashlib
import subprocess

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from evidencekit.core.integrity.hashing import digest_bytes, digest_chunks, digest_file, sm3_hex

# GM/T 0004-2012 appendix A test vectors.
SM3_VECTORS = [
    pytest.param(b"abc", "66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0", id="abc"),
    pytest.param(b"abcd" * 16, "debe9ff92275b8a138604889c18e5a4d6fdb70e5387e5765293dcba39c0c5732", id="abcd*16"),
]


@pytest.mark.parametrize("data,expected", SM3_VECTORS)
def test_sm3_standard_vectors(data: bytes, expected: str) -> None:
    assert sm3_hex(data) == expected


@given(st.lists(st.binary(max_size=3000), max_size=12), st.booleans())
@settings(max_examples=60, deadline=None)
def test_chunked_digests_equal_one_shot(chunks: list[bytes], parallel: bool) -> None:
    digest, size = digest_chunks(chunks, parallel=parallel)
    whole = b"".join(chunks)
    assert size == len(whole)
    assert digest == digest_bytes(whole)
    assert digest.sha256 == hashlib.sha256(whole).hexdigest()


def test_digest_file_matches_openssl(tmp_path) -> None:
    p = tmp_path / "big.bin"
    p.write_bytes(bytes(range(256)) * 50_000)  # 12.8 MB: takes the parallel path
    digest, size = digest_file(p)
    assert size == p.stat().st_size
    out = subprocess.run(["openssl", "dgst", "-sm3", "-r", str(p)], capture_output=True, text=True)
    if out.returncode == 0:
        assert out.stdout.split()[0] == digest.sm3
    assert digest.sha256 == hashlib.sha256(p.read_bytes()).hexdigest()


def test_failure_in_sm3_thread_is_raised() -> None:
    class Boom(Exception):
        pass

    def chunks():
        yield b"x" * 10
        raise Boom()

    with pytest.raises(Boom):
        digest_chunks(chunks(), parallel=True)


def test_cryptography_fallback_agrees_with_hashlib() -> None:
    from evidencekit.core.integrity.hashing import _CryptographySm3

    h = _CryptographySm3()
    h.update(b"abc")
    assert h.hexdigest() == SM3_VECTORS[0].values[1]
