"""Low-level types: what a value is in C.

Sizes and alignment are never modelled here: the C compiler of the target is the single
authority on layout, and `Signed` is the target's machine word (`long` on every Linux
ABI we support, 32 or 64 bits).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from toolchain.annotator.classdef import ClassDef


class LowLevelType:
    c_type: str = ""
    is_gc_pointer = False

    def __repr__(self) -> str:
        return type(self).__name__


@dataclass(frozen=True)
class Primitive(LowLevelType):
    name: str
    c_type: str

    def __repr__(self) -> str:
        return self.name


Signed = Primitive("Signed", "Signed")
Unsigned = Primitive("Unsigned", "Unsigned")
Bool = Primitive("Bool", "bool")
Float = Primitive("Float", "double")
Void = Primitive("Void", "void")


class PointerType(LowLevelType):
    is_gc_pointer = True


@dataclass(frozen=True)
class StrPtr(PointerType):
    c_type: str = "struct kiln_str *"


@dataclass(frozen=True)
class ListPtr(PointerType):
    item: LowLevelType
    c_type: str = "struct kiln_list *"


@dataclass(frozen=True)
class DictPtr(PointerType):
    key: LowLevelType
    value: LowLevelType
    c_type: str = "struct kiln_dict *"


class TuplePtr(PointerType):
    """An immutable GC struct of fixed, typed fields; one C struct per item-type tuple,
    named by a hash of the item types so the name is stable across runs."""

    def __init__(self, items: tuple[LowLevelType, ...]) -> None:
        self.items = items
        digest = hashlib.sha1(repr(items).encode()).hexdigest()[:10]
        self.c_struct = f"kiln_tuple_{digest}"
        self.c_type = f"struct {self.c_struct} *"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, TuplePtr) and other.items == self.items

    def __hash__(self) -> int:
        return hash(self.items)

    def __repr__(self) -> str:
        return f"TuplePtr{self.items!r}"


class FuncPtr(LowLevelType):
    """A pointer to one of several functions of one C signature (a typedef in C)."""

    def __init__(self, params: tuple[LowLevelType, ...], result: LowLevelType) -> None:
        self.params = params
        self.result = result
        digest = hashlib.sha1(repr((params, result)).encode()).hexdigest()[:10]
        self.c_type = f"kiln_fn_{digest}"

    def typedef(self) -> str:
        params = ", ".join(p.c_type for p in self.params if p is not Void) or "void"
        return f"typedef {self.result.c_type} (*{self.c_type})({params});"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, FuncPtr) and (other.params, other.result) == (
            self.params, self.result)

    def __hash__(self) -> int:
        return hash((self.params, self.result))

    def __repr__(self) -> str:
        return f"FuncPtr{self.params!r}->{self.result!r}"


class InstancePtr(PointerType):
    """A pointer to a user class's struct; the struct's fields come from the rtyper."""

    def __init__(self, classdef: ClassDef, c_struct: str) -> None:
        self.classdef = classdef
        self.c_struct = c_struct
        self.c_type = f"struct {c_struct} *"

    def __repr__(self) -> str:
        return f"InstancePtr({self.c_struct})"


STR = StrPtr()


def holds_gc_pointers(t: LowLevelType) -> bool:
    """False when a block of such values can be allocated as pointer-free (atomic) memory,
    which the conservative GC then never scans."""
    return t.is_gc_pointer
