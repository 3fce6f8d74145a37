"""Register allocation for a flattened graph: liveness, interference, coloring per kind.

Input: the flat instruction list (`Insn`s and `Label`s) of one graph, whose operands are
flow-graph Variables.  Liveness is solved per basic block (to a fixpoint, over the
jumps), then walked backwards through each block's instructions; two variables of one
kind interfere when one is defined where the other is live, except a copy's source and
target (so that coloring can give them one register and the copy disappears).  Copies
whose target is dead, or that only feed other copies, are dropped first.  Coloring is
greedy in order of appearance, preferring a register a copy partner already has.  The
code is not SSA (a block's input variables are written by each incoming link), which
interference handles like any other definition.
"""

from __future__ import annotations

from typing import Iterator

from jit.codewriter.jitcode import ARGCODES, OPNAMES, Label
from jit.codewriter.descrs import kind_of_type
from toolchain.flow.model import Variable

COPIES = ("int_copy", "ref_copy", "float_copy")
OPCODES = {name: n for n, name in enumerate(OPNAMES)}
# Instructions after which execution does not fall through to the next one.
NO_FALLTHROUGH = ("goto", "int_return", "ref_return", "float_return", "void_return", "raise")


class Insn:
    """One instruction before register allocation: `args` in ARGCODES order, with lists
    for I/R/F, Variables or Constants for i/r/f (and a Variable for >k), a Label for L."""

    __slots__ = ("opname", "args", "argcodes", "_uses", "_labels")

    def __init__(self, opname: str, args: list) -> None:
        self.opname = opname
        self.args = args
        self.argcodes = ARGCODES[OPCODES[opname]]
        self._uses: list[Variable] | None = None
        self._labels: list[Label] | None = None

    def __repr__(self) -> str:
        return f"{self.opname} {self.args}"

    def set_args(self, args: list) -> None:
        self.args = args
        self._uses = None
        self._labels = None

    def letters(self) -> list[str]:
        return [c for c in self.argcodes if c != ">"]

    def result(self) -> Variable | None:
        if ">" in self.argcodes:
            return self.args[-1]
        return None

    def uses(self) -> list[Variable]:
        if self._uses is None:
            self._uses = self._find_uses()
        return self._uses

    def _find_uses(self) -> list[Variable]:
        found = []
        letters = self.letters()
        if ">" in self.argcodes:
            letters = letters[:-1]
        for letter, arg in zip(letters, self.args):
            if letter in "IRF":
                found += [a for a in arg if isinstance(a, Variable)]
            elif letter in "irf" and isinstance(arg, Variable):
                found.append(arg)
        return found

    def labels(self) -> list[Label]:
        if self._labels is None:
            self._labels = [a for a in self.args if isinstance(a, Label)]
        return self._labels


def _basic_blocks(code: list) -> list[tuple[int, int]]:
    """(start, end) of each basic block: a label starts one, a jump or return ends one."""
    blocks = []
    start = 0
    for pos, item in enumerate(code):
        if isinstance(item, Label) and pos > start:
            blocks.append((start, pos))
            start = pos
        if isinstance(item, Insn) and (item.labels() or item.opname in NO_FALLTHROUGH):
            blocks.append((start, pos + 1))
            start = pos + 1
    if start < len(code):
        blocks.append((start, len(code)))
    return blocks


Solution = tuple[list[tuple[int, int]], list[set[Variable]], list[set[Variable]]]


def solve(code: list) -> Solution:
    """The basic blocks and the variables live at the start and at the end of each:
    gen/kill sets, then a worklist to the fixpoint."""
    blocks = _basic_blocks(code)
    block_at = {start: n for n, (start, _) in enumerate(blocks)}
    label_block = {item: block_at[pos] for pos, item in enumerate(code)
                   if isinstance(item, Label)}
    succ: list[list[int]] = []
    gen: list[set[Variable]] = []
    kill: list[set[Variable]] = []
    for n, (start, end) in enumerate(blocks):
        targets = []
        last = code[end - 1]
        if (isinstance(last, Label) or last.opname not in NO_FALLTHROUGH) \
                and n + 1 < len(blocks):
            targets.append(n + 1)
        g: set[Variable] = set()
        k: set[Variable] = set()
        for pos in range(end - 1, start - 1, -1):
            item = code[pos]
            if isinstance(item, Insn):
                targets += [label_block[label] for label in item.labels()]
                result = item.result()
                if result is not None:
                    k.add(result)
                    g.discard(result)
                g.update(item.uses())
        succ.append(targets)
        gen.append(g)
        kill.append(k)
    preds: list[list[int]] = [[] for _ in blocks]
    for n, targets in enumerate(succ):
        for t in targets:
            preds[t].append(n)
    live_in: list[set[Variable]] = [set(g) for g in gen]
    block_out: list[set[Variable]] = [set() for _ in blocks]
    work = list(range(len(blocks)))
    queued = [True] * len(blocks)
    while work:
        n = work.pop()
        queued[n] = False
        out: set[Variable] = set()
        for t in succ[n]:
            out |= live_in[t]
        block_out[n] = out
        inn = gen[n] | (out - kill[n])
        if inn != live_in[n]:
            live_in[n] = inn
            for p in preds[n]:
                if not queued[p]:
                    queued[p] = True
                    work.append(p)
    return blocks, live_in, block_out


def walk_backwards(code: list, solution: Solution) -> Iterator[tuple[int, Insn,
                                                                      set[Variable]]]:
    """(pos, instruction, the variables live after it) for every instruction, each
    block from its end; the set is shared and changes after each step: read, do not
    keep it."""
    blocks, _, block_out = solution
    for n, (start, end) in enumerate(blocks):
        live = set(block_out[n])
        for pos in range(end - 1, start - 1, -1):
            item = code[pos]
            if isinstance(item, Insn):
                yield pos, item, live
                result = item.result()
                if result is not None:
                    live.discard(result)
                live.update(item.uses())


def drop_dead_copies(code: list) -> list:
    """Removes copies into variables nobody reads: first those that only feed other
    copies (a value carried around a loop and never used is "live" for liveness alone),
    then, until none is left, those whose target is dead where they are."""
    needed: set[Variable] = set()
    feeds: dict[Variable, list[Variable]] = {}
    for item in code:
        if isinstance(item, Insn):
            if item.opname in COPIES:
                source = item.args[0]
                if isinstance(source, Variable):
                    feeds.setdefault(item.args[1], []).append(source)
            else:
                needed.update(item.uses())
    work = list(needed)
    while work:
        for source in feeds.get(work.pop(), []):
            if source not in needed:
                needed.add(source)
                work.append(source)
    code = [item for item in code if not (isinstance(item, Insn) and item.opname in COPIES
                                          and item.args[1] not in needed)]
    while True:
        dead = {pos for pos, item, live in walk_backwards(code, solve(code))
                if item.opname in COPIES and item.args[1] not in live}
        if not dead:
            return code
        code = [item for pos, item in enumerate(code) if pos not in dead]


def drop_self_copies(code: list, colors: dict[Variable, int]) -> list:
    """Removes the copies coloring made useless (source and target in one register)."""
    return [item for item in code
            if not (isinstance(item, Insn) and item.opname in COPIES
                    and isinstance(item.args[0], Variable)
                    and colors[item.args[0]] == colors[item.args[1]])]


def color(code: list, params: list[Variable]) -> dict[Variable, int]:
    """A register number per variable, per kind; `params` (the graph's inputs, in
    order) get registers 0.. of their kind, as the calling convention says."""
    interferes: dict[Variable, set[Variable]] = {}
    order: list[Variable] = []

    def note(v: Variable) -> None:
        if v not in interferes:
            interferes[v] = set()
            order.append(v)

    def conflict(a: Variable, b: Variable) -> None:
        if a is not b and kind_of_type(a.concretetype) == kind_of_type(b.concretetype):
            interferes[a].add(b)
            interferes[b].add(a)

    for p in params:
        note(p)
    for a in params:
        for b in params:
            conflict(a, b)
    partners: dict[Variable, list[Variable]] = {}
    for item in code:                    # first, the order of appearance
        if isinstance(item, Insn):
            for v in item.uses():
                note(v)
            result = item.result()
            if result is not None:
                note(result)
                source = item.args[0] if item.opname in COPIES else None
                if isinstance(source, Variable):
                    partners.setdefault(result, []).append(source)
                    partners.setdefault(source, []).append(result)
    solution = solve(code)
    entry = solution[1][0] if code else set()
    for _, item, live in walk_backwards(code, solution):
        result = item.result()
        if result is None:
            continue
        source = item.args[0] if item.opname in COPIES else None
        for v in live:
            if v is not source:
                conflict(result, v)
    for p in params:                     # defined together on entry
        for v in entry:
            note(v)
            conflict(p, v)

    colors: dict[Variable, int] = {}
    counters: dict[int, int] = {}
    for p in params:
        kind = kind_of_type(p.concretetype)
        colors[p] = counters.get(kind, 0)
        counters[kind] = colors[p] + 1
    for v in order:
        if v in colors:
            continue
        taken = {colors[n] for n in interferes[v] if n in colors}
        choice = -1
        for partner in partners.get(v, []):
            if partner in colors and colors[partner] not in taken:
                choice = colors[partner]
                break
        if choice < 0:
            choice = 0
            while choice in taken:
                choice += 1
        colors[v] = choice
    return colors
