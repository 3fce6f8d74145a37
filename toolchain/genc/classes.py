"""Instances in C: struct layouts, class identity and vtables.

Every instance starts with a `struct kiln_object` header whose `typeptr` points at its
class's vtable.  Classes are numbered in preorder over each inheritance tree, so a class
and all its subclasses occupy one contiguous range; `isinstance(x, C)` is then two
compares on `x->typeptr->subclass_min` (RPython's trick), whatever the depth.

A vtable is one struct type per inheritance tree (per root class): the common header
plus one function-pointer slot for each method that some call site dispatches
virtually.  Each class fills the slots with the implementation it inherits or defines.
"""

from __future__ import annotations

from typing import Any

from toolchain.annotator.annotator import EXCEPTION_MESSAGE
from toolchain.annotator.classdef import ClassDef
from toolchain.flow.model import FunctionGraph
from toolchain.rtyper.lltype import Void, holds_gc_pointers
from toolchain.rtyper.rtyper import RTyper

RUNTIME_EXCEPTION_NAMES = ("IndexError", "KeyError", "ZeroDivisionError", "ValueError",
                           "OverflowError", "OSError", "AssertionError", "RecursionError",
                           "MemoryError")


class ClassLayout:
    def __init__(self, rtyper: RTyper, classdefs: list[ClassDef],
                 function_names: dict[FunctionGraph, str]) -> None:
        self.rtyper = rtyper
        self.function_names = function_names
        self.classdefs = classdefs
        self.roots = [cd for cd in classdefs if cd.base is None]
        self.preorder: dict[ClassDef, tuple[int, int]] = {}
        for root in self.roots:
            self._number(root, 0 if not self.preorder else
                         max(hi for _, hi in self.preorder.values()) + 1)
        self.slots: dict[ClassDef, list[str]] = {root: [] for root in self.roots}

    def _number(self, cd: ClassDef, start: int) -> int:
        end = start
        for sub in sorted(cd.subdefs, key=lambda c: c.name):
            end = self._number(sub, end + 1)
        self.preorder[cd] = (start, end)
        return end

    def root(self, cd: ClassDef) -> ClassDef:
        return cd.mro()[-1]

    def add_slot(self, cd: ClassDef, method: str) -> None:
        slots = self.slots[self.root(cd)]
        if method not in slots:
            slots.append(method)

    def struct(self, cd: ClassDef) -> str:
        return self.rtyper.instance_type(cd).c_struct

    def vtable_struct(self, cd: ClassDef) -> str:
        return "kiln_vtable_" + self.struct(self.root(cd)).removeprefix("kiln_inst_")

    def vtable_name(self, cd: ClassDef) -> str:
        return "kiln_vt_" + self.struct(cd).removeprefix("kiln_inst_")

    # -- declarations -------------------------------------------------------------------

    def declarations(self) -> list[str]:
        lines = []
        for cd in self.classdefs:
            lines.append(f"struct {self.struct(cd)} {{")
            if cd.base is None:
                lines.append("    struct kiln_object hdr;")
            else:
                lines.append(f"    struct {self.struct(cd.base)} super;")
            for name, ftype in self.rtyper.fields(cd):
                if ftype is not Void:
                    lines.append(f"    {ftype.c_type} f_{name};")
            lines.append("};")
        for root in self.roots:
            lines.append(f"struct {self.vtable_struct(root)} {{")
            lines.append("    struct kiln_vtable base;")
            lines += [f"    void (*m_{slot})(void);" for slot in self.slots[root]]
            lines.append("};")
        return lines

    def vtables(self) -> list[str]:
        lines = []
        for cd in self.classdefs:
            lo, hi = self.preorder[cd]
            fields = [f"{{{lo}, {hi}, \"{cd.name}\"}}"]
            for slot in self.slots[self.root(cd)]:
                found = cd.lookup_method(slot)
                target = "0"
                if found is not None:
                    graph = self.graph_of(found[1])
                    if graph is not None:
                        target = f"(void (*)(void)){self.function_names[graph]}"
                fields.append(target)
            lines.append(f"static const struct {self.vtable_struct(cd)} "
                         f"{self.vtable_name(cd)} = {{{', '.join(fields)}}};")
        return lines

    def graph_of(self, func: Any) -> FunctionGraph | None:
        for graph in self.function_names:
            if graph.func is func:
                return graph
        return None

    def typeptr(self, cd: ClassDef) -> str:
        return f"(const struct kiln_vtable *)&{self.vtable_name(cd)}"

    def isinstance_test(self, value: str, cd: ClassDef) -> str:
        lo, hi = self.preorder[cd]
        return f"kiln_isinstance({value}, {lo}, {hi})"

    def is_atomic(self, cd: ClassDef) -> bool:
        return not any(holds_gc_pointers(ftype) for owner in cd.mro()
                       for _, ftype in self.rtyper.fields(owner))

    def runtime_exceptions(self, by_name: dict[str, ClassDef], root: ClassDef) -> list[str]:
        """The table the C runtime raises from, and the function that raises."""
        entries = ", ".join(self.typeptr(by_name[name]) for name in RUNTIME_EXCEPTION_NAMES)
        struct = self.struct(root)
        return [
            f"const struct kiln_vtable *const kiln_runtime_exceptions[] = {{{entries}}};",
            "void kiln_raise_runtime(int kind, const char *message) {",
            f"    struct {struct} *e = kiln_malloc(sizeof(struct {struct}));",
            "    e->hdr.typeptr = kiln_runtime_exceptions[kind];",
            f"    e->f_{EXCEPTION_MESSAGE} = kiln_str_from_cstring(message);",
            "    kiln_exc_value = &e->hdr;",
            "}",
            "const char *kiln_exception_message(struct kiln_object *e) {",
            f"    struct kiln_str *m = ((struct {struct} *)e)->f_{EXCEPTION_MESSAGE};",
            "    return m != NULL ? m->chars : \"\";",
            "}",
        ]
