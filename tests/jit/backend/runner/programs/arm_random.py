"""The ARM driver's random traces (see backend_arm.py), in Kiln's subset: a generator
that gives the same traces on a 32-bit target and on the host, in the style of RPython's
test_ll_random (integer, float, memory and call operations, guards that may fail, loops
with a preamble)."""


from runner.programs.arm_harness import BUFFER, FUNCTIONS, Runner, Trace, contains

from jit.metainterp import resoperation as rop
from jit.metainterp.resoperation import (FLOAT, INT, REF, AbstractValue, ArrayDescr,
                                         CallDescr, ConstFloat, ConstInt, FieldDescr,
                                         TargetToken)
from toolchain.rlib.rarithmetic import intmask


class Random:
    """Park-Miller's generator with Schrage's method: no intermediate value leaves 31
    bits, so it gives the same numbers on a 32-bit target and on the host."""

    def __init__(self, seed: int) -> None:
        self.state = seed % 2147483646 + 1
        for _ in range(3):
            self.below(2)

    def below(self, n: int) -> int:
        high = self.state // 127773
        low = self.state % 127773
        self.state = 16807 * low - 2836 * high
        if self.state <= 0:
            self.state += 2147483647
        return (self.state >> 4) % n


INTERESTING = [0, 1, -1, 2, 3, 7, 31, 255, -256, 0x7FFFFFFF, -0x80000000, 0x10000, 46341]
RANDOM_INT_OPS = [rop.INT_ADD, rop.INT_SUB, rop.INT_MUL, rop.INT_AND, rop.INT_OR,
                  rop.INT_XOR, rop.INT_LT, rop.INT_LE, rop.INT_EQ, rop.INT_NE, rop.INT_GT,
                  rop.INT_GE, rop.UINT_LT, rop.UINT_GE]
RANDOM_FLOAT_OPS = [rop.FLOAT_ADD, rop.FLOAT_SUB, rop.FLOAT_MUL, rop.FLOAT_TRUEDIV]


class Generator:
    def __init__(self, rnd: Random) -> None:
        self.rnd = rnd
        self.t = Trace()
        self.ints: list[AbstractValue] = []
        self.fl: list[AbstractValue] = []
        self.ref: AbstractValue = self.t.input(REF)

    def int_value(self) -> int:
        if self.rnd.below(2) == 0:
            return INTERESTING[self.rnd.below(len(INTERESTING))]
        return intmask(self.rnd.below(0x10000) << 16 | self.rnd.below(0x10000))

    def int_arg(self) -> AbstractValue:
        if self.rnd.below(5) == 0:
            return ConstInt(self.int_value())
        return self.ints[self.rnd.below(len(self.ints))]

    def float_arg(self) -> AbstractValue:
        if self.rnd.below(6) == 0 or len(self.fl) == 0:
            return ConstFloat(float(self.int_value()) * 0.25)
        return self.fl[self.rnd.below(len(self.fl))]

    def some_values(self) -> list[AbstractValue]:
        values: list[AbstractValue] = []
        for _ in range(self.rnd.below(8)):
            if self.rnd.below(3) == 0 and len(self.fl) > 0:
                values.append(self.fl[self.rnd.below(len(self.fl))])
            else:
                values.append(self.int_arg())
        return values

    def step(self) -> None:
        t = self.t
        rnd = self.rnd
        kind = rnd.below(20)
        if kind < 6:
            opnum = RANDOM_INT_OPS[rnd.below(len(RANDOM_INT_OPS))]
            self.ints.append(t.op(opnum, [self.int_arg(), self.int_arg()], None))
        elif kind < 7:
            opnum = [rop.INT_NEG, rop.INT_INVERT, rop.INT_IS_TRUE, rop.INT_IS_ZERO,
                     rop.SAME_AS_I][rnd.below(5)]
            self.ints.append(t.op(opnum, [self.ints[rnd.below(len(self.ints))]], None))
        elif kind < 8:
            opnum = [rop.INT_LSHIFT, rop.INT_RSHIFT, rop.UINT_RSHIFT][rnd.below(3)]
            count: AbstractValue = ConstInt(rnd.below(32))
            if rnd.below(2) == 0:
                count = t.op(rop.INT_AND, [self.int_arg(), ConstInt(31)], None)
            self.ints.append(t.op(opnum, [self.int_arg(), count], None))
        elif kind < 9:
            opnum = [rop.INT_ADD_OVF, rop.INT_SUB_OVF, rop.INT_MUL_OVF][rnd.below(3)]
            self.ints.append(t.op(opnum, [self.ints[rnd.below(len(self.ints))],
                                          self.int_arg()], None))
            guard = rop.GUARD_OVERFLOW if rnd.below(3) == 0 else rop.GUARD_NO_OVERFLOW
            t.guard(guard, [], self.some_values())
        elif kind < 11:
            self.compare_and_guard()
        elif kind < 14:
            self.float_step()
        elif kind < 18:
            self.memory_step()
        else:
            self.ints.append(t.op(rop.CALL_I, [ConstInt(FUNCTIONS.sub3), self.int_arg(),
                                               self.int_arg()],
                                  CallDescr([INT, INT], INT, False, False)))

    def compare_and_guard(self) -> None:
        """A comparison and its GUARD_TRUE/FALSE as the backend fuses them: often with
        operations that keep the flags in between (memory accesses, SAME_AS, integer
        arithmetic), the condition among the guard's fail_args, or used later."""
        t = self.t
        rnd = self.rnd
        if rnd.below(4) == 0:
            # An operation's result compared with 0 right away (ARM's adds/subs).
            value = t.op(RANDOM_INT_OPS[rnd.below(6)], [self.int_arg(), self.int_arg()], None)
            self.ints.append(value)
            opnum = [rop.INT_IS_TRUE, rop.INT_IS_ZERO, rop.INT_EQ, rop.INT_NE][rnd.below(4)]
            if opnum == rop.INT_EQ or opnum == rop.INT_NE:
                cond = t.op(opnum, [value, ConstInt(0)], None)
            else:
                cond = t.op(opnum, [value], None)
        elif rnd.below(5) == 0:
            opnum = [rop.INT_IS_TRUE, rop.INT_IS_ZERO][rnd.below(2)]
            cond = t.op(opnum, [self.ints[rnd.below(len(self.ints))]], None)
        else:
            other: AbstractValue = self.int_arg()
            if rnd.below(5) == 0:
                other = ConstInt(0)
            opnum = RANDOM_INT_OPS[6 + rnd.below(8)]
            cond = t.op(opnum, [self.ints[rnd.below(len(self.ints))], other], None)
        if rnd.below(3) == 0:
            self.ints.append(cond)
        for _ in range(rnd.below(4)):
            choice = rnd.below(7)
            if choice < 3:
                self.memory_step()
            elif choice == 3:
                self.ints.append(t.op(rop.SAME_AS_I, [self.ints[rnd.below(len(self.ints))]],
                                      None))
            elif choice == 4:
                opnum = RANDOM_INT_OPS[rnd.below(6)]
                self.ints.append(t.op(opnum, [self.int_arg(), self.int_arg()], None))
            elif choice == 5:
                # A comparison kept as a value writes the flags: no fusion across it.
                opnum = RANDOM_INT_OPS[6 + rnd.below(8)]
                self.ints.append(t.op(opnum, [self.int_arg(), self.int_arg()], None))
            else:
                self.ints.append(t.op(rop.CALL_I, [ConstInt(FUNCTIONS.sub3), self.int_arg(),
                                                   self.int_arg()],
                                      CallDescr([INT, INT], INT, False, False)))
        fail_args = self.some_values()
        if rnd.below(2) == 0:
            # The condition at a random place among the fail_args.
            fail_args.append(cond)
            k = rnd.below(len(fail_args))
            fail_args[len(fail_args) - 1] = fail_args[k]
            fail_args[k] = cond
        guard = rop.GUARD_TRUE if rnd.below(2) == 0 else rop.GUARD_FALSE
        t.guard(guard, [cond], fail_args)

    def float_step(self) -> None:
        t = self.t
        rnd = self.rnd
        choice = rnd.below(6)
        if choice < 3 or len(self.fl) == 0:
            opnum = RANDOM_FLOAT_OPS[rnd.below(4)]
            self.fl.append(t.op(opnum, [self.float_arg(), self.float_arg()], None))
        elif choice == 3:
            opnum = [rop.FLOAT_NEG, rop.FLOAT_ABS, rop.SAME_AS_F][rnd.below(3)]
            self.fl.append(t.op(opnum, [self.fl[rnd.below(len(self.fl))]], None))
        elif choice == 4:
            self.fl.append(t.op(rop.CAST_INT_TO_FLOAT, [self.int_arg()], None))
        else:
            opnum = rop.FLOAT_LT + rnd.below(6)
            cond = t.op(opnum, [self.float_arg(), self.float_arg()], None)
            if rnd.below(2) == 0:
                t.guard(rop.GUARD_TRUE if rnd.below(2) == 0 else rop.GUARD_FALSE, [cond],
                        self.some_values())
            else:
                self.ints.append(cond)

    def memory_step(self) -> None:
        t = self.t
        rnd = self.rnd
        size = [1, 2, 4][rnd.below(3)]
        signed = rnd.below(2) == 0
        choice = rnd.below(4)
        if choice == 0:
            fd = FieldDescr("f", size * rnd.below(BUFFER // size), size, signed, INT, False)
            if rnd.below(2) == 0:
                self.ints.append(t.op(rop.GETFIELD_GC_I, [self.ref], fd))
            else:
                t.op(rop.SETFIELD_GC, [self.ref, self.int_arg()], fd)
        elif choice == 1:
            fd = FieldDescr("d", 8 * rnd.below(BUFFER // 8), 8, True, FLOAT, False)
            if rnd.below(2) == 0 or len(self.fl) == 0:
                self.fl.append(t.op(rop.GETFIELD_GC_F, [self.ref], fd))
            else:
                t.op(rop.SETFIELD_GC, [self.ref, self.fl[rnd.below(len(self.fl))]], fd)
        else:
            ad = ArrayDescr(8, size, 0, signed, INT)
            index: AbstractValue = ConstInt(rnd.below(16))
            if rnd.below(2) == 0:
                index = t.op(rop.INT_AND, [self.int_arg(), ConstInt(15)], None)
            if rnd.below(2) == 0:
                self.ints.append(t.op(rop.GETARRAYITEM_GC_I, [self.ref, index], ad))
            else:
                t.op(rop.SETARRAYITEM_GC, [self.ref, index, self.int_arg()], ad)


def random_trace(run: Runner, seed: int) -> None:
    rnd = Random(seed)
    gen = Generator(rnd)
    ints: list[int] = []
    for _ in range(1 + rnd.below(5)):
        gen.ints.append(gen.t.input(INT))
        ints.append(gen.int_value())
    fls: list[float] = []
    for _ in range(rnd.below(4)):
        gen.fl.append(gen.t.input(FLOAT))
        fls.append(float(gen.int_value()) / 7.0)
    if rnd.below(3) == 0:
        ints[0] = 1 + rnd.below(20)
        counter = gen.ints[0]
        for _ in range(rnd.below(8)):
            gen.step()
        carried: list[AbstractValue] = [counter]
        for v in gen.ints[1:]:
            if rnd.below(2) == 0 and not contains(carried, v):
                carried.append(v)
        for v in gen.fl:
            if rnd.below(2) == 0 and not contains(carried, v):
                carried.append(v)
        tok = TargetToken(1)
        gen.t.op(rop.LABEL, carried, tok)
        gen.ints = []
        gen.fl = []
        for v in carried:
            if v.kind == FLOAT:
                gen.fl.append(v)
            else:
                gen.ints.append(v)
        for _ in range(1 + rnd.below(20)):
            gen.step()
        left = gen.t.op(rop.INT_SUB, [counter, ConstInt(1)], None)
        gen.ints.append(left)
        gen.t.guard(rop.GUARD_TRUE, [gen.t.op(rop.INT_GT, [left, ConstInt(0)], None)],
                    gen.some_values())
        new: list[AbstractValue] = [left]
        for v in carried[1:]:
            if v.kind == FLOAT:
                new.append(gen.fl[rnd.below(len(gen.fl))])
            else:
                new.append(gen.ints[rnd.below(len(gen.ints))])
        gen.t.op(rop.JUMP, new, tok)
    else:
        for _ in range(1 + rnd.below(40)):
            gen.step()
        gen.t.finish(gen.some_values())
    run.check("random " + str(seed), gen.t, ints, [run.memory.address], fls, seed)

