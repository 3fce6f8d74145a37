"""The trace IR: the operations the tracer records, the optimizer rewrites and the
backends compile.  Written in Kiln's subset: it runs inside the translated binary.

An operation is itself the value it produces (RPython's "no separate boxes" model):
arguments refer to the operations, input arguments or constants that produced them.
Every value has a kind: INT (a machine word), REF (a GC pointer, as an address), FLOAT
(a double) or VOID (no value).  Guards carry `fail_args`, the values the blackhole
interpreter needs when the guard fails, and a `descr` that the backend and the resume
code attach their data to.

Opcode numbers are module-level ints; `OPNAMES`, `ARITY` and `RESULT_KIND` describe them.
Arity -1 means "any" (calls, labels, jumps, finish).
"""

from __future__ import annotations

INT = 0
REF = 1
FLOAT = 2
VOID = 3
KIND_NAMES = ["i", "r", "f", "v"]

OPNAMES: list[str] = []
ARITY: list[int] = []
RESULT_KIND: list[int] = []
IS_GUARD: list[bool] = []
# The operation has no side effect and its result depends only on its arguments, so the
# optimizer may fold it, share it (CSE) or drop it when unused.
IS_PURE: list[bool] = []


def _op(name: str, arity: int, kind: int, guard: bool = False, pure: bool = False) -> int:
    OPNAMES.append(name)
    ARITY.append(arity)
    RESULT_KIND.append(kind)
    IS_GUARD.append(guard)
    IS_PURE.append(pure)
    return len(OPNAMES) - 1


# -- control -------------------------------------------------------------------------------
LABEL = _op("label", -1, VOID)
JUMP = _op("jump", -1, VOID)
FINISH = _op("finish", -1, VOID)

# -- guards ----------------------------------------------------------------------------------
GUARD_TRUE = _op("guard_true", 1, VOID, guard=True)
GUARD_FALSE = _op("guard_false", 1, VOID, guard=True)
GUARD_VALUE = _op("guard_value", 2, VOID, guard=True)
GUARD_CLASS = _op("guard_class", 2, VOID, guard=True)        # (ref, vtable address)
GUARD_NONNULL = _op("guard_nonnull", 1, VOID, guard=True)
GUARD_ISNULL = _op("guard_isnull", 1, VOID, guard=True)
GUARD_NO_EXCEPTION = _op("guard_no_exception", 0, VOID, guard=True)
GUARD_NO_OVERFLOW = _op("guard_no_overflow", 0, VOID, guard=True)
GUARD_OVERFLOW = _op("guard_overflow", 0, VOID, guard=True)

# -- integers --------------------------------------------------------------------------------
INT_ADD = _op("int_add", 2, INT, pure=True)
INT_SUB = _op("int_sub", 2, INT, pure=True)
INT_MUL = _op("int_mul", 2, INT, pure=True)
INT_AND = _op("int_and", 2, INT, pure=True)
INT_OR = _op("int_or", 2, INT, pure=True)
INT_XOR = _op("int_xor", 2, INT, pure=True)
INT_LSHIFT = _op("int_lshift", 2, INT, pure=True)
INT_RSHIFT = _op("int_rshift", 2, INT, pure=True)            # arithmetic
UINT_RSHIFT = _op("uint_rshift", 2, INT, pure=True)          # logical
INT_NEG = _op("int_neg", 1, INT, pure=True)
INT_INVERT = _op("int_invert", 1, INT, pure=True)
INT_LT = _op("int_lt", 2, INT, pure=True)
INT_LE = _op("int_le", 2, INT, pure=True)
INT_EQ = _op("int_eq", 2, INT, pure=True)
INT_NE = _op("int_ne", 2, INT, pure=True)
INT_GT = _op("int_gt", 2, INT, pure=True)
INT_GE = _op("int_ge", 2, INT, pure=True)
UINT_LT = _op("uint_lt", 2, INT, pure=True)
UINT_GE = _op("uint_ge", 2, INT, pure=True)
INT_IS_TRUE = _op("int_is_true", 1, INT, pure=True)
INT_IS_ZERO = _op("int_is_zero", 1, INT, pure=True)
# Overflow-checking forms: the next operation is GUARD_NO_OVERFLOW or GUARD_OVERFLOW.
INT_ADD_OVF = _op("int_add_ovf", 2, INT)
INT_SUB_OVF = _op("int_sub_ovf", 2, INT)
INT_MUL_OVF = _op("int_mul_ovf", 2, INT)

# -- floats ----------------------------------------------------------------------------------
FLOAT_ADD = _op("float_add", 2, FLOAT, pure=True)
FLOAT_SUB = _op("float_sub", 2, FLOAT, pure=True)
FLOAT_MUL = _op("float_mul", 2, FLOAT, pure=True)
FLOAT_TRUEDIV = _op("float_truediv", 2, FLOAT, pure=True)
FLOAT_NEG = _op("float_neg", 1, FLOAT, pure=True)
FLOAT_ABS = _op("float_abs", 1, FLOAT, pure=True)
FLOAT_LT = _op("float_lt", 2, INT, pure=True)
FLOAT_LE = _op("float_le", 2, INT, pure=True)
FLOAT_EQ = _op("float_eq", 2, INT, pure=True)
FLOAT_NE = _op("float_ne", 2, INT, pure=True)
FLOAT_GT = _op("float_gt", 2, INT, pure=True)
FLOAT_GE = _op("float_ge", 2, INT, pure=True)
CAST_INT_TO_FLOAT = _op("cast_int_to_float", 1, FLOAT, pure=True)
CAST_FLOAT_TO_INT = _op("cast_float_to_int", 1, INT, pure=True)   # truncates

# -- pointers and memory -------------------------------------------------------------------
PTR_EQ = _op("ptr_eq", 2, INT, pure=True)
PTR_NE = _op("ptr_ne", 2, INT, pure=True)
SAME_AS_I = _op("same_as_i", 1, INT, pure=True)
SAME_AS_R = _op("same_as_r", 1, REF, pure=True)
SAME_AS_F = _op("same_as_f", 1, FLOAT, pure=True)
GETFIELD_GC_I = _op("getfield_gc_i", 1, INT)                  # descr: FieldDescr
GETFIELD_GC_R = _op("getfield_gc_r", 1, REF)
GETFIELD_GC_F = _op("getfield_gc_f", 1, FLOAT)
SETFIELD_GC = _op("setfield_gc", 2, VOID)                     # (struct, value)
GETARRAYITEM_GC_I = _op("getarrayitem_gc_i", 2, INT)          # descr: ArrayDescr
GETARRAYITEM_GC_R = _op("getarrayitem_gc_r", 2, REF)
GETARRAYITEM_GC_F = _op("getarrayitem_gc_f", 2, FLOAT)
SETARRAYITEM_GC = _op("setarrayitem_gc", 3, VOID)             # (array, index, value)
ARRAYLEN_GC = _op("arraylen_gc", 1, INT)
NEW = _op("new", 0, REF)                                      # descr: SizeDescr
NEW_WITH_VTABLE = _op("new_with_vtable", 0, REF)              # descr: SizeDescr with vtable
NEW_ARRAY = _op("new_array", 1, REF)                          # descr: ArrayDescr
RAW_LOAD_I = _op("raw_load_i", 2, INT)                        # (address, offset)
RAW_LOAD_F = _op("raw_load_f", 2, FLOAT)
RAW_STORE = _op("raw_store", 3, VOID)                         # (address, offset, value)

# -- calls -----------------------------------------------------------------------------------
# (function address, args...); descr: CallDescr.  The _PURE forms call elidable functions.
CALL_I = _op("call_i", -1, INT)
CALL_R = _op("call_r", -1, REF)
CALL_F = _op("call_f", -1, FLOAT)
CALL_N = _op("call_n", -1, VOID)
CALL_PURE_I = _op("call_pure_i", -1, INT, pure=True)
CALL_PURE_R = _op("call_pure_r", -1, REF, pure=True)
CALL_PURE_F = _op("call_pure_f", -1, FLOAT, pure=True)

NUM_OPCODES = len(OPNAMES)


# -- descriptors --------------------------------------------------------------------------

class AbstractDescr:
    """Extra data attached to an operation; backends and resume code subclass it."""

    def repr_of_descr(self) -> str:
        return "descr"


class FieldDescr(AbstractDescr):
    """A field at `offset` of `size` bytes (1, 2, 4 or 8; 8 for doubles).  `is_nonneg`:
    the field never holds a negative int (a length), which `intbounds` relies on."""

    _immutable_fields_ = ["name", "offset", "size", "is_signed", "kind", "is_immutable",
                          "is_nonneg"]

    def __init__(self, name: str, offset: int, size: int, is_signed: bool, kind: int,
                 is_immutable: bool, is_nonneg: bool = False) -> None:
        self.name = name
        self.offset = offset
        self.size = size
        self.is_signed = is_signed
        self.kind = kind
        self.is_immutable = is_immutable
        self.is_nonneg = is_nonneg

    def repr_of_descr(self) -> str:
        return "<Field " + self.name + ">"


class ArrayDescr(AbstractDescr):
    """Items of `item_size` bytes from `base_offset`; the length word at `length_offset`.
    `is_immutable`: items and length never change (a str), so reads of a constant array
    at a constant index fold."""

    _immutable_fields_ = ["base_offset", "item_size", "length_offset", "is_signed", "kind",
                          "is_immutable"]

    def __init__(self, base_offset: int, item_size: int, length_offset: int,
                 is_signed: bool, kind: int, is_immutable: bool = False) -> None:
        self.base_offset = base_offset
        self.item_size = item_size
        self.length_offset = length_offset
        self.is_signed = is_signed
        self.kind = kind
        self.is_immutable = is_immutable

    def repr_of_descr(self) -> str:
        return "<Array " + KIND_NAMES[self.kind] + " " + str(self.item_size) + ">"


class SizeDescr(AbstractDescr):
    """An allocation of `size` bytes; `vtable` (an address, or 0) goes in its header."""

    _immutable_fields_ = ["size", "vtable"]

    def __init__(self, size: int, vtable: int) -> None:
        self.size = size
        self.vtable = vtable

    def repr_of_descr(self) -> str:
        return "<Size " + str(self.size) + ">"


class CallDescr(AbstractDescr):
    """A C signature: argument kinds, result kind, and what the callee may do."""

    _immutable_fields_ = ["arg_kinds[*]", "result_kind", "can_raise", "is_elidable"]

    def __init__(self, arg_kinds: list[int], result_kind: int, can_raise: bool,
                 is_elidable: bool) -> None:
        self.arg_kinds = arg_kinds
        self.result_kind = result_kind
        self.can_raise = can_raise
        self.is_elidable = is_elidable

    def repr_of_descr(self) -> str:
        kinds = "".join([KIND_NAMES[k] for k in self.arg_kinds])
        return "<Call " + kinds + "->" + KIND_NAMES[self.result_kind] + ">"


class TargetToken(AbstractDescr):
    """The descr of a LABEL, and of the JUMPs that go to it."""

    def __init__(self, number: int) -> None:
        self.number = number

    def repr_of_descr(self) -> str:
        return "<Target " + str(self.number) + ">"


# -- values ----------------------------------------------------------------------------------

class AbstractValue:
    """Every value has a `kind`, set by its constructor (not a class attribute, so that
    translated code reads it as one field whatever the subclass)."""

    def __init__(self, kind: int) -> None:
        self.kind = kind

    def is_constant(self) -> bool:
        return False

    def repr_short(self) -> str:
        return "?"


class Const(AbstractValue):
    def is_constant(self) -> bool:
        return True


class ConstInt(Const):
    _immutable_fields_ = ["value"]

    def __init__(self, value: int) -> None:
        self.kind = INT
        self.value = value

    def repr_short(self) -> str:
        return str(self.value)


class ConstPtr(Const):
    """A GC pointer known at compile time, as an address (0 is NULL)."""

    _immutable_fields_ = ["value"]

    def __init__(self, value: int) -> None:
        self.kind = REF
        self.value = value

    def repr_short(self) -> str:
        return "ConstPtr(" + str(self.value) + ")"


class ConstFloat(Const):
    _immutable_fields_ = ["value"]

    def __init__(self, value: float) -> None:
        self.kind = FLOAT
        self.value = value

    def repr_short(self) -> str:
        return repr(self.value)


class InputArg(AbstractValue):
    """A value the trace receives (the loop's inputs, or a bridge's)."""

    def __init__(self, kind: int, index: int) -> None:
        self.kind = kind
        self.index = index

    def repr_short(self) -> str:
        return KIND_NAMES[self.kind] + str(self.index)


class ResOperation(AbstractValue):
    """One operation of a trace; also the value it produces (its `kind`)."""

    def __init__(self, opnum: int, args: list[AbstractValue],
                 descr: AbstractDescr | None) -> None:
        assert ARITY[opnum] < 0 or ARITY[opnum] == len(args), OPNAMES[opnum]
        self.opnum = opnum
        self.args = args
        self.descr = descr
        self.kind = RESULT_KIND[opnum]
        self.fail_args: list[AbstractValue] = []   # guards only
        self.number = -1                            # position, set when printing
        # The optimizer's per-run maps, kept on the operation (RPython's _forwarded)
        # instead of in dicts that every trace fills and grows: `copy_value` is this input
        # operation's copy, `forward_value` what it is known to equal, each valid only
        # for the run numbered `copy_run` / `forward_run` (see optimizer.base).
        self.copy_run = 0
        self.copy_value: AbstractValue = self
        self.forward_run = 0
        self.forward_value: AbstractValue = self

    def getarg(self, i: int) -> AbstractValue:
        return self.args[i]

    def numargs(self) -> int:
        return len(self.args)

    def is_guard(self) -> bool:
        return IS_GUARD[self.opnum]

    def is_pure(self) -> bool:
        return IS_PURE[self.opnum]

    def opname(self) -> str:
        return OPNAMES[self.opnum]

    def repr_short(self) -> str:
        return KIND_NAMES[self.kind] + str(self.number)


def format_trace(inputargs: list[InputArg], operations: list[ResOperation]) -> str:
    """The trace in the reference's text form, as `jit-log-opt` prints it."""
    for i in range(len(operations)):
        operations[i].number = len(inputargs) + i  # numbered after the inputs
    lines = ["[" + ", ".join([a.repr_short() for a in inputargs]) + "]"]
    for op in operations:
        parts = [a.repr_short() for a in op.args]
        if op.descr is not None:
            parts.append("descr=" + op.descr.repr_of_descr())
        text = op.opname() + "(" + ", ".join(parts) + ")"
        if op.kind != VOID:
            text = op.repr_short() + " = " + text
        if op.is_guard():
            text += " [" + ", ".join([a.repr_short() for a in op.fail_args]) + "]"
        lines.append(text)
    return "\n".join(lines) + "\n"
