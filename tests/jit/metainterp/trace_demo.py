"""Builds a small trace with the IR and prints it: run untranslated and translated."""

import os

from jit.metainterp.resoperation import (
    FLOAT, GUARD_TRUE, INT, INT_ADD, INT_LT, JUMP, LABEL, ConstFloat, ConstInt, FieldDescr,
    InputArg, ResOperation, TargetToken, format_trace, FLOAT_ADD, GETFIELD_GC_I, REF,
)

FIELD = FieldDescr("Counter.value", 8, 8, True, INT, False)


def build():
    i0 = InputArg(INT, 0)
    p1 = InputArg(REF, 1)
    f2 = InputArg(FLOAT, 2)
    token = TargetToken(0)
    label = ResOperation(LABEL, [i0, p1, f2], token)
    i1 = ResOperation(INT_ADD, [i0, ConstInt(1)], None)
    f1 = ResOperation(FLOAT_ADD, [f2, ConstFloat(0.5)], None)
    i2 = ResOperation(GETFIELD_GC_I, [p1], FIELD)
    i3 = ResOperation(INT_LT, [i1, i2], None)
    guard = ResOperation(GUARD_TRUE, [i3], None)
    guard.fail_args = [i1, p1, f1]
    jump = ResOperation(JUMP, [i1, p1, f1], token)
    return [i0, p1, f2], [label, i1, f1, i2, i3, guard, jump]


def entry_point(argv):
    inputargs, operations = build()
    os.write(1, format_trace(inputargs, operations).encode("latin-1"))
    return 0
