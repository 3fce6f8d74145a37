"""Register allocation for a flattened graph: liveness, interference, coloring per kind.

Input: the flat instruction list (`Insn`s and `Label`s) of one graph, whose operands are
flow-graph Variables.  Liveness is computed per instruction (backwards, to a fixpoint,
over the jumps); two variables of one kind interfere when one is defined where the other
is live, except a copy's source and target (so that coloring can give them one register
and the copy disappears).  Copies whose target is dead are dropped first.  Coloring is
greedy in order of definition, preferring a register a copy partner already has.
"""

from __future__ import annotations

from jit.codewriter.jitcode import ARGCODES, OPNAMES, Label
from jit.codewriter.descrs import kind_of_type
from toolchain.flow.model import Variable

COPIES = ("int_copy", "ref_copy", "float_copy")
# Instructions after which execution does not fall through to the next one.
NO_FALLTHROUGH = ("goto", "int_return", "ref_return", "float_return", "void_return")


class Insn:
    """One instruction before register allocation: `args` in ARGCODES order, with lists
    for I/R/F, Variables or Constants for i/r/f (and a Variable for >k), a Label for L."""

    __slots__ = ("opname", "args")

    def __init__(self, opname: str, args: list) -> None:
        self.opname = opname
        self.args = args

    def __repr__(self) -> str:
        return f"{self.opname} {self.args}"

    def letters(self) -> list[str]:
        return [c for c in ARGCODES[OPNAMES.index(self.opname)] if c != ">"]

    def result(self) -> Variable | None:
        if ">" in ARGCODES[OPNAMES.index(self.opname)]:
            return self.args[-1]
        return None

    def uses(self) -> list[Variable]:
        found = []
        result_pos = len(self.args) - 1 if self.result() is not None else -1
        for pos, (letter, arg) in enumerate(zip(self.letters(), self.args)):
            if pos == result_pos:
                continue
            if letter in "IRF":
                found += [a for a in arg if isinstance(a, Variable)]
            elif letter in "irf" and isinstance(arg, Variable):
                found.append(arg)
        return found

    def labels(self) -> list[Label]:
        return [a for a in self.args if isinstance(a, Label)]


def _successors(code: list, label_pos: dict[Label, int]) -> list[list[int]]:
    succ: list[list[int]] = []
    for pos, item in enumerate(code):
        targets = []
        if isinstance(item, Label) or item.opname not in NO_FALLTHROUGH:
            if pos + 1 < len(code):
                targets.append(pos + 1)
        if isinstance(item, Insn):
            targets += [label_pos[label] for label in item.labels()]
        succ.append(targets)
    return succ


def liveness(code: list) -> list[set[Variable]]:
    """live_out[pos]: the variables live after each instruction."""
    label_pos = {item: pos for pos, item in enumerate(code) if isinstance(item, Label)}
    succ = _successors(code, label_pos)
    live_in: list[set[Variable]] = [set() for _ in code]
    live_out: list[set[Variable]] = [set() for _ in code]
    changed = True
    while changed:
        changed = False
        for pos in range(len(code) - 1, -1, -1):
            out: set[Variable] = set()
            for s in succ[pos]:
                out |= live_in[s]
            item = code[pos]
            inn = set(out)
            if isinstance(item, Insn):
                result = item.result()
                if result is not None:
                    inn.discard(result)
                inn.update(item.uses())
            if out != live_out[pos] or inn != live_in[pos]:
                live_out[pos] = out
                live_in[pos] = inn
                changed = True
    return live_out


def drop_dead_copies(code: list) -> list:
    """Removes copies into variables nobody reads, until none is left."""
    while True:
        live_out = liveness(code)
        kept = [item for pos, item in enumerate(code)
                if not (isinstance(item, Insn) and item.opname in COPIES
                        and item.args[1] not in live_out[pos])]
        if len(kept) == len(code):
            return code
        code = kept


def color(code: list, params: list[Variable]) -> dict[Variable, int]:
    """A register number per variable, per kind; `params` (the graph's inputs, in
    order) get registers 0.. of their kind, as the calling convention says."""
    live_out = liveness(code)
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
    first_live = liveness_at_entry(code)
    for p in params:
        for v in first_live:
            note(v)
            conflict(p, v)
    partners: dict[Variable, list[Variable]] = {}
    for pos, item in enumerate(code):
        if not isinstance(item, Insn):
            continue
        for v in item.uses():
            note(v)
        result = item.result()
        if result is None:
            continue
        note(result)
        source = item.args[0] if item.opname in COPIES else None
        if isinstance(source, Variable):
            partners.setdefault(result, []).append(source)
            partners.setdefault(source, []).append(result)
        for v in live_out[pos]:
            note(v)
            if v is not source:
                conflict(result, v)

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


def liveness_at_entry(code: list) -> set[Variable]:
    """The variables read before any write: the graph's parameters, normally."""
    if not code:
        return set()
    live_out = liveness(code)
    item = code[0]
    inn = set(live_out[0])
    if isinstance(item, Insn):
        result = item.result()
        if result is not None:
            inn.discard(result)
        inn.update(item.uses())
    return inn
