"""Random traces in the style of RPython's test_ll_random: integer, float, memory and
call operations with guards (which may fail anywhere), optionally as a loop with a
preamble, over one raw buffer. Every trace is executable by the reference executor: shift
counts stay in range and casts of floats to ints are left out."""

from __future__ import annotations

import ctypes
import random
from dataclasses import dataclass

from runner import helpers
from runner.traces import Exit, Memory, Trace

from jit.metainterp import resoperation as rop
from jit.metainterp.resoperation import (FLOAT, INT, REF, AbstractValue, ArrayDescr,
                                         CallDescr, ConstFloat, ConstInt, ConstPtr,
                                         FieldDescr, TargetToken)
from toolchain.rlib.rawmem import raw_malloc

BUFFER_SIZE = 128
INT_OPS = [rop.INT_ADD, rop.INT_SUB, rop.INT_MUL, rop.INT_AND, rop.INT_OR, rop.INT_XOR,
           rop.INT_LT, rop.INT_LE, rop.INT_EQ, rop.INT_NE, rop.INT_GT, rop.INT_GE,
           rop.UINT_LT, rop.UINT_GE]
INT_UNARY = [rop.INT_NEG, rop.INT_INVERT, rop.INT_IS_TRUE, rop.INT_IS_ZERO, rop.SAME_AS_I]
FLOAT_OPS = [rop.FLOAT_ADD, rop.FLOAT_SUB, rop.FLOAT_MUL, rop.FLOAT_TRUEDIV]
FLOAT_COMPARES = [rop.FLOAT_LT, rop.FLOAT_LE, rop.FLOAT_EQ, rop.FLOAT_NE, rop.FLOAT_GT,
                  rop.FLOAT_GE]
INTERESTING_INTS = [0, 1, -1, 2, 3, 7, 63, 64, 255, -256, 2**31 - 1, -2**31, 2**32,
                    2**62, 2**63 - 1, -2**63]
INTERESTING_FLOATS = [0.0, -0.0, 0.5, -1.5, 3.0, 1e100, -1e-100, float("inf")]


@dataclass
class Case:
    trace: Trace
    ints: list[int]
    refs: list[int]
    floats: list[float]
    memory: Memory


class Generator:
    def __init__(self, rnd: random.Random, buffer: int) -> None:
        self.rnd = rnd
        self.buffer = buffer
        self.t = Trace()
        self.ints: list[AbstractValue] = []
        self.floats: list[AbstractValue] = []
        self.ref: AbstractValue | None = None

    # -- values ----------------------------------------------------------------------------

    def int_value(self) -> int:
        if self.rnd.random() < 0.6:
            return self.rnd.choice(INTERESTING_INTS)
        return self.rnd.randint(-2**63, 2**63 - 1)

    def float_value(self) -> float:
        if self.rnd.random() < 0.5:
            return self.rnd.choice(INTERESTING_FLOATS)
        return self.rnd.uniform(-1e6, 1e6)

    def int_arg(self) -> AbstractValue:
        if self.rnd.random() < 0.2:
            return ConstInt(self.int_value())
        return self.rnd.choice(self.ints)

    def float_arg(self) -> AbstractValue:
        if self.rnd.random() < 0.15 or not self.floats:
            return ConstFloat(self.float_value())
        return self.rnd.choice(self.floats)

    def some_values(self) -> list[AbstractValue]:
        pool = self.ints + self.floats + ([self.ref] if self.ref is not None else [])
        values = self.rnd.sample(pool, self.rnd.randint(0, min(len(pool), 12)))
        if self.rnd.random() < 0.2:
            values.append(ConstInt(self.int_value()))
        if self.rnd.random() < 0.1:
            values.append(ConstFloat(self.float_value()))
        return values

    # -- operations ------------------------------------------------------------------------

    def guard(self, opnum: int, args: list[AbstractValue]) -> None:
        self.t.guard(opnum, args, self.some_values(), f"g{len(self.t.ops)}")

    def count(self) -> AbstractValue:
        """A shift count in 0..63."""
        if self.rnd.random() < 0.5:
            return ConstInt(self.rnd.randint(0, 63))
        return self.t.op(rop.INT_AND, [self.rnd.choice(self.ints), ConstInt(63)])

    def step(self) -> None:
        t, rnd = self.t, self.rnd
        kind = rnd.random()
        if kind < 0.25:
            self.ints.append(t.op(rnd.choice(INT_OPS), [self.int_arg(), self.int_arg()]))
        elif kind < 0.32:
            self.ints.append(t.op(rnd.choice(INT_UNARY), [rnd.choice(self.ints)]))
        elif kind < 0.38:
            opnum = rnd.choice([rop.INT_LSHIFT, rop.INT_RSHIFT, rop.UINT_RSHIFT])
            self.ints.append(t.op(opnum, [self.int_arg(), self.count()]))
        elif kind < 0.43:
            opnum = rnd.choice([rop.INT_ADD_OVF, rop.INT_SUB_OVF, rop.INT_MUL_OVF])
            self.ints.append(t.op(opnum, [rnd.choice(self.ints), self.int_arg()]))
            self.guard(rnd.choice([rop.GUARD_NO_OVERFLOW, rop.GUARD_NO_OVERFLOW,
                                   rop.GUARD_OVERFLOW]), [])
        elif kind < 0.55:
            self.float_step()
        elif kind < 0.62:
            self.compare_and_guard()
        elif kind < 0.64:
            self.guard(rop.GUARD_VALUE, [rnd.choice(self.ints), ConstInt(self.int_value())])
        elif kind < 0.85:
            self.memory_step()
        else:
            self.call_step()

    def compare_and_guard(self) -> None:
        """A comparison and its GUARD_TRUE/FALSE, as the backends fuse them: often with
        operations that keep the flags in between (memory accesses, SAME_AS, integer
        arithmetic on ARM), the condition among the guard's fail_args, or used later."""
        t, rnd = self.t, self.rnd
        if rnd.random() < 0.25:
            # An operation's result compared with 0 right away (x86 and ARM take the
            # flags of the operation itself).
            value = t.op(rnd.choice(INT_OPS[:6]), [self.int_arg(), self.int_arg()])
            self.ints.append(value)
            if rnd.random() < 0.5:
                cond = t.op(rnd.choice([rop.INT_IS_TRUE, rop.INT_IS_ZERO]), [value])
            else:
                cond = t.op(rnd.choice([rop.INT_EQ, rop.INT_NE]), [value, ConstInt(0)])
        elif rnd.random() < 0.2:
            cond = t.op(rnd.choice([rop.INT_IS_TRUE, rop.INT_IS_ZERO]),
                        [rnd.choice(self.ints)])
        elif rnd.random() < 0.2:
            cond = t.op(rnd.choice(INT_OPS[6:]), [rnd.choice(self.ints), ConstInt(0)])
        else:
            cond = t.op(rnd.choice(INT_OPS[6:]), [rnd.choice(self.ints), self.int_arg()])
        used_later = rnd.random() < 0.3
        if used_later:
            self.ints.append(cond)
        for _ in range(rnd.choice([0, 0, 1, 1, 2, 3])):
            choice = rnd.random()
            if choice < 0.5:
                self.memory_step()
            elif choice < 0.65:
                self.ints.append(t.op(rop.SAME_AS_I, [rnd.choice(self.ints)]))
            elif choice < 0.8:
                self.ints.append(t.op(rnd.choice(INT_OPS[:6]), [self.int_arg(),
                                                                self.int_arg()]))
            elif choice < 0.9:
                # Operations that do write the flags: the guard must not be fused then.
                self.ints.append(t.op(rnd.choice(INT_OPS[6:]), [self.int_arg(),
                                                                self.int_arg()]))
            else:
                self.call_step()
        fail_args = self.some_values()
        if rnd.random() < 0.6:
            fail_args.insert(rnd.randint(0, len(fail_args)), cond)
        t.guard(rnd.choice([rop.GUARD_TRUE, rop.GUARD_FALSE]), [cond], fail_args,
                f"g{len(t.ops)}")

    def float_step(self) -> None:
        t, rnd = self.t, self.rnd
        choice = rnd.random()
        if choice < 0.5 or not self.floats:
            self.floats.append(t.op(rnd.choice(FLOAT_OPS), [self.float_arg(),
                                                            self.float_arg()]))
        elif choice < 0.65:
            opnum = rnd.choice([rop.FLOAT_NEG, rop.FLOAT_ABS, rop.SAME_AS_F])
            self.floats.append(t.op(opnum, [rnd.choice(self.floats)]))
        elif choice < 0.8:
            self.floats.append(t.op(rop.CAST_INT_TO_FLOAT, [rnd.choice(self.ints)]))
        else:
            cond = t.op(rnd.choice(FLOAT_COMPARES), [self.float_arg(), self.float_arg()])
            if rnd.random() < 0.5:
                self.guard(rnd.choice([rop.GUARD_TRUE, rop.GUARD_FALSE]), [cond])
            else:
                self.ints.append(cond)

    def memory_step(self) -> None:
        t, rnd = self.t, self.rnd
        assert self.ref is not None
        size = rnd.choice([1, 2, 4, 8])
        signed = rnd.random() < 0.5
        choice = rnd.random()
        if choice < 0.35:
            fd = FieldDescr("f", size * rnd.randrange(BUFFER_SIZE // size), size, signed,
                            INT, False)
            if rnd.random() < 0.5:
                self.ints.append(t.op(rop.GETFIELD_GC_I, [self.ref], fd))
            else:
                t.op(rop.SETFIELD_GC, [self.ref, self.int_arg()], fd)
        elif choice < 0.5:
            fd = FieldDescr("d", 8 * rnd.randrange(BUFFER_SIZE // 8), 8, True, FLOAT, False)
            if rnd.random() < 0.5 or not self.floats:
                self.floats.append(t.op(rop.GETFIELD_GC_F, [self.ref], fd))
            else:
                t.op(rop.SETFIELD_GC, [self.ref, rnd.choice(self.floats)], fd)
        elif choice < 0.85:
            # Base offset 0 too: the item's address is then base + index * size alone.
            ad = ArrayDescr(rnd.choice([0, 8]), size, 0, signed, INT)
            if rnd.random() < 0.5:
                index: AbstractValue = ConstInt(rnd.randrange(8))
            else:
                index = t.op(rop.INT_AND, [rnd.choice(self.ints), ConstInt(7)])
            if rnd.random() < 0.5:
                self.ints.append(t.op(rop.GETARRAYITEM_GC_I, [self.ref, index], ad))
            else:
                t.op(rop.SETARRAYITEM_GC, [self.ref, index, self.int_arg()], ad)
        else:
            ad = ArrayDescr(0, size, 0, signed, INT)
            offset: AbstractValue = ConstInt(size * rnd.randrange(BUFFER_SIZE // size))
            if rnd.random() < 0.4:
                # A byte offset in a register: a multiple of 8 in 0..BUFFER_SIZE - 8.
                offset = t.op(rop.INT_AND, [rnd.choice(self.ints), ConstInt(BUFFER_SIZE - 8)])
            if rnd.random() < 0.5:
                self.ints.append(t.op(rop.RAW_LOAD_I, [self.ref, offset], ad))
            else:
                t.op(rop.RAW_STORE, [self.ref, offset, self.int_arg()], ad)

    def call_step(self) -> None:
        t, rnd = self.t, self.rnd
        choice = rnd.random()
        if choice < 0.4:
            self.ints.append(t.op(rop.CALL_I, [ConstInt(helpers.SUB3), self.int_arg(),
                                               self.int_arg()],
                                  CallDescr([INT, INT], INT, False, False)))
        elif choice < 0.7:
            self.ints.append(t.op(rop.CALL_PURE_I, [ConstInt(helpers.LABS),
                                                    rnd.choice(self.ints)],
                                  CallDescr([INT], INT, False, True)))
        else:
            self.floats.append(t.op(rop.CALL_F, [ConstInt(helpers.POW), self.float_arg(),
                                                 self.float_arg()],
                                    CallDescr([FLOAT, FLOAT], FLOAT, False, False)))

    # -- whole traces ----------------------------------------------------------------------

    def inputs(self) -> tuple[list[int], list[int], list[float]]:
        ints = [self.int_value() for _ in range(self.rnd.randint(1, 6))]
        floats = [self.float_value() for _ in range(self.rnd.randint(0, 4))]
        self.ints = [self.t.input(INT) for _ in ints]
        self.floats = [self.t.input(FLOAT) for _ in floats]
        self.ref = self.t.input(REF)
        return ints, [self.buffer], floats

    def straight(self) -> None:
        for _ in range(self.rnd.randint(1, 40)):
            self.step()
        self.t.op(rop.FINISH, self.some_values(), Exit("finish"))

    def loop(self, ints: list[int]) -> None:
        """A preamble, then LABEL(counter, some ints, some floats) and a body that counts
        down; the JUMP passes new values of the same kinds."""
        t, rnd = self.t, self.rnd
        ints[0] = rnd.randint(1, 30)
        counter = self.ints[0]
        for _ in range(rnd.randint(0, 10)):
            self.step()
        carried_ints = rnd.sample(self.ints[1:], min(len(self.ints) - 1, rnd.randint(0, 5)))
        carried_floats = rnd.sample(self.floats, min(len(self.floats), rnd.randint(0, 3)))
        if counter in carried_ints:
            carried_ints.remove(counter)
        token = TargetToken(1)
        t.op(rop.LABEL, [counter] + carried_ints + carried_floats, token)
        for _ in range(rnd.randint(1, 25)):
            self.step()
        left = t.op(rop.INT_SUB, [counter, ConstInt(1)])
        self.ints.append(left)
        self.guard(rop.GUARD_TRUE, [t.op(rop.INT_GT, [left, ConstInt(0)])])
        new_ints = [rnd.choice(self.ints) for _ in carried_ints]
        new_floats = [rnd.choice(self.floats) for _ in carried_floats]
        t.op(rop.JUMP, [left] + new_ints + new_floats, token)


def random_case(rnd: random.Random) -> Case:
    buffer = raw_malloc(BUFFER_SIZE)
    ctypes.memmove(buffer, rnd.randbytes(BUFFER_SIZE), BUFFER_SIZE)
    memory = Memory()
    memory.add(buffer, BUFFER_SIZE)
    gen = Generator(rnd, buffer)
    ints, refs, floats = gen.inputs()
    if rnd.random() < 0.35:
        gen.loop(ints)
    else:
        gen.straight()
    return Case(gen.t, ints, refs, floats, memory)


def random_bridge(rnd: random.Random, kinds: list[int], buffer: int) -> Trace:
    """A straight trace whose inputs have the kinds of a guard's fail_args; it reaches the
    buffer through a constant pointer."""
    gen = Generator(rnd, buffer)
    for kind in kinds:
        arg = gen.t.input(kind)
        if kind == FLOAT:
            gen.floats.append(arg)
        elif kind == INT:
            gen.ints.append(arg)
    if not gen.ints:
        gen.ints.append(gen.t.op(rop.INT_ADD, [ConstInt(gen.int_value()), ConstInt(1)]))
    gen.ref = ConstPtr(buffer)
    gen.straight()
    return gen.t
