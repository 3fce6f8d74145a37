"""Machine-word arithmetic, with RPython's names: `r_uint`, `intmask`, `ovfcheck`.

Untranslated, these model the host's machine word (64 bits here); translated, the
target's word (32 bits on i686 and ARM).  A program whose results must agree across
targets keeps its values within 32 bits or uses these helpers on purpose.
"""

from __future__ import annotations

import sys

LONG_BIT = 64 if sys.maxsize > 2**32 else 32
_MASK = (1 << LONG_BIT) - 1
_SIGN = 1 << (LONG_BIT - 1)


def intmask(n: int) -> int:
    """The signed machine word with the same low bits as n."""
    n = int(n) & _MASK  # int() first: r_uint's own operators would wrap the result
    return n - (1 << LONG_BIT) if n & _SIGN else n


def ovfcheck(n: int) -> int:
    """n, if it fits a signed machine word; else OverflowError.  Translated, wrap the
    operation itself: `ovfcheck(a + b)`, `ovfcheck(a - b)`, `ovfcheck(a * b)`."""
    if not -_SIGN <= n < _SIGN:
        raise OverflowError("integer operation overflowed")
    return n


class r_uint(int):
    """An unsigned machine word: arithmetic wraps modulo 2**LONG_BIT."""

    def __new__(cls, value: int = 0) -> r_uint:
        return super().__new__(cls, int(value) & _MASK)

    def _wrap(self, value: int) -> r_uint:
        return r_uint(value)

    def __add__(self, other: int) -> r_uint:
        return self._wrap(int(self) + int(other))

    __radd__ = __add__

    def __sub__(self, other: int) -> r_uint:
        return self._wrap(int(self) - int(other))

    def __rsub__(self, other: int) -> r_uint:
        return self._wrap(int(other) - int(self))

    def __mul__(self, other: int) -> r_uint:
        return self._wrap(int(self) * int(other))

    __rmul__ = __mul__

    def __floordiv__(self, other: int) -> r_uint:
        return self._wrap(int(self) // (int(other) & _MASK))

    def __mod__(self, other: int) -> r_uint:
        return self._wrap(int(self) % (int(other) & _MASK))

    def __and__(self, other: int) -> r_uint:
        return self._wrap(int(self) & int(other))

    __rand__ = __and__

    def __or__(self, other: int) -> r_uint:
        return self._wrap(int(self) | int(other))

    __ror__ = __or__

    def __xor__(self, other: int) -> r_uint:
        return self._wrap(int(self) ^ int(other))

    __rxor__ = __xor__

    def __lshift__(self, other: int) -> r_uint:
        return self._wrap(int(self) << int(other))

    def __rshift__(self, other: int) -> r_uint:
        return self._wrap(int(self) >> int(other))

    def __neg__(self) -> r_uint:
        return self._wrap(-int(self))

    def __invert__(self) -> r_uint:
        return self._wrap(~int(self))
