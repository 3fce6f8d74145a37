"""Lowering of the str, list and tuple operations (genc's containers.py), mixed into
the Flattener.  The runtime's layouts (kiln.h): a str is `{hash, length, chars[]}`, a
list `{length, allocated, items*}` with the items in a separate GC block, a tuple one C
struct of fields `f0, f1, ...`.

- indexing: `uint_lt(i, len)` is the whole check for an index in range; out of line, a
  negative index gets `len` added and is checked again, and a failing one calls
  `kiln_index_error(i, len)` (fatal, as the interpreter's own check is), or inside try
  `kiln_index_or_raise`, which raises IndexError.
- `list_append`: the length/allocated test, `kiln_list_grow` when full, a store;
  `list_new`: `kiln_list_new` then stores; `[x] * n` (a one-item list_new that only a
  list_repeat uses): one call of `kiln_jit_list_filled_<w|f>`; `list_pop`:
  `kiln_list_pop_index`;
  `list_pop_at`, `list_delitem`: the checked index, then `kiln_list_delete`;
  `list_insert`: a store through the slot `kiln_list_insert_slot` opens; `in` and
  `list.index`: `kiln_jit_list_find_<w|str|f>` (index or -1); slices,
  repeats, concatenations, extend, reverse, sort, joins, str comparisons: the runtime's
  C functions.
- a list read from a field declared `x[*]` (and the variables it flows into unchanged)
  is read through immutable descrs, which the tracer folds on constant objects.
- `tuple_new`: `new` of the tuple's struct, then a store per item (the optimizer can
  keep it virtual).
- dict operations: dicts.py.
"""

from __future__ import annotations

from jit.codewriter.descrs import is_immutable_field
from jit.codewriter.jitcode import Label
from jit.metainterp import resoperation as rop
from toolchain.flow.model import Constant, FunctionGraph, SpaceOperation, Value, Variable
from jit.metainterp.resoperation import SizeDescr
from toolchain.rlib.symbolic import PrebuiltAddress, StructFieldOffset, TupleSize
from toolchain.rtyper.lltype import (
    STR, Bool, Float, ListPtr, Signed, TuplePtr, Void, holds_gc_pointers,
)

KIND_LETTER = {rop.INT: "i", rop.REF: "r", rop.FLOAT: "f"}


class ContainerOps:
    """The `op_*` of strs, lists and tuples; the Flattener provides emit, temp, copy,
    c_call, the stubs, `frozen` (the variables frozen_lists found), `repeated` (what
    repeated_items found) and `cw`."""

    def checked_index(self, index: Value, length: Variable) -> Value:
        """The index with Python's negative indices resolved, checked against length.
        The common case costs one unsigned compare (and, traced, one guard); a negative
        index goes out of line, where it is resolved and checked again."""
        inside = self.temp(Bool)
        self.emit("uint_lt", index, length, inside)
        error = Label()
        if isinstance(index, Constant) and index.value >= 0:
            self.emit("goto_if_not", inside, error)
            fixed: Value = index
        else:
            negative, back = Label(), Label()
            self.emit("goto_if_not", inside, negative)
            fixed = self.temp(Signed)
            self.copy(index, fixed)
            self.code.append(back)
            self.begin_stub(negative)
            self.emit("int_add", index, length, fixed)
            resolved = self.temp(Bool)
            self.emit("uint_lt", fixed, length, resolved)
            self.emit("goto_if_not", resolved, error)
            self.emit("goto", back)
            self.end_stub()
        self.begin_stub(error)
        if self.catch is not None:   # inside try: raises IndexError, to the handler
            self.c_call("kiln_index_or_raise", [index, length], self.temp(Signed))
        else:                        # a fatal error, as in the interpreter
            self.c_call("kiln_index_error", [index, length], self.temp(Void))
        self.emit("goto", error)     # never taken: neither call returns normally here
        self.end_stub()
        return fixed

    def op_str_len(self, op: SpaceOperation) -> None:
        self.emit("arraylen_gc", op.args[0], self.cw.descrs.str_chars(), op.result)

    def op_str_getbyte(self, op: SpaceOperation) -> None:
        s, index = op.args
        descr = self.cw.descrs.str_chars()
        length = self.temp(Signed)
        self.emit("arraylen_gc", s, descr, length)
        fixed = self.checked_index(index, length)
        self.emit("getarrayitem_gc_i", s, fixed, descr, op.result)

    def list_parts(self, lst: Value) -> tuple[ListPtr, int, int]:
        """The list's type and the descrs of its length and items fields: immutable
        ones for a list read from an `x[*]` field (the tracer folds reads of them)."""
        t = self.type_of(lst)
        assert isinstance(t, ListPtr), t
        frozen = lst in self.frozen
        descrs = self.cw.descrs
        return (t, descrs.struct_field("kiln_list", "length", Signed, frozen),
                descrs.struct_field("kiln_list", "items", t, frozen))

    def op_list_len(self, op: SpaceOperation) -> None:
        _, length_descr, _ = self.list_parts(op.args[0])
        self.emit("getfield_gc_i", op.args[0], length_descr, op.result)

    def item_access(self, op: SpaceOperation) -> tuple[Variable, Value, int, int]:
        """(items block, checked index, items descr, item kind) of list[index]."""
        lst, index = op.args[0], op.args[1]
        t, length_descr, items_descr = self.list_parts(lst)
        length = self.temp(Signed)
        self.emit("getfield_gc_i", lst, length_descr, length)
        fixed = self.checked_index(index, length)
        items = self.temp(t)
        self.emit("getfield_gc_r", lst, items_descr, items)
        return (items, fixed, self.cw.descrs.list_items(t.item, lst in self.frozen),
                self.type_kind(t.item))

    def op_list_getitem(self, op: SpaceOperation) -> None:
        items, fixed, descr, kind = self.item_access(op)
        if self.kind(op.result) != rop.VOID:
            self.emit("getarrayitem_gc_" + KIND_LETTER[kind], items, fixed, descr, op.result)

    def op_list_setitem(self, op: SpaceOperation) -> None:
        items, fixed, descr, kind = self.item_access(op)
        if kind != rop.VOID:
            t = self.type_of(op.args[0])
            self.emit("setarrayitem_gc_" + KIND_LETTER[kind], items, fixed,
                      self.retyped(op.args[2], t.item), descr)

    def item_size_and_atomic(self, t: ListPtr) -> list[Value]:
        _, size, _ = self.cw.descrs.storage(t.item)
        return [Constant(size, Signed), Constant(0 if holds_gc_pointers(t.item) else 1, Signed)]

    def op_list_append(self, op: SpaceOperation) -> None:
        lst, value = op.args
        t, length_descr, items_descr = self.list_parts(lst)
        length = self.temp(Signed)
        self.emit("getfield_gc_i", lst, length_descr, length)
        allocated = self.temp(Signed)
        self.emit("getfield_gc_i", lst, self.cw.descrs.struct_field(
            "kiln_list", "allocated", Signed), allocated)
        room = self.temp(Bool)
        self.emit("int_lt", length, allocated, room)
        grow, has_room = Label(), Label()
        self.emit("goto_if_not", room, grow)
        self.code.append(has_room)
        self.store_item(lst, t, length, value)
        self.begin_stub(grow)
        self.c_call("kiln_list_grow", [lst, *self.item_size_and_atomic(t)], self.temp(Void))
        self.emit("goto", has_room)
        self.end_stub()
        bigger = self.temp(Signed)
        self.emit("int_add", length, Constant(1, Signed), bigger)
        self.emit("setfield_gc_i", lst, bigger, length_descr)

    def store_item(self, lst: Value, t: ListPtr, index: Value, value: Value) -> None:
        kind = self.type_kind(t.item)
        if kind == rop.VOID:
            return
        items = self.temp(t)
        self.emit("getfield_gc_r", lst, self.list_parts(lst)[2], items)
        self.emit("setarrayitem_gc_" + KIND_LETTER[kind], items, index,
                  self.retyped(value, t.item), self.cw.descrs.list_items(t.item))

    def op_list_new(self, op: SpaceOperation) -> None:
        t = op.result.concretetype
        assert isinstance(t, ListPtr)
        if op.result in self.repeated:
            return                  # `[x] * n`: op_list_repeat makes the whole list
        self.c_call("kiln_list_new", [Constant(len(op.args), Signed),
                                      *self.item_size_and_atomic(t)], op.result)
        for i, value in enumerate(op.args):
            self.store_item(op.result, t, Constant(i, Signed), value)

    def op_list_pop(self, op: SpaceOperation) -> None:
        lst = op.args[0]
        t, length_descr, items_descr = self.list_parts(lst)
        if self.catch is not None:   # inside try: an empty list raises IndexError
            length = self.temp(Signed)
            self.emit("getfield_gc_i", lst, length_descr, length)
            self.checked_index(Constant(0, Signed), length)
        index = self.temp(Signed)
        self.c_call("kiln_list_pop_index", [lst], index)    # shortens it, or is fatal
        kind = self.type_kind(t.item)
        if kind != rop.VOID and self.kind(op.result) != rop.VOID:
            items = self.temp(t)
            self.emit("getfield_gc_r", lst, items_descr, items)
            self.emit("getarrayitem_gc_" + KIND_LETTER[kind], items, index,
                      self.cw.descrs.list_items(t.item), op.result)

    def op_list_pop_at(self, op: SpaceOperation) -> None:
        items, fixed, descr, kind = self.item_access(op)
        if kind != rop.VOID and self.kind(op.result) != rop.VOID:
            self.emit("getarrayitem_gc_" + KIND_LETTER[kind], items, fixed, descr, op.result)
        self.delete_item(op.args[0], fixed)

    def op_list_delitem(self, op: SpaceOperation) -> None:
        self.delete_item(op.args[0], self.item_access(op)[1])

    def delete_item(self, lst: Value, index: Value) -> None:
        """kiln_list_delete of a checked index: the items after it move down."""
        t = self.type_of(lst)
        assert isinstance(t, ListPtr)
        self.c_call("kiln_list_delete", [lst, index, self.item_size_and_atomic(t)[0]],
                    self.temp(Void))

    def op_list_insert(self, op: SpaceOperation) -> None:
        """The runtime opens the slot (Python's clamping of the index included); the
        item is stored through its address."""
        lst, index, value = op.args
        t = self.type_of(lst)
        assert isinstance(t, ListPtr)
        slot = self.temp(Signed)
        self.c_call("kiln_list_insert_slot", [lst, index, *self.item_size_and_atomic(t)],
                    slot)
        kind = self.type_kind(t.item)
        if kind == rop.VOID:
            return
        value = self.retyped(value, t.item)
        if kind == rop.REF:
            word = self.temp(Signed)
            self.emit("cast_ptr_to_int", value, word)
            value = word
        store = ("raw_store_double" if kind == rop.FLOAT else
                 "raw_store_byte" if t.item is Bool else "raw_store_word")
        self.emit(store, slot, Constant(0, Signed), value)

    def find(self, op: SpaceOperation) -> Variable:
        """The first index of op.args[1] in the list op.args[0], or -1."""
        lst, value = op.args
        t = self.type_of(lst)
        assert isinstance(t, ListPtr)
        kind = self.type_kind(t.item)
        index = self.temp(Signed)
        if t.item is STR:
            self.c_call("kiln_jit_list_find_str", [lst, self.retyped(value, STR)], index)
        elif kind == rop.FLOAT:
            self.c_call("kiln_jit_list_find_f", [lst, value], index)
        else:
            word = Constant(0, Signed) if kind == rop.VOID else self.retyped(value, t.item)
            if kind == rop.REF:
                address = self.temp(Signed)
                self.emit("cast_ptr_to_int", word, address)
                word = address
            self.c_call("kiln_jit_list_find_w",
                        [lst, word, self.item_size_and_atomic(t)[0]], index)
        return index

    def op_list_contains(self, op: SpaceOperation) -> None:
        self.emit("int_ge", self.find(op), Constant(0, Signed), op.result)

    def op_list_index(self, op: SpaceOperation) -> None:
        index = self.find(op)
        found = self.temp(Bool)
        self.emit("int_ge", index, Constant(0, Signed), found)
        missing = Label()
        self.emit("goto_if_not", found, missing)
        self.begin_stub(missing)
        self.runtime_error("ValueError", "list.index(x): x not in list")
        self.emit("goto", missing)   # never taken: the error is fatal or raised
        self.end_stub()
        self.copy(index, op.result)

    def op_list_extend(self, op: SpaceOperation) -> None:
        t = self.type_of(op.args[0])
        assert isinstance(t, ListPtr)
        self.c_call("kiln_list_extend", [*op.args, *self.item_size_and_atomic(t)],
                    self.temp(Void))

    def op_list_reverse(self, op: SpaceOperation) -> None:
        t = self.type_of(op.args[0])
        assert isinstance(t, ListPtr)
        self.c_call("kiln_list_reverse", [op.args[0], self.item_size_and_atomic(t)[0]],
                    self.temp(Void))

    def op_list_sort(self, op: SpaceOperation) -> None:
        t = self.type_of(op.args[0])
        assert isinstance(t, ListPtr)
        kind = "str" if t.item is STR else "float" if t.item is Float else "int"
        self.c_call("kiln_list_sort_" + kind, [op.args[0]], self.temp(Void))

    def op_tuple_new(self, op: SpaceOperation) -> None:
        t = op.result.concretetype
        assert isinstance(t, TuplePtr)
        descrs = self.cw.descrs
        # DescrTable has no size descr of a runtime struct: its private _add keeps this
        # one unique per tuple type (see the report: a struct_size method belongs there).
        size = descrs._add(("tuple size", t), lambda: SizeDescr(TupleSize(t), 0))
        self.emit("new", size, op.result)
        for index, (value, item) in enumerate(zip(op.args, t.items)):
            kind = self.type_kind(item)
            if kind != rop.VOID:
                descr = descrs.struct_field(t.c_struct, f"f{index}", item, True)
                self.emit("setfield_gc_" + KIND_LETTER[kind], op.result,
                          self.retyped(value, item), descr)

    def c_string(self, text: str) -> Variable:
        """The address of the bytes of a prebuilt str (a `const char *` for C)."""
        address = self.temp(Signed)
        self.emit("int_add", Constant(PrebuiltAddress(text), Signed),
                  Constant(StructFieldOffset("kiln_str", "chars"), Signed), address)
        return address

    def op_tuple_getitem(self, op: SpaceOperation) -> None:
        """A field of the tuple's C struct, which never changes."""
        t = self.type_of(op.args[0])
        assert isinstance(t, TuplePtr)
        index = op.args[1].value
        kind = self.type_kind(t.items[index])
        if kind != rop.VOID:
            descr = self.cw.descrs.struct_field(t.c_struct, f"f{index}", t.items[index], True)
            self.emit("getfield_gc_" + KIND_LETTER[kind], op.args[0], descr, op.result)

    def op_str_join(self, op: SpaceOperation) -> None:
        self.c_call("kiln_str_join", list(op.args), op.result)

    def op_str_concat(self, op: SpaceOperation) -> None:
        self.c_call("kiln_str_concat", list(op.args), op.result)

    def op_str_getchar(self, op: SpaceOperation) -> None:
        self.c_call("kiln_str_getchar", list(op.args), op.result)   # checks the index

    def op_str_eq(self, op: SpaceOperation) -> None:
        self.bool_c_call("kiln_str_eq", list(op.args), op.result)

    def op_str_ne(self, op: SpaceOperation) -> None:
        equal = self.temp(Bool)
        self.bool_c_call("kiln_str_eq", list(op.args), equal)
        self.emit("int_is_zero", equal, op.result)

    def op_list_slice(self, op: SpaceOperation) -> None:
        t = self.type_of(op.args[0])
        assert isinstance(t, ListPtr)
        self.c_call("kiln_list_slice", [*op.args, *self.item_size_and_atomic(t)], op.result)

    def op_list_repeat(self, op: SpaceOperation) -> None:
        t = self.type_of(op.args[0])
        assert isinstance(t, ListPtr)
        item = self.repeated.get(op.args[0])
        if item is None:
            self.c_call("kiln_list_repeat", [*op.args, *self.item_size_and_atomic(t)],
                        op.result)
            return
        kind = self.type_kind(t.item)
        if kind == rop.FLOAT:
            self.c_call("kiln_jit_list_filled_f", [op.args[1], item], op.result)
            return
        value = Constant(0, Signed) if kind == rop.VOID else self.retyped(item, t.item)
        if kind == rop.REF:
            word = self.temp(Signed)
            self.emit("cast_ptr_to_int", value, word)
            value = word
        self.c_call("kiln_jit_list_filled_w",
                    [op.args[1], *self.item_size_and_atomic(t), value], op.result)

    def op_list_concat(self, op: SpaceOperation) -> None:
        t = self.type_of(op.args[0])
        assert isinstance(t, ListPtr)
        self.c_call("kiln_list_concat", [*op.args, *self.item_size_and_atomic(t)], op.result)

    def op_str_concat_n(self, op: SpaceOperation) -> None:
        """kiln_str_concat_n(n, pieces): the pieces array is the items block of a
        fresh list of strs."""
        pieces = self.temp(ListPtr(op.result.concretetype))
        self.op_list_new(SpaceOperation("list_new", list(op.args), pieces))
        items = self.temp(Signed)
        raw = self.temp(pieces.concretetype)
        self.emit("getfield_gc_r", pieces, self.list_parts(pieces)[2], raw)
        self.emit("cast_ptr_to_int", raw, items)
        self.c_call("kiln_str_concat_n", [Constant(len(op.args), Signed), items], op.result)

    def str_compare(self, op: SpaceOperation) -> None:
        """kiln_str_cmp(a, b) <op> 0, as genc writes it."""
        order = self.temp(Signed)
        self.c_call("kiln_str_cmp", list(op.args), order)
        self.emit("int_" + op.opname[4:], order, Constant(0, Signed), op.result)

    op_str_lt = op_str_le = op_str_gt = op_str_ge = str_compare

    def op_str_is_true(self, op: SpaceOperation) -> None:
        self.nonempty(op, self.cw.descrs.str_chars(), "arraylen_gc")

    def op_list_is_true(self, op: SpaceOperation) -> None:
        self.nonempty(op, self.list_parts(op.args[0])[1], "getfield_gc_i")

    def nonempty(self, op: SpaceOperation, length_descr: int, read: str) -> None:
        """Non-null with a non-zero length (the truth of a str or a list)."""
        obj = op.args[0]
        nonnull = self.temp(Bool)
        self.emit("ptr_ne", obj, Constant(None, self.type_of(obj)), nonnull)
        self.copy(Constant(0, Bool), op.result)
        done = Label()
        self.emit("goto_if_not", nonnull, done)
        length = self.temp(Signed)
        self.emit(read, obj, length_descr, length)
        self.emit("int_is_true", length, op.result)
        self.code.append(done)


def repeated_items(graph: FunctionGraph) -> dict[Variable, Value]:
    """`[x] * n`: the one-item lists that only a list_repeat uses, with their item x.
    Such a list is never made: the repeat makes its result from x."""
    uses: dict[Variable, int] = {}
    made: dict[Variable, Value] = {}
    repeated: list[Value] = []
    for block in graph.iterblocks():
        values: list[Value] = [link_arg for link in block.exits for link_arg in link.args]
        if isinstance(block.exitswitch, Variable):
            values.append(block.exitswitch)
        for op in block.operations:
            values += op.args
            if op.opname == "list_new" and len(op.args) == 1:
                made[op.result] = op.args[0]
            elif op.opname == "list_repeat":
                repeated.append(op.args[0])
        for v in values:
            if isinstance(v, Variable):
                uses[v] = uses.get(v, 0) + 1
    return {v: made[v] for v in repeated
            if isinstance(v, Variable) and v in made and uses[v] == 1}


def frozen_lists(graph: FunctionGraph) -> set[Variable]:
    """The variables that hold a list read from an `x[*]` field (items never change):
    the results of such reads, and, to a fixpoint, copies and block inputs that every
    incoming value of is one."""
    frozen: set[Variable] = set()
    sources: dict[Variable, list[Value]] = {}
    for block in graph.iterblocks():
        for op in block.operations:
            if op.opname == "getfield":
                declared = is_immutable_field(op.args[1].value, op.args[2].value)
                if declared is not None and declared.endswith("[*]"):
                    frozen.add(op.result)
            elif op.opname in ("same_as", "cast_pointer"):
                sources.setdefault(op.result, []).append(op.args[0])
        for link in block.exits:
            for arg, var in zip(link.args, link.target.inputargs):
                sources.setdefault(var, []).append(arg)
    for v in graph.startblock.inputargs:
        sources.pop(v, None)            # a parameter: anything
    candidates = {v for v in sources if isinstance(v.concretetype, ListPtr)}
    changed = True
    while changed:
        changed = False
        for v in list(candidates):
            if not all(a in frozen or a in candidates for a in sources[v]):
                candidates.discard(v)
                changed = True
    return frozen | candidates
