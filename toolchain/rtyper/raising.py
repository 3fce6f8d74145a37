"""Which low-level graphs can raise, so that callers check for a pending exception.

Exceptions travel RPython-style: a raising function stores the exception instance in
the global `kiln_exc_value` and returns; every caller checks after calling anything that
can raise, and either goes to the matching handler (the block's exception link) or
propagates by returning at once.  Calls that cannot raise pay nothing.
"""

from __future__ import annotations

from toolchain.flow.model import Constant, FunctionGraph, SpaceOperation

# Runtime functions that report errors by raising (OSError) instead of aborting.
RAISING_CCALLS = frozenset({
    "kiln_os_read", "kiln_os_write", "kiln_os_open", "kiln_os_close", "kiln_os_lseek",
    "kiln_int_from_str", "kiln_float_from_str", "kiln_float_to_int", "kiln_str_ord",
    "kiln_str_chr", "kiln_str_split", "kiln_math_sqrt", "kiln_math_log", "kiln_math_pow",
    "kiln_math_exp", "kiln_int_pow",
})


def callees(op: SpaceOperation) -> list[FunctionGraph]:
    if op.opname == "direct_call":
        return [op.args[0].value]  # type: ignore[union-attr]
    if op.opname == "vtable_call":
        return list(op.args[0].value[2])  # type: ignore[union-attr]
    if op.opname == "indirect_call":
        return list(op.args[1].value)  # type: ignore[union-attr]
    return []


def op_can_raise(op: SpaceOperation, raising: set[FunctionGraph]) -> bool:
    if op.opname == "ccall":
        fname = op.args[0]
        return isinstance(fname, Constant) and fname.value in RAISING_CCALLS
    return any(g in raising for g in callees(op))


def recursive_graphs(graphs: list[FunctionGraph]) -> set[FunctionGraph]:
    """The graphs on a cycle of the call graph: only they can recurse without bound, so
    only they check the stack depth (and so may raise RecursionError)."""
    edges = {g: {c for block in g.iterblocks() for op in block.operations
                 for c in callees(op)} for g in graphs}
    recursive = set()
    for graph in graphs:
        seen: set[FunctionGraph] = set()
        stack = list(edges.get(graph, ()))
        while stack:
            callee = stack.pop()
            if callee is graph:
                recursive.add(graph)
                break
            if callee not in seen:
                seen.add(callee)
                stack.extend(edges.get(callee, ()))
    return recursive


def compute_can_raise(graphs: list[FunctionGraph],
                      recursive: set[FunctionGraph]) -> set[FunctionGraph]:
    raising: set[FunctionGraph] = set(recursive)
    for graph in graphs:
        if any(link.target is graph.exceptblock for link in graph.iterlinks()):
            raising.add(graph)
    changed = True
    while changed:
        changed = False
        for graph in graphs:
            if graph in raising:
                continue
            for block in graph.iterblocks():
                caught = block.raising_op
                if any(op is not caught and op_can_raise(op, raising)
                       for op in block.operations):
                    raising.add(graph)
                    changed = True
                    break
    return raising
