"""Symbolic ints: numbers only the C compiler knows, placed in prebuilt data.

The JIT's descrs and jitcodes need field offsets, struct sizes, vtable addresses,
function addresses and the dicts' key operations.  The C compiler is the one authority on
layout, so these values are never computed here: a symbolic stands in for the number in
prebuilt data (a descr's `offset`, a jitcode's constant pool), the annotator treats it as
an int that is not a constant, and genc writes its C expression into the static
initializer.

Untranslated, only `FunctionAddress` has a value (a ctypes callback around the Python
function, so that untranslated traces can call it); reading any other raises
`SymbolicError`.
"""

from __future__ import annotations

import ctypes
from typing import Any, Callable

from toolchain.rlib.rawmem import DOUBLE, WORD, FuncSig, cast_instance_to_addr


class SymbolicError(Exception):
    """A symbolic's value was needed untranslated, where no C compiler has fixed it."""


class Symbolic:
    """An int whose value the generated C computes; see the module docstring."""

    def value(self) -> int:
        raise SymbolicError(f"{self!r} has a value only in translated code")

    def __int__(self) -> int:
        return self.value()

    def __index__(self) -> int:
        return self.value()

    def __eq__(self, other: object) -> bool:
        return type(self) is type(other) and self.key() == other.key()  # type: ignore

    def __hash__(self) -> int:
        return hash((type(self).__name__, self.key()))

    def key(self) -> tuple[Any, ...]:
        raise NotImplementedError


class FieldOffset(Symbolic):
    """`offsetof` the struct of instances of `cls`, field `attr` (possibly inherited)."""

    def __init__(self, cls: type, attr: str) -> None:
        self.cls = cls
        self.attr = attr

    def key(self) -> tuple[Any, ...]:
        return (self.cls, self.attr)

    def __repr__(self) -> str:
        return f"FieldOffset({self.cls.__name__}.{self.attr})"


class StructFieldOffset(Symbolic):
    """`offsetof(struct <c_struct>, <field>)` for the runtime's own structs
    (`kiln_list`, `kiln_str`, `kiln_dict`, `kiln_object`)."""

    def __init__(self, c_struct: str, field: str) -> None:
        self.c_struct = c_struct
        self.field = field

    def key(self) -> tuple[Any, ...]:
        return (self.c_struct, self.field)

    def __repr__(self) -> str:
        return f"StructFieldOffset({self.c_struct}.{self.field})"


class SizeOf(Symbolic):
    """`sizeof` the struct of instances of `cls`."""

    def __init__(self, cls: type) -> None:
        self.cls = cls

    def key(self) -> tuple[Any, ...]:
        return (self.cls,)

    def __repr__(self) -> str:
        return f"SizeOf({self.cls.__name__})"


class TupleSize(Symbolic):
    """`sizeof` the C struct of tuples of low-level type `tuple_type` (a TuplePtr)."""

    def __init__(self, tuple_type: Any) -> None:
        self.tuple_type = tuple_type

    def key(self) -> tuple[Any, ...]:
        return (self.tuple_type,)

    def __repr__(self) -> str:
        return f"TupleSize({self.tuple_type!r})"


class DictKeyOps(Symbolic):
    """The address of the `struct kiln_dict_keyops` that dicts with keys of low-level
    type `key_type` use (0: keys compared as words), what `kiln_dict_new` takes."""

    def __init__(self, key_type: Any) -> None:
        self.key_type = key_type

    def key(self) -> tuple[Any, ...]:
        return (self.key_type,)

    def __repr__(self) -> str:
        return f"DictKeyOps({self.key_type!r})"


class VtableAddress(Symbolic):
    """The address of the vtable of class `cls` (what an instance's header points to)."""

    def __init__(self, cls: type) -> None:
        self.cls = cls

    def key(self) -> tuple[Any, ...]:
        return (self.cls,)

    def __repr__(self) -> str:
        return f"VtableAddress({self.cls.__name__})"


class CFunctionAddress(Symbolic):
    """The address of a C function of the runtime library, by name."""

    def __init__(self, name: str) -> None:
        self.name = name

    def key(self) -> tuple[Any, ...]:
        return (self.name,)

    def __repr__(self) -> str:
        return f"CFunctionAddress({self.name})"


class PrebuiltAddress(Symbolic):
    """The address of a prebuilt object (a str, list, dict, tuple or instance) that
    jitcodes name as a constant.  Untranslated it is the object's rawmem address."""

    def __init__(self, obj: Any) -> None:
        self.obj = obj

    def key(self) -> tuple[Any, ...]:
        return (id(self.obj),)

    def value(self) -> int:
        return cast_instance_to_addr(self.obj)

    def __repr__(self) -> str:
        return f"PrebuiltAddress({self.obj!r:.40})"


class FunctionAddress(Symbolic):
    """The address of the jitcall wrapper of `func`'s graph for `nargs` arguments: a C
    function taking and returning only words and doubles (`arg_kinds`/`result_kind`
    are `rawmem.WORD`/`rawmem.DOUBLE`, result None for void)."""

    def __init__(self, func: Callable[..., Any], nargs: int, arg_kinds: list[str],
                 result_kind: str | None) -> None:
        self.func = func
        self.nargs = nargs
        self.arg_kinds = list(arg_kinds)
        self.result_kind = result_kind
        self._callback: Any = None

    def key(self) -> tuple[Any, ...]:
        return (self.func, self.nargs)

    def value(self) -> int:
        if self._callback is None:
            sig = FuncSig(self.arg_kinds, self.result_kind or WORD)
            func = self.func

            def call(*args: Any) -> Any:
                result = func(*args)
                if self.result_kind is None:
                    return 0
                if self.result_kind == DOUBLE:
                    return float(result)
                return int(result)

            self._callback = sig._ctype(call)
        return ctypes.cast(self._callback, ctypes.c_void_p).value or 0

    def __repr__(self) -> str:
        return f"FunctionAddress({self.func.__qualname__}/{self.nargs})"
