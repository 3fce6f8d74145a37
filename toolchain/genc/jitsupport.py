"""What genc writes for the JIT: symbolic ints as C expressions, and jitcall wrappers.

A jitcall wrapper gives a graph a plain ABI (parameters and result only `Signed` or
`double`), so compiled traces and the blackhole interpreter call every residual function
the same way, whatever its bools, unsigned ints and pointers are in C.  Wrappers exist only
for the graphs some `FunctionAddress` in the prebuilt data names.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from toolchain.errors import TranslationError
from toolchain.flow.model import FunctionGraph
from toolchain.rlib.symbolic import (CFunctionAddress, DictKeyOps, FieldOffset,
                                     FunctionAddress, PrebuiltAddress, SizeOf,
                                     StructFieldOffset, Symbolic, TupleSize, VtableAddress)
from toolchain.rtyper.lltype import Float, Void

if TYPE_CHECKING:
    from toolchain.genc.database import Database


def symbolic_expression(db: Database, sym: Symbolic) -> str:
    if isinstance(sym, FieldOffset):
        return field_offset(db, sym)
    if isinstance(sym, StructFieldOffset):
        return f"(Signed)offsetof(struct {sym.c_struct}, {sym.field})"
    if isinstance(sym, SizeOf):
        cd = db.ann.getclassdef(sym.cls)
        return f"(Signed)sizeof(struct {db.classes.struct(cd)})"
    if isinstance(sym, TupleSize):
        # genc declared the struct: the graph the jitcode came from makes such tuples.
        # (The type is pass 1's, whose instance items are not pass 2's objects.)
        return f"(Signed)sizeof(struct {sym.tuple_type.c_struct})"
    if isinstance(sym, DictKeyOps):
        ops = db.keyops(sym.key_type)
        return "0" if ops == "NULL" else f"(Signed){ops}"
    if isinstance(sym, VtableAddress):
        return f"(Signed){db.classes.typeptr(db.ann.getclassdef(sym.cls))}"
    if isinstance(sym, CFunctionAddress):
        return f"(Signed)&{sym.name}"
    if isinstance(sym, PrebuiltAddress):
        if sym.obj is None:
            return "0"
        return f"(Signed){db.constant(sym.obj, db.type_of_constant(sym.obj))}"
    if isinstance(sym, FunctionAddress):
        return f"(Signed)&{jitcall_name(db, graph_of(db, sym))}"
    raise TranslationError(f"no C expression for the symbolic {sym!r}")


def field_offset(db: Database, sym: FieldOffset) -> str:
    cd = db.ann.getclassdef(sym.cls)
    path: list[str] = []
    for owner in cd.mro():
        if any(name == sym.attr for name, _ in db.rtyper.fields(owner)):
            member = ".".join([*path, "f_" + sym.attr])
            return f"(Signed)offsetof(struct {db.classes.struct(cd)}, {member})"
        path.append("super")
    raise TranslationError(f"class '{sym.cls.__name__}' has no field '{sym.attr}' "
                           "(never written, or not an attribute of its instances)")


def graph_of(db: Database, sym: FunctionAddress) -> FunctionGraph:
    key = sym.func
    graph = db.ann.graphs.get(key)
    if graph is None:
        graph = db.ann.graphs.get((sym.func, max(0, sym.nargs - sym.func.__code__.co_argcount)))
    if graph is None:
        raise TranslationError(f"the JIT calls '{sym.func.__qualname__}', which the "
                               "translated program never reaches")
    db.jitcall_graphs.add(graph)
    return graph


def jitcall_name(db: Database, graph: FunctionGraph) -> str:
    return "kiln_jitcall_" + db.function_names[graph].removeprefix("kiln_g_")


def jitcall_wrappers(db: Database) -> list[str]:
    """One wrapper per graph a FunctionAddress named, in a stable order."""
    lines = []
    for graph in sorted(db.jitcall_graphs, key=lambda g: db.function_names[g]):
        params, args = [], []
        for i, v in enumerate(graph.startblock.inputargs):
            t = v.concretetype
            if t is Void:
                continue
            wide = "double" if t is Float else "Signed"
            params.append(f"{wide} a{i}")
            args.append(f"({t.c_type})a{i}")
        result = graph.returnblock.inputargs[0].concretetype
        call = f"{db.function_names[graph]}({', '.join(args)})"
        ret = "double" if result is Float else "Signed"
        body = f"{call}; return 0;" if result is Void else f"return ({ret}){call};"
        lines.append(f"static {ret} {jitcall_name(db, graph)}"
                     f"({', '.join(params) or 'void'}) {{ {body} }}")
    return lines
