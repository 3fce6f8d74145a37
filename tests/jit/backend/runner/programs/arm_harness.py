"""The ARM driver's harness (see backend_arm.py), in Kiln's subset: the call targets the
traces reach by address, trace building, the buffer both runs start from, and the check
that runs a trace through the backend and through the reference executor and prints one
verdict line ("ok NAME", "FAIL NAME: ...", "refused NAME: ...")."""

import os

from jit.backend.arm.assembler import CPU_ARM
from jit.backend.model import AbstractCPU, BackendError, DeadFrame, LoopToken
from jit.metainterp import resoperation as rop
from jit.metainterp.executor import ExecError, ExecResult, execute_trace
from jit.metainterp.resoperation import (FLOAT, INT, AbstractDescr, AbstractValue,
                                         InputArg, ResOperation)
from toolchain.rlib.rarithmetic import intmask
from toolchain.rlib.rawmem import DOUBLE, WORD, raw_load_byte, raw_malloc, raw_store_byte
from toolchain.rlib.symbolic import FunctionAddress

BUFFER = 256


def sub3(a: int, b: int) -> int:
    return intmask(a * 3 - b)


def mixed(a: float, i: int, b: float, j: int, c: float, k: int, d: float,
          e: float) -> float:
    # Distinct weights: any argument in the wrong place changes the sum.
    return a + 2.0 * b + 4.0 * c + 8.0 * d + 16.0 * e + float(i * 100 + j * 1000 + k * 10000)


def sum6(a: int, b: int, c: int, d: int, e: int, f: int) -> int:
    return intmask(a + 2 * b + 3 * c + 4 * d + 5 * e + 6 * f)


def halve(x: float) -> float:
    return x * 0.5


def scale(i: int, x: float) -> float:
    """softfp passes x in r2:r3, skipping r1."""
    return x * float(i) + 0.5


def fsum10(a: float, b: float, c: float, d: float, e: float, f: float, g: float,
           h: float, i: float, j: float) -> float:
    """hard-float: eight in d0-d7, two on the stack; softfp: two pairs, eight stacked."""
    return (a + 2.0 * b + 3.0 * c + 4.0 * d + 5.0 * e + 6.0 * f + 7.0 * g + 8.0 * h
            + 9.0 * i + 10.0 * j)


class Functions:
    def __init__(self) -> None:
        self.sub3 = FunctionAddress(sub3, 2, [WORD, WORD], WORD)
        self.mixed = FunctionAddress(mixed, 8, [DOUBLE, WORD, DOUBLE, WORD, DOUBLE, WORD,
                                                DOUBLE, DOUBLE], DOUBLE)
        self.sum6 = FunctionAddress(sum6, 6, [WORD, WORD, WORD, WORD, WORD, WORD], WORD)
        self.halve = FunctionAddress(halve, 1, [DOUBLE], DOUBLE)
        self.scale = FunctionAddress(scale, 2, [WORD, DOUBLE], DOUBLE)
        self.fsum10 = FunctionAddress(fsum10, 10, [DOUBLE] * 10, DOUBLE)


FUNCTIONS = Functions()


class Exit(AbstractDescr):
    def __init__(self, name: str) -> None:
        self.name = name

    def repr_of_descr(self) -> str:
        return self.name


class Trace:
    def __init__(self) -> None:
        self.inputargs: list[InputArg] = []
        self.ops: list[ResOperation] = []

    def input(self, kind: int) -> InputArg:
        arg = InputArg(kind, len(self.inputargs))
        self.inputargs.append(arg)
        return arg

    def op(self, opnum: int, args: list[AbstractValue], descr: AbstractDescr | None
           ) -> ResOperation:
        op = ResOperation(opnum, args, descr)
        self.ops.append(op)
        return op

    def guard(self, opnum: int, args: list[AbstractValue],
              fail_args: list[AbstractValue]) -> ResOperation:
        op = self.op(opnum, args, Exit("g" + str(len(self.ops))))
        op.fail_args = fail_args
        return op

    def finish(self, values: list[AbstractValue]) -> None:
        self.op(rop.FINISH, values, Exit("finish"))


def write(text: str) -> None:
    os.write(1, (text + "\n").encode("latin-1"))


def float_text(x: float) -> str:
    if x != x:
        return "nan"
    return str(x)


def contains(values: list[AbstractValue], value: AbstractValue) -> bool:
    for v in values:
        if v is value:
            return True
    return False


def same_bytes(a: list[int], b: list[int]) -> bool:
    if len(a) != len(b):
        return False
    for i in range(len(a)):
        if a[i] != b[i]:
            return False
    return True


class Memory:
    """A buffer both runs start from with the same bytes."""

    def __init__(self) -> None:
        self.address = raw_malloc(BUFFER)
        self.start: list[int] = []
        self.after: list[int] = []

    def fill(self, seed: int) -> None:
        self.start = []
        for i in range(BUFFER):
            self.start.append((i * 73 + seed * 31 + 11) & 0xFF)
        self.restore()

    def restore(self) -> None:
        for i in range(BUFFER):
            raw_store_byte(self.address, i, self.start[i])

    def snapshot(self) -> list[int]:
        data: list[int] = []
        for i in range(BUFFER):
            data.append(raw_load_byte(self.address, i))
        return data


def dead_text(cpu: AbstractCPU, dead: DeadFrame) -> str:
    parts: list[str] = []
    for i in range(len(dead.kinds)):
        if dead.kinds[i] == FLOAT:
            parts.append(float_text(cpu.get_float_value(dead, i)))
        else:
            parts.append(str(cpu.get_int_value(dead, i)))
    return " ".join(parts)


def exec_text(result: ExecResult, values: list[AbstractValue]) -> str:
    parts: list[str] = []
    counts = [0, 0, 0]
    for value in values:
        kind = value.kind
        if kind == FLOAT:
            parts.append(float_text(result.floats[counts[2]]))
        elif kind == INT:
            parts.append(str(result.ints[counts[0]]))
        else:
            parts.append(str(result.refs[counts[1]]))
        counts[kind] += 1
    return " ".join(parts)


def exit_values(t: Trace, result: ExecResult) -> list[AbstractValue]:
    if result.guard is not None:
        return result.guard.fail_args
    return t.ops[len(t.ops) - 1].args


class Runner:
    def __init__(self, cpu: CPU_ARM) -> None:
        self.cpu = cpu
        self.memory = Memory()
        self.number = 0
        self.failures = 0

    def compile(self, t: Trace) -> LoopToken:
        self.number += 1
        token = LoopToken(self.number)
        self.cpu.compile_loop(t.inputargs, t.ops, token)
        return token

    def check(self, name: str, t: Trace, ints: list[int], refs: list[int],
              floats: list[float], seed: int) -> None:
        """One trace, both ways, from the same memory; prints the verdict."""
        self.memory.fill(seed)
        try:
            want = execute_trace(t.inputargs, t.ops, ints, refs, floats, 100000)
        except ExecError as e:
            write("skip " + name + ": " + e.message)
            return
        want_memory = self.memory.snapshot()
        self.memory.fill(seed)
        try:
            token = self.compile(t)
        except BackendError as e:
            self.failures += 1
            write("refused " + name + ": " + e.message)
            return
        dead = self.cpu.execute_token(token, ints, refs, floats)
        got = dead_text(self.cpu, dead)
        expected = exec_text(want, exit_values(t, want))
        want_descr: AbstractDescr | None = t.ops[len(t.ops) - 1].descr
        if want.guard is not None:
            want_descr = want.guard.descr
        same_memory = same_bytes(self.memory.snapshot(), want_memory)
        if dead.descr is want_descr and got == expected and same_memory:
            write("ok " + name)
        else:
            self.failures += 1
            exits = dead.descr.repr_of_descr()
            if want_descr is not None:
                exits += " (want " + want_descr.repr_of_descr() + ")"
            write("FAIL " + name + ": exit " + exits + " values [" + got + "] want ["
                  + expected + "] memory " + str(same_memory))
        self.cpu.free_loop(token)

