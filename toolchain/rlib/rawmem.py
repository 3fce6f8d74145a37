"""Low-level memory for code written in the subset: what the JIT runtime is built from.

Addresses are plain ints (the target's machine word).  Every primitive has a meaning on
CPython (through ctypes), so the JIT runtime runs and is tested untranslated first; the
translator turns each into one line of C.

- raw memory: `raw_malloc`, `raw_free`, and loads/stores of words, bytes and doubles at
  an address plus an offset.  Raw blocks are scanned by the GC (they may hold object
  addresses) and never moved or collected until freed.
- GC objects as addresses: `cast_instance_to_addr` (any instance, str, bytes, list, dict
  or tuple) / `cast_addr_to_instance(cls, addr)` / `cast_addr_to_like(addr, example)`.
  An object whose address is kept only in code memory must be kept alive elsewhere.
- code memory: `code_alloc` (read/write), `code_make_executable` (read/execute, never
  both: W^X), `code_make_writable`, `code_free`, `flush_icache`.
- exceptions of residual calls: `fetch_exception` / `restore_exception`, and
  `exception_address()` for compiled code's GUARD_NO_EXCEPTION.
- calls through an address: a `FuncSig` declared at module level, then
  `SIG.call(addr, args...)`; `malloc_function_address()` is the allocator compiled
  code calls (the GC's, translated).
"""

from __future__ import annotations

import ctypes
import mmap
from typing import Any

WORD = "word"
DOUBLE = "double"
_C_TYPES = {WORD: ctypes.c_long, DOUBLE: ctypes.c_double}

_libc = ctypes.CDLL(None, use_errno=True)
_libc.mmap.restype = ctypes.c_void_p
_libc.mmap.argtypes = [ctypes.c_void_p, ctypes.c_size_t, ctypes.c_int, ctypes.c_int,
                       ctypes.c_int, ctypes.c_long]
_libc.mprotect.argtypes = [ctypes.c_void_p, ctypes.c_size_t, ctypes.c_int]
_libc.munmap.argtypes = [ctypes.c_void_p, ctypes.c_size_t]
_libc.calloc.restype = ctypes.c_void_p
_libc.calloc.argtypes = [ctypes.c_size_t, ctypes.c_size_t]
_libc.free.argtypes = [ctypes.c_void_p]

_MAP_FAILED = ctypes.c_void_p(-1).value


# -- raw memory ---------------------------------------------------------------------------

def raw_malloc(size: int) -> int:
    """A zeroed block of `size` bytes that stays put until `raw_free`."""
    address = _libc.calloc(1, max(size, 1))
    if not address:
        raise MemoryError("raw_malloc")
    return address


def raw_free(address: int) -> None:
    _libc.free(address)


def raw_load_word(address: int, offset: int) -> int:
    return ctypes.c_long.from_address(address + offset).value


def raw_store_word(address: int, offset: int, value: int) -> None:
    ctypes.c_long.from_address(address + offset).value = value


def raw_load_byte(address: int, offset: int) -> int:
    return ctypes.c_ubyte.from_address(address + offset).value


def raw_store_byte(address: int, offset: int, value: int) -> None:
    ctypes.c_ubyte.from_address(address + offset).value = value & 0xFF


def raw_load_double(address: int, offset: int) -> float:
    return ctypes.c_double.from_address(address + offset).value


def raw_store_double(address: int, offset: int, value: float) -> None:
    ctypes.c_double.from_address(address + offset).value = value


# The allocator compiled code calls for NEW: `long size -> zeroed block`.  Translated it
# is the GC's (Boehm); untranslated, a ctypes callback around raw_malloc, kept alive here.
_malloc_callbacks: list[Any] = []


def malloc_function_address() -> int:
    """The address of a C function `long size -> address of a zeroed block`."""
    if not _malloc_callbacks:
        _malloc_callbacks.append(ctypes.CFUNCTYPE(ctypes.c_long, ctypes.c_long)(raw_malloc))
    return ctypes.cast(_malloc_callbacks[0], ctypes.c_void_p).value or 0


# -- exceptions of residual calls ------------------------------------------------------------

def fetch_exception() -> int:
    """The exception a residual call raised (its address), taken out of the way so that
    the JIT runtime's own calls do not see it; 0 if none.  Untranslated, whatever a test's
    callee stored in the `exception_address()` word."""
    word = exception_address()
    exc = raw_load_word(word, 0)
    raw_store_word(word, 0, 0)
    return exc


_exception_word: list[int] = []


def exception_address() -> int:
    """The address of the word holding the pending exception (0: none), which compiled
    code tests after a call that can raise (GUARD_NO_EXCEPTION).  Translated it is the
    runtime's `kiln_exc_value`; untranslated, a word of its own that tests may set."""
    if not _exception_word:
        _exception_word.append(raw_malloc(8))
    return _exception_word[0]


def restore_exception(address: int) -> None:
    """Makes `address` the pending exception again: the caller propagates it (translated,
    a call of this counts as raising)."""
    raw_store_word(exception_address(), 0, address)


# -- instances as addresses ----------------------------------------------------------------

# Untranslated, an "address" of an instance is its id(); this table maps it back and
# keeps the instance alive, as a real address held by the JIT would have to.
_instances: dict[int, Any] = {}


def cast_instance_to_addr(obj: Any) -> int:
    if obj is None:
        return 0
    _instances[id(obj)] = obj
    return id(obj)


def cast_addr_to_like(address: int, like: Any) -> Any:
    """The object at `address`, typed like `like` (any GC object of the wanted type:
    the JIT's woven code passes the variable the value goes back into)."""
    if address == 0:
        return None
    obj = _instances[address]
    assert type(obj) is type(like) or isinstance(obj, type(like)), (
        f"address {address:#x} holds a {type(obj).__name__}, not a {type(like).__name__}")
    return obj


def cast_addr_to_instance(cls: type, address: int) -> Any:
    if address == 0:
        return None
    obj = _instances[address]
    assert isinstance(obj, cls), f"address {address:#x} does not hold a {cls.__name__}"
    return obj


# -- code memory ---------------------------------------------------------------------------

def code_alloc(size: int) -> int:
    """Fresh pages, readable and writable (not executable), for machine code."""
    address = _libc.mmap(None, size, mmap.PROT_READ | mmap.PROT_WRITE,
                         mmap.MAP_PRIVATE | mmap.MAP_ANONYMOUS, -1, 0)
    if address in (None, _MAP_FAILED):
        raise MemoryError(f"code_alloc: mmap failed (errno {ctypes.get_errno()})")
    return address


def _protect(address: int, size: int, flags: int) -> None:
    if _libc.mprotect(address, size, flags) != 0:
        raise OSError(ctypes.get_errno(), "mprotect failed")


def code_make_executable(address: int, size: int) -> None:
    _protect(address, size, mmap.PROT_READ | mmap.PROT_EXEC)


def code_make_writable(address: int, size: int) -> None:
    _protect(address, size, mmap.PROT_READ | mmap.PROT_WRITE)


def code_free(address: int, size: int) -> None:
    _libc.munmap(address, size)


def flush_icache(address: int, size: int) -> None:
    """Makes freshly written code visible to instruction fetch.  x86 needs nothing;
    translated code for ARM calls the compiler's __builtin___clear_cache."""


# -- calls through an address --------------------------------------------------------------

class FuncSig:
    """A C signature for calls through a code address: `FuncSig([WORD, WORD], WORD)`.
    Declare it at module level; translated, each declared signature is a C function
    pointer type."""

    def __init__(self, args: list[str], result: str) -> None:
        for kind in [*args, result]:
            if kind not in _C_TYPES:
                raise ValueError(f"FuncSig: {kind!r} is not WORD or DOUBLE")
        self.args = tuple(args)
        self.result = result
        self._ctype = ctypes.CFUNCTYPE(_C_TYPES[result], *(_C_TYPES[a] for a in args))

    def call(self, address: int, *args: Any) -> Any:
        if len(args) != len(self.args):
            raise TypeError(f"this signature takes {len(self.args)} arguments")
        return self._ctype(address)(*args)
