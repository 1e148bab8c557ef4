"""A screenshot header's sender as a number key: a service number shown with a sub-number apart
("安逸花 95188 8001") is the service line, while numbers written in groups stay whole."""

from __future__ import annotations

import pytest

from evidencekit.core.media.numbers import dialled, number_key


@pytest.mark.parametrize(("shown", "key"), [
    ("安逸花 95188 8001", "95188"), ("95188 8001", "95188"), ("众安金融 95069", "95069"), ("95511 3", "95511"),
    # numbers in groups, written whole
    ("171 2345 6789", "17123456789"), ("+86 171 2345 6789", "17123456789"), ("+852 6408 2215", "64082215"),
    ("+886 2 8751 1313", "0287511313"), ("玉山銀行 0912-345-678", "0912345678"), ("021 6888 8888", "02168888888"),
    ("1069 8009 5786", "106980095786"), ("400 820 8820", "4008208820"), ("951888001", "951888001"),
    ("微众银行", "微众银行"),
])
def test_a_header_number_key(shown: str, key: str) -> None:
    assert number_key(shown) == key


def test_dialled_keeps_anything_but_a_service_number_with_a_sub_number() -> None:
    assert dialled("安逸花 95188 8001") == "95188"
    assert dialled("171 2345 6789") == "171 2345 6789"
    assert dialled("招联 1069 8009 5786") == "招联 1069 8009 5786"
