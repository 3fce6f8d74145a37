"""Subset program: the 32-bit ARM backend translated and run against the reference
executor. `backend_arm ABI N` (ABI: hard, softfp or soft) compiles hand-written traces
aimed at the ARM code paths (AAPCS calls with stack and softfp arguments, halfword and
byte memory, constants of every shape, overflow, NaN comparisons, a frame deeper than
vldr reaches, bridges, allocation), then N random traces, runs each through the backend
and through `execute_trace`, and prints one line per check: "ok NAME" or what differed.
On "soft" (armel, no FPU) floats go through the backend's soft-float helper calls."""


from runner.programs.arm_harness import (FUNCTIONS, Runner, Trace, dead_text, float_text,
                                         fsum10, halve, mixed, scale, sub3, sum6, write)
from runner.programs.arm_random import random_trace

from jit.backend.arm.assembler import CPU_ARM
from jit.backend.model import BackendError
from jit.metainterp import resoperation as rop
from jit.metainterp.resoperation import (FLOAT, INT, REF, AbstractValue, ArrayDescr,
                                         CallDescr, ConstFloat, ConstInt, ConstPtr,
                                         FieldDescr, SizeDescr, TargetToken)
from jit.optimizer.resumedescr import ResumeGuardDescr
from toolchain.rlib.rarithmetic import intmask
from toolchain.rlib.rawmem import malloc_function_address, raw_load_byte, raw_store_byte


# -- hand-written traces --------------------------------------------------------------------

def int_ops(run: Runner) -> None:
    ops = [rop.INT_ADD, rop.INT_SUB, rop.INT_MUL, rop.INT_AND, rop.INT_OR, rop.INT_XOR,
           rop.INT_LT, rop.INT_LE, rop.INT_EQ, rop.INT_NE, rop.INT_GT, rop.INT_GE,
           rop.UINT_LT, rop.UINT_GE, rop.INT_LSHIFT, rop.INT_RSHIFT, rop.UINT_RSHIFT]
    consts = [0, 1, -1, 255, -256, 0x12345678, -0x80000000, 0x7FFFFFFF, 0xFF00, -4096]
    values = [0, 1, -1, 5, -7, 0x7FFFFFFF, -0x80000000, 0x1234, 31]
    for opnum in ops:
        t = Trace()
        a = t.input(INT)
        b = t.input(INT)
        out: list[AbstractValue] = []
        if opnum >= rop.INT_LSHIFT and opnum <= rop.UINT_RSHIFT:
            count = t.op(rop.INT_AND, [b, ConstInt(31)], None)
            out.append(t.op(opnum, [a, count], None))
            out.append(t.op(opnum, [a, ConstInt(0)], None))
            out.append(t.op(opnum, [a, ConstInt(31)], None))
            out.append(t.op(opnum, [ConstInt(-5), count], None))
        else:
            out.append(t.op(opnum, [a, b], None))
            out.append(t.op(opnum, [b, b], None))
            for c in consts:
                out.append(t.op(opnum, [a, ConstInt(c)], None))
                out.append(t.op(opnum, [ConstInt(c), b], None))
        out.append(a)
        t.finish(out)
        for x in values:
            for y in values:
                run.check(rop.OPNAMES[opnum], t, [x, y], [], [], 0)
    for opnum in [rop.INT_NEG, rop.INT_INVERT, rop.INT_IS_TRUE, rop.INT_IS_ZERO]:
        t = Trace()
        a = t.input(INT)
        t.finish([t.op(opnum, [a], None), a])
        for x in values:
            run.check(rop.OPNAMES[opnum], t, [x], [], [], 0)


def overflow(run: Runner) -> None:
    pairs = [3, 4, 0x40000000, 2, -0x80000000, -1, 0x7FFFFFFF, 1, 0x10000, 0x10000,
             -0x10000, 0x8000, 46341, 46341, -46341, 46340]
    for opnum in [rop.INT_ADD_OVF, rop.INT_SUB_OVF, rop.INT_MUL_OVF]:
        for guard in [rop.GUARD_NO_OVERFLOW, rop.GUARD_OVERFLOW]:
            t = Trace()
            a = t.input(INT)
            b = t.input(INT)
            res = t.op(opnum, [a, b], None)
            t.guard(guard, [], [a, b])
            res2 = t.op(opnum, [a, ConstInt(0x7FFFFFF0)], None)
            t.guard(guard, [], [res, a])
            t.finish([res, res2])
            for i in range(0, len(pairs), 2):
                run.check(rop.OPNAMES[opnum], t, [pairs[i], pairs[i + 1]], [], [], 0)


def memory(run: Runner) -> None:
    t = Trace()
    p = t.input(REF)
    v = t.input(INT)
    i = t.input(INT)
    out: list[AbstractValue] = []
    offset = 0
    for size in [1, 2, 4]:
        for signed in [True, False]:
            d = FieldDescr("f", offset, size, signed, INT, False)
            out.append(t.op(rop.GETFIELD_GC_I, [p], d))
            t.op(rop.SETFIELD_GC, [p, v], d)
            out.append(t.op(rop.GETFIELD_GC_I, [p], d))
            offset += 4
        arr = ArrayDescr(40, size, 36, size == 2, INT)
        out.append(t.op(rop.GETARRAYITEM_GC_I, [p, i], arr))
        t.op(rop.SETARRAYITEM_GC, [p, i, v], arr)
        t.op(rop.SETARRAYITEM_GC, [p, ConstInt(3), ConstInt(-2)], arr)
        out.append(t.op(rop.GETARRAYITEM_GC_I, [p, ConstInt(3)], arr))
        raw = ArrayDescr(0, size, 0, True, INT)
        out.append(t.op(rop.RAW_LOAD_I, [p, ConstInt(251 - size)], raw))
        t.op(rop.RAW_STORE, [p, i, v], raw)
    out.append(t.op(rop.ARRAYLEN_GC, [p], ArrayDescr(40, 4, 36, True, INT)))
    rd = FieldDescr("r", 28, 4, False, REF, False)
    t.op(rop.SETFIELD_GC, [p, p], rd)
    out.append(t.op(rop.GETFIELD_GC_R, [p], rd))
    t.finish(out)
    for value in [-1, 0x12345678, 0x80, -129, 0]:
        for index in [0, 5, 17]:
            run.check("memory", t, [value, index], [run.memory.address], [], index)


def floats(run: Runner) -> None:
    values = [0.0, -0.0, 1.5, -2.25, 1e300, -1e-300, 3.0]
    nan = 1e308 * 10.0 - 1e308 * 10.0
    values.append(nan)
    values.append(1e308 * 10.0)
    for opnum in [rop.FLOAT_ADD, rop.FLOAT_SUB, rop.FLOAT_MUL, rop.FLOAT_TRUEDIV,
                  rop.FLOAT_LT, rop.FLOAT_LE, rop.FLOAT_EQ, rop.FLOAT_NE, rop.FLOAT_GT,
                  rop.FLOAT_GE]:
        t = Trace()
        a = t.input(FLOAT)
        b = t.input(FLOAT)
        rr = t.op(opnum, [a, b], None)
        rc = t.op(opnum, [a, ConstFloat(2.5)], None)
        same = t.op(opnum, [b, b], None)
        if opnum >= rop.FLOAT_LT:
            fused = t.op(opnum, [b, a], None)
            t.guard(rop.GUARD_TRUE, [fused], [rr, rc, same, a])
        t.finish([rr, rc, same, a])
        for x in values:
            for y in values:
                run.check(rop.OPNAMES[opnum], t, [], [], [x, y], 0)
    t = Trace()
    f = t.input(FLOAT)
    i = t.input(INT)
    neg = t.op(rop.FLOAT_NEG, [f], None)
    ab = t.op(rop.FLOAT_ABS, [f], None)
    tofloat = t.op(rop.CAST_INT_TO_FLOAT, [i], None)
    back = t.op(rop.CAST_FLOAT_TO_INT, [t.op(rop.FLOAT_MUL, [tofloat, ConstFloat(0.75)],
                                             None)], None)
    t.guard(rop.GUARD_VALUE, [f, ConstFloat(1.75)], [neg, ab, f])
    t.finish([neg, ab, tofloat, back, f])
    for x in [0.0, -0.0, 1.75, -3.5, nan]:
        for n in [0, -7, 0x7FFFFFFF, -0x80000000]:
            run.check("float unary, casts", t, [n], [], [x], 0)
    # A float guard_value (a helper call on armel) whose ints stay in registers.
    t = Trace()
    f = t.input(FLOAT)
    i = t.input(INT)
    j = t.op(rop.INT_ADD, [i, ConstInt(5)], None)
    k = t.op(rop.INT_MUL, [i, ConstInt(3)], None)
    t.guard(rop.GUARD_VALUE, [f, ConstFloat(1.75)], [j, k, i, f])
    t.finish([j, k, f])
    for x in [1.75, 0.5, -0.0, nan]:
        run.check("float guard_value", t, [9], [], [x], 0)
    t = Trace()
    p = t.input(REF)
    x = t.input(FLOAT)
    d = FieldDescr("d", 16, 8, True, FLOAT, False)
    old = t.op(rop.GETFIELD_GC_F, [p], d)
    t.op(rop.SETFIELD_GC, [p, x], d)
    t.op(rop.RAW_STORE, [p, ConstInt(48), x], ArrayDescr(0, 8, 0, True, FLOAT))
    raw = t.op(rop.RAW_LOAD_F, [p, ConstInt(40)], ArrayDescr(0, 8, 0, True, FLOAT))
    arr = ArrayDescr(8, 8, 0, True, FLOAT)
    t.op(rop.SETARRAYITEM_GC, [p, ConstInt(20), old], arr)
    item = t.op(rop.GETARRAYITEM_GC_F, [p, ConstInt(3)], arr)
    t.finish([old, raw, item, t.op(rop.GETFIELD_GC_F, [p], d)])
    run.check("float memory", t, [], [run.memory.address], [-7.5], 3)


def unaligned_raw_floats(run: Runner) -> None:
    """Raw doubles at odd addresses (vldr would fault). Checked here against the bytes:
    the translated executor's own raw_load_double faults on them too."""
    t = Trace()
    p = t.input(REF)
    offset = t.input(INT)
    x = t.input(FLOAT)
    loaded = t.op(rop.RAW_LOAD_F, [p, ConstInt(3)], None)
    t.op(rop.RAW_STORE, [p, offset, x], None)
    t.finish([loaded])
    try:
        token = run.compile(t)
    except BackendError as e:
        write("refused unaligned raw floats: " + e.message)
        return
    run.memory.fill(0)
    value = -1234.5678
    for half in range(2):
        word = run.cpu.words.word(value, half)
        for i in range(4):
            raw_store_byte(run.memory.address, 3 + 4 * half + i, (word >> (8 * i)) & 0xFF)
    dead = run.cpu.execute_token(token, [101], [run.memory.address], [2.75])
    stored = True
    for half in range(2):
        word = run.cpu.words.word(2.75, half)
        for i in range(4):
            got = raw_load_byte(run.memory.address, 101 + 4 * half + i)
            if got != (word >> (8 * i)) & 0xFF:
                stored = False
    if run.cpu.get_float_value(dead, 0) == value and stored:
        write("ok unaligned raw floats")
    else:
        run.failures += 1
        write("FAIL unaligned raw floats: " + float_text(run.cpu.get_float_value(dead, 0))
              + " stored " + str(stored))
    run.cpu.free_loop(token)


def calls(run: Runner) -> None:
    t = Trace()
    a = t.input(INT)
    b = t.input(INT)
    x = t.input(FLOAT)
    live: list[AbstractValue] = []
    for k in range(10):
        live.append(t.op(rop.INT_ADD, [a, ConstInt(k * 1000)], None))
    c1 = t.op(rop.CALL_I, [ConstInt(FUNCTIONS.sub3), b, a],
              CallDescr([INT, INT], INT, False, False))
    c2 = t.op(rop.CALL_F, [ConstInt(FUNCTIONS.halve), x],
              CallDescr([FLOAT], FLOAT, False, False))
    fn = t.op(rop.SAME_AS_I, [ConstInt(FUNCTIONS.sub3)], None)
    c3 = t.op(rop.CALL_PURE_I, [fn, c1, ConstInt(7)], CallDescr([INT, INT], INT, False, True))
    y = t.op(rop.FLOAT_ADD, [x, c2], None)
    t.finish([c1, c2, c3, y] + live)
    for pair in [[5, 100], [-7, 3], [0x7FFFFFFF, -0x80000000]]:
        run.check("calls", t, pair, [], [2.25], 0)


def stack_calls(run: Runner) -> None:
    """Calls the executor has no signature for: the values are checked here."""
    t = Trace()
    ints: list[AbstractValue] = []
    for _ in range(6):
        ints.append(t.input(INT))
    fl: list[AbstractValue] = []
    for _ in range(5):
        fl.append(t.input(FLOAT))
    s6 = t.op(rop.CALL_I, [ConstInt(FUNCTIONS.sum6)] + ints, CallDescr([INT] * 6, INT,
                                                                       False, False))
    args: list[AbstractValue] = [ConstInt(FUNCTIONS.mixed), fl[0], ints[1], fl[1], ints[3],
                                 fl[2], ints[5], fl[3], fl[4]]
    m = t.op(rop.CALL_F, args, CallDescr([FLOAT, INT, FLOAT, INT, FLOAT, INT, FLOAT, FLOAT],
                                         FLOAT, False, False))
    sc = t.op(rop.CALL_F, [ConstInt(FUNCTIONS.scale), ints[2], fl[1]],
              CallDescr([INT, FLOAT], FLOAT, False, False))
    f10 = t.op(rop.CALL_F, [ConstInt(FUNCTIONS.fsum10), fl[0], fl[1], fl[2], fl[3], fl[4],
                            fl[4], fl[3], fl[2], fl[1], fl[0]],
               CallDescr([FLOAT] * 10, FLOAT, False, False))
    t.finish([s6, m, sc, f10])
    iv = [3, -1, 7, 100, 55, -5]
    fv = [0.5, -1.0, 2.0, 0.25, 8.0]
    try:
        token = run.compile(t)
    except BackendError as e:
        write("refused stack calls: " + e.message)
        return
    dead = run.cpu.execute_token(token, iv, [], fv)
    want = (str(sum6(iv[0], iv[1], iv[2], iv[3], iv[4], iv[5])) + " "
            + float_text(mixed(fv[0], iv[1], fv[1], iv[3], fv[2], iv[5], fv[3], fv[4]))
            + " " + float_text(scale(iv[2], fv[1])) + " "
            + float_text(fsum10(fv[0], fv[1], fv[2], fv[3], fv[4], fv[4], fv[3], fv[2], fv[1],
                                fv[0])))
    got = dead_text(run.cpu, dead)
    if got == want:
        write("ok stack calls")
    else:
        run.failures += 1
        write("FAIL stack calls: [" + got + "] want [" + want + "]")


def pressure(run: Runner) -> None:
    """More floats than vldr reaches from the frame register (slot 127) and many ints."""
    t = Trace()
    a = t.input(INT)
    x = t.input(FLOAT)
    ints: list[AbstractValue] = []
    fl: list[AbstractValue] = []
    for k in range(40):
        ints.append(t.op(rop.INT_MUL, [a, ConstInt(k + 2)], None))
    for k in range(150):
        fl.append(t.op(rop.FLOAT_MUL, [x, ConstFloat(k + 0.5)], None))
    total: AbstractValue = ints[0]
    for v in ints[1:]:
        total = t.op(rop.INT_XOR, [total, v], None)
    ftotal: AbstractValue = fl[0]
    for v in fl[1:]:
        ftotal = t.op(rop.FLOAT_SUB, [v, ftotal], None)
    t.guard(rop.GUARD_VALUE, [total, ConstInt(0)], ints + fl)
    t.finish([total, ftotal] + fl)
    for value in [0, 3, -100000]:
        run.check("register pressure", t, [value], [], [1.5], 0)


def long_trace(run: Runner) -> None:
    """Hundreds of large constants (literal pools on ARMv5, emitted among the code with a
    branch around them once the first pending load is 2 KB behind, and among the exit
    stubs, which load large constants into the exit slots)."""
    t = Trace()
    v = t.input(INT)
    w = t.input(INT)
    value: AbstractValue = v
    for k in range(700):
        big = intmask(0x12345678 + k * 0x01010101)
        value = t.op(rop.INT_XOR, [value, ConstInt(big)], None)
        if k % 70 == 69:
            cond = t.op(rop.INT_NE, [value, w], None)
            t.guard(rop.GUARD_TRUE, [cond], [value, ConstInt(intmask(big * 3)),
                                             ConstInt(-0x789ABCDF), v])
    t.finish([value, ConstInt(0x13579BDF)])
    run.check("long trace", t, [5, 1], [], [], 0)
    first_guard = 5
    for k in range(70):
        first_guard ^= intmask(0x12345678 + k * 0x01010101)
    run.check("long trace failing", t, [5, first_guard], [], [], 0)


def too_deep(run: Runner) -> None:
    """600 values live at once need slots beyond what ldr reaches from the frame
    register (511): a BackendError, not broken code."""
    t = Trace()
    a = t.input(INT)
    values: list[AbstractValue] = []
    for k in range(600):
        values.append(t.op(rop.INT_ADD, [a, ConstInt(k)], None))
    t.finish(values)
    try:
        run.cpu.free_loop(run.compile(t))
    except BackendError as e:
        write("ok too deep: " + e.message)
        return
    run.failures += 1
    write("FAIL too deep: compiled")


def loops_and_bridges(run: Runner) -> None:
    loop = Trace()
    n = loop.input(INT)
    acc = loop.input(INT)
    tok = TargetToken(3)
    k = loop.op(rop.INT_MUL, [n, ConstInt(3)], None)
    loop.op(rop.LABEL, [n, acc], tok)
    odd = loop.op(rop.INT_AND, [n, ConstInt(1)], None)
    odd_guard = loop.guard(rop.GUARD_FALSE, [odd], [n, acc, k])
    acc2 = loop.op(rop.INT_ADD, [acc, n], None)
    n2 = loop.op(rop.INT_SUB, [n, ConstInt(1)], None)
    loop.guard(rop.GUARD_TRUE, [loop.op(rop.INT_GT, [n2, ConstInt(0)], None)], [acc2, k])
    loop.op(rop.JUMP, [n2, acc2], tok)
    run.check("loop", loop, [10, 0], [], [], 0)
    token = run.compile(loop)
    bridge = Trace()
    bn = bridge.input(INT)
    bacc = bridge.input(INT)
    bridge.input(INT)
    twice = bridge.op(rop.INT_ADD, [bacc, bridge.op(rop.INT_MUL, [bn, ConstInt(2)], None)],
                      None)
    bn2 = bridge.op(rop.INT_SUB, [bn, ConstInt(1)], None)
    bridge.guard(rop.GUARD_TRUE, [bridge.op(rop.INT_GT, [bn2, ConstInt(0)], None)], [twice])
    bridge.op(rop.JUMP, [bn2, twice], tok)
    run.cpu.compile_bridge(odd_guard.descr, bridge.inputargs, bridge.ops, token)
    for start in [10, 9, 1, 1000]:
        dead = run.cpu.execute_token(token, [start, 0], [], [])
        want = 0
        for i in range(1, start + 1):
            want += i * (2 if i % 2 else 1)
        got = dead_text(run.cpu, dead)
        if run.cpu.get_int_value(dead, 0) == want:
            write("ok bridge " + str(start))
        else:
            run.failures += 1
            write("FAIL bridge " + str(start) + ": " + got + " want " + str(want))
    run.cpu.free_loop(token)


def allocation(run: Runner) -> None:
    t = Trace()
    n = t.input(INT)
    v = t.input(INT)
    keep = t.op(rop.INT_ADD, [n, v], None)
    obj = t.op(rop.NEW, [], SizeDescr(16, 0))
    field = FieldDescr("x", 4, 4, True, INT, False)
    t.op(rop.SETFIELD_GC, [obj, v], field)
    vobj = t.op(rop.NEW_WITH_VTABLE, [], SizeDescr(12, 0x12345678))
    arr = ArrayDescr(8, 2, 4, True, INT)
    array = t.op(rop.NEW_ARRAY, [n], arr)
    const_array = t.op(rop.NEW_ARRAY, [ConstInt(5)], arr)
    t.op(rop.SETARRAYITEM_GC, [array, ConstInt(0), keep], arr)
    out: list[AbstractValue] = [
        t.op(rop.GETFIELD_GC_I, [obj], field),
        t.op(rop.GETFIELD_GC_I, [obj], FieldDescr("z", 8, 4, True, INT, False)),
        t.op(rop.GETFIELD_GC_I, [vobj], FieldDescr("typeptr", 0, 4, False, INT, False)),
        t.op(rop.ARRAYLEN_GC, [array], arr), t.op(rop.ARRAYLEN_GC, [const_array], arr),
        t.op(rop.GETARRAYITEM_GC_I, [array, ConstInt(0)], arr),
        t.op(rop.GETARRAYITEM_GC_I, [const_array, ConstInt(4)], arr), keep, n]
    t.finish(out)
    for length in [1, 3, 100]:
        run.check("allocation", t, [length, -9], [], [], 0)


def guards(run: Runner) -> None:
    vtable = 0x5000
    t = Trace()
    i = t.input(INT)
    p = t.input(REF)
    fail: list[AbstractValue] = [i, p, ConstInt(-4), ConstPtr(0x1234)]
    t.guard(rop.GUARD_TRUE, [i], fail)
    t.guard(rop.GUARD_FALSE, [t.op(rop.INT_EQ, [i, ConstInt(5)], None)], fail)
    t.guard(rop.GUARD_VALUE, [i, ConstInt(7)], fail)
    t.guard(rop.GUARD_NONNULL, [p], fail)
    t.guard(rop.GUARD_CLASS, [p, ConstInt(vtable)], fail)
    q = t.op(rop.GETFIELD_GC_R, [p], FieldDescr("next", 4, 4, False, REF, False))
    t.guard(rop.GUARD_ISNULL, [q], [q, i])
    # It never fails; its descr is the optimizer's kind, which the executor reads.
    t.guard(rop.GUARD_NO_EXCEPTION, [], fail).descr = ResumeGuardDescr()
    t.guard(rop.GUARD_CLASS, [p, ConstInt(0x12345678)], fail)
    t.finish([i])
    buf = run.memory.address
    for value in [0, 5, 8, 7]:
        run.check("guards", t, [value], [buf], [], 0)


def entry_point(argv: list[str]) -> int:
    cpu = CPU_ARM(malloc_function_address(), argv[1])
    run = Runner(cpu)
    # The traces call these through their addresses; the program must reach them too.
    write("functions " + str(sub3(5, 1)) + " " + str(halve(3.0)))
    int_ops(run)
    overflow(run)
    memory(run)
    guards(run)
    floats(run)
    unaligned_raw_floats(run)
    calls(run)
    stack_calls(run)
    pressure(run)
    long_trace(run)
    too_deep(run)
    loops_and_bridges(run)
    allocation(run)
    for seed in range(int(argv[2])):
        random_trace(run, seed)
    write("failures " + str(run.failures))
    return 0
