"""Building traces by hand in tests, and running one on a backend and on the reference
executor with the results compared (which exit, every value it left, the memory, and
the exception a call left pending)."""

from __future__ import annotations

import ctypes
import math
import struct
from dataclasses import dataclass, field

from jit.backend.model import AbstractCPU, DeadFrame, LoopToken
from jit.metainterp.executor import ExecResult, execute_trace, take_exception
from jit.metainterp.resoperation import (FLOAT, INT, REF, AbstractDescr, AbstractValue,
                                         InputArg, ResOperation, format_trace)


class Exit(AbstractDescr):
    """A guard's or FINISH's descr, named for messages."""

    def __init__(self, name: str) -> None:
        self.name = name

    def repr_of_descr(self) -> str:
        return self.name


@dataclass
class Trace:
    inputargs: list[InputArg] = field(default_factory=list)
    ops: list[ResOperation] = field(default_factory=list)
    cpu: AbstractCPU | None = None          # compiled once per CPU, run many times
    token: LoopToken | None = None

    def input(self, kind: int) -> InputArg:
        arg = InputArg(kind, len(self.inputargs))
        self.inputargs.append(arg)
        return arg

    def op(self, opnum: int, args: list[AbstractValue],
           descr: AbstractDescr | None = None) -> ResOperation:
        op = ResOperation(opnum, list(args), descr)
        self.ops.append(op)
        return op

    def guard(self, opnum: int, args: list[AbstractValue],
              fail_args: list[AbstractValue], name: str = "") -> ResOperation:
        op = self.op(opnum, args, Exit(name or f"guard{len(self.ops)}"))
        op.fail_args = list(fail_args)
        return op

    def text(self) -> str:
        return format_trace(self.inputargs, self.ops)


def float_key(x: float) -> object:
    """Floats compared by bits, except that every NaN is the same NaN."""
    if math.isnan(x):
        return "nan"
    return struct.pack("<d", x)


def split(cpu: AbstractCPU, dead: DeadFrame) -> tuple[list[int], list[int], list[float]]:
    ints: list[int] = []
    refs: list[int] = []
    floats: list[float] = []
    for i, kind in enumerate(dead.kinds):
        if kind == INT:
            ints.append(cpu.get_int_value(dead, i))
        elif kind == REF:
            refs.append(cpu.get_ref_value(dead, i))
        elif kind == FLOAT:
            floats.append(cpu.get_float_value(dead, i))
    return ints, refs, floats


def expected_descr(trace: Trace, result: ExecResult) -> AbstractDescr:
    if result.guard is not None:
        assert result.guard.descr is not None
        return result.guard.descr
    finish = trace.ops[-1]
    assert finish.descr is not None
    return finish.descr


@dataclass
class Memory:
    """Raw buffers a trace reads and writes; restored between the two runs."""

    buffers: list[tuple[int, int]] = field(default_factory=list)   # (address, size)

    def add(self, address: int, size: int) -> None:
        self.buffers.append((address, size))

    def snapshot(self) -> list[bytes]:
        return [ctypes.string_at(a, n) for a, n in self.buffers]

    def restore(self, data: list[bytes]) -> None:
        for (address, _), content in zip(self.buffers, data):
            ctypes.memmove(address, content, len(content))


def same_memory(got: list[bytes], want: list[bytes]) -> bool:
    """Byte for byte, except that two NaNs are equal: the executor's FLOAT_ABS keeps a
    NaN's sign bit (Python's -x), the machine's clears it, and no operation but a store
    can see that bit."""
    for a, b in zip(got, want):
        for word in range(0, len(a) - len(a) % 8, 8):
            x, y = a[word:word + 8], b[word:word + 8]
            if x != y and not all(math.isnan(v) for v in struct.unpack("<2d", x + y)):
                return False
        if a[len(a) - len(a) % 8:] != b[len(b) - len(b) % 8:]:
            return False
    return len(got) == len(want)


def run_both(cpu: AbstractCPU, trace: Trace, ints: list[int], refs: list[int],
             floats: list[float], memory: Memory | None = None,
             context: str = "") -> tuple[DeadFrame, ExecResult]:
    """Executor first, then the backend on the same starting memory; asserts that both
    leave by the same exit with the same values and memory."""
    memory = memory or Memory()
    before = memory.snapshot()
    assert take_exception() == 0, "an exception was left pending before the run"
    result = execute_trace(trace.inputargs, trace.ops, ints, refs, floats)
    assert take_exception() == 0, "the executor leaves no exception pending"
    after_executor = memory.snapshot()
    memory.restore(before)
    if trace.cpu is not cpu:
        trace.cpu = cpu
        trace.token = LoopToken(0)
        cpu.compile_loop(trace.inputargs, trace.ops, trace.token)
    dead = cpu.execute_token(trace.token, ints, refs, floats)
    where = f"{context}\ninputs ints={ints} refs={refs} floats={floats}\n{trace.text()}"
    # Compiled code tests the exception word and leaves it set, for the runtime to take;
    # the executor has taken it into its result.
    assert take_exception() == result.exception, f"pending exception differs{where}"
    want = expected_descr(trace, result)
    assert cpu.get_latest_descr(dead) is want, (
        f"left through {dead.descr.repr_of_descr()}, executor through "
        f"{want.repr_of_descr()}{where}")
    got_ints, got_refs, got_floats = split(cpu, dead)
    assert got_ints == result.ints, f"ints {got_ints} != {result.ints}{where}"
    assert got_refs == result.refs, f"refs {got_refs} != {result.refs}{where}"
    assert [float_key(x) for x in got_floats] == [float_key(x) for x in result.floats], (
        f"floats {got_floats} != {result.floats}{where}")
    assert same_memory(memory.snapshot(), after_executor), f"memory differs{where}"
    return dead, result
