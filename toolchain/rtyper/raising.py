"""Which low-level graphs can raise, so that callers check for a pending exception.

Exceptions travel RPython-style: a raising function stores the exception instance in
the global `kiln_exc_value` and returns; every caller checks after calling anything that
can raise, and either goes to the matching handler (the block's exception link) or
propagates by returning at once.  Calls that cannot raise pay nothing.
"""

from __future__ import annotations

from toolchain.flow.model import LAST_EXCEPTION, Constant, FunctionGraph, SpaceOperation

# Runtime functions that report errors by raising (OSError) instead of aborting.
RAISING_CCALLS = frozenset({
    "kiln_os_read", "kiln_os_write", "kiln_os_open", "kiln_os_close", "kiln_os_lseek",
    "kiln_int_from_str", "kiln_float_from_str", "kiln_float_to_int", "kiln_str_ord",
    "kiln_str_chr", "kiln_str_split", "kiln_math_sqrt", "kiln_math_log", "kiln_math_pow",
    "kiln_math_exp", "kiln_int_pow", "kiln_jit_restore_exception",
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


# Operations that cannot trap, raise, loop or write memory, whatever their operands: run
# on the meaningless value a call returns with an exception pending, they do no harm.
# (cast_int_to_ptr is left out so that such a value is never a made-up pointer.)
QUIET_OPS = frozenset({
    "same_as", "bool_not", "int_is_true", "ptr_nonnull", "ptr_eq", "ptr_ne",
    "int_add", "int_sub", "int_mul", "int_neg", "int_invert", "int_and", "int_or", "int_xor",
    "int_lt", "int_le", "int_eq", "int_ne", "int_gt", "int_ge",
    "uint_add", "uint_sub", "uint_mul", "uint_neg", "uint_invert", "uint_and", "uint_or",
    "uint_xor", "uint_lt", "uint_le", "uint_eq", "uint_ne", "uint_gt", "uint_ge",
    "float_add", "float_sub", "float_mul", "float_neg", "float_is_true", "float_lt",
    "float_le", "float_eq", "float_ne", "float_gt", "float_ge", "cast_int_to_float",
    "cast_pointer", "cast_ptr_to_int",
})
# Shifts are C shifts: a count out of range is undefined behaviour, so they are quiet
# only by a count fixed in the source.
SHIFT_OPS = frozenset({"int_lshift", "int_rshift", "uint_lshift", "uint_rshift"})


def is_quiet(op: SpaceOperation) -> bool:
    if op.opname in SHIFT_OPS:
        return isinstance(op.args[1], Constant)
    return op.opname in QUIET_OPS


def propagating_calls(graph: FunctionGraph,
                      raising: set[FunctionGraph]) -> set[SpaceOperation]:
    """The operations that can raise but need no exception check after them.

    After such an operation only quiet operations run, on a path without loops, before
    the graph returns.  If it raised, they compute a meaningless result and the graph
    returns it with the exception still pending, which is all the check would have done
    apart from the value: every caller checks (or is itself such a case) and never uses
    a value returned with an exception pending.  Leaving the check out keeps the call a
    tail of pure arithmetic, which gcc turns into a loop (e.g. fib's second call).
    """
    # The blocks from which every path returns running quiet operations only.  A block
    # joins once all its successors have, so no block on a loop ever does.
    blocks = list(graph.iterblocks())
    candidates = [block for block in reversed(blocks)
                  if block.exits and block.exitswitch is not LAST_EXCEPTION
                  and all(is_quiet(op) for op in block.operations)]
    quiet = {graph.returnblock}
    changed = True
    while changed:
        changed = False
        for block in candidates:
            if block not in quiet and all(link.target in quiet for link in block.exits):
                quiet.add(block)
                changed = True

    unchecked = set()
    for block in blocks:
        if block.exitswitch is LAST_EXCEPTION or not block.exits:
            continue  # the last operation's exception is caught, or it never returns
        if not all(link.target in quiet for link in block.exits):
            continue
        for op in reversed(block.operations):
            if op_can_raise(op, raising):
                unchecked.add(op)
            if not is_quiet(op):
                break
    return unchecked
