"""armel's float arithmetic: the functions compiled code calls for each float operation,
since ARMv5TE has no FPU. Written in Kiln's subset.

Each is a one-line subset function; translated for armel, gcc turns its body into the
libgcc soft-float call (`__aeabi_dadd`, `__aeabi_dcmplt`, `__aeabi_i2d`, ...), and
`FunctionAddress` gives compiled code the address of its jitcall wrapper (doubles and
words only, soft-float ABI: a double in a core register pair). Going through subset
functions instead of naming the `__aeabi_*` symbols keeps the semantics the reference
executor's (division by zero, NaN comparisons) and needs no C declarations.

A `FunctionAddress` needs its function reached by the translated program: the CPU calls
`check_helpers` once on armel, which is also a cheap sanity check of the table.
"""

from __future__ import annotations

from jit.metainterp import resoperation as rop
from jit.metainterp.executor import float_divide
from toolchain.rlib.rawmem import DOUBLE, WORD
from toolchain.rlib.symbolic import FunctionAddress


def float_add(a: float, b: float) -> float:
    return a + b


def float_sub(a: float, b: float) -> float:
    return a - b


def float_mul(a: float, b: float) -> float:
    return a * b


def float_truediv(a: float, b: float) -> float:
    return float_divide(a, b)


def float_lt(a: float, b: float) -> int:
    return 1 if a < b else 0


def float_le(a: float, b: float) -> int:
    return 1 if a <= b else 0


def float_eq(a: float, b: float) -> int:
    return 1 if a == b else 0


def float_ne(a: float, b: float) -> int:
    return 1 if a != b else 0


def float_gt(a: float, b: float) -> int:
    return 1 if a > b else 0


def float_ge(a: float, b: float) -> int:
    return 1 if a >= b else 0


def cast_int_to_float(a: int) -> float:
    return float(a)


def cast_float_to_int(a: float) -> int:
    # Out of range (or NaN) the result is undefined, as with VFP's vcvt; it must not
    # stop the program, so it saturates like vcvt does.
    limit = float(1 << 29) * 4.0         # 2**31, formed without overflowing a word
    if a != a:
        return 0
    if a >= limit:
        return (1 << 30) - 1 + (1 << 30)
    if a < -limit:
        return -(1 << 30) - (1 << 30)
    return int(a)


_DD_D = [DOUBLE, DOUBLE]


class Helpers:
    """The helpers' addresses (attributes, not a dict: symbolics are placed in prebuilt
    instances' fields)."""

    def __init__(self) -> None:
        self.add = FunctionAddress(float_add, 2, _DD_D, DOUBLE)
        self.sub = FunctionAddress(float_sub, 2, _DD_D, DOUBLE)
        self.mul = FunctionAddress(float_mul, 2, _DD_D, DOUBLE)
        self.truediv = FunctionAddress(float_truediv, 2, _DD_D, DOUBLE)
        self.lt = FunctionAddress(float_lt, 2, _DD_D, WORD)
        self.le = FunctionAddress(float_le, 2, _DD_D, WORD)
        self.eq = FunctionAddress(float_eq, 2, _DD_D, WORD)
        self.ne = FunctionAddress(float_ne, 2, _DD_D, WORD)
        self.gt = FunctionAddress(float_gt, 2, _DD_D, WORD)
        self.ge = FunctionAddress(float_ge, 2, _DD_D, WORD)
        self.int_to_float = FunctionAddress(cast_int_to_float, 1, [WORD], DOUBLE)
        self.float_to_int = FunctionAddress(cast_float_to_int, 1, [DOUBLE], WORD)

    # int(): untranslated the fields are Symbolic objects; translated, plain words.

    def binary(self, opnum: int) -> int:
        """The helper of FLOAT_ADD..FLOAT_TRUEDIV and FLOAT_LT..FLOAT_GE."""
        if opnum == rop.FLOAT_ADD:
            return int(self.add)
        if opnum == rop.FLOAT_SUB:
            return int(self.sub)
        if opnum == rop.FLOAT_MUL:
            return int(self.mul)
        if opnum == rop.FLOAT_TRUEDIV:
            return int(self.truediv)
        if opnum == rop.FLOAT_LT:
            return int(self.lt)
        if opnum == rop.FLOAT_LE:
            return int(self.le)
        if opnum == rop.FLOAT_EQ:
            return int(self.eq)
        if opnum == rop.FLOAT_NE:
            return int(self.ne)
        if opnum == rop.FLOAT_GT:
            return int(self.gt)
        return int(self.ge)

    def cast(self, opnum: int) -> int:
        """The helper of CAST_INT_TO_FLOAT or CAST_FLOAT_TO_INT."""
        if opnum == rop.CAST_INT_TO_FLOAT:
            return int(self.int_to_float)
        return int(self.float_to_int)


HELPERS = Helpers()


def check_helpers() -> bool:
    """Calls every helper once (see the module doc); True if each computed what it must."""
    ok = float_add(1.5, 2.0) == 3.5 and float_sub(1.5, 2.0) == -0.5
    ok = ok and float_mul(1.5, 2.0) == 3.0 and float_truediv(3.0, 2.0) == 1.5
    ok = ok and float_lt(1.0, 2.0) == 1 and float_le(2.0, 2.0) == 1
    ok = ok and float_eq(2.0, 2.0) == 1 and float_ne(1.0, 2.0) == 1
    ok = ok and float_gt(2.0, 1.0) == 1 and float_ge(1.0, 2.0) == 0
    return ok and cast_int_to_float(-3) == -3.0 and cast_float_to_int(-2.75) == -2
