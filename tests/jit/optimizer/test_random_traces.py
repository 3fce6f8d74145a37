"""Property test: random traces give the same outcome before and after optimization.

Hypothesis builds well-formed straight-line traces over ints, floats, fields and array
items of a few raw-allocated structs (which may alias), allocations (virtuals), and
guards of every kind the optimizer reasons about.  The reference executor runs the trace and its
optimized form on the same inputs; both must stop at FINISH or at a guard with the same
fail_args values, and leave the input structs holding the same contents.  Objects
allocated by the trace (or materialised from virtuals at a guard) are compared by
content, since their addresses differ from run to run.
"""

from __future__ import annotations

import math
import random
import struct as pystruct

from hypothesis import HealthCheck, given, note, settings
from hypothesis import strategies as st

from jit.metainterp import resoperation as rop
from jit.metainterp.executor import ExecResult, execute_trace
from jit.metainterp.resoperation import (
    FLOAT, INT, REF, AbstractValue, ArrayDescr, ConstFloat, ConstInt, ConstPtr, FieldDescr, InputArg,
    ResOperation, SizeDescr, TargetToken, format_trace,
)
from jit.optimizer.base import InvalidLoop
from jit.optimizer.optimizer import DEFAULT_ENABLE_OPTS, optimize_trace
from toolchain.rlib import rawmem
from toolchain.rlib.rarithmetic import intmask

VTABLE = 0x4242
SIZE = 72
# Bytes 8..39 hold the fields, 40..63 two arrays of items (typed memory: no overlap),
# 64..71 a count (never negative: the trace writes only masked values there).
RAW_RANGES = [(8, 32), (40, 72)]
INT_FIELDS = [FieldDescr("S.b", 8, 1, True, INT, False),
              FieldDescr("S.ub", 9, 1, False, INT, False),
              FieldDescr("S.s", 10, 2, True, INT, False),
              FieldDescr("S.i", 12, 4, True, INT, False),
              FieldDescr("S.w", 16, 8, True, INT, False)]
FLOAT_FIELD = FieldDescr("S.d", 24, 8, True, FLOAT, False)
REF_FIELD = FieldDescr("S.r", 32, 8, False, REF, False)
WORD_ITEMS = ArrayDescr(40, 8, 0, True, INT)        # 2 items
BYTE_ITEMS = ArrayDescr(56, 1, 0, False, INT)       # 8 items
ARRAYS = [(WORD_ITEMS, 2), (BYTE_ITEMS, 8)]
PLAIN = SizeDescr(SIZE, 0)
WITH_VTABLE = SizeDescr(SIZE, VTABLE)
COUNT_FIELD = FieldDescr("S.n", 64, 8, True, INT, False, True)
FIELDS = INT_FIELDS + [FLOAT_FIELD, REF_FIELD, COUNT_FIELD]
STEP_WEIGHTS = list(range(21)) + [6, 6, 7, 7, 7, 8, 9, 13, 17, 18, 19, 19, 20]
# Only integer arithmetic, comparisons and their guards, on values near each other.
NARROW_STEPS = [0, 0, 0, 2, 3, 9, 9, 9, 10, 13, 15, 16, 16, 16, 20, 20]
INT_COMPARE = [rop.INT_LT, rop.INT_LE, rop.INT_EQ, rop.INT_NE, rop.INT_GT, rop.INT_GE]
OPT_SETS = [DEFAULT_ENABLE_OPTS, "intbounds:rewrite:virtualize:pure:heap", "intbounds",
            "rewrite", "virtualize", "pure", "heap", "unroll", "intbounds:unroll",
            "rewrite:unroll", "virtualize:heap:unroll", "heap:unroll"]

INT_BINARY = [rop.INT_ADD, rop.INT_SUB, rop.INT_MUL, rop.INT_AND, rop.INT_OR, rop.INT_XOR,
              rop.INT_LT, rop.INT_LE, rop.INT_EQ, rop.INT_NE, rop.INT_GT, rop.INT_GE,
              rop.UINT_LT, rop.UINT_GE]
INT_UNARY = [rop.INT_NEG, rop.INT_INVERT, rop.INT_IS_TRUE, rop.INT_IS_ZERO]
FLOAT_BINARY = [rop.FLOAT_ADD, rop.FLOAT_SUB, rop.FLOAT_MUL, rop.FLOAT_TRUEDIV]
FLOAT_COMPARE = [rop.FLOAT_LT, rop.FLOAT_LE, rop.FLOAT_EQ, rop.FLOAT_NE, rop.FLOAT_GT,
                 rop.FLOAT_GE]
SMALL_INTS = [0, 1, -1, 2, 3, 7, 100, 255, 256, -128, 2**31, 2**63 - 1, -2**63]
SPECIAL_FLOATS = [0.0, -0.0, 1.0, -2.5, 1e300, math.inf, -math.inf]


def any_int(rng: random.Random) -> int:
    choice = rng.randint(0, 2)
    if choice == 0:
        return rng.choice(SMALL_INTS)
    if choice == 1:
        return rng.randint(-2**63, 2**63 - 1)
    return rng.randint(-300, 300)


def any_float(rng: random.Random) -> float:
    choice = rng.randint(0, 2)
    if choice == 0:
        return rng.choice(SPECIAL_FLOATS)
    if choice == 1:
        value = pystruct.unpack("<d", rng.randbytes(8))[0]
        return 0.5 if value != value else value
    return rng.uniform(-1000.0, 1000.0)


class TraceMaker:
    """Draws one trace step by step, keeping pools of the values it may use.  Guards are
    drawn to pass most of the time (the trace so far is run to see what they test), so
    that traces run long enough for the passes' knowledge to matter."""

    def __init__(self, rng: random.Random, inputs: Inputs) -> None:
        self.rng = rng
        self.inputs = inputs
        self.inputargs = [InputArg(INT, 0), InputArg(INT, 1), InputArg(INT, 2),
                          InputArg(FLOAT, 3), InputArg(FLOAT, 4),
                          InputArg(REF, 5), InputArg(REF, 6)]
        self.ints: list[AbstractValue] = self.inputargs[0:3]
        self.floats: list[AbstractValue] = self.inputargs[3:5]
        self.structs: list[AbstractValue] = self.inputargs[5:7]   # never null
        self.refs: list[AbstractValue] = self.inputargs[5:7]      # maybe null
        self.comparisons: list[AbstractValue] = []
        self.ops: list[ResOperation] = []
        # A few fields per trace, so that accesses to one field meet often.
        self.fields = self.rng.sample(FIELDS, self.rng.randint(1, 3))


    def pick(self, pool: list[AbstractValue]) -> AbstractValue:
        return self.rng.choice(pool)

    def int_arg(self) -> AbstractValue:
        choice = self.rng.randint(0, 5)
        if choice == 0:
            return ConstInt(self.inputs.int_value(self.rng))
        if choice == 1:
            # A constant next to a value the trace computes: range edges get exercised.
            actual = self.probe(self.pick(self.ints))
            if actual is not None:
                return ConstInt(intmask(actual + self.rng.randint(-1, 1)))
        return self.pick(self.ints)

    def float_arg(self) -> AbstractValue:
        if self.rng.randint(0, 5) == 0:
            return ConstFloat(any_float(self.rng))
        return self.pick(self.floats)

    def record(self, opnum: int, args: list[AbstractValue], descr=None) -> ResOperation:
        op = ResOperation(opnum, args, descr)
        self.ops.append(op)
        if op.kind == INT:
            self.ints.append(op)
        elif op.kind == FLOAT:
            self.floats.append(op)
        return op

    def probe_result(self, value: AbstractValue) -> ExecResult:
        structs = self.inputs.make_structs()
        finish = ResOperation(rop.FINISH, [value], None)
        return execute_trace(self.inputargs, self.ops + [finish], self.inputs.ints,
                             [structs[0], structs[-1]], self.inputs.floats)

    def probe(self, value: AbstractValue) -> int | None:
        """The word `value` has at this point of the trace (None if a guard fails first)."""
        result = self.probe_result(value)
        if result.guard is not None:
            return None
        return (result.ints + result.refs)[0]

    def float_guard_value(self) -> None:
        """guard_value on a double: 0.0 also matches -0.0, which must not be pinned."""
        value = self.pick(self.floats)
        result = self.probe_result(value)
        expected = self.rng.choice(SPECIAL_FLOATS)
        if result.guard is None and self.passing():
            expected = result.floats[0]
        if expected != expected:
            expected = 0.0
        self.guard(rop.GUARD_VALUE, [value, ConstFloat(expected)])

    def passing(self) -> bool:
        return self.rng.randint(0, 9) != 0

    def guard(self, opnum: int, args: list[AbstractValue]) -> None:
        op = self.record(opnum, args)
        values = self.ints + self.floats + self.refs
        op.fail_args = [self.rng.choice(values) for _ in range(self.rng.randint(0, 5))]
        if args and self.rng.random() < 0.5:
            # The tracer's guards keep their own condition alive (the interpreter's
            # branch runs again on it), and the optimizer knows what it is on failure.
            op.fail_args.insert(self.rng.randint(0, len(op.fail_args)), args[0])

    def step(self) -> None:
        # Field accesses are drawn more often, so that the reads, writes and aliasing the
        # heap cache and virtuals reason about meet within one short trace.
        choice = self.rng.choice(self.inputs.steps)
        if choice == 0:
            op = self.record(self.rng.choice(INT_BINARY),
                             [self.int_arg(), self.int_arg()])
            if rop.INT_LT <= op.opnum:
                self.comparisons.append(op)
        elif choice == 1:
            opnum = self.rng.choice([rop.INT_LSHIFT, rop.INT_RSHIFT, rop.UINT_RSHIFT])
            self.record(opnum, [self.int_arg(), ConstInt(self.rng.randint(0, 63))])
        elif choice == 2:
            self.record(self.rng.choice(INT_UNARY), [self.int_arg()])
        elif choice == 3:
            opnum = self.rng.choice([rop.INT_ADD_OVF, rop.INT_SUB_OVF, rop.INT_MUL_OVF])
            self.record(opnum, [self.int_arg(), self.int_arg()])
            self.guard(rop.GUARD_NO_OVERFLOW, [])
            overflowed = self.probe(ConstInt(0)) is None
            if overflowed == self.passing():
                self.ops[-1].opnum = rop.GUARD_OVERFLOW
        elif choice == 4:
            self.record(self.rng.choice(FLOAT_BINARY),
                        [self.float_arg(), self.float_arg()])
        elif choice == 5:
            opnum = self.rng.choice(FLOAT_COMPARE + [rop.FLOAT_NEG, rop.FLOAT_ABS,
                                                     rop.CAST_INT_TO_FLOAT])
            if opnum == rop.CAST_INT_TO_FLOAT:
                self.record(opnum, [self.int_arg()])
            elif opnum == rop.FLOAT_NEG or opnum == rop.FLOAT_ABS:
                self.record(opnum, [self.float_arg()])
            else:
                self.comparisons.append(self.record(opnum, [self.float_arg(),
                                                            self.float_arg()]))
        elif choice == 6:
            self.getfield()
        elif choice == 7:
            self.setfield()
        elif choice == 8:
            descr = self.rng.choice([PLAIN, WITH_VTABLE])
            op = self.record(rop.NEW if descr is PLAIN else rop.NEW_WITH_VTABLE, [], descr)
            self.structs.append(op)
            self.refs.append(op)
        elif choice == 9:
            self.guard_int()
        elif choice == 10 and self.rng.random() < 0.3:
            self.float_guard_value()
        elif choice == 10:
            value = self.pick(self.ints)
            actual = self.probe(value)
            if actual is None or not self.passing():
                actual = self.rng.choice(SMALL_INTS)
            self.guard(rop.GUARD_VALUE, [value, ConstInt(actual)])
        elif choice == 11:
            value = self.pick(self.refs)
            null = self.probe(value) == 0
            self.guard(rop.GUARD_ISNULL if null == self.passing() else rop.GUARD_NONNULL,
                       [value])
        elif choice == 12:
            value = self.pick(self.structs)
            address = self.probe(value)
            vtable = 0x99
            if address is not None and self.passing():
                vtable = rawmem.raw_load_word(address, 0)
            self.guard(rop.GUARD_CLASS, [value, ConstInt(vtable)])
        elif choice == 13:
            self.repeat()
        elif choice == 14:
            opnum = self.rng.choice([rop.PTR_EQ, rop.PTR_NE])
            self.record(opnum, [self.pick(self.refs), self.pick(self.refs + [ConstPtr(0)])])
        elif choice == 15:
            self.record(rop.SAME_AS_I, [self.int_arg()])
        elif choice == 17:
            descr, index = self.item()
            self.record(rop.GETARRAYITEM_GC_I, [self.struct(), index], descr)
        elif choice == 18:
            descr, index = self.item()
            self.record(rop.SETARRAYITEM_GC, [self.struct(), index, self.int_arg()], descr)
        elif choice == 20:
            self.walk()
        elif choice == 19:
            # Writes still held by the heap pass at a guard: its resume data must do them
            # when it fails (as a BF loop's tape position at each of its guards).
            for _ in range(self.rng.randint(1, 3)):
                self.setfield()
            self.guard_int()
        else:
            self.compare_again()

    def guard_int(self) -> None:
        pool = self.comparisons if self.comparisons and self.rng.random() < 0.5 \
            else self.ints
        value = self.pick(pool)
        true = self.probe(value) != 0
        self.guard(rop.GUARD_TRUE if true == self.passing() else rop.GUARD_FALSE, [value])

    def walk(self) -> None:
        """An index moved by small constants and compared with a limit after each move, as
        an interpreter's bounds checks do: the order facts intbounds derives from them
        (index + k < limit), near the ends of the word too, where adding wraps."""
        index = self.pick(self.ints)
        limit = self.pick(self.ints)
        if self.rng.random() < 0.3:
            index = self.record(rop.INT_ADD, [index, ConstInt(self.rng.choice(
                [2**63 - 1, -2**63, 2**62]))])
        for _ in range(self.rng.randint(1, 4)):
            if self.rng.random() < 0.8:
                opnum = self.rng.choice([rop.INT_ADD, rop.INT_ADD, rop.INT_SUB])
                index = self.record(opnum, [index, ConstInt(self.rng.choice([1, 1, 2]))])
            opnum = self.rng.choice([rop.INT_EQ, rop.INT_NE, rop.INT_LT, rop.INT_LE,
                                     rop.INT_GT, rop.INT_GE, rop.UINT_LT, rop.UINT_GE])
            args = [index, limit] if self.rng.random() < 0.7 else [limit, index]
            test = self.record(opnum, args)
            self.comparisons.append(test)
            holds = self.probe(test) != 0
            self.guard(rop.GUARD_TRUE if holds == self.passing() else rop.GUARD_FALSE, [test])

    def compare_again(self) -> None:
        """A guarded comparison of a value with a constant near it, then another comparison
        of the same value with a neighbouring constant: the edges of what the guard
        proved, where range reasoning goes wrong."""
        value = self.pick(self.ints)
        actual = self.probe(value)
        if actual is None:
            return
        limit = intmask(actual + self.rng.randint(-1, 1))
        test = self.record(self.rng.choice(INT_COMPARE), [value, ConstInt(limit)])
        holds = self.probe(test) != 0
        self.guard(rop.GUARD_TRUE if holds == self.passing() else rop.GUARD_FALSE, [test])
        near = ConstInt(intmask(limit + self.rng.randint(-1, 1)))
        args = [value, near] if self.rng.random() < 0.5 else [near, value]
        self.comparisons.append(self.record(self.rng.choice(INT_COMPARE), args))

    def struct(self) -> AbstractValue:
        # The inputs (which may be one struct under two names) or the latest allocation.
        choice = self.rng.randint(0, 2)
        if choice == 0:
            return self.pick(self.structs[:2])
        return self.structs[-1] if choice == 1 else self.pick(self.structs)

    def item(self) -> tuple[ArrayDescr, AbstractValue]:
        """An array of the struct and an index inside it: constant, or masked."""
        descr, count = self.rng.choice(ARRAYS)
        if self.rng.random() < 0.5:
            return descr, ConstInt(self.rng.randrange(count))
        return descr, self.record(rop.INT_AND, [self.int_arg(), ConstInt(count - 1)])

    def getfield(self) -> None:
        base = self.struct()
        descr = self.rng.choice(self.fields)
        if descr is FLOAT_FIELD:
            self.record(rop.GETFIELD_GC_F, [base], descr)
        elif descr is REF_FIELD:
            self.refs.append(self.record(rop.GETFIELD_GC_R, [base], descr))
        else:
            self.record(rop.GETFIELD_GC_I, [base], descr)

    def setfield(self) -> None:
        base = self.struct()
        descr = self.rng.choice(self.fields)
        if descr is FLOAT_FIELD:
            value = self.float_arg()
        elif descr is REF_FIELD:
            value = self.pick(self.refs + [ConstPtr(0)])
        elif descr is COUNT_FIELD:
            value = self.record(rop.INT_AND, [self.int_arg(), ConstInt(2**63 - 1)])
        else:
            value = self.int_arg()
        reads = [op for op in self.ops if op.opnum in (rop.GETFIELD_GC_I, rop.GETFIELD_GC_F,
                                                       rop.GETFIELD_GC_R)
                 and op.descr is descr and op.args[0] is base]
        if reads and self.rng.random() < 0.4:
            value = self.rng.choice(reads)      # back to what it held (or may have)
        self.record(rop.SETFIELD_GC, [base, value], descr)

    def repeat(self) -> None:
        """The same pure operation or field read again, for CSE and the heap cache."""
        earlier = [op for op in self.ops
                   if op.is_pure() or op.opnum in (rop.GETFIELD_GC_I, rop.GETFIELD_GC_F,
                                                   rop.GETARRAYITEM_GC_I)]
        if earlier:
            op = self.rng.choice(earlier)
            self.record(op.opnum, list(op.args), op.descr)

    def finish(self) -> list[ResOperation]:
        # Every value is observed, so that no wrong one can hide in dead code.
        self.record(rop.FINISH, self.ints + self.floats + self.refs)
        return self.ops

    def start_loop(self, preamble: int) -> None:
        """Some steps, then the LABEL over the inputargs.  After it, only the LABEL's
        arguments are used (RPython's rule), so what the passes learned in the preamble
        about them must be forgotten: the JUMP rebinds them."""
        for _ in range(preamble):
            self.step()
        self.token = TargetToken(0)
        self.record(rop.LABEL, list(self.inputargs), self.token)
        self.ints = self.inputargs[0:3]
        self.floats = self.inputargs[3:5]
        self.structs = self.inputargs[5:7]
        self.refs = self.inputargs[5:7]
        self.comparisons = []

    def close_loop(self) -> list[ResOperation]:
        """Counts i0 down to the guard that ends the loop; the other loop variables get
        values of their kind from this iteration (structs stay non-null)."""
        count = self.record(rop.INT_SUB, [self.inputargs[0], ConstInt(1)])
        more = self.record(rop.INT_GT, [count, ConstInt(0)])
        self.guard(rop.GUARD_TRUE, [more])
        self.ops[-1].fail_args = self.ints + self.floats + self.refs
        args: list[AbstractValue] = [count]
        for arg in self.inputargs[1:]:
            pool = self.ints if arg.kind == INT else self.floats if arg.kind == FLOAT \
                else self.structs
            args.append(self.pick(pool))
        self.record(rop.JUMP, args, self.token)
        return self.ops


class Inputs:
    """The values a run starts from; each run gets fresh structs with the same bytes."""

    def __init__(self, rng: random.Random, narrow: bool) -> None:
        self.narrow = narrow
        self.steps = NARROW_STEPS if narrow else STEP_WEIGHTS
        self.ints = [self.int_value(rng) for _ in range(3)]
        self.floats = [any_float(rng) for _ in range(2)]
        self.aliased = rng.random() < 0.5
        self.contents = [bytearray(rng.randbytes(SIZE)) for _ in range(2)]
        for contents in self.contents:
            contents[COUNT_FIELD.offset + 7] &= 0x7F      # the count is not negative
        self.links = [rng.choice([-1, 0, 1]) for _ in range(2)]

    def int_value(self, rng: random.Random) -> int:
        return rng.randint(-4, 4) if self.narrow else any_int(rng)

    def make_structs(self) -> list[int]:
        count = 1 if self.aliased else 2
        structs = [rawmem.raw_malloc(SIZE) for _ in range(count)]
        for k, address in enumerate(structs):
            for start, end in RAW_RANGES:
                for i in range(start, end):
                    rawmem.raw_store_byte(address, i, self.contents[k][i])
            link = self.links[k]
            if 0 <= link < count:
                rawmem.raw_store_word(address, REF_FIELD.offset, structs[link])
        return structs


class Canon:
    """Names addresses by what they are: an input struct, null, or an object by content."""

    def __init__(self, structs: list[int]) -> None:
        self.names = {address: "in" + str(k) for k, address in enumerate(structs)}
        self.objects: list[tuple] = []

    def ref(self, address: int) -> str:
        if address == 0:
            return "null"
        if address not in self.names:
            self.names[address] = "obj" + str(len(self.objects))
            self.objects.append(())
            index = len(self.objects) - 1
            self.objects[index] = self.contents(address)
        return self.names[address]

    def contents(self, address: int) -> tuple:
        header = rawmem.raw_load_word(address, 0)
        raw = bytes(rawmem.raw_load_byte(address, i)
                    for start, end in RAW_RANGES for i in range(start, end))
        return (header, raw, self.ref(rawmem.raw_load_word(address, REF_FIELD.offset)))


def float_key(value: float) -> str:
    if value != value:
        return "nan"
    return pystruct.pack("<d", value).hex()


def outcome(result: ExecResult, structs: list[int]) -> tuple:
    canon = Canon(structs)
    refs = [canon.ref(r) for r in result.refs]
    memory = [canon.contents(address) for address in structs]
    return (result.guard is None, result.ints, [float_key(f) for f in result.floats],
            refs, memory, canon.objects)


def run(inputargs: list[InputArg], ops: list[ResOperation], inputs: Inputs) -> tuple:
    structs = inputs.make_structs()
    refs = [structs[0], structs[-1]]
    # The loops count down from at most 4: more jumps mean a wrongly optimized exit.
    result = execute_trace(inputargs, ops, inputs.ints, refs, inputs.floats, 100)
    position = ops.index(result.guard) if result.guard is not None else len(ops)
    return outcome(result, structs), position


def check_random_trace(seed: int, narrow: bool, loop: bool = False) -> None:
    note("seed " + str(seed))
    rng = random.Random(seed)
    inputs = Inputs(rng, narrow)
    maker = TraceMaker(rng, inputs)
    if loop:
        inputs.ints[0] = rng.randint(1, 4)     # the iteration count
        maker.start_loop(rng.randint(0, 8))
    for _ in range(rng.randint(1, 25)):
        maker.step()
    ops = maker.close_loop() if loop else maker.finish()
    inputargs = maker.inputargs
    note(format_trace(inputargs, ops))
    expected, stop = run(inputargs, ops, inputs)
    for enable_opts in OPT_SETS:
        try:
            optimized = optimize_trace(inputargs, ops, enable_opts)
        except InvalidLoop as error:
            # A guard that always fails: the original must stop at or before it.
            assert not expected[0] and stop <= error.index, error.message
            continue
        note(enable_opts + ":\n" + format_trace(inputargs, optimized))
        got, _ = run(inputargs, optimized, inputs)
        assert got == expected, enable_opts


@settings(max_examples=1500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.integers(0, 2**32 - 1))
def test_optimized_traces_behave_like_the_original(seed: int) -> None:
    check_random_trace(seed, narrow=False)


@settings(max_examples=800, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.integers(0, 2**32 - 1))
def test_integer_range_edges(seed: int) -> None:
    """Small ints and constants next to each other: where range reasoning goes wrong."""
    check_random_trace(seed, narrow=True)


@settings(max_examples=500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.integers(0, 2**32 - 1))
def test_loops(seed: int) -> None:
    """LABEL ... JUMP loops: what a pass knew must not leak into the next iteration."""
    check_random_trace(seed, narrow=False, loop=True)
