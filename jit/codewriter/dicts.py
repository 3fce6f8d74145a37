"""Lowering of the dict operations (genc's containers.py), mixed into the Flattener.

The runtime's lookups take a `kiln_word` union by value, which not every ABI passes as
a word or a double, so jitcodes call the runtime's word-ABI entry points instead
(kiln_dict.c, `kiln_jit_dict_<op>[_<value>]`, a word key, `w` a word value and `f` a
double): one plain residual call per operation, as RPython's dicts are calls of its ll_dict helpers.
None of them is elidable: a dict can change between two reads.  A missing key raises
KeyError inside a try (the call is followed by catch_exception) and is fatal elsewhere,
as in the translated interpreter.  `len` and truth read the dict's `used` field; keys,
values and items are lists the runtime makes.
"""

from __future__ import annotations

from jit.codewriter.descrs import kind_of_type
from jit.metainterp import resoperation as rop
from toolchain.flow.model import Constant, SpaceOperation, Value
from toolchain.rlib.symbolic import DictKeyOps, StructFieldOffset, TupleSize
from toolchain.rtyper.lltype import (
    DictPtr, Float, ListPtr, LowLevelType, Signed, TuplePtr, Void, holds_gc_pointers,
)


def letter(t: LowLevelType) -> str:
    """How the entry points pass a value of type t: a double or a word."""
    return "f" if t is Float else "w"


class DictOps:
    """The `op_dict_*`; the Flattener provides emit, temp, c_call, retyped, nonempty,
    item_size_and_atomic and `catch`."""

    def dict_type(self, d: Value) -> DictPtr:
        t = self.type_of(d)
        assert isinstance(t, DictPtr), t
        return t

    def word_arg(self, value: Value, t: LowLevelType) -> Value:
        """`value` as an argument of type t; a Void one (None) passes as the word 0."""
        if kind_of_type(t) == rop.VOID:
            return Constant(0, Signed)
        return self.retyped(value, t)

    def checked(self) -> Constant:
        """1 when a missing key raises KeyError (the try's handler catches it)."""
        return Constant(1 if self.catch is not None else 0, Signed)

    def dict_call(self, op: SpaceOperation, name: str, value_args: list[Value],
                  with_value: bool = True, returns: bool = True) -> None:
        """`kiln_jit_dict_<name>[_<value>](d, key, *value_args)`, whose value goes
        to op.result (a Void one: to a scratch register, the call may raise all the
        same) if it `returns` one."""
        d = op.args[0]
        t = self.dict_type(d)
        suffix = "_" + letter(t.value) if with_value else ""
        result = op.result
        if not returns:
            result = self.temp(Void)
        elif kind_of_type(result.concretetype) == rop.VOID:
            result = self.temp(Float if t.value is Float else Signed)
        self.c_call(f"kiln_jit_dict_{name}{suffix}",
                    [d, self.word_arg(op.args[1], t.key), *value_args], result)

    def op_dict_new(self, op: SpaceOperation) -> None:
        t = op.result.concretetype
        assert isinstance(t, DictPtr)
        self.c_call("kiln_dict_new", [Constant(DictKeyOps(t.key), Signed)], op.result)
        for k, v in zip(op.args[::2], op.args[1::2]):
            self.c_call("kiln_jit_dict_setitem_" + letter(t.value),
                        [op.result, self.word_arg(k, t.key), self.word_arg(v, t.value)],
                        self.temp(Void))

    def used_descr(self) -> int:
        return self.cw.descrs.struct_field("kiln_dict", "used", Signed)

    def op_dict_len(self, op: SpaceOperation) -> None:
        self.emit("getfield_gc_i", op.args[0], self.used_descr(), op.result)

    def op_dict_is_true(self, op: SpaceOperation) -> None:
        self.nonempty(op, self.used_descr(), "getfield_gc_i")

    def op_dict_getitem(self, op: SpaceOperation) -> None:
        self.dict_call(op, "getitem", [self.checked()])

    def op_dict_get(self, op: SpaceOperation) -> None:
        t = self.dict_type(op.args[0])
        self.dict_call(op, "get", [self.word_arg(op.args[2], t.value)])

    def op_dict_setdefault(self, op: SpaceOperation) -> None:
        t = self.dict_type(op.args[0])
        self.dict_call(op, "setdefault", [self.word_arg(op.args[2], t.value)])

    def op_dict_pop(self, op: SpaceOperation) -> None:
        t = self.dict_type(op.args[0])
        if len(op.args) == 3:
            self.dict_call(op, "pop_default", [self.word_arg(op.args[2], t.value)])
        else:
            self.dict_call(op, "pop", [self.checked()])

    def op_dict_setitem(self, op: SpaceOperation) -> None:
        t = self.dict_type(op.args[0])
        self.dict_call(op, "setitem", [self.word_arg(op.args[2], t.value)], returns=False)

    def op_dict_delitem(self, op: SpaceOperation) -> None:
        self.dict_call(op, "delitem", [self.checked()], with_value=False, returns=False)

    def op_dict_contains(self, op: SpaceOperation) -> None:
        # The entry point returns a word that is 0 or 1: no masking, unlike a C bool.
        self.dict_call(op, "contains", [], with_value=False)

    def listing(self, op: SpaceOperation, name: str) -> None:
        t = op.result.concretetype
        assert isinstance(t, ListPtr)
        self.c_call(name, [op.args[0], *self.item_size_and_atomic(t)], op.result)

    def op_dict_keys(self, op: SpaceOperation) -> None:
        self.listing(op, "kiln_jit_dict_keys")

    def op_dict_values(self, op: SpaceOperation) -> None:
        self.listing(op, "kiln_jit_dict_values")

    def op_dict_items(self, op: SpaceOperation) -> None:
        """Fresh pairs filled by the runtime: the key at the struct's start, the value
        at its field f1's offset, each as many bytes as genc stores."""
        t = self.dict_type(op.args[0])
        result = op.result.concretetype
        assert isinstance(result, ListPtr) and isinstance(result.item, TuplePtr)
        pair = result.item
        if Void in pair.items:
            raise self.fail("dict.items() of None keys or values")
        sizes = self.cw.descrs.storage
        self.c_call("kiln_jit_dict_items", [
            op.args[0], Constant(TupleSize(pair), Signed),
            Constant(0 if any(holds_gc_pointers(i) for i in pair.items) else 1, Signed),
            Constant(sizes(t.key)[1], Signed),
            Constant(StructFieldOffset(pair.c_struct, "f1"), Signed),
            Constant(sizes(t.value)[1], Signed)], op.result)
