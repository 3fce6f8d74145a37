"""The tracer's frames (RPython's MIFrame): a jitcode activation holding, per register,
the box a value came from and the value itself; the merge points a trace passed; and
the constant a value becomes.  Subset code."""

from __future__ import annotations

from jit.codewriter.jitcode import JitCode
from jit.metainterp import resoperation as rop
from jit.metainterp.blackhole import BlackholeFrame
from jit.metainterp.executor import word_bits
from jit.metainterp.resoperation import AbstractValue, ConstFloat, ConstInt, ConstPtr
from toolchain.rlib.rawmem import (raw_free, raw_load_word, raw_malloc,
                                   raw_store_word)


ZERO_I: AbstractValue = ConstInt(0)
ZERO_R: AbstractValue = ConstPtr(0)
ZERO_F: AbstractValue = ConstFloat(0.0)


class MIFrame:
    """A jitcode activation while tracing: per register, its box and its value.  Ref
    values live in a raw block, which the GC scans (the tracer allocates for real)."""

    def __init__(self, jitcode: JitCode, index: int) -> None:
        self.jitcode = jitcode
        self.index = index
        self.pc = 0
        self.word_bytes = word_bits() // 8
        # Registers not yet written hold shared zero constants: an inlined call makes
        # a frame, and a jitcode may have a hundred registers.
        self.boxes_i: list[AbstractValue] = [ZERO_I] * jitcode.num_regs_i
        self.boxes_r: list[AbstractValue] = [ZERO_R] * jitcode.num_regs_r
        self.boxes_f: list[AbstractValue] = [ZERO_F] * jitcode.num_regs_f
        self.ints = [0] * jitcode.num_regs_i
        self.floats = [0.0] * jitcode.num_regs_f
        self.refs = raw_malloc(jitcode.num_regs_r * self.word_bytes)

    def free(self) -> None:
        if self.refs != 0:
            raw_free(self.refs)
            self.refs = 0

    # Operands: n below num_regs_<k> is a register, otherwise a constant of the pool.
    def box_i(self, n: int) -> AbstractValue:
        if n < self.jitcode.num_regs_i:
            return self.boxes_i[n]
        return ConstInt(self.jitcode.consts_i[n - self.jitcode.num_regs_i])

    def box_r(self, n: int) -> AbstractValue:
        if n < self.jitcode.num_regs_r:
            return self.boxes_r[n]
        return ConstPtr(self.jitcode.consts_r[n - self.jitcode.num_regs_r])

    def box_f(self, n: int) -> AbstractValue:
        if n < self.jitcode.num_regs_f:
            return self.boxes_f[n]
        return ConstFloat(self.jitcode.consts_f[n - self.jitcode.num_regs_f])

    def int_(self, n: int) -> int:
        if n < self.jitcode.num_regs_i:
            return self.ints[n]
        return self.jitcode.consts_i[n - self.jitcode.num_regs_i]

    def ref(self, n: int) -> int:
        if n < self.jitcode.num_regs_r:
            return raw_load_word(self.refs, n * self.word_bytes)
        return self.jitcode.consts_r[n - self.jitcode.num_regs_r]

    def float_(self, n: int) -> float:
        if n < self.jitcode.num_regs_f:
            return self.floats[n]
        return self.jitcode.consts_f[n - self.jitcode.num_regs_f]

    def set_i(self, n: int, box: AbstractValue, value: int) -> None:
        self.boxes_i[n] = box
        self.ints[n] = value

    def set_r(self, n: int, box: AbstractValue, value: int) -> None:
        self.boxes_r[n] = box
        raw_store_word(self.refs, n * self.word_bytes, value)

    def set_f(self, n: int, box: AbstractValue, value: float) -> None:
        self.boxes_f[n] = box
        self.floats[n] = value

    def set_word(self, kind: int, n: int, box: AbstractValue, value: int) -> None:
        if kind == rop.REF:
            self.set_r(n, box, value)
        else:
            self.set_i(n, box, value)

    def to_blackhole(self) -> BlackholeFrame:
        frame = BlackholeFrame(self.jitcode)
        frame.pc = self.pc
        for n in range(self.jitcode.num_regs_i):
            frame.set_i(n, self.ints[n])
        for n in range(self.jitcode.num_regs_r):
            frame.set_r(n, self.ref(n))
        for n in range(self.jitcode.num_regs_f):
            frame.set_f(n, self.floats[n])
        return frame


class MergePoint:
    """A portal merge point passed while tracing: its greens, where the trace was, and
    the reds' boxes then."""

    def __init__(self, greens_i: list[int], greens_r: list[int], greens_f: list[float],
                 position: int, reds: list[AbstractValue]) -> None:
        self.greens_i = greens_i
        self.greens_r = greens_r
        self.greens_f = greens_f
        self.position = position
        self.reds = reds

    def same_greens(self, ints: list[int], refs: list[int], floats: list[float]) -> bool:
        for i in range(len(ints)):
            if ints[i] != self.greens_i[i]:
                return False
        for i in range(len(refs)):
            if refs[i] != self.greens_r[i]:
                return False
        for i in range(len(floats)):
            if floats[i] != self.greens_f[i]:
                return False
        return True


def const_of(kind: int, value: int) -> AbstractValue:
    if kind == rop.REF:
        return ConstPtr(value)
    return ConstInt(value)
