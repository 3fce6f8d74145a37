"""The shared backend suite for any target, through one translated program: the host
writes the cases as text (programs/tracefile.py's format), `programs/trace_runner.py` is
translated with the backend under test and run once, natively or under the target's
pinned QEMU, and compares every case against the reference executor inside the target
process. Target-independent: a backend's test module is a few lines (see
test_runner_aarch64.py).

The cases:
- `suite ...`: the hand-written tests of `suite.BackendSuite`, recorded by running them
  on a recording CPU that wraps the native x86-64 backend (so only on an x86-64 host):
  every compile (or the BackendError it raised), every run with the raw memory it
  started from and the result it must give when the executor cannot run it (calls with
  stack arguments, a bridge jumping back into its loop), every free_loop.
- `seed N`: `randomtrace.random_case(Random(N))`, as the suite's test_random_traces.
- `bridge seed N`: the suite's run_bridge_seed: a random trace, and a random bridge on
  the guard the executor leaves it by.

Reproduce one case alone (it prints the runner's output):
    .venv/bin/python tests/jit/backend/runner/qemu_suite.py \\
        tests/jit/backend/test_runner_aarch64.py "seed 17" "bridge seed 3"
"""

from __future__ import annotations

import atexit
import ctypes
import importlib.util
import itertools
import platform
import random
import shutil
import struct
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable

import pytest

BACKEND_TESTS = Path(__file__).resolve().parents[1]
REPO_ROOT = BACKEND_TESTS.parents[2]
for _path in (REPO_ROOT, BACKEND_TESTS):
    if str(_path) not in sys.path:
        sys.path.insert(0, str(_path))

from runner import helpers, suite  # noqa: E402
from runner.randomtrace import random_bridge, random_case  # noqa: E402
from runner.traces import Memory, Trace  # noqa: E402

from jit.backend.model import AbstractCPU, BackendError, DeadFrame, LoopToken  # noqa: E402
from jit.metainterp.executor import execute_trace  # noqa: E402
from jit.metainterp.resoperation import (FLOAT, INT, REF, AbstractDescr,  # noqa: E402
                                         AbstractValue, ArrayDescr, CallDescr, ConstFloat,
                                         ConstInt, ConstPtr, FieldDescr, InputArg,
                                         INT_AND, INT_LSHIFT, INT_RSHIFT, KIND_NAMES,
                                         UINT_RSHIFT, ResOperation, SizeDescr,
                                         TargetToken)
from targets.config import resolve_target  # noqa: E402
from targets.environments.host import HostEnvironment  # noqa: E402
from toolchain.driver import translate  # noqa: E402

PROGRAMS = Path(__file__).resolve().parent / "programs"
# Callees with stack arguments on every ABI, as calltargets.c has them: ten words, and
# ten words and ten doubles interleaved.
ISUM10 = helpers.callback(helpers.L, [helpers.L] * 10, lambda *a: ctypes.c_long(
    sum((i + 1) * v for i, v in enumerate(a))).value)
MIXED20 = helpers.callback(helpers.D, [helpers.L, helpers.D] * 10,
                           lambda *a: sum((i + 1) * v for i, v in enumerate(a)))
CALL_TARGETS = {helpers.SUB3: "sub3", helpers.LABS: "labs", helpers.POW: "pow",
                helpers.FMA: "fma", helpers.SUM8: "sum8", helpers.FSUM10: "fsum10",
                helpers.MIXED12: "mixed12", ISUM10: "isum10", MIXED20: "mixed20",
                helpers.RAISE_IF: "raise_if"}
SHIFTS = (INT_LSHIFT, INT_RSHIFT, UINT_RSHIFT)
# Recorded separately (random) or not reproducible (hypothesis).
NOT_RECORDED = {"test_random_traces", "test_random_traces_hypothesis", "test_random_bridges"}


# -- writing cases ---------------------------------------------------------------------------

class CaseWriter:
    """One case in the text form. Addresses the target cannot share (buffers, call
    targets) are written symbolically; ints are wrapped to the target's word."""

    def __init__(self, name: str, word_bits: int) -> None:
        self.name = name
        self.word_bits = word_bits
        self.lines = [f"case {name}"]
        self.buffers: dict[int, tuple[str, int]] = {}     # address -> (name, size)
        self.ids: dict[int, int] = {}                      # id(descr) -> number
        self.keep: list[object] = []                       # so that ids stay unique
        self.trace_of_token: dict[int, int] = {}           # id(LoopToken) -> trace
        self.traces = 0

    def wrap(self, value: int) -> int:
        value &= (1 << self.word_bits) - 1
        return value - (1 << self.word_bits) if value >> (self.word_bits - 1) else value

    def address_name(self, value: int) -> str | None:
        if value in self.buffers:
            return self.buffers[value][0]
        return CALL_TARGETS.get(value)

    def int_token(self, prefix: str, value: int) -> str:
        name = self.address_name(value) if value else None
        return f"{prefix}@{name}" if name else f"{prefix}{self.wrap(value)}"

    def float_token(self, value: float) -> str:
        return "f" + struct.pack("<d", value).hex()

    def number(self, obj: object) -> int:
        if id(obj) not in self.ids:
            self.ids[id(obj)] = len(self.ids)
            self.keep.append(obj)
        return self.ids[id(obj)]

    # -- memory ----------------------------------------------------------------------------

    def add_buffer(self, address: int, size: int) -> None:
        if address not in self.buffers:
            self.buffers[address] = (f"b{len(self.buffers)}", size)

    def write_memory(self) -> None:
        """Every buffer's current content; words holding a buffer's address become
        `pointer` lines (the target's buffers are elsewhere)."""
        pointers = []
        for address, (name, size) in self.buffers.items():
            data = bytearray(ctypes.string_at(address, size))
            for offset in range(0, size - 7, 8):
                word = int.from_bytes(data[offset:offset + 8], "little")
                if word in self.buffers:
                    data[offset:offset + 8] = bytes(8)
                    pointers.append(f"pointer {name} {offset} {self.buffers[word][0]}")
            self.lines.append(f"buffer {name} {size} {data.hex()}")
        self.lines += pointers

    # -- traces ----------------------------------------------------------------------------

    def int_size(self, size: int, kind: int) -> int:
        """Word-sized ints and refs are 8 bytes in the host's cases; a 32-bit target
        reads the same offsets as 4-byte words (aligned and inside the buffer still)."""
        if size == 8 and kind != FLOAT:
            return self.word_bits // 8
        return size

    def descr_token(self, descr: AbstractDescr | None) -> str:
        if descr is None:
            return "-"
        if isinstance(descr, TargetToken):
            return f"target:{self.number(descr)}"
        if isinstance(descr, FieldDescr):
            return (f"field:{descr.offset}:{self.int_size(descr.size, descr.kind)}:"
                    f"{int(descr.is_signed)}:{KIND_NAMES[descr.kind]}")
        if isinstance(descr, ArrayDescr):
            return (f"array:{descr.base_offset}:{self.int_size(descr.item_size, descr.kind)}:"
                    f"{descr.length_offset}:{int(descr.is_signed)}:{KIND_NAMES[descr.kind]}")
        if isinstance(descr, SizeDescr):
            return f"size:{descr.size}:{self.int_token('', descr.vtable)}"
        if isinstance(descr, CallDescr):
            kinds = "".join(KIND_NAMES[k] for k in descr.arg_kinds)
            return f"call:{kinds}:{KIND_NAMES[descr.result_kind]}:{int(descr.is_elidable)}"
        name = descr.repr_of_descr().replace(" ", "_").replace(":", "_") or "exit"
        return f"exit:{self.number(descr)}:{name}"

    def value_token(self, value: AbstractValue, numbers: dict[int, int]) -> str:
        if isinstance(value, ConstFloat):
            return self.float_token(value.value)
        if isinstance(value, ConstPtr):
            return self.int_token("p", value.value)
        if isinstance(value, ConstInt):
            return self.int_token("i", value.value)
        return f"v{numbers[id(value)]}"

    def trace(self, inputargs: list[InputArg], ops: list[ResOperation]) -> int:
        tid = self.traces
        self.traces += 1
        self.write_memory()    # constants in the trace may name the buffers
        kinds = "".join(KIND_NAMES[arg.kind] for arg in inputargs) or "-"
        self.lines.append(f"trace {tid} {kinds}")
        numbers = {id(arg): i for i, arg in enumerate(inputargs)}
        for i, op in enumerate(ops):
            words = [op.opname(), self.descr_token(op.descr)]
            words += [self.value_token(arg, numbers) for arg in self.ported_args(op)]
            if op.is_guard():
                words.append("|")
                words += [self.value_token(arg, numbers) for arg in op.fail_args]
            self.lines.append(" ".join(words))
            numbers[id(op)] = len(inputargs) + i
        self.lines.append("end")
        return tid

    def ported_args(self, op: ResOperation) -> list[AbstractValue]:
        """Shift counts in 0..63 (constants, or masked with 63) become counts in
        0..word_bits-1, the executor's range on the target."""
        if self.word_bits == 64:
            return op.args
        mask = self.word_bits - 1
        args = list(op.args)
        if op.opnum in SHIFTS and isinstance(args[1], ConstInt):
            args[1] = ConstInt(args[1].value & mask)
        if op.opnum == INT_AND and isinstance(args[1], ConstInt) and args[1].value == 63:
            args[1] = ConstInt(mask)
        return args

    def values(self, ints: list[int], refs: list[int], floats: list[float],
               kinds: list[int]) -> str:
        """Values in `kinds` order, each list consumed in turn."""
        counts = [0, 0, 0]
        words = []
        for kind in kinds:
            if kind == FLOAT:
                words.append(self.float_token(floats[counts[2]]))
            elif kind == INT:
                words.append(self.int_token("i", ints[counts[0]]))
            else:
                words.append(self.int_token("p", refs[counts[1]]))
            counts[kind] += 1
        return " ".join(words)

    def run(self, tid: int, ints: list[int], refs: list[int], floats: list[float],
            kinds: list[int], expect: str = "") -> None:
        line = f"run {tid} {self.values(ints, refs, floats, kinds)}".rstrip()
        self.lines.append(f"{line} expect {expect}" if expect else line)

    def text(self) -> str:
        return "\n".join(self.lines) + "\n"


# -- recording the hand-written suite -----------------------------------------------------------

class RecordingCPU(AbstractCPU):
    """Runs the suite's calls on the native x86-64 backend and writes each as a case
    line; the suite's own assertions check the results as they are recorded."""

    def __init__(self, writer: CaseWriter) -> None:
        from jit.backend.x86_64.assembler import CPU_X86_64
        AbstractCPU.__init__(self)
        self.real = CPU_X86_64(helpers.MALLOC)
        self.code = self.real.code
        self.writer = writer

    def compile_loop(self, inputargs: list[InputArg], operations: list[ResOperation],
                     looptoken: LoopToken) -> None:
        tid = self.writer.trace(inputargs, operations)
        self.writer.trace_of_token[id(looptoken)] = tid
        self.writer.keep.append(looptoken)
        self.recorded(f"loop {tid}", lambda: self.real.compile_loop(inputargs, operations,
                                                                    looptoken))

    def compile_bridge(self, faildescr: AbstractDescr, inputargs: list[InputArg],
                       operations: list[ResOperation], looptoken: LoopToken) -> None:
        tid = self.writer.trace(inputargs, operations)
        loop = self.writer.trace_of_token.get(id(looptoken), "-")
        exit = self.writer.descr_token(faildescr)
        self.recorded(f"bridge {tid} {loop} {exit}", lambda: self.real.compile_bridge(
            faildescr, inputargs, operations, looptoken))

    def recorded(self, line: str, compile: Callable[[], None]) -> None:
        try:
            compile()
        except BackendError as e:
            self.writer.lines.append(f"{line} raises {e.message}")
            raise
        self.writer.lines.append(f"{line} ok")

    def execute_token(self, looptoken: LoopToken, int_args: list[int],
                      ref_args: list[int], float_args: list[float]) -> DeadFrame:
        w = self.writer
        w.write_memory()
        dead = self.real.execute_token(looptoken, int_args, ref_args, float_args)
        ints = [v for v, k in zip(dead.words, dead.kinds) if k == INT]
        refs = [v for v, k in zip(dead.words, dead.kinds) if k == REF]
        floats = [v for v, k in zip(dead.floats, dead.kinds) if k == FLOAT]
        # The x86-64 results are the answer only for a 64-bit target.
        expect = ""
        if w.word_bits == 64:
            expect = f"{w.descr_token(dead.descr)} {w.values(ints, refs, floats, dead.kinds)}"
        w.run(w.trace_of_token[id(looptoken)], int_args, ref_args, float_args,
              looptoken.input_kinds, expect.rstrip())
        return dead

    def free_loop(self, looptoken: LoopToken) -> None:
        self.real.free_loop(looptoken)
        self.writer.lines.append(f"free {self.writer.trace_of_token[id(looptoken)]}")


def _parameter_sets(method: Callable[..., Any]) -> list[tuple[str, dict[str, Any]]]:
    """The pytest parametrizations of a suite method, as (id, keyword arguments)."""
    axes = []
    for mark in getattr(method, "pytestmark", []):
        if mark.name != "parametrize":
            continue
        name, values = mark.args
        ids = mark.kwargs.get("ids")
        axis = []
        for i, value in enumerate(values):
            label = ids(value) if callable(ids) else ids[i] if ids else str(value)
            axis.append((label, {name: value}))
        axes.append(axis)
    sets = []
    for combination in itertools.product(*axes):
        label = "-".join(reversed([c[0] for c in combination]))
        kwargs: dict[str, Any] = {}
        for _, kw in combination:
            kwargs.update(kw)
        sets.append((label, kwargs))
    return sets


def suite_cases(word_bits: int) -> list[CaseWriter]:
    """Every hand-written test of BackendSuite (each parametrization), recorded (once
    per process and word size); none on a host that cannot run the x86-64 backend."""
    if platform.machine() != "x86_64":
        return []
    if word_bits not in _RECORDED:
        _RECORDED[word_bits] = _record_suite(word_bits)
    return list(_RECORDED[word_bits])


_RECORDED: dict[int, list[CaseWriter]] = {}


def _record_suite(word_bits: int) -> list[CaseWriter]:
    cases = []
    for name, method in vars(suite.BackendSuite).items():
        if not name.startswith("test_") or name in NOT_RECORDED:
            continue
        for label, kwargs in _parameter_sets(method):
            writer = CaseWriter(f"suite {name}[{label}]" if label else f"suite {name}",
                                word_bits)
            original = suite.raw_malloc

            def allocate(size: int, writer: CaseWriter = writer) -> int:
                address = original(size)
                writer.add_buffer(address, size)
                return address

            suite.raw_malloc = allocate
            try:
                method(suite.BackendSuite(), RecordingCPU(writer), **kwargs)
            finally:
                suite.raw_malloc = original
            cases.append(writer)
    return cases


# -- random cases ------------------------------------------------------------------------------

def _case_memory(writer: CaseWriter, memory: Memory) -> None:
    for address, size in memory.buffers:
        writer.add_buffer(address, size)


def trace_case(name: str, trace: Trace, ints: list[int], refs: list[int],
               floats: list[float], memory: Memory, word_bits: int,
               expect: str = "") -> CaseWriter:
    """One trace compiled as a loop and run once; `expect` (a descr token and values)
    is only for traces the executor cannot run."""
    writer = CaseWriter(name, word_bits)
    _case_memory(writer, memory)
    tid = writer.trace(trace.inputargs, trace.ops)
    writer.lines.append(f"loop {tid} ok")
    writer.run(tid, ints, refs, floats, [a.kind for a in trace.inputargs], expect)
    return writer


def random_trace_case(seed: int, word_bits: int) -> CaseWriter:
    case = random_case(random.Random(seed))
    return trace_case(f"seed {seed}", case.trace, case.ints, case.refs, case.floats,
                      case.memory, word_bits)


def random_bridge_case(seed: int, word_bits: int) -> CaseWriter | None:
    """As BackendSuite.run_bridge_seed; None when the trace leaves through FINISH."""
    rnd = random.Random(seed)
    case = random_case(rnd)
    start = case.memory.snapshot()
    first = execute_trace(case.trace.inputargs, case.trace.ops, case.ints, case.refs,
                          case.floats)
    case.memory.restore(start)
    if first.guard is None:
        return None
    bridge = random_bridge(rnd, [v.kind for v in first.guard.fail_args], case.refs[0])
    writer = CaseWriter(f"bridge seed {seed}", word_bits)
    _case_memory(writer, case.memory)
    loop = writer.trace(case.trace.inputargs, case.trace.ops)
    writer.lines.append(f"loop {loop} ok")
    tid = writer.trace(bridge.inputargs, bridge.ops)
    writer.lines.append(f"bridge {tid} {loop} {writer.descr_token(first.guard.descr)} ok")
    writer.run(loop, case.ints, case.refs, case.floats,
               [a.kind for a in case.trace.inputargs])
    return writer


def random_cases(count: int, word_bits: int) -> list[CaseWriter]:
    return [random_trace_case(seed, word_bits) for seed in range(count)]


def bridge_cases(count: int, word_bits: int) -> list[CaseWriter]:
    cases = [random_bridge_case(seed, word_bits) for seed in range(count)]
    return [case for case in cases if case is not None]


# -- building and running ----------------------------------------------------------------------

DRIVER = '''"""Generated by runner/qemu_suite.py: the trace runner on one backend."""

{imports}
from runner.programs.trace_runner import CPUFactory, main

from jit.backend.model import AbstractCPU
from toolchain.rlib.rawmem import malloc_function_address


class Factory(CPUFactory):
    def make_cpu(self) -> AbstractCPU:
        return {make_cpu}


def entry_point(argv: list[str]) -> int:
    return main(Factory(), argv)
'''


@dataclass
class Outcome:
    """What the runner printed about each case (None: it never got there)."""

    results: dict[str, str | None]
    output: str
    returncode: int


@dataclass
class Backend:
    """A backend under test: its target, and a `make_cpu` expression (with `malloc`,
    the allocator's address) after `imports`."""

    target: str
    imports: str
    make_cpu: str
    random_traces: int = 1000
    random_bridges: int = 500

    def build(self) -> Path:
        """The translated runner for this backend (built once per process)."""
        key = (self.target, self.imports, self.make_cpu)
        if key not in _BUILT:
            workdir = Path(tempfile.mkdtemp(prefix=f"kiln-trace-runner-{self.target}-"))
            atexit.register(shutil.rmtree, workdir, True)
            program = workdir / "trace_runner_main.py"
            program.write_text(DRIVER.format(
                imports=self.imports,
                make_cpu=self.make_cpu.replace("malloc", "malloc_function_address()")))
            target = resolve_target(self.target)
            translation = translate(program, target, workdir / "c")
            translation.c_sources.append(PROGRAMS / "calltargets.c")
            binary = workdir / "trace_runner"
            HostEnvironment().compile(target, translation, binary, REPO_ROOT / "build")
            _BUILT[key] = binary
        return _BUILT[key]

    def word_bits(self) -> int:
        return resolve_target(self.target).word_bits

    def run(self, cases: list[CaseWriter], timeout: float = 300.0) -> Outcome:
        binary = self.build()
        target = resolve_target(self.target)
        with tempfile.TemporaryDirectory(prefix="kiln-cases-") as tmp:
            path = Path(tmp) / "cases.txt"
            path.write_text("".join(case.text() for case in cases))
            with HostEnvironment().runner(target).session(binary, [path]) as session:
                done = session.run([session.path(path)], timeout=timeout)
        output = done.stdout.decode("latin-1")
        results: dict[str, str | None] = {case.name: None for case in cases}
        for line in output.splitlines():
            for name in _names_in(line, results):
                results[name] = line[len(name) + 2:]
        return Outcome(results, output + done.stderr.decode("latin-1"), done.returncode)

    def check(self, cases: list[CaseWriter], test_file: str) -> None:
        """Runs the cases; fails with every failing case, and how to rerun it alone."""
        outcome = self.run(cases)
        bad = [name for name, result in outcome.results.items() if result != "ok"]
        if not bad and outcome.returncode == 0:
            return
        report = []
        for name in bad[:10]:
            result = outcome.results[name]
            report.append(f"{name}: {result if result is not None else 'never finished'}")
        first_missing = next((n for n in bad if outcome.results[n] is None), None)
        if first_missing is not None:
            report.append(f"the runner stopped in or before '{first_missing}' "
                          f"(exit {outcome.returncode}); its output ends with:\n"
                          + "\n".join(outcome.output.splitlines()[-15:]))
        quoted = " ".join(f'"{name}"' for name in bad[:3])
        report.append(f"{len(bad)} of {len(cases)} cases failed; rerun alone with\n"
                      f"  .venv/bin/python {Path(__file__).relative_to(REPO_ROOT)} "
                      f"{test_file} {quoted}")
        raise AssertionError("\n".join(report))

    def tests(self, test_file: str) -> tuple[Callable[[], None], ...]:
        """The three pytest functions of a backend's test module."""
        def test_suite_cases() -> None:
            cases = suite_cases(self.word_bits())
            if not cases:
                pytest.skip("recording the hand-written suite needs the x86-64 backend")
            self.check(cases, test_file)

        def test_random_traces() -> None:
            self.check(random_cases(self.random_traces, self.word_bits()), test_file)

        def test_random_bridges() -> None:
            cases = bridge_cases(self.random_bridges, self.word_bits())
            assert len(cases) > self.random_bridges // 2, "most random traces leave by a guard"
            self.check(cases, test_file)
        return test_suite_cases, test_random_traces, test_random_bridges

    def all_cases(self) -> list[CaseWriter]:
        bits = self.word_bits()
        return (suite_cases(bits) + random_cases(self.random_traces, bits)
                + bridge_cases(self.random_bridges, bits))


_BUILT: dict[tuple[str, str, str], Path] = {}


def _names_in(line: str, results: dict[str, str | None]) -> list[str]:
    head = line.split(": ", 1)[0]
    return [head] if head in results and line.startswith(head + ": ") else []


def main(argv: list[str]) -> int:
    """`qemu_suite.py TEST_FILE [CASE ...]`: the named cases (all without names) of the
    backend that TEST_FILE's BACKEND describes; prints the runner's output."""
    spec = importlib.util.spec_from_file_location("backend_test", argv[1])
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    backend: Backend = module.BACKEND
    cases = backend.all_cases()
    if len(argv) > 2:
        cases = [case for case in cases if case.name in argv[2:]]
        missing = set(argv[2:]) - {case.name for case in cases}
        if missing:
            print(f"no such cases: {sorted(missing)}")
            return 2
    for case in cases:
        if len(argv) > 2:
            print(case.text())
    outcome = backend.run(cases)
    print(outcome.output)
    return outcome.returncode


if __name__ == "__main__":
    sys.exit(main(sys.argv))
