"""Translation with `jit=1`: pass 1, the codewriter, the generated hooks, pass 2.

Pass 1 annotates and rtypes the interpreter alone, so that the codewriter can read its
low-level graphs.  Pass 2 translates the interpreter again, now with every merge point
woven into a call of its driver's hook (toolchain/flow/weave.py) and the entry point
wrapped so that `--jit ...` arguments are handled before the interpreter sees argv; the
jitcodes, descrs and the JIT runtime come in as prebuilt data and ordinary subset code.

The hooks and the entry wrapper are generated as Python source into a scratch directory,
then imported, so the flow builder reads them like any other module.  So is each
portal: pass 2 translates a copy whose first statement sets the entry flag the woven
merge point passes to its hook (flow/weave.py), on the original's line numbers.
"""

from __future__ import annotations

import ast
import importlib.util
import inspect
import sys
import textwrap
from dataclasses import dataclass
from pathlib import Path
from types import CodeType, FunctionType, ModuleType
from typing import Any, Callable

from jit.codewriter.callshapes import write_module
from jit.codewriter.codewriter import make_jitcodes
from jit.codewriter.jitcode import JitCodeSet, JitDriverInfo
from jit.metainterp.resoperation import FLOAT, INT, REF
from targets.config import Target
from toolchain.annotator.annotator import Annotator
from toolchain.annotator.model import (SomeBool, SomeDict, SomeFloat, SomeInstance,
                                       SomeInteger, SomeList, SomeNone, SomeString,
                                       SomeValue)
from toolchain.errors import TranslationError
from toolchain.flow.model import FunctionGraph, SpaceOperation
from toolchain.flow.weave import ENTRY, Weave
from toolchain.jithints import check_jit_hints
from jit.metainterp.params import set_param_hint
from toolchain.rlib import jit as rlib_jit
from toolchain.rlib.jit import JitDriver
from toolchain.rlib.symbolic import FunctionAddress
from toolchain.rtyper.rtyper import RTyper


@dataclass
class MergePoint:
    driver: JitDriver
    graph: FunctionGraph
    op: SpaceOperation


def find_merge_points(annotator: Annotator) -> list[MergePoint]:
    found = []
    for graph in annotator.graph_order:
        for block in graph.iterblocks():
            for op in block.operations:
                if op.opname == "jit_merge_point":
                    found.append(MergePoint(op.args[0].value, graph, op))  # type: ignore
    return found


def has_can_enter_jit(annotator: Annotator, driver: JitDriver) -> bool:
    for graph in annotator.graph_order:
        for block in graph.iterblocks():
            for op in block.operations:
                if op.opname == "can_enter_jit" and op.args[0].value is driver:  # type: ignore
                    return True
    return False


def kind_of(s: SomeValue) -> int:
    if isinstance(s, SomeFloat):
        return FLOAT
    if isinstance(s, SomeInteger):  # bools too
        return INT
    return REF


class HookWriter:
    """The source of one driver's hook, getters and result function."""

    def __init__(self, index: int, annotator: Annotator, point: MergePoint) -> None:
        self.index = index
        self.point = point
        self.names = point.driver.greens + point.driver.reds
        self.annotations = [annotator.binding(a) for a in point.op.args[1:]]
        self.slots: list[tuple[int, int]] = []   # (kind, index within that kind)
        counts = {INT: 0, REF: 0, FLOAT: 0}
        for s in self.annotations:
            kind = kind_of(s)
            self.slots.append((kind, counts[kind]))
            counts[kind] += 1
        self.result = annotator.binding(point.graph.returnblock.inputargs[0])

    def source(self) -> list[str]:
        """The hook: the cold path (JIT off, or a counter tick below the threshold)
        hashes the greens from the arguments and stores nothing, as RPython's
        specialised maybe_compile_and_run does; only a hot or compiled key fills
        `sd.in_*` and goes into the warm state."""
        k = self.index
        params = [f"a{i}" for i in range(len(self.names))]
        lines = [f"def hook{k}(entry, {', '.join(params)}):", f"    sd = SD{k}",
                 "    if not sd.params.enabled:", "        return 0", "    h = 0"]
        ngreens = len(self.point.driver.greens)
        for i, (kind, slot) in enumerate(self.slots[:ngreens]):
            if kind == REF:
                lines.append(f"    h = intmask(h * 1000003) ^ cast_instance_to_addr(a{i})")
            elif kind == INT:
                value = f"(1 if a{i} else 0)" if isinstance(self.annotations[i], SomeBool) \
                    else f"a{i}"
                lines.append(f"    h = intmask(h * 1000003) ^ {value}")
        lines += ["    counter = sd.counter",
                  "    hot = counter.celltable[h & counter.mask] is not None",
                  "    if not hot:",
                  "        if entry:",
                  "            if not counter.tick_entry(h, sd.params.function_threshold):",
                  "                return 0",
                  "        elif not counter.tick(h, sd.params.threshold):",
                  "            return 0"]
        for i, (kind, slot) in enumerate(self.slots):
            if kind == REF:
                lines.append(f"    sd.in_r[{slot}] = cast_instance_to_addr(a{i})")
            elif kind == FLOAT:
                lines.append(f"    sd.in_f[{slot}] = a{i}")
            elif isinstance(self.annotations[i], SomeBool):
                lines.append(f"    sd.in_i[{slot}] = 1 if a{i} else 0")
            else:
                lines.append(f"    sd.in_i[{slot}] = a{i}")
        lines += ["    if hot:", "        return cell_reached(sd, h, entry)",
                  "    return bound_reached(sd, h, None)"]
        for i, (kind, slot) in enumerate(self.slots):
            lines += [f"def get{k}_{i}(current):", f"    {self.getter(kind, slot, i)}"]
        lines += [f"def result{k}():", f"    {self.result_statement()}"]
        lines += [f"def reraise{k}():", f"    restore_exception(SD{k}.exception)"]
        return lines

    def static_data_class(self, names: dict[str, Any]) -> list[str]:
        """The driver's JitDriverStaticData subclass: its printable_location calls the
        driver's get_printable_location with the greens cast back to their types."""
        k = self.index
        lines = [f"class SDClass{k}(JitDriverStaticData):"]
        printable = self.point.driver.get_printable_location
        args = self.printable_arguments(names) if printable is not None else None
        if args is None:
            return lines + ["    pass"]
        names[f"PRINTABLE{k}"] = printable
        return lines + ["    def printable_location(self, greens_i, greens_r, greens_f):",
                        f"        return PRINTABLE{k}({', '.join(args)})"]

    def printable_arguments(self, names: dict[str, Any]) -> list[str] | None:
        """Each green as an expression over greens_i/r/f; None if one has a type that
        cannot be cast back (the log then names loops by their green values)."""
        args = []
        for i in range(len(self.point.driver.greens)):
            kind, slot = self.slots[i]
            s = self.annotations[i]
            example = f"EXAMPLE{self.index}_{i}"
            if kind == FLOAT:
                args.append(f"greens_f[{slot}]")
            elif kind == INT:
                args.append(f"greens_i[{slot}] != 0" if isinstance(s, SomeBool)
                            else f"greens_i[{slot}]")
            elif isinstance(s, SomeInstance):
                names[example] = s.classdef.cls
                args.append(f"cast_addr_to_instance({example}, greens_r[{slot}])")
            elif isinstance(s, (SomeString, SomeList, SomeDict)):
                # an empty object of the kind: cast_addr_to_like takes its type from it
                names[example] = (b"" if s.kind == "bytes" else "") \
                    if isinstance(s, SomeString) else ([] if isinstance(s, SomeList) else {})
                args.append(f"cast_addr_to_like(greens_r[{slot}], {example})")
            else:
                return None
        return args

    def getter(self, kind: int, slot: int, i: int) -> str:
        s = self.annotations[i]
        if kind == REF:
            if isinstance(s, SomeNone):
                return "return None"
            return f"return cast_addr_to_like(SD{self.index}.out_r[{slot}], current)"
        if kind == FLOAT:
            return f"return SD{self.index}.out_f[{slot}]"
        if isinstance(s, SomeBool):
            return f"return SD{self.index}.out_i[{slot}] != 0"
        return f"return SD{self.index}.out_i[{slot}]"

    def result_statement(self) -> str:
        s, sd = self.result, f"SD{self.index}"
        if isinstance(s, SomeNone):
            return "return None"
        if isinstance(s, SomeBool):
            return f"return {sd}.result_i != 0"
        if isinstance(s, SomeInteger):
            return f"return {sd}.result_i"
        if isinstance(s, SomeFloat):
            return f"return {sd}.result_f"
        if isinstance(s, SomeInstance):
            self.result_class = s.classdef.cls
            return f"return cast_addr_to_instance(RESULT_CLASS{self.index}, {sd}.result_r)"
        raise TranslationError(
            f"with jit=1, the portal '{self.point.graph.name}' may return an int, float, "
            f"bool, instance or nothing; it returns {s.describe()}", self.point.op.loc)


HEADER = [
    '"""Generated by toolchain/jitweave.py: the JIT hooks of one translation."""',
    "from toolchain.rlib.rarithmetic import intmask",
    "from toolchain.rlib.rawmem import (cast_addr_to_instance, cast_addr_to_like,",
    "                                   cast_instance_to_addr, restore_exception)",
    "from jit.metainterp.warmstate import bound_reached, cell_reached",
    "from jit.metainterp.params import strip_jit_args, JIT_PARAMS",
    "from jit.metainterp.jitlog import finish_jitlog, start_jitlog",
]


# target.jit_backend -> (module, how the CPU is made at run time: the allocator's address
# exists only then)
BACKENDS = {
    "x86_64": ("jit.backend.x86_64.assembler", "CPU_X86_64(malloc_function_address())"),
    "aarch64": ("jit.backend.aarch64.assembler", "CPU_AARCH64(malloc_function_address())"),
    "arm": ("jit.backend.arm.assembler", "CPU_ARM(malloc_function_address(), FLOAT_ABI)"),
}
OBJDUMP = {"x86_64": "OBJDUMP_X86_64", "aarch64": "OBJDUMP_AARCH64", "arm": "OBJDUMP_ARM"}


def entry_source(target: Target, drivers: int) -> list[str]:
    backend = target.jit_backend
    if backend is None:
        raise TranslationError(f"jit=1: target {target.name} has no JIT backend")
    module, make_cpu = BACKENDS[backend]
    cpu_class = make_cpu.split("(")[0]
    return [
        f"from {module} import {cpu_class}",
        "from toolchain.rlib.rawmem import malloc_function_address",
        f"from jit.metainterp.jitlog import {OBJDUMP[backend]}",
        f"FLOAT_ABI = {target.float_abi!r}",
        "def jit_entry_point(argv):",
        "    start_jitlog()",
        "    argv, status = strip_jit_args(argv, JIT_PARAMS)",
        "    if status >= 0:",
        "        return status",
        *(f"    SD{k}.set_cpu({make_cpu})" for k in range(drivers)),
        *(f"    SD{k}.objdump = {OBJDUMP[backend]}" for k in range(drivers)),
        "    status = ENTRY(argv)",
        "    finish_jitlog()",
        "    return status",
    ]


def flag_entry(portal: Callable[..., Any], path: Path) -> Callable[..., Any]:
    """A copy of the portal function whose first statement is `ENTRY = True`, written
    to `path` with the original's line numbers (the flag shares the first statement's
    line, or takes the blank line before it when that statement is compound)."""
    if portal.__code__.co_freevars:
        raise TranslationError(f"with jit=1, the portal '{portal.__qualname__}' must not "
                               "be a closure", None)
    lines, first = inspect.getsourcelines(portal)
    text = textwrap.dedent("".join(lines)).splitlines()
    node = ast.parse("\n".join(text)).body[0]
    assert isinstance(node, ast.FunctionDef)
    for decorator in node.decorator_list:     # hints: pass 1 has read them already
        for i in range(decorator.lineno - 1, decorator.end_lineno or decorator.lineno):
            text[i] = ""
    stmt = node.body[0]
    row = stmt.lineno - 1
    if hasattr(stmt, "body"):
        text.insert(row, " " * stmt.col_offset + f"{ENTRY} = True")
        first -= 1
    else:
        text[row] = (text[row][:stmt.col_offset] + f"{ENTRY} = True; "
                     + text[row][stmt.col_offset:])
    path.write_text("\n" * (first - 1) + "\n".join(text) + "\n")
    module = compile(path.read_text(), str(path), "exec")
    code = next(c for c in module.co_consts
                if isinstance(c, CodeType) and c.co_name == portal.__name__)
    flagged = FunctionType(code, portal.__globals__, portal.__name__, portal.__defaults__)
    flagged.__qualname__ = portal.__qualname__
    flagged.__dict__.update(portal.__dict__)
    return flagged


def retarget_calls(jitcodes: JitCodeSet, portal: Callable[..., Any],
                   flagged: Callable[..., Any]) -> None:
    """Residual calls of the portal (a nested interpreter frame) go to the flagged copy:
    they are calls of the portal, which count as its entries."""
    for jitcode in jitcodes.jitcodes:
        for const in jitcode.consts_i:
            if isinstance(const, FunctionAddress) and const.func is portal:
                const.func = flagged


def import_generated(path: Path, lines: list[str], names: dict[str, Any]) -> ModuleType:
    path.write_text("\n".join(lines) + "\n")
    name = "kiln_jit_generated_" + path.stem
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    module.__dict__.update(names)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


def prepare_pass_two(annotator: Annotator, rtyper: RTyper, entry: Callable[..., Any],
                     scratch: Path) -> tuple[Callable[..., Any], dict[JitDriver, Weave],
                                             dict[Callable[..., Any], Callable[..., Any]]]:
    """From pass 1: the pass-2 entry point, the weaves of every driver, and the hints
    that become JIT runtime functions."""
    from jit.metainterp.jitdriver import JitDriverStaticData

    check_jit_hints(annotator)
    points = find_merge_points(annotator)
    if not points:
        raise TranslationError("jit=1, but no function reached from the entry point "
                               "has a jit_merge_point")
    jitcodes: JitCodeSet = make_jitcodes(annotator, rtyper)
    callshapes = write_module(jitcodes, scratch / "kiln_callshapes.py")
    writers = [HookWriter(k, annotator, p) for k, p in enumerate(points)]
    names: dict[str, Any] = {"ENTRY": entry}
    lines = list(HEADER)
    names["JitDriverStaticData"] = JitDriverStaticData
    for k, writer in enumerate(writers):
        lines += writer.source()
        lines += writer.static_data_class(names)
        if hasattr(writer, "result_class"):
            names[f"RESULT_CLASS{k}"] = writer.result_class
    lines += entry_source(annotator.target, len(writers))
    module = import_generated(scratch / "kiln_jit_hooks.py", lines, names)
    weaves = {}
    replacements: dict[Callable[..., Any], Callable[..., Any]] = {
        rlib_jit.set_param: set_param_hint}
    for k, writer in enumerate(writers):
        portal = writer.point.graph.func
        assert portal is not None
        if portal not in replacements:
            replacements[portal] = flag_entry(portal, scratch / f"kiln_portal_{k}.py")
            retarget_calls(jitcodes, portal, replacements[portal])
        # made after the import: the hooks read SD<k> when the flow builder meets them
        info: JitDriverInfo = info_for(jitcodes, writer.point.driver)
        setattr(module, f"SD{k}", getattr(module, f"SDClass{k}")(info, jitcodes, callshapes))
        getters = [getattr(module, f"get{k}_{i}") for i in range(len(writer.names))]
        weaves[writer.point.driver] = Weave(getattr(module, f"hook{k}"), getters,
                                            None if isinstance(writer.result, SomeNone)
                                            else getattr(module, f"result{k}"),
                                            getattr(module, f"reraise{k}"),
                                            has_can_enter_jit(annotator, writer.point.driver))
    return module.jit_entry_point, weaves, replacements


def info_for(jitcodes: JitCodeSet, driver: JitDriver) -> JitDriverInfo:
    for info in jitcodes.drivers:
        if info.name == driver.name:
            return info
    raise TranslationError(f"the codewriter made no portal for JitDriver '{driver.name}'")
