"""Translation-time checks of the JIT hints: a misused JitDriver is a translation error
that names the problem and the place, as RPython's are.  Host code; it reads the
annotated flow graphs (after annotation, before rtyping).

It accepts the graphs either as annotated or already rtyped (the high-level operations
it looks for have one low-level form each: `promote` is a `direct_call` of its graph,
allocations are `malloc`/`list_new`/..., an `except C` test is an `instance_isinstance`
of an exception instance).

The rules, per driver:

1. One `jit_merge_point` (the portal); it sits in a loop of its function.
2. `can_enter_jit` only in the portal's function, which has the `jit_merge_point`.
3. Every green is an int, bool, float or a GC object (str, bytes, instance, list, dict,
   tuple): the kinds the woven hook can pass to the JIT and compare.  Functions and
   other prebuilt constants are refused.
4. Every variable live at the merge point is a green or a red: the JIT re-enters the
   portal there with nothing else (RPython's rule).
5. Greens are constant per loop.  Along the portal loop's normal control flow, from the
   merge point back to it (or to a `can_enter_jit`), a green's new value must be
   computed from greens and constants only: arithmetic on them, reads of fields and
   items of green objects with green indexes, calls with only green arguments, or
   `promote(x)` of anything (the explicit way to take a green from run-time data, as a
   computed jump does).  A value from a red, or read through one, is refused, and so is
   a freshly allocated object (its identity differs on every iteration).  Paths through
   an `except` handler are exempt: they leave the trace through a guard, and the
   tracer promotes the greens where it resumes (RPython promotes every green at the
   merge point).  A handler is recognised by its exception class (`except C:`); the
   body of a bare `except:` is checked like the rest of the loop.

A missing red or green at a hint is reported earlier, by the flow builder.
"""

from __future__ import annotations

from dataclasses import dataclass

from toolchain.annotator.annotator import Annotator
from toolchain.annotator.model import SomeFunctions, SomeInstance, SomeObject, SomeValue
from toolchain.errors import TranslationError
from toolchain.flow.model import (
    CAUGHT_EXCEPTION, Block, Constant, FunctionGraph, Link, Location, SpaceOperation,
    Value, Variable,
)
from toolchain.rlib.jit import JitDriver, promote

ALLOCATIONS = ("newlist", "newdict", "newtuple", "malloc", "list_new", "dict_new",
               "tuple_new")


@dataclass
class Site:
    """One hint call: the operation and where it is."""

    graph: FunctionGraph
    block: Block
    index: int
    op: SpaceOperation

    @property
    def loc(self) -> Location | None:
        return self.op.loc


@dataclass
class DriverSites:
    merge_points: list[Site]
    can_enters: list[Site]


def check_jit_hints(annotator: Annotator) -> None:
    """Raises TranslationError for the first misuse found (rules in the docstring)."""
    for driver, sites in find_sites(annotator.graph_order).items():
        check_driver(annotator, driver, sites)


def find_sites(graphs: list[FunctionGraph]) -> dict[JitDriver, DriverSites]:
    found: dict[JitDriver, DriverSites] = {}
    seen_locs: set[tuple[str, Location | None]] = set()
    for graph in graphs:
        for block in graph.iterblocks():
            for index, op in enumerate(block.operations):
                if op.opname not in ("jit_merge_point", "can_enter_jit"):
                    continue
                driver = op.args[0]
                assert isinstance(driver, Constant) and isinstance(driver.value, JitDriver)
                # A `finally` body is built once per way out of it: one source hint.
                key = (op.opname, op.loc)
                if op.loc is not None and key in seen_locs:
                    continue
                seen_locs.add(key)
                sites = found.setdefault(driver.value, DriverSites([], []))
                site = Site(graph, block, index, op)
                if op.opname == "jit_merge_point":
                    sites.merge_points.append(site)
                else:
                    sites.can_enters.append(site)
    return found


def check_driver(annotator: Annotator, driver: JitDriver, sites: DriverSites) -> None:
    if not sites.merge_points:
        raise error("can_enter_jit() of a JitDriver that has no jit_merge_point(); "
                    "the portal's loop needs one", sites.can_enters[0].loc)
    portal = sites.merge_points[0]
    if len(sites.merge_points) > 1:
        second = sites.merge_points[1]
        raise error(f"a second jit_merge_point() for the same JitDriver (greens "
                    f"{', '.join(driver.greens)}); a driver has exactly one",
                    second.loc, [f"the first is at {where(portal.loc)}"])
    for site in sites.can_enters:
        if site.graph is not portal.graph:
            raise error(f"can_enter_jit() outside the function of its jit_merge_point() "
                        f"('{portal.graph.name}'); the JIT can only re-enter the portal "
                        "there", site.loc, [f"the jit_merge_point is at {where(portal.loc)}"])
    if not in_cycle(portal.block):
        raise error("jit_merge_point() is not inside a loop; it marks the top of the "
                    "interpreter's dispatch loop", portal.loc)
    greens = portal.op.args[1:1 + len(driver.greens)]
    for name, value in zip(driver.greens, greens):
        check_green_kind(name, annotator.binding(value), portal.loc)
    check_all_live_listed(driver, portal)
    GreenFlow(annotator, driver, portal, sites.can_enters).check()


def error(message: str, loc: Location | None, notes: list[str] | None = None
          ) -> TranslationError:
    return TranslationError(message, loc, notes)


def where(loc: Location | None) -> str:
    return f"{loc} in function '{loc.funcname}'" if loc else "an unknown place"


def check_green_kind(name: str, s_value: SomeValue, loc: Location | None) -> None:
    if isinstance(s_value, (SomeFunctions, SomeObject)):
        raise error(f"the green '{name}' is {s_value.describe()}; a green must be an "
                    "int, bool, float, str, bytes or an object (instance, list, dict, "
                    "tuple)", loc)


def in_cycle(start: Block) -> bool:
    """Whether some path leads from `start` back to it."""
    seen: set[int] = set()
    stack = [link.target for link in start.exits]
    while stack:
        block = stack.pop()
        if block is start:
            return True
        if id(block) not in seen:
            seen.add(id(block))
            stack.extend(link.target for link in block.exits)
    return False


# -- rule 4: everything live at the merge point is listed ----------------------------------

def check_all_live_listed(driver: JitDriver, portal: Site) -> None:
    live = live_after(portal.graph, portal.block, portal.index)
    listed = {a for a in portal.op.args if isinstance(a, Variable)}
    unlisted = sorted((v for v in live if v not in listed), key=lambda v: v.nr)
    if unlisted:
        local_names = set(portal.graph.func.__code__.co_varnames) if portal.graph.func else set()
        names = [f"'{v.hint}'" if v.hint in local_names else
                 f"an internal value ('{v.hint}': a for loop's iterator or a temporary)"
                 for v in unlisted]
        raise error(f"{', '.join(names)} {'is' if len(names) == 1 else 'are'} live at "
                    "jit_merge_point() but neither a green nor a red of the JitDriver; "
                    "every variable live there must be listed (the JIT re-enters the "
                    "loop with the greens and reds only)", portal.loc,
                    [f"greens: {', '.join(driver.greens) or '(none)'}; reds: "
                     f"{', '.join(driver.reds) or '(none)'}"])


def live_after(graph: FunctionGraph, block: Block, index: int) -> set[Variable]:
    """The variables that some later operation, exit or return may still read after
    `block.operations[index]`."""
    live_in = block_liveness(graph)
    live = live_at_end(block, live_in)
    for op in reversed(block.operations[index + 1:]):
        live.discard(op.result)
        live.update(a for a in op.args if isinstance(a, Variable))
    return live


def block_liveness(graph: FunctionGraph) -> dict[Block, set[Variable]]:
    """The variables live on entry to each block (a backward fixpoint over links: a
    link argument is live only if its target reads the matching input)."""
    blocks = list(graph.iterblocks())
    live_in: dict[Block, set[Variable]] = {b: set() for b in blocks}
    changed = True
    while changed:
        changed = False
        for block in reversed(blocks):
            if block is graph.returnblock or block is graph.exceptblock:
                live = set(block.inputargs)     # the return value or raised exception
            else:
                live = live_at_end(block, live_in)
                for op in reversed(block.operations):
                    live.discard(op.result)
                    live.update(a for a in op.args if isinstance(a, Variable))
            if live != live_in[block]:
                live_in[block] = live
                changed = True
    return live_in


def live_at_end(block: Block, live_in: dict[Block, set[Variable]]) -> set[Variable]:
    live: set[Variable] = set()
    if isinstance(block.exitswitch, Variable):
        live.add(block.exitswitch)
    for link in block.exits:
        for arg, target_arg in zip(link.args, link.target.inputargs):
            if isinstance(arg, Variable) and target_arg in live_in.get(link.target, ()):
                live.add(arg)
    return live


# -- rule 5: greens are constant per loop ---------------------------------------------------

class GreenFlow:
    """Which values are green-derived on paths that start at the merge point.

    A greatest fixpoint: every value starts green-derived and is lowered when one of
    its sources is not.  At the merge point the greens are green-derived and everything
    else is not; the merge point's own block is also evaluated a second time, as
    reached again by the loop (`arrival`), to check the greens coming back."""

    def __init__(self, annotator: Annotator, driver: JitDriver, portal: Site,
                 can_enters: list[Site]) -> None:
        self.annotator = annotator
        self.driver = driver
        self.portal = portal
        self.can_enters = can_enters
        self.greens = portal.op.args[1:1 + len(driver.greens)]
        self.region = self.normal_region(portal.block)
        self.incoming: dict[Block, list[Link]] = {b: [] for b in self.region}
        for block in self.region:
            for link in self.normal_exits(block):
                if link.target in self.incoming:
                    self.incoming[link.target].append(link)
        self.producer: dict[Variable, SpaceOperation] = {}
        for block in self.region:
            for op in block.operations:
                self.producer[op.result] = op
        self.green: dict[Variable, bool] = {}
        self.arrival: dict[Variable, bool] = {}
        # The merge point's block before the hint: its values are seen as the loop
        # reaches it again (arrival); after the hint, only the greens are green.
        block = portal.block
        self.before = set(block.inputargs) | {op.result for op in
                                              block.operations[:portal.index]}
        green_vars = {v for v in self.greens if isinstance(v, Variable)}
        for var in self.before:
            self.green[var] = var in green_vars

    def check(self) -> None:
        self.solve()
        portal_block = self.portal.block
        for name, value in zip(self.driver.greens, self.greens):
            if not self.value(value, self.arrival):
                self.report(name, value, self.arrival, self.portal.loc,
                            "back at jit_merge_point()")
        for site in self.can_enters:
            if site.block not in self.incoming:
                continue
            env = self.arrival if (site.block is portal_block
                                   and site.index < self.portal.index) else self.green
            values = site.op.args[1:1 + len(self.driver.greens)]
            for name, value in zip(self.driver.greens, values):
                if not self.value(value, env):
                    self.report(name, value, env, site.loc, "at can_enter_jit()")

    def value(self, value: Value, env: dict[Variable, bool]) -> bool:
        if isinstance(value, Constant):
            return value is not CAUGHT_EXCEPTION
        if env is self.arrival and value in self.arrival:
            return self.arrival[value]
        return self.green.get(value, True)

    def solve(self) -> None:
        changed = True
        while changed:
            changed = False
            for block in self.region:
                if block is self.portal.block:
                    changed |= self.evaluate_portal_block()
                else:
                    changed |= self.evaluate(block, 0, self.green, set_inputs=True)

    def evaluate_portal_block(self) -> bool:
        index = self.portal.index
        changed = self.evaluate(self.portal.block, 0, self.arrival, set_inputs=True,
                                stop=index)
        return self.evaluate(self.portal.block, index + 1, self.green,
                             set_inputs=False) or changed

    def evaluate(self, block: Block, start: int, env: dict[Variable, bool],
                 set_inputs: bool, stop: int = -1) -> bool:
        changed = False
        if set_inputs:
            for i, var in enumerate(block.inputargs):
                new = all(self.value(link.args[i], self.green)
                          for link in self.incoming[block])
                changed |= self.lower(env, var, new)
        ops = block.operations[start:] if stop < 0 else block.operations[start:stop]
        for op in ops:
            changed |= self.lower(env, op.result, self.op_is_green(op, env))
        return changed

    def lower(self, env: dict[Variable, bool], var: Variable, new: bool) -> bool:
        """Records `var` in `env` (never raising it back): whether it was lowered."""
        old = env.get(var, True)
        env[var] = old and new
        return old and not new

    def op_is_green(self, op: SpaceOperation, env: dict[Variable, bool]) -> bool:
        if is_promote(op):
            return True
        if is_allocation(op):
            return False
        return all(self.value(a, env) for a in op.args)

    def report(self, name: str, value: Value, env: dict[Variable, bool],
               loc: Location | None, when: str) -> None:
        source_loc, source = self.source_of(value, env)
        detail = (f"it is computed from '{source}', which is not a green (a red, or a "
                  "value read through one)" if source else
                  "it is a newly allocated object, different on every iteration")
        raise error(f"the green '{name}' is not constant per loop: {when}, {detail}; "
                    "a green may only be computed from greens and constants (wrap a "
                    "run-time value in promote() to make it one)", source_loc or loc,
                    [f"the jit_merge_point is at {where(self.portal.loc)}"])

    def source_of(self, value: Value, env: dict[Variable, bool]
                  ) -> tuple[Location | None, str | None]:
        """Where a non-green value got its non-green part: a breadth-first walk back
        through operations and links to the nearest red at the merge point (returning
        the last operation on the way and the red's name) or allocation (its place and
        None)."""
        queue: list[tuple[Value, dict[Variable, bool], Location | None]] = [
            (value, env, None)]
        seen: set[tuple[Value, int]] = set()
        for value, env, loc in queue:
            if not isinstance(value, Variable) or (value, id(env)) in seen:
                continue
            seen.add((value, id(env)))
            if env is self.green and value in self.before:
                return loc, value.hint          # a red (or dead value) at the merge point
            op = self.producer.get(value)
            if op is not None:
                if is_allocation(op):
                    return op.loc, None
                queue += [(a, env, op.loc) for a in op.args if not self.value(a, env)]
                continue
            block = self.block_of_input(value)
            assert block is not None, value
            i = block.inputargs.index(value)
            queue += [(link.args[i], self.green, loc) for link in self.incoming[block]
                      if not self.value(link.args[i], self.green)]
        return None, None

    def block_of_input(self, var: Variable) -> Block | None:
        for block in self.region:
            if var in block.inputargs:
                return block
        return None

    def normal_exits(self, block: Block) -> list[Link]:
        """The exits that do not enter an `except` handler: not an exception link (an
        operation raised) nor the matching side of an `except C` test (whether the
        exception came from an operation or a `raise` statement)."""
        handler = self.is_handler_test(block)
        return [link for link in block.exits if link.exitcase != "exception"
                and not (handler and link.exitcase is True)]

    def is_handler_test(self, block: Block) -> bool:
        for op in block.operations:
            if op.opname == "exc_match":
                return True
            if op.opname == "instance_isinstance" and isinstance(op.args[0], Variable):
                s_value = self.annotator.bindings.get(op.args[0])
                if (isinstance(s_value, SomeInstance)
                        and issubclass(s_value.classdef.cls, BaseException)):
                    return True
        return False

    def normal_region(self, start: Block) -> list[Block]:
        """The blocks reachable from `start` without entering an `except` handler."""
        order = [start]
        seen = {id(start)}
        for block in order:
            for link in self.normal_exits(block):
                if id(link.target) not in seen:
                    seen.add(id(link.target))
                    order.append(link.target)
        return order


def is_promote(op: SpaceOperation) -> bool:
    if not op.args or not isinstance(op.args[0], Constant):
        return False
    callee = op.args[0].value
    if op.opname == "simple_call":
        return callee is promote
    return (op.opname == "direct_call" and isinstance(callee, FunctionGraph)
            and callee.func is promote)


def is_allocation(op: SpaceOperation) -> bool:
    if op.opname in ALLOCATIONS:
        return True
    return (op.opname in ("simple_call", "call_kw") and isinstance(op.args[0], Constant)
            and isinstance(op.args[0].value, type))
