"""The blackhole interpreter on hand-written jitcodes: control flow, inline and residual
calls, memory by descr, merge points, and each pure operation against CPython."""

from __future__ import annotations

import math
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from jit.codewriter import jitcode as jc
from jit.codewriter.callshapes import CallShapeTable, write_module
from jit.codewriter.jitcode import JitCode, JitCodeBuilder, JitCodeSet
from jit.metainterp import resoperation as rop
from jit.metainterp.blackhole import (
    MERGE_POINT, RAISED, RETURNED, BlackholeFrame, BlackholeInterpreter, BlackholeOutput,
    run_jitcode,
)
from jit.metainterp.resoperation import ArrayDescr, CallDescr, FieldDescr, SizeDescr
from toolchain.rlib.rarithmetic import intmask
from toolchain.rlib.rawmem import (
    DOUBLE, WORD, raw_load_double, raw_load_word, raw_malloc, raw_store_double,
    raw_store_word,
)
from toolchain.rlib.symbolic import FunctionAddress

words = st.integers(min_value=-(1 << 63), max_value=(1 << 63) - 1)


def interp_for(jitcodes: list[JitCode], descrs: list | None = None,
               call_shapes: list[int] | None = None, callshapes=None) -> BlackholeInterpreter:
    descrs = descrs or []
    shapes = call_shapes if call_shapes is not None else [-1] * len(descrs)
    return BlackholeInterpreter(JitCodeSet(jitcodes, descrs, [], shapes), callshapes)


def run_one(jitcode: JitCode, args_i=(), args_r=(), args_f=(), **kw) -> BlackholeOutput:
    return run_jitcode(interp_for([jitcode], **kw), jitcode, list(args_i), list(args_r),
                       list(args_f))


# -- each pure operation against Python ------------------------------------------------------

INT_BINARY = {
    "int_add": lambda a, b: intmask(a + b), "int_sub": lambda a, b: intmask(a - b),
    "int_mul": lambda a, b: intmask(a * b), "int_and": lambda a, b: a & b,
    "int_or": lambda a, b: a | b, "int_xor": lambda a, b: a ^ b,
    "int_lt": lambda a, b: int(a < b), "int_le": lambda a, b: int(a <= b),
    "int_eq": lambda a, b: int(a == b), "int_ne": lambda a, b: int(a != b),
    "int_gt": lambda a, b: int(a > b), "int_ge": lambda a, b: int(a >= b),
    "uint_lt": lambda a, b: int(a % 2**64 < b % 2**64),
    "uint_ge": lambda a, b: int(a % 2**64 >= b % 2**64),
}


def binary_jitcode(opname: str, kind: str, result: str) -> JitCode:
    b = JitCodeBuilder(opname, **{f"num_regs_{kind}": 2, f"num_regs_{result}": 1}
                       if kind != result else {f"num_regs_{kind}": 2})
    b.emit(opname, 0, 1, 0)
    b.emit({"i": "int_return", "f": "float_return"}[result], 0)
    return b.finish()


@settings(max_examples=300, deadline=None)
@given(st.sampled_from(sorted(INT_BINARY)), words, words)
def test_int_binary_ops_equal_python(opname: str, a: int, b: int) -> None:
    out = run_one(binary_jitcode(opname, "i", "i"), [a, b])
    assert out.status == RETURNED and out.result_i == INT_BINARY[opname](a, b)


@settings(max_examples=200, deadline=None)
@given(words, st.integers(min_value=0, max_value=63))
def test_shifts_equal_python(a: int, n: int) -> None:
    for opname, expected in (("int_lshift", intmask(a << n)), ("int_rshift", a >> n),
                             ("uint_rshift", (a % 2**64) >> n)):
        out = run_one(binary_jitcode(opname, "i", "i"), [a, n])
        assert intmask(out.result_i) == intmask(expected), opname


@settings(max_examples=200, deadline=None)
@given(words, words, st.sampled_from(["add", "sub", "mul"]))
def test_overflow_jump(a: int, b: int, op: str) -> None:
    b_ = JitCodeBuilder("ovf", num_regs_i=3)
    overflow = b_.new_label()
    b_.emit(f"int_{op}_jump_if_ovf", overflow, 0, 1, 2)
    b_.emit("int_return", 2)
    b_.mark(overflow)
    b_.emit("int_return", b_.const_i(-12345))
    exact = {"add": a + b, "sub": a - b, "mul": a * b}[op]
    expected = exact if -(1 << 63) <= exact < (1 << 63) else -12345
    assert run_one(b_.finish(), [a, b]).result_i == expected


floats = st.floats(allow_nan=True, allow_infinity=True)


@settings(max_examples=200, deadline=None)
@given(floats, floats)
def test_float_ops_equal_python(a: float, b: float) -> None:
    for opname, expected in (("float_add", a + b), ("float_sub", a - b),
                             ("float_mul", a * b)):
        got = run_one(binary_jitcode(opname, "f", "f"), args_f=[a, b]).result_f
        assert got == expected or (math.isnan(got) and math.isnan(expected)), opname
    for opname, expected in (("float_lt", a < b), ("float_le", a <= b),
                             ("float_eq", a == b), ("float_ne", a != b),
                             ("float_gt", a > b), ("float_ge", a >= b)):
        assert run_one(binary_jitcode(opname, "f", "i"), args_f=[a, b]).result_i == expected


def test_casts_and_unary() -> None:
    b = JitCodeBuilder("casts", num_regs_i=2, num_regs_f=2)
    b.emit("cast_int_to_float", 0, 0)
    b.emit("float_neg", 0, 1)
    b.emit("float_abs", 1, 1)
    b.emit("float_add", 1, b.const_f(0.75), 1)
    b.emit("cast_float_to_int", 1, 1)           # truncates toward zero
    b.emit("int_neg", 1, 1)
    b.emit("int_invert", 1, 1)
    b.emit("int_is_zero", 1, 0)
    b.emit("int_add", 0, 1, 0)
    b.emit("int_return", 0)
    assert run_one(b.finish(), [7]).result_i == ~(-7) + 0


# -- control flow and calls -------------------------------------------------------------------

def sum_to_jitcode() -> JitCode:
    """i0 = n; sum 1..n with a loop: the shape of a compiled while loop."""
    b = JitCodeBuilder("sum_to", num_regs_i=3)
    top, done = b.new_label(), b.new_label()
    b.emit("int_copy", b.const_i(0), 1)
    b.mark(top)
    b.emit("int_gt", 0, b.const_i(0), 2)
    b.emit("goto_if_not", 2, done)
    b.emit("int_add", 1, 0, 1)
    b.emit("int_sub", 0, b.const_i(1), 0)
    b.emit("goto", top)
    b.mark(done)
    b.emit("int_return", 1)
    return b.finish()


@pytest.mark.parametrize("n", [0, 1, 10, 1000])
def test_loop(n: int) -> None:
    assert run_one(sum_to_jitcode(), [n]).result_i == n * (n + 1) // 2


def fib_jitcodes() -> list[JitCode]:
    """jitcode 0: fib(n) recursively through inline_call_i; jitcode 1 calls it with a
    float argument it ignores and returns float(fib(n))."""
    b = JitCodeBuilder("fib", num_regs_i=4)
    small = b.new_label()
    b.emit("int_lt", 0, b.const_i(2), 1)
    b.emit("goto_if_not", 1, small)
    b.emit("int_return", 0)
    b.mark(small)
    b.emit("int_sub", 0, b.const_i(1), 2)
    b.emit("inline_call_i", 0, [2], [], [], 2)
    b.emit("int_sub", 0, b.const_i(2), 3)
    b.emit("inline_call_i", 0, [3], [], [], 3)
    b.emit("int_add", 2, 3, 0)
    b.emit("int_return", 0)
    fib = b.finish()
    b = JitCodeBuilder("ffib", num_regs_i=1, num_regs_f=2)
    b.emit("inline_call_i", 0, [0], [], [], 0)
    b.emit("cast_int_to_float", 0, 1)
    b.emit("float_add", 1, 0, 1)
    b.emit("float_return", 1)
    return [fib, b.finish()]


def test_recursive_inline_calls() -> None:
    codes = fib_jitcodes()
    interp = interp_for(codes)
    assert run_jitcode(interp, codes[0], [15], [], []).result_i == 610
    assert run_jitcode(interp, codes[1], [10], [], [0.5]).result_f == 55.5


def test_resume_in_a_caller_frame() -> None:
    """A frame stack as resume builds it: the caller at its inline_call, the callee
    mid-way; the callee's value completes the caller's call."""
    codes = fib_jitcodes()
    interp = interp_for(codes)
    caller = BlackholeFrame(codes[1])
    caller.set_i(0, 10)
    caller.set_f(0, 0.25)
    callee = BlackholeFrame(codes[0])
    callee.set_i(0, 10)
    callee.pc = 0
    out = BlackholeOutput()
    assert interp.run([caller, callee], out) == RETURNED
    assert out.result_f == 55.25


def test_merge_point_writes_greens_then_reds() -> None:
    b = JitCodeBuilder("portal", num_regs_i=2, num_regs_r=1, num_regs_f=1)
    b.emit("int_add", 0, b.const_i(1), 0)
    b.emit("loop_header", 0)
    b.emit("jit_merge_point", [0], [], [], [1, b.const_i(99)], [0], [0])
    b.emit("int_return", 0)
    jitcode = b.finish()
    interp = interp_for([jitcode])
    frame = BlackholeFrame(jitcode)
    frame.set_i(0, 41)
    frame.set_i(1, 7)
    frame.set_r(0, 0x1234)
    frame.set_f(0, 2.5)
    out = BlackholeOutput()
    assert interp.run([frame], out) == MERGE_POINT
    assert (out.out_i, out.out_r, out.out_f) == ([42, 7, 99], [0x1234], [2.5])


def test_merge_point_of_an_inner_frame_is_passed() -> None:
    b = JitCodeBuilder("inner", num_regs_i=1)
    b.emit("jit_merge_point", [0], [], [], [], [], [])
    b.emit("int_return", 0)
    inner = b.finish()
    b = JitCodeBuilder("outer", num_regs_i=1)
    b.emit("inline_call_i", 1, [0], [], [], 0)
    b.emit("int_return", 0)
    outer = b.finish()
    out = run_jitcode(interp_for([outer, inner]), outer, [5], [], [])
    assert out.status == RETURNED and out.result_i == 5


# -- residual calls through generated callshapes -------------------------------------------

def mixed(a: int, x: float, b: int) -> float:
    return a * x - b


def isub(a: int, b: int) -> int:
    return a - b


def test_residual_calls_through_generated_callshapes(tmp_path: Path) -> None:
    table = CallShapeTable()
    descr_f = CallDescr([rop.INT, rop.FLOAT, rop.REF], rop.FLOAT, False, False)
    descr_i = CallDescr([rop.INT, rop.INT], rop.INT, False, True)
    descr_v = CallDescr([rop.INT, rop.INT], rop.VOID, False, False)
    shapes = [table.number(d.arg_kinds, d.result_kind) for d in (descr_f, descr_i, descr_v)]
    callshapes = write_module(table, tmp_path / "cs.py")
    seen: list[tuple[int, int]] = []
    addr_f = FunctionAddress(mixed, 3, [WORD, DOUBLE, WORD], DOUBLE)
    addr_i = FunctionAddress(isub, 2, [WORD, WORD], WORD)
    addr_v = FunctionAddress(lambda a, b: seen.append((a, b)), 2, [WORD, WORD], None)
    b = JitCodeBuilder("calls", num_regs_i=2, num_regs_r=1, num_regs_f=2)
    b.emit("residual_call_i", b.const_i(addr_i), 1, [0, b.const_i(100)], [], [], 1)
    b.emit("residual_call_v", b.const_i(addr_v), 2, [1, 0], [], [])
    b.emit("residual_call_f", b.const_i(addr_f), 0, [1], [0], [0], 1)
    b.emit("float_return", 1)
    out = run_one(b.finish(), [3], [40], [1.5], descrs=[descr_f, descr_i, descr_v],
                  call_shapes=shapes, callshapes=callshapes)
    assert seen == [(-97, 3)]
    assert out.result_f == -97 * 1.5 - 40


# -- memory by descr ---------------------------------------------------------------------------

def test_fields_arrays_and_allocation() -> None:
    """A struct {word count; double weight; items*} and an items block, in raw memory."""
    count = FieldDescr("count", 0, 8, True, rop.INT, False)
    weight = FieldDescr("weight", 8, 8, True, rop.FLOAT, False)
    items = FieldDescr("items", 16, 8, True, rop.REF, False)
    bytes_ = ArrayDescr(8, 1, 0, False, rop.INT)     # {length; unsigned char items[]}
    size = SizeDescr(24, 0x5150)
    descrs = [count, weight, items, bytes_, size]
    struct = raw_malloc(24)
    block = raw_malloc(8 + 4)
    raw_store_word(struct, 0, 5)
    raw_store_double(struct, 8, 0.5)
    raw_store_word(struct, 16, block)
    raw_store_word(block, 0, 4)
    b = JitCodeBuilder("mem", num_regs_i=4, num_regs_r=3, num_regs_f=1)
    b.emit("getfield_gc_i", 0, 0, 0)                     # i0 = count
    b.emit("getfield_gc_r", 0, 2, 1)                     # r1 = items
    b.emit("arraylen_gc", 1, 3, 1)                       # i1 = 4
    b.emit("setarrayitem_gc_i", 1, b.const_i(2), b.const_i(300), 3)   # stored as 44
    b.emit("getarrayitem_gc_i", 1, b.const_i(2), 3, 2)
    b.emit("getfield_gc_f", 0, 1, 0)
    b.emit("float_add", 0, 0, 0)
    b.emit("setfield_gc_f", 0, 0, 1)                     # weight = 1.0
    b.emit("int_add", 0, 1, 3)
    b.emit("int_add", 3, 2, 3)
    b.emit("setfield_gc_i", 0, 3, 0)                     # count = 5 + 4 + 44
    b.emit("new_with_vtable", 4, 2)
    b.emit("setfield_gc_r", 2, 0, 2)                     # new.items = struct
    b.emit("ref_return", 2)
    out = run_one(b.finish(), [], [struct], descrs=descrs)
    assert raw_load_word(struct, 0) == 5 + 4 + 44
    assert raw_load_double(struct, 8) == 1.0
    assert raw_load_word(out.result_r, 0) == 0x5150
    assert raw_load_word(out.result_r, 16) == struct


def test_raw_memory_ops() -> None:
    block = raw_malloc(32)
    b = JitCodeBuilder("raw", num_regs_i=3, num_regs_f=1)
    b.emit("raw_store_word", 0, b.const_i(8), b.const_i(-3))
    b.emit("raw_store_byte", 0, b.const_i(1), b.const_i(0x1FF))
    b.emit("raw_store_double", 0, b.const_i(16), b.const_f(2.25))
    b.emit("raw_load_word", 0, b.const_i(8), 1)
    b.emit("raw_load_byte", 0, b.const_i(1), 2)
    b.emit("raw_load_double", 0, b.const_i(16), 0)
    b.emit("int_add", 1, 2, 1)
    b.emit("cast_float_to_int", 0, 2)
    b.emit("int_add", 1, 2, 1)
    b.emit("int_return", 1)
    assert run_one(b.finish(), [block]).result_i == -3 + 0xFF + 2


def test_guard_class_reads_the_typeptr() -> None:
    obj = raw_malloc(16)
    raw_store_word(obj, 0, 0xABC0)
    b = JitCodeBuilder("cls", num_regs_i=1, num_regs_r=1)
    b.emit("guard_class", 0, 0)
    b.emit("promote_i", 0, 0)
    b.emit("int_return", 0)
    assert run_one(b.finish(), [], [obj]).result_i == 0xABC0


def test_builder_rejects_wrong_operand_counts() -> None:
    b = JitCodeBuilder("bad", num_regs_i=1)
    with pytest.raises(ValueError, match="int_add"):
        b.emit("int_add", 0, 0)


def test_next_pc_walks_every_instruction() -> None:
    for jitcode in fib_jitcodes() + [sum_to_jitcode()]:
        pcs = []
        pc = 0
        while pc < len(jitcode.code):
            pcs.append(pc)
            pc = jc.next_pc(jitcode.code, pc)
        assert pc == len(jitcode.code)
        lines = jc.disassemble(jitcode).splitlines()[1:]
        assert [int(line.split(":")[0]) for line in lines] == pcs


# -- exceptions ----------------------------------------------------------------------------

def raising_jitcodes() -> list[JitCode]:
    """0: raises its ref argument when its int is odd, else returns the int.
    1: calls 0 and catches: returns 1000 + the int, or -1 with the caught ref kept.
    2: calls 0 without catching (the exception leaves it)."""
    b = JitCodeBuilder("maybe_raise", num_regs_i=2, num_regs_r=1)
    odd = b.new_label()
    b.emit("int_and", 0, b.const_i(1), 1)
    b.emit("goto_if_not", 1, odd)
    b.emit("raise", 0)
    b.mark(odd)
    b.emit("int_return", 0)
    maybe = b.finish()
    b = JitCodeBuilder("catcher", num_regs_i=1, num_regs_r=2)
    handler = b.new_label()
    b.emit("inline_call_i", 0, [0], [0], [], 0)
    b.emit("catch_exception", handler)
    b.emit("int_add", 0, b.const_i(1000), 0)
    b.emit("int_return", 0)
    b.mark(handler)
    b.emit("last_exc_value", 1)
    b.emit("ptr_eq", 1, 0, 0)                   # the exception is the object raised
    b.emit("int_sub", 0, b.const_i(2), 0)
    b.emit("int_return", 0)
    catcher = b.finish()
    b = JitCodeBuilder("passer", num_regs_i=1, num_regs_r=1)
    b.emit("inline_call_i", 0, [0], [0], [], 0)
    b.emit("int_return", 0)
    return [maybe, catcher, b.finish()]


@pytest.mark.parametrize("n", [4, 7])
def test_exceptions_are_caught_or_escape(n: int) -> None:
    codes = raising_jitcodes()
    interp = interp_for(codes)
    caught = run_jitcode(interp, codes[1], [n], [0xBEEF0], [])
    assert (caught.status, caught.result_i) == (RETURNED, 1000 + n if n % 2 == 0 else -1)
    escaped = run_jitcode(interp, codes[2], [n], [0xBEEF0], [])
    if n % 2 == 0:
        assert (escaped.status, escaped.result_i) == (RETURNED, n)
    else:
        assert (escaped.status, escaped.exception) == (RAISED, 0xBEEF0)
    assert interp.exception == 0            # nothing left in flight after either
