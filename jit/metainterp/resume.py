"""Resume data: what a guard needs to rebuild the interpreter's frames when it fails.
Subset code; it runs inside the translated binary.

Why this shape: a failing guard leaves only its fail_args (in a `DeadFrame`), but the
blackhole interpreter needs whole frames: for each active jitcode its pc and every
register.  So at each guard the tracer writes, per frame from the outermost, the jitcode
index, the pc and one tagged int per register (ints, then refs, then floats), into one
flat `list[int]` on the guard's descr.  A register holds one of:

    TAG_BOX     the value of fail_arg n (each distinct traced value is saved once)
    TAG_INT     a small int constant, in the tag itself (no pool, no fail_arg)
    TAG_CONST   consts_i[n]: an int or ref constant too big for the tag
    TAG_FCONST  consts_f[n]: a float constant

Constants therefore cost no fail_arg and no register at the exit.  Registers not yet
written hold TAG_INT 0.  Virtuals (objects the optimizer removed) are described by the
optimizer in the descr itself (`ResumeGuardDescr.virtuals`, `virtual_slots`), which is
why `ResumeDescr` extends it, and so are the field writes it held back past the guard
(`ResumeGuardDescr.pending`): resuming allocates every virtual first, fills its fields,
does the pending writes, then reads the registers.  A bridge's code runs instead of all
that, so it starts with the pending writes (`pending_writes`, added by compile.py).

The innermost frame's pc is where the blackhole resumes: for a branch, a promote or a
class guard, the instruction itself, which then runs again on the real value; after a
call, the next instruction.  Every outer frame's pc is its inline_call instruction (the
blackhole's convention).

Only live registers are saved; a dead one is written as TAG_INT 0.  Jitcodes carry no
liveness, so `Liveness` computes it from the code itself (a backward dataflow over the
operands that ARGCODES describe), once per jitcode, the first time a guard needs it.
Saving dead registers would be correct too, but every saved value is a fail_arg that
the compiled loop must keep alive up to the guard.
"""

from __future__ import annotations

from jit.backend.model import AbstractCPU, DeadFrame
from jit.codewriter import jitcode as jc
from jit.codewriter.jitcode import JitCode, JitCodeSet
from jit.metainterp import resoperation as rop
from jit.metainterp.blackhole import BlackholeFrame
from jit.metainterp.counters import NO_LOOP
from jit.metainterp.executor import store_int, word_bits
from jit.metainterp.resoperation import (AbstractValue, ConstFloat, ConstInt, ConstPtr,
                                         InputArg, ResOperation)
from jit.optimizer.resumedescr import ResumeGuardDescr
from toolchain.rlib.rawmem import (WORD, FuncSig, malloc_function_address, raw_free,
                                   raw_load_word, raw_malloc, raw_store_double,
                                   raw_store_word)

TAG_BOX = 0
TAG_INT = 1
TAG_CONST = 2
TAG_FCONST = 3
SMALL_INT = 1 << 28      # |value| below this fits the tag on 32-bit targets too

SIG_MALLOC = FuncSig([WORD], WORD)


def tag(value: int, kind: int) -> int:
    return (value << 2) | kind


def tag_kind(tagged: int) -> int:
    return tagged & 3


def tag_value(tagged: int) -> int:
    return tagged >> 2


class ResumeDescr(ResumeGuardDescr):
    """The descr of every guard the tracer records: its frames (`code`, see the module
    docstring), its constants, and what the warm state counts on it."""

    def __init__(self, number: int, opnum: int) -> None:
        ResumeGuardDescr.__init__(self)
        self.number = number
        self.opnum = opnum          # the guard's
        self.code: list[int] = []
        self.consts_i: list[int] = []
        self.consts_f: list[float] = []
        self.fail_count = 0
        self.bridged = False
        self.bridge_aborts = 0
        # The loop whose code holds this guard (bridges' code is added to it).
        self.loop_token = NO_LOOP

    def copy(self) -> ResumeDescr:
        """The same resume point for another copy of the guard (its own exit)."""
        other = ResumeDescr(self.number, self.opnum)
        other.code = self.code
        other.consts_i = self.consts_i
        other.consts_f = self.consts_f
        return other

    def repr_of_descr(self) -> str:
        return "<Guard " + str(self.number) + ">"


# A trace from the interpreter starts from no guard (see counters.NO_LOOP for why not None).
NO_GUARD = ResumeDescr(-1, rop.GUARD_TRUE)


class ResumeWriter:
    """Builds one guard's resume data: `begin_frame`, then `add` once per register of
    that frame (ints, refs, floats), for each frame from the outermost."""

    def __init__(self, descr: ResumeDescr) -> None:
        self.descr = descr
        self.fail_args: list[AbstractValue] = []
        self.index_of: dict[AbstractValue, int] = {}
        self.frames = 0
        descr.code.append(0)     # the frame count, set as frames are added

    def begin_frame(self, jitcode_index: int, pc: int) -> None:
        self.frames += 1
        self.descr.code[0] = self.frames
        self.descr.code.append(jitcode_index)
        self.descr.code.append(pc)

    def add(self, box: AbstractValue) -> None:
        self.descr.code.append(self.tagged(box))

    def tagged(self, box: AbstractValue) -> int:
        if isinstance(box, ConstInt):
            return self.tagged_word(box.value)
        if isinstance(box, ConstPtr):
            return self.tagged_word(box.value)
        if isinstance(box, ConstFloat):
            self.descr.consts_f.append(box.value)
            return tag(len(self.descr.consts_f) - 1, TAG_FCONST)
        if box in self.index_of:
            return tag(self.index_of[box], TAG_BOX)
        self.index_of[box] = len(self.fail_args)
        self.fail_args.append(box)
        return tag(len(self.fail_args) - 1, TAG_BOX)

    def tagged_word(self, value: int) -> int:
        return tag_word(value, self.descr.consts_i)


def tag_word(value: int, consts_i: list[int]) -> int:
    """An int or ref constant, in the tag if it is small, else in `consts_i`."""
    if -SMALL_INT <= value < SMALL_INT:
        return tag(value, TAG_INT)
    consts_i.append(value)
    return tag(len(consts_i) - 1, TAG_CONST)


def fold_constant_slots(codeset: JitCodeSet, descr: ResumeDescr,
                        fail_args: list[AbstractValue]) -> None:
    """Registers whose fail_arg the optimizer made a constant (a guard's own condition,
    a value it proved) read that constant from their tag instead: a bridge traced from
    the guard then starts from the constant, so the branch that failed folds, instead
    of from an input it must test again.  The code is copied first: copies of one guard
    (preamble and peeled body) share it, and another copy's fail_arg may be no constant."""
    code = descr.code
    if len(code) == 0:
        return
    consts_i = descr.consts_i
    changed = False
    pos = 1
    for _ in range(code[0]):
        jitcode = codeset.jitcodes[code[pos]]
        pos += 2
        for _k in range(jitcode.num_regs_i + jitcode.num_regs_r):
            tagged = code[pos]
            n = tag_value(tagged)
            if tag_kind(tagged) == TAG_BOX and not is_virtual_slot(descr, n):
                value = fail_args[n]
                word = 0
                constant = False
                if isinstance(value, ConstInt):
                    word = value.value
                    constant = True
                elif isinstance(value, ConstPtr):
                    word = value.value
                    constant = True
                if constant:
                    if not changed:
                        code = code[:]
                        consts_i = consts_i[:]
                        changed = True
                    code[pos] = tag_word(word, consts_i)
            pos += 1
        pos += jitcode.num_regs_f
    if changed:
        descr.code = code
        descr.consts_i = consts_i


def is_virtual_slot(descr: ResumeGuardDescr, n: int) -> bool:
    """Fail_arg n is a virtual's placeholder NULL (see resumedescr)."""
    return n < len(descr.virtual_slots) and descr.virtual_slots[n] >= 0


class ResumeReader:
    """The values a failed guard left: reads tagged registers, with the virtuals
    allocated and filled first (they may point at each other)."""

    def __init__(self, cpu: AbstractCPU, descr: ResumeDescr, deadframe: DeadFrame) -> None:
        self.cpu = cpu
        self.descr = descr
        self.deadframe = deadframe
        # The new objects live in a raw block, which the GC scans: allocating the next
        # one may collect, and nothing else refers to them yet.  `free` releases it
        # once the frames hold them.
        self.word = word_bits() // 8
        self.objects = 0
        if len(descr.virtuals) > 0:
            self.objects = raw_malloc(len(descr.virtuals) * self.word)
        for k in range(len(descr.virtuals)):
            info = descr.virtuals[k]
            address = SIG_MALLOC.call(malloc_function_address(), info.size_descr.size)
            if info.vtable != 0:
                raw_store_word(address, 0, info.vtable)
            raw_store_word(self.objects, k * self.word, address)
        for k in range(len(descr.virtuals)):
            info = descr.virtuals[k]
            obj = self.virtual(k)
            for i in range(len(info.fielddescrs)):
                field = info.fielddescrs[i]
                num = info.fieldnums[i]
                if num < 0:
                    store_int(obj, field.offset, field.size, self.virtual(-1 - num))
                elif field.kind == rop.FLOAT:
                    raw_store_double(obj, field.offset, cpu.get_float_value(deadframe, num))
                else:
                    store_int(obj, field.offset, field.size,
                              cpu.get_int_value(deadframe, num))
        # The writes the optimizer held past the guard: the blackhole (or the tracer of a
        # bridge) reads memory, so they are done before it starts.
        for pending in descr.pending:
            field = pending.descr
            struct = cpu.get_int_value(deadframe, pending.struct)
            if field.kind == rop.FLOAT:
                raw_store_double(struct, field.offset,
                                 cpu.get_float_value(deadframe, pending.value))
            else:
                store_int(struct, field.offset, field.size,
                          cpu.get_int_value(deadframe, pending.value))

    def virtual(self, k: int) -> int:
        return raw_load_word(self.objects, k * self.word)

    def free(self) -> None:
        if self.objects != 0:
            raw_free(self.objects)
            self.objects = 0

    def virtual_of_slot(self, n: int) -> int:
        """The virtual fail_arg n stands for, or -1."""
        if n < len(self.descr.virtual_slots):
            return self.descr.virtual_slots[n]
        return -1

    def read_word(self, tagged: int) -> int:
        kind = tag_kind(tagged)
        n = tag_value(tagged)
        if kind == TAG_INT:
            return n
        if kind == TAG_CONST:
            return self.descr.consts_i[n]
        virtual = self.virtual_of_slot(n)
        if virtual >= 0:
            return self.virtual(virtual)
        return self.cpu.get_int_value(self.deadframe, n)

    def read_float(self, tagged: int) -> float:
        kind = tag_kind(tagged)
        n = tag_value(tagged)
        if kind == TAG_FCONST:
            return self.descr.consts_f[n]
        if kind == TAG_BOX:
            return self.cpu.get_float_value(self.deadframe, n)
        return 0.0   # a register never written


def pending_writes(descr: ResumeDescr, inputargs: list[InputArg]) -> list[ResOperation]:
    """The SETFIELD_GCs a bridge from the guard `descr` starts with: its inputargs are
    the guard's fail_args, and its code runs where the failure's resume code would."""
    ops: list[ResOperation] = []
    for pending in descr.pending:
        ops.append(ResOperation(rop.SETFIELD_GC, [inputargs[pending.struct],
                                                  inputargs[pending.value]], pending.descr))
    return ops


def blackhole_frames(codeset: JitCodeSet, reader: ResumeReader) -> list[BlackholeFrame]:
    """The guard's frames, outermost first, ready for `BlackholeInterpreter.run`."""
    code = reader.descr.code
    frames: list[BlackholeFrame] = []
    pos = 1
    for _ in range(code[0]):
        jitcode = codeset.jitcodes[code[pos]]
        frame = BlackholeFrame(jitcode)
        frame.pc = code[pos + 1]
        pos += 2
        for n in range(jitcode.num_regs_i):
            frame.set_i(n, reader.read_word(code[pos]))
            pos += 1
        for n in range(jitcode.num_regs_r):
            frame.set_r(n, reader.read_word(code[pos]))
            pos += 1
        for n in range(jitcode.num_regs_f):
            frame.set_f(n, reader.read_float(code[pos]))
            pos += 1
        frames.append(frame)
    return frames


# -- liveness --------------------------------------------------------------------------
# A register set is a run of words of BITS bits per kind (31: a positive int on every
# target), one run per instruction.
BITS = 31


class Liveness:
    """The registers of each kind live at the start of each instruction of a jitcode."""

    def __init__(self, jitcode: JitCode) -> None:
        self.jitcode = jitcode
        code = jitcode.code
        self.starts: list[int] = []
        self.index_of = [-1] * (len(code) + 1)
        pc = 0
        while pc < len(code):
            self.index_of[pc] = len(self.starts)
            self.starts.append(pc)
            pc = jc.next_pc(code, pc)
        n = len(self.starts)
        self.words = [(jitcode.num_regs_i + BITS - 1) // BITS,
                      (jitcode.num_regs_r + BITS - 1) // BITS,
                      (jitcode.num_regs_f + BITS - 1) // BITS]
        self.num_regs = [jitcode.num_regs_i, jitcode.num_regs_r, jitcode.num_regs_f]
        self.live = [[0] * (n * self.words[0]), [0] * (n * self.words[1]),
                     [0] * (n * self.words[2])]
        self.uses = [[0] * (n * self.words[0]), [0] * (n * self.words[1]),
                     [0] * (n * self.words[2])]
        self.defs = [[0] * (n * self.words[0]), [0] * (n * self.words[1]),
                     [0] * (n * self.words[2])]
        for i in range(n):
            self.scan(i)
        changed = True
        while changed:
            changed = False
            for i in range(n - 1, -1, -1):
                if self.update(i):
                    changed = True

    def scan(self, i: int) -> None:
        """The uses and definitions of instruction i."""
        code = self.jitcode.code
        pc = self.starts[i]
        argcodes = jc.ARGCODES[code[pc]]
        p = pc + 1
        k = 0
        while k < len(argcodes):
            c = argcodes[k]
            if c == ">":
                self.add(self.defs, kind_of_letter(argcodes[k + 1]), i, code[p])
                k += 1
                p += 1
            elif c == "I" or c == "R" or c == "F":
                kind = kind_of_letter(c)
                for m in range(code[p]):
                    self.add(self.uses, kind, i, code[p + 1 + m])
                p += 1 + code[p]
            elif c == "i" or c == "r" or c == "f":
                self.add(self.uses, kind_of_letter(c), i, code[p])
                p += 1
            else:
                p += 1
            k += 1

    def add(self, sets: list[list[int]], kind: int, i: int, n: int) -> None:
        if n < self.num_regs[kind]:      # a constant operand is no register
            sets[kind][i * self.words[kind] + n // BITS] |= 1 << (n % BITS)

    def successors(self, i: int) -> list[int]:
        code = self.jitcode.code
        pc = self.starts[i]
        opcode = code[pc]
        after = jc.next_pc(code, pc)
        if opcode == jc.GOTO:
            return [self.index_of[code[pc + 1]]]
        if jc.INT_RETURN <= opcode <= jc.VOID_RETURN:
            return []
        result: list[int] = []
        if opcode == jc.GOTO_IF_NOT:
            result.append(self.index_of[code[pc + 2]])
        elif jc.INT_ADD_JUMP_IF_OVF <= opcode <= jc.INT_MUL_JUMP_IF_OVF:
            result.append(self.index_of[code[pc + 1]])
        if self.index_of[after] >= 0:
            result.append(self.index_of[after])
        return result

    def update(self, i: int) -> bool:
        """live[i] = uses[i] | (live of the successors - defs[i]); True if it grew."""
        changed = False
        succs = self.successors(i)
        for kind in range(3):
            words = self.words[kind]
            live = self.live[kind]
            for w in range(words):
                out = 0
                for s in succs:
                    out |= live[s * words + w]
                value = self.uses[kind][i * words + w] | (out & ~self.defs[kind][i * words + w])
                if value != live[i * words + w]:
                    live[i * words + w] = value
                    changed = True
        return changed

    def is_live(self, pc: int, kind: int, n: int) -> bool:
        """Whether register n of `kind` may be read from instruction `pc` on."""
        i = self.index_of[pc]
        if i < 0:
            return False
        words = self.words[kind]
        return (self.live[kind][i * words + n // BITS] >> (n % BITS)) & 1 != 0

    def is_live_after_call(self, pc: int, kind: int, n: int) -> bool:
        """For a caller frame stopped at its inline_call at `pc`: the register is read
        after the call, and is not the call's result (the return writes that one)."""
        code = self.jitcode.code
        after = jc.next_pc(code, pc)
        opcode = code[pc]
        if opcode != jc.INLINE_CALL_V and kind == result_kind(opcode) and code[after - 1] == n:
            return False
        return self.is_live(after, kind, n)


def kind_of_letter(letter: str) -> int:
    if letter == "r" or letter == "R":
        return rop.REF
    if letter == "f" or letter == "F":
        return rop.FLOAT
    return rop.INT


def result_kind(opcode: int) -> int:
    if opcode == jc.INLINE_CALL_R:
        return rop.REF
    if opcode == jc.INLINE_CALL_F:
        return rop.FLOAT
    return rop.INT
