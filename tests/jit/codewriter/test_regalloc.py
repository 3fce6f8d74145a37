"""Register allocation is checked, not trusted: on every path of every jitcode the
codewriter makes for BF, Ember and the test cases, each register an instruction reads
holds the variable it means (a forward dataflow over the colored code).  And a block
that feeds itself its own variables swapped (a parallel move with a cycle) computes
what the flow graph says."""

from __future__ import annotations

import pytest

from jit.codewriter import regalloc
from jit.codewriter.assembler import Assembler
from jit.codewriter.codewriter import CodeWriter
from jit.codewriter.descrs import kind_of_type
from jit.codewriter.flatten import Flattener, thread_jumps
from jit.codewriter.jitcode import JitCodeSet, Label
from jit.codewriter.regalloc import COPIES, Insn
from jit.metainterp.blackhole import BlackholeInterpreter, run_jitcode
from targets.config import REPO_ROOT, load_targets
from toolchain.driver import annotate_and_rtype, load_module
from toolchain.flow.model import Block, Constant, FunctionGraph, Link, SpaceOperation, Variable
from toolchain.rtyper.lltype import Bool, LowLevelType, Signed

Reg = tuple[int, int]


def misread(code: list, colors: dict[Variable, int], params: list[Variable]) -> list[str]:
    """The reads of a register that may not hold the variable meant, on some path."""
    def reg(v: Variable) -> Reg:
        return kind_of_type(v.concretetype), colors[v]

    blocks = regalloc._basic_blocks(code)
    block_at = {start: n for n, (start, _) in enumerate(blocks)}
    label_block = {item: block_at[pos] for pos, item in enumerate(code)
                   if isinstance(item, Label)}
    # For each block reached, what each register is known to hold: variables equal to it.
    entry: list[dict[Reg, frozenset[Variable]] | None] = [None] * len(blocks)
    entry[0] = {reg(p): frozenset([p]) for p in params}
    work = [0]
    errors: list[str] = []
    while work:
        n = work.pop()
        state = dict(entry[n] or {})
        start, end = blocks[n]
        successors = []
        for pos in range(start, end):
            item = code[pos]
            if not isinstance(item, Insn):
                continue
            for v in item.uses():
                if v not in state.get(reg(v), frozenset()):
                    errors.append(f"{pos}: {item.opname} reads {v} from {reg(v)}")
            successors += [(label_block[label], dict(state)) for label in item.labels()]
            result = item.result()
            if result is None:
                continue
            for r in list(state):
                state[r] = state[r] - {result}
            if item.opname in COPIES and isinstance(item.args[0], Variable):
                state[reg(result)] = frozenset([result]) | state.get(reg(item.args[0]),
                                                                   frozenset())
            else:
                state[reg(result)] = frozenset([result])
        last = code[end - 1]
        if (not isinstance(last, Insn) or last.opname not in regalloc.NO_FALLTHROUGH) \
                and n + 1 < len(blocks):
            successors.append((n + 1, state))
        for target, reached in successors:
            known = entry[target]
            if known is None:
                entry[target] = reached
                work.append(target)
            else:
                meet = {r: known[r] & reached[r] for r in known if r in reached}
                if meet != known:
                    entry[target] = meet
                    work.append(target)
    return errors


@pytest.mark.parametrize("module", ["interpreters/bf/bf.py", "interpreters/ember/ember.py",
                                    "tests/jit/codewriter/heap_cases.py"])
def test_every_read_finds_its_variable(module: str) -> None:
    loaded = load_module(REPO_ROOT / module)
    annotator, rtyper, _ = annotate_and_rtype(loaded.entry_point, load_targets()["x86_64"], {})
    writer = CodeWriter(annotator, rtyper)
    writer.find_portals()
    writer.discover([g for g in annotator.graph_order if not writer.portals])
    assert len(writer.order) > 5
    for graph in writer.order:
        flattener = Flattener(writer, graph)
        code = regalloc.drop_dead_copies(flattener.flatten())
        colors = regalloc.color(code, flattener.params)
        assert misread(code, colors, flattener.params) == [], graph.name


def var(name: str, t: LowLevelType = Signed) -> Variable:
    v = Variable(name)
    v.concretetype = t
    return v


def swapping_graph() -> FunctionGraph:
    """(a, b, n): acc = 0; while n > 0: acc = acc * 10 + a; a, b = b, a; n -= 1;
    return acc -- the loop as one block that links to itself with a and b exchanged."""
    a0, b0, n0 = var("a"), var("b"), var("n")
    a, b, n, acc = var("a"), var("b"), var("n"), var("acc")
    more, shifted, acc2, n2 = var("more", Bool), var("shifted"), var("acc2"), var("n2")
    loop = Block([a, b, n, acc])
    loop.operations = [SpaceOperation("int_gt", [n, Constant(0, Signed)], more),
                       SpaceOperation("int_mul", [acc, Constant(10, Signed)], shifted),
                       SpaceOperation("int_add", [shifted, a], acc2),
                       SpaceOperation("int_sub", [n, Constant(1, Signed)], n2)]
    loop.exitswitch = more
    start = Block([a0, b0, n0])
    returnblock = Block([var("result")])
    start.closeblock(Link([a0, b0, n0, Constant(0, Signed)], loop))
    loop.closeblock(Link([b, a, n2, acc2], loop, True), Link([acc], returnblock, False))
    return FunctionGraph("swapping", start, returnblock, Block([var("exc")]), None, None)


class _Writer:
    """What the flattener asks of a codewriter, for a graph with no calls."""

    portals: dict[FunctionGraph, object] = {}
    word_bits = 64

    def type_of_constant(self, c: Constant) -> LowLevelType:
        return c.concretetype


@pytest.mark.parametrize("a, b, n", [(1, 2, 0), (1, 2, 1), (1, 2, 2), (3, 4, 5)])
def test_a_block_that_swaps_its_own_variables(a: int, b: int, n: int) -> None:
    graph = swapping_graph()
    flattener = Flattener(_Writer(), graph)  # type: ignore[arg-type]
    code = regalloc.drop_dead_copies(flattener.flatten())
    colors = regalloc.color(code, flattener.params)
    assert misread(code, colors, flattener.params) == []
    code = thread_jumps(regalloc.drop_self_copies(code, colors))
    jitcode = Assembler("swapping", colors).assemble(code)
    interp = BlackholeInterpreter(JitCodeSet([jitcode], [], [], []), None)  # type: ignore
    x, y, acc = a, b, 0
    for _ in range(n):
        acc = acc * 10 + x
        x, y = y, x
    assert run_jitcode(interp, jitcode, [a, b, n], [], []).result_i == acc
