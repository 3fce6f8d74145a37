"""Real C functions for traces to call (one of them raising, as far as compiled code can
tell), and a way to find a mapping's permissions."""

from __future__ import annotations

import ctypes
import ctypes.util

from toolchain.rlib.rawmem import exception_address, raw_malloc

L = ctypes.c_long
D = ctypes.c_double

_libm = ctypes.CDLL(ctypes.util.find_library("m"))
_libc = ctypes.CDLL(None)


def c_address(function: object) -> int:
    return ctypes.cast(function, ctypes.c_void_p).value or 0


# libc and libm themselves: calls into real C code.
LABS = c_address(_libc.labs)            # long labs(long)
POW = c_address(_libm.pow)              # double pow(double, double)
FMA = c_address(_libm.fma)              # double fma(double, double, double)

# ctypes callbacks: C-callable functions with Python bodies (kept alive here).
_CALLBACKS: list[object] = []


def callback(restype: type, argtypes: list[type], body: object) -> int:
    function = ctypes.CFUNCTYPE(restype, *argtypes)(body)
    _CALLBACKS.append(function)
    return c_address(function)


MALLOC = callback(L, [L], raw_malloc)   # the allocation helper of NEW untranslated
SUB3 = callback(L, [L, L], lambda a, b: ctypes.c_long(a * 3 - b).value)
SUM8 = callback(L, [L] * 8, lambda *a: ctypes.c_long(sum((i + 1) * v for i, v in enumerate(a))).value)
FSUM10 = callback(D, [D] * 10, lambda *a: sum((i + 1) * v for i, v in enumerate(a)))
MIXED12 = callback(D, [L, D] * 6,
                   lambda *a: sum((i + 1) * v for i, v in enumerate(a)))


def _raise_if(flag: int) -> int:
    """Raises (leaves `flag` in the exception word, as a raising C function leaves its
    exception in kiln_exc_value) unless `flag` is 0; returns flag + 1 either way."""
    if flag != 0:
        L.from_address(exception_address()).value = flag
    return L(flag + 1).value


RAISE_IF = callback(L, [L], _raise_if)


def mapping_permissions(address: int) -> str:
    """The permission string ("r-xp") of the mapping holding `address` in this process."""
    with open("/proc/self/maps") as maps:
        for line in maps:
            span, perms = line.split()[:2]
            start, end = (int(x, 16) for x in span.split("-"))
            if start <= address < end:
                return perms
    raise AssertionError(f"{address:#x} is in no mapping")
