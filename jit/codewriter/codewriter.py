"""The codewriter: from pass 1's rtyped graphs, the JitCodeSet (host, at translation time).

Which graphs get a jitcode (RPython's policy): the portals (graphs holding a
`jit_merge_point`) and every graph they reach by `direct_call`, except those the tracer
must call instead ("residual calls"):

- the portals themselves, called from inside (a nested interpreter frame runs in the
  interpreter, which enters the JIT at its own merge points);
- `@dont_look_inside` functions;
- `@elidable` functions (residual calls whose CallDescr says `is_elidable`);
- graphs the flattener cannot encode (an operation it does not know, exception
  handling, raising): the reason is kept in `not_traced`, and printed when the
  environment variable KILN_JIT_CODEWRITER_LOG is set.

A portal that cannot be encoded is a TranslationError naming the operation and its
place.  `promote(x)` becomes `promote_<k>`, `we_are_jitted()` (the `jit_we_are_jitted`
operation; C says 0) the constant 1.  The annotator gives promote one graph per kind of
argument (`specialize:argtype(0)`, as in RPython); each has `func` promote, and its
argument's kind picks the op.

A residual call of a graph goes through its jitcall wrapper (`FunctionAddress`, which
genc writes for each one named in the prebuilt data); the writer's `residual_functions`
and `c_functions` list what the jitcodes call, and `descrs.shapes` holds the call shapes
(for `callshapes.write_module`).  `writer_of(codeset)` finds the writer: host-side facts
cannot be attributes of the JitCodeSet, whose every attribute would be translated.
"""

from __future__ import annotations

import os
import sys
from typing import Any

from jit.codewriter.assembler import Assembler
from jit.codewriter.descrs import DescrTable, kind_of_type
from jit.codewriter.flatten import CannotEncode, Flattener, thread_jumps
from jit.codewriter.jitcode import JitCode, JitCodeSet, JitDriverInfo
from jit.codewriter.regalloc import color, drop_dead_copies, drop_self_copies
from jit.metainterp import resoperation as rop
from toolchain.errors import TranslationError
from toolchain.flow.model import Constant, FunctionGraph
from toolchain.genc.genc import RUNTIME_DIR
from toolchain.rlib import jit as rlib_jit
from toolchain.rlib.jit import JitDriver
from toolchain.rlib.rawmem import DOUBLE, WORD
from toolchain.rlib.symbolic import FunctionAddress
from toolchain.rtyper.lltype import LowLevelType

HINTS = {rlib_jit.promote: "promote"}

# The writer of each JitCodeSet made, by id (a writer keeps its set alive): the host-side
# facts about a set live here, since every attribute of a prebuilt object is translated.
_WRITERS: dict[int, CodeWriter] = {}


def writer_of(codeset: JitCodeSet) -> CodeWriter:
    """The CodeWriter that made `codeset`: its `residual_functions`, `c_functions`,
    `not_traced` (graph -> reason) and `descrs.shapes` (the CallShapeTable)."""
    return _WRITERS[id(codeset)]


class CodeWriter:
    def __init__(self, annotator: Any, rtyper: Any) -> None:
        self.annotator = annotator
        self.rtyper = rtyper
        self.word_bits: int = annotator.target.word_bits
        self.descrs = DescrTable(self.word_bits // 8)
        self.portals: dict[FunctionGraph, JitDriver] = {}
        self.drivers: list[JitDriver] = []
        self.order: list[FunctionGraph] = []        # the graphs with jitcodes, by index
        self.not_traced: dict[FunctionGraph, str] = {}
        self.residual_functions: list[FunctionAddress] = []
        self.c_functions: list[str] = []
        self._macros: set[str] | None = None
        self._dry_run = False

    # -- what the flattener asks ------------------------------------------------------

    def type_of_constant(self, c: Constant) -> LowLevelType:
        if c.concretetype is not None:
            return c.concretetype
        return self.rtyper.lowleveltype(self.annotator.constant_annotation(c.value))

    def constant_value_of(self, v: Any) -> Any:
        """The value of a Void variable: what its annotation knows (None if nothing)."""
        s_value = self.annotator.bindings.get(v)
        if s_value is not None and s_value.is_constant():
            return s_value.const
        return None

    def driver_index(self, driver: JitDriver) -> int:
        return self.drivers.index(driver)

    def call_kind(self, graph: FunctionGraph) -> str:
        """'promote', 'inline', 'elidable' or 'residual'."""
        func = graph.func
        if func in HINTS:
            return HINTS[func]
        if getattr(func, "_jit_look_inside_", True) is False:
            return "residual"
        if getattr(func, "_elidable_function_", False):
            return "elidable"
        if graph in self.portals:
            # A recursive entry into the interpreter: the nested frame runs in the
            # interpreter (with its own merge points) rather than inside this trace.
            return "residual"
        if self._dry_run or graph in self.order:
            return "inline"
        return "residual"

    def jitcode_index(self, graph: FunctionGraph) -> int:
        return self.order.index(graph) if graph in self.order else 0

    def function_address(self, graph: FunctionGraph) -> FunctionAddress | None:
        if graph.func is None:
            return None
        params = [p for p in graph.startblock.inputargs
                  if kind_of_type(p.concretetype) != rop.VOID]
        result = kind_of_type(graph.returnblock.inputargs[0].concretetype)
        address = FunctionAddress(
            graph.func, len(graph.startblock.inputargs),
            [DOUBLE if kind_of_type(p.concretetype) == rop.FLOAT else WORD for p in params],
            None if result == rop.VOID else DOUBLE if result == rop.FLOAT else WORD)
        if not self._dry_run and address not in self.residual_functions:
            self.residual_functions.append(address)
        return address

    def runtime_exception(self, name: str) -> int:
        """The `kind` kiln_raise_runtime takes for a built-in exception: its place in
        kiln.h's KILN_EXC_ enum."""
        text = (RUNTIME_DIR / "kiln.h").read_text()
        enum = text[text.index("KILN_EXC_IndexError"):]
        names = [w.strip().removeprefix("KILN_EXC_") for w in enum[:enum.index("}")].split(",")]
        return names.index(name)

    def is_c_macro(self, name: str) -> bool:
        if self._macros is None:
            self._macros = set()
            for header in RUNTIME_DIR.glob("*.h"):
                for line in header.read_text().splitlines():
                    words = line.split()
                    if len(words) >= 2 and words[0] == "#define":
                        self._macros.add(words[1].split("(")[0])
        return name in self._macros

    # -- the whole set ---------------------------------------------------------------------

    def find_portals(self) -> None:
        for graph in self.annotator.graph_order:
            for block in graph.iterblocks():
                for op in block.operations:
                    if op.opname == "jit_merge_point":
                        driver = op.args[0].value
                        self.portals[graph] = driver
                        if driver not in self.drivers:
                            self.drivers.append(driver)

    def discover(self, roots: list[FunctionGraph]) -> None:
        """Fills `order`: the portals and `roots`, then each graph they reach that can be
        encoded."""
        saved, self.descrs = self.descrs, DescrTable(self.word_bits // 8)
        self._dry_run = True
        try:
            todo = list(self.portals) + roots
            while todo:
                graph = todo.pop(0)
                if graph in self.order or graph in self.not_traced:
                    continue
                try:
                    Flattener(self, graph).flatten()
                except CannotEncode as e:
                    if graph in self.portals or graph in roots:
                        raise TranslationError(
                            f"the JIT portal '{graph.name}' cannot be turned into a jitcode: "
                            f"{e.reason}", e.op.loc if e.op is not None else None) from None
                    self.not_traced[graph] = e.reason
                    continue
                self.order.append(graph)
                todo += [c for c in callees(graph) if self.call_kind(c) == "inline"]
        finally:
            self._dry_run = False
            self.descrs = saved

    def jitcode(self, graph: FunctionGraph) -> tuple[JitCode, Flattener, Assembler]:
        flattener = Flattener(self, graph)
        code = drop_dead_copies(flattener.flatten())
        colors = color(code, flattener.params)
        # Copies gone (dead, or between one register) leave blocks empty: jumps to jumps.
        code = thread_jumps(drop_self_copies(code, colors))
        assembler = Assembler(graph.name, colors)
        return assembler.assemble(code), flattener, assembler

    def make(self, roots: list[FunctionGraph] | None = None) -> JitCodeSet:
        """The set for the portals, and for `roots`: graphs that must get a jitcode
        (tests find them by name)."""
        self.find_portals()
        self.discover(list(roots or []))
        jitcodes: list[JitCode] = []
        infos: list[JitDriverInfo | None] = [None] * len(self.drivers)
        for graph in self.order:
            jitcode, flattener, assembler = self.jitcode(graph)
            jitcodes.append(jitcode)
            if graph in self.portals:
                point = flattener.merge_point
                assert point is not None
                driver = self.portals[graph]
                infos[self.drivers.index(driver)] = driver_info(
                    driver, jitcode, assembler.pcs[point], flattener.merge_point_kinds)
        if os.environ.get("KILN_JIT_CODEWRITER_LOG"):
            self.log(jitcodes)
        codeset = JitCodeSet(jitcodes, self.descrs.descrs, [i for i in infos if i is not None],
                             self.descrs.call_shapes)
        self.codeset = codeset
        _WRITERS[id(codeset)] = self
        return codeset

    def note_c_function(self, name: str) -> None:
        if not self._dry_run and name not in self.c_functions:
            self.c_functions.append(name)

    def log(self, jitcodes: list[JitCode]) -> None:
        for graph, why in self.not_traced.items():
            print(f"[codewriter] residual: {graph.name}: {why}", file=sys.stderr)
        for jitcode in jitcodes:
            print(f"[codewriter] jitcode {jitcode.name}: {len(jitcode.code)} words, "
                  f"registers i{jitcode.num_regs_i} r{jitcode.num_regs_r} "
                  f"f{jitcode.num_regs_f}", file=sys.stderr)


def callees(graph: FunctionGraph) -> list[FunctionGraph]:
    """The graphs `graph` calls, directly or as methods."""
    found: list[FunctionGraph] = []
    for block in graph.iterblocks():
        for op in block.operations:
            if op.opname == "direct_call":
                called = [op.args[0].value]
            elif op.opname == "vtable_call":
                called = list(op.args[0].value[2])
            else:
                continue
            found += [g for g in called if g not in found]
    return found


def driver_info(driver: JitDriver, jitcode: JitCode, pc: int,
                kinds: tuple[list[int], list[int]]) -> JitDriverInfo:
    """Which operand holds each green and red (merge-point order), read back from the
    assembled jit_merge_point at `pc`, whose operands are grouped by kind."""
    code = jitcode.code
    groups: list[list[int]] = []
    pos = pc + 1
    for _ in range(6):                  # greens I R F, reds I R F
        groups.append(code[pos + 1:pos + 1 + code[pos]])
        pos += 1 + code[pos]
    regs: list[list[int]] = []
    for first, group_kinds in ((0, kinds[0]), (3, kinds[1])):
        taken = [0, 0, 0]
        found = []
        for kind in group_kinds:
            found.append(groups[first + kind][taken[kind]])
            taken[kind] += 1
        regs.append(found)
    return JitDriverInfo(driver.name, jitcode, pc, list(kinds[0]), regs[0],
                         list(kinds[1]), regs[1], -1)


def make_jitcodes(annotator: Any, rtyper: Any) -> JitCodeSet:
    """The JitCodeSet of pass 1's graphs; see the module docstring."""
    return CodeWriter(annotator, rtyper).make()
