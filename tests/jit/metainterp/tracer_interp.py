"""A toy interpreter written directly as a portal jitcode, for the tracer, resume and
warm-state tests (untranslated and translated: this module is subset code apart from
the builder, which runs at import time).

Its program is a linked list of instruction blocks in raw memory (immutable fields, so
the tracer folds everything about the current instruction once it is a green
constant).  Greens: the instruction (a ref).  Reds: acc (int), cnt (int), cur (a ref
to one of two objects with different vtables) and f (a float).

    ADD a      acc += a
    DJNZ t     if cnt: cnt -= 1, jump to t       (guard_true/guard_false)
    HALT       return acc + (f > 1.0)
    MULOVF a   acc *= a; on overflow acc = (acc & 0xffff) + 1   (guard_(no_)overflow)
    CALL       acc = SUB3(acc, cnt) = acc * 3 - cnt               (a residual call)
    PROMOTE    acc += promote(cnt & 3)                            (guard_value)
    BOX        o = new Box(3 * acc); if acc & 1: acc += 7; acc += o.val  (a virtual)
    CLASS      acc += 1 if class(cur) is A else 2; cur = cur.other   (guard_class)
    FADD       f = f * 0.5 + float(acc & 7)                       (floats)
    INLINE     acc = helper(acc, cnt): acc - 1 if cnt is odd, else acc + cnt
               (an inlined jitcode with a guard inside: two frames to resume)
    TABLE a    acc += table[(a + cnt) & 3], table = [3, 1, 4, 1, 5] (an array the
               instruction points to: its length folds when its descr says it is
               immutable, not the item at a varying index)
    TRY        try: acc = RAISING(acc, cnt) except: acc += 1000   (a residual call that
               may raise: the C function at the address given to build_portal)
"""

from __future__ import annotations

from jit.codewriter.callshapes import CallShapes
from jit.codewriter.jitcode import (JitCode, JitCodeBuilder, JitCodeSet, JitDriverInfo,
                                    next_pc)
from jit.metainterp.blackhole import BlackholeFrame, BlackholeInterpreter, BlackholeOutput
from jit.metainterp.counters import green_hash
from jit.metainterp.jitdriver import JitDriverStaticData
from jit.metainterp.resoperation import (FLOAT, INT, REF, AbstractDescr, ArrayDescr,
                                         CallDescr, FieldDescr, SizeDescr)
from jit.metainterp.warmstate import jit_merge_point_reached
from toolchain.rlib.rawmem import WORD, FuncSig, raw_malloc, raw_store_word

ADD, DJNZ, HALT, MULOVF, CALL, PROMOTE, BOX, CLASS, FADD, INLINE, TABLE, TRY = range(12)
NAMES = ["ADD", "DJNZ", "HALT", "MULOVF", "CALL", "PROMOTE", "BOX", "CLASS", "FADD",
         "INLINE", "TABLE", "TRY"]

VT_A = 0x1111
VT_B = 0x2222

F_OP = FieldDescr("Instr.op", 0, 8, True, INT, True)
F_ARG = FieldDescr("Instr.arg", 8, 8, True, INT, True)
F_NEXT = FieldDescr("Instr.next", 16, 8, False, REF, True)
F_TARGET = FieldDescr("Instr.target", 24, 8, False, REF, True)
F_OTHER = FieldDescr("Obj.other", 8, 8, False, REF, False)
S_BOX = SizeDescr(16, 0)
F_VAL = FieldDescr("Box.val", 8, 8, True, INT, False)
C_SUB3 = CallDescr([INT, INT], INT, False, False)
C_RAISING = CallDescr([INT, INT], INT, True, False)
F_TABLE = FieldDescr("Instr.table", 32, 8, False, REF, True)
D_OP, D_ARG, D_NEXT, D_TARGET, D_OTHER, D_BOX, D_VAL, D_SUB3, D_TABLE, D_ARRAY = range(10)
D_RAISING = 10
TABLE_ITEMS = [3, 1, 4, 1, 5]

SIG_WW_W = FuncSig([WORD, WORD], WORD)


class Shapes(CallShapes):
    """The one call shape of the toy: (word, word) -> word."""

    def do_call_i(self, shape: int, addr: int, ints: list[int], floats: list[float]) -> int:
        return SIG_WW_W.call(addr, ints[0], ints[1])

    def do_call_f(self, shape: int, addr: int, ints: list[int],
                  floats: list[float]) -> float:
        return 0.0

    def do_call_v(self, shape: int, addr: int, ints: list[int], floats: list[float]) -> None:
        SIG_WW_W.call(addr, ints[0], ints[1])


def build_portal(sub3_address: int, immutable_table: bool = True,
                 raising_address: int = 0) -> JitCodeSet:
    """The portal: registers i0 acc, i1 cnt, i2 op, i3 i4 temporaries, i5 arg; r0 the
    instruction, r1 cur, r2 a box; f0 f, f1 a temporary."""
    b = JitCodeBuilder("toy_portal", 6, 3, 2)
    top = b.new_label()
    b.mark(top)
    merge_point_pc = b.emit("jit_merge_point", [], [0], [], [0, 1], [1], [0])
    b.emit("getfield_gc_i", 0, D_OP, 2)
    for opcode in range(len(NAMES)):
        skip = b.new_label()
        b.emit("int_eq", 2, b.const_i(opcode), 3)
        b.emit("goto_if_not", 3, skip)
        _body(b, opcode, top, sub3_address, raising_address)
        b.mark(skip)
    b.emit("int_return", 0)
    portal = b.finish()
    info = JitDriverInfo("toy", portal, merge_point_pc, [REF], [0], [INT, INT, REF, FLOAT],
                         [0, 1, 1, 0], -1)
    # The table: its length word, then the items.
    table = ArrayDescr(8, 8, 0, True, INT, immutable_table)
    descrs: list[AbstractDescr] = [F_OP, F_ARG, F_NEXT, F_TARGET, F_OTHER, S_BOX, F_VAL,
                                   C_SUB3, F_TABLE, table, C_RAISING]
    return JitCodeSet([portal, build_helper()], descrs, [info],
                      [-1, -1, -1, -1, -1, -1, -1, 0, -1, -1, 0])


def build_helper() -> JitCode:
    b = JitCodeBuilder("toy_helper", 3, 0, 0)
    even = b.new_label()
    # b is read only where the branch jumps to: liveness must follow the jump.
    b.emit("int_and", 1, b.const_i(1), 2)
    b.emit("goto_if_not", 2, even)
    b.emit("int_sub", 0, b.const_i(1), 2)
    b.emit("int_return", 2)
    b.mark(even)
    b.emit("int_add", 0, 1, 2)
    b.emit("int_return", 2)
    return b.finish()


def _next(b: JitCodeBuilder, top: object) -> None:
    b.emit("getfield_gc_r", 0, D_NEXT, 0)
    b.emit("goto", top)


def _body(b: JitCodeBuilder, opcode: int, top: object, sub3_address: int,
          raising_address: int) -> None:
    if opcode == ADD:
        b.emit("getfield_gc_i", 0, D_ARG, 5)
        b.emit("int_add", 0, 5, 0)
        _next(b, top)
    elif opcode == DJNZ:
        zero = b.new_label()
        b.emit("goto_if_not", 1, zero)
        b.emit("int_sub", 1, b.const_i(1), 1)
        b.emit("getfield_gc_r", 0, D_TARGET, 0)
        b.emit("goto", top)
        b.mark(zero)
        _next(b, top)
    elif opcode == HALT:
        # (Not cast_float_to_int: translated, the executor's range check computes
        # 1 << 63, which wraps, and rejects every value.)
        b.emit("float_gt", 0, b.const_f(1.0), 3)
        b.emit("int_add", 0, 3, 3)
        b.emit("int_return", 3)
    elif opcode == MULOVF:
        overflow = b.new_label()
        b.emit("getfield_gc_i", 0, D_ARG, 5)
        b.emit("int_mul_jump_if_ovf", overflow, 0, 5, 3)
        b.emit("int_copy", 3, 0)
        _next(b, top)
        b.mark(overflow)
        b.emit("int_and", 0, b.const_i(0xFFFF), 0)
        b.emit("int_add", 0, b.const_i(1), 0)
        _next(b, top)
    elif opcode == CALL:
        b.emit("residual_call_i", b.const_i(sub3_address), D_SUB3, [0, 1], [], [], 0)
        _next(b, top)
    elif opcode == PROMOTE:
        b.emit("int_and", 1, b.const_i(3), 3)
        b.emit("promote_i", 3, 3)
        b.emit("int_add", 0, 3, 0)
        _next(b, top)
    elif opcode == BOX:
        even = b.new_label()
        # The field's value and the 7 live across the guard only in the virtual and in
        # a register holding a constant: resuming must rebuild both.
        b.emit("new", D_BOX, 2)
        b.emit("int_mul", 0, b.const_i(3), 4)
        b.emit("setfield_gc_i", 2, 4, D_VAL)
        b.emit("int_copy", b.const_i(7), 5)
        b.emit("int_and", 0, b.const_i(1), 4)
        b.emit("goto_if_not", 4, even)
        b.emit("int_add", 0, 5, 0)
        b.mark(even)
        b.emit("getfield_gc_i", 2, D_VAL, 4)
        b.emit("int_add", 0, 4, 0)
        _next(b, top)
    elif opcode == CLASS:
        other = b.new_label()
        done = b.new_label()
        b.emit("guard_class", 1, 3)
        b.emit("int_eq", 3, b.const_i(VT_A), 4)
        b.emit("goto_if_not", 4, other)
        b.emit("int_add", 0, b.const_i(1), 0)
        b.emit("goto", done)
        b.mark(other)
        b.emit("int_add", 0, b.const_i(2), 0)
        b.mark(done)
        b.emit("getfield_gc_r", 1, D_OTHER, 1)
        _next(b, top)
    elif opcode == INLINE:
        b.emit("inline_call_i", 1, [0, 1], [], [], 0)
        _next(b, top)
    elif opcode == TRY:
        handler = b.new_label()
        b.emit("residual_call_i", b.const_i(raising_address), D_RAISING, [0, 1], [], [], 3)
        b.emit("catch_exception", handler)
        b.emit("int_copy", 3, 0)
        _next(b, top)
        b.mark(handler)
        b.emit("last_exc_value", 2)
        b.emit("int_add", 0, b.const_i(1000), 0)
        _next(b, top)
    elif opcode == TABLE:
        b.emit("getfield_gc_r", 0, D_TABLE, 2)
        b.emit("arraylen_gc", 2, D_ARRAY, 3)
        b.emit("getfield_gc_i", 0, D_ARG, 5)
        b.emit("int_add", 5, 1, 5)
        b.emit("int_and", 5, b.const_i(3), 5)
        b.emit("int_lt", 5, 3, 4)
        b.emit("goto_if_not", 4, top)             # (never: the arg is in range)
        b.emit("getarrayitem_gc_i", 2, 5, D_ARRAY, 4)
        b.emit("int_add", 0, 4, 0)
        _next(b, top)
    else:
        b.emit("float_mul", 0, b.const_f(0.5), 1)
        b.emit("int_and", 0, b.const_i(7), 3)
        b.emit("cast_int_to_float", 3, 0)
        b.emit("float_add", 1, 0, 0)
        _next(b, top)


# -- running it (subset code) ---------------------------------------------------------

def make_program(ops: list[int], args: list[int]) -> int:
    """Instruction blocks linked in order; a DJNZ's arg is its target's index."""
    blocks: list[int] = []
    for _ in range(len(ops)):
        blocks.append(raw_malloc(40))
    table = raw_malloc(8 * (len(TABLE_ITEMS) + 1))
    raw_store_word(table, 0, len(TABLE_ITEMS))
    for i in range(len(TABLE_ITEMS)):
        raw_store_word(table, 8 * (i + 1), TABLE_ITEMS[i])
    for i in range(len(ops)):
        raw_store_word(blocks[i], 32, table)
        raw_store_word(blocks[i], 0, ops[i])
        raw_store_word(blocks[i], 8, args[i])
        if i + 1 < len(ops):
            raw_store_word(blocks[i], 16, blocks[i + 1])
        if ops[i] == DJNZ:
            raw_store_word(blocks[i], 24, blocks[args[i]])
    return blocks[0]


def make_objects() -> int:
    """Two objects of classes A and B pointing at each other; returns A."""
    a = raw_malloc(16)
    b = raw_malloc(16)
    raw_store_word(a, 0, VT_A)
    raw_store_word(b, 0, VT_B)
    raw_store_word(a, 8, b)
    raw_store_word(b, 8, a)
    return a


def interpret(sd: JitDriverStaticData, interp: BlackholeInterpreter, program: int,
              acc: int, cnt: int, cur: int, f: float, jit: bool) -> int:
    """What a translated interpreter with this portal does: run the portal's body from
    merge point to merge point, calling the JIT's hook at each when `jit` is on.  With
    it off, this is the oracle: the jitcode alone, in the blackhole."""
    ints = [acc, cnt]
    refs = [program, cur]
    floats = [f]
    portal = sd.info.portal
    start = next_pc(portal.code, sd.info.merge_point_pc)
    out = BlackholeOutput()
    entry = True        # the first arrival comes from the portal's start
    while True:
        if jit:
            sd.in_i[0] = ints[0]
            sd.in_i[1] = ints[1]
            sd.in_r[0] = refs[0]
            sd.in_r[1] = refs[1]
            sd.in_f[0] = floats[0]
            status = jit_merge_point_reached(sd, green_hash(sd.info.green_kinds, sd.in_i,
                                                            sd.in_r), entry)
            if status == 2:
                return sd.result_i
            if status == 1:
                ints = sd.out_i
                refs = sd.out_r
                floats = sd.out_f
        entry = False
        frame = BlackholeFrame(portal)
        frame.pc = start
        frame.set_i(0, ints[0])
        frame.set_i(1, ints[1])
        frame.set_r(0, refs[0])
        frame.set_r(1, refs[1])
        frame.set_f(0, floats[0])
        if interp.run([frame], out) == 2:
            return out.result_i
        ints = out.out_i
        refs = out.out_r
        floats = out.out_f


def run_portal(sd: JitDriverStaticData, interp: BlackholeInterpreter, args_i: list[int],
               args_r: list[int], args_f: list[float], jit: bool) -> int:
    """Any portal jitcode, called with these arguments, as the woven interpreter runs
    it: the blackhole between merge points, the JIT's hook at each when `jit` is on."""
    portal = sd.info.portal
    code = portal.code
    out = BlackholeOutput()
    first = BlackholeFrame(portal)
    for k in range(len(args_i)):
        first.set_i(k, args_i[k])
    for k in range(len(args_r)):
        first.set_r(k, args_r[k])
    for k in range(len(args_f)):
        first.set_f(k, args_f[k])
    status = interp.run([first], out)
    ints = out.out_i
    refs = out.out_r
    floats = out.out_f
    entry = True
    while status == 1:
        if jit:
            for k in range(len(ints)):
                sd.in_i[k] = ints[k]
            for k in range(len(refs)):
                sd.in_r[k] = refs[k]
            for k in range(len(floats)):
                sd.in_f[k] = floats[k]
            status = jit_merge_point_reached(sd, green_hash(sd.info.green_kinds, sd.in_i,
                                                            sd.in_r), entry)
            if status == 2:
                return sd.result_i
            if status == 1:
                ints = sd.out_i
                refs = sd.out_r
                floats = sd.out_f
        entry = False
        frame = BlackholeFrame(portal)
        frame.pc = next_pc(code, sd.info.merge_point_pc)
        # The merge point's operands, greens then reds of each kind: the registers to
        # reload, in the order of the in_*/out_* values.
        pos = sd.info.merge_point_pc + 1
        counts = [0, 0, 0]
        for _ in range(2):
            for kind in range(3):
                for m in range(code[pos]):
                    n = code[pos + 1 + m]
                    index = counts[kind]
                    counts[kind] += 1
                    if kind == INT and n < portal.num_regs_i:
                        frame.set_i(n, ints[index])
                    elif kind == REF and n < portal.num_regs_r:
                        frame.set_r(n, refs[index])
                    elif kind == FLOAT and n < portal.num_regs_f:
                        frame.set_f(n, floats[index])
                pos += 1 + code[pos]
        status = interp.run([frame], out)
        ints = out.out_i
        refs = out.out_r
        floats = out.out_f
    return out.result_i
