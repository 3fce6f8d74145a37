"""The C database: names and declarations of everything global in the generated C.

It owns the struct declarations of user classes, the C names of functions, and the
prebuilt constants (strings, lists, dicts, instances) reachable from the program, which
become static data.  Names are handed out in a deterministic order so that translating
the same program twice gives byte-identical C.
"""

from __future__ import annotations

from typing import Any

from toolchain.annotator.annotator import Annotator
from toolchain.annotator.classdef import ClassDef
from toolchain.errors import TranslationError
from toolchain.flow.model import FunctionGraph
from toolchain.rtyper.lltype import (
    Bool, DictPtr, Float, InstancePtr, ListPtr, LowLevelType, Signed, StrPtr, Void,
)
from toolchain.genc.classes import ClassLayout
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
        if t is Signed:
            return self.int_literal(int(value))
        if t is Float:
            return repr(float(value))
        if isinstance(t, StrPtr):
            return self.string_constant(value)
        if isinstance(t, ListPtr):
            return self.list_constant(value, t)
        if isinstance(t, DictPtr):
            return self.dict_constant(value, t)
        if isinstance(t, InstancePtr):
            return self.instance_constant(value, t)
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

    def string_constant(self, value: str | bytes) -> str:
        data = value.encode("latin-1") if isinstance(value, str) else value
        key = ("str", data)
        name = self.constant_names.get(key)
        if name is None:
            name = self.new_name(key, "s")
            self.definitions.append(
                f"static KILN_STR_CONST({len(data) + 1}) {name} = "
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
                    f"static {storage_type(t.item)} {name}_items[{len(items)}] = "
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
            self.init_code.append(f"    {name} = kiln_dict_new();")
            for k, v in value.items():
                self.init_code.append(
                    f"    *({storage_type(t.value)} *)kiln_dict_insert_slot({name}, "
                    f"{self.constant(k, t.key)}) = {self.constant(v, t.value)};")
        return name

    def instance_constant(self, value: Any, t: InstancePtr) -> str:
        cd = self.ann.getclassdef(type(value))
        actual = self.rtyper.instance_type(cd)
        key = ("inst", id(value))
        name = self.constant_names.get(key)
        if name is None:
            name = self.new_name(key, "i")
            self.keepalive.append(value)
            self.forward_decls.append(f"static struct {actual.c_struct} {name};")
            self.definitions.append(f"static struct {actual.c_struct} {name} = "
                                    f"{self.instance_initializer(value, cd, cd)};")
        return f"((struct {t.c_struct} *)&{name})"

    def instance_initializer(self, value: Any, cd: ClassDef, actual: ClassDef) -> str:
        parts = []
        if cd.base is not None:
            parts.append(f".super = {self.instance_initializer(value, cd.base, actual)}")
        else:
            parts.append(f".hdr = {{{self.classes.typeptr(actual)}}}")
        for fname, ftype in self.rtyper.fields(cd):
            if ftype is not Void and fname in vars(value):
                parts.append(f".f_{fname} = {self.constant(vars(value)[fname], ftype)}")
        return "{" + ", ".join(parts) + "}"


