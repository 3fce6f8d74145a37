"""C for the low-level operations on strings, lists, tuples and dicts.

Containers are generic in the runtime (items are stored by size, dict slots are one
machine word or a double), so these writers supply the item type: the cast when reading
or writing a slot, `sizeof`, whether the block may hold GC pointers, and which equality
or hash a key uses.  `FunctionWriter` mixes this class in.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from toolchain.flow.model import SpaceOperation, Value
from toolchain.genc.database import storage_type, word
from toolchain.rtyper.lltype import (
    STR, DictPtr, Float, ListPtr, LowLevelType, Signed, TuplePtr, Void, holds_gc_pointers,
)

if TYPE_CHECKING:
    from toolchain.genc.database import Database


def atomic(t: LowLevelType) -> str:
    return "false" if holds_gc_pointers(t) else "true"


def equal(a: str, b: str, t: LowLevelType) -> str:
    if t is STR:
        return f"kiln_str_eq({a}, {b})"
    return f"{a} == {b}"


class ContainerOps:
    db: Database
    checked: bool

    # provided by FunctionWriter
    def expr(self, value: Value, expected: LowLevelType | None = None) -> str: ...
    def typeof(self, value: Value) -> LowLevelType: ...
    def name(self, var: object) -> str: ...
    def assign(self, op: SpaceOperation, expression: str) -> str: ...
    def args(self, op: SpaceOperation, *types: LowLevelType) -> list[str]: ...
    def checked_index(self, index: str, length: str, then: str) -> list[str]: ...

    # -- strings ------------------------------------------------------------------------

    def op_str_len(self, op: SpaceOperation) -> list[str]:
        return [self.assign(op, f"{self.expr(op.args[0], STR)}->length")]

    def op_str_getbyte(self, op: SpaceOperation) -> list[str]:
        s, i = self.args(op, STR, Signed)
        if self.checked:
            return self.checked_index(i, f"{s}->length", self.assign(
                op, f"(unsigned char){s}->chars[kiln_ix]"))
        return [self.assign(op, f"kiln_str_getbyte({s}, {i})")]

    def op_str_getchar(self, op: SpaceOperation) -> list[str]:
        s, i = self.args(op, STR, Signed)
        if self.checked:
            return self.checked_index(i, f"{s}->length", self.assign(
                op, f"kiln_str_getchar({s}, kiln_ix)"))
        return [self.assign(op, f"kiln_str_getchar({s}, {i})")]

    def op_str_eq(self, op: SpaceOperation) -> list[str]:
        a, b = self.args(op, STR, STR)
        return [self.assign(op, f"kiln_str_eq({a}, {b})")]

    def op_str_ne(self, op: SpaceOperation) -> list[str]:
        a, b = self.args(op, STR, STR)
        return [self.assign(op, f"!kiln_str_eq({a}, {b})")]

    def op_str_concat(self, op: SpaceOperation) -> list[str]:
        a, b = self.args(op, STR, STR)
        return [self.assign(op, f"kiln_str_concat({a}, {b})")]

    def op_str_concat_n(self, op: SpaceOperation) -> list[str]:
        pieces = ", ".join(self.expr(a, STR) for a in op.args)
        return [self.assign(op, f"kiln_str_concat_n({len(op.args)}, "
                                f"(struct kiln_str *[]){{{pieces}}})")]

    def op_str_join(self, op: SpaceOperation) -> list[str]:
        sep, items = self.expr(op.args[0], STR), self.expr(op.args[1])
        return [self.assign(op, f"kiln_str_join({sep}, {items})")]

    def op_str_is_true(self, op: SpaceOperation) -> list[str]:
        s = self.expr(op.args[0], STR)
        return [self.assign(op, f"({s} != NULL && {s}->length != 0)")]

    # -- tuples -------------------------------------------------------------------------

    def op_tuple_new(self, op: SpaceOperation) -> list[str]:
        t = op.result.concretetype
        assert isinstance(t, TuplePtr)
        self.db.use_tuple(t)
        alloc = "kiln_malloc" if any(holds_gc_pointers(i) for i in t.items) \
            else "kiln_malloc_atomic"
        result = self.name(op.result)
        lines = [f"{result} = {alloc}(sizeof(struct {t.c_struct}));"]
        lines += [f"{result}->f{i} = {self.expr(arg, item)};"
                  for i, (arg, item) in enumerate(zip(op.args, t.items)) if item is not Void]
        return lines

    def op_tuple_getitem(self, op: SpaceOperation) -> list[str]:
        t = self.typeof(op.args[0])
        assert isinstance(t, TuplePtr)
        self.db.use_tuple(t)
        index = op.args[1].value  # type: ignore[union-attr]
        if t.items[index] is Void:
            return []  # None: nothing stored, nothing to read
        return [self.assign(op, f"{self.expr(op.args[0])}->f{index}")]

    # -- lists --------------------------------------------------------------------------

    def list_item(self, value: Value) -> LowLevelType:
        t = self.typeof(value)
        assert isinstance(t, ListPtr), t
        return t.item

    def items(self, lst: str, item: LowLevelType) -> str:
        return f"(({storage_type(item)} *){lst}->items)"

    def op_list_new(self, op: SpaceOperation) -> list[str]:
        t = op.result.concretetype
        assert isinstance(t, ListPtr)
        result = self.name(op.result)
        lines = [f"{result} = kiln_list_new({len(op.args)}, sizeof({storage_type(t.item)}), "
                 f"{atomic(t.item)});"]
        lines += [f"{self.items(result, t.item)}[{i}] = {self.expr(arg, t.item)};"
                  for i, arg in enumerate(op.args)]
        return lines

    def op_list_len(self, op: SpaceOperation) -> list[str]:
        return [self.assign(op, f"{self.expr(op.args[0])}->length")]

    def op_list_is_true(self, op: SpaceOperation) -> list[str]:
        lst = self.expr(op.args[0])
        return [self.assign(op, f"({lst} != NULL && {lst}->length != 0)")]

    def op_list_getitem(self, op: SpaceOperation) -> list[str]:
        item = self.list_item(op.args[0])
        lst, index = self.expr(op.args[0]), self.expr(op.args[1], Signed)
        if self.checked:
            return self.checked_index(index, f"{lst}->length", self.assign(
                op, f"{self.items(lst, item)}[kiln_ix]"))
        return [self.assign(op, f"KILN_LIST_ITEM({storage_type(item)}, {lst}, {index})")]

    def op_list_setitem(self, op: SpaceOperation) -> list[str]:
        item = self.list_item(op.args[0])
        lst, index = self.expr(op.args[0]), self.expr(op.args[1], Signed)
        value = self.expr(op.args[2], item)
        if self.checked:
            return self.checked_index(index, f"{lst}->length",
                                      f"{self.items(lst, item)}[kiln_ix] = {value};")
        return [f"KILN_LIST_ITEM({storage_type(item)}, {lst}, {index}) = {value};"]

    def op_list_append(self, op: SpaceOperation) -> list[str]:
        item = self.list_item(op.args[0])
        return [f"KILN_LIST_APPEND({storage_type(item)}, {self.expr(op.args[0])}, "
                f"{self.expr(op.args[1], item)}, {atomic(item)});"]

    def op_list_insert(self, op: SpaceOperation) -> list[str]:
        item = self.list_item(op.args[0])
        lst, index = self.expr(op.args[0]), self.expr(op.args[1], Signed)
        return [f"*({storage_type(item)} *)kiln_list_insert_slot({lst}, {index}, "
                f"sizeof({storage_type(item)}), {atomic(item)}) = "
                f"{self.expr(op.args[2], item)};"]

    def op_list_extend(self, op: SpaceOperation) -> list[str]:
        item = self.list_item(op.args[0])
        return [f"kiln_list_extend({self.expr(op.args[0])}, {self.expr(op.args[1])}, "
                f"sizeof({storage_type(item)}), {atomic(item)});"]

    def op_list_pop(self, op: SpaceOperation) -> list[str]:
        item = self.list_item(op.args[0])
        lst = self.expr(op.args[0])
        pop = self.assign(op, f"KILN_LIST_POP({storage_type(item)}, {lst})")
        if self.checked:
            return [f"if ({lst}->length == 0) kiln_raise_runtime(KILN_EXC_IndexError, "
                    f"\"pop from empty list\");", f"else {pop}"]
        return [pop]

    def op_list_pop_at(self, op: SpaceOperation) -> list[str]:
        item = self.list_item(op.args[0])
        lst, index = self.expr(op.args[0]), self.expr(op.args[1], Signed)
        then = (f"{{ {self.assign(op, f'{self.items(lst, item)}[kiln_ix]')} "
                f"kiln_list_delete({lst}, kiln_ix, sizeof({storage_type(item)})); }}")
        if self.checked:
            return self.checked_index(index, f"{lst}->length", then)
        return [f"{{ Signed kiln_ix = kiln_check_index({index}, {lst}->length); {then} }}"]

    def op_list_delitem(self, op: SpaceOperation) -> list[str]:
        item = self.list_item(op.args[0])
        lst, index = self.expr(op.args[0]), self.expr(op.args[1], Signed)
        then = f"kiln_list_delete({lst}, kiln_ix, sizeof({storage_type(item)}));"
        if self.checked:
            return self.checked_index(index, f"{lst}->length", then)
        return [f"{{ Signed kiln_ix = kiln_check_index({index}, {lst}->length); {then} }}"]

    def search(self, op: SpaceOperation, found: str, missing: str) -> list[str]:
        item = self.list_item(op.args[0])
        lst, needle = self.expr(op.args[0]), self.expr(op.args[1], item)
        test = equal(f"{self.items(lst, item)}[kiln_i]", needle, item)
        return ["{ Signed kiln_i = 0;",
                f"  for (; kiln_i < {lst}->length; kiln_i++) if ({test}) break;",
                f"  if (kiln_i < {lst}->length) {found} else {missing} }}"]

    def op_list_contains(self, op: SpaceOperation) -> list[str]:
        return self.search(op, self.assign(op, "1"), self.assign(op, "0"))

    def op_list_index(self, op: SpaceOperation) -> list[str]:
        missing = ('kiln_raise_runtime(KILN_EXC_ValueError, "list.index(x): x not in '
                   'list");') if self.checked else \
            'kiln_fatal("ValueError", "list.index(x): x not in list");'
        return self.search(op, self.assign(op, "kiln_i"), missing)

    def op_list_reverse(self, op: SpaceOperation) -> list[str]:
        item = self.list_item(op.args[0])
        return [f"kiln_list_reverse({self.expr(op.args[0])}, sizeof({storage_type(item)}));"]

    def op_list_sort(self, op: SpaceOperation) -> list[str]:
        item = self.list_item(op.args[0])
        kind = "str" if item is STR else "float" if item is Float else "int"
        return [f"kiln_list_sort_{kind}({self.expr(op.args[0])});"]

    def op_list_slice(self, op: SpaceOperation) -> list[str]:
        item = self.list_item(op.args[0])
        lst, start, stop = self.expr(op.args[0]), *self.args(op, Signed, Signed, Signed)[1:]
        return [self.assign(op, f"kiln_list_slice({lst}, {start}, {stop}, "
                                f"sizeof({storage_type(item)}), {atomic(item)})")]

    def op_list_concat(self, op: SpaceOperation) -> list[str]:
        item = self.list_item(op.args[0])
        return [self.assign(op, f"kiln_list_concat({self.expr(op.args[0])}, "
                                f"{self.expr(op.args[1])}, sizeof({storage_type(item)}), "
                                f"{atomic(item)})")]

    def op_list_repeat(self, op: SpaceOperation) -> list[str]:
        item = self.list_item(op.args[0])
        return [self.assign(op, f"kiln_list_repeat({self.expr(op.args[0])}, "
                                f"{self.expr(op.args[1], Signed)}, "
                                f"sizeof({storage_type(item)}), {atomic(item)})")]

    # -- dicts --------------------------------------------------------------------------

    def dict_types(self, value: Value) -> DictPtr:
        t = self.typeof(value)
        assert isinstance(t, DictPtr), t
        return t

    def dict_and_key(self, op: SpaceOperation) -> tuple[DictPtr, str, str]:
        t = self.dict_types(op.args[0])
        return t, self.expr(op.args[0]), word(self.expr(op.args[1], t.key), t.key)

    def slot(self, expr: str, t: LowLevelType) -> str:
        return f"*({storage_type(t)} *){expr}"

    def op_dict_new(self, op: SpaceOperation) -> list[str]:
        t = op.result.concretetype
        assert isinstance(t, DictPtr)
        result = self.name(op.result)
        lines = [f"{result} = kiln_dict_new({self.db.keyops(t.key)});"]
        for k, v in zip(op.args[::2], op.args[1::2]):
            key = word(self.expr(k, t.key), t.key)
            lines.append(f"{self.slot(f'kiln_dict_insert_slot({result}, {key})', t.value)} = "
                         f"{self.expr(v, t.value)};")
        return lines

    def op_dict_len(self, op: SpaceOperation) -> list[str]:
        return [self.assign(op, f"{self.expr(op.args[0])}->used")]

    def op_dict_is_true(self, op: SpaceOperation) -> list[str]:
        d = self.expr(op.args[0])
        return [self.assign(op, f"({d} != NULL && {d}->used != 0)")]

    def key_error(self) -> str:
        if self.checked:
            return 'kiln_raise_runtime(KILN_EXC_KeyError, "key not found");'
        return 'kiln_fatal("KeyError", "key not found");'

    def op_dict_getitem(self, op: SpaceOperation) -> list[str]:
        t, d, k = self.dict_and_key(op)
        return [f"{{ kiln_word *kiln_slot = kiln_dict_lookup({d}, {k});",
                f"  if (kiln_slot == NULL) {self.key_error()}",
                f"  else {self.assign(op, self.slot('kiln_slot', t.value))} }}"]

    def op_dict_setitem(self, op: SpaceOperation) -> list[str]:
        t, d, k = self.dict_and_key(op)
        v = self.expr(op.args[2], t.value)
        return [f"{self.slot(f'kiln_dict_insert_slot({d}, {k})', t.value)} = {v};"]

    def op_dict_delitem(self, op: SpaceOperation) -> list[str]:
        t, d, k = self.dict_and_key(op)
        return [f"if (!kiln_dict_delete({d}, {k})) {self.key_error()}"]

    def op_dict_contains(self, op: SpaceOperation) -> list[str]:
        t, d, k = self.dict_and_key(op)
        return [self.assign(op, f"kiln_dict_lookup({d}, {k}) != NULL")]

    def op_dict_get(self, op: SpaceOperation) -> list[str]:
        t, d, k = self.dict_and_key(op)
        default = self.expr(op.args[2], t.value)
        result = self.name(op.result)
        return [f"{{ kiln_word *kiln_slot = kiln_dict_lookup({d}, {k});",
                f"  {result} = kiln_slot != NULL ? {self.slot('kiln_slot', t.value)} "
                f": {default}; }}"]

    def op_dict_setdefault(self, op: SpaceOperation) -> list[str]:
        t, d, k = self.dict_and_key(op)
        default = self.expr(op.args[2], t.value)
        return [f"{{ kiln_word *kiln_slot = kiln_dict_lookup({d}, {k});",
                f"  if (kiln_slot == NULL) {{ kiln_slot = kiln_dict_insert_slot({d}, {k}); "
                f"{self.slot('kiln_slot', t.value)} = {default}; }}",
                f"  {self.assign(op, self.slot('kiln_slot', t.value))} }}"]

    def op_dict_pop(self, op: SpaceOperation) -> list[str]:
        t, d, k = self.dict_and_key(op)
        missing = (self.assign(op, self.expr(op.args[2], t.value)) if len(op.args) == 3
                   else self.key_error())
        return [f"{{ kiln_word *kiln_slot = kiln_dict_lookup({d}, {k});",
                f"  if (kiln_slot == NULL) {missing}",
                f"  else {{ {self.assign(op, self.slot('kiln_slot', t.value))} "
                f"kiln_dict_delete({d}, {k}); }} }}"]

    def dict_listing(self, op: SpaceOperation, element: str) -> list[str]:
        """A list of one element per live entry, `element` written for entry `kiln_en`."""
        t = self.dict_types(op.args[0])
        result_type = op.result.concretetype
        assert isinstance(result_type, ListPtr)
        item = result_type.item
        d, result = self.expr(op.args[0]), self.name(op.result)
        return [f"{result} = kiln_list_new({d}->used, sizeof({storage_type(item)}), "
                f"{atomic(item)});",
                "{ Signed kiln_n = 0;",
                f"  for (Signed kiln_i = 0; kiln_i < {d}->num_entries; kiln_i++) {{",
                f"    struct kiln_dict_entry *kiln_en = &{d}->entries[kiln_i];",
                "    if (!kiln_en->live) continue;",
                f"    {self.items(result, item)}[kiln_n++] = "
                f"{element.format(key=self.slot('&kiln_en->key', t.key), value=self.slot('&kiln_en->value', t.value))};",
                "  } }"]

    def op_dict_keys(self, op: SpaceOperation) -> list[str]:
        return self.dict_listing(op, "{key}")

    def op_dict_values(self, op: SpaceOperation) -> list[str]:
        return self.dict_listing(op, "{value}")

    def op_dict_items(self, op: SpaceOperation) -> list[str]:
        result_type = op.result.concretetype
        assert isinstance(result_type, ListPtr) and isinstance(result_type.item, TuplePtr)
        pair = result_type.item
        self.db.use_tuple(pair)
        alloc = "kiln_malloc" if any(holds_gc_pointers(i) for i in pair.items) \
            else "kiln_malloc_atomic"
        return self.dict_listing(
            op, f"kiln_pair_{pair.c_struct}({alloc}(sizeof(struct {pair.c_struct})), "
                "{key}, {value})")

