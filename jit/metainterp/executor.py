"""The reference executor: runs a trace on concrete values, in plain code.

It is the oracle the optimizer and the backends are tested against, and it defines what
each operation means: ints are machine words (wrapping), refs are addresses, memory is
raw memory (`toolchain.rlib.rawmem`) at address + descr offset, a residual call raises
by leaving its exception in the runtime's word (`rawmem.exception_address()`), which
GUARD_NO_EXCEPTION tests, and a failing guard stops the run.  Written in the subset;
runs on CPython and translated.

Entry point: `execute_trace(inputargs, operations, ints, refs, floats) -> ExecResult`,
where `ints`, `refs` and `floats` feed the inputargs of each kind in order.  The pure
operations are also exposed one by one (`eval_int_unary`, `eval_int_binary`, ...) so that
the optimizer folds constants with exactly these semantics.
"""

from __future__ import annotations

from jit.metainterp import resoperation as rop
from jit.metainterp.resoperation import (
    AbstractValue, ArrayDescr, CallDescr, ConstFloat, ConstInt, ConstPtr, FieldDescr,
    InputArg, ResOperation, SizeDescr,
)
from jit.optimizer.resumedescr import ResumeGuardDescr
from toolchain.rlib.rarithmetic import intmask, ovfcheck
from toolchain.rlib.rawmem import (
    DOUBLE, WORD, FuncSig, exception_address, raw_load_byte, raw_load_double, raw_load_word, raw_malloc,
    raw_store_byte, raw_store_double, raw_store_word,
)


class ExecError(Exception):
    """The trace is not well formed, or asks for something with no defined result."""

    def __init__(self, message: str) -> None:
        self.message = message


class ExecResult:
    """How a run ended: `guard` is the failing guard, or None when FINISH was reached.
    `ints`, `refs`, `floats` are the values of the guard's fail_args (its original slots,
    virtuals materialised) or of FINISH's args, split by kind, each in order; `exception`
    is the exception the last residual call raised (see `take_exception`)."""

    def __init__(self, guard: ResOperation | None) -> None:
        self.guard = guard
        self.ints: list[int] = []
        self.refs: list[int] = []
        self.floats: list[float] = []
        # What the last residual call left in the runtime's exception word (0: none),
        # as compiled code would find it there when leaving by the same exit.
        self.exception = 0


def word_bits() -> int:
    """The machine word's width, found at run time: translated for a 32-bit target, a
    constant computed on the 64-bit host would lie (and so would a value cached in a
    prebuilt object, which translation freezes as it was on the host)."""
    half = 1 << 30
    return 32 if intmask(half + half) < 0 else 64


INF = 1e308 * 10.0
NAN = INF - INF


# -- pure operations ----------------------------------------------------------------------

def eval_int_unary(opnum: int, a: int) -> int:
    if opnum == rop.INT_NEG:
        return intmask(-a)
    if opnum == rop.INT_INVERT:
        return ~a
    if opnum == rop.INT_IS_TRUE:
        return 1 if a != 0 else 0
    if opnum == rop.INT_IS_ZERO:
        return 1 if a == 0 else 0
    if opnum == rop.SAME_AS_I or opnum == rop.SAME_AS_R:
        return a
    raise ExecError("not an int unary operation: " + rop.OPNAMES[opnum])


def _word_min() -> int:
    # Flipping the sign bit maps unsigned order onto signed order.
    return -(1 << (word_bits() - 1))


def _check_shift(b: int) -> None:
    if b < 0 or b >= word_bits():
        raise ExecError("shift count " + str(b) + " outside 0.." + str(word_bits() - 1))


def eval_int_binary(opnum: int, a: int, b: int) -> int:
    if opnum == rop.INT_ADD:
        return intmask(a + b)
    if opnum == rop.INT_SUB:
        return intmask(a - b)
    if opnum == rop.INT_MUL:
        return intmask(a * b)
    if opnum == rop.INT_AND:
        return a & b
    if opnum == rop.INT_OR:
        return a | b
    if opnum == rop.INT_XOR:
        return a ^ b
    if opnum == rop.INT_LSHIFT:
        _check_shift(b)
        return intmask(a << b)
    if opnum == rop.INT_RSHIFT:
        _check_shift(b)
        return a >> b
    if opnum == rop.UINT_RSHIFT:
        _check_shift(b)
        if b == 0:
            return a
        # The arithmetic shift, with the copies of the sign bit masked off.
        return (a >> b) & ((1 << (word_bits() - b)) - 1)
    if opnum == rop.INT_LT:
        return 1 if a < b else 0
    if opnum == rop.INT_LE:
        return 1 if a <= b else 0
    if opnum == rop.INT_EQ or opnum == rop.PTR_EQ:
        return 1 if a == b else 0
    if opnum == rop.INT_NE or opnum == rop.PTR_NE:
        return 1 if a != b else 0
    if opnum == rop.INT_GT:
        return 1 if a > b else 0
    if opnum == rop.INT_GE:
        return 1 if a >= b else 0
    if opnum == rop.UINT_LT:
        return 1 if (a ^ _word_min()) < (b ^ _word_min()) else 0
    if opnum == rop.UINT_GE:
        return 1 if (a ^ _word_min()) >= (b ^ _word_min()) else 0
    raise ExecError("not an int binary operation: " + rop.OPNAMES[opnum])


def int_overflows(opnum: int, a: int, b: int) -> bool:
    """Whether the _OVF operation overflows the signed word (its result is then wrapped)."""
    try:
        if opnum == rop.INT_ADD_OVF:
            ovfcheck(a + b)
        elif opnum == rop.INT_SUB_OVF:
            ovfcheck(a - b)
        else:
            ovfcheck(a * b)
    except OverflowError:
        return True
    return False


def ovf_base(opnum: int) -> int:
    """The wrapping operation behind an _OVF one."""
    if opnum == rop.INT_ADD_OVF:
        return rop.INT_ADD
    if opnum == rop.INT_SUB_OVF:
        return rop.INT_SUB
    return rop.INT_MUL


def _is_negative_zero(x: float) -> bool:
    # repr keeps the sign of zero, which no comparison can see.
    return x == 0.0 and repr(x)[0] == "-"


def float_divide(a: float, b: float) -> float:
    """IEEE division: what the machine does, where the subset would raise."""
    if b != 0.0:
        return a / b
    if a != a or a == 0.0:
        return NAN
    if (a > 0.0) != _is_negative_zero(b):
        return INF
    return -INF


def eval_float_binary(opnum: int, a: float, b: float) -> float:
    if opnum == rop.FLOAT_ADD:
        return a + b
    if opnum == rop.FLOAT_SUB:
        return a - b
    if opnum == rop.FLOAT_MUL:
        return a * b
    if opnum == rop.FLOAT_TRUEDIV:
        return float_divide(a, b)
    raise ExecError("not a float binary operation: " + rop.OPNAMES[opnum])


def eval_float_unary(opnum: int, a: float) -> float:
    if opnum == rop.FLOAT_NEG:
        return -a
    if opnum == rop.FLOAT_ABS:
        return -a if a < 0.0 or _is_negative_zero(a) else a
    if opnum == rop.SAME_AS_F:
        return a
    raise ExecError("not a float unary operation: " + rop.OPNAMES[opnum])


def eval_float_compare(opnum: int, a: float, b: float) -> int:
    if opnum == rop.FLOAT_LT:
        return 1 if a < b else 0
    if opnum == rop.FLOAT_LE:
        return 1 if a <= b else 0
    if opnum == rop.FLOAT_EQ:
        return 1 if a == b else 0
    if opnum == rop.FLOAT_NE:
        return 1 if a != b else 0
    if opnum == rop.FLOAT_GT:
        return 1 if a > b else 0
    if opnum == rop.FLOAT_GE:
        return 1 if a >= b else 0
    raise ExecError("not a float comparison: " + rop.OPNAMES[opnum])


def cast_float_to_int(a: float) -> int:
    # 2**(bits-1) as a float without forming it as a word (which wraps negative
    # translated on 32-bit targets)
    limit = float(1 << (word_bits() - 2)) * 2.0
    if not (-limit <= a < limit):
        raise ExecError("cast_float_to_int of " + repr(a) + " does not fit a word")
    return int(a)


def is_float_compare(opnum: int) -> bool:
    return rop.FLOAT_LT <= opnum <= rop.FLOAT_GE


def is_int_unary(opnum: int) -> bool:
    return (opnum == rop.INT_NEG or opnum == rop.INT_INVERT or opnum == rop.INT_IS_TRUE
            or opnum == rop.INT_IS_ZERO or opnum == rop.SAME_AS_I or opnum == rop.SAME_AS_R)


def is_int_binary(opnum: int) -> bool:
    """The pure two-int operations (pointer comparisons included)."""
    return ((rop.INT_ADD <= opnum <= rop.INT_GE and not is_int_unary(opnum))
            or opnum == rop.UINT_LT or opnum == rop.UINT_GE
            or opnum == rop.PTR_EQ or opnum == rop.PTR_NE)


def is_ovf(opnum: int) -> bool:
    return rop.INT_ADD_OVF <= opnum <= rop.INT_MUL_OVF


# -- memory -------------------------------------------------------------------------------

def load_int(address: int, offset: int, size: int, signed: bool) -> int:
    """A `size`-byte integer, sign- or zero-extended to a word."""
    if size * 8 == word_bits():
        return raw_load_word(address, offset)
    if size > 4 or size * 8 > word_bits():
        raise ExecError("no " + str(size) + "-byte integers on this target")
    value = 0
    for i in range(size):
        value |= raw_load_byte(address, offset + i) << (8 * i)
    if signed and value >= 1 << (8 * size - 1):
        value -= 1 << (8 * size)
    return value


def store_int(address: int, offset: int, size: int, value: int) -> None:
    if size * 8 == word_bits():
        raw_store_word(address, offset, value)
        return
    if size > 4 or size * 8 > word_bits():
        raise ExecError("no " + str(size) + "-byte integers on this target")
    for i in range(size):
        raw_store_byte(address, offset + i, (value >> (8 * i)) & 0xFF)


def field_descr(op: ResOperation) -> FieldDescr:
    descr = op.descr
    if not isinstance(descr, FieldDescr):
        raise ExecError(op.opname() + " needs a FieldDescr")
    return descr


def array_descr(op: ResOperation) -> ArrayDescr:
    descr = op.descr
    if not isinstance(descr, ArrayDescr):
        raise ExecError(op.opname() + " needs an ArrayDescr")
    return descr


def size_descr(op: ResOperation) -> SizeDescr:
    descr = op.descr
    if not isinstance(descr, SizeDescr):
        raise ExecError(op.opname() + " needs a SizeDescr")
    return descr


def truncate_to_field(value: int, size: int, signed: bool) -> int:
    """What a `size`-byte field gives back after `value` was stored in it."""
    if size * 8 >= word_bits():
        return value
    bits = 8 * size
    value &= (1 << bits) - 1
    if signed and value >= 1 << (bits - 1):
        value -= 1 << bits
    return value


# -- calls --------------------------------------------------------------------------------
# One FuncSig per signature shape (translated, each is a C function pointer type).  Ints
# and refs travel as words, floats as doubles; a void result is read as a word and dropped.

SIG_W_W0 = FuncSig([], WORD)
SIG_W_W1 = FuncSig([WORD], WORD)
SIG_W_W2 = FuncSig([WORD, WORD], WORD)
SIG_W_W3 = FuncSig([WORD, WORD, WORD], WORD)
SIG_W_W4 = FuncSig([WORD, WORD, WORD, WORD], WORD)
SIG_W_D0 = FuncSig([], DOUBLE)
SIG_W_D1 = FuncSig([WORD], DOUBLE)
SIG_W_D2 = FuncSig([WORD, WORD], DOUBLE)
SIG_D_D1 = FuncSig([DOUBLE], DOUBLE)
SIG_D_D2 = FuncSig([DOUBLE, DOUBLE], DOUBLE)
SIG_D_W1 = FuncSig([DOUBLE], WORD)
SIG_D_W2 = FuncSig([DOUBLE, DOUBLE], WORD)


def _shape(descr: CallDescr) -> str:
    text = ""
    for kind in descr.arg_kinds:
        text += "d" if kind == rop.FLOAT else "w"
    return text


class _Frame:
    """The current value of every input argument and operation, by identity."""

    def __init__(self) -> None:
        self.words: dict[AbstractValue, int] = {}
        self.doubles: dict[AbstractValue, float] = {}
        self.overflowed = False
        self.exception = 0      # what the last residual call raised (take_exception)

    def word(self, value: AbstractValue) -> int:
        if isinstance(value, ConstInt):
            return value.value
        if isinstance(value, ConstPtr):
            return value.value
        if value not in self.words:
            raise ExecError("value used before it is defined: " + value.repr_short())
        return self.words[value]

    def double(self, value: AbstractValue) -> float:
        if isinstance(value, ConstFloat):
            return value.value
        if value not in self.doubles:
            raise ExecError("value used before it is defined: " + value.repr_short())
        return self.doubles[value]

    def set_word(self, op: AbstractValue, value: int) -> None:
        self.words[op] = value

    def set_double(self, op: AbstractValue, value: float) -> None:
        self.doubles[op] = value

    def copy_value(self, source: AbstractValue, target: AbstractValue) -> None:
        if source.kind == rop.FLOAT:
            self.doubles[target] = self.double(source)
        else:
            self.words[target] = self.word(source)


def take_exception() -> int:
    """The exception a residual call left in the runtime's word (0: none), cleared.

    The executor takes it right after each call, where compiled code only tests the word:
    translated, a pending exception would be taken for its own by the next check in the
    executor's code (which can raise ExecError), and propagated from there."""
    address = exception_address()
    value = raw_load_word(address, 0)
    raw_store_word(address, 0, 0)
    return value


def call_word(frame: _Frame, descr: CallDescr, address: int, words: list[int],
              doubles: list[float]) -> int:
    """Calls `address`; what it raised goes to `frame.exception`."""
    shape = _shape(descr)
    result = 0
    if shape == "":
        result = SIG_W_W0.call(address)
    elif shape == "w":
        result = SIG_W_W1.call(address, words[0])
    elif shape == "ww":
        result = SIG_W_W2.call(address, words[0], words[1])
    elif shape == "www":
        result = SIG_W_W3.call(address, words[0], words[1], words[2])
    elif shape == "wwww":
        result = SIG_W_W4.call(address, words[0], words[1], words[2], words[3])
    elif shape == "d":
        result = SIG_D_W1.call(address, doubles[0])
    elif shape == "dd":
        result = SIG_D_W2.call(address, doubles[0], doubles[1])
    else:
        raise ExecError("no call signature for " + descr.repr_of_descr())
    frame.exception = take_exception()
    return result


def call_double(frame: _Frame, descr: CallDescr, address: int, words: list[int],
                doubles: list[float]) -> float:
    shape = _shape(descr)
    result = 0.0
    if shape == "":
        result = SIG_W_D0.call(address)
    elif shape == "w":
        result = SIG_W_D1.call(address, words[0])
    elif shape == "ww":
        result = SIG_W_D2.call(address, words[0], words[1])
    elif shape == "d":
        result = SIG_D_D1.call(address, doubles[0])
    elif shape == "dd":
        result = SIG_D_D2.call(address, doubles[0], doubles[1])
    else:
        raise ExecError("no call signature for " + descr.repr_of_descr())
    frame.exception = take_exception()
    return result


# -- the interpreter ----------------------------------------------------------------------

def _find_label(operations: list[ResOperation], jump: ResOperation) -> int:
    for i in range(len(operations)):
        op = operations[i]
        if op.opnum == rop.LABEL and op.descr is jump.descr:
            return i
    raise ExecError("jump to a label that is not in the trace")


def _guard_passes(frame: _Frame, op: ResOperation) -> bool:
    opnum = op.opnum
    if opnum == rop.GUARD_TRUE:
        return frame.word(op.args[0]) != 0
    if opnum == rop.GUARD_FALSE:
        return frame.word(op.args[0]) == 0
    if opnum == rop.GUARD_VALUE:
        if op.args[0].kind == rop.FLOAT:
            return frame.double(op.args[0]) == frame.double(op.args[1])
        return frame.word(op.args[0]) == frame.word(op.args[1])
    if opnum == rop.GUARD_CLASS:
        return raw_load_word(frame.word(op.args[0]), 0) == frame.word(op.args[1])
    if opnum == rop.GUARD_NONNULL:
        return frame.word(op.args[0]) != 0
    if opnum == rop.GUARD_ISNULL:
        return frame.word(op.args[0]) == 0
    if opnum == rop.GUARD_NO_EXCEPTION:
        return frame.exception == 0
    if opnum == rop.GUARD_NO_OVERFLOW:
        return not frame.overflowed
    if opnum == rop.GUARD_OVERFLOW:
        return frame.overflowed
    raise ExecError("unknown guard " + op.opname())


def _collect(frame: _Frame, result: ExecResult, values: list[AbstractValue]) -> None:
    for value in values:
        if value.kind == rop.INT:
            result.ints.append(frame.word(value))
        elif value.kind == rop.REF:
            result.refs.append(frame.word(value))
        elif value.kind == rop.FLOAT:
            result.floats.append(frame.double(value))


def _guard_failed(frame: _Frame, op: ResOperation) -> ExecResult:
    result = ExecResult(op)
    descr = op.descr
    if not isinstance(descr, ResumeGuardDescr):
        _collect(frame, result, op.fail_args)
        return result
    # Materialise the virtuals: allocate all first, since they may point at each other.
    addresses: list[int] = []
    for info in descr.virtuals:
        address = raw_malloc(info.size_descr.size)
        if info.vtable != 0:
            raw_store_word(address, 0, info.vtable)
        addresses.append(address)
    for k in range(len(descr.virtuals)):
        info = descr.virtuals[k]
        for i in range(len(info.fielddescrs)):
            field = info.fielddescrs[i]
            num = info.fieldnums[i]
            if num < 0:
                store_int(addresses[k], field.offset, field.size, addresses[-1 - num])
            elif field.kind == rop.FLOAT:
                raw_store_double(addresses[k], field.offset, frame.double(op.fail_args[num]))
            else:
                store_int(addresses[k], field.offset, field.size,
                          frame.word(op.fail_args[num]))
    # Then the writes the optimizer held back past the guard (resumedescr.PendingField).
    for pending in descr.pending:
        field = pending.descr
        struct = frame.word(op.fail_args[pending.struct])
        if field.kind == rop.FLOAT:
            raw_store_double(struct, field.offset, frame.double(op.fail_args[pending.value]))
        else:
            store_int(struct, field.offset, field.size, frame.word(op.fail_args[pending.value]))
    for i in range(len(descr.virtual_slots)):
        slot = descr.virtual_slots[i]
        value = op.fail_args[i]
        if slot >= 0:
            result.refs.append(addresses[slot])
        elif value.kind == rop.INT:
            result.ints.append(frame.word(value))
        elif value.kind == rop.REF:
            result.refs.append(frame.word(value))
        elif value.kind == rop.FLOAT:
            result.floats.append(frame.double(value))
    return result


def _call(frame: _Frame, op: ResOperation) -> None:
    descr = op.descr
    if not isinstance(descr, CallDescr):
        raise ExecError(op.opname() + " needs a CallDescr")
    address = frame.word(op.args[0])
    words: list[int] = []
    doubles: list[float] = []
    for i in range(1, len(op.args)):
        if op.args[i].kind == rop.FLOAT:
            doubles.append(frame.double(op.args[i]))
        else:
            words.append(frame.word(op.args[i]))
    if op.kind == rop.FLOAT:
        frame.set_double(op, call_double(frame, descr, address, words, doubles))
    elif op.kind == rop.VOID:
        call_word(frame, descr, address, words, doubles)
    else:
        frame.set_word(op, call_word(frame, descr, address, words, doubles))


def _memory(frame: _Frame, op: ResOperation) -> None:
    opnum = op.opnum
    if opnum == rop.GETFIELD_GC_I or opnum == rop.GETFIELD_GC_R:
        fd = field_descr(op)
        frame.set_word(op, load_int(frame.word(op.args[0]), fd.offset, fd.size,
                                    fd.is_signed))
    elif opnum == rop.GETFIELD_GC_F:
        fd = field_descr(op)
        frame.set_double(op, raw_load_double(frame.word(op.args[0]), fd.offset))
    elif opnum == rop.SETFIELD_GC:
        fd = field_descr(op)
        if fd.kind == rop.FLOAT:
            raw_store_double(frame.word(op.args[0]), fd.offset, frame.double(op.args[1]))
        else:
            store_int(frame.word(op.args[0]), fd.offset, fd.size, frame.word(op.args[1]))
    elif opnum == rop.GETARRAYITEM_GC_I or opnum == rop.GETARRAYITEM_GC_R:
        ad = array_descr(op)
        offset = ad.base_offset + frame.word(op.args[1]) * ad.item_size
        frame.set_word(op, load_int(frame.word(op.args[0]), offset, ad.item_size,
                                    ad.is_signed))
    elif opnum == rop.GETARRAYITEM_GC_F:
        ad = array_descr(op)
        offset = ad.base_offset + frame.word(op.args[1]) * ad.item_size
        frame.set_double(op, raw_load_double(frame.word(op.args[0]), offset))
    elif opnum == rop.SETARRAYITEM_GC:
        ad = array_descr(op)
        offset = ad.base_offset + frame.word(op.args[1]) * ad.item_size
        if ad.kind == rop.FLOAT:
            raw_store_double(frame.word(op.args[0]), offset, frame.double(op.args[2]))
        else:
            store_int(frame.word(op.args[0]), offset, ad.item_size, frame.word(op.args[2]))
    elif opnum == rop.ARRAYLEN_GC:
        ad = array_descr(op)
        frame.set_word(op, raw_load_word(frame.word(op.args[0]), ad.length_offset))
    elif opnum == rop.NEW or opnum == rop.NEW_WITH_VTABLE:
        sd = size_descr(op)
        address = raw_malloc(sd.size)
        if opnum == rop.NEW_WITH_VTABLE:
            raw_store_word(address, 0, sd.vtable)
        frame.set_word(op, address)
    elif opnum == rop.NEW_ARRAY:
        ad = array_descr(op)
        length = frame.word(op.args[0])
        if length < 0:
            raise ExecError("new_array of negative length " + str(length))
        address = raw_malloc(ad.base_offset + length * ad.item_size)
        raw_store_word(address, ad.length_offset, length)
        frame.set_word(op, address)
    elif opnum == rop.RAW_LOAD_I:
        size = word_bits() // 8
        signed = True
        descr = op.descr
        if isinstance(descr, ArrayDescr):
            size = descr.item_size
            signed = descr.is_signed
        frame.set_word(op, load_int(frame.word(op.args[0]), frame.word(op.args[1]), size,
                                    signed))
    elif opnum == rop.RAW_LOAD_F:
        frame.set_double(op, raw_load_double(frame.word(op.args[0]), frame.word(op.args[1])))
    elif opnum == rop.RAW_STORE:
        if op.args[2].kind == rop.FLOAT:
            raw_store_double(frame.word(op.args[0]), frame.word(op.args[1]),
                             frame.double(op.args[2]))
        else:
            size = word_bits() // 8
            descr = op.descr
            if isinstance(descr, ArrayDescr):
                size = descr.item_size
            store_int(frame.word(op.args[0]), frame.word(op.args[1]), size,
                      frame.word(op.args[2]))
    else:
        raise ExecError("cannot execute " + op.opname())


def _step(frame: _Frame, op: ResOperation) -> None:
    """Executes one operation that is neither control flow nor a guard."""
    opnum = op.opnum
    if is_int_unary(opnum):
        frame.set_word(op, eval_int_unary(opnum, frame.word(op.args[0])))
    elif is_int_binary(opnum):
        frame.set_word(op, eval_int_binary(opnum, frame.word(op.args[0]),
                                           frame.word(op.args[1])))
    elif is_ovf(opnum):
        a = frame.word(op.args[0])
        b = frame.word(op.args[1])
        frame.overflowed = int_overflows(opnum, a, b)
        frame.set_word(op, eval_int_binary(ovf_base(opnum), a, b))
    elif rop.FLOAT_ADD <= opnum <= rop.FLOAT_TRUEDIV:
        frame.set_double(op, eval_float_binary(opnum, frame.double(op.args[0]),
                                               frame.double(op.args[1])))
    elif opnum == rop.FLOAT_NEG or opnum == rop.FLOAT_ABS or opnum == rop.SAME_AS_F:
        frame.set_double(op, eval_float_unary(opnum, frame.double(op.args[0])))
    elif is_float_compare(opnum):
        frame.set_word(op, eval_float_compare(opnum, frame.double(op.args[0]),
                                              frame.double(op.args[1])))
    elif opnum == rop.CAST_INT_TO_FLOAT:
        frame.set_double(op, float(frame.word(op.args[0])))
    elif opnum == rop.CAST_FLOAT_TO_INT:
        frame.set_word(op, cast_float_to_int(frame.double(op.args[0])))
    elif rop.CALL_I <= opnum <= rop.CALL_PURE_F:
        _call(frame, op)
    else:
        _memory(frame, op)


def execute_trace(inputargs: list[InputArg], operations: list[ResOperation],
                  ints: list[int], refs: list[int], floats: list[float],
                  max_jumps: int = -1) -> ExecResult:
    """Runs the trace until FINISH or a failing guard.  A loop (JUMP back to its LABEL)
    runs until one of those happens, or ExecError after `max_jumps` jumps (when not
    negative); ExecError also reports a malformed trace."""
    frame = _Frame()
    jumps = 0
    counts = [0, 0, 0]
    for arg in inputargs:
        if arg.kind == rop.FLOAT:
            if counts[2] >= len(floats):
                raise ExecError("too few float inputs")
            frame.set_double(arg, floats[counts[2]])
            counts[2] += 1
        else:
            source = ints if arg.kind == rop.INT else refs
            if counts[arg.kind] >= len(source):
                raise ExecError("too few " + rop.KIND_NAMES[arg.kind] + " inputs")
            frame.set_word(arg, source[counts[arg.kind]])
            counts[arg.kind] += 1
    pc = 0
    while pc < len(operations):
        op = operations[pc]
        pc += 1
        if op.is_guard():
            if not _guard_passes(frame, op):
                failed = _guard_failed(frame, op)
                failed.exception = frame.exception
                return failed
        elif op.opnum == rop.LABEL:
            pass
        elif op.opnum == rop.JUMP:
            jumps += 1
            if max_jumps >= 0 and jumps > max_jumps:
                raise ExecError("the loop did not end after " + str(max_jumps) + " jumps")
            target = _find_label(operations, op)
            label = operations[target]
            if len(label.args) != len(op.args):
                raise ExecError("jump and label differ in their number of arguments")
            # Read every value before writing any: the jump is a parallel move.
            words: list[int] = []
            doubles: list[float] = []
            for arg in op.args:
                if arg.kind == rop.FLOAT:
                    doubles.append(frame.double(arg))
                else:
                    words.append(frame.word(arg))
            iw = 0
            idd = 0
            for dest in label.args:
                if dest.kind == rop.FLOAT:
                    frame.set_double(dest, doubles[idd])
                    idd += 1
                else:
                    frame.set_word(dest, words[iw])
                    iw += 1
            pc = target + 1
        elif op.opnum == rop.FINISH:
            result = ExecResult(None)
            _collect(frame, result, op.args)
            result.exception = frame.exception
            return result
        else:
            _step(frame, op)
    raise ExecError("the trace ends without FINISH or JUMP")
