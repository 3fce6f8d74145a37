"""toolchain.rlib.rarithmetic on CPython: the host-word model that translated code
matches at the target's word size (the translated side is in test_int_semantics.py)."""

from __future__ import annotations

import pytest

from toolchain.rlib.rarithmetic import LONG_BIT, intmask, ovfcheck, r_uint


def test_intmask_gives_a_plain_signed_int() -> None:
    assert intmask(r_uint(-1)) == -1
    assert type(intmask(r_uint(-1))) is int
    assert intmask(1 << (LONG_BIT - 1)) == -(1 << (LONG_BIT - 1))
    assert intmask(5) == 5


def test_r_uint_wraps() -> None:
    assert r_uint(0) - 1 == (1 << LONG_BIT) - 1
    assert isinstance(r_uint(3) * 2, r_uint)
    assert r_uint(1) << LONG_BIT == 0


def test_ovfcheck() -> None:
    assert ovfcheck(5) == 5
    with pytest.raises(OverflowError):
        ovfcheck(1 << (LONG_BIT - 1))
