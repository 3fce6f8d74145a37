"""The descrs the codewriter puts in a JitCodeSet: fields, arrays, sizes and calls, each
made once and numbered.

Offsets and sizes that only the C compiler knows are symbolics (`FieldOffset`,
`StructFieldOffset`, `SizeOf`, `VtableAddress`); item and field sizes of primitive types
follow from the target's word size.  The layouts are the runtime's (kiln.h): a str is
`{hash, length, chars[]}`, a list `{length, allocated, items*}` with the items in a
separate block, an instance starts with its `typeptr`.
"""

from __future__ import annotations

from typing import Any

from jit.codewriter.callshapes import CallShapeTable
from jit.metainterp import resoperation as rop
from jit.metainterp.resoperation import (
    AbstractDescr, ArrayDescr, CallDescr, FieldDescr, SizeDescr,
)
from toolchain.annotator.classdef import ClassDef
from toolchain.rlib.symbolic import FieldOffset, SizeOf, StructFieldOffset, VtableAddress
from toolchain.rtyper.lltype import Bool, Float, LowLevelType, Signed, Unsigned, Void


# The runtime structs' fields that hold counts (kiln.h).
NONNEG_FIELDS = {("kiln_list", "length"), ("kiln_list", "allocated"), ("kiln_dict", "used")}


class NoKind(TypeError):
    """A low-level type no register file holds (a C function pointer, ...)."""


def kind_of_type(t: LowLevelType) -> int:
    """The register file of values of low-level type `t` (VOID: none)."""
    if t is Void:
        return rop.VOID
    if t is Float:
        return rop.FLOAT
    if t.is_gc_pointer:
        return rop.REF
    if t is Signed or t is Unsigned or t is Bool:
        return rop.INT
    raise NoKind(f"a value of type {t!r}")


def is_immutable_field(owner: ClassDef, name: str) -> str | None:
    """How the class declares the field in `_immutable_fields_` ("x", or "x[*]" for a
    list whose items never change either), or None."""
    for cd in owner.mro():
        for declared in getattr(cd.cls, "_immutable_fields_", ()):
            if declared == name or declared == name + "[*]":
                return declared
    return None


class DescrTable:
    """Every descr of one JitCodeSet, by key; `call_shapes` runs parallel to `descrs`."""

    def __init__(self, word_bytes: int) -> None:
        self.word_bytes = word_bytes
        self.descrs: list[AbstractDescr] = []
        self.call_shapes: list[int] = []
        self.shapes = CallShapeTable()
        self._index: dict[Any, int] = {}

    def _add(self, key: Any, make: Any, shape: int = -1) -> int:
        if key not in self._index:
            self._index[key] = len(self.descrs)
            self.descrs.append(make())
            self.call_shapes.append(shape)
        return self._index[key]

    def storage(self, t: LowLevelType) -> tuple[int, int, bool]:
        """(kind, size in bytes, is_signed) of a field or item of type t."""
        if t is Float:
            return rop.FLOAT, 8, True
        if t is Bool:
            return rop.INT, 1, False
        if t is Void:          # a Void item still takes a word (genc's storage_type)
            return rop.INT, self.word_bytes, True
        return kind_of_type(t), self.word_bytes, t is Signed

    def field(self, owner: ClassDef, name: str, t: LowLevelType) -> int:
        kind, size, signed = self.storage(t)
        immutable = is_immutable_field(owner, name) is not None
        return self._add(("field", owner.cls, name), lambda: FieldDescr(
            f"{owner.name}.{name}", FieldOffset(owner.cls, name), size, signed, kind,
            immutable))

    def struct_field(self, c_struct: str, name: str, t: LowLevelType,
                     immutable: bool = False) -> int:
        """A field of a runtime struct (kiln_list.length, kiln_list.items, ...);
        `immutable` for the header of a list that never changes.  Counts are never
        negative, which the optimizer's ranges use (an index below a length is >= 0)."""
        kind, size, signed = self.storage(t)
        nonneg = (c_struct, name) in NONNEG_FIELDS
        return self._add(("sfield", c_struct, name, immutable), lambda: FieldDescr(
            f"{c_struct}.{name}", StructFieldOffset(c_struct, name), size, signed, kind,
            immutable, nonneg))

    def str_chars(self) -> int:
        """The bytes of a kiln_str, unsigned, with its length word."""
        return self._add(("str",), lambda: ArrayDescr(
            StructFieldOffset("kiln_str", "chars"), 1,
            StructFieldOffset("kiln_str", "length"), False, rop.INT, True))

    def list_items(self, item: LowLevelType, immutable: bool = False) -> int:
        """The items block of a list of `item`s (no header: items start at 0)."""
        kind, size, signed = self.storage(item)
        return self._add(("items", kind, size, signed, immutable), lambda: ArrayDescr(
            0, size, 0, signed, kind, immutable))

    def size(self, cd: ClassDef) -> int:
        return self._add(("size", cd.cls), lambda: SizeDescr(SizeOf(cd.cls),
                                                              VtableAddress(cd.cls)))

    def call(self, arg_kinds: list[int], result_kind: int, is_elidable: bool) -> int:
        key = ("call", tuple(arg_kinds), result_kind, is_elidable)
        shape = self.shapes.number(arg_kinds, result_kind)
        return self._add(key, lambda: CallDescr(list(arg_kinds), result_kind,
                                                not is_elidable, is_elidable), shape)
