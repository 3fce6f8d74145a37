"""What every backend's trace assembler shares, whatever the instruction set: the walk over
a trace, LABEL/JUMP bookkeeping, exits (FINISH and guard exit paths) and the table of
them, compare+guard fusion, calls and allocations around the register allocator, and the
decoding of memory operations into base + displacement (+ index * scale).

Written in Kiln's subset. A backend subclasses `AssemblerCPU` (the CPU object) and
`TraceAssembler` (one per compiled trace) and implements the `emit_*` hooks below with
its own code builder (`self.mc`), call builder (`self.calls`: `emit_call(func, args)`
with `Loc`s) and register file.

How an exit leaves compiled code, on every backend: the exit path writes the values to
jitframe slots 0..k-1, puts the exit's number in the return register and jumps to an
absolute address stored as a word in the code block (x86-64: the imm64 of a movabs;
AArch64: a literal word after `ldr x16, literal; br x16`). That address is the trace's
epilogue until a bridge is attached; `patch_exit` then rewrites the one word, so the
guard itself never changes and a bridge starts exactly as a loop does, from the slots.

Exceptions: a residual call raises by leaving its exception in the runtime's word
(`AssemblerCPU.exception_address`); GUARD_NO_EXCEPTION loads that word and leaves by its
exit when it is set, without clearing it (the JIT runtime takes it from there).
"""

from __future__ import annotations

from jit.backend.codebuf import (EQ, GE, GT, HS, LE, LO, LS, LT, MI, NE, CodeBuffer,
                                 Label, Register)
from jit.backend.model import AbstractCPU, BackendError, CodeBlock, ExitInfo, LoopToken
from jit.backend.regalloc import (Emitter, Loc, RegAlloc, RegisterClass, const_loc,
                                  exit_slots, frame_loc, parallel_move)
from jit.metainterp import resoperation as rop
from jit.metainterp.resoperation import (FLOAT, INT, AbstractDescr, AbstractValue,
                                         ArrayDescr, ConstInt, FieldDescr, InputArg,
                                         ResOperation, SizeDescr, TargetToken)
from toolchain.rlib.rawmem import (exception_address, raw_load_word, raw_malloc,
                                   raw_store_double, raw_store_word)


class TargetInfo:
    """A compiled LABEL: its address and where each of its arguments lives."""

    def __init__(self, address: int, locs: list[Loc]) -> None:
        self.address = address
        self.locs = locs


class Stub:
    """An exit path still to emit: its label and the fail_args' locations at the guard.
    `patch_position` is where the backend put the word holding the jump target."""

    def __init__(self, label: Label, locs: list[Loc], number: int) -> None:
        self.label = label
        self.locs = locs
        self.number = number
        self.patch_position = -1


class LocalLabel:
    def __init__(self, token: AbstractDescr, label: Label, locs: list[Loc]) -> None:
        self.token = token
        self.label = label
        self.locs = locs


class MemoryAccess:
    """A field, array item or raw access decoded: the address is `base + disp` plus
    `index * scale` when `index` is not None (constant indexes are folded into `disp`);
    `value` is what a store writes (None for a load)."""

    def __init__(self, base: AbstractValue) -> None:
        self.base = base
        self.disp = 0
        self.index: AbstractValue | None = None
        self.scale = 1
        self.size = 8
        self.signed = True
        self.value: AbstractValue | None = None


# Comparison operations: the condition (shared numbering, codebuf) that makes them true
# after `cmp a, b`.
INT_COND = {rop.INT_LT: LT, rop.INT_LE: LE, rop.INT_EQ: EQ, rop.INT_NE: NE,
            rop.INT_GT: GT, rop.INT_GE: GE, rop.UINT_LT: LO, rop.UINT_GE: HS,
            rop.PTR_EQ: EQ, rop.PTR_NE: NE, rop.INT_IS_TRUE: NE, rop.INT_IS_ZERO: EQ}
# ... and after an ARM-style float compare (AArch64 fcmp, ARM vcmp + vmrs): an unordered
# result sets C and V only, so each is false then, except NE (true, as it must be).
FLOAT_COND = {rop.FLOAT_LT: MI, rop.FLOAT_LE: LS, rop.FLOAT_EQ: EQ, rop.FLOAT_NE: NE,
              rop.FLOAT_GT: GT, rop.FLOAT_GE: GE}


def compare_operands(op: ResOperation) -> list[AbstractValue]:
    """What an integer comparison compares: INT_IS_TRUE/ZERO compare with 0."""
    if op.opnum == rop.INT_IS_TRUE or op.opnum == rop.INT_IS_ZERO:
        return [op.args[0], ConstInt(0)]
    return [op.args[0], op.args[1]]


def zero_compared(op: ResOperation) -> AbstractValue | None:
    """The value `op` compares with 0 for (in)equality, or None."""
    opnum = op.opnum
    if (opnum == rop.INT_IS_TRUE or opnum == rop.INT_IS_ZERO or opnum == rop.INT_EQ
            or opnum == rop.INT_NE):
        args = compare_operands(op)
        other = args[1]
        if isinstance(other, ConstInt) and other.value == 0:
            return args[0]
    return None


def const_int(value: AbstractValue) -> int:
    """The value of an operand the caller knows is a ConstInt."""
    assert isinstance(value, ConstInt)
    return value.value


def decode_memory(op: ResOperation, word_size: int, max_disp: int) -> MemoryAccess:
    """`max_disp` bounds a folded constant displacement (in absolute value): beyond it
    the constant index stays an index, so the backend never needs a huge immediate."""
    opnum = op.opnum
    descr = op.descr
    access = MemoryAccess(op.args[0])
    access.size = word_size
    indexed = False
    if rop.GETFIELD_GC_I <= opnum <= rop.SETFIELD_GC:
        if not isinstance(descr, FieldDescr):
            raise BackendError(op.opname() + " needs a FieldDescr")
        access.disp = descr.offset
        access.size = descr.size
        access.signed = descr.is_signed
        if opnum == rop.SETFIELD_GC:
            access.value = op.args[1]
    elif opnum == rop.ARRAYLEN_GC:
        if not isinstance(descr, ArrayDescr):
            raise BackendError("arraylen_gc needs an ArrayDescr")
        access.disp = descr.length_offset
    elif rop.GETARRAYITEM_GC_I <= opnum <= rop.SETARRAYITEM_GC:
        if not isinstance(descr, ArrayDescr):
            raise BackendError(op.opname() + " needs an ArrayDescr")
        access.size = descr.item_size
        access.signed = descr.is_signed
        access.disp = descr.base_offset
        access.scale = descr.item_size
        indexed = True
        if opnum == rop.SETARRAYITEM_GC:
            access.value = op.args[2]
    elif rop.RAW_LOAD_I <= opnum <= rop.RAW_STORE:
        if isinstance(descr, ArrayDescr):
            access.size = descr.item_size
            access.signed = descr.is_signed
        indexed = True
        if opnum == rop.RAW_STORE:
            access.value = op.args[2]
    else:
        raise BackendError("the backend cannot compile " + op.opname())
    if op.kind == FLOAT or (access.value is not None and access.value.kind == FLOAT):
        access.size = 8
    if indexed:
        offset = op.args[1]
        folded = 0
        if isinstance(offset, ConstInt):
            folded = access.disp + offset.value * access.scale
        if isinstance(offset, ConstInt) and -max_disp <= folded <= max_disp:
            access.disp = folded
        else:
            if not (access.scale == 1 or access.scale == 2 or access.scale == 4
                    or access.scale == 8):
                raise BackendError("array items of %d bytes cannot be indexed"
                                   % access.scale)
            access.index = offset
    return access


class AssemblerCPU(AbstractCPU):
    """A CPU whose traces are compiled by a `TraceAssembler`. `malloc_address` is a C
    function `void *f(long size)` returning zeroed memory (untranslated: a ctypes
    callback around raw_malloc; translated: the GC's allocator). `exception_address` is
    the word a raising residual call leaves its exception in (translated: the runtime's
    `kiln_exc_value`), which GUARD_NO_EXCEPTION tests."""

    def __init__(self, malloc_address: int, gprs: RegisterClass, fprs: RegisterClass,
                 word_bytes: int) -> None:
        AbstractCPU.__init__(self)
        self.malloc_address = malloc_address
        self.exception_address = exception_address()
        self.word_bytes = word_bytes     # of the patchable exit targets and raw loads
        self.targets: dict[AbstractDescr, TargetInfo] = {}
        self.scratch = raw_malloc(8)     # converts double constants to their bits
        # The byte list every trace's code is emitted into (see CodeBuffer.reuse): one
        # trace is assembled at a time, and its bytes are copied out when it is done.
        self.code_storage: list[int] = []
        self.gprs = gprs
        self.fprs = fprs

    def float_bits(self, value: float) -> int:
        raw_store_double(self.scratch, 0, value)
        return raw_load_word(self.scratch, 0)

    def new_assembler(self, looptoken: LoopToken) -> TraceAssembler:
        raise NotImplementedError

    def assemble_loop(self, inputargs: list[InputArg], operations: list[ResOperation],
                      looptoken: LoopToken) -> None:
        asm = self.new_assembler(looptoken)
        looptoken.entry = asm.assemble(inputargs, operations, True)

    def assemble_bridge(self, exit: ExitInfo, inputargs: list[InputArg],
                        operations: list[ResOperation], looptoken: LoopToken) -> None:
        asm = self.new_assembler(looptoken)
        self.redirect_exit(exit, asm.assemble(inputargs, operations, False))

    def patch_exit(self, exit: ExitInfo, target: int) -> None:
        # One aligned word store: a thread running the old code reads either target.
        raw_store_word(exit.patch_address, 0, target)


class TraceAssembler(Emitter):
    """Compiles one trace (a loop or a bridge) into one code block. Subclasses set
    `self.mc` (their CodeBuilder) and `self.calls` (their CallBuilder) and implement
    the hooks; `self.epilogue` is bound by `emit_epilogue`."""

    def __init__(self, cpu: AssemblerCPU, looptoken: LoopToken, mc: CodeBuffer) -> None:
        self.cpu = cpu
        self.looptoken = looptoken
        mc.reuse(cpu.code_storage)
        self.ra = RegAlloc(self, cpu.gprs, cpu.fprs)
        self.stubs: list[Stub] = []
        self.labels: list[LocalLabel] = []
        self.epilogue = mc.new_label()
        self.operations: list[ResOperation] = []
        self.fused: AbstractValue | None = None   # a comparison left in the flags
        self.fused_cond = -1
        self.fused_guard = -1     # the index of the guard that takes `fused`
        self.known_at_exit: AbstractValue | None = None   # see take_fused
        self.zero_flag: AbstractValue | None = None       # see zero_test_follows

    # -- hooks every backend implements --------------------------------------------------

    def buffer(self) -> CodeBuffer:
        raise NotImplementedError

    def emit_prologue(self) -> None:
        """Loops only: save the callee-saved registers, take the jitframe argument."""
        raise NotImplementedError

    def emit_epilogue(self) -> None:
        """Bind `self.epilogue`: restore what the prologue saved, return the exit number."""
        raise NotImplementedError

    def emit_stub(self, stub: Stub) -> None:
        """Bind the stub's label, move its values to the exit slots, load its number and
        jump through a patchable word; set `stub.patch_position` to that word."""
        raise NotImplementedError

    def emit_exit_number(self, number: int) -> None:
        """Put `number` in the register the epilogue returns (exits and FINISH)."""
        raise NotImplementedError

    def emit_jump_to_label(self, label: Label) -> None:
        raise NotImplementedError

    def emit_jump_to_address(self, address: int) -> None:
        raise NotImplementedError

    def emit_guard(self, op: ResOperation) -> None:
        """Every guard but GUARD_NO_EXCEPTION (see `emit_guard_no_exception`)."""
        raise NotImplementedError

    def emit_branch_if_word_set(self, address: int, label: Label) -> None:
        """Load the word at the absolute `address` (through scratch registers only: no
        allocated register may change) and branch to `label` if it is not 0."""
        raise NotImplementedError

    def emit_int_compare(self, i: int, op: ResOperation) -> None:
        raise NotImplementedError

    def emit_float_compare(self, i: int, op: ResOperation) -> None:
        raise NotImplementedError

    def emit_int_binop(self, op: ResOperation) -> None:
        """INT_ADD..INT_XOR and the _OVF forms (which leave overflow for the guard)."""
        raise NotImplementedError

    def emit_shift(self, op: ResOperation) -> None:
        raise NotImplementedError

    def emit_int_unary(self, op: ResOperation) -> None:
        """INT_NEG, INT_INVERT."""
        raise NotImplementedError

    def emit_same_as(self, op: ResOperation) -> None:
        raise NotImplementedError

    def emit_float_arith(self, op: ResOperation) -> None:
        """FLOAT_ADD..FLOAT_ABS."""
        raise NotImplementedError

    def emit_cast(self, op: ResOperation) -> None:
        raise NotImplementedError

    def emit_memory(self, op: ResOperation) -> None:
        raise NotImplementedError

    def emit_array_size(self, length: Loc, descr: ArrayDescr, dst: Loc) -> None:
        """NEW_ARRAY: write `base_offset + length * item_size` to `dst` (a frame slot)."""
        raise NotImplementedError

    def emit_store_to_result(self, value: Loc, offset: int) -> None:
        """After the allocation call: store `value` (a word) at [return register + offset]."""
        raise NotImplementedError

    def return_regs(self) -> list[Register]:
        """The registers a call returns a word and a double in."""
        raise NotImplementedError

    # -- the trace -----------------------------------------------------------------------

    def assemble(self, inputargs: list[InputArg], operations: list[ResOperation],
                 is_loop: bool) -> int:
        """Emits, installs and returns the entry address."""
        mc = self.buffer()
        self.operations = operations
        if is_loop:
            self.emit_prologue()
        self.ra.prepare(inputargs, operations)
        self.ra.load_inputargs(inputargs)
        for i in range(len(operations)):
            self.ra.next_operation(i)
            self.emit_operation(i, operations[i])
        last = operations[len(operations) - 1] if len(operations) > 0 else None
        if last is None or (last.opnum != rop.JUMP and last.opnum != rop.FINISH):
            raise BackendError("a trace must end with JUMP or FINISH")
        self.emit_epilogue()
        for stub in self.stubs:
            self.emit_stub(stub)
        block = self.cpu.code.allocate(mc.position())
        for stub in self.stubs:
            mc.patch_le(stub.patch_position, block.address + self.epilogue.position,
                        self.cpu.word_bytes)
        mc.copy_to_raw(block.address)
        self.cpu.code_storage = mc.code     # keep what the buffer grew to
        self.cpu.install(block)
        self.record(block)
        return block.address

    def record(self, block: CodeBlock) -> None:
        for stub in self.stubs:
            exit = self.cpu.exits[stub.number]
            exit.patch_address = block.address + stub.patch_position
            exit.block = block
        for local in self.labels:
            self.cpu.targets[local.token] = TargetInfo(block.address + local.label.position,
                                                       local.locs)
        self.looptoken.blocks.append(block)
        self.cpu.note_frame_depth(self.ra.frame_depth)

    def move_to_exit_slots(self, locs: list[Loc]) -> None:
        parallel_move(self, locs, exit_slots(locs), self.ra.move_slot())

    # -- dispatch ------------------------------------------------------------------------

    def emit_operation(self, i: int, op: ResOperation) -> None:
        opnum = op.opnum
        if opnum == rop.GUARD_NO_EXCEPTION:
            self.emit_guard_no_exception(op)
        elif op.is_guard():
            self.emit_guard(op)
        elif opnum == rop.LABEL:
            self.emit_label(op)
        elif opnum == rop.JUMP:
            self.emit_jump(op)
        elif opnum == rop.FINISH:
            self.emit_finish(op)
        elif (rop.INT_LT <= opnum <= rop.INT_IS_ZERO or opnum == rop.PTR_EQ
              or opnum == rop.PTR_NE):
            self.emit_int_compare(i, op)
        elif rop.FLOAT_LT <= opnum <= rop.FLOAT_GE:
            self.emit_float_compare(i, op)
        elif rop.INT_ADD <= opnum <= rop.INT_XOR or rop.INT_ADD_OVF <= opnum <= rop.INT_MUL_OVF:
            self.emit_int_binop(op)
        elif rop.INT_LSHIFT <= opnum <= rop.UINT_RSHIFT:
            self.emit_shift(op)
        elif opnum == rop.INT_NEG or opnum == rop.INT_INVERT:
            self.emit_int_unary(op)
        elif opnum == rop.SAME_AS_I or opnum == rop.SAME_AS_R or opnum == rop.SAME_AS_F:
            self.emit_same_as(op)
        elif rop.FLOAT_ADD <= opnum <= rop.FLOAT_ABS:
            self.emit_float_arith(op)
        elif opnum == rop.CAST_INT_TO_FLOAT or opnum == rop.CAST_FLOAT_TO_INT:
            self.emit_cast(op)
        elif rop.CALL_I <= opnum <= rop.CALL_PURE_F:
            self.emit_call(op)
        elif opnum == rop.NEW or opnum == rop.NEW_WITH_VTABLE or opnum == rop.NEW_ARRAY:
            self.emit_new(op)
        else:
            self.emit_memory(op)

    # -- control -------------------------------------------------------------------------

    def emit_label(self, op: ResOperation) -> None:
        if not isinstance(op.descr, TargetToken):
            raise BackendError("LABEL needs a TargetToken descr")
        for i in range(len(op.args)):
            for j in range(i):
                if op.args[i] is op.args[j]:
                    raise BackendError("LABEL lists one value twice")
            if op.args[i].is_constant():
                raise BackendError("LABEL arguments must be values, not constants")
        locs = self.ra.at_label(op.args)
        mc = self.buffer()
        label = mc.new_label()
        mc.bind(label)
        self.labels.append(LocalLabel(op.descr, label, locs))

    def emit_jump(self, op: ResOperation) -> None:
        descr = op.descr
        local: LocalLabel | None = None
        for candidate in self.labels:
            if candidate.token is descr:
                local = candidate
        if local is not None:
            dsts = local.locs
        elif descr is not None and descr in self.cpu.targets:
            dsts = self.cpu.targets[descr].locs
        else:
            raise BackendError("JUMP to a label that is neither in this trace nor compiled")
        if len(dsts) != len(op.args):
            raise BackendError("JUMP and its LABEL differ in their number of arguments")
        parallel_move(self, self.arg_locs(op.args), dsts, self.ra.move_slot())
        if local is not None:
            self.emit_jump_to_label(local.label)
        else:
            assert descr is not None
            self.emit_jump_to_address(self.cpu.targets[descr].address)

    def new_exit(self, op: ResOperation, values: list[AbstractValue]) -> int:
        if op.descr is None:
            raise BackendError(op.opname() + " needs a descr")
        return self.cpu.new_exit(op.descr, values)

    def emit_finish(self, op: ResOperation) -> None:
        number = self.new_exit(op, op.args)
        self.move_to_exit_slots(self.ra.exit_locs(op.args))
        self.emit_exit_number(number)
        # The epilogue is emitted right after the last operation: fall into it.
        if op is not self.operations[len(self.operations) - 1]:
            self.emit_jump_to_label(self.epilogue)

    def emit_guard_no_exception(self, op: ResOperation) -> None:
        """The residual call before it raised iff the runtime's exception word is set.
        The word is left set: the JIT runtime fetches the exception from it once the
        guard has failed, before anything else is called, and resumes in the blackhole
        (no bridge is ever attached to this guard, so no compiled code runs with it set)."""
        self.emit_branch_if_word_set(self.cpu.exception_address, self.exit_path(op))

    def exit_path(self, op: ResOperation) -> Label:
        """The label of the guard's exit path. Called once the guard's operands are in
        registers and right before its first jump, because loading an operand may evict
        a fail_arg from its register: the exit path reads each value where it is then."""
        number = self.new_exit(op, op.fail_args)
        locs: list[Loc] = []
        for value in op.fail_args:
            if value is self.known_at_exit:
                locs.append(const_loc(ConstInt(1 if op.opnum == rop.GUARD_FALSE else 0)))
            else:
                locs.append(self.ra.loc(value))
        self.known_at_exit = None
        stub = Stub(self.buffer().new_label(), locs, number)
        self.stubs.append(stub)
        return stub.label

    def keeps_flags(self, op: ResOperation) -> bool:
        """True if the code this backend emits for `op`, register allocator moves
        included, never writes the condition flags, so that a comparison before it can
        still be tested after it. The default holds on every backend: memory accesses
        and SAME_AS are loads, stores, register moves, immediate loads (x86: `mov`,
        never `xor r, r`) and flag-free address arithmetic (x86: addressing modes;
        ARM, AArch64: add without S). A backend may add more of its own."""
        opnum = op.opnum
        return (rop.GETFIELD_GC_I <= opnum <= rop.ARRAYLEN_GC
                or rop.RAW_LOAD_I <= opnum <= rop.RAW_STORE
                or rop.SAME_AS_I <= opnum <= rop.SAME_AS_F)

    def keep_in_flags(self, i: int, op: ResOperation, cond: int) -> bool:
        """Called by a comparison `op` (operation i) right after setting the flags to
        `cond`. When a GUARD_TRUE/FALSE of `op` comes after operations that keep the
        flags, the guard branches on them (`take_fused`). Returns True when nothing but
        that guard needs `op`'s value: the backend then computes no result at all, and
        an exit that lists `op` knows it (guard_true fails on 0, guard_false on 1).
        Otherwise the backend materialises the value without touching the flags."""
        j = i + 1
        while j < len(self.operations):
            after = self.operations[j]
            if after.opnum == rop.GUARD_TRUE or after.opnum == rop.GUARD_FALSE:
                break
            if not self.keeps_flags(after):
                return False
            j += 1
        if j >= len(self.operations) or self.operations[j].args[0] is not op:
            return False
        self.fused = op
        self.fused_cond = cond
        self.fused_guard = j
        if self.ra.last_use[op] > j:
            return False
        for k in range(i + 1, j):
            for arg in self.operations[k].args:
                if arg is op:
                    return False
        return True

    def zero_test_follows(self, op: ResOperation) -> bool:
        """The next operation compares `op` with 0 for (in)equality. A backend that can
        have `op`'s own instruction set Z from the result (x86 add/sub/and/or/xor, ARM
        adds/subs) does so and calls `note_zero_flag(op)`: the comparison then emits no
        compare of its own (`take_zero_flag`)."""
        i = self.ra.position + 1
        return i < len(self.operations) and zero_compared(self.operations[i]) is op

    def note_zero_flag(self, op: ResOperation) -> None:
        self.zero_flag = op

    def take_zero_flag(self, value: AbstractValue) -> bool:
        """True if the flags' Z says whether `value` (still in its register) is 0."""
        hit = self.zero_flag is value and value in self.ra.reg_of
        self.zero_flag = None
        return hit

    def take_fused(self, arg: AbstractValue) -> int:
        """The condition a GUARD_TRUE/FALSE's argument left in the flags, or -1. The
        guard's exit path then writes the argument's value as a constant."""
        cond = -1
        if self.fused is arg:
            cond = self.fused_cond
            self.known_at_exit = arg
        self.fused = None
        return cond

    # -- calls and allocation ------------------------------------------------------------

    def arg_locs(self, args: list[AbstractValue]) -> list[Loc]:
        locs: list[Loc] = []
        for arg in args:
            locs.append(self.ra.loc(arg))
        return locs

    def finish_call(self, op: ResOperation) -> None:
        self.ra.forget_caller_saved()
        regs = self.return_regs()
        if op.kind == FLOAT:
            self.ra.bind_result(op, regs[1])
        elif op.kind != rop.VOID:
            self.ra.bind_result(op, regs[0])

    def emit_call(self, op: ResOperation) -> None:
        if not isinstance(op.descr, rop.CallDescr):
            raise BackendError(op.opname() + " needs a CallDescr")
        self.ra.spill_caller_saved()
        self.calls.emit_call(self.ra.loc(op.args[0]), self.arg_locs(op.args[1:]))
        self.finish_call(op)

    def emit_new(self, op: ResOperation) -> None:
        self.ra.spill_caller_saved()
        func = self.ra.loc(ConstInt(self.cpu.malloc_address))
        if op.opnum == rop.NEW_ARRAY:
            descr = op.descr
            if not isinstance(descr, ArrayDescr):
                raise BackendError("new_array needs an ArrayDescr")
            length = op.args[0]
            # The length must survive the call: keep it in the frame (or as a constant).
            self.ra.spill(length)
            size = self.ra.new_slot()
            self.emit_array_size(self.ra.loc(length), descr, frame_loc(size, INT))
            self.calls.emit_call(func, [frame_loc(size, INT)])
            self.ra.free_slots.append(size)
            self.emit_store_to_result(self.ra.loc(length), descr.length_offset)
        else:
            descr = op.descr
            if not isinstance(descr, SizeDescr):
                raise BackendError(op.opname() + " needs a SizeDescr")
            self.calls.emit_call(func, [self.ra.loc(ConstInt(descr.size))])
            if op.opnum == rop.NEW_WITH_VTABLE:
                self.emit_store_to_result(const_loc(ConstInt(descr.vtable)), 0)
        self.finish_call(op)
