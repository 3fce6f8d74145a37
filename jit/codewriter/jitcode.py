"""The jitcode format: the register bytecode the codewriter writes and both the tracer
(`jit/metainterp/pyjitpl.py`) and the blackhole interpreter (`blackhole.py`) execute.

Written in the subset: jitcodes are prebuilt data of the translated binary.

A jitcode's `code` is a flat `list[int]`: an opcode, then its operands, then the next
opcode.  `ARGCODES[opcode]` says what the operands are (RPython's letters):

    i r f      one operand of that kind: n < num_regs_<k> is register n, otherwise the
               constant consts_<k>[n - num_regs_<k>]
    >i >r >f   the register the result goes to (always a register)
    d          an index into JitCodeSet.descrs
    L          a code offset (absolute, into the same jitcode's code)
    j          an index into JitCodeSet.jitcodes
    c          a small literal int
    I R F      a count, then that many operands of that kind

A called jitcode receives its arguments of each kind in registers 0.. of that kind, in
the order they were passed.  Opcodes are dense small ints; `RESOP_OF[opcode]` is the
`resoperation` opnum of a pure operation (whose concrete meaning is the executor's), or -1.

Conventions the tracer, resume and the blackhole share:
- a frame that called another stays on its `inline_call_<k>` instruction until the callee
  returns; the returned value goes to that instruction's result register;
- exceptions: a residual call may leave one pending (`rawmem.fetch_exception()` takes it),
  an inline call's callee may raise, `raise r` raises; the next instruction, if it is
  `catch_exception L`, jumps to the handler L (which reads the exception with
  `last_exc_value`), otherwise the frame is left and its caller's call raises in turn;
- refs are addresses; a ref constant is a symbolic `PrebuiltAddress` (or 0 for None).

`JitCodeBuilder` writes jitcodes by hand (tests); `disassemble` prints one (host only).
"""

from __future__ import annotations

from jit.metainterp import resoperation as rop
from jit.metainterp.resoperation import AbstractDescr

OPNAMES: list[str] = []
ARGCODES: list[str] = []
RESOP_OF: list[int] = []


def _def(name: str, argcodes: str, resop: int = -1) -> int:
    OPNAMES.append(name)
    ARGCODES.append(argcodes)
    RESOP_OF.append(resop)
    return len(OPNAMES) - 1


# -- pure operations: the executor gives their meaning --------------------------------------
INT_ADD = _def("int_add", "ii>i", rop.INT_ADD)
INT_SUB = _def("int_sub", "ii>i", rop.INT_SUB)
INT_MUL = _def("int_mul", "ii>i", rop.INT_MUL)
INT_AND = _def("int_and", "ii>i", rop.INT_AND)
INT_OR = _def("int_or", "ii>i", rop.INT_OR)
INT_XOR = _def("int_xor", "ii>i", rop.INT_XOR)
INT_LSHIFT = _def("int_lshift", "ii>i", rop.INT_LSHIFT)
INT_RSHIFT = _def("int_rshift", "ii>i", rop.INT_RSHIFT)
UINT_RSHIFT = _def("uint_rshift", "ii>i", rop.UINT_RSHIFT)
INT_LT = _def("int_lt", "ii>i", rop.INT_LT)
INT_LE = _def("int_le", "ii>i", rop.INT_LE)
INT_EQ = _def("int_eq", "ii>i", rop.INT_EQ)
INT_NE = _def("int_ne", "ii>i", rop.INT_NE)
INT_GT = _def("int_gt", "ii>i", rop.INT_GT)
INT_GE = _def("int_ge", "ii>i", rop.INT_GE)
UINT_LT = _def("uint_lt", "ii>i", rop.UINT_LT)
UINT_GE = _def("uint_ge", "ii>i", rop.UINT_GE)
INT_NEG = _def("int_neg", "i>i", rop.INT_NEG)
INT_INVERT = _def("int_invert", "i>i", rop.INT_INVERT)
INT_IS_TRUE = _def("int_is_true", "i>i", rop.INT_IS_TRUE)
INT_IS_ZERO = _def("int_is_zero", "i>i", rop.INT_IS_ZERO)
PTR_EQ = _def("ptr_eq", "rr>i", rop.PTR_EQ)
PTR_NE = _def("ptr_ne", "rr>i", rop.PTR_NE)
FLOAT_ADD = _def("float_add", "ff>f", rop.FLOAT_ADD)
FLOAT_SUB = _def("float_sub", "ff>f", rop.FLOAT_SUB)
FLOAT_MUL = _def("float_mul", "ff>f", rop.FLOAT_MUL)
FLOAT_TRUEDIV = _def("float_truediv", "ff>f", rop.FLOAT_TRUEDIV)
FLOAT_NEG = _def("float_neg", "f>f", rop.FLOAT_NEG)
FLOAT_ABS = _def("float_abs", "f>f", rop.FLOAT_ABS)
FLOAT_LT = _def("float_lt", "ff>i", rop.FLOAT_LT)
FLOAT_LE = _def("float_le", "ff>i", rop.FLOAT_LE)
FLOAT_EQ = _def("float_eq", "ff>i", rop.FLOAT_EQ)
FLOAT_NE = _def("float_ne", "ff>i", rop.FLOAT_NE)
FLOAT_GT = _def("float_gt", "ff>i", rop.FLOAT_GT)
FLOAT_GE = _def("float_ge", "ff>i", rop.FLOAT_GE)
CAST_INT_TO_FLOAT = _def("cast_int_to_float", "i>f", rop.CAST_INT_TO_FLOAT)
CAST_FLOAT_TO_INT = _def("cast_float_to_int", "f>i", rop.CAST_FLOAT_TO_INT)
# Address of a ref as an int (and back): the same word, another register file.
CAST_PTR_TO_INT = _def("cast_ptr_to_int", "r>i", rop.SAME_AS_I)

# -- register moves (links between blocks); the tracer records nothing for them -------------
INT_COPY = _def("int_copy", "i>i")
REF_COPY = _def("ref_copy", "r>r")
FLOAT_COPY = _def("float_copy", "f>f")

# -- control ----------------------------------------------------------------------------------
GOTO = _def("goto", "L")
GOTO_IF_NOT = _def("goto_if_not", "iL")           # jump when the int is 0 (guard_true/false)
# Overflow-checked arithmetic: the result, and a jump to L when it overflowed
# (int_*_ovf + guard_no_overflow/guard_overflow in a trace).
INT_ADD_JUMP_IF_OVF = _def("int_add_jump_if_ovf", "Lii>i", rop.INT_ADD_OVF)
INT_SUB_JUMP_IF_OVF = _def("int_sub_jump_if_ovf", "Lii>i", rop.INT_SUB_OVF)
INT_MUL_JUMP_IF_OVF = _def("int_mul_jump_if_ovf", "Lii>i", rop.INT_MUL_OVF)
INT_RETURN = _def("int_return", "i")
REF_RETURN = _def("ref_return", "r")
FLOAT_RETURN = _def("float_return", "f")
VOID_RETURN = _def("void_return", "")

# -- calls ------------------------------------------------------------------------------------
# Into another jitcode (the tracer inlines it); the result kind is in the name.
INLINE_CALL_I = _def("inline_call_i", "jIRF>i")
INLINE_CALL_R = _def("inline_call_r", "jIRF>r")
INLINE_CALL_F = _def("inline_call_f", "jIRF>f")
INLINE_CALL_V = _def("inline_call_v", "jIRF")
# A C function at an address (a jitcall wrapper or a runtime function) with a CallDescr;
# the arguments are passed in the descr's arg_kinds order, each taken from the front of
# its kind's list.  An elidable callee (CallDescr.is_elidable) is traced as call_pure_*.
RESIDUAL_CALL_I = _def("residual_call_i", "idIRF>i")
RESIDUAL_CALL_R = _def("residual_call_r", "idIRF>r")
RESIDUAL_CALL_F = _def("residual_call_f", "idIRF>f")
RESIDUAL_CALL_V = _def("residual_call_v", "idIRF")

# -- memory, by descr ------------------------------------------------------------------------
GETFIELD_GC_I = _def("getfield_gc_i", "rd>i")       # FieldDescr
GETFIELD_GC_R = _def("getfield_gc_r", "rd>r")
GETFIELD_GC_F = _def("getfield_gc_f", "rd>f")
SETFIELD_GC_I = _def("setfield_gc_i", "rid")
SETFIELD_GC_R = _def("setfield_gc_r", "rrd")
SETFIELD_GC_F = _def("setfield_gc_f", "rfd")
GETARRAYITEM_GC_I = _def("getarrayitem_gc_i", "rid>i")   # ArrayDescr
GETARRAYITEM_GC_R = _def("getarrayitem_gc_r", "rid>r")
GETARRAYITEM_GC_F = _def("getarrayitem_gc_f", "rid>f")
SETARRAYITEM_GC_I = _def("setarrayitem_gc_i", "riid")
SETARRAYITEM_GC_R = _def("setarrayitem_gc_r", "rird")
SETARRAYITEM_GC_F = _def("setarrayitem_gc_f", "rifd")
ARRAYLEN_GC = _def("arraylen_gc", "rd>i")
NEW = _def("new", "d>r")                             # SizeDescr
NEW_WITH_VTABLE = _def("new_with_vtable", "d>r")     # SizeDescr with its vtable
# Raw memory at address + offset (toolchain.rlib.rawmem): a word, a byte (unsigned), a double.
RAW_LOAD_WORD = _def("raw_load_word", "ii>i")
RAW_LOAD_BYTE = _def("raw_load_byte", "ii>i")
RAW_LOAD_DOUBLE = _def("raw_load_double", "ii>f")
RAW_STORE_WORD = _def("raw_store_word", "iii")
RAW_STORE_BYTE = _def("raw_store_byte", "iii")
RAW_STORE_DOUBLE = _def("raw_store_double", "iif")

# -- JIT hints --------------------------------------------------------------------------------
# promote(x): the value, which the tracer makes a constant behind a guard_value.
PROMOTE_I = _def("promote_i", "i>i")
PROMOTE_R = _def("promote_r", "r>r")
PROMOTE_F = _def("promote_f", "f>f")
# The vtable of a non-null instance; the tracer records guard_class and gives a constant.
GUARD_CLASS = _def("guard_class", "r>i")
# Portal only: greens then reds, in the driver's order.
JIT_MERGE_POINT = _def("jit_merge_point", "IRFIRF")
# can_enter_jit of driver c: nothing for the blackhole; a loop closes here when tracing.
LOOP_HEADER = _def("loop_header", "c")

# -- exceptions (kiln_exc_value: a raising C function sets it and returns) ------------------
# An exception raised by the instruction just before (a residual call that left one
# pending: `rawmem.fetch_exception()` takes it; an inline call whose callee raised) jumps
# to L, the handler; without one, catch_exception does nothing.  A raising instruction
# not followed by catch_exception propagates: its frame is left, and the caller's call
# instruction raises in turn; out of the portal frame, the JIT reports status 3.
CATCH_EXCEPTION = _def("catch_exception", "L")
# In a handler: the exception being handled (the flow graph's CAUGHT_EXCEPTION).
LAST_EXC_VALUE = _def("last_exc_value", ">r")
# Raises the exception instance (a `raise` the graph does not catch itself).
RAISE = _def("raise", "r")

NUM_OPCODES = len(OPNAMES)


def next_pc(code: list[int], pc: int) -> int:
    """The offset of the instruction after the one at `pc`."""
    argcodes = ARGCODES[code[pc]]
    pc += 1
    i = 0
    while i < len(argcodes):
        c = argcodes[i]
        if c == ">":
            i += 1            # the kind letter after '>' is the one result operand
            pc += 1
        elif c == "I" or c == "R" or c == "F":
            pc += 1 + code[pc]
        else:
            pc += 1
        i += 1
    return pc


class JitCode:
    """One graph's code, its register counts and its constant pools."""

    _immutable_fields_ = ["name", "code[*]", "num_regs_i", "num_regs_r", "num_regs_f",
                          "consts_i[*]", "consts_r[*]", "consts_f[*]"]

    def __init__(self, name: str, code: list[int], num_regs_i: int, num_regs_r: int,
                 num_regs_f: int, consts_i: list[int], consts_r: list[int],
                 consts_f: list[float]) -> None:
        self.name = name
        self.code = code
        self.num_regs_i = num_regs_i
        self.num_regs_r = num_regs_r
        self.num_regs_f = num_regs_f
        self.consts_i = consts_i
        self.consts_r = consts_r
        self.consts_f = consts_f


class JitDriverInfo:
    """A driver: its portal jitcode, where the merge point is, and which operand holds
    each green and red (`*_kinds[n]` is rop.INT/REF/FLOAT, `*_regs[n]` the operand as
    encoded at the jit_merge_point: a register or a constant).  `printable` is the index
    of a generated get_printable_location function, or -1."""

    _immutable_fields_ = ["name", "portal", "merge_point_pc", "green_kinds[*]",
                          "green_regs[*]", "red_kinds[*]", "red_regs[*]", "printable"]

    def __init__(self, name: str, portal: JitCode, merge_point_pc: int,
                 green_kinds: list[int], green_regs: list[int], red_kinds: list[int],
                 red_regs: list[int], printable: int) -> None:
        self.name = name
        self.portal = portal
        self.merge_point_pc = merge_point_pc
        self.green_kinds = green_kinds
        self.green_regs = green_regs
        self.red_kinds = red_kinds
        self.red_regs = red_regs
        self.printable = printable


class JitCodeSet:
    """The one prebuilt root: every jitcode, every descr, every driver.  `call_shapes[d]`
    is the callshapes index of the CallDescr at descrs[d] (-1 for other descrs): what
    `do_call_<k>(shape, ...)` of the generated callshapes module dispatches on."""

    _immutable_fields_ = ["jitcodes[*]", "descrs[*]", "drivers[*]", "call_shapes[*]"]

    def __init__(self, jitcodes: list[JitCode], descrs: list[AbstractDescr],
                 drivers: list[JitDriverInfo], call_shapes: list[int]) -> None:
        self.jitcodes = jitcodes
        self.descrs = descrs
        self.drivers = drivers
        self.call_shapes = call_shapes


# -- host side: writing jitcodes by hand, and reading them --------------------------------

class Label:
    """A code position a builder resolves when the jitcode is finished."""

    def __init__(self) -> None:
        self.pc = -1


class JitCodeBuilder:
    """Writes one jitcode: `emit(opname, operand...)` in ARGCODES order, where an `L`
    operand is a Label (placed with `mark`), an `I`/`R`/`F` operand a list, and an
    `i`/`r`/`f` operand a register number or the value of `const_<k>(...)`."""

    def __init__(self, name: str, num_regs_i: int = 0, num_regs_r: int = 0,
                 num_regs_f: int = 0) -> None:
        self.name = name
        self.num_regs = {"i": num_regs_i, "r": num_regs_r, "f": num_regs_f}
        self.consts: dict[str, list] = {"i": [], "r": [], "f": []}
        self.code: list = []

    def _const(self, kind: str, value: object) -> int:
        pool = self.consts[kind]
        for n, known in enumerate(pool):
            if known is value or (type(known) is type(value) and known == value
                                  and repr(known) == repr(value)):
                return self.num_regs[kind] + n
        pool.append(value)
        return self.num_regs[kind] + len(pool) - 1

    def const_i(self, value: int) -> int:
        return self._const("i", value)

    def const_r(self, value: int) -> int:
        return self._const("r", value)

    def const_f(self, value: float) -> int:
        return self._const("f", value)

    def new_label(self) -> Label:
        return Label()

    def mark(self, label: Label) -> None:
        assert label.pc < 0, "label placed twice"
        label.pc = len(self.code)

    def pc(self) -> int:
        return len(self.code)

    def emit(self, opname: str, *operands: object) -> int:
        """Appends one instruction; returns its pc."""
        opcode = OPNAMES.index(opname)
        argcodes = ARGCODES[opcode]
        letters = [c for c in argcodes if c != ">"]
        if len(letters) != len(operands):
            raise ValueError(f"{opname} ({argcodes}) takes {len(letters)} operands, "
                             f"got {len(operands)}")
        start = len(self.code)
        self.code.append(opcode)
        for letter, operand in zip(letters, operands):
            if letter in "IRF":
                assert isinstance(operand, list), (opname, operand)
                self.code.append(len(operand))
                self.code.extend(operand)
            elif letter == "L":
                assert isinstance(operand, Label), (opname, operand)
                self.code.append(operand)
            else:
                assert isinstance(operand, int), (opname, operand)
                self.code.append(operand)
        return start

    def finish(self) -> JitCode:
        code: list[int] = []
        for item in self.code:
            if isinstance(item, Label):
                assert item.pc >= 0, "label never placed in " + self.name
                code.append(item.pc)
            else:
                code.append(item)
        return JitCode(self.name, code, self.num_regs["i"], self.num_regs["r"],
                       self.num_regs["f"], list(self.consts["i"]), list(self.consts["r"]),
                       [float(x) for x in self.consts["f"]])


def _operand_text(jitcode: JitCode, kind: str, n: int) -> str:
    num_regs = {"i": jitcode.num_regs_i, "r": jitcode.num_regs_r, "f": jitcode.num_regs_f}
    consts: dict[str, list] = {"i": jitcode.consts_i, "r": jitcode.consts_r,
                               "f": jitcode.consts_f}
    if n < num_regs[kind]:
        return f"%{kind}{n}"
    return f"${consts[kind][n - num_regs[kind]]!r}"


def disassemble(jitcode: JitCode) -> str:
    """One line per instruction: `pc: opname operands [-> result]` (host only)."""
    lines = [f"{jitcode.name}: i{jitcode.num_regs_i} r{jitcode.num_regs_r} "
             f"f{jitcode.num_regs_f}"]
    code = jitcode.code
    pc = 0
    while pc < len(code):
        opcode = code[pc]
        argcodes = ARGCODES[opcode]
        parts: list[str] = []
        result = ""
        p = pc + 1
        i = 0
        while i < len(argcodes):
            c = argcodes[i]
            if c == ">":
                result = " -> " + _operand_text(jitcode, argcodes[i + 1], code[p])
                i += 1
                p += 1
            elif c in "IRF":
                items = code[p + 1:p + 1 + code[p]]
                parts.append("[" + ", ".join(_operand_text(jitcode, c.lower(), n)
                                             for n in items) + "]")
                p += 1 + code[p]
            elif c in "irf":
                parts.append(_operand_text(jitcode, c, code[p]))
                p += 1
            else:
                parts.append(f"{c}{code[p]}")
                p += 1
            i += 1
        lines.append(f"{pc:4d}: {OPNAMES[opcode]} {' '.join(parts)}{result}".rstrip())
        pc = p
    return "\n".join(lines) + "\n"
