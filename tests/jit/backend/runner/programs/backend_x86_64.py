"""Subset program: the x86-64 backend itself, translated. `backend_x86_64 N` compiles a
counting loop (ints and a float, a guard that ends it) and a trace of field and array
accesses on raw memory, runs both and prints what their exits left."""

import os

from jit.backend.model import LoopToken
from jit.backend.x86_64.assembler import CPU_X86_64
from jit.metainterp import resoperation as rop
from jit.metainterp.resoperation import (FLOAT, INT, REF, AbstractDescr, AbstractValue,
                                         ArrayDescr, CallDescr, ConstFloat, ConstInt,
                                         ConstPtr, FieldDescr, InputArg, ResOperation,
                                         SizeDescr, TargetToken)
from toolchain.rlib.rawmem import raw_malloc


def emit(ops: list[ResOperation], opnum: int, args: list[AbstractValue],
         descr: AbstractDescr | None) -> ResOperation:
    op = ResOperation(opnum, args, descr)
    ops.append(op)
    return op


def write(text: str) -> None:
    os.write(1, (text + "\n").encode("latin-1"))


def counting_loop(cpu: CPU_X86_64, count: int) -> None:
    n = InputArg(INT, 0)
    acc = InputArg(INT, 1)
    x = InputArg(FLOAT, 2)
    token = TargetToken(1)
    ops: list[ResOperation] = []
    emit(ops, rop.LABEL, [n, acc, x], token)
    acc2 = emit(ops, rop.INT_ADD, [acc, n], None)
    x2 = emit(ops, rop.FLOAT_ADD, [x, ConstFloat(0.5)], None)
    n2 = emit(ops, rop.INT_SUB, [n, ConstInt(1)], None)
    more = emit(ops, rop.INT_GT, [n2, ConstInt(0)], None)
    guard = emit(ops, rop.GUARD_TRUE, [more], AbstractDescr())
    guard.fail_args = [acc2, x2, n2, ConstPtr(0)]
    emit(ops, rop.JUMP, [n2, acc2, x2], token)
    looptoken = LoopToken(0)
    cpu.compile_loop([n, acc, x], ops, looptoken)
    dead = cpu.execute_token(looptoken, [count, 0], [], [0.0])
    write("loop " + str(cpu.get_int_value(dead, 0)) + " " + str(cpu.get_float_value(dead, 1))
          + " " + str(cpu.get_ref_value(dead, 3)) + " " + str(dead.descr is guard.descr))


def memory_trace(cpu: CPU_X86_64, index: int) -> None:
    buffer = raw_malloc(64)
    p = InputArg(REF, 0)
    v = InputArg(INT, 1)
    field = FieldDescr("f", 8, 4, True, INT, False)
    array = ArrayDescr(16, 2, 0, False, INT)
    ops: list[ResOperation] = []
    emit(ops, rop.SETFIELD_GC, [p, ConstInt(-7)], field)
    emit(ops, rop.SETARRAYITEM_GC, [p, v, v], array)
    got = emit(ops, rop.GETFIELD_GC_I, [p], field)
    item = emit(ops, rop.GETARRAYITEM_GC_I, [p, v], array)
    length = emit(ops, rop.ARRAYLEN_GC, [p], array)
    emit(ops, rop.FINISH, [got, item, length], AbstractDescr())
    looptoken = LoopToken(1)
    cpu.compile_loop([p, v], ops, looptoken)
    dead = cpu.execute_token(looptoken, [index], [buffer], [])
    write("memory " + str(cpu.get_int_value(dead, 0)) + " " + str(cpu.get_int_value(dead, 1))
          + " " + str(cpu.get_int_value(dead, 2)))


def entry_point(argv: list[str]) -> int:
    # No allocation helper: NEW is not used here (translated, it will be the GC's).
    cpu = CPU_X86_64(0)
    counting_loop(cpu, int(argv[1]))
    memory_trace(cpu, 5)
    # Descrs the traces above do not build still have to be complete classes.
    write(SizeDescr(16, 0).repr_of_descr() + CallDescr([INT], INT, False, False).repr_of_descr())
    return 0
