"""The C database: names and declarations of everything global in the generated C.

It owns the struct declarations of user classes, the C names of functions, and the
prebuilt constants (strings, lists, dicts, instances) reachable from the program, which
become static data.  Names are handed out in a deterministic order so that translating
the same program twice gives byte-identical C.

Why pointer-free constants get their own section: Boehm scans all writable static data
as roots at every collection, and a JIT binary's prebuilt data (jitcodes, descr tables)
is hundreds of KB, mostly ints and characters.  Every prebuilt object that cannot hold a
GC pointer is written `KILN_NOGC`, into the section `kiln_nogc`, which `main` excludes
from the root scan (see genc.py).  That is what the runtime allocates atomic (unscanned)
too: str bodies, the item arrays of lists whose items are not GC pointers, instances and
tuples without GC fields.  A list's header is always scanned: `append` may replace its
item array with a GC block that only the header points to.
"""

from __future__ import annotations

from typing import Any

from toolchain.annotator.annotator import Annotator
from toolchain.annotator.classdef import ClassDef
from toolchain.errors import TranslationError
from toolchain.flow.model import FunctionGraph
from toolchain.rtyper.lltype import (
    STR, Bool, DictPtr, Float, FuncPtr, InstancePtr, Unsigned, ListPtr, LowLevelType, Signed, StrPtr, TuplePtr,
    Void, holds_gc_pointers,
)
from toolchain.genc.classes import ClassLayout
from toolchain.genc.jitsupport import symbolic_expression
from toolchain.rlib.symbolic import Symbolic
from toolchain.rtyper.rtyper import RTyper


def sorted_subtree(cd: ClassDef) -> list[ClassDef]:
    result = [cd]
    for sub in sorted(cd.subdefs, key=lambda c: c.name):
        result += sorted_subtree(sub)
    return result


def c_identifier(name: str) -> str:
    return "".join(c if c.isalnum() else "_" for c in name)


def storage_type(t: LowLevelType) -> str:
    """The C type a container slot uses for items of type t (Void items still take room)."""
    return "Signed" if t is Void else t.c_type


def word(expr: str, t: LowLevelType) -> str:
    """A value as a `kiln_word`, the type of dict keys and slots."""
    if t is Float:
        return f"((kiln_word){{.f = {expr}}})"
    if t.is_gc_pointer:
        return f"((kiln_word){{.p = {expr}}})"
    return f"((kiln_word){{.i = {expr}}})"


def c_bytes_literal(data: bytes) -> str:
    out = []
    for b in data:
        if b in (0x22, 0x5C):
            out.append("\\" + chr(b))
        elif 0x20 <= b < 0x7F and b != 0x3F:  # '?' is avoided: trigraphs
            out.append(chr(b))
        else:
            out.append(f"\\{b:03o}")
    return '"' + "".join(out) + '"'


class Database:
    def __init__(self, annotator: Annotator, rtyper: RTyper) -> None:
        self.ann = annotator
        self.rtyper = rtyper
        self.function_names: dict[FunctionGraph, str] = {}
        self.constant_names: dict[Any, str] = {}
        self.forward_decls: list[str] = []
        self.definitions: list[str] = []
        self.init_code: list[str] = []
        self.keepalive: list[Any] = []
        self.classes: ClassLayout  # set by name_functions, once function names exist
        self.tuples: dict[TuplePtr, list[str]] = {}
        self.tuple_keyops: dict[TuplePtr, str] = {}
        self.jitcall_graphs: set[FunctionGraph] = set()  # see jitsupport
        self.uses_nogc_section = False

    # -- functions --------------------------------------------------------------------

    def name_functions(self, graphs: list[FunctionGraph]) -> None:
        taken: set[str] = set()
        for graph in graphs:
            base = "kiln_g_" + c_identifier(graph.name)
            name, n = base, 1
            while name in taken:
                n += 1
                name = f"{base}_{n}"
            taken.add(name)
            self.function_names[graph] = name
        self.classes = ClassLayout(self.rtyper, self.classdefs_in_order(), self.function_names)

    def classdefs_in_order(self) -> list[ClassDef]:
        """Base classes before subclasses, in a stable order."""
        roots = sorted((cd for cd in self.ann.classdefs.values() if cd.base is None),
                       key=lambda cd: cd.name)
        ordered: list[ClassDef] = []
        for root in roots:
            ordered += sorted_subtree(root)
        return ordered

    # -- tuples and dict keys ----------------------------------------------------------

    def use_tuple(self, t: TuplePtr) -> None:
        """Declares the tuple's struct (once), and a pair-filling helper for 2-tuples."""
        if t in self.tuples:
            return
        self.tuples[t] = []  # placeholder first: item types may be tuples themselves
        fields = "".join(f" {item.c_type} f{i};" for i, item in enumerate(t.items)
                         if item is not Void)
        lines = [f"struct {t.c_struct} {{{fields} }};"]
        if len(t.items) == 2 and Void not in t.items:
            a, b = t.items
            lines.append(f"static inline struct {t.c_struct} *kiln_pair_{t.c_struct}("
                         f"struct {t.c_struct} *p, {a.c_type} a, {b.c_type} b) "
                         "{ p->f0 = a; p->f1 = b; return p; }")
        for item in t.items:
            if isinstance(item, TuplePtr):
                self.use_tuple(item)
        self.tuples[t] = lines

    def keyops(self, key: LowLevelType) -> str:
        """The hash/equality a dict with this key type uses (NULL: word identity)."""
        if key is STR:
            return "&kiln_keyops_str"
        if isinstance(key, TuplePtr):
            return "&" + self.tuple_key_functions(key)
        return "NULL"

    def tuple_key_functions(self, t: TuplePtr) -> str:
        name = self.tuple_keyops.get(t)
        if name is not None:
            return name
        self.use_tuple(t)
        name = f"kiln_keyops_{t.c_struct}"
        self.tuple_keyops[t] = name
        hashes, equals = [], []
        for i, item in enumerate(t.items):
            a, b = f"x->f{i}", f"y->f{i}"
            if item is STR:
                hashes.append(f"kiln_str_hash({a})")
                equals.append(f"kiln_str_eq({a}, {b})")
            elif isinstance(item, TuplePtr):
                inner = self.tuple_key_functions(item)
                hashes.append(f"{inner}.hash((kiln_word){{.p = {a}}})")
                equals.append(f"{inner}.eq((kiln_word){{.p = {a}}}, (kiln_word){{.p = {b}}})")
            elif item is Float:
                hashes.append(f"(Signed){a}")
                equals.append(f"{a} == {b}")
            elif item is not Void:
                hashes.append(f"(Signed){a}")
                equals.append(f"{a} == {b}")
        combined = "0"
        for h in hashes:
            combined = f"({combined} * 1000003) ^ {h}"
        struct = f"struct {t.c_struct}"
        self.definitions += [
            f"static Signed {name}_hash(kiln_word k) {{ {struct} *x = k.p; "
            f"return (Signed)({combined}); }}",
            f"static bool {name}_eq(kiln_word j, kiln_word k) {{ {struct} *x = j.p, *y = k.p; "
            f"return {' && '.join(equals) or '1'}; }}",
            f"static const struct kiln_dict_keyops {name} = {{{name}_hash, {name}_eq}};",
        ]
        return name

    def tuple_declarations(self) -> list[str]:
        return [line for lines in self.tuples.values() for line in lines]

    # -- constants --------------------------------------------------------------------

    def constant(self, value: Any, t: LowLevelType) -> str:
        """A C expression for the prebuilt `value` seen as type `t`."""
        if t is Void:
            return "0"
        if value is None:
            if isinstance(t, (StrPtr, ListPtr, DictPtr, InstancePtr)):
                return "NULL"
            raise TranslationError(f"None cannot be used as {t!r}")
        if t is Bool:
            return "1" if value else "0"
        if isinstance(value, Symbolic):
            return symbolic_expression(self, value)
        if t is Signed:
            return self.int_literal(int(value))
        if t is Unsigned:
            return f"{int(value)}UL"
        if t is Float:
            value = float(value)
            if value != value:
                return "NAN"
            if value in (float("inf"), float("-inf")):
                return "HUGE_VAL" if value > 0 else "(-HUGE_VAL)"
            return repr(value)
        if isinstance(t, StrPtr):
            return self.string_constant(value)
        if isinstance(t, ListPtr):
            return self.list_constant(value, t)
        if isinstance(t, DictPtr):
            return self.dict_constant(value, t)
        if isinstance(t, InstancePtr):
            return self.instance_constant(value, t)
        if isinstance(t, TuplePtr):
            return self.tuple_constant(value, t)
        if isinstance(t, FuncPtr):
            return self.function_names[self.ann.graphs[value]]
        raise TranslationError(f"cannot write the constant {value!r} as {t!r}")

    def int_literal(self, value: int) -> str:
        bits = self.ann.target.word_bits
        if value == -(1 << (bits - 1)):
            return f"({value + 1}L - 1)"
        return f"{value}L"

    def type_of_constant(self, value: Any) -> LowLevelType:
        return self.rtyper.lowleveltype(self.ann.constant_annotation(value))

    def new_name(self, key: Any, prefix: str) -> str:
        name = f"kiln_c_{prefix}{len(self.constant_names)}"
        self.constant_names[key] = name
        return name

    def nogc(self, pointer_free: bool) -> str:
        """The attribute placing a prebuilt object outside the GC's root scan, if it may."""
        if not pointer_free:
            return ""
        self.uses_nogc_section = True
        return " KILN_NOGC"

    def string_constant(self, value: str | bytes) -> str:
        data = value.encode("latin-1") if isinstance(value, str) else value
        key = ("str", data)
        name = self.constant_names.get(key)
        if name is None:
            name = self.new_name(key, "s")
            self.definitions.append(
                f"static KILN_STR_CONST({len(data) + 1}) {name}{self.nogc(True)} = "
                f"{{0, {len(data)}, {c_bytes_literal(data)}}};")
        return f"((struct kiln_str *)&{name})"

    def list_constant(self, value: list[Any], t: ListPtr) -> str:
        key = ("list", id(value))
        name = self.constant_names.get(key)
        if name is None:
            name = self.new_name(key, "l")
            self.keepalive.append(value)
            self.forward_decls.append(f"static struct kiln_list {name};")
            items = [self.constant(item, t.item) for item in value]
            items_ref = "NULL"
            if items:
                self.definitions.append(
                    f"static {storage_type(t.item)} {name}_items[{len(items)}]"
                    f"{self.nogc(not holds_gc_pointers(t.item))} = "
                    f"{{{', '.join(items)}}};")
                items_ref = f"{name}_items"
            self.definitions.append(f"static struct kiln_list {name} = "
                                    f"{{{len(items)}, {len(items)}, {items_ref}}};")
        return f"(&{name})"

    def dict_constant(self, value: dict[Any, Any], t: DictPtr) -> str:
        key = ("dict", id(value))
        name = self.constant_names.get(key)
        if name is None:
            name = self.new_name(key, "d")
            self.keepalive.append(value)
            self.forward_decls.append(f"static struct kiln_dict *{name};")
            self.init_code.append(f"    {name} = kiln_dict_new({self.keyops(t.key)});")
            for k, v in value.items():
                key = word(self.constant(k, t.key), t.key)
                self.init_code.append(
                    f"    *({storage_type(t.value)} *)kiln_dict_insert_slot({name}, {key}) "
                    f"= {self.constant(v, t.value)};")
        return name

    def instance_constant(self, value: Any, t: InstancePtr) -> str:
        cd = self.ann.getclassdef(type(value))
        actual = self.rtyper.instance_type(cd)
        key = ("inst", id(value))
        name = self.constant_names.get(key)
        if name is None:
            name = self.new_name(key, "i")
            self.keepalive.append(value)
            section = self.nogc(self.classes.is_atomic(cd))
            self.forward_decls.append(f"static struct {actual.c_struct} {name}{section};")
            self.definitions.append(f"static struct {actual.c_struct} {name}{section} = "
                                    f"{self.instance_initializer(value, cd, cd)};")
        return f"((struct {t.c_struct} *)&{name})"

    def tuple_constant(self, value: tuple[Any, ...], t: TuplePtr) -> str:
        key = ("tuple", id(value))
        name = self.constant_names.get(key)
        if name is None:
            self.use_tuple(t)
            name = self.new_name(key, "t")
            self.keepalive.append(value)
            fields = ", ".join(self.constant(v, item) for v, item in zip(value, t.items)
                               if item is not Void)
            section = self.nogc(not any(holds_gc_pointers(item) for item in t.items))
            self.definitions.append(f"static struct {t.c_struct} {name}{section} = "
                                    f"{{{fields}}};")
        return f"(&{name})"

    def instance_initializer(self, value: Any, cd: ClassDef, actual: ClassDef) -> str:
        parts = []
        if cd.base is not None:
            parts.append(f".super = {self.instance_initializer(value, cd.base, actual)}")
        else:
            parts.append(f".hdr = {{{self.classes.typeptr(actual)}}}")
        for fname, ftype in self.rtyper.fields(cd):
            if ftype is Void:
                continue
            if fname in vars(value):
                parts.append(f".f_{fname} = {self.constant(vars(value)[fname], ftype)}")
            else:
                is_const, class_value = actual.class_constant(fname)
                if is_const:
                    parts.append(f".f_{fname} = {self.constant(class_value, ftype)}")
        return "{" + ", ".join(parts) + "}"


